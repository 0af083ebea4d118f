/*
 * nm_ant: golden model of the ANT outer-product sparse convolution engine
 * (DESIGN.md "ANT: index-range units and the outer-product engine").
 *
 * Operands are CSR planes: "image" I (rows y, elements (x, fp16)) and
 * "kernel" Kn (rows r, elements (s, fp16)), coordinates strictly increasing
 * along a row.  Image coordinates are taken in the padded frame (y + pad,
 * x + pad).  Product (I[y][x], Kn[r][s]) is valid iff
 *   oy = (y + pad - d*r) / st  and  ox = (x + pad - d*s) / st
 * are whole and in [0, Hout) x [0, Wout); it then adds into O[oy][ox].
 * Forward conv: st = stride, d = 1.  Weight gradient: image = activation,
 * kernel = output gradient, st = 1, d = stride, O = dW.
 *
 * Outputs: the exact sum of the products as an integer with LSB 2^-48
 * (__int128), Inf/NaN flags, and an overflow flag for the accumulator width
 * of the hardware; one RNE rounding to fp32 or fp16 at readout.
 *
 * Counters (both modes, from the algorithm; the engine's cycles are
 * nm_ant_cycles.h's, exactly):
 *   pairs     vector pairs issued (n image nonzeros x <= n kernel nonzeros)
 *   products  multiplications done (lanes present in both vectors)
 *   rcps      products whose output index is invalid (dropped)
 *   skipped   vector pairs the scnn loop would issue that ant did not
 * No global state: every function works on what the caller passes.
 */
#ifndef NM_ANT_H
#define NM_ANT_H

#include <stdint.h>

enum { NM_ANT_MODE_ANT = 0, NM_ANT_MODE_SCNN = 1 };

/* Refusal codes of a command (err_o of nm_ant_engine; 0 = accepted). */
enum {
  NM_ANT_OK = 0,
  NM_ANT_E_ST = 1,     /* st not in {1, 2, 4} */
  NM_ANT_E_D = 2,      /* d not in {1, 2, 4} */
  NM_ANT_E_ROWS = 3,   /* image or kernel rows over the row tables */
  NM_ANT_E_OUT = 4,    /* Hout or Wout zero, or Hout*Wout over the accumulators */
  NM_ANT_E_CLR = 7     /* no CLEAR, and Hout*Wout over the accumulators cleared since reset */
};

typedef struct nm_ant_elem {
  uint16_t coord;   /* x (image) or s (kernel) */
  uint16_t val;     /* fp16 bits */
} nm_ant_elem;

/* One CSR plane: rows, rowptr[rows+1], elem[rowptr[rows]]. */
typedef struct nm_ant_csr {
  int rows;
  const uint32_t *rowptr;
  const nm_ant_elem *elem;
} nm_ant_csr;

/* One command. */
typedef struct nm_ant_cmd {
  int mode;                  /* NM_ANT_MODE_ANT or NM_ANT_MODE_SCNN */
  int hout, wout, st, d, pad;
  int n;                     /* vector length of the engine (ant_n) */
} nm_ant_cmd;

/* Generation-time limits the command is checked against. */
typedef struct nm_ant_limits {
  int rows, obuf_depth;
} nm_ant_limits;

typedef struct nm_ant_counts {
  uint64_t pairs, products, rcps, skipped;
  uint64_t valid;            /* products - rcps: identical in both modes */
} nm_ant_counts;

/* One accumulator: exact sum (LSB 2^-48) and its flags. */
typedef struct nm_ant_acc {
  __int128 sum;
  int pinf, ninf, nan, ovf;
} nm_ant_acc;

/* The index range of an image vector (row y, columns [xmin, xmax]). */
typedef struct nm_ant_range_t {
  int empty;                 /* no kernel row can give a valid output */
  int r_lo, r_hi, r_step;    /* rows r_lo, r_lo + r_step, ... <= r_hi */
  long ds_lo, ds_hi;         /* kernel columns with d*s in [ds_lo, ds_hi] */
} nm_ant_range_t;

/* Refusal code of a command with image/kernel row counts ih, kh. */
int nm_ant_check(const nm_ant_cmd *c, const nm_ant_limits *lim, int ih, int kh);

/* The accumulator RAM has no reset, so a command that keeps adding (no
 * CLEAR) may only reach accumulators some CLEAR command zeroed since reset:
 * *cleared is the largest Hout*Wout cleared so far (0 after reset).  Call
 * it for a command nm_ant_check accepted: returns NM_ANT_E_CLR for a keep
 * command with Hout*Wout over *cleared, else NM_ANT_OK, and a CLEAR command
 * raises *cleared to its Hout*Wout. */
int nm_ant_check_clear(const nm_ant_cmd *c, int clear, long *cleared);

/* The same for a batch of ci x co channel pairs (nm_ant_engine's CI, CO:
 * image planes of ih rows stacked in the image row table, kernel planes of
 * kh rows in the kernel one, ci*co output planes of Hout*Wout words):
 * ci*ih and co*kh rows within the tables, ci*co*Hout*Wout words within the
 * accumulators, and the CLEAR rule over those words (planes = ci*co).
 * ci = co = 1: nm_ant_check, nm_ant_check_clear. */
int nm_ant_check_batch(const nm_ant_cmd *c, const nm_ant_limits *lim, int ih, int kh, int ci, int co);
int nm_ant_check_clear_batch(const nm_ant_cmd *c, int clear, int planes, long *cleared);

/* The range unit's formula: rows of a kernel with kh rows. */
void nm_ant_range(const nm_ant_cmd *c, int kh, int y, int xmin, int xmax, nm_ant_range_t *out);

/* Definition the formula is proved against: row r can give a valid output
 * for image row y (some oy in [0, Hout) with y + pad - d*r = st*oy). */
int nm_ant_row_valid(const nm_ant_cmd *c, int y, int r);

/* Output index of a product, or -1 if it is an RCP. */
long nm_ant_out_index(const nm_ant_cmd *c, int y, int x, int r, int s);

/* The engine's loop in mode c->mode: counters only. */
void nm_ant_count(const nm_ant_cmd *c, const nm_ant_csr *img, const nm_ant_csr *ker,
                  nm_ant_counts *out);

/* A fp16 x fp16 product as an exact integer (LSB 2^-48) with its class:
 * *cls = 0 finite, 1 +Inf, 2 -Inf, 3 NaN (then *fixed = 0). */
void nm_ant_product(uint16_t a, uint16_t b, __int128 *fixed, int *cls);

/* Add every valid product of the command into acc[oy*wout + ox] (the
 * caller clears acc for a fresh sum), with the overflow rule of an
 * acc_bits-wide two's complement accumulator: a partial sum outside
 * [-2^(acc_bits-1), 2^(acc_bits-1)) sets ovf.  Partial sums of one output
 * are formed in image CSR order (an output takes at most one product per
 * image element, so this is the engine's order in both modes). */
void nm_ant_accumulate(const nm_ant_cmd *c, int acc_bits, const nm_ant_csr *img,
                       const nm_ant_csr *ker, nm_ant_acc *acc);

/* S * 2^-48 rounded once, RNE, to fp32 bits or (out16) fp16 bits; 0 -> +0. */
uint32_t nm_ant_round(__int128 s, int out16);

/* Readout of one accumulator: NaN if ovf, NaN flag, or +Inf and -Inf both;
 * else +-Inf; else nm_ant_round(sum).  NaN is canonical. */
uint32_t nm_ant_readout(const nm_ant_acc *a, int out16);

#endif /* NM_ANT_H */
