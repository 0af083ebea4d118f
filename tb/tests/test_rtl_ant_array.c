/*
** RTL vs golden model for nm_ant_array: P engines, each on its own planes
** (its own buffers through the port's engine select), started by one
** command.  Every engine's output plane of every pair of its batch must be
** the model's bits; the counters the sums over the engines' pairs; cycles
** the longest engine's (nm_ant_cycles_batch per engine, the maximum); a
** refused command refused by all, touching nothing.
**
**   NMTEST_QUICK=1 fewer commands, NMTEST_LONG=1 ten times more
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "ant_load.h"
#include "dut_ant.h"
#include "nm_ant.h"
#include "nm_ant_cycles.h"
#include "nm_ant_work.h"
#include "nm_rng.h"

#define MAX_CYCLES 20000000ull
#define MAX_REPORT 6
#define MAXP 16

static size_t reps(size_t full) { return tu_quick() ? (full + 3) / 4 : tu_long() ? full * 10 : full; }

/* Random batches on every engine of every linked array. */
static size_t run_arrays(size_t *ncmd) {
  size_t bad = 0;
  for (size_t m = 0; m < dut_ant_count(); m++) {
    const dut_ant_info *inf = dut_ant_info_at(m);
    const int P = inf->engines;
    if (P < 2) continue;
    ck_assert_int_le(P, MAXP);
    dut_ant *d = dut_ant_open(m);
    ck_assert_ptr_nonnull(d);
    nm_rng r;
    nm_rng_seed(&r, tu_seed() * 1000 + 900 + m);
    for (size_t rep = 0; rep < reps(12); rep++) {
      int k = rep % 3 == 2 ? 1 : 3, stride = 1 + (int)nm_rng_below(&r, 2), pad = k / 2;
      int h = 4 + (int)nm_rng_below(&r, 10), ho = (h + 2 * pad - k) / stride + 1;
      int ci = 1 + (int)nm_rng_below(&r, 3), co = 1 + (int)nm_rng_below(&r, 3);
      const double dens[] = {0.05, 0.1, 0.3, 0.7};
      const double dn = dens[nm_rng_below(&r, 4)];
      nm_ant_cmd c = {(int)(rep / 2 % 2), k, k, 1, stride, pad, inf->n};
      const int hw = k * k;
      nm_ant_plane x[MAXP][3], dy[MAXP][3];
      nm_ant_counts sum = {0, 0, 0, 0, 0};
      uint64_t cyc = 0;
      for (int e = 0; e < P; e++) {
        /* Engine e: its own planes (some engines with empty ones). */
        double de = e == P - 1 && rep % 4 == 1 ? 0.0 : dn;
        nm_ant_csr cx[3], cdy[3];
        for (int i = 0; i < ci; i++)
          ck_assert(!nm_ant_plane_random(&x[e][i], h, h, de, NM_ANT_V_WIDE, &r)), cx[i] = nm_ant_plane_csr(&x[e][i]);
        for (int j = 0; j < co; j++)
          ck_assert(!nm_ant_plane_random(&dy[e][j], ho, ho, de, NM_ANT_V_WIDE, &r)), cdy[j] = nm_ant_plane_csr(&dy[e][j]);
        nm_ant_plane sx, sdy;
        ck_assert(!nm_ant_plane_stack(x[e], ci, &sx) && !nm_ant_plane_stack(dy[e], co, &sdy));
        ant_load_planes_eng(d, e, &sx, &sdy);
        nm_ant_plane_free(&sx), nm_ant_plane_free(&sdy);
        for (int i = 0; i < ci; i++)
          for (int j = 0; j < co; j++) {
            nm_ant_counts cnt;
            nm_ant_count(&c, &cx[i], &cdy[j], &cnt);
            sum.pairs += cnt.pairs, sum.products += cnt.products, sum.rcps += cnt.rcps, sum.skipped += cnt.skipped;
          }
        uint64_t ce = nm_ant_cycles_batch(&c, 1, ci, cx, co, cdy);
        if (ce > cyc) cyc = ce;
      }
      char what[128];
      snprintf(what, sizeof what, "array#%zu (%d engines x %dx%d pairs, %dx%d k%d stride%d %s)", *ncmd, P, ci,
               co, h, h, k, stride, c.mode ? "scnn" : "ant");
      dut_ant_cmd dc = {c.mode, 1, (unsigned)h, (unsigned)ho, (unsigned)k, (unsigned)k, 1u, (unsigned)stride,
                        (unsigned)pad, (unsigned)ci - 1, (unsigned)co - 1};
      dut_ant_result res;
      if (dut_ant_run(d, &dc, &res, MAX_CYCLES) != 0 || res.err) {
        fprintf(stderr, "MISMATCH %s %s: refused or hung (err %d)\n", inf->cfg, what, res.err);
        bad++;
        continue;
      }
      size_t diffs = 0;
      for (int e = 0; e < P; e++) {
        nm_ant_acc acc[9];
        for (int i = 0; i < ci; i++)
          for (int j = 0; j < co; j++) {
            nm_ant_csr cx = nm_ant_plane_csr(&x[e][i]), cdy = nm_ant_plane_csr(&dy[e][j]);
            memset(acc, 0, sizeof acc);
            nm_ant_accumulate(&c, inf->acc_bits, &cx, &cdy, acc);
            for (int o = 0; o < hw; o++)
              for (int o16 = 0; o16 < 2; o16++) {
                unsigned a = (unsigned)((i * co + j) * hw + o);
                uint32_t want = nm_ant_readout(&acc[o], o16), got = dut_ant_read_eng(d, e, DUT_ANT_OUT, a, o16);
                if (want != got && diffs++ < MAX_REPORT)
                  fprintf(stderr, "MISMATCH %s %s engine %d pair (%d,%d) out%s[%d]: expected 0x%08x got 0x%08x "
                          "(seed %llu)\n", inf->cfg, what, e, i, j, o16 ? "16" : "32", o, want, got,
                          (unsigned long long)tu_seed());
              }
          }
      }
      if (ant_counters_differ(inf->cfg, what, &sum, cyc, &res, (unsigned long long)tu_seed()))
        diffs++;
      bad += diffs;
      (*ncmd)++;
      for (int e = 0; e < P; e++) {
        for (int i = 0; i < ci; i++) nm_ant_plane_free(&x[e][i]);
        for (int j = 0; j < co; j++) nm_ant_plane_free(&dy[e][j]);
      }
    }
    /* Refused by every engine: rows over the tables; outputs untouched. */
    uint32_t before = dut_ant_read_eng(d, P - 1, DUT_ANT_OUT, 0, 0);
    dut_ant_cmd badc = {0, 1, (unsigned)inf->rows + 1, 1, 1, 1, 1, 1, 0, 0, 0};
    dut_ant_result res;
    if (dut_ant_run(d, &badc, &res, MAX_CYCLES) != 0 || res.err != NM_ANT_E_ROWS ||
        dut_ant_read_eng(d, P - 1, DUT_ANT_OUT, 0, 0) != before) {
      fprintf(stderr, "MISMATCH %s: a refused command: err %d (expected %d) or outputs touched\n", inf->cfg,
              res.err, NM_ANT_E_ROWS);
      bad++;
    }
    dut_ant_close(d);
  }
  return bad;
}

START_TEST(test_array_engines_each_match_model_counters_sum_cycles_max) {
  size_t n = 0, bad = run_arrays(&n);
  printf("ant array: %zu commands\n", n);
  ck_assert_msg(n > 0, "no nm_ant_array model linked");
  ck_assert_msg(bad == 0, "%zu differences", bad);
}
END_TEST

static Suite *rtl_ant_array_suite(void) {
  const TTest *tests[] = {test_array_engines_each_match_model_counters_sum_cycles_max, NULL};
  return check_suite("rtl_ant_array", "rtl_ant_array", 3600, tests);
}

static const char *cfg_at(size_t i) { return dut_ant_info_at(i)->cfg; }

const check_prog check_program = {.name = "test_rtl_ant_array", .suite = rtl_ant_array_suite,
                                   .cfg_count = dut_ant_count, .cfg_name = cfg_at};
