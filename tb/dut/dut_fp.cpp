// The C API of dut_fp.h over the linked FP unit models: the streaming loop.
#include "dut_fp.h"

#include "dut_fp_impl.h"

template class dut::Registry<FpInfo, FpPorts>;

struct dut_fp {
  dut_fp(FpPorts *p, const FpInfo &i) : sim(p), stages(i.stages) {}
  dut::Sim<FpPorts> sim;
  int stages;
};

extern "C" {

size_t dut_fp_count(void) { return FpRegistry::size(); }
const char *dut_fp_cfg(size_t i) { return FpRegistry::info(i)->cfg; }
const char *dut_fp_unit(size_t i) { return FpRegistry::info(i)->unit; }
int dut_fp_stages(size_t i) { return FpRegistry::info(i)->stages; }

dut_fp *dut_fp_open(size_t i) {
  dut_fp *d = dut::open<dut_fp, FpRegistry>(i);
  if (!d) return nullptr;
  d->sim.reset(FpIn{true, false, 0, 0});
  d->sim.cycles = 0;  // dut_fp_cycles counts from the end of reset
  return d;
}

void dut_fp_close(dut_fp *d) { delete d; }

uint64_t dut_fp_cycles(const dut_fp *d) { return d->sim.cycles; }

int dut_fp_run(dut_fp *d, const uint32_t *a, const uint32_t *b, uint32_t *y, size_t n,
               const uint8_t *idle, char *why, size_t whylen) {
  dut::Pipe pipe(n, d->stages, "result", "valid_o");
  unsigned wait = (idle && n) ? idle[0] : 0;
  const uint64_t &now = d->sim.cycles;
  const uint64_t limit = now + (uint64_t)n * 260 + 64;
  static const uint32_t kGarbage = 0xDEADBEEFu;  // on the inputs during bubbles
  // Run until every result is out, then `stages` more cycles to catch extras.
  for (uint64_t drain = 0; pipe.outs() < n || drain <= (uint64_t)d->stages;) {
    if (now > limit) return pipe.hang(why, whylen), -1;
    const size_t in = pipe.ins();
    const bool v = in < n && wait == 0;
    const FpIn fin{true, v, v ? a[in] : kGarbage, v && b ? b[in] : kGarbage};
    const FpOut &o = d->sim.low(fin);
    if (v) pipe.in(now);
    // Outputs are sampled before the rising edge: a 0-stage unit answers in
    // the cycle of its input, a k-stage unit k edges later.
    if (o.valid) {
      if (!pipe.out(now, why, whylen)) return -1;
      y[pipe.outs() - 1] = o.y;
    }
    d->sim.high(fin);
    if (v)
      wait = (idle && in + 1 < n) ? idle[in + 1] : 0;
    else if (wait)
      wait--;
    if (pipe.outs() == n) drain++;
  }
  return 0;
}

}  // extern "C"
