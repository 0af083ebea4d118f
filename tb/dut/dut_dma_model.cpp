// Adapter for one Verilated nm_dma model.  Compiled once per model with:
//   DUT_CLASS, DUT_HEADER  the Verilated class and its header
//   DUT_NAME               registry name ("d128a64r8")
//   DUT_DATA_BITS, DUT_ADDR_BITS, DUT_MAX_READS, DUT_ID_BITS  its parameters
//                          (the -G values the model was Verilated with)
#include DUT_HEADER

#include "dut_dma.h"

namespace {

// Verilator gives a port of <= 8, 16, 32, 64 bits a C integer and a wider one
// a VlWide<words>; these move byte lanes or integers to and from either.
template <class T>
inline void put_u(T &p, uint64_t v) { p = static_cast<T>(v); }
template <class T>
inline uint64_t get_u(const T &p) { return static_cast<uint64_t>(p); }

inline void put_bytes(QData &p, const uint8_t *b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v |= static_cast<uint64_t>(b[i]) << 8 * i;
  p = v;
}
template <std::size_t N>
inline void put_bytes(VlWide<N> &p, const uint8_t *b) {
  for (std::size_t w = 0; w < N; w++)
    p.at(w) = b[4 * w] | b[4 * w + 1] << 8 | b[4 * w + 2] << 16 | static_cast<uint32_t>(b[4 * w + 3]) << 24;
}
inline void get_bytes(const QData &p, uint8_t *b) {
  for (int i = 0; i < 8; i++) b[i] = static_cast<uint8_t>(p >> 8 * i);
}
template <std::size_t N>
inline void get_bytes(const VlWide<N> &p, uint8_t *b) {
  for (std::size_t w = 0; w < N; w++)
    for (int k = 0; k < 4; k++) b[4 * w + k] = static_cast<uint8_t>(p.at(w) >> 8 * k);
}

class Adapter final : public DmaPorts {
 public:
  explicit Adapter(VerilatedContext *ctx) : top_(ctx, "dut") {}

  void drive(bool clk, const dut_dma_in &in, const axi_bus &bus) override {
    top_.clk_i = clk;
    top_.rst_ni = in.rst_n;
    put_u(top_.win_base_i, in.win_base);
    put_u(top_.win_limit_i, in.win_limit);
    top_.rd_req_valid_i = in.rd_req_valid;
    put_u(top_.rd_req_addr_i, in.rd_addr);
    top_.rd_req_row_bytes_i = in.rd_row_bytes;
    top_.rd_req_rows_i = static_cast<SData>(in.rd_rows);
    put_u(top_.rd_req_stride_i, in.rd_stride);
    top_.rd_ready_i = in.rd_ready;
    top_.wr_req_valid_i = in.wr_req_valid;
    put_u(top_.wr_req_addr_i, in.wr_addr);
    top_.wr_req_row_bytes_i = in.wr_row_bytes;
    top_.wr_req_rows_i = static_cast<SData>(in.wr_rows);
    put_u(top_.wr_req_stride_i, in.wr_stride);
    top_.wr_valid_i = in.wr_valid;
    put_bytes(top_.wr_data_i, in.wr_data);
    top_.m_axi_awready_i = bus.awready;
    top_.m_axi_wready_i = bus.wready;
    put_u(top_.m_axi_bid_i, bus.bid);
    top_.m_axi_bresp_i = static_cast<CData>(bus.bresp);
    top_.m_axi_bvalid_i = bus.bvalid;
    top_.m_axi_arready_i = bus.arready;
    put_u(top_.m_axi_rid_i, bus.rid);
    put_bytes(top_.m_axi_rdata_i, bus.rdata);
    top_.m_axi_rresp_i = static_cast<CData>(bus.rresp);
    top_.m_axi_rlast_i = bus.rlast;
    top_.m_axi_rvalid_i = bus.rvalid;
    top_.eval();
  }

  void sample(axi_bus &bus, dut_dma_out &out) const override {
    bus.awvalid = top_.m_axi_awvalid_o;
    bus.awid = static_cast<uint32_t>(get_u(top_.m_axi_awid_o));
    bus.awaddr = get_u(top_.m_axi_awaddr_o);
    bus.awlen = top_.m_axi_awlen_o;
    bus.awsize = top_.m_axi_awsize_o;
    bus.awburst = top_.m_axi_awburst_o;
    bus.wvalid = top_.m_axi_wvalid_o;
    bus.wlast = top_.m_axi_wlast_o;
    get_bytes(top_.m_axi_wdata_o, bus.wdata);
    bus.wstrb = get_u(top_.m_axi_wstrb_o);
    bus.bready = top_.m_axi_bready_o;
    bus.arvalid = top_.m_axi_arvalid_o;
    bus.arid = static_cast<uint32_t>(get_u(top_.m_axi_arid_o));
    bus.araddr = get_u(top_.m_axi_araddr_o);
    bus.arlen = top_.m_axi_arlen_o;
    bus.arsize = top_.m_axi_arsize_o;
    bus.arburst = top_.m_axi_arburst_o;
    bus.rready = top_.m_axi_rready_o;
    out.rd_req_ready = top_.rd_req_ready_o;
    out.rd_done = top_.rd_done_o;
    out.rd_err = top_.rd_err_o;
    out.rd_busy = top_.rd_busy_o;
    out.rd_valid = top_.rd_valid_o;
    out.rd_row_last = top_.rd_row_last_o;
    out.rd_last = top_.rd_last_o;
    get_bytes(top_.rd_data_o, out.rd_data);
    out.rd_strb = get_u(top_.rd_strb_o);
    out.wr_req_ready = top_.wr_req_ready_o;
    out.wr_done = top_.wr_done_o;
    out.wr_err = top_.wr_err_o;
    out.wr_busy = top_.wr_busy_o;
    out.wr_ready = top_.wr_ready_o;
  }

 private:
  mutable DUT_CLASS top_;
};

DmaPorts *make(VerilatedContext *ctx) { return new Adapter(ctx); }

const bool registered = dut_dma_register(
    DmaDesc{DUT_NAME, DUT_DATA_BITS, DUT_ADDR_BITS, DUT_MAX_READS, DUT_ID_BITS, make});

}  // namespace
