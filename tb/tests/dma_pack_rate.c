/*
** test_rtl_top_dma's rate test: XFERs of every operand and result kind
** through the Verilated nm_top with a stall-free DRAM (latency 100 cycles,
** 8, 16 and 32 bytes a cycle), each LAST_CYCLES against the XFER cycle
** model (tb/model/nm_xfer_cycles.h) within its stated tolerance, and the
** elements a cycle per kind printed ("XFER-RATE" lines).  Data is whatever
** DRAM holds: the bit-exact checks are the other tests' business.  bench-net
** runs this test alone (CK_RUN_CASE=xfer_model) on its config's nm_top and
** prints no end-to-end numbers unless it passes.  Its second test runs the
** kinds that move at full rate beside a GEMM (whole words into A and B, C
** out beside an OS GEMM without C_in) beside GEMMs in the lower halves of
** the buffers and holds them to the same model ("OVERLAP-MODEL-CHECK").
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dma_pack_rate.h"
#include "dma_pack_xfer.h"
#include "rtl_top_harness.h"
#include "top_dma_harness.h"

#define RATE_BASE (NM_AXI_ADDR_BITS == NM_AXI_ADDR_BITS_64 ? 0x100040000ull : 0x40000000ull)
#define RATE_SIZE (256u * 1024u)
#define RATE_LATENCY 100

typedef struct {
  dpk_kind kind;
  int region, out;
  const char *name;
  int zfill;          /* XFER's ZFILL (dense A' values: written whole) */
} rate_kind;

static const rate_kind kKinds[] = {
    {DK_A_VAL, NM_REGION_STCE_A, 0, "A' val in", 0},   {DK_A_IDX, NM_REGION_STCE_A, 0, "A' idx in", 0},
    {DK_A_PAIR, NM_REGION_STCE_A, 0, "A' pair in", 0}, {DK_A_VAL, NM_REGION_STCE_A, 0, "A' val zf", 1},
    {DK_B, NM_REGION_STCE_B, 0, "B in", 0},            {DK_B_T, NM_REGION_STCE_B, 0, "B^T in", 0},
    {DK_C32, NM_REGION_STCE_C, 0, "C32 in", 0},
    {DK_C32, NM_REGION_STCE_C, 1, "C32 out", 0},       {DK_C16, NM_REGION_STCE_C, 1, "C16 out", 0},
    {DK_SORE_IN, NM_REGION_SORE_IN, 0, "SORE in", 0},  {DK_W, NM_REGION_WUVE_W, 0, "W in", 0},
    {DK_G_DW, NM_REGION_WUVE_G, 0, "dW16 in", 0},      {DK_G_MASK, NM_REGION_WUVE_G, 0, "mask in", 0},
    {DK_W16, NM_REGION_WUVE_W16, 0, "W16 in", 0},      {DK_W, NM_REGION_WUVE_W, 1, "W out", 0},
    {DK_W16, NM_REGION_WUVE_W16, 1, "W16 out", 0},
};
#define NKINDS (sizeof kKinds / sizeof kKinds[0])

/* A random tile of kind k that fits its region (the larger half of the
** region often, so the rates are those of long transfers): rows, cols, M,
** base, need. */
typedef struct {
  int rows, cols, m;
  unsigned base, need;
} rate_tile;

static int pick(nm_rng *r, int lo, int hi) { return lo + (int)nm_rng_below(r, (uint32_t)(hi - lo + 1)); }

static rate_tile rate_shape(nm_rng *r, const rate_kind *k) {
  nm_layout_cfg L = nm_layout_here();
  const region *g = region_of(k->region);
  rate_tile t = {0, 0, 0, 0, 0};
  for (int tries = 0;; tries++) {
    uint64_t need = 0;
    switch (k->kind) {
    case DK_A_VAL:
    case DK_A_IDX:
    case DK_A_PAIR:
      t.rows = pick(r, 1, 4 * NM_ROWS), t.cols = 2 * pick(r, 1, 64);
      need = nm_layout_a_need(&L, t.rows, t.cols);
      break;
    case DK_B:
      t.m = pick(r, 2, NM_MMAX), t.rows = t.m * pick(r, 1, 16), t.cols = pick(r, 1, 8 * NM_COLS);
      need = nm_layout_b_need(&L, t.rows / t.m, t.cols);
      break;
    case DK_B_T: /* rows = J, cols = K */
      t.m = pick(r, 2, NM_MMAX), t.rows = pick(r, 1, 8 * NM_COLS), t.cols = t.m * pick(r, 1, 16);
      need = nm_layout_b_need(&L, t.cols / t.m, t.rows);
      break;
    case DK_C32:
    case DK_C16:
      t.rows = pick(r, 1, 64), t.cols = pick(r, 1, 8 * NM_COLS);
      need = nm_layout_c_need(&L, t.rows, t.cols);
      break;
    case DK_SORE_IN:
      t.m = pick(r, 2, NM_MMAX), t.rows = pick(r, 1, 64 * NM_SORE_LANES), t.cols = t.m;
      need = nm_layout_sore_need(&L, t.rows);
      break;
    default: /* WUVE: n elements as rows x cols, an even row (the u8 mask: whole fp16 words) */
      t.rows = pick(r, 1, 8), t.cols = 2 * pick(r, 1, 32 * NM_WUVE_LANES);
      need = nm_layout_wuve_need(&L, t.rows * t.cols);
      break;
    }
    if (need >= 1 && need <= (uint64_t)g->depth) {
      t.need = (unsigned)need, t.base = (unsigned)nm_rng_below(r, (uint32_t)(g->depth - (int)need + 1));
      return t;
    }
    ck_assert_msg(tries < 1000, "%s: no %s tile fits", NM_NAME, k->name);
  }
}

typedef struct {
  uint64_t elems[NKINDS], rtl[NKINDS], model[NKINDS];
  size_t run, bad;
  uint64_t worst; /* largest |RTL - model| */
} rate_sum;

/* One XFER of kind k set up (DMA_ADDR / STRIDE written): its ARG words and
** the cycle model's command.  half: the tile in the upper half of its
** region, and B^T with M = MMAX (words written whole, so it runs at full
** rate beside a GEMM). */
static rate_tile rate_setup(top *t, const rate_kind *k, int half, uint32_t *a, nm_xfer_cmd *xc) {
  nm_rng *r = &t->r;
  rate_tile tl;
  unsigned depth = (unsigned)region_of(k->region)->depth;
  do tl = rate_shape(r, k);
  while (half && (tl.need > depth / 2 || (k->kind == DK_B_T && tl.m != NM_MMAX)));
  if (half) tl.base = depth / 2 + nm_rng_below(r, depth / 2 - tl.need + 1);
  int esz = dpk_kind_esz(k->kind);
  uint64_t row = (uint64_t)tl.cols * (uint64_t)esz, stride = ((row + 1) & ~1ull) + 2 * nm_rng_below(r, 6);
  ck_assert_msg(stride * (uint64_t)tl.rows + 64 <= RATE_SIZE, "%s: rate tile larger than DRAM", NM_NAME);
  uint64_t span = RATE_SIZE - stride * (uint64_t)tl.rows;
  uint64_t addr = RATE_BASE + 2 * nm_rng_below(r, (uint32_t)(span / 2 < 4096 ? span / 2 : 4096));
  dpk_case c = {k->kind, !k->out, nm_layout_here(), tl.rows, tl.cols, tl.m, 0, tl.base};
  dpk_desc d = dpk_desc_of(&c);
  d.zfill = (unsigned)k->zfill;
  dpk_xfer_args(&d, k->region, k->out, tl.base, tl.rows, tl.cols, tl.need, a);
  wr_ok(t, NM_REG_DMA_ADDR_LO, (uint32_t)addr), wr_ok(t, NM_REG_DMA_ADDR_HI, (uint32_t)(addr >> 32));
  wr_ok(t, NM_REG_DMA_STRIDE_LO, (uint32_t)stride), wr_ok(t, NM_REG_DMA_STRIDE_HI, 0);
  nm_xfer_cmd x = {k->out, tl.rows, tl.cols, addr, stride, (region_of(k->region)->bits + 15) / 16,
                   dpk_xfer_lay(&d), nm_xfer_wide(k->region)};
  *xc = x;
  return tl;
}

/* The RTL's cycles of one XFER against the model; 1 if within the tolerance. */
static int rate_compare(int bpc, const rate_kind *k, const rate_tile *tl, const nm_xfer_cmd *xc, uint64_t got,
                        rate_sum *s, size_t ki) {
  nm_xfer_bus bus = {8 << NM_AXI_DATA_BITS, RATE_LATENCY, bpc, NM_DMA_MAX_READS};
  nm_xfer_est e;
  ck_assert_msg(nm_xfer_estimate(&bus, xc, &e) == 0, "%s: out of memory", NM_NAME);
  uint64_t diff = got > e.cycles ? got - e.cycles : e.cycles - got;
  int ok = nm_xfer_within(e.cycles, got);
  s->run++, s->elems[ki] += (uint64_t)tl->rows * (uint64_t)tl->cols, s->rtl[ki] += got, s->model[ki] += e.cycles;
  if (diff > s->worst) s->worst = diff;
  if (!ok && s->bad++ < 20)
    fprintf(stderr,
            "MISMATCH XFER %s %dx%d (M %d) at %d B/cycle: LAST_CYCLES %llu, model %llu (port %llu, DRAM %llu, "
            "%llu groups, %llu bank words, %llu whole)\n",
            k->name, tl->rows, tl->cols, tl->m, bpc, (unsigned long long)got, (unsigned long long)e.cycles,
            (unsigned long long)e.port, (unsigned long long)e.dram, (unsigned long long)e.groups,
            (unsigned long long)e.bank_words, (unsigned long long)e.full_words);
  return ok;
}

static void rate_checked(top *t, const rate_kind *k) {
  const char *fault = dut_top_dram_fault(t->d);
  ck_assert_msg(fault == NULL, "%s %s: %s", NM_NAME, k->name, fault ? fault : "");
  ck_assert_msg(NM_GET(NM_DMA_STATUS_ERR, rd_ok(t, NM_REG_DMA_STATUS)) == 0, "%s %s: the XFER failed", NM_NAME,
                k->name);
}

/* One XFER alone: run it, compare. */
static int rate_one(top *t, int bpc, const rate_kind *k, rate_sum *s, size_t ki) {
  uint32_t a[5];
  nm_xfer_cmd xc;
  rate_tile tl = rate_setup(t, k, 0, a, &xc);
  cmd_out o = run_cmd(t, k->name, NM_OP_XFER, a, 0, 0);
  rate_checked(t, k);
  return rate_compare(bpc, k, &tl, &xc, o.last, s, ki);
}

/* Stall-free DRAM at bpc bytes a cycle, the window over all of it. */
static void rate_dram(top *t, int bpc) {
  dut_top_dram_opts o = {RATE_BASE, RATE_SIZE, RATE_LATENCY, bpc, 0, 0, nm_rng_u32(&t->r)};
  ck_assert_msg(dut_top_dram_open(t->d, &o) == 0, "%s: dut_top_dram_open failed", NM_NAME);
  wr_ok(t, NM_REG_DMA_WIN_BASE_LO, (uint32_t)RATE_BASE), wr_ok(t, NM_REG_DMA_WIN_BASE_HI, (uint32_t)(RATE_BASE >> 32));
  uint64_t lim = RATE_BASE + RATE_SIZE - 1;
  wr_ok(t, NM_REG_DMA_WIN_LIMIT_LO, (uint32_t)lim), wr_ok(t, NM_REG_DMA_WIN_LIMIT_HI, (uint32_t)(lim >> 32));
}

START_TEST(xfer_cycles_match_the_model_on_stall_free_dram) {
  static const int kBpc[] = {8, 16, 32};
  size_t per = reps(8), total = 0, bad = 0;
  for (size_t b = 0; b < sizeof kBpc / sizeof kBpc[0]; b++) {
    top *t = top_open(0, 300 + b);
    rate_dram(t, kBpc[b]);
    rate_sum s;
    memset(&s, 0, sizeof s);
    for (size_t rep = 0; rep < per; rep++)
      for (size_t k = 0; k < NKINDS; k++) rate_one(t, kBpc[b], &kKinds[k], &s, k);
    for (size_t k = 0; k < NKINDS; k++)
      printf("%s: XFER-RATE %-9s bpc=%d latency=%d: %6llu elements in %7llu cycles: %.3f elements/cycle "
             "(model %.3f)\n",
             NM_NAME, kKinds[k].name, kBpc[b], RATE_LATENCY, (unsigned long long)s.elems[k],
             (unsigned long long)s.rtl[k], (double)s.elems[k] / (double)s.rtl[k],
             (double)s.elems[k] / (double)s.model[k]);
    printf("%s: XFER model at %d B/cycle: %zu of %zu XFERs within %u cycles + %.1f %%, largest difference %llu\n",
           NM_NAME, kBpc[b], s.run - s.bad, s.run, NM_XFER_TOL_ABS, NM_XFER_TOL_REL_PPM / 1e4,
           (unsigned long long)s.worst);
    total += s.run, bad += s.bad;
    top_close(t);
  }
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s: %zu of %zu XFERs outside the cycle model's tolerance", NM_NAME, bad, total);
  printf("%s: XFER-MODEL-CHECK PASS %zu XFERs\n", NM_NAME, total);
}
END_TEST

/* ---- beside a GEMM --------------------------------------------------------------------- */

/* The kinds that run at full rate beside a GEMM (regmap.md "Two channels"):
** whole words into A and B, C out beside an OS GEMM without C_in. */
static const rate_kind kBeside[] = {
    {DK_A_PAIR, NM_REGION_STCE_A, 0, "A' pair in", 0}, {DK_A_VAL, NM_REGION_STCE_A, 0, "A' val zf", 1},
    {DK_B_T, NM_REGION_STCE_B, 0, "B^T in", 0},        {DK_C32, NM_REGION_STCE_C, 1, "C32 out", 0},
};
#define NBESIDE (sizeof kBeside / sizeof kBeside[0])

/* The GEMM the XFERs run beside: the lower half of every STCE buffer, OS
** without C_in where generated (so C's read port is free), loaded through
** the backdoor. */
static void lower_gemm(top *t, gemm *c) {
  for (int k = 0;; k++) {
    gemm_make(t, 0, c);
    c->g.ws = NM_DATAFLOW == NM_DATAFLOW_WS, c->g.init_cin = 0;
    c->abase = c->bbase = c->cbase = c->cinbase = 0;
    if (need_a(c) <= NM_ABUF_DEPTH / 2 && need_b(c) <= NM_BBUF_DEPTH / 2 && need_c(c) <= NM_CBUF_DEPTH / 2) break;
    gemm_free(c);
    ck_assert_msg(k < 100, "%s: no GEMM fits the lower halves", NM_NAME);
  }
  gemm_load(t, c);
}

/* XFER (ARG words xa) beside GEMM c, the GEMM issued again whenever it
** ends, until the XFER ends: its XFER_CYCLES. */
static uint64_t beside_gemms(top *t, const gemm *c, const uint32_t *xa, const char *what) {
  uint32_t ga[5];
  gemm_args(c, ga);
  set_args(t, ga), issue(t, NM_OP_GEMM);
  set_args(t, xa), issue(t, NM_OP_XFER);
  int running = 1;
  for (uint32_t polls = 0;; polls++) {
    ck_assert_msg(polls < MAX_WAIT, "%s %s: the XFER never ended", NM_NAME, what);
    uint32_t xs = rd_ok(t, NM_REG_XFER_STATUS), cs = rd_ok(t, NM_REG_COMP_STATUS);
    if (NM_GET(NM_COMP_STATUS_ERR, cs) || NM_GET(NM_XFER_STATUS_ERR, xs)) rerun();
    if (running && !NM_GET(NM_COMP_STATUS_BUSY, cs)) {
      ck_assert_msg(NM_GET(NM_COMP_STATUS_ERR, cs) == 0, "%s %s: the GEMM beside it ended with %u", NM_NAME, what,
                    NM_GET(NM_COMP_STATUS_ERR, cs));
      t->perf[NM_OP_GEMM - 1] += rd_ok(t, NM_REG_COMP_CYCLES);
      running = 0;
    }
    if (!NM_GET(NM_XFER_STATUS_BUSY, xs)) {
      ck_assert_msg(NM_GET(NM_XFER_STATUS_ERR, xs) == 0, "%s %s: ended with %u", NM_NAME, what,
                    NM_GET(NM_XFER_STATUS_ERR, xs));
      break;
    }
    if (!running) set_args(t, ga), issue(t, NM_OP_GEMM), running = 1;
  }
  if (running) {
    nmd_result r;
    ck_assert_msg(nmd_wait_channel(&t->dev, NMD_CH_COMPUTE, MAX_WAIT, &r) == NMD_OK, "%s %s: the GEMM beside it",
                  NM_NAME, what);
    t->perf[NM_OP_GEMM - 1] += r.last_cycles;
  }
  return rd_ok(t, NM_REG_XFER_CYCLES);
}

START_TEST(xfer_cycles_beside_a_gemm_match_the_model) {
  static const int kBpc[] = {8, 16, 32};
  size_t total = 0, bad = 0;
  for (size_t b = 0; b < sizeof kBpc / sizeof kBpc[0]; b++) {
    top *t = top_open(0, 310 + b);
    rate_dram(t, kBpc[b]);
    gemm c;
    lower_gemm(t, &c);
    rate_sum s;
    memset(&s, 0, sizeof s);
    for (size_t rep = 0; rep < reps(4); rep++)
      for (size_t k = 0; k < NBESIDE; k++) {
        if (kBeside[k].out && NM_DATAFLOW == NM_DATAFLOW_WS) continue;   /* C out waits for a WS GEMM */
        uint32_t a[5];
        nm_xfer_cmd xc;
        rate_tile tl = rate_setup(t, &kBeside[k], 1, a, &xc);
        uint64_t got = beside_gemms(t, &c, a, kBeside[k].name);
        rate_checked(t, &kBeside[k]);
        rate_compare(kBpc[b], &kBeside[k], &tl, &xc, got, &s, k);
      }
    for (size_t k = 0; k < NBESIDE; k++)
      if (s.elems[k])
        printf("%s: XFER-BESIDE-GEMM %-9s bpc=%d latency=%d: %6llu elements in %7llu cycles (model %llu)\n",
               NM_NAME, kBeside[k].name, kBpc[b], RATE_LATENCY, (unsigned long long)s.elems[k],
               (unsigned long long)s.rtl[k], (unsigned long long)s.model[k]);
    total += s.run, bad += s.bad;
    gemm_free(&c);
    top_close(t);
  }
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s: %zu of %zu XFERs beside a GEMM outside the cycle model's tolerance", NM_NAME, bad,
                total);
  printf("%s: OVERLAP-MODEL-CHECK PASS %zu XFERs beside GEMMs at the model's cycles\n", NM_NAME, total);
}
END_TEST

void dma_rate_tcase(Suite *s) {
  const TTest *tests[] = {xfer_cycles_match_the_model_on_stall_free_dram, xfer_cycles_beside_a_gemm_match_the_model,
                          NULL};
  check_add_tcase(s, "xfer_model", 1200, tests);
}
