/*
** The MLP of nmtrain (see mlp.h).
*/
#include "mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nm_fp.h"
#include "nm_rng.h"

static int roundup(int v, int m) { return (v + m - 1) / m * m; }

int mlp_dense_m(int K) {
  for (int d = NM_MMAX; d > 1; d--)
    if (K % d == 0) return d;
  return 1;
}

/* Normal(0, 1) by Box-Muller from the seeded stream (host double). */
static double normal(nm_rng *r) {
  double u = 1.0 - nm_rng_unit(r), v = nm_rng_unit(r);
  return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

int mlp_init(nt_mlp *net, int nl, const int *width, int dense, int n, int m, int pad,
             uint64_t seed) {
  nm_rng r;
  memset(net, 0, sizeof *net);
  nm_rng_seed(&r, seed ^ 0x696e6974ull); /* "init" */
  net->nl = nl, net->dense = dense, net->n = n, net->m = m, net->pad = pad;
  memcpy(net->width, width, sizeof *width * (size_t)(nl + 1));
  for (int l = 0; l < nl; l++) {
    train_layer *L = &net->L[l];
    size_t e;
    L->kind = LK_FC, L->cin = width[l] + 1, L->cout = width[l + 1], L->n = n, L->m = m;
    L->Ki = roundup(L->cin, pad), L->Co = roundup(L->cout, pad);
    e = (size_t)L->Co * (size_t)L->Ki;
    L->w32 = calloc(e, 4), L->v32 = calloc(e, 4), L->w16 = calloc(e, 2), L->mask = calloc(e, 1);
    if (!L->w32 || !L->v32 || !L->w16 || !L->mask) return -1;
    /* He initialisation for ReLU: std sqrt(2 / fan_in); the bias column is 0. */
    for (int o = 0; o < L->cout; o++)
      for (int i = 0; i < width[l]; i++) {
        size_t k = (size_t)o * (size_t)L->Ki + (size_t)i;
        L->w32[k] = nm_bits_from_f32((float)(normal(&r) * sqrt(2.0 / width[l])));
        L->w16[k] = nm_cvt32to16(L->w32[k]);
      }
  }
  return 0;
}

void mlp_free(nt_mlp *net) {
  for (int l = 0; l < net->nl; l++)
    free(net->L[l].w32), free(net->L[l].v32), free(net->L[l].w16), free(net->L[l].mask);
  memset(net, 0, sizeof *net);
}

void mlp_input(const nt_mlp *net, const uint8_t (*pix)[64], const int *idx, int B, uint16_t *x0) {
  const train_layer *L = &net->L[0];
  memset(x0, 0, sizeof *x0 * (size_t)L->Ki * (size_t)B);
  for (int p = 0; p < B; p++) {
    for (int i = 0; i < net->width[0]; i++)  /* v / 16 is exact in fp16 */
      x0[(size_t)i * (size_t)B + (size_t)p] = nm_cvt32to16(nm_bits_from_f32(pix[idx[p]][i] / 16.0f));
    x0[(size_t)net->width[0] * (size_t)B + (size_t)p] = 0x3C00; /* the bias input: 1.0 */
  }
}

/* Activations of one pass: xs[l] is layer l's input (Ki x B fp16). */
typedef struct pass {
  uint16_t *xs[NT_MAX_LAYERS];
  uint32_t *y;            /* the largest Co x B output */
  nt_pruned pr[NT_MAX_LAYERS];
} pass;

static void pass_free(pass *s, int nl) {
  for (int l = 0; l < nl; l++) free(s->xs[l]), nt_pruned_free(&s->pr[l]);
  free(s->y);
}

/* ReLU on fp16 bits: negative values and -0 become +0, NaN passes (so a
** divergence shows in the loss). */
static uint16_t relu16(uint16_t h) { return (h & 0x8000u) && !nm_is_nan16(h) ? 0 : h; }

/* FF of every layer; the logits stay fp32 in s->y. */
static int forward(nt_mlp *net, nt_be *be, pass *s, const uint16_t *x0, int B) {
  size_t big = 0;
  for (int l = 0; l < net->nl; l++) {
    size_t e = (size_t)net->L[l].Ki * (size_t)B;
    if ((size_t)net->L[l].Co * (size_t)B > big) big = (size_t)net->L[l].Co * (size_t)B;
    if (!(s->xs[l] = calloc(e, 2))) return -1;
  }
  if (!(s->y = malloc(big * 4))) return -1;
  memcpy(s->xs[0], x0, (size_t)net->L[0].Ki * (size_t)B * 2);
  for (int l = 0; l < net->nl; l++) {
    train_layer *L = &net->L[l];
    int last = l == net->nl - 1;
    nm_gemm_cmd c = {L->Co, B, L->Ki, net->n, net->m, !net->dense, 0, !last, 0};
    if (net->dense) c.M = c.N = mlp_dense_m(L->Ki);
    else if (be_prune(be, L, &s->pr[l])) return -1;
    if (be_gemm(be, PH_FF, "FF", &c, net->dense ? L->w16 : s->pr[l].fval,
                net->dense ? NULL : s->pr[l].fidx, s->xs[l], s->y))
      return -1;
    if (last) break;
    for (int o = 0; o < L->cout; o++)
      for (int p = 0; p < B; p++)
        s->xs[l + 1][(size_t)o * (size_t)B + (size_t)p] =
            relu16((uint16_t)s->y[(size_t)o * (size_t)B + (size_t)p]);
    for (int p = 0; p < B; p++) s->xs[l + 1][(size_t)L->cout * (size_t)B + (size_t)p] = 0x3C00;
  }
  return 0;
}

int mlp_forward(nt_mlp *net, nt_be *be, const uint16_t *x0, int B, float *logits) {
  pass s;
  int rc, nc = net->width[net->nl];
  memset(&s, 0, sizeof s);
  rc = forward(net, be, &s, x0, B);
  if (!rc)
    for (int c = 0; c < nc; c++)
      for (int p = 0; p < B; p++)
        logits[(size_t)c * (size_t)B + (size_t)p] = nm_f32_from_bits(s.y[(size_t)c * (size_t)B + (size_t)p]);
  pass_free(&s, net->nl);
  return rc;
}

/* Softmax cross-entropy of sample p (host float): adds its loss, returns
** whether the argmax is right, writes dY column p (scaled, fp16). */
static int softmax_ce(const uint32_t *y, int nc, int B, int p, int label, float gscale,
                      double *loss, uint16_t *dy) {
  float z[64], mx = -INFINITY, sum = 0.0f;
  int arg = 0;
  for (int c = 0; c < nc; c++) {
    z[c] = nm_f32_from_bits(y[(size_t)c * (size_t)B + (size_t)p]);
    if (z[c] > mx) mx = z[c], arg = c;
  }
  for (int c = 0; c < nc; c++) sum += expf(z[c] - mx);
  *loss += (double)(logf(sum) - (z[label] - mx)); /* NaN/Inf logits: NaN loss */
  for (int c = 0; c < nc; c++) {
    float g = (expf(z[c] - mx) / sum - (c == label ? 1.0f : 0.0f)) * gscale;
    dy[(size_t)c * (size_t)B + (size_t)p] = nm_cvt32to16(nm_bits_from_f32(g));
  }
  return arg == label;
}

/* Wb for a dense BP: W16 transposed (Ki x Co). */
static uint16_t *transpose16(const uint16_t *a, int rows, int cols) {
  uint16_t *t = malloc(sizeof *t * (size_t)rows * (size_t)cols);
  if (t)
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++)
        t[(size_t)c * (size_t)rows + (size_t)r] = a[(size_t)r * (size_t)cols + (size_t)c];
  return t;
}

/* WG and BP of every layer from the top; dw[l] gets dW16 (Co x Ki). */
static int backward(nt_mlp *net, nt_be *be, pass *s, uint16_t *dy, int B, uint16_t **dw) {
  int rc = -1;
  uint32_t *g = NULL;
  uint16_t *xt = NULL, *wt = NULL;
  for (int l = net->nl - 1; l >= 0; l--) {
    train_layer *L = &net->L[l];
    size_t e = (size_t)L->Co * (size_t)L->Ki;
    int md = mlp_dense_m(B);
    nm_gemm_cmd wg = {L->Co, L->Ki, B, md, md, 0, 0, 1, 0};
    free(g), free(xt);
    g = malloc(4 * ((e > (size_t)L->Ki * (size_t)B) ? e : (size_t)L->Ki * (size_t)B));
    xt = transpose16(s->xs[l], L->Ki, B);
    if (!g || !xt || be_gemm(be, PH_WG, "WG", &wg, dy, NULL, xt, g)) goto out;
    for (size_t k = 0; k < e; k++) dw[l][k] = (uint16_t)g[k];
    if (l == 0) break; /* no gradient of the input */
    nm_gemm_cmd bp = {L->Ki, B, L->Co, net->n, net->m, !net->dense, 0, 1, 0};
    if (net->dense) {
      bp.M = bp.N = mlp_dense_m(L->Co);
      free(wt);
      if (!(wt = transpose16(L->w16, L->Co, L->Ki))) goto out;
    }
    if (be_gemm(be, PH_BP, "BP", &bp, net->dense ? wt : s->pr[l].bval,
                net->dense ? NULL : s->pr[l].bidx, dy, g))
      goto out;
    /* dY of the layer below: dX through ReLU' (rows of real outputs only). */
    {
      const train_layer *D = &net->L[l - 1];
      memset(dy, 0, sizeof *dy * (size_t)D->Co * (size_t)B);
      for (int o = 0; o < D->cout; o++)
        for (int p = 0; p < B; p++) {
          size_t k = (size_t)o * (size_t)B + (size_t)p;
          uint16_t h = s->xs[l][k];
          dy[k] = (h != 0 && !(h & 0x8000u)) ? (uint16_t)g[k] : 0;
        }
    }
  }
  rc = 0;
out:
  free(g), free(xt), free(wt);
  return rc;
}

int mlp_step(nt_mlp *net, nt_be *be, const uint16_t *x0, const uint8_t *labels, int B,
             float scale, const nm_wuve_hp *hp, double *loss_sum, int *correct, int *found_inf) {
  pass s;
  int rc = -1, nc = net->width[net->nl], maxco = 0;
  uint16_t *dy = NULL, *dw[NT_MAX_LAYERS] = {0};
  uint8_t *mask[NT_MAX_LAYERS] = {0};
  memset(&s, 0, sizeof s);
  for (int l = 0; l < net->nl; l++) maxco = net->L[l].Co > maxco ? net->L[l].Co : maxco;
  if (forward(net, be, &s, x0, B)) goto out;
  if (!(dy = calloc((size_t)maxco * (size_t)B, 2))) goto out;
  for (int p = 0; p < B; p++)
    *correct += softmax_ce(s.y, nc, B, p, labels[p], scale / (float)B, loss_sum, dy);
  for (int l = 0; l < net->nl; l++) {
    size_t e = (size_t)net->L[l].Co * (size_t)net->L[l].Ki;
    if (!(dw[l] = malloc(2 * e))) goto out;
    if (net->dense) {
      if (!(mask[l] = malloc(e))) goto out;
      memset(mask[l], 1, e); /* dense: every weight is kept (SR-STE decays none) */
    }
  }
  if (backward(net, be, &s, dy, B, dw)) goto out;
  for (int l = 0; l < net->nl; l++)
    if (!net->dense) {
      mask[l] = s.pr[l].fmask, s.pr[l].fmask = NULL;
      memcpy(net->L[l].mask, mask[l], (size_t)net->L[l].Co * (size_t)net->L[l].Ki);
    }
  if (be_update(be, hp, net->L, net->nl, dw, mask, found_inf)) goto out;
  rc = 0;
out:
  for (int l = 0; l < net->nl; l++) free(dw[l]), free(mask[l]);
  free(dy);
  pass_free(&s, net->nl);
  return rc;
}

uint64_t mlp_hash(const nt_mlp *net) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (int l = 0; l < net->nl; l++) {
    const train_layer *L = &net->L[l];
    size_t e = (size_t)L->Co * (size_t)L->Ki;
    const uint8_t *arr[3] = {(const uint8_t *)L->w32, (const uint8_t *)L->v32,
                             (const uint8_t *)L->w16};
    size_t len[3] = {4 * e, 4 * e, 2 * e};
    for (int a = 0; a < 3; a++)
      for (size_t i = 0; i < len[a]; i++) h = (h ^ arr[a][i]) * 0x100000001b3ull;
  }
  return h;
}
