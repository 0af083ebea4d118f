// Adapter for the Verilated nm_top of one configuration (built with
// --trace-fst).  Compiled once per config with its nm_config.h
// force-included and DUT_CLASS / DUT_HEADER naming the Verilated class and
// its header (sim/top.mk).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include DUT_HEADER
#include "verilated.h"
#include "verilated_fst_c.h"
#pragma GCC diagnostic pop

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "dut_top_impl.h"

namespace {

class Adapter final : public TopPorts {
 public:
  Adapter() : ctx_(), top_(nullptr), tfp_(nullptr) {
    ctx_.traceEverOn(true);
    top_ = new DUT_CLASS(&ctx_, "nm_top");
  }
  ~Adapter() override {
    trace_close();
    top_->final();
    delete top_;
  }
  // The Verilated class is cache-line aligned; C++14 new is not.
  static void *operator new(std::size_t size) {
    void *p = nullptr;
    if (posix_memalign(&p, 64, size) != 0) throw std::bad_alloc();
    return p;
  }
  static void operator delete(void *p) { std::free(p); }

  void drive(bool clk, const TopIn &in, uint64_t time) override {
    DUT_CLASS &t = *top_;
    t.clk_i = clk;
    t.rst_ni = in.rst_n;
    t.s_axil_awaddr_i = in.awaddr;
    t.s_axil_awvalid_i = in.awvalid;
    t.s_axil_wdata_i = in.wdata;
    t.s_axil_wstrb_i = (uint8_t)(in.wstrb & 15u);
    t.s_axil_wvalid_i = in.wvalid;
    t.s_axil_bready_i = in.bready;
    t.s_axil_araddr_i = in.araddr;
    t.s_axil_arvalid_i = in.arvalid;
    t.s_axil_rready_i = in.rready;
    t.hb_we_i = in.hb_we;
    t.hb_re_i = in.hb_re;
    t.hb_region_i = (uint8_t)(in.hb_region & 31u);
    t.hb_bank_i = (uint8_t)(in.hb_bank & 63u);
    t.hb_addr_i = (uint16_t)in.hb_addr;
    for (std::size_t i = 0; i < 8; i++) t.hb_wdata_i.at(i) = in.hb_wdata[i];
    t.eval();
    if (tfp_) tfp_->dump(time);
  }
  void sample(TopOut *o) const override {
    const DUT_CLASS &t = *top_;
    o->awready = t.s_axil_awready_o;
    o->wready = t.s_axil_wready_o;
    o->bvalid = t.s_axil_bvalid_o;
    o->bresp = t.s_axil_bresp_o;
    o->arready = t.s_axil_arready_o;
    o->rvalid = t.s_axil_rvalid_o;
    o->rresp = t.s_axil_rresp_o;
    o->rdata = t.s_axil_rdata_o;
    o->busy = t.busy_o;
    o->irq = t.irq_o;
    for (std::size_t i = 0; i < 8; i++) o->hb_rdata[i] = t.hb_rdata_o.at(i);
  }
  bool trace_open(const char *path) override {
    if (tfp_) return false;
    tfp_ = new VerilatedFstC;
    top_->trace(tfp_, 99);
    tfp_->open(path);
    if (!tfp_->isOpen()) {
      delete tfp_;
      tfp_ = nullptr;
      return false;
    }
    return true;
  }
  void trace_close() override {
    if (!tfp_) return;
    tfp_->close();
    delete tfp_;
    tfp_ = nullptr;
  }

 private:
  VerilatedContext ctx_;
  DUT_CLASS *top_;
  VerilatedFstC *tfp_;
};

}  // namespace

TopPorts *dut_top_make_ports() { return new Adapter(); }
