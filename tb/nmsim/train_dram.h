/*
** train_dram: nmsim --dram, every tensor of a step in model DRAM on nm_top's
** AXI4 master (dut_top_dram_open: latency, bytes a cycle, random stalls,
** the protocol checker) in its logical row-major format (the --dump
** format: the driver's NMD_T_* kinds) and moved only by XFER, issued
** through the generated driver (nmd_xfer_tensor / nmd_xfer_submit /
** nmd_xfer_collect).  An operand is staged in DRAM by the host at a fresh
** place (a random even offset, a row stride a few bytes longer than its
** rows) and loaded by XFER; a result is stored by XFER into poisoned DRAM,
** every byte between and after its rows checked still poisoned, and the
** host reads its elements from the DRAM image (the phase then compares
** them with the golden model as always).  XFER cycles are counted apart
** from the phases (no cycle model for XFER); the shim's busy_o count must
** equal LAST_CYCLES.  Where no XFER kind exists (SORE's indices, mask and
** the value slots >= N) the window path stays: train_pack says so.
*/
#ifndef NM_TRAIN_DRAM_H
#define NM_TRAIN_DRAM_H

#include <stddef.h>
#include <stdint.h>

#include "train_hw.h"

typedef struct dram_opts {
  int latency;            /* >= 1 */
  int bytes_per_cycle;    /* >= 1 */
  int stall;              /* percent of ready-low and of response-withheld cycles */
} dram_opts;

/* DRAM on h's top (placement and stalls seeded from seed), the DMA window
** set to all of it, then the refusal probe (dram_probe). 0 or -1. */
int dram_open(train_hw *h, const dram_opts *o, uint64_t seed);

/*
** One tile of `kind` (NMD_T_*): rows x cols elements, element (r, c) at
** host[r * ld + c] (hsz bytes a host element: 1, 2 or 4; the DRAM element
** is the kind's size, the host value's low bytes).  dir 0: staged in DRAM
** and loaded into the region at buffer word base; dir 1: stored from the
** region and read back into host.  m, n, region: nmd_xfer_tensor's.
*/
int dram_tile(train_hw *h, uint32_t kind, int dir, void *host, int hsz, int rows, int cols, int ld,
              int m, int n, int base, int region, const char *what);
/* The same for ANT engines 0..engines-1 at once (nmd_xfer_ant_engines):
** host row e (engines rows of cols) is engine e's vector. */
int dram_tile_ant(train_hw *h, uint32_t kind, int dir, void *host, int hsz, int engines, int cols, int ld,
                  int base, int region, const char *what);

/* Refusals inside nmsim's flow, each checked and the run going on: a bad
** descriptor (NB 0: DESC), a window miss (WINDOW), and a load that meets an
** injected SLVERR (SLVERR, the region tainted: an UPDATE then ends with
** TAINT) until a good reload clears it. 0 or -1. */
int dram_probe(train_hw *h);

#endif
