/*
** bench_net: the network-level benchmark (make bench-net; sim/bench.mk).
**
**   1. read the config (its nm_config.h) and the layer sets (sim/layers);
**   2. split every layer GEMM of FF, BP and WG into buffer-sized commands
**      in each generated dataflow, for dense, 2:4, 2:8, 1:8, 4:8 (M <= MMAX),
**      and cost them, UPDATE and PRUNE with the cycle model;
**   3. run a random sample of those commands on the config's Verilated
**      nm_stce: every busy count must equal the model and every result the
**      golden GEMM, or the bench stops here with exit status 1;
**   4. the end-to-end step with every XFER (bench_net_e2e.c), refused unless
**      the XFER model's check on the config's nm_top passed (and, with
**      --overlap-check, the overlap schedule model's);
**   5. measure simulation speed on the 4x4 / 8x8 / 16x16 models;
**   6. write report.md, report.csv and the plot data (bench_net_report.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"
#include "nm_rng.h"

static const bn_pattern kPatterns[] = {{0, 0}, {2, 4}, {2, 8}, {1, 8}, {4, 8}};

static void usage(void) {
  fprintf(stderr,
          "usage: bench_net --config NAME --cfg-header build/NAME/gen/nm_config.h --layers DIR\n"
          "                 --nets \"resnet18 vgg16 bert_base\" --out DIR [--batch B] [--seq S]\n"
          "                 [--quick 0|1] [--samples N] [--seed S] [--ant ant.md]\n"
          "                 [--quote FILE.md]... [--speed-cfgs \"mid default bench16\"]\n"
          "                 --xfer-check FILE (test_rtl_top_dma CK_RUN_CASE=xfer_model's output)\n"
          "                 [--overlap-check FILE] (must say \"<cfg>: OVERLAP-MODEL-CHECK PASS\")\n");
}

/* Split a space-separated list into fixed slots; the count. */
static int split_list(const char *s, char out[][64], int max) {
  int n = 0;
  while (*s && n < max) {
    while (*s == ' ') s++;
    size_t len = strcspn(s, " ");
    if (!len) break;
    snprintf(out[n++], 64, "%.*s", (int)len, s);
    s += len;
  }
  return n;
}

static int parse_args(int argc, char **argv, bn_run *r, char nets[8][64], int *nnets) {
  r->batch = 16, r->seq = 128, r->seed = 1;
  *nnets = 0;
  for (int i = 1; i < argc; i++) {
    const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) return -1;
    i++;
    if (!strcmp(k, "--config"))
      r->config = v;
    else if (!strcmp(k, "--cfg-header"))
      r->cfg_header = v;
    else if (!strcmp(k, "--layers"))
      r->layer_dir = v;
    else if (!strcmp(k, "--nets"))
      *nnets = split_list(v, nets, 8);
    else if (!strcmp(k, "--out"))
      r->out_dir = v;
    else if (!strcmp(k, "--batch"))
      r->batch = atoi(v);
    else if (!strcmp(k, "--seq"))
      r->seq = atoi(v);
    else if (!strcmp(k, "--quick"))
      r->quick = atoi(v);
    else if (!strcmp(k, "--samples"))
      r->samples = atoi(v);
    else if (!strcmp(k, "--seed"))
      r->seed = strtoull(v, NULL, 10);
    else if (!strcmp(k, "--ant"))
      r->ant_path = v;
    else if (!strcmp(k, "--xfer-check"))
      r->xfer_check = v;
    else if (!strcmp(k, "--overlap-check"))
      r->overlap_check = v;
    else if (!strcmp(k, "--quote")) {
      if (r->nquote < 4) r->quote[r->nquote++] = v;
    } else if (!strcmp(k, "--speed-cfgs"))
      r->nspeed = split_list(v, r->speed_cfgs, 8);
    else
      return -1;
  }
  if (!r->config || !r->cfg_header || !r->layer_dir || !r->out_dir || !*nnets || r->batch < 1 || r->seq < 1)
    return -1;
  if (!r->samples) r->samples = r->quick ? 60 : 400;
  return 0;
}

uint64_t bn_best(const bn_gemm_res *g) { return g->cycles[0] < g->cycles[1] ? g->cycles[0] : g->cycles[1]; }

uint64_t bn_step(const bn_run *r, const bn_net_res *nr, int pi, int df, int ant, uint64_t ph[BN_PHASES]) {
  memset(ph, 0, BN_PHASES * sizeof ph[0]);
  for (int li = 0; li < nr->net.nlayers; li++) {
    const bn_layer_res *lr = &nr->res[li * r->npat + pi];
    uint64_t cnt = (uint64_t)nr->net.layer[li].count;
    for (int p = 0; p < BN_GEMMS; p++) {
      if (!lr->g[p].has) continue;
      uint64_t c = df == 2 ? bn_best(&lr->g[p]) : lr->g[p].cycles[df];
      if (c == BN_NA) return BN_NA;
      if (p == BN_WG && ant && lr->wg_ant != BN_NA && (ant == 1 || lr->wg_ant < c)) c = lr->wg_ant;
      ph[p] += cnt * c;
    }
    ph[BN_UPDATE] += cnt * lr->update, ph[BN_PRUNE] += cnt * lr->prune;
  }
  uint64_t s = 0;
  for (int p = 0; p < BN_PHASES; p++) s += ph[p];
  return s;
}

/* The step-ant lines: per network and pattern, the compute step with WG per
** layer on the faster of ANT and the STCE (bn_step's ant = 2) against the
** dense step with WG on the STCE; k of the network's layers with a WG run
** it on ANT (layers counted with their COUNT). */
static void step_ant_lines(const bn_run *r) {
  uint64_t ph[BN_PHASES];
  char pb[16];
  if (!r->have_ant) {
    printf("step-ant: no ANT measurement for config %s (no Verilated engine like its nm_top's)\n", r->config);
    return;
  }
  printf("bench_net: WG on ANT from ant_bench's antwg lines on %s (%d engines, ant_n %d, %.0f%% dense X "
         "and dY; RTL-sampled pairs at full plane size, every command = model)\n",
         r->ant.wg_cfg, r->ant.wg_engines, r->ant.wg_n, 100 * r->ant.wg_density);
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    uint64_t d = bn_step(r, nr, 0, 2, 0, ph);
    for (int pi = 0; pi < r->npat; pi++) {
      uint64_t s = bn_step(r, nr, pi, 2, 2, ph);
      int k = 0, n = 0;
      for (int li = 0; li < nr->net.nlayers; li++) {
        const bn_layer_res *lr = &nr->res[li * r->npat + pi];
        if (!lr->g[BN_WG].has) continue;
        n += nr->net.layer[li].count;
        if (lr->wg_ant != BN_NA && lr->wg_ant < bn_best(&lr->g[BN_WG])) k += nr->net.layer[li].count;
      }
      if (r->pat[pi].n)
        snprintf(pb, sizeof pb, "%d:%d", r->pat[pi].n, r->pat[pi].m);
      else
        snprintf(pb, sizeof pb, "dense");
      printf("step-ant %s %s speedup=%.2fx wg_on_ant=%d/%d cycles=%llu dense=%llu wg=%llu\n", nr->net.name,
             pb, (double)d / (double)s, k, n, (unsigned long long)s, (unsigned long long)d,
             (unsigned long long)ph[BN_WG]);
    }
  }
}

/* Cost one GEMM in every generated dataflow; 0 or -1 (no command fits). */
static int cost_gemm(const bn_hw *hw, const bn_shape *s, bn_pattern p, bn_gemm_res *g) {
  memset(g, 0, sizeof *g);
  g->has = 1, g->shape = *s;
  for (int ws = 0; ws < 2; ws++) {
    g->cycles[ws] = g->cmds[ws] = g->scalesim[ws] = BN_NA;
    if (!(ws ? hw->has_ws : hw->has_os)) continue;
    if (bn_tile(hw, s, p, ws, &g->tile[ws])) return -1;
    g->cycles[ws] = g->tile[ws].cycles, g->cmds[ws] = g->tile[ws].commands;
    if (p.n == 0 || !s->sparse) { /* SCALE-Sim: the whole dense GEMM, no buffer limits */
      nm_gemm_cmd w = {(int)s->I, (int)s->J, (int)g->tile[ws].kpad, g->tile[ws].m, g->tile[ws].m, 0, 0,
                       0,         ws};
      g->scalesim[ws] = nm_stce_scalesim_cycles(&hw->stce, &w, ws);
    }
  }
  return 0;
}

/* Every layer x pattern of a network. */
static int cost_net(bn_run *r, bn_net_res *nr) {
  const bn_hw *hw = &r->hw;
  nr->res = calloc((size_t)(nr->net.nlayers * r->npat), sizeof *nr->res);
  if (!nr->res) return -1;
  for (int li = 0; li < nr->net.nlayers; li++) {
    const bn_layer *l = &nr->net.layer[li];
    for (int pi = 0; pi < r->npat; pi++) {
      bn_layer_res *lr = &nr->res[li * r->npat + pi];
      bn_pattern p = r->pat[pi];
      for (int ph = 0; ph < BN_GEMMS; ph++) {
        bn_shape s;
        if (!bn_layer_gemm(l, ph, r->batch, &s)) continue;
        if (ph == BN_WG && pi > 0) {
          lr->g[ph] = nr->res[li * r->npat].g[ph];
          continue;
        }
        if (cost_gemm(hw, &s, p, &lr->g[ph])) {
          fprintf(stderr, "bench_net: %s %s %s: no command fits the buffers\n", nr->net.name, l->name,
                  bn_phase_name[ph]);
          return -1;
        }
      }
      uint64_t w = bn_layer_weights(l), kk = w / (uint64_t)l->cout;
      lr->update = bn_update_cycles(hw, w, &lr->update_cmds);
      if (p.n) {
        uint64_t m = (uint64_t)p.m, groups = (uint64_t)l->cout * ((kk + m - 1) / m);
        if (!l->input) groups += kk * (((uint64_t)l->cout + m - 1) / m); /* Wb: along COUT */
        lr->prune = bn_prune_cycles(hw, groups, p.n, p.m, &lr->prune_cmds);
      }
      lr->wg_ant = r->have_ant ? bn_ant_wg_cycles(&r->ant, nr->net.name, l, r->batch, &lr->wg_ant_cmds) : BN_NA;
    }
  }
  return 0;
}

/* ---- the RTL sample ------------------------------------------------------------ */

static int same_cmd(const nm_gemm_cmd *a, const nm_gemm_cmd *b) {
  return a->I == b->I && a->J == b->J && a->K == b->K && a->N == b->N && a->M == b->M &&
         a->a_sparse == b->a_sparse && a->ws == b->ws;
}

/* Distinct commands of every tiling (grows *list). */
static int collect(const bn_run *r, nm_gemm_cmd **list, size_t *n, size_t *cap) {
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    for (int q = 0; q < nr->net.nlayers * r->npat; q++)
      for (int ph = 0; ph < BN_GEMMS; ph++)
        for (int ws = 0; ws < 2; ws++) {
          const bn_gemm_res *g = &nr->res[q].g[ph];
          if (!g->has || g->cycles[ws] == BN_NA) continue;
          for (int s = 0; s < g->tile[ws].nshapes; s++) {
            const nm_gemm_cmd *c = &g->tile[ws].shape[s];
            size_t k = 0;
            while (k < *n && !same_cmd(&(*list)[k], c)) k++;
            if (k < *n) continue;
            if (*n == *cap) {
              *cap = *cap ? 2 * *cap : 256;
              nm_gemm_cmd *nl = realloc(*list, *cap * sizeof *nl);
              if (!nl) return -1;
              *list = nl;
            }
            (*list)[(*n)++] = *c;
          }
        }
  }
  return 0;
}

/* Step 3: refuse to report if the model and the RTL disagree anywhere. */
static int validate(bn_run *r) {
  nm_gemm_cmd *list = NULL;
  size_t n = 0, cap = 0;
  if (collect(r, &list, &n, &cap)) {
    free(list);
    return -1;
  }
  r->distinct_cmds = n;
  nm_rng g;
  nm_rng_seed(&g, r->seed * 7919u + 17u);
  size_t k = (size_t)r->samples < n ? (size_t)r->samples : n;
  for (size_t i = 0; i < k; i++) { /* a partial Fisher-Yates shuffle: k of n without repeats */
    size_t j = i + nm_rng_below(&g, (uint32_t)(n - i));
    nm_gemm_cmd t = list[i];
    list[i] = list[j], list[j] = t;
  }
  printf(
      "bench_net: checking the cycle model on the RTL: %zu of %zu distinct layer commands on "
      "%s's Verilated nm_stce ...\n",
      k, n, r->config);
  fflush(stdout);
  int rc = bn_rtl_check(r->config, list, k, r->seed, &r->chk, stderr);
  free(list);
  if (rc) {
    fprintf(stderr, "bench_net: no Verilated nm_stce of config '%s' is linked\n", r->config);
    return -1;
  }
  if (r->chk.cyc_bad || r->chk.data_bad) {
    fprintf(stderr,
            "bench_net: REFUSING to report: the cycle model differs from the RTL on %zu of "
            "%zu commands and results on %zu (seed %llu)\n",
            r->chk.cyc_bad, r->chk.run, r->chk.data_bad, (unsigned long long)r->seed);
    return -1;
  }
  printf("bench_net: cycle model = RTL on all %zu commands (%llu cycles, results bit-exact), %.1f s\n",
         r->chk.run, (unsigned long long)r->chk.cycles, r->chk.seconds);
  return 0;
}

int main(int argc, char **argv) {
  bn_run *r = calloc(1, sizeof *r);
  char nets[8][64], err[512];
  int nnets;
  if (!r) return 1;
  r->t_start = bn_now();
  if (parse_args(argc, argv, r, nets, &nnets)) {
    usage();
    return 2;
  }
  char old[600]; /* never leave an earlier run's numbers behind a refusal */
  snprintf(old, sizeof old, "%s/report.md", r->out_dir), remove(old);
  snprintf(old, sizeof old, "%s/report.csv", r->out_dir), remove(old);
  if (bn_hw_read(r->cfg_header, &r->hw, err, sizeof err)) {
    fprintf(stderr, "bench_net: %s\n", err);
    return 1;
  }
  for (size_t i = 0; i < sizeof kPatterns / sizeof kPatterns[0]; i++)
    if (kPatterns[i].m <= r->hw.mmax) r->pat[r->npat++] = kPatterns[i];
  if (r->ant_path) {
    if (bn_ant_load(r->ant_path, &r->ant, err, sizeof err) || bn_ant_check_hw(&r->ant, &r->hw, err, sizeof err)) {
      fprintf(stderr, "bench_net: %s\n", err);
      return 1;
    }
    r->have_ant = 1;
  }
  for (int i = 0; i < nnets; i++) {
    bn_net_res *nr = &r->nets[r->nnets++];
    if (bn_net_load(r->layer_dir, nets[i], r->seq, &nr->net, err, sizeof err)) {
      fprintf(stderr, "bench_net: %s\n", err);
      return 1;
    }
    if (cost_net(r, nr)) return 1;
  }
  if (validate(r)) return 1;
  step_ant_lines(r);
  if (bn_e2e(r)) return 1;
  for (int i = 0; i < r->nspeed; i++) {
    bn_speed *sp = &r->speed[r->nspeeds++];
    if (bn_sim_speed(r->speed_cfgs[i], r->quick ? 1.0 : 3.0, r->seed, sp))
      printf("bench_net: no speed for '%s' (model not linked or a check failed)\n", r->speed_cfgs[i]),
          sp->commands = 0;
    else
      printf("bench_net: %s %dx%d: %.0f cycles/s running, %.3g MACs checked/s\n", sp->cfg, sp->rows,
             sp->cols, sp->run_cps, sp->checked_macs_ps);
  }
  int rc = bn_report(r);
  for (int i = 0; i < r->nnets; i++) free(r->nets[i].res), bn_net_free(&r->nets[i].net);
  free(r);
  return rc ? 1 : 0;
}
