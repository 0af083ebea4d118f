/*
** Cycle model of the top level (nm_top): LAST_CYCLES, the cycles STATUS.busy
** is high for one accepted command, from the command and the configuration.
** The slave starts the engine in the cycle it accepts the CMD write; busy
** is high from the next cycle to the cycle after the engine's busy falls:
**
**   GEMM    nm_stce_cycles() + 1
**   PRUNE   2 if refused or beats = 0, else 4 + (beats-1)*II + LAT,
**           II = 1, LAT = 2 (parallel lanes) or II = M, LAT = M + N + 1 (serial)
**   UPDATE  2 if refused or n = 0, else 4 + ceil(n/lanes) + WL,
**           WL = 2*cvt + 2*mul + 4*add (nm_wuve's latency)
**   ANT     ENGINE_CYCLES + 0 (nm_ant_engine's cycles_o = its busy cycles + 1,
**           measured, not modelled)
**
** (see the headers of nm_top.vt, nm_top_prune.vt and nm_top_update.vt).
*/
#ifndef NM_TOP_CYCLES_H
#define NM_TOP_CYCLES_H

#include <stdint.h>

#include "nm_stce_cycles.h"

typedef struct nm_top_hw {
  nm_stce_hw stce;
  int mmax, sore_lanes, sore_parallel, wuve_lanes, mul_stages, add_stages, cvt_stages;
} nm_top_hw;

/* LAST_CYCLES the top reports for each accepted command (refused = the
** engine refused its fields). */
uint64_t nm_top_gemm_cycles(const nm_top_hw *hw, const nm_gemm_cmd *c, int refused);
uint64_t nm_top_prune_cycles(const nm_top_hw *hw, unsigned beats, int n, int m, int refused);
uint64_t nm_top_update_cycles(const nm_top_hw *hw, unsigned elems, int mode, int refused);
/* ANT: LAST_CYCLES = ENGINE_CYCLES + this (the engine's cycles are measured, not modelled). */
uint64_t nm_top_ant_overhead(const nm_top_hw *hw);

#endif
