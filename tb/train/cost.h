/*
** cost: simulated accelerator cycles of one nmtrain step from the cycle
** model (tb/model/nm_top_cycles.h, equal to the RTL's LAST_CYCLES per
** command: test_rtl_top, nmsim --check-cycles).  Each GEMM is split into
** buffer-sized commands by bench_net's tiler (bench_net_tile.c: the split
** with the fewest model cycles, in the better dataflow the configuration
** has); PRUNE and UPDATE in buffer-sized commands (UPDATE twice: AMP's check
** and update_unless_inf).  Host work and buffer loads are not counted.  The
** same number in hardware and model-only runs.
*/
#ifndef NT_COST_H
#define NT_COST_H

#include <stdint.h>

#include "mlp.h"

typedef struct nt_cost {
  uint64_t prune, ff, bp, wg, update;  /* cycles of one step, by phase */
  uint64_t total;
} nt_cost;

/* Cost of one step of net (its mode) on batch B; dense != 0 costs the same
** network dense instead.  0, or -1 with the GEMM that no command of this
** configuration's buffers can hold in err. */
int nt_step_cost(const nt_mlp *net, int B, int dense, nt_cost *c, char *err, size_t errlen);

#endif
