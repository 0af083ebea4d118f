/*
** The GEMM of the sparse tensor computing engine (STCE), in the contract's
** fixed sequential order, plus N:M compression helpers.
**
**   C[i][j] = init[i][j];  for k' in 0..K'-1:
**     C[i][j] = mac(C[i][j], A'[i][k'], B[g(k')*M + idx(i,k')][j])
**
** A' is A compressed along K: per row, per group of M, exactly N (value,
** index) pairs with strictly increasing indices, so K' = K*N/M and
** g(k') = k'/N.  Dense A is M:M (N = M, idx = k' mod M).  Every dataflow
** and tiling of the RTL must reproduce this order bit for bit.
*/
#ifndef NM_GEMM_H
#define NM_GEMM_H

#include <stddef.h>
#include <stdint.h>

/* One GEMM command, as the engine receives it (sizes in elements). */
typedef struct {
  int I, J, K;         /* C is I x J, the reduction is over K */
  int N, M;            /* N:M sparsity of A along K; dense is N == M */
  int a_sparse;        /* 1: A given as values + indices; 0: dense A[I][K] */
  int init_cin;        /* 1: init = C_in (fp32); 0: init = +0 */
  int out16;           /* 1: outputs converted to fp16 (RNE); 0: fp32 */
  int ws;              /* dataflow: 0 = OS, 1 = WS (results must not differ) */
} nm_gemm_cmd;

/* Error codes, shared with the RTL's err_o (0 = accepted). */
enum {
  NM_GEMM_OK = 0,
  NM_GEMM_ERR_NM = 1,        /* N == 0, N > M or M < 1 */
  NM_GEMM_ERR_MMAX = 2,      /* M > MMAX */
  NM_GEMM_ERR_KMOD = 3,      /* K % M != 0 */
  NM_GEMM_ERR_SIZE = 4,      /* I, J or K zero, or a buffer would overflow */
  NM_GEMM_ERR_DATAFLOW = 5   /* the dataflow asked for is not generated */
};

/* K' = K*N/M (K for dense A), the length of every row of A' (cmd valid). */
int nm_gemm_kp(const nm_gemm_cmd *c);

/* Checks N, M, K, I, J only (buffers and dataflow are the engine's); an
** NM_GEMM_* code, in the engine's priority order.  Dense A ignores N. */
int nm_gemm_check_nm(const nm_gemm_cmd *c, int mmax);

/*
** The reference GEMM.  aval/aidx: I x K' row-major compressed A (for dense
** A pass K' = K values and aidx = NULL).  b: K x J row-major fp16.  cin: I x J
** fp32 (ignored unless init_cin).  out: I x J words, fp32 bits, or fp16 bits
** in the low half when out16.
*/
void nm_gemm_ref(const nm_gemm_cmd *c, const uint16_t *aval, const uint8_t *aidx,
                 const uint16_t *b, const uint32_t *cin, uint32_t *out);

/*
** Compress a dense I x K row-major A that holds at most N nonzeros per group
** of M: the nonzeros, padded with the lowest-index zeros to exactly N, in
** index order.  Returns -1 (and leaves the output undefined) if a group has
** more than N nonzeros.  "Nonzero" is bitwise: -0 counts as a value.
*/
int nm_gemm_compress(const uint16_t *a, int I, int K, int N, int M, uint16_t *aval,
                     uint8_t *aidx);

/* The inverse: scatter A' back into a dense I x K A (zeros elsewhere). */
void nm_gemm_decompress(const uint16_t *aval, const uint8_t *aidx, int I, int K, int N,
                        int M, uint16_t *a);

#endif
