/*
** RTL vs golden model, bit for bit, for the ANT engine (nm_ant_engine) and
** its range unit (nm_ant_range).
**
** Every linked engine (sim/ant.mk: tiny n=2/128 bits, default n=4/104,
** deep n=3/84) runs random forward-conv shapes (st 1, 2; pad 0, 1; 1x1,
** 3x3, 5x5 kernels) and weight-gradient shapes (image = activation, kernel
** = output gradient, st 1, d 1, 2) on planes 4x4..32x32 at densities
** 5%..100%, with plain, wide (subnormals, +-0) and special (Inf, NaN)
** values.  Each command runs in ant and in scnn mode: both must give the
** model's output bits (fp32 and fp16 readout, flags) and identical bits to
** each other, and every counter, cycles included (nm_ant_cycles), must
** equal the model's.  Keep
** commands must add up to one exact sum; overflow of the accumulator width
** must be flagged exactly where the model says; bad commands are refused
** with the model's code and touch nothing; nothing hangs.  Batch commands
** (CI x CO pairs) equal the pairs run one by one, bit for bit, with the
** counters' sums and nm_ant_cycles_batch's cycles.  The range unit is
** checked exhaustively over small parameter spaces.  (nm_ant_array models:
** test_rtl_ant_array.)
**
**   NMTEST_QUICK=1   fewer commands (sanitizer build)
**   NMTEST_LONG=1    ten times more (make regress-ant)
**   NMTEST_ONLY_CFG  only that config's engine
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "ant_load.h"
#include "dut_ant.h"
#include "nm_ant.h"
#include "nm_ant_cycles.h"
#include "nm_ant_work.h"
#include "nm_rng.h"

#define MAX_CYCLES 20000000ull
#define MAX_REPORT 6

static const char *g_case = "";    /* the test case running, for rerun lines */
/* What the shape tests covered (printed, so a vacuous pass shows). */
static uint64_t g_pairs, g_valid, g_cycles, g_nonzero, g_special;
static void print_coverage(void);

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  ck_assert_msg(p != NULL, "out of memory");
  return p;
}

static int skip_cfg(const dut_ant_info *inf) {
  const char *only = tu_only_cfg();
  if (inf->engines > 1) return 1;   /* an nm_ant_array: test_rtl_ant_array's */
  return only && strcmp(only, inf->cfg) != 0;
}

static void rerun(const char *cfg) {
  fprintf(stderr, "  in %s; rerun: NMTEST_SEED=%llu%s NMTEST_ONLY_CFG=%s build/tests/test_rtl_ant\n",
          g_case, (unsigned long long)tu_seed(),
          tu_quick() ? " NMTEST_QUICK=1" : tu_long() ? " NMTEST_LONG=1" : "", cfg);
}


static dut_ant_cmd to_dut(const nm_ant_cmd *c, int ih, int kh, int clear) {
  dut_ant_cmd d = {c->mode == NM_ANT_MODE_SCNN, clear, (unsigned)ih, (unsigned)kh,
                   (unsigned)c->hout, (unsigned)c->wout, (unsigned)c->st, (unsigned)c->d,
                   (unsigned)c->pad, 0, 0};
  return d;
}

/* Read all outputs (fp32, fp16, flags) into out[3*no]. */
static void read_outputs(dut_ant *d, size_t no, uint32_t *out) {
  for (size_t o = 0; o < no; o++) {
    out[3 * o] = dut_ant_read(d, DUT_ANT_OUT, (unsigned)o, 0);
    out[3 * o + 1] = dut_ant_read(d, DUT_ANT_OUT, (unsigned)o, 1);
    out[3 * o + 2] = dut_ant_read(d, DUT_ANT_FLAGS, (unsigned)o, 0);
  }
}

static void expect_outputs(const nm_ant_acc *acc, size_t no, uint32_t *exp) {
  for (size_t o = 0; o < no; o++) {
    exp[3 * o] = nm_ant_readout(&acc[o], 0);
    exp[3 * o + 1] = nm_ant_readout(&acc[o], 1);
    exp[3 * o + 2] = (uint32_t)(acc[o].ovf << 3 | acc[o].nan << 2 | acc[o].ninf << 1 | acc[o].pinf);
  }
}

/* Mismatches of one readout: tensor, index, expected and actual bits. */
static size_t report(const char *cfg, const char *what, int wout, const uint32_t *exp,
                     const uint32_t *got, size_t no) {
  static const char *kind[3] = {"out32", "out16", "flags"};
  size_t bad = 0;
  for (size_t i = 0; i < 3 * no; i++) {
    if (exp[i] == got[i]) continue;
    if (bad++ < MAX_REPORT)
      fprintf(stderr, "MISMATCH %s %s %s[oy=%zu,ox=%zu]: expected 0x%08x got 0x%08x (seed %llu)\n",
              cfg, what, kind[i % 3], i / 3 / (size_t)wout, i / 3 % (size_t)wout,
              (unsigned)exp[i], (unsigned)got[i], (unsigned long long)tu_seed());
  }
  if (bad) rerun(cfg);
  return bad;
}

/* Run one command on the RTL and check counters, err, ovf against the
** model; the model's accumulators `acc` are advanced by it.  Returns the
** number of differences. */
static size_t run_one(dut_ant *d, const dut_ant_info *inf, const char *what, const nm_ant_cmd *c,
                      const nm_ant_plane *img, const nm_ant_plane *ker, int clear, nm_ant_acc *acc,
                      dut_ant_result *res) {
  nm_ant_limits lim = {inf->rows, inf->obuf_depth};
  int err = nm_ant_check(c, &lim, img->rows, ker->rows);
  size_t no = (size_t)c->hout * c->wout, bad = 0;
  int newovf = 0;
  if (!err) {
    if (clear) memset(acc, 0, no * sizeof *acc);
    nm_ant_acc *before = xcalloc(no, sizeof *before);
    memcpy(before, acc, no * sizeof *acc);
    nm_ant_csr ci = nm_ant_plane_csr(img), ck = nm_ant_plane_csr(ker);
    nm_ant_accumulate(c, inf->acc_bits, &ci, &ck, acc);
    for (size_t o = 0; o < no; o++) newovf |= acc[o].ovf && !before[o].ovf;
    free(before);
  }
  dut_ant_cmd dc = to_dut(c, img->rows, ker->rows, clear);
  if (dut_ant_run(d, &dc, res, MAX_CYCLES) != 0) {
    fprintf(stderr, "HANG %s %s: no done within %llu cycles\n", inf->cfg, what, MAX_CYCLES);
    rerun(inf->cfg);
    return 1;
  }
  if (res->err != err || (!err && res->ovf != newovf)) {
    fprintf(stderr, "MISMATCH %s %s: err %d ovf %d, expected err %d ovf %d (seed %llu)\n", inf->cfg,
            what, res->err, res->ovf, err, newovf, (unsigned long long)tu_seed());
    rerun(inf->cfg);
    bad++;
  }
  if (err) return bad;
  nm_ant_counts m;
  nm_ant_csr ci = nm_ant_plane_csr(img), ck = nm_ant_plane_csr(ker);
  nm_ant_count(c, &ci, &ck, &m);
  /* Cycles: nm_ant_cycles steps the engine's pipeline exactly. */
  uint64_t mc = nm_ant_cycles(c, clear, &ci, &ck);
  if (ant_counters_differ(inf->cfg, what, &m, mc, res, (unsigned long long)tu_seed())) {
    rerun(inf->cfg);
    bad++;
  }
  return bad;
}

/* One shape in both modes: outputs equal the model's and each other's. */
static size_t check_shape(dut_ant *d, const dut_ant_info *inf, const char *what, nm_ant_cmd *c,
                          const nm_ant_plane *img, const nm_ant_plane *ker) {
  size_t no = (size_t)c->hout * c->wout, bad = 0;
  nm_ant_acc *acc = xcalloc(no, sizeof *acc);
  uint32_t *exp = xcalloc(3 * no, sizeof *exp), *got[2];
  dut_ant_result res;
  char label[160];
  ant_load_planes(d, img, ker);
  for (int mode = 0; mode < 2; mode++) {
    c->mode = mode;
    snprintf(label, sizeof label, "%s/%s", what, mode ? "scnn" : "ant");
    got[mode] = xcalloc(3 * no, sizeof *got[mode]);
    bad += run_one(d, inf, label, c, img, ker, 1, acc, &res);
    expect_outputs(acc, no, exp);
    read_outputs(d, no, got[mode]);
    bad += report(inf->cfg, label, c->wout, exp, got[mode], no);
    g_pairs += res.pairs, g_valid += res.prods - res.rcps, g_cycles += res.cycles;
    if (getenv("ANT_DEBUG")) fprintf(stderr, "%s %s: no=%zu pairs=%llu valid=%llu img=%u ker=%u nz0=%u\n", inf->cfg, label, no, (unsigned long long)res.pairs, (unsigned long long)(res.prods - res.rcps), img->nnz, ker->nnz, got[mode][0]);
    for (size_t o = 0; o < no; o++) {
      g_nonzero += got[mode][3 * o] != 0;
      g_special += (got[mode][3 * o] & 0x7F800000u) == 0x7F800000u;
    }
  }
  snprintf(label, sizeof label, "%s ant-vs-scnn", what);
  bad += report(inf->cfg, label, c->wout, got[0], got[1], no);
  free(acc), free(exp), free(got[0]), free(got[1]);
  return bad;
}

static const double densities[] = {0.05, 0.1, 0.3, 0.6, 1.0};

static size_t reps(size_t full) { return tu_quick() ? (full + 3) / 4 : tu_long() ? full * 10 : full; }

/* Run body on every selected engine, each with a stream seeded
** tu_seed() * 1000 + salt + its index; the sum of the differences it found.
** count (may be NULL) carries a running command count across engines. */
static size_t each_engine(unsigned salt, size_t (*body)(dut_ant *d, const dut_ant_info *inf,
                                                        nm_rng *r, size_t *count),
                          size_t *count) {
  size_t bad = 0;
  for (size_t m = 0; m < dut_ant_count(); m++) {
    const dut_ant_info *inf = dut_ant_info_at(m);
    if (skip_cfg(inf)) continue;
    dut_ant *d = dut_ant_open(m);
    ck_assert_ptr_nonnull(d);
    nm_rng r;
    nm_rng_seed(&r, tu_seed() * 1000 + salt + m);
    bad += body(d, inf, &r, count);
    dut_ant_close(d);
  }
  return bad;
}

/* A test that is body on every engine (each_engine) and passes when no
** difference was found; g_case names it in reports. */
static void all_engines_agree(const char *name, unsigned salt,
                              size_t (*body)(dut_ant *d, const dut_ant_info *inf, nm_rng *r,
                                             size_t *count)) {
  g_case = name;
  size_t bad = each_engine(salt, body, NULL);
  ck_assert_msg(bad == 0, "%zu differences", bad);
}

/* Forward conv: image = input plane, kernel = weights, st = stride, d = 1. */
static size_t test_forward_conv_shapes_match_model_in_both_modes_on(dut_ant *d, const dut_ant_info *inf, nm_rng *r,
                                                                    size_t *cmds) {
  static const int ks[] = {1, 3, 5};
  size_t bad = 0;
  for (size_t rep = 0; rep < reps(12); rep++)
    for (int ki = 0; ki < 3; ki++)
      for (int st = 1; st <= 2; st++)
        for (int pad = 0; pad <= 1; pad++) {
          int k = ks[ki], h = 4 + (int)nm_rng_below(r, 29), w = 4 + (int)nm_rng_below(r, 29);
          if (h < k) h = k;
          if (w < k) w = k;
          nm_ant_cmd c = {0, (h + 2 * pad - k) / st + 1, (w + 2 * pad - k) / st + 1, st, 1, pad,
                          inf->n};
          while ((long)c.hout * c.wout > inf->obuf_depth) c.hout--;
          int vclass = (int)(*cmds % 3);
          nm_ant_plane img, ker;
          ck_assert(!nm_ant_plane_random(&img, h, w, densities[nm_rng_below(r, 5)], vclass, r));
          /* Weights are small planes: at 5% most would be empty. */
          ck_assert(!nm_ant_plane_random(&ker, k, k, densities[2 + nm_rng_below(r, 3)], vclass, r));
          char what[96];
          snprintf(what, sizeof what, "fwd#%zu(%dx%d k%d st%d pad%d)", *cmds, h, w, k, st, pad);
          bad += check_shape(d, inf, what, &c, &img, &ker);
          (*cmds)++;
          nm_ant_plane_free(&img), nm_ant_plane_free(&ker);
        }
  return bad;
}

START_TEST(test_forward_conv_shapes_match_model_in_both_modes) {
  g_case = "test_forward_conv_shapes_match_model_in_both_modes";
  size_t cmds = 0, bad =
      each_engine(0, test_forward_conv_shapes_match_model_in_both_modes_on, &cmds);
  printf("forward conv: %zu shapes x 2 modes\n", cmds);
  print_coverage();
  ck_assert_msg(bad == 0, "%zu differences", bad);
}
END_TEST

/* Weight gradient: image = activation X (h x w), kernel = output gradient
** dY (ho x wo), st = 1, d = stride, output = dW (k x k). */
static size_t test_weight_gradient_shapes_match_model_in_both_modes_on(dut_ant *d, const dut_ant_info *inf, nm_rng *r,
                                                                       size_t *cmds) {
  static const int ks[] = {1, 3, 5};
  size_t bad = 0;
  for (size_t rep = 0; rep < reps(12); rep++)
    for (int ki = 0; ki < 3; ki++)
      for (int stride = 1; stride <= 2; stride++)
        for (int pad = 0; pad <= 1; pad++) {
          int k = ks[ki], h = 4 + (int)nm_rng_below(r, 29), w = 4 + (int)nm_rng_below(r, 29);
          if (h < k) h = k;
          if (w < k) w = k;
          int ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
          nm_ant_cmd c = {0, k, k, 1, stride, pad, inf->n};
          int vclass = (int)(*cmds % 3);
          nm_ant_plane x, dy;
          ck_assert(!nm_ant_plane_random(&x, h, w, densities[nm_rng_below(r, 5)], vclass, r));
          ck_assert(!nm_ant_plane_random(&dy, ho, wo, densities[nm_rng_below(r, 5)], vclass, r));
          char what[96];
          snprintf(what, sizeof what, "wg#%zu(%dx%d k%d stride%d pad%d)", *cmds, h, w, k, stride, pad);
          bad += check_shape(d, inf, what, &c, &x, &dy);
          (*cmds)++;
          nm_ant_plane_free(&x), nm_ant_plane_free(&dy);
        }
  return bad;
}

START_TEST(test_weight_gradient_shapes_match_model_in_both_modes) {
  g_case = "test_weight_gradient_shapes_match_model_in_both_modes";
  size_t cmds = 0, bad =
      each_engine(100, test_weight_gradient_shapes_match_model_in_both_modes_on, &cmds);
  printf("weight gradient: %zu shapes x 2 modes\n", cmds);
  print_coverage();
  ck_assert_msg(bad == 0, "%zu differences", bad);
}
END_TEST

/* Each test runs in its own process (Check forks): print per test. */
static void print_coverage(void) {
  printf("  covered: %llu pairs, %llu valid products, %llu cycles, %llu non-zero and %llu "
         "Inf/NaN outputs\n", (unsigned long long)g_pairs, (unsigned long long)g_valid,
         (unsigned long long)g_cycles, (unsigned long long)g_nonzero, (unsigned long long)g_special);
}

/* A forward conv summed over input channels, one command per channel:
** clear on the first, keep on the rest; after every command the readout
** equals the model's running exact sum (and the last one equals one exact
** sum of all products).  Modes alternate between commands. */
static size_t test_keep_flag_accumulates_one_exact_sum_on(dut_ant *d, const dut_ant_info *inf, nm_rng *r,
                                                          size_t *cmds) {
  (void)cmds;
  size_t bad = 0;
  for (size_t rep = 0; rep < reps(3); rep++) {
    int h = 6 + (int)nm_rng_below(r, 20), w = 6 + (int)nm_rng_below(r, 20);
    nm_ant_cmd c = {0, h, w, 1, 1, 1, inf->n};   /* 3x3, pad 1: same size */
    size_t no = (size_t)h * w;
    nm_ant_acc *acc = xcalloc(no, sizeof *acc);
    uint32_t *exp = xcalloc(3 * no, sizeof *exp), *got = xcalloc(3 * no, sizeof *got);
    int vclass = (int)(rep % 3);
    for (int ch = 0; ch < 5; ch++) {
      nm_ant_plane img, ker;
      ck_assert(!nm_ant_plane_random(&img, h, w, densities[nm_rng_below(r, 5)], vclass, r));
      ck_assert(!nm_ant_plane_random(&ker, 3, 3, densities[2 + nm_rng_below(r, 3)], vclass, r));
      ant_load_planes(d, &img, &ker);
      c.mode = ch & 1;
      char what[64];
      dut_ant_result res;
      snprintf(what, sizeof what, "keep#%zu ch%d/%s", rep, ch, c.mode ? "scnn" : "ant");
      bad += run_one(d, inf, what, &c, &img, &ker, ch == 0, acc, &res);
      expect_outputs(acc, no, exp);
      read_outputs(d, no, got);
      bad += report(inf->cfg, what, w, exp, got, no);
      nm_ant_plane_free(&img), nm_ant_plane_free(&ker);
    }
    free(acc), free(exp), free(got);
  }
  return bad;
}

START_TEST(test_keep_flag_accumulates_one_exact_sum) {
  all_engines_agree("test_keep_flag_accumulates_one_exact_sum", 200, test_keep_flag_accumulates_one_exact_sum_on);
}
END_TEST

/* +-65504 everywhere: each product is ~2^80 units, so a few hundred of
** them overflow an 84-bit accumulator.  The flag (ovf_o, per-output flags,
** NaN readout) must be where the model puts it; the 84-bit config must see
** at least one overflow, so the path is exercised. */
static size_t test_accumulator_overflow_is_flagged_on(dut_ant *d, const dut_ant_info *inf, nm_rng *r,
                                                      size_t *cmds) {
  (void)cmds;
  size_t bad = 0;
  int seen = 0;
  for (int rep = 0; rep < 3; rep++) {
    nm_ant_plane x, dy;
    ck_assert(!nm_ant_plane_random(&x, 24, 24, 1.0, NM_ANT_V_MAX, r));
    ck_assert(!nm_ant_plane_random(&dy, 22, 22, 1.0, NM_ANT_V_MAX, r));
    nm_ant_cmd c = {0, 3, 3, 1, 1, 0, inf->n};
    size_t no = 9;
    nm_ant_acc acc[9];
    uint32_t exp[27], got[27];
    dut_ant_result res;
    ant_load_planes(d, &x, &dy);
    for (int keep = 0; keep < 2; keep++) {
      c.mode = keep;
      bad += run_one(d, inf, keep ? "ovf/keep" : "ovf", &c, &x, &dy, !keep, acc, &res);
      seen |= res.ovf;
      expect_outputs(acc, no, exp);
      read_outputs(d, no, got);
      bad += report(inf->cfg, "ovf", 3, exp, got, no);
    }
    nm_ant_plane_free(&x), nm_ant_plane_free(&dy);
  }
  if (inf->acc_bits < 90 && !seen) {
    fprintf(stderr, "%s: no accumulator overflow seen at %d bits\n", inf->cfg, inf->acc_bits);
    bad++;
  }
  return bad;
}

START_TEST(test_accumulator_overflow_is_flagged) {
  all_engines_agree("test_accumulator_overflow_is_flagged", 300, test_accumulator_overflow_is_flagged_on);
}
END_TEST

/* Refused commands: the model's code, done without hanging, and the
** accumulators read the same before and after. */
static size_t test_bad_commands_are_refused_and_touch_nothing_on(dut_ant *d, const dut_ant_info *inf, nm_rng *r,
                                                                 size_t *cmds) {
  (void)cmds;
  size_t bad = 0;
  nm_ant_plane img, ker;
  ck_assert(!nm_ant_plane_random(&img, 8, 8, 0.5, NM_ANT_V_PLAIN, r));
  ck_assert(!nm_ant_plane_random(&ker, 3, 3, 0.8, NM_ANT_V_PLAIN, r));
  nm_ant_cmd good = {0, 6, 6, 1, 1, 0, inf->n};
  nm_ant_acc acc[36];
  uint32_t before[108], after[108];
  dut_ant_result res;
  ant_load_planes(d, &img, &ker);
  bad += run_one(d, inf, "good", &good, &img, &ker, 1, acc, &res);
  read_outputs(d, 36, before);
  const struct { int st, d, hout, wout, rows; } cases[] = {
      {3, 1, 6, 6, 8}, {0, 1, 6, 6, 8}, {1, 3, 6, 6, 8}, {1, 8, 6, 6, 8}, {5, 0, 6, 6, 8},
      {1, 1, 0, 6, 8}, {1, 1, 6, 0, 8}, {1, 1, 1024, 1024, 8}, {1, 1, inf->obuf_depth + 1, 1, 8},
      {1, 1, 6, 6, inf->rows + 1}, {2, 2, 6, 6, 65535}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    nm_ant_cmd c = {(int)(i & 1), cases[i].hout, cases[i].wout, cases[i].st, cases[i].d, 0, inf->n};
    nm_ant_plane big = img;
    big.rows = cases[i].rows;   /* only the row count reaches the engine */
    nm_ant_limits lim = {inf->rows, inf->obuf_depth};
    ck_assert_int_ne(nm_ant_check(&c, &lim, big.rows, ker.rows), 0);
    char what[48];
    snprintf(what, sizeof what, "bad#%zu", i);
    bad += run_one(d, inf, what, &c, &big, &ker, 1, acc, &res);
    read_outputs(d, 36, after);
    bad += report(inf->cfg, what, 6, before, after, 36);
  }
  /* Batches over the row tables or the accumulators, and a keep batch over
  ** the words "good" cleared (36): the model's code (nm_ant_check_batch). */
  const struct { unsigned cim1, com1; } bcases[] = {
      {(unsigned)inf->rows / 8, 0}, {0, (unsigned)inf->rows / 3}, {127, 127},
      {(unsigned)inf->rows / 8 - 1, (unsigned)inf->rows / 3 - 1}, {0, 1}};
  for (size_t i = 0; i < sizeof bcases / sizeof bcases[0]; i++) {
    nm_ant_limits lim = {inf->rows, inf->obuf_depth};
    int ci = (int)bcases[i].cim1 + 1, co = (int)bcases[i].com1 + 1, keep = i == 4;
    long cleared = 36;
    int err = nm_ant_check_batch(&good, &lim, 8, 3, ci, co);
    if (!err) err = nm_ant_check_clear_batch(&good, !keep, ci * co, &cleared);
    ck_assert_int_ne(err, 0);
    dut_ant_cmd dc = to_dut(&good, 8, 3, !keep);
    dc.cim1 = bcases[i].cim1, dc.com1 = bcases[i].com1;
    char what[48];
    snprintf(what, sizeof what, "bad batch#%zu (%dx%d)", i, ci, co);
    if (dut_ant_run(d, &dc, &res, MAX_CYCLES) != 0 || res.err != err) {
      fprintf(stderr, "MISMATCH %s %s: err %d, expected %d\n", inf->cfg, what, res.err, err);
      rerun(inf->cfg);
      bad++;
    }
    read_outputs(d, 36, after);
    bad += report(inf->cfg, what, 6, before, after, 36);
  }
  nm_ant_plane_free(&img), nm_ant_plane_free(&ker);
  return bad;
}

START_TEST(test_bad_commands_are_refused_and_touch_nothing) {
  all_engines_agree("test_bad_commands_are_refused_and_touch_nothing", 400, test_bad_commands_are_refused_and_touch_nothing_on);
}
END_TEST

/* nm_ant_range alone, exhaustively over small parameters: the rows it
** enumerates (r_lo, step, r_hi) are the model formula's rows, and the
** column bounds are the formula's. */
START_TEST(test_range_unit_exhaustive_matches_model_formula) {
  g_case = "test_range_unit_exhaustive_matches_model_formula";
  dut_ant_range *u = dut_ant_range_open();
  ck_assert_ptr_nonnull(u);
  size_t bad = 0, n = 0;
  const int ymax = tu_quick() ? 6 : 12, xmax_n = tu_quick() ? 5 : 9;
  for (int st = 1; st <= 4; st *= 2)
    for (int dd = 1; dd <= 4; dd *= 2)
      for (int pad = 0; pad <= 2; pad++)
        for (int hout = 1; hout <= 5; hout++)
          for (int wout = 1; wout <= 4; wout++)
            for (int kh = 0; kh <= 8; kh++)
              for (int y = 0; y < ymax; y++)
                for (int xmin = 0; xmin < xmax_n; xmin++)
                  for (int xmax = xmin; xmax < xmax_n; xmax++) {
                    nm_ant_cmd c = {0, hout, wout, st, dd, pad, 4};
                    nm_ant_range_t e;
                    nm_ant_range(&c, kh, y, xmin, xmax, &e);
                    dut_ant_range_in in = {(unsigned)y, (unsigned)xmin, (unsigned)xmax, (unsigned)pad,
                                           (unsigned)hout, (unsigned)wout, (unsigned)kh,
                                           (unsigned)st, (unsigned)dd};
                    dut_ant_range_out g;
                    dut_ant_range_eval(u, &in, &g);
                    n++;
                    int ok = (long)g.ds_lo == e.ds_lo && (long)g.ds_hi == e.ds_hi &&
                             g.empty == e.empty;
                    if (ok && !e.empty)
                      ok = (int)g.r_lo == e.r_lo && (int)g.r_hi == e.r_hi &&
                           (1 << g.step_log) == e.r_step;
                    if (!ok && bad++ < MAX_REPORT) {
                      fprintf(stderr, "MISMATCH range(y=%d x=[%d,%d] pad=%d Hout=%d Wout=%d kh=%d st=%d d=%d): "
                              "expected empty=%d r=%d..%d step %d ds=[%ld,%ld] got empty=%d r=%u..%u "
                              "step %d ds=[%u,%u]\n", y, xmin, xmax, pad, hout, wout, kh, st, dd,
                              e.empty, e.r_lo, e.r_hi, e.r_step, e.ds_lo, e.ds_hi, g.empty, g.r_lo,
                              g.r_hi, 1 << g.step_log, g.ds_lo, g.ds_hi);
                      rerun("default");
                    }
                  }
  dut_ant_range_close(u);
  printf("range unit: %zu parameter sets\n", n);
  ck_assert_msg(bad == 0, "%zu of %zu range outputs differ", bad, n);
}
END_TEST

/* Batches: one command over CI x CO channel pairs (planes stacked in the row
** tables, output plane p = i*CO + j) equals the pairs run one by one on the
** same engine, bit for bit, and the model's sums; its counters are the sum
** of the pairs', its cycles nm_ant_cycles_batch's.  A second batch without
** CLEAR adds onto the first. */
static size_t test_batches_equal_pairs_one_by_one_on(dut_ant *d, const dut_ant_info *inf, nm_rng *r,
                                                     size_t *cmds) {
  size_t bad = 0;
  for (size_t rep = 0; rep < reps(16); rep++) {
    int k = rep % 2 ? 3 : 1, stride = 1 + (int)nm_rng_below(r, 2), pad = k / 2;
    int h = 4 + (int)nm_rng_below(r, 7), ho = (h + 2 * pad - k) / stride + 1;
    int ci = 1 + (int)nm_rng_below(r, 4), co = 1 + (int)nm_rng_below(r, 4);
    while (ci * h > inf->rows) ci--;
    while (co * ho > inf->rows) co--;
    nm_ant_cmd c = {(int)(rep / 2 % 2), k, k, 1, stride, pad, inf->n};
    const size_t hw = (size_t)k * k, no = hw * (size_t)(ci * co);
    nm_ant_plane x[4], dy[4], sx, sdy;
    const double dens = densities[nm_rng_below(r, 5)];
    for (int i = 0; i < ci; i++) ck_assert(!nm_ant_plane_random(&x[i], h, h, dens, (int)(rep % 3), r));
    for (int j = 0; j < co; j++) ck_assert(!nm_ant_plane_random(&dy[j], ho, ho, dens, (int)(rep % 3), r));
    /* The pairs one by one (CI = CO = 1), each plane p read out. */
    uint32_t *one = xcalloc(3 * no, sizeof *one), *got = xcalloc(3 * no, sizeof *got),
             *exp = xcalloc(3 * no, sizeof *exp);
    nm_ant_acc *acc = xcalloc(no, sizeof *acc);
    nm_ant_counts sum = {0, 0, 0, 0, 0};
    nm_ant_csr cx[4], cdy[4];
    for (int i = 0; i < ci; i++) cx[i] = nm_ant_plane_csr(&x[i]);
    for (int j = 0; j < co; j++) cdy[j] = nm_ant_plane_csr(&dy[j]);
    for (int i = 0; i < ci; i++)
      for (int j = 0; j < co; j++) {
        dut_ant_result res;
        ant_load_planes(d, &x[i], &dy[j]);
        dut_ant_cmd dc = to_dut(&c, h, ho, 1);
        ck_assert(dut_ant_run(d, &dc, &res, MAX_CYCLES) == 0 && res.err == 0);
        read_outputs(d, hw, one + 3 * hw * (size_t)(i * co + j));
        nm_ant_counts m;
        nm_ant_count(&c, &cx[i], &cdy[j], &m);
        sum.pairs += m.pairs, sum.products += m.products, sum.rcps += m.rcps, sum.skipped += m.skipped;
        nm_ant_accumulate(&c, inf->acc_bits, &cx[i], &cdy[j], acc + hw * (size_t)(i * co + j));
      }
    ck_assert(!nm_ant_plane_stack(x, ci, &sx) && !nm_ant_plane_stack(dy, co, &sdy));
    ant_load_planes(d, &sx, &sdy);
    for (int pass = 0; pass < 2; pass++) {   /* CLEAR, then keep adding */
      char what[128];
      snprintf(what, sizeof what, "batch#%zu(%dx%d pairs, %dx%d k%d stride%d %s%s)", *cmds, ci, co, h,
               h, k, stride, c.mode ? "scnn" : "ant", pass ? " keep" : "");
      dut_ant_cmd dc = to_dut(&c, h, ho, !pass);
      dc.cim1 = (unsigned)ci - 1, dc.com1 = (unsigned)co - 1;
      dut_ant_result res;
      if (dut_ant_run(d, &dc, &res, MAX_CYCLES) != 0 || res.err) {
        fprintf(stderr, "MISMATCH %s %s: refused or hung (err %d)\n", inf->cfg, what, res.err);
        rerun(inf->cfg);
        bad++;
        break;
      }
      read_outputs(d, no, got);
      if (pass == 0) {
        bad += report(inf->cfg, what, k, one, got, no);   /* = the pairs one by one */
      } else {
        for (int i = 0; i < ci; i++)
          for (int j = 0; j < co; j++)
            nm_ant_accumulate(&c, inf->acc_bits, &cx[i], &cdy[j], acc + hw * (size_t)(i * co + j));
      }
      expect_outputs(acc, no, exp);
      bad += report(inf->cfg, what, k, exp, got, no);
      uint64_t mc = nm_ant_cycles_batch(&c, !pass, ci, cx, co, cdy);
      if (ant_counters_differ(inf->cfg, what, &sum, mc, &res, (unsigned long long)tu_seed())) {
        rerun(inf->cfg);
        bad++;
      }
      g_pairs += res.pairs, g_cycles += res.cycles;
    }
    (*cmds)++;
    for (int i = 0; i < ci; i++) nm_ant_plane_free(&x[i]);
    for (int j = 0; j < co; j++) nm_ant_plane_free(&dy[j]);
    nm_ant_plane_free(&sx), nm_ant_plane_free(&sdy);
    free(one), free(got), free(exp), free(acc);
  }
  return bad;
}

START_TEST(test_batches_equal_pairs_one_by_one) {
  g_case = "test_batches_equal_pairs_one_by_one";
  size_t cmds = 0, bad = each_engine(700, test_batches_equal_pairs_one_by_one_on, &cmds);
  printf("batches: %zu CI x CO commands, each with and without CLEAR\n", cmds);
  ck_assert_msg(bad == 0, "%zu differences", bad);
}
END_TEST

static Suite *rtl_ant_suite(void) {
  const TTest *tests[] = {test_range_unit_exhaustive_matches_model_formula,
                          test_forward_conv_shapes_match_model_in_both_modes,
                          test_weight_gradient_shapes_match_model_in_both_modes,
                          test_keep_flag_accumulates_one_exact_sum,
                          test_accumulator_overflow_is_flagged,
                          test_bad_commands_are_refused_and_touch_nothing,
                          test_batches_equal_pairs_one_by_one, NULL};
  return check_suite("rtl_ant", "rtl_ant", 3600, tests);
}

static const char *cfg_at(size_t i) { return dut_ant_info_at(i)->cfg; }

const check_prog check_program = {.name = "test_rtl_ant", .suite = rtl_ant_suite,
                                   .cfg_count = dut_ant_count, .cfg_name = cfg_at};
