/*
** The XFER command's ARG0..ARG4 words from a tile and its layout descriptor
** (dpk_desc_of), field by field from regmap.c's NM_XFER_* (nm_config.h /
** the driver's header), and the same descriptor as the XFER cycle model's
** (tb/model/nm_xfer_cycles.h).  For the nm_top tests that include the
** generated nm_config.h (test_rtl_top_dma.c, dma_pack_rate.c).
*/
#ifndef NM_DMA_PACK_XFER_H
#define NM_DMA_PACK_XFER_H

#include <stdint.h>

#include "dma_pack_harness.h"
#include "nm_xfer_cycles.h"

static inline void dpk_xfer_args(const dpk_desc *s, int region, int out, unsigned base, int rows, int cols,
                                 unsigned need, uint32_t *a) {
  a[NM_XFER_REGION_ARG] = NM_FIELD(NM_XFER_REGION, region) | NM_FIELD(NM_XFER_DIR, out) |
                          NM_FIELD(NM_XFER_BASE, base);
  a[NM_XFER_ROW_ELEMS_ARG] = NM_FIELD(NM_XFER_ROW_ELEMS, cols);
  a[NM_XFER_ROWS_ARG] = NM_FIELD(NM_XFER_ROWS, rows) | NM_FIELD(NM_XFER_NEED, need);
  a[NM_XFER_E_WSTEP_ARG] = NM_FIELD(NM_XFER_E_WSTEP, s->e_wstep) | NM_FIELD(NM_XFER_R_WSTEP, s->r_wstep);
  a[NM_XFER_ESZ_ARG] = NM_FIELD(NM_XFER_ESZ, s->esz) | NM_FIELD(NM_XFER_NB, s->nb) |
                       NM_FIELD(NM_XFER_LANE0, s->lane0) | NM_FIELD(NM_XFER_EPW, s->epw) |
                       NM_FIELD(NM_XFER_E_WM, s->e_wm) | NM_FIELD(NM_XFER_E_SKEW, s->e_skew) |
                       NM_FIELD(NM_XFER_R_FLAT, s->r_flat) | NM_FIELD(NM_XFER_RPL, s->rpl) |
                       NM_FIELD(NM_XFER_R_WM, s->r_wm) | NM_FIELD(NM_XFER_R_SKEW, s->r_skew) |
                       NM_FIELD(NM_XFER_ZFILL, s->zfill);
}

static inline nm_xfer_lay dpk_xfer_lay(const dpk_desc *s) {
  nm_xfer_lay l = {s->esz, s->nb, s->base, s->lane0, s->epw, s->e_wm, s->e_skew,
                   s->e_wstep, s->r_flat, s->rpl, s->r_wm, s->r_skew, s->r_wstep, s->zfill};
  return l;
}

#endif
