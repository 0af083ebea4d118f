/*
** dma_pack_bench (part of bench-dma): elements per cycle of every region
** kind through the DMA's layout converters at full rate (the stream always
** valid for nm_dma_pack, always ready for nm_dma_unpack), on the default
** config's layout shape (8x8 array, MMAX 8, 4 SORE / 4 WUVE lanes, N:M 2:4)
** and every Verilated bus shape with 8 banks of 8 lanes or more.  Each run
** is checked against nm_layout like the test; a mismatch ends the bench.
**   DMA_PACK <model> <kind> <pack|unpack> tile=<rows>x<cols> elems=<E> cycles=<C> epc=<E/C>
*/
#include <stdio.h>
#include <string.h>

#include "check_util.h"
#include "dma_pack_harness.h"

int main(int argc, char **argv) {
  tu_bench_start(argc, argv, dut_dma_pack_count(), dut_dma_pack_name);
  const nm_layout_cfg cfg = {.rows = 8, .cols = 8, .mmax = 8, .sore_lanes = 4, .wuve_lanes = 4};
  for (size_t i = 0; i < dut_dma_pack_count(); i++) {
    const char *name = dut_dma_pack_name(i);
    const int dw = dut_dma_pack_dw(i), banks = dut_dma_pack_banks(i), lanes = dut_dma_pack_lanes(i);
    if (banks < 8 || lanes < 8 || (tu_only_cfg() && strcmp(tu_only_cfg(), name) != 0)) continue;
    dut_dma_pack *d = dut_dma_pack_open(i);
    nm_rng rng;
    nm_rng_seed(&rng, 1);
    for (int k = 0; k < DK_COUNT; k++)
      for (int pack = 1; pack >= 0; pack--) {
        if (!(dpk_kind_dirs((dpk_kind)k) & (pack ? 1 : 2))) continue;
        /* a 64 x 128 tile (K' = 128 for A; K = 64, G = 16 for B) */
        dpk_case c = {(dpk_kind)k, pack, cfg, 64, 128, 4, 2, 0};
        dpk_result r = dpk_run(d, name, dw, banks, lanes, &c, &rng, 0, 1);
        TU_ASSERT(r.mismatches == 0, "%s %s: %zu mismatches", name, dpk_kind_name((dpk_kind)k),
                  r.mismatches);
        printf("DMA_PACK %s %s %s tile=%dx%d elems=%zu cycles=%llu epc=%.2f\n", name,
               dpk_kind_name((dpk_kind)k), pack ? "pack" : "unpack", c.rows, c.cols, r.elems,
               (unsigned long long)r.cycles, (double)r.elems / (double)r.cycles);
      }
    dut_dma_pack_close(d);
  }
  return 0;
}
