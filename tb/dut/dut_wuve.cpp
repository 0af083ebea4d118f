// The C API of dut_wuve.h: registry of linked nm_wuve models, the sequencer
// that streams a tensor through one, and the RAM write-back.
#include <cstdio>
#include <vector>

#define DUT_WUVE_IMPL
#include "dut_wuve.h"
#include "verilated.h"  // via -isystem: Verilator's headers do not pass -Wextra -Werror

namespace {

struct Entry {
  const char *cfg;
  int lanes, latency;
  const char *depths;
  WuveFactory make;
};

// Function-local static: filled by the adapters' static initializers before
// main (construct-on-first-use avoids the static init order problem).
std::vector<Entry> &registry() {
  static std::vector<Entry> r;
  return r;
}

// Inputs of a disabled lane or an idle cycle: an Inf gradient (so a leak
// into found_inf shows), a NaN weight, a huge negative momentum, mask 0.
const uint32_t kGarbageW = 0x7FC00001u;
const uint32_t kGarbageV = 0xDEADBEEFu;
const uint16_t kGarbageDw = 0x7C00u;

}  // namespace

bool dut_wuve_register(const char *cfg, int lanes, int latency, const char *depths,
                       WuveFactory make) {
  registry().push_back(Entry{cfg, lanes, latency, depths, make});
  return true;
}

struct dut_wuve {
  VerilatedContext ctx;
  WuvePorts *ports;
  int lanes, latency;
  uint32_t regs[5];
  uint64_t cycles, last_span;
  // One beat's inputs, reused every cycle.
  std::vector<uint8_t> en, mask;
  std::vector<uint32_t> w, v;
  std::vector<uint16_t> dw;
};

namespace {

// Fill the beat buffers with garbage.  en: the lane enables to drive, 1 on
// idle cycles (they must not matter without in_valid_i), 0 for the lanes
// past the end of a tensor.
void beat_garbage(dut_wuve *d, uint8_t en) {
  for (int l = 0; l < d->lanes; l++) {
    d->en[l] = en, d->mask[l] = 0;
    d->w[l] = kGarbageW, d->v[l] = kGarbageV, d->dw[l] = kGarbageDw;
  }
}

// Load beat k of the tensor; lanes past n keep the garbage.  Returns the
// number of enabled lanes.
int beat_load(dut_wuve *d, size_t k, size_t n, const uint32_t *w, const uint32_t *v,
              const uint16_t *dw, const uint8_t *mask) {
  beat_garbage(d, 0);
  const size_t base = k * (size_t)d->lanes;
  int cnt = 0;
  for (int l = 0; l < d->lanes && base + (size_t)l < n; l++, cnt++) {
    const size_t i = base + (size_t)l;
    d->en[l] = 1, d->mask[l] = mask[i] ? 1 : 0;
    d->w[l] = w[i], d->v[l] = v[i], d->dw[l] = dw[i];
  }
  return cnt;
}

WuveIn inputs(const dut_wuve *d, bool rst_n, bool clear, bool valid, unsigned mode) {
  WuveIn in;
  in.rst_n = rst_n, in.clear = clear, in.valid = valid, in.mode = mode;
  in.regs = d->regs;
  in.en = d->en.data(), in.mask = d->mask.data();
  in.w = d->w.data(), in.v = d->v.data(), in.dw = d->dw.data();
  return in;
}

// One full clock cycle with the same inputs on both edges.
void cycle(dut_wuve *d, const WuveIn &in) {
  d->ports->drive(false, in);
  d->ports->drive(true, in);
  d->cycles++;
}

}  // namespace

extern "C" {

size_t dut_wuve_count(void) { return registry().size(); }
const char *dut_wuve_cfg(size_t i) { return registry()[i].cfg; }
int dut_wuve_lanes(size_t i) { return registry()[i].lanes; }
int dut_wuve_latency(size_t i) { return registry()[i].latency; }
const char *dut_wuve_depths(size_t i) { return registry()[i].depths; }

dut_wuve *dut_wuve_open(size_t i) {
  if (i >= registry().size()) return nullptr;
  dut_wuve *d = new dut_wuve;
  d->ports = registry()[i].make(&d->ctx);
  d->lanes = registry()[i].lanes;
  d->latency = registry()[i].latency;
  for (uint32_t &r : d->regs) r = 0;
  d->cycles = d->last_span = 0;
  d->en.resize(d->lanes), d->mask.resize(d->lanes);
  d->w.resize(d->lanes), d->v.resize(d->lanes), d->dw.resize(d->lanes);
  beat_garbage(d, 1);
  // Synchronous reset: hold rst_ni low over a few clock edges.
  for (int k = 0; k < 4; k++) cycle(d, inputs(d, false, false, false, 0));
  return d;
}

void dut_wuve_close(dut_wuve *d) {
  if (!d) return;
  delete d->ports;
  delete d;
}

void dut_wuve_set_regs(dut_wuve *d, const dut_wuve_regs *r) {
  d->regs[0] = r->inv_scale, d->regs[1] = r->lr, d->regs[2] = r->mu;
  d->regs[3] = r->wd, d->regs[4] = r->srste;
}

void dut_wuve_clear(dut_wuve *d) {
  beat_garbage(d, 1);
  cycle(d, inputs(d, true, true, false, 0));
}

int dut_wuve_found_inf(dut_wuve *d) { return d->ports->found_inf() ? 1 : 0; }
uint64_t dut_wuve_cycles(const dut_wuve *d) { return d->cycles; }
uint64_t dut_wuve_last_span(const dut_wuve *d) { return d->last_span; }

int dut_wuve_run(dut_wuve *d, int mode, size_t n, uint32_t *w, uint32_t *v, uint16_t *w16,
                 const uint16_t *dw, const uint8_t *mask, const uint8_t *idle, size_t *writes,
                 char *why, size_t whylen) {
  const size_t lanes = (size_t)d->lanes, beats = (n + lanes - 1) / lanes;
  const size_t want = mode == 3 ? 0 : beats;  // an invalid mode accepts nothing
  std::vector<uint64_t> issued(beats);
  std::vector<int> width(beats);  // enabled lanes of each beat
  size_t in = 0, out = 0, wrote = 0;
  uint64_t limit = d->cycles + beats + (uint64_t)d->latency + 64, first = 0, last = 0;
  for (size_t k = 0; idle && k < beats; k++) limit += idle[k];
  unsigned wait = (idle && beats) ? idle[0] : 0;
  WuvePorts *p = d->ports;
  if (writes) *writes = 0;
  d->last_span = 0;
  // Run until every beat is out, then latency + 1 idle cycles to catch extras.
  for (uint64_t drain = 0; out < want || in < beats || drain <= (uint64_t)d->latency;) {
    if (d->cycles > limit) {
      std::snprintf(why, whylen, "hang: %zu of %zu beats out after %zu issued", out, want, in);
      return -1;
    }
    const bool valid = in < beats && wait == 0;
    if (valid)
      width[in] = beat_load(d, in, n, w, v, dw, mask);
    else
      beat_garbage(d, 1);
    const WuveIn inp = inputs(d, true, false, valid, (unsigned)mode);
    p->drive(false, inp);
    if (valid) issued[in] = d->cycles;
    if (valid && in == 0) first = d->cycles;
    if (p->err() != (mode == 3)) {
      std::snprintf(why, whylen, "err_o is %d in mode %d", p->err() ? 1 : 0, mode);
      return -1;
    }
    // A beat accepted now or earlier and not yet out keeps busy_o high.
    if (mode != 3 && (valid || in > out) && !p->busy()) {
      std::snprintf(why, whylen, "busy_o low with beat %zu in flight", out);
      return -1;
    }
    // Outputs are sampled before the rising edge: a 0-latency engine
    // answers in the cycle of its beat, a k-latency one k edges later.
    if (!p->out_valid()) {
      for (int l = 0; l < d->lanes; l++)
        if (p->out_we(l)) {
          std::snprintf(why, whylen, "out_we_o[%d] set without out_valid_o", l);
          return -1;
        }
    } else {
      if (out >= want) {
        std::snprintf(why, whylen, "extra out_valid_o after all %zu beats (mode %d)", want, mode);
        return -1;
      }
      if (out > in || (out == in && !valid)) {
        std::snprintf(why, whylen, "out_valid_o for beat %zu before its in_valid_i", out);
        return -1;
      }
      const uint64_t lat = d->cycles - issued[out];
      if (lat != (uint64_t)d->latency) {
        std::snprintf(why, whylen, "beat %zu came out after %llu cycles, expected latency %d", out,
                      (unsigned long long)lat, d->latency);
        return -1;
      }
      for (int l = 0; l < d->lanes; l++) {
        if (!p->out_we(l)) continue;
        if (l >= width[out]) {
          std::snprintf(why, whylen, "out_we_o[%d] set in beat %zu, whose lane %d is disabled", l,
                        out, l);
          return -1;
        }
        const size_t i = out * lanes + (size_t)l;
        w[i] = p->w_o(l), v[i] = p->v_o(l), w16[i] = p->w16_o(l);
        wrote++;
      }
      last = d->cycles;
      out++;
    }
    p->drive(true, inp);
    d->cycles++;
    if (valid) {
      in++;
      wait = (idle && in < beats) ? idle[in] : 0;
    } else if (wait) {
      wait--;
    }
    if (!valid && out == want && in == beats) drain++;  // idle cycles after the last beat
  }
  if (p->busy()) {
    std::snprintf(why, whylen, "busy_o still high %d cycles after the last beat", d->latency + 1);
    return -1;
  }
  if (writes) *writes = wrote;
  d->last_span = want ? last - first + 1 : 0;
  return 0;
}

}  // extern "C"
