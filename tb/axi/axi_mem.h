/*
** axi_mem: a C model of an AXI4 slave memory, driven one clock cycle at a
** time through axi_bus.h.  What it models:
**   - a byte array at [base, base + size); accesses outside get DECERR;
**   - latency: a read burst's first beat no earlier than `latency` cycles
**     after its AR handshake; a write's B no earlier than `latency` cycles
**     after its last W beat;
**   - bandwidth: `bytes_per_cycle` credits a cycle shared by R and W beats
**     (a beat of the bus width costs its width), so the peak is
**     min(bytes_per_cycle, bus bytes) per cycle;
**   - random stalls from `seed`: AWREADY / WREADY / ARREADY low with
**     probability p_stall %, RVALID / BVALID withheld p_gap % of the cycles
**     a response could go out (never withdrawn once shown);
**   - reordering (`reorder`): R beats and B responses of different IDs in
**     random order, per beat (reads interleave); one ID stays in order;
**   - error injection: every beat (read) or burst (write) touching
**     [err_lo, err_hi) answers err_resp (SLVERR or DECERR), and a write
**     burst with an error writes nothing;
**   - W may come before its AW (W beats queue up), as AXI4 allows.
** A burst it cannot serve (WRAP, a size wider than the bus, a W count
** different from AWLEN + 1) is a model error: axi_mem_step returns -1 with
** why; the protocol checker (axi_check.h) names such bugs on the master
** side first.  No global state; every instance owns its memory.
*/
#ifndef NM_AXI_MEM_H
#define NM_AXI_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "axi_bus.h"

typedef struct {
  uint64_t base;                 /* first byte address */
  size_t size;                   /* bytes */
  int bus_bytes;                 /* 8..64 */
  int latency;                   /* cycles, >= 1 */
  int bytes_per_cycle;           /* >= 1 */
  int p_stall, p_gap;            /* percent */
  int reorder;                   /* 0/1 */
  uint64_t seed;
  uint64_t err_lo, err_hi;       /* injected error range, empty if err_lo >= err_hi */
  unsigned err_resp;             /* AXI_SLVERR or AXI_DECERR */
  int max_reads, max_writes;     /* bursts it accepts before holding AR / AW ready low */
} axi_mem_cfg;

typedef struct axi_mem axi_mem;

/* Statistics for benches: beats moved and the cycles the model ran. */
typedef struct {
  uint64_t cycles, r_beats, w_beats, ar_count, aw_count, b_count;
} axi_mem_stats;

axi_mem *axi_mem_new(const axi_mem_cfg *cfg);   /* NULL on a bad cfg or no memory */
void axi_mem_free(axi_mem *m);
uint8_t *axi_mem_bytes(axi_mem *m);            /* the backing store, size bytes */
void axi_mem_set_error(axi_mem *m, uint64_t lo, uint64_t hi, unsigned resp);
const axi_mem_stats *axi_mem_stats_of(const axi_mem *m);
/* Nothing accepted and not yet answered. */
int axi_mem_idle(const axi_mem *m);

/* The slave's outputs for this cycle (ready, R and B channels) into bus. */
void axi_mem_drive(axi_mem *m, axi_bus *bus);
/* After the master's outputs were sampled into bus: the handshakes of this
** cycle's rising edge take effect.  0, or -1 with a one-line why. */
int axi_mem_step(axi_mem *m, const axi_bus *bus, char *why, size_t whylen);

#endif
