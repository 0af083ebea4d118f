/*
** RTL vs golden model, bit for bit, for the sparse tensor computing engine.
**
** Every linked nm_stce (configs of different shapes incl. non-square, MMAX,
** FP depths and dataflows) runs random GEMM commands in every dataflow it
** was generated with: I and J not multiples of R and C, K' shorter and
** longer than R, every N:M with M <= MMAX (1:2 2:4 1:4 3:4 2:8 4:8 1:8 1:16,
** N = M sparse, and dense A), init +0 and C_in (in place or elsewhere), fp32
** and fp16 out, special values mixed in (subnormals, +-0, Inf, NaN).  After
** each command every C-buffer word must equal the model: the results in the
** output region, the old contents elsewhere; cycles_o must equal both the
** busy_o cycles the shim counted and the cycle model exactly; with both
** dataflows the OS and WS results must be the same bits.  Where OS has
** L > 1 slots, both tile shapes (slots across J, slots across I:
** nm_stce_os_islot) must have run.  Bad commands (in each dataflow; a dataflow not generated is
** itself a bad command) must be refused with their code in the check's 2
** cycles, leave all buffers unchanged, and the next good command must run;
** B ending at the top of its buffer (ceil(J / max(R, C)) * G words a bank,
** the skewed layout of tall arrays) runs, one word higher is refused.
**
** Knobs (check_util.h): NMTEST_SEED, NMTEST_QUICK, NMTEST_ONLY_CFG,
** NMTEST_LONG (more commands).  The harness is stce_harness.h; the bench-stce
** tables are tb/bench/stce_bench.c.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "fp_vectors.h"
#include "nm_fp.h"
#include "stce_harness.h"

/* The N:M patterns every config runs (those with M <= MMAX); N = 0 is dense. */
static const int kNM[][2] = {{1, 2}, {2, 4}, {1, 4}, {3, 4}, {2, 8}, {4, 8}, {1, 8},
                             {1, 16}, {4, 4}, {0, 2}, {0, 4}, {0, 8}, {0, 3}};
#define NUM_NM (sizeof kNM / sizeof kNM[0])

static uint32_t rand32(nm_rng *r) {
  static uint32_t sp[64];
  size_t nsp = fpv_special32(sp, 64);
  uint32_t p = nm_rng_below(r, 100);
  if (p < 4) return sp[nm_rng_below(r, (uint32_t)nsp)];
  if (p < 8) return (nm_rng_u32(r) & 0x80000000u) | nm_rng_below(r, 0x800000u);
  return (nm_rng_u32(r) & 0x80000000u) | ((120u + nm_rng_below(r, 16)) << 23) |
         (nm_rng_u32(r) & 0x7FFFFFu);
}

/* Shape of a random command with N:M pattern p that fits the buffers. */
static void pick_shape(nm_rng *r, const dut_stce_info *in, int p, int long_k, nm_gemm_cmd *g) {
  nm_stce_hw hw = st_hw(in);
  int R = in->rows, L = nm_stce_slots(&hw);
  int N = kNM[p][0], M = kNM[p][1];
  g->a_sparse = N != 0, g->M = M, g->N = N ? N : M;
  /* K' below R (when R > 1) or above it. */
  int kp = long_k || R == 1 ? R + 1 + (int)nm_rng_below(r, (uint32_t)(2 * R + 4))
                            : 1 + (int)nm_rng_below(r, (uint32_t)(R - 1));
  int groups = (int)st_ceil_div((uint64_t)kp, (uint64_t)g->N);
  g->K = groups * M;
  g->I = 1 + (int)nm_rng_below(r, (uint32_t)(3 * R + 1));
  g->J = 1 + (int)nm_rng_below(r, (uint32_t)(2 * L * in->cols + 1));
  for (;;) { /* shrink until it fits */
    uint64_t na, nb, nc;
    st_needs(in, g, &na, &nb, &nc);
    if (na <= (uint64_t)in->abuf_depth && nb <= (uint64_t)in->bbuf_depth &&
        nc <= (uint64_t)in->cbuf_depth)
      break;
    if (nb > (uint64_t)in->bbuf_depth && g->J > 1) g->J = (g->J + 1) / 2;
    else if (g->I > 1) g->I = (g->I + 1) / 2;
    else if (g->J > 1) g->J = (g->J + 1) / 2;
    else g->K -= M;
  }
}

/* Bases: random where the regions fit; C_in in place or in its own region. */
static void pick_bases(nm_rng *r, const dut_stce_info *in, st_case *c) {
  uint64_t na, nb, nc;
  st_needs(in, &c->g, &na, &nb, &nc);
  c->d.abase = nm_rng_below(r, (uint32_t)((uint64_t)in->abuf_depth - na + 1));
  c->d.bbase = nm_rng_below(r, (uint32_t)((uint64_t)in->bbuf_depth - nb + 1));
  if (c->g.init_cin && 2 * nc <= (uint64_t)in->cbuf_depth && nm_rng_below(r, 2)) {
    c->d.cbase = nm_rng_below(r, (uint32_t)((uint64_t)in->cbuf_depth - 2 * nc + 1));
    c->d.cinbase = c->d.cbase + (unsigned)nc;
    if (nm_rng_below(r, 2)) { unsigned t = c->d.cbase; c->d.cbase = c->d.cinbase, c->d.cinbase = t; }
  } else {
    c->d.cbase = nm_rng_below(r, (uint32_t)((uint64_t)in->cbuf_depth - nc + 1));
    c->d.cinbase = c->d.cbase;
  }
}

/* A random command with pattern p and its tensors. */
static st_case make_case(nm_rng *r, const dut_stce_info *in, int p, int long_k) {
  st_case c;
  memset(&c, 0, sizeof c);
  pick_shape(r, in, p, long_k, &c.g);
  c.g.init_cin = (int)nm_rng_below(r, 2);
  c.g.out16 = (int)nm_rng_below(r, 2);
  int I = c.g.I, J = c.g.J, K = c.g.K, kp = nm_gemm_kp(&c.g), N = c.g.N, M = c.g.M;
  c.aval = malloc((size_t)(I * kp) * 2), c.aidx = calloc((size_t)(I * kp), 1);
  c.b = malloc((size_t)(K * J) * 2), c.cin = malloc((size_t)(I * J) * 4);
  ck_assert_msg(c.aval && c.aidx && c.b && c.cin, "out of memory");
  for (int q = 0; q < I * kp; q++) c.aval[q] = st_rand16(r);
  if (c.g.a_sparse) /* N distinct increasing indices per group (selection sampling) */
    for (int i = 0; i < I; i++)
      for (int g = 0; g < K / M; g++)
        for (int n = 0, e = 0; n < N; e++)
          if ((int)nm_rng_below(r, (uint32_t)(M - e)) < N - n) c.aidx[i * kp + g * N + n++] = (uint8_t)e;
  for (int q = 0; q < K * J; q++) c.b[q] = st_rand16(r);
  for (int q = 0; q < I * J; q++) c.cin[q] = rand32(r);
  pick_bases(r, in, &c);
  c.d.rows = (unsigned)I, c.d.cols = (unsigned)J, c.d.k = (unsigned)K;
  c.d.n = (unsigned)(c.g.a_sparse ? N : 0), c.d.m = (unsigned)M; /* dense: N port unused */
  c.d.sparse = c.g.a_sparse, c.d.cin = c.g.init_cin, c.d.out16 = c.g.out16, c.d.ws = 0;
  return c;
}

/* The output region's words of a C-buffer snapshot (bank-major), I x J. */
static void out_region(const dut_stce_info *in, const st_case *c, const uint32_t *snap, uint32_t *out) {
  nm_layout_cfg L = st_layout(in);
  for (int i = 0; i < c->g.I; i++)
    for (int j = 0; j < c->g.J; j++) {
      nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->d.cbase);
      out[i * c->g.J + j] = snap[(size_t)l.bank * (size_t)in->cbuf_depth + l.word];
    }
}

/* One case in every generated dataflow; with both, the two results must be
** the same bits (each is also checked against the model). */
static size_t run_all_dataflows(dut_stce *d, const dut_stce_info *in, nm_rng *r, st_case *c,
                                uint32_t *before, uint32_t *after) {
  size_t n = (size_t)c->g.I * (size_t)c->g.J, ran = 0;
  uint32_t *os_out = malloc(n * 4), *ws_out = malloc(n * 4);
  ck_assert(os_out && ws_out);
  if (in->has_os) {
    st_set_ws(c, 0);
    st_run_good(d, in, r, c, before, after);
    out_region(in, c, after, os_out);
    ran++;
  }
  if (in->has_ws) {
    st_set_ws(c, 1);
    st_run_good(d, in, r, c, before, after);
    out_region(in, c, after, ws_out);
    ran++;
  }
  if (ran == 2 && memcmp(os_out, ws_out, n * 4) != 0) st_print_cmd(in, c);
  ck_assert_msg(ran < 2 || memcmp(os_out, ws_out, n * 4) == 0, "%s: OS and WS results differ",
                in->cfg);
  free(os_out), free(ws_out);
  return ran;
}

START_TEST(random_gemms_match_model_bit_exact_os_ws_identical_and_cycle_model) {
  size_t per_cfg = tu_quick() ? 2 * NUM_NM : tu_long() ? 40 * NUM_NM : 6 * NUM_NM;
  size_t ran = 0, ran_islot = 0;
  for (size_t m = 0; m < dut_stce_count(); m++) {
    const dut_stce_info *in;
    nm_rng r;
    dut_stce *d = st_open(m, &in, &r, tu_seed() * 1000003u + m);
    if (!d) continue;
    nm_stce_hw hw = st_hw(in);
    size_t shape[2] = {0, 0}; /* OS commands with slots across J, across I */
    uint32_t *before = malloc(st_snapshot_words(in, DUT_STCE_C) * 4);
    uint32_t *after = malloc(st_snapshot_words(in, DUT_STCE_C) * 4);
    ck_assert(before && after);
    for (size_t t = 0; t < per_cfg; t++) {
      int p = (int)(t % NUM_NM);
      if (kNM[p][1] > in->mmax) continue;
      st_case c = make_case(&r, in, p, (int)(t / NUM_NM) % 2);
      ran += run_all_dataflows(d, in, &r, &c, before, after);
      if (in->has_os) shape[nm_stce_os_islot(&hw, &c.g)]++;
      st_case_free(&c);
    }
    /* Coverage: a slot map the random shapes never picked is untested. */
    if (in->has_os && nm_stce_slots(&hw) > 1 && !tu_quick())
      ck_assert_msg(shape[0] && shape[1], "%s: OS ran %zu commands with slots across J, %zu across I",
                    in->cfg, shape[0], shape[1]);
    ran_islot += shape[1];
    free(before), free(after);
    dut_stce_close(d);
  }
  printf("stce: %zu random GEMM commands bit-exact (OS = WS where both, %zu OS with slots across I), "
         "cycles = model\n", ran, ran_islot);
}
END_TEST

/* Each bad command: its code, the 2 check cycles, all buffers unchanged. */
static void expect_refused(dut_stce *d, const dut_stce_info *in, const dut_stce_cmd *cmd, int code,
                           const char *what, uint32_t *const snap[3], uint32_t *tmp) {
  int err = -1;
  uint64_t cyc = 0;
  ck_assert_msg(dut_stce_run(d, cmd, &err, &cyc, 100) == 0, "%s: %s hung", in->cfg, what);
  ck_assert_msg(err == code, "%s: %s: err %d, want %d", in->cfg, what, err, code);
  ck_assert_msg(cyc == dut_stce_busy_cycles(d), "%s: %s: cycles_o %llu, but busy_o was high %llu cycles",
                in->cfg, what, (unsigned long long)cyc, (unsigned long long)dut_stce_busy_cycles(d));
  ck_assert_msg(cyc == 2, "%s: %s: %llu cycles, want the 2 check cycles", in->cfg, what,
                (unsigned long long)cyc);
  for (int b = 0; b < 3; b++) {
    size_t n = st_snapshot(d, in, b, tmp);
    ck_assert_msg(memcmp(tmp, snap[b], n * 4) == 0, "%s: %s changed buffer %c", in->cfg, what,
                  "ABC"[b]);
  }
}

START_TEST(bad_commands_refused_with_code_buffers_unchanged_next_runs) {
  for (size_t m = 0; m < dut_stce_count(); m++) {
    const dut_stce_info *in;
    nm_rng r;
    dut_stce *d = st_open(m, &in, &r, tu_seed() * 7919u + m);
    if (!d) continue;
    st_case c = make_case(&r, in, 1, 1); /* 2:4, fits every MMAX */
    /* B at the very top of its buffer: J = NB = max(R, C) columns take
    ** ceil(J/NB) * G = G words per bank (a tall array's skewed layout; J/C
    ** banks would need more), so bbase = depth - G fits and depth - G + 1
    ** does not. */
    nm_layout_cfg L = st_layout(in);
    int nbk = nm_layout_b_banks(&L);
    st_case edge = st_fixed_case(&r, in->rows + 1, nbk, 16, 2, 4, 0);
    edge.d.bbase = (unsigned)((uint64_t)in->bbuf_depth - nm_layout_b_need(&L, 4, nbk));
    uint32_t *snap[3], *tmp = malloc(st_snapshot_words(in, DUT_STCE_B) * 4 + st_snapshot_words(in, 0) * 4 +
                                     st_snapshot_words(in, 2) * 4);
    st_load(d, in, &r, &c);
    for (int b = 0; b < 3; b++) {
      snap[b] = malloc(st_snapshot_words(in, b) * 4);
      ck_assert(snap[b] && tmp);
      st_snapshot(d, in, b, snap[b]);
    }
    dut_stce_cmd bad;
    for (int ws = 0; ws < 2; ws++) {
      if (!(ws ? in->has_ws : in->has_os)) {
        bad = c.d, bad.ws = ws;
        expect_refused(d, in, &bad, NM_GEMM_ERR_DATAFLOW, "dataflow not generated", snap, tmp);
        continue;
      }
      c.d.ws = ws;
      bad = c.d, bad.n = bad.m + 1;
      expect_refused(d, in, &bad, NM_GEMM_ERR_NM, "N > M", snap, tmp);
      bad = c.d, bad.n = 0;
      expect_refused(d, in, &bad, NM_GEMM_ERR_NM, "N = 0", snap, tmp);
      bad = c.d, bad.m = (unsigned)in->mmax + 1, bad.n = 1, bad.k = bad.m * 2;
      expect_refused(d, in, &bad, NM_GEMM_ERR_MMAX, "M > MMAX", snap, tmp);
      bad = c.d, bad.k = c.d.k + 1;
      expect_refused(d, in, &bad, NM_GEMM_ERR_KMOD, "K % M != 0", snap, tmp);
      bad = c.d, bad.rows = 0;
      expect_refused(d, in, &bad, NM_GEMM_ERR_SIZE, "I = 0", snap, tmp);
      bad = c.d, bad.abase = (unsigned)in->abuf_depth - 1, bad.k = 64;
      expect_refused(d, in, &bad, NM_GEMM_ERR_SIZE, "A past its buffer", snap, tmp);
      bad = c.d, bad.bbase = (unsigned)in->bbuf_depth - 1, bad.k = 64;
      expect_refused(d, in, &bad, NM_GEMM_ERR_SIZE, "B past its buffer", snap, tmp);
      bad = edge.d, bad.ws = ws, bad.bbase = edge.d.bbase + 1;
      expect_refused(d, in, &bad, NM_GEMM_ERR_SIZE, "B one word past its buffer (ceil(J/NB)*G)", snap,
                     tmp);
      bad = c.d, bad.cbase = (unsigned)in->cbuf_depth - 1, bad.rows = 8;
      expect_refused(d, in, &bad, NM_GEMM_ERR_SIZE, "C past its buffer", snap, tmp);
      bad = c.d, bad.cin = 1, bad.cinbase = (unsigned)in->cbuf_depth - 1, bad.rows = 8;
      expect_refused(d, in, &bad, NM_GEMM_ERR_SIZE, "C_in past its buffer", snap, tmp);
    }
    st_set_ws(&c, in->has_ws && !in->has_os);
    uint32_t *before = malloc(st_snapshot_words(in, 2) * 4), *after = malloc(st_snapshot_words(in, 2) * 4);
    ck_assert(before && after);
    st_run_good(d, in, &r, &c, before, after); /* the next good command runs */
    run_all_dataflows(d, in, &r, &edge, before, after); /* B ending at the buffer's top runs */
    for (int b = 0; b < 3; b++) free(snap[b]);
    free(tmp), free(before), free(after);
    st_case_free(&c), st_case_free(&edge);
    dut_stce_close(d);
  }
}
END_TEST

static Suite *rtl_stce_suite(void) {
  const TTest *tests[] = {random_gemms_match_model_bit_exact_os_ws_identical_and_cycle_model,
                          bad_commands_refused_with_code_buffers_unchanged_next_runs, NULL};
  return check_suite("rtl_stce", "stce", 1200, tests);
}

static const char *cfg_at(size_t i) { return dut_stce_info_at(i)->cfg; }

const check_prog check_program = {.name = "test_rtl_stce", .suite = rtl_stce_suite,
                                   .cfg_count = dut_stce_count, .cfg_name = cfg_at};
