/*
** nm_top_hw_here(): the cycle model's view (nm_top_hw) of the one config a
** program is built for (those that force-include its nm_config.h), like
** nm_layout_here() for the layouts.
*/
#ifndef NM_TOP_HW_HERE_H
#define NM_TOP_HW_HERE_H

#include "nm_top_cycles.h"

static inline nm_top_hw nm_top_hw_here(void) {
  nm_top_hw h;
  h.stce = (nm_stce_hw){NM_ROWS, NM_COLS, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES};
  h.mmax = NM_MMAX, h.sore_lanes = NM_SORE_LANES;
  h.sore_parallel = NM_SORE_ARCH == NM_SORE_ARCH_PARALLEL;
  h.wuve_lanes = NM_WUVE_LANES, h.mul_stages = NM_MUL_STAGES;
  h.add_stages = NM_ADD_STAGES, h.cvt_stages = NM_CVT_STAGES;
  return h;
}

#endif /* NM_TOP_HW_HERE_H */
