/*
** Random N:M training workloads (see train_work.h).
*/
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* the build passes it too: nm_config.h includes stdint.h first */
#endif
#include "train_work.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_fp.h"

const char train_layers_help[] =
    "  --layers SPEC      comma-separated layers instead of random ones:\n"
    "                       fc:CINxCOUTxP[@N:M]             fully connected, P batch columns\n"
    "                       conv:CINxHxWxCOUT[kK][sS][pP][@N:M]  convolution (k 3, s 1, p 0\n"
    "                                                       by default; s in 1, 2, 4), batch 1\n"
    "                     N:M defaults to a random pattern with M <= MMAX.  Any size whose\n"
    "                     GEMM dims fit 16 bits: nmsim splits commands to fit the buffers\n"
    "                     and pads Cin*k*k, Cout to multiples of M.  Example:\n"
    "                       --layers fc:64x32x16@2:4,conv:16x8x8x8k3s1\n";

static int roundup(int v, int m) { return (v + m - 1) / m * m; }

/* N:M patterns a random layer draws from (those with M <= MMAX). */
static void pick_nm(nm_rng *r, int *n, int *m) {
  static const int pats[][2] = {{2, 4}, {2, 8}, {1, 8}, {4, 8}, {1, 4}, {1, 2}, {3, 4},
                                {2, 16}, {4, 16}, {3, 8}, {8, 16}, {1, 16}};
  for (;;) {
    int i = (int)nm_rng_below(r, sizeof pats / sizeof pats[0]);
    if (pats[i][1] <= NM_MMAX) {
      *n = pats[i][0], *m = pats[i][1];
      return;
    }
  }
}

/* Mostly training-like values (so updates happen and masks move), some wide
** exponents and subnormals, a few Inf/NaN (AMP then skips the step). */
static int pick_class(nm_rng *r) {
  uint32_t v = nm_rng_below(r, 100);
  return v < 84 ? NM_ANT_V_PLAIN : v < 96 ? NM_ANT_V_WIDE : NM_ANT_V_SPECIAL;
}

/* Padded sizes, the dense WG GEMM's M, value classes and densities. */
static void finish_layer(train_layer *L, nm_rng *r) {
  if (L->kind == LK_CONV) {
    L->ho = (L->h + 2 * L->pad - L->k) / L->s + 1;
    L->wo = (L->w + 2 * L->pad - L->k) / L->s + 1;
    L->p = L->ho * L->wo;
  }
  L->Co = roundup(L->cout, L->m);
  L->Ki = roundup(L->kind == LK_CONV ? L->cin * L->k * L->k : L->cin, L->m);
  L->md = 1 + (int)nm_rng_below(r, NM_MMAX);
  for (int t = 0; t < 4 && L->p % L->md; t++) L->md = 1 + (int)nm_rng_below(r, NM_MMAX);
  L->P = roundup(L->p, L->md);
  L->vc_w = pick_class(r), L->vc_x = pick_class(r), L->vc_g = pick_class(r);
  L->dens_x = 0.3 + 0.7 * nm_rng_unit(r);
  L->dens_g = 0.3 + 0.7 * nm_rng_unit(r);
}

/* Command fields are 16 bits; nmsim splits GEMMs over I, J and K (K chunks
** chained through fp32 C_in), PRUNE and UPDATE into buffer-sized commands. */
static int layer_fits(const train_layer *L) {
  return L->Ki <= 65535 && L->Co <= 65535 && L->P <= 65535;
}

/* A conv layer's ANT commands fit the buffers (train_ant.c): image X[c]
** (h x w), WG kernel dY[o] (ho x wo) and k x k outputs, forward kernel
** Wf[o][c] (k x k) and ho x wo outputs (a stride-2/4 variant is smaller). */
static int ant_fits(const train_layer *L) {
  return L->h <= NM_ANT_ROWS && L->ho <= NM_ANT_ROWS && L->k <= NM_ANT_ROWS &&
         L->h * L->w <= NM_ANT_IBUF_DEPTH && L->ho * L->wo <= NM_ANT_KBUF_DEPTH &&
         L->k * L->k <= NM_ANT_KBUF_DEPTH && L->k * L->k <= NM_ANT_OBUF_DEPTH &&
         L->ho * L->wo <= NM_ANT_OBUF_DEPTH;
}

/* One random layer sized for the configuration's array and buffers. */
static void random_layer(train_layer *L, nm_rng *r) {
  long budget = 2048L * NM_ROWS * NM_COLS;   /* MACs of one dense GEMM */
  uint32_t sc = (NM_ROWS > NM_COLS ? NM_ROWS : NM_COLS) / 4 + 1;  /* bigger arrays, bigger layers */
  for (;;) {
    memset(L, 0, sizeof *L);
    pick_nm(r, &L->n, &L->m);
    if (nm_rng_below(r, 2)) {
      L->kind = LK_CONV;
      L->cin = 1 + (int)nm_rng_below(r, 3);
      L->k = nm_rng_below(r, 3) ? 3 : 1;
      L->s = nm_rng_below(r, 3) ? 1 : 2;
      L->pad = L->k == 3 ? (int)nm_rng_below(r, 2) : 0;
      L->h = L->k + (int)nm_rng_below(r, 7 * sc);
      L->w = L->k + (int)nm_rng_below(r, 7 * sc);
      L->cout = 1 + (int)nm_rng_below(r, (uint32_t)(2 * L->m) * sc);
    } else {
      L->kind = LK_FC;
      int odd = nm_rng_below(r, 4) == 0;   /* not a multiple of M: padded */
      L->cin = odd ? 1 + (int)nm_rng_below(r, (uint32_t)(4 * L->m) * sc)
                   : L->m * (1 + (int)nm_rng_below(r, 4 * sc));
      L->cout = odd ? 1 + (int)nm_rng_below(r, (uint32_t)(4 * L->m) * sc)
                    : L->m * (1 + (int)nm_rng_below(r, 4 * sc));
      L->p = 1 + (int)nm_rng_below(r, 32 * sc);
    }
    finish_layer(L, r);
    if (layer_fits(L) && (long)L->Co * L->Ki * L->P <= budget && (L->kind != LK_CONV || ant_fits(L)))
      return;
  }
}

/* Parse "N:M" after '@'. */
static int parse_nm(const char *s, train_layer *L, char *err, size_t errlen, const char *spec) {
  int used = 0;
  if (sscanf(s, "@%d:%d%n", &L->n, &L->m, &used) != 2 || s[used]) {
    snprintf(err, errlen, "bad N:M in layer '%s' (expected @N:M)", spec);
    return -1;
  }
  if (L->n < 1 || L->n > L->m || L->m > NM_MMAX) {
    snprintf(err, errlen, "layer '%s': N:M %d:%d not 1 <= N <= M <= MMAX (%d)", spec, L->n,
             L->m, NM_MMAX);
    return -1;
  }
  return 0;
}

/* One layer of --layers. */
static int parse_layer(const char *spec, train_layer *L, nm_rng *r, char *err, size_t errlen) {
  int used = 0;
  const char *rest;
  memset(L, 0, sizeof *L);
  /* sscanf's %d has no overflow check: a number of more than 5 digits is
  ** out of every range below, so refuse it before it can wrap into one. */
  for (const char *q = spec; *q; q++) {
    size_t digits = strspn(q, "0123456789");
    if (digits > 5) {
      snprintf(err, errlen, "layer '%s': number %.*s out of range (sizes 1..4096)", spec,
               (int)digits, q);
      return -1;
    }
    if (digits) q += digits - 1;
  }
  if (sscanf(spec, "fc:%dx%dx%d%n", &L->cin, &L->cout, &L->p, &used) == 3) {
    L->kind = LK_FC;
  } else if (sscanf(spec, "conv:%dx%dx%dx%d%n", &L->cin, &L->h, &L->w, &L->cout, &used) == 4) {
    L->kind = LK_CONV, L->k = 3, L->s = 1, L->pad = 0;
    for (;;) {
      int v, u = 0;
      char c = spec[used];
      if ((c != 'k' && c != 's' && c != 'p') || sscanf(spec + used + 1, "%d%n", &v, &u) != 1) break;
      *(c == 'k' ? &L->k : c == 's' ? &L->s : &L->pad) = v;
      used += 1 + u;
    }
  } else {
    snprintf(err, errlen, "bad layer '%s' (expected fc:CINxCOUTxP or conv:CINxHxWxCOUT[kK][sS][pP])",
             spec);
    return -1;
  }
  rest = spec + used;
  if (*rest == '@') {
    if (parse_nm(rest, L, err, errlen, spec)) return -1;
  } else if (*rest) {
    snprintf(err, errlen, "bad layer '%s': unexpected '%s'", spec, rest);
    return -1;
  } else {
    pick_nm(r, &L->n, &L->m);
  }
  if (L->cin < 1 || L->cout < 1 || L->cin > 4096 || L->cout > 4096 ||
      (L->kind == LK_FC && (L->p < 1 || L->p > 4096))) {
    snprintf(err, errlen, "layer '%s': sizes must be 1..4096", spec);
    return -1;
  }
  if (L->kind == LK_CONV &&
      (L->h < 1 || L->w < 1 || L->h > 4096 || L->w > 4096 || L->k < 1 || L->k > 16 ||
       (L->s != 1 && L->s != 2 && L->s != 4) || L->pad < 0 || L->pad >= L->k ||
       L->h + 2 * L->pad < L->k || L->w + 2 * L->pad < L->k)) {
    snprintf(err, errlen,
             "layer '%s': conv needs H, W >= 1, k 1..16, s in {1,2,4}, 0 <= p < k, H+2p >= k", spec);
    return -1;
  }
  finish_layer(L, r);
  if (!layer_fits(L)) {
    snprintf(err, errlen,
             "layer '%s': GEMM sizes over the 16-bit command fields (padded Co %d, Ki %d, P %d)",
             spec, L->Co, L->Ki, L->P);
    return -1;
  }
  return 0;
}

/* A finite fp32 around a class value, with bits below fp16 precision. */
static uint32_t random_w32(int vclass, nm_rng *r) {
  uint32_t w = nm_cvt16to32(nm_ant_value(vclass, r));
  if ((w & 0x7F800000u) != 0x7F800000u && (w & 0x7FFFFFFFu) >= 0x00800000u)
    w |= nm_rng_u32(r) & 0x1FFFu;
  return w;
}

/* Master state of a layer: zeros in the padding. */
static int init_state(train_layer *L, nm_rng *r) {
  size_t n = (size_t)L->Co * (size_t)L->Ki;
  int kreal = L->kind == LK_CONV ? L->cin * L->k * L->k : L->cin;
  int zero_v = nm_rng_below(r, 2);
  L->w32 = calloc(n, sizeof *L->w32), L->v32 = calloc(n, sizeof *L->v32);
  L->w16 = calloc(n, sizeof *L->w16), L->mask = calloc(n, 1);
  if (!L->w32 || !L->v32 || !L->w16 || !L->mask) return -1;
  for (int o = 0; o < L->cout; o++)
    for (int i = 0; i < kreal; i++) {
      size_t e = (size_t)o * (size_t)L->Ki + (size_t)i;
      L->w32[e] = random_w32(L->vc_w, r);
      L->v32[e] = zero_v ? 0u : nm_cvt16to32(nm_ant_value(NM_ANT_V_PLAIN, r));
      L->w16[e] = nm_cvt32to16(L->w32[e]);
    }
  return 0;
}

static uint32_t f32(double v) { return nm_bits_from_f32((float)v); }

/* Hyperparameters and the update policy. */
static void pick_hp(train_work *w) {
  nm_rng *r = &w->rng;
  static const double mus[] = {0.0, 0.5, 0.9, 0.99};
  w->hp.lr = f32(ldexp(1.0 + nm_rng_unit(r), -(2 + (int)nm_rng_below(r, 5))));
  w->hp.mu = nm_rng_below(r, 5) ? f32(mus[nm_rng_below(r, 4)]) : f32(nm_rng_unit(r));
  w->hp.wd = nm_rng_below(r, 3) ? f32(ldexp(1.0 + nm_rng_unit(r), -(10 + (int)nm_rng_below(r, 6))))
                                : 0u;
  w->hp.srste = nm_rng_below(r, 2) ? f32(ldexp(1.0 + nm_rng_unit(r), -(6 + (int)nm_rng_below(r, 4))))
                                   : 0u;
  w->hp.inv_scale = f32(ldexp(1.0, -(int)nm_rng_below(r, 9)));
  w->amp = (int)nm_rng_below(r, 2);
}

int work_init(train_work *w, uint64_t seed, const char *spec, char *err, size_t errlen) {
  memset(w, 0, sizeof *w);
  nm_rng_seed(&w->rng, seed);
  if (spec) {
    char *copy = strdup(spec), *save = NULL;
    if (!copy) return snprintf(err, errlen, "out of memory"), -1;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
      train_layer *nl = realloc(w->layers, sizeof *nl * (size_t)(w->nlayers + 1));
      if (!nl) {
        free(copy);
        return snprintf(err, errlen, "out of memory"), -1;
      }
      w->layers = nl;
      if (parse_layer(t, &w->layers[w->nlayers], &w->rng, err, errlen)) {
        free(copy);
        return -1;
      }
      w->nlayers++;
    }
    free(copy);
    if (!w->nlayers) return snprintf(err, errlen, "--layers: no layer given"), -1;
  } else {
    w->nlayers = 1 + (int)nm_rng_below(&w->rng, 3);
    w->layers = calloc((size_t)w->nlayers, sizeof *w->layers);
    if (!w->layers) return snprintf(err, errlen, "out of memory"), -1;
    for (int i = 0; i < w->nlayers; i++) random_layer(&w->layers[i], &w->rng);
  }
  pick_hp(w);
  for (int i = 0; i < w->nlayers; i++)
    if (init_state(&w->layers[i], &w->rng)) return snprintf(err, errlen, "out of memory"), -1;
  return 0;
}

void work_free(train_work *w) {
  for (int i = 0; i < w->nlayers; i++) {
    train_layer *L = &w->layers[i];
    free(L->w32), free(L->v32), free(L->w16), free(L->mask);
  }
  free(w->layers);
  w->layers = NULL, w->nlayers = 0;
}

/* A dense value: zero with probability 1 - density. */
static uint16_t dense_value(int vclass, double density, nm_rng *r) {
  if (nm_rng_unit(r) >= density) return nm_rng_below(r, 8) ? 0 : 0x8000;
  return nm_ant_value(vclass, r);
}

/* The value of plane p at (y, x), 0 where it holds no element. */
static uint16_t plane_at(const nm_ant_plane *p, int y, int x) {
  if (y < 0 || x < 0 || y >= p->rows || x >= p->cols) return 0;
  for (uint32_t e = p->rowptr[y]; e < p->rowptr[y + 1]; e++)
    if (p->elem[e].coord == x) return p->elem[e].val;
  return 0;
}

/* Conv: planes, then X = im2col(planes) and dY from the gradient planes. */
static int conv_batch(train_work *w, const train_layer *L, train_batch *b) {
  b->xpl = calloc((size_t)L->cin, sizeof *b->xpl);
  b->gpl = calloc((size_t)L->cout, sizeof *b->gpl);
  if (!b->xpl || !b->gpl) return -1;
  for (int c = 0; c < L->cin; c++, b->nx++)
    if (nm_ant_plane_random(&b->xpl[c], L->h, L->w, L->dens_x, L->vc_x, &w->rng)) return -1;
  for (int o = 0; o < L->cout; o++, b->ng++)
    if (nm_ant_plane_random(&b->gpl[o], L->ho, L->wo, L->dens_g, L->vc_g, &w->rng)) return -1;
  for (int c = 0; c < L->cin; c++)
    for (int kr = 0; kr < L->k; kr++)
      for (int ks = 0; ks < L->k; ks++)
        for (int oy = 0; oy < L->ho; oy++)
          for (int ox = 0; ox < L->wo; ox++) {
            size_t row = (size_t)((c * L->k + kr) * L->k + ks);
            b->x[row * (size_t)L->P + (size_t)(oy * L->wo + ox)] =
                plane_at(&b->xpl[c], oy * L->s + kr - L->pad, ox * L->s + ks - L->pad);
          }
  for (int o = 0; o < L->cout; o++)
    for (int oy = 0; oy < L->ho; oy++)
      for (int ox = 0; ox < L->wo; ox++)
        b->dy[(size_t)o * (size_t)L->P + (size_t)(oy * L->wo + ox)] = plane_at(&b->gpl[o], oy, ox);
  return 0;
}

int work_batch(train_work *w, const train_layer *L, train_batch *b) {
  memset(b, 0, sizeof *b);
  b->x = calloc((size_t)L->Ki * (size_t)L->P, sizeof *b->x);
  b->dy = calloc((size_t)L->Co * (size_t)L->P, sizeof *b->dy);
  if (!b->x || !b->dy) return -1;
  if (L->kind == LK_CONV) return conv_batch(w, L, b);
  for (int k = 0; k < L->cin; k++)
    for (int p = 0; p < L->p; p++)
      b->x[(size_t)k * (size_t)L->P + (size_t)p] = dense_value(L->vc_x, L->dens_x, &w->rng);
  for (int o = 0; o < L->cout; o++)
    for (int p = 0; p < L->p; p++)
      b->dy[(size_t)o * (size_t)L->P + (size_t)p] = dense_value(L->vc_g, L->dens_g, &w->rng);
  return 0;
}

void work_batch_free(train_batch *b) {
  for (int i = 0; i < b->nx; i++) nm_ant_plane_free(&b->xpl[i]);
  for (int i = 0; i < b->ng; i++) nm_ant_plane_free(&b->gpl[i]);
  free(b->xpl), free(b->gpl), free(b->x), free(b->dy);
  memset(b, 0, sizeof *b);
}

void work_describe(const train_layer *L, char *buf, size_t n) {
  if (L->kind == LK_FC)
    snprintf(buf, n, "fc:%dx%dx%d@%d:%d", L->cin, L->cout, L->p, L->n, L->m);
  else
    snprintf(buf, n, "conv:%dx%dx%dx%dk%ds%dp%d@%d:%d", L->cin, L->h, L->w, L->cout, L->k, L->s,
             L->pad, L->n, L->m);
}

void work_loss_scale(train_work *w, int found_inf) {
  if (found_inf) {
    w->skipped_steps++, w->good_steps = 0;
    if (w->hp.inv_scale < 0x7E800000u) /* stays finite */
      w->hp.inv_scale = nm_mul32(w->hp.inv_scale, 0x40000000u), w->scale_changes++;
  } else if (++w->good_steps >= 2) {
    w->good_steps = 0;
    if (w->hp.inv_scale > 0x20000000u)
      w->hp.inv_scale = nm_mul32(w->hp.inv_scale, 0x3F000000u), w->scale_changes++;
  }
}
