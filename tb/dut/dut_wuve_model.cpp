// Adapter for the Verilated nm_wuve of one configuration.  Compiled once per
// config with the config's nm_config.h force-included and:
//   DUT_CLASS   the Verilated class (V<cfg>_nm_wuve), DUT_HEADER its header
//   DUT_CFG     the config name (string)
// The lane count and the FP depths come from nm_config.h.
#include DUT_HEADER

#define DUT_WUVE_IMPL
#include "dut_model.h"
#include "dut_wuve.h"

#define DUT_STR2(x) #x
#define DUT_STR(x) DUT_STR2(x)

namespace {

static_assert(NM_WUVE_LANES <= kWuveMaxLanes, "WuveOut holds the widest engine");

class Adapter final : public dut::Adapter<DUT_CLASS, WuvePorts> {
  void set(DUT_CLASS &t, const WuveIn &in) override {
    t.inv_scale_i = in.regs[0], t.lr_i = in.regs[1], t.mu_i = in.regs[2];
    t.wd_i = in.regs[3], t.srste_i = in.regs[4];
    t.mode_i = in.mode & 3u;
    t.clear_i = in.clear;
    t.in_valid_i = in.valid;
    dut::put_words(t.in_lane_en_i, in.en);
    dut::put_words(t.mask_i, in.mask);
    dut::put_words(t.w_i, in.w);
    dut::put_words(t.v_i, in.v);
    dut::put_words(t.dw_i, in.dw);
  }
  void get(const DUT_CLASS &t, WuveOut *o) const override {
    o->out_valid = t.out_valid_o, o->found_inf = t.found_inf_o, o->busy = t.busy_o, o->err = t.err_o;
    dut::get_words(t.out_we_o, o->we);
    dut::get_words(t.w_o, o->w);
    dut::get_words(t.v_o, o->v);
    dut::get_words(t.w16_o, o->w16);
  }
};

// The latency nm_wuve documents: 2*cvt + 2*mul + 4*add register cuts.
const int kLatency = 2 * NM_CVT_STAGES + 2 * NM_MUL_STAGES + 4 * NM_ADD_STAGES;

const bool registered = WuveRegistry::add(
    WuveInfo{DUT_CFG, NM_WUVE_LANES, kLatency,
             "mul " DUT_STR(NM_MUL_STAGES) ", add " DUT_STR(NM_ADD_STAGES) ", cvt " DUT_STR(NM_CVT_STAGES)},
    dut::make<Adapter, WuvePorts>);

}  // namespace
