/*
** test_rtl_top_dma's sustained-bandwidth bench (TCase "dma_top_bw", part of
** `make bench-dma`): LONG XFERs through nm_top (a region filled as far as it
** holds: many rows of contiguous DRAM, stride = row bytes, rows of about
** 1 KB) of the kinds whose buffer side could take a whole bus beat a cycle,
** on the memory model with latency 100 and no stalls at 8, 16 and 32 bytes
** a cycle.  One line per case:
**   DMA-TOP <kind> bpc=<B> bytes=<N> cycles=<C> bw=<P>% of peak
** cycles = the XFER's LAST_CYCLES on the RTL, peak = min(bpc, bus bytes)
** (tb/axi's memory model: a beat costs the bus width), and (model=<M>) the
** XFER cycle model's prediction beside it.  Every moved element is checked
** bit for bit: an XFER in against nm_layout's place of each DRAM element
** (and every other buffer bit unchanged), an XFER out of a random region
** against the same places (and every other DRAM byte unchanged); the bench
** fails when a check fails.  Issue 17's target: >= 90 % on long bursts.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dma_pack_xfer.h"
#include "dma_top_bw.h"
#include "rtl_top_harness.h"
#include "top_dma_harness.h"

#define BW_LATENCY 100
#define BW_ROW_BYTES 1024u   /* rows this long: every burst long against the latency */

typedef struct {
  dpk_kind kind;
  int region, out;
  const char *name;
} bw_kind;

static const bw_kind kBw[] = {
    {DK_C32, NM_REGION_STCE_C, 0, "C32-in"},  {DK_C32, NM_REGION_STCE_C, 1, "C32-out"},
    {DK_C16, NM_REGION_STCE_C, 1, "C16-out"}, {DK_B, NM_REGION_STCE_B, 0, "B-in"},
    {DK_B_T, NM_REGION_STCE_B, 0, "B^T-in"},  {DK_W, NM_REGION_WUVE_W, 0, "W-in"},
    {DK_W, NM_REGION_WUVE_W, 1, "W-out"},
};
#define NBW (sizeof kBw / sizeof kBw[0])

/* Words per bank a tile of kind k needs (nm_layout); B's M is MMAX (whole
** B^T words). */
static uint64_t bw_need(dpk_kind k, int rows, int cols) {
  nm_layout_cfg L = nm_layout_here();
  switch (k) {
  case DK_B: return nm_layout_b_need(&L, rows / NM_MMAX, cols);
  case DK_B_T: return nm_layout_b_need(&L, cols / NM_MMAX, rows);
  case DK_C32:
  case DK_C16: return nm_layout_c_need(&L, rows, cols);
  default: return nm_layout_wuve_need(&L, rows * cols);
  }
}

/* The longest tile of kind k its region holds: rows of about BW_ROW_BYTES
** (a whole number of the layout's units: B groups of M rows, B^T rows of
** whole groups, C rows of whole bank rotations), as many as fit the region
** and half the DRAM. */
static void bw_shape(const bw_kind *k, int *rows, int *cols) {
  const region *g = region_of(k->region);
  int esz = dpk_kind_esz(k->kind), step = k->kind == DK_B ? NM_MMAX : 1;
  int c = (int)(BW_ROW_BYTES / (unsigned)esz);
  if (k->kind == DK_B_T) c -= c % NM_MMAX;
  if (k->kind == DK_W) { /* flat: rows of c elements, at most the region's elements */
    int n = g->depth * g->banks;
    if (c > n) c = n;
  }
  for (;; c /= 2) {
    ck_assert_msg(c >= 1, "%s %s: no tile fits", NM_NAME, k->name);
    int r = 0;
    while (r + step <= 65535 && bw_need(k->kind, r + step, c) <= (uint64_t)g->depth &&
           (uint64_t)(r + step) * (uint64_t)c * (uint64_t)esz <= DRAM_SIZE / 2)
      r += step;
    if (r >= 1) {
      *rows = r, *cols = c;
      return;
    }
  }
}

/* Bits lsb.. of a field in a region snapshot (width <= 32). */
static uint32_t snap_get(const uint32_t *s, int id, const nm_layout_loc *p) {
  uint32_t v = 0;
  for (int b = 0; b < p->width; b++) {
    int bit = p->lsb + b;
    v |= (s[snap_at(id, p->bank, (int)p->word, bit / 32)] >> (bit % 32) & 1u) << b;
  }
  return v;
}
static void snap_put(uint32_t *s, int id, const nm_layout_loc *p, uint32_t v) {
  for (int b = 0; b < p->width; b++) {
    int bit = p->lsb + b;
    uint32_t *w = &s[snap_at(id, p->bank, (int)p->word, bit / 32)];
    *w = (*w & ~(1u << (bit % 32))) | ((v >> b & 1u) << (bit % 32));
  }
}

/* Element (r, c) of the tile at DRAM offset off (stride = row bytes). */
static uint32_t dram_elem(const uint8_t *m, uint64_t off, int cols, int esz, int r, int c) {
  const uint8_t *p = m + off + ((uint64_t)r * (uint64_t)cols + (uint64_t)c) * (uint64_t)esz;
  uint32_t v = 0;
  for (int b = 0; b < esz; b++) v |= (uint32_t)p[b] << 8 * b;
  return v;
}

/* The region's every word random, through the backdoor (what an XFER out reads). */
static void fill_region(top *t, int id) {
  const region *g = region_of(id);
  for (int b = 0; b < g->banks; b++)
    for (int w = 0; w < g->depth; w++) {
      uint32_t word[8];
      for (int s = 0; s < 8; s++) word[s] = nm_rng_u32(&t->r);
      mask_word(g->bits, word);
      hb_put(t, id, b, (unsigned)w, word);
    }
}

/* One long XFER of kind k at bpc bytes a cycle: run, check every element,
** print the DMA-TOP line; the share of peak in percent. */
static double bw_one(top *t, int bpc, const bw_kind *k) {
  int rows, cols, esz = dpk_kind_esz(k->kind), id = k->region;
  bw_shape(k, &rows, &cols);
  uint64_t row = (uint64_t)cols * (uint64_t)esz, bytes = row * (uint64_t)rows;
  unsigned need = (unsigned)bw_need(k->kind, rows, cols);
  /* the tile at the start of DRAM (in) or of its upper half (out), DRAM random */
  uint64_t off = k->out ? DRAM_SIZE / 2 : 0, addr = DRAM_BASE + off;
  uint8_t *m = dut_top_dram(t->d), *img = malloc(DRAM_SIZE);
  ck_assert(img);
  for (size_t i = 0; i < DRAM_SIZE; i++) m[i] = (uint8_t)nm_rng_u32(&t->r);
  if (k->out) fill_region(t, id);
  memcpy(img, m, DRAM_SIZE);
  uint32_t *before = snapshot(t, id);

  dpk_case c = {k->kind, !k->out, nm_layout_here(), rows, cols, k->kind == DK_B || k->kind == DK_B_T ? NM_MMAX : 0,
                0, 0};
  dpk_desc d = dpk_desc_of(&c);
  uint32_t a[5];
  dpk_xfer_args(&d, id, k->out, 0, rows, cols, need, a);
  wr_ok(t, NM_REG_DMA_ADDR_LO, (uint32_t)addr), wr_ok(t, NM_REG_DMA_ADDR_HI, (uint32_t)(addr >> 32));
  wr_ok(t, NM_REG_DMA_STRIDE_LO, (uint32_t)row), wr_ok(t, NM_REG_DMA_STRIDE_HI, 0);
  cmd_out o = run_cmd(t, k->name, NM_OP_XFER, a, 0, 0);
  const char *fault = dut_top_dram_fault(t->d);
  ck_assert_msg(fault == NULL, "%s %s: %s", NM_NAME, k->name, fault ? fault : "");
  ck_assert_msg(dut_top_dram_idle(t->d), "%s %s: AXI traffic in flight after the XFER", NM_NAME, k->name);
  ck_assert_msg(NM_GET(NM_DMA_STATUS_ERR, rd_ok(t, NM_REG_DMA_STATUS)) == 0, "%s %s: the XFER failed", NM_NAME,
                k->name);

  /* every element where nm_layout puts it, nothing else changed */
  uint32_t *after = snapshot(t, id);
  size_t bad = 0;
  if (!k->out) {
    for (int r = 0; r < rows; r++)
      for (int q = 0; q < cols; q++) {
        nm_layout_loc p = dpk_loc(&c, r, q);
        snap_put(before, id, &p, dram_elem(img, off, cols, esz, r, q));
      }
    bad = diff_snap(id, k->name, before, after);
  } else {
    for (int r = 0; r < rows; r++)
      for (int q = 0; q < cols; q++) {
        nm_layout_loc p = dpk_loc(&c, r, q);
        uint32_t v = snap_get(before, id, &p);
        for (int b = 0; b < esz; b++)
          img[off + ((uint64_t)r * (uint64_t)cols + (uint64_t)q) * (uint64_t)esz + (uint64_t)b] = (uint8_t)(v >> 8 * b);
      }
    for (size_t i = 0; i < DRAM_SIZE; i++)
      if (m[i] != img[i] && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH %s: DRAM 0x%llx = 0x%02x, expected 0x%02x\n", k->name,
                (unsigned long long)(DRAM_BASE + i), m[i], img[i]);
  }
  free(before), free(after), free(img);
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s %s at %d B/cycle: %zu differences", NM_NAME, k->name, bpc, bad);

  int bus = 8 << NM_AXI_DATA_BITS, peak = bpc < bus ? bpc : bus;
  nm_xfer_bus xb = {bus, BW_LATENCY, bpc, NM_DMA_MAX_READS};
  nm_xfer_cmd xc = {k->out, rows, cols, addr, row, (region_of(id)->bits + 15) / 16, dpk_xfer_lay(&d),
                    nm_xfer_wide(id)};
  double pct = 100.0 * (double)bytes / ((double)o.last * (double)peak);
  printf("DMA-TOP %s bpc=%d bytes=%llu cycles=%u bw=%.1f%% of peak (%s %dx%d, model=%llu)\n", k->name, bpc,
         (unsigned long long)bytes, o.last, pct, NM_NAME, rows, cols,
         (unsigned long long)nm_xfer_cycles(&xb, &xc));
  return pct;
}

START_TEST(long_xfers_sustained_bandwidth_every_byte_checked) {
  static const int kBpc[] = {8, 16, 32};
  size_t ran = 0;
  for (size_t b = 0; b < sizeof kBpc / sizeof kBpc[0]; b++) {
    top *t = top_open(0, 320 + b);
    dut_top_dram_opts o = {DRAM_BASE, DRAM_SIZE, BW_LATENCY, kBpc[b], 0, 0, nm_rng_u32(&t->r)};
    ck_assert_msg(dut_top_dram_open(t->d, &o) == 0, "%s: dut_top_dram_open failed", NM_NAME);
    uint64_t lim = DRAM_BASE + DRAM_SIZE - 1;   /* the window: all of DRAM */
    wr_ok(t, NM_REG_DMA_WIN_BASE_LO, (uint32_t)DRAM_BASE), wr_ok(t, NM_REG_DMA_WIN_BASE_HI, (uint32_t)(DRAM_BASE >> 32));
    wr_ok(t, NM_REG_DMA_WIN_LIMIT_LO, (uint32_t)lim), wr_ok(t, NM_REG_DMA_WIN_LIMIT_HI, (uint32_t)(lim >> 32));
    for (size_t k = 0; k < NBW; k++, ran++) bw_one(t, kBpc[b], &kBw[k]);
    top_close(t);
  }
  printf("%s: DMA-TOP PASS %zu long XFERs, every element checked\n", NM_NAME, ran);
}
END_TEST

void dma_top_bw_tcase(Suite *s) {
  const TTest *tests[] = {long_xfers_sustained_bandwidth_every_byte_checked, NULL};
  check_add_tcase(s, "dma_top_bw", 600, tests);
}
