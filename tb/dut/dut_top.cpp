// The C API of dut_top.h: reset, the AXI4-Lite master (with random
// valid/ready delays when asked), the backdoor and the clock, over the
// linked configuration's adapter (dut_top_model.cpp), and the DRAM on the
// m_axi_* port: tb/axi's memory model and protocol checker, stepped in
// every cycle once dut_top_dram_open attached them.
#include <cstdio>
#include <cstring>

extern "C" {  // tb/axi is C
#include "../axi/axi_check.h"
#include "../axi/axi_mem.h"
}
#include "dut_top.h"
#include "dut_top_impl.h"

namespace {

const uint64_t kHangCycles = 10000;  // no handshake or response in this long: -1

}  // namespace

template class dut::Registry<TopInfo, TopPorts>;

struct dut_top {
  dut_top(TopPorts *p, const TopInfo &i) : sim(p), info(i) {}
  dut::Sim<TopPorts> sim;
  TopInfo info;
  TopIn in;
  uint64_t busy_run, busy_last;  // busy_o cycles: the current run, the last ended one
  uint64_t rng;       // splitmix64 state of the delays
  unsigned max_delay; // 0: no delays
  axi_mem *mem;       // DRAM on m_axi_* (NULL: the port idles, tied off)
  axi_check *chk;
  axi_bus bus;        // this cycle's m_axi_* signals
  char fault[200];    // the memory model's first error ("" none)
};

namespace {

uint64_t next_u64(dut_top *d) {
  uint64_t z = (d->rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A random delay in [0, max_delay] (always 0 without a delay seed).
unsigned delay(dut_top *d) {
  if (d->max_delay == 0) return 0;
  return (unsigned)(next_u64(d) % (d->max_delay + 1u));
}

// Called with each cycle's outputs sampled before its rising edge: counts
// the cycles busy_o is high (what LAST_CYCLES must count), independently
// of the RTL's counter.
void note_busy(dut_top *d) {
  if (d->sim.out.busy) d->busy_run++;
  else if (d->busy_run) d->busy_last = d->busy_run, d->busy_run = 0;
}

// Every input idle but the DRAM model's outputs, which live on.
void idle_in(TopIn *in) {
  axi_bus keep = in->axi;
  *in = dut::idle<TopIn>();
  in->axi = keep;
}

// The clock low with d->in: first the DRAM model puts its outputs on the
// bus; then the master's outputs are sampled into it and checked.
void low(dut_top *d) {
  if (d->mem) {
    axi_mem_drive(d->mem, &d->bus);
    d->in.axi = d->bus;
  }
  d->sim.low(d->in);
  if (d->mem) {
    const axi_bus &m = d->sim.out.axi;
    d->bus.awvalid = m.awvalid, d->bus.awid = m.awid, d->bus.awaddr = m.awaddr;
    d->bus.awlen = m.awlen, d->bus.awsize = m.awsize, d->bus.awburst = m.awburst;
    d->bus.wvalid = m.wvalid, d->bus.wlast = m.wlast, d->bus.wstrb = m.wstrb;
    std::memcpy(d->bus.wdata, m.wdata, sizeof d->bus.wdata);
    d->bus.bready = m.bready;
    d->bus.arvalid = m.arvalid, d->bus.arid = m.arid, d->bus.araddr = m.araddr;
    d->bus.arlen = m.arlen, d->bus.arsize = m.arsize, d->bus.arburst = m.arburst;
    d->bus.rready = m.rready;
    axi_check_cycle(d->chk, &d->bus, 0);
  }
}

// The rising edge; the DRAM model takes this edge's handshakes.
void high(dut_top *d) {
  d->sim.high(d->in);
  if (d->mem) {
    char why[128];
    if (axi_mem_step(d->mem, &d->bus, why, sizeof why) != 0 && !d->fault[0])
      std::snprintf(d->fault, sizeof d->fault, "cycle %llu: %s",
                    (unsigned long long)d->sim.cycles, why);
  }
}

// One clock cycle: inputs set with the clock low, outputs of the cycle
// sampled (the slave's are registered), then the rising edge.
void cycle(dut_top *d) {
  low(d);
  note_busy(d);
  high(d);
}

}  // namespace

extern "C" {

dut_top *dut_top_open(const dut_top_opts *o) {
  dut_top *d = dut::open<dut_top, TopRegistry>(0);  // the one linked config
  if (!d) return nullptr;
  d->busy_run = d->busy_last = 0;
  d->mem = nullptr, d->chk = nullptr, d->fault[0] = 0;
  std::memset(&d->bus, 0, sizeof d->bus);
  d->rng = o ? o->delay_seed : 0;
  d->max_delay = (o && o->delay_seed) ? o->max_delay : 0;
  if (o && o->trace_fst && !d->sim.ports->trace_open(o->trace_fst)) {
    delete d;
    return nullptr;
  }
  d->in = dut::idle<TopIn>();
  d->sim.reset(d->in);
  cycle(d);
  return d;
}

void dut_top_close(dut_top *d) {
  axi_mem_free(d->mem);
  axi_check_free(d->chk);
  delete d;  // flushes the trace
}

int dut_top_dram_open(dut_top *d, const dut_top_dram_opts *o) {
  if (d->mem || !o) return -1;
  axi_mem_cfg mc;
  std::memset(&mc, 0, sizeof mc);
  mc.base = o->base, mc.size = o->size, mc.bus_bytes = d->info.axi_bytes;
  mc.latency = o->latency, mc.bytes_per_cycle = o->bytes_per_cycle;
  mc.p_stall = o->p_stall, mc.p_gap = o->p_gap, mc.reorder = 0, mc.seed = o->seed;
  mc.err_resp = AXI_SLVERR, mc.max_reads = 16, mc.max_writes = 16;
  axi_check_cfg cc = {d->info.axi_bytes, 4, d->info.max_reads, d->info.max_reads};
  d->mem = axi_mem_new(&mc);
  d->chk = d->mem ? axi_check_new(&cc) : nullptr;
  if (!d->chk) {
    axi_mem_free(d->mem);
    d->mem = nullptr;
    return -1;
  }
  std::memset(&d->bus, 0, sizeof d->bus);
  return 0;
}

uint8_t *dut_top_dram(dut_top *d) { return d->mem ? axi_mem_bytes(d->mem) : nullptr; }

void dut_top_dram_error(dut_top *d, uint64_t lo, uint64_t hi, unsigned resp) {
  if (d->mem) axi_mem_set_error(d->mem, lo, hi, resp);
}

const char *dut_top_dram_fault(const dut_top *d) {
  if (!d->mem) return nullptr;
  if (d->fault[0]) return d->fault;
  return axi_check_violations(d->chk) ? axi_check_first(d->chk) : nullptr;
}

int dut_top_dram_idle(const dut_top *d) {
  return !d->mem || (axi_mem_idle(d->mem) && axi_check_in_flight(d->chk) == 0);
}

int dut_top_write(dut_top *d, uint32_t addr, uint32_t data, unsigned strb) {
  unsigned aw_at = delay(d), w_at = delay(d), b_wait = delay(d);
  bool aw_done = false, w_done = false;
  unsigned b_seen = 0;
  idle_in(&d->in);
  for (uint64_t n = 0; n < kHangCycles; n++) {
    d->in.awvalid = !aw_done && n >= aw_at;
    d->in.awaddr = d->in.awvalid ? addr : 0xDEADBEEFu;
    d->in.wvalid = !w_done && n >= w_at;
    d->in.wdata = d->in.wvalid ? data : 0xDEADBEEFu;
    d->in.wstrb = d->in.wvalid ? strb : 0;
    d->in.bready = b_seen >= b_wait;  // ready before valid is allowed
    low(d);
    note_busy(d);
    bool aw_hs = d->in.awvalid && d->sim.out.awready, w_hs = d->in.wvalid && d->sim.out.wready;
    bool b_hs = d->in.bready && d->sim.out.bvalid;
    unsigned resp = d->sim.out.bresp;
    high(d);
    aw_done |= aw_hs, w_done |= w_hs;
    if (d->sim.out.bvalid) b_seen++;
    if (b_hs) {
      idle_in(&d->in);
      return (aw_done && w_done) ? (int)resp : -1;
    }
  }
  idle_in(&d->in);
  return -1;
}

int dut_top_read(dut_top *d, uint32_t addr, uint32_t *data) {
  unsigned ar_at = delay(d), r_wait = delay(d);
  bool ar_done = false;
  unsigned r_seen = 0;
  idle_in(&d->in);
  for (uint64_t n = 0; n < kHangCycles; n++) {
    d->in.arvalid = !ar_done && n >= ar_at;
    d->in.araddr = d->in.arvalid ? addr : 0xDEADBEEFu;
    d->in.rready = r_seen >= r_wait;
    low(d);
    note_busy(d);
    bool ar_hs = d->in.arvalid && d->sim.out.arready, r_hs = d->in.rready && d->sim.out.rvalid;
    unsigned resp = d->sim.out.rresp;
    uint32_t rdata = d->sim.out.rdata;
    high(d);
    ar_done |= ar_hs;
    if (d->sim.out.rvalid) r_seen++;
    if (r_hs) {
      idle_in(&d->in);
      if (!ar_done) return -1;
      *data = rdata;
      return (int)resp;
    }
  }
  idle_in(&d->in);
  return -1;
}

int dut_top_xfers(dut_top *d, dut_top_xfer *x, size_t n) {
  // Next transaction index per channel (writes for AW, W, B; reads for AR, R).
  size_t aw = 0, w = 0, b = 0, ar = 0, r = 0;
  auto next_w = [&](size_t i) { while (i < n && !x[i].write) i++; return i; };
  auto next_r = [&](size_t i) { while (i < n && x[i].write) i++; return i; };
  for (size_t i = 0; i < n; i++) x[i].resp = -1;
  aw = w = b = next_w(0), ar = r = next_r(0);
  unsigned aw_wait = delay(d), w_wait = delay(d), ar_wait = delay(d);
  uint64_t idle = 0;
  idle_in(&d->in);
  while ((b < n || r < n) && idle < kHangCycles) {
    d->in.awvalid = aw < n && aw_wait == 0;
    d->in.awaddr = d->in.awvalid ? x[aw].addr : 0xDEADBEEFu;
    d->in.wvalid = w < n && w_wait == 0;
    d->in.wdata = d->in.wvalid ? x[w].data : 0xDEADBEEFu;
    d->in.wstrb = d->in.wvalid ? x[w].strb : 0;
    d->in.arvalid = ar < n && ar_wait == 0;
    d->in.araddr = d->in.arvalid ? x[ar].addr : 0xDEADBEEFu;
    d->in.bready = d->max_delay == 0 || (next_u64(d) & 3) != 0;
    d->in.rready = d->max_delay == 0 || (next_u64(d) & 3) != 0;
    low(d);
    note_busy(d);
    TopOut o = d->sim.out;
    high(d);
    bool progress = false;
    if (d->in.awvalid && o.awready) aw = next_w(aw + 1), aw_wait = delay(d), progress = true;
    else if (aw_wait) aw_wait--;
    if (d->in.wvalid && o.wready) w = next_w(w + 1), w_wait = delay(d), progress = true;
    else if (w_wait) w_wait--;
    if (d->in.arvalid && o.arready) ar = next_r(ar + 1), ar_wait = delay(d), progress = true;
    else if (ar_wait) ar_wait--;
    if (d->in.bready && o.bvalid && b < n) x[b].resp = (int)o.bresp, b = next_w(b + 1), progress = true;
    if (d->in.rready && o.rvalid && r < n) {
      x[r].resp = (int)o.rresp, x[r].data = o.rdata, r = next_r(r + 1), progress = true;
    }
    idle = progress ? 0 : idle + 1;
  }
  idle_in(&d->in);
  return (b < n || r < n) ? -1 : 0;
}

void dut_top_hb_write(dut_top *d, int region, int bank, unsigned word, const uint32_t *w) {
  idle_in(&d->in);
  d->in.hb_we = true;
  d->in.hb_region = (unsigned)region, d->in.hb_bank = (unsigned)bank, d->in.hb_addr = word;
  std::memcpy(d->in.hb_wdata, w, sizeof d->in.hb_wdata);
  cycle(d);
  idle_in(&d->in);
}

void dut_top_hb_read(dut_top *d, int region, int bank, unsigned word, uint32_t *w) {
  idle_in(&d->in);
  d->in.hb_re = true;
  d->in.hb_region = (unsigned)region, d->in.hb_bank = (unsigned)bank, d->in.hb_addr = word;
  cycle(d);
  idle_in(&d->in);
  d->sim.sample();  // read data: combinational after the edge
  std::memcpy(w, d->sim.out.hb_rdata, sizeof d->sim.out.hb_rdata);
}

int dut_top_wait(dut_top *d, uint64_t max_cycles) {
  idle_in(&d->in);
  d->sim.sample();
  for (uint64_t n = 0; d->sim.out.busy && n < max_cycles; n++) {
    cycle(d);
    d->sim.sample();
  }
  return d->sim.out.busy ? -1 : 0;
}

int dut_top_wait_irq(dut_top *d, uint64_t max_cycles) {
  idle_in(&d->in);
  d->sim.sample();
  for (uint64_t n = 0; !d->sim.out.irq && n < max_cycles; n++) {
    cycle(d);
    d->sim.sample();
  }
  return d->sim.out.irq ? 0 : -1;
}

void dut_top_tick(dut_top *d, unsigned n) {
  idle_in(&d->in);
  for (unsigned k = 0; k < n; k++) cycle(d);
}

uint64_t dut_top_cycles(const dut_top *d) { return d->sim.cycles; }

uint64_t dut_top_busy_cycles(const dut_top *d) { return d->busy_run ? d->busy_run : d->busy_last; }

}  // extern "C"
