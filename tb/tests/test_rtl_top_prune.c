/*
** test_rtl_top, PRUNE (rtl_top_harness.h; the suite is test_rtl_top.c).
** PRUNE through nm_top's front door: random N:M over SORE's buffers against
** the model, all three out regions checked; bad fields refused, nothing touched.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "nm_sore.h"
#include "rtl_top_harness.h"

#define SLANES NM_SORE_LANES
#define SDEPTH NM_SORE_BUF_DEPTH

/* Bit lsb.. of a snapshot word of region id (fields never straddle subwords). */
static uint32_t snap_bits(const uint32_t *s, int id, int bank, int word, nm_layout_loc f) {
  return s[snap_at(id, bank, word, f.lsb / 32)] >> (f.lsb % 32) & (uint32_t)((1ull << f.width) - 1u);
}

static void snap_or(uint32_t *s, int id, int bank, int word, nm_layout_loc f, uint32_t v) {
  s[snap_at(id, bank, word, f.lsb / 32)] |= v << (f.lsb % 32);
}

/* Expected out regions after PRUNE of beats words from base with N:M (the
** bit positions of nm_layout's SORE fields; bank and word are the lane's). */
static void prune_expect(const uint32_t *in, int beats, int base, int n, int m, uint32_t *val,
                         uint32_t *idx, uint32_t *mask) {
  nm_layout_cfg L = nm_layout_here();
  for (int l = 0; l < SLANES; l++)
    for (int b = 0; b < beats; b++) {
      int word = base + b;
      uint16_t v[16], kv[16];
      uint8_t ki[16];
      uint32_t mk = 0;
      for (int e = 0; e < NM_MMAX; e++)
        v[e] = (uint16_t)snap_bits(in, NM_REGION_SORE_IN, l, word,
                                   nm_layout_sore(&L, NMF_SORE_IN_LANE, 0, e, 0));
      ck_assert(nm_sore_group(v, n, m, kv, ki, &mk) == 0);
      for (int s = 0; s < (NM_MMAX + 1) / 2; s++) val[snap_at(NM_REGION_SORE_VAL, l, word, s)] = 0;
      for (int s = 0; s < (NM_MMAX * 4 + 31) / 32; s++) idx[snap_at(NM_REGION_SORE_IDX, l, word, s)] = 0;
      for (int k = 0; k < n; k++) {
        snap_or(val, NM_REGION_SORE_VAL, l, word, nm_layout_sore(&L, NMF_SORE_VAL_SLOT, 0, k, 0), kv[k]);
        snap_or(idx, NM_REGION_SORE_IDX, l, word, nm_layout_sore(&L, NMF_SORE_IDX_SLOT, 0, k, 0), ki[k]);
      }
      mask[snap_at(NM_REGION_SORE_MASK, l, word, 0)] = mk;
    }
}

/* Random IN words (ties made likely by a small value pool), random out words. */
void prune_fill(top *t) {
  nm_layout_cfg L = nm_layout_here();
  uint16_t pool[6];
  for (int k = 0; k < 6; k++) pool[k] = rand16(&t->r);
  for (int l = 0; l < SLANES; l++)
    for (int a = 0; a < SDEPTH; a++) {
      uint32_t w[8] = {0}, o[8];
      for (int e = 0; e < NM_MMAX; e++) {
        uint16_t v = nm_rng_below(&t->r, 3) ? rand16(&t->r) : pool[nm_rng_below(&t->r, 6)];
        int lsb = nm_layout_sore(&L, NMF_SORE_IN_LANE, 0, e, 0).lsb;
        w[lsb / 32] |= (uint32_t)v << (lsb % 32);
      }
      hb_put(t, NM_REGION_SORE_IN, l, (unsigned)a, w);
      for (int id = NM_REGION_SORE_VAL; id <= NM_REGION_SORE_MASK; id++) {
        for (int s = 0; s < 8; s++) o[s] = nm_rng_u32(&t->r);
        hb_put(t, id, l, (unsigned)a, o);
      }
    }
}

/* Run PRUNE (beats, base, n, m) and check all three out regions (and IN). */
psnap prune_begin(top *t, int beats, int base, int n, int m, int want_err, uint32_t *args) {
  psnap e = {snapshot(t, NM_REGION_SORE_IN), snapshot(t, NM_REGION_SORE_VAL), snapshot(t, NM_REGION_SORE_IDX),
             snapshot(t, NM_REGION_SORE_MASK)};
  if (!want_err) prune_expect(e.in, beats, base, n, m, e.val, e.idx, e.mask);
  args[0] = NM_FIELD(NM_PRUNE_BEATS, beats) | NM_FIELD(NM_PRUNE_BASE, base);
  args[1] = NM_FIELD(NM_PRUNE_N, n) | NM_FIELD(NM_PRUNE_M, m);
  args[2] = args[3] = args[4] = 0;
  return e;
}

void prune_check(top *t, const char *what, psnap *e) {
  psnap g = {snapshot(t, NM_REGION_SORE_IN), snapshot(t, NM_REGION_SORE_VAL), snapshot(t, NM_REGION_SORE_IDX),
             snapshot(t, NM_REGION_SORE_MASK)};
  size_t bad = diff_snap(NM_REGION_SORE_IN, what, e->in, g.in) + diff_snap(NM_REGION_SORE_VAL, what, e->val, g.val) +
               diff_snap(NM_REGION_SORE_IDX, what, e->idx, g.idx) +
               diff_snap(NM_REGION_SORE_MASK, what, e->mask, g.mask);
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s: %s: %zu words differ from nm_sore_group", NM_NAME, what, bad);
  free(e->in), free(e->val), free(e->idx), free(e->mask), free(g.in), free(g.val), free(g.idx), free(g.mask);
}

void prune_run_check(top *t, int beats, int base, int n, int m, int want_err) {
  uint32_t args[5];
  psnap e = prune_begin(t, beats, base, n, m, want_err, args);
  char what[96];
  snprintf(what, sizeof what, "PRUNE beats=%d base=%d %d:%d", beats, base, n, m);
  run_cmd(t, what, NM_OP_PRUNE, args, want_err,
          nm_top_prune_cycles(&t->hw, (unsigned)beats, n, m, want_err != 0));
  prune_check(t, what, &e);
}

START_TEST(prune_random_nm_match_model_bad_fields_touch_nothing) {
  top *t = top_open(0, 6);
  prune_fill(t);
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(16); rep++) {
    int m = 1 + (int)nm_rng_below(&t->r, NM_MMAX), n = 1 + (int)nm_rng_below(&t->r, (uint32_t)m);
    int beats = 1 + (int)nm_rng_below(&t->r, rep % 3 == 0 ? SDEPTH : 24);
    int base = (int)nm_rng_below(&t->r, (uint32_t)(SDEPTH - beats + 1));
    prune_run_check(t, beats, base, n, m, 0);
    ran++;
  }
  prune_run_check(t, 0, 3, 1, 2, 0);                       /* beats = 0: done at once */
  prune_run_check(t, SDEPTH, 0, NM_MMAX, NM_MMAX, 0);      /* the whole buffer, N = M */
  prune_run_check(t, 4, 0, 0, 2, NM_ERR_NM);               /* N < 1 */
  prune_run_check(t, 4, 0, 3, 2, NM_ERR_NM);               /* N > M */
  prune_run_check(t, 4, 0, 1, NM_MMAX + 1, NM_ERR_NM);     /* M > MMAX */
  prune_run_check(t, 2, SDEPTH - 1, 1, 2, NM_ERR_SIZE);    /* base + beats > depth */
  prune_run_check(t, 1, 0, 1, 2, 0);                       /* and the next one runs */
  printf("%s: %zu random PRUNE commands\n", NM_NAME, ran + 3);
  top_close(t);
}
END_TEST

void rtl_top_add_prune_tests(TCase *tc) {
  tcase_add_test(tc, prune_random_nm_match_model_bad_fields_touch_nothing);
}
