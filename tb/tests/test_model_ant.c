/*
** The ANT golden model's own properties (no RTL):
**   - nm_ant_round (exact integer -> fp32/fp16, one RNE rounding) equals the
**     host's long double -> float / _Float16 conversion on random sums of up
**     to 64 significant bits, on exact ties, on small exhaustive ranges, and
**     on sums wider than long double with a sticky bit far below;
**   - every finite fp16 reads back as itself (x 1.0), and rounding an exact
**     product equals the fp32 product (nm_mul16) and its fp16 conversion;
**   - the range formula equals the brute-force definition of a valid row;
**   - the output-side dense convolution gives the same sums as the
**     input-stationary accumulation; ant and scnn count the same valid
**     products, and ant pairs + skipped = scnn pairs;
**   - nm_ant_cycles gives the hand-counted cycles of tiny commands (its
**     equality with the RTL's is test_rtl_ant's).
*/
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "nm_ant.h"
#include "nm_ant_cycles.h"
#include "nm_ant_work.h"
#include "nm_fp.h"
#include "nm_rng.h"

static uint32_t ref_round_ld(__int128 s, int out16) {
  /* |s| has <= 64 significant bits here: the long double is exact. */
  long double v = ldexpl((long double)s, -48);
  if (v == 0) return 0;
  if (out16) {
    _Float16 h = (_Float16)v;
    uint16_t b;
    memcpy(&b, &h, sizeof b);
    return b;
  }
  return nm_bits_from_f32((float)v);
}

/* A random S: up to 64 significant bits at a random position, random sign. */
static __int128 rand_sum(nm_rng *r) {
  int bits = 1 + (int)nm_rng_below(r, 64);
  uint64_t m = nm_rng_u64(r) >> (64 - bits);
  int sh = (int)nm_rng_below(r, (uint32_t)(127 - bits + 1));
  unsigned __int128 u = (unsigned __int128)m << sh;
  if (u >> 126) u >>= 1;
  return nm_rng_below(r, 2) ? -(__int128)u : (__int128)u;
}

static size_t check_round(__int128 s, size_t *bad) {
  for (int o16 = 0; o16 < 2; o16++) {
    uint32_t e = ref_round_ld(s, o16), g = nm_ant_round(s, o16);
    if (e != g && (*bad)++ < 8)
      fprintf(stderr, "MISMATCH round%s(S=%s0x%016llx%016llx): expected 0x%08x got 0x%08x (seed %llu)\n",
              o16 ? "16" : "32", s < 0 ? "-" : "", (unsigned long long)((s < 0 ? -s : s) >> 64),
              (unsigned long long)(s < 0 ? -s : s), e, g, (unsigned long long)tu_seed());
  }
  return 2;
}

START_TEST(test_round_random_sums_match_long_double) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed());
  size_t bad = 0, n = tu_count(2000000);
  for (size_t i = 0; i < n; i++) check_round(rand_sum(&r), &bad);
  ck_assert_msg(bad == 0, "%zu roundings differ; rerun with NMTEST_SEED=%llu", bad,
                (unsigned long long)tu_seed());
}
END_TEST

START_TEST(test_round_exhaustive_small_ranges_match_long_double) {
  size_t bad = 0;
  static const int shifts[] = {0, 3, 13, 23, 24, 25, 34, 40, 60, 80, 100};
  for (size_t k = 0; k < sizeof shifts / sizeof shifts[0]; k++)
    for (long v = -(1L << 17); v <= (1L << 17); v++)
      check_round((__int128)v * ((__int128)1 << shifts[k]), &bad);
  ck_assert_msg(bad == 0, "%zu roundings differ", bad);
}
END_TEST

/* Exact midpoints between two representable values round to the even one;
** one unit more rounds up in magnitude, even 2^40 bits below the tie. */
START_TEST(test_round_ties_to_even_and_far_sticky_bits) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 1);
  size_t bad = 0;
  for (int o16 = 0; o16 < 2; o16++)
    for (int i = 0; i < 20000; i++) {
      const int prec = o16 ? 11 : 24;
      uint64_t m = (1ull << (prec - 1)) | (nm_rng_u64(&r) >> (64 - prec + 1));
      int q = (o16 ? 35 : 1) + (int)nm_rng_below(&r, o16 ? 8 : 90);  /* quantum 2^q */
      __int128 tie = (__int128)(2 * m + 1) << (q - 1);
      uint32_t lo = nm_ant_round((__int128)m << q, o16), hi = nm_ant_round((__int128)(m + 1) << q, o16);
      uint32_t even = (m & 1) ? hi : lo;
      if (nm_ant_round(tie, o16) != even) bad++;
      if (nm_ant_round(-tie, o16) != (even | (o16 ? NM_SIGN16 : NM_SIGN32))) bad++;
      if (q + 40 + prec < 120) {
        __int128 wide = tie * ((__int128)1 << 40);   /* > 64 significant bits with the sticky one */
        uint32_t wl = nm_ant_round((__int128)m << (q + 40), o16);
        uint32_t wh = nm_ant_round((__int128)(m + 1) << (q + 40), o16);
        if (nm_ant_round(wide + 1, o16) != wh) bad++;
        if (nm_ant_round(wide - 1, o16) != wl) bad++;
      }
      if (lo == hi) bad++;   /* the two neighbours must differ */
    }
  ck_assert_msg(bad == 0, "%zu tie roundings wrong (seed %llu)", bad, (unsigned long long)tu_seed());
}
END_TEST

START_TEST(test_every_fp16_times_one_reads_back_exactly) {
  size_t bad = 0;
  for (uint32_t h = 0; h < 0x10000; h++) {
    if ((h & 0x7C00) == 0x7C00) continue;
    __int128 f;
    int cls;
    nm_ant_product((uint16_t)h, 0x3C00, &f, &cls);
    uint32_t e16 = (h & 0x7FFF) ? h : 0, e32 = (h & 0x7FFF) ? nm_cvt16to32((uint16_t)h) : 0;
    if (cls != 0 || nm_ant_round(f, 1) != e16 || nm_ant_round(f, 0) != e32) {
      if (bad++ < 8) fprintf(stderr, "MISMATCH fp16 0x%04x x 1.0 reads back wrong\n", h);
    }
  }
  ck_assert_uint_eq(bad, 0);
}
END_TEST

START_TEST(test_rounded_products_equal_fp32_product) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 2);
  size_t bad = 0, n = tu_count(1000000);
  for (size_t i = 0; i < n; i++) {
    uint16_t a = nm_ant_value(NM_ANT_V_SPECIAL, &r), b = nm_ant_value(NM_ANT_V_SPECIAL, &r);
    __int128 f;
    int cls;
    nm_ant_product(a, b, &f, &cls);
    nm_ant_acc acc = {f, cls == 1, cls == 2, cls == 3, 0};
    uint32_t p = nm_mul16(a, b);
    uint32_t e32 = (p & 0x7FFFFFFF) == 0 ? 0 : p;   /* a zero sum reads +0 */
    uint32_t e16 = e32 ? nm_cvt32to16(p) : 0;
    if (nm_ant_readout(&acc, 0) != e32 || nm_ant_readout(&acc, 1) != e16) {
      if (bad++ < 8)
        fprintf(stderr, "MISMATCH product 0x%04x*0x%04x: fp32 0x%08x vs 0x%08x (seed %llu)\n", a,
                b, nm_ant_readout(&acc, 0), e32, (unsigned long long)tu_seed());
    }
  }
  ck_assert_uint_eq(bad, 0);
}
END_TEST

START_TEST(test_range_formula_equals_row_definition) {
  size_t bad = 0, n = 0;
  for (int st = 1; st <= 4; st *= 2)
    for (int d = 1; d <= 4; d *= 2)
      for (int pad = 0; pad <= 2; pad++)
        for (int hout = 1; hout <= 6; hout++)
          for (int kh = 0; kh <= 10; kh++)
            for (int y = 0; y < 16; y++) {
              nm_ant_cmd c = {NM_ANT_MODE_ANT, hout, 3, st, d, pad, 4};
              nm_ant_range_t g;
              nm_ant_range(&c, kh, y, 0, 0, &g);
              for (int r = 0; r < kh; r++) {
                int in = !g.empty && r >= g.r_lo && r <= g.r_hi && (r - g.r_lo) % g.r_step == 0;
                n++;
                if (in != nm_ant_row_valid(&c, y, r) && bad++ < 8)
                  fprintf(stderr, "MISMATCH range st=%d d=%d pad=%d hout=%d kh=%d y=%d r=%d\n",
                          st, d, pad, hout, kh, y, r);
              }
            }
  ck_assert_msg(bad == 0, "%zu of %zu rows wrong", bad, n);
}
END_TEST

/* The output-side convolution sum, for comparison with nm_ant_accumulate. */
static void dense_sum(const nm_ant_cmd *c, const nm_ant_plane *img, int iw, const nm_ant_plane *ker,
                      int kw, nm_ant_acc *acc) {
  for (int oy = 0; oy < c->hout; oy++)
    for (int ox = 0; ox < c->wout; ox++)
      for (int r = 0; r < ker->rows; r++)
        for (uint32_t q = ker->rowptr[r]; q < ker->rowptr[r + 1]; q++) {
          int s = ker->elem[q].coord;
          int y = oy * c->st + c->d * r - c->pad, x = ox * c->st + c->d * s - c->pad;
          if (y < 0 || x < 0 || y >= img->rows || x >= iw) continue;
          for (uint32_t p = img->rowptr[y]; p < img->rowptr[y + 1]; p++) {
            if (img->elem[p].coord != x) continue;
            __int128 f;
            int cls;
            nm_ant_product(img->elem[p].val, ker->elem[q].val, &f, &cls);
            nm_ant_acc *a = &acc[oy * c->wout + ox];
            a->sum += f;
            a->pinf |= cls == 1, a->ninf |= cls == 2, a->nan |= cls == 3;
          }
        }
  (void)kw;
}

START_TEST(test_accumulation_equals_dense_conv_and_modes_agree) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 3);
  size_t bad = 0;
  for (int t = 0; t < 300; t++) {
    int st = 1 << nm_rng_below(&r, 3), d = 1 << nm_rng_below(&r, 3), pad = (int)nm_rng_below(&r, 3);
    int kh = 1 + (int)nm_rng_below(&r, 6), kw = 1 + (int)nm_rng_below(&r, 6);
    int ih = 4 + (int)nm_rng_below(&r, 16), iw = 4 + (int)nm_rng_below(&r, 16);
    int span = d * (kh - 1) + 1, spanw = d * (kw - 1) + 1;
    if (ih + 2 * pad < span || iw + 2 * pad < spanw) continue;
    nm_ant_cmd c = {NM_ANT_MODE_ANT, (ih + 2 * pad - span) / st + 1, (iw + 2 * pad - spanw) / st + 1,
                    st, d, pad, 1 + (int)nm_rng_below(&r, 8)};
    nm_ant_plane img, ker;
    ck_assert(!nm_ant_plane_random(&img, ih, iw, nm_rng_unit(&r), NM_ANT_V_SPECIAL, &r));
    ck_assert(!nm_ant_plane_random(&ker, kh, kw, nm_rng_unit(&r), NM_ANT_V_SPECIAL, &r));
    size_t no = (size_t)c.hout * c.wout;
    nm_ant_acc *a = calloc(no, sizeof *a), *b = calloc(no, sizeof *b);
    ck_assert(a && b);
    nm_ant_csr ci = nm_ant_plane_csr(&img), ck = nm_ant_plane_csr(&ker);
    nm_ant_accumulate(&c, 128, &ci, &ck, a);
    dense_sum(&c, &img, iw, &ker, kw, b);
    for (size_t o = 0; o < no; o++)
      if (a[o].sum != b[o].sum || a[o].nan != b[o].nan || a[o].pinf != b[o].pinf ||
          a[o].ninf != b[o].ninf)
        bad++;
    nm_ant_counts ca, cs;
    nm_ant_count(&c, &ci, &ck, &ca);
    c.mode = NM_ANT_MODE_SCNN;
    nm_ant_count(&c, &ci, &ck, &cs);
    if (ca.valid != cs.valid || ca.pairs + ca.skipped != cs.pairs || cs.skipped != 0 ||
        ca.products > cs.products)
      bad++;
    free(a), free(b);
    nm_ant_plane_free(&img), nm_ant_plane_free(&ker);
  }
  ck_assert_msg(bad == 0, "%zu differences (seed %llu)", bad, (unsigned long long)tu_seed());
}
END_TEST

/* nm_ant_cycles on commands small enough to count by hand (cycles = 2 for
** start and check, then the run): an empty image with no kernel rows ends
** in the first run cycle; 3 kernel rows keep the skip counter's background
** count busy 4 cycles; a 3x3 CLEAR clears words 1..8 in 8 run cycles; one
** valid product takes A (row entry, window), B (range + row read, task),
** C (take + window read, load), the product queue, then the end. */
START_TEST(test_cycles_counted_by_hand) {
  static const uint32_t none[4] = {0, 0, 0, 0}, one[2] = {0, 1};
  static const nm_ant_elem e0 = {0, 0x3C00};
  nm_ant_csr img0 = {0, none, &e0}, ker0 = {0, none, &e0}, ker3 = {3, none, &e0};
  nm_ant_csr img1 = {1, one, &e0}, ker1 = {1, one, &e0};
  nm_ant_cmd c1 = {NM_ANT_MODE_ANT, 1, 1, 1, 1, 0, 4}, c3 = {NM_ANT_MODE_ANT, 3, 3, 1, 1, 0, 4};
  ck_assert_uint_eq(nm_ant_cycles(&c1, 0, &img0, &ker0), 3);
  ck_assert_uint_eq(nm_ant_cycles(&c1, 0, &img0, &ker3), 7);
  ck_assert_uint_eq(nm_ant_cycles(&c3, 1, &img0, &ker0), 11);
  ck_assert_uint_eq(nm_ant_cycles(&c1, 0, &img1, &ker1), 10);
}
END_TEST

static Suite *model_ant_suite(void) {
  const TTest *tests[] = {test_round_random_sums_match_long_double,
                          test_round_exhaustive_small_ranges_match_long_double,
                          test_round_ties_to_even_and_far_sticky_bits,
                          test_every_fp16_times_one_reads_back_exactly,
                          test_rounded_products_equal_fp32_product,
                          test_range_formula_equals_row_definition,
                          test_accumulation_equals_dense_conv_and_modes_agree,
                          test_cycles_counted_by_hand, NULL};
  return check_suite("model_ant", "model_ant", 600, tests);
}

const check_prog check_program = {.name = "test_model_ant", .suite = model_ant_suite};
