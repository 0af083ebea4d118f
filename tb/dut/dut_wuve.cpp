// The C API of dut_wuve.h over the linked nm_wuve models: the sequencer
// that streams a tensor through one, and the RAM write-back.
#include <cstdio>
#include <vector>

#define DUT_WUVE_IMPL
#include "dut_wuve.h"

template class dut::Registry<WuveInfo, WuvePorts>;

namespace {

// Inputs of a disabled lane or an idle cycle: an Inf gradient (so a leak
// into found_inf shows), a NaN weight, a huge negative momentum, mask 0.
const uint32_t kGarbageW = 0x7FC00001u;
const uint32_t kGarbageV = 0xDEADBEEFu;
const uint16_t kGarbageDw = 0x7C00u;

// Words of a port with `bits` bits per lane (dut_wuve.h: the lane vectors).
size_t words(int lanes, int bits) { return ((size_t)lanes * (size_t)bits + 31) / 32; }

}  // namespace

struct dut_wuve {
  dut_wuve(WuvePorts *p, const WuveInfo &i)
      : sim(p), lanes(i.lanes), latency(i.latency), regs(),
        en(words(lanes, 1)), mask(words(lanes, 1)), w(words(lanes, 32)), v(words(lanes, 32)),
        dw(words(lanes, 16)) {}
  dut::Sim<WuvePorts> sim;
  int lanes, latency;
  uint32_t regs[5];
  uint64_t last_span = 0;
  // One beat's inputs, reused every cycle.
  std::vector<uint32_t> en, mask, w, v, dw;
};

namespace {

// Fill the beat buffers with garbage.  en: the lane enables to drive, 1 on
// idle cycles (they must not matter without in_valid_i), 0 for the lanes
// past the end of a tensor.
void beat_garbage(dut_wuve *d, uint8_t en) {
  for (unsigned l = 0; l < (unsigned)d->lanes; l++) {
    dut::put_bits(d->en.data(), l, 1, en), dut::put_bits(d->mask.data(), l, 1, 0);
    d->w[l] = kGarbageW, d->v[l] = kGarbageV;
    dut::put_bits(d->dw.data(), 16 * l, 16, kGarbageDw);
  }
}

// Load beat k of the tensor; lanes past n keep the garbage.  Returns the
// number of enabled lanes.
int beat_load(dut_wuve *d, size_t k, size_t n, const uint32_t *w, const uint32_t *v,
              const uint16_t *dw, const uint8_t *mask) {
  beat_garbage(d, 0);
  const size_t base = k * (size_t)d->lanes;
  int cnt = 0;
  for (unsigned l = 0; l < (unsigned)d->lanes && base + l < n; l++, cnt++) {
    const size_t i = base + l;
    dut::put_bits(d->en.data(), l, 1, 1), dut::put_bits(d->mask.data(), l, 1, mask[i] ? 1 : 0);
    d->w[l] = w[i], d->v[l] = v[i];
    dut::put_bits(d->dw.data(), 16 * l, 16, dw[i]);
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

}  // namespace

extern "C" {

size_t dut_wuve_count(void) { return WuveRegistry::size(); }
const char *dut_wuve_cfg(size_t i) { return WuveRegistry::info(i)->cfg; }
int dut_wuve_lanes(size_t i) { return WuveRegistry::info(i)->lanes; }
int dut_wuve_latency(size_t i) { return WuveRegistry::info(i)->latency; }
const char *dut_wuve_depths(size_t i) { return WuveRegistry::info(i)->depths; }

dut_wuve *dut_wuve_open(size_t i) {
  dut_wuve *d = dut::open<dut_wuve, WuveRegistry>(i);
  if (!d) return nullptr;
  beat_garbage(d, 1);
  d->sim.reset(inputs(d, true, false, false, 0));
  return d;
}

void dut_wuve_close(dut_wuve *d) { delete d; }

void dut_wuve_set_regs(dut_wuve *d, const dut_wuve_regs *r) {
  d->regs[0] = r->inv_scale, d->regs[1] = r->lr, d->regs[2] = r->mu;
  d->regs[3] = r->wd, d->regs[4] = r->srste;
}

void dut_wuve_clear(dut_wuve *d) {
  beat_garbage(d, 1);
  d->sim.cycle(inputs(d, true, true, false, 0));
}

int dut_wuve_found_inf(dut_wuve *d) { return d->sim.sample().found_inf ? 1 : 0; }
uint64_t dut_wuve_cycles(const dut_wuve *d) { return d->sim.cycles; }
uint64_t dut_wuve_last_span(const dut_wuve *d) { return d->last_span; }

int dut_wuve_run(dut_wuve *d, int mode, size_t n, uint32_t *w, uint32_t *v, uint16_t *w16,
                 const uint16_t *dw, const uint8_t *mask, const uint8_t *idle, size_t *writes,
                 char *why, size_t whylen) {
  const size_t lanes = (size_t)d->lanes, beats = (n + lanes - 1) / lanes;
  const size_t want = mode == 3 ? 0 : beats;  // an invalid mode accepts nothing
  dut::Pipe pipe(want, d->latency, "beat", "out_valid_o");
  std::vector<int> width(beats);  // enabled lanes of each beat
  size_t wrote = 0;
  const uint64_t &now = d->sim.cycles;
  uint64_t limit = now + beats + (uint64_t)d->latency + 64, first = 0, last = 0;
  for (size_t k = 0; idle && k < beats; k++) limit += idle[k];
  unsigned wait = (idle && beats) ? idle[0] : 0;
  if (writes) *writes = 0;
  d->last_span = 0;
  // Run until every beat is out, then latency + 1 idle cycles to catch extras.
  for (uint64_t drain = 0; pipe.outs() < want || pipe.ins() < beats || drain <= (uint64_t)d->latency;) {
    if (now > limit) return pipe.hang(why, whylen), -1;
    const size_t in = pipe.ins();
    const bool valid = in < beats && wait == 0;
    if (valid)
      width[in] = beat_load(d, in, n, w, v, dw, mask);
    else
      beat_garbage(d, 1);
    const WuveIn inp = inputs(d, true, false, valid, (unsigned)mode);
    const WuveOut &o = d->sim.low(inp);
    if (valid && in == 0) first = now;
    if (valid) pipe.in(now);
    if (o.err != (mode == 3)) {
      std::snprintf(why, whylen, "err_o is %d in mode %d", o.err ? 1 : 0, mode);
      return -1;
    }
    // A beat accepted now or earlier and not yet out keeps busy_o high.
    if (mode != 3 && pipe.ins() > pipe.outs() && !o.busy) {
      std::snprintf(why, whylen, "busy_o low with beat %zu in flight", pipe.outs());
      return -1;
    }
    // Outputs are sampled before the rising edge: a 0-latency engine
    // answers in the cycle of its beat, a k-latency one k edges later.
    const size_t out = pipe.outs();  // the beat out_valid_o would be
    if (o.out_valid && !pipe.out(now, why, whylen)) return -1;
    for (unsigned l = 0; l < (unsigned)d->lanes; l++) {
      if (!dut::get_bits(o.we, l, 1)) continue;
      if (!o.out_valid) {
        std::snprintf(why, whylen, "out_we_o[%u] set without out_valid_o", l);
        return -1;
      }
      if ((int)l >= width[out]) {
        std::snprintf(why, whylen, "out_we_o[%u] set in beat %zu, whose lane %u is disabled", l,
                      out, l);
        return -1;
      }
      const size_t i = out * lanes + l;
      w[i] = o.w[l], v[i] = o.v[l], w16[i] = (uint16_t)dut::get_bits(o.w16, 16 * l, 16);
      wrote++;
    }
    if (o.out_valid) last = now;
    d->sim.high(inp);
    if (valid)
      wait = (idle && in + 1 < beats) ? idle[in + 1] : 0;
    else if (wait)
      wait--;
    if (!valid && pipe.outs() == want && pipe.ins() == beats) drain++;  // idle cycles after the last beat
  }
  if (d->sim.sample().busy) {
    std::snprintf(why, whylen, "busy_o still high %d cycles after the last beat", d->latency + 1);
    return -1;
  }
  if (writes) *writes = wrote;
  d->last_span = want ? last - first + 1 : 0;
  return 0;
}

}  // extern "C"
