/*
** nmtrain's accelerator operations on the hardware or the golden model
** (see backend.h).
*/
#include "backend.h"

#include <stdlib.h>
#include <string.h>

#include "nm_sore.h"

void nt_pruned_free(nt_pruned *p) {
  free(p->fval), free(p->bval), free(p->fidx), free(p->bidx), free(p->fmask);
  memset(p, 0, sizeof *p);
}

int be_gemm(nt_be *b, int phase, const char *name, const nm_gemm_cmd *c, const uint16_t *aval,
            const uint8_t *aidx, const uint16_t *bm, uint32_t *out) {
  if (b->hw) return step_gemm(b->x, phase, name, c, aval, aidx, bm, out);
  nm_gemm_ref(c, aval, aidx, bm, NULL, out);
  return 0;
}

/* The golden model of train_step's prune_layer: the same groups, in the
** same output layout. */
static int prune_model(const train_layer *L, nt_pruned *p) {
  int n = L->n, m = L->m, kf = L->Ki / m * n, kb = L->Co / m * n;
  uint16_t grp[NM_SORE_M_LIMIT], kv[NM_SORE_M_LIMIT];
  uint8_t ki[NM_SORE_M_LIMIT];
  uint32_t mask;
  p->fval = malloc(2 * (size_t)L->Co * (size_t)kf), p->fidx = malloc((size_t)L->Co * (size_t)kf);
  p->bval = malloc(2 * (size_t)L->Ki * (size_t)kb), p->bidx = malloc((size_t)L->Ki * (size_t)kb);
  p->fmask = malloc((size_t)L->Co * (size_t)L->Ki);
  if (!p->fval || !p->fidx || !p->bval || !p->bidx || !p->fmask) return -1;
  for (int o = 0; o < L->Co; o++)
    for (int g = 0; g < L->Ki / m; g++) {
      for (int e = 0; e < m; e++) grp[e] = L->w16[(size_t)o * (size_t)L->Ki + (size_t)(g * m + e)];
      nm_sore_group(grp, n, m, kv, ki, &mask);
      for (int k = 0; k < n; k++) {
        size_t d = (size_t)o * (size_t)kf + (size_t)(g * n + k);
        p->fval[d] = kv[k], p->fidx[d] = ki[k];
      }
      for (int e = 0; e < m; e++)
        p->fmask[(size_t)o * (size_t)L->Ki + (size_t)(g * m + e)] = (uint8_t)((mask >> e) & 1u);
    }
  for (int i = 0; i < L->Ki; i++)
    for (int g = 0; g < L->Co / m; g++) {
      for (int e = 0; e < m; e++) grp[e] = L->w16[(size_t)(g * m + e) * (size_t)L->Ki + (size_t)i];
      nm_sore_group(grp, n, m, kv, ki, &mask);
      for (int k = 0; k < n; k++) {
        size_t d = (size_t)i * (size_t)kb + (size_t)(g * n + k);
        p->bval[d] = kv[k], p->bidx[d] = ki[k];
      }
    }
  return 0;
}

int be_prune(nt_be *b, train_layer *L, nt_pruned *p) {
  memset(p, 0, sizeof *p);
  if (b->hw) return step_prune(b->x, L, &p->fval, &p->fidx, &p->bval, &p->bidx, &p->fmask);
  if (prune_model(L, p)) {
    nt_pruned_free(p);
    return -1;
  }
  return 0;
}

/* One pass (mode) over every layer, in WUVE-buffer-sized commands. */
static int update_pass_hw(train_ctx *x, train_layer *L, int nl, uint16_t *const *dw,
                          uint8_t *const *mask, int mode) {
  int cap = NM_WUVE_LANES * NM_WUVE_BUF_DEPTH;
  for (int l = 0; l < nl; l++) {
    int n = L[l].Co * L[l].Ki;
    for (int e0 = 0; e0 < n; e0 += cap)
      if (step_update_chunk(x, &L[l], dw[l], mask[l], e0, n - e0 < cap ? n - e0 : cap, mode,
                            mode == NM_WUVE_CHECK && l == 0 && e0 == 0))
        return -1;
  }
  return 0;
}

int be_update(nt_be *b, const nm_wuve_hp *hp, train_layer *L, int nl, uint16_t *const *dw,
              uint8_t *const *mask, int *found_inf) {
  if (b->hw) {
    b->x->work.hp = *hp; /* write_hp and update_chunk read the registers' values here */
    if (step_write_hp(b->x) || update_pass_hw(b->x, L, nl, dw, mask, NM_WUVE_CHECK) ||
        update_pass_hw(b->x, L, nl, dw, mask, NM_WUVE_UPDATE_UNLESS_INF))
      return -1;
    *found_inf = b->x->found_inf;
    return 0;
  }
  *found_inf = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int l = 0; l < nl; l++)
      nm_wuve_pass(hp, pass ? NM_WUVE_UPDATE_UNLESS_INF : NM_WUVE_CHECK,
                   (size_t)L[l].Co * (size_t)L[l].Ki, L[l].w32, L[l].v32, L[l].w16, dw[l], mask[l],
                   found_inf);
  return 0;
}
