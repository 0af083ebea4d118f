// The C API of dut_stce.h over the linked nm_stce models: buffer access
// through the idle-time port, and running one command.
#include <cstring>
#include <vector>

#define DUT_STCE_IMPL
#include "dut_stce.h"

template class dut::Registry<dut_stce_info, StcePorts>;

struct dut_stce {
  dut_stce(StcePorts *p, const dut_stce_info &info) : sim(p), zero((size_t)info.mmax / 2) {}
  dut::Sim<StcePorts> sim;
  std::vector<uint32_t> zero;  // hb_wdata when not writing: MMAX/2 words
  uint64_t busy_cycles = 0;    // of the last dut_stce_run, counted here
};

namespace {

StceIn idle_in(const dut_stce *d) {
  StceIn in = dut::idle<StceIn>();
  in.hb_wdata = d->zero.data();
  return in;
}

}  // namespace

extern "C" {

size_t dut_stce_count(void) { return StceRegistry::size(); }
const dut_stce_info *dut_stce_info_at(size_t i) { return StceRegistry::info(i); }

dut_stce *dut_stce_open(size_t i) {
  dut_stce *d = dut::open<dut_stce, StceRegistry>(i);
  if (d) d->sim.reset(idle_in(d));
  return d;
}

void dut_stce_close(dut_stce *d) { delete d; }

void dut_stce_write(dut_stce *d, int buf, int bank, unsigned addr, const uint32_t *word) {
  StceIn in = idle_in(d);
  in.hb_we = true, in.hb_buf = (unsigned)buf, in.hb_bank = (unsigned)bank, in.hb_addr = addr;
  in.hb_wdata = word;
  d->sim.cycle(in);
}

void dut_stce_read(dut_stce *d, int buf, int bank, unsigned addr, uint32_t *word) {
  StceIn in = idle_in(d);
  in.hb_re = true, in.hb_buf = (unsigned)buf, in.hb_bank = (unsigned)bank, in.hb_addr = addr;
  d->sim.cycle(in);
  std::memcpy(word, d->sim.sample().hb_rdata, d->zero.size() * sizeof *word);
}

int dut_stce_run(dut_stce *d, const dut_stce_cmd *c, int *err, uint64_t *cycles,
                 uint64_t max_cycles) {
  StceIn in = idle_in(d);
  in.start = true, in.cmd = *c;
  d->sim.cycle(in);
  in.start = false;
  d->busy_cycles = 0;
  if (!d->sim.sample().busy) return -1;
  // busy_o is registered: high after an edge means high through the next
  // one, which the engine counts in cycles_o.
  uint64_t n = 0;
  while (d->sim.out.busy && n < max_cycles) d->sim.cycle(in), d->sim.sample(), n++;
  d->busy_cycles = n;
  const StceOut &o = d->sim.out;
  *err = (int)o.err;
  *cycles = o.cycles;
  if (o.busy || !o.done) return -1;
  return 0;
}

uint64_t dut_stce_busy_cycles(const dut_stce *d) { return d->busy_cycles; }

}  // extern "C"
