/*
** nm_layout_here(): the nm_layout configuration of the one config a program
** is built for (those that force-include its nm_config.h).  Programs that link
** several configs fill nm_layout_cfg from their shims' info instead.
*/
#ifndef NM_LAYOUT_HERE_H
#define NM_LAYOUT_HERE_H

#include "nm_layout.h"

/* nm_layout's window ids are regmap.md's (a renumbered region fails here). */
_Static_assert(NML_STCE_A == NM_REGION_STCE_A && NML_STCE_B == NM_REGION_STCE_B &&
                   NML_STCE_C == NM_REGION_STCE_C && NML_SORE_IN == NM_REGION_SORE_IN &&
                   NML_SORE_VAL == NM_REGION_SORE_VAL && NML_SORE_IDX == NM_REGION_SORE_IDX &&
                   NML_SORE_MASK == NM_REGION_SORE_MASK && NML_WUVE_W == NM_REGION_WUVE_W &&
                   NML_WUVE_V == NM_REGION_WUVE_V && NML_WUVE_G == NM_REGION_WUVE_G &&
                   NML_WUVE_W16 == NM_REGION_WUVE_W16 && NML_ANT_IROW == NM_REGION_ANT_IROW &&
                   NML_ANT_IELEM == NM_REGION_ANT_IELEM && NML_ANT_KROW == NM_REGION_ANT_KROW &&
                   NML_ANT_KELEM == NM_REGION_ANT_KELEM && NML_ANT_OUT32 == NM_REGION_ANT_OUT32 &&
                   NML_ANT_OUT16 == NM_REGION_ANT_OUT16 && NML_ANT_FLAGS == NM_REGION_ANT_FLAGS,
               "nm_layout's region ids differ from nm_config.h's NM_REGION_*");

static inline nm_layout_cfg nm_layout_here(void) {
  nm_layout_cfg c = {NM_ROWS, NM_COLS, NM_MMAX, NM_SORE_LANES, NM_WUVE_LANES,
                     NM_ABUF_DEPTH, NM_BBUF_DEPTH, NM_CBUF_DEPTH, NM_SORE_BUF_DEPTH,
                     NM_WUVE_BUF_DEPTH, NM_ANT_ROWS, NM_ANT_IBUF_DEPTH, NM_ANT_KBUF_DEPTH,
                     NM_ANT_OBUF_DEPTH, NM_ANT_ENGINES};
  return c;
}

#endif
