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
#include "verilated.h"
#include "verilated_fst_c.h"
#pragma GCC diagnostic pop

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "dut_top_impl.h"
#include "dut_top_record.h"

namespace {

class Adapter final : public TopPorts {
 public:
  Adapter() : ctx_(), top_(nullptr), tfp_(nullptr), rec_(nullptr) {
    ctx_.traceEverOn(true);
    verilator_args();
    // The trace's root scope: nm_top.nm_top_sim.u_core.<unit> (sim/nm_top.gtkw).
    top_ = new DUT_CLASS(&ctx_, "nm_top");
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
    top_->final();
    delete top_;
  }
  // The Verilated class is cache-line aligned; C++14 new is not.
  static void *operator new(std::size_t size) {
    void *p = nullptr;
    if (posix_memalign(&p, 64, size) != 0) throw std::bad_alloc();
    return p;
  }
  static void operator delete(void *p) { std::free(p); }

  void drive(bool clk, const TopIn &in, uint64_t time) override {
    eval_in(clk, in);
    if (tfp_) tfp_->dump(time);
    if (!rec_) return;
    // What the model saw: the port widths cut the fields.
    TopIn m = in;
    m.wstrb &= 15u, m.hb_region &= 31u, m.hb_bank &= 63u, m.hb_addr &= 0xFFFFu;
    TopOut o;
    sample(&o);
    if (clk) rec_->high(m, o);
    else rec_->low(m, o);
  }
  void eval_in(bool clk, const TopIn &in) {
    DUT_CLASS &t = *top_;
    t.clk_i = clk;
    t.rst_ni = in.rst_n;
    t.s_axil_awaddr_i = in.awaddr;
    t.s_axil_awvalid_i = in.awvalid;
    t.s_axil_wdata_i = in.wdata;
    t.s_axil_wstrb_i = (uint8_t)(in.wstrb & 15u);
    t.s_axil_wvalid_i = in.wvalid;
    t.s_axil_bready_i = in.bready;
    t.s_axil_araddr_i = in.araddr;
    t.s_axil_arvalid_i = in.arvalid;
    t.s_axil_rready_i = in.rready;
    t.hb_we_i = in.hb_we;
    t.hb_re_i = in.hb_re;
    t.hb_region_i = (uint8_t)(in.hb_region & 31u);
    t.hb_bank_i = (uint8_t)(in.hb_bank & 63u);
    t.hb_addr_i = (uint16_t)in.hb_addr;
    for (std::size_t i = 0; i < 8; i++) t.hb_wdata_i.at(i) = in.hb_wdata[i];
    t.eval();
  }
  void sample(TopOut *o) const override {
    const DUT_CLASS &t = *top_;
    o->awready = t.s_axil_awready_o;
    o->wready = t.s_axil_wready_o;
    o->bvalid = t.s_axil_bvalid_o;
    o->bresp = t.s_axil_bresp_o;
    o->arready = t.s_axil_arready_o;
    o->rvalid = t.s_axil_rvalid_o;
    o->rresp = t.s_axil_rresp_o;
    o->rdata = t.s_axil_rdata_o;
    o->busy = t.busy_o;
    o->irq = t.irq_o;
    for (std::size_t i = 0; i < 8; i++) o->hb_rdata[i] = t.hb_rdata_o.at(i);
  }
  bool trace_open(const char *path) override {
    if (tfp_) return false;
    tfp_ = new VerilatedFstC;
    top_->trace(tfp_, 99);
    tfp_->open(path);
    if (!tfp_->isOpen()) {
      delete tfp_;
      tfp_ = nullptr;
      return false;
    }
    return true;
  }
  void trace_close() override {
    if (!tfp_) return;
    tfp_->close();
    delete tfp_;
    tfp_ = nullptr;
  }

 private:
  // NMTOP_VERILATOR_ARGS, split at blanks, as Verilator's command arguments.
  void verilator_args() {
    const char *env = std::getenv("NMTOP_VERILATOR_ARGS");
    if (!env || !*env) return;
    std::vector<std::string> words;
    std::istringstream ss(env);
    for (std::string w; ss >> w;) words.push_back(w);
    std::vector<const char *> argv{"dut_top"};
    for (const std::string &w : words) argv.push_back(w.c_str());
    ctx_.commandArgs((int)argv.size(), argv.data());
  }

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
  static TopIn idle() {
    TopIn in;
    std::memset(&in, 0, sizeof in);
    in.rst_n = true;
    return in;
  }
  void zero_fill() {
    TopIn in = idle();
    in.rst_n = false;
    for (int k = 0; k < 4; k++) cycle(in);
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

  VerilatedContext ctx_;
  DUT_CLASS *top_;
  VerilatedFstC *tfp_;
  TopRecorder *rec_;
};

}  // namespace

TopPorts *dut_top_make_ports() { return new Adapter(); }
