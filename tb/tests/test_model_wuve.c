/*
** The WUVE golden model on its own: hand-computed exact cases, the corners
** of the sequence (signed zeros through the mask mux, lr = 0, NaN), the pass
** semantics of the three modes, and a cross-check against the sequence
** written a second time as plain C float expressions.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "nm_fp.h"
#include "nm_rng.h"
#include "nm_wuve.h"

#define F_ONE 0x3F800000u
#define F_HALF 0x3F000000u
#define F_QUARTER 0x3E800000u
#define F_TWO 0x40000000u
#define H_TWO 0x4000u

static nm_wuve_hp hp_make(uint32_t inv_scale, uint32_t lr, uint32_t mu, uint32_t wd,
                          uint32_t srste) {
  nm_wuve_hp hp = {inv_scale, lr, mu, wd, srste};
  return hp;
}

/* g = 2 * 0.5 = 1; v' = 0.5 * 0.5 + 1 = 1.25; w' = 1 - 0.25 * 1.25 = 0.6875. */
START_TEST(exact_small_example_gives_hand_computed_bits) {
  nm_wuve_hp hp = hp_make(F_HALF, F_QUARTER, F_HALF, 0, 0);
  nm_wuve_out o = nm_wuve_elem(&hp, F_ONE, F_HALF, H_TWO, 1);
  ck_assert_uint_eq(o.v, 0x3FA00000u);   /* 1.25 */
  ck_assert_uint_eq(o.w, 0x3F300000u);   /* 0.6875 */
  ck_assert_uint_eq(o.w16, 0x3980u);     /* 0.6875 in fp16 */
  ck_assert_int_eq(o.g0_bad, 0);
}
END_TEST

/* A pruned weight (mask 0) gets srste * w added; a kept one does not. */
START_TEST(srste_decay_applies_only_to_pruned_weights) {
  nm_wuve_hp hp = hp_make(F_HALF, 0, 0, 0, F_QUARTER);
  /* g0 = 1, srste * w = 0.25 * 2 = 0.5; mu = 0 so v' = g. */
  ck_assert_uint_eq(nm_wuve_elem(&hp, F_TWO, 0, H_TWO, 1).v, F_ONE);
  ck_assert_uint_eq(nm_wuve_elem(&hp, F_TWO, 0, H_TWO, 0).v, 0x3FC00000u); /* 1.5 */
}
END_TEST

/* g1 = -0 stays -0 through the mask mux (kept), but -0 + srste*w = +0 when
** pruned with srste = +0: the sequence adds, it does not skip zeros. */
START_TEST(signed_zero_follows_the_sequence_exactly) {
  /* dW = -0, wd = -0, w = +1: g1 = -0 + -0 = -0.  mu * v = 0 * -1 = -0. */
  nm_wuve_hp hp = hp_make(F_ONE, 0, 0, NM_SIGN32, 0);
  nm_wuve_out kept = nm_wuve_elem(&hp, F_ONE, 0xBF800000u, 0x8000u, 1);
  nm_wuve_out pruned = nm_wuve_elem(&hp, F_ONE, 0xBF800000u, 0x8000u, 0);
  ck_assert_uint_eq(kept.v, NM_SIGN32);   /* -0 + -0 */
  ck_assert_uint_eq(pruned.v, 0);         /* (-0 + +0) + -0 = +0 */
  ck_assert_uint_eq(kept.w, F_ONE);
}
END_TEST

/* lr = 0: the step is a zero, so a nonzero finite w is unchanged and w16'
** is exactly its fp16 rounding (ties and the overflow edge included). */
START_TEST(zero_learning_rate_leaves_finite_weights) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed());
  nm_wuve_hp hp = hp_make(0x37800000u, 0, 0x3F666666u, 0x38D1B717u, 0x3A83126Fu);
  static const uint32_t edge[] = {0x477FE000u, 0x477FEFFFu, 0x477FF000u, 0x477FF001u,
                                  0x3F801000u, 0x3F803000u, 0x33000001u, 0x33000000u};
  for (size_t i = 0; i < 100000 + 8; i++) {
    uint32_t w = i < 8 ? edge[i] : nm_rng_u32(&r);
    if (nm_is_nan32(w) || nm_is_inf32(w) || (w & 0x7FFFFFFFu) == 0) continue;
    uint16_t dw = (uint16_t)(nm_rng_u32(&r) & 0x77FFu); /* finite */
    nm_wuve_out o = nm_wuve_elem(&hp, w, nm_rng_u32(&r) & 0x3FFFFFFFu, dw, (int)(i & 1));
    if (nm_is_nan32(o.v) || nm_is_inf32(o.v)) continue;
    ck_assert_msg(o.w == w, "lr = 0 changed w 0x%08x to 0x%08x", (unsigned)w, (unsigned)o.w);
    ck_assert_uint_eq(o.w16, nm_cvt32to16(w));
  }
}
END_TEST

/* Any NaN on the way gives the canonical NaNs and, from g0, the flag. */
START_TEST(nan_and_inf_gradients_give_canonical_nan_and_flag) {
  nm_wuve_hp hp = hp_make(F_ONE, F_QUARTER, F_HALF, 0, 0);
  static const uint16_t bad[] = {0x7C00u, 0xFC00u, 0x7E00u, 0xFE01u};
  for (int k = 0; k < 4; k++) {
    nm_wuve_out o = nm_wuve_elem(&hp, F_ONE, F_HALF, bad[k], 1);
    ck_assert_int_eq(o.g0_bad, 1);
    if (k >= 2) { /* NaN gradient */
      ck_assert_uint_eq(o.v, NM_QNAN32);
      ck_assert_uint_eq(o.w, NM_QNAN32);
      ck_assert_uint_eq(o.w16, NM_QNAN16);
    }
  }
  /* +Inf gradient: v' = +Inf, w' = 1 - Inf = -Inf. */
  nm_wuve_out o = nm_wuve_elem(&hp, F_ONE, F_HALF, 0x7C00u, 1);
  ck_assert_uint_eq(o.v, 0x7F800000u);
  ck_assert_uint_eq(o.w, 0xFF800000u);
  ck_assert_uint_eq(o.w16, 0xFC00u);
  /* A finite gradient overflowing under a huge inv_scale is caught too. */
  nm_wuve_hp big = hp_make(0x78000000u, 0, 0, 0, 0);
  ck_assert_int_eq(nm_wuve_elem(&big, F_ONE, 0, 0x7BFFu, 1).g0_bad, 1);
  ck_assert_int_eq(nm_wuve_elem(&big, F_ONE, 0, 0x3BFFu, 1).g0_bad, 0);
}
END_TEST

/* The same sequence as plain float expressions: a second formulation that
** must give the same bits (NaN canonicalized) on random elements. */
static uint32_t canon(float f) {
  uint32_t b = nm_bits_from_f32(f);
  return nm_is_nan32(b) ? NM_QNAN32 : b;
}

START_TEST(model_equals_plain_float_expressions) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed());
  size_t n = tu_count(400000);
  for (size_t i = 0; i < n; i++) {
    nm_wuve_hp hp = hp_make(nm_rng_u32(&r) & 0x3FFFFFFFu, nm_rng_u32(&r) & 0x3FFFFFFFu,
                            nm_rng_u32(&r) & 0x3FFFFFFFu, nm_rng_u32(&r), nm_rng_u32(&r));
    uint32_t w = nm_rng_u32(&r), v = nm_rng_u32(&r);
    uint16_t dw = (uint16_t)nm_rng_u32(&r);
    int mask = (int)(nm_rng_u32(&r) & 1u);
    float fw = nm_f32_from_bits(w), fv = nm_f32_from_bits(v);
    float g = nm_f32_from_bits(nm_cvt16to32(dw)) * nm_f32_from_bits(hp.inv_scale);
    int bad = nm_is_nan32(nm_bits_from_f32(g)) || nm_is_inf32(nm_bits_from_f32(g));
    g = g + nm_f32_from_bits(hp.wd) * fw;
    if (!mask) g = g + nm_f32_from_bits(hp.srste) * fw;
    float vn = nm_f32_from_bits(hp.mu) * fv + g;
    float wn = fw + -(nm_f32_from_bits(hp.lr) * vn);
    nm_wuve_out o = nm_wuve_elem(&hp, w, v, dw, mask);
    ck_assert_msg(o.v == canon(vn) && o.w == canon(wn) && o.g0_bad == bad,
                  "element %zu: w=0x%08x v=0x%08x dW=0x%04x: model v'=0x%08x w'=0x%08x, "
                  "float v'=0x%08x w'=0x%08x (seed %llu)", i, (unsigned)w, (unsigned)v,
                  (unsigned)dw, (unsigned)o.v, (unsigned)o.w, (unsigned)canon(vn),
                  (unsigned)canon(wn), (unsigned long long)tu_seed());
    ck_assert_uint_eq(o.w16, nm_cvt32to16(o.w));
  }
}
END_TEST

/* check writes nothing; update writes all; update_unless_inf is
** all-or-nothing and honours a found_inf carried in from a check pass. */
START_TEST(pass_modes_follow_amp_semantics) {
  enum { N = 64 };
  uint32_t w[N], v[N], w0[N], v0[N];
  uint16_t w16[N], dw[N], w160[N];
  uint8_t mask[N];
  nm_wuve_hp hp = hp_make(F_HALF, F_QUARTER, F_HALF, 0, F_QUARTER);
  for (int i = 0; i < N; i++) {
    w0[i] = F_ONE + (uint32_t)i, v0[i] = F_HALF, w160[i] = 0x1234;
    dw[i] = H_TWO, mask[i] = (uint8_t)(i & 1);
  }
  int fi = 0;
#define RESET() memcpy(w, w0, sizeof w), memcpy(v, v0, sizeof v), memcpy(w16, w160, sizeof w16)
  RESET();
  ck_assert_uint_eq(nm_wuve_pass(&hp, NM_WUVE_CHECK, N, w, v, w16, dw, mask, &fi), 0);
  ck_assert_int_eq(fi, 0);
  ck_assert(!memcmp(w, w0, sizeof w) && !memcmp(v, v0, sizeof v) && !memcmp(w16, w160, sizeof w16));
  ck_assert_uint_eq(nm_wuve_pass(&hp, NM_WUVE_UPDATE_UNLESS_INF, N, w, v, w16, dw, mask, &fi), N);
  for (int i = 0; i < N; i++) {
    nm_wuve_out o = nm_wuve_elem(&hp, w0[i], v0[i], dw[i], mask[i]);
    ck_assert(w[i] == o.w && v[i] == o.v && w16[i] == o.w16);
  }
  /* One Inf at the very end: the whole update_unless_inf pass is skipped. */
  dw[N - 1] = 0x7C00u;
  RESET();
  ck_assert_uint_eq(nm_wuve_pass(&hp, NM_WUVE_UPDATE_UNLESS_INF, N, w, v, w16, dw, mask, &fi), 0);
  ck_assert_int_eq(fi, 1);
  ck_assert(!memcmp(w, w0, sizeof w) && !memcmp(v, v0, sizeof v) && !memcmp(w16, w160, sizeof w16));
  /* found_inf from before skips a clean tensor too; update ignores it. */
  dw[N - 1] = H_TWO;
  ck_assert_uint_eq(nm_wuve_pass(&hp, NM_WUVE_UPDATE_UNLESS_INF, N, w, v, w16, dw, mask, &fi), 0);
  ck_assert_uint_eq(nm_wuve_pass(&hp, NM_WUVE_UPDATE, N, w, v, w16, dw, mask, &fi), N);
  ck_assert_int_eq(fi, 1);
  ck_assert_int_eq(nm_wuve_any_bad(&hp, dw, N), 0);
#undef RESET
}
END_TEST

static Suite *model_wuve_suite(void) {
  const TTest *tests[] = {exact_small_example_gives_hand_computed_bits,
                          srste_decay_applies_only_to_pruned_weights,
                          signed_zero_follows_the_sequence_exactly,
                          zero_learning_rate_leaves_finite_weights,
                          nan_and_inf_gradients_give_canonical_nan_and_flag,
                          model_equals_plain_float_expressions, pass_modes_follow_amp_semantics,
                          NULL};
  return check_suite("model_wuve", "model", 600, tests);
}

const check_prog check_program = {.name = "test_model_wuve", .suite = model_wuve_suite};
