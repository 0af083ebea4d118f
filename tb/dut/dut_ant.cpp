// The C API of dut_ant.h over the linked nm_ant_engine models: buffer
// access through the idle-time port, running one command, and the range
// unit.
#define DUT_ANT_IMPL
#include "dut_ant.h"

template class dut::Registry<dut_ant_info, AntPorts>;
template class dut::Registry<AntRangeInfo, AntRangePorts>;

struct dut_ant {
  dut_ant(AntPorts *p, const dut_ant_info &) : sim(p) {}
  dut::Sim<AntPorts> sim;
};

struct dut_ant_range {
  dut_ant_range(AntRangePorts *p, const AntRangeInfo &) : ports(p) {}
  ~dut_ant_range() { delete ports; }
  AntRangePorts *const ports;
};

extern "C" {

size_t dut_ant_count(void) { return AntRegistry::size(); }
const dut_ant_info *dut_ant_info_at(size_t i) { return AntRegistry::info(i); }

dut_ant *dut_ant_open(size_t i) {
  dut_ant *d = dut::open<dut_ant, AntRegistry>(i);
  if (d) d->sim.reset(dut::idle<AntIn>());
  return d;
}

void dut_ant_close(dut_ant *d) { delete d; }

void dut_ant_write(dut_ant *d, int buf, unsigned addr, uint32_t word) {
  dut_ant_write_eng(d, 0, buf, addr, word);
}

uint32_t dut_ant_read(dut_ant *d, int buf, unsigned addr, int out16) {
  return dut_ant_read_eng(d, 0, buf, addr, out16);
}

void dut_ant_write_eng(dut_ant *d, int eng, int buf, unsigned addr, uint32_t word) {
  AntIn in = dut::idle<AntIn>();
  in.hb_we = true;
  in.hb_eng = (unsigned)eng;
  in.hb_buf = (unsigned)buf;
  in.hb_addr = addr;
  in.hb_wdata = word;
  d->sim.cycle(in);
}

uint32_t dut_ant_read_eng(dut_ant *d, int eng, int buf, unsigned addr, int out16) {
  AntIn in = dut::idle<AntIn>();
  in.hb_re = true;
  in.hb_eng = (unsigned)eng;
  in.hb_buf = (unsigned)buf;
  in.hb_addr = addr;
  in.hb_out16 = out16 != 0;
  d->sim.cycle(in);
  return d->sim.low(dut::idle<AntIn>()).hb_rdata;  // registered by that edge
}

int dut_ant_run(dut_ant *d, const dut_ant_cmd *c, dut_ant_result *r, uint64_t max_cycles) {
  AntIn in = dut::idle<AntIn>();
  in.start = true;
  in.cmd = *c;
  d->sim.cycle(in);
  in.start = false;
  if (!d->sim.low(in).busy) return -1;
  uint64_t n = 0;
  while (d->sim.out.busy) {
    if (++n > max_cycles) return -1;
    d->sim.cycle(in);
    d->sim.sample();  // as the edge left them
  }
  if (!d->sim.out.done) return -1;
  *r = d->sim.out.result;
  return 0;
}

// One range unit is linked (sim/ant.mk: it has no generation parameter).
dut_ant_range *dut_ant_range_open(void) {
  return dut::open<dut_ant_range, AntRangeRegistry>(0);
}

void dut_ant_range_eval(dut_ant_range *u, const dut_ant_range_in *in, dut_ant_range_out *out) {
  u->ports->eval(*in, out);
}

void dut_ant_range_close(dut_ant_range *u) { delete u; }

}  // extern "C"
