// The adapter half of the shim core (dut_core.h says how a shim is built):
// a Verilated model in its own context, driven through the block's port
// interface, optionally traced to FST, and copies between ports of any
// width and arrays of 32-bit words.  Included by the dut_<x>_model.cpp
// adapters only, which are compiled with Verilator's flags.
#ifndef NM_DUT_MODEL_H
#define NM_DUT_MODEL_H

// Verilator's headers are not -Wextra clean (some rules include them with
// -I, not -isystem).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "verilated.h"
#include "verilated_fst_c.h"
#pragma GCC diagnostic pop

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "dut_core.h"

namespace dut {

// Verilator gives a port of <= 8, 16, 32, 64 bits a C integer and a wider
// one a VlWide<words>; these move a whole port to or from as many 32-bit
// words (least significant first).  The words must hold 0 above the port's
// width: Verilator assumes its inputs do.
inline void put_words(CData &p, const uint32_t *w) { p = (CData)w[0]; }
inline void put_words(SData &p, const uint32_t *w) { p = (SData)w[0]; }
inline void put_words(IData &p, const uint32_t *w) { p = w[0]; }
inline void put_words(QData &p, const uint32_t *w) { p = (QData)w[0] | (QData)w[1] << 32; }
template <std::size_t N>
inline void put_words(VlWide<N> &p, const uint32_t *w) {
  for (std::size_t i = 0; i < N; i++) p.at(i) = w[i];
}
inline void get_words(const CData &p, uint32_t *w) { w[0] = p; }
inline void get_words(const SData &p, uint32_t *w) { w[0] = p; }
inline void get_words(const IData &p, uint32_t *w) { w[0] = p; }
inline void get_words(const QData &p, uint32_t *w) { w[0] = (uint32_t)p, w[1] = (uint32_t)(p >> 32); }
template <std::size_t N>
inline void get_words(const VlWide<N> &p, uint32_t *w) {
  for (std::size_t i = 0; i < N; i++) w[i] = p.at(i);
}

// A Verilated model V in its own VerilatedContext (so models of several
// configurations coexist), allocated on its cache-line alignment.
template <class V>
class Model {
 public:
  // scope: the model's root name (in traces); args (NULL: none): Verilator
  // runtime arguments such as "+verilator+seed+N", split at blanks, given to
  // the context before the model exists; trace: the model will be traced.
  explicit Model(const char *scope, const char *args = nullptr, bool trace = false) {
    if (trace) ctx_.traceEverOn(true);
    if (args && *args) command_args(args);
    void *p = nullptr;
    if (posix_memalign(&p, alignof(V), sizeof(V)) != 0) throw std::bad_alloc();
    top_ = new (p) V(&ctx_, scope);
  }
  ~Model() {
    top_->final();
    top_->~V();
    std::free(top_);
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;
  V &top() const { return *top_; }

 private:
  void command_args(const char *args) {
    std::vector<std::string> words;
    std::istringstream ss(args);
    for (std::string w; ss >> w;) words.push_back(w);
    std::vector<const char *> argv{"dut"};
    for (const std::string &w : words) argv.push_back(w.c_str());
    ctx_.commandArgs((int)argv.size(), argv.data());
  }

  VerilatedContext ctx_;
  V *top_;
};

// A new adapter as the block's port interface: the registry's factory.
template <class A, class P>
P *make() {
  return new A();
}

// The adapter of a clocked block: every drive sets clk_i and rst_ni, lets
// the block's set() put the rest of In on the ports, and evaluates; sample
// is the block's get().
template <class V, class P>
class Adapter : public P {
 public:
  typedef typename P::In In;
  typedef typename P::Out Out;
  explicit Adapter(const char *scope = "dut", const char *args = nullptr, bool trace = false)
      : model_(scope, args, trace) {}
  void drive(bool clk, const In &in, uint64_t time) override {
    (void)time;
    V &t = model_.top();
    t.clk_i = clk;
    t.rst_ni = in.rst_n;
    set(t, in);
    t.eval();
  }
  void sample(Out *out) const override { get(model_.top(), out); }

 protected:
  // Every input of In but rst_n onto the ports; the outputs into Out.
  virtual void set(V &t, const In &in) = 0;
  virtual void get(const V &t, Out *out) const = 0;
  V &top() const { return model_.top(); }

 private:
  Model<V> model_;
};

// An adapter whose model was Verilated with --trace-fst: trace_open starts
// an FST file of every traced level, each drive dumps a sample.  The trace
// is in picoseconds (timescale 1 ps whatever the RTL's `timescale) with the
// block's clock: a period of 1e6 / clock_mhz ps, rounded to whole ps as the
// generated constraints round it (generator/emit_flow.c), so GTKWave's
// times are the hardware's.
template <class V, class P>
class TracedAdapter : public Adapter<V, P> {
 public:
  typedef typename P::In In;
  TracedAdapter(const char *scope, const char *args, unsigned clock_mhz)
      : Adapter<V, P>(scope, args, true),
        period_ps_((1000000u + clock_mhz / 2) / clock_mhz),
        tfp_(nullptr) {}
  uint64_t period_ps() const override { return period_ps_; }
  ~TracedAdapter() override { trace_close(); }
  void drive(bool clk, const In &in, uint64_t time) override {
    Adapter<V, P>::drive(clk, in, time);
    if (tfp_) tfp_->dump(time);
  }
  bool trace_open(const char *path) override {
    if (tfp_) return false;
    tfp_ = new VerilatedFstC;
    this->top().trace(tfp_, 99);
    tfp_->set_time_unit("1ps");
    tfp_->set_time_resolution("1ps");
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
  const uint64_t period_ps_;
  VerilatedFstC *tfp_;
};

}  // namespace dut

#endif
