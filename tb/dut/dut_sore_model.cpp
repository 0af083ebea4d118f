// Adapter for one Verilated nm_sore model.  Compiled once per model with:
//   DUT_CLASS   the Verilated class, DUT_HEADER its header
//   DUT_NAME    registry name ("<variant>/<arch>"), DUT_CFG, DUT_ARCH strings
//   DUT_MMAX, DUT_LANES  the model's parameters when overridden with -G;
//               otherwise the configuration's (nm_config.h is force-included)
#include DUT_HEADER

#include "dut_model.h"
#include "dut_sore.h"

#ifndef DUT_MMAX
#define DUT_MMAX NM_MMAX
#endif
#ifndef DUT_LANES
#define DUT_LANES NM_SORE_LANES
#endif

namespace {

constexpr int clog2(int x) { return x <= 1 ? 0 : 1 + clog2((x + 1) / 2); }

static_assert(DUT_LANES <= DUT_SORE_MAX_LANES && DUT_MMAX <= DUT_SORE_MAX_MMAX,
              "SoreOut holds the widest supported engine");

class Adapter final : public dut::Adapter<DUT_CLASS, SorePorts> {
  void set(DUT_CLASS &t, const SoreIn &in) override {
    const unsigned nm_mask = (1u << clog2(DUT_MMAX + 1)) - 1;
    t.n_i = in.n & nm_mask, t.m_i = in.m & nm_mask;
    t.in_valid_i = in.in_valid;
    dut::put_words(t.in_vals_i, in.in_words);
    t.out_ready_i = in.out_ready;
  }
  void get(const DUT_CLASS &t, SoreOut *o) const override {
    o->in_ready = t.in_ready_o, o->out_valid = t.out_valid_o;
    o->cfg_err = t.cfg_err_o, o->busy = t.busy_o;
    dut::get_words(t.out_vals_o, o->vals);
    dut::get_words(t.out_idx_o, o->idx);
    dut::get_words(t.out_mask_o, o->mask);
  }
};

const bool registered =
    SoreRegistry::add(SoreInfo{DUT_NAME, DUT_CFG, DUT_ARCH, DUT_MMAX, DUT_LANES, clog2(DUT_MMAX + 1)},
                      dut::make<Adapter, SorePorts>);

}  // namespace
