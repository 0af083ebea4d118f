/*
** bench_net: what one command of each kind costs at the top level: nm_top's
** LAST_CYCLES from tb/model/nm_top_cycles.h (tested equal to the RTL by
** test_rtl_top and nmsim --check-cycles).  The only file of the bench that
** knows about the top-level cycle model.
*/
#include "bench_net.h"

#include "nm_top_cycles.h"

static nm_top_hw top_hw(const bn_hw *hw) {
  nm_top_hw t;
  t.stce = hw->stce;
  t.mmax = hw->mmax, t.sore_lanes = hw->sore_lanes, t.sore_parallel = hw->sore_parallel;
  t.wuve_lanes = hw->wuve_lanes, t.mul_stages = hw->stce.mul_stages;
  t.add_stages = hw->stce.add_stages, t.cvt_stages = hw->stce.cvt_stages;
  return t;
}

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

const char *bn_top_model(void) {
  return "nm_top_cycles.h (nm_top's LAST_CYCLES per command: engine cycles plus the top's "
         "command overhead)";
}

uint64_t bn_gemm_cmd_cycles(const bn_hw *hw, const nm_gemm_cmd *c) {
  nm_top_hw t = top_hw(hw);
  return nm_top_gemm_cycles(&t, c, 0);
}

/* One PRUNE command of `beats` words per lane. */
static uint64_t prune_cmd(const bn_hw *hw, uint64_t beats, int n, int m) {
  nm_top_hw t = top_hw(hw);
  return nm_top_prune_cycles(&t, (unsigned)beats, n, m, 0);
}

uint64_t bn_prune_cycles(const bn_hw *hw, uint64_t groups, int n, int m, uint64_t *cmds) {
  uint64_t beats = ceil_div(groups, (uint64_t)hw->sore_lanes), sb = (uint64_t)hw->sbuf;
  uint64_t full = beats / sb, rest = beats % sb;
  *cmds = full + (rest ? 1 : 0);
  return full * prune_cmd(hw, sb, n, m) + (rest ? prune_cmd(hw, rest, n, m) : 0);
}

/* One UPDATE command of `elems` elements (mode update). */
static uint64_t update_cmd(const bn_hw *hw, uint64_t elems) {
  nm_top_hw t = top_hw(hw);
  return nm_top_update_cycles(&t, (unsigned)elems, 1, 0);
}

uint64_t bn_update_cycles(const bn_hw *hw, uint64_t elems, uint64_t *cmds) {
  uint64_t per = (uint64_t)hw->wbuf * (uint64_t)hw->wuve_lanes;
  uint64_t full = elems / per, rest = elems % per;
  *cmds = full + (rest ? 1 : 0);
  return full * update_cmd(hw, per) + (rest ? update_cmd(hw, rest) : 0);
}

uint64_t bn_ant_cmd_overhead(const bn_hw *hw) {
  nm_top_hw t = top_hw(hw);
  return nm_top_ant_overhead(&t);
}
