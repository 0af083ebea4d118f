// Internal to tb/dut: the port interface between the AXI master of
// dut_top.cpp (compiled with the program's flags, ASan included) and the
// adapter of one configuration's Verilated nm_top_sim (dut_top_model.cpp,
// compiled with Verilator's flags); the shim core: dut_core.h.
#ifndef NM_DUT_TOP_IMPL_H
#define NM_DUT_TOP_IMPL_H

#include <cstdint>

#include "dut_core.h"

struct TopIn {
  bool rst_n;
  uint32_t awaddr, wdata, araddr;
  unsigned wstrb;
  bool awvalid, wvalid, bready, arvalid, rready;
  bool hb_we, hb_re;
  unsigned hb_region, hb_bank, hb_addr;
  uint32_t hb_wdata[8];
};

struct TopOut {
  bool awready, wready, bvalid, arready, rvalid, busy, irq;
  unsigned bresp, rresp;
  uint32_t rdata;
  uint32_t hb_rdata[8];
};

typedef dut::Ports<TopIn, TopOut> TopPorts;

struct TopInfo {
  const char *cfg;
};

// A program links exactly one configuration's adapter.
typedef dut::Registry<TopInfo, TopPorts> TopRegistry;
extern template class dut::Registry<TopInfo, TopPorts>;

#endif
