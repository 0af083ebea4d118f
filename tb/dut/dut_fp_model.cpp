// Adapter for one Verilated FP unit of one configuration.  Compiled once per
// (config, unit) with:
//   DUT_CLASS   the Verilated class (V<cfg>_<unit>), DUT_HEADER its header
//   DUT_CFG, DUT_UNIT  names (strings), DUT_STAGES its pipeline depth
//   DUT_ARITY   1 for converters (no b_i), 2 otherwise
#include DUT_HEADER

#include "dut_fp_impl.h"
#include "dut_model.h"

namespace {

class Adapter final : public dut::Adapter<DUT_CLASS, FpPorts> {
  void set(DUT_CLASS &t, const FpIn &in) override {
    t.valid_i = in.valid;
    t.a_i = in.a;
#if DUT_ARITY == 2
    t.b_i = in.b;
#endif
  }
  void get(const DUT_CLASS &t, FpOut *o) const override { o->valid = t.valid_o, o->y = t.y_o; }
};

const bool registered =
    FpRegistry::add(FpInfo{DUT_CFG, DUT_UNIT, DUT_STAGES}, dut::make<Adapter, FpPorts>);

}  // namespace
