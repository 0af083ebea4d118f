// Internal to tb/dut: the port-level interface every Verilated FP unit
// adapter implements, and the registry the adapters add themselves to.
#ifndef NM_DUT_FP_IMPL_H
#define NM_DUT_FP_IMPL_H

#include <cstdint>

class VerilatedContext;

class FpPorts {
 public:
  virtual ~FpPorts() {}
  // Drive the inputs and evaluate; clk is the level to apply.
  virtual void drive(bool clk, bool rst_n, bool valid, uint32_t a, uint32_t b) = 0;
  virtual bool valid_o() const = 0;
  virtual uint32_t y_o() const = 0;
};

typedef FpPorts *(*FpFactory)(VerilatedContext *ctx);

// Called from each adapter's static initializer; returns true.
bool dut_fp_register(const char *cfg, const char *unit, int stages, FpFactory make);

#endif
