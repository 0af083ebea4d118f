// The C API of dut_dma_pack.h over the shim core.
#include "dut_dma_pack.h"

template class dut::Registry<DpackInfo, DpackPorts>;

struct dut_dma_pack {
  dut_dma_pack(DpackPorts *p, const DpackInfo &) : sim(p) {}
  dut::Sim<DpackPorts> sim;
};

extern "C" {

size_t dut_dma_pack_count(void) { return DpackRegistry::size(); }
const char *dut_dma_pack_name(size_t i) { return DpackRegistry::info(i)->name; }
int dut_dma_pack_dw(size_t i) { return DpackRegistry::info(i)->dw; }
int dut_dma_pack_banks(size_t i) { return DpackRegistry::info(i)->banks; }
int dut_dma_pack_lanes(size_t i) { return DpackRegistry::info(i)->lanes; }

dut_dma_pack *dut_dma_pack_open(size_t i) {
  dut_dma_pack *d = dut::open<dut_dma_pack, DpackRegistry>(i);
  if (d) d->sim.reset(dut::idle<dut_dma_pack_in>());
  return d;
}

void dut_dma_pack_close(dut_dma_pack *d) { delete d; }

void dut_dma_pack_cycle(dut_dma_pack *d, const dut_dma_pack_in *in, dut_dma_pack_out *out) {
  *out = d->sim.low(*in);
  d->sim.high(*in);
}

uint64_t dut_dma_pack_cycles(const dut_dma_pack *d) { return d->sim.cycles; }

}  // extern "C"
