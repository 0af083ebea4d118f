/*
** C API over the Verilated sparse tensor computing engine (nm_stce).
**
** A test binary links the nm_stce models of several generated
** configurations; each registers itself under its config name with its
** shape, FP depths and buffer depths (from the config's nm_config.h).  The
** harness uses the engine's idle-time buffer port (hb_*) to load and read
** buffers one word a cycle, and its command ports to run one GEMM.
*/
#ifndef NM_DUT_STCE_H
#define NM_DUT_STCE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dut_stce dut_stce;

/* What a linked model was generated with. */
typedef struct dut_stce_info {
  const char *cfg;
  int rows, cols, mmax;
  int mul_stages, add_stages, cvt_stages;
  int has_os, has_ws;
  int abuf_depth, bbuf_depth, cbuf_depth;
} dut_stce_info;

/* Buffers of the hb_* port. */
enum { DUT_STCE_A = 0, DUT_STCE_B = 1, DUT_STCE_C = 2 };

/* One command, as the engine's cmd_* ports take it. */
typedef struct dut_stce_cmd {
  unsigned rows, cols, k, n, m;     /* I, J, K, N, M */
  int ws, sparse, cin, out16;
  unsigned abase, bbase, cinbase, cbase;
} dut_stce_cmd;

size_t dut_stce_count(void);
const dut_stce_info *dut_stce_info_at(size_t i);

/* Instantiate and reset model i; NULL on failure. */
dut_stce *dut_stce_open(size_t i);
void dut_stce_close(dut_stce *d);

/* One word of buffer `buf`, bank, address; words hold MMAX*16 bits
** (MMAX/2 uint32, least significant first; A and C use the low bits). */
void dut_stce_write(dut_stce *d, int buf, int bank, unsigned addr, const uint32_t *word);
void dut_stce_read(dut_stce *d, int buf, int bank, unsigned addr, uint32_t *word);

/*
** Run one command: start_i for one cycle, then clock until done_o (or
** max_cycles).  *err = err_o, *cycles = cycles_o.  Returns 0, or -1 if the
** engine hung (busy_o never fell) or busy_o did not rise.
*/
int dut_stce_run(dut_stce *d, const dut_stce_cmd *c, int *err, uint64_t *cycles,
                 uint64_t max_cycles);

/* Cycles the last dut_stce_run clocked with busy_o high, counted by this
** shim, not the engine: tests compare it with cycles_o, so a cycles_o bug
** that happens to agree with the cycle model still fails. */
uint64_t dut_stce_busy_cycles(const dut_stce *d);

#ifdef __cplusplus
}
#endif

#if defined(__cplusplus) && defined(DUT_STCE_IMPL)
/* Internal to tb/dut: the port interface each per-config adapter implements
** (the shim core: dut_core.h). */
#include "dut_core.h"

struct StceIn {
  bool rst_n, start, hb_we, hb_re;
  dut_stce_cmd cmd;
  unsigned hb_buf, hb_bank, hb_addr;
  const uint32_t *hb_wdata;  // MMAX/2 words
};

struct StceOut {
  bool busy, done;
  unsigned err;
  uint32_t cycles;
  uint32_t hb_rdata[8];  // MMAX/2 <= 8 words
};

typedef dut::Ports<StceIn, StceOut> StcePorts;
typedef dut::Registry<dut_stce_info, StcePorts> StceRegistry;
extern template class dut::Registry<dut_stce_info, StcePorts>;
#endif

#endif
