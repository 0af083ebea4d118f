// Adapter for the Verilated nm_wuve of one configuration.  Compiled once per
// config with the config's nm_config.h force-included and:
//   DUT_CLASS   the Verilated class (V<cfg>_nm_wuve), DUT_HEADER its header
//   DUT_CFG     the config name (string)
// The lane count and the FP depths come from nm_config.h.
// Built with -isystem for Verilator's headers (they do not pass -Wextra
// -Werror) and -faligned-new (the model class is cache-line aligned).
#include DUT_HEADER

#include <cstddef>
#include <cstdint>

#define DUT_WUVE_IMPL
#include "dut_wuve.h"

#define DUT_STR2(x) #x
#define DUT_STR(x) DUT_STR2(x)

namespace {

// Verilator gives a port the smallest of uint8/16/32/64 that holds it, or
// VlWide<N> (32-bit words) above 64 bits; the lane count decides which.
// Fields never straddle a 32-bit word: they are 1, 16 or 32 bits wide at
// multiples of their width.
uint64_t field_mask(unsigned width) { return width >= 64 ? ~0ull : (1ull << width) - 1; }

template <class T>
void put(T &port, unsigned lsb, unsigned width, uint32_t val) {
  const uint64_t m = field_mask(width) << lsb;
  port = (T)(((uint64_t)port & ~m) | (((uint64_t)val << lsb) & m));
}
template <std::size_t N>
void put(VlWide<N> &port, unsigned lsb, unsigned width, uint32_t val) {
  const uint32_t m = (uint32_t)field_mask(width) << (lsb % 32);
  EData &word = port.at(lsb / 32);
  word = (word & ~m) | ((val << (lsb % 32)) & m);
}

template <class T>
uint32_t get(const T &port, unsigned lsb, unsigned width) {
  return (uint32_t)(((uint64_t)port >> lsb) & field_mask(width));
}
template <std::size_t N>
uint32_t get(const VlWide<N> &port, unsigned lsb, unsigned width) {
  return (uint32_t)((port.at(lsb / 32) >> (lsb % 32)) & field_mask(width));
}

class Adapter final : public WuvePorts {
 public:
  explicit Adapter(VerilatedContext *ctx) : top_(ctx, "dut") {}

  void drive(bool clk, const WuveIn &in) override {
    top_.clk_i = clk;
    top_.rst_ni = in.rst_n;
    top_.inv_scale_i = in.regs[0];
    top_.lr_i = in.regs[1];
    top_.mu_i = in.regs[2];
    top_.wd_i = in.regs[3];
    top_.srste_i = in.regs[4];
    top_.mode_i = in.mode & 3u;
    top_.clear_i = in.clear;
    top_.in_valid_i = in.valid;
    for (unsigned l = 0; l < NM_WUVE_LANES; l++) {
      put(top_.in_lane_en_i, l, 1, in.en[l]);
      put(top_.mask_i, l, 1, in.mask[l]);
      put(top_.w_i, 32 * l, 32, in.w[l]);
      put(top_.v_i, 32 * l, 32, in.v[l]);
      put(top_.dw_i, 16 * l, 16, in.dw[l]);
    }
    top_.eval();
  }
  bool out_valid() const override { return top_.out_valid_o; }
  bool out_we(int lane) const override { return get(top_.out_we_o, (unsigned)lane, 1) != 0; }
  uint32_t w_o(int lane) const override { return get(top_.w_o, 32u * (unsigned)lane, 32); }
  uint32_t v_o(int lane) const override { return get(top_.v_o, 32u * (unsigned)lane, 32); }
  uint16_t w16_o(int lane) const override {
    return (uint16_t)get(top_.w16_o, 16u * (unsigned)lane, 16);
  }
  bool found_inf() const override { return top_.found_inf_o; }
  bool busy() const override { return top_.busy_o; }
  bool err() const override { return top_.err_o; }

 private:
  DUT_CLASS top_;
};

WuvePorts *make(VerilatedContext *ctx) { return new Adapter(ctx); }

// The latency nm_wuve documents: 2*cvt + 2*mul + 4*add register cuts.
const int kLatency = 2 * NM_CVT_STAGES + 2 * NM_MUL_STAGES + 4 * NM_ADD_STAGES;

const bool registered =
    dut_wuve_register(DUT_CFG, NM_WUVE_LANES, kLatency,
                      "mul " DUT_STR(NM_MUL_STAGES) ", add " DUT_STR(NM_ADD_STAGES) ", cvt " DUT_STR(
                          NM_CVT_STAGES),
                      make);

}  // namespace
