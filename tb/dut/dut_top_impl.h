// Internal to tb/dut: the port interface between the AXI master of
// dut_top.cpp (compiled with the program's flags, ASan included) and the
// adapter of one configuration's Verilated nm_top_sim (dut_top_model.cpp,
// compiled with Verilator's flags); the shim core: dut_core.h.
#ifndef NM_DUT_TOP_IMPL_H
#define NM_DUT_TOP_IMPL_H

#include <cstdint>

#include "../axi/axi_bus.h"
#include "dut_core.h"

struct TopIn {
  bool rst_n;
  uint32_t awaddr, wdata, araddr;
  unsigned wstrb;
  bool awvalid, wvalid, bready, arvalid, rready;
  bool hb_we, hb_re;
  unsigned hb_region, hb_bank, hb_addr;
  uint32_t hb_wdata[8];
  axi_bus axi;   // the DRAM model's (slave's) outputs on m_axi_*: awready .. rvalid
};

struct TopOut {
  bool awready, wready, bvalid, arready, rvalid, busy, irq;
  unsigned bresp, rresp;
  uint32_t rdata;
  uint32_t hb_rdata[8];
  axi_bus axi;   // the DMA's (master's) outputs on m_axi_*: awvalid .. rready
};

typedef dut::Ports<TopIn, TopOut> TopPorts;

struct TopInfo {
  const char *cfg;
  int axi_bytes;   // m_axi_* data bytes (axi_data_bits / 8)
  int max_reads;   // the DMA's bursts in flight per direction (dma_max_reads)
};

// A program links exactly one configuration's adapter.
typedef dut::Registry<TopInfo, TopPorts> TopRegistry;
extern template class dut::Registry<TopInfo, TopPorts>;

#endif
