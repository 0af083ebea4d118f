/*
** ANT bench: weight-gradient layers shaped like ResNet-18's (activation
** planes scaled to fit simulation), activations X and output gradients dY
** both 90% sparse, each (cin, cout) channel pair one command in ant mode and
** one in scnn mode on the same Verilated nm_ant_engine.  Every output is
** checked bit for bit against the model and every counter (cycles: nm_ant_cycles)
** against the model's; then a markdown table:
**   RCPs eliminated   1 - RCPs(ant) / RCPs(scnn)   (ANT paper: > 90%)
**   speedup           cycles(scnn) / cycles(ant)   (ANT paper: 3.71x geomean)
**   mult. use         valid products / (n^2 * cycles); "busy" counts every
**                     product computed, RCPs included
**   bound             cycles / max(pairs, valid products): one pair issued and
**                     one product accumulated per cycle at best
** Uses the first linked engine (NMTEST_ONLY_CFG picks another).
**   NMTEST_SEED, ANT_BENCH_PAIRS (channel pairs per layer, default 32),
**   ANT_BENCH_DENSITY (default 0.1), ANT_BENCH_BATCH (default 1: the pairs
**   of a layer in batch commands of CI x CO pairs, both modes; 0: one
**   command a pair)
** With --wg NM_CONFIG_H LAYERS_DIR it then prints the antwg lines of whole
** ResNet-18 / VGG-16 layers (ant_wg.h; ANT_WG_SAMPLES pairs a layer, default 2;
** ANT_WG_DENSITIES, default "0.1 0.05 0.3 0.5"; ANT_WG_NETS, default
** "resnet18 vgg16"; ANT_WG_SCNN=0 leaves the scnn runs out).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "ant_wg.h"
#include "ant_load.h"
#include "dut_ant.h"
#include "nm_ant.h"
#include "nm_ant_cycles.h"
#include "nm_ant_work.h"
#include "nm_rng.h"

typedef struct {
  const char *name;
  int h, k, stride, pad;   /* activation plane h x h (scaled), kernel k x k */
  int full_h;              /* ResNet-18's plane at 224x224 input */
} layer;

static const layer layers[] = {
    {"conv2_x 3x3/1", 32, 3, 1, 1, 56}, {"conv3_1 3x3/2", 32, 3, 2, 1, 56},
    {"conv3_x 3x3/1", 16, 3, 1, 1, 28}, {"conv3_ds 1x1/2", 32, 1, 2, 0, 56},
    {"conv4_1 3x3/2", 16, 3, 2, 1, 28}, {"conv4_x 3x3/1", 14, 3, 1, 1, 14},
    {"conv4_ds 1x1/2", 16, 1, 2, 0, 28}, {"conv5_1 3x3/2", 14, 3, 2, 1, 14},
    {"conv5_x 3x3/1", 7, 3, 1, 1, 7},   {"conv5_ds 1x1/2", 14, 1, 2, 0, 14},
};

typedef struct { uint64_t cycles, pairs, prods, rcps, skipped, valid; } tally;

/* Up to max space- or comma-separated words of s (an environment value) into
** buf, pointers in out; the count. */
static int words(const char *s, char *buf, size_t len, const char **out, int max) {
  int n = 0;
  snprintf(buf, len, "%s", s);
  for (char *t = strtok(buf, " ,"); t && n < max; t = strtok(NULL, " ,")) out[n++] = t;
  return n;
}


/* One command in one mode; checks it against the model.  0 or -1. */
static int run(dut_ant *d, const dut_ant_info *inf, const nm_ant_cmd *c, const nm_ant_plane *x,
               const nm_ant_plane *dy, tally *t) {
  dut_ant_cmd dc = {c->mode, 1, (unsigned)x->rows, (unsigned)dy->rows, (unsigned)c->hout,
                    (unsigned)c->wout, (unsigned)c->st, (unsigned)c->d, (unsigned)c->pad, 0, 0};
  dut_ant_result r;
  if (dut_ant_run(d, &dc, &r, 100000000ull) || r.err) {
    fprintf(stderr, "ant_bench: command failed (err %d)\n", r.err);
    return -1;
  }
  nm_ant_csr ci = nm_ant_plane_csr(x), ck = nm_ant_plane_csr(dy);
  nm_ant_counts m;
  nm_ant_count(c, &ci, &ck, &m);
  nm_ant_acc acc[64];
  memset(acc, 0, sizeof acc);
  nm_ant_accumulate(c, inf->acc_bits, &ci, &ck, acc);
  for (int o = 0; o < c->hout * c->wout; o++)
    for (int o16 = 0; o16 < 2; o16++) {
      uint32_t e = nm_ant_readout(&acc[o], o16), g = dut_ant_read(d, DUT_ANT_OUT, (unsigned)o, o16);
      if (e != g) {
        fprintf(stderr, "MISMATCH %s dW%s[%d]: expected 0x%08x got 0x%08x (seed %llu)\n",
                c->mode ? "scnn" : "ant", o16 ? "16" : "32", o, e, g, (unsigned long long)tu_seed());
        return -1;
      }
    }
  if (m.pairs != r.pairs || m.products != r.prods || m.rcps != r.rcps || m.skipped != r.skipped ||
      nm_ant_cycles(c, 1, &ci, &ck) != r.cycles) {
    fprintf(stderr, "MISMATCH counters or cycles differ from the model (seed %llu)\n", (unsigned long long)tu_seed());
    return -1;
  }
  t->cycles += r.cycles, t->pairs += r.pairs, t->prods += r.prods, t->rcps += r.rcps;
  t->skipped += r.skipped, t->valid += r.prods - r.rcps;
  return 0;
}

/* The batch of a layer: CI x CO channel pairs a command, powers of two
** dividing npairs, within the row tables, the accumulators and (with a 25%
** margin on the expected nonzeros) the CSR buffers; at most 8 x 8. */
static void batch_shape(const dut_ant_info *inf, const layer *L, int ho, int npairs, double dens, int *ci,
                        int *co) {
  *ci = *co = 1;
  for (;;) {
    int a = *ci, b = *co;
    if (a <= b) a *= 2;
    else b *= 2;
    if (a > 8 || b > 8 || npairs % (a * b) || a * L->h > inf->rows || b * ho > inf->rows ||
        a * b * L->k * L->k > inf->obuf_depth || 1.25 * dens * a * L->h * L->h > inf->ibuf_depth ||
        1.25 * dens * b * ho * ho > inf->kbuf_depth)
      return;
    *ci = a, *co = b;
  }
}

/* ci X planes and co dY planes whose nonzeros fit the CSR buffers (a draw
** over them is drawn again).  0 or -1. */
static int draw(const dut_ant_info *inf, const layer *L, int ho, double dens, nm_ant_plane *x, int ci,
                nm_ant_plane *dy, int co, nm_rng *r) {
  for (int tries = 0; tries < 100; tries++) {
    uint32_t nx = 0, ny = 0;
    for (int i = 0; i < ci; i++) {
      if (nm_ant_plane_random(&x[i], L->h, L->h, dens, NM_ANT_V_PLAIN, r)) return -1;
      nx += x[i].nnz;
    }
    for (int j = 0; j < co; j++) {
      if (nm_ant_plane_random(&dy[j], ho, ho, dens, NM_ANT_V_PLAIN, r)) return -1;
      ny += dy[j].nnz;
    }
    if (nx <= (uint32_t)inf->ibuf_depth && ny <= (uint32_t)inf->kbuf_depth) return 0;
    for (int i = 0; i < ci; i++) nm_ant_plane_free(&x[i]);
    for (int j = 0; j < co; j++) nm_ant_plane_free(&dy[j]);
  }
  fprintf(stderr, "ant_bench %s: planes do not fit the CSR buffers\n", L->name);
  return -1;
}

static const char *cfg_at(size_t i) { return dut_ant_info_at(i)->cfg; }

int main(int argc, char **argv) {
  size_t mi = 0;
  const char *only = tu_only_cfg();
  tu_only_cfg_require("ant_bench", dut_ant_count(), cfg_at);
  while (mi < dut_ant_count() && only && strcmp(dut_ant_info_at(mi)->cfg, only)) mi++;
  if (mi >= dut_ant_count()) {
    fprintf(stderr, "ant_bench: no engine model%s%s\n", only ? " for " : "", only ? only : "");
    return 1;
  }
  const dut_ant_info *inf = dut_ant_info_at(mi);
  const int npairs = getenv("ANT_BENCH_PAIRS") ? atoi(getenv("ANT_BENCH_PAIRS")) : 32;
  const double dens = getenv("ANT_BENCH_DENSITY") ? atof(getenv("ANT_BENCH_DENSITY")) : 0.1;
  /* ANT_BENCH_BATCH=0: every channel pair its own command (the pre-batch table). */
  const int batch = getenv("ANT_BENCH_BATCH") ? atoi(getenv("ANT_BENCH_BATCH")) : 1;
  dut_ant *d = dut_ant_open(mi);
  if (!d) return 1;
  nm_rng r;
  nm_rng_seed(&r, tu_seed());
  const double nn = (double)inf->n * inf->n * inf->engines;   /* every engine's multipliers */
  if (npairs % inf->engines) {
    fprintf(stderr, "ant_bench: ANT_BENCH_PAIRS %d not a multiple of the %d engines\n", npairs, inf->engines);
    return 1;
  }
  printf("ANT weight gradient, ResNet-18 shapes scaled, %.0f%% sparse X and dY, %d channel pairs "
         "per layer, config %s (ant_n = %d), seed %llu, %d engine%s, %s\n\n", (1 - dens) * 100, npairs,
         inf->cfg, inf->n, (unsigned long long)tu_seed(), inf->engines, inf->engines > 1 ? "s" : "",
         batch ? "in batch commands of CI x CO pairs (column batch), both modes" : "one command a pair");
  printf("| layer (k x k / stride) | X plane (ResNet-18) | dY plane | valid products | RCPs scnn | "
         "RCPs ant | RCPs eliminated | pairs scnn | pairs ant | cycles scnn | cycles ant | speedup | "
         "mult. use ant (busy) | mult. use scnn (busy) | ant cycles / bound | batch |\n");
  printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  double logsum = 0;
  tally all[2] = {{0}, {0}};
  const size_t nl = sizeof layers / sizeof layers[0];
  for (size_t li = 0; li < nl; li++) {
    const layer *L = &layers[li];
    int ho = (L->h + 2 * L->pad - L->k) / L->stride + 1;
    tally t[2] = {{0}, {0}};
    int ci = 1, co = 1;
    const int P = inf->engines;
    if (batch) batch_shape(inf, L, ho, npairs / P, dens, &ci, &co);
    for (int p = 0; p < npairs; p += P * ci * co) {
      nm_ant_plane x[16 * 8], dy[16 * 8];
      for (int e = 0; e < P; e++)
        if (draw(inf, L, ho, dens, x + e * ci, ci, dy + e * co, co, &r)) return 1;
      for (int mode = 0; mode < 2; mode++) {
        nm_ant_cmd c = {mode, L->k, L->k, 1, L->stride, L->pad, inf->n};
        if (P * ci * co == 1) {
          ant_load_planes(d, &x[0], &dy[0]);
          if (run(d, inf, &c, &x[0], &dy[0], &t[mode])) return 1;
        } else {
          dut_ant_result res;
          if (ant_run_batch(d, inf, &c, x, ci, dy, co, &res)) return 1;
          t[mode].cycles += res.cycles, t[mode].pairs += res.pairs, t[mode].prods += res.prods;
          t[mode].rcps += res.rcps, t[mode].skipped += res.skipped, t[mode].valid += res.prods - res.rcps;
        }
      }
      for (int i = 0; i < P * ci; i++) nm_ant_plane_free(&x[i]);
      for (int j = 0; j < P * co; j++) nm_ant_plane_free(&dy[j]);
    }
    for (int m = 0; m < 2; m++) {
      all[m].cycles += t[m].cycles, all[m].pairs += t[m].pairs, all[m].prods += t[m].prods;
      all[m].rcps += t[m].rcps, all[m].valid += t[m].valid;
    }
    double sp = (double)t[1].cycles / (double)t[0].cycles;
    uint64_t bound = t[0].pairs > t[0].valid ? t[0].pairs : t[0].valid;
    logsum += log(sp);
    printf("| %s | %dx%d (%dx%d) | %dx%d | %llu | %llu | %llu | %.1f%% | %llu | %llu | %llu | %llu | "
           "%.2fx | %.1f%% (%.1f%%) | %.1f%% (%.1f%%) | %.2f | %dx%d |\n",
           L->name, L->h, L->h, L->full_h, L->full_h, ho, ho, (unsigned long long)t[0].valid,
           (unsigned long long)t[1].rcps, (unsigned long long)t[0].rcps,
           t[1].rcps ? 100.0 * (1.0 - (double)t[0].rcps / (double)t[1].rcps) : 0.0,
           (unsigned long long)t[1].pairs, (unsigned long long)t[0].pairs,
           (unsigned long long)t[1].cycles, (unsigned long long)t[0].cycles, sp,
           100.0 * (double)t[0].valid / (nn * (double)t[0].cycles),
           100.0 * (double)t[0].prods / (nn * (double)t[0].cycles),
           100.0 * (double)t[1].valid / (nn * (double)t[1].cycles),
           100.0 * (double)t[1].prods / (nn * (double)t[1].cycles),
           bound ? (double)t[0].cycles / (double)bound : 0.0, ci, co);
  }
  printf("| **all** | | | %llu | %llu | %llu | **%.1f%%** | %llu | %llu | %llu | %llu | **%.2fx geomean** "
         "(%.2fx total) | %.1f%% (%.1f%%) | %.1f%% (%.1f%%) | | |\n",
         (unsigned long long)all[0].valid, (unsigned long long)all[1].rcps,
         (unsigned long long)all[0].rcps, 100.0 * (1.0 - (double)all[0].rcps / (double)all[1].rcps),
         (unsigned long long)all[1].pairs, (unsigned long long)all[0].pairs,
         (unsigned long long)all[1].cycles, (unsigned long long)all[0].cycles,
         exp(logsum / (double)nl), (double)all[1].cycles / (double)all[0].cycles,
         100.0 * (double)all[0].valid / (nn * (double)all[0].cycles),
         100.0 * (double)all[0].prods / (nn * (double)all[0].cycles),
         100.0 * (double)all[1].valid / (nn * (double)all[1].cycles),
         100.0 * (double)all[1].prods / (nn * (double)all[1].cycles));
  printf("\nANT paper (Lew et al., ISCA 2022): > 90%% of RCPs anticipated, 3.71x geomean over an "
         "SCNN-like design at 90%% sparsity.  All outputs and counters above matched the model.\n");
  if (argc == 4 && strcmp(argv[1], "--wg") == 0) {
    /* ANT_WG_BATCH=0: every pair its own command (the one-by-one baseline). */
    const char *ev = getenv("ANT_WG_DENSITIES"), *w[8], *nets[8];
    char db[256], nb[256];
    double dens_l[8];
    int nd = words(ev ? ev : "0.1 0.05 0.3 0.5", db, sizeof db, w, 8);
    for (int i = 0; i < nd; i++)
      if ((dens_l[i] = atof(w[i])) <= 0 || dens_l[i] > 1) {
        fprintf(stderr, "ant_bench: bad density '%s' in ANT_WG_DENSITIES\n", w[i]);
        return 2;
      }
    ev = getenv("ANT_WG_NETS");
    int nn = words(ev ? ev : "resnet18 vgg16", nb, sizeof nb, nets, 8);
    ant_wg_opts o = {argv[2], argv[3], getenv("ANT_WG_SAMPLES") ? atoi(getenv("ANT_WG_SAMPLES")) : 2,
                     getenv("ANT_WG_SCNN") ? atoi(getenv("ANT_WG_SCNN")) : 1,
                     getenv("ANT_WG_BATCH") ? atoi(getenv("ANT_WG_BATCH")) : 1, dens_l, nd, nets, nn};
    if (o.samples < 1 || !nd || !nn || ant_wg_bench(d, inf, &o)) return 1;
  } else if (argc != 1) {
    fprintf(stderr, "usage: ant_bench [--wg NM_CONFIG_H LAYERS_DIR]\n");
    return 2;
  }
  dut_ant_close(d);
  return 0;
}
