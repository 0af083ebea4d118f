// The C API of dut_stce.h: registry of linked nm_stce models, buffer access
// through the idle-time port, and running one command.
#include <cstring>
#include <vector>

#define DUT_STCE_IMPL
#include "dut_stce.h"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "verilated.h"
#pragma GCC diagnostic pop

namespace {

struct Entry {
  dut_stce_info info;
  StceFactory make;
};

// Construct-on-first-use: the adapters register from static initializers.
std::vector<Entry> &registry() {
  static std::vector<Entry> r;
  return r;
}

}  // namespace

bool dut_stce_register(const dut_stce_info &info, StceFactory make) {
  registry().push_back(Entry{info, make});
  return true;
}

struct dut_stce {
  VerilatedContext ctx;
  StcePorts *ports;
  int words;                 // uint32 per buffer word (MMAX/2)
  std::vector<uint32_t> zero;
  uint64_t busy_cycles;      // of the last dut_stce_run, counted here
};

namespace {

StceIn idle_in(const dut_stce *d) {
  StceIn in;
  std::memset(&in, 0, sizeof in);
  in.rst_n = true;
  in.hb_wdata = d->zero.data();
  return in;
}

// One full clock cycle with the same inputs on both edges.
void cycle(dut_stce *d, const StceIn &in) {
  d->ports->drive(false, in);
  d->ports->drive(true, in);
}

}  // namespace

extern "C" {

size_t dut_stce_count(void) { return registry().size(); }
const dut_stce_info *dut_stce_info_at(size_t i) { return &registry()[i].info; }

dut_stce *dut_stce_open(size_t i) {
  if (i >= registry().size()) return nullptr;
  dut_stce *d = new dut_stce;
  d->ports = registry()[i].make(&d->ctx);
  d->words = registry()[i].info.mmax / 2;
  d->zero.assign((size_t)d->words, 0u);
  d->busy_cycles = 0;
  StceIn in = idle_in(d);
  in.rst_n = false;
  for (int k = 0; k < 4; k++) cycle(d, in);
  return d;
}

void dut_stce_close(dut_stce *d) {
  if (!d) return;
  delete d->ports;
  delete d;
}

void dut_stce_write(dut_stce *d, int buf, int bank, unsigned addr, const uint32_t *word) {
  StceIn in = idle_in(d);
  in.hb_we = true, in.hb_buf = (unsigned)buf, in.hb_bank = (unsigned)bank, in.hb_addr = addr;
  in.hb_wdata = word;
  cycle(d, in);
}

void dut_stce_read(dut_stce *d, int buf, int bank, unsigned addr, uint32_t *word) {
  StceIn in = idle_in(d);
  in.hb_re = true, in.hb_buf = (unsigned)buf, in.hb_bank = (unsigned)bank, in.hb_addr = addr;
  cycle(d, in);
  d->ports->rdata(word);
}

int dut_stce_run(dut_stce *d, const dut_stce_cmd *c, int *err, uint64_t *cycles,
                 uint64_t max_cycles) {
  StceIn in = idle_in(d);
  in.start = true, in.cmd = *c;
  cycle(d, in);
  in.start = false;
  d->busy_cycles = 0;
  if (!d->ports->busy()) return -1;
  // busy_o is registered: high after an edge means high through the next
  // one, which the engine counts in cycles_o.
  uint64_t n = 0;
  while (d->ports->busy() && n < max_cycles) cycle(d, in), n++;
  d->busy_cycles = n;
  *err = (int)d->ports->err();
  *cycles = d->ports->cycles();
  if (d->ports->busy() || !d->ports->done()) return -1;
  return 0;
}

uint64_t dut_stce_busy_cycles(const dut_stce *d) { return d->busy_cycles; }

}  // extern "C"
