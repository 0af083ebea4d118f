/*
** Contract-order GEMM and N:M compression (see nm_gemm.h).
*/
#include "nm_gemm.h"

#include "nm_fp.h"

int nm_gemm_kp(const nm_gemm_cmd *c) { return c->a_sparse ? c->K / c->M * c->N : c->K; }

int nm_gemm_check_nm(const nm_gemm_cmd *c, int mmax) {
  /* Dense A is M:M whatever N says, as in the engine. */
  if (c->M < 1 || (c->a_sparse && (c->N < 1 || c->N > c->M))) return NM_GEMM_ERR_NM;
  if (c->M > mmax) return NM_GEMM_ERR_MMAX;
  if (c->K % c->M != 0) return NM_GEMM_ERR_KMOD;
  if (c->I < 1 || c->J < 1 || c->K < 1) return NM_GEMM_ERR_SIZE;
  return NM_GEMM_OK;
}

/* Row of B that A'[i][k'] multiplies: group g(k') = k'/N, then the index. */
static int b_row(const nm_gemm_cmd *c, const uint8_t *aidx, int i, int kp, int kpn) {
  int idx = aidx ? aidx[(size_t)i * (size_t)kpn + (size_t)kp] : kp % c->N;
  return kp / c->N * c->M + idx;
}

/* One output in the fixed sequential order: the whole contract lives here. */
static uint32_t dot(const nm_gemm_cmd *c, const uint16_t *aval, const uint8_t *aidx,
                    const uint16_t *b, uint32_t init, int i, int j) {
  int kpn = nm_gemm_kp(c);
  uint32_t acc = init;
  for (int kp = 0; kp < kpn; kp++) {
    uint16_t a = aval[(size_t)i * (size_t)kpn + (size_t)kp];
    int k = c->a_sparse ? b_row(c, aidx, i, kp, kpn) : kp;
    acc = nm_mac(acc, a, b[(size_t)k * (size_t)c->J + (size_t)j]);
  }
  return acc;
}

void nm_gemm_ref(const nm_gemm_cmd *c, const uint16_t *aval, const uint8_t *aidx,
                 const uint16_t *b, const uint32_t *cin, uint32_t *out) {
  for (int i = 0; i < c->I; i++)
    for (int j = 0; j < c->J; j++) {
      size_t o = (size_t)i * (size_t)c->J + (size_t)j;
      uint32_t y = dot(c, aval, c->a_sparse ? aidx : NULL, b, c->init_cin ? cin[o] : 0u, i, j);
      out[o] = c->out16 ? nm_cvt32to16(y) : y;
    }
}

/* One group: nonzeros first claim slots, the lowest zeros fill the rest. */
static int compress_group(const uint16_t *g, int N, int M, uint16_t *val, uint8_t *idx) {
  int nz = 0, fill;
  for (int e = 0; e < M; e++) nz += g[e] != 0;
  if (nz > N) return -1;
  fill = N - nz; /* zeros to keep, taken from the lowest indices */
  for (int e = 0, n = 0; e < M; e++) {
    int keep = g[e] != 0 || (fill > 0 && g[e] == 0);
    if (!keep) continue;
    if (g[e] == 0) fill--;
    val[n] = g[e], idx[n] = (uint8_t)e, n++;
  }
  return 0;
}

int nm_gemm_compress(const uint16_t *a, int I, int K, int N, int M, uint16_t *aval,
                     uint8_t *aidx) {
  int kp = K / M * N;
  for (int i = 0; i < I; i++)
    for (int g = 0; g < K / M; g++) {
      size_t src = (size_t)i * (size_t)K + (size_t)(g * M);
      size_t dst = (size_t)i * (size_t)kp + (size_t)(g * N);
      if (compress_group(a + src, N, M, aval + dst, aidx + dst) != 0) return -1;
    }
  return 0;
}

void nm_gemm_decompress(const uint16_t *aval, const uint8_t *aidx, int I, int K, int N,
                        int M, uint16_t *a) {
  int kp = K / M * N;
  for (int i = 0; i < I; i++) {
    for (int k = 0; k < K; k++) a[(size_t)i * (size_t)K + (size_t)k] = 0;
    for (int q = 0; q < kp; q++) {
      int k = q / N * M + aidx[(size_t)i * (size_t)kp + (size_t)q];
      a[(size_t)i * (size_t)K + (size_t)k] = aval[(size_t)i * (size_t)kp + (size_t)q];
    }
  }
}
