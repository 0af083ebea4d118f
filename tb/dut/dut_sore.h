/*
** C API over Verilated nm_sore models (the SORE pruning engine).
**
** A test binary links several models: each (configuration, architecture,
** parameter variant) registers itself under a name such as "tiny/serial".
** The harness drives one clock cycle at a time: it applies the inputs,
** samples what the handshakes at the coming rising edge see (in_ready_o,
** out_valid_o, the output beat), then clocks.  All protocol checking lives
** in the C tests; the shim only packs and unpacks the port bits.
*/
#ifndef NM_DUT_SORE_H
#define NM_DUT_SORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The widest engine the shim supports (nm_sore checks its own limits). */
#define DUT_SORE_MAX_LANES 64
#define DUT_SORE_MAX_MMAX 16

typedef struct dut_sore dut_sore;

/* Number of linked models and the description of the i-th one. */
size_t dut_sore_count(void);
const char *dut_sore_name(size_t i);   /* "<variant>/<arch>", e.g. "tiny/serial" */
const char *dut_sore_cfg(size_t i);    /* the generated configuration it came from */
const char *dut_sore_arch(size_t i);   /* "serial" or "parallel" */
int dut_sore_mmax(size_t i);
int dut_sore_lanes(size_t i);
int dut_sore_nm_bits(size_t i);        /* width of the n_i / m_i ports */

/* Instantiate model i and reset it (rst_ni low for 4 cycles); NULL on failure. */
dut_sore *dut_sore_open(size_t i);
void dut_sore_close(dut_sore *d);

/* Inputs of one cycle. */
typedef struct {
  int rst_n;                 /* 0 = synchronous reset this cycle */
  unsigned n, m;             /* driven on n_i, m_i (cut to the port width) */
  int in_valid;
  const uint16_t *in_vals;   /* lanes*mmax values, lane-major; NULL = all 0 */
  int out_ready;
} dut_sore_in;

/* Outputs sampled before the rising edge of that cycle. */
typedef struct {
  int in_ready, out_valid, cfg_err, busy;
} dut_sore_seen;

/* One clock cycle: drive `in`, settle, sample into `seen`, rising edge. */
void dut_sore_cycle(dut_sore *d, const dut_sore_in *in, dut_sore_seen *seen);

/*
** The output beat sampled in the last cycle (valid only if seen.out_valid):
** vals[l*mmax + k], idx[l*mmax + k] (slot k of lane l), mask[l].
*/
void dut_sore_out(const dut_sore *d, uint16_t *vals, uint8_t *idx, uint32_t *mask);

/* Clock cycles simulated so far by this instance. */
uint64_t dut_sore_cycles(const dut_sore *d);

#ifdef __cplusplus
}

/*
** Internal to tb/dut: the port-level interface each Verilated model's
** adapter (dut_sore_model.cpp) implements (the shim core: dut_core.h).
** Wide ports travel as little-endian arrays of 32-bit words.
*/
#include "dut_core.h"

struct SoreIn {
  bool rst_n;
  unsigned n, m;
  bool in_valid;
  const uint32_t *in_words;  // lanes*mmax 16-bit values, two to a word
  bool out_ready;
};

// The widest ports: lanes*mmax 16-bit values, as many 4-bit indices
// (mmax <= 16), lanes*mmax mask bits.
struct SoreOut {
  bool in_ready, out_valid, cfg_err, busy;
  uint32_t vals[DUT_SORE_MAX_LANES * DUT_SORE_MAX_MMAX / 2];
  uint32_t idx[DUT_SORE_MAX_LANES * DUT_SORE_MAX_MMAX / 8];
  uint32_t mask[DUT_SORE_MAX_LANES * DUT_SORE_MAX_MMAX / 32];
};

typedef dut::Ports<SoreIn, SoreOut> SorePorts;

struct SoreInfo {
  const char *name, *cfg, *arch;
  int mmax, lanes, nm_bits;
};

typedef dut::Registry<SoreInfo, SorePorts> SoreRegistry;
extern template class dut::Registry<SoreInfo, SorePorts>;

#endif /* __cplusplus */

#endif
