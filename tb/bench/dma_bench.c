/*
** bench-dma: sustained bandwidth of nm_dma on long bursts against the
** memory model's peak.  Per linked model: a 256 KB read and a 256 KB write
** as 64 rows of 4 KB (page-aligned, so every burst is as long as AXI4
** allows: 256 beats or one page), memory latency 100 cycles, no stalls,
** bytes per cycle = the bus width (peak: one beat a cycle) and 16 B/cycle.
** Cycles run from the request to its done pulse (latency, the check
** cycles and the last responses included).  One line a case:
**   dma <model> <read|write> bpc=<B> bytes=<N> cycles=<C> <X> B/cycle = <P>% of peak <Q>
** Every run is checked like the test (protocol checker, data), or the
** bench exits 1 without numbers.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "dma_harness.h"

#define BENCH_BYTES (256u * 1024u)

static void run(size_t i, int write, int bpc) {
  const dma_traffic t = {100, bpc, 0, 0, 0, 0, 0};
  dma_h *h = malloc(sizeof *h);
  uint8_t *buf = malloc(BENCH_BYTES);
  TU_ASSERT(h && buf, "out of memory");
  TU_ASSERT(dma_h_open(h, i, &t, 0x80000000ull, 2 * BENCH_BYTES, 1) == 0, "cannot open %s", dut_dma_name(i));
  for (size_t k = 0; k < BENCH_BYTES; k++) buf[k] = (uint8_t)(k * 7);
  dma_job j;
  memset(&j, 0, sizeof j);
  const dma_xfer x = {0x80000000ull + (write ? BENCH_BYTES : 0), 4096, 4096, BENCH_BYTES / 4096};
  if (write) j.do_wr = 1, j.wr = x, j.wr_src = buf;
  else j.do_rd = 1, j.rd = x, j.rd_got = buf;
  char why[320];
  int rc = dma_h_run(h, &j, 10000000, why, sizeof why);
  TU_ASSERT(rc == 0, "%s: %s", dut_dma_name(i), why);
  TU_ASSERT(axi_check_violations(h->chk) == 0, "%s: %s", dut_dma_name(i), axi_check_first(h->chk));
  TU_ASSERT((write ? j.wr_err : j.rd_err) == 0, "%s: error code", dut_dma_name(i));
  const uint8_t *m = axi_mem_bytes(h->mem) + (write ? BENCH_BYTES : 0);
  if (write) TU_ASSERT(memcmp(m, buf, BENCH_BYTES) == 0, "%s: written data differ", dut_dma_name(i));
  else TU_ASSERT(memcmp(m, buf, BENCH_BYTES) == 0, "%s: read data differ", dut_dma_name(i));
  const double peak = bpc < h->bus_bytes ? bpc : h->bus_bytes;
  const double bw = (double)BENCH_BYTES / (double)j.cycles;
  printf("dma %-11s %-5s bpc=%-2d bytes=%u cycles=%llu %.2f B/cycle = %.1f%% of peak %.0f\n",
         dut_dma_name(i), write ? "write" : "read", bpc, BENCH_BYTES, (unsigned long long)j.cycles, bw,
         100.0 * bw / peak, peak);
  dma_h_close(h);
  free(h);
  free(buf);
}

int main(int argc, char **argv) {
  (void)argc;
  tu_bench_mode(argv[0]);
  for (size_t i = 0; i < dut_dma_count(); i++)
    for (int w = 0; w < 2; w++) {
      run(i, w, dut_dma_data_bits(i) / 8);
      if (dut_dma_data_bits(i) / 8 > 16) run(i, w, 16);   /* the 16 B/cycle DRAM */
    }
  return 0;
}
