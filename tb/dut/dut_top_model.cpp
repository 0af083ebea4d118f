// Adapter for the Verilated nm_top_sim of one configuration (built with
// --trace-fst): nm_top's ports plus the hb_* buffer backdoor, the harness's
// wrapper of the product nm_top (rtl_templates/nm_top_sim.vt).  Compiled
// once per config with its nm_config.h force-included and DUT_CLASS /
// DUT_HEADER naming the Verilated class and its header (sim/top.mk).
//
// Environment (read once per model, so no caller changes):
//   NMTOP_VERILATOR_ARGS="+verilator+seed+N +verilator+rand+reset+2"  passed to
//     the model's VerilatedContext before construction: with a model built
//     with --x-initial unique (sim/icarus_top.mk), every register and memory
//     starts random, so a run that depends on an unreset value changes.
//   NMTOP_RECORD=FILE  append the cycle stream of this session to FILE
//     (tb/dut/dut_top_record.h) for the Icarus replay; see Recording below.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include DUT_HEADER
#pragma GCC diagnostic pop

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "dut_model.h"
#include "dut_top_impl.h"
#include "dut_top_record.h"

namespace {

class Adapter final : public dut::TracedAdapter<DUT_CLASS, TopPorts> {
 public:
  // The trace's root scope: nm_top.nm_top_sim.u_core.<unit> (sim/nm_top.gtkw);
  // its clock: the config's clock_mhz.
  Adapter()
      : TracedAdapter("nm_top", std::getenv("NMTOP_VERILATOR_ARGS"), NM_CLOCK_MHZ), rec_(nullptr) {
    const char *rec = std::getenv("NMTOP_RECORD");
    if (rec && *rec) {
      rec_ = new TopRecorder(rec);
      if (!rec_->ok()) {
        std::fprintf(stderr, "dut_top: NMTOP_RECORD=%s: cannot open for append\n", rec);
        std::exit(2);
      }
      zero_fill();
    }
  }
  ~Adapter() override {
    trace_close();  // first: the read-back is not part of the trace
    if (rec_) {
      read_back();
      delete rec_;
    }
  }

  void drive(bool clk, const TopIn &in, uint64_t time) override {
    TracedAdapter::drive(clk, in, time);
    if (!rec_) return;
    // What the model saw: the port widths cut the fields.
    TopIn m = in;
    m.wstrb &= 15u, m.hb_region &= 31u, m.hb_bank &= 63u, m.hb_addr &= 0xFFFFu;
    m.axi.bid &= 15u, m.axi.bresp &= 3u, m.axi.rid &= 15u, m.axi.rresp &= 3u;
    for (int b = 8 << NM_AXI_DATA_BITS; b < AXI_MAX_BYTES; b++) m.axi.rdata[b] = 0;
    TopOut o;
    sample(&o);
    if (clk) rec_->high(m, o);
    else rec_->low(m, o);
  }
  void set(DUT_CLASS &t, const TopIn &in) override {
    // s_axil_<f>_i = in.<f>.
#define DUT_AXIL(f) t.s_axil_##f##_i = in.f;
    DUT_AXIL(awaddr) DUT_AXIL(awvalid) DUT_AXIL(wdata) DUT_AXIL(wvalid) DUT_AXIL(bready)
    DUT_AXIL(araddr) DUT_AXIL(arvalid) DUT_AXIL(rready)
#undef DUT_AXIL
    t.s_axil_wstrb_i = in.wstrb & 15u;
    t.hb_we_i = in.hb_we, t.hb_re_i = in.hb_re;
    t.hb_region_i = in.hb_region & 31u, t.hb_bank_i = in.hb_bank & 63u, t.hb_addr_i = in.hb_addr;
    dut::put_words(t.hb_wdata_i, in.hb_wdata);
    // the AXI4 master's inputs: the DRAM model's outputs
    uint32_t w[AXI_MAX_BYTES / 4];
    t.m_axi_awready_i = in.axi.awready, t.m_axi_wready_i = in.axi.wready;
    t.m_axi_bid_i = in.axi.bid & 15u, t.m_axi_bresp_i = in.axi.bresp & 3u;
    t.m_axi_bvalid_i = in.axi.bvalid, t.m_axi_arready_i = in.axi.arready;
    t.m_axi_rid_i = in.axi.rid & 15u, t.m_axi_rresp_i = in.axi.rresp & 3u;
    t.m_axi_rlast_i = in.axi.rlast, t.m_axi_rvalid_i = in.axi.rvalid;
    bytes_to_words(in.axi.rdata, w);
    dut::put_words(t.m_axi_rdata_i, w);
  }
  static void bytes_to_words(const uint8_t *b, uint32_t *w) {
    for (int i = 0; i < AXI_MAX_BYTES / 4; i++)
      w[i] = b[4 * i] | b[4 * i + 1] << 8 | b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
  }
  static void words_to_bytes(const uint32_t *w, uint8_t *b) {
    for (int i = 0; i < AXI_MAX_BYTES; i++) b[i] = (uint8_t)(w[i / 4] >> 8 * (i % 4));
  }
  void get(const DUT_CLASS &t, TopOut *o) const override {
    // o-><f> = s_axil_<f>_o.
#define DUT_AXIL(f) o->f = t.s_axil_##f##_o;
    DUT_AXIL(awready) DUT_AXIL(wready) DUT_AXIL(bvalid) DUT_AXIL(bresp)
    DUT_AXIL(arready) DUT_AXIL(rvalid) DUT_AXIL(rresp) DUT_AXIL(rdata)
#undef DUT_AXIL
    o->busy = t.busy_o, o->irq = t.irq_o;
    dut::get_words(t.hb_rdata_o, o->hb_rdata);
    // the AXI4 master's outputs
    uint32_t w[AXI_MAX_BYTES / 4] = {0}, s[2] = {0};
    o->axi.awvalid = t.m_axi_awvalid_o, o->axi.awid = t.m_axi_awid_o;
    o->axi.awaddr = t.m_axi_awaddr_o, o->axi.awlen = t.m_axi_awlen_o;
    o->axi.awsize = t.m_axi_awsize_o, o->axi.awburst = t.m_axi_awburst_o;
    o->axi.wvalid = t.m_axi_wvalid_o, o->axi.wlast = t.m_axi_wlast_o;
    dut::get_words(t.m_axi_wdata_o, w);
    words_to_bytes(w, o->axi.wdata);
    dut::get_words(t.m_axi_wstrb_o, s);
    o->axi.wstrb = (uint64_t)s[0] | (uint64_t)s[1] << 32;
    o->axi.bready = t.m_axi_bready_o;
    o->axi.arvalid = t.m_axi_arvalid_o, o->axi.arid = t.m_axi_arid_o;
    o->axi.araddr = t.m_axi_araddr_o, o->axi.arlen = t.m_axi_arlen_o;
    o->axi.arsize = t.m_axi_arsize_o, o->axi.arburst = t.m_axi_arburst_o;
    o->axi.rready = t.m_axi_rready_o;
  }

 private:
  // ---- Recording (NMTOP_RECORD) --------------------------------------------------
  // Icarus starts every buffer word at X, Verilator's 2-state model at a
  // value (0 with --x-initial fast), and the stream must replay the same
  // run in both, so a recorded session first resets and zeroes every
  // backdoor-writable word (regions 1..15; 16..18 have no write path and
  // are left to the engine).  This changes nothing in the Verilator run
  // but its cycle count; a dependence on initial buffer contents is what
  // the --x-initial unique runs catch instead.  At close every word of
  // every region is read back, so the final buffers enter the stream (of
  // the ANT accumulators only those cleared since reset: the rest were
  // never written and read X in Icarus, 0 here).
  struct Region {
    unsigned id, banks, depth;
  };
  static std::vector<Region> regions(bool writable_only) {
    std::vector<Region> r;
#define NMTOP_REGION(name) r.push_back({NM_REGION_##name, NM_REGION_##name##_BANKS, NM_REGION_##name##_DEPTH})
    NMTOP_REGION(STCE_A), NMTOP_REGION(STCE_B), NMTOP_REGION(STCE_C);
    NMTOP_REGION(SORE_IN), NMTOP_REGION(SORE_VAL), NMTOP_REGION(SORE_IDX), NMTOP_REGION(SORE_MASK);
    NMTOP_REGION(WUVE_W), NMTOP_REGION(WUVE_V), NMTOP_REGION(WUVE_G), NMTOP_REGION(WUVE_W16);
    NMTOP_REGION(ANT_IROW), NMTOP_REGION(ANT_IELEM), NMTOP_REGION(ANT_KROW), NMTOP_REGION(ANT_KELEM);
    if (!writable_only) NMTOP_REGION(ANT_OUT32), NMTOP_REGION(ANT_OUT16), NMTOP_REGION(ANT_FLAGS);
#undef NMTOP_REGION
    return r;
  }
  // One recorded cycle with inputs in (time stamps: the trace is not open yet
  // at open, and closed already at close).
  void cycle(const TopIn &in) {
    drive(false, in, 0);
    drive(true, in, 0);
  }
  static TopIn idle() { return dut::idle<TopIn>(); }
  void zero_fill() {
    TopIn in = idle();
    in.rst_n = false;
    for (int k = 0; k < dut::kResetCycles; k++) cycle(in);
    in = idle();
    cycle(in);
    in.hb_we = true;
    for (const Region &g : regions(true))
      for (unsigned b = 0; b < g.banks; b++)
        for (unsigned w = 0; w < g.depth; w++) {
          in.hb_region = g.id, in.hb_bank = b, in.hb_addr = w;
          cycle(in);
        }
    cycle(idle());
  }
  // Back to back: word n's data shows after the edge of its read cycle.
  void read_back() {
    TopIn in = idle();
    in.hb_re = true;
    for (const Region &g : regions(false))
      for (unsigned b = 0; b < g.banks; b++)
        for (unsigned w = 0; w < (g.id >= NM_REGION_ANT_OUT32 ? rec_->ant_extent() : g.depth); w++) {
          in.hb_region = g.id, in.hb_bank = b, in.hb_addr = w;
          cycle(in);
        }
    cycle(idle());
  }

  TopRecorder *rec_;
};

const bool registered = TopRegistry::add(TopInfo{NM_NAME, 8 << NM_AXI_DATA_BITS, NM_DMA_MAX_READS},
                                           dut::make<Adapter, TopPorts>);

}  // namespace
