/*
** sore_bench MMAX ARCH: simulated throughput and latency of one linked
** nm_sore model (the first with that MMAX and architecture), for make
** bench-sore.  Prints one line: "<elements/cycle/lane> <latency>", where
**   elements/cycle/lane  groups of M = MMAX (N = MMAX/2) offered back to
**                        back, out_ready high: M * groups / cycles, per lane
**   latency              cycles from a group's first offer to its out_valid,
**                        M = MMAX, over N = 1..MMAX ("a" or "a..b")
** The data do not matter to the timing; random values are used anyway.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dut_sore.h"
#include "nm_rng.h"

#define BEATS 256

/* Back-to-back groups; returns the cycles from the first offer to the last
** acceptance (inclusive), and the first group's latency in *lat. */
static unsigned long run(size_t i, int n, int m, int beats, unsigned long *lat) {
  static uint16_t vals[DUT_SORE_MAX_LANES * DUT_SORE_MAX_MMAX];
  nm_rng r;
  unsigned long last_acc = 0, c;
  int in = 0, out = 0;
  dut_sore *d = dut_sore_open(i);
  if (!d) return 0;
  nm_rng_seed(&r, 1);
  for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) vals[k] = (uint16_t)nm_rng_u32(&r);
  *lat = 0;
  for (c = 0; out < beats && c < 1000000; c++) {
    dut_sore_in di = {1, (unsigned)n, (unsigned)m, in < beats, vals, 1};
    dut_sore_seen seen;
    dut_sore_cycle(d, &di, &seen);
    if (seen.out_valid && out++ == 0) *lat = c;
    if (di.in_valid && seen.in_ready) last_acc = c, in++;
  }
  dut_sore_close(d);
  return out == beats ? last_acc + 1 : 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: sore_bench MMAX serial|parallel\n");
    return 2;
  }
  const int mmax = atoi(argv[1]);
  for (size_t i = 0; i < dut_sore_count(); i++) {
    if (dut_sore_mmax(i) != mmax || strcmp(dut_sore_arch(i), argv[2]) != 0) continue;
    unsigned long lat, lo = ~0ul, hi = 0;
    unsigned long cycles = run(i, mmax / 2, mmax, BEATS, &lat);
    for (int n = 1; n <= mmax; n++) {
      if (!run(i, n, mmax, 1, &lat)) cycles = 0;
      lo = lat < lo ? lat : lo, hi = lat > hi ? lat : hi;
    }
    if (!cycles) {
      fprintf(stderr, "sore_bench: %s did not finish\n", dut_sore_name(i));
      return 1;
    }
    printf("%.4f %lu", (double)BEATS * mmax / (double)cycles, lo);
    if (hi != lo) printf("..%lu", hi);
    printf("\n");
    return 0;
  }
  fprintf(stderr, "sore_bench: no linked model with MMAX %d and arch '%s'\n", mmax, argv[2]);
  return 1;
}
