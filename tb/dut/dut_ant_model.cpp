// Adapter for one Verilated nm_ant_engine (DUT_KIND_ENGINE) or nm_ant_range
// (DUT_KIND_RANGE) model.  Compiled once per model with DUT_CLASS,
// DUT_HEADER and DUT_CFG; the config's nm_config.h is force-included.
#include DUT_HEADER

#define DUT_ANT_IMPL
#include "dut_ant.h"

namespace {

#ifdef DUT_KIND_RANGE
class RangeAdapter final : public AntRangePorts {
 public:
  explicit RangeAdapter(VerilatedContext *ctx) : top_(ctx, "range") {}
  void eval(const dut_ant_range_in &in, dut_ant_range_out *out) override {
    top_.y_i = (SData)in.y;
    top_.xmin_i = (SData)in.xmin;
    top_.xmax_i = (SData)in.xmax;
    top_.pad_i = (CData)in.pad;
    top_.hout_i = (SData)in.hout;
    top_.wout_i = (SData)in.wout;
    top_.kh_i = (SData)in.kh;
    top_.st_i = (CData)(in.st & 7);
    top_.d_i = (CData)(in.d & 7);
    top_.eval();
    out->empty = top_.empty_o;
    out->r_lo = top_.r_lo_o;
    out->r_hi = top_.r_hi_o;
    out->step_log = top_.r_step_log_o;
    out->ds_lo = top_.ds_lo_o;
    out->ds_hi = top_.ds_hi_o;
  }

 private:
  DUT_CLASS top_;
};

AntRangePorts *make(VerilatedContext *ctx) { return new RangeAdapter(ctx); }
const bool registered = dut_ant_range_register(make);
#else
class Adapter final : public AntPorts {
 public:
  explicit Adapter(VerilatedContext *ctx) : top_(ctx, "dut") {}
  void drive(bool clk, const AntIn &in) override {
    top_.clk_i = clk;
    top_.rst_ni = in.rst_n;
    top_.start_i = in.start;
    top_.cmd_scnn_i = in.cmd.scnn != 0;
    top_.cmd_clear_i = in.cmd.clear != 0;
    top_.cmd_ih_i = (SData)in.cmd.ih;
    top_.cmd_kh_i = (SData)in.cmd.kh;
    top_.cmd_hout_i = (SData)in.cmd.hout;
    top_.cmd_wout_i = (SData)in.cmd.wout;
    top_.cmd_st_i = (CData)(in.cmd.st & 7);
    top_.cmd_d_i = (CData)(in.cmd.d & 7);
    top_.cmd_pad_i = (CData)in.cmd.pad;
    top_.hb_we_i = in.hb_we;
    top_.hb_re_i = in.hb_re;
    top_.hb_buf_i = (CData)in.hb_buf;
    top_.hb_addr_i = (SData)in.hb_addr;
    top_.hb_wdata_i = in.hb_wdata;
    top_.hb_out16_i = in.hb_out16;
    top_.eval();
  }
  bool busy() const override { return top_.busy_o; }
  bool done() const override { return top_.done_o; }
  void result(dut_ant_result *r) const override {
    r->err = top_.err_o;
    r->ovf = top_.ovf_o;
    r->cycles = top_.cycles_o;
    r->pairs = top_.pairs_o;
    r->prods = top_.prods_o;
    r->rcps = top_.rcps_o;
    r->skipped = top_.skipped_o;
  }
  uint32_t rdata() const override { return top_.hb_rdata_o; }

 private:
  DUT_CLASS top_;
};

AntPorts *make(VerilatedContext *ctx) { return new Adapter(ctx); }

const bool registered = dut_ant_register(
    dut_ant_info{DUT_CFG, NM_ANT_N, NM_ANT_ACC_BITS, NM_ANT_IBUF_DEPTH, NM_ANT_KBUF_DEPTH,
                 NM_ANT_OBUF_DEPTH, NM_ANT_ROWS},
    make);
#endif

}  // namespace
