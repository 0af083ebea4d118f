/*
** C API over Verilated nm_dma models (the AXI4 master DMA).
**
** A test binary links several models (data width, address width, reads in
** flight: see sim/dma.mk); each registers itself under a name such as
** "d64a32r2".  One call is one clock cycle: the caller puts the slave's
** outputs (its AXI4 memory model, tb/axi/axi_mem.h) in bus and the chip-side
** inputs in `in`; the shim drives them, settles, samples the master's AXI4
** outputs into bus and the chip-side outputs into `out` (what the handshakes
** at the coming rising edge see), then clocks.  The protocol checker and
** the memory model then take bus as sampled.  The shim checks nothing.
*/
#ifndef NM_DUT_DMA_H
#define NM_DUT_DMA_H

#include <stddef.h>
#include <stdint.h>

#include "axi_bus.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dut_dma dut_dma;

size_t dut_dma_count(void);
const char *dut_dma_name(size_t i);
int dut_dma_data_bits(size_t i);
int dut_dma_addr_bits(size_t i);
int dut_dma_max_reads(size_t i);
int dut_dma_id_bits(size_t i);

/* Instantiate model i; NULL on failure.  Not reset: the caller drives
** rst_n = 0 for a few cycles first (so its checker sees reset too). */
dut_dma *dut_dma_open(size_t i);
void dut_dma_close(dut_dma *d);

/* Chip-side inputs of one cycle. */
typedef struct {
  int rst_n;
  uint64_t win_base, win_limit;
  int rd_req_valid;
  uint64_t rd_addr, rd_stride;
  uint32_t rd_row_bytes, rd_rows;
  int rd_ready;
  int wr_req_valid;
  uint64_t wr_addr, wr_stride;
  uint32_t wr_row_bytes, wr_rows;
  int wr_valid;
  uint8_t wr_data[AXI_MAX_BYTES];
} dut_dma_in;

/* Chip-side outputs sampled before the rising edge. */
typedef struct {
  int rd_req_ready, rd_done, rd_busy, rd_valid, rd_row_last, rd_last;
  unsigned rd_err;
  uint8_t rd_data[AXI_MAX_BYTES];
  uint64_t rd_strb;
  int wr_req_ready, wr_done, wr_busy, wr_ready;
  unsigned wr_err;
} dut_dma_out;

/* One clock cycle (see above).  bus: slave fields in, master fields out. */
void dut_dma_cycle(dut_dma *d, const dut_dma_in *in, axi_bus *bus, dut_dma_out *out);

uint64_t dut_dma_cycles(const dut_dma *d);

#ifdef __cplusplus
}

/*
** Internal to tb/dut: the port-level interface of one Verilated model's
** adapter (dut_dma_model.cpp) and the registry it joins.
*/
class VerilatedContext;

class DmaPorts {
 public:
  virtual ~DmaPorts() {}
  // Drive every input (clk, the chip side, the slave's outputs in bus), eval.
  virtual void drive(bool clk, const dut_dma_in &in, const axi_bus &bus) = 0;
  // Read every output: the master's into bus, the chip side's into out.
  virtual void sample(axi_bus &bus, dut_dma_out &out) const = 0;
};

typedef DmaPorts *(*DmaFactory)(VerilatedContext *ctx);

struct DmaDesc {
  const char *name;
  int data_bits, addr_bits, max_reads, id_bits;
  DmaFactory make;
};

bool dut_dma_register(const DmaDesc &desc);

#endif /* __cplusplus */

#endif
