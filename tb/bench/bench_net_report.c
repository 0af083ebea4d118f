/*
** bench_net: the outputs.  report.md (the tables a reader wants), report.csv
** (every layer x phase x pattern x dataflow), and the data files
** sim/bench_plot turns into PNGs (speedup.dat, util_<net>.dat, ant_rcp.dat).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"

static const char *pat_name(bn_pattern p, char *buf, size_t n) {
  if (!p.n)
    snprintf(buf, n, "dense");
  else
    snprintf(buf, n, "%d:%d", p.n, p.m);
  return buf;
}

/* SAT's GEMM bound with WG dense: FF and BP at M/N, WG at 1. */
static double gemm_bound(bn_pattern p) { return p.n ? 3.0 / (2.0 * p.n / p.m + 1.0) : 1.0; }

/* Ideal cycles I*J*K'/(R*C) of a GEMM result in dataflow ws. */
static double ideal(const bn_hw *hw, const bn_gemm_res *g, bn_pattern p, int ws) {
  const bn_tiling *t = &g->tile[ws];
  double kp = g->shape.sparse && p.n ? (double)t->kpad * p.n / p.m : (double)g->shape.K;
  return (double)g->shape.I * (double)g->shape.J * kp / ((double)hw->stce.rows * hw->stce.cols);
}

/* A table header's pattern columns, " <pattern><suffix> |" each from pattern
** p0 on, then `extra` (more header cells), the rule of the fixed columns,
** "---|" a pattern column, and `tail`. */
static void pat_cols(const bn_run *r, FILE *f, int p0, const char *suffix, const char *extra,
                     const char *rule, const char *tail) {
  char pb[16];
  for (int pi = p0; pi < r->npat; pi++) fprintf(f, " %s%s |", pat_name(r->pat[pi], pb, sizeof pb), suffix);
  fprintf(f, "%s%s", extra, rule);
  for (int pi = p0; pi < r->npat; pi++) fprintf(f, "---|");
  fprintf(f, "%s", tail);
}

static bn_pattern gemm_pat(const bn_run *r, int pi, int ph) {
  bn_pattern dense = {0, 0};
  return ph == BN_WG ? dense : r->pat[pi];
}

/* MAC-weighted utilization of a network's GEMMs: sum ideal / sum cycles. */
static double net_util(const bn_run *r, const bn_net_res *nr, int pi, int ws) {
  double id = 0, cy = 0;
  for (int li = 0; li < nr->net.nlayers; li++)
    for (int ph = 0; ph < BN_GEMMS; ph++) {
      const bn_gemm_res *g = &nr->res[li * r->npat + pi].g[ph];
      if (!g->has || g->cycles[ws] == BN_NA) continue;
      id += nr->net.layer[li].count * ideal(&r->hw, g, gemm_pat(r, pi, ph), ws);
      cy += nr->net.layer[li].count * (double)g->cycles[ws];
    }
  return cy > 0 ? id / cy : 0;
}

static double mc(uint64_t c) { return (double)c / 1e6; }

/* ---- CSV ------------------------------------------------------------------------ */

static void csv(const bn_run *r, FILE *f) {
  char pb[16];
  fprintf(f,
          "network,layer,count,phase,pattern,dataflow,I,J,K,K_padded,M,tile_I,tile_J,tile_K,"
          "commands,cycles,ideal_cycles,utilization,scalesim_cycles\n");
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    for (int li = 0; li < nr->net.nlayers; li++) {
      const bn_layer *l = &nr->net.layer[li];
      for (int pi = 0; pi < r->npat; pi++) {
        const bn_layer_res *lr = &nr->res[li * r->npat + pi];
        pat_name(r->pat[pi], pb, sizeof pb);
        for (int ph = 0; ph < BN_GEMMS; ph++)
          for (int ws = 0; ws < 2; ws++) {
            const bn_gemm_res *g = &lr->g[ph];
            if (!g->has || g->cycles[ws] == BN_NA) continue;
            const bn_tiling *t = &g->tile[ws];
            double id = ideal(&r->hw, g, gemm_pat(r, pi, ph), ws);
            fprintf(f, "%s,%s,%d,%s,%s,%s,%llu,%llu,%llu,%llu,%d,%d,%d,%d,%llu,%llu,%.1f,%.4f,",
                    nr->net.name, l->name, l->count, bn_phase_name[ph], ph == BN_WG ? "dense" : pb,
                    ws ? "WS" : "OS", (unsigned long long)g->shape.I, (unsigned long long)g->shape.J,
                    (unsigned long long)g->shape.K, (unsigned long long)t->kpad, t->m, t->ti, t->tj, t->tk,
                    (unsigned long long)t->commands, (unsigned long long)t->cycles, id,
                    id / (double)t->cycles);
            if (g->scalesim[ws] != BN_NA) fprintf(f, "%llu", (unsigned long long)g->scalesim[ws]);
            fprintf(f, "\n");
          }
        uint64_t w = bn_layer_weights(l);
        fprintf(f, "%s,%s,%d,UPDATE,%s,-,%llu,,,,,,,,%llu,%llu,,,\n", nr->net.name, l->name, l->count, pb,
                (unsigned long long)w, (unsigned long long)lr->update_cmds, (unsigned long long)lr->update);
        fprintf(f, "%s,%s,%d,PRUNE,%s,-,%llu,,,,,,,,%llu,%llu,,,\n", nr->net.name, l->name, l->count, pb,
                (unsigned long long)w, (unsigned long long)lr->prune_cmds, (unsigned long long)lr->prune);
        if (lr->wg_ant != BN_NA)
          fprintf(f, "%s,%s,%d,WG_ANT,%s,ANT,,,,,,,,,%llu,%llu,,,\n", nr->net.name, l->name, l->count, pb,
                  (unsigned long long)lr->wg_ant_cmds, (unsigned long long)lr->wg_ant);
      }
    }
  }
}

/* ---- report.md sections ---------------------------------------------------------- */

static void header(const bn_run *r, FILE *f) {
  const bn_hw *h = &r->hw;
  fprintf(f, "# nmgen network benchmark: config `%s`\n\n", r->config);
  fprintf(f,
          "Array %dx%d, L = %d interleaved outputs per PE, MMAX %d, dataflow %s, FP depths mul %d / "
          "add %d / cvt %d; STCE buffers A %d, B %d, C %d words per bank; SORE %d %s lanes (%d "
          "groups per lane per command), WUVE %d lanes (%d words per lane per command), ANT n = %d; "
          "%d MHz.\n\n",
          h->stce.rows, h->stce.cols, nm_stce_slots(&h->stce), h->mmax,
          h->has_os && h->has_ws ? "OS and WS"
          : h->has_os            ? "OS only"
                                 : "WS only",
          h->stce.mul_stages, h->stce.add_stages, h->stce.cvt_stages, h->abuf, h->bbuf, h->cbuf,
          h->sore_lanes, h->sore_parallel ? "parallel" : "serial", h->sbuf, h->wuve_lanes, h->wbuf,
          h->ant_n, h->clock_mhz);
  fprintf(f, "Workload: batch %d, BERT sequence length %d. Layer sets (sim/layers):\n", r->batch, r->seq);
  for (int i = 0; i < r->nnets; i++)
    fprintf(f, "- `%s` (%d layer shapes): %s\n", r->nets[i].net.name, r->nets[i].net.nlayers,
            r->nets[i].net.source);
  fprintf(f,
          "\nTraining step of a layer: PRUNE (SORE, forward mask along K and backward mask along "
          "COUT; none when dense), FF and BP with N:M weights, WG dense, UPDATE (WUVE, every weight). "
          "BP is skipped for layers that read the network input. All cycles are command cycles (busy, "
          "as the top reports them): moving operands between commands into the on-chip buffers "
          "(AXI-Lite windows or the harness backdoor; nm_top has no DMA) is not counted: the cycles are "
          "lower bounds for a real system, reached only if transfers overlap compute.\n\n");
  fprintf(f,
          "**Cycle model validated on the RTL:** %zu of the %zu distinct commands the tilings below "
          "issue (every pattern, phase and dataflow) ran on `%s`'s Verilated nm_stce with random "
          "data: busy cycles = `nm_stce_cycles` on all %zu (%llu cycles), results bit-exact against "
          "the golden GEMM (seed %llu). The bench refuses to report otherwise.\n\n",
          r->chk.run, r->distinct_cmds, r->config, r->chk.run, (unsigned long long)r->chk.cycles,
          (unsigned long long)r->seed);
  fprintf(f, "Per-command costs: %s.\n\n**Tiling rule:** %s.\n\n", bn_top_model(), bn_tiling_rule());
}

static void speedups(const bn_run *r, FILE *f) {
  uint64_t ph[BN_PHASES];
  fprintf(f,
          "## Training-step speedup over dense (WG dense on the STCE)\n\nWhole step = PRUNE + FF + "
          "BP + WG + UPDATE over all layers, each GEMM in its faster dataflow (per layer and phase). "
          "In brackets: FF+BP+WG only. GEMM bound with WG dense: 3/(2N/M+1). SAT (Fang et al., "
          "TCAD 2023) reports 1.75x at 2:8 on its FPGA.\n\n| network | dense step (Mcycles) |");
  pat_cols(r, f, 1, "", "", "\n|---|---|", "\n");
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    uint64_t d = bn_step(r, nr, 0, 2, 0, ph), dg = ph[BN_FF] + ph[BN_BP] + ph[BN_WG];
    fprintf(f, "| %s | %.2f |", nr->net.name, mc(d));
    for (int pi = 1; pi < r->npat; pi++) {
      uint64_t s = bn_step(r, nr, pi, 2, 0, ph), sg = ph[BN_FF] + ph[BN_BP] + ph[BN_WG];
      fprintf(f, " **%.2fx** (%.2fx) |", (double)d / (double)s, (double)dg / (double)sg);
    }
    fprintf(f, "\n");
  }
  fprintf(f, "| GEMM bound 3/(2N/M+1) | |");
  for (int pi = 1; pi < r->npat; pi++) fprintf(f, " %.2fx |", gemm_bound(r->pat[pi]));
  fprintf(f, "\n| SAT, measured | |");
  for (int pi = 1; pi < r->npat; pi++)
    fprintf(f, " %s |", r->pat[pi].n == 2 && r->pat[pi].m == 8 ? "1.75x" : "");
  fprintf(f,
          "\n\nOne dataflow for every GEMM (whole-step speedup; MAC-weighted GEMM utilization "
          "sum(I*J*K'/(R*C)) / sum(cycles) at dense and at each pattern):\n\n"
          "| network | dataflow | utilization dense |");
  pat_cols(r, f, 1, " speedup (util.)", "", "\n|---|---|---|", "\n");
  for (int ni = 0; ni < r->nnets; ni++)
    for (int ws = 0; ws < 2; ws++) {
      const bn_net_res *nr = &r->nets[ni];
      uint64_t d = bn_step(r, nr, 0, ws, 0, ph);
      if (d == BN_NA) continue;
      fprintf(f, "| %s | %s | %.1f%% |", nr->net.name, ws ? "WS" : "OS", 100 * net_util(r, nr, 0, ws));
      for (int pi = 1; pi < r->npat; pi++)
        fprintf(f, " %.2fx (%.1f%%) |", (double)d / (double)bn_step(r, nr, pi, ws, 0, ph),
                100 * net_util(r, nr, pi, ws));
      fprintf(f, "\n");
    }
}

static void ant_section(const bn_run *r, FILE *f) {
  uint64_t ph[BN_PHASES], pa[BN_PHASES];
  if (!r->have_ant) return;
  fprintf(f, "\n## WG on the ANT engine (%.0f%% sparse activations and gradients)\n\n",
          100 * (1 - r->ant.wg_density));
  fprintf(f,
          "Conv layers except those reading the network input can run WG on the ANT engine "
          "(`%s`: %d engine(s) of ant_n = %d, %d multipliers against the STCE's %d PEs; one "
          "computation per Cin x Cout x image channel pair) instead of the STCE; linear layers keep "
          "WG on the STCE. ANT cycles are **RTL-sampled**: `ant_bench --wg` ran, per layer at its "
          "full plane size and %.0f%% density, random channel pairs on the Verilated engine (batch "
          "commands of CI x CO pairs per engine, or bands of dY rows for planes beyond the buffers), "
          "every output, counter and cycle count equal to the model (else no numbers); a layer's "
          "cycles = its sampled mean cycles per pair x Cin x Cout x batch (no fit). Why sampled: a "
          "real layer is 10^5..10^7 pairs.\n\n",
          r->ant.wg_cfg, r->ant.wg_engines, r->ant.wg_n, r->ant.wg_n * r->ant.wg_n * r->ant.wg_engines,
          r->hw.stce.rows * r->hw.stce.cols, 100 * r->ant.wg_density);
  fprintf(f,
          "| network | layer | plane | cycles / pair | commands / pair | batch CI x CO (1x1: one pair, maybe in bands) | multipliers "
          "busy |\n|---|---|---|---|---|---|---|\n");
  for (int i = 0; i < r->ant.nwg; i++) {
    const bn_ant_wg *w = &r->ant.wg[i];
    fprintf(f, "| %s | %s | %dx%d -> %dx%d | %.2f | %.4f | %dx%d | %.1f%% |\n", w->net, w->layer, w->hin, w->hin,
            w->hout, w->hout, w->cyc_pair, w->cmds_pair, w->bci, w->bco, w->busy);
  }
  fprintf(f, "\n| network | WG on STCE, dense (Mcycles) | WG on ANT (Mcycles) | dense step, WG on ANT |");
  pat_cols(r, f, 1, ", WG on ANT", " best engine per layer, 2:8 |", "\n|---|---|---|---|", "---|\n");
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    uint64_t d = bn_step(r, nr, 0, 2, 0, ph), da = bn_step(r, nr, 0, 2, 1, pa);
    fprintf(f, "| %s | %.2f | %.2f | %.2fx |", nr->net.name, mc(ph[BN_WG]), mc(pa[BN_WG]),
            (double)d / (double)da);
    int p28 = -1;
    for (int pi = 1; pi < r->npat; pi++) {
      fprintf(f, " %.2fx |", (double)d / (double)bn_step(r, nr, pi, 2, 1, pa));
      if (r->pat[pi].n == 2 && r->pat[pi].m == 8) p28 = pi;
    }
    if (p28 > 0)
      fprintf(f, " %.2fx |\n", (double)d / (double)bn_step(r, nr, p28, 2, 2, pa));
    else
      fprintf(f, " |\n");
  }
  fprintf(
      f,
      "\nSpeedups are over the dense step with WG on the STCE; the last column takes, per layer, "
      "the faster of ANT and the STCE (the step-ant lines). The top runs one command at a "
      "time, so ANT does not overlap the STCE. Per layer (one layer, Mcycles):\n\n| network | "
      "layer | WG on STCE (dense, faster dataflow) | WG on ANT | ANT / STCE |\n|---|---|---|---|---|\n");
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    for (int li = 0; li < nr->net.nlayers; li++) {
      const bn_layer_res *lr = &nr->res[li * r->npat];
      if (lr->wg_ant == BN_NA) continue;
      uint64_t st = bn_best(&lr->g[BN_WG]);
      fprintf(f, "| %s | %s | %.2f | %.2f | %.2f |\n", nr->net.name, nr->net.layer[li].name, mc(st),
              mc(lr->wg_ant), (double)lr->wg_ant / (double)st);
    }
  }
  fprintf(f,
          "\nant_bench's scaled ResNet-18 shapes (RCPs, ant vs scnn):\n\n| ant_bench layer | X plane | RCPs of "
          "products, scnn | RCPs of products, ant | RCPs eliminated | cycles/pair ant | scnn/ant |\n"
          "|---|---|---|---|---|---|---|\n");
  for (int i = 0; i < r->ant.nrows; i++) {
    const bn_ant_row *w = &r->ant.row[i];
    fprintf(f, "| %s | %dx%d | %.1f%% | %.1f%% | %.1f%% | %.0f | %.2fx |\n", w->name, w->xh, w->xh,
            100 * w->rcps_scnn / (w->rcps_scnn + w->valid), 100 * w->rcps_ant / (w->rcps_ant + w->valid),
            100 * (1 - w->rcps_ant / w->rcps_scnn), w->cyc_ant / r->ant.pairs, w->cyc_scnn / w->cyc_ant);
  }
}

static void phases(const bn_run *r, FILE *f) {
  char pb[16];
  uint64_t ph[BN_PHASES];
  fprintf(f, "\n## Phase breakdown (Mcycles, each GEMM in its faster dataflow)\n\n| network | pattern |");
  for (int p = 0; p < BN_PHASES; p++) fprintf(f, " %s |", bn_phase_name[p]);
  fprintf(f, " step | speedup |\n|---|---|---|---|---|---|---|---|---|\n");
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    uint64_t d = bn_step(r, nr, 0, 2, 0, ph);
    for (int pi = 0; pi < r->npat; pi++) {
      uint64_t s = bn_step(r, nr, pi, 2, 0, ph);
      fprintf(f, "| %s | %s |", nr->net.name, pat_name(r->pat[pi], pb, sizeof pb));
      for (int p = 0; p < BN_PHASES; p++) fprintf(f, " %.3f |", mc(ph[p]));
      fprintf(f, " %.3f | %.2fx |\n", mc(s), (double)d / (double)s);
    }
  }
}

/* One cell: "kcycles (util%)" for OS / WS. */
static void cell(const bn_run *r, const bn_gemm_res *g, bn_pattern p, FILE *f) {
  for (int ws = 0; ws < 2; ws++) {
    if (ws) fprintf(f, " / ");
    if (!g->has || g->cycles[ws] == BN_NA) {
      fprintf(f, "–");
      continue;
    }
    fprintf(f, "%.1f (%.0f%%)", (double)g->cycles[ws] / 1e3,
            100 * ideal(&r->hw, g, p, ws) / (double)g->cycles[ws]);
  }
}

static void layers(const bn_run *r, FILE *f) {
  fprintf(f,
          "\n## Per layer and phase\n\nkcycles of one layer (utilization vs I*J*K'/(R*C)), OS / WS; "
          "WG is dense at every pattern; UPDATE and PRUNE in kcycles. Every dataflow, tile and "
          "command count is in report.csv.\n");
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    fprintf(f, "\n### %s\n\n| layer | x | phase | GEMM I x J x K |", nr->net.name);
    pat_cols(r, f, 0, "", "", "\n|---|---|---|---|", "\n");
    for (int li = 0; li < nr->net.nlayers; li++) {
      const bn_layer_res *l0 = &nr->res[li * r->npat];
      for (int ph = 0; ph < BN_PHASES; ph++) {
        if (ph < BN_GEMMS && !l0->g[ph].has) continue;
        fprintf(f, "| %s | %d | %s |", nr->net.layer[li].name, nr->net.layer[li].count, bn_phase_name[ph]);
        if (ph < BN_GEMMS)
          fprintf(f, " %llux%llux%llu |", (unsigned long long)l0->g[ph].shape.I,
                  (unsigned long long)l0->g[ph].shape.J, (unsigned long long)l0->g[ph].shape.K);
        else
          fprintf(f, " %llu weights |", (unsigned long long)bn_layer_weights(&nr->net.layer[li]));
        for (int pi = 0; pi < r->npat; pi++) {
          const bn_layer_res *lr = &nr->res[li * r->npat + pi];
          fprintf(f, " ");
          if (ph < BN_GEMMS)
            cell(r, &lr->g[ph], gemm_pat(r, pi, ph), f);
          else
            fprintf(f, "%.1f", (double)(ph == BN_UPDATE ? lr->update : lr->prune) / 1e3);
          fprintf(f, " |");
        }
        fprintf(f, "\n");
      }
    }
  }
}

static void scalesim(const bn_run *r, FILE *f) {
  fprintf(f,
          "\n## SCALE-Sim comparison (dense GEMMs)\n\nSCALE-Sim's analytical fold formulas "
          "(`nm_stce_scalesim_cycles`: OS R+C+K'-2 per fold, WS 2R+C+J-2 per fold) on each whole "
          "dense layer GEMM (FF, BP, WG at dense; no buffer limit) on the same %dx%d array, beside "
          "nmgen's tiled cycles:\n\n| network | dataflow | nmgen (Mcycles) | SCALE-Sim (Mcycles) | "
          "nmgen / SCALE-Sim | per GEMM, min..max |\n|---|---|---|---|---|---|\n",
          r->hw.stce.rows, r->hw.stce.cols);
  for (int ni = 0; ni < r->nnets; ni++)
    for (int ws = 0; ws < 2; ws++) {
      const bn_net_res *nr = &r->nets[ni];
      double ours = 0, ss = 0, lo = 1e30, hi = 0;
      for (int li = 0; li < nr->net.nlayers; li++)
        for (int ph = 0; ph < BN_GEMMS; ph++) {
          const bn_gemm_res *g = &nr->res[li * r->npat].g[ph];
          if (!g->has || g->cycles[ws] == BN_NA || g->scalesim[ws] == BN_NA) continue;
          double q = (double)g->cycles[ws] / (double)g->scalesim[ws];
          ours += nr->net.layer[li].count * (double)g->cycles[ws];
          ss += nr->net.layer[li].count * (double)g->scalesim[ws];
          lo = q < lo ? q : lo, hi = q > hi ? q : hi;
        }
      if (ss > 0)
        fprintf(f, "| %s | %s | %.2f | %.2f | %.2f | %.2f..%.2f |\n", nr->net.name, ws ? "WS" : "OS",
                ours / 1e6, ss / 1e6, ours / ss, lo, hi);
    }
}

static void blocks(const bn_run *r, FILE *f) {
  fprintf(f,
          "\n## SORE and WUVE throughput and cells\n\nQuoted from the blocks' own benches "
          "(`make bench-sore`: `sore_bench` simulation and Yosys per lane; `make bench-wuve`: "
          "`test_rtl_wuve`'s bench case and Yosys per lane). PRUNE and UPDATE above use the "
          "configuration's lanes at these rates.\n");
  for (int q = 0; q < r->nquote; q++) {
    FILE *in = fopen(r->quote[q], "r");
    if (!in) {
      fprintf(f,
              "\n(%s not present: `make bench` or its block's bench target writes it, with the "
              "Yosys cells.)\n",
              r->quote[q]);
      continue;
    }
    char line[1024];
    fprintf(f, "\nFrom `%s` (cells per lane from Yosys):\n\n", r->quote[q]);
    while (fgets(line, sizeof line, in)) fputs(line, f);
    fclose(in);
  }
}

static void speed(const bn_run *r, FILE *f) {
  fprintf(f,
          "\n## Simulation speed (Verilator, one core)\n\nThe largest dense command that fits each "
          "model's buffers, repeated for %s s of processor time (rates per CPU second, so they do "
          "not depend on the machine's other load): random operands loaded through the buffer "
          "port, run, read back, checked bit for bit against the golden GEMM.\n\n| model | array | "
          "command I x J x K | Verilated cycles/s (engine running) | cycles/s incl. buffer port | "
          "MACs checked/s | commands |\n|---|---|---|---|---|---|---|\n",
          r->quick ? "1" : "3");
  for (int i = 0; i < r->nspeeds; i++) {
    const bn_speed *s = &r->speed[i];
    if (!s->commands) {
      fprintf(f, "| %s | | not linked | | | | |\n", s->cfg);
      continue;
    }
    fprintf(f, "| %s | %dx%d | %dx%dx%d | %.0f | %.0f | %.3g | %zu |\n", s->cfg, s->rows, s->cols, s->I,
            s->J, s->K, s->run_cps, s->cycles_ps_all, s->checked_macs_ps, s->commands);
  }
}

/* ---- plot data ---------------------------------------------------------------- */

static int plot_data(const bn_run *r) {
  char path[600], pb[16];
  uint64_t ph[BN_PHASES];
  snprintf(path, sizeof path, "%s/net/speedup.dat", r->out_dir);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "# pattern M/N bound");
  for (int ni = 0; ni < r->nnets; ni++)
    fprintf(f, " %s %s+ANT", r->nets[ni].net.name, r->nets[ni].net.name);
  fprintf(f, "\n");
  for (int pi = 1; pi < r->npat; pi++) {
    fprintf(f, "%s %.3f %.3f", pat_name(r->pat[pi], pb, sizeof pb), (double)r->pat[pi].m / r->pat[pi].n,
            gemm_bound(r->pat[pi]));
    for (int ni = 0; ni < r->nnets; ni++) {
      double d = (double)bn_step(r, &r->nets[ni], 0, 2, 0, ph);
      fprintf(f, " %.4f %.4f", d / (double)bn_step(r, &r->nets[ni], pi, 2, 0, ph),
              d / (double)bn_step(r, &r->nets[ni], pi, 2, r->have_ant, ph));
    }
    fprintf(f, "\n");
  }
  fclose(f);
  for (int ni = 0; ni < r->nnets; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    snprintf(path, sizeof path, "%s/net/util_%s.dat", r->out_dir, nr->net.name);
    if (!(f = fopen(path, "w"))) return -1;
    fprintf(f, "# layer, utilization (best dataflow) of FF dense, FF 2:4.., BP .., WG dense\n");
    for (int li = 0; li < nr->net.nlayers; li++) {
      fprintf(f, "\"%s\"", nr->net.layer[li].name);
      for (int ph = 0; ph < BN_GEMMS; ph++)
        for (int pi = 0; pi < (ph == BN_WG ? 1 : r->npat); pi++) {
          const bn_gemm_res *g = &nr->res[li * r->npat + pi].g[ph];
          int ws = g->cycles[1] < g->cycles[0];
          fprintf(f, " %.4f",
                  g->has ? ideal(&r->hw, g, gemm_pat(r, pi, ph), ws) / (double)g->cycles[ws] : 0.0);
        }
      fprintf(f, "\n");
    }
    fclose(f);
  }
  if (r->have_ant) {
    snprintf(path, sizeof path, "%s/net/ant_rcp.dat", r->out_dir);
    if (!(f = fopen(path, "w"))) return -1;
    fprintf(f, "# layer, RCP fraction of products computed: scnn, ant; RCPs eliminated\n");
    for (int i = 0; i < r->ant.nrows; i++) {
      const bn_ant_row *w = &r->ant.row[i];
      fprintf(f, "\"%s\" %.4f %.4f %.4f\n", w->name, w->rcps_scnn / (w->rcps_scnn + w->valid),
              w->rcps_ant / (w->rcps_ant + w->valid), 1 - w->rcps_ant / w->rcps_scnn);
    }
    fclose(f);
  }
  snprintf(path, sizeof path, "%s/net/patterns.txt", r->out_dir);
  if (!(f = fopen(path, "w"))) return -1;
  for (int pi = 0; pi < r->npat; pi++) fprintf(f, "%s\n", pat_name(r->pat[pi], pb, sizeof pb));
  fclose(f);
  return 0;
}

int bn_report(const bn_run *r) {
  char path[600];
  snprintf(path, sizeof path, "%s/report.csv", r->out_dir);
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "bench_net: cannot write %s\n", path);
    return -1;
  }
  csv(r, f);
  fclose(f);
  snprintf(path, sizeof path, "%s/report.md", r->out_dir);
  if (!(f = fopen(path, "w"))) {
    fprintf(stderr, "bench_net: cannot write %s\n", path);
    return -1;
  }
  header(r, f);
  speedups(r, f);
  ant_section(r, f);
  phases(r, f);
  scalesim(r, f);
  blocks(r, f);
  speed(r, f);
  layers(r, f);
  fprintf(f,
          "\n## Plots\n\n`sim/bench_plot` draws speedup.png (step speedup vs N:M per network), "
          "util_<network>.png (utilization per layer), ant_rcp.png (RCP fraction) and engines.png "
          "(each engine's busy share of the fused step) here when "
          "gnuplot is installed.\n\n---\nbench_net, %s mode: %.0f s wall (RTL check %.1f s, speed runs "
          "included; builds and ant_bench excluded).\n",
          r->quick ? "quick (BENCH_QUICK=1)" : "full", bn_now() - r->t_start, r->chk.seconds);
  fclose(f);
  if (plot_data(r)) {
    fprintf(stderr, "bench_net: cannot write the plot data under %s/net\n", r->out_dir);
    return -1;
  }
  speedups(r, stdout);
  printf("\nbench_net: wrote %s/report.md, %s/report.csv\n", r->out_dir, r->out_dir);
  return 0;
}
