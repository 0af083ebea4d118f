/* test_rtl_top_dma's sustained-bandwidth bench of long XFERs (dma_top_bw.c). */
#ifndef NM_DMA_TOP_BW_H
#define NM_DMA_TOP_BW_H

#include <check.h>

/* Adds TCase "dma_top_bw" (DMA-TOP lines, every element checked) to s. */
void dma_top_bw_tcase(Suite *s);

#endif
