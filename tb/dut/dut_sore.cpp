// The C API of dut_sore.h: registry of linked nm_sore models, one clock cycle
// at a time, and the bit packing of the lane-major port vectors.
#include "dut_sore.h"

#include <cstring>
#include <vector>

#include "verilated.h"

namespace {

// Function-local static: filled by the adapters' static initializers before
// main (construct-on-first-use avoids the static init order problem).
std::vector<SoreDesc> &registry() {
  static std::vector<SoreDesc> r;
  return r;
}

constexpr int clog2(int x) { return x <= 1 ? 0 : 1 + clog2((x + 1) / 2); }

// Word buffers big enough for the widest supported engine.
constexpr int kMaxSlots = DUT_SORE_MAX_LANES * DUT_SORE_MAX_MMAX;
constexpr int kWords = kMaxSlots * 16 / 32 + 2;

uint32_t get_field(const uint32_t *w, int bit, int width) {
  uint32_t v = 0;
  for (int b = 0; b < width; b++, bit++) v |= (w[bit >> 5] >> (bit & 31) & 1u) << b;
  return v;
}

}  // namespace

bool dut_sore_register(const SoreDesc &desc) {
  registry().push_back(desc);
  return true;
}

struct dut_sore {
  VerilatedContext ctx;
  SorePorts *ports;
  SoreDesc desc;
  int iw;                                   // index width: clog2(mmax)
  uint64_t cycles;
  uint32_t in_words[kWords];
  uint32_t val_words[kWords], idx_words[kWords], mask_words[kWords];
};

extern "C" {

size_t dut_sore_count(void) { return registry().size(); }
const char *dut_sore_name(size_t i) { return registry()[i].name; }
const char *dut_sore_cfg(size_t i) { return registry()[i].cfg; }
const char *dut_sore_arch(size_t i) { return registry()[i].arch; }
int dut_sore_mmax(size_t i) { return registry()[i].mmax; }
int dut_sore_lanes(size_t i) { return registry()[i].lanes; }
int dut_sore_nm_bits(size_t i) { return registry()[i].nm_bits; }

dut_sore *dut_sore_open(size_t i) {
  if (i >= registry().size()) return nullptr;
  const SoreDesc &r = registry()[i];
  if (r.lanes < 1 || r.lanes > DUT_SORE_MAX_LANES || r.mmax < 2 || r.mmax > DUT_SORE_MAX_MMAX)
    return nullptr;
  dut_sore *d = new dut_sore;
  d->desc = r;
  d->iw = clog2(r.mmax);
  d->cycles = 0;
  std::memset(d->in_words, 0, sizeof d->in_words);
  std::memset(d->val_words, 0, sizeof d->val_words);
  std::memset(d->idx_words, 0, sizeof d->idx_words);
  std::memset(d->mask_words, 0, sizeof d->mask_words);
  d->ports = r.make(&d->ctx);
  // Synchronous reset: hold rst_ni low over a few clock edges.
  dut_sore_in in = {0, 1, 1, 0, nullptr, 1};
  dut_sore_seen seen;
  for (int k = 0; k < 4; k++) dut_sore_cycle(d, &in, &seen);
  return d;
}

void dut_sore_close(dut_sore *d) {
  if (!d) return;
  delete d->ports;
  delete d;
}

uint64_t dut_sore_cycles(const dut_sore *d) { return d->cycles; }

void dut_sore_cycle(dut_sore *d, const dut_sore_in *in, dut_sore_seen *seen) {
  const int slots = d->desc.lanes * d->desc.mmax;
  // Values are 16-bit aligned: two to a word.
  for (int s = 0; s < slots; s += 2) {
    const uint32_t lo = in->in_vals ? in->in_vals[s] : 0;
    const uint32_t hi = in->in_vals && s + 1 < slots ? in->in_vals[s + 1] : 0;
    d->in_words[s >> 1] = lo | hi << 16;
  }
  SorePorts *p = d->ports;
  p->drive(false, in->rst_n, in->n, in->m, in->in_valid, d->in_words, in->out_ready);
  seen->in_ready = p->in_ready();
  seen->out_valid = p->out_valid();
  seen->cfg_err = p->cfg_err();
  seen->busy = p->busy();
  // The beat a handshake at this edge would take: read before the edge.
  if (seen->out_valid) p->read_out(d->val_words, d->idx_words, d->mask_words);
  p->drive(true, in->rst_n, in->n, in->m, in->in_valid, d->in_words, in->out_ready);
  d->cycles++;
}

void dut_sore_out(const dut_sore *d, uint16_t *vals, uint8_t *idx, uint32_t *mask) {
  const int mmax = d->desc.mmax;
  for (int l = 0; l < d->desc.lanes; l++) {
    for (int k = 0; k < mmax; k++) {
      const int s = l * mmax + k;
      vals[s] = (uint16_t)(d->val_words[s >> 1] >> (s & 1) * 16);
      idx[s] = (uint8_t)get_field(d->idx_words, s * d->iw, d->iw);
    }
    mask[l] = get_field(d->mask_words, l * mmax, mmax);
  }
}

}  // extern "C"
