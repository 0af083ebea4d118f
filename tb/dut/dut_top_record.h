// Internal to tb/dut: the cycle-stream recorder of nm_top_sim's ports
// (nm_top's plus the hb_* backdoor), for the Icarus replay
// (tb/icarus/nm_top_replay_tb.v, sim/replay_top).  Header only: the adapter
// (dut_top_model.cpp, which alone knows the configuration's regions) owns
// one when NMTOP_RECORD=FILE is set, so no caller changes.
//
// One cycle = drive(clk low, inputs), drive(clk high, same inputs).  The
// recorder samples every output after each half ("lo": inputs applied, the
// clock low; "hi": just after the rising edge) and writes one text line per
// run of identical cycles, all fields hex except the count:
//
//   N IF AWADDR WDATA WSTRB ARADDR REGION BANK ADDR HB_WDATA  MI
//     LO_OF LO_RDATA LO_HB LO_MO  HI_OF HI_RDATA HI_HB HI_MO
//
//   N       decimal: this many consecutive cycles had exactly these values
//   IF      {rst_n, awvalid, wvalid, bready, arvalid, rready, hb_we, hb_re}
//   OF      {irq, busy, rvalid, rresp[1:0], arready, bvalid, bresp[1:0], wready, awready}
//   HB_*    256 bits
//   MI      the AXI4 master port's inputs (the DRAM model's outputs), 4 fields:
//           MIF B R RDATA; MIF = {rlast, rvalid, arready, bvalid, wready,
//           awready}, B = {bid[3:0], bresp[1:0]}, R = {rid[3:0], rresp[1:0]},
//           RDATA the port's width, byte 0 least significant
//   MO      its outputs (the DMA's), 7 fields: MOF AW AWADDR WDATA WSTRB AR
//           ARADDR; MOF = {rready, arvalid, bready, wlast, wvalid, awvalid},
//           AW / AR = {id[3:0], len[7:0], size[2:0], burst[1:0]}
//
// A session (one dut_top_open .. dut_top_close) ends with "0 CYCLES", its
// cycle count, so the bench can tell a complete stream from a cut one.
// Sessions append: several opens in one run (or in forked test children)
// land in one file, which the caller removes first.
#ifndef NM_DUT_TOP_RECORD_H
#define NM_DUT_TOP_RECORD_H

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "dut_top_impl.h"

class TopRecorder {
 public:
  // Appends to path; ok() is false if the file cannot be opened.
  explicit TopRecorder(const char *path) : f_(std::fopen(path, "a")), have_(false), n_(0), cycles_(0) {}
  ~TopRecorder() {
    flush_run();
    if (f_) {
      std::fprintf(f_, "0 %" PRIu64 "\n", cycles_);
      std::fclose(f_);
    }
  }
  TopRecorder(const TopRecorder &) = delete;
  TopRecorder &operator=(const TopRecorder &) = delete;
  bool ok() const { return f_ != nullptr; }

  // After the clock-low evaluation: the cycle's inputs and "lo" outputs.
  void low(const TopIn &in, const TopOut &lo) { cur_.in = in, cur_.lo = lo, half_ = true; }
  // After the rising edge: the "hi" outputs; the cycle is complete.  The
  // shim never changes inputs within a cycle; if it did, the replay could
  // not reproduce the cycle, so that is a harness bug worth stopping for.
  void high(const TopIn &in, const TopOut &hi) {
    if (!half_ || !same_in(in, cur_.in)) {
      std::fprintf(stderr, "dut_top record: inputs changed within cycle %" PRIu64 "\n", cycles_);
      std::abort();
    }
    half_ = false;
    cur_.hi = hi;
    watch(cur_.in, cur_.lo);
    cycles_++;
    if (have_ && same(cur_, last_)) {
      n_++;
      return;
    }
    flush_run();
    last_ = cur_, have_ = true, n_ = 1;
  }

  // Accumulators 0 .. ant_extent()-1 were cleared by an ANT command that
  // ran (Hout*Wout of a CLEAR command whose STATUS came back without
  // error); the others were never written since reset and read X in a
  // 4-state simulator, so the final read-back stops there.
  unsigned ant_extent() const { return ant_ext_; }

 private:
  // The AXI4-Lite traffic as the shim saw it (handshakes on the "lo"
  // outputs), decoded just enough for ant_extent().
  void watch(const TopIn &i, const TopOut &o) {
    if (!i.rst_n) return;
    if (i.awvalid && o.awready) aw_.push_back(i.awaddr);
    if (i.wvalid && o.wready) w_.push_back(i.wdata);
    if (i.arvalid && o.arready) ar_.push_back(i.araddr);
    if (i.bready && o.bvalid && !aw_.empty() && !w_.empty()) {
      uint32_t a = aw_.front(), d = w_.front();
      aw_.pop_front(), w_.pop_front();
      if (o.bresp == 0 && a >= 0x44u && a <= 0x54u) arg_[(a - 0x44u) / 4] = d;
      if (o.bresp == 0 && a == 0x40u && (d & 15u) == 4u && (arg_[2] >> 17 & 1u))
        ant_pend_ = (arg_[1] & 0xFFFFu) * (arg_[1] >> 16);
      else if (o.bresp == 0 && a == 0x40u)
        ant_pend_ = 0;
    }
    if (i.rready && o.rvalid && !ar_.empty()) {
      uint32_t a = ar_.front();
      ar_.pop_front();
      // STATUS (0x60) idle with ERR 0: the pending clear happened.
      if (a == 0x60u && o.rresp == 0 && !(o.rdata & 1u)) {
        if (((o.rdata >> 8) & 15u) == 0 && ant_pend_ > ant_ext_) ant_ext_ = ant_pend_;
        ant_pend_ = 0;
      }
    }
  }

  struct Cycle {
    TopIn in;
    TopOut lo, hi;
  };
  static unsigned in_flags(const TopIn &i) {
    return (unsigned)i.rst_n << 7 | (unsigned)i.awvalid << 6 | (unsigned)i.wvalid << 5 |
           (unsigned)i.bready << 4 | (unsigned)i.arvalid << 3 | (unsigned)i.rready << 2 |
           (unsigned)i.hb_we << 1 | (unsigned)i.hb_re;
  }
  static unsigned out_flags(const TopOut &o) {
    return (unsigned)o.irq << 10 | (unsigned)o.busy << 9 | (unsigned)o.rvalid << 8 |
           (o.rresp & 3u) << 6 | (unsigned)o.arready << 5 | (unsigned)o.bvalid << 4 |
           (o.bresp & 3u) << 2 | (unsigned)o.wready << 1 | (unsigned)o.awready;
  }
  // The m_axi_* fields, packed as the record writes them (the bench
  // unpacks them; widths are nm_top's ports: ids 4 bits, len 8, size 3, burst 2).
  static unsigned mi_flags(const axi_bus &b) {
    return (unsigned)!!b.rlast << 5 | (unsigned)!!b.rvalid << 4 | (unsigned)!!b.arready << 3 |
           (unsigned)!!b.bvalid << 2 | (unsigned)!!b.wready << 1 | (unsigned)!!b.awready;
  }
  static unsigned mo_flags(const axi_bus &b) {
    return (unsigned)!!b.rready << 5 | (unsigned)!!b.arvalid << 4 | (unsigned)!!b.bready << 3 |
           (unsigned)!!b.wlast << 2 | (unsigned)!!b.wvalid << 1 | (unsigned)!!b.awvalid;
  }
  static unsigned addr_ctl(uint32_t id, unsigned len, unsigned size, unsigned burst) {
    return (id & 15u) << 13 | (len & 255u) << 5 | (size & 7u) << 2 | (burst & 3u);
  }
  static bool same_mi(const axi_bus &a, const axi_bus &b) {
    return mi_flags(a) == mi_flags(b) && a.bid == b.bid && a.bresp == b.bresp && a.rid == b.rid &&
           a.rresp == b.rresp && std::memcmp(a.rdata, b.rdata, sizeof a.rdata) == 0;
  }
  static bool same_mo(const axi_bus &a, const axi_bus &b) {
    return mo_flags(a) == mo_flags(b) &&
           addr_ctl(a.awid, a.awlen, a.awsize, a.awburst) == addr_ctl(b.awid, b.awlen, b.awsize, b.awburst) &&
           a.awaddr == b.awaddr && std::memcmp(a.wdata, b.wdata, sizeof a.wdata) == 0 &&
           a.wstrb == b.wstrb &&
           addr_ctl(a.arid, a.arlen, a.arsize, a.arburst) == addr_ctl(b.arid, b.arlen, b.arsize, b.arburst) &&
           a.araddr == b.araddr;
  }
  // Field by field (TopIn / TopOut have padding, so no memcmp of them).
  static bool same_out(const TopOut &a, const TopOut &b) {
    return out_flags(a) == out_flags(b) && a.rdata == b.rdata &&
           std::memcmp(a.hb_rdata, b.hb_rdata, sizeof a.hb_rdata) == 0 && same_mo(a.axi, b.axi);
  }
  static bool same_in(const TopIn &x, const TopIn &y) {
    return in_flags(x) == in_flags(y) && x.awaddr == y.awaddr && x.wdata == y.wdata &&
           x.wstrb == y.wstrb && x.araddr == y.araddr && x.hb_region == y.hb_region &&
           x.hb_bank == y.hb_bank && x.hb_addr == y.hb_addr &&
           std::memcmp(x.hb_wdata, y.hb_wdata, sizeof x.hb_wdata) == 0 && same_mi(x.axi, y.axi);
  }
  static bool same(const Cycle &a, const Cycle &b) {
    return same_in(a.in, b.in) && same_out(a.lo, b.lo) && same_out(a.hi, b.hi);
  }
  // 256 bits as hex without leading zero words (the bench reads %h).
  void wide(const uint32_t *w) {
    int top = 7;
    while (top > 0 && w[top] == 0) top--;
    std::fprintf(f_, " %x", w[top]);
    for (int k = top - 1; k >= 0; k--) std::fprintf(f_, "%08x", w[k]);
  }
  // A data bus (byte 0 least significant) as hex without leading zero bytes.
  void bytes(const uint8_t *b) {
    int top = AXI_MAX_BYTES - 1;
    while (top > 0 && b[top] == 0) top--;
    std::fputc(' ', f_);
    std::fprintf(f_, "%x", b[top]);
    for (int k = top - 1; k >= 0; k--) std::fprintf(f_, "%02x", b[k]);
  }
  void out(const TopOut &o) {
    const axi_bus &m = o.axi;
    std::fprintf(f_, "  %x %x", out_flags(o), o.rdata);
    wide(o.hb_rdata);
    std::fprintf(f_, " %x %x %" PRIx64, mo_flags(m), addr_ctl(m.awid, m.awlen, m.awsize, m.awburst), m.awaddr);
    bytes(m.wdata);
    std::fprintf(f_, " %" PRIx64 " %x %" PRIx64, m.wstrb, addr_ctl(m.arid, m.arlen, m.arsize, m.arburst),
                 m.araddr);
  }
  void flush_run() {
    if (!f_ || !have_) return;
    const TopIn &i = last_.in;
    std::fprintf(f_, "%" PRIu64 " %x %x %x %x %x %x %x %x", n_, in_flags(i), i.awaddr, i.wdata,
                 i.wstrb, i.araddr, i.hb_region, i.hb_bank, i.hb_addr);
    wide(i.hb_wdata);
    std::fprintf(f_, "  %x %x %x", mi_flags(i.axi), (i.axi.bid & 15u) << 2 | (i.axi.bresp & 3u),
                 (i.axi.rid & 15u) << 2 | (i.axi.rresp & 3u));
    bytes(i.axi.rdata);
    out(last_.lo);
    out(last_.hi);
    std::fputc('\n', f_);
    have_ = false;
  }

  std::FILE *f_;
  Cycle cur_{}, last_{};
  bool have_, half_ = false;
  uint64_t n_, cycles_;
  std::deque<uint32_t> aw_, w_, ar_;
  uint32_t arg_[5] = {0, 0, 0, 0, 0};
  unsigned ant_pend_ = 0, ant_ext_ = 0;
};

#endif
