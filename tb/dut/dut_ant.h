/*
** C API over the Verilated ANT engine (nm_ant_engine) and range unit
** (nm_ant_range).
**
** A test binary links the nm_ant_engine models of several generated
** configurations; each registers itself under its config name with its
** ant_* parameters (from the config's nm_config.h).  The harness loads and
** reads buffers through the engine's idle-time port (hb_*), one word a
** cycle, and runs commands through its start/busy/done port.  One range
** unit model (any config: it has no generation parameter but CW) is driven
** combinationally for the exhaustive test.
*/
#ifndef NM_DUT_ANT_H
#define NM_DUT_ANT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dut_ant dut_ant;

typedef struct dut_ant_info {
  const char *cfg;   /* an nm_ant_array model: "<cfg>_x<engines>" */
  int n, acc_bits, ibuf_depth, kbuf_depth, obuf_depth, rows;
  int engines;       /* 1: nm_ant_engine; P: nm_ant_array of P engines */
} dut_ant_info;

/* Buffers of the hb_* port (nm_ant_engine's header). */
enum {
  DUT_ANT_IROW = 0, DUT_ANT_IELEM = 1, DUT_ANT_KROW = 2, DUT_ANT_KELEM = 3,
  DUT_ANT_OUT = 4, DUT_ANT_FLAGS = 5
};

typedef struct dut_ant_cmd {
  int scnn, clear;
  unsigned ih, kh, hout, wout, st, d, pad;
  unsigned cim1, com1;   /* a batch of (cim1+1) x (com1+1) channel pairs (nm_ant_engine's header) */
} dut_ant_cmd;

typedef struct dut_ant_result {
  int err, ovf;
  uint64_t cycles, pairs, prods, rcps, skipped;
} dut_ant_result;

size_t dut_ant_count(void);
const dut_ant_info *dut_ant_info_at(size_t i);

/* Instantiate and reset model i; NULL on failure. */
dut_ant *dut_ant_open(size_t i);
void dut_ant_close(dut_ant *d);

void dut_ant_write(dut_ant *d, int buf, unsigned addr, uint32_t word);
/* One word; for DUT_ANT_OUT, out16 selects the fp16 readout. */
uint32_t dut_ant_read(dut_ant *d, int buf, unsigned addr, int out16);
/* The buffers of engine eng of an nm_ant_array (dut_ant_write / _read: engine 0). */
void dut_ant_write_eng(dut_ant *d, int eng, int buf, unsigned addr, uint32_t word);
uint32_t dut_ant_read_eng(dut_ant *d, int eng, int buf, unsigned addr, int out16);

/*
** Run one command: start_i for one cycle, then clock until done_o (or
** max_cycles).  Returns 0, or -1 if busy_o did not rise or never fell.
*/
int dut_ant_run(dut_ant *d, const dut_ant_cmd *c, dut_ant_result *r, uint64_t max_cycles);

/* ---- the range unit ---- */
typedef struct dut_ant_range_in {
  unsigned y, xmin, xmax, pad, hout, wout, kh, st, d;
} dut_ant_range_in;

typedef struct dut_ant_range_out {
  int empty;
  unsigned r_lo, r_hi, step_log, ds_lo, ds_hi;
} dut_ant_range_out;

typedef struct dut_ant_range dut_ant_range;
dut_ant_range *dut_ant_range_open(void);   /* NULL if none is linked */
void dut_ant_range_eval(dut_ant_range *u, const dut_ant_range_in *in, dut_ant_range_out *out);
void dut_ant_range_close(dut_ant_range *u);

#ifdef __cplusplus
}
#endif

#if defined(__cplusplus) && defined(DUT_ANT_IMPL)
/* Internal to tb/dut: the port interfaces the adapters implement (the shim
** core: dut_core.h). */
#include "dut_core.h"

struct AntIn {
  bool rst_n, start, hb_we, hb_re, hb_out16;
  dut_ant_cmd cmd;
  unsigned hb_eng, hb_buf, hb_addr;
  uint32_t hb_wdata;
};

struct AntOut {
  bool busy, done;
  dut_ant_result result;
  uint32_t hb_rdata;
};

typedef dut::Ports<AntIn, AntOut> AntPorts;

/* The range unit is combinational: no clock, no reset. */
class AntRangePorts {
 public:
  virtual ~AntRangePorts() {}
  virtual void eval(const dut_ant_range_in &in, dut_ant_range_out *out) = 0;
};
struct AntRangeInfo {
  const char *cfg;
};

typedef dut::Registry<dut_ant_info, AntPorts> AntRegistry;
typedef dut::Registry<AntRangeInfo, AntRangePorts> AntRangeRegistry;
extern template class dut::Registry<dut_ant_info, AntPorts>;
extern template class dut::Registry<AntRangeInfo, AntRangePorts>;
#endif

#endif
