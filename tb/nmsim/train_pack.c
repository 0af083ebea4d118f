/*
** Tensor layouts of nm_top's buffer windows (see train_pack.h), placed by
** the generated driver's nmd_loc_* helpers: nmsim acts as firmware here.
*/
#include "train_pack.h"

#include <stdlib.h>
#include <string.h>

#include "train_dram.h"

/* --dram (h->dram): each function's tensor goes by XFER instead
** (train_dram.h), in the kind of its logical format; (void *) on an
** operand only because dram_tile's host pointer serves both directions. */
#define DRAM_IN(kind, p, hsz, rows, cols, ld, m, n, base, region, what) \
  dram_tile(h, kind, 0, (void *)(uintptr_t)(p), hsz, rows, cols, ld, m, n, base, region, what)

/* An element read as its whole subword from the field's lsb up: the bits
** above the field stay, so the comparison with the model also sees junk
** the RTL left there (used where the field is the word's only content). */
static uint32_t word_from(const uint32_t *w, nmd_loc l) { return w[l.lsb / 32] >> (l.lsb % 32); }

static void clear_word(uint32_t *w) { memset(w, 0, 8 * sizeof *w); }

int pack_stce_a(train_hw *h, const uint16_t *aval, const uint8_t *aidx, int I, int kp, int m,
                int abase, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  if (h->dram) {
    uint8_t *dense = NULL;
    int rc;
    if (!aidx) {  /* dense A: the index tensor the host makes, k' % M */
      if (!(dense = malloc((size_t)I * (size_t)kp))) return rep_fail(h->rep, "out of memory");
      for (int i = 0; i < I * kp; i++) dense[i] = (uint8_t)(i % kp % m);
    }
    const uint8_t *ix = aidx ? aidx : dense;
    rc = 0;
    if (kp % 2)  /* u8 rows of odd length: not XFER's (train_dram.h); words of the index alone */
      for (int i = 0; !rc && i < I; i++)
        for (int k = 0; !rc && k < kp; k++) {
          x.KP = (uint32_t)kp, x.base = (uint32_t)abase, x.i = (uint32_t)i, x.k = (uint32_t)k;
          nmd_loc l = nmd_loc_stce_a_idx(&x);
          clear_word(w);
          nmd_word_set(w, l, ix[(size_t)i * (size_t)kp + (size_t)k]);
          rc = hw_put(h, (int)l.region, (int)l.bank, l.word, w, front);
          h->st.dram_window_words++;
        }
    else
      rc = DRAM_IN(NMD_T_A_IDX, ix, 1, I, kp, kp, m, 0, abase, 0, "A' indices");
    rc = rc || DRAM_IN(NMD_T_A_VAL, aval, 2, I, kp, kp, m, 0, abase, 0, "A' values");
    free(dense);
    return rc ? -1 : 0;
  }
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
  if (h->dram) return DRAM_IN(NMD_T_B, b + j0, 2, K, J, ldb, m, 0, bbase, 0, "B");
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
  if (h->dram) return DRAM_IN(NMD_T_C32, c, 4, I, J, J, 0, 0, base, 0, "C_in");
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

int unpack_stce_c(train_hw *h, uint32_t *c, int I, int J, int base, int out16, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  if (h->dram)
    return dram_tile(h, out16 ? NMD_T_C16 : NMD_T_C32, 1, c, 4, I, J, J, 0, 0, base, 0, out16 ? "C fp16" : "C");
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
  if (h->dram) {
    /* The whole beats: groups past ngroups zero, as below.  Lanes >= m are
    ** not in the tensor (they keep what the region held); their junk is
    ** still drawn so the workload's choices stay those of the window path. */
    size_t n = (size_t)beats * NM_SORE_LANES * (size_t)m;
    uint16_t *t = calloc(n, sizeof *t);
    int rc;
    if (!t) return rep_fail(h->rep, "out of memory");
    memcpy(t, groups, sizeof *t * (size_t)ngroups * (size_t)m);
    for (int g = 0; g < ngroups; g++)
      for (int e = m; e < NM_MMAX; e++) (void)nm_rng_u32(r);
    rc = DRAM_IN(NMD_T_SORE_IN, t, 2, beats * NM_SORE_LANES, m, m, m, 0, base, 0, "SORE groups");
    free(t);
    return rc;
  }
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

int unpack_sore_out(train_hw *h, int ngroups, int n, int base, uint32_t *val, uint32_t *idx,
                    uint32_t *mask, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  nmd_loc l;
  if (h->dram) {
    /* No XFER kind has SORE's indices, its mask or the value slots >= N
    ** (SORE_VAL is [group][N]): those come by the window path, then the
    ** N kept values of every group by XFER over what it read. */
    uint16_t *t = malloc(sizeof *t * (size_t)ngroups * (size_t)n);
    int rc;
    if (!t) return rep_fail(h->rep, "out of memory");
    h->dram = 0;
    rc = unpack_sore_out(h, ngroups, n, base, val, idx, mask, front);
    h->dram = 1;
    h->st.dram_window_words += 3u * (uint64_t)ngroups;
    if (!rc) rc = dram_tile(h, NMD_T_SORE_VAL, 1, t, 2, ngroups, n, n, 0, n, base, 0, "SORE values");
    for (int g = 0; !rc && g < ngroups; g++)
      for (int k = 0; k < n; k++) val[(size_t)g * NM_MMAX + (size_t)k] = t[(size_t)g * (size_t)n + (size_t)k];
    free(t);
    return rc;
  }
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

/* The XFER kind of a WUVE region with one field a word. */
static uint32_t wuve_kind(int region) {
  return region == NM_REGION_WUVE_W ? NMD_T_W : region == NM_REGION_WUVE_V ? NMD_T_V : NMD_T_W16;
}
static const char *wuve_name(int region) {
  return region == NM_REGION_WUVE_W ? "WUVE W" : region == NM_REGION_WUVE_V ? "WUVE V" : "WUVE W16";
}

int pack_wuve(train_hw *h, int region, const uint32_t *v, int n, int base, int front) {
  nmd_idx x = {0};
  uint32_t w[8];
  if (h->dram) return DRAM_IN(wuve_kind(region), v, 4, 1, n, n, 0, 0, base, 0, wuve_name(region));
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
  if (h->dram) {
    if (n % 2 == 0)
      return DRAM_IN(NMD_T_G_MASK, mask, 1, 1, n, n, 0, 0, base, 0, "WUVE mask") ||
                     DRAM_IN(NMD_T_G_DW, dw, 2, 1, n, n, 0, 0, base, 0, "WUVE dW")
                 ? -1 : 0;
    /* An odd count of u8: not XFER's (train_dram.h); words of the mask bit alone. */
    x.base = (uint32_t)base;
    for (int e = 0; e < n; e++) {
      x.e = (uint32_t)e;
      nmd_loc lm = nmd_loc_wuve_g_mask(&x);
      clear_word(w);
      nmd_word_set(w, lm, mask[e]);
      if (hw_put(h, (int)lm.region, (int)lm.bank, lm.word, w, front)) return -1;
      h->st.dram_window_words++;
    }
    return DRAM_IN(NMD_T_G_DW, dw, 2, 1, n, n, 0, 0, base, 0, "WUVE dW");
  }
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
  if (h->dram) return dram_tile(h, wuve_kind(region), 1, v, 4, 1, n, n, 0, 0, base, 0, wuve_name(region));
  x.base = (uint32_t)base;
  for (int e = 0; e < n; e++) {
    x.e = (uint32_t)e;
    nmd_loc l = wuve_loc(region, &x);
    if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    v[e] = word_from(w, l);
  }
  return 0;
}

int pack_ant_plane(train_hw *h, int row_region, int elem_region, int eng, const nm_ant_plane *p,
                   int base, int front) {
  int kern = row_region == NM_REGION_ANT_KROW;
  nmd_loc (*fs)(const nmd_idx *) = kern ? nmd_loc_ant_krow_start : nmd_loc_ant_irow_start;
  nmd_loc (*fe)(const nmd_idx *) = kern ? nmd_loc_ant_krow_end : nmd_loc_ant_irow_end;
  nmd_loc (*fv)(const nmd_idx *) = kern ? nmd_loc_ant_kelem_val : nmd_loc_ant_ielem_val;
  nmd_loc (*fc)(const nmd_idx *) = kern ? nmd_loc_ant_kelem_coord : nmd_loc_ant_ielem_coord;
  nmd_idx x = {0};
  uint32_t w[8];
  x.base = (uint32_t)base, x.p = (uint32_t)eng;
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

int pack_ant_planes(train_hw *h, int row_region, int elem_region, const nm_ant_plane *p, int n, int base,
                    int front) {
  if (!h->dram) {
    for (int e = 0; e < n; e++)
      if (pack_ant_plane(h, row_region, elem_region, e, &p[e], base, front)) return -1;
    return 0;
  }
  /* --dram: one XFER a table for every engine, DRAM row e engine e's
  ** ([rows][2] {start, end}; [nnz][2] {value, coord}, padded to the largest nnz). */
  int rows = p[0].rows, nz = 0, rc = 0;
  for (int e = 0; e < n; e++) nz = (int)p[e].nnz > nz ? (int)p[e].nnz : nz;
  size_t tw = 2 * (size_t)rows, ew = 2 * (size_t)nz;
  uint16_t *t = calloc((size_t)n * (tw + ew) + 1, sizeof *t), *el = t + (size_t)n * tw;
  if (!t) return rep_fail(h->rep, "out of memory");
  for (int e = 0; e < n; e++) {
    if (p[e].rows != rows) {
      free(t);
      return rep_fail(h->rep, "harness: ANT planes of %d and %d rows in one command", rows, p[e].rows);
    }
    for (int y = 0; y < rows; y++)
      t[(size_t)e * tw + 2 * (size_t)y] = (uint16_t)(base + (int)p[e].rowptr[y]),
      t[(size_t)e * tw + 2 * (size_t)y + 1] = (uint16_t)(base + (int)p[e].rowptr[y + 1]);
    for (uint32_t k = 0; k < p[e].nnz; k++)
      el[(size_t)e * ew + 2 * k] = p[e].elem[k].val, el[(size_t)e * ew + 2 * k + 1] = p[e].elem[k].coord;
  }
  if (rows) rc = dram_tile_ant(h, NMD_T_ANT_ROWS, 0, t, 2, n, (int)tw, (int)tw, 0, row_region, "ANT row tables");
  if (!rc && nz)
    rc = dram_tile_ant(h, NMD_T_ANT_ELEMS, 0, el, 2, n, (int)ew, (int)ew, base, elem_region, "ANT elements");
  free(t);
  return rc ? -1 : 0;
}

int unpack_ant_outs(train_hw *h, int region, uint32_t *v, int n, int no, int front) {
  if (!h->dram || (region == NM_REGION_ANT_FLAGS && no % 2)) {  /* odd u8 rows: not XFER's */
    for (int e = 0; e < n; e++)
      if (unpack_ant_out(h, region, e, v + (size_t)e * (size_t)no, no, front)) return -1;
    return 0;
  }
  return dram_tile_ant(h, region == NM_REGION_ANT_OUT32 ? NMD_T_ANT_OUT32 : region == NM_REGION_ANT_OUT16
                       ? NMD_T_ANT_OUT16 : NMD_T_ANT_FLAGS, 1, v, 4, n, no, no, 0, 0, "ANT outputs (every engine)");
}

/* Outputs are read as the flat index e = oy * Wout + ox (row width 1 here). */
int unpack_ant_out(train_hw *h, int region, int eng, uint32_t *v, int n, int front) {
  nmd_loc (*f)(const nmd_idx *) = region == NM_REGION_ANT_OUT32   ? nmd_loc_ant_out32_elem
                                  : region == NM_REGION_ANT_OUT16 ? nmd_loc_ant_out16_elem
                                                                  : nmd_loc_ant_flags_elem;
  nmd_idx x = {0};
  uint32_t w[8];
  x.WOUT = 1, x.p = (uint32_t)eng;
  if (h->dram) h->st.dram_window_words += (uint64_t)n;
  for (int e = 0; e < n; e++) {
    x.oy = (uint32_t)e;
    nmd_loc l = f(&x);
    if (hw_get(h, (int)l.region, (int)l.bank, l.word, w, front)) return -1;
    v[e] = word_from(w, l);
  }
  return 0;
}
