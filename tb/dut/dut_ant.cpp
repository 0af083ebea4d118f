// The C API of dut_ant.h: registry of linked nm_ant_engine models, buffer
// access through the idle-time port, running one command, and the range
// unit.
#include <cstring>
#include <vector>

#define DUT_ANT_IMPL
#include "dut_ant.h"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "verilated.h"
#pragma GCC diagnostic pop

namespace {

struct Entry {
  dut_ant_info info;
  AntFactory make;
};

// Construct-on-first-use: the adapters register from static initializers.
std::vector<Entry> &registry() {
  static std::vector<Entry> r;
  return r;
}

AntRangeFactory &range_factory() {
  static AntRangeFactory f = nullptr;
  return f;
}

AntIn idle_in() {
  AntIn in;
  std::memset(&in, 0, sizeof in);
  in.rst_n = true;
  return in;
}

}  // namespace

bool dut_ant_register(const dut_ant_info &info, AntFactory make) {
  registry().push_back(Entry{info, make});
  return true;
}

bool dut_ant_range_register(AntRangeFactory make) {
  range_factory() = make;
  return true;
}

struct dut_ant {
  VerilatedContext ctx;
  AntPorts *ports;
};

struct dut_ant_range {
  VerilatedContext ctx;
  AntRangePorts *ports;
};

namespace {

// One full clock cycle with the same inputs on both edges.
void cycle(dut_ant *d, const AntIn &in) {
  d->ports->drive(false, in);
  d->ports->drive(true, in);
}

}  // namespace

extern "C" {

size_t dut_ant_count(void) { return registry().size(); }
const dut_ant_info *dut_ant_info_at(size_t i) { return &registry()[i].info; }

dut_ant *dut_ant_open(size_t i) {
  if (i >= registry().size()) return nullptr;
  dut_ant *d = new dut_ant;
  d->ports = registry()[i].make(&d->ctx);
  AntIn in = idle_in();
  in.rst_n = false;
  for (int k = 0; k < 4; k++) cycle(d, in);
  return d;
}

void dut_ant_close(dut_ant *d) {
  if (!d) return;
  delete d->ports;
  delete d;
}

void dut_ant_write(dut_ant *d, int buf, unsigned addr, uint32_t word) {
  AntIn in = idle_in();
  in.hb_we = true;
  in.hb_buf = (unsigned)buf;
  in.hb_addr = addr;
  in.hb_wdata = word;
  cycle(d, in);
}

uint32_t dut_ant_read(dut_ant *d, int buf, unsigned addr, int out16) {
  AntIn in = idle_in();
  in.hb_re = true;
  in.hb_buf = (unsigned)buf;
  in.hb_addr = addr;
  in.hb_out16 = out16 != 0;
  cycle(d, in);
  d->ports->drive(false, idle_in());   // rdata_o: registered by that edge
  return d->ports->rdata();
}

int dut_ant_run(dut_ant *d, const dut_ant_cmd *c, dut_ant_result *r, uint64_t max_cycles) {
  AntIn in = idle_in();
  in.start = true;
  in.cmd = *c;
  cycle(d, in);
  in.start = false;
  d->ports->drive(false, in);
  if (!d->ports->busy()) return -1;
  uint64_t n = 0;
  while (d->ports->busy()) {
    if (++n > max_cycles) return -1;
    cycle(d, in);
  }
  if (!d->ports->done()) return -1;
  d->ports->result(r);
  return 0;
}

dut_ant_range *dut_ant_range_open(void) {
  if (!range_factory()) return nullptr;
  dut_ant_range *u = new dut_ant_range;
  u->ports = range_factory()(&u->ctx);
  return u;
}

void dut_ant_range_eval(dut_ant_range *u, const dut_ant_range_in *in, dut_ant_range_out *out) {
  u->ports->eval(*in, out);
}

void dut_ant_range_close(dut_ant_range *u) {
  if (!u) return;
  delete u->ports;
  delete u;
}

}  // extern "C"
