/*
** train_hw: nmsim's host side of nm_top — register and buffer-window access
** through the AXI4-Lite front door or the harness back door, command issue,
** status checks and per-phase cycle accounting.
**
** Commands, their arguments, STATUS, the cycle counters and the WUVE
** hyperparameters always go through AXI.  Buffer words go through the back
** door (dut_top_hb_*, one word a cycle) unless the caller asks for the front
** door (one AXI transaction per 32-bit subword); nmsim sends at least one
** tensor per layer and iteration through the front door.  The parameters
** are the configuration's nm_config.h (force-included by the build).
*/
#ifndef NM_TRAIN_HW_H
#define NM_TRAIN_HW_H

#include <stdint.h>

#include "dut_top.h"
#include "nm_rng.h"
#include "train_report.h"

/* Phases of a training step, for the cycle tables. */
enum {
  PH_PRUNE, PH_FF, PH_BP, PH_WG, PH_UPDATE, PH_ANT,
  PH_FF_DENSE, PH_BP_DENSE,   /* the once-per-layer dense reference runs */
  PH_COUNT
};
extern const char *const train_phase_name[PH_COUNT];

typedef struct train_stats {
  uint64_t ops[5];                      /* accepted commands, by NM_OP_* */
  uint64_t op_cycles[5];                /* their LAST_CYCLES, by NM_OP_* */
  uint64_t ph_cmds[PH_COUNT];
  uint64_t ph_cycles[PH_COUNT];         /* sum of LAST_CYCLES */
  uint64_t ph_engine[PH_COUNT];         /* sum of ENGINE_CYCLES (GEMM, ANT) */
  uint64_t front_words, back_words;     /* buffer words moved each way */
  uint64_t axi_reads, axi_writes;
  uint64_t cycle_checks;                /* LAST_CYCLES compared with the model */
} train_stats;

typedef struct train_hw {
  dut_top *d;
  train_report *rep;
  nm_rng rng;               /* host choices (polling): independent of the workload */
  int check_cycles;         /* compare LAST_CYCLES with the cycle model */
  train_stats st;
} train_hw;

/* What a finished command left in the registers. */
typedef struct hw_result {
  uint32_t status, last_cycles, engine_cycles;
  uint32_t pairs, prods, rcps, skipped;  /* ANT counters */
} hw_result;

/* Bits and subwords of a region's word; banks and depth (region 1..18). */
int hw_region_bits(int region);
int hw_region_banks(int region);
int hw_region_depth(int region);

/* dut_top_open + the discovery registers checked against nm_config.h. */
int hw_open(train_hw *h, const dut_top_opts *o, train_report *rep, uint64_t seed);
void hw_close(train_hw *h);

/* One register access; SLVERR or a hang is a failure. */
int hw_reg_write(train_hw *h, uint32_t off, uint32_t v);
int hw_reg_read(train_hw *h, uint32_t off, uint32_t *v);

/* One buffer word (8 uint32, least significant first) of region/bank/word,
** through the front door (front != 0) or the back door. */
int hw_put(train_hw *h, int region, int bank, unsigned word, const uint32_t *w, int front);
int hw_get(train_hw *h, int region, int bank, unsigned word, uint32_t *w, int front);

/*
** Issue op with arg[0..4] (all through AXI), wait until done (dut_top_wait
** or, by a host coin, polling STATUS over AXI), then read STATUS and the
** counters.  Fails unless busy = 0, done = 1, STATUS.op = op and err = 0.
** exp_cycles >= 0 and check_cycles: LAST_CYCLES must equal it (ANT: equal
** ENGINE_CYCLES + exp_cycles, the top's overhead).  Cycles are
** added to `phase`.
*/
int hw_run(train_hw *h, int phase, int op, const uint32_t *arg, long long exp_cycles,
           hw_result *res);

/* End of run: CMD_COUNT, REFUSED and PERF_GEMM..PERF_ANT agree with the
** commands issued and their LAST_CYCLES. */
int hw_check_totals(train_hw *h);

#endif
