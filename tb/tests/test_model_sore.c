/*
** Properties of the SORE golden model (tb/model/nm_sore.c), no RTL.
**
** The model is a sort; these tests prove what the sort must deliver, by
** checks written independently of it: N kept, indices strictly increasing,
** values copied bit for bit, the mask agreeing with the indices, every kept
** key >= every dropped key, and on equal keys the lower index kept.  They
** run exhaustively over small groups from a tie-heavy alphabet and randomly
** over every N:M up to M = 16 (32 in NMTEST_LONG).
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "nm_rng.h"
#include "nm_sore.h"

/* A value alphabet with every kind of tie: +-0, equal magnitudes of both
** signs, subnormals, the largest finite, +-Inf, NaNs with payloads. */
static const uint16_t kAlphabet[] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x3C00, 0xBC00, 0x4000,
    0x7BFF, 0x7C00, 0xFC00, 0x7C01, 0x7E00, 0xFFFF,
};
#define ALPHABET_N (sizeof kAlphabet / sizeof kAlphabet[0])

/* One group's inputs and the model's answer. */
typedef struct {
  uint16_t vals[NM_SORE_M_LIMIT];
  int n, m;
  uint16_t kept_vals[NM_SORE_M_LIMIT];
  uint8_t kept_idx[NM_SORE_M_LIMIT];
  uint32_t mask;
} group;

/* Print a failing group so it can be replayed by hand. */
static void print_group(const group *g, const char *what) {
  fprintf(stderr, "model-sore: %s; N:M %d:%d, vals =", what, g->n, g->m);
  for (int i = 0; i < g->m; i++) fprintf(stderr, " 0x%04x", g->vals[i]);
  fprintf(stderr, "; seed %llu, rerun: NMTEST_SEED=%llu build/tests/test_model_sore\n",
              (unsigned long long)tu_seed(), (unsigned long long)tu_seed());
}

/* Every property of one answer; returns NULL or what is wrong. */
static const char *check_group(const group *g) {
  uint32_t from_idx = 0;
  int pop = 0;
  for (int i = 0; i < g->m; i++) pop += (int)(g->mask >> i & 1u);
  if (pop != g->n) return "mask popcount != N";
  if (g->m < 32 && g->mask >> g->m) return "mask bit set at or above M";  /* >> 32 is UB */
  for (int k = 0; k < g->n; k++) {
    if (g->kept_idx[k] >= g->m) return "kept index >= M";
    if (k > 0 && g->kept_idx[k] <= g->kept_idx[k - 1]) return "kept indices not increasing";
    if (g->kept_vals[k] != g->vals[g->kept_idx[k]]) return "kept value not the input's bits";
    from_idx |= 1u << g->kept_idx[k];
  }
  if (from_idx != g->mask) return "mask differs from the kept indices";
  /* Selection: kept i vs dropped j: key_i > key_j, or equal keys and i < j. */
  for (int i = 0; i < g->m; i++) {
    if (!(g->mask >> i & 1u)) continue;
    for (int j = 0; j < g->m; j++) {
      if (g->mask >> j & 1u) continue;
      uint16_t ki = nm_sore_key(g->vals[i]), kj = nm_sore_key(g->vals[j]);
      if (ki < kj) return "a dropped key is larger than a kept one";
      if (ki == kj && j < i) return "tie went to the higher index";
    }
  }
  return NULL;
}

/* Run the model on g and check it; fails the test with a replayable report. */
static void run_and_check(group *g) {
  memset(g->kept_vals, 0xAA, sizeof g->kept_vals);
  memset(g->kept_idx, 0xAA, sizeof g->kept_idx);
  ck_assert_int_eq(nm_sore_group(g->vals, g->n, g->m, g->kept_vals, g->kept_idx, &g->mask), 0);
  const char *why = check_group(g);
  if (why) print_group(g, why);
  ck_assert_msg(why == NULL, "%s (N:M %d:%d, seed %llu)", why, g->n, g->m,
                (unsigned long long)tu_seed());
}

START_TEST(every_group_up_to_m4_over_tie_alphabet_has_all_properties) {
  /* All 14^M groups for M <= 4, every N: 40k groups, ~100k answers. */
  group g;
  for (int m = 1; m <= 4; m++) {
    long total = 1;
    for (int i = 0; i < m; i++) total *= (long)ALPHABET_N;
    for (long code = 0; code < total; code++) {
      long c = code;
      for (int i = 0; i < m; i++, c /= (long)ALPHABET_N) g.vals[i] = kAlphabet[c % (long)ALPHABET_N];
      for (int n = 1; n <= m; n++) {
        g.n = n, g.m = m;
        run_and_check(&g);
      }
    }
  }
}
END_TEST

/* A random value: alphabet, small integers (ties), or any 16 bits. */
static uint16_t random_value(nm_rng *r) {
  switch (nm_rng_below(r, 3)) {
    case 0: return kAlphabet[nm_rng_below(r, ALPHABET_N)];
    case 1: return (uint16_t)((nm_rng_below(r, 2) << 15) | (0x3C00 + (nm_rng_below(r, 4) << 10)));
    default: return (uint16_t)nm_rng_u32(r);
  }
}

START_TEST(random_groups_every_nm_have_all_properties) {
  nm_rng r;
  group g;
  const int mlim = tu_long() ? NM_SORE_M_LIMIT : 16;
  const size_t per_nm = tu_count(2000);
  nm_rng_seed(&r, tu_seed());
  for (int m = 1; m <= mlim; m++)
    for (int n = 1; n <= m; n++)
      for (size_t k = 0; k < per_nm; k++) {
        for (int i = 0; i < m; i++) g.vals[i] = random_value(&r);
        g.n = n, g.m = m;
        run_and_check(&g);
      }
}
END_TEST

START_TEST(known_answers_nan_inf_zero_ties_and_subnormals) {
  /* {vals}, n, m -> mask; written by hand from the contract. */
  static const struct {
    uint16_t v[8];
    int n, m;
    uint32_t mask;
  } cases[] = {
      {{0x3C00, 0x3C00, 0x3C00, 0x3C00}, 2, 4, 0x3},        /* all equal: lowest indices */
      {{0x0000, 0x8000, 0x0000, 0x8000}, 1, 4, 0x1},        /* +0 == -0 */
      {{0x8000, 0x0000, 0x0001, 0x0000}, 2, 4, 0x5},        /* subnormal beats zeros; tie -> idx 0 */
      {{0x7BFF, 0x7C00, 0xFC00, 0x7E00}, 2, 4, 0xA},        /* NaN > Inf (idx 1 wins over -Inf) */
      {{0xBC00, 0x3C00, 0x4000, 0xC000}, 2, 4, 0xC},        /* keys 1,1,2,2: both 2s kept */
      {{0xFFFF, 0x7E00, 0x7C01, 0x7C00}, 1, 4, 0x1},        /* NaN payloads order: 0x7FFF largest */
      {{0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008}, 3, 8, 0xE0},
      {{0x1234, 0x4321}, 2, 2, 0x3},                          /* N == M keeps all */
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    uint16_t kv[8];
    uint8_t ki[8];
    uint32_t mask = 0;
    ck_assert_int_eq(nm_sore_group(cases[c].v, cases[c].n, cases[c].m, kv, ki, &mask), 0);
    ck_assert_msg(mask == cases[c].mask, "case %zu: mask 0x%x, expected 0x%x", c, (unsigned)mask,
                  (unsigned)cases[c].mask);
  }
}
END_TEST

START_TEST(bad_n_or_m_is_refused_and_outputs_untouched) {
  static const int bad[][2] = {{0, 4}, {5, 4}, {-1, 4}, {1, 0}, {0, 0}, {1, 33}, {33, 33}};
  uint16_t v[40] = {0}, kv[40];
  uint8_t ki[40];
  for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
    uint32_t mask = 0xDEADBEEF;
    kv[0] = 0x5555, ki[0] = 0x55;
    ck_assert_int_eq(nm_sore_group(v, bad[c][0], bad[c][1], kv, ki, &mask), -1);
    ck_assert_int_eq(nm_sore_nm_ok(bad[c][0], bad[c][1]), 0);
    ck_assert(mask == 0xDEADBEEF && kv[0] == 0x5555 && ki[0] == 0x55);
  }
  ck_assert_int_eq(nm_sore_nm_ok(32, 32), 1);
  ck_assert_int_eq(nm_sore_nm_ok(1, 1), 1);
}
END_TEST

static Suite *model_sore_suite(void) {
  const TTest *tests[] = {known_answers_nan_inf_zero_ties_and_subnormals,
                          bad_n_or_m_is_refused_and_outputs_untouched,
                          every_group_up_to_m4_over_tie_alphabet_has_all_properties,
                          random_groups_every_nm_have_all_properties, NULL};
  return check_suite("model_sore", "properties", 600, tests);
}

const check_prog check_program = {.name = "test_model_sore", .suite = model_sore_suite};
