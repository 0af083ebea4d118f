/*
** C API over Verilated nm_dma_conv_tb models (tb/rtl/nm_dma_conv_tb.v: the
** DMA's layout converters nm_dma_pack and nm_dma_unpack side by side).  A
** test binary links several bus shapes (sim/dma_pack.mk), each registered
** under a name such as "p128n8l16" (DW, NB_MAX, LANES).  One call is one
** clock cycle: inputs applied, outputs sampled (what the coming rising edge
** sees), then the edge.  Wide ports are little-endian 32-bit word arrays.
*/
#ifndef NM_DUT_DMA_PACK_H
#define NM_DUT_DMA_PACK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { DPK_MAX_BYTES = 64, DPK_MAX_BANKS = 16, DPK_MAX_LANES = 16,
       DPK_DATA_WORDS = DPK_MAX_BANKS * DPK_MAX_LANES / 2 };

typedef struct dut_dma_pack dut_dma_pack;

size_t dut_dma_pack_count(void);
const char *dut_dma_pack_name(size_t i);
int dut_dma_pack_dw(size_t i);
int dut_dma_pack_banks(size_t i);
int dut_dma_pack_lanes(size_t i);

/* Model i, reset; NULL past the end. */
dut_dma_pack *dut_dma_pack_open(size_t i);
void dut_dma_pack_close(dut_dma_pack *d);

typedef struct {
  int rst_n;
  int pack_start, unpack_start;
  unsigned esz, nb, base, lane0, epw, e_wm, e_skew, e_wstep, r_flat, rpl, r_wm, r_skew, r_wstep;
  uint32_t row_elems, rows;
  int in_valid, in_row_last, in_last;
  uint8_t in_data[DPK_MAX_BYTES];
  uint64_t in_strb;
  uint32_t rd_data[DPK_DATA_WORDS];  /* bank b lane l at bits 16*(LANES*b + l) */
  int out_ready;
} dut_dma_pack_in;

typedef struct {
  int in_ready, pack_busy, pack_done;
  uint32_t wr_en;
  uint16_t wr_word[DPK_MAX_BANKS];
  uint32_t wr_data[DPK_DATA_WORDS];
  uint32_t wr_lanes[DPK_MAX_BANKS * DPK_MAX_LANES / 32];
  uint32_t rd_en;
  uint16_t rd_word[DPK_MAX_BANKS];
  int out_valid, unpack_busy, unpack_done;
  uint8_t out_data[DPK_MAX_BYTES];
} dut_dma_pack_out;

void dut_dma_pack_cycle(dut_dma_pack *d, const dut_dma_pack_in *in, dut_dma_pack_out *out);
uint64_t dut_dma_pack_cycles(const dut_dma_pack *d);

#ifdef __cplusplus
}

#include "dut_core.h"

struct DpackInfo {
  const char *name;
  int dw, banks, lanes;
};
// The inputs of one cycle are the C struct (rst_n among them); so are the outputs.
typedef dut::Ports<dut_dma_pack_in, dut_dma_pack_out> DpackPorts;
typedef dut::Registry<DpackInfo, DpackPorts> DpackRegistry;
extern template class dut::Registry<DpackInfo, DpackPorts>;

#endif /* __cplusplus */

#endif
