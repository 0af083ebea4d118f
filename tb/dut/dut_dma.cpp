// The C API of dut_dma.h: registry of linked nm_dma models and one clock
// cycle at a time.
#include "dut_dma.h"

#include <vector>

#include "verilated.h"

namespace {

// Filled by the adapters' static initializers before main.
std::vector<DmaDesc> &registry() {
  static std::vector<DmaDesc> r;
  return r;
}

}  // namespace

bool dut_dma_register(const DmaDesc &desc) {
  registry().push_back(desc);
  return true;
}

struct dut_dma {
  VerilatedContext ctx;
  DmaPorts *ports;
  uint64_t cycles;
};

extern "C" {

size_t dut_dma_count(void) { return registry().size(); }
const char *dut_dma_name(size_t i) { return registry()[i].name; }
int dut_dma_data_bits(size_t i) { return registry()[i].data_bits; }
int dut_dma_addr_bits(size_t i) { return registry()[i].addr_bits; }
int dut_dma_max_reads(size_t i) { return registry()[i].max_reads; }
int dut_dma_id_bits(size_t i) { return registry()[i].id_bits; }

dut_dma *dut_dma_open(size_t i) {
  if (i >= registry().size()) return nullptr;
  dut_dma *d = new dut_dma;
  d->cycles = 0;
  d->ports = registry()[i].make(&d->ctx);
  return d;
}

void dut_dma_close(dut_dma *d) {
  if (!d) return;
  delete d->ports;
  delete d;
}

uint64_t dut_dma_cycles(const dut_dma *d) { return d->cycles; }

void dut_dma_cycle(dut_dma *d, const dut_dma_in *in, axi_bus *bus, dut_dma_out *out) {
  d->ports->drive(false, *in, *bus);
  d->ports->sample(*bus, *out);        // what the coming edge's handshakes see
  d->ports->drive(true, *in, *bus);
  d->cycles++;
}

}  // extern "C"
