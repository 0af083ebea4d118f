/*
** Tensor layouts of nm_top's buffer windows (see train_pack.h).
*/
#include "train_pack.h"

#include <string.h>

#include "nm_layout_here.h"

/* OR v into a wide word at bit lsb (fields never straddle 32-bit subwords). */
static void set_bits(uint32_t *w, int lsb, uint32_t v) {
  w[lsb / 32] |= v << (lsb % 32);
}

static uint32_t get_bits(const uint32_t *w, int lsb, int width) {
  uint32_t v = w[lsb / 32] >> (lsb % 32);
  return v & ((1u << width) - 1u);
}

int pack_stce_a(train_hw *h, const uint16_t *aval, const uint8_t *aidx, int I, int kp, int m,
                int abase, int front) {
  nm_layout_cfg L = nm_layout_here();
  uint32_t w[8] = {0};
  for (int i = 0; i < I; i++)
    for (int k = 0; k < kp; k++) {
      size_t e = (size_t)i * (size_t)kp + (size_t)k;
      uint32_t idx = aidx ? aidx[e] : (uint32_t)(k % m);
      nm_layout_loc v = nm_layout_a(&L, 0, i, k, kp, (unsigned)abase);
      nm_layout_loc x = nm_layout_a(&L, 1, i, k, kp, (unsigned)abase);
      w[0] = (idx & 0xFu) << x.lsb | (uint32_t)aval[e] << v.lsb;
      if (hw_put(h, v.region, v.bank, v.word, w, front)) return -1;
    }
  return 0;
}

int pack_stce_b(train_hw *h, const uint16_t *b, int ldb, int j0, int K, int J, int m, int bbase,
                int front) {
  nm_layout_cfg L = nm_layout_here();
  int groups = K / m;
  for (int j = 0; j < J; j++)
    for (int g = 0; g < groups; g++) {
      uint32_t w[8] = {0};
      nm_layout_loc l = nm_layout_b(&L, g, j, 0, groups, (unsigned)bbase);
      for (int e = 0; e < m; e++)
        set_bits(w, nm_layout_b(&L, g, j, e, groups, (unsigned)bbase).lsb,
                 b[(size_t)(g * m + e) * (size_t)ldb + (size_t)(j0 + j)]);
      if (hw_put(h, l.region, l.bank, l.word, w, front)) return -1;
    }
  return 0;
}

int pack_stce_c(train_hw *h, const uint32_t *c, int I, int J, int base, int front) {
  nm_layout_cfg L = nm_layout_here();
  uint32_t w[8] = {0};
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) {
      nm_layout_loc l = nm_layout_c(&L, i, j, J, (unsigned)base);
      w[0] = c[(size_t)i * (size_t)J + (size_t)j];
      if (hw_put(h, l.region, l.bank, l.word, w, front)) return -1;
    }
  return 0;
}

int unpack_stce_c(train_hw *h, uint32_t *c, int I, int J, int base, int front) {
  nm_layout_cfg L = nm_layout_here();
  uint32_t w[8];
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) {
      nm_layout_loc l = nm_layout_c(&L, i, j, J, (unsigned)base);
      if (hw_get(h, l.region, l.bank, l.word, w, front)) return -1;
      c[(size_t)i * (size_t)J + (size_t)j] = w[0];
    }
  return 0;
}

int pack_sore_in(train_hw *h, const uint16_t *groups, int ngroups, int m, int base, nm_rng *r,
                 int front) {
  nm_layout_cfg L = nm_layout_here();
  int beats = (int)nm_layout_sore_need(&L, ngroups);
  for (int g = 0; g < beats * NM_SORE_LANES; g++) {
    uint32_t w[8] = {0};
    if (g < ngroups)
      for (int e = 0; e < NM_MMAX; e++)
        set_bits(w, nm_layout_sore(&L, NMF_SORE_IN_LANE, g, e, (unsigned)base).lsb,
                 e < m ? groups[(size_t)g * (size_t)m + (size_t)e] : (uint16_t)nm_rng_u32(r));
    nm_layout_loc l = nm_layout_sore(&L, NMF_SORE_IN_LANE, g, 0, (unsigned)base);
    if (hw_put(h, l.region, l.bank, l.word, w, front)) return -1;
  }
  return 0;
}

int unpack_sore_out(train_hw *h, int ngroups, int base, uint32_t *val, uint32_t *idx,
                    uint32_t *mask, int front) {
  nm_layout_cfg L = nm_layout_here();
  uint32_t w[8];
  for (int g = 0; g < ngroups; g++) {
    nm_layout_loc l = nm_layout_sore(&L, NMF_SORE_VAL_SLOT, g, 0, (unsigned)base);
    if (hw_get(h, l.region, l.bank, l.word, w, front)) return -1;
    for (int k = 0; k < NM_MMAX; k++) {
      l = nm_layout_sore(&L, NMF_SORE_VAL_SLOT, g, k, (unsigned)base);
      val[(size_t)g * NM_MMAX + (size_t)k] = get_bits(w, l.lsb, l.width);
    }
    l = nm_layout_sore(&L, NMF_SORE_IDX_SLOT, g, 0, (unsigned)base);
    if (hw_get(h, l.region, l.bank, l.word, w, front)) return -1;
    for (int k = 0; k < NM_MMAX; k++) {
      l = nm_layout_sore(&L, NMF_SORE_IDX_SLOT, g, k, (unsigned)base);
      idx[(size_t)g * NM_MMAX + (size_t)k] = get_bits(w, l.lsb, l.width);
    }
    l = nm_layout_sore(&L, NMF_SORE_MASK_BIT, g, 0, (unsigned)base);
    if (hw_get(h, l.region, l.bank, l.word, w, front)) return -1;
    mask[g] = 0;
    for (int e = 0; e < NM_MMAX; e++) {
      l = nm_layout_sore(&L, NMF_SORE_MASK_BIT, g, e, (unsigned)base);
      mask[g] |= get_bits(w, l.lsb, l.width) << e;
    }
  }
  return 0;
}

/* A WUVE window's element field; its word holds the whole element (G's
** {mask, dW16} included), so v[e] is the word's low bits as is. */
static nm_layout_field wuve_field(int region) {
  return region == NM_REGION_WUVE_W   ? NMF_WUVE_W_ELEM
         : region == NM_REGION_WUVE_V ? NMF_WUVE_V_ELEM
         : region == NM_REGION_WUVE_G ? NMF_WUVE_G_DW
                                      : NMF_WUVE_W16_ELEM;
}

int pack_wuve(train_hw *h, int region, const uint32_t *v, int n, int base, int front) {
  nm_layout_cfg L = nm_layout_here();
  uint32_t w[8] = {0};
  for (int e = 0; e < n; e++) {
    nm_layout_loc l = nm_layout_wuve(&L, wuve_field(region), e, (unsigned)base);
    w[0] = v[e];
    if (hw_put(h, region, l.bank, l.word, w, front)) return -1;
  }
  return 0;
}

int unpack_wuve(train_hw *h, int region, uint32_t *v, int n, int base, int front) {
  nm_layout_cfg L = nm_layout_here();
  uint32_t w[8];
  for (int e = 0; e < n; e++) {
    nm_layout_loc l = nm_layout_wuve(&L, wuve_field(region), e, (unsigned)base);
    if (hw_get(h, region, l.bank, l.word, w, front)) return -1;
    v[e] = w[0];
  }
  return 0;
}

int pack_ant_plane(train_hw *h, int row_region, int elem_region, const nm_ant_plane *p, int base,
                   int front) {
  nm_layout_cfg L = nm_layout_here();
  int kern = row_region == NM_REGION_ANT_KROW;
  nm_layout_field fs = kern ? NMF_ANT_KROW_START : NMF_ANT_IROW_START;
  nm_layout_field fe = kern ? NMF_ANT_KROW_END : NMF_ANT_IROW_END;
  nm_layout_field fv = kern ? NMF_ANT_KELEM_VAL : NMF_ANT_IELEM_VAL;
  nm_layout_field fc = kern ? NMF_ANT_KELEM_COORD : NMF_ANT_IELEM_COORD;
  nm_layout_idx x = {0};
  x.base = (unsigned)base;
  uint32_t w[8] = {0};
  for (int y = 0; y < p->rows; y++) {
    x.y = y;
    nm_layout_loc ls = nm_layout_map(&L, fs, &x), le = nm_layout_map(&L, fe, &x);
    w[0] = (uint32_t)(base + (int)p->rowptr[y + 1]) << le.lsb | (uint32_t)(base + (int)p->rowptr[y]) << ls.lsb;
    if (hw_put(h, row_region, ls.bank, ls.word, w, front)) return -1;
  }
  for (uint32_t e = 0; e < p->nnz; e++) {
    x.n = (int)e;
    nm_layout_loc lv = nm_layout_map(&L, fv, &x), lc = nm_layout_map(&L, fc, &x);
    w[0] = (uint32_t)p->elem[e].coord << lc.lsb | (uint32_t)p->elem[e].val << lv.lsb;
    if (hw_put(h, elem_region, lv.bank, lv.word, w, front)) return -1;
  }
  return 0;
}

/* Outputs are read as the flat index e = oy * Wout + ox (row width 1 here). */
int unpack_ant_out(train_hw *h, int region, uint32_t *v, int n, int front) {
  nm_layout_cfg L = nm_layout_here();
  nm_layout_field f = region == NM_REGION_ANT_OUT32   ? NMF_ANT_OUT32_ELEM
                      : region == NM_REGION_ANT_OUT16 ? NMF_ANT_OUT16_ELEM
                                                      : NMF_ANT_FLAGS_ELEM;
  nm_layout_idx x = {0};
  x.wout = 1;
  uint32_t w[8];
  for (int e = 0; e < n; e++) {
    x.oy = e;
    nm_layout_loc l = nm_layout_map(&L, f, &x);
    if (hw_get(h, region, l.bank, l.word, w, front)) return -1;
    v[e] = w[0];
  }
  return 0;
}
