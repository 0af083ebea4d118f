/*
** ant_wg: whole-layer weight gradients on ANT vs dense WG (see ant_wg.h).
*/
#include "ant_wg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"
#include "check_util.h"
#include "ant_load.h"
#include "nm_ant.h"
#include "nm_ant_cycles.h"
#include "nm_ant_work.h"
#include "nm_rng.h"

typedef struct {
  uint64_t cycles, pairs, prods, rcps, cmds;
  uint64_t chan;   /* channel pairs run */
} wg_tally;

/* One band of a pair: kernel (dY) rows [rb, b1) of which [b0, b1) are this
** band's own (rows rb..b0-1 are left empty: the band before owns them; they
** are there so that X row 0 of the band is a multiple of the stride and the
** command's pad stays the layer's), X rows from y0 = stride*rb, those below
** stride*b0 - pad empty (they meet no own dY row). */
typedef struct {
  int rb, b0, b1, y0, ih;
} wg_band;

/* Rows lo..hi of p (clipped), rows outside [keep_lo, p->rows) empty, into a
** CSR plane of `rows` rows starting at row lo. */
static int sub_plane(const nm_ant_plane *p, int lo, int rows, int keep_lo, nm_ant_plane *o) {
  o->rows = rows, o->cols = p->cols, o->nnz = 0;
  o->rowptr = malloc(sizeof *o->rowptr * (size_t)(rows + 1));
  o->elem = malloc(sizeof *o->elem * (size_t)(p->nnz ? p->nnz : 1));
  if (!o->rowptr || !o->elem) return -1;
  for (int i = 0; i < rows; i++) {
    int y = lo + i;
    o->rowptr[i] = o->nnz;
    if (y < keep_lo || y >= p->rows) continue;
    for (uint32_t e = p->rowptr[y]; e < p->rowptr[y + 1]; e++) o->elem[o->nnz++] = p->elem[e];
  }
  o->rowptr[rows] = o->nnz;
  return 0;
}

static uint32_t nnz_rows(const nm_ant_plane *p, int lo, int hi) {   /* rows [lo, hi) clipped */
  if (lo < 0) lo = 0;
  if (hi > p->rows) hi = p->rows;
  return hi > lo ? p->rowptr[hi] - p->rowptr[lo] : 0;
}

/* The band starting at own dY row b0 with own rows up to b1; 1 if it fits
** for every one of the np pairs (x[e * xs], dy[e * ys]): the rows are the
** same for all, the nonzeros each pair's own. */
static int band_at(const bn_layer *l, const dut_ant_info *inf, const nm_ant_plane *x, int xs,
                   const nm_ant_plane *dy, int ys, int np, int b0, int b1, wg_band *b) {
  const int cs = (l->pad + l->stride - 1) / l->stride;
  b->b0 = b0, b->b1 = b1, b->rb = b0 - cs < 0 ? 0 : b0 - cs;
  b->y0 = l->stride * b->rb;
  int y1 = l->stride * (b1 - 1) - l->pad + l->k - 1;
  if (y1 > l->hin - 1) y1 = l->hin - 1;
  b->ih = y1 >= b->y0 ? y1 - b->y0 + 1 : 0;
  int keep = l->stride * b0 - l->pad, fits = b->ih <= inf->rows && b1 - b->rb <= inf->rows;
  for (int e = 0; e < np && fits; e++)
    fits = nnz_rows(&x[e * xs], keep, y1 + 1) <= (uint32_t)inf->ibuf_depth &&
           nnz_rows(&dy[e * ys], b0, b1) <= (uint32_t)inf->kbuf_depth;
  return fits;
}

/* One channel pair per engine (engine e: x[e * xs], dy[e * ys]) in one mode,
** band by band, the bands' rows the same on every engine; every band's
** counters (the engines' sum) and cycles (the longest engine's) and every
** engine's outputs checked against the model.  0 or -1. */
static int run_pair(dut_ant *d, const dut_ant_info *inf, const bn_layer *l, int mode,
                    const nm_ant_plane *x, int xs, const nm_ant_plane *dy, int ys, uint64_t overhead,
                    wg_tally *t) {
  const nm_ant_cmd c = {mode, l->k, l->k, 1, l->stride, l->pad, inf->n};
  const int P = inf->engines;
  int b0 = 0, first = 1;
  while (b0 < l->hout) {
    wg_band b;
    int b1 = b0 + 1;
    if (!band_at(l, inf, x, xs, dy, ys, P, b0, b1, &b)) {
      fprintf(stderr, "antwg %s: one dY row does not fit the engine's buffers\n", l->name);
      return -1;
    }
    while (b1 < l->hout && band_at(l, inf, x, xs, dy, ys, P, b0, b1 + 1, &b)) b1++;
    band_at(l, inf, x, xs, dy, ys, P, b0, b1, &b);
    nm_ant_counts sum = {0, 0, 0, 0, 0};
    uint64_t cyc = 0;
    unsigned irows = 0, krows = 0;
    for (int e = 0; e < P; e++) {
      nm_ant_plane bx, bk;
      if (sub_plane(&x[e * xs], b.y0, b.ih, l->stride * b.b0 - l->pad, &bx) ||
          sub_plane(&dy[e * ys], b.rb, b.b1 - b.rb, b.b0, &bk))
        return -1;
      ant_load_planes_eng(d, e, &bx, &bk);
      nm_ant_csr ci = nm_ant_plane_csr(&bx), ck = nm_ant_plane_csr(&bk);
      nm_ant_counts m;
      nm_ant_count(&c, &ci, &ck, &m);
      sum.pairs += m.pairs, sum.products += m.products, sum.rcps += m.rcps, sum.skipped += m.skipped;
      uint64_t ce = nm_ant_cycles(&c, first, &ci, &ck);
      if (ce > cyc) cyc = ce; /* the engines start together: the longest one's */
      irows = (unsigned)bx.rows, krows = (unsigned)bk.rows;
      nm_ant_plane_free(&bx), nm_ant_plane_free(&bk);
    }
    dut_ant_cmd dc = {mode, first, irows, krows, (unsigned)l->k, (unsigned)l->k, 1u, (unsigned)l->stride,
                      (unsigned)l->pad, 0, 0};
    dut_ant_result r;
    if (dut_ant_run(d, &dc, &r, 1000000000ull) || r.err) {
      fprintf(stderr, "antwg %s: command failed (err %d)\n", l->name, r.err);
      return -1;
    }
    if (sum.pairs != r.pairs || sum.products != r.prods || sum.rcps != r.rcps || sum.skipped != r.skipped ||
        cyc != r.cycles) {
      fprintf(stderr, "MISMATCH antwg %s: counters or cycles differ from the model (seed %llu)\n", l->name,
              (unsigned long long)tu_seed());
      return -1;
    }
    t->cycles += r.cycles + overhead, t->pairs += r.pairs, t->prods += r.prods;
    t->rcps += r.rcps, t->cmds++;
    b0 = b.b1, first = 0;
  }
  t->chan += (uint64_t)P;
  /* The bands' sum against each whole pair's. */
  nm_ant_acc acc[64];
  for (int e = 0; e < P; e++) {
    nm_ant_csr ci = nm_ant_plane_csr(&x[e * xs]), ck = nm_ant_plane_csr(&dy[e * ys]);
    memset(acc, 0, sizeof acc);
    nm_ant_accumulate(&c, inf->acc_bits, &ci, &ck, acc);
    for (int o = 0; o < l->k * l->k; o++)
      for (int o16 = 0; o16 < 2; o16++) {
        uint32_t want = nm_ant_readout(&acc[o], o16), g = dut_ant_read_eng(d, e, DUT_ANT_OUT, (unsigned)o, o16);
        if (want != g) {
          fprintf(stderr, "MISMATCH antwg %s %s engine %d dW%s[%d]: expected 0x%08x got 0x%08x (seed %llu)\n",
                  l->name, mode ? "scnn" : "ant", e, o16 ? "16" : "32", o, want, g,
                  (unsigned long long)tu_seed());
          return -1;
        }
      }
  }
  return 0;
}

/* The batch of a layer whose pairs fit one command each: CI x CO pairs with
** CI*HIN and CO*HOUT rows within the row tables, CI*CO*K*K accumulators,
** CI, CO <= 9 and the layer's channels, and the
** expected nonzeros of the stacked planes, with a 25% margin, within the CSR
** buffers (run_batch drops planes when a draw exceeds them). */
static void batch_shape(const bn_layer *l, const dut_ant_info *inf, double dens, int *ci, int *co) {
  const double margin = 1.25;
  int a = inf->rows / l->hin, b = inf->rows / l->hout;
  int ea = (int)(inf->ibuf_depth / (margin * dens * l->hin * l->hin));
  int eb = (int)(inf->kbuf_depth / (margin * dens * l->hout * l->hout));
  if (ea < a) a = ea;
  if (eb < b) b = eb;
  if (a > 9) a = 9;   /* the sample's x[] and dy[]: 16 engines x 9 planes */
  if (b > 9) b = 9;
  if (a > l->cin) a = l->cin;
  if (b > l->cout) b = l->cout;
  if (a < 1) a = 1;
  if (b < 1) b = 1;
  while (a * b * l->k * l->k > inf->obuf_depth) {
    if (a > b) a--;
    else b--;
  }
  *ci = a, *co = b;
}

static uint32_t nnz_all(const nm_ant_plane *p, int np) {
  uint32_t n = 0;
  for (int i = 0; i < np; i++) n += p[i].nnz;
  return n;
}

int ant_run_batch(dut_ant *d, const dut_ant_info *inf, const nm_ant_cmd *c, const nm_ant_plane *x,
                  int ci, const nm_ant_plane *dy, int co, dut_ant_result *res) {
  const int P = inf->engines, hw = c->hout * c->wout;
  if (ci > 128 || co > 128 || P > 16) return -1;
  for (int e = 0; e < P; e++) {
    nm_ant_plane sx, sdy;
    if (nm_ant_plane_stack(x + e * ci, ci, &sx) || nm_ant_plane_stack(dy + e * co, co, &sdy)) return -1;
    ant_load_planes_eng(d, e, &sx, &sdy);
    nm_ant_plane_free(&sx), nm_ant_plane_free(&sdy);
  }
  dut_ant_cmd dc = {c->mode, 1, (unsigned)x[0].rows, (unsigned)dy[0].rows, (unsigned)c->hout,
                    (unsigned)c->wout, (unsigned)c->st, (unsigned)c->d, (unsigned)c->pad,
                    (unsigned)ci - 1, (unsigned)co - 1};
  if (dut_ant_run(d, &dc, res, 1000000000ull) || res->err) {
    fprintf(stderr, "ant batch %dx%d: command failed (err %d)\n", ci, co, res->err);
    return -1;
  }
  nm_ant_counts sum = {0, 0, 0, 0, 0};
  uint64_t cyc = 0;
  nm_ant_acc *acc = malloc(sizeof *acc * (size_t)hw);
  if (!acc) return -1;
  for (int e = 0; e < P; e++) {
    nm_ant_csr cx[128], cdy[128];
    for (int i = 0; i < ci; i++) cx[i] = nm_ant_plane_csr(&x[e * ci + i]);
    for (int j = 0; j < co; j++) cdy[j] = nm_ant_plane_csr(&dy[e * co + j]);
    uint64_t ce = nm_ant_cycles_batch(c, 1, ci, cx, co, cdy);
    if (ce > cyc) cyc = ce;   /* the engines start together: the longest one's */
    for (int i = 0; i < ci; i++)
      for (int j = 0; j < co; j++) {
        nm_ant_counts m;
        nm_ant_count(c, &cx[i], &cdy[j], &m);
        sum.pairs += m.pairs, sum.products += m.products, sum.rcps += m.rcps, sum.skipped += m.skipped;
        memset(acc, 0, sizeof *acc * (size_t)hw);
        nm_ant_accumulate(c, inf->acc_bits, &cx[i], &cdy[j], acc);
        for (int o = 0; o < hw; o++)
          for (int o16 = 0; o16 < 2; o16++) {
            unsigned a = (unsigned)((i * co + j) * hw + o);
            uint32_t want = nm_ant_readout(&acc[o], o16), g = dut_ant_read_eng(d, e, DUT_ANT_OUT, a, o16);
            if (want != g) {
              fprintf(stderr, "MISMATCH ant batch %s engine %d pair (%d,%d) out%s[%d]: expected 0x%08x got "
                      "0x%08x (seed %llu)\n", c->mode ? "scnn" : "ant", e, i, j, o16 ? "16" : "32", o, want, g,
                      (unsigned long long)tu_seed());
              free(acc);
              return -1;
            }
          }
      }
  }
  free(acc);
  if (sum.pairs != res->pairs || sum.products != res->prods || sum.rcps != res->rcps ||
      sum.skipped != res->skipped || cyc != res->cycles) {
    fprintf(stderr, "MISMATCH ant batch %dx%d: counters or cycles differ from the model (seed %llu)\n", ci,
            co, (unsigned long long)tu_seed());
    return -1;
  }
  return 0;
}

/* One batch of the layer's pairs in one mode (ant_run_batch); planes that
** overflow the CSR buffers are dropped first (*ci, *co shrink).  0 or -1. */
static int run_batch(dut_ant *d, const dut_ant_info *inf, const bn_layer *l, int mode,
                     const nm_ant_plane *x, int *ci, const nm_ant_plane *dy, int *co,
                     uint64_t overhead, wg_tally *t) {
  if (inf->engines > 1) {
    /* Planes are drawn per engine (x[e*ci + i]): a draw over a buffer fails. */
    for (int e = 0; e < inf->engines; e++)
      if (nnz_all(x + e * *ci, *ci) > (uint32_t)inf->ibuf_depth ||
          nnz_all(dy + e * *co, *co) > (uint32_t)inf->kbuf_depth) {
        fprintf(stderr, "antwg %s: engine %d's planes do not fit the CSR buffers\n", l->name, e);
        return -1;
      }
  } else {
    while (*ci > 1 && nnz_all(x, *ci) > (uint32_t)inf->ibuf_depth) (*ci)--;
    while (*co > 1 && nnz_all(dy, *co) > (uint32_t)inf->kbuf_depth) (*co)--;
    if (nnz_all(x, *ci) > (uint32_t)inf->ibuf_depth || nnz_all(dy, *co) > (uint32_t)inf->kbuf_depth) {
      fprintf(stderr, "antwg %s: one pair does not fit the CSR buffers\n", l->name);
      return -1;
    }
  }
  const nm_ant_cmd c = {mode, l->k, l->k, 1, l->stride, l->pad, inf->n};
  dut_ant_result r;
  if (ant_run_batch(d, inf, &c, x, *ci, dy, *co, &r)) {
    fprintf(stderr, "antwg %s: batch failed\n", l->name);
    return -1;
  }
  t->cycles += r.cycles + overhead, t->pairs += r.pairs, t->prods += r.prods;
  t->rcps += r.rcps, t->cmds++, t->chan += (uint64_t)(inf->engines * *ci * *co);
  return 0;
}

/* Dense WG of the layer on the STCE (batch 1): the cheaper dataflow. */
static uint64_t dense_wg(const bn_hw *hw, const bn_layer *l) {
  bn_shape s;
  uint64_t best = BN_NA;
  if (!bn_layer_gemm(l, BN_WG, 1, &s)) return BN_NA;
  for (int ws = 0; ws < 2; ws++) {
    bn_tiling t;
    if (!(ws ? hw->has_ws : hw->has_os) || bn_tile(hw, &s, (bn_pattern){0, 0}, ws, &t)) continue;
    if (t.cycles < best) best = t.cycles;
  }
  return best;
}

int ant_wg_bench(dut_ant *d, const dut_ant_info *inf, const ant_wg_opts *o) {
  char err[256];
  uint64_t cmds_all = 0, chan_all = 0;
  bn_hw hw;
  if (bn_hw_read(o->cfg_header, &hw, err, sizeof err)) {
    fprintf(stderr, "antwg: %s\n", err);
    return -1;
  }
  const uint64_t overhead = bn_ant_cmd_overhead(&hw);
  const double nn = (double)inf->n * inf->n * inf->engines;   /* every engine's multipliers */
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 1000);
  printf("\n## antwg: WG of whole conv layers, ANT vs dense WG on the %dx%d STCE (config %s)\n\n"
         "Per layer: %d sampled (Cin, Cout) pairs at full plane size, X and dY at each density, "
         "checked against the model; ant = mean pair cycles (engine + %llu top cycles a command) x "
         "Cin x Cout, dense = the WG GEMM on the array (batch 1), ratio = dense / ant (> 1: ANT "
         "faster), busy = products computed / (ant_n^2 x cycles).\n\n",
         hw.stce.rows, hw.stce.cols, inf->cfg, o->samples, (unsigned long long)overhead);
  for (int ni = 0; ni < o->nnets; ni++) {
    bn_net net;
    const char *const *nets = o->nets;
    if (bn_net_load(o->layers_dir, nets[ni], 128, &net, err, sizeof err)) {
      fprintf(stderr, "antwg: %s\n", err);
      return -1;
    }
    for (int di = 0; di < o->ndens; di++) {
      const double dens = o->dens[di];
      double lsum = 0, ssum = 0, ant_all = 0, dense_all = 0, busy_min = 1e9;
      uint64_t rcp_a = 0, rcp_s = 0;
      int nl = 0, ns = 0;
      for (int li = 0; li < net.nlayers; li++) {
        const bn_layer *l = &net.layer[li];
        if (!l->conv || l->input) continue;
        uint64_t dense = dense_wg(&hw, l);
        wg_tally t[2];
        memset(t, 0, sizeof t);
        const int scnn = o->scnn && di == 0;
        int bci, bco;
        batch_shape(l, inf, dens, &bci, &bco);
        /* A batch when the pair fits one command (else run_pair's bands). */
        wg_band b1;
        nm_ant_plane x[16 * 9], dy[16 * 9];
        for (int s = 0; s < o->samples; s++) {
          int ci = bci, co = bco, P = inf->engines;
          for (int i = 0; i < P * ci; i++)
            if (nm_ant_plane_random(&x[i], l->hin, l->hin, dens, NM_ANT_V_PLAIN, &r)) return -1;
          for (int j = 0; j < P * co; j++)
            if (nm_ant_plane_random(&dy[j], l->hout, l->hout, dens, NM_ANT_V_PLAIN, &r)) return -1;
          const int whole = o->batch && band_at(l, inf, x, ci, dy, co, P, 0, l->hout, &b1) && b1.rb == 0;
          for (int mode = 0; mode <= scnn; mode++) {
            int ci2 = ci, co2 = co;
            if (whole ? run_batch(d, inf, l, mode, x, &ci2, dy, &co2, overhead, &t[mode])
                      : run_pair(d, inf, l, mode, x, ci, dy, co, overhead, &t[mode]))
              return -1;
          }
          for (int i = 0; i < P * ci; i++) nm_ant_plane_free(&x[i]);
          for (int j = 0; j < P * co; j++) nm_ant_plane_free(&dy[j]);
        }
        cmds_all += t[0].cmds + t[1].cmds, chan_all += t[0].chan + t[1].chan;
        const double pairs = (double)l->cin * l->cout, per = (double)t[0].cycles / (double)t[0].chan;
        const double ant = per * pairs, ratio = (double)dense / ant;
        const double busy = 100.0 * (double)t[0].prods / (nn * (double)t[0].cycles);
        printf("antwg %s %s ant=%.0f dense=%llu ratio=%.2f busy=%.1f%% density=%.0f%% "
               "plane=%dx%d->%dx%d cmds/pair=%.5f cycles/pair=%.3f",
               nets[ni], l->name, ant, (unsigned long long)dense, ratio, busy, dens * 100, l->hin,
               l->hin, l->hout, l->hout, (double)t[0].cmds / (double)t[0].chan, per);
        if (o->batch) printf(" batch=%dx%d", bci, bco);
        if (scnn) {
          double sp = ((double)t[1].cycles / (double)t[1].chan) / ((double)t[0].cycles / (double)t[0].chan);
          printf(" rcps_elim=%.1f%% over_scnn=%.2fx",
                 t[1].rcps ? 100.0 * (1.0 - (double)t[0].rcps / (double)t[1].rcps) : 0.0, sp);
          ssum += log(sp), ns++, rcp_a += t[0].rcps, rcp_s += t[1].rcps;
        }
        printf("\n");
        fflush(stdout);
        lsum += log(ratio), nl++;
        ant_all += ant * l->count, dense_all += (double)dense * l->count;
        if (l->hout >= 14 && busy < busy_min) busy_min = busy;
      }
      printf("antwg-summary %s density=%.0f%% geomean_ratio=%.2f total_ratio=%.2f "
             "min_busy(planes>=14)=%.1f%%",
             nets[ni], dens * 100, exp(lsum / nl), dense_all / ant_all, busy_min);
      if (ns)
        printf(" rcps_elim=%.1f%% geomean_over_scnn=%.2fx", 100.0 * (1.0 - (double)rcp_a / (double)rcp_s),
               exp(ssum / ns));
      printf("\n\n");
    }
    bn_net_free(&net);
  }
  /* Reached only when every command above matched the model (bench-net
  ** refuses an antwg file without this line). */
  printf("antwg-check PASS cfg=%s engines=%d ant_n=%d commands=%llu pairs=%llu: outputs, counters and "
         "cycles = model on all\n",
         inf->cfg, inf->engines, inf->n, (unsigned long long)cmds_all, (unsigned long long)chan_all);
  return 0;
}
