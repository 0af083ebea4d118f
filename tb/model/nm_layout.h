/*
** nm_layout: where each logical tensor element lives in nm_top's buffer
** windows (the one C statement of the layouts; the RTL engines read them this
** way and the DMA will write them this way).  Plain C, no RTL knowledge, no
** global state: every call takes the configuration.  The same formulas are
** documented for integrators in DIR/regmap.md ("## Buffer layouts", written by
** generator/regmap.c); tb/tests/test_layout.c checks the two agree.
**
** A field maps to (region, bank, word, lsb, width): the element is bits
** lsb + width - 1 .. lsb of word `word` of bank `bank` of window `region`
** (regions numbered as in regmap.md; nm_layout_here.h checks NM_REGION_*).
**
**   STCE_A.VAL/IDX  A' row i, compressed position k (< KP): bank i % R,
**                   word base + (i / R) * KP + k; fp16 bits 15:0, idx 19:16
**   STCE_B.LANE     B[g*M + e][j], G groups: R <= C bank j % C, word
**                   base + (j / C) * G + g; R > C (skewed) bank (j + g) % R,
**                   word base + (j / R) * G + g; bits 16e+15..16e
**   STCE_C.F32/F16  C[i][j] (also C_in, base = cinbase): bank j % C, word
**                   base + i * ceil(J / C) + j / C; fp16 results in the low half
**   SORE_IN.LANE    group g element e: bank g % SORE_LANES, word
**                   base + g / SORE_LANES, bits 16e+15..16e; VAL slot k 16
**                   bits, IDX slot k 4 bits, MASK bit e, same bank and word
**   WUVE_*          element e: bank e % WUVE_LANES, word base + e / WUVE_LANES;
**                   W, V fp32, G = {mask bit 16, dW16}, W16 fp16
**   ANT_*           engine p's buffers are bank p (nm_ant_array):
**   ANT_*ROW        row y: bank p, word y, {end[31:16], start[15:0]}
**   ANT_*ELEM       element n of the plane placed at base: word base + n,
**                   {coord[31:16], fp16}
**   ANT_OUT*        output (oy, ox): word oy * WOUT + ox
*/
#ifndef NM_LAYOUT_H
#define NM_LAYOUT_H

#include <stdint.h>

/* What a layout depends on: the array shape, lane counts and buffer depths. */
typedef struct {
  int rows, cols, mmax, sore_lanes, wuve_lanes;
  int abuf_depth, bbuf_depth, cbuf_depth, sore_depth, wuve_depth;
  int ant_rows, ant_ibuf_depth, ant_kbuf_depth, ant_obuf_depth;
  int ant_engines;   /* the ANT regions' banks (0 read as 1) */
} nm_layout_cfg;

/* Window ids, the order of regmap.md's buffer-window table. */
enum {
  NML_STCE_A = 1, NML_STCE_B, NML_STCE_C, NML_SORE_IN, NML_SORE_VAL, NML_SORE_IDX,
  NML_SORE_MASK, NML_WUVE_W, NML_WUVE_V, NML_WUVE_G, NML_WUVE_W16, NML_ANT_IROW,
  NML_ANT_IELEM, NML_ANT_KROW, NML_ANT_KELEM, NML_ANT_OUT32, NML_ANT_OUT16, NML_ANT_FLAGS,
  NML_NUM_REGIONS = NML_ANT_FLAGS
};

/* Every field of every window (regmap.md's line names, REGION.FIELD). */
typedef enum {
  NMF_STCE_A_VAL, NMF_STCE_A_IDX, NMF_STCE_B_LANE, NMF_STCE_C_F32, NMF_STCE_C_F16,
  NMF_SORE_IN_LANE, NMF_SORE_VAL_SLOT, NMF_SORE_IDX_SLOT, NMF_SORE_MASK_BIT,
  NMF_WUVE_W_ELEM, NMF_WUVE_V_ELEM, NMF_WUVE_G_DW, NMF_WUVE_G_MASK, NMF_WUVE_W16_ELEM,
  NMF_ANT_IROW_START, NMF_ANT_IROW_END, NMF_ANT_IELEM_VAL, NMF_ANT_IELEM_COORD,
  NMF_ANT_KROW_START, NMF_ANT_KROW_END, NMF_ANT_KELEM_VAL, NMF_ANT_KELEM_COORD,
  NMF_ANT_OUT32_ELEM, NMF_ANT_OUT16_ELEM, NMF_ANT_FLAGS_ELEM,
  NMF_COUNT
} nm_layout_field;

/* The logical indices of one element and the command's sizes and base (each
** field reads the ones its formula names). */
typedef struct {
  int i, j, k, g, e, n, y, oy, ox, p;   /* p: the ANT engine */
  int kp, groups, J, wout;   /* KP, G, J, WOUT */
  unsigned base;             /* abase, bbase, cbase / cinbase, BASE, element base */
} nm_layout_idx;

typedef struct {
  int region, bank;
  unsigned word;
  int lsb, width;
} nm_layout_loc;

/* "STCE_A.VAL" etc. (regmap.md's names). */
const char *nm_layout_field_name(nm_layout_field f);

nm_layout_loc nm_layout_map(const nm_layout_cfg *c, nm_layout_field f, const nm_layout_idx *x);

/* The STCE B window's banks: max(R, C). */
int nm_layout_b_banks(const nm_layout_cfg *c);

/* Words per bank past the base a command needs (the bound checks): A'
** ceil(I / R) * KP; B ceil(J / max(R, C)) * G; C (and C_in) I * ceil(J / C). */
uint64_t nm_layout_a_need(const nm_layout_cfg *c, int I, int kp);
uint64_t nm_layout_b_need(const nm_layout_cfg *c, int groups, int J);
uint64_t nm_layout_c_need(const nm_layout_cfg *c, int I, int J);
/* SORE beats of ngroups groups; WUVE beats of n elements (words per lane bank). */
uint64_t nm_layout_sore_need(const nm_layout_cfg *c, int ngroups);
uint64_t nm_layout_wuve_need(const nm_layout_cfg *c, int n);

/* The C element (i, j) of an I x J output at base held by (bank, word): 1 and
** *i, *j, or 0 when that word holds none. */
int nm_layout_c_elem(const nm_layout_cfg *c, int I, int J, unsigned base, int bank, unsigned word,
                     int *i, int *j);

/* Typed shorthands. */
static inline nm_layout_loc nm_layout_a(const nm_layout_cfg *c, int idx_field, int i, int k, int kp,
                                        unsigned abase) {
  nm_layout_idx x = {0};
  x.i = i, x.k = k, x.kp = kp, x.base = abase;
  return nm_layout_map(c, idx_field ? NMF_STCE_A_IDX : NMF_STCE_A_VAL, &x);
}

static inline nm_layout_loc nm_layout_b(const nm_layout_cfg *c, int g, int j, int e, int groups,
                                        unsigned bbase) {
  nm_layout_idx x = {0};
  x.g = g, x.j = j, x.e = e, x.groups = groups, x.base = bbase;
  return nm_layout_map(c, NMF_STCE_B_LANE, &x);
}

static inline nm_layout_loc nm_layout_c(const nm_layout_cfg *c, int i, int j, int J, unsigned base) {
  nm_layout_idx x = {0};
  x.i = i, x.j = j, x.J = J, x.base = base;
  return nm_layout_map(c, NMF_STCE_C_F32, &x);
}

/* SORE: f is NMF_SORE_IN_LANE (e = element), _VAL_SLOT / _IDX_SLOT (e = slot
** k) or _MASK_BIT (e = element) of group g. */
static inline nm_layout_loc nm_layout_sore(const nm_layout_cfg *c, nm_layout_field f, int g, int e,
                                           unsigned base) {
  nm_layout_idx x = {0};
  x.g = g, x.e = e, x.k = e, x.base = base;
  return nm_layout_map(c, f, &x);
}

/* WUVE element e of field f (W, V, G's DW or MASK, W16). */
static inline nm_layout_loc nm_layout_wuve(const nm_layout_cfg *c, nm_layout_field f, int e,
                                           unsigned base) {
  nm_layout_idx x = {0};
  x.e = e, x.base = base;
  return nm_layout_map(c, f, &x);
}

#endif
