/*
** The buffer layouts (see nm_layout.h; documented in regmap.md by
** generator/regmap.c, checked against it by tb/tests/test_layout.c).
*/
#include "nm_layout.h"

#include <stddef.h>

static const struct {
  const char *name;
  int region;
} fields[NMF_COUNT] = {
  [NMF_STCE_A_VAL] = {"STCE_A.VAL", NML_STCE_A},
  [NMF_STCE_A_IDX] = {"STCE_A.IDX", NML_STCE_A},
  [NMF_STCE_B_LANE] = {"STCE_B.LANE", NML_STCE_B},
  [NMF_STCE_C_F32] = {"STCE_C.F32", NML_STCE_C},
  [NMF_STCE_C_F16] = {"STCE_C.F16", NML_STCE_C},
  [NMF_SORE_IN_LANE] = {"SORE_IN.LANE", NML_SORE_IN},
  [NMF_SORE_VAL_SLOT] = {"SORE_VAL.SLOT", NML_SORE_VAL},
  [NMF_SORE_IDX_SLOT] = {"SORE_IDX.SLOT", NML_SORE_IDX},
  [NMF_SORE_MASK_BIT] = {"SORE_MASK.BIT", NML_SORE_MASK},
  [NMF_WUVE_W_ELEM] = {"WUVE_W.ELEM", NML_WUVE_W},
  [NMF_WUVE_V_ELEM] = {"WUVE_V.ELEM", NML_WUVE_V},
  [NMF_WUVE_G_DW] = {"WUVE_G.DW", NML_WUVE_G},
  [NMF_WUVE_G_MASK] = {"WUVE_G.MASK", NML_WUVE_G},
  [NMF_WUVE_W16_ELEM] = {"WUVE_W16.ELEM", NML_WUVE_W16},
  [NMF_ANT_IROW_START] = {"ANT_IROW.START", NML_ANT_IROW},
  [NMF_ANT_IROW_END] = {"ANT_IROW.END", NML_ANT_IROW},
  [NMF_ANT_IELEM_VAL] = {"ANT_IELEM.VAL", NML_ANT_IELEM},
  [NMF_ANT_IELEM_COORD] = {"ANT_IELEM.COORD", NML_ANT_IELEM},
  [NMF_ANT_KROW_START] = {"ANT_KROW.START", NML_ANT_KROW},
  [NMF_ANT_KROW_END] = {"ANT_KROW.END", NML_ANT_KROW},
  [NMF_ANT_KELEM_VAL] = {"ANT_KELEM.VAL", NML_ANT_KELEM},
  [NMF_ANT_KELEM_COORD] = {"ANT_KELEM.COORD", NML_ANT_KELEM},
  [NMF_ANT_OUT32_ELEM] = {"ANT_OUT32.ELEM", NML_ANT_OUT32},
  [NMF_ANT_OUT16_ELEM] = {"ANT_OUT16.ELEM", NML_ANT_OUT16},
  [NMF_ANT_FLAGS_ELEM] = {"ANT_FLAGS.ELEM", NML_ANT_FLAGS},
};

const char *nm_layout_field_name(nm_layout_field f) {
  return (unsigned)f < NMF_COUNT ? fields[f].name : NULL;
}

int nm_layout_b_banks(const nm_layout_cfg *c) { return c->rows > c->cols ? c->rows : c->cols; }

static uint64_t cdiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* Words of C per output row: ceil(J / C). */
static int c_row_words(const nm_layout_cfg *c, int J) { return (J + c->cols - 1) / c->cols; }

nm_layout_loc nm_layout_map(const nm_layout_cfg *c, nm_layout_field f, const nm_layout_idx *x) {
  nm_layout_loc l = {fields[f].region, 0, x->base, 0, 32};
  int R = c->rows, C = c->cols;
  switch (f) {
  case NMF_STCE_A_VAL:
  case NMF_STCE_A_IDX:
    l.bank = x->i % R;
    l.word = x->base + (unsigned)((x->i / R) * x->kp + x->k);
    l.lsb = f == NMF_STCE_A_IDX ? 16 : 0;
    l.width = f == NMF_STCE_A_IDX ? 4 : 16;
    break;
  case NMF_STCE_B_LANE:
    /* R > C: skewed, so a WS K-tile's groups of one column and an OS beat's
    ** C columns of one group sit in distinct banks. */
    l.bank = R > C ? (x->j + x->g) % R : x->j % C;
    l.word = x->base + (unsigned)((x->j / nm_layout_b_banks(c)) * x->groups + x->g);
    l.lsb = 16 * x->e, l.width = 16;
    break;
  case NMF_STCE_C_F32:
  case NMF_STCE_C_F16:
    l.bank = x->j % C;
    l.word = x->base + (unsigned)(x->i * c_row_words(c, x->J) + x->j / C);
    l.width = f == NMF_STCE_C_F16 ? 16 : 32;
    break;
  case NMF_SORE_IN_LANE:
  case NMF_SORE_VAL_SLOT:
  case NMF_SORE_IDX_SLOT:
  case NMF_SORE_MASK_BIT:
    l.bank = x->g % c->sore_lanes;
    l.word = x->base + (unsigned)(x->g / c->sore_lanes);
    if (f == NMF_SORE_IN_LANE) l.lsb = 16 * x->e, l.width = 16;
    else if (f == NMF_SORE_VAL_SLOT) l.lsb = 16 * x->k, l.width = 16;
    else if (f == NMF_SORE_IDX_SLOT) l.lsb = 4 * x->k, l.width = 4;
    else l.lsb = x->e, l.width = 1;
    break;
  case NMF_WUVE_W_ELEM:
  case NMF_WUVE_V_ELEM:
  case NMF_WUVE_G_DW:
  case NMF_WUVE_G_MASK:
  case NMF_WUVE_W16_ELEM:
    l.bank = x->e % c->wuve_lanes;
    l.word = x->base + (unsigned)(x->e / c->wuve_lanes);
    if (f == NMF_WUVE_G_DW || f == NMF_WUVE_W16_ELEM) l.width = 16;
    else if (f == NMF_WUVE_G_MASK) l.lsb = 16, l.width = 1;
    break;
  case NMF_ANT_IROW_START:
  case NMF_ANT_IROW_END:
  case NMF_ANT_KROW_START:
  case NMF_ANT_KROW_END:
    /* Entries are absolute element addresses (base + the CSR row pointer). */
    l.bank = x->p;
    l.word = (unsigned)x->y;
    l.lsb = f == NMF_ANT_IROW_END || f == NMF_ANT_KROW_END ? 16 : 0, l.width = 16;
    break;
  case NMF_ANT_IELEM_VAL:
  case NMF_ANT_IELEM_COORD:
  case NMF_ANT_KELEM_VAL:
  case NMF_ANT_KELEM_COORD:
    l.bank = x->p;
    l.word = x->base + (unsigned)x->n;
    l.lsb = f == NMF_ANT_IELEM_COORD || f == NMF_ANT_KELEM_COORD ? 16 : 0, l.width = 16;
    break;
  case NMF_ANT_OUT32_ELEM:
  case NMF_ANT_OUT16_ELEM:
  case NMF_ANT_FLAGS_ELEM:
    l.bank = x->p;
    l.word = (unsigned)(x->oy * x->wout + x->ox);
    l.width = f == NMF_ANT_OUT32_ELEM ? 32 : f == NMF_ANT_OUT16_ELEM ? 16 : 4;
    break;
  case NMF_COUNT:
    break;
  }
  return l;
}

uint64_t nm_layout_a_need(const nm_layout_cfg *c, int I, int kp) {
  return cdiv((uint64_t)I, (uint64_t)c->rows) * (uint64_t)kp;
}

uint64_t nm_layout_b_need(const nm_layout_cfg *c, int groups, int J) {
  return cdiv((uint64_t)J, (uint64_t)nm_layout_b_banks(c)) * (uint64_t)groups;
}

uint64_t nm_layout_c_need(const nm_layout_cfg *c, int I, int J) {
  return (uint64_t)I * cdiv((uint64_t)J, (uint64_t)c->cols);
}

uint64_t nm_layout_sore_need(const nm_layout_cfg *c, int ngroups) {
  return cdiv((uint64_t)ngroups, (uint64_t)c->sore_lanes);
}

uint64_t nm_layout_wuve_need(const nm_layout_cfg *c, int n) {
  return cdiv((uint64_t)n, (uint64_t)c->wuve_lanes);
}

int nm_layout_c_elem(const nm_layout_cfg *c, int I, int J, unsigned base, int bank, unsigned word,
                     int *i, int *j) {
  uint64_t jb = (uint64_t)c_row_words(c, J);
  if (word < base || word >= base + (uint64_t)I * jb) return 0;
  int jj = (int)((word - base) % jb) * c->cols + bank;
  if (jj >= J) return 0;
  *i = (int)((word - base) / jb), *j = jj;
  return 1;
}
