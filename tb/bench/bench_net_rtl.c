/*
** bench_net: the RTL side.  (1) The cycle model behind every table is
** checked on the Verilated nm_stce of the config: a sample of the commands
** the layer tilings issue runs with random data, and the engine's busy
** cycles must equal nm_stce_cycles and its results the golden GEMM, bit for
** bit.  (2) Simulation speed: Verilated cycles per second and MACs checked
** per second (load, run, read back, model, compare) per array size.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_net.h"
#include "dut_stce.h"
#include "nm_rng.h"
#include "nm_layout.h"

double bn_now(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Processor time: simulation speed must not depend on what else the shared
** machine runs. */
static double cpu_now(void) { return (double)clock() / CLOCKS_PER_SEC; }

static int find_model(const char *cfg) {
  for (size_t i = 0; i < dut_stce_count(); i++)
    if (strcmp(dut_stce_info_at(i)->cfg, cfg) == 0) return (int)i;
  return -1;
}

/* Finite fp16 values of moderate magnitude (both signs), so sums stay finite. */
static uint16_t rand16(nm_rng *r) {
  return (uint16_t)((nm_rng_u32(r) & 0x8000u) | ((9u + nm_rng_below(r, 13)) << 10) | nm_rng_below(r, 1024));
}

typedef struct {
  nm_gemm_cmd g;
  uint16_t *aval, *b;
  uint8_t *aidx;
  uint32_t *cin, *exp;
} tensors;

static void tensors_free(tensors *t) {
  free(t->aval), free(t->b), free(t->aidx), free(t->cin), free(t->exp);
  memset(t, 0, sizeof *t);
}

/* Random operands of command g; 0 or -1 (out of memory). */
static int make_tensors(nm_rng *r, const nm_gemm_cmd *g, tensors *t) {
  memset(t, 0, sizeof *t);
  t->g = *g;
  size_t I = (size_t)g->I, J = (size_t)g->J, K = (size_t)g->K, kp = (size_t)nm_gemm_kp(g);
  t->aval = malloc(I * kp * 2), t->aidx = calloc(I * kp, 1), t->b = malloc(K * J * 2);
  t->cin = malloc(I * J * 4), t->exp = malloc(I * J * 4);
  if (!t->aval || !t->aidx || !t->b || !t->cin || !t->exp) return -1;
  for (size_t q = 0; q < I * kp; q++) t->aval[q] = rand16(r);
  if (g->a_sparse) /* N distinct increasing indices per group (selection sampling) */
    for (size_t i = 0; i < I; i++)
      for (int grp = 0; grp < g->K / g->M; grp++)
        for (int n = 0, e = 0; n < g->N; e++)
          if ((int)nm_rng_below(r, (uint32_t)(g->M - e)) < g->N - n)
            t->aidx[i * kp + (size_t)(grp * g->N + n++)] = (uint8_t)e;
  for (size_t q = 0; q < K * J; q++) t->b[q] = rand16(r);
  for (size_t q = 0; q < I * J; q++)
    t->cin[q] =
        (nm_rng_u32(r) & 0x80000000u) | ((120u + nm_rng_below(r, 16)) << 23) | (nm_rng_u32(r) & 0x7FFFFFu);
  nm_gemm_ref(g, t->aval, t->aidx, t->b, t->cin, t->exp);
  return 0;
}

/* The layout of this engine (the STCE windows only are read). */
static nm_layout_cfg lay_of(const dut_stce_info *in) {
  nm_layout_cfg l = {0};
  l.rows = in->rows, l.cols = in->cols, l.mmax = in->mmax;
  l.abuf_depth = in->abuf_depth, l.bbuf_depth = in->bbuf_depth, l.cbuf_depth = in->cbuf_depth;
  return l;
}

/* A', B and C_in into the engine's banked layouts (nm_layout.h), bases 0,
** C_in in place.  Returns the hb cycles spent. */
static uint64_t load(dut_stce *d, const dut_stce_info *in, const tensors *t) {
  const nm_gemm_cmd *g = &t->g;
  nm_layout_cfg L = lay_of(in);
  int kp = nm_gemm_kp(g), M = g->M, G = g->K / M;
  uint32_t w[8];
  uint64_t n = 0;
  for (int i = 0; i < g->I; i++)
    for (int q = 0; q < kp; q++, n++) {
      nm_layout_loc v = nm_layout_a(&L, 0, i, q, kp, 0), x = nm_layout_a(&L, 1, i, q, kp, 0);
      memset(w, 0, sizeof w);
      w[0] = (uint32_t)t->aval[i * kp + q] << v.lsb |
             (g->a_sparse ? (uint32_t)t->aidx[i * kp + q] << x.lsb : 0u);
      dut_stce_write(d, DUT_STCE_A, v.bank, v.word, w);
    }
  for (int j = 0; j < g->J; j++)
    for (int grp = 0; grp < G; grp++, n++) {
      memset(w, 0, sizeof w);
      for (int e = 0; e < M; e++) {
        int lsb = nm_layout_b(&L, grp, j, e, G, 0).lsb;
        w[lsb / 32] |= (uint32_t)t->b[(grp * M + e) * g->J + j] << (lsb % 32);
      }
      nm_layout_loc l = nm_layout_b(&L, grp, j, 0, G, 0);
      dut_stce_write(d, DUT_STCE_B, l.bank, l.word, w);
    }
  if (g->init_cin)
    for (int i = 0; i < g->I; i++)
      for (int j = 0; j < g->J; j++, n++) {
        nm_layout_loc l = nm_layout_c(&L, i, j, g->J, 0);
        memset(w, 0, sizeof w);
        w[0] = t->cin[i * g->J + j];
        dut_stce_write(d, DUT_STCE_C, l.bank, l.word, w);
      }
  return n;
}

/* Results vs the model; the number of differing words. */
static size_t compare(dut_stce *d, const dut_stce_info *in, const tensors *t, FILE *log) {
  const nm_gemm_cmd *g = &t->g;
  nm_layout_cfg L = lay_of(in);
  size_t bad = 0;
  uint32_t w[8];
  for (int i = 0; i < g->I; i++)
    for (int j = 0; j < g->J; j++) {
      nm_layout_loc l = nm_layout_c(&L, i, j, g->J, 0);
      dut_stce_read(d, DUT_STCE_C, l.bank, l.word, w);
      if (w[0] != t->exp[i * g->J + j] && bad++ < 4 && log)
        fprintf(log, "  MISMATCH C[%d][%d]: expected %08x got %08x\n", i, j, t->exp[i * g->J + j], w[0]);
    }
  return bad;
}

static void print_cmd(FILE *log, const char *cfg, const nm_gemm_cmd *g) {
  fprintf(log, "  command: cfg=%s %s I=%d J=%d K=%d %d:%d %s init=%s out=%s\n", cfg, g->ws ? "WS" : "OS",
          g->I, g->J, g->K, g->N, g->M, g->a_sparse ? "sparse" : "dense", g->init_cin ? "C_in" : "+0",
          g->out16 ? "fp16" : "fp32");
}

/* Run one command end to end; 0, or -1 if the engine hung or refused it. */
static int run_one(dut_stce *d, const dut_stce_info *in, const tensors *t, bn_check *chk, FILE *log,
                   double *t_run) {
  const nm_gemm_cmd *g = &t->g;
  dut_stce_cmd dc;
  memset(&dc, 0, sizeof dc);
  dc.rows = (unsigned)g->I, dc.cols = (unsigned)g->J, dc.k = (unsigned)g->K;
  dc.n = (unsigned)(g->a_sparse ? g->N : 0), dc.m = (unsigned)g->M;
  dc.ws = g->ws, dc.sparse = g->a_sparse, dc.cin = g->init_cin, dc.out16 = g->out16;
  uint64_t want = nm_stce_cycles(
      &(nm_stce_hw){in->rows, in->cols, in->mul_stages, in->add_stages, in->cvt_stages}, g, 0);
  chk->hb += load(d, in, t) + (uint64_t)g->I * (uint64_t)g->J; /* + the read-back */
  int err = -1;
  uint64_t cyc = 0;
  double t0 = cpu_now();
  int rc = dut_stce_run(d, &dc, &err, &cyc, 4 * want + 1000);
  if (t_run) *t_run += cpu_now() - t0;
  chk->run++;
  if (rc || err) {
    if (log) fprintf(log, "bench_net: engine %s (err %d)\n", rc ? "hung" : "refused the command", err);
    if (log) print_cmd(log, in->cfg, g);
    return -1;
  }
  chk->cycles += cyc, chk->macs += nm_stce_macs(g);
  if (cyc != want) {
    chk->cyc_bad++;
    if (log)
      fprintf(log, "bench_net: %llu busy cycles, cycle model says %llu\n", (unsigned long long)cyc,
              (unsigned long long)want);
    if (log) print_cmd(log, in->cfg, g);
  }
  if (compare(d, in, t, log)) {
    chk->data_bad++;
    if (log) print_cmd(log, in->cfg, g);
  }
  return 0;
}

int bn_rtl_check(const char *cfg, const nm_gemm_cmd *cmd, size_t n, uint64_t seed, bn_check *chk,
                 FILE *log) {
  memset(chk, 0, sizeof *chk);
  int mi = find_model(cfg);
  if (mi < 0) return -1;
  const dut_stce_info *in = dut_stce_info_at((size_t)mi);
  dut_stce *d = dut_stce_open((size_t)mi);
  if (!d) return -1;
  nm_rng r;
  nm_rng_seed(&r, seed);
  double t0 = bn_now();
  for (size_t i = 0; i < n; i++) {
    nm_gemm_cmd g = cmd[i];
    g.init_cin = (int)nm_rng_below(&r, 2), g.out16 = (int)nm_rng_below(&r, 2);
    tensors t;
    if (make_tensors(&r, &g, &t)) {
      tensors_free(&t);
      dut_stce_close(d);
      return -1;
    }
    if (run_one(d, in, &t, chk, log, NULL)) {
      chk->cyc_bad++; /* a hang or refusal is a failure too */
      tensors_free(&t);
      dut_stce_close(d); /* the engine's state is unknown: start afresh */
      if (!(d = dut_stce_open((size_t)mi))) return -1;
      continue;
    }
    tensors_free(&t);
  }
  chk->seconds = bn_now() - t0;
  dut_stce_close(d);
  return 0;
}

/* The dense command with the most MACs that fits model in's buffers. */
static nm_gemm_cmd speed_shape(const dut_stce_info *in) {
  nm_gemm_cmd best;
  memset(&best, 0, sizeof best);
  nm_layout_cfg L = lay_of(in);
  uint64_t R = (uint64_t)in->rows, C = (uint64_t)in->cols, m = (uint64_t)in->mmax, bm = 0;
  for (uint64_t i = R; i <= (uint64_t)in->cbuf_depth; i += R)
    for (uint64_t j = C; nm_layout_c_need(&L, (int)i, (int)j) <= (uint64_t)in->cbuf_depth; j += C) {
      /* words per bank of one group (m columns of A', one B word a column) */
      uint64_t ga = (uint64_t)in->abuf_depth / nm_layout_a_need(&L, (int)i, (int)m);
      uint64_t gb = (uint64_t)in->bbuf_depth / nm_layout_b_need(&L, 1, (int)j), g = ga < gb ? ga : gb;
      if (!g || i * j * g * m <= bm) continue;
      bm = i * j * g * m;
      best.I = (int)i, best.J = (int)j, best.K = (int)(g * m);
    }
  best.M = best.N = in->mmax, best.ws = !in->has_os;
  return best;
}

int bn_sim_speed(const char *cfg, double min_seconds, uint64_t seed, bn_speed *sp) {
  memset(sp, 0, sizeof *sp);
  snprintf(sp->cfg, sizeof sp->cfg, "%s", cfg);
  int mi = find_model(cfg);
  if (mi < 0) return -1;
  const dut_stce_info *in = dut_stce_info_at((size_t)mi);
  nm_gemm_cmd g = speed_shape(in);
  sp->rows = in->rows, sp->cols = in->cols, sp->I = g.I, sp->J = g.J, sp->K = g.K;
  dut_stce *d = dut_stce_open((size_t)mi);
  if (!d) return -1;
  nm_rng r;
  nm_rng_seed(&r, seed);
  bn_check chk;
  memset(&chk, 0, sizeof chk);
  double t_run = 0, t0 = cpu_now();
  while (chk.run < 2 || cpu_now() - t0 < min_seconds) {
    tensors t;
    if (make_tensors(&r, &g, &t)) {
      tensors_free(&t);
      dut_stce_close(d);
      return -1;
    }
    int rc = run_one(d, in, &t, &chk, NULL, &t_run);
    tensors_free(&t);
    if (rc || chk.cyc_bad || chk.data_bad) {
      dut_stce_close(d);
      return -1;
    }
  }
  double total = cpu_now() - t0;
  dut_stce_close(d);
  sp->commands = chk.run;
  sp->run_cps = (double)chk.cycles / t_run;
  sp->checked_macs_ps = (double)chk.macs / total;
  sp->cycles_ps_all = (double)(chk.cycles + chk.hb) / total;
  return 0;
}
