/*
** axi_bus: the signals of one AXI4 interface in one clock cycle, as plain C
** values (tb/axi's common currency).  A harness fills the master's outputs
** from the design, the slave model (axi_mem.h) fills the slave's, and the
** protocol checker (axi_check.h) reads both, every cycle, as sampled just
** before the rising edge.  Data buses up to 512 bits (64 byte lanes); byte
** lane i is data[i], strobe bit i.
*/
#ifndef NM_AXI_BUS_H
#define NM_AXI_BUS_H

#include <stdint.h>

#define AXI_MAX_BYTES 64

enum { AXI_OKAY = 0, AXI_EXOKAY = 1, AXI_SLVERR = 2, AXI_DECERR = 3 };
enum { AXI_FIXED = 0, AXI_INCR = 1, AXI_WRAP = 2 };

typedef struct {
  /* master -> slave */
  int awvalid;
  uint32_t awid;
  uint64_t awaddr;
  unsigned awlen, awsize, awburst;
  int wvalid, wlast;
  uint8_t wdata[AXI_MAX_BYTES];
  uint64_t wstrb;
  int bready;
  int arvalid;
  uint32_t arid;
  uint64_t araddr;
  unsigned arlen, arsize, arburst;
  int rready;
  /* slave -> master */
  int awready, wready, arready;
  int bvalid;
  uint32_t bid;
  unsigned bresp;
  int rvalid, rlast;
  uint32_t rid;
  uint8_t rdata[AXI_MAX_BYTES];
  unsigned rresp;
} axi_bus;

/* Bytes of beat `beat` of a burst: the first byte address it carries and
** how many (an unaligned first beat carries fewer).  size = log2 bytes. */
static inline void axi_beat_bytes(uint64_t addr, unsigned size, unsigned burst, unsigned beat,
                                  uint64_t *first, unsigned *count) {
  const uint64_t n = 1ull << size, aligned = addr & ~(n - 1);
  uint64_t a = burst == AXI_FIXED || beat == 0 ? addr : aligned + (uint64_t)beat * n;
  *first = a;
  *count = (unsigned)(n - (a & (n - 1)));
}

#endif
