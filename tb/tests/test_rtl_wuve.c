/*
** RTL vs golden model, bit for bit, for the weight-update vector engine.
**
** Every linked nm_wuve (configs with different lane counts and FP depths)
** gets the same seeded tensors and hyperparameters; after every pass its
** w', v', w16' and found_inf must equal nm_wuve_pass's.  The shim plays the
** sequencer and the RAM and checks each beat's latency and handshake.
** Hyperparameters come from realistic ranges and from their edges (lr = 0,
** mu = 0, huge and tiny inv_scale, srste on and off, specials); gradients
** include subnormals, Inf and NaN; weights sit near the fp16 overflow edge
** and on fp16 rounding ties.
**
** Knobs (check_util.h): NMTEST_SEED, NMTEST_QUICK, NMTEST_ONLY_CFG,
** NMTEST_LONG (>= 10^6 elements per config in the random stream).  The data
** generators are wuve_gen.h; bench-wuve's throughput run is tb/bench/wuve_bench.c.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dut_wuve.h"
#include "nm_fp.h"
#include "nm_rng.h"
#include "nm_wuve.h"
#include "wuve_gen.h"

/* ---- one model under test -------------------------------------------------- */

/* What a mismatch report needs to say, and the model being driven. */
typedef struct {
  size_t m;                  /* registry index */
  dut_wuve *d;
  const char *cfg, *test;
  int lanes;
  nm_wuve_hp hp;
} dut_ctx;

static void print_rerun(const dut_ctx *c) {
  fprintf(stderr, "  config %s (%d lanes, %s), hp inv_scale=0x%08x lr=0x%08x mu=0x%08x "
          "wd=0x%08x srste=0x%08x\n  rerun: NMTEST_SEED=%llu NMTEST_ONLY_CFG=%s CK_RUN_CASE=%s%s %s\n",
          c->cfg, c->lanes, dut_wuve_depths(c->m), (unsigned)c->hp.inv_scale, (unsigned)c->hp.lr,
          (unsigned)c->hp.mu, (unsigned)c->hp.wd, (unsigned)c->hp.srste,
          (unsigned long long)tu_seed(), c->cfg, c->test, tu_quick() ? " NMTEST_QUICK=1" : "",
          tu_prog());
}

/* Compare one output tensor; print the first few mismatches with lane,
** element, the element's inputs, expected and actual bits. */
static size_t compare_words(const dut_ctx *c, const char *name, const wv_tensor *in,
                            const uint32_t *exp, const uint32_t *got, size_t n, int width) {
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    if (exp[i] == got[i]) continue;
    if (bad++ < 6)
      fprintf(stderr, "MISMATCH %s[element %zu, lane %zu] (w=0x%08x v=0x%08x dW=0x%04x mask=%u): "
              "expected 0x%0*x got 0x%0*x (seed %llu)\n", name, i, i % (size_t)c->lanes,
              (unsigned)in->w[i], (unsigned)in->v[i], (unsigned)in->dw[i], (unsigned)in->mask[i],
              width, (unsigned)exp[i], width, (unsigned)got[i], (unsigned long long)tu_seed());
  }
  if (bad) fprintf(stderr, "%s: %zu of %zu elements differ\n", name, bad, n);
  return bad;
}

static uint32_t *widen16(const uint16_t *x, size_t n) {
  uint32_t *y = malloc((n ? n : 1) * 4);
  ck_assert(y);
  for (size_t i = 0; i < n; i++) y[i] = x[i];
  return y;
}

/* w', v', w16' of `got` against `exp`; in = the inputs of the pass. */
static size_t compare_tensors(const dut_ctx *c, const wv_tensor *in, const wv_tensor *exp,
                              const wv_tensor *got) {
  uint32_t *e16 = widen16(exp->w16, exp->n), *g16 = widen16(got->w16, got->n);
  size_t bad = compare_words(c, "w'", in, exp->w, got->w, in->n, 8) +
               compare_words(c, "v'", in, exp->v, got->v, in->n, 8) +
               compare_words(c, "w16'", in, e16, g16, in->n, 4);
  free(e16), free(g16);
  if (bad) print_rerun(c);
  return bad;
}

/* Run one pass on the RTL (in place on `got`) with random idles; any shim
** error fails the test with the reason. */
static size_t rtl_pass(const dut_ctx *c, nm_rng *r, int mode, wv_tensor *got) {
  char why[240];
  size_t writes = 0, beats = (got->n + (size_t)c->lanes - 1) / (size_t)c->lanes;
  uint8_t *idle = wv_gen_idle(r, beats);
  dut_wuve_regs g = wv_regs_of(&c->hp);
  dut_wuve_set_regs(c->d, &g);
  int rc = dut_wuve_run(c->d, mode, got->n, got->w, got->v, got->w16, got->dw, got->mask, idle,
                        &writes, why, sizeof why);
  free(idle);
  if (rc != 0) print_rerun(c);
  ck_assert_msg(rc == 0, "%s [config %s, mode %d]: %s (seed %llu)", c->test, c->cfg, mode, why,
                (unsigned long long)tu_seed());
  return writes;
}

/* found_inf of RTL and model must agree. */
static void check_found_inf(const dut_ctx *c, int exp) {
  int got = dut_wuve_found_inf(c->d);
  if (got != exp) {
    fprintf(stderr, "MISMATCH found_inf: expected %d got %d (seed %llu)\n", exp, got,
            (unsigned long long)tu_seed());
    print_rerun(c);
  }
  ck_assert_msg(got == exp, "%s [config %s]: found_inf expected %d got %d", c->test, c->cfg, exp,
                got);
}

/* Compare and fail the test on any difference. */
static void expect_equal(const dut_ctx *c, const char *what, const wv_tensor *in, const wv_tensor *exp,
                         const wv_tensor *got) {
  size_t bad = compare_tensors(c, in, exp, got);
  ck_assert_msg(bad == 0, "%s [config %s]: %s: %zu values differ from the model (seed %llu)",
                c->test, c->cfg, what, bad, (unsigned long long)tu_seed());
}

/* The registry indices to test: all, or NMTEST_ONLY_CFG's. */
static size_t models_to_test(size_t *idx, size_t cap) {
  size_t k = 0;
  for (size_t m = 0; m < dut_wuve_count() && k < cap; m++)
    if (!tu_only_cfg() || strcmp(dut_wuve_cfg(m), tu_only_cfg()) == 0) idx[k++] = m;
  ck_assert_msg(k > 0, "no linked nm_wuve model%s%s", tu_only_cfg() ? " of config " : "",
                tu_only_cfg() ? tu_only_cfg() : "");
  return k;
}

static dut_ctx open_ctx(size_t m, const char *test) {
  dut_ctx c = {m, dut_wuve_open(m), dut_wuve_cfg(m), test, dut_wuve_lanes(m), {0, 0, 0, 0, 0}};
  ck_assert_msg(c.d != NULL, "cannot open nm_wuve of config %s", c.cfg);
  return c;
}

/* Run body on every model to test, each with a context named after the
** test and a stream seeded tu_seed() ^ salt. */
static void each_model(const char *test, uint32_t salt, void (*body)(dut_ctx *c, nm_rng *r)) {
  size_t idx[16], nm = models_to_test(idx, 16);
  for (size_t k = 0; k < nm; k++) {
    nm_rng r;
    dut_ctx c = open_ctx(idx[k], test);
    nm_rng_seed(&r, tu_seed() ^ salt);
    body(&c, &r);
    dut_wuve_close(c.d);
  }
}

/* One model pass and one RTL pass from the same state, then compare
** everything: tensors, found_inf, number of writes. */
static void pass_both(const dut_ctx *c, nm_rng *r, int mode, wv_tensor *exp, wv_tensor *got,
                      int *found_inf, const char *what) {
  wv_tensor in = wv_tensor_alloc(exp->n);
  wv_tensor_copy(&in, exp);
  size_t mw = nm_wuve_pass(&c->hp, (nm_wuve_mode)mode, exp->n, exp->w, exp->v, exp->w16, exp->dw,
                           exp->mask, found_inf);
  size_t gw = rtl_pass(c, r, mode, got);
  expect_equal(c, what, &in, exp, got);
  check_found_inf(c, *found_inf);
  ck_assert_msg(mw == gw, "%s [config %s]: %s: %zu elements written, model writes %zu (seed %llu)",
                c->test, c->cfg, what, gw, mw, (unsigned long long)tu_seed());
  wv_tensor_free(&in);
}

/* ---- tests ---------------------------------------------------------------- */

/*
** The bulk: passes of random length (partial last beats included), fresh
** random or edge hyperparameters and random modes, found_inf cleared or kept
** between passes.  >= 10^5 elements per config (10^6 with NMTEST_LONG).
*/
static void random_passes_match_model_bit_for_bit_on(dut_ctx *c, nm_rng *r) {
  size_t total = tu_long() ? 1000000 : tu_count(120000);
  int found_inf = 0;
  double t0 = tu_now();
  size_t done = 0, passes = 0;
  while (done < total) {
    size_t n = 1 + nm_rng_below(r, 4000);
    static const uint32_t kBad[] = {0, 0, 0, 1, 20, 200};
    wv_tensor exp = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
    wv_gen_tensor(r, &exp, kBad[nm_rng_below(r, 6)], nm_rng_below(r, 4) ? 30 : 20);
    wv_tensor_copy(&got, &exp);
    c->hp = wv_gen_hp(r);
    if (nm_rng_below(r, 2)) {
      dut_wuve_clear(c->d);
      found_inf = 0;
    }
    int mode = nm_rng_below(r, 4) ? 1 : (int)nm_rng_below(r, 3);
    /* update_unless_inf only under its contract: after a check pass. */
    if (mode == NM_WUVE_UPDATE_UNLESS_INF)
      pass_both(c, r, NM_WUVE_CHECK, &exp, &got, &found_inf, "random check pass");
    pass_both(c, r, mode, &exp, &got, &found_inf, "random pass");
    wv_tensor_free(&exp), wv_tensor_free(&got);
    done += n, passes++;
  }
  printf("random passes: config %-8s %2d lanes (%s): %zu elements in %zu passes bit-exact, "
         "%.2f M elements/s simulated\n", c->cfg, c->lanes, dut_wuve_depths(c->m), done, passes,
         (double)done / (tu_now() - t0) / 1e6);
}

START_TEST(random_passes_match_model_bit_for_bit) {
  each_model("random_passes_match_model_bit_for_bit", 0, random_passes_match_model_bit_for_bit_on);
}
END_TEST

/* check mode computes found_inf only: RAM unchanged, no write enables. */
static void check_mode_sets_found_inf_and_writes_nothing_on(dut_ctx *c, nm_rng *r) {
  for (int rep = 0; rep < 40; rep++) {
    size_t n = 1 + nm_rng_below(r, 600);
    wv_tensor exp = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
    wv_gen_tensor(r, &exp, rep % 2 ? 0 : 3, 30);
    wv_tensor_copy(&got, &exp);
    c->hp = wv_gen_hp(r);
    dut_wuve_clear(c->d);
    int found_inf = 0;
    pass_both(c, r, NM_WUVE_CHECK, &exp, &got, &found_inf, "check pass");
    wv_tensor_free(&exp), wv_tensor_free(&got);
  }
}

START_TEST(check_mode_sets_found_inf_and_writes_nothing) {
  each_model("check_mode_sets_found_inf_and_writes_nothing", 0xc4ec,
             check_mode_sets_found_inf_and_writes_nothing_on);
}
END_TEST

/* Puts one bad gradient at element `at`: an fp16 Inf/NaN, or (kind 6) a
** finite gradient that overflows only under inv_scale = 2^113 (the other
** gradients must stay below 1 in magnitude, so their g0 < 2^113). */
static void plant_bad(wv_tensor *t, nm_wuve_hp *hp, size_t at, int kind) {
  static const uint16_t bad[] = {0x7C00u, 0xFC00u, 0x7E00u, 0xFE00u, 0x7C01u, 0xFFFFu};
  if (kind < 6) {
    t->dw[at] = bad[kind];
  } else {
    hp->inv_scale = 0x78000000u;              /* 2^113 */
    t->dw[at] = (at & 1) ? 0xFBFFu : 0x7BFFu; /* +-65504 * 2^113 > FLT_MAX: Inf */
  }
}

/*
** AMP's skipped step: clear, check pass, update_unless_inf pass.  With one
** Inf/NaN g0 planted anywhere (first, last, every lane, a partial last beat,
** random), no w, v or w16 changes and nothing is written.
*/
static void update_unless_inf_with_one_planted_inf_changes_nothing_on(dut_ctx *c, nm_rng *r) {
  size_t n = 5 * (size_t)c->lanes + 1 + nm_rng_below(r, 700);
  size_t at[8 + 64], na = 0;
  at[na++] = 0, at[na++] = n - 1, at[na++] = n - n % (size_t)c->lanes;
  for (int l = 0; l < c->lanes; l++) at[na++] = 2 * (size_t)c->lanes + (size_t)l;
  for (int j = 0; j < 4; j++) at[na++] = nm_rng_below(r, (uint32_t)n);
  for (size_t a = 0; a < na; a++) {
    for (int kind = 0; kind < 7; kind++) {
      wv_tensor orig = wv_tensor_alloc(n), exp = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
      c->hp = wv_gen_hp_realistic(r);
      if (nm_rng_below(r, 3) == 0) c->hp.lr = 0;
      wv_gen_tensor(r, &orig, 0, 14); /* |dW| < 1: no g0 overflow even at 2^113 */
      plant_bad(&orig, &c->hp, at[a] < n ? at[a] : n - 1, kind);
      wv_tensor_copy(&exp, &orig), wv_tensor_copy(&got, &orig);
      int found_inf = 0;
      dut_wuve_clear(c->d);
      pass_both(c, r, NM_WUVE_CHECK, &exp, &got, &found_inf, "check pass");
      ck_assert_msg(found_inf == 1, "planted Inf at %zu not found by the model", at[a]);
      pass_both(c, r, NM_WUVE_UPDATE_UNLESS_INF, &exp, &got, &found_inf,
                "update_unless_inf pass after a check that found Inf");
      expect_equal(c, "RAM after a skipped step", &orig, &orig, &got);
      wv_tensor_free(&orig), wv_tensor_free(&exp), wv_tensor_free(&got);
    }
  }
}

START_TEST(update_unless_inf_with_one_planted_inf_changes_nothing) {
  each_model("update_unless_inf_with_one_planted_inf_changes_nothing", 0x1f1f,
             update_unless_inf_with_one_planted_inf_changes_nothing_on);
}
END_TEST

/*
** With no Inf/NaN anywhere, clear + check + update_unless_inf writes exactly
** what one update pass writes (on the RTL and in the model).
*/
static void update_unless_inf_without_inf_equals_update_on(dut_ctx *c, nm_rng *r) {
  for (int rep = 0; rep < 30; rep++) {
    size_t n = 1 + nm_rng_below(r, 1500);
    wv_tensor orig = wv_tensor_alloc(n), exp = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
    wv_tensor upd = wv_tensor_alloc(n);
    c->hp = wv_gen_hp_realistic(r);
    wv_gen_tensor(r, &orig, 0, 30);
    wv_tensor_copy(&exp, &orig), wv_tensor_copy(&got, &orig), wv_tensor_copy(&upd, &orig);
    int found_inf = 0, upd_inf = 0;
    dut_wuve_clear(c->d);
    pass_both(c, r, NM_WUVE_CHECK, &exp, &got, &found_inf, "check pass");
    ck_assert_msg(!found_inf, "realistic clean tensor overflowed in the model");
    pass_both(c, r, NM_WUVE_UPDATE_UNLESS_INF, &exp, &got, &found_inf,
              "update_unless_inf pass");
    /* The same tensor through a plain update, RTL only: identical bits. */
    wv_tensor rtl_upd = wv_tensor_alloc(n);
    wv_tensor_copy(&rtl_upd, &orig);
    dut_wuve_clear(c->d);
    size_t writes = rtl_pass(c, r, NM_WUVE_UPDATE, &rtl_upd);
    ck_assert_msg(writes == n, "update wrote %zu of %zu", writes, n);
    expect_equal(c, "update_unless_inf vs update (RTL)", &orig, &rtl_upd, &got);
    nm_wuve_pass(&c->hp, NM_WUVE_UPDATE, n, upd.w, upd.v, upd.w16, upd.dw, upd.mask, &upd_inf);
    expect_equal(c, "update_unless_inf vs update (model)", &orig, &upd, &got);
    wv_tensor_free(&orig), wv_tensor_free(&exp), wv_tensor_free(&got), wv_tensor_free(&upd);
    wv_tensor_free(&rtl_upd);
  }
}

START_TEST(update_unless_inf_without_inf_equals_update) {
  each_model("update_unless_inf_without_inf_equals_update", 0x0fee,
             update_unless_inf_without_inf_equals_update_on);
}
END_TEST

/*
** The documented fallback without a check pass: update_unless_inf decides
** per beat at stage G0, counting the beat's own lanes, so writing stops at
** the first beat with an Inf/NaN g0 and never resumes, whatever the depths.
*/
static void update_unless_inf_without_check_stops_at_first_bad_beat_on(dut_ctx *c, nm_rng *r) {
  for (int rep = 0; rep < 20; rep++) {
    size_t n = 1 + nm_rng_below(r, 800), lanes = (size_t)c->lanes;
    wv_tensor orig = wv_tensor_alloc(n), exp = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
    c->hp = wv_gen_hp_realistic(r);
    wv_gen_tensor(r, &orig, 0, 14);
    size_t at = nm_rng_below(r, (uint32_t)n);
    plant_bad(&orig, &c->hp, at, (int)nm_rng_below(r, 7));
    wv_tensor_copy(&exp, &orig), wv_tensor_copy(&got, &orig);
    size_t stop = (at / lanes) * lanes; /* first element of the bad beat */
    for (size_t i = 0; i < stop; i++) {
      nm_wuve_out o = nm_wuve_elem(&c->hp, orig.w[i], orig.v[i], orig.dw[i], orig.mask[i]);
      exp.w[i] = o.w, exp.v[i] = o.v, exp.w16[i] = o.w16;
    }
    dut_wuve_clear(c->d);
    size_t writes = rtl_pass(c, r, NM_WUVE_UPDATE_UNLESS_INF, &got);
    expect_equal(c, "update_unless_inf without a check pass", &orig, &exp, &got);
    check_found_inf(c, 1);
    ck_assert_msg(writes == stop, "wrote %zu elements, expected %zu (Inf at %zu)", writes, stop,
                  at);
    wv_tensor_free(&orig), wv_tensor_free(&exp), wv_tensor_free(&got);
  }
}

START_TEST(update_unless_inf_without_check_stops_at_first_bad_beat) {
  each_model("update_unless_inf_without_check_stops_at_first_bad_beat", 0xbea7,
             update_unless_inf_without_check_stops_at_first_bad_beat_on);
}
END_TEST

/* found_inf stays set over clean passes until clear_i; bubbles and
** disabled lanes (the shim feeds them Inf gradients) never set it. */
static void found_inf_is_sticky_until_clear_on(dut_ctx *c, nm_rng *r) {
  size_t n = 3 * (size_t)c->lanes + (c->lanes > 1 ? 1 : 0);
  wv_tensor exp = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
  c->hp = wv_gen_hp_realistic(r);
  int found_inf = 0;
  dut_wuve_clear(c->d);
  check_found_inf(c, 0);
  wv_gen_tensor(r, &exp, 0, 30), wv_tensor_copy(&got, &exp);
  pass_both(c, r, NM_WUVE_UPDATE, &exp, &got, &found_inf, "clean pass with a partial beat");
  check_found_inf(c, 0);
  wv_gen_tensor(r, &exp, 0, 30), plant_bad(&exp, &c->hp, n / 2, 0), wv_tensor_copy(&got, &exp);
  pass_both(c, r, NM_WUVE_UPDATE, &exp, &got, &found_inf, "pass with an Inf");
  check_found_inf(c, 1);
  for (int mode = 0; mode < 3; mode++) {
    c->hp = wv_gen_hp_realistic(r);
    wv_gen_tensor(r, &exp, 0, 30), wv_tensor_copy(&got, &exp);
    pass_both(c, r, mode, &exp, &got, &found_inf, "clean pass after an Inf");
    check_found_inf(c, 1);
  }
  dut_wuve_clear(c->d);
  check_found_inf(c, 0);
  wv_tensor_free(&exp), wv_tensor_free(&got);
}

START_TEST(found_inf_is_sticky_until_clear) {
  each_model("found_inf_is_sticky_until_clear", 0x571c, found_inf_is_sticky_until_clear_on);
}
END_TEST

/* mode 3 raises err_o and accepts nothing: no output beat (the shim fails
** on one), no write, found_inf untouched although the tensor holds an Inf. */
static void invalid_mode_is_refused_and_accepts_nothing_on(dut_ctx *c, nm_rng *r) {
  size_t n = 4 * (size_t)c->lanes + 3;
  wv_tensor orig = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
  c->hp = wv_gen_hp_realistic(r);
  wv_gen_tensor(r, &orig, 0, 30);
  plant_bad(&orig, &c->hp, 1 % n, 0);
  wv_tensor_copy(&got, &orig);
  dut_wuve_clear(c->d);
  size_t writes = rtl_pass(c, r, 3, &got);
  ck_assert_msg(writes == 0, "mode 3 wrote %zu elements", writes);
  expect_equal(c, "RAM after an invalid mode", &orig, &orig, &got);
  check_found_inf(c, 0);
  /* The engine still works afterwards. */
  wv_tensor exp = wv_tensor_alloc(n);
  wv_tensor_copy(&exp, &orig);
  int found_inf = 0;
  pass_both(c, r, NM_WUVE_UPDATE, &exp, &got, &found_inf, "update after an invalid mode");
  wv_tensor_free(&orig), wv_tensor_free(&got), wv_tensor_free(&exp);
}

START_TEST(invalid_mode_is_refused_and_accepts_nothing) {
  each_model("invalid_mode_is_refused_and_accepts_nothing", 0xe770,
             invalid_mode_is_refused_and_accepts_nothing_on);
}
END_TEST

/*
** Training: 20 consecutive AMP steps on one tensor (clear, check,
** update_unless_inf), new gradients every step, masks evolving every 4th,
** a dynamic loss scaler (overflow: scale / 2; 4 clean steps: scale * 2),
** overflow planted in two steps.  The RAM must match the model every step.
*/
static void twenty_consecutive_steps_match_model_every_step_on(dut_ctx *c, nm_rng *r) {
  for (int variant = 0; variant < 2; variant++) { /* 0: AMP steps, 1: plain updates */
    size_t n = 1000 + nm_rng_below(r, 1000);
    wv_tensor exp = wv_tensor_alloc(n), got = wv_tensor_alloc(n);
    wv_gen_tensor(r, &exp, 0, 30);
    for (size_t i = 0; i < n; i++) exp.w16[i] = nm_cvt32to16(exp.w[i]);
    wv_tensor_copy(&got, &exp);
    c->hp = wv_gen_hp_realistic(r);
    int clean_run = 0;
    for (int step = 0; step < 20; step++) {
      char what[80];
      for (size_t i = 0; i < n; i++) {
        exp.dw[i] = wv_gen_grad(r, 0, 30);
        if (step % 4 == 0) exp.mask[i] = (uint8_t)(nm_rng_u32(r) & 1u);
      }
      if (step == 6 || step == 13) plant_bad(&exp, &c->hp, nm_rng_below(r, (uint32_t)n), step % 6);
      memcpy(got.dw, exp.dw, n * 2), memcpy(got.mask, exp.mask, n);
      int found_inf = 0;
      dut_wuve_clear(c->d);
      snprintf(what, sizeof what, "step %d of 20 (%s)", step + 1, variant ? "update" : "AMP");
      if (variant == 0) {
        pass_both(c, r, NM_WUVE_CHECK, &exp, &got, &found_inf, what);
        pass_both(c, r, NM_WUVE_UPDATE_UNLESS_INF, &exp, &got, &found_inf, what);
      } else {
        pass_both(c, r, NM_WUVE_UPDATE, &exp, &got, &found_inf, what);
      }
      /* Dynamic loss scaling moves inv_scale by powers of two. */
      uint32_t e = (c->hp.inv_scale >> 23) & 0xFFu;
      if (found_inf && e < 127 && e > 0) c->hp.inv_scale += 1u << 23, clean_run = 0;
      else if (!found_inf && ++clean_run == 4 && e > 104) c->hp.inv_scale -= 1u << 23, clean_run = 0;
    }
    wv_tensor_free(&exp), wv_tensor_free(&got);
  }
}

START_TEST(twenty_consecutive_steps_match_model_every_step) {
  each_model("twenty_consecutive_steps_match_model_every_step", 0x2020,
             twenty_consecutive_steps_match_model_every_step_on);
}
END_TEST

static void add_case(Suite *s, const char *name, const TTest *t) {
  TCase *tc = tcase_create(name);
  tcase_set_timeout(tc, 3600);
  tcase_add_test(tc, t);
  suite_add_tcase(s, tc);
}

static Suite *rtl_wuve_suite(void) {
  Suite *s = suite_create("rtl_wuve");
  add_case(s, "random_passes_match_model_bit_for_bit", random_passes_match_model_bit_for_bit);
  add_case(s, "check_mode_sets_found_inf_and_writes_nothing",
           check_mode_sets_found_inf_and_writes_nothing);
  add_case(s, "update_unless_inf_with_one_planted_inf_changes_nothing",
           update_unless_inf_with_one_planted_inf_changes_nothing);
  add_case(s, "update_unless_inf_without_inf_equals_update",
           update_unless_inf_without_inf_equals_update);
  add_case(s, "update_unless_inf_without_check_stops_at_first_bad_beat",
           update_unless_inf_without_check_stops_at_first_bad_beat);
  add_case(s, "found_inf_is_sticky_until_clear", found_inf_is_sticky_until_clear);
  add_case(s, "invalid_mode_is_refused_and_accepts_nothing",
           invalid_mode_is_refused_and_accepts_nothing);
  add_case(s, "twenty_consecutive_steps_match_model_every_step",
           twenty_consecutive_steps_match_model_every_step);
  return s;
}

const check_prog check_program = {.name = "test_rtl_wuve", .suite = rtl_wuve_suite,
                                   .cfg_count = dut_wuve_count, .cfg_name = dut_wuve_cfg};
