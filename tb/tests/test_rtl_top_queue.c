/*
** test_rtl_top_queue: nm_top's command queue (regmap.md "Command queue")
** through the front door, with DRAM on m_axi_* (top_dma_harness.h).
**
** queued_tiles_match_model: per round two random GEMMs in disjoint buffer
** halves (their target A / B words scrambled first, so a dropped write
** fails), queued as a double-buffered pipeline in one go: c1's operands,
** GEMM c1 (DEP on its last XFER), c2's operands (beside c1), GEMM c2, c1's
** C out (DEP on GEMM c1: beside c2), c2's C out; or, every other round,
** the same with WAIT_C | WAIT_X on every descriptor (one at a time, the
** sequential order).  Checked: every C word of both GEMMs against
** nm_gemm_ref, both C tiles in DRAM byte for byte, Q_DONE = descriptors
** pushed, CMD_COUNT by as many, the queue idle and not stopped, and over
** the rounds that the pipelined mode had both channels busy at once.
**
** queue_refuses_faults_and_resets: an unknown op, a DEP before the first
** descriptor and a push to a full queue are refused with their codes and
** append nothing; a CMD write while descriptors wait is refused BUSY; a
** GEMM with bad fields (M = MMAX + 1) stops the queue with Q_FAULT naming it
** and its channel's code; Q_CTRL.RESET
** clears it all without a hardware reset, after which a queued GEMM runs
** (bit-exact), and an XFER into its A words queued without a
** dependency stops the queue with CONFLICT (the XFER's or the GEMM's).
**
** queued_engines_run_side_by_side: a GEMM, a PRUNE, an UPDATE and an ANT
** (random, operands through the backdoor) queued without flags run on
** their four engines at once; every other round the same with WAIT_C (one
** at a time).  Checked: C against nm_gemm_ref, the SORE regions against
** nm_sore_group, the WUVE regions and STATUS.FOUND_INF against
** nm_wuve_elem, every ANT engine's outputs, the counters and ANT_OVF
** against the ANT model, each engine's PERF_* sum against the cycle model
** (an engine beside another is not slowed), COMP_STATUS naming the ANT
** (the last issued), and the harness's own cycle count from the first
** push to idle: below the four commands' cycles summed when side by side,
** at or above it when serial.  Then a PRUNE with bad fields (N > M)
** queued beside a running GEMM: the queue stops with Q_FAULT naming the
** PRUNE (op, code NM, not MORE), the GEMM still ends bit-exact, and
** Q_CTRL.RESET clears the stop.
** Part of test_rtl_top_dma's program (rtl_top_add_queue_tests).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "rtl_top_harness.h"
#include "top_dma_harness.h"

#define DEP(k) ((uint32_t)(k) << NM_Q_PUSH_DEP_LSB)
#define BARRIER ((1u << NM_Q_PUSH_WAIT_C_LSB) | (1u << NM_Q_PUSH_WAIT_X_LSB))

/* A push session: descriptors pushed so far (their numbers). */
typedef struct qs {
  dt *x;
  unsigned n;
} qs;

/* Push with flags (ARG0..4 as they are); the descriptor's number.  It
** counts as a command top_close expects in CMD_COUNT when it will issue. */
static unsigned push(qs *q, int op, uint32_t flags, int issues) {
  wr_ok(q->x->t, NM_REG_Q_PUSH, (uint32_t)op | flags);
  q->x->t->cmds += (uint32_t)issues;
  return q->n++;
}

/* Through the driver (nmd_queue_push): ARG0..4 and Q_PUSH. */
static unsigned push_cmd(qs *q, const nmd_cmd *c, uint32_t flags) {
  int rc = nmd_queue_push(&q->x->t->dev, c, flags);
  if (rc != NMD_OK) rerun();
  ck_assert_msg(rc == NMD_OK, "%s: nmd_queue_push of op %u: %s (refuse %u)", NM_NAME, c->op, nmd_rc_name(rc),
                q->x->t->dev.refuse);
  q->x->t->cmds++;
  return q->n++;
}

static unsigned push_xfer(qs *q, const xfer *f, uint32_t flags) {
  nmd_cmd c = {NM_OP_XFER, {0}};
  xfer_dram_regs(q->x, f);
  xfer_args(f, c.arg);
  return push_cmd(q, &c, flags);
}

/* A GEMM that will run: its cycles by the model (the XFERs beside it
** must not slow it) go into the PERF_GEMM sum top_close checks. */
static unsigned push_gemm(qs *q, const gemm *c, uint32_t flags) {
  nmd_cmd g = {NM_OP_GEMM, {0}};
  gemm_args(c, g.arg);
  q->x->t->perf[NM_OP_GEMM - 1] += nm_top_gemm_cycles(&q->x->t->hw, &c->g, 0);
  return push_cmd(q, &g, flags);
}

/* DEP on descriptor d for the next push (or the barrier flags). */
static uint32_t dep_on(const qs *q, unsigned d, int serial) {
  return serial ? BARRIER : DEP(q->n - d);
}

/* Poll Q_STATUS until idle; the polls that saw both channels busy. */
static size_t wait_idle(top *t, const char *what) {
  uint64_t t0 = dut_top_cycles(t->d);
  size_t both = 0;
  for (;;) {
    uint32_t q = rd_ok(t, NM_REG_Q_STATUS), s = rd_ok(t, NM_REG_STATUS);
    both += (size_t)(NM_GET(NM_STATUS_CBUSY, s) && NM_GET(NM_STATUS_XBUSY, s));
    if (!NM_GET(NM_Q_STATUS_ACTIVE, q)) return both;
    if (dut_top_cycles(t->d) - t0 > MAX_WAIT) rerun();
    ck_assert_msg(dut_top_cycles(t->d) - t0 <= MAX_WAIT, "%s %s: queue not idle after %u cycles (Q_STATUS 0x%08x)",
                  NM_NAME, what, MAX_WAIT, q);
  }
}

/* A refused push: SLVERR, STATUS.REFUSE code, PENDING unchanged. */
static void push_refused(top *t, const char *what, uint32_t word, int code) {
  uint32_t pend = NM_GET(NM_Q_STATUS_PENDING, rd_ok(t, NM_REG_Q_STATUS));
  int rc = dut_top_write(t->d, NM_REG_Q_PUSH, word, 0xF);
  t->refused++;
  uint32_t ref = NM_GET(NM_STATUS_REFUSE, rd_ok(t, NM_REG_STATUS));
  uint32_t now = NM_GET(NM_Q_STATUS_PENDING, rd_ok(t, NM_REG_Q_STATUS));
  if (rc != 2 || (int)ref != code || now != pend) rerun();
  ck_assert_msg(rc == 2 && (int)ref == code && now == pend,
                "%s %s: Q_PUSH answered %d, REFUSE %u (want %d), pending %u -> %u", NM_NAME, what, rc, ref,
                code, pend, now);
}

/* The stop a queued command's error makes: Q_FAULT names it, with the
** code its channel's status shows (err < 0: any nonzero one). */
static void expect_fault(top *t, const char *what, unsigned seq, int op, int err) {
  uint64_t t0 = dut_top_cycles(t->d);
  uint32_t q;
  while (!NM_GET(NM_Q_STATUS_STOPPED, q = rd_ok(t, NM_REG_Q_STATUS)) || NM_GET(NM_Q_STATUS_RUNNING, q)) {
    if (dut_top_cycles(t->d) - t0 > MAX_WAIT) rerun();
    ck_assert_msg(dut_top_cycles(t->d) - t0 <= MAX_WAIT, "%s %s: no stop (Q_STATUS 0x%08x)", NM_NAME, what, q);
  }
  uint32_t f = rd_ok(t, NM_REG_Q_FAULT);
  uint32_t ch = rd_ok(t, op == NM_OP_XFER ? NM_REG_XFER_STATUS : NM_REG_COMP_STATUS);
  if (err < 0) err = (int)NM_GET(NM_COMP_STATUS_ERR, ch);
  if (err == 0 || (int)NM_GET(NM_COMP_STATUS_ERR, ch) != err) rerun();
  ck_assert_msg(err != 0 && (int)NM_GET(NM_COMP_STATUS_ERR, ch) == err, "%s %s: channel status 0x%08x, error %d",
                NM_NAME, what, ch, err);
  if (NM_GET(NM_Q_FAULT_SEQ, f) != seq || (int)NM_GET(NM_Q_FAULT_OP, f) != op || (int)NM_GET(NM_Q_FAULT_ERR, f) != err)
    rerun();
  ck_assert_msg(NM_GET(NM_Q_FAULT_SEQ, f) == seq && (int)NM_GET(NM_Q_FAULT_OP, f) == op &&
                    (int)NM_GET(NM_Q_FAULT_ERR, f) == err && !NM_GET(NM_Q_FAULT_MORE, f),
                "%s %s: Q_FAULT 0x%08x, expected descriptor %u op %d err %d (%s)", NM_NAME, what, f, seq, op, err,
                nmd_err_name((uint32_t)err));
}

/* The operand XFERs of c (A' and B; C_in when it has one) pushed; the last one's number. */
static unsigned push_operands(qs *q, const gemm *c, const gdram *g, uint32_t flags) {
  unsigned last;
  if (g->pair) {
    xfer f = xf(DK_A_PAIR, NM_REGION_STCE_A, 0, c->abase, need_a(c), 0, &g->apair);
    last = push_xfer(q, &f, flags);
  } else {
    xfer f = xf(DK_A_VAL, NM_REGION_STCE_A, 0, c->abase, need_a(c), 0, &g->aval);
    last = push_xfer(q, &f, flags);
    if (c->g.a_sparse) {
      xfer fi = xf(DK_A_IDX, NM_REGION_STCE_A, 0, c->abase, need_a(c), 0, &g->aidx);
      last = push_xfer(q, &fi, flags);
    }
  }
  xfer fb = xf_b(c, g);
  last = push_xfer(q, &fb, flags);
  if (c->g.init_cin) {
    xfer ci = xf(DK_C32, NM_REGION_STCE_C, 0, c->cinbase, need_c(c), 0, &g->cin);
    last = push_xfer(q, &ci, flags);
  }
  return last;
}

/* c's results expected in DRAM at g->c. */
static void expect_c(dt *x, const gemm *c, const gdram *g) {
  uint32_t *out = malloc((size_t)(c->g.I * c->g.J) * 4);
  ck_assert(out);
  nm_gemm_ref(&c->g, c->aval, c->g.a_sparse ? c->aidx : NULL, c->b, c->cin, out);
  for (int i = 0; i < c->g.I; i++)
    for (int j = 0; j < c->g.J; j++) dt_expect(x, &g->c, i, j, out[i * c->g.J + j]);
  free(out);
}

static xfer c_out(const gemm *c, const gdram *g) {
  return xf(c->g.out16 ? DK_C16 : DK_C32, NM_REGION_STCE_C, 1, c->cbase, need_c(c), 0, &g->c);
}

START_TEST(queued_tiles_match_model) {
  dt *x = dt_open(301);
  top *t = x->t;
  size_t rounds[2] = {0, 0}, both = 0;
  for (size_t rep = 0; rep < reps(8); rep++) {
    gemm c1, c2;
    if (!make_pair(t, &c1, &c2)) continue;
    int serial = (int)(rep & 1);
    x->next = 0;
    gdram g1 = gemm_to_dram(x, &c1), g2 = gemm_to_dram(x, &c2);
    scramble(t, NM_REGION_STCE_A, 0, need_a(&c1) + need_a(&c2));
    scramble(t, NM_REGION_STCE_B, 0, need_b(&c1) + need_b(&c2));
    uint32_t *exp = snapshot(t, NM_REGION_STCE_C);
    gemm_expect(&c1, exp);
    gemm_expect(&c2, exp);
    expect_c(x, &c1, &g1);
    expect_c(x, &c2, &g2);
    uint32_t cnt0 = rd_ok(t, NM_REG_CMD_COUNT), done0 = rd_ok(t, NM_REG_Q_DONE);
    qs q = {x, rd_ok(t, NM_REG_Q_DONE)};
    unsigned n0 = q.n;
    unsigned l1 = push_operands(&q, &c1, &g1, serial ? BARRIER : 0);
    unsigned gm1 = push_gemm(&q, &c1, dep_on(&q, l1, serial));
    unsigned l2 = push_operands(&q, &c2, &g2, serial ? BARRIER : 0);
    unsigned gm2 = push_gemm(&q, &c2, dep_on(&q, l2, serial));
    xfer o1 = c_out(&c1, &g1), o2 = c_out(&c2, &g2);
    push_xfer(&q, &o1, dep_on(&q, gm1, serial));
    push_xfer(&q, &o2, dep_on(&q, gm2, serial));
    size_t b = wait_idle(t, serial ? "serial round" : "pipelined round");
    both += serial ? 0 : b;
    uint32_t qst = rd_ok(t, NM_REG_Q_STATUS), done = rd_ok(t, NM_REG_Q_DONE), cnt = rd_ok(t, NM_REG_CMD_COUNT);
    if (NM_GET(NM_Q_STATUS_STOPPED, qst) || done - done0 != q.n - n0 || cnt - cnt0 != q.n - n0) gemm_print(&c1),
        gemm_print(&c2), rerun();
    ck_assert_msg(!NM_GET(NM_Q_STATUS_STOPPED, qst), "%s: queue stopped, Q_FAULT 0x%08x", NM_NAME,
                  rd_ok(t, NM_REG_Q_FAULT));
    ck_assert_msg(done - done0 == q.n - n0 && cnt - cnt0 == q.n - n0,
                  "%s: %u descriptors pushed, Q_DONE +%u, CMD_COUNT +%u", NM_NAME, q.n - n0, done - done0, cnt - cnt0);
    uint32_t *got = snapshot(t, NM_REGION_STCE_C);
    size_t bad = diff_snap(NM_REGION_STCE_C, serial ? "queued, serial" : "queued, pipelined", exp, got);
    if (bad) gemm_print(&c1), gemm_print(&c2), rerun();
    ck_assert_msg(bad == 0, "%s: %zu C-buffer words differ from nm_gemm_ref (queued)", NM_NAME, bad);
    bad = dram_diff(x, "queued C out");
    if (bad) rerun();
    ck_assert_msg(bad == 0, "%s: %zu DRAM bytes differ after the queued C outs", NM_NAME, bad);
    free(exp), free(got);
    gemm_free(&c1), gemm_free(&c2);
    rounds[serial]++;
  }
  printf("%s: queue: %zu pipelined and %zu serial rounds bit-exact; %zu polls saw both channels busy\n", NM_NAME,
         rounds[0], rounds[1], both);
  ck_assert_msg(rounds[0] > 0 && rounds[1] > 0, "%s: no pair of GEMMs fit the buffer halves", NM_NAME);
  ck_assert_msg(both > 0, "%s: the pipelined queue never ran both channels at once", NM_NAME);
  dt_close(x);
}
END_TEST

START_TEST(queue_refuses_faults_and_resets) {
  dt *x = dt_open(302);
  top *t = x->t;
  const uint32_t idle = 0;   /* Q_STATUS: nothing pending, running or stopped */
  ck_assert_uint_eq(rd_ok(t, NM_REG_CFG_QUEUE), NM_QUEUE_DEPTH);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_STATUS), idle);
  push_refused(t, "unknown op", 0, NM_ERR_OP);
  push_refused(t, "op past XFER", NM_OP_XFER + 1, NM_ERR_OP);
  push_refused(t, "DEP before the first descriptor", NM_OP_GEMM | DEP(1), NM_ERR_QDEP);

  /* a GEMM with M > MMAX: refused by the engine, the queue stops at it */
  gemm c;
  gemm_make_even(t, 1, &c);
  uint32_t a[5];
  gemm_args(&c, a);
  uint32_t bad1 = a[1] & ~(31u << 24);
  set_args(t, (uint32_t[5]){a[0], bad1 | (uint32_t)(NM_MMAX + 1) << 24, a[2], a[3], a[4]});
  qs q = {x, 0};
  push(&q, NM_OP_GEMM, 0, 1);
  expect_fault(t, "GEMM M > MMAX", 0, NM_OP_GEMM, -1);
  t->perf[NM_OP_GEMM - 1] += rd_ok(t, NM_REG_COMP_CYCLES);
  /* stopped: pushes wait; the queue fills; a CMD write is refused BUSY */
  for (int k = 0; k < NM_QUEUE_DEPTH; k++) push(&q, NM_OP_PRUNE, 0, 0);   /* dropped by the reset */
  uint32_t qst = rd_ok(t, NM_REG_Q_STATUS);
  ck_assert_msg(NM_GET(NM_Q_STATUS_PENDING, qst) == NM_QUEUE_DEPTH && NM_GET(NM_Q_STATUS_FULL, qst) &&
                    NM_GET(NM_Q_STATUS_STOPPED, qst),
                "%s: Q_STATUS 0x%08x after %d pushes to a stopped queue", NM_NAME, qst, NM_QUEUE_DEPTH);
  push_refused(t, "push to a full queue", NM_OP_PRUNE, NM_ERR_QFULL);
  int rc = dut_top_write(t->d, NM_REG_CMD, NM_OP_GEMM, 0xF);
  t->refused++;
  ck_assert_msg(rc == 2 && NM_GET(NM_STATUS_REFUSE, rd_ok(t, NM_REG_STATUS)) == NM_ERR_BUSY,
                "%s: CMD while descriptors wait: answered %d", NM_NAME, rc);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_DONE), 1);

  /* software reset of the queue; then it runs again */
  wr_ok(t, NM_REG_Q_CTRL, 1u << NM_Q_CTRL_RESET_LSB);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_STATUS), idle);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_DONE), 0);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_FAULT), 0);
  c.abase = c.bbase = c.cbase = c.cinbase = 0;
  c.g.init_cin = 0;
  c.g.ws = NM_DATAFLOW == NM_DATAFLOW_WS;   /* a dataflow the config has */
  gemm_load(t, &c);
  uint32_t *before = snapshot(t, NM_REGION_STCE_C), *exp = snapshot(t, NM_REGION_STCE_C);
  gemm_expect(&c, exp);
  q.n = 0;
  /* c's B by XFER (the same words the backdoor wrote), the GEMM on it,
  ** then an XFER into the GEMM's A words without a dependency: it issues
  ** 4 cycles after the GEMM, which still checks its fields.  The two check
  ** each other ("Two channels"): the XFER ends with CONFLICT when it sees
  ** the GEMM's ranges first, the GEMM when its check sees the waiting XFER
  ** first (then the XFER runs after it); either stops the queue. */
  gdram g = gemm_to_dram(x, &c);
  xfer fb = xf_b(&c, &g);
  push_xfer(&q, &fb, 0);
  push_gemm(&q, &c, DEP(1));
  dtile junk = junk_pairs(x, c.g.I, nm_gemm_kp(&c.g));
  xfer clash = xf(DK_A_PAIR, NM_REGION_STCE_A, 0, c.abase, need_a(&c), 0, &junk);
  push_xfer(&q, &clash, 0);
  uint64_t t0 = dut_top_cycles(t->d);
  while (NM_GET(NM_Q_STATUS_RUNNING, rd_ok(t, NM_REG_Q_STATUS)) || !NM_GET(NM_Q_STATUS_STOPPED, rd_ok(t, NM_REG_Q_STATUS))) {
    if (dut_top_cycles(t->d) - t0 > MAX_WAIT) rerun();
    ck_assert_msg(dut_top_cycles(t->d) - t0 <= MAX_WAIT, "%s: the GEMM / XFER clash did not stop the queue", NM_NAME);
  }
  int gemm_lost = NM_GET(NM_Q_FAULT_SEQ, rd_ok(t, NM_REG_Q_FAULT)) == 1;
  if (gemm_lost) {
    t->perf[NM_OP_GEMM - 1] -= nm_top_gemm_cycles(&t->hw, &c.g, 0);
    t->perf[NM_OP_GEMM - 1] += rd_ok(t, NM_REG_COMP_CYCLES);
    expect_fault(t, "GEMM beside an XFER into its A words", 1, NM_OP_GEMM, NM_ERR_CONFLICT);
  } else {
    expect_fault(t, "XFER into the queued GEMM's A words", 2, NM_OP_XFER, NM_ERR_CONFLICT);
  }
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_DONE), 3);
  uint32_t *got = snapshot(t, NM_REGION_STCE_C);
  size_t bad = diff_snap(NM_REGION_STCE_C, gemm_lost ? "GEMM refused: C untouched" : "queued GEMM after Q_CTRL.RESET",
                         gemm_lost ? before : exp, got);
  if (bad) gemm_print(&c), rerun();
  ck_assert_msg(bad == 0, "%s: %zu C words differ after the queue's reset", NM_NAME, bad);
  bad = dram_diff(x, "no DRAM write by the refused XFER");
  ck_assert_msg(bad == 0, "%s: %zu DRAM bytes changed", NM_NAME, bad);
  wr_ok(t, NM_REG_Q_CTRL, 1u << NM_Q_CTRL_RESET_LSB);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_STATUS), idle);
  printf("%s: queue: the GEMM / XFER clash stopped the queue at the %s\n", NM_NAME, gemm_lost ? "GEMM" : "XFER");
  free(before), free(exp), free(got);
  gemm_free(&c);
  dt_close(x);
}
END_TEST

/* Idle by Q_STATUS polls; the harness's cycles since t0. */
static uint64_t cycles_to_idle(top *t, uint64_t t0, const char *what) {
  wait_idle(t, what);
  return dut_top_cycles(t->d) - t0;
}

START_TEST(queued_engines_run_side_by_side) {
  static const int kPat[] = {0, 1, 8};   /* test_rtl_top_gemm.c's 1:2, 2:4, dense */
  dt *x = dt_open(303);
  top *t = x->t;
  nm_wuve_hp hp;
  upd_hp(t, &hp);
  size_t rounds[2] = {0, 0};
  for (size_t rep = 0; rep < reps(8); rep++) {
    int serial = (int)(rep & 1);
    const char *mode = serial ? "engines one at a time" : "engines side by side";
    gemm c;
    gemm_make(t, kPat[(rep / 2) % 3], &c);
    c.g.ws = NM_DATAFLOW == NM_DATAFLOW_WS;
    gemm_load(t, &c);
    uint32_t *cexp = snapshot(t, NM_REGION_STCE_C);
    gemm_expect(&c, cexp);
    prune_fill(t);
    int m = 2 + (int)nm_rng_below(&t->r, NM_MMAX - 1), n = 1 + (int)nm_rng_below(&t->r, (uint32_t)m);
    int beats = NM_SORE_BUF_DEPTH / 2 + (int)nm_rng_below(&t->r, NM_SORE_BUF_DEPTH / 2 + 1);
    nmd_cmd pc = {NM_OP_PRUNE, {0}};
    psnap pe = prune_begin(t, beats, 0, n, m, 0, pc.arg);
    upd_fill(t, rep % 4 < 2 ? 0 : 30);
    upd u = {0, NM_WUVE_BUF_DEPTH * NM_WUVE_LANES / 2 + nm_rng_below(&t->r, NM_WUVE_BUF_DEPTH / 2 + 1),
             (int)nm_rng_below(&t->r, 3), 1};
    nmd_cmd uc = {NM_OP_UPDATE, {0}};
    upd_args(&u, uc.arg);
    wsnap we = wsnap_take(t);
    int found = upd_expect(&hp, &u, 0, &we);
    nm_ant_plane img[NM_ANT_ENGINES], ker[NM_ANT_ENGINES];
    nm_ant_cmd ac = ant_make(t, rep, img, ker);
    nmd_cmd anc = {NM_OP_ANT, {0}};
    ant_exp ae = ant_expect(&ac, img, ker, anc.arg);
    for (int e = 0; e < NM_ANT_ENGINES; e++) nm_ant_plane_free(&img[e]), nm_ant_plane_free(&ker[e]);
    nmd_cmd gc = {NM_OP_GEMM, {0}};
    gemm_args(&c, gc.arg);
    uint64_t cg = nm_top_gemm_cycles(&t->hw, &c.g, 0), cp = nm_top_prune_cycles(&t->hw, (unsigned)beats, n, m, 0),
             cu = nm_top_update_cycles(&t->hw, u.n, u.mode, 0), ca = ae.cycles + nm_top_ant_overhead(&t->hw);
    t->perf[NM_OP_GEMM - 1] += cg, t->perf[NM_OP_PRUNE - 1] += cp, t->perf[NM_OP_UPDATE - 1] += cu;
    t->perf[NM_OP_ANT - 1] += ca;
    uint32_t flags = serial ? 1u << NM_Q_PUSH_WAIT_C_LSB : 0;
    qs q = {x, rd_ok(t, NM_REG_Q_DONE)};
    uint32_t done0 = q.n;
    uint64_t t0 = dut_top_cycles(t->d);
    push_cmd(&q, &gc, 0);
    push_cmd(&q, &pc, flags);
    push_cmd(&q, &uc, flags);
    push_cmd(&q, &anc, flags);
    uint64_t wall = cycles_to_idle(t, t0, mode), sum = cg + cp + cu + ca;
    uint32_t qst = rd_ok(t, NM_REG_Q_STATUS), done = rd_ok(t, NM_REG_Q_DONE), cs = rd_ok(t, NM_REG_COMP_STATUS);
    if (NM_GET(NM_Q_STATUS_STOPPED, qst) || done - done0 != 4 || NM_GET(NM_COMP_STATUS_OP, cs) != NM_OP_ANT ||
        !NM_GET(NM_COMP_STATUS_DONE, cs) || NM_GET(NM_COMP_STATUS_ERR, cs))
      gemm_print(&c), rerun();
    ck_assert_msg(!NM_GET(NM_Q_STATUS_STOPPED, qst) && done - done0 == 4, "%s %s: Q_STATUS 0x%08x, Q_FAULT 0x%08x, Q_DONE +%u",
                  NM_NAME, mode, qst, rd_ok(t, NM_REG_Q_FAULT), done - done0);
    ck_assert_msg(NM_GET(NM_COMP_STATUS_OP, cs) == NM_OP_ANT && NM_GET(NM_COMP_STATUS_DONE, cs) &&
                      !NM_GET(NM_COMP_STATUS_ERR, cs),
                  "%s %s: COMP_STATUS 0x%08x, expected the ANT's, done, no error", NM_NAME, mode, cs);
    uint32_t *cgot = snapshot(t, NM_REGION_STCE_C);
    size_t bad = diff_snap(NM_REGION_STCE_C, mode, cexp, cgot);
    if (bad) gemm_print(&c), rerun();
    ck_assert_msg(bad == 0, "%s %s: %zu C words differ from nm_gemm_ref", NM_NAME, mode, bad);
    prune_check(t, mode, &pe);
    upd_check(t, mode, &we, found);
    wsnap_free(&we);
    ant_check(t, &ae, rd_ok(t, NM_REG_STATUS), mode);
    int ok = serial ? wall >= sum : wall < sum;
    if (!ok) rerun();
    ck_assert_msg(ok, "%s %s: %llu cycles from the first push to idle; GEMM %llu + PRUNE %llu + UPDATE %llu + ANT %llu = %llu",
                  NM_NAME, mode, (unsigned long long)wall, (unsigned long long)cg, (unsigned long long)cp,
                  (unsigned long long)cu, (unsigned long long)ca, (unsigned long long)sum);
    printf("%s: queue: %s: GEMM %llu, PRUNE %llu, UPDATE %llu, ANT %llu cycles; %llu from the first push to idle\n",
           NM_NAME, mode, (unsigned long long)cg, (unsigned long long)cp, (unsigned long long)cu, (unsigned long long)ca,
           (unsigned long long)wall);
    free(cexp), free(cgot);
    gemm_free(&c);
    rounds[serial]++;
  }
  ck_assert_msg(rounds[0] > 0 && rounds[1] > 0, "%s: no rounds", NM_NAME);

  /* a fault on one engine while another runs */
  gemm c;
  gemm_make(t, 1, &c);
  c.g.ws = NM_DATAFLOW == NM_DATAFLOW_WS;
  gemm_load(t, &c);
  uint32_t *cexp = snapshot(t, NM_REGION_STCE_C);
  gemm_expect(&c, cexp);
  nmd_cmd gc = {NM_OP_GEMM, {0}}, pc = {NM_OP_PRUNE, {0}};
  gemm_args(&c, gc.arg);
  psnap pe = prune_begin(t, 4, 0, 3, 2, NM_ERR_NM, pc.arg);   /* N > M: refused, nothing written */
  t->perf[NM_OP_GEMM - 1] += nm_top_gemm_cycles(&t->hw, &c.g, 0);
  t->perf[NM_OP_PRUNE - 1] += nm_top_prune_cycles(&t->hw, 4, 3, 2, 1);
  wr_ok(t, NM_REG_Q_CTRL, 1u << NM_Q_CTRL_RESET_LSB);   /* descriptor numbers from 0 */
  qs q = {x, 0};
  push_cmd(&q, &gc, 0);
  unsigned bad_seq = push_cmd(&q, &pc, 0);
  expect_fault(t, "PRUNE N > M beside a GEMM", bad_seq, NM_OP_PRUNE, NM_ERR_NM);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_DONE), 2);
  uint32_t *cgot = snapshot(t, NM_REGION_STCE_C);
  size_t bad = diff_snap(NM_REGION_STCE_C, "GEMM beside a faulting PRUNE", cexp, cgot);
  if (bad) gemm_print(&c), rerun();
  ck_assert_msg(bad == 0, "%s: %zu C words differ after the GEMM beside a faulting PRUNE", NM_NAME, bad);
  prune_check(t, "refused PRUNE beside a GEMM", &pe);
  wr_ok(t, NM_REG_Q_CTRL, 1u << NM_Q_CTRL_RESET_LSB);
  ck_assert_uint_eq(rd_ok(t, NM_REG_Q_STATUS), 0);
  free(cexp), free(cgot);
  gemm_free(&c);
  dt_close(x);
}
END_TEST

void rtl_top_add_queue_tests(Suite *s) {
  const TTest *tests[] = {queued_tiles_match_model, queue_refuses_faults_and_resets, queued_engines_run_side_by_side,
                          NULL};
  check_add_tcase(s, "rtl_top_queue", 1200, tests);
}
