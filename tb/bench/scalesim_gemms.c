/*
** bench-scalesim, the nmgen side (make bench-scalesim; sim/scalesim.mk).
**
** For every GEMM (FF, BP, WG) of the layer sets, on each configuration
** given (its generated nm_config.h), dense and 2:8, OS and WS, prints one
** tab-separated `gemm` record with the STCE's cycles from the cycle model:
**   one    the GEMM as one command (split only where a dimension passes the
**          16-bit command fields), no buffer limits: what SCALE-Sim assumes;
**   tiled  bench-net's host tiling into buffer-sized commands, nm_top's
**          LAST_CYCLES per command (bench_net_tile.c / bench_net_top.c);
** plus SCALE-Sim's per-fold closed form as nm_stce_cycles.h has it, and the
** proposal's estimates (scalesim_whatif.c).  sim/scalesim/compare.py joins
** them with SCALE-Sim.  It also prints the per-network utilization and
** step-speedup lines, and the buffer-size sweep of the proposal.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"
#include "nm_top_cycles.h"
#include "scalesim_whatif.h"

#define MAX_CFG 4
#define FIELD_MAX 65535u

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }
static uint64_t roundup(uint64_t a, uint64_t b) { return ceil_div(a, b) * b; }

static const bn_pattern kDense = {0, 0}, kSparse = {2, 8};

/* One GEMM in one dataflow: every number the records and sums need. */
typedef struct {
  int valid;
  uint64_t kp, macs;                       /* stream length, useful MACs */
  uint64_t one, one_filled;                /* one command; L slots filled */
  uint64_t tiled, cmds, tiled_overlap;     /* host tiling; overlapped commands */
  uint64_t tiled_filled, tiled_both;       /* ... with slots filled; both */
  uint64_t ccf;                            /* SCALE-Sim closed form (C's) */
  uint64_t bound;                          /* OS: no slot schedule is faster */
} df_res;

/* A dimension of length x split into pieces that fit a 16-bit field, each
** a multiple of unit: `full` pieces of `size`, then one of `rest`. */
typedef struct {
  uint64_t size, full, rest;
} split1;
static split1 split_dim(uint64_t x, uint64_t unit) {
  split1 s;
  uint64_t n = ceil_div(x, FIELD_MAX);
  for (;; n++) {
    s.size = roundup(ceil_div(x, n), unit);
    if (s.size > x) s.size = x;
    if (s.size <= FIELD_MAX) break;
  }
  s.full = x / s.size, s.rest = x % s.size;
  return s;
}

/* Cycles of the GEMM as the fewest engine commands the fields allow:
** sum of nm_stce_cycles (filled = 0) or of ss_os_cycles_filled (1). */
static uint64_t one_command(const nm_stce_hw *hw, uint64_t I, uint64_t J, uint64_t K, int n, int m,
                            int sparse, int ws, int filled) {
  uint64_t L = (uint64_t)nm_stce_slots(hw);
  split1 d[3] = {split_dim(I, (uint64_t)(ws ? hw->cols : hw->rows)),
                 split_dim(J, ws ? (uint64_t)hw->cols : L * (uint64_t)hw->cols), split_dim(K, (uint64_t)m)};
  uint64_t total = 0;
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++)
      for (int c = 0; c < 2; c++) {
        uint64_t cnt = (a ? (d[0].rest ? 1 : 0) : d[0].full) * (b ? (d[1].rest ? 1 : 0) : d[1].full) *
                       (c ? (d[2].rest ? 1 : 0) : d[2].full);
        if (!cnt) continue;
        nm_gemm_cmd g;
        memset(&g, 0, sizeof g);
        g.I = (int)(a ? d[0].rest : d[0].size), g.J = (int)(b ? d[1].rest : d[1].size);
        g.K = (int)(c ? d[2].rest : d[2].size), g.M = m, g.N = sparse ? n : m;
        g.a_sparse = sparse, g.ws = ws, g.init_cin = c || d[2].full > 1;
        total += cnt * (filled && !ws ? ss_os_cycles_filled(hw, &g) : nm_stce_cycles(hw, &g, 0));
      }
  return total;
}

/* Dense M: K's largest divisor <= MMAX (no padding; dense cycles do not
** depend on M otherwise). */
static int dense_m(uint64_t K, int mmax) {
  for (int d = mmax; d >= 2; d--)
    if (K % (uint64_t)d == 0) return d;
  return 1;
}

/* The host tiling's totals with overlap / slot filling applied per command. */
static void tiled_whatif(const bn_hw *hw, const bn_tiling *t, df_res *r) {
  uint64_t ov = 0, fill = 0, both = 0, maxfix = 0;
  for (int s = 0; s < t->nshapes; s++) {
    const nm_gemm_cmd *c = &t->shape[s];
    uint64_t cyc = bn_gemm_cmd_cycles(hw, c), cnt = t->shape_count[s];
    uint64_t fix = ss_fixed_cycles(&hw->stce, c);
    uint64_t saved = c->ws ? 0 : nm_stce_cycles(&hw->stce, c, 0) - ss_os_cycles_filled(&hw->stce, c);
    ov += cnt * (cyc - fix), fill += cnt * (cyc - saved), both += cnt * (cyc - fix - saved);
    if (fix > maxfix) maxfix = fix;
  }
  r->tiled_overlap = ov + maxfix, r->tiled_filled = fill, r->tiled_both = both + maxfix;
}

/* Everything about GEMM s with pattern p in dataflow ws; 0 or -1. */
static int cost(const bn_hw *hw, const bn_shape *s, bn_pattern p, int ws, int whole, df_res *r) {
  memset(r, 0, sizeof *r);
  if (!(ws ? hw->has_ws : hw->has_os)) return 0;
  int sparse = s->sparse && p.n != 0;
  int m = sparse ? p.m : dense_m(s->K, hw->mmax);
  uint64_t kpad = roundup(s->K, (uint64_t)m);
  r->kp = sparse ? kpad * (uint64_t)p.n / (uint64_t)p.m : kpad;
  r->macs = s->I * s->J * r->kp;
  bn_tiling t;
  if (bn_tile(hw, s, p, ws, &t)) return -1;
  r->tiled = t.cycles, r->cmds = t.commands;
  tiled_whatif(hw, &t, r);
  if (whole) {
    r->one = one_command(&hw->stce, s->I, s->J, kpad, p.n, m, sparse, ws, 0);
    r->one_filled = one_command(&hw->stce, s->I, s->J, kpad, p.n, m, sparse, ws, 1);
    nm_gemm_cmd w;
    memset(&w, 0, sizeof w);
    w.I = (int)s->I, w.J = (int)s->J, w.K = (int)kpad, w.M = m, w.N = sparse ? p.n : m;
    w.a_sparse = sparse, w.ws = ws;
    r->ccf = nm_stce_scalesim_cycles(&hw->stce, &w, ws);
    if (!ws) r->bound = ss_os_tiles_bound(&hw->stce, &w) * ss_os_stream(&hw->stce, &w);
  }
  r->valid = 1;
  return 0;
}

/* ---- per-network sums --------------------------------------------------------- */

enum { M_ONE, M_ONE_FILLED, M_TILED, M_OVERLAP, M_TFILLED, M_BOTH, M_COUNT };
static const char *const kModeName[M_COUNT] = {"one", "one+fill", "tiled", "tiled+overlap",
                                               "tiled+fill", "tiled+fill+overlap"};
static uint64_t mode_cycles(const df_res *r, int mode) {
  switch (mode) {
    case M_ONE: return r->one;
    case M_ONE_FILLED: return r->one_filled;
    case M_TILED: return r->tiled;
    case M_OVERLAP: return r->tiled_overlap;
    case M_TFILLED: return r->tiled_filled;
    default: return r->tiled_both;
  }
}

typedef struct {
  double sp_cyc[2], sp_macs[2]; /* FF+BP: cycles and MACs, [dense, 2:8] */
  double wg[2], extra[2];        /* WG cycles; UPDATE + PRUNE */
} net_sum;

/* Best generated dataflow of a GEMM for one mode. */
static const df_res *best_df(const df_res r[2], int mode) {
  if (!r[0].valid) return &r[1];
  if (!r[1].valid) return &r[0];
  return mode_cycles(&r[1], mode) < mode_cycles(&r[0], mode) ? &r[1] : &r[0];
}

static void add_sum(net_sum *ns, int pi, int phase, uint64_t count, const df_res r[2], int mode) {
  const df_res *b = best_df(r, mode);
  double cyc = (double)count * (double)mode_cycles(b, mode);
  if (phase == BN_WG)
    ns->wg[pi] += cyc;
  else
    ns->sp_cyc[pi] += cyc, ns->sp_macs[pi] += (double)count * (double)b->macs;
}

/* UPDATE and PRUNE of a layer (bench-net's per-command top costs). */
static double layer_extra(const bn_hw *hw, const bn_layer *l, bn_pattern p) {
  uint64_t cmds, w = bn_layer_weights(l), kk = w / (uint64_t)l->cout;
  double e = (double)bn_update_cycles(hw, w, &cmds);
  if (p.n) {
    uint64_t m = (uint64_t)p.m, groups = (uint64_t)l->cout * ceil_div(kk, m);
    if (!l->input) groups += kk * ceil_div((uint64_t)l->cout, m);
    e += (double)bn_prune_cycles(hw, groups, p.n, p.m, &cmds);
  }
  return e * l->count;
}

/* The GEMM whose OS lower bound (df_res.bound) is the largest share of
** SCALE-Sim's cycles, per pattern [dense, 2:8]. */
typedef struct {
  double ratio;
  char what[160];
} worst_bound;

static void note_bound(worst_bound *wb, const df_res *r, const char *net, const char *layer, int ph,
                       const bn_shape *s) {
  /* ccf is SCALE-Sim's closed form + 1 (sim/scalesim/compare.py checks it) */
  double q = r->ccf > 1 ? (double)r->bound / (double)(r->ccf - 1) : 0.0;
  if (q <= wb->ratio) return;
  wb->ratio = q;
  snprintf(wb->what, sizeof wb->what, "%s %s:%s %llux%llux%llu", net, layer, bn_phase_name[ph],
           (unsigned long long)s->I, (unsigned long long)s->J, (unsigned long long)r->kp);
}

/* Sums of one network in every mode; whole = also the one-command costs,
** the `gemm` records and the worst OS bounds (wb[2]).  0 or -1. */
static int net_sums(const bn_hw *hw, const bn_net *net, int batch, int whole, net_sum ns[M_COUNT],
                    worst_bound *wb) {
  memset(ns, 0, M_COUNT * sizeof ns[0]);
  for (int li = 0; li < net->nlayers; li++) {
    const bn_layer *l = &net->layer[li];
    for (int pi = 0; pi < 2; pi++) {
      bn_pattern p = pi ? kSparse : kDense;
      double ex = layer_extra(hw, l, p);
      for (int mo = 0; mo < M_COUNT; mo++) ns[mo].extra[pi] += ex;
      for (int ph = 0; ph < BN_GEMMS; ph++) {
        bn_shape s;
        if (!bn_layer_gemm(l, ph, batch, &s)) continue;
        df_res r[2];
        for (int ws = 0; ws < 2; ws++)
          if (cost(hw, &s, p, ws, whole, &r[ws])) {
            fprintf(stderr, "scalesim_gemms: %s %s %s: no command fits the buffers\n", net->name, l->name,
                    bn_phase_name[ph]);
            return -1;
          }
        for (int mo = 0; mo < M_COUNT; mo++)
          if (whole || mo >= M_TILED) add_sum(&ns[mo], pi, ph, (uint64_t)l->count, r, mo);
        if (!whole || (pi == 1 && !s.sparse)) continue; /* WG: dense only, once */
        if (r[0].valid) note_bound(&wb[pi], &r[0], net->name, l->name, ph, &s);
        for (int ws = 0; ws < 2; ws++) {
          const df_res *q = &r[ws];
          if (!q->valid) continue;
          printf("gemm\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu"
                 "\t%llu\t%llu\t%llu\t%llu\t%llu\n",
                 hw->name, hw->stce.rows, hw->stce.cols, net->name, l->name, bn_phase_name[ph],
                 pi && s.sparse ? "2:8" : "dense", ws ? "WS" : "OS", l->count, (unsigned long long)s.I,
                 (unsigned long long)s.J, (unsigned long long)s.K, (unsigned long long)q->kp,
                 (unsigned long long)q->macs, (unsigned long long)q->one, (unsigned long long)q->tiled,
                 (unsigned long long)q->cmds, (unsigned long long)q->ccf, (unsigned long long)q->one_filled,
                 (unsigned long long)q->tiled_overlap, (unsigned long long)q->tiled_filled,
                 (unsigned long long)q->tiled_both);
        }
      }
    }
  }
  return 0;
}

/* Utilization, and the speedup lines of one network and mode. */
static void print_net(const bn_hw *hw, const char *net, const char *mode, const net_sum *s,
                      const char *prefix) {
  double pe = (double)hw->stce.rows * hw->stce.cols;
  double ud = 100.0 * s->sp_macs[0] / (pe * s->sp_cyc[0]), us = 100.0 * s->sp_macs[1] / (pe * s->sp_cyc[1]);
  double gd = s->sp_cyc[0] + s->wg[0], gs = s->sp_cyc[1] + s->wg[1];
  double sd = gd + s->extra[0], ss = gs + s->extra[1];
  printf("%s util %s %dx%d mode=%s dense=%.1f%% 2:8=%.1f%% gap=%.1fpts target<=2.0 met=%s\n", prefix, net,
         hw->stce.rows, hw->stce.cols, mode, ud, us, ud - us, ud - us <= 2.0 ? "yes" : "no");
  printf("%s speedup %s %dx%d mode=%s dense=%.0f 2:8=%.0f step=%.3fx gemm=%.3fx target>=1.97 met=%s\n", prefix,
         net, hw->stce.rows, hw->stce.cols, mode, sd, ss, sd / ss, gd / gs, sd / ss >= 1.97 ? "yes" : "no");
}

/* ---- buffer sweep (proposal) -------------------------------------------------- */

/* Block RAMs of `banks` RAMs of depth x width on one FPGA primitive, the
** best aspect ratio of the primitive's (depth, width) list. */
static uint64_t brams(uint64_t banks, uint64_t depth, uint64_t width, const int (*shape)[2], int n) {
  uint64_t best = UINT64_MAX;
  for (int q = 0; q < n; q++) {
    uint64_t b = ceil_div(depth, (uint64_t)shape[q][0]) * ceil_div(width, (uint64_t)shape[q][1]);
    if (b < best) best = b;
  }
  return banks * best;
}
static const int kIce40[][2] = {{256, 16}, {512, 8}, {1024, 4}, {2048, 2}};          /* SB_RAM40_4K */
static const int kEcp5[][2] = {{512, 36}, {1024, 18}, {2048, 9}, {4096, 4}};          /* DP16KD */
static const int kXil[][2] = {{512, 36}, {1024, 18}, {2048, 9}, {4096, 4}, {8192, 2}}; /* RAMB18 */

/* A: R banks of {idx[3:0], fp16}; B: C banks of MMAX fp16; C: C banks of
** fp32 (nm_stce.vt's buffer comment; R <= C, so B has C banks). */
static void print_bram(const bn_hw *hw, const char *prefix) {
  uint64_t R = (uint64_t)hw->stce.rows, C = (uint64_t)hw->stce.cols;
  uint64_t wa = 20, wb = 16 * (uint64_t)hw->mmax, wc = 32;
  const int (*prim[3])[2] = {kIce40, kEcp5, kXil};
  int np[3] = {4, 4, 5};
  const char *name[3] = {"ice40_ebr", "ecp5_dp16kd", "xilinx_ramb18"};
  printf("%s bram %dx%d abuf=%d bbuf=%d cbuf=%d", prefix, hw->stce.rows, hw->stce.cols, hw->abuf, hw->bbuf,
         hw->cbuf);
  for (int t = 0; t < 3; t++)
    printf(" %s=%llu", name[t],
           (unsigned long long)(brams(R, (uint64_t)hw->abuf, wa, prim[t], np[t]) +
                                brams(C, (uint64_t)hw->bbuf, wb, prim[t], np[t]) +
                                brams(C, (uint64_t)hw->cbuf, wc, prim[t], np[t])));
  printf("\n");
}

static const int kBufSets[][3] = {{128, 64, 128},  {256, 128, 256},  {512, 128, 256},
                                  {512, 256, 512}, {1024, 256, 256}, {1024, 512, 512}};

/* ---- main ----------------------------------------------------------------------- */

static void usage(void) {
  fprintf(stderr,
          "usage: scalesim_gemms --cfg-header build/CFG/gen/nm_config.h [--cfg-header ...] --layers DIR\n"
          "                      --nets \"resnet18 vgg16 bert_base\" [--batch 16] [--seq 128] [--sweep 0|1]\n");
}

int main(int argc, char **argv) {
  const char *hdr[MAX_CFG], *layers = NULL, *nets = NULL;
  int nhdr = 0, batch = 16, seq = 128, sweep = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--cfg-header") && nhdr < MAX_CFG)
      hdr[nhdr++] = v;
    else if (!strcmp(k, "--layers"))
      layers = v;
    else if (!strcmp(k, "--nets"))
      nets = v;
    else if (!strcmp(k, "--batch"))
      batch = atoi(v);
    else if (!strcmp(k, "--seq"))
      seq = atoi(v);
    else if (!strcmp(k, "--sweep"))
      sweep = atoi(v);
    else {
      usage();
      return 2;
    }
  }
  if (argc % 2 == 0 || !nhdr || !layers || !nets || batch < 1 || seq < 1) {
    usage();
    return 2;
  }
  char err[600];
  for (int h = 0; h < nhdr; h++) {
    bn_hw hw;
    if (bn_hw_read(hdr[h], &hw, err, sizeof err)) {
      fprintf(stderr, "scalesim_gemms: %s\n", err);
      return 1;
    }
    char list[256];
    worst_bound wb[2] = {{0.0, "none"}, {0.0, "none"}};
    snprintf(list, sizeof list, "%s", nets);
    for (char *name = strtok(list, " "); name; name = strtok(NULL, " ")) {
      bn_net net;
      if (bn_net_load(layers, name, seq, &net, err, sizeof err)) {
        fprintf(stderr, "scalesim_gemms: %s\n", err);
        return 1;
      }
      net_sum ns[M_COUNT];
      if (net_sums(&hw, &net, batch, 1, ns, wb)) return 1;
      print_net(&hw, name, "one", &ns[M_ONE], "scalesim");
      print_net(&hw, name, "tiled", &ns[M_TILED], "scalesim");
      for (int mo = 0; mo < M_COUNT; mo++) print_net(&hw, name, kModeName[mo], &ns[mo], "analysis");
      for (size_t b = 0; sweep && b < sizeof kBufSets / sizeof kBufSets[0]; b++) {
        bn_hw h2 = hw;
        h2.abuf = kBufSets[b][0], h2.bbuf = kBufSets[b][1], h2.cbuf = kBufSets[b][2];
        net_sum ns2[M_COUNT];
        if (net_sums(&h2, &net, batch, 0, ns2, NULL)) return 1;
        char tag[96];
        for (int mo = M_TILED; mo < M_COUNT; mo++) {
          snprintf(tag, sizeof tag, "%s@%d/%d/%d", kModeName[mo], h2.abuf, h2.bbuf, h2.cbuf);
          print_net(&h2, name, tag, &ns2[mo], "analysis");
        }
      }
      bn_net_free(&net);
    }
    /* The least worst one-command OS ratio any slot schedule could reach:
    ** where it passes 1.00 the target needs more than slot shapes. */
    for (int pi = 0; pi < 2; pi++)
      printf("analysis os-bound %s %dx%d slots=%d nm=%s worst=%.3f (%s)\n", hw.name, hw.stce.rows,
             hw.stce.cols, nm_stce_slots(&hw.stce), pi ? "2:8" : "dense", wb[pi].ratio, wb[pi].what);
    print_bram(&hw, "analysis");
    for (size_t b = 0; sweep && b < sizeof kBufSets / sizeof kBufSets[0]; b++) {
      bn_hw h2 = hw;
      h2.abuf = kBufSets[b][0], h2.bbuf = kBufSets[b][1], h2.cbuf = kBufSets[b][2];
      print_bram(&h2, "analysis");
    }
  }
  return 0;
}
