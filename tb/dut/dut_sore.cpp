// The C API of dut_sore.h over the linked nm_sore models: one clock cycle
// at a time, and the bit packing of the lane-major port vectors.
#include "dut_sore.h"

template class dut::Registry<SoreInfo, SorePorts>;

namespace {

constexpr int clog2(int x) { return x <= 1 ? 0 : 1 + clog2((x + 1) / 2); }

}  // namespace

struct dut_sore {
  dut_sore(SorePorts *p, const SoreInfo &i) : sim(p), info(i), iw(clog2(i.mmax)) {}
  dut::Sim<SorePorts> sim;
  SoreInfo info;
  int iw;  // index width: clog2(mmax)
  uint32_t in_words[DUT_SORE_MAX_LANES * DUT_SORE_MAX_MMAX / 2] = {};
};

extern "C" {

size_t dut_sore_count(void) { return SoreRegistry::size(); }
const char *dut_sore_name(size_t i) { return SoreRegistry::info(i)->name; }
const char *dut_sore_cfg(size_t i) { return SoreRegistry::info(i)->cfg; }
const char *dut_sore_arch(size_t i) { return SoreRegistry::info(i)->arch; }
int dut_sore_mmax(size_t i) { return SoreRegistry::info(i)->mmax; }
int dut_sore_lanes(size_t i) { return SoreRegistry::info(i)->lanes; }
int dut_sore_nm_bits(size_t i) { return SoreRegistry::info(i)->nm_bits; }

dut_sore *dut_sore_open(size_t i) {
  dut_sore *d = dut::open<dut_sore, SoreRegistry>(i);
  if (d) d->sim.reset(SoreIn{true, 1, 1, false, d->in_words, true});
  return d;
}

void dut_sore_close(dut_sore *d) { delete d; }

uint64_t dut_sore_cycles(const dut_sore *d) { return d->sim.cycles; }

void dut_sore_cycle(dut_sore *d, const dut_sore_in *in, dut_sore_seen *seen) {
  const unsigned slots = (unsigned)(d->info.lanes * d->info.mmax);
  // Values are 16-bit aligned: two to a word.
  for (unsigned s = 0; s < slots; s++)
    dut::put_bits(d->in_words, 16 * s, 16, in->in_vals ? in->in_vals[s] : 0);
  const SoreIn pin{in->rst_n != 0, in->n, in->m, in->in_valid != 0, d->in_words, in->out_ready != 0};
  // What the handshakes at this edge see, the output beat included.
  const SoreOut &o = d->sim.low(pin);
  seen->in_ready = o.in_ready;
  seen->out_valid = o.out_valid;
  seen->cfg_err = o.cfg_err;
  seen->busy = o.busy;
  d->sim.high(pin);
}

void dut_sore_out(const dut_sore *d, uint16_t *vals, uint8_t *idx, uint32_t *mask) {
  const SoreOut &o = d->sim.out;  // sampled before the last edge
  const unsigned mmax = (unsigned)d->info.mmax, iw = (unsigned)d->iw;
  for (unsigned l = 0; l < (unsigned)d->info.lanes; l++) {
    for (unsigned k = 0; k < mmax; k++) {
      const unsigned s = l * mmax + k;
      vals[s] = (uint16_t)dut::get_bits(o.vals, 16 * s, 16);
      idx[s] = (uint8_t)dut::get_bits(o.idx, s * iw, iw);
    }
    mask[l] = dut::get_bits(o.mask, l * mmax, mmax);
  }
}

}  // extern "C"
