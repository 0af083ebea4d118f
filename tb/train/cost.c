/*
** nmtrain's per-step cycle model (see cost.h).
*/
#include "cost.h"

#include <stdio.h>
#include <string.h>

#include "bench_net.h"

/* This binary's configuration (nm_config.h) as bench_net sees one. */
static void cfg_hw(bn_hw *h) {
  memset(h, 0, sizeof *h);
  snprintf(h->name, sizeof h->name, "%s", NM_NAME);
  h->stce = (nm_stce_hw){NM_ROWS, NM_COLS, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES};
  h->mmax = NM_MMAX;
  h->has_os = NM_DATAFLOW != NM_DATAFLOW_WS, h->has_ws = NM_DATAFLOW != NM_DATAFLOW_OS;
  h->abuf = NM_ABUF_DEPTH, h->bbuf = NM_BBUF_DEPTH, h->cbuf = NM_CBUF_DEPTH;
  h->sore_lanes = NM_SORE_LANES, h->sore_parallel = NM_SORE_ARCH == NM_SORE_ARCH_PARALLEL;
  h->sbuf = NM_SORE_BUF_DEPTH, h->wuve_lanes = NM_WUVE_LANES, h->wbuf = NM_WUVE_BUF_DEPTH;
}

/* The cheaper dataflow's split of one GEMM; 0 or -1. */
static int gemm(const bn_hw *h, uint64_t I, uint64_t J, uint64_t K, int sparse, int n, int m,
                uint64_t *cyc) {
  bn_shape s = {I, J, K, sparse};
  bn_pattern p = {sparse ? n : 0, sparse ? m : 0};
  uint64_t best = BN_NA;
  for (int ws = 0; ws < 2; ws++) {
    bn_tiling t;
    if ((ws ? h->has_ws : h->has_os) && bn_tile(h, &s, p, ws, &t) == 0 && t.cycles < best)
      best = t.cycles;
  }
  if (best == BN_NA) return -1;
  *cyc += best;
  return 0;
}

int nt_step_cost(const nt_mlp *net, int B, int dense, nt_cost *c, char *err, size_t errlen) {
  bn_hw h;
  int sp = !dense && !net->dense;
  cfg_hw(&h);
  memset(c, 0, sizeof *c);
  for (int l = 0; l < net->nl; l++) {
    const train_layer *L = &net->L[l];
    uint64_t cmds;
    const char *what = "FF";
    if (gemm(&h, (uint64_t)L->Co, (uint64_t)B, (uint64_t)L->Ki, sp, net->n, net->m, &c->ff) ||
        (what = "WG", gemm(&h, (uint64_t)L->Co, (uint64_t)L->Ki, (uint64_t)B, 0, 0, 0, &c->wg)) ||
        (what = "BP", l > 0 && gemm(&h, (uint64_t)L->Ki, (uint64_t)B, (uint64_t)L->Co, sp, net->n,
                                    net->m, &c->bp))) {
      snprintf(err, errlen,
               "configuration '%s' cannot hold a command of layer %d's %s GEMM (Co %d, Ki %d, "
               "batch %d) in its buffers (abuf_depth %d, bbuf_depth %d, cbuf_depth %d)",
               NM_NAME, l, what, L->Co, L->Ki, B, NM_ABUF_DEPTH, NM_BBUF_DEPTH, NM_CBUF_DEPTH);
      return -1;
    }
    if (sp)
      c->prune += bn_prune_cycles(&h, (uint64_t)L->Co * (uint64_t)(L->Ki / net->m) +
                                          (uint64_t)L->Ki * (uint64_t)(L->Co / net->m),
                                  net->n, net->m, &cmds);
    c->update += 2 * bn_update_cycles(&h, (uint64_t)L->Co * (uint64_t)L->Ki, &cmds);
  }
  c->total = c->prune + c->ff + c->bp + c->wg + c->update;
  return 0;
}
