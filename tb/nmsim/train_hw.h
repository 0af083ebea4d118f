/*
** train_hw: nmsim's host side of nm_top — register and buffer-window access
** through the AXI4-Lite front door or the harness back door, command issue,
** status checks and per-phase cycle accounting.
**
** nmsim acts as firmware through the generated driver (<gen>/driver/
** nm_driver.h, the code an integrator runs): nmd_open, nmd_reg_*, commands
** built by nmd_gemm / nmd_prune / nmd_update / nmd_ant and issued by
** nmd_submit, results read by nmd_collect, front-door buffer words by
** nmd_win_*, over a transport whose read32 / write32 are dut_top_read /
** dut_top_write (one AXI4-Lite transaction each) and whose clock is the
** simulated cycle count.  What only a harness can do stays here: the back
** door (dut_top_hb_*, one word a cycle), clocking until busy_o falls
** (dut_top_wait), the shim's busy_o count and the checks of what the
** driver read.  nmsim sends at least one tensor per layer and iteration
** through the front door.  The parameters are the configuration's
** nm_config.h (force-included by the build).
*/
#ifndef NM_TRAIN_HW_H
#define NM_TRAIN_HW_H

#include <stdint.h>

#include "dut_top.h"
#include "nm_driver.h"
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
  uint64_t xfers, xfer_cycles, xfer_bytes; /* --dram: XFER commands, their LAST_CYCLES, tile bytes */
  uint64_t dram_window_words;           /* --dram: words the window path still moved (no XFER kind) */
  uint64_t q_descs, q_waits, q_irq_waits; /* --queue: descriptors pushed, host waits (by irq_o) */
} train_stats;

typedef struct train_hw {
  dut_top *d;
  nmd_transport tr;         /* dut_top_read / dut_top_write, ctx this train_hw */
  nmd_dev dev;              /* the driver's handle, bound to tr */
  int bus_rc;               /* the last transaction's dut_top code (0, 2 SLVERR, -1 hang) */
  train_report *rep;
  nm_rng rng;               /* host choices (polling): independent of the workload */
  int check_cycles;         /* compare LAST_CYCLES with the cycle model */
  int dram;                 /* --dram: tensors move by XFER through model DRAM (train_dram.h) */
  size_t dram_top;          /* the next free byte of the DRAM staging ring */
  nm_rng dram_rng;          /* DRAM placement (offsets, strides) */
  int queue;                /* --queue: XFER loads and commands go through Q_PUSH (hw_queue_*) */
  uint32_t q_pushed;        /* descriptors pushed since reset (Q_DONE must reach it) */
  uint32_t q_synced;        /* q_pushed at the last hw_queue_sync */
  train_stats st;
} train_hw;

/* What a finished command left in the registers. */
typedef struct hw_result {
  uint32_t status, last_cycles, engine_cycles;
  uint32_t pairs, prods, rcps, skipped;  /* ANT counters */
} hw_result;

/* dut_top_open, nmd_open, and the discovery registers checked against
** nm_config.h (dut_top_ids.h's table; ID, VERSION and CFG_ARRAY as
** nmd_open read them). */
int hw_open(train_hw *h, const dut_top_opts *o, train_report *rep, uint64_t seed);
void hw_close(train_hw *h);

/* One register access (nmd_reg_*); SLVERR or a hang is a failure. */
int hw_reg_write(train_hw *h, uint32_t off, uint32_t v);
int hw_reg_read(train_hw *h, uint32_t off, uint32_t *v);

/* One buffer word (8 uint32, least significant first) of region/bank/word,
** through the front door (front != 0: nmd_win_*) or the back door. */
int hw_put(train_hw *h, int region, int bank, unsigned word, const uint32_t *w, int front);
int hw_get(train_hw *h, int region, int bank, unsigned word, uint32_t *w, int front);

/*
** Issue c (nmd_submit: ARG0..ARG4, CMD), wait until done (dut_top_wait or,
** by a host coin, nmd_wait_polls: STATUS over AXI), then read STATUS and
** the counters (nmd_collect; ANT: nmd_read_ant_counts).  Fails unless
** busy = 0, done = 1, STATUS.op = c->op and err = 0.
** exp_cycles >= 0 and check_cycles: LAST_CYCLES must equal it (ANT: equal
** ENGINE_CYCLES + exp_cycles, the top's overhead).  Cycles are
** added to `phase`.
*/
int hw_run(train_hw *h, int phase, const nmd_cmd *c, long long exp_cycles, hw_result *res);

/*
** --queue (with --dram): the host enqueues and waits only when it needs the
** hardware's state.  hw_queue_open sets Q_IRQ to FAULT | IDLE | NO_DONE;
** hw_queue_push appends c with flags (NMD_Q_*), first waiting for the
** queue when it holds NM_QUEUE_DEPTH descriptors; hw_queue_sync waits
** until the queue is idle (a host coin: irq_o, then one Q_STATUS read that
** must say idle, or nmd_queue_wait's polls) and checks that Q_DONE counts
** every descriptor pushed and Q_STATUS.STOPPED is 0 (else Q_FAULT named).
** Register writes and buffer-window words wait for the queue first; so
** does hw_run, which pushes its command with WAIT_X (after the queued
** loads) and checks it as for CMD.
*/
int hw_queue_open(train_hw *h);
int hw_queue_push(train_hw *h, const nmd_cmd *c, uint32_t flags, const char *what);
int hw_queue_sync(train_hw *h);

/* A command builder's NMD_E_RANGE (a value outside its field) as a failure. */
int hw_built(train_hw *h, int rc, const char *op);

/* End of run: CMD_COUNT, REFUSED and PERF_GEMM..PERF_ANT agree with the
** commands issued and their LAST_CYCLES. */
int hw_check_totals(train_hw *h);

#endif
