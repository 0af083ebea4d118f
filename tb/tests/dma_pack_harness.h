/*
** The DMA layout converters' harness (test_rtl_dma_pack, dma_pack_bench):
** region kinds, the descriptor each kind gives nm_dma_lay (the settings the
** DMA sequencer will program; see rtl_templates/nm_dma_lay.vt), and one
** packed or unpacked tile run on a Verilated nm_dma_conv_tb against
** tb/model/nm_layout.c on every element.
**
** DRAM formats (the logical row-major tensors of --dump, one DMA request a
** tile, `rows` rows of `cols` elements at any row stride):
**   A_VAL   A' values [I][K'] fp16            A_IDX  A' indices [I][K'] u8
**           (the index byte's high nibble must be 0: the bank keeps 4 bits)
**   A_PAIR  A' as pairs [I][K'] u32 = value | index << 16 (index < 16): the
**           whole A word in one element, so a write needs no read
**   A_T     A transposed, [K][I] fp16 (dense A of a BP/WG GEMM: the FF
**           tensor as it lies in DRAM)
**   B       B [K][J] fp16                    B_T    B transposed, [J][K] fp16
**   C32     C / C_in [I][J] fp32             C16    fp16 results [I][J]
**   W, V    WUVE fp32 [n]; G_DW fp16 [n]; G_MASK u8 [n] (0 or 1); W16 fp16 [n]
**   SORE_IN groups of M fp16 [G][M] (flat)   SORE_VAL kept values [G][N] fp16
**           (= A_VAL of the pruned rows: slots k < N only)
**   OUT32, OUT16, FLAGS  ANT outputs [HOUT][WOUT] fp32 / fp16 / u8
** The flat kinds (WUVE, SORE, ANT) number elements row by row across the tile.
*/
#ifndef NM_DMA_PACK_HARNESS_H
#define NM_DMA_PACK_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "dut_dma_pack.h"
#include "nm_layout.h"
#include "nm_rng.h"

typedef enum {
  DK_A_VAL, DK_A_IDX, DK_A_T, DK_B, DK_B_T, DK_C32, DK_C16, DK_W, DK_V, DK_G_DW, DK_G_MASK,
  DK_W16, DK_SORE_IN, DK_SORE_VAL, DK_OUT32, DK_OUT16, DK_FLAGS, DK_A_PAIR, DK_COUNT
} dpk_kind;

/* The descriptor of nm_dma_lay (field names as its ports). */
typedef struct {
  unsigned esz, nb, base, lane0, epw, e_wm, e_skew, e_wstep, r_flat, rpl, r_wm, r_skew, r_wstep;
  unsigned zfill;   /* XFER's ZFILL (not nm_dma_lay's): unwritten lanes of a word written 0 */
} dpk_desc;

/* One tile: the kind, the layout configuration, the tile's shape and the
** command fields the layout reads (M of B, N of SORE_VAL). */
typedef struct {
  dpk_kind kind;
  int pack;                         /* 1 DRAM -> buffer (nm_dma_pack), 0 back (nm_dma_unpack) */
  nm_layout_cfg cfg;
  int rows, cols, m, n;
  unsigned base;
} dpk_case;

const char *dpk_kind_name(dpk_kind k);
/* The directions a kind moves in: bit 0 pack (an operand), bit 1 unpack (a result). */
int dpk_kind_dirs(dpk_kind k);
int dpk_kind_esz(dpk_kind k);       /* element bytes */
/* The descriptor of a case (what the sequencer computes from the command). */
dpk_desc dpk_desc_of(const dpk_case *c);
/* Where element (r, c) of the tile lives (nm_layout). */
nm_layout_loc dpk_loc(const dpk_case *c, int r, int col);

typedef struct {
  size_t mismatches;  /* elements (or bank bits) that differ; the first few printed */
  uint64_t cycles;    /* from start to done */
  size_t elems;
} dpk_result;

/* Run one tile on model d (dw, banks, lanes its shape): random elements or
** bank contents from rng; `gaps` (0..100) is the percent of cycles without
** stream valid (pack) or ready (unpack).  Mismatch lines name the model,
** the kind, the element, bank, word, bits and seed. */
dpk_result dpk_run(dut_dma_pack *d, const char *model, int dw, int banks, int lanes,
                   const dpk_case *c, nm_rng *rng, int gaps, uint64_t seed);

#endif
