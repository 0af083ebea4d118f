// Adapter for the Verilated nm_stce of one configuration.  Compiled once per
// config with its nm_config.h force-included and DUT_CLASS / DUT_HEADER /
// DUT_CFG naming the Verilated class, its header and the config.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include DUT_HEADER
#pragma GCC diagnostic pop

#define DUT_STCE_IMPL
#include "dut_model.h"
#include "dut_stce.h"

namespace {

static_assert(NM_MMAX / 2 <= 8, "StceOut::hb_rdata holds MMAX/2 words");

class Adapter final : public dut::Adapter<DUT_CLASS, StcePorts> {
  void set(DUT_CLASS &t, const StceIn &in) override {
    const dut_stce_cmd &c = in.cmd;
    t.start_i = in.start;
    // cmd_<f>_i = c.<f>: the flags as bits, N and M cut to their 5 bits.
#define DUT_CMD(f) t.cmd_##f##_i = c.f;
#define DUT_FLAG(f) t.cmd_##f##_i = c.f != 0;
    DUT_CMD(rows) DUT_CMD(cols) DUT_CMD(k) DUT_CMD(abase) DUT_CMD(bbase) DUT_CMD(cinbase) DUT_CMD(cbase)
    DUT_FLAG(ws) DUT_FLAG(sparse) DUT_FLAG(cin) DUT_FLAG(out16)
#undef DUT_CMD
#undef DUT_FLAG
    t.cmd_n_i = c.n & 31u, t.cmd_m_i = c.m & 31u;
    t.hb_we_i = in.hb_we, t.hb_re_i = in.hb_re;
    t.hb_buf_i = in.hb_buf & 3u, t.hb_bank_i = in.hb_bank, t.hb_addr_i = in.hb_addr;
    dut::put_words(t.hb_wdata_i, in.hb_wdata);
  }
  void get(const DUT_CLASS &t, StceOut *o) const override {
    o->busy = t.busy_o, o->done = t.done_o, o->err = t.err_o, o->cycles = t.cycles_o;
    dut::get_words(t.hb_rdata_o, o->hb_rdata);
  }
};

dut_stce_info info() {
  dut_stce_info i;
  i.cfg = DUT_CFG;
  i.rows = NM_ROWS, i.cols = NM_COLS, i.mmax = NM_MMAX;
  i.mul_stages = NM_MUL_STAGES, i.add_stages = NM_ADD_STAGES, i.cvt_stages = NM_CVT_STAGES;
  i.has_os = NM_DATAFLOW != NM_DATAFLOW_WS;
  i.has_ws = NM_DATAFLOW != NM_DATAFLOW_OS;
  i.abuf_depth = NM_ABUF_DEPTH, i.bbuf_depth = NM_BBUF_DEPTH, i.cbuf_depth = NM_CBUF_DEPTH;
  return i;
}

const bool registered = StceRegistry::add(info(), dut::make<Adapter, StcePorts>);

}  // namespace
