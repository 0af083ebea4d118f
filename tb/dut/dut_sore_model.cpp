// Adapter for one Verilated nm_sore model.  Compiled once per model with:
//   DUT_CLASS   the Verilated class, DUT_HEADER its header
//   DUT_NAME    registry name ("<variant>/<arch>"), DUT_CFG, DUT_ARCH strings
//   DUT_MMAX, DUT_LANES  the model's parameters when overridden with -G;
//               otherwise the configuration's (nm_config.h is force-included)
#include DUT_HEADER

#include "dut_sore.h"

#ifndef DUT_MMAX
#define DUT_MMAX NM_MMAX
#endif
#ifndef DUT_LANES
#define DUT_LANES NM_SORE_LANES
#endif

namespace {

constexpr int clog2(int x) { return x <= 1 ? 0 : 1 + clog2((x + 1) / 2); }

// Verilator gives a port of <= 8, 16, 32, 64 bits a C integer and a wider one
// a VlWide<words>; these overloads move either to or from 32-bit words.
inline void put(CData &p, const uint32_t *w) { p = (CData)w[0]; }
inline void put(SData &p, const uint32_t *w) { p = (SData)w[0]; }
inline void put(IData &p, const uint32_t *w) { p = w[0]; }
inline void put(QData &p, const uint32_t *w) { p = (QData)w[0] | (QData)w[1] << 32; }
template <std::size_t N>
inline void put(VlWide<N> &p, const uint32_t *w) {
  for (std::size_t i = 0; i < N; i++) p.at(i) = w[i];
}
inline void get(const CData &p, uint32_t *w) { w[0] = p; }
inline void get(const SData &p, uint32_t *w) { w[0] = p; }
inline void get(const IData &p, uint32_t *w) { w[0] = p; }
inline void get(const QData &p, uint32_t *w) { w[0] = (uint32_t)p, w[1] = (uint32_t)(p >> 32); }
template <std::size_t N>
inline void get(const VlWide<N> &p, uint32_t *w) {
  for (std::size_t i = 0; i < N; i++) w[i] = p.at(i);
}

class Adapter final : public SorePorts {
 public:
  explicit Adapter(VerilatedContext *ctx) : top_(ctx, "dut") {}
  void drive(bool clk, bool rst_n, unsigned n, unsigned m, bool in_valid,
             const uint32_t *in_words, bool out_ready) override {
    const unsigned nm_mask = (1u << clog2(DUT_MMAX + 1)) - 1;
    top_.clk_i = clk;
    top_.rst_ni = rst_n;
    top_.n_i = (CData)(n & nm_mask);
    top_.m_i = (CData)(m & nm_mask);
    top_.in_valid_i = in_valid;
    put(top_.in_vals_i, in_words);
    top_.out_ready_i = out_ready;
    top_.eval();
  }
  bool in_ready() const override { return top_.in_ready_o; }
  bool out_valid() const override { return top_.out_valid_o; }
  bool cfg_err() const override { return top_.cfg_err_o; }
  bool busy() const override { return top_.busy_o; }
  void read_out(uint32_t *val_words, uint32_t *idx_words, uint32_t *mask_words) const override {
    get(top_.out_vals_o, val_words);
    get(top_.out_idx_o, idx_words);
    get(top_.out_mask_o, mask_words);
  }

 private:
  DUT_CLASS top_;
};

SorePorts *make(VerilatedContext *ctx) { return new Adapter(ctx); }

const bool registered = dut_sore_register(
    SoreDesc{DUT_NAME, DUT_CFG, DUT_ARCH, DUT_MMAX, DUT_LANES, clog2(DUT_MMAX + 1), make});

}  // namespace
