/*
** Tensor layouts of nm_top's buffer windows (see train_pack.h), placed by
** the generated driver's nmd_loc_* helpers: nmsim acts as firmware here.
*/
#include "train_pack.h"

#include <string.h>

/* An element read as its whole subword from the field's lsb up: the bits
** above the field stay, so the comparison with the model also sees junk
** the RTL left there (used where the field is the word's only content). */
static uint32_t word_from(const uint32_t *w, nmd_loc l) { return w[l.lsb / 32] >> (l.lsb % 32); }

static void clear_word(uint32_t *w) { memset(w, 0, 8 * sizeof *w); }

int pack_stce_a(train_hw *h, const uint16_t *aval, const uint8_t *aidx, int I, int kp, int m,
                int abase, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  x.KP = (uint32_t)kp, x.base = (uint32_t)abase;
  for (int i = 0; i < I; i++)
    for (int k = 0; k < kp; k++) {
      size_t e = (size_t)i * (size_t)kp + (size_t)k;
      x.i = (uint32_t)i, x.k = (uint32_t)k;
      nmd_loc v = nmd_loc_stce_a_val(&x), ix = nmd_loc_stce_a_idx(&x);
      clear_word(w);
      nmd_word_set(w, v, aval[e]);
      nmd_word_set(w, ix, aidx ? aidx[e] : (uint32_t)(k % m));
      if (hw_put(h, (int)v.region, (int)v.bank, v.word, w, front)) return -1;
    }
  return 0;
}

int pack_stce_b(train_hw *h, const uint16_t *b, int ldb, int j0, int K, int J, int m, int bbase,
                int front) {
  nmd_idx x = {0};
  int groups = K / m;
  x.G = (uint32_t)groups, x.base = (uint32_t)bbase;
  for (int j = 0; j < J; j++)
    for (int g = 0; g < groups; g++) {
      uint32_t w[8] = {0};
      x.j = (uint32_t)j, x.g = (uint32_t)g, x.e = 0;
      nmd_loc l = nmd_loc_stce_b_lane(&x);
      for (int e = 0; e < m; e++) {
        x.e = (uint32_t)e;
        nmd_word_set(w, nmd_loc_stce_b_lane(&x), b[(size_t)(g * m + e) * (size_t)ldb + (size_t)(j0 + j)]);
      }
      if (hw_put(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    }
  return 0;
}

int pack_stce_c(train_hw *h, const uint32_t *c, int I, int J, int base, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  x.J = (uint32_t)J, x.base = (uint32_t)base;
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) {
      x.i = (uint32_t)i, x.j = (uint32_t)j;
      nmd_loc l = nmd_loc_stce_c_f32(&x);
      clear_word(w);
      nmd_word_set(w, l, c[(size_t)i * (size_t)J + (size_t)j]);
      if (hw_put(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    }
  return 0;
}

int unpack_stce_c(train_hw *h, uint32_t *c, int I, int J, int base, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  x.J = (uint32_t)J, x.base = (uint32_t)base;
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) {
      x.i = (uint32_t)i, x.j = (uint32_t)j;
      nmd_loc l = nmd_loc_stce_c_f32(&x);
      if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
      c[(size_t)i * (size_t)J + (size_t)j] = word_from(w, l);
    }
  return 0;
}

int pack_sore_in(train_hw *h, const uint16_t *groups, int ngroups, int m, int base, nm_rng *r,
                 int front) {
  nmd_idx x = {0};
  x.GROUPS = (uint32_t)ngroups, x.base = (uint32_t)base;
  int beats = (int)nmd_need_sore(&x);
  for (int g = 0; g < beats * NM_SORE_LANES; g++) {
    uint32_t w[8] = {0};
    x.g = (uint32_t)g;
    if (g < ngroups)
      for (int e = 0; e < NM_MMAX; e++) {
        x.e = (uint32_t)e;
        nmd_word_set(w, nmd_loc_sore_in_lane(&x),
                     e < m ? groups[(size_t)g * (size_t)m + (size_t)e] : (uint16_t)nm_rng_u32(r));
      }
    x.e = 0;
    nmd_loc l = nmd_loc_sore_in_lane(&x);
    if (hw_put(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
  }
  return 0;
}

int unpack_sore_out(train_hw *h, int ngroups, int base, uint32_t *val, uint32_t *idx,
                    uint32_t *mask, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  nmd_loc l;
  x.base = (uint32_t)base;
  for (int g = 0; g < ngroups; g++) {
    x.g = (uint32_t)g, x.k = 0, x.e = 0;
    l = nmd_loc_sore_val_slot(&x);
    if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    for (int k = 0; k < NM_MMAX; k++) {
      x.k = (uint32_t)k;
      val[(size_t)g * NM_MMAX + (size_t)k] = nmd_word_get(w, nmd_loc_sore_val_slot(&x));
    }
    x.k = 0;
    l = nmd_loc_sore_idx_slot(&x);
    if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    for (int k = 0; k < NM_MMAX; k++) {
      x.k = (uint32_t)k;
      idx[(size_t)g * NM_MMAX + (size_t)k] = nmd_word_get(w, nmd_loc_sore_idx_slot(&x));
    }
    l = nmd_loc_sore_mask_bit(&x);
    if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    mask[g] = 0;
    for (int e = 0; e < NM_MMAX; e++) {
      x.e = (uint32_t)e;
      mask[g] |= nmd_word_get(w, nmd_loc_sore_mask_bit(&x)) << e;
    }
  }
  return 0;
}

/* The element field of a WUVE window with one field a word (W, V, W16). */
static nmd_loc wuve_loc(int region, const nmd_idx *x) {
  return region == NM_REGION_WUVE_W ? nmd_loc_wuve_w_elem(x)
         : region == NM_REGION_WUVE_V ? nmd_loc_wuve_v_elem(x)
                                      : nmd_loc_wuve_w16_elem(x);
}

int pack_wuve(train_hw *h, int region, const uint32_t *v, int n, int base, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  x.base = (uint32_t)base;
  for (int e = 0; e < n; e++) {
    x.e = (uint32_t)e;
    nmd_loc l = wuve_loc(region, &x);
    clear_word(w);
    nmd_word_set(w, l, v[e]);
    if (hw_put(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
  }
  return 0;
}

int pack_wuve_g(train_hw *h, const uint16_t *dw, const uint8_t *mask, int n, int base, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  x.base = (uint32_t)base;
  for (int e = 0; e < n; e++) {
    x.e = (uint32_t)e;
    nmd_loc ld = nmd_loc_wuve_g_dw(&x);
    clear_word(w);
    nmd_word_set(w, ld, dw[e]);
    nmd_word_set(w, nmd_loc_wuve_g_mask(&x), mask[e]);
    if (hw_put(h, (int)ld.region, (int)ld.bank, ld.word, w, front)) return -1;
  }
  return 0;
}

int unpack_wuve(train_hw *h, int region, uint32_t *v, int n, int base, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  x.base = (uint32_t)base;
  for (int e = 0; e < n; e++) {
    x.e = (uint32_t)e;
    nmd_loc l = wuve_loc(region, &x);
    if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    v[e] = word_from(w, l);
  }
  return 0;
}

int pack_ant_plane(train_hw *h, int row_region, int elem_region, const nm_ant_plane *p, int base,
                   int front) {
  int kern = row_region == NM_REGION_ANT_KROW;
  nmd_loc (*fs)(const nmd_idx *) = kern ? nmd_loc_ant_krow_start : nmd_loc_ant_irow_start;
  nmd_loc (*fe)(const nmd_idx *) = kern ? nmd_loc_ant_krow_end : nmd_loc_ant_irow_end;
  nmd_loc (*fv)(const nmd_idx *) = kern ? nmd_loc_ant_kelem_val : nmd_loc_ant_ielem_val;
  nmd_loc (*fc)(const nmd_idx *) = kern ? nmd_loc_ant_kelem_coord : nmd_loc_ant_ielem_coord;
  nmd_idx x = {0};
  uint32_t w[8];
  x.base = (uint32_t)base;
  for (int y = 0; y < p->rows; y++) {
    x.y = (uint32_t)y;
    nmd_loc ls = fs(&x);
    clear_word(w);
    nmd_word_set(w, ls, (uint32_t)(base + (int)p->rowptr[y]));
    nmd_word_set(w, fe(&x), (uint32_t)(base + (int)p->rowptr[y + 1]));
    if (ls.region != (uint32_t)row_region) return rep_fail(h->rep, "harness: ANT row region %d", row_region);
    if (hw_put(h, (int)ls.region, (int)ls.bank, ls.word, w, front)) return -1;
  }
  for (uint32_t e = 0; e < p->nnz; e++) {
    x.n = e;
    nmd_loc lv = fv(&x);
    clear_word(w);
    nmd_word_set(w, lv, p->elem[e].val);
    nmd_word_set(w, fc(&x), p->elem[e].coord);
    if (lv.region != (uint32_t)elem_region) return rep_fail(h->rep, "harness: ANT element region %d", elem_region);
    if (hw_put(h, (int)lv.region, (int)lv.bank, lv.word, w, front)) return -1;
  }
  return 0;
}

/* Outputs are read as the flat index e = oy * Wout + ox (row width 1 here). */
int unpack_ant_out(train_hw *h, int region, uint32_t *v, int n, int front) {
  nmd_loc (*f)(const nmd_idx *) = region == NM_REGION_ANT_OUT32   ? nmd_loc_ant_out32_elem
                                  : region == NM_REGION_ANT_OUT16 ? nmd_loc_ant_out16_elem
                                                                  : nmd_loc_ant_flags_elem;
  nmd_idx x = {0};
  uint32_t w[8];
  x.WOUT = 1;
  for (int e = 0; e < n; e++) {
    x.oy = (uint32_t)e;
    nmd_loc l = f(&x);
    if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    v[e] = word_from(w, l);
  }
  return 0;
}
