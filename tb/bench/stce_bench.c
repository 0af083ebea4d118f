/*
** bench-stce's simulation tables: utilization and N:M speedup of every
** linked nm_stce (sim/stce.mk links test_rtl_stce's configs), each command
** checked bit for bit against the model and its cycles against busy_o and
** the cycle model first (stce_harness.h: a mismatch ends the bench, exit 1,
** no table).  Output: two markdown tables, nothing else
**   utilization   dense GEMM of the largest fitting shape per dataflow, with
**                 SCALE-Sim's cycles for the same GEMM
**   speedup       N:M cycles against dense of the same shape, target 0.9*M/N
** Knobs: NMTEST_SEED, NMTEST_ONLY_CFG (check_util.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "stce_harness.h"

static uint64_t gcd_u(uint64_t a, uint64_t b) { return b ? gcd_u(b, a % b) : a; }

/* Does an I x J x K command with N:M fit the buffers? */
static int fits(const dut_stce_info *in, int I, int J, int K, int n, int m) {
  nm_gemm_cmd g;
  memset(&g, 0, sizeof g);
  g.I = I, g.J = J, g.K = K, g.M = m, g.N = n ? n : m, g.a_sparse = n != 0;
  uint64_t na, nb, nc;
  st_needs(in, &g, &na, &nb, &nc);
  return na <= (uint64_t)in->abuf_depth && nb <= (uint64_t)in->bbuf_depth &&
         nc <= (uint64_t)in->cbuf_depth;
}

/* WS beats per tile at least (the cycle model's JMIN), rounded up to C. */
static int ws_jmin(const dut_stce_info *in) {
  nm_stce_hw hw = st_hw(in);
  return (int)(st_ceil_div(nm_stce_ws_jmin(&hw), (uint64_t)in->cols) * (uint64_t)in->cols);
}

/* The dense GEMM (M = m) with the most MACs that fits, ties to the longer
** K: I a multiple of the generated dataflows' tile heights, J of L*C (full
** OS tiles) and at least the WS minimum, K' >= 8R, and K/m (the 1:m K')
** at least the OS tile minimum, so every N:M of this M is a fair speedup. */
static void bench_shape(const dut_stce_info *in, int m, int *I, int *J, int *K) {
  nm_stce_hw hw = st_hw(in);
  int R = in->rows, C = in->cols, L = nm_stce_slots(&hw);
  int iu = in->has_ws ? (in->has_os ? (int)((uint64_t)R * (uint64_t)C / gcd_u((uint64_t)R, (uint64_t)C)) : C) : R;
  int ju = L * C, jmin = in->has_ws ? ws_jmin(in) : 1, kmin = (int)nm_stce_os_kmin(&hw);
  int ks = in->has_ws ? m * R : m; /* WS: the 1:m K' = K/m in whole K-tiles */
  uint64_t best = 0;
  *I = iu, *J = ju, *K = 8 * R;
  for (int i = iu; i <= 64; i += iu)
    for (int j = ju; j <= 128; j += ju)
      for (int k = ks; k <= 1024; k += ks) {
        if (j < jmin || k < 8 * R || k / m < kmin || !fits(in, i, j, k, 0, m)) continue;
        uint64_t w = (uint64_t)i * (uint64_t)j * (uint64_t)k;
        if (w > best || (w == best && k > *K)) best = w, *I = i, *J = j, *K = k;
      }
}

/* Run (and check) one bench command; its cycles. */
static uint64_t bench_run(dut_stce *d, const dut_stce_info *in, nm_rng *r, int I, int J, int K,
                          int n, int m, int ws, uint32_t *before, uint32_t *after) {
  st_case c = st_fixed_case(r, I, J, K, n, m, ws);
  uint64_t cyc = st_run_good(d, in, r, &c, before, after);
  st_case_free(&c);
  return cyc;
}

static const int kBenchNM[][2] = {{2, 4}, {1, 4}, {2, 8}, {1, 8}};

static const char *cfg_at(size_t i) { return dut_stce_info_at(i)->cfg; }

int main(int argc, char **argv) {
  tu_bench_start(argc, argv, dut_stce_count(), cfg_at);
  printf("| config | R x C | L | dataflow | dense GEMM I x J x K | cycles (= model) | utilization | "
         "SCALE-Sim | nmgen / SCALE-Sim |\n|---|---|---|---|---|---|---|---|---|\n");
  char speed[8192];
  size_t sl = (size_t)snprintf(speed, sizeof speed,
                               "| config | dataflow | GEMM | N:M | dense cycles | N:M cycles | speedup | "
                               "target 0.9*M/N | met |\n|---|---|---|---|---|---|---|---|---|\n");
  for (size_t mi = 0; mi < dut_stce_count(); mi++) {
    const dut_stce_info *in;
    nm_rng r;
    dut_stce *d = st_open(mi, &in, &r, tu_seed());
    if (!d) continue;
    uint32_t *before = malloc(st_snapshot_words(in, DUT_STCE_C) * 4);
    uint32_t *after = malloc(st_snapshot_words(in, DUT_STCE_C) * 4);
    TU_ASSERT(before && after, "out of memory");
    nm_stce_hw hw = st_hw(in);
    int mm = in->mmax >= 8 ? 8 : 4;
    for (int ws = 0; ws < 2; ws++) {
      if (!(ws ? in->has_ws : in->has_os)) continue;
      const char *df = ws ? "WS" : "OS";
      for (int m = 4; m <= mm; m *= 2) {
        int I, J, K;
        bench_shape(in, m, &I, &J, &K);
        uint64_t cd = bench_run(d, in, &r, I, J, K, 0, m, ws, before, after);
        nm_gemm_cmd g = {I, J, K, m, m, 0, 0, 0, ws};
        uint64_t ss = nm_stce_scalesim_cycles(&hw, &g, ws);
        printf("| %s | %dx%d | %d | %s | %dx%dx%d (M=%d) | %llu | %.1f%% | %llu | %.2f |\n", in->cfg,
               in->rows, in->cols, nm_stce_slots(&hw), df, I, J, K, m, (unsigned long long)cd,
               100.0 * (double)nm_stce_macs(&g) / ((double)in->rows * in->cols * (double)cd),
               (unsigned long long)ss, (double)cd / (double)ss);
        for (size_t q = 0; q < sizeof kBenchNM / sizeof kBenchNM[0]; q++) {
          int n = kBenchNM[q][0];
          if (kBenchNM[q][1] != m) continue;
          uint64_t cs = bench_run(d, in, &r, I, J, K, n, m, ws, before, after);
          double sp = (double)cd / (double)cs, tgt = 0.9 * m / n;
          if (sl < sizeof speed)
            sl += (size_t)snprintf(speed + sl, sizeof speed - sl,
                                   "| %s | %s | %dx%dx%d | %d:%d | %llu | %llu | %.2fx | %.1fx | %s |\n",
                                   in->cfg, df, I, J, K, n, m, (unsigned long long)cd,
                                   (unsigned long long)cs, sp, tgt, sp >= tgt ? "yes" : "no");
        }
      }
    }
    free(before), free(after);
    dut_stce_close(d);
  }
  printf("\n%s", speed);
  return 0;
}
