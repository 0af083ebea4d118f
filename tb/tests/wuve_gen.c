/*
** The WUVE test data (wuve_gen.h): tensors, value and hyperparameter
** generators, shared by the suite test_rtl_wuve and the bench wuve_bench.
*/
#include "wuve_gen.h"

#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "nm_fp.h"

wv_tensor wv_tensor_alloc(size_t n) {
  wv_tensor t = {n, calloc(n, 4), calloc(n, 4), calloc(n, 2), calloc(n, 2), calloc(n, 1)};
  TU_ASSERT(t.w && t.v && t.w16 && t.dw && t.mask, "out of memory for %zu elements", n);
  return t;
}

void wv_tensor_free(wv_tensor *t) {
  free(t->w), free(t->v), free(t->w16), free(t->dw), free(t->mask);
  memset(t, 0, sizeof *t);
}

void wv_tensor_copy(wv_tensor *dst, const wv_tensor *src) {
  TU_ASSERT(dst->n == src->n, "tensor sizes differ");
  memcpy(dst->w, src->w, src->n * 4), memcpy(dst->v, src->v, src->n * 4);
  memcpy(dst->w16, src->w16, src->n * 2), memcpy(dst->dw, src->dw, src->n * 2);
  memcpy(dst->mask, src->mask, src->n);
}

/* ---- value generators ------------------------------------------------------ */

static uint32_t rand_range(nm_rng *r, uint32_t lo, uint32_t hi) {
  return lo + nm_rng_below(r, hi - lo + 1u);
}

static uint32_t f32(uint32_t sign, uint32_t exp, uint32_t man) {
  return (sign ? NM_SIGN32 : 0u) | (exp << 23) | (man & 0x7FFFFFu);
}

/* Random fp32 of magnitude in [2^elo, 2^(ehi+1)), random sign unless `pos`. */
static uint32_t rand_mag32(nm_rng *r, int elo, int ehi, int pos) {
  uint32_t e = (uint32_t)(127 + elo) + nm_rng_below(r, (uint32_t)(ehi - elo + 1));
  return f32(pos ? 0 : nm_rng_u32(r) & 1u, e, nm_rng_u32(r));
}

/* Special and edge fp32 values for hyperparameters and states. */
static const uint32_t kSpecial32[] = {
    0x00000000u, 0x80000000u, 0x00000001u, 0x007FFFFFu, 0x00800000u, 0x3F800000u,
    0xBF800000u, 0x7F7FFFFFu, 0xFF7FFFFFu, 0x7F800000u, 0xFF800000u, 0x7FC00000u,
    0x7F800001u, 0xFFC00001u, 0x33800000u, 0x38800000u, 0x477FE000u, 0x477FF000u,
};
#define N_SPECIAL32 (sizeof kSpecial32 / sizeof kSpecial32[0])

/* Where w' turns into an fp16 Inf: 65504 (max), 65520 (the RNE edge), 65536. */
static const uint32_t kFp16Edge[] = {0x477FE000u, 0x477FF000u, 0x47800000u};

/* A master weight or momentum: mostly realistic, with every edge the
** datapath has: fp16 overflow edge, fp16 rounding ties, fp16 subnormal
** range, zeros, fp32 subnormals and extremes, and rare specials. */
static uint32_t gen_state(nm_rng *r, int realistic_lo, int realistic_hi) {
  uint32_t k = nm_rng_below(r, 100), s = nm_rng_u32(r) & NM_SIGN32;
  if (k < 60) return rand_mag32(r, realistic_lo, realistic_hi, 0);
  if (k < 68) { /* near the fp16 overflow edge, a few ulps either side */
    uint32_t x = kFp16Edge[nm_rng_below(r, 3)];
    return s | (x + rand_range(r, 0, 64) - 32);
  }
  if (k < 76) /* an exact fp16 tie: 13 dropped bits = 1000...0 */
    return s | (rand_range(r, 113, 142) << 23) | ((nm_rng_u32(r) & 0x3FFu) << 13) | 0x1000u;
  if (k < 82) return rand_mag32(r, -26, -14, 0); /* fp16 subnormal range */
  if (k < 86) return s;                          /* +-0 */
  if (k < 89) return s | rand_range(r, 1, 0x7FFFFFu);   /* fp32 subnormal */
  if (k < 92) return rand_mag32(r, 100, 127, 0);       /* huge */
  if (k < 94) return kSpecial32[nm_rng_below(r, N_SPECIAL32)];
  return nm_rng_u32(r);                                /* any bits */
}

/* A loss-scaled fp16 gradient.  bad_permille: how often it is Inf/NaN;
** max_exp: the largest biased fp16 exponent of a finite one (30 = any). */
uint16_t wv_gen_grad(nm_rng *r, uint32_t bad_permille, uint32_t max_exp) {
  uint16_t s = (uint16_t)(nm_rng_u32(r) & NM_SIGN16);
  uint16_t man = (uint16_t)(nm_rng_u32(r) & 0x3FFu);
  if (nm_rng_below(r, 1000) < bad_permille) {
    static const uint16_t bad[] = {0x7C00u, 0xFC00u, 0x7E00u, 0xFE00u, 0x7C01u, 0x7FFFu};
    return bad[nm_rng_below(r, 6)];
  }
  uint32_t k = nm_rng_below(r, 100);
  if (k < 10) return (uint16_t)(s | (man ? man : 1u));       /* subnormal */
  if (k < 14) return s;                                      /* +-0 */
  if (k < 17) return (uint16_t)(s | (max_exp << 10) | 0x3FFu); /* largest allowed */
  return (uint16_t)(s | (rand_range(r, 1, max_exp) << 10) | man);
}

/* Fill a tensor: states, garbage fp16 copies (they are only written, so
** garbage proves an unwritten element stays), gradients, mask bits. */
void wv_gen_tensor(nm_rng *r, wv_tensor *t, uint32_t bad_permille, uint32_t max_exp) {
  for (size_t i = 0; i < t->n; i++) {
    t->w[i] = gen_state(r, -12, 1);
    t->v[i] = gen_state(r, -20, -2);
    t->w16[i] = (uint16_t)nm_rng_u32(r);
    t->dw[i] = wv_gen_grad(r, bad_permille, max_exp);
    t->mask[i] = (uint8_t)(nm_rng_u32(r) & 1u);
  }
}

/* Realistic hyperparameters: power-of-two loss scales up to 2^24 (as a
** dynamic loss scaler makes them), lr 2^-17..1, mu 0.9/0.99/any, small decays. */
nm_wuve_hp wv_gen_hp_realistic(nm_rng *r) {
  static const uint32_t kMu[] = {0x3F666666u, 0x3F7D70A4u}; /* 0.9, 0.99 */
  nm_wuve_hp hp;
  hp.inv_scale = nm_rng_below(r, 4) ? f32(0, 127 - rand_range(r, 0, 24), 0)
                                    : rand_mag32(r, -24, -1, 1);
  hp.lr = rand_mag32(r, -17, -1, 1);
  hp.mu = nm_rng_below(r, 3) ? kMu[nm_rng_below(r, 2)] : rand_mag32(r, -8, -1, 1);
  hp.wd = nm_rng_below(r, 3) ? rand_mag32(r, -20, -7, 1) : 0;
  hp.srste = nm_rng_below(r, 2) ? rand_mag32(r, -16, -8, 1) : 0; /* on / off */
  return hp;
}

/* Realistic, then each register at an edge now and then. */
nm_wuve_hp wv_gen_hp(nm_rng *r) {
  static const uint32_t kInvScaleEdge[] = {0x7F7FFFFFu, 0x77800000u, 0x5F800000u,
                                           0x00000001u, 0x00800000u, 0x0DA24260u, 0};
  nm_wuve_hp hp = wv_gen_hp_realistic(r);
  if (nm_rng_below(r, 6) == 0) hp.lr = 0;
  if (nm_rng_below(r, 6) == 0) hp.mu = 0;
  if (nm_rng_below(r, 8) == 0) hp.inv_scale = kInvScaleEdge[nm_rng_below(r, 7)];
  if (nm_rng_below(r, 12) == 0) hp.lr = 0x3F800000u;   /* 1 */
  if (nm_rng_below(r, 12) == 0) hp.mu = 0x3F800000u;
  if (nm_rng_below(r, 12) == 0) hp.srste = 0x3F800000u;
  if (nm_rng_below(r, 25) == 0) { /* one register anywhere in fp32, specials included */
    uint32_t *reg[] = {&hp.inv_scale, &hp.lr, &hp.mu, &hp.wd, &hp.srste};
    *reg[nm_rng_below(r, 5)] = kSpecial32[nm_rng_below(r, N_SPECIAL32)];
  }
  return hp;
}

dut_wuve_regs wv_regs_of(const nm_wuve_hp *hp) {
  dut_wuve_regs g = {hp->inv_scale, hp->lr, hp->mu, hp->wd, hp->srste};
  return g;
}

/* Random idle cycles: mostly back to back, every ~16th beat waits 1..3. */
uint8_t *wv_gen_idle(nm_rng *r, size_t beats) {
  uint8_t *idle = malloc(beats ? beats : 1);
  TU_ASSERT(idle, "out of memory");
  for (size_t k = 0; k < beats; k++)
    idle[k] = nm_rng_below(r, 16) == 0 ? (uint8_t)rand_range(r, 1, 3) : 0;
  return idle;
}
