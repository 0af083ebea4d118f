/*
** The STCE harness that test_rtl_stce and the bench stce_bench share: one
** GEMM command and its tensors, loading them into nm_stce's banked buffers
** (nm_layout.h), buffer snapshots, and one good command run and checked bit
** for bit against the model, cycles against busy_o and the cycle model.
** Checks are TU_ASSERTs (check_util.h): a failure ends the test, or the bench.
*/
#include "stce_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "fp_vectors.h"

void st_case_free(st_case *c) {
  free(c->aval), free(c->aidx), free(c->b), free(c->cin);
  memset(c, 0, sizeof *c);
}

uint64_t st_ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* The layout of this engine (the STCE windows only are read). */
nm_layout_cfg st_layout(const dut_stce_info *in) {
  nm_layout_cfg l = {0};
  l.rows = in->rows, l.cols = in->cols, l.mmax = in->mmax;
  l.abuf_depth = in->abuf_depth, l.bbuf_depth = in->bbuf_depth, l.cbuf_depth = in->cbuf_depth;
  return l;
}

nm_stce_hw st_hw(const dut_stce_info *in) {
  nm_stce_hw h = {in->rows, in->cols, in->mul_stages, in->add_stages, in->cvt_stages};
  return h;
}

/* Values: mostly moderate magnitudes (so sums stay finite and interesting),
** with subnormals, signed zeros and the special list mixed in. */
uint16_t st_rand16(nm_rng *r) {
  static uint16_t sp[64];
  size_t nsp = fpv_special16(sp, 64);
  uint32_t p = nm_rng_below(r, 100);
  if (p < 4) return sp[nm_rng_below(r, (uint32_t)nsp)];
  if (p < 8) return (uint16_t)((nm_rng_u32(r) & 0x8000u) | nm_rng_below(r, 0x400));
  if (p < 11) return (uint16_t)(nm_rng_u32(r) & 0x8000u);
  return (uint16_t)((nm_rng_u32(r) & 0x8000u) | ((9u + nm_rng_below(r, 13)) << 10) |
                    nm_rng_below(r, 1024));
}

/* Buffer words a command needs: A per bank, B per bank, C per region. */
void st_needs(const dut_stce_info *in, const nm_gemm_cmd *g, uint64_t *na, uint64_t *nb,
              uint64_t *nc) {
  nm_layout_cfg l = st_layout(in);
  *na = nm_layout_a_need(&l, g->I, nm_gemm_kp(g));
  *nb = nm_layout_b_need(&l, g->K / g->M, g->J);
  *nc = nm_layout_c_need(&l, g->I, g->J);
}

/* ---- buffers ------------------------------------------------------------------ */

/* Load A', B and C_in in the engine's banked layouts (nm_layout.h).  B lanes
** e >= M get random bits: the engine must never select them. */
void st_load(dut_stce *d, const dut_stce_info *in, nm_rng *r, const st_case *c) {
  nm_layout_cfg L = st_layout(in);
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
size_t st_snapshot(dut_stce *d, const dut_stce_info *in, int buf, uint32_t *out) {
  nm_layout_cfg L = st_layout(in);
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

size_t st_snapshot_words(const dut_stce_info *in, int buf) {
  if (buf == DUT_STCE_A) return (size_t)in->rows * (size_t)in->abuf_depth;
  nm_layout_cfg L = st_layout(in);
  if (buf == DUT_STCE_B)
    return (size_t)nm_layout_b_banks(&L) * (size_t)in->bbuf_depth * (size_t)(in->mmax / 2);
  return (size_t)in->cols * (size_t)in->cbuf_depth;
}

/* ---- checking ------------------------------------------------------------------- */

void st_print_cmd(const dut_stce_info *in, const st_case *c) {
  fprintf(stderr, "    command: cfg=%s %s I=%d J=%d K=%d %d:%d %s init=%s out=%s abase=%u bbase=%u "
                  "cinbase=%u cbase=%u\n    rerun: NMTEST_SEED=%llu NMTEST_ONLY_CFG=%s %s\n",
          in->cfg, c->g.ws ? "WS" : "OS", c->g.I, c->g.J, c->g.K, c->g.N, c->g.M,
          c->g.a_sparse ? "sparse" : "dense",
          c->g.init_cin ? "C_in" : "+0", c->g.out16 ? "fp16" : "fp32", c->d.abase, c->d.bbase,
          c->d.cinbase, c->d.cbase, (unsigned long long)tu_seed(), in->cfg, tu_prog());
}

/* Every C-buffer word after the command: results in the output region, the
** snapshot elsewhere.  Returns the number of differing words (reported). */
static size_t check_cbuf(const dut_stce_info *in, const st_case *c, const uint32_t *before,
                         const uint32_t *after, const uint32_t *exp) {
  nm_layout_cfg L = st_layout(in);
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
  if (bad) st_print_cmd(in, c);
  return bad;
}

/* Run one good command on model i's dut and check results and cycles. */
uint64_t st_run_good(dut_stce *d, const dut_stce_info *in, nm_rng *r, st_case *c,
                     uint32_t *before, uint32_t *after) {
  uint32_t *exp = malloc((size_t)(c->g.I * c->g.J) * 4);
  TU_ASSERT(exp, "out of memory");
  st_load(d, in, r, c);
  st_snapshot(d, in, DUT_STCE_C, before);
  int err = -1;
  uint64_t cyc = 0;
  nm_stce_hw hw = st_hw(in);
  uint64_t want_cyc = nm_stce_cycles(&hw, &c->g, 0);
  int rc = dut_stce_run(d, &c->d, &err, &cyc, 4 * want_cyc + 1000);
  if (rc != 0 || err != 0) st_print_cmd(in, c);
  TU_ASSERT(rc == 0, "%s: engine hung (busy_o stuck) or never started", in->cfg);
  TU_ASSERT(err == 0, "%s: good command refused with err %d", in->cfg, err);
  nm_gemm_ref(&c->g, c->aval, c->aidx, c->b, c->cin, exp);
  st_snapshot(d, in, DUT_STCE_C, after);
  size_t bad = check_cbuf(in, c, before, after, exp);
  TU_ASSERT(bad == 0, "%s: %zu C-buffer words differ from the model", in->cfg, bad);
  uint64_t busy = dut_stce_busy_cycles(d);
  if (cyc != want_cyc || cyc != busy) st_print_cmd(in, c);
  TU_ASSERT(cyc == busy, "%s: cycles_o %llu, but busy_o was high %llu cycles", in->cfg,
            (unsigned long long)cyc, (unsigned long long)busy);
  TU_ASSERT(cyc == want_cyc, "%s: %llu cycles, cycle model says %llu", in->cfg,
            (unsigned long long)cyc, (unsigned long long)want_cyc);
  free(exp);
  return cyc;
}

int st_selected(const dut_stce_info *in) {
  return !tu_only_cfg() || strcmp(tu_only_cfg(), in->cfg) == 0;
}

/* Set the dataflow of a case (model and ports). */
void st_set_ws(st_case *c, int ws) { c->g.ws = ws, c->d.ws = ws; }

/* A command of fixed shape, dense (n = 0) or N:M, random values. */
st_case st_fixed_case(nm_rng *r, int I, int J, int K, int n, int m, int ws) {
  st_case c;
  memset(&c, 0, sizeof c);
  c.g.I = I, c.g.J = J, c.g.K = K, c.g.N = n ? n : m, c.g.M = m, c.g.a_sparse = n != 0;
  int kp = nm_gemm_kp(&c.g);
  c.aval = calloc((size_t)(I * kp), 2), c.aidx = calloc((size_t)(I * kp), 1);
  c.b = calloc((size_t)(K * J), 2), c.cin = calloc((size_t)(I * J), 4);
  TU_ASSERT(c.aval && c.aidx && c.b && c.cin, "out of memory");
  for (int q = 0; q < I * kp; q++) c.aval[q] = st_rand16(r), c.aidx[q] = (uint8_t)(q % c.g.N);
  for (int q = 0; q < K * J; q++) c.b[q] = st_rand16(r);
  c.d.rows = (unsigned)I, c.d.cols = (unsigned)J, c.d.k = (unsigned)K;
  c.d.n = (unsigned)n, c.d.m = (unsigned)m, c.d.sparse = c.g.a_sparse;
  st_set_ws(&c, ws);
  return c;
}

dut_stce *st_open(size_t m, const dut_stce_info **in, nm_rng *r, uint64_t seed) {
  *in = dut_stce_info_at(m);
  if (!st_selected(*in)) return NULL;
  nm_rng_seed(r, seed);
  dut_stce *d = dut_stce_open(m);
  TU_ASSERT(d, "%s: cannot open the nm_stce model", (*in)->cfg);
  return d;
}
