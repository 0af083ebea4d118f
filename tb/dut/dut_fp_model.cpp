// Adapter for one Verilated FP unit of one configuration.  Compiled once per
// (config, unit) with:
//   DUT_CLASS   the Verilated class (V<cfg>_<unit>), DUT_HEADER its header
//   DUT_CFG, DUT_UNIT  names (strings), DUT_STAGES its pipeline depth
//   DUT_ARITY   1 for converters (no b_i), 2 otherwise
#include DUT_HEADER

#include "dut_fp_impl.h"

namespace {

class Adapter final : public FpPorts {
 public:
  explicit Adapter(VerilatedContext *ctx) : top_(ctx, "dut") {}
  void drive(bool clk, bool rst_n, bool valid, uint32_t a, uint32_t b) override {
    top_.clk_i = clk;
    top_.rst_ni = rst_n;
    top_.valid_i = valid;
    top_.a_i = a;
#if DUT_ARITY == 2
    top_.b_i = b;
#else
    (void)b;
#endif
    top_.eval();
  }
  bool valid_o() const override { return top_.valid_o; }
  uint32_t y_o() const override { return top_.y_o; }

 private:
  DUT_CLASS top_;
};

FpPorts *make(VerilatedContext *ctx) { return new Adapter(ctx); }

const bool registered = dut_fp_register(DUT_CFG, DUT_UNIT, DUT_STAGES, make);

}  // namespace
