/*
** test_rtl_top_overlap: nm_top's two channels (regmap.md "Two channels"):
** XFERs beside a running GEMM, as double buffering uses them, through the
** front door with DRAM on m_axi_* (top_dma_harness.h).
**
** Per round, two random GEMMs c1, c2 in disjoint halves of the A, B and C
** buffers.  c1's operands in (one at a time), c2's A and B words scrambled
** through the backdoor; then GEMM c1 runs while (first) an XFER into c1's
** own A words is tried and c2's A' and B are XFERed in beside it; then
** GEMM c2 runs while c1's C goes out.  Checked: the try ends with CONFLICT
** (DMA code 9) whenever c1 was still running at that point by the cycle
** count (and may only run after c1 ended), every result word of c1 and c2
** equals nm_gemm_ref (c2 computes from what the XFERs beside c1 wrote: a
** dropped write reads the scrambled words), c1's C in DRAM byte for byte,
** each GEMM's COMP_CYCLES equal to the cycle model with the XFERs beside
** it, and, over the rounds, that XFERs did start beside a running GEMM
** (COMP_STATUS busy after their CMD write).  The protocol checker watches
** every cycle.
** Part of test_rtl_top_dma's program (rtl_top_add_overlap_tests).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "rtl_top_harness.h"
#include "top_dma_harness.h"

/* Patterns of test_rtl_top_gemm.c's list (index, M). */
static const int kPat[][2] = {{1, 4}, {7, 4}, {0, 2}, {3, 4}, {8, 2}, {4, 8}};
#define NPAT (int)(sizeof kPat / sizeof kPat[0])

/* The channel's end; the driver's result, checked for err. */
static nmd_result wait_ch(top *t, const char *what, int ch, int want_err) {
  nmd_result r;
  int rc = nmd_wait_channel(&t->dev, ch, MAX_WAIT, &r);
  if (rc == NMD_E_TIMEOUT || rc == NMD_E_BUS) rerun();
  ck_assert_msg(rc != NMD_E_TIMEOUT && rc != NMD_E_BUS, "%s %s: nmd_wait_channel: %s", NM_NAME, what,
                nmd_rc_name(rc));
  if ((int)r.err != want_err) rerun();
  ck_assert_msg((int)r.err == want_err, "%s %s: err %u (%s), expected %d (%s)", NM_NAME, what, r.err,
                nmd_err_name(r.err), want_err, nmd_err_name((uint32_t)want_err));
  return r;
}

/* Issue one XFER (no wait): DMA_ADDR / STRIDE, its ARG words, CMD. */
static void xfer_issue(dt *x, const xfer *f) {
  uint32_t a[5];
  xfer_dram_regs(x, f);
  xfer_args(f, a);
  set_args(x->t, a);
  issue(x->t, NM_OP_XFER);
}

/* XFERs that started while the compute channel was busy (COMP_STATUS read
** after the XFER's CMD write), and those that also ended before it. */
typedef struct beside {
  size_t started, whole;
} beside;

/* An XFER beside the running GEMM that must succeed. */
static void xfer_beside(dt *x, const char *what, const xfer *f, beside *b) {
  xfer_issue(x, f);
  int started = (int)NM_GET(NM_COMP_STATUS_BUSY, rd_ok(x->t, NM_REG_COMP_STATUS));
  wait_ch(x->t, what, NMD_CH_XFER, 0);
  int whole = started && NM_GET(NM_COMP_STATUS_BUSY, rd_ok(x->t, NM_REG_COMP_STATUS));
  b->started += (size_t)started, b->whole += (size_t)whole;
}

/* Two GEMMs of patterns p1, p2 in disjoint halves of the buffers; c1 OS
** when generated and without C_in (so its C can go out beside c2).  0 if
** they did not fit in 20 draws. */
static int make_pair_of(top *t, int p1, int p2, gemm *c1, gemm *c2) {
  for (int k = 0; k < 20; k++) {
    gemm_make_even(t, p1, c1);
    gemm_make_even(t, p2, c2);
    c1->g.ws = NM_DATAFLOW == NM_DATAFLOW_WS, c1->g.init_cin = 0;
    c2->g.ws = NM_DATAFLOW == NM_DATAFLOW_BOTH ? (int)nm_rng_below(&t->r, 2) : NM_DATAFLOW == NM_DATAFLOW_WS;
    unsigned a1 = need_a(c1), b1 = need_b(c1), n1 = need_c(c1);
    if (a1 + need_a(c2) <= NM_ABUF_DEPTH && b1 + need_b(c2) <= NM_BBUF_DEPTH && n1 + need_c(c2) <= NM_CBUF_DEPTH) {
      c1->abase = 0, c1->bbase = 0, c1->cbase = 0, c1->cinbase = 0;
      c2->abase = a1, c2->bbase = b1, c2->cbase = n1, c2->cinbase = n1;
      return 1;
    }
    gemm_free(c1), gemm_free(c2);
  }
  return 0;
}

int make_pair(top *t, gemm *c1, gemm *c2) {
  int p1 = (int)nm_rng_below(&t->r, NPAT), p2 = (int)nm_rng_below(&t->r, NPAT);
  return kPat[p1][1] <= NM_MMAX && kPat[p2][1] <= NM_MMAX && make_pair_of(t, kPat[p1][0], kPat[p2][0], c1, c2);
}

/* Random words over words [base, base + need) of every bank of a region. */
void scramble(top *t, int id, unsigned base, unsigned need) {
  const region *g = region_of(id);
  uint32_t w[8];
  for (int b = 0; b < g->banks; b++)
    for (unsigned k = base; k < base + need; k++) {
      for (int s = 0; s < 8; s++) w[s] = nm_rng_u32(&t->r);
      hb_put(t, id, b, k, w);
    }
}

/* Issue a loaded GEMM (its C snapshot expected in *exp, taken now). */
static void gemm_issue(top *t, const gemm *c, uint32_t **exp) {
  uint32_t args[5];
  *exp = snapshot(t, NM_REGION_STCE_C);
  gemm_expect(c, *exp);
  gemm_args(c, args);
  set_args(t, args);
  issue(t, NM_OP_GEMM);
}

/* The GEMM's end (compute channel), its cycles against the model, every C word. */
static void gemm_finish(top *t, const char *what, const gemm *c, uint32_t *exp) {
  nmd_result r = wait_ch(t, what, NMD_CH_COMPUTE, 0);
  uint64_t want = nm_top_gemm_cycles(&t->hw, &c->g, 0);
  if (r.last_cycles != (uint32_t)want) gemm_print(c), rerun();
  ck_assert_msg(r.op == NM_OP_GEMM && r.last_cycles == (uint32_t)want,
                "%s %s: op %u COMP_CYCLES %u, nm_top_gemm_cycles %llu (XFERs beside it must not slow it)",
                NM_NAME, what, r.op, r.last_cycles, (unsigned long long)want);
  t->perf[NM_OP_GEMM - 1] += r.last_cycles;
  ck_assert_msg(dut_top_wait(t->d, MAX_WAIT) == 0, "%s %s: still busy", NM_NAME, what);
  uint32_t *got = snapshot(t, NM_REGION_STCE_C);
  size_t bad = diff_snap(NM_REGION_STCE_C, what, exp, got);
  if (bad) gemm_print(c), rerun();
  ck_assert_msg(bad == 0, "%s %s: %zu C-buffer words differ from nm_gemm_ref", NM_NAME, what, bad);
  free(exp), free(got);
}

/* Random u32 words in a fresh tile: an A' pairs tile whose write would show. */
dtile junk_pairs(dt *x, int rows, int cols) {
  dtile d = dt_alloc(x, rows, cols, 4);
  for (int i = 0; i < rows; i++)
    for (int q = 0; q < cols; q++) dt_put(x, &d, i, q, nm_rng_u32(&x->t->r));
  return d;
}

/* Slack between the host's view of a CMD write and its acceptance. */
#define ISSUE_SLACK 16u

START_TEST(xfers_beside_gemms_match_model_and_overlap) {
  dt *x = dt_open(201);
  top *t = x->t;
  size_t rounds = 0, conflicts = 0, late = 0;
  beside bs = {0, 0};
  for (size_t rep = 0; rep < reps(8); rep++) {
    gemm c1, c2;
    if (!make_pair(t, &c1, &c2)) continue;
    x->next = 0;
    gdram g1 = gemm_to_dram(x, &c1), g2 = gemm_to_dram(x, &c2);
    gemm_load_dma(x, &c1, &g1);
    if (c2.g.init_cin) {
      xfer ci = xf(DK_C32, NM_REGION_STCE_C, 0, c2.cinbase, need_c(&c2), 0, &g2.cin);
      xfer_go(x, "XFER c2's C_in in", &ci, 0);
    }
    scramble(t, NM_REGION_STCE_A, c2.abase, need_a(&c2));
    scramble(t, NM_REGION_STCE_B, c2.bbase, need_b(&c2));
    dtile junk = junk_pairs(x, c1.g.I, nm_gemm_kp(&c1.g));
    xfer clash = xf(DK_A_PAIR, NM_REGION_STCE_A, 0, c1.abase, need_a(&c1), 0, &junk);
    xfer ops[3];
    int nops = 0;
    if (g2.pair) {
      ops[nops++] = xf(DK_A_PAIR, NM_REGION_STCE_A, 0, c2.abase, need_a(&c2), 0, &g2.apair);
    } else {
      ops[nops++] = xf(DK_A_VAL, NM_REGION_STCE_A, 0, c2.abase, need_a(&c2), 0, &g2.aval);
      if (c2.g.a_sparse) ops[nops++] = xf(DK_A_IDX, NM_REGION_STCE_A, 0, c2.abase, need_a(&c2), 0, &g2.aidx);
    }
    ops[nops++] = xf_b(&c2, &g2);

    /* c1 runs: the try at its A words, then c2's operands beside it */
    uint32_t *exp;
    uint64_t c1_cyc = nm_top_gemm_cycles(&t->hw, &c1.g, 0);
    gemm_issue(t, &c1, &exp);
    uint64_t t_gemm = dut_top_cycles(t->d);
    xfer_issue(x, &clash);
    uint64_t t_try = dut_top_cycles(t->d);
    nmd_result r;
    int rc = nmd_wait_channel(&t->dev, NMD_CH_XFER, MAX_WAIT, &r);
    uint32_t ds = rd_ok(t, NM_REG_DMA_STATUS);
    int conflict = r.err == NM_ERR_CONFLICT;
    if (!(rc == NMD_OK || (conflict && NM_GET(NM_DMA_STATUS_ERR, ds) == 9))) gemm_print(&c1), rerun();
    ck_assert_msg(rc == NMD_OK || (conflict && NM_GET(NM_DMA_STATUS_ERR, ds) == 9),
                  "%s: XFER into the running GEMM's A words: %s, err %u, DMA_STATUS 0x%08x", NM_NAME,
                  nmd_rc_name(rc), r.err, ds);
    /* accepted by t_try, checked a cycle later; c1 accepted by t_gemm, ends c1_cyc later */
    if (conflict ? t_try > t_gemm + c1_cyc + ISSUE_SLACK : t_try + ISSUE_SLACK < t_gemm + c1_cyc) gemm_print(&c1), rerun();
    ck_assert_msg(conflict || t_try + ISSUE_SLACK >= t_gemm + c1_cyc,
                  "%s: the XFER into c1's A words ran %llu cycles into a %llu-cycle GEMM", NM_NAME,
                  (unsigned long long)(t_try - t_gemm), (unsigned long long)c1_cyc);
    ck_assert_msg(!conflict || t_try <= t_gemm + c1_cyc + ISSUE_SLACK,
                  "%s: CONFLICT %llu cycles after a %llu-cycle GEMM began", NM_NAME,
                  (unsigned long long)(t_try - t_gemm), (unsigned long long)c1_cyc);
    conflicts += (size_t)conflict, late += (size_t)!conflict;
    for (int k = 0; k < nops; k++) xfer_beside(x, "XFER c2's operand beside c1", &ops[k], &bs);
    gemm_finish(t, "GEMM c1, XFERs beside it", &c1, exp);

    /* c2 computes from the words the XFERs beside c1 wrote; c1's C goes out beside it */
    uint32_t *out1 = malloc((size_t)(c1.g.I * c1.g.J) * 4);
    ck_assert(out1);
    nm_gemm_ref(&c1.g, c1.aval, c1.g.a_sparse ? c1.aidx : NULL, c1.b, c1.cin, out1);
    for (int i = 0; i < c1.g.I; i++)
      for (int j = 0; j < c1.g.J; j++) dt_expect(x, &g1.c, i, j, out1[i * c1.g.J + j]);
    free(out1);
    gemm_issue(t, &c2, &exp);
    xfer co = xf(c1.g.out16 ? DK_C16 : DK_C32, NM_REGION_STCE_C, 1, c1.cbase, need_c(&c1), 0, &g1.c);
    xfer_beside(x, "XFER c1's C out beside c2", &co, &bs);
    gemm_finish(t, "GEMM c2 (operands XFERed beside c1), C out beside it", &c2, exp);
    size_t bad = dram_diff(x, "c1's C out beside c2");
    if (bad) rerun();
    ck_assert_msg(bad == 0, "%s: %zu DRAM bytes differ after c1's C out beside c2", NM_NAME, bad);
    gemm_store_dma(x, &c2, &g2);
    gemm_free(&c1), gemm_free(&c2);
    rounds++;
  }
  printf("%s: %zu rounds: %zu XFERs into a running GEMM's words refused (CONFLICT), %zu ran after it; "
         "%zu XFERs started beside a running GEMM, %zu of them also ended before it\n",
         NM_NAME, rounds, conflicts, late, bs.started, bs.whole);
  ck_assert_msg(rounds > 0, "%s: no pair of GEMMs fit the buffer halves", NM_NAME);
  ck_assert_msg(conflicts > 0, "%s: no XFER met a running GEMM (the CONFLICT rule never ran)", NM_NAME);
  ck_assert_msg(bs.started > 0, "%s: no XFER started while a GEMM ran (no overlap seen)", NM_NAME);
  dt_close(x);
}
END_TEST

void rtl_top_add_overlap_tests(Suite *s) {
  const TTest *tests[] = {xfers_beside_gemms_match_model_and_overlap, NULL};
  check_add_tcase(s, "rtl_top_overlap", 1200, tests);
}
