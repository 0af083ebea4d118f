// Adapter for the Verilated nm_stce of one configuration.  Compiled once per
// config with its nm_config.h force-included and DUT_CLASS / DUT_HEADER /
// DUT_CFG naming the Verilated class, its header and the config.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include DUT_HEADER
#pragma GCC diagnostic pop

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#define DUT_STCE_IMPL
#include "dut_stce.h"

namespace {

// hb_wdata_i / hb_rdata_o are MMAX*16 bits: a plain integer up to 64 bits,
// VlWide<N> above; both are copied as 32-bit words.
template <class T>
void put_words(T &port, const uint32_t *w, int n) {
  uint64_t v = w[0];
  if (n > 1) v |= (uint64_t)w[1] << 32;
  port = (T)v;
}
template <std::size_t N>
void put_words(VlWide<N> &port, const uint32_t *w, int n) {
  for (int i = 0; i < n && (std::size_t)i < N; i++) port.at((std::size_t)i) = w[i];
}
template <class T>
void get_words(const T &port, uint32_t *w, int n) {
  uint64_t v = (uint64_t)port;
  w[0] = (uint32_t)v;
  if (n > 1) w[1] = (uint32_t)(v >> 32);
}
template <std::size_t N>
void get_words(const VlWide<N> &port, uint32_t *w, int n) {
  for (int i = 0; i < n && (std::size_t)i < N; i++) w[i] = port.at((std::size_t)i);
}

class Adapter final : public StcePorts {
 public:
  explicit Adapter(VerilatedContext *ctx) : top_(ctx, "dut") {}
  // The Verilated class is cache-line aligned; C++14 new is not.
  static void *operator new(std::size_t size) {
    void *p = nullptr;
    if (posix_memalign(&p, alignof(Adapter), size) != 0) throw std::bad_alloc();
    return p;
  }
  static void operator delete(void *p) { std::free(p); }

  void drive(bool clk, const StceIn &in) override {
    top_.clk_i = clk;
    top_.rst_ni = in.rst_n;
    top_.start_i = in.start;
    top_.cmd_rows_i = (uint16_t)in.cmd.rows;
    top_.cmd_cols_i = (uint16_t)in.cmd.cols;
    top_.cmd_k_i = (uint16_t)in.cmd.k;
    top_.cmd_n_i = (uint8_t)(in.cmd.n & 31u);
    top_.cmd_m_i = (uint8_t)(in.cmd.m & 31u);
    top_.cmd_ws_i = in.cmd.ws != 0;
    top_.cmd_sparse_i = in.cmd.sparse != 0;
    top_.cmd_cin_i = in.cmd.cin != 0;
    top_.cmd_out16_i = in.cmd.out16 != 0;
    top_.cmd_abase_i = (uint16_t)in.cmd.abase;
    top_.cmd_bbase_i = (uint16_t)in.cmd.bbase;
    top_.cmd_cinbase_i = (uint16_t)in.cmd.cinbase;
    top_.cmd_cbase_i = (uint16_t)in.cmd.cbase;
    top_.hb_we_i = in.hb_we;
    top_.hb_re_i = in.hb_re;
    top_.hb_buf_i = (uint8_t)(in.hb_buf & 3u);
    top_.hb_bank_i = (uint8_t)in.hb_bank;
    top_.hb_addr_i = (uint16_t)in.hb_addr;
    put_words(top_.hb_wdata_i, in.hb_wdata, NM_MMAX / 2);
    top_.eval();
  }
  bool busy() const override { return top_.busy_o; }
  bool done() const override { return top_.done_o; }
  unsigned err() const override { return top_.err_o; }
  uint32_t cycles() const override { return top_.cycles_o; }
  void rdata(uint32_t *w) const override { get_words(top_.hb_rdata_o, w, NM_MMAX / 2); }

 private:
  DUT_CLASS top_;
};

StcePorts *make(VerilatedContext *ctx) { return new Adapter(ctx); }

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

const bool registered = dut_stce_register(info(), make);

}  // namespace
