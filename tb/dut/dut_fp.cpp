// The C API of dut_fp.h: registry of linked models and the streaming loop.
#include "dut_fp.h"

#include <cstdio>
#include <vector>

#include "dut_fp_impl.h"
#include "verilated.h"

namespace {

struct Entry {
  const char *cfg, *unit;
  int stages;
  FpFactory make;
};

// Function-local static: filled by the adapters' static initializers before
// main (construct-on-first-use avoids the static init order problem).
std::vector<Entry> &registry() {
  static std::vector<Entry> r;
  return r;
}

}  // namespace

bool dut_fp_register(const char *cfg, const char *unit, int stages, FpFactory make) {
  registry().push_back(Entry{cfg, unit, stages, make});
  return true;
}

struct dut_fp {
  VerilatedContext ctx;
  FpPorts *ports;
  int stages;
  uint64_t cycles;
};

extern "C" {

size_t dut_fp_count(void) { return registry().size(); }
const char *dut_fp_cfg(size_t i) { return registry()[i].cfg; }
const char *dut_fp_unit(size_t i) { return registry()[i].unit; }
int dut_fp_stages(size_t i) { return registry()[i].stages; }

dut_fp *dut_fp_open(size_t i) {
  if (i >= registry().size()) return nullptr;
  dut_fp *d = new dut_fp;
  d->ports = registry()[i].make(&d->ctx);
  d->stages = registry()[i].stages;
  d->cycles = 0;
  // Synchronous reset: hold rst_ni low over a few clock edges.
  for (int k = 0; k < 4; k++) {
    d->ports->drive(false, false, false, 0, 0);
    d->ports->drive(true, false, false, 0, 0);
  }
  return d;
}

void dut_fp_close(dut_fp *d) {
  if (!d) return;
  delete d->ports;
  delete d;
}

uint64_t dut_fp_cycles(const dut_fp *d) { return d->cycles; }

int dut_fp_run(dut_fp *d, const uint32_t *a, const uint32_t *b, uint32_t *y, size_t n,
               const uint8_t *idle, char *why, size_t whylen) {
  std::vector<uint64_t> issued(n);
  size_t in = 0, out = 0;
  unsigned wait = (idle && n) ? idle[0] : 0;
  const uint64_t start = d->cycles, limit = start + (uint64_t)n * 260 + 64;
  static const uint32_t kGarbage = 0xDEADBEEFu;  // on the inputs during bubbles
  FpPorts *p = d->ports;
  // Run until every result is out, then `stages` more cycles to catch extras.
  for (uint64_t drain = 0; out < n || drain <= (uint64_t)d->stages; d->cycles++) {
    if (d->cycles > limit) {
      std::snprintf(why, whylen, "hang: %zu of %zu results after %llu cycles", out, n,
                    (unsigned long long)(d->cycles - start));
      return -1;
    }
    const bool v = in < n && wait == 0;
    p->drive(false, true, v, v ? a[in] : kGarbage, v && b ? b[in] : kGarbage);
    if (v) issued[in] = d->cycles;
    // Outputs are sampled before the rising edge: a 0-stage unit answers in
    // the cycle of its input, a k-stage unit k edges later.
    if (p->valid_o()) {
      if (out >= n) {
        std::snprintf(why, whylen, "extra valid_o after all %zu results", n);
        return -1;
      }
      if (out > in || (out == in && !v)) {
        std::snprintf(why, whylen, "valid_o for result %zu before its valid_i", out);
        return -1;
      }
      const uint64_t lat = d->cycles - issued[out];
      if (lat != (uint64_t)d->stages) {
        std::snprintf(why, whylen, "result %zu came after %llu cycles, configured depth is %d",
                      out, (unsigned long long)lat, d->stages);
        return -1;
      }
      y[out++] = p->y_o();
    }
    p->drive(true, true, v, v ? a[in] : kGarbage, v && b ? b[in] : kGarbage);
    if (v) {
      in++;
      wait = (idle && in < n) ? idle[in] : 0;
    } else if (wait) {
      wait--;
    }
    if (out == n) drain++;
  }
  return 0;
}

}  // extern "C"
