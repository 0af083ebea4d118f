/*
** Cycle model of nm_top (see nm_top_cycles.h): the top's fixed overheads
** around each engine's own schedule.
*/
#include "nm_top_cycles.h"

/* The cycle after the accept edge to the cycle after the engine's busy falls. */
static const uint64_t TOP_OVERHEAD = 1;

uint64_t nm_top_gemm_cycles(const nm_top_hw *hw, const nm_gemm_cmd *c, int refused) {
  return nm_stce_cycles(&hw->stce, c, refused) + TOP_OVERHEAD;
}

/* The PRUNE sequencer: 1 check cycle; then reads one group a cycle whenever
** the lanes take one (serial lanes take one every M cycles), and ends the
** cycle after the last group's output is written. */
uint64_t nm_top_prune_cycles(const nm_top_hw *hw, unsigned beats, int n, int m, int refused) {
  if (refused || beats == 0) return 1 + TOP_OVERHEAD;
  uint64_t ii = hw->sore_parallel ? 1u : (uint64_t)m;
  uint64_t lat = hw->sore_parallel ? 2u : (uint64_t)(m + n + 1);
  /* check + first read + (beats-1) intervals + latency + the end cycle */
  return 1 + 1 + (uint64_t)(beats - 1) * ii + lat + 1 + TOP_OVERHEAD;
}

/* The UPDATE sequencer: 1 check cycle; one beat read a cycle (nm_wuve never
** stalls); ends the cycle after the last beat leaves the engine. */
uint64_t nm_top_update_cycles(const nm_top_hw *hw, unsigned elems, int mode, int refused) {
  (void)mode;  /* every mode streams every beat (check mode only writes nothing) */
  if (refused || elems == 0) return 1 + TOP_OVERHEAD;
  uint64_t lanes = (uint64_t)(hw->wuve_lanes > 0 ? hw->wuve_lanes : 1);
  uint64_t beats = ((uint64_t)elems + lanes - 1) / lanes;
  uint64_t lat = 2u * (uint64_t)hw->cvt_stages + 2u * (uint64_t)hw->mul_stages +
                 4u * (uint64_t)hw->add_stages;
  /* check + beats reads + the RAM read cycle + latency + the end cycle */
  return 1 + beats + 1 + lat + 1 + TOP_OVERHEAD;
}

/* nm_ant_engine's cycles_o counts its start cycle too (busy cycles + 1), so
** it already equals the top's count. */
uint64_t nm_top_ant_overhead(const nm_top_hw *hw) {
  (void)hw;
  return TOP_OVERHEAD - 1;
}
