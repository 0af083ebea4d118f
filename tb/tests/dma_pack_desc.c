/*
** The DMA layout converters' descriptors per region kind (dma_pack_harness.h):
** what the host writes into XFER's layout fields (and the harness of
** nm_dma_pack / nm_dma_unpack gives them), and where each tile element lives
** (nm_layout).  Apart from dpk_run so the nm_top DMA test links it alone.
*/
#include "dma_pack_harness.h"

static const struct {
  const char *name;
  int esz, dirs;
} kinds[DK_COUNT] = {
  [DK_A_VAL] = {"A_VAL", 2, 1},   [DK_A_IDX] = {"A_IDX", 1, 1},   [DK_A_T] = {"A_T", 2, 1},
  [DK_B] = {"B", 2, 1},           [DK_B_T] = {"B_T", 2, 1},       [DK_C32] = {"C32", 4, 3},
  [DK_C16] = {"C16", 2, 2},       [DK_W] = {"W", 4, 3},           [DK_V] = {"V", 4, 3},
  [DK_G_DW] = {"G_DW", 2, 1},     [DK_G_MASK] = {"G_MASK", 1, 1}, [DK_W16] = {"W16", 2, 3},
  [DK_SORE_IN] = {"SORE_IN", 2, 1}, [DK_SORE_VAL] = {"SORE_VAL", 2, 2},
  [DK_A_PAIR] = {"A_PAIR", 4, 1}, [DK_OUT32] = {"OUT32", 4, 2},   [DK_OUT16] = {"OUT16", 2, 2},   [DK_FLAGS] = {"FLAGS", 1, 2},
};

const char *dpk_kind_name(dpk_kind k) { return kinds[k].name; }
int dpk_kind_dirs(dpk_kind k) { return kinds[k].dirs; }
int dpk_kind_esz(dpk_kind k) { return kinds[k].esz; }

static unsigned esz_code(int bytes) { return bytes == 1 ? 0u : bytes == 2 ? 1u : 2u; }

dpk_desc dpk_desc_of(const dpk_case *c) {
  const nm_layout_cfg *l = &c->cfg;
  const unsigned R = (unsigned)l->rows, C = (unsigned)l->cols;
  dpk_desc d = {0};
  d.esz = esz_code(kinds[c->kind].esz), d.base = c->base, d.epw = 1, d.rpl = 1;
  switch (c->kind) {
  case DK_A_VAL:
  case DK_A_IDX:
  case DK_A_PAIR: /* a row in one bank, one element a word; rows rotate over R banks */
    d.nb = R, d.lane0 = c->kind == DK_A_IDX, d.e_wm = 1, d.r_wstep = (unsigned)c->cols;
    break;
  case DK_A_T:    /* DRAM row k holds column k of A: across the banks, KP = K words apart */
    d.nb = R, d.e_wstep = (unsigned)c->rows, d.r_wm = 1, d.r_wstep = 1;
    break;
  case DK_B:      /* row k: lane k % M of group k / M, column j in bank j % NB */
    d.nb = (unsigned)nm_layout_b_banks(l), d.e_wstep = (unsigned)(c->rows / c->m);
    d.rpl = (unsigned)c->m, d.r_wm = 1, d.r_wstep = 1, d.r_skew = R > C;
    break;
  case DK_B_T:    /* DRAM row j holds column j: M lanes a word, groups in successive words */
    d.nb = (unsigned)nm_layout_b_banks(l), d.epw = (unsigned)c->m, d.e_wm = 1, d.e_skew = R > C;
    d.r_wstep = (unsigned)(c->cols / c->m);
    break;
  case DK_C32:
  case DK_C16:    /* column j in bank j % C, ceil(J / C) words a row */
    d.nb = C, d.e_wstep = 1, d.r_wm = 1, d.r_wstep = (C + (unsigned)c->cols - 1) / C;
    break;
  case DK_W:
  case DK_V:
  case DK_G_DW:
  case DK_G_MASK:
  case DK_W16:    /* element e in bank e % WUVE_LANES */
    d.nb = (unsigned)l->wuve_lanes, d.lane0 = c->kind == DK_G_MASK, d.e_wstep = 1, d.r_flat = 1;
    break;
  case DK_SORE_IN:
  case DK_SORE_VAL: /* group g in bank g % SORE_LANES, its M (or N kept) lanes in one word */
    d.nb = (unsigned)l->sore_lanes, d.epw = (unsigned)(c->kind == DK_SORE_IN ? c->m : c->n);
    d.e_wstep = 1, d.r_flat = 1;
    break;
  case DK_OUT32:
  case DK_OUT16:
  case DK_FLAGS:  /* one bank, word oy * WOUT + ox */
    d.nb = 1, d.e_wstep = 1, d.r_flat = 1;
    break;
  case DK_COUNT:
    break;
  }
  return d;
}

nm_layout_loc dpk_loc(const dpk_case *c, int r, int col) {
  const nm_layout_cfg *l = &c->cfg;
  const int f = r * c->cols + col;   /* flat index */
  nm_layout_idx x = {0};
  switch (c->kind) {
  case DK_A_VAL: return nm_layout_a(l, 0, r, col, c->cols, c->base);
  case DK_A_IDX: return nm_layout_a(l, 1, r, col, c->cols, c->base);
  case DK_A_PAIR: { /* the value's place, widened over the index's bits above it */
    nm_layout_loc v = nm_layout_a(l, 0, r, col, c->cols, c->base), i = nm_layout_a(l, 1, r, col, c->cols, c->base);
    v.width = i.lsb + i.width - v.lsb;
    return v;
  }
  case DK_A_T: return nm_layout_a(l, 0, col, r, c->rows, c->base);
  case DK_B: return nm_layout_b(l, r / c->m, col, r % c->m, c->rows / c->m, c->base);
  case DK_B_T: return nm_layout_b(l, col / c->m, r, col % c->m, c->cols / c->m, c->base);
  case DK_C32: return nm_layout_c(l, r, col, c->cols, c->base);
  case DK_C16:
    x.i = r, x.j = col, x.J = c->cols, x.base = c->base;
    return nm_layout_map(l, NMF_STCE_C_F16, &x);
  case DK_W: return nm_layout_wuve(l, NMF_WUVE_W_ELEM, f, c->base);
  case DK_V: return nm_layout_wuve(l, NMF_WUVE_V_ELEM, f, c->base);
  case DK_G_DW: return nm_layout_wuve(l, NMF_WUVE_G_DW, f, c->base);
  case DK_G_MASK: return nm_layout_wuve(l, NMF_WUVE_G_MASK, f, c->base);
  case DK_W16: return nm_layout_wuve(l, NMF_WUVE_W16_ELEM, f, c->base);
  case DK_SORE_IN: return nm_layout_sore(l, NMF_SORE_IN_LANE, f / c->m, f % c->m, c->base);
  case DK_SORE_VAL: return nm_layout_sore(l, NMF_SORE_VAL_SLOT, f / c->n, f % c->n, c->base);
  case DK_OUT32:
  case DK_OUT16:
  case DK_FLAGS:
    x.oy = r, x.ox = col, x.wout = c->cols;
    return nm_layout_map(l, c->kind == DK_OUT32 ? NMF_ANT_OUT32_ELEM
                            : c->kind == DK_OUT16 ? NMF_ANT_OUT16_ELEM : NMF_ANT_FLAGS_ELEM, &x);
  case DK_COUNT:
    break;
  }
  return nm_layout_a(l, 0, 0, 0, 1, 0);
}

