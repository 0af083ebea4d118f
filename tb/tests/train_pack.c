/*
** Tensor layouts of nm_top's buffer windows (see train_pack.h).
*/
#include "train_pack.h"

#include <string.h>

#include "stce_layout.h"

/* Put fp16 v in 16-bit lane e of a word. */
static void set_lane16(uint32_t *w, int e, uint16_t v) {
  w[e / 2] |= (uint32_t)v << (16 * (e % 2));
}

static uint32_t get_bits(const uint32_t *w, int lsb, int width) {
  uint32_t v = w[lsb / 32] >> (lsb % 32);
  return v & ((1u << width) - 1u);
}

int pack_stce_a(train_hw *h, const uint16_t *aval, const uint8_t *aidx, int I, int kp, int m,
                int abase, int front) {
  uint32_t w[8] = {0};
  for (int i = 0; i < I; i++)
    for (int k = 0; k < kp; k++) {
      size_t e = (size_t)i * (size_t)kp + (size_t)k;
      uint32_t idx = aidx ? aidx[e] : (uint32_t)(k % m);
      w[0] = (idx & 0xFu) << 16 | aval[e];
      if (hw_put(h, NM_REGION_STCE_A, i % NM_ROWS, (unsigned)(abase + (i / NM_ROWS) * kp + k), w,
                 front))
        return -1;
    }
  return 0;
}

int pack_stce_b(train_hw *h, const uint16_t *b, int ldb, int j0, int K, int J, int m, int bbase,
                int front) {
  int groups = K / m;
  for (int j = 0; j < J; j++)
    for (int g = 0; g < groups; g++) {
      uint32_t w[8] = {0};
      for (int e = 0; e < m; e++)
        set_lane16(w, e, b[(size_t)(g * m + e) * (size_t)ldb + (size_t)(j0 + j)]);
      if (hw_put(h, NM_REGION_STCE_B, stce_b_bank(NM_ROWS, NM_COLS, g, j),
                 (unsigned)bbase + stce_b_word(NM_ROWS, NM_COLS, groups, g, j), w, front))
        return -1;
    }
  return 0;
}

/* Word of C[i][j] in its bank. */
static unsigned c_word(int base, int i, int j, int J) {
  return (unsigned)(base + i * ((J + NM_COLS - 1) / NM_COLS) + j / NM_COLS);
}

int pack_stce_c(train_hw *h, const uint32_t *c, int I, int J, int base, int front) {
  uint32_t w[8] = {0};
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) {
      w[0] = c[(size_t)i * (size_t)J + (size_t)j];
      if (hw_put(h, NM_REGION_STCE_C, j % NM_COLS, c_word(base, i, j, J), w, front)) return -1;
    }
  return 0;
}

int unpack_stce_c(train_hw *h, uint32_t *c, int I, int J, int base, int front) {
  uint32_t w[8];
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) {
      if (hw_get(h, NM_REGION_STCE_C, j % NM_COLS, c_word(base, i, j, J), w, front)) return -1;
      c[(size_t)i * (size_t)J + (size_t)j] = w[0];
    }
  return 0;
}

int pack_sore_in(train_hw *h, const uint16_t *groups, int ngroups, int m, int base, nm_rng *r,
                 int front) {
  int beats = (ngroups + NM_SORE_LANES - 1) / NM_SORE_LANES;
  for (int g = 0; g < beats * NM_SORE_LANES; g++) {
    uint32_t w[8] = {0};
    if (g < ngroups) {
      for (int e = 0; e < m; e++) set_lane16(w, e, groups[(size_t)g * (size_t)m + (size_t)e]);
      for (int e = m; e < NM_MMAX; e++) set_lane16(w, e, (uint16_t)nm_rng_u32(r));
    }
    if (hw_put(h, NM_REGION_SORE_IN, g % NM_SORE_LANES, (unsigned)(base + g / NM_SORE_LANES), w,
               front))
      return -1;
  }
  return 0;
}

int unpack_sore_out(train_hw *h, int ngroups, int base, uint32_t *val, uint32_t *idx,
                    uint32_t *mask, int front) {
  uint32_t w[8];
  for (int g = 0; g < ngroups; g++) {
    int bank = g % NM_SORE_LANES;
    unsigned word = (unsigned)(base + g / NM_SORE_LANES);
    if (hw_get(h, NM_REGION_SORE_VAL, bank, word, w, front)) return -1;
    for (int k = 0; k < NM_MMAX; k++) val[(size_t)g * NM_MMAX + (size_t)k] = get_bits(w, 16 * k, 16);
    if (hw_get(h, NM_REGION_SORE_IDX, bank, word, w, front)) return -1;
    for (int k = 0; k < NM_MMAX; k++) idx[(size_t)g * NM_MMAX + (size_t)k] = get_bits(w, 4 * k, 4);
    if (hw_get(h, NM_REGION_SORE_MASK, bank, word, w, front)) return -1;
    mask[g] = get_bits(w, 0, NM_MMAX);
  }
  return 0;
}

int pack_wuve(train_hw *h, int region, const uint32_t *v, int n, int base, int front) {
  uint32_t w[8] = {0};
  for (int e = 0; e < n; e++) {
    w[0] = v[e];
    if (hw_put(h, region, e % NM_WUVE_LANES, (unsigned)(base + e / NM_WUVE_LANES), w, front))
      return -1;
  }
  return 0;
}

int unpack_wuve(train_hw *h, int region, uint32_t *v, int n, int base, int front) {
  uint32_t w[8];
  for (int e = 0; e < n; e++) {
    if (hw_get(h, region, e % NM_WUVE_LANES, (unsigned)(base + e / NM_WUVE_LANES), w, front))
      return -1;
    v[e] = w[0];
  }
  return 0;
}

int pack_ant_plane(train_hw *h, int row_region, int elem_region, const nm_ant_plane *p, int base,
                   int front) {
  uint32_t w[8] = {0};
  for (int y = 0; y < p->rows; y++) {
    w[0] = (uint32_t)(base + (int)p->rowptr[y + 1]) << 16 | (uint32_t)(base + (int)p->rowptr[y]);
    if (hw_put(h, row_region, 0, (unsigned)y, w, front)) return -1;
  }
  for (uint32_t e = 0; e < p->nnz; e++) {
    w[0] = (uint32_t)p->elem[e].coord << 16 | p->elem[e].val;
    if (hw_put(h, elem_region, 0, (unsigned)base + e, w, front)) return -1;
  }
  return 0;
}

int unpack_ant_out(train_hw *h, int region, uint32_t *v, int n, int front) {
  uint32_t w[8];
  for (int e = 0; e < n; e++) {
    if (hw_get(h, region, 0, (unsigned)e, w, front)) return -1;
    v[e] = w[0];
  }
  return 0;
}
