// Internal to tb/dut: the port interface between the AXI master of
// dut_top.cpp (compiled with the program's flags, ASan included) and the
// adapter of one configuration's Verilated nm_top (dut_top_model.cpp,
// compiled with Verilator's flags).  A program links exactly one adapter.
#ifndef NM_DUT_TOP_IMPL_H
#define NM_DUT_TOP_IMPL_H

#include <cstdint>

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

class TopPorts {
 public:
  virtual ~TopPorts() {}
  // Set the inputs and the clock, evaluate, dump a trace sample if tracing.
  virtual void drive(bool clk, const TopIn &in, uint64_t time) = 0;
  virtual void sample(TopOut *out) const = 0;
  // Start an FST trace (false: the model cannot trace or the file failed).
  virtual bool trace_open(const char *path) = 0;
  virtual void trace_close() = 0;
};

// Defined by the linked adapter: a new model (reset not yet applied).
TopPorts *dut_top_make_ports();

#endif
