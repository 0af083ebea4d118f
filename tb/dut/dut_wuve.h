/*
** C API over the Verilated weight-update vector engine (nm_wuve).
**
** A test binary links the nm_wuve models of one or more generated
** configurations; each registers itself under its config name with its lane
** count and its expected latency (2*cvt + 2*mul + 4*add stages, from the
** config's nm_config.h).  The harness plays the sequencer and the on-chip
** RAM: it streams a tensor through the engine in beats of `lanes` elements
** and writes the results back in place wherever out_we_o says so, checking
** the handshake and the latency of every beat on the way.
*/
#ifndef NM_DUT_WUVE_H
#define NM_DUT_WUVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dut_wuve dut_wuve;

/* The fp32 hyperparameter registers, as bit patterns. */
typedef struct dut_wuve_regs {
  uint32_t inv_scale, lr, mu, wd, srste;
} dut_wuve_regs;

/* Number of linked models, and the config, lanes and expected latency of the i-th. */
size_t dut_wuve_count(void);
const char *dut_wuve_cfg(size_t i);
int dut_wuve_lanes(size_t i);
int dut_wuve_latency(size_t i);
/* "mul M, add A, cvt C": the config's FP depths, for messages. */
const char *dut_wuve_depths(size_t i);

/* Instantiate and reset model i; NULL on failure. */
dut_wuve *dut_wuve_open(size_t i);
void dut_wuve_close(dut_wuve *d);

/* Load the hyperparameter registers (held from now on). */
void dut_wuve_set_regs(dut_wuve *d, const dut_wuve_regs *r);

/* Pulse clear_i for one cycle (found_inf := 0). */
void dut_wuve_clear(dut_wuve *d);

/*
** One pass of `mode` (mode_i: 0 check, 1 update, 2 update_unless_inf, 3
** invalid) over n elements.  w, v, w16 are the RAM: element i is read when
** its beat is issued and w'[i], v'[i], w16'[i] are written back when the
** beat comes out with out_we_o set for its lane.  dw, mask (0/1) are the
** gradients and forward-mask bits.  idle[k] (NULL = none) idle cycles go
** before beat k, with garbage on the inputs; lanes past n in the last beat
** are disabled and also get garbage.  The garbage carries Inf gradients, so
** a leak into found_inf shows.  *writes (may be NULL) counts written elements.
** busy_o must be high while a beat is in flight and fall once it is drained.
** Returns 0, or -1 with a one-line reason in why: a beat whose latency is
** not the expected one, a missing or extra out_valid_o, a write enable
** without out_valid_o or on a disabled lane, err_o not matching the mode,
** busy_o wrong, or a hang.
** Mode 3 must produce no output beat at all.
*/
int dut_wuve_run(dut_wuve *d, int mode, size_t n, uint32_t *w, uint32_t *v, uint16_t *w16,
                 const uint16_t *dw, const uint8_t *mask, const uint8_t *idle, size_t *writes,
                 char *why, size_t whylen);

/* found_inf_o now. */
int dut_wuve_found_inf(dut_wuve *d);

/* Clock cycles simulated so far; cycles of the last dut_wuve_run from its
** first issued beat to its last output beat (inclusive), 0 if none. */
uint64_t dut_wuve_cycles(const dut_wuve *d);
uint64_t dut_wuve_last_span(const dut_wuve *d);

#ifdef __cplusplus
}
#endif

#if defined(__cplusplus) && defined(DUT_WUVE_IMPL)
/*
** Internal to tb/dut (dut_wuve.cpp and the per-config adapters in
** dut_wuve_model.cpp): the port-level interface every Verilated nm_wuve
** adapter implements (the shim core: dut_core.h).  The lane vectors travel
** as the ports' bits in little-endian arrays of 32-bit words: lane l's
** enable / mask / out_we at bit l, w / v at bits 32l, dw / w16 at bits 16l.
*/
#include "dut_core.h"

struct WuveIn {
  bool rst_n, clear, valid;
  unsigned mode;
  const uint32_t *regs;  // inv_scale, lr, mu, wd, srste
  const uint32_t *en, *mask, *w, *v, *dw;
};

// The widest engine: wuve_lanes <= 64.
const int kWuveMaxLanes = 64;
struct WuveOut {
  bool out_valid, found_inf, busy, err;
  uint32_t we[kWuveMaxLanes / 32], w[kWuveMaxLanes], v[kWuveMaxLanes], w16[kWuveMaxLanes / 2];
};

typedef dut::Ports<WuveIn, WuveOut> WuvePorts;

struct WuveInfo {
  const char *cfg;
  int lanes, latency;
  const char *depths;
};

typedef dut::Registry<WuveInfo, WuvePorts> WuveRegistry;
extern template class dut::Registry<WuveInfo, WuvePorts>;
#endif

#endif
