/*
** bench-wuve's simulation numbers: back-to-back beats through every linked
** nm_wuve (sim/wuve.mk links test_rtl_wuve's configs), the shim checking
** each beat's handshake and latency (a shim error ends the bench, exit 1).
** Output: one line a config, nothing else,
**   WUVE_BENCH cfg=C lanes=L elements=N beats=B cycles=S latency=S-B elements_per_cycle=N/B
** which bench-wuve joins with the Yosys numbers into build/bench/wuve.md.
** Knobs: NMTEST_SEED, NMTEST_ONLY_CFG (check_util.h).
*/
#include <stdio.h>
#include <string.h>

#include "check_util.h"
#include "dut_wuve.h"
#include "nm_rng.h"
#include "nm_wuve.h"
#include "wuve_gen.h"

int main(int argc, char **argv) {
  tu_bench_start(argc, argv, dut_wuve_count(), dut_wuve_cfg);
  for (size_t m = 0; m < dut_wuve_count(); m++) {
    const char *cfg = dut_wuve_cfg(m);
    if (tu_only_cfg() && strcmp(cfg, tu_only_cfg()) != 0) continue;
    dut_wuve *d = dut_wuve_open(m);
    TU_ASSERT(d != NULL, "cannot open nm_wuve of config %s", cfg);
    int lanes = dut_wuve_lanes(m);
    nm_rng r;
    char why[240];
    nm_rng_seed(&r, tu_seed());
    size_t n = 100000 * (size_t)lanes + (size_t)lanes / 2, writes = 0;
    size_t beats = (n + (size_t)lanes - 1) / (size_t)lanes;
    wv_tensor t = wv_tensor_alloc(n);
    wv_gen_tensor(&r, &t, 0, 30);
    nm_wuve_hp hp = wv_gen_hp_realistic(&r);
    dut_wuve_regs g = wv_regs_of(&hp);
    dut_wuve_set_regs(d, &g);
    dut_wuve_clear(d);
    int rc = dut_wuve_run(d, NM_WUVE_UPDATE, n, t.w, t.v, t.w16, t.dw, t.mask, NULL, &writes, why,
                          sizeof why);
    TU_ASSERT(rc == 0, "bench run [config %s]: %s", cfg, why);
    uint64_t span = dut_wuve_last_span(d);
    /* span = beats + latency: first beat in to last beat out, inclusive. */
    printf("WUVE_BENCH cfg=%s lanes=%d elements=%zu beats=%zu cycles=%llu latency=%llu "
           "elements_per_cycle=%.3f\n", cfg, lanes, n, beats, (unsigned long long)span,
           (unsigned long long)(span - beats), (double)n / (double)beats);
    wv_tensor_free(&t);
    dut_wuve_close(d);
  }
  return 0;
}
