/*
** C API over the Verilated top level (nm_top) of one configuration.
**
** A program links exactly one configuration's model (sim/top.mk:
** $(call top_link,cfg)); its parameters come from that config's nm_config.h.
** The front door is the AXI4-Lite slave: dut_top_write / dut_top_read run
** one transaction each, as a master that (with delay_seed != 0) delays
** AWVALID / WVALID / ARVALID / BREADY / RREADY by random cycle counts, so
** AW may lead W, W may lead AW, or both come together.  The back door
** (hb_*) moves whole buffer words, one a cycle, while the top is idle.
*/
#ifndef NM_DUT_TOP_H
#define NM_DUT_TOP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dut_top dut_top;

typedef struct dut_top_opts {
  const char *trace_fst;   /* NULL: no trace; else FST file path (model built with --trace-fst) */
  uint64_t delay_seed;     /* 0: AXI master drives with no extra delays; else random valid/ready delays */
  unsigned max_delay;      /* largest random delay in cycles (e.g. 3) */
} dut_top_opts;

/* Instantiate + reset; NULL on failure (o may be NULL: no trace, no delays). */
dut_top *dut_top_open(const dut_top_opts *o);
/* Flushes the trace. */
void dut_top_close(dut_top *d);

/* One AXI4-Lite write (strb: WSTRB, 4 bits) / read.
** Return 0 OKAY, 2 SLVERR (the BRESP/RRESP code), -1 hang (no handshake or
** response within 10000 cycles).  *data is written on every return but -1. */
int dut_top_write(dut_top *d, uint32_t addr, uint32_t data, unsigned strb);
int dut_top_read(dut_top *d, uint32_t addr, uint32_t *data);

/* Several transactions in flight at once (beyond spec 5, for the AXI
** tests): the writes of x[] go out in order on AW and W, the reads in order
** on AR, each channel as soon as its own random delay allows (the next AW
** may be offered before the previous B), BREADY / RREADY toggle randomly
** when a delay seed is set.  x[i].resp gets 0 / 2 (-1: never answered),
** read data goes to x[i].data.  Returns 0, or -1 if 10000 cycles pass with
** no handshake while something is still owed. */
typedef struct dut_top_xfer {
  int write;           /* 1 write, 0 read */
  uint32_t addr;
  uint32_t data;       /* write data in; read data out */
  unsigned strb;       /* writes */
  int resp;            /* out */
} dut_top_xfer;
int dut_top_xfers(dut_top *d, dut_top_xfer *x, size_t n);

/* Backdoor: one whole buffer word of region (NM_REGION_*), bank, word; w is
** 8 uint32, least significant first (bits above the region's width are
** ignored on write and read as 0).  Only while the top is idle. */
void dut_top_hb_write(dut_top *d, int region, int bank, unsigned word, const uint32_t *w);
void dut_top_hb_read(dut_top *d, int region, int bank, unsigned word, uint32_t *w);

/* DRAM on the AXI4 master port (m_axi_*): tb/axi's memory model (every
** access outside [base, base + size) DECERR; latency, bytes a cycle shared
** by R and W, random ready / response stalls from seed) and the protocol
** checker on the master's channels, both stepped in every cycle from now
** on.  Without it the port idles (no ready, no response).  0, or -1. */
typedef struct dut_top_dram_opts {
  uint64_t base;
  size_t size;
  int latency;           /* >= 1 */
  int bytes_per_cycle;   /* >= 1 */
  int p_stall, p_gap;    /* percent of ready-low / response-withheld cycles */
  uint64_t seed;
} dut_top_dram_opts;
int dut_top_dram_open(dut_top *d, const dut_top_dram_opts *o);
/* The model's bytes (size of them; byte i at address base + i); NULL without DRAM. */
uint8_t *dut_top_dram(dut_top *d);
/* Every beat (read) or burst (write) touching [lo, hi) answers resp (2
** SLVERR, 3 DECERR) and a failed write burst writes nothing; lo >= hi: none. */
void dut_top_dram_error(dut_top *d, uint64_t lo, uint64_t hi, unsigned resp);
/* The first protocol violation or memory model error ("cycle N: ..."), or NULL. */
const char *dut_top_dram_fault(const dut_top *d);
/* 1 when nothing is in flight on m_axi_* (or there is no DRAM). */
int dut_top_dram_idle(const dut_top *d);

/* Clock until busy_o is low: 0, or -1 if it is still high after max_cycles. */
int dut_top_wait(dut_top *d, uint64_t max_cycles);
/* Clock until irq_o is high: 0, or -1 if it is still low after max_cycles. */
int dut_top_wait_irq(dut_top *d, uint64_t max_cycles);
/* n clock cycles with the AXI master idle. */
void dut_top_tick(dut_top *d, unsigned n);
/* Cycles simulated since open (reset cycles included). */
uint64_t dut_top_cycles(const dut_top *d);
/* Cycles busy_o was high in its last high period (the one still running
** if it is high now), counted by this shim from busy_o before each rising
** edge: must equal LAST_CYCLES, whatever the RTL's counter does. */
uint64_t dut_top_busy_cycles(const dut_top *d);

#ifdef __cplusplus
}
#endif

#endif
