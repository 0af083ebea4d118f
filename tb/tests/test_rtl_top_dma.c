/*
** test_rtl_top_dma: nm_top's XFER command (the DMA, rtl_templates/nm_top_dma.vt)
** through the front door, with DRAM on the m_axi_* port (tb/axi's memory
** model with random latency, bandwidth and stalls, and the protocol
** checker, which fails the test on any violation: dut_top_dram_open).
**
** Tensors lie in DRAM in the logical row-major formats of
** tb/tests/dma_pack_harness.h, each at its own row stride; XFER's layout
** fields are dpk_desc_of()'s.  GEMM: A' values and indices, B, C_in in by
** DMA, GEMM (rtl_top_harness checks C against nm_gemm_ref and the cycle
** model), C out; every DRAM byte compared with the golden image.  UPDATE:
** W, V, dW, mask, W16 in, UPDATE (checked against the WUVE model), W, V, W16
** out, DRAM compared.  Bad descriptors, shapes, sizes, misalignment,
** addresses outside the window, injected SLVERR / DECERR: the code in
** DMA_STATUS.ERR, STATUS.ERR = DMA, and the buffers and DRAM unchanged but
** where the rule says (taint: a half-loaded region refuses its engine's
** commands until a good XFER reloads it).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dma_pack_harness.h"
#include "dma_pack_rate.h"
#include "dma_pack_xfer.h"
#include "dma_top_bw.h"
#include "rtl_top_harness.h"
#include "top_dma_harness.h"

/* The patterns of test_rtl_top_gemm.c's list (index, M) to run. */
static const int kPat[][2] = {{1, 4}, {7, 4}, {0, 2}, {3, 4}, {8, 2}, {4, 8}};

START_TEST(gemm_tensors_in_dram_match_model_bit_for_bit) {
  dt *x = dt_open(101);
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(2); rep++)
    for (size_t p = 0; p < sizeof kPat / sizeof kPat[0]; p++) {
      if (kPat[p][1] > NM_MMAX) continue;
      for (int ws = 0; ws < 2; ws++) {
        if (ws ? NM_DATAFLOW == NM_DATAFLOW_OS : NM_DATAFLOW == NM_DATAFLOW_WS) continue;
        gemm c;
        gemm_make_even(x->t, kPat[p][0], &c);
        c.g.ws = ws;
        x->next = 0;
        gdram g = gemm_to_dram(x, &c);
        gemm_load_dma(x, &c, &g);
        gemm_run_check(x->t, &c);
        gemm_store_dma(x, &c, &g);
        gemm_free(&c);
        ran++;
      }
    }
  printf("%s: %zu GEMMs with every tensor in DRAM\n", NM_NAME, ran);
  dt_close(x);
}
END_TEST

/* ---- UPDATE by DMA ----------------------------------------------------------------------- */

START_TEST(update_tensors_in_dram_match_model_bit_for_bit) {
  dt *x = dt_open(102);
  nm_layout_cfg L = nm_layout_here();
  nm_wuve_hp hp;
  upd_hp(x->t, &hp);
  upd_fill(x->t, 0);
  int found = 0;
  for (size_t rep = 0; rep < reps(4); rep++) {
    nm_rng *r = &x->t->r;
    /* n elements as a rows x cols tile (the flat kinds number them row by row) */
    int rows = 1 + (int)nm_rng_below(r, 3), cols = 2 * (1 + (int)nm_rng_below(r, 12));
    int n = rows * cols;
    if ((unsigned)n > NM_WUVE_BUF_DEPTH * NM_WUVE_LANES) rows = 1, cols = 2, n = 2;
    unsigned need = (unsigned)nm_layout_wuve_need(&L, n);
    upd u = {nm_rng_below(r, NM_WUVE_BUF_DEPTH - need + 1), (unsigned)n, 1 + (int)nm_rng_below(r, 2),
             (int)nm_rng_below(r, 2)};
    x->next = 0;
    dtile w = dt_alloc(x, rows, cols, 4), v = dt_alloc(x, rows, cols, 4), dw = dt_alloc(x, rows, cols, 2);
    dtile mk = dt_alloc(x, rows, cols, 1), w16 = dt_alloc(x, rows, cols, 2);
    dtile wo = dt_alloc(x, rows, cols, 4), vo = dt_alloc(x, rows, cols, 4), w16o = dt_alloc(x, rows, cols, 2);
    for (int i = 0; i < rows; i++)
      for (int j = 0; j < cols; j++) {
        dt_put(x, &w, i, j, rand32(r)), dt_put(x, &v, i, j, rand32(r));
        dt_put(x, &dw, i, j, rand16(r)), dt_put(x, &mk, i, j, nm_rng_below(r, 2));
        dt_put(x, &w16, i, j, rand16(r));
      }
    xfer in[] = {xf(DK_W, NM_REGION_WUVE_W, 0, u.base, need, 0, &w), xf(DK_V, NM_REGION_WUVE_V, 0, u.base, need, 0, &v),
                 xf(DK_G_DW, NM_REGION_WUVE_G, 0, u.base, need, 0, &dw),
                 xf(DK_G_MASK, NM_REGION_WUVE_G, 0, u.base, need, 0, &mk),
                 xf(DK_W16, NM_REGION_WUVE_W16, 0, u.base, need, 0, &w16)};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) xfer_go(x, "XFER WUVE in", &in[k], 0);
    /* the DMA-loaded words are the DRAM elements */
    size_t bad = 0;
    uint32_t *sw = snapshot(x->t, NM_REGION_WUVE_W), *sg = snapshot(x->t, NM_REGION_WUVE_G);
    uint32_t *sv = snapshot(x->t, NM_REGION_WUVE_V);
    for (int e = 0; e < n; e++) {
      nm_layout_loc l = nm_layout_wuve(&L, NMF_WUVE_W_ELEM, e, u.base);
      uint32_t ww = sw[snap_at(NM_REGION_WUVE_W, l.bank, (int)l.word, 0)], gw = sg[snap_at(NM_REGION_WUVE_G, l.bank, (int)l.word, 0)];
      uint32_t want_w = 0, want_v = 0, want_g = 0, vw = sv[snap_at(NM_REGION_WUVE_V, l.bank, (int)l.word, 0)];
      memcpy(&want_w, at(x->img, &w, e / cols, e % cols), 4);
      memcpy(&want_v, at(x->img, &v, e / cols, e % cols), 4);
      want_g = (uint32_t)at(x->img, &dw, e / cols, e % cols)[0] | (uint32_t)at(x->img, &dw, e / cols, e % cols)[1] << 8 |
               (uint32_t)at(x->img, &mk, e / cols, e % cols)[0] << 16;
      if ((ww != want_w || vw != want_v || gw != want_g) && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH WUVE element %d: W 0x%08x V 0x%08x G 0x%05x, want 0x%08x 0x%08x 0x%05x\n", e,
                ww, vw, gw, want_w, want_v, want_g);
    }
    free(sw), free(sg), free(sv);
    ck_assert_msg(bad == 0, "%s: %zu WUVE elements not where the layout puts them", NM_NAME, bad);
    found = upd_run_check(x->t, &hp, &u, found, 0);
    /* out: the buffers' words (upd_run_check compared them with the model) into DRAM */
    uint32_t *bw = snapshot(x->t, NM_REGION_WUVE_W), *bv = snapshot(x->t, NM_REGION_WUVE_V);
    uint32_t *b16 = snapshot(x->t, NM_REGION_WUVE_W16);
    for (int e = 0; e < n; e++) {
      nm_layout_loc l = nm_layout_wuve(&L, NMF_WUVE_W_ELEM, e, u.base);
      size_t s = snap_at(NM_REGION_WUVE_W, l.bank, (int)l.word, 0);
      dt_expect(x, &wo, e / cols, e % cols, bw[s]), dt_expect(x, &vo, e / cols, e % cols, bv[s]);
      dt_expect(x, &w16o, e / cols, e % cols, b16[s] & 0xFFFFu);
    }
    free(bw), free(bv), free(b16);
    xfer out[] = {xf(DK_W, NM_REGION_WUVE_W, 1, u.base, need, 0, &wo), xf(DK_V, NM_REGION_WUVE_V, 1, u.base, need, 0, &vo),
                  xf(DK_W16, NM_REGION_WUVE_W16, 1, u.base, need, 0, &w16o)};
    for (size_t k = 0; k < sizeof out / sizeof out[0]; k++) xfer_go(x, "XFER WUVE out", &out[k], 0);
    bad = dram_diff(x, "WUVE out");
    ck_assert_msg(bad == 0, "%s: %zu DRAM bytes differ after W, V, W16 out", NM_NAME, bad);
  }
  dt_close(x);
}
END_TEST

/* ---- refusals and faults ------------------------------------------------------------------ */

typedef struct stce_snap {
  uint32_t *a, *b, *c;
} stce_snap;
static stce_snap stce_take(top *t) {
  stce_snap s = {snapshot(t, NM_REGION_STCE_A), snapshot(t, NM_REGION_STCE_B), snapshot(t, NM_REGION_STCE_C)};
  return s;
}
static void stce_free(stce_snap *s) { free(s->a), free(s->b), free(s->c); }
/* The STCE buffers as before. */
static void stce_same(top *t, const char *what, const stce_snap *before) {
  stce_snap now = stce_take(t);
  size_t n = diff_snap(NM_REGION_STCE_A, what, before->a, now.a) + diff_snap(NM_REGION_STCE_B, what, before->b, now.b) +
             diff_snap(NM_REGION_STCE_C, what, before->c, now.c);
  stce_free(&now);
  ck_assert_msg(n == 0, "%s %s: %zu STCE buffer words changed", NM_NAME, what, n);
}

START_TEST(bad_descriptors_and_bus_errors_refused_with_codes_nothing_else_changed) {
  dt *x = dt_open(103);
  top *t = x->t;
  gemm c;
  gemm_make_even(t, 1, &c);   /* 2:4 (1:2 when MMAX < 4) */
  c.g.ws = NM_DATAFLOW == NM_DATAFLOW_WS;
  gdram g = gemm_to_dram(x, &c);
  gemm_load_dma(x, &c, &g);
  stce_snap before = stce_take(t);
  xfer b = xf_b(&c, &g);
  uint32_t good[5];
  xfer_args(&b, good);
  /* Refused before any traffic: code, buffers and DRAM unchanged, no taint. */
  struct { const char *what; int arg, lsb, width; uint32_t val; int code; } bad[] = {
      {"region 0", NM_XFER_REGION_ARG, NM_XFER_REGION_LSB, NM_XFER_REGION_WIDTH, 0, 7},
      {"region past the last", NM_XFER_REGION_ARG, NM_XFER_REGION_LSB, NM_XFER_REGION_WIDTH, NM_REGION_COUNT + 1, 7},
      {"into read-only SORE_VAL", NM_XFER_REGION_ARG, NM_XFER_REGION_LSB, NM_XFER_REGION_WIDTH, NM_REGION_SORE_VAL, 7},
      {"NB 0", NM_XFER_NB_ARG, NM_XFER_NB_LSB, NM_XFER_NB_WIDTH, 0, 7},
      {"NB over the banks", NM_XFER_NB_ARG, NM_XFER_NB_LSB, NM_XFER_NB_WIDTH, NM_REGION_STCE_B_BANKS + 1, 7},
      {"EPW 0", NM_XFER_EPW_ARG, NM_XFER_EPW_LSB, NM_XFER_EPW_WIDTH, 0, 7},
      {"EPW 17", NM_XFER_EPW_ARG, NM_XFER_EPW_LSB, NM_XFER_EPW_WIDTH, 17, 7},
      {"RPL 0", NM_XFER_RPL_ARG, NM_XFER_RPL_LSB, NM_XFER_RPL_WIDTH, 0, 7},
      {"LANE0 past the word", NM_XFER_LANE0_ARG, NM_XFER_LANE0_LSB, NM_XFER_LANE0_WIDTH, NM_MMAX, 7},
      {"ESZ 3", NM_XFER_ESZ_ARG, NM_XFER_ESZ_LSB, NM_XFER_ESZ_WIDTH, 3, 7},
      {"ROWS 0", NM_XFER_ROWS_ARG, NM_XFER_ROWS_LSB, NM_XFER_ROWS_WIDTH, 0, 1},
      {"ROW_ELEMS 0", NM_XFER_ROW_ELEMS_ARG, NM_XFER_ROW_ELEMS_LSB, NM_XFER_ROW_ELEMS_WIDTH, 0, 1},
      {"NEED 0", NM_XFER_NEED_ARG, NM_XFER_NEED_LSB, NM_XFER_NEED_WIDTH, 0, 6},
      {"BASE + NEED over the depth", NM_XFER_BASE_ARG, NM_XFER_BASE_LSB, NM_XFER_BASE_WIDTH,
       NM_BBUF_DEPTH - need_b(&c) + 1, 6},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (bad[i].width < 32 && bad[i].val >> bad[i].width) continue;   /* not expressible here */
    uint32_t a[5];
    memcpy(a, good, sizeof a);
    uint32_t m = (bad[i].width == 32 ? ~0u : (1u << bad[i].width) - 1u) << bad[i].lsb;
    a[bad[i].arg] = (a[bad[i].arg] & ~m) | ((bad[i].val << bad[i].lsb) & m);
    uint32_t st = xfer_run(x, bad[i].what, &b, a, bad[i].code);
    ck_assert_msg(NM_GET(NM_DMA_STATUS_TAINT, st) == 0, "%s %s: taint 0x%x", NM_NAME, bad[i].what,
                  NM_GET(NM_DMA_STATUS_TAINT, st));
    stce_same(t, bad[i].what, &before);
    ck_assert_msg(dram_diff(x, bad[i].what) == 0, "%s %s: DRAM changed", NM_NAME, bad[i].what);
  }
  /* nm_dma's own checks: an odd address, an odd stride, a byte past the window. */
  xfer odd = b;
  odd.d.addr += 1;
  xfer_go(x, "odd address", &odd, 2);
  odd = b, odd.d.stride += 1;
  if (odd.d.rows > 1) xfer_go(x, "odd stride", &odd, 2);
  set_window(x, DRAM_BASE, b.d.addr + b.d.stride * (uint64_t)(b.d.rows - 1) + (uint64_t)b.d.cols * 2 - 2);
  xfer_go(x, "the last byte past the window", &b, 3);
  set_window(x, b.d.addr + 2, DRAM_BASE + DRAM_SIZE - 1);
  xfer_go(x, "the first byte before the window", &b, 3);
  set_window(x, DRAM_BASE, DRAM_BASE + DRAM_SIZE - 1);
  stce_same(t, "nm_dma refusals", &before);
  ck_assert_msg(dram_diff(x, "nm_dma refusals") == 0, "%s: DRAM changed by a refused XFER", NM_NAME);

  /* A bus error loading B: code, B tainted, GEMM refused with TAINT touching nothing. */
  for (int e = 0; e < 2; e++) {
    unsigned resp = e ? 3u : 2u;
    uint64_t last_row = b.d.addr + b.d.stride * (uint64_t)(b.d.rows - 1);
    dut_top_dram_error(t->d, last_row, last_row + 2, resp);
    uint32_t st = xfer_go(x, e ? "B in, DECERR" : "B in, SLVERR", &b, e ? 5 : 4);
    dut_top_dram_error(t->d, 0, 0, 0);
    ck_assert_msg(NM_GET(NM_DMA_STATUS_TAINT, st) == 1u << (NM_REGION_STCE_B - 1), "%s: taint 0x%x after a B bus error",
                  NM_NAME, NM_GET(NM_DMA_STATUS_TAINT, st));
    stce_snap mid = stce_take(t);
    uint32_t ga[5] = {0};
    ga[NM_GEMM_I_ARG] = NM_FIELD(NM_GEMM_I, c.g.I) | NM_FIELD(NM_GEMM_J, c.g.J);
    ga[NM_GEMM_K_ARG] = NM_FIELD(NM_GEMM_K, c.g.K) | NM_FIELD(NM_GEMM_M, c.g.M);
    ga[NM_GEMM_WS_ARG] = NM_FIELD(NM_GEMM_WS, c.g.ws);
    ga[NM_GEMM_CINBASE_ARG] = NM_FIELD(NM_GEMM_CBASE, c.cbase);
    run_cmd(t, "GEMM on a tainted B", NM_OP_GEMM, ga, NM_ERR_TAINT, 0);
    stce_same(t, "GEMM on a tainted B", &mid);
    stce_free(&mid);
    ck_assert_msg(dram_diff(x, "B bus error") == 0, "%s: DRAM changed by a failed XFER in", NM_NAME);
    /* other engines run: an UPDATE of 0 elements */
    uint32_t ua[5] = {0};
    ua[NM_UPDATE_MODE_ARG] = NM_FIELD(NM_UPDATE_MODE, 1);
    run_cmd(t, "UPDATE beside a tainted B", NM_OP_UPDATE, ua, 0, 0);
  }
  /* RANGE: NEED short of the tile: what lies outside is not written, B tainted. */
  if (need_b(&c) > 1) {
    xfer s = b;
    s.need = 1;
    stce_snap pre = stce_take(t);
    uint32_t st = xfer_go(x, "B in, NEED 1", &s, 8);
    ck_assert_msg(NM_GET(NM_DMA_STATUS_TAINT, st) == 1u << (NM_REGION_STCE_B - 1), "%s: taint 0x%x after RANGE",
                  NM_NAME, NM_GET(NM_DMA_STATUS_TAINT, st));
    uint32_t *now = snapshot(t, NM_REGION_STCE_B);
    size_t moved = 0;
    for (int bk = 0; bk < NM_REGION_STCE_B_BANKS; bk++)
      for (int w = 0; w < NM_BBUF_DEPTH; w++)
        if (w != (int)c.bbase)
          for (int sw = 0; sw < subwords(region_of(NM_REGION_STCE_B)); sw++) {
            size_t k = snap_at(NM_REGION_STCE_B, bk, w, sw);
            moved += now[k] != pre.b[k];
          }
    free(now), stce_free(&pre);
    ck_assert_msg(moved == 0, "%s: %zu B words outside [BASE, BASE + NEED) written", NM_NAME, moved);
  }
  /* A good reload clears the taint; the GEMM then runs and matches. */
  uint32_t st = xfer_go(x, "B in again", &b, 0);
  ck_assert_msg(NM_GET(NM_DMA_STATUS_TAINT, st) == 0, "%s: taint 0x%x after a good reload", NM_NAME,
                NM_GET(NM_DMA_STATUS_TAINT, st));
  gemm_run_check(t, &c);

  /* A bus error storing C: code, buffers unchanged, DRAM outside the C tile unchanged. */
  stce_snap post = stce_take(t);
  xfer co = xf(c.g.out16 ? DK_C16 : DK_C32, NM_REGION_STCE_C, 1, c.cbase, need_c(&c), 0, &g.c);
  dut_top_dram_error(t->d, g.c.addr, g.c.addr + 2, 2);
  st = xfer_go(x, "C out, SLVERR", &co, 4);
  dut_top_dram_error(t->d, 0, 0, 0);
  ck_assert_msg(NM_GET(NM_DMA_STATUS_TAINT, st) == 0, "%s: a failed XFER out tainted 0x%x", NM_NAME,
                NM_GET(NM_DMA_STATUS_TAINT, st));
  stce_same(t, "C out, SLVERR", &post);
  for (int i = 0; i < g.c.rows; i++)   /* the tile's bytes may be written: take them as they are */
    memcpy(at(x->img, &g.c, i, 0), at(dram(x), &g.c, i, 0), (size_t)(g.c.cols * g.c.esz));
  ck_assert_msg(dram_diff(x, "C out, SLVERR") == 0, "%s: DRAM outside the C tile changed", NM_NAME);
  gemm_store_dma(x, &c, &g);   /* and it works after */

  /* A second compute command while a GEMM runs: refused (BUSY: its channel
  ** is busy), the GEMM completes (XFER beside a GEMM: test_rtl_top_overlap.c). */
  uint32_t ga[5] = {0};
  ga[NM_GEMM_I_ARG] = NM_FIELD(NM_GEMM_I, c.g.I) | NM_FIELD(NM_GEMM_J, c.g.J);
  ga[NM_GEMM_K_ARG] = NM_FIELD(NM_GEMM_K, c.g.K) | NM_FIELD(NM_GEMM_M, c.g.M) |
                      NM_FIELD(NM_GEMM_N, c.g.a_sparse ? c.g.N : 0);
  ga[NM_GEMM_WS_ARG] = NM_FIELD(NM_GEMM_WS, c.g.ws) | NM_FIELD(NM_GEMM_SPARSE, c.g.a_sparse);
  ga[NM_GEMM_ABASE_ARG] = NM_FIELD(NM_GEMM_ABASE, c.abase) | NM_FIELD(NM_GEMM_BBASE, c.bbase);
  ga[NM_GEMM_CINBASE_ARG] = NM_FIELD(NM_GEMM_CBASE, c.cbase);
  set_args(t, ga);
  issue(t, NM_OP_GEMM);
  int rc = dut_top_write(t->d, NM_REG_CMD, NM_OP_UPDATE, 0xF);
  t->refused++;
  uint32_t s2 = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(rc == 2 && NM_GET(NM_STATUS_REFUSE, s2) == NM_ERR_BUSY,
                "%s: UPDATE while a GEMM runs: resp %d STATUS 0x%08x", NM_NAME, rc, s2);
  finish(t, "GEMM beside a refused UPDATE", NM_OP_GEMM, 0, 0);
  stce_free(&before);
  gemm_free(&c);
  dt_close(x);
}
END_TEST

static Suite *rtl_top_dma_suite(void) {
  Suite *s = suite_create("rtl_top_dma_" NM_NAME);
  const TTest *tests[] = {gemm_tensors_in_dram_match_model_bit_for_bit,
                          update_tensors_in_dram_match_model_bit_for_bit,
                          bad_descriptors_and_bus_errors_refused_with_codes_nothing_else_changed, NULL};
  check_add_tcase(s, "rtl_top_dma", 1200, tests);
  rtl_top_add_overlap_tests(s);
  rtl_top_add_queue_tests(s);
  dma_rate_tcase(s);
  dma_top_bw_tcase(s);
  return s;
}

const check_prog check_program = {.name = "test_rtl_top_dma", .suite = rtl_top_dma_suite};
