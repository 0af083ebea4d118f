/*
** test_rtl_top, GEMM (rtl_top_harness.h; the suite is test_rtl_top.c).
** GEMM through nm_top's front door: random commands in every generated
** dataflow and N:M against the model and the cycle model, every C word
** checked; bad fields refused with their code, nothing touched.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "nm_gemm.h"
#include "rtl_top_harness.h"

static const int kNM[][2] = {{1, 2}, {2, 4}, {1, 4}, {3, 4}, {2, 8}, {1, 8}, {4, 16}, {0, 4}, {0, 2}};
#define NUM_NM (sizeof kNM / sizeof kNM[0])

void gemm_args(const gemm *c, uint32_t *a) {
  a[NM_GEMM_I_ARG] = NM_FIELD(NM_GEMM_I, c->g.I) | NM_FIELD(NM_GEMM_J, c->g.J);
  a[NM_GEMM_K_ARG] = NM_FIELD(NM_GEMM_K, c->g.K) | NM_FIELD(NM_GEMM_N, c->g.a_sparse ? c->g.N : 0) |
                     NM_FIELD(NM_GEMM_M, c->g.M);
  a[NM_GEMM_WS_ARG] = NM_FIELD(NM_GEMM_WS, c->g.ws) | NM_FIELD(NM_GEMM_SPARSE, c->g.a_sparse) |
                      NM_FIELD(NM_GEMM_CIN, c->g.init_cin) | NM_FIELD(NM_GEMM_OUT16, c->g.out16);
  a[NM_GEMM_ABASE_ARG] = NM_FIELD(NM_GEMM_ABASE, c->abase) | NM_FIELD(NM_GEMM_BBASE, c->bbase);
  a[NM_GEMM_CINBASE_ARG] = NM_FIELD(NM_GEMM_CINBASE, c->cinbase) | NM_FIELD(NM_GEMM_CBASE, c->cbase);
}

/* A random GEMM with pattern p that fits the buffers. */
void gemm_make(top *t, int p, gemm *c) {
  nm_rng *r = &t->r;
  memset(c, 0, sizeof *c);
  int N = kNM[p][0], M = kNM[p][1];
  c->g.a_sparse = N != 0, c->g.M = M, c->g.N = N ? N : M;
  c->g.K = M * (1 + (int)nm_rng_below(r, 4));
  c->g.I = 1 + (int)nm_rng_below(r, 2 * NM_ROWS + 2);
  c->g.J = 1 + (int)nm_rng_below(r, 2 * NM_COLS + 2);
  c->g.init_cin = (int)nm_rng_below(r, 2), c->g.out16 = (int)nm_rng_below(r, 2);
  nm_layout_cfg L = nm_layout_here();
  for (;;) {
    uint64_t na = nm_layout_a_need(&L, c->g.I, nm_gemm_kp(&c->g));
    uint64_t nb = nm_layout_b_need(&L, c->g.K / M, c->g.J);
    uint64_t nc = nm_layout_c_need(&L, c->g.I, c->g.J);
    if (na <= NM_ABUF_DEPTH && nb <= NM_BBUF_DEPTH && 2 * nc <= NM_CBUF_DEPTH) {
      c->abase = nm_rng_below(r, (uint32_t)(NM_ABUF_DEPTH - na + 1));
      c->bbase = nm_rng_below(r, (uint32_t)(NM_BBUF_DEPTH - nb + 1));
      c->cbase = nm_rng_below(r, (uint32_t)(NM_CBUF_DEPTH - 2 * nc + 1));
      c->cinbase = nm_rng_below(r, 2) ? c->cbase : c->cbase + (unsigned)nc;
      break;
    }
    if (c->g.I > 1) c->g.I = (c->g.I + 1) / 2;
    else if (c->g.J > 1) c->g.J = (c->g.J + 1) / 2;
    else c->g.K -= M;
  }
  int I = c->g.I, J = c->g.J, K = c->g.K, kp = nm_gemm_kp(&c->g);
  c->aval = malloc((size_t)(I * kp) * 2), c->aidx = calloc((size_t)(I * kp), 1);
  c->b = malloc((size_t)(K * J) * 2), c->cin = malloc((size_t)(I * J) * 4);
  ck_assert(c->aval && c->aidx && c->b && c->cin);
  for (int q = 0; q < I * kp; q++) c->aval[q] = rand16(r);
  if (c->g.a_sparse)
    for (int i = 0; i < I; i++)
      for (int g = 0; g < K / M; g++)
        for (int n = 0, e = 0; n < c->g.N; e++)
          if ((int)nm_rng_below(r, (uint32_t)(M - e)) < c->g.N - n)
            c->aidx[i * kp + g * c->g.N + n++] = (uint8_t)e;
  for (int q = 0; q < K * J; q++) c->b[q] = rand16(r);
  for (int q = 0; q < I * J; q++) c->cin[q] = rand32(r);
}

void gemm_free(gemm *c) { free(c->aval), free(c->aidx), free(c->b), free(c->cin); }

/* Operands into the STCE buffers through the backdoor, in nm_layout.h's
** layouts (B lanes >= M random, drawn in lane order). */
void gemm_load(top *t, const gemm *c) {
  nm_layout_cfg L = nm_layout_here();
  int kp = nm_gemm_kp(&c->g), M = c->g.M, G = c->g.K / M;
  uint32_t w[8];
  for (int i = 0; i < c->g.I; i++)
    for (int q = 0; q < kp; q++) {
      nm_layout_loc v = nm_layout_a(&L, 0, i, q, kp, c->abase);
      nm_layout_loc x = nm_layout_a(&L, 1, i, q, kp, c->abase);
      hb_put1(t, v.region, v.bank, v.word,
              (uint32_t)c->aval[i * kp + q] << v.lsb |
                  (c->g.a_sparse ? (uint32_t)c->aidx[i * kp + q] << x.lsb : 0u));
    }
  for (int j = 0; j < c->g.J; j++)
    for (int g = 0; g < G; g++) {
      memset(w, 0, sizeof w);
      for (int e = 0; e < NM_MMAX; e++) {
        uint32_t v = e < M ? c->b[(g * M + e) * c->g.J + j] : nm_rng_u32(&t->r) & 0xFFFFu;
        int lsb = nm_layout_b(&L, g, j, e, G, c->bbase).lsb;
        w[lsb / 32] |= v << (lsb % 32);
      }
      nm_layout_loc l = nm_layout_b(&L, g, j, 0, G, c->bbase);
      hb_put(t, l.region, l.bank, l.word, w);
    }
  if (c->g.init_cin)
    for (int i = 0; i < c->g.I; i++)
      for (int j = 0; j < c->g.J; j++) {
        nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->cinbase);
        hb_put1(t, l.region, l.bank, l.word, c->cin[i * c->g.J + j]);
      }
}

/* Expected C buffer after the command: the snapshot with the results placed. */
void gemm_expect(const gemm *c, uint32_t *snap) {
  uint32_t *out = malloc((size_t)(c->g.I * c->g.J) * 4);
  ck_assert(out);
  nm_gemm_ref(&c->g, c->aval, c->g.a_sparse ? c->aidx : NULL, c->b, c->cin, out);
  nm_layout_cfg L = nm_layout_here();
  for (int i = 0; i < c->g.I; i++)
    for (int j = 0; j < c->g.J; j++) {
      nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->cbase);
      snap[snap_at(l.region, l.bank, (int)l.word, 0)] = out[i * c->g.J + j];
    }
  free(out);
}

void gemm_print(const gemm *c) {
  fprintf(stderr, "    GEMM %s I=%d J=%d K=%d %d:%d %s cin=%d out16=%d abase=%u bbase=%u cinbase=%u cbase=%u\n",
          c->g.ws ? "WS" : "OS", c->g.I, c->g.J, c->g.K, c->g.N, c->g.M,
          c->g.a_sparse ? "sparse" : "dense", c->g.init_cin, c->g.out16, c->abase, c->bbase,
          c->cinbase, c->cbase);
}

/* Issue a loaded GEMM, wait, check every C word and the cycles. */
void gemm_run_check(top *t, const gemm *c) {
  uint32_t args[5], *exp = snapshot(t, NM_REGION_STCE_C);
  gemm_args(c, args);
  gemm_expect(c, exp);
  uint64_t want = nm_top_gemm_cycles(&t->hw, &c->g, 0);
  set_args(t, args);
  issue(t, NM_OP_GEMM);
  cmd_out o = finish(t, "GEMM", NM_OP_GEMM, 0, want);
  uint32_t *got = snapshot(t, NM_REGION_STCE_C);
  size_t bad = diff_snap(NM_REGION_STCE_C, "GEMM result", exp, got);
  if (bad) gemm_print(c);
  ck_assert_msg(bad == 0, "%s: %zu C-buffer words differ from nm_gemm_ref", NM_NAME, bad);
  uint64_t eng = nm_stce_cycles(&t->hw.stce, &c->g, 0);
  ck_assert_msg(o.eng == (uint32_t)eng, "%s: ENGINE_CYCLES %u, nm_stce_cycles %llu", NM_NAME, o.eng,
                (unsigned long long)eng);
  free(exp), free(got);
}

START_TEST(gemm_random_os_ws_match_model_and_cycle_model) {
  top *t = top_open(0, 4);
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(4); rep++)
    for (size_t p = 0; p < NUM_NM; p++) {
      if (kNM[p][1] > NM_MMAX) continue;
      for (int ws = 0; ws < 2; ws++) {
        if (ws ? NM_DATAFLOW == NM_DATAFLOW_OS : NM_DATAFLOW == NM_DATAFLOW_WS) continue;
        gemm c;
        gemm_make(t, (int)p, &c);
        c.g.ws = ws;
        gemm_load(t, &c);
        gemm_run_check(t, &c);
        gemm_free(&c);
        ran++;
      }
    }
  printf("%s: %zu GEMM commands through the AXI slave\n", NM_NAME, ran);
  top_close(t);
}
END_TEST

START_TEST(gemm_bad_fields_refused_with_code_touch_nothing) {
  top *t = top_open(0, 5);
  gemm c;
  gemm_make(t, 1, &c);  /* 2:4 */
  gemm_load(t, &c);
  uint32_t *before = snapshot(t, NM_REGION_STCE_C);
  struct { const char *what; int field, val, err; } bad[] = {
      {"N > M", 0, 0, NM_ERR_NM}, {"M > MMAX", 1, 0, NM_ERR_MMAX}, {"K % M", 2, 0, NM_ERR_KMOD},
      {"I = 0", 3, 0, NM_ERR_SIZE}, {"abase past A", 4, 0, NM_ERR_SIZE},
      {"dataflow not generated", 5, 0, NM_ERR_DF}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    gemm e = c;
    switch (bad[i].field) {
      case 0: e.g.N = e.g.M + 1; e.g.a_sparse = 1; break;
      case 1: e.g.M = NM_MMAX * 2 > 31 ? 31 : NM_MMAX * 2; e.g.N = 1; e.g.K = e.g.M; break;
      case 2: e.g.K = e.g.M + 1; break;
      case 3: e.g.I = 0; break;
      case 4: e.abase = NM_ABUF_DEPTH; break;
      default:
        if (NM_DATAFLOW == NM_DATAFLOW_BOTH) continue;
        e.g.ws = NM_DATAFLOW == NM_DATAFLOW_OS;
    }
    uint32_t args[5];
    gemm_args(&e, args);
    run_cmd(t, bad[i].what, NM_OP_GEMM, args, bad[i].err, nm_top_gemm_cycles(&t->hw, &e.g, 1));
    uint32_t *after = snapshot(t, NM_REGION_STCE_C);
    size_t n = diff_snap(NM_REGION_STCE_C, bad[i].what, before, after);
    ck_assert_msg(n == 0, "%s: refused GEMM (%s) changed %zu C words", NM_NAME, bad[i].what, n);
    free(after);
  }
  /* The next good command runs. */
  c.g.ws = NM_DATAFLOW == NM_DATAFLOW_WS;
  gemm_run_check(t, &c);
  gemm_free(&c);
  free(before);
  top_close(t);
}
END_TEST

void rtl_top_add_gemm_tests(TCase *tc) {
  tcase_add_test(tc, gemm_random_os_ws_match_model_and_cycle_model);
  tcase_add_test(tc, gemm_bad_fields_refused_with_code_touch_nothing);
}
