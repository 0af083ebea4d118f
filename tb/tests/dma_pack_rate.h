/* test_rtl_top_dma's XFER rate / cycle-model test (dma_pack_rate.c). */
#ifndef NM_DMA_PACK_RATE_H
#define NM_DMA_PACK_RATE_H

#include <check.h>

/* Adds TCase "xfer_model" (XFER LAST_CYCLES against nm_xfer_cycles) to s. */
void dma_rate_tcase(Suite *s);

#endif
