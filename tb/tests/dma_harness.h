/*
** dma_harness: one Verilated nm_dma (tb/dut/dut_dma.h) on the AXI4 memory
** model (tb/axi/axi_mem.h) with the protocol checker (tb/axi/axi_check.h)
** on every cycle, driving the chip-side streams: a consumer for the read
** stream (random stalls) and a producer for the write stream (random gaps,
** row-packed beats with garbage past each row's end).  Shared by
** test_rtl_dma and the bandwidth bench.  Plain C.
*/
#ifndef NM_DMA_HARNESS_H
#define NM_DMA_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "axi_check.h"
#include "axi_mem.h"
#include "dut_dma.h"
#include "nm_rng.h"

typedef struct {
  int latency, bytes_per_cycle, p_stall, p_gap, reorder;  /* the memory model */
  int p_consumer_stall, p_producer_gap;                   /* percent */
} dma_traffic;

typedef struct {
  uint64_t addr, stride;
  uint32_t row_bytes, rows;
} dma_xfer;

/* One run: a read request, a write request, or both at once. */
typedef struct {
  int do_rd, do_wr;
  dma_xfer rd, wr;
  uint8_t *rd_got;           /* rows * row_bytes: the delivered row bytes, in order */
  size_t rd_got_len;         /* bytes delivered (less after a bus error) */
  const uint8_t *wr_src;     /* rows * row_bytes: what to write */
  size_t wr_taken;           /* stream beats the DMA took */
  unsigned rd_err, wr_err;   /* the codes done_o came with */
  uint64_t cycles;           /* from the first request cycle to the last done */
  uint64_t rd_err_cycle, wr_err_cycle;   /* first bus-error response (0: none) */
  int rd_ar_after_err, wr_aw_after_err, wr_w_after_err;  /* new AR/AW, strobed W after it */
} dma_job;

#define DMA_LOG_MAX 4096
typedef struct { uint64_t addr; unsigned len; } dma_burst_log;

typedef struct {
  dut_dma *d;
  size_t model;
  int bus_bytes;
  axi_mem *mem;
  axi_check *chk;
  nm_rng rng;
  dma_traffic t;
  uint64_t mem_base;
  size_t mem_size;
  uint64_t win_base, win_limit;
  axi_bus bus;
  uint64_t cycle;
  int model_err;
  char model_why[256];
  dma_burst_log ar_log[DMA_LOG_MAX], aw_log[DMA_LOG_MAX];   /* AR / AW handshakes of the last run */
  int n_ar, n_aw;
} dma_h;

/* Open model `model` on a fresh memory of mem_size bytes at mem_base filled
** from the seed, reset it (4 cycles, checked), window = the whole memory. */
int dma_h_open(dma_h *h, size_t model, const dma_traffic *t, uint64_t mem_base, size_t mem_size,
               uint64_t seed);
void dma_h_close(dma_h *h);

/* Run job j to its done pulses (at most max_cycles).  0, or -1 with a
** one-line why (hang, stream rule, model error); protocol violations are
** left in h->chk for the caller to assert on. */
int dma_h_run(dma_h *h, dma_job *j, uint64_t max_cycles, char *why, size_t whylen);

#endif
