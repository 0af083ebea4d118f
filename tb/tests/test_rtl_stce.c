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
** busy_o cycles the shim counted and the cycle model exactly; with both dataflows the OS and WS results must be the
** same bits.  Bad commands (in each dataflow; a dataflow not generated is
** itself a bad command) must be refused with their code in the check's 2
** cycles, leave all buffers unchanged, and the next good command must run;
** B ending at the top of its buffer (ceil(J / max(R, C)) * G words a bank,
** the skewed layout of tall arrays) runs, one word higher is refused.
**
** Knobs (check_util.h): NMTEST_SEED, NMTEST_QUICK, NMTEST_ONLY_CFG,
** NMTEST_LONG (more commands), NMTEST_BENCH (the bench-stce tables).
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dut_stce.h"
#include "fp_vectors.h"
#include "nm_fp.h"
#include "nm_gemm.h"
#include "nm_rng.h"
#include "nm_stce_cycles.h"
#include "nm_layout.h"

/* The N:M patterns every config runs (those with M <= MMAX); N = 0 is dense. */
static const int kNM[][2] = {{1, 2}, {2, 4}, {1, 4}, {3, 4}, {2, 8}, {4, 8}, {1, 8},
                             {1, 16}, {4, 4}, {0, 2}, {0, 4}, {0, 8}, {0, 3}};
#define NUM_NM (sizeof kNM / sizeof kNM[0])

/* ---- one command and its tensors ------------------------------------------- */

typedef struct {
  nm_gemm_cmd g;      /* the model's view */
  dut_stce_cmd d;     /* the engine's ports */
  uint16_t *aval;     /* I x K' */
  uint8_t *aidx;      /* I x K' (sparse only) */
  uint16_t *b;        /* K x J */
  uint32_t *cin;      /* I x J */
} gcase;

static void gcase_free(gcase *c) {
  free(c->aval), free(c->aidx), free(c->b), free(c->cin);
  memset(c, 0, sizeof *c);
}

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* The layout of this engine (the STCE windows only are read). */
static nm_layout_cfg lay_of(const dut_stce_info *in) {
  nm_layout_cfg l = {0};
  l.rows = in->rows, l.cols = in->cols, l.mmax = in->mmax;
  l.abuf_depth = in->abuf_depth, l.bbuf_depth = in->bbuf_depth, l.cbuf_depth = in->cbuf_depth;
  return l;
}

static nm_stce_hw hw_of(const dut_stce_info *in) {
  nm_stce_hw h = {in->rows, in->cols, in->mul_stages, in->add_stages, in->cvt_stages};
  return h;
}

/* Values: mostly moderate magnitudes (so sums stay finite and interesting),
** with subnormals, signed zeros and the special list mixed in. */
static uint16_t rand16(nm_rng *r) {
  static uint16_t sp[64];
  size_t nsp = fpv_special16(sp, 64);
  uint32_t p = nm_rng_below(r, 100);
  if (p < 4) return sp[nm_rng_below(r, (uint32_t)nsp)];
  if (p < 8) return (uint16_t)((nm_rng_u32(r) & 0x8000u) | nm_rng_below(r, 0x400));
  if (p < 11) return (uint16_t)(nm_rng_u32(r) & 0x8000u);
  return (uint16_t)((nm_rng_u32(r) & 0x8000u) | ((9u + nm_rng_below(r, 13)) << 10) |
                    nm_rng_below(r, 1024));
}

static uint32_t rand32(nm_rng *r) {
  static uint32_t sp[64];
  size_t nsp = fpv_special32(sp, 64);
  uint32_t p = nm_rng_below(r, 100);
  if (p < 4) return sp[nm_rng_below(r, (uint32_t)nsp)];
  if (p < 8) return (nm_rng_u32(r) & 0x80000000u) | nm_rng_below(r, 0x800000u);
  return (nm_rng_u32(r) & 0x80000000u) | ((120u + nm_rng_below(r, 16)) << 23) |
         (nm_rng_u32(r) & 0x7FFFFFu);
}

/* Buffer words a command needs: A per bank, B per bank, C per region. */
static void needs(const dut_stce_info *in, const nm_gemm_cmd *g, uint64_t *na, uint64_t *nb,
                  uint64_t *nc) {
  nm_layout_cfg l = lay_of(in);
  *na = nm_layout_a_need(&l, g->I, nm_gemm_kp(g));
  *nb = nm_layout_b_need(&l, g->K / g->M, g->J);
  *nc = nm_layout_c_need(&l, g->I, g->J);
}

/* Shape of a random command with N:M pattern p that fits the buffers. */
static void pick_shape(nm_rng *r, const dut_stce_info *in, int p, int long_k, nm_gemm_cmd *g) {
  nm_stce_hw hw = hw_of(in);
  int R = in->rows, L = nm_stce_slots(&hw);
  int N = kNM[p][0], M = kNM[p][1];
  g->a_sparse = N != 0, g->M = M, g->N = N ? N : M;
  /* K' below R (when R > 1) or above it. */
  int kp = long_k || R == 1 ? R + 1 + (int)nm_rng_below(r, (uint32_t)(2 * R + 4))
                            : 1 + (int)nm_rng_below(r, (uint32_t)(R - 1));
  int groups = (int)ceil_div((uint64_t)kp, (uint64_t)g->N);
  g->K = groups * M;
  g->I = 1 + (int)nm_rng_below(r, (uint32_t)(3 * R + 1));
  g->J = 1 + (int)nm_rng_below(r, (uint32_t)(2 * L * in->cols + 1));
  for (;;) { /* shrink until it fits */
    uint64_t na, nb, nc;
    needs(in, g, &na, &nb, &nc);
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
static void pick_bases(nm_rng *r, const dut_stce_info *in, gcase *c) {
  uint64_t na, nb, nc;
  needs(in, &c->g, &na, &nb, &nc);
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
static gcase make_case(nm_rng *r, const dut_stce_info *in, int p, int long_k) {
  gcase c;
  memset(&c, 0, sizeof c);
  pick_shape(r, in, p, long_k, &c.g);
  c.g.init_cin = (int)nm_rng_below(r, 2);
  c.g.out16 = (int)nm_rng_below(r, 2);
  int I = c.g.I, J = c.g.J, K = c.g.K, kp = nm_gemm_kp(&c.g), N = c.g.N, M = c.g.M;
  c.aval = malloc((size_t)(I * kp) * 2), c.aidx = calloc((size_t)(I * kp), 1);
  c.b = malloc((size_t)(K * J) * 2), c.cin = malloc((size_t)(I * J) * 4);
  ck_assert_msg(c.aval && c.aidx && c.b && c.cin, "out of memory");
  for (int q = 0; q < I * kp; q++) c.aval[q] = rand16(r);
  if (c.g.a_sparse) /* N distinct increasing indices per group (selection sampling) */
    for (int i = 0; i < I; i++)
      for (int g = 0; g < K / M; g++)
        for (int n = 0, e = 0; n < N; e++)
          if ((int)nm_rng_below(r, (uint32_t)(M - e)) < N - n) c.aidx[i * kp + g * N + n++] = (uint8_t)e;
  for (int q = 0; q < K * J; q++) c.b[q] = rand16(r);
  for (int q = 0; q < I * J; q++) c.cin[q] = rand32(r);
  pick_bases(r, in, &c);
  c.d.rows = (unsigned)I, c.d.cols = (unsigned)J, c.d.k = (unsigned)K;
  c.d.n = (unsigned)(c.g.a_sparse ? N : 0), c.d.m = (unsigned)M; /* dense: N port unused */
  c.d.sparse = c.g.a_sparse, c.d.cin = c.g.init_cin, c.d.out16 = c.g.out16, c.d.ws = 0;
  return c;
}

/* ---- buffers ------------------------------------------------------------------ */

/* Load A', B and C_in in the engine's banked layouts (nm_layout.h).  B lanes
** e >= M get random bits: the engine must never select them. */
static void load_case(dut_stce *d, const dut_stce_info *in, nm_rng *r, const gcase *c) {
  nm_layout_cfg L = lay_of(in);
  int kp = nm_gemm_kp(&c->g), M = c->g.M, G = c->g.K / M;
  uint32_t w[8];
  for (int i = 0; i < c->g.I; i++)
    for (int q = 0; q < kp; q++) {
      nm_layout_loc v = nm_layout_a(&L, 0, i, q, kp, c->d.abase);
      nm_layout_loc x = nm_layout_a(&L, 1, i, q, kp, c->d.abase);
      memset(w, 0, sizeof w);
      w[0] = (uint32_t)c->aval[i * kp + q] << v.lsb |
             (c->g.a_sparse ? (uint32_t)c->aidx[i * kp + q] << x.lsb : 0u);
      dut_stce_write(d, DUT_STCE_A, v.bank, v.word, w);
    }
  for (int j = 0; j < c->g.J; j++)
    for (int g = 0; g < G; g++) {
      memset(w, 0, sizeof w);
      for (int e = 0; e < in->mmax; e++) { /* lanes >= M random, drawn in lane order */
        uint32_t v = e < M ? c->b[(g * M + e) * c->g.J + j] : nm_rng_u32(r) & 0xFFFFu;
        int lsb = nm_layout_b(&L, g, j, e, G, c->d.bbase).lsb;
        w[lsb / 32] |= v << (lsb % 32);
      }
      nm_layout_loc l = nm_layout_b(&L, g, j, 0, G, c->d.bbase);
      dut_stce_write(d, DUT_STCE_B, l.bank, l.word, w);
    }
  if (c->g.init_cin)
    for (int i = 0; i < c->g.I; i++)
      for (int j = 0; j < c->g.J; j++) {
        nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->d.cinbase);
        memset(w, 0, sizeof w);
        w[0] = c->cin[i * c->g.J + j];
        dut_stce_write(d, DUT_STCE_C, l.bank, l.word, w);
      }
}

/* Whole buffer `buf` into out (bank-major, one uint32 per word for A and C,
** MMAX/2 for B). */
static size_t snapshot(dut_stce *d, const dut_stce_info *in, int buf, uint32_t *out) {
  nm_layout_cfg L = lay_of(in);
  int banks = buf == DUT_STCE_A ? in->rows : buf == DUT_STCE_B ? nm_layout_b_banks(&L) : in->cols;
  int depth = buf == DUT_STCE_A ? in->abuf_depth : buf == DUT_STCE_B ? in->bbuf_depth : in->cbuf_depth;
  int words = buf == DUT_STCE_B ? in->mmax / 2 : 1;
  size_t n = 0;
  uint32_t w[8];
  for (int b = 0; b < banks; b++)
    for (int a = 0; a < depth; a++) {
      dut_stce_read(d, buf, b, (unsigned)a, w);
      for (int k = 0; k < words; k++) out[n++] = w[k];
    }
  return n;
}

static size_t snapshot_words(const dut_stce_info *in, int buf) {
  if (buf == DUT_STCE_A) return (size_t)in->rows * (size_t)in->abuf_depth;
  nm_layout_cfg L = lay_of(in);
  if (buf == DUT_STCE_B)
    return (size_t)nm_layout_b_banks(&L) * (size_t)in->bbuf_depth * (size_t)(in->mmax / 2);
  return (size_t)in->cols * (size_t)in->cbuf_depth;
}

/* ---- checking ------------------------------------------------------------------- */

static void print_cmd(const dut_stce_info *in, const gcase *c) {
  fprintf(stderr, "    command: cfg=%s %s I=%d J=%d K=%d %d:%d %s init=%s out=%s abase=%u bbase=%u "
                  "cinbase=%u cbase=%u\n    rerun: NMTEST_SEED=%llu NMTEST_ONLY_CFG=%s %s\n",
          in->cfg, c->g.ws ? "WS" : "OS", c->g.I, c->g.J, c->g.K, c->g.N, c->g.M,
          c->g.a_sparse ? "sparse" : "dense",
          c->g.init_cin ? "C_in" : "+0", c->g.out16 ? "fp16" : "fp32", c->d.abase, c->d.bbase,
          c->d.cinbase, c->d.cbase, (unsigned long long)tu_seed(), in->cfg, check_prog_name());
}

/* Every C-buffer word after the command: results in the output region, the
** snapshot elsewhere.  Returns the number of differing words (reported). */
static size_t check_cbuf(const dut_stce_info *in, const gcase *c, const uint32_t *before,
                         const uint32_t *after, const uint32_t *exp) {
  nm_layout_cfg L = lay_of(in);
  int C = in->cols;
  size_t bad = 0, depth = (size_t)in->cbuf_depth;
  for (int bank = 0; bank < C; bank++)
    for (size_t a = 0; a < depth; a++) {
      uint32_t want = before[(size_t)bank * depth + a], got = after[(size_t)bank * depth + a];
      const char *what = "untouched C word";
      int i = -1, j = -1;
      if (nm_layout_c_elem(&L, c->g.I, c->g.J, c->d.cbase, bank, (unsigned)a, &i, &j))
        want = exp[i * c->g.J + j], what = "C";
      if (want == got) continue;
      if (bad++ < 8)
        fprintf(stderr, "MISMATCH %s[%d][%d] (bank %d addr %zu): expected %08x got %08x\n", what,
                i, j, bank, a, want, got);
    }
  if (bad) print_cmd(in, c);
  return bad;
}

/* Run one good command on model i's dut and check results and cycles. */
static uint64_t run_good(dut_stce *d, const dut_stce_info *in, nm_rng *r, gcase *c,
                         uint32_t *before, uint32_t *after) {
  uint32_t *exp = malloc((size_t)(c->g.I * c->g.J) * 4);
  ck_assert(exp);
  load_case(d, in, r, c);
  snapshot(d, in, DUT_STCE_C, before);
  int err = -1;
  uint64_t cyc = 0;
  nm_stce_hw hw = hw_of(in);
  uint64_t want_cyc = nm_stce_cycles(&hw, &c->g, 0);
  int rc = dut_stce_run(d, &c->d, &err, &cyc, 4 * want_cyc + 1000);
  if (rc != 0 || err != 0) print_cmd(in, c);
  ck_assert_msg(rc == 0, "%s: engine hung (busy_o stuck) or never started", in->cfg);
  ck_assert_msg(err == 0, "%s: good command refused with err %d", in->cfg, err);
  nm_gemm_ref(&c->g, c->aval, c->aidx, c->b, c->cin, exp);
  snapshot(d, in, DUT_STCE_C, after);
  size_t bad = check_cbuf(in, c, before, after, exp);
  ck_assert_msg(bad == 0, "%s: %zu C-buffer words differ from the model", in->cfg, bad);
  uint64_t busy = dut_stce_busy_cycles(d);
  if (cyc != want_cyc || cyc != busy) print_cmd(in, c);
  ck_assert_msg(cyc == busy, "%s: cycles_o %llu, but busy_o was high %llu cycles", in->cfg,
                (unsigned long long)cyc, (unsigned long long)busy);
  ck_assert_msg(cyc == want_cyc, "%s: %llu cycles, cycle model says %llu", in->cfg,
                (unsigned long long)cyc, (unsigned long long)want_cyc);
  free(exp);
  return cyc;
}

static int selected(const dut_stce_info *in) {
  return !tu_only_cfg() || strcmp(tu_only_cfg(), in->cfg) == 0;
}

/* Set the dataflow of a case (model and ports). */
static void set_ws(gcase *c, int ws) { c->g.ws = ws, c->d.ws = ws; }

/* The output region's words of a C-buffer snapshot (bank-major), I x J. */
static void out_region(const dut_stce_info *in, const gcase *c, const uint32_t *snap, uint32_t *out) {
  nm_layout_cfg L = lay_of(in);
  for (int i = 0; i < c->g.I; i++)
    for (int j = 0; j < c->g.J; j++) {
      nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->d.cbase);
      out[i * c->g.J + j] = snap[(size_t)l.bank * (size_t)in->cbuf_depth + l.word];
    }
}

/* One case in every generated dataflow; with both, the two results must be
** the same bits (each is also checked against the model). */
static size_t run_all_dataflows(dut_stce *d, const dut_stce_info *in, nm_rng *r, gcase *c,
                                uint32_t *before, uint32_t *after) {
  size_t n = (size_t)c->g.I * (size_t)c->g.J, ran = 0;
  uint32_t *os_out = malloc(n * 4), *ws_out = malloc(n * 4);
  ck_assert(os_out && ws_out);
  if (in->has_os) {
    set_ws(c, 0);
    run_good(d, in, r, c, before, after);
    out_region(in, c, after, os_out);
    ran++;
  }
  if (in->has_ws) {
    set_ws(c, 1);
    run_good(d, in, r, c, before, after);
    out_region(in, c, after, ws_out);
    ran++;
  }
  if (ran == 2 && memcmp(os_out, ws_out, n * 4) != 0) print_cmd(in, c);
  ck_assert_msg(ran < 2 || memcmp(os_out, ws_out, n * 4) == 0, "%s: OS and WS results differ",
                in->cfg);
  free(os_out), free(ws_out);
  return ran;
}

START_TEST(random_gemms_match_model_bit_exact_os_ws_identical_and_cycle_model) {
  size_t per_cfg = tu_quick() ? 2 * NUM_NM : tu_long() ? 40 * NUM_NM : 6 * NUM_NM;
  size_t ran = 0;
  for (size_t m = 0; m < dut_stce_count(); m++) {
    const dut_stce_info *in = dut_stce_info_at(m);
    if (!selected(in)) continue;
    nm_rng r;
    nm_rng_seed(&r, tu_seed() * 1000003u + m);
    dut_stce *d = dut_stce_open(m);
    ck_assert(d);
    uint32_t *before = malloc(snapshot_words(in, DUT_STCE_C) * 4);
    uint32_t *after = malloc(snapshot_words(in, DUT_STCE_C) * 4);
    ck_assert(before && after);
    for (size_t t = 0; t < per_cfg; t++) {
      int p = (int)(t % NUM_NM);
      if (kNM[p][1] > in->mmax) continue;
      gcase c = make_case(&r, in, p, (int)(t / NUM_NM) % 2);
      ran += run_all_dataflows(d, in, &r, &c, before, after);
      gcase_free(&c);
    }
    free(before), free(after);
    dut_stce_close(d);
  }
  printf("stce: %zu random GEMM commands bit-exact (OS = WS where both), cycles = model\n", ran);
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
    size_t n = snapshot(d, in, b, tmp);
    ck_assert_msg(memcmp(tmp, snap[b], n * 4) == 0, "%s: %s changed buffer %c", in->cfg, what,
                  "ABC"[b]);
  }
}

static gcase bench_case(nm_rng *r, int I, int J, int K, int n, int m, int ws);

START_TEST(bad_commands_refused_with_code_buffers_unchanged_next_runs) {
  for (size_t m = 0; m < dut_stce_count(); m++) {
    const dut_stce_info *in = dut_stce_info_at(m);
    if (!selected(in)) continue;
    nm_rng r;
    nm_rng_seed(&r, tu_seed() * 7919u + m);
    dut_stce *d = dut_stce_open(m);
    ck_assert(d);
    gcase c = make_case(&r, in, 1, 1); /* 2:4, fits every MMAX */
    /* B at the very top of its buffer: J = NB = max(R, C) columns take
    ** ceil(J/NB) * G = G words per bank (a tall array's skewed layout; J/C
    ** banks would need more), so bbase = depth - G fits and depth - G + 1
    ** does not. */
    nm_layout_cfg L = lay_of(in);
    int nbk = nm_layout_b_banks(&L);
    gcase edge = bench_case(&r, in->rows + 1, nbk, 16, 2, 4, 0);
    edge.d.bbase = (unsigned)((uint64_t)in->bbuf_depth - nm_layout_b_need(&L, 4, nbk));
    uint32_t *snap[3], *tmp = malloc(snapshot_words(in, DUT_STCE_B) * 4 + snapshot_words(in, 0) * 4 +
                                     snapshot_words(in, 2) * 4);
    load_case(d, in, &r, &c);
    for (int b = 0; b < 3; b++) {
      snap[b] = malloc(snapshot_words(in, b) * 4);
      ck_assert(snap[b] && tmp);
      snapshot(d, in, b, snap[b]);
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
    set_ws(&c, in->has_ws && !in->has_os);
    uint32_t *before = malloc(snapshot_words(in, 2) * 4), *after = malloc(snapshot_words(in, 2) * 4);
    ck_assert(before && after);
    run_good(d, in, &r, &c, before, after); /* the next good command runs */
    run_all_dataflows(d, in, &r, &edge, before, after); /* B ending at the buffer's top runs */
    for (int b = 0; b < 3; b++) free(snap[b]);
    free(tmp), free(before), free(after);
    gcase_free(&c), gcase_free(&edge);
    dut_stce_close(d);
  }
}
END_TEST


/* ---- bench (NMTEST_BENCH=1): utilization, sparse speedup, SCALE-Sim ---------- */

static uint64_t gcd_u(uint64_t a, uint64_t b) { return b ? gcd_u(b, a % b) : a; }

/* Does an I x J x K command with N:M fit the buffers? */
static int fits(const dut_stce_info *in, int I, int J, int K, int n, int m) {
  nm_gemm_cmd g;
  memset(&g, 0, sizeof g);
  g.I = I, g.J = J, g.K = K, g.M = m, g.N = n ? n : m, g.a_sparse = n != 0;
  uint64_t na, nb, nc;
  needs(in, &g, &na, &nb, &nc);
  return na <= (uint64_t)in->abuf_depth && nb <= (uint64_t)in->bbuf_depth &&
         nc <= (uint64_t)in->cbuf_depth;
}

/* WS beats per tile at least (the cycle model's JMIN), rounded up to C. */
static int ws_jmin(const dut_stce_info *in) {
  nm_stce_hw hw = hw_of(in);
  return (int)(ceil_div(nm_stce_ws_jmin(&hw), (uint64_t)in->cols) * (uint64_t)in->cols);
}

/* The dense GEMM (M = m) with the most MACs that fits, ties to the longer
** K: I a multiple of the generated dataflows' tile heights, J of L*C (full
** OS tiles) and at least the WS minimum, K' >= 8R, and K/m (the 1:m K')
** at least the OS tile minimum, so every N:M of this M is a fair speedup. */
static void bench_shape(const dut_stce_info *in, int m, int *I, int *J, int *K) {
  nm_stce_hw hw = hw_of(in);
  int R = in->rows, C = in->cols, L = nm_stce_slots(&hw);
  int iu = in->has_ws ? (in->has_os ? (int)((uint64_t)R * (uint64_t)C / gcd_u((uint64_t)R, (uint64_t)C)) : C) : R;
  int ju = L * C, jmin = in->has_ws ? ws_jmin(in) : 1, kmin = (int)nm_stce_os_kmin(&hw);
  int ks = in->has_ws ? m * R : m; /* WS: the 1:m K' = K/m in whole K-tiles */
  uint64_t best = 0;
  *I = iu, *J = ju, *K = 8 * R;
  for (int i = iu; i <= 64; i += iu)
    for (int j = ju; j <= 128; j += ju)
      for (int k = ks; k <= 1024; k += ks) {
        if (j < jmin || k < 8 * R || k / m < kmin || !fits(in, i, j, k, 0, m)) continue;
        uint64_t w = (uint64_t)i * (uint64_t)j * (uint64_t)k;
        if (w > best || (w == best && k > *K)) best = w, *I = i, *J = j, *K = k;
      }
}

/* A command of fixed shape, dense (n = 0) or N:M, random values. */
static gcase bench_case(nm_rng *r, int I, int J, int K, int n, int m, int ws) {
  gcase c;
  memset(&c, 0, sizeof c);
  c.g.I = I, c.g.J = J, c.g.K = K, c.g.N = n ? n : m, c.g.M = m, c.g.a_sparse = n != 0;
  int kp = nm_gemm_kp(&c.g);
  c.aval = calloc((size_t)(I * kp), 2), c.aidx = calloc((size_t)(I * kp), 1);
  c.b = calloc((size_t)(K * J), 2), c.cin = calloc((size_t)(I * J), 4);
  ck_assert(c.aval && c.aidx && c.b && c.cin);
  for (int q = 0; q < I * kp; q++) c.aval[q] = rand16(r), c.aidx[q] = (uint8_t)(q % c.g.N);
  for (int q = 0; q < K * J; q++) c.b[q] = rand16(r);
  c.d.rows = (unsigned)I, c.d.cols = (unsigned)J, c.d.k = (unsigned)K;
  c.d.n = (unsigned)n, c.d.m = (unsigned)m, c.d.sparse = c.g.a_sparse;
  set_ws(&c, ws);
  return c;
}

/* Run (and check) one bench command; its cycles. */
static uint64_t bench_run(dut_stce *d, const dut_stce_info *in, nm_rng *r, int I, int J, int K,
                          int n, int m, int ws, uint32_t *before, uint32_t *after) {
  gcase c = bench_case(r, I, J, K, n, m, ws);
  uint64_t cyc = run_good(d, in, r, &c, before, after);
  gcase_free(&c);
  return cyc;
}

static const int kBenchNM[][2] = {{2, 4}, {1, 4}, {2, 8}, {1, 8}};

START_TEST(bench_utilization_and_sparse_speedup) {
  printf("| config | R x C | L | dataflow | dense GEMM I x J x K | cycles (= model) | utilization | "
         "SCALE-Sim | nmgen / SCALE-Sim |\n|---|---|---|---|---|---|---|---|---|\n");
  char speed[8192];
  size_t sl = (size_t)snprintf(speed, sizeof speed,
                               "| config | dataflow | GEMM | N:M | dense cycles | N:M cycles | speedup | "
                               "target 0.9*M/N | met |\n|---|---|---|---|---|---|---|---|---|\n");
  for (size_t mi = 0; mi < dut_stce_count(); mi++) {
    const dut_stce_info *in = dut_stce_info_at(mi);
    if (!selected(in)) continue;
    nm_rng r;
    nm_rng_seed(&r, tu_seed());
    dut_stce *d = dut_stce_open(mi);
    uint32_t *before = malloc(snapshot_words(in, DUT_STCE_C) * 4);
    uint32_t *after = malloc(snapshot_words(in, DUT_STCE_C) * 4);
    ck_assert(d && before && after);
    nm_stce_hw hw = hw_of(in);
    int mm = in->mmax >= 8 ? 8 : 4;
    for (int ws = 0; ws < 2; ws++) {
      if (!(ws ? in->has_ws : in->has_os)) continue;
      const char *df = ws ? "WS" : "OS";
      for (int m = 4; m <= mm; m *= 2) {
        int I, J, K;
        bench_shape(in, m, &I, &J, &K);
        uint64_t cd = bench_run(d, in, &r, I, J, K, 0, m, ws, before, after);
        nm_gemm_cmd g = {I, J, K, m, m, 0, 0, 0, ws};
        uint64_t ss = nm_stce_scalesim_cycles(&hw, &g, ws);
        printf("| %s | %dx%d | %d | %s | %dx%dx%d (M=%d) | %llu | %.1f%% | %llu | %.2f |\n", in->cfg,
               in->rows, in->cols, nm_stce_slots(&hw), df, I, J, K, m, (unsigned long long)cd,
               100.0 * (double)nm_stce_macs(&g) / ((double)in->rows * in->cols * (double)cd),
               (unsigned long long)ss, (double)cd / (double)ss);
        for (size_t q = 0; q < sizeof kBenchNM / sizeof kBenchNM[0]; q++) {
          int n = kBenchNM[q][0];
          if (kBenchNM[q][1] != m) continue;
          uint64_t cs = bench_run(d, in, &r, I, J, K, n, m, ws, before, after);
          double sp = (double)cd / (double)cs, tgt = 0.9 * m / n;
          if (sl < sizeof speed)
            sl += (size_t)snprintf(speed + sl, sizeof speed - sl,
                                   "| %s | %s | %dx%dx%d | %d:%d | %llu | %llu | %.2fx | %.1fx | %s |\n",
                                   in->cfg, df, I, J, K, n, m, (unsigned long long)cd,
                                   (unsigned long long)cs, sp, tgt, sp >= tgt ? "yes" : "no");
        }
      }
    }
    free(before), free(after);
    dut_stce_close(d);
  }
  printf("\n%s", speed);
}
END_TEST

static Suite *rtl_stce_suite(void) {
  Suite *s = suite_create("rtl_stce");
  TCase *tc = tcase_create("stce");
  tcase_set_timeout(tc, 1200);
  tcase_add_test(tc, random_gemms_match_model_bit_exact_os_ws_identical_and_cycle_model);
  tcase_add_test(tc, bad_commands_refused_with_code_buffers_unchanged_next_runs);
  suite_add_tcase(s, tc);
  if (getenv("NMTEST_BENCH")) {
    TCase *tb = tcase_create("bench");
    tcase_set_timeout(tb, 1200);
    tcase_add_test(tb, bench_utilization_and_sparse_speedup);
    suite_add_tcase(s, tb);
  }
  return s;
}

static const char *cfg_at(size_t i) { return dut_stce_info_at(i)->cfg; }

const check_prog check_program = {.name = "test_rtl_stce", .suite = rtl_stce_suite,
                                   .cfg_count = dut_stce_count, .cfg_name = cfg_at};
