// The shim core: what every Verilator shim in tb/dut shares (the registry
// of linked models, the clock and reset, the in-order pipeline checks, bit
// fields in word arrays).  No Verilator header here: the shim halves that
// include this are compiled with the program's flags (ASan included).  The
// adapter half is dut_model.h.
//
// How to write a shim dut_<x> for a Verilated block (dut_stce is the model):
//  1. dut_<x>.h: the C API the tests call, and for C++ only (internal to
//     tb/dut) what crosses between the halves:
//       struct <X>In { bool rst_n; ...every other input of one cycle... };
//       struct <X>Out { ...every output the shim reads... };
//       typedef dut::Ports<<X>In, <X>Out> <X>Ports;
//       typedef dut::Registry<<X>Info, <X>Ports> <X>Registry;
//       extern template class dut::Registry<<X>Info, <X>Ports>;
//     (<X>Info: what a model was generated with.)  Wide ports travel as
//     little-endian arrays of 32-bit words, sized for the widest config.
//  2. dut_<x>_model.cpp, the adapter, compiled once per model with
//     Verilator's flags, the config's nm_config.h force-included and
//     -DDUT_CLASS / -DDUT_HEADER naming the Verilated class and its header:
//       class Adapter final : public dut::Adapter<DUT_CLASS, <X>Ports> {
//         void set(DUT_CLASS &t, const <X>In &in) override { t.<p>_i = in.<p>; ... }
//         void get(const DUT_CLASS &t, <X>Out *o) const override { o-><p> = t.<p>_o; ... }
//       };
//       const bool registered = <X>Registry::add(<X>Info{...}, dut::make<Adapter, <X>Ports>);
//     dut::Adapter owns the VerilatedContext and the (cache-line aligned)
//     model and drives clk_i / rst_ni; dut::put_words / get_words copy a
//     port of any width; a model Verilated with --trace-fst derives from
//     dut::TracedAdapter instead, for FST traces.
//  3. dut_<x>.cpp, the C API, compiled with the program's flags:
//       template class dut::Registry<<X>Info, <X>Ports>;
//       struct dut_<x> { dut_<x>(<X>Ports *p, const <X>Info &i) : sim(p) {}
//                        dut::Sim<<X>Ports> sim; ...block state... };
//     open: d = dut::open<dut_<x>, <X>Registry>(i) (NULL past the end), then
//     d->sim.reset(idle inputs); a cycle: sim.cycle(in), or o = sim.low(in)
//     (the outputs a handshake at the coming edge sees), then sim.high(in);
//     sim.sample() reads the outputs as an edge left them.
//  4. Make rules (sim/<x>.mk, as sim/stce.mk): the adapter with
//     $(VL_CXXFLAGS) $(VL_CXX_INC), the shim with the program's flags (no
//     Verilator include needed); both list $(DUT_CORE) (sim/verilate.mk).
#ifndef NM_DUT_CORE_H
#define NM_DUT_CORE_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace dut {

// The port interface between a shim and its adapter.  In holds every input
// of one cycle, rst_n (active low, synchronous) among them; Out every
// output the shim reads (wide ones as arrays of 32-bit words).
template <class InT, class OutT>
class Ports {
 public:
  typedef InT In;
  typedef OutT Out;
  virtual ~Ports() {}
  // Set every input and clk_i, evaluate, and dump a trace sample at `time`
  // if a trace is open.
  virtual void drive(bool clk, const In &in, uint64_t time) = 0;
  // The outputs as the last drive left them.
  virtual void sample(Out *out) const = 0;
  // The clock period in trace time, picoseconds: a traced adapter's clock
  // (dut::TracedAdapter); any value for a block that is never traced.
  virtual uint64_t period_ps() const { return 10000; }
  // Start an FST trace (false: the model was not built with --trace-fst, or
  // the file cannot be written).
  virtual bool trace_open(const char *path) {
    (void)path;
    return false;
  }
  virtual void trace_close() {}
};

// The models of one kind linked into the program: each adapter adds itself
// from a static initializer, before main.  Info describes a model (what it
// was generated with); P is the block's port interface.  The members are
// instantiated once, in the shim (`template class dut::Registry<...>;`),
// and declared `extern template` in the block's header, so the list lives
// in one object however many adapters add to it.
template <class Info, class P>
class Registry {
 public:
  typedef P *(*Factory)();
  // Returns true (for the adapter's `const bool registered = ...`).
  static bool add(const Info &info, Factory make);
  static size_t size();
  // Model i's description, or a new model i (reset not yet applied); NULL
  // past the end.
  static const Info *info(size_t i);
  static P *make(size_t i);

 private:
  struct Entry {
    Info info;
    Factory make;
  };
  // Construct-on-first-use: the static initializers of the adapters run in
  // no defined order with respect to this file's.
  static std::vector<Entry> &list();
};

template <class Info, class P>
std::vector<typename Registry<Info, P>::Entry> &Registry<Info, P>::list() {
  static std::vector<Entry> r;
  return r;
}
template <class Info, class P>
bool Registry<Info, P>::add(const Info &info, Factory make) {
  list().push_back(Entry{info, make});
  return true;
}
template <class Info, class P>
size_t Registry<Info, P>::size() {
  return list().size();
}
template <class Info, class P>
const Info *Registry<Info, P>::info(size_t i) {
  return i < list().size() ? &list()[i].info : nullptr;
}
template <class Info, class P>
P *Registry<Info, P>::make(size_t i) {
  return i < list().size() ? list()[i].make() : nullptr;
}

// Every input 0 but rst_n (idle, out of reset); In is plain data.
template <class In>
In idle() {
  In in;
  std::memset(&in, 0, sizeof in);
  in.rst_n = true;
  return in;
}

// Cycles of rst_n low that open a session: nm_* resets synchronously.
const int kResetCycles = 4;

// One model and its clock: owns the adapter, steps it half a cycle at a
// time, keeps the last sampled outputs and counts the cycles.  Trace time
// (ps): cycle k starts (clock low) at k periods, its rising edge half a
// period later; the period is the adapter's (the config's clock_mhz).
template <class P>
class Sim {
 public:
  typedef typename P::In In;
  typedef typename P::Out Out;
  explicit Sim(P *p) : ports(p), out(), cycles(0), period_(p->period_ps()) {}
  ~Sim() {
    ports->trace_close();
    delete ports;
  }
  Sim(const Sim &) = delete;
  Sim &operator=(const Sim &) = delete;

  // Inputs applied with the clock low; returns the outputs a handshake at
  // the coming rising edge sees.
  const Out &low(const In &in) {
    ports->drive(false, in, cycles * period_);
    return sample();
  }
  // The rising edge, same inputs; the cycle is complete.
  void high(const In &in) {
    ports->drive(true, in, cycles * period_ + period_ / 2);
    cycles++;
  }
  void cycle(const In &in) {
    low(in);
    high(in);
  }
  // The outputs now (after high: as the edge left them).
  const Out &sample() {
    ports->sample(&out);
    return out;
  }
  // kResetCycles cycles of `in` with rst_n low.
  void reset(In in) {
    in.rst_n = false;
    for (int k = 0; k < kResetCycles; k++) cycle(in);
  }

  P *const ports;
  Out out;  // the last sample
  uint64_t cycles;

 private:
  const uint64_t period_;  // trace time of a cycle (ps)
};

// A new shim handle H over model i of registry R, constructed as H(ports,
// info); NULL past the end.  The caller resets it.
template <class H, class R>
H *open(size_t i) {
  auto *p = R::make(i);
  return p ? new H(p, *R::info(i)) : nullptr;
}

// The in-order valid pipeline of a streaming unit (dut_fp, dut_wuve): the
// cycle each item went in, and the checks on each item that comes out.  An
// item out must be expected (at most `want` of them), must have gone in
// (in this cycle at the earliest), and must come exactly `latency` cycles
// after it went in.  The messages name the item and the output's valid.
class Pipe {
 public:
  Pipe(size_t want, int latency, const char *item, const char *valid_o)
      : want_(want), latency_(latency), item_(item), valid_o_(valid_o), outs_(0) {}
  // An item goes in at cycle now.
  void in(uint64_t now) { in_.push_back(now); }
  // An item comes out at cycle now (after this cycle's in()): true, or
  // false with a one-line reason in why.
  bool out(uint64_t now, char *why, size_t whylen) {
    if (outs_ >= want_) {
      std::snprintf(why, whylen, "extra %s after all %zu %ss", valid_o_, want_, item_);
      return false;
    }
    if (outs_ >= in_.size()) {
      std::snprintf(why, whylen, "%s for %s %zu before it went in", valid_o_, item_, outs_);
      return false;
    }
    const uint64_t lat = now - in_[outs_];
    if (lat != (uint64_t)latency_) {
      std::snprintf(why, whylen, "%s %zu came out after %llu cycles, expected latency %d", item_,
                    outs_, (unsigned long long)lat, latency_);
      return false;
    }
    outs_++;
    return true;
  }
  // The "hang" reason, for a caller whose cycle limit ran out.
  void hang(char *why, size_t whylen) const {
    std::snprintf(why, whylen, "hang: %zu of %zu %ss out after %zu went in", outs_, want_, item_,
                  in_.size());
  }
  size_t ins() const { return in_.size(); }
  size_t outs() const { return outs_; }

 private:
  const size_t want_;
  const int latency_;
  const char *item_, *valid_o_;
  std::vector<uint64_t> in_;
  size_t outs_;
};

// Bit fields of little-endian arrays of 32-bit words (a wide port's
// contents): width 1..32 bits at bit lsb, possibly across two words.
inline uint32_t get_bits(const uint32_t *w, unsigned lsb, unsigned width) {
  const unsigned i = lsb >> 5, s = lsb & 31;
  uint64_t v = w[i] >> s;
  if (s + width > 32) v |= (uint64_t)w[i + 1] << (32 - s);
  return (uint32_t)(v & ((1ull << width) - 1));
}
inline void put_bits(uint32_t *w, unsigned lsb, unsigned width, uint32_t v) {
  const unsigned i = lsb >> 5, s = lsb & 31;
  const uint64_t m = ((1ull << width) - 1) << s, x = ((uint64_t)v << s) & m;
  w[i] = (uint32_t)((w[i] & ~m) | x);
  if (s + width > 32) w[i + 1] = (uint32_t)((w[i + 1] & ~(m >> 32)) | x >> 32);
}

}  // namespace dut

#endif
