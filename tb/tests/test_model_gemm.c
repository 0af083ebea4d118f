/*
** The STCE golden model alone: the GEMM keeps the contract's sequential sum
** order, N:M compression round-trips, the command check returns the right
** codes, and the cycle model counts tiles as the engine walks them.
*/
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "nm_fp.h"
#include "nm_gemm.h"
#include "nm_rng.h"
#include "nm_stce_cycles.h"

/* A positive normal fp16 in [1, 2) * 2^(e), e in [-4, 4]: no specials, no zeros. */
static uint16_t pos16(nm_rng *r) {
  return (uint16_t)(((15u - 4u + nm_rng_below(r, 9)) << 10) | nm_rng_below(r, 1024));
}

START_TEST(k_prime_one_is_one_mac_from_init) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed());
  for (int t = 0; t < 1000; t++) {
    uint16_t a = (uint16_t)nm_rng_u32(&r), b[2] = {(uint16_t)nm_rng_u32(&r), (uint16_t)nm_rng_u32(&r)};
    uint32_t cin = nm_rng_u32(&r), out;
    uint8_t idx = (uint8_t)nm_rng_below(&r, 2);
    nm_gemm_cmd c = {1, 1, 2, 1, 2, 1, 1, 0, 0};
    nm_gemm_ref(&c, &a, &idx, b, &cin, &out);
    ck_assert_msg(out == nm_mac(cin, a, b[idx]), "a=%04x b=%04x cin=%08x: got %08x, want %08x",
                  a, b[idx], cin, out, nm_mac(cin, a, b[idx]));
  }
}
END_TEST

/* 2^24 + 1 + 1 in order is 2^24 (each +1 ties to even); any reassociation
** ((1 + 1) + 2^24) gives 2^24 + 2.  The model must give the former. */
START_TEST(sum_order_is_sequential_not_reassociated) {
  uint16_t a[3] = {0x6C00, 0x3C00, 0x3C00}; /* 2^12, 1, 1 */
  uint16_t b[3] = {0x6C00, 0x3C00, 0x3C00};
  uint32_t out;
  nm_gemm_cmd c = {1, 1, 3, 1, 1, 0, 0, 0, 0};
  nm_gemm_ref(&c, a, NULL, b, NULL, &out);
  ck_assert_msg(out == 0x4B800000u, "got %08x, want 2^24 = 4b800000", out);
}
END_TEST

/* With every product and the init nonzero and positive, the skipped zeros of
** a sparse row add exactly nothing: sparse A' must equal dense decompress(A'). */
START_TEST(sparse_equals_dense_of_decompressed_when_zeros_add_nothing) {
  static const int nm[][2] = {{1, 2}, {2, 4}, {1, 4}, {2, 8}, {4, 8}, {1, 8}, {1, 16}, {3, 4}};
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 1);
  for (size_t t = 0; t < sizeof nm / sizeof nm[0]; t++) {
    int N = nm[t][0], M = nm[t][1], I = 3, J = 5, K = 4 * M, kp = K / M * N;
    uint16_t *av = malloc((size_t)(I * kp) * 2), *ad = malloc((size_t)(I * K) * 2);
    uint16_t *b = malloc((size_t)(K * J) * 2);
    uint8_t *ai = malloc((size_t)(I * kp));
    uint32_t cin[15], o1[15], o2[15];
    ck_assert(av && ad && b && ai);
    for (int q = 0; q < I * kp; q++) av[q] = pos16(&r);
    for (int i = 0; i < I; i++)          /* N distinct increasing indices per group */
      for (int g = 0; g < K / M; g++)
        for (int n = 0, e = 0; n < N; e++)
          if ((int)nm_rng_below(&r, (uint32_t)(M - e)) < N - n) ai[i * kp + g * N + n++] = (uint8_t)e;
    for (int q = 0; q < K * J; q++) b[q] = pos16(&r);
    for (int q = 0; q < I * J; q++) cin[q] = 0x3F800000u + nm_rng_below(&r, 1u << 20);
    nm_gemm_decompress(av, ai, I, K, N, M, ad);
    nm_gemm_cmd cs = {I, J, K, N, M, 1, 1, 0, 0}, cd = {I, J, K, M, M, 0, 1, 0, 0};
    nm_gemm_ref(&cs, av, ai, b, cin, o1);
    nm_gemm_ref(&cd, ad, NULL, b, cin, o2);
    ck_assert_msg(memcmp(o1, o2, sizeof o1) == 0, "%d:%d sparse != dense of decompressed", N, M);
    free(av), free(ad), free(b), free(ai);
  }
}
END_TEST

START_TEST(compress_round_trips_and_rejects_overfull_groups) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 2);
  int I = 4, K = 16, N = 2, M = 8;
  uint16_t a[64], back[64], v[16];
  uint8_t ix[16];
  for (int q = 0; q < 64; q++) a[q] = 0;
  for (int i = 0; i < I; i++)
    for (int g = 0; g < 2; g++) /* 0, 1 or 2 nonzeros, one of them maybe -0 */
      for (int n = (int)nm_rng_below(&r, 3); n > 0; n--)
        a[i * K + g * M + (int)nm_rng_below(&r, 8)] = (uint16_t)(nm_rng_below(&r, 2) ? 0x8000 : pos16(&r));
  ck_assert_int_eq(nm_gemm_compress(a, I, K, N, M, v, ix), 0);
  for (int q = 0; q < 16; q++)
    if (q % N) ck_assert_msg(ix[q] > ix[q - 1], "indices not increasing at %d", q);
  nm_gemm_decompress(v, ix, I, K, N, M, back);
  ck_assert_msg(memcmp(a, back, sizeof a) == 0, "decompress(compress(A)) != A");
  a[0] = a[1] = a[2] = 0x3C00;
  ck_assert_int_eq(nm_gemm_compress(a, I, K, N, M, v, ix), -1);
}
END_TEST

START_TEST(fp16_output_is_rne_of_the_fp32_result) {
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 3);
  uint16_t a[8], b[16];
  uint32_t cin[2], o32[2], o16[2];
  for (int q = 0; q < 8; q++) a[q] = (uint16_t)nm_rng_u32(&r);
  for (int q = 0; q < 16; q++) b[q] = (uint16_t)nm_rng_u32(&r);
  cin[0] = nm_rng_u32(&r), cin[1] = nm_rng_u32(&r);
  nm_gemm_cmd c = {1, 2, 8, 8, 8, 0, 1, 0, 0};
  nm_gemm_ref(&c, a, NULL, b, cin, o32);
  c.out16 = 1;
  nm_gemm_ref(&c, a, NULL, b, cin, o16);
  for (int j = 0; j < 2; j++) ck_assert_uint_eq(o16[j], nm_cvt32to16(o32[j]));
}
END_TEST

START_TEST(check_returns_each_code_in_priority_order) {
  nm_gemm_cmd ok = {4, 4, 8, 2, 4, 1, 0, 0, 0}, c;
  ck_assert_int_eq(nm_gemm_check_nm(&ok, 8), NM_GEMM_OK);
  c = ok, c.N = 5;
  ck_assert_int_eq(nm_gemm_check_nm(&c, 8), NM_GEMM_ERR_NM);
  c = ok, c.N = 0;
  ck_assert_int_eq(nm_gemm_check_nm(&c, 8), NM_GEMM_ERR_NM);
  c = ok, c.M = 16, c.K = 16;
  ck_assert_int_eq(nm_gemm_check_nm(&c, 8), NM_GEMM_ERR_MMAX);
  c = ok, c.K = 6;
  ck_assert_int_eq(nm_gemm_check_nm(&c, 8), NM_GEMM_ERR_KMOD);
  c = ok, c.I = 0;
  ck_assert_int_eq(nm_gemm_check_nm(&c, 8), NM_GEMM_ERR_SIZE);
  c = ok, c.a_sparse = 0, c.N = 9; /* dense ignores N */
  ck_assert_int_eq(nm_gemm_check_nm(&c, 8), NM_GEMM_OK);
}
END_TEST

START_TEST(cycle_model_walks_ceil_tiles_and_sums_phases) {
  nm_stce_hw hw = {4, 4, 2, 2, 1}; /* L = 2: OS tiles of 4 rows x 8 columns */
  nm_gemm_cmd c = {9, 17, 32, 2, 8, 1, 0, 0, 0};
  ck_assert_uint_eq(nm_stce_tiles(&hw, &c), 3u * 3u);
  /* OS: check 2 + LD0 R*L + tiles * Keff*L + drain (D0 = 2+4+2-1) + R*L + C + cvt;
  ** K' = 8 >= KMIN = 4+1+ceil(3/2) = 7 */
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 8u + 9u * 16u + (7u + 8u + 4u + 1u));
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 1), 2u);
  ck_assert_uint_eq(nm_stce_macs(&c), 9u * 17u * 8u);
  /* K' = 2 below KMIN: every tile still streams KMIN k' steps (pads) */
  c.K = 8;
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 8u + 9u * 14u + 20u);
  /* WS: H = 3, NS = 4, one beat a cycle, JMIN = max(12+1+3, 9+4+4+2,
  ** 4+9+4+3) = 20 beats per tile whatever the N:M; ceil(9/4) row tiles x
  ** ceil(K'/4) K-tiles; drain 4 + 1 + 12 + 4 + 2 + 1 */
  c.K = 32, c.ws = 1;
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 4u + 3u * 2u * 20u + 24u);
  c.N = 3, c.M = 4, c.K = 12; /* K' = 9: three K-tiles */
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 4u + 3u * 3u * 20u + 24u);
  /* R > C (skewed B, one beat a cycle at every N): NS = 4, JMIN = max(16,
  ** 17, 4+9+2+3 = 18) -> 18 beats; 3:4 */
  hw.cols = 2;
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 4u + 5u * 3u * 18u + (4u + 1u + 12u + 2u + 2u + 1u));
  /* 1:4 (K' = 9): 4 groups per K-tile, all read in one cycle, so still one
  ** beat a cycle (the unskewed layout would need ceil(4/C) = 2) */
  c.N = 1, c.K = 36;
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 4u + 5u * 3u * 18u + (4u + 1u + 12u + 2u + 2u + 1u));
  /* R > 2C (5 x 2), dense M = 8, K' = 16: one beat a cycle; NS = 5, JMIN =
  ** max(19, 21, 22) = 22, 5 x 4 tiles, drain 5+1+15+2+2+1 */
  hw.rows = 5, c.a_sparse = 0, c.N = 8, c.M = 8, c.K = 16;
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 5u + 5u * 4u * 22u + (5u + 1u + 15u + 2u + 2u + 1u));
  /* R <= C: 3 x 4, 1:4, K' = 9: a K-tile touches PB = 1 + 2 = 3 <= C groups,
  ** one bank walks them before its next column; NS = 3 * 2 = 6, JMIN =
  ** max(9+1+3, 6+4+6+2, 3+6+4+3) = 18 -> 20 beats (a multiple of C), 3 x 3
  ** tiles, drain 3+1+9+4+2+1 */
  hw.rows = 3, hw.cols = 4, c.a_sparse = 1, c.N = 1, c.M = 4, c.K = 36;
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 0), 2u + 6u + 3u * 3u * 20u + (3u + 1u + 9u + 4u + 2u + 1u));
  ck_assert_uint_eq(nm_stce_cycles(&hw, &c, 1), 2u);
}
END_TEST

static Suite *model_gemm_suite(void) {
  const TTest *tests[] = {k_prime_one_is_one_mac_from_init,
                          sum_order_is_sequential_not_reassociated,
                          sparse_equals_dense_of_decompressed_when_zeros_add_nothing,
                          compress_round_trips_and_rejects_overfull_groups,
                          fp16_output_is_rne_of_the_fp32_result,
                          check_returns_each_code_in_priority_order,
                          cycle_model_walks_ceil_tiles_and_sums_phases, NULL};
  return check_suite("model_gemm", "gemm", 0, tests);
}

const check_prog check_program = {.name = "test_model_gemm", .suite = model_gemm_suite};
