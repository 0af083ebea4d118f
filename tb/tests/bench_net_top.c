/*
** bench_net: what one command of each kind costs at the top level.  This is
** the only file that knows about the top-level cycle model: with
** tb/model/nm_top_cycles.h (BENCH_HAVE_TOP_CYCLES, set by sim/bench.mk when
** the header exists) every cost is nm_top's LAST_CYCLES; without it GEMM is
** the engine's exact nm_stce_cycles and PRUNE / UPDATE are estimated from
** the lanes' throughput (one group or element per lane per cycle, M cycles
** a group for the serial SORE) plus pipeline fill.
*/
#include "bench_net.h"

#ifdef BENCH_HAVE_TOP_CYCLES
#include "nm_top_cycles.h"

static nm_top_hw top_hw(const bn_hw *hw) {
  nm_top_hw t;
  t.stce = hw->stce;
  t.mmax = hw->mmax, t.sore_lanes = hw->sore_lanes, t.sore_parallel = hw->sore_parallel;
  t.wuve_lanes = hw->wuve_lanes, t.mul_stages = hw->stce.mul_stages;
  t.add_stages = hw->stce.add_stages, t.cvt_stages = hw->stce.cvt_stages;
  return t;
}
#endif

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

const char *bn_top_model(void) {
#ifdef BENCH_HAVE_TOP_CYCLES
  return "nm_top_cycles.h (nm_top's LAST_CYCLES per command: engine cycles plus the top's "
         "command overhead)";
#else
  return "engine level: GEMM = nm_stce_cycles (exact); PRUNE / UPDATE estimated as 2 check cycles "
         "+ beats (x M for the serial SORE) + pipeline fill per command (tb/model/nm_top_cycles.h "
         "not present yet)";
#endif
}

uint64_t bn_gemm_cmd_cycles(const bn_hw *hw, const nm_gemm_cmd *c) {
#ifdef BENCH_HAVE_TOP_CYCLES
  nm_top_hw t = top_hw(hw);
  return nm_top_gemm_cycles(&t, c, 0);
#else
  return nm_stce_cycles(&hw->stce, c, 0);
#endif
}

/* One PRUNE command of `beats` words per lane. */
static uint64_t prune_cmd(const bn_hw *hw, uint64_t beats, int n, int m) {
#ifdef BENCH_HAVE_TOP_CYCLES
  nm_top_hw t = top_hw(hw);
  return nm_top_prune_cycles(&t, (unsigned)beats, n, m, 0);
#else
  (void)n;
  uint64_t per = hw->sore_parallel ? 1 : (uint64_t)m;
  uint64_t fill = hw->sore_parallel ? 4 : (uint64_t)m + 2;
  return 2 + beats * per + fill;
#endif
}

uint64_t bn_prune_cycles(const bn_hw *hw, uint64_t groups, int n, int m, uint64_t *cmds) {
  uint64_t beats = ceil_div(groups, (uint64_t)hw->sore_lanes), sb = (uint64_t)hw->sbuf;
  uint64_t full = beats / sb, rest = beats % sb;
  *cmds = full + (rest ? 1 : 0);
  return full * prune_cmd(hw, sb, n, m) + (rest ? prune_cmd(hw, rest, n, m) : 0);
}

/* One UPDATE command of `elems` elements (mode update). */
static uint64_t update_cmd(const bn_hw *hw, uint64_t elems) {
#ifdef BENCH_HAVE_TOP_CYCLES
  nm_top_hw t = top_hw(hw);
  return nm_top_update_cycles(&t, (unsigned)elems, 1, 0);
#else
  uint64_t fill =
      2 * (uint64_t)(hw->stce.mul_stages + hw->stce.cvt_stages) + 4 * (uint64_t)hw->stce.add_stages + 4;
  return 2 + ceil_div(elems, (uint64_t)hw->wuve_lanes) + fill;
#endif
}

uint64_t bn_update_cycles(const bn_hw *hw, uint64_t elems, uint64_t *cmds) {
  uint64_t per = (uint64_t)hw->wbuf * (uint64_t)hw->wuve_lanes;
  uint64_t full = elems / per, rest = elems % per;
  *cmds = full + (rest ? 1 : 0);
  return full * update_cmd(hw, per) + (rest ? update_cmd(hw, rest) : 0);
}

uint64_t bn_ant_cmd_overhead(const bn_hw *hw) {
#ifdef BENCH_HAVE_TOP_CYCLES
  nm_top_hw t = top_hw(hw);
  return nm_top_ant_overhead(&t);
#else
  (void)hw;
  return 0;
#endif
}
