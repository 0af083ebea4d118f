/*
** RTL vs golden model, bit for bit, for SORE (nm_sore).
**
** Every linked model (see sim/sore.mk: serial and parallel at MMAX 2, 4, 5,
** 8, 16 with 1..4 lanes) gets seeded streams of groups: every N:M with
** M <= MMAX, values full of ties (small integers, repeated values, +-0),
** NaN/Inf, subnormals, and garbage in the elements >= M.  The kept values,
** indices and mask of every lane of every group must equal the model's; the
** serial and parallel engines of one variant must give identical bits on the
** same stream.  The driver checks the stream protocol on every cycle: output
** held while stalled, nothing lost, duplicated or invented, cfg_err_o exact,
** bad N:M refused, no hang, and busy_o low once the engine is empty.
**
**   NMTEST_SORE_GROUPS=G  groups per model (default 100000; make
**                         regress-sore uses 10^6); NMTEST_QUICK divides by 20
**   NMTEST_ONLY_CFG=V     only the models of variant or configuration V
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dut_sore.h"
#include "nm_rng.h"
#include "nm_sore.h"

#define MAX_SLOTS (DUT_SORE_MAX_LANES * DUT_SORE_MAX_MMAX)
#define CHUNK_BEATS 4096    /* beats generated, run and checked at a time */
#define MAX_REPORT 8

/* ---- streams ------------------------------------------------------------ */

/* Inputs of a run of beats; element j of lane l of beat b at
** in[(b*lanes + l)*mmax + j]. */
typedef struct {
  int lanes, mmax;
  size_t nbeats;
  uint8_t n[CHUNK_BEATS], m[CHUNK_BEATS];
  uint16_t *in;
} stream;

/* Outputs of a run: slot k of lane l of beat b at [(b*lanes + l)*mmax + k]. */
typedef struct {
  uint16_t *vals;
  uint8_t *idx;
  uint32_t *mask;  /* [b*lanes + l] */
} result;

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n, size);
  ck_assert_msg(p != NULL, "out of memory");
  return p;
}

static void result_alloc(result *r, int lanes, int mmax) {
  size_t slots = (size_t)CHUNK_BEATS * lanes * mmax;
  r->vals = xcalloc(slots, sizeof *r->vals);
  r->idx = xcalloc(slots, sizeof *r->idx);
  r->mask = xcalloc((size_t)CHUNK_BEATS * lanes, sizeof *r->mask);
}

static void result_free(result *r) {
  free(r->vals), free(r->idx), free(r->mask);
  memset(r, 0, sizeof *r);
}

/* Values whose order is hard: small integers (+-0..4, ties galore). */
static uint16_t small_int(nm_rng *r) {
  static const uint16_t mag[] = {0x0000, 0x3C00, 0x4000, 0x4200, 0x4400};
  return (uint16_t)(mag[nm_rng_below(r, 5)] | nm_rng_below(r, 2) << 15);
}

/* Specials and their neighbours: NaNs (payloads), Inf, max finite,
** subnormals, zeros, 1.0 -- all of either sign. */
static uint16_t special(nm_rng *r) {
  static const uint16_t mag[] = {0x7E00, 0x7C01, 0x7FFF, 0x7C00, 0x7BFF, 0x0001,
                                 0x03FF, 0x0200, 0x0000, 0x0400, 0x3C00};
  return (uint16_t)(mag[nm_rng_below(r, 11)] | nm_rng_below(r, 2) << 15);
}

/* One group of m values (then garbage up to mmax), in one of six moods. */
static void gen_group(nm_rng *r, uint16_t *g, int m, int mmax) {
  uint16_t pool[3];
  int mood = (int)nm_rng_below(r, 6);
  for (int k = 0; k < 3; k++) pool[k] = (uint16_t)nm_rng_u32(r);
  for (int j = 0; j < m; j++) {
    switch (mood) {
      case 0: g[j] = small_int(r); break;
      case 1: g[j] = (uint16_t)(pool[nm_rng_below(r, 2)] ^ nm_rng_below(r, 2) << 15); break;
      case 2: g[j] = nm_rng_below(r, 2) ? special(r) : small_int(r); break;
      case 3: g[j] = (uint16_t)(nm_rng_below(r, 0x400) | nm_rng_below(r, 2) << 15); break;
      case 4: g[j] = (uint16_t)(pool[0] + nm_rng_below(r, 3)); break;  /* near ties */
      default: g[j] = (uint16_t)nm_rng_u32(r); break;
    }
  }
  for (int j = m; j < mmax; j++) g[j] = (uint16_t)nm_rng_u32(r);  /* must be ignored */
}

/* The k-th (n, m) of all pairs 1 <= n <= m <= mmax, m-major. */
static void nm_pair(int k, int mmax, int *n, int *m) {
  for (int mm = 1; mm <= mmax; mm++) {
    if (k < mm) {
      *n = k + 1, *m = mm;
      return;
    }
    k -= mm;
  }
  *n = *m = mmax;
}

/* Fill s with nbeats beats; beat b0+i uses pair (b0+i) while that covers
** every pair once, random pairs after. */
static void gen_stream(nm_rng *r, stream *s, size_t b0, size_t nbeats) {
  const int pairs = s->mmax * (s->mmax + 1) / 2, slots = s->lanes * s->mmax;
  s->nbeats = nbeats;
  for (size_t b = 0; b < nbeats; b++) {
    int n, m, k = b0 + b < (size_t)pairs ? (int)(b0 + b) : (int)nm_rng_below(r, (uint32_t)pairs);
    nm_pair(k, s->mmax, &n, &m);
    s->n[b] = (uint8_t)n, s->m[b] = (uint8_t)m;
    for (int l = 0; l < s->lanes; l++) gen_group(r, s->in + b * slots + l * s->mmax, m, s->mmax);
  }
}

/* The model's answer, in the engine's output layout (slots >= N are 0). */
static void model_stream(const stream *s, result *e) {
  const int mm = s->mmax, slots = s->lanes * mm;
  memset(e->vals, 0, s->nbeats * slots * sizeof *e->vals);
  memset(e->idx, 0, s->nbeats * slots * sizeof *e->idx);
  for (size_t b = 0; b < s->nbeats; b++)
    for (int l = 0; l < s->lanes; l++) {
      size_t o = b * slots + l * mm;
      int rc = nm_sore_group(s->in + o, s->n[b], s->m[b], e->vals + o, e->idx + o,
                             &e->mask[b * s->lanes + l]);
      ck_assert_int_eq(rc, 0);
    }
}

/* ---- the cycle-level driver ----------------------------------------------- */

/* Traffic shape, in percent: idle cycles before a beat, a refused bad-N:M
** offer before a beat, out_ready low (stalls lasting 1..burst cycles). */
typedef struct {
  int p_gap, p_bad, p_stall, burst;
  const char *name;
} traffic;

static const traffic kTraffic[] = {
    {0, 0, 0, 1, "full speed"},
    {10, 2, 30, 3, "random stalls"},
    {5, 1, 50, 40, "bursty stalls"},
    {40, 5, 10, 2, "sparse input"},
};
#define TRAFFIC_N (sizeof kTraffic / sizeof kTraffic[0])

static int pct(nm_rng *r, int p) { return (int)nm_rng_below(r, 100) < p; }

/* What nm_sore must answer on cfg_err_o for the driven (n, m). */
static int bad_nm(unsigned n, unsigned m, int mmax) {
  return !(n >= 1 && n <= m && m <= (unsigned)mmax);
}

/* A random (n, m) that fits the ports and is bad. */
static void pick_bad(nm_rng *r, int bits, int mmax, unsigned *n, unsigned *m) {
  do {
    *n = nm_rng_below(r, 1u << bits), *m = nm_rng_below(r, 1u << bits);
  } while (!bad_nm(*n, *m, mmax));
}

/* Per-run driver state. */
typedef struct {
  dut_sore *d;
  int lanes, mmax, bits, slots;
  nm_rng *r;
  uint16_t garbage[MAX_SLOTS];
  int held;                                  /* last cycle: out_valid && !out_ready */
  uint16_t hv[MAX_SLOTS];                    /* the output beat that must hold */
  uint8_t hi[MAX_SLOTS];
  uint32_t hm[DUT_SORE_MAX_LANES];
} driver;

/* One cycle; checks the per-cycle protocol rules.  Returns 0 or -1 with why. */
static int drive_cycle(driver *v, dut_sore_in *di, int bad, dut_sore_seen *seen, char *why,
                       size_t whylen) {
  v->garbage[nm_rng_below(v->r, (uint32_t)v->slots)] = (uint16_t)nm_rng_u32(v->r);
  if (!di->in_vals) di->in_vals = v->garbage;
  dut_sore_cycle(v->d, di, seen);
  if (seen->cfg_err != bad_nm(di->n, di->m, v->mmax)) {
    snprintf(why, whylen, "cfg_err_o = %d for N:M %u:%u", seen->cfg_err, di->n, di->m);
    return -1;
  }
  if (bad && seen->in_ready) {
    snprintf(why, whylen, "in_ready_o with the bad N:M %u:%u", di->n, di->m);
    return -1;
  }
  if (v->held) {
    uint16_t cv[MAX_SLOTS];
    uint8_t ci[MAX_SLOTS];
    uint32_t cm[DUT_SORE_MAX_LANES];
    if (!seen->out_valid) {
      snprintf(why, whylen, "out_valid_o dropped while the output was stalled");
      return -1;
    }
    dut_sore_out(v->d, cv, ci, cm);
    if (memcmp(cv, v->hv, v->slots * sizeof *cv) || memcmp(ci, v->hi, v->slots) ||
        memcmp(cm, v->hm, v->lanes * sizeof *cm)) {
      snprintf(why, whylen, "output beat changed while stalled");
      return -1;
    }
  }
  v->held = seen->out_valid && !di->out_ready;
  if (v->held) dut_sore_out(v->d, v->hv, v->hi, v->hm);
  return 0;
}

/* Run the beats of s through the engine with traffic t; outputs into got.
** Returns 0, or -1 with a one-line protocol violation in why. */
static int run_stream(driver *v, const stream *s, const traffic *t, result *got, char *why,
                      size_t whylen) {
  size_t in = 0, out = 0;
  int gap = pct(v->r, t->p_gap), bad_left = pct(v->r, t->p_bad) ? 3 : 0, stall = 0;
  int stuck = 0, offer_n = 0;
  unsigned bn = 0, bm = 0;
  const int hang = 8 * v->mmax + 64;
  v->held = 0;
  while (out < s->nbeats) {
    dut_sore_in di = {1, 0, 0, 0, NULL, 1};
    dut_sore_seen seen;
    int offering = 0, bad = 0;
    if (in < s->nbeats && !gap && bad_left) {
      if (bad_left == 3) pick_bad(v->r, v->bits, v->mmax, &bn, &bm);
      bad = 1, di.in_valid = 1, di.n = bn, di.m = bm;
    } else if (in < s->nbeats && !gap) {
      offering = 1, di.in_valid = 1, di.n = s->n[in], di.m = s->m[in];
      di.in_vals = s->in + in * v->slots;
    } else {
      di.n = nm_rng_below(v->r, 1u << v->bits), di.m = nm_rng_below(v->r, 1u << v->bits);
    }
    if (stall) {
      stall--, di.out_ready = 0;
    } else if (pct(v->r, t->p_stall)) {
      stall = (int)nm_rng_below(v->r, (uint32_t)t->burst), di.out_ready = 0;
    }
    if (drive_cycle(v, &di, bad, &seen, why, whylen)) return -1;
    int progress = 0;
    if (seen.out_valid && out >= in) {
      snprintf(why, whylen, "out_valid_o with no group in flight (%zu in, %zu out)", in, out);
      return -1;
    }
    if (seen.out_valid && di.out_ready) {
      size_t o = out * v->slots;
      dut_sore_out(v->d, got->vals + o, got->idx + o, got->mask + out * v->lanes);
      out++, progress = 1;
    }
    if (offering && seen.in_ready) {
      in++, progress = 1, offer_n = 0;
      gap = pct(v->r, t->p_gap) ? 1 + (int)nm_rng_below(v->r, 4) : 0;
      bad_left = pct(v->r, t->p_bad) ? 3 : 0;
    } else if (offering) {
      offer_n++;
    } else if (bad) {
      bad_left--;  /* a refused offer is withdrawn after 3 cycles */
    } else if (gap) {
      gap--;
    }
    /* A hang: many ready cycles with work to do and no handshake. */
    if (progress || (!offering && out == in))
      stuck = 0;
    else if (di.out_ready)
      stuck++;
    if (stuck > hang) {
      snprintf(why, whylen, "hang: no handshake for %d ready cycles (%zu in, %zu out, offered "
               "for %d cycles)", stuck, in, out, offer_n);
      return -1;
    }
  }
  /* Everything is out: nothing more may come, and the engine must go idle. */
  for (int k = 0; k < 4 * v->mmax + 8; k++) {
    dut_sore_in di = {1, 1, 1, 0, NULL, (int)nm_rng_below(v->r, 2)};
    dut_sore_seen seen;
    if (drive_cycle(v, &di, 0, &seen, why, whylen)) return -1;
    if (seen.out_valid) {
      snprintf(why, whylen, "extra out_valid_o after all %zu groups were out", s->nbeats);
      return -1;
    }
    if (k == 4 * v->mmax + 7 && seen.busy) {
      snprintf(why, whylen, "busy_o still set with the engine empty");
      return -1;
    }
  }
  return 0;
}

/* ---- comparison and reports ----------------------------------------------- */

/* Compare a run with the reference (model or the other architecture); print
** up to MAX_REPORT mismatches with the group's inputs.  Returns the count. */
static size_t compare(const char *tensor, const char *model, const char *variant, const stream *s,
                      size_t b0, const result *exp, const result *got, size_t *reported) {
  size_t bad = 0;
  const int mm = s->mmax, slots = s->lanes * mm;
  for (size_t b = 0; b < s->nbeats; b++)
    for (int l = 0; l < s->lanes; l++)
      for (int k = -1; k < mm; k++) {  /* k = -1: the mask */
        size_t o = b * slots + l * mm + (k < 0 ? 0 : k);
        uint32_t e = k < 0 ? exp->mask[b * s->lanes + l] : exp->vals[o];
        uint32_t g = k < 0 ? got->mask[b * s->lanes + l] : got->vals[o];
        const char *what = k < 0 ? "mask" : "kept_vals";
        if (e == g && k >= 0) e = exp->idx[o], g = got->idx[o], what = "kept_idx";
        if (e == g) continue;
        if (bad++, *reported >= MAX_REPORT) continue;
        (*reported)++;
        fprintf(stderr, "MISMATCH %s[%s] %s lane %d group %zu (beat %zu)", tensor, model, what, l,
                (b0 + b) * s->lanes + l, b0 + b);
        if (k >= 0) fprintf(stderr, " slot %d", k);
        fprintf(stderr, ": expected 0x%04x got 0x%04x; N:M %d:%d, group =", (unsigned)e,
                (unsigned)g, s->n[b], s->m[b]);
        for (int j = 0; j < s->m[b]; j++) fprintf(stderr, " 0x%04x", s->in[b * slots + l * mm + j]);
        fprintf(stderr, "\n  seed %llu; rerun: NMTEST_SEED=%llu NMTEST_ONLY_CFG=%s%s "
                "build/tests/test_rtl_sore\n", (unsigned long long)tu_seed(),
                (unsigned long long)tu_seed(), variant, tu_quick() ? " NMTEST_QUICK=1" : "");
      }
  return bad;
}

/* ---- per variant ------------------------------------------------------------ */

static int selected(size_t i, char *variant, size_t len) {
  const char *name = dut_sore_name(i), *slash = strchr(name, '/');
  size_t vl = slash ? (size_t)(slash - name) : strlen(name);
  snprintf(variant, len, "%.*s", (int)vl, name);
  const char *only = tu_only_cfg();
  return !only || strcmp(only, variant) == 0 || strcmp(only, dut_sore_cfg(i)) == 0;
}

static size_t groups_per_model(void) {
  const char *v = getenv("NMTEST_SORE_GROUPS");
  size_t g = v && *v ? (size_t)strtoull(v, NULL, 0) : 100000;
  return tu_count(g);
}

/* The models of one variant (its serial and parallel engines), opened. */
typedef struct {
  char variant[64];
  size_t idx[4];
  dut_sore *d[4];
  int count, lanes, mmax, bits;
} variant_set;

/* Collect the models whose variant is that of model `first`. */
static void open_variant(size_t first, variant_set *vs) {
  char v[64];
  memset(vs, 0, sizeof *vs);
  selected(first, vs->variant, sizeof vs->variant);
  for (size_t i = first; i < dut_sore_count() && vs->count < 4; i++) {
    selected(i, v, sizeof v);
    if (strcmp(v, vs->variant) != 0) continue;
    vs->idx[vs->count] = i;
    vs->d[vs->count] = dut_sore_open(i);
    ck_assert_msg(vs->d[vs->count] != NULL, "cannot open model %s", dut_sore_name(i));
    vs->count++;
  }
  vs->lanes = dut_sore_lanes(first), vs->mmax = dut_sore_mmax(first);
  vs->bits = dut_sore_nm_bits(first);
}

static void close_variant(variant_set *vs) {
  for (int k = 0; k < vs->count; k++) dut_sore_close(vs->d[k]);
}

/* First model index of each selected variant, in registry order; returns count. */
static size_t variant_heads(size_t *heads, size_t cap) {
  size_t nh = 0;
  char v[64], w[64];
  for (size_t i = 0; i < dut_sore_count(); i++) {
    if (!selected(i, v, sizeof v)) continue;
    int seen = 0;
    for (size_t h = 0; h < nh; h++) {
      selected(heads[h], w, sizeof w);
      seen |= strcmp(v, w) == 0;
    }
    if (!seen && nh < cap) heads[nh++] = i;
  }
  return nh;
}

/* Stream `groups` groups through every (open) engine of a variant, traffic
** mixes rotating per chunk (or fixed `only_traffic` >= 0); every engine vs
** the model and every engine vs the first. */
static void check_streams(variant_set *vsp, size_t groups, int only_traffic) {
  variant_set vs = *vsp;
  nm_rng r;
  stream s = {vs.lanes, vs.mmax, 0, {0}, {0}, NULL};
  result exp, got[4];
  char why[256], tensor[32] = "sore";
  size_t reported = 0, beats = (groups + vs.lanes - 1) / vs.lanes;
  double t0 = tu_now();
  s.in = xcalloc((size_t)CHUNK_BEATS * vs.lanes * vs.mmax, sizeof *s.in);
  result_alloc(&exp, vs.lanes, vs.mmax);
  for (int k = 0; k < vs.count; k++) result_alloc(&got[k], vs.lanes, vs.mmax);
  nm_rng_seed(&r, tu_seed() * 0x9E3779B97F4A7C15u ^ (uint64_t)(vs.mmax * 100 + vs.lanes));
  driver drv = {NULL, vs.lanes, vs.mmax, vs.bits, vs.lanes * vs.mmax, &r, {0}, 0, {0}, {0}, {0}};
  for (size_t b0 = 0, c = 0; b0 < beats; b0 += s.nbeats, c++) {
    size_t nb = beats - b0 < CHUNK_BEATS ? beats - b0 : CHUNK_BEATS;
    const traffic *t = &kTraffic[only_traffic >= 0 ? (size_t)only_traffic : c % TRAFFIC_N];
    gen_stream(&r, &s, b0, nb);
    model_stream(&s, &exp);
    for (int k = 0; k < vs.count; k++) {
      const char *name = dut_sore_name(vs.idx[k]);
      drv.d = vs.d[k];
      int rc = run_stream(&drv, &s, t, &got[k], why, sizeof why);
      ck_assert_msg(rc == 0, "%s, %s traffic, beats %zu..: %s (seed %llu; rerun: NMTEST_SEED=%llu "
                    "NMTEST_ONLY_CFG=%s build/tests/test_rtl_sore)", name, t->name, b0, why,
                    (unsigned long long)tu_seed(), (unsigned long long)tu_seed(), vs.variant);
      size_t bad = compare(tensor, name, vs.variant, &s, b0, &exp, &got[k], &reported);
      ck_assert_msg(bad == 0, "%s: %zu outputs differ from the model (%s traffic, seed %llu)",
                    name, bad, t->name, (unsigned long long)tu_seed());
      if (k > 0) {
        char pair[96];
        snprintf(pair, sizeof pair, "%s vs %s", name, dut_sore_name(vs.idx[0]));
        bad = compare(tensor, pair, vs.variant, &s, b0, &got[0], &got[k], &reported);
        ck_assert_msg(bad == 0, "%s: %zu outputs differ", pair, bad);
      }
    }
  }
  printf("sore %-11s MMAX %2d lanes %d: %zu groups x %d engines bit-exact (%s), %llu cycles, "
         "%.1f s\n", vs.variant, vs.mmax, vs.lanes, beats * vs.lanes, vs.count,
         vs.count > 1 ? "serial == parallel" : "one engine",
         (unsigned long long)dut_sore_cycles(vs.d[0]), tu_now() - t0);
  for (int k = 0; k < vs.count; k++) result_free(&got[k]);
  result_free(&exp);
  free(s.in);
}

static void run_variant(size_t head, size_t groups, int only_traffic) {
  variant_set vs;
  open_variant(head, &vs);
  check_streams(&vs, groups, only_traffic);
  close_variant(&vs);
}

/* ---- tests ------------------------------------------------------------------ */

START_TEST(every_nm_ties_specials_match_model_and_serial_equals_parallel) {
  size_t heads[32], nh = variant_heads(heads, 32);
  ck_assert_msg(nh > 0, "no linked SORE model selected");
  for (size_t h = 0; h < nh; h++) run_variant(heads[h], groups_per_model(), -1);
}
END_TEST

START_TEST(random_output_stalls_never_lose_or_duplicate_a_group) {
  size_t heads[32], nh = variant_heads(heads, 32);
  for (size_t h = 0; h < nh; h++) {
    run_variant(heads[h], tu_count(20000), 1);
    run_variant(heads[h], tu_count(20000), 2);
  }
}
END_TEST

/* Every (n, m) the ports can carry: cfg_err_o exact; a bad one is refused
** for many cycles (in_ready_o low, nothing comes out); a good one is taken. */
START_TEST(bad_nm_raises_cfg_err_and_is_never_accepted) {
  for (size_t i = 0; i < dut_sore_count(); i++) {
    char v[64], why[256];
    if (!selected(i, v, sizeof v)) continue;
    nm_rng r;
    nm_rng_seed(&r, tu_seed());
    dut_sore *d = dut_sore_open(i);
    ck_assert(d != NULL);
    const int mmax = dut_sore_mmax(i), bits = dut_sore_nm_bits(i);
    driver drv = {d, dut_sore_lanes(i), mmax, bits, dut_sore_lanes(i) * mmax, &r, {0}, 0, {0}, {0}, {0}};
    for (unsigned n = 0; n < 1u << bits; n++)
      for (unsigned m = 0; m < 1u << bits; m++) {
        int bad = bad_nm(n, m, mmax), rc = 0;
        for (int k = 0; k < (bad ? 2 * mmax + 4 : 1) && rc == 0; k++) {
          dut_sore_in di = {1, n, m, bad, NULL, 1};
          dut_sore_seen seen;
          rc = drive_cycle(&drv, &di, bad, &seen, why, sizeof why);
          if (rc == 0 && seen.out_valid) {
            snprintf(why, sizeof why, "out_valid_o after a refused N:M %u:%u", n, m);
            rc = -1;
          }
        }
        ck_assert_msg(rc == 0, "%s: %s (seed %llu)", dut_sore_name(i), why,
                      (unsigned long long)tu_seed());
      }
    dut_sore_close(d);
  }
}
END_TEST

/* Back-to-back groups of one N:M with out_ready high: the offered beat's
** acceptance cycle and its output cycle. */
static void timing_of(dut_sore *d, int lanes, int mmax, int n, int m, int beats,
                      uint64_t *accept_span, uint64_t *latency) {
  uint16_t vals[MAX_SLOTS] = {0};
  uint64_t last_acc = 0, first_out = 0;  /* cycles counted from the first offer */
  int in = 0, out = 0;
  (void)mmax, (void)lanes;
  for (uint64_t c = 0; out < beats && c < 100000; c++) {
    dut_sore_in di = {1, (unsigned)n, (unsigned)m, in < beats, vals, 1};
    dut_sore_seen seen;
    dut_sore_cycle(d, &di, &seen);
    if (seen.out_valid && out++ == 0) first_out = c;
    if (di.in_valid && seen.in_ready) last_acc = c, in++;
  }
  *accept_span = last_acc + 1;
  *latency = first_out;
}

START_TEST(throughput_and_latency_are_the_architectures) {
  for (size_t i = 0; i < dut_sore_count(); i++) {
    char v[64];
    if (!selected(i, v, sizeof v)) continue;
    const int mmax = dut_sore_mmax(i), lanes = dut_sore_lanes(i);
    const int serial = strcmp(dut_sore_arch(i), "serial") == 0;
    for (int m = 1; m <= mmax; m++)
      for (int n = 1; n <= m; n++) {
        dut_sore *d = dut_sore_open(i);
        ck_assert(d != NULL);
        uint64_t span, lat;
        const int beats = 16;
        timing_of(d, lanes, mmax, n, m, beats, &span, &lat);
        /* serial: a group every M cycles, out M + N + 1 cycles after it was
        ** first offered; parallel: a group a cycle, out 2 cycles later. */
        const uint64_t want_span = serial ? (uint64_t)beats * m : (uint64_t)beats;
        const uint64_t want_lat = serial ? (uint64_t)(m + n + 1) : 2;
        ck_assert_msg(span == want_span && lat == want_lat,
                      "%s N:M %d:%d: %d groups took %llu cycles (want %llu), latency %llu (want %llu)",
                      dut_sore_name(i), n, m, beats, (unsigned long long)span,
                      (unsigned long long)want_span, (unsigned long long)lat,
                      (unsigned long long)want_lat);
        dut_sore_close(d);
      }
  }
}
END_TEST

/* Reset with groups in flight: the engine empties at once and then works. */
START_TEST(reset_mid_stream_empties_the_engine) {
  for (size_t i = 0; i < dut_sore_count(); i++) {
    char v[64];
    if (!selected(i, v, sizeof v)) continue;
    const int mmax = dut_sore_mmax(i);
    dut_sore *d = dut_sore_open(i);
    ck_assert(d != NULL);
    uint16_t vals[MAX_SLOTS] = {0};
    dut_sore_seen seen;
    for (int c = 0; c < 3 * mmax + 3; c++) {  /* fill it, output stalled */
      dut_sore_in di = {1, 1, (unsigned)mmax, 1, vals, 0};
      dut_sore_cycle(d, &di, &seen);
    }
    ck_assert_msg(seen.busy, "%s: not busy with groups in flight", dut_sore_name(i));
    dut_sore_in rst = {0, 1, (unsigned)mmax, 1, vals, 0};
    dut_sore_cycle(d, &rst, &seen);
    dut_sore_in idle = {1, 1, (unsigned)mmax, 0, vals, 1};
    dut_sore_cycle(d, &idle, &seen);
    ck_assert_msg(!seen.out_valid && !seen.busy, "%s: out_valid_o %d busy_o %d after reset",
                  dut_sore_name(i), seen.out_valid, seen.busy);
    /* ...and the same instance is exact again at once. */
    variant_set vs = {"", {i}, {d}, 1, dut_sore_lanes(i), mmax, dut_sore_nm_bits(i)};
    selected(i, vs.variant, sizeof vs.variant);
    check_streams(&vs, tu_count(2000), 1);
    dut_sore_close(d);
  }
}
END_TEST

static Suite *rtl_sore_suite(void) {
  const TTest *tests[] = {throughput_and_latency_are_the_architectures,
                          bad_nm_raises_cfg_err_and_is_never_accepted,
                          reset_mid_stream_empties_the_engine,
                          random_output_stalls_never_lose_or_duplicate_a_group,
                          every_nm_ties_specials_match_model_and_serial_equals_parallel, NULL};
  return check_suite("rtl_sore", "engine", 3600, tests);
}

/* The names NMTEST_ONLY_CFG may give: each model's config, then its variant. */
static const char *filter_name(size_t i) {
  static char variant[64];
  if (i < dut_sore_count()) return dut_sore_cfg(i);
  selected(i - dut_sore_count(), variant, sizeof variant);
  return variant;
}

/* Each model is named twice (its config, its variant): 2 names a model. */
static size_t filter_count(void) { return 2 * dut_sore_count(); }

const check_prog check_program = {.name = "test_rtl_sore", .suite = rtl_sore_suite,
                                   .cfg_count = filter_count, .cfg_name = filter_name};
