/*
** The DMA layout converters' harness (see dma_pack_harness.h).
*/
#include "dma_pack_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"

/* Bits a word of the kind's region has (the RAM's width): above, nothing. */
static int region_bits(const dpk_case *c) {
  switch (c->kind) {
  case DK_A_VAL: case DK_A_IDX: case DK_A_T: case DK_A_PAIR: return 20;
  case DK_B: case DK_B_T: case DK_SORE_IN: case DK_SORE_VAL: return 16 * c->cfg.mmax;
  case DK_G_DW: case DK_G_MASK: return 17;
  case DK_W16: case DK_OUT16: return 16;
  case DK_FLAGS: return 4;
  default: return 32;
  }
}

/* ---- the bank image: banks x depth words of `lanes` 16-bit lanes ------------- */
typedef struct {
  int banks, lanes, bits;
  unsigned depth;
  uint16_t *w;
} image;

static uint16_t *lane_at(image *m, int b, unsigned word, int l) {
  return &m->w[((size_t)b * m->depth + word) * (size_t)m->lanes + (size_t)l];
}
static uint16_t lane_mask(const image *m, int l) {
  int lo = 16 * l, n = m->bits - lo;
  return n <= 0 ? 0 : n >= 16 ? 0xFFFF : (uint16_t)((1u << n) - 1);
}
static uint64_t get_field(image *m, const nm_layout_loc *p) {
  uint64_t v = 0;
  for (int k = 0; k < p->width; k++) {
    int bit = p->lsb + k;
    v |= (uint64_t)((*lane_at(m, p->bank, p->word, bit / 16) >> (bit % 16)) & 1) << k;
  }
  return v;
}
static void put_field(image *m, const nm_layout_loc *p, uint64_t v) {
  for (int k = 0; k < p->width; k++) {
    int bit = p->lsb + k;
    uint16_t *x = lane_at(m, p->bank, p->word, bit / 16);
    *x = (uint16_t)((*x & ~(1u << (bit % 16))) | (((v >> k) & 1) << (bit % 16)));
  }
}

/* An element's DRAM value: random bits, an index below 16, a mask bit. */
static uint32_t draw(const dpk_case *c, nm_rng *rng) {
  if (c->kind == DK_A_IDX) return nm_rng_below(rng, 16);
  if (c->kind == DK_A_PAIR) return (nm_rng_u32(rng) & 0xFFFF) | nm_rng_below(rng, 16) << 16;
  if (c->kind == DK_G_MASK) return nm_rng_below(rng, 2);
  uint32_t v = nm_rng_u32(rng);
  return dpk_kind_esz(c->kind) == 4 ? v : dpk_kind_esz(c->kind) == 2 ? v & 0xFFFF : v & 0xFF;
}

static void set_desc(dut_dma_pack_in *in, const dpk_desc *d) {
  in->esz = d->esz, in->nb = d->nb, in->base = d->base, in->lane0 = d->lane0, in->epw = d->epw;
  in->e_wm = d->e_wm, in->e_skew = d->e_skew, in->e_wstep = d->e_wstep, in->r_flat = d->r_flat;
  in->rpl = d->rpl, in->r_wm = d->r_wm, in->r_skew = d->r_skew, in->r_wstep = d->r_wstep;
}

#define MAX_REPORT 6

/* A 16-bit lane into a port's 32-bit words (lanes are 16-bit aligned). */
static void put16(uint32_t *w, int lsb, uint16_t v) {
  w[lsb / 32] = (w[lsb / 32] & ~(0xFFFFu << (lsb % 32))) | (uint32_t)v << (lsb % 32);
}

dpk_result dpk_run(dut_dma_pack *d, const char *model, int dw, int banks, int lanes,
                   const dpk_case *c, nm_rng *rng, int gaps, uint64_t seed) {
  dpk_result res = {0, 0, (size_t)c->rows * (size_t)c->cols};
  const int B = dw / 8, esz = dpk_kind_esz(c->kind);
  const int row_bytes = c->cols * esz, bpr = (row_bytes + B - 1) / B;
  const char *dir = c->pack ? "pack" : "unpack";
  const dpk_desc desc = dpk_desc_of(c);
  image m = {banks, lanes, region_bits(c), 1, NULL}, want;
  uint32_t *val = calloc(res.elems, sizeof *val);
  TU_ASSERT(val != NULL, "out of memory");
  for (int r = 0; r < c->rows; r++)
    for (int k = 0; k < c->cols; k++) {
      nm_layout_loc p = dpk_loc(c, r, k);
      TU_ASSERT(p.bank < banks && p.lsb + p.width <= 16 * lanes,
                "%s %s: element (%d, %d) in bank %d bits %d.. is past the model's %d banks x %d lanes",
                model, dpk_kind_name(c->kind), r, k, p.bank, p.lsb, banks, lanes);
      if (p.word + 2 > m.depth) m.depth = p.word + 2;
    }
  m.w = malloc((size_t)banks * m.depth * (size_t)lanes * sizeof *m.w);
  want = m;
  want.w = malloc((size_t)banks * m.depth * (size_t)lanes * sizeof *m.w);
  TU_ASSERT(m.w && want.w, "out of memory");
  for (int b = 0; b < banks; b++)
    for (unsigned w = 0; w < m.depth; w++)
      for (int l = 0; l < lanes; l++) *lane_at(&m, b, w, l) = (uint16_t)(nm_rng_u32(rng) & lane_mask(&m, l));
  memcpy(want.w, m.w, (size_t)banks * m.depth * (size_t)lanes * sizeof *m.w);
  for (size_t e = 0; e < res.elems; e++) val[e] = draw(c, rng);
  if (c->pack)
    for (int r = 0; r < c->rows; r++)
      for (int k = 0; k < c->cols; k++) {
        nm_layout_loc p = dpk_loc(c, r, k);
        put_field(&want, &p, val[(size_t)r * (size_t)c->cols + (size_t)k]);
      }

  dut_dma_pack_in in;
  dut_dma_pack_out out;
  memset(&in, 0, sizeof in);
  in.rst_n = 1, in.row_elems = (uint32_t)c->cols, in.rows = (uint32_t)c->rows;
  set_desc(&in, &desc);
  if (c->pack) in.pack_start = 1; else in.unpack_start = 1;
  dut_dma_pack_cycle(d, &in, &out);
  in.pack_start = in.unpack_start = 0;

  const size_t beats = (size_t)c->rows * (size_t)bpr;
  uint8_t *got = calloc(beats * (size_t)B, 1);
  uint16_t rdq[DPK_MAX_BANKS][DPK_MAX_LANES] = {{0}};
  size_t t = 0, stray = 0;
  const uint64_t limit = 1000 + 40 * (uint64_t)beats * (uint64_t)B;
  int done = 0;
  TU_ASSERT(got != NULL, "out of memory");
  for (uint64_t cyc = 1; !done && cyc < limit; cyc++) {
    if (c->pack) {
      in.in_valid = t < beats && (int)nm_rng_below(rng, 100) >= gaps;
      if (in.in_valid) {
        int r = (int)(t / (size_t)bpr), bt = (int)(t % (size_t)bpr);
        memset(in.in_data, 0, sizeof in.in_data);
        in.in_strb = 0;
        for (int y = 0; y < B; y++) {
          int byte = bt * B + y;
          if (byte >= row_bytes) continue;
          uint32_t v = val[(size_t)r * (size_t)c->cols + (size_t)(byte / esz)];
          in.in_data[y] = (uint8_t)(v >> 8 * (byte % esz));
          in.in_strb |= 1ull << y;
        }
        in.in_row_last = bt == bpr - 1, in.in_last = t == beats - 1;
      }
    } else {
      for (int b = 0; b < banks; b++)
        for (int l = 0; l < lanes; l++) put16(in.rd_data, 16 * (lanes * b + l), rdq[b][l]);
      in.out_ready = (int)nm_rng_below(rng, 100) >= gaps;
    }
    dut_dma_pack_cycle(d, &in, &out);
    if (c->pack) {
      if (in.in_valid && out.in_ready) t++;
      for (int b = 0; b < banks; b++) {
        if (!(out.wr_en >> b & 1)) continue;
        unsigned w = out.wr_word[b];
        if (w >= m.depth) {
          if (stray++ < MAX_REPORT)
            printf("%s %s %s: write to bank %d word %u, past the tile's last word %u (seed %llu)\n",
                   model, dpk_kind_name(c->kind), dir, b, w, m.depth - 2, (unsigned long long)seed);
          continue;
        }
        for (int l = 0; l < lanes; l++) {
          int li = lanes * b + l;
          if (!(out.wr_lanes[li / 32] >> (li % 32) & 1)) continue;
          uint16_t v = 0;
          for (int k = 0; k < 16; k++) v |= (uint16_t)(((out.wr_data[(16 * li + k) / 32] >> ((16 * li + k) % 32)) & 1) << k);
          *lane_at(&m, b, w, l) = (uint16_t)(v & lane_mask(&m, l));
        }
      }
      done = out.pack_done;
    } else {
      if (out.out_valid && in.out_ready) {
        if (t < beats) memcpy(got + t * (size_t)B, out.out_data, (size_t)B);
        t++;
      }
      for (int b = 0; b < banks; b++) {
        if (!(out.rd_en >> b & 1)) continue;
        unsigned w = out.rd_word[b];
        if (w >= m.depth) {
          if (stray++ < MAX_REPORT)
            printf("%s %s %s: read of bank %d word %u, past the tile's last word %u (seed %llu)\n",
                   model, dpk_kind_name(c->kind), dir, b, w, m.depth - 2, (unsigned long long)seed);
          continue;
        }
        for (int l = 0; l < lanes; l++) rdq[b][l] = *lane_at(&m, b, w, l);
      }
      done = out.unpack_done;
    }
    res.cycles = cyc;
  }
  res.mismatches = stray;
  if (!done) {
    printf("%s %s %s: no done after %llu cycles (%zu of %zu beats) (seed %llu)\n", model,
           dpk_kind_name(c->kind), dir, (unsigned long long)res.cycles, t, beats,
           (unsigned long long)seed);
    res.mismatches++;
  }
  if (!c->pack && t != beats) {
    printf("%s %s unpack: %zu stream beats, expected %zu (seed %llu)\n", model,
           dpk_kind_name(c->kind), t, beats, (unsigned long long)seed);
    res.mismatches++;
  }

  /* every element, then (pack) every other bit of the banks */
  for (int r = 0; r < c->rows; r++)
    for (int k = 0; k < c->cols; k++) {
      nm_layout_loc p = dpk_loc(c, r, k);
      uint64_t e, g;
      if (c->pack) {
        e = val[(size_t)r * (size_t)c->cols + (size_t)k], g = get_field(&m, &p);
      } else {
        e = get_field(&m, &p), g = 0;
        size_t off = ((size_t)r * (size_t)bpr) * (size_t)B + (size_t)k * (size_t)esz;
        for (int y = 0; y < esz; y++) g |= (uint64_t)got[off + (size_t)y] << 8 * y;
      }
      if (e != g && res.mismatches++ < MAX_REPORT)
        printf("%s %s %s: element (%d, %d) at bank %d word %u bits %d..%d: expected 0x%llx got 0x%llx "
               "(seed %llu; rerun NMTEST_SEED=%llu %s)\n",
               model, dpk_kind_name(c->kind), dir, r, k, p.bank, p.word, p.lsb + p.width - 1, p.lsb,
               (unsigned long long)e, (unsigned long long)g, (unsigned long long)seed,
               (unsigned long long)seed, tu_prog());
    }
  if (c->pack) {
    for (int b = 0; b < banks; b++)
      for (unsigned w = 0; w < m.depth; w++)
        for (int l = 0; l < lanes; l++)
          if (*lane_at(&m, b, w, l) != *lane_at(&want, b, w, l) && res.mismatches++ < MAX_REPORT)
            printf("%s %s pack: bank %d word %u lane %d: expected 0x%04x got 0x%04x (a write outside "
                   "the tile's fields; seed %llu)\n",
                   model, dpk_kind_name(c->kind), b, w, l, *lane_at(&want, b, w, l),
                   *lane_at(&m, b, w, l), (unsigned long long)seed);
  } else {
    for (int r = 0; r < c->rows; r++)
      for (int y = row_bytes; y < bpr * B; y++)
        if (got[((size_t)r * (size_t)bpr) * (size_t)B + (size_t)y] != 0 && res.mismatches++ < MAX_REPORT)
          printf("%s %s unpack: row %d byte %d past the row is 0x%02x, not 0 (seed %llu)\n", model,
                 dpk_kind_name(c->kind), r, y, got[((size_t)r * (size_t)bpr) * (size_t)B + (size_t)y],
                 (unsigned long long)seed);
  }
  fflush(stdout);   /* a Check child's failure must not lose the lines */
  free(got);
  free(val);
  free(m.w);
  free(want.w);
  return res;
}
