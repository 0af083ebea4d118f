/*
** top_dma_harness: the DRAM side of the nm_top XFER tests (see
** top_dma_harness.h).
*/
#include "top_dma_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "dma_pack_xfer.h"

/* ---- DRAM -------------------------------------------------------------------------- */

uint8_t *dram(dt *x) { return dut_top_dram(x->t->d); }

void set_window(dt *x, uint64_t lo, uint64_t hi) {
  wr_ok(x->t, NM_REG_DMA_WIN_BASE_LO, (uint32_t)lo), wr_ok(x->t, NM_REG_DMA_WIN_BASE_HI, (uint32_t)(lo >> 32));
  wr_ok(x->t, NM_REG_DMA_WIN_LIMIT_LO, (uint32_t)hi), wr_ok(x->t, NM_REG_DMA_WIN_LIMIT_HI, (uint32_t)(hi >> 32));
}

/* A session: the dut, DRAM with random timing from the seed, random bytes
** everywhere, the window = the whole DRAM. */
dt *dt_open(uint64_t salt) {
  dt *x = calloc(1, sizeof *x);
  ck_assert(x);
  x->t = top_open(0, salt);
  nm_rng *r = &x->t->r;
  dut_top_dram_opts o = {DRAM_BASE, DRAM_SIZE, 1 + (int)nm_rng_below(r, 100),
                         4 << nm_rng_below(r, 4), (int)nm_rng_below(r, 40), (int)nm_rng_below(r, 40),
                         nm_rng_u32(r)};
  ck_assert_msg(dut_top_dram_open(x->t->d, &o) == 0, "%s: dut_top_dram_open failed", NM_NAME);
  printf("%s: DRAM latency %d, %d B/cycle, stalls %d%%, gaps %d%%\n", NM_NAME, o.latency,
         o.bytes_per_cycle, o.p_stall, o.p_gap);
  x->img = malloc(DRAM_SIZE);
  ck_assert(x->img);
  for (size_t i = 0; i < DRAM_SIZE; i++) x->img[i] = (uint8_t)nm_rng_u32(r);
  memcpy(dram(x), x->img, DRAM_SIZE);
  set_window(x, DRAM_BASE, DRAM_BASE + DRAM_SIZE - 1);
  return x;
}

void dt_close(dt *x) {
  for (int k = 0; k < DK_COUNT; k++)
    if (x->xfer_elems[k])
      printf("%s: XFER %-8s %6llu elements in %7llu cycles: %.3f elements/cycle\n", NM_NAME,
             dpk_kind_name((dpk_kind)k), (unsigned long long)x->xfer_elems[k],
             (unsigned long long)x->xfer_cycles[k], (double)x->xfer_elems[k] / (double)x->xfer_cycles[k]);
  top_close(x->t);
  free(x->img);
  free(x);
}

/* A tile of rows x cols elements of esz bytes at a fresh even address, rows
** a random even stride apart (at least the row). */
dtile dt_alloc(dt *x, int rows, int cols, int esz) {
  nm_rng *r = &x->t->r;
  uint64_t row = (uint64_t)cols * (uint64_t)esz;
  dtile d = {0, ((row + 1) & ~1ull) + 2 * nm_rng_below(r, 6), rows, cols, esz};
  x->next += 2 * nm_rng_below(r, 40);
  d.addr = DRAM_BASE + x->next;
  x->next += d.stride * (uint64_t)rows;
  ck_assert_msg(x->next <= DRAM_SIZE, "%s: test DRAM full", NM_NAME);
  return d;
}

uint8_t *at(uint8_t *m, const dtile *d, int r, int c) {
  return m + (d->addr - DRAM_BASE) + (uint64_t)r * d->stride + (uint64_t)c * (uint64_t)d->esz;
}
/* Element (r, c) into both the DRAM and the expected image. */
void dt_put(dt *x, const dtile *d, int r, int c, uint32_t v) {
  for (int b = 0; b < d->esz; b++) at(dram(x), d, r, c)[b] = at(x->img, d, r, c)[b] = (uint8_t)(v >> 8 * b);
}
/* Element (r, c) into the expected image only (what an XFER out must write). */
void dt_expect(dt *x, const dtile *d, int r, int c, uint32_t v) {
  for (int b = 0; b < d->esz; b++) at(x->img, d, r, c)[b] = (uint8_t)(v >> 8 * b);
}

/* Every DRAM byte against the expected image; the count of differences. */
size_t dram_diff(dt *x, const char *what) {
  size_t bad = 0;
  const uint8_t *m = dram(x);
  for (size_t i = 0; i < DRAM_SIZE; i++)
    if (m[i] != x->img[i] && bad++ < MAX_REPORT)
      fprintf(stderr, "MISMATCH %s: DRAM 0x%llx = 0x%02x, expected 0x%02x\n", what,
              (unsigned long long)(DRAM_BASE + i), m[i], x->img[i]);
  return bad;
}

/* ---- XFER ------------------------------------------------------------------------------ */


/* The descriptor of a tile of kind k at base (nm_layout's layout). */
xfer xf(dpk_kind k, int region, int out, unsigned base, unsigned need, int m, const dtile *d) {
  xfer f = {k, region, out, base, need, m, 0, *d, {0}};
  dpk_case c = {k, !out, nm_layout_here(), d->rows, d->cols, m, 0, base};
  f.desc = dpk_desc_of(&c);
  return f;
}

void xfer_args(const xfer *f, uint32_t *a) {
  dpk_xfer_args(&f->desc, f->region, f->out, f->base, f->d.rows, f->d.cols, f->need, a);
}

/* Run one XFER (args: xfer_args, possibly altered) expecting DMA code
** want; the protocol checker must have seen nothing; returns DMA_STATUS. */
void xfer_dram_regs(dt *x, const xfer *f) {
  top *t = x->t;
  wr_ok(t, NM_REG_DMA_ADDR_LO, (uint32_t)f->d.addr), wr_ok(t, NM_REG_DMA_ADDR_HI, (uint32_t)(f->d.addr >> 32));
  wr_ok(t, NM_REG_DMA_STRIDE_LO, (uint32_t)f->d.stride);
  wr_ok(t, NM_REG_DMA_STRIDE_HI, (uint32_t)(f->d.stride >> 32));
}

uint32_t xfer_run(dt *x, const char *what, const xfer *f, const uint32_t *args, int want) {
  top *t = x->t;
  xfer_dram_regs(x, f);
  cmd_out o = run_cmd(t, what, NM_OP_XFER, args, want ? NM_ERR_DMA : 0, 0);
  uint32_t st = rd_ok(t, NM_REG_DMA_STATUS);
  const char *fault = dut_top_dram_fault(t->d);
  if (fault) fprintf(stderr, "AXI %s: %s\n", what, fault);
  ck_assert_msg(fault == NULL, "%s %s: %s", NM_NAME, what, fault ? fault : "");
  ck_assert_msg(dut_top_dram_idle(t->d), "%s %s: AXI traffic still in flight after the XFER", NM_NAME, what);
  if ((int)NM_GET(NM_DMA_STATUS_ERR, st) != want) rerun();
  ck_assert_msg((int)NM_GET(NM_DMA_STATUS_ERR, st) == want, "%s %s: DMA_STATUS 0x%08x, expected code %d",
                NM_NAME, what, st, want);
  if (!want) x->xfer_cycles[f->kind] += o.last, x->xfer_elems[f->kind] += (uint64_t)f->d.rows * (uint64_t)f->d.cols;
  return st;
}

uint32_t xfer_go(dt *x, const char *what, const xfer *f, int want) {
  uint32_t a[5];
  xfer_args(f, a);
  return xfer_run(x, what, f, a, want);
}

/* ---- GEMM by DMA ------------------------------------------------------------------------- */

/* A random GEMM of pattern p whose u8 index rows have an even length (the
** DMA moves rows of whole fp16 words: ALIGN otherwise). */
void gemm_make_even(top *t, int p, gemm *c) {
  for (int k = 0;; k++) {
    gemm_make(t, p, c);
    if (!c->g.a_sparse || nm_gemm_kp(&c->g) % 2 == 0 || k == 50) break;
    gemm_free(c);
  }
  if (c->g.a_sparse && nm_gemm_kp(&c->g) % 2) c->g.a_sparse = 0, c->g.N = c->g.M;   /* dense then */
}


/* The GEMM's tensors into DRAM (random bytes between rows stay). */
gdram gemm_to_dram(dt *x, const gemm *c) {
  int I = c->g.I, J = c->g.J, K = c->g.K, kp = nm_gemm_kp(&c->g);
  gdram g;
  g.bt = (int)nm_rng_below(&x->t->r, 2);
  g.aval = dt_alloc(x, I, kp, 2), g.aidx = dt_alloc(x, I, kp, 1);
  g.b = g.bt ? dt_alloc(x, J, K, 2) : dt_alloc(x, K, J, 2);
  g.pair = c->g.a_sparse && nm_rng_below(&x->t->r, 2);
  g.apair = g.pair ? dt_alloc(x, I, kp, 4) : g.aval;
  g.cin = dt_alloc(x, I, J, 4), g.c = dt_alloc(x, I, J, c->g.out16 ? 2 : 4);
  for (int i = 0; i < I; i++)
    for (int q = 0; q < kp; q++) {
      dt_put(x, &g.aval, i, q, c->aval[i * kp + q]), dt_put(x, &g.aidx, i, q, c->aidx[i * kp + q]);
      if (g.pair) dt_put(x, &g.apair, i, q, c->aval[i * kp + q] | (uint32_t)c->aidx[i * kp + q] << 16);
    }
  for (int k = 0; k < K; k++)
    for (int j = 0; j < J; j++)
      if (g.bt)
        dt_put(x, &g.b, j, k, c->b[k * J + j]);
      else
        dt_put(x, &g.b, k, j, c->b[k * J + j]);
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) dt_put(x, &g.cin, i, j, c->cin[i * J + j]);
  return g;
}

unsigned need_a(const gemm *c) {
  nm_layout_cfg L = nm_layout_here();
  return (unsigned)nm_layout_a_need(&L, c->g.I, nm_gemm_kp(&c->g));
}
unsigned need_b(const gemm *c) {
  nm_layout_cfg L = nm_layout_here();
  return (unsigned)nm_layout_b_need(&L, c->g.K / c->g.M, c->g.J);
}
unsigned need_c(const gemm *c) {
  nm_layout_cfg L = nm_layout_here();
  return (unsigned)nm_layout_c_need(&L, c->g.I, c->g.J);
}

xfer xf_b(const gemm *c, const gdram *g) {
  return xf(g->bt ? DK_B_T : DK_B, NM_REGION_STCE_B, 0, c->bbase, need_b(c), c->g.M, &g->b);
}

/* Operands in by DMA; the words each XFER wrote checked against DRAM. */
void gemm_load_dma(dt *x, const gemm *c, const gdram *g) {
  nm_layout_cfg L = nm_layout_here();
  int kp = nm_gemm_kp(&c->g);
  xfer av = xf(DK_A_VAL, NM_REGION_STCE_A, 0, c->abase, need_a(c), 0, &g->aval);
  xfer ai = xf(DK_A_IDX, NM_REGION_STCE_A, 0, c->abase, need_a(c), 0, &g->aidx);
  xfer b = xf_b(c, g);
  xfer ci = xf(DK_C32, NM_REGION_STCE_C, 0, c->cinbase, need_c(c), 0, &g->cin);
  xfer ap = xf(DK_A_PAIR, NM_REGION_STCE_A, 0, c->abase, need_a(c), 0, &g->apair);
  if (g->pair) {
    xfer_go(x, "XFER A' pairs in", &ap, 0);
  } else {
    xfer_go(x, "XFER A' values in", &av, 0);
    if (c->g.a_sparse) xfer_go(x, "XFER A' indices in", &ai, 0);
  }
  xfer_go(x, "XFER B in", &b, 0);
  if (c->g.init_cin) xfer_go(x, "XFER C_in in", &ci, 0);
  /* the buffers hold every element where nm_layout puts it */
  uint32_t *sa = snapshot(x->t, NM_REGION_STCE_A), *sb = snapshot(x->t, NM_REGION_STCE_B);
  uint32_t *sc = snapshot(x->t, NM_REGION_STCE_C);
  size_t bad = 0;
  for (int i = 0; i < c->g.I; i++)
    for (int q = 0; q < kp; q++) {
      nm_layout_loc v = nm_layout_a(&L, 0, i, q, kp, c->abase);
      uint32_t w = sa[snap_at(NM_REGION_STCE_A, v.bank, (int)v.word, 0)];
      uint32_t want = c->aval[i * kp + q] | (c->g.a_sparse ? (uint32_t)c->aidx[i * kp + q] << 16 : (w & 0xF0000u));
      if (w != want && bad++ < MAX_REPORT) fprintf(stderr, "MISMATCH A' (%d, %d): 0x%05x, want 0x%05x\n", i, q, w, want);
    }
  for (int k = 0; k < c->g.K; k++)
    for (int j = 0; j < c->g.J; j++) {
      nm_layout_loc l = nm_layout_b(&L, k / c->g.M, j, k % c->g.M, c->g.K / c->g.M, c->bbase);
      uint32_t w = sb[snap_at(NM_REGION_STCE_B, l.bank, (int)l.word, l.lsb / 32)] >> (l.lsb % 32) & 0xFFFFu;
      if (w != c->b[k * c->g.J + j] && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH B (%d, %d): 0x%04x, want 0x%04x\n", k, j, w, c->b[k * c->g.J + j]);
    }
  if (c->g.init_cin)
    for (int i = 0; i < c->g.I; i++)
      for (int j = 0; j < c->g.J; j++) {
        nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->cinbase);
        uint32_t w = sc[snap_at(NM_REGION_STCE_C, l.bank, (int)l.word, 0)];
        if (w != c->cin[i * c->g.J + j] && bad++ < MAX_REPORT)
          fprintf(stderr, "MISMATCH C_in (%d, %d): 0x%08x, want 0x%08x\n", i, j, w, c->cin[i * c->g.J + j]);
      }
  free(sa), free(sb), free(sc);
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s: %zu operand elements not where the layout puts them", NM_NAME, bad);
}

/* C out by DMA; DRAM compared with the golden image (nm_gemm_ref). */
void gemm_store_dma(dt *x, const gemm *c, const gdram *g) {
  int I = c->g.I, J = c->g.J;
  uint32_t *out = malloc((size_t)(I * J) * 4);
  ck_assert(out);
  nm_gemm_ref(&c->g, c->aval, c->g.a_sparse ? c->aidx : NULL, c->b, c->cin, out);
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) dt_expect(x, &g->c, i, j, out[i * J + j]);
  free(out);
  xfer co = xf(c->g.out16 ? DK_C16 : DK_C32, NM_REGION_STCE_C, 1, c->cbase, need_c(c), 0, &g->c);
  xfer_go(x, "XFER C out", &co, 0);
  size_t bad = dram_diff(x, "C out");
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s: %zu DRAM bytes differ after C out", NM_NAME, bad);
}

