// Adapter for one Verilated nm_ant_engine (DUT_KIND_ENGINE), nm_ant_array
// (DUT_ANT_ENGINES = its P: the harness port's engine select) or
// nm_ant_range (DUT_KIND_RANGE) model.  Compiled once per model with
// DUT_CLASS, DUT_HEADER and DUT_CFG; the config's nm_config.h is
// force-included.
#include DUT_HEADER

#define DUT_ANT_IMPL
#include "dut_ant.h"
#include "dut_model.h"

namespace {

#ifdef DUT_KIND_RANGE
class RangeAdapter final : public AntRangePorts {
 public:
  RangeAdapter() : model_("range") {}
  void eval(const dut_ant_range_in &in, dut_ant_range_out *out) override {
    DUT_CLASS &t = model_.top();
    // <f>_i = in.<f>; the strides are 3-bit ports.
#define DUT_IN(f) t.f##_i = in.f;
    DUT_IN(y) DUT_IN(xmin) DUT_IN(xmax) DUT_IN(pad) DUT_IN(hout) DUT_IN(wout) DUT_IN(kh)
#undef DUT_IN
    t.st_i = in.st & 7, t.d_i = in.d & 7;
    t.eval();
    // out-><f> = <f>_o.
#define DUT_OUT(f) out->f = t.f##_o;
    DUT_OUT(empty) DUT_OUT(r_lo) DUT_OUT(r_hi) DUT_OUT(ds_lo) DUT_OUT(ds_hi)
#undef DUT_OUT
    out->step_log = t.r_step_log_o;
  }

 private:
  dut::Model<DUT_CLASS> model_;
};

const bool registered =
    AntRangeRegistry::add(AntRangeInfo{DUT_CFG}, dut::make<RangeAdapter, AntRangePorts>);
#else
class Adapter final : public dut::Adapter<DUT_CLASS, AntPorts> {
  void set(DUT_CLASS &t, const AntIn &in) override {
    const dut_ant_cmd &c = in.cmd;
    t.start_i = in.start;
    // cmd_<f>_i = c.<f>: the modes as bits, the strides cut to 3 bits.
#define DUT_CMD(f) t.cmd_##f##_i = c.f;
    DUT_CMD(ih) DUT_CMD(kh) DUT_CMD(hout) DUT_CMD(wout) DUT_CMD(pad)
#undef DUT_CMD
    t.cmd_scnn_i = c.scnn != 0, t.cmd_clear_i = c.clear != 0;
    t.cmd_st_i = c.st & 7, t.cmd_d_i = c.d & 7;
    t.cmd_cim1_i = c.cim1 & 127, t.cmd_com1_i = c.com1 & 127;
    t.hb_we_i = in.hb_we, t.hb_re_i = in.hb_re, t.hb_out16_i = in.hb_out16;
    t.hb_buf_i = in.hb_buf, t.hb_addr_i = in.hb_addr, t.hb_wdata_i = in.hb_wdata;
#ifdef DUT_ANT_ENGINES
    t.hb_eng_i = in.hb_eng & 15;
#endif
  }
  void get(const DUT_CLASS &t, AntOut *o) const override {
    o->busy = t.busy_o, o->done = t.done_o, o->hb_rdata = t.hb_rdata_o;
    // result.<f> = <f>_o.
#define DUT_OUT(f) o->result.f = t.f##_o;
    DUT_OUT(err) DUT_OUT(ovf) DUT_OUT(cycles) DUT_OUT(pairs) DUT_OUT(prods) DUT_OUT(rcps) DUT_OUT(skipped)
#undef DUT_OUT
  }
};

#ifndef DUT_ANT_ENGINES
#define DUT_ANT_ENGINES 1
#define DUT_ANT_NAME DUT_CFG
#endif
const bool registered = AntRegistry::add(
    dut_ant_info{DUT_ANT_NAME, NM_ANT_N, NM_ANT_ACC_BITS, NM_ANT_IBUF_DEPTH, NM_ANT_KBUF_DEPTH,
                 NM_ANT_OBUF_DEPTH, NM_ANT_ROWS, DUT_ANT_ENGINES},
    dut::make<Adapter, AntPorts>);
#endif

}  // namespace
