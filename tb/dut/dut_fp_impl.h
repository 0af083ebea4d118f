// Internal to tb/dut: the port-level interface every Verilated FP unit
// adapter implements, and the registry the adapters add themselves to (the
// shim core: dut_core.h).
#ifndef NM_DUT_FP_IMPL_H
#define NM_DUT_FP_IMPL_H

#include <cstdint>

#include "dut_core.h"

struct FpIn {
  bool rst_n, valid;
  uint32_t a, b;  // b: two-input units only
};

struct FpOut {
  bool valid;
  uint32_t y;
};

typedef dut::Ports<FpIn, FpOut> FpPorts;

struct FpInfo {
  const char *cfg, *unit;
  int stages;
};

typedef dut::Registry<FpInfo, FpPorts> FpRegistry;
extern template class dut::Registry<FpInfo, FpPorts>;

#endif
