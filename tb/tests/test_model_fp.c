/*
 * test_model_fp: proves the golden floating-point model (tb/model/nm_fp) and
 * the operand generators (fp_vectors) before any RTL is compared with them.
 *
 * The conversions are checked against the compiler's _Float16 (exhaustively
 * for fp16 -> fp32, on >= 10^7 chosen and random inputs for fp32 -> fp16, and
 * on all 2^32 inputs when NMTEST_LONG=1); add/mul/mac against hand-computed
 * bit patterns; the fp16 product's exactness against an independent double
 * product; the generators by counting the cases each is meant to produce.
 *
 * Environment: NMTEST_SEED (default 1) seeds every random test; NMTEST_LONG=1
 * adds the exhaustive tcase.  Check's CK_RUN_CASE=<tcase> reruns one tcase.
 */
#include <check.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "fp_vectors.h"
#include "nm_fp.h"
#include "nm_rng.h"

#define PROG "test_model_fp"

/* tcase names: each says what its tests prove; also what CK_RUN_CASE takes */
#define TC_HOST "host_float_is_ieee_rne_with_subnormals"
#define TC_CVT16 "cvt16to32_is_exact"
#define TC_CVT32 "cvt32to16_rounds_rne_like_Float16"
#define TC_ARITH "add_mul_mac_give_known_bits"
#define TC_MUL16 "mul16_is_exact"
#define TC_GEN "generators_cover_their_classes"
#define TC_LONG "long_exhaustive_2pow32"

#define RERUN_FMT " [seed %" PRIu64 "; rerun: NMTEST_SEED=%" PRIu64 " CK_RUN_CASE=%s ./" PROG "]"

/* Abort the current test with the differing bits, the seed and how to rerun. */
#define FAIL_AT(tc, seed, fmt, ...) \
    ck_abort_msg(fmt RERUN_FMT, __VA_ARGS__, (uint64_t)(seed), (uint64_t)(seed), (tc))

/* The same for tests without randomness. */
#define FAIL_DET(tc, fmt, ...) \
    ck_abort_msg(fmt " [deterministic; rerun: CK_RUN_CASE=%s ./" PROG "]", __VA_ARGS__, (tc))

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Vectors are produced and checked in chunks of this size. */
#define CHUNK 4096

#if defined(__FLT16_MAX__)
#define HAVE_FLOAT16 1
#else
#define HAVE_FLOAT16 0
#endif

/* ---- environment ---------------------------------------------------------- */

static uint64_t test_seed(void)
{
    const char *s = getenv("NMTEST_SEED");
    return (s && *s) ? strtoull(s, NULL, 0) : 1u;
}

static int long_tests_enabled(void)
{
    const char *s = getenv("NMTEST_LONG");
    return s && strcmp(s, "1") == 0;
}

/* ---- host references ------------------------------------------------------ */

#if HAVE_FLOAT16
static uint16_t host_cvt32to16(uint32_t f)
{
    _Float16 h = (_Float16)nm_f32_from_bits(f);
    uint16_t b;
    memcpy(&b, &h, sizeof b);
    return b;
}

static uint32_t host_cvt16to32(uint16_t h)
{
    _Float16 x;
    memcpy(&x, &h, sizeof x);
    return nm_bits_from_f32((float)x);
}
#endif

/* 2^k as a double, built from bits so the reference needs no libm. */
static double pow2(int k)
{
    uint64_t b = (uint64_t)(k + 1023) << 52;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

/* The value of a finite fp16 pattern, decoded independently of the model. */
static double f16_value(uint16_t h)
{
    unsigned exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
    double v = exp ? (double)(man | 0x400u) * pow2((int)exp - 25) : (double)man * pow2(-24);
    return (h & NM_SIGN16) ? -v : v;
}

static double f32_value(uint32_t b)
{
    return (double)nm_f32_from_bits(b);
}

/* Is the exact value p halfway between two adjacent finite fp32 values? */
static int is_tie32(double p)
{
    float r = (float)p;
    if ((double)r == p || isinf(r))
        return 0;
    uint32_t rb = nm_bits_from_f32(r);
    uint32_t nb = fabs(p) > fabs((double)r) ? rb + 1u : rb - 1u;
    if (fabs((double)r) == 0.0)
        nb = (p < 0 ? NM_SIGN32 : 0u) | 1u;
    return f32_value(rb) + f32_value(nb) == 2.0 * p;
}

/* Is the fp32 input x halfway between two adjacent fp16 values (65520 is
 * the tie between 65504 and the virtual 65536 above it)? */
static int is_tie16(uint32_t x)
{
    if (nm_is_nan32(x) || nm_is_inf32(x))
        return 0;
    double v = fabs(f32_value(x));
    uint16_t r = (uint16_t)(nm_cvt32to16(x) & 0x7FFFu);
    double rv = r == 0x7C00u ? 65536.0 : f16_value(r);
    if (rv == v)
        return 0;
    uint16_t n = rv < v ? (uint16_t)(r + 1u) : (uint16_t)(r - 1u);
    if (rv == 0.0)
        n = 1;
    double nv = n == 0x7C00u ? 65536.0 : f16_value(n);
    return rv + nv == 2.0 * v;
}

/* ---- host arithmetic ------------------------------------------------------ */

START_TEST(test_flt_eval_method_is_0)
{
    ck_assert_int_eq(FLT_EVAL_METHOD, 0);
}
END_TEST

START_TEST(test_host_keeps_subnormals_and_rounds_to_nearest_even)
{
    /* volatile: make the host compute at run time, under the real MXCSR,
     * so flush-to-zero or a changed rounding mode would show up here. */
    volatile float min_normal = nm_f32_from_bits(0x00800000u);
    volatile float half = 0.5f, one = 1.0f, tiny = nm_f32_from_bits(0x33800000u);
    float sub = min_normal * half;
    float sum = one + tiny;
    uint32_t got_sub = nm_bits_from_f32(sub), got_sum = nm_bits_from_f32(sum);
    if (got_sub != 0x00400000u)
        FAIL_DET(TC_HOST, "0x00800000 * 0.5: expected 0x00400000 got 0x%08" PRIx32 " (FTZ?)",
                got_sub);
    if (got_sum != 0x3F800000u)
        FAIL_DET(TC_HOST, "1 + 2^-24: expected 0x3F800000 got 0x%08" PRIx32 " (not RNE?)",
                got_sum);
    /* subnormal inputs must not be treated as zero (DAZ) */
    volatile float s1 = nm_f32_from_bits(0x00000001u);
    float twice = s1 + s1;
    if (nm_bits_from_f32(twice) != 0x00000002u)
        FAIL_DET(TC_HOST, "2^-149 + 2^-149: expected 0x00000002 got 0x%08" PRIx32 " (DAZ?)",
                nm_bits_from_f32(twice));
}
END_TEST

/* ---- fp16 -> fp32 ------------------------------------------------------------ */

typedef struct { uint16_t in; uint32_t out; } case16to32;

static const case16to32 cvt16_cases[] = {
    { 0x0000, 0x00000000u }, { 0x8000, 0x80000000u },
    { 0x0001, 0x33800000u }, /* 2^-24, min subnormal */
    { 0x8001, 0xB3800000u },
    { 0x0002, 0x34000000u },
    { 0x03FF, 0x387FC000u }, /* 1023 * 2^-24, max subnormal */
    { 0x0400, 0x38800000u }, /* 2^-14, min normal */
    { 0x3C00, 0x3F800000u }, { 0x3C01, 0x3F802000u }, { 0xC000, 0xC0000000u },
    { 0x7BFF, 0x477FE000u }, /* 65504 */
    { 0x7C00, 0x7F800000u }, { 0xFC00, 0xFF800000u },
    { 0x7E00, NM_QNAN32 }, { 0x7D00, NM_QNAN32 }, { 0x7C01, NM_QNAN32 },
    { 0xFE01, NM_QNAN32 }, { 0xFFFF, NM_QNAN32 },
};

START_TEST(test_cvt16to32_hand_cases_have_known_bits)
{
    for (size_t i = 0; i < NELEM(cvt16_cases); i++) {
        uint32_t got = nm_cvt16to32(cvt16_cases[i].in);
        if (got != cvt16_cases[i].out)
            FAIL_DET(TC_CVT16, "cvt16to32(0x%04x): expected 0x%08" PRIx32 " got 0x%08" PRIx32,
                    cvt16_cases[i].in, cvt16_cases[i].out, got);
    }
}
END_TEST

START_TEST(test_cvt16to32_all_65536_inputs_match_Float16)
{
#if HAVE_FLOAT16
    for (uint32_t i = 0; i <= 0xFFFFu; i++) {
        uint16_t h = (uint16_t)i;
        uint32_t got = nm_cvt16to32(h), host = host_cvt16to32(h);
        int ok = nm_is_nan32(host) ? got == NM_QNAN32 : got == host;
        if (!ok)
            FAIL_DET(TC_CVT16, "cvt16to32(0x%04x): expected 0x%08" PRIx32 " (host _Float16%s) got 0x%08" PRIx32,
                    h, nm_is_nan32(host) ? NM_QNAN32 : host, nm_is_nan32(host) ? ", NaN" : "", got);
    }
#else
    /* Without _Float16, check exactness against the independent decoder. */
    for (uint32_t i = 0; i <= 0xFFFFu; i++) {
        uint16_t h = (uint16_t)i;
        if (nm_is_nan16(h) || nm_is_inf16(h))
            continue;
        uint32_t got = nm_cvt16to32(h);
        if (f32_value(got) != f16_value(h) || (got >> 31) != (uint32_t)(h >> 15))
            FAIL_DET(TC_CVT16, "cvt16to32(0x%04x) inexact: got 0x%08" PRIx32, h, got);
    }
#endif
}
END_TEST

/* ---- fp32 -> fp16 ------------------------------------------------------------ */

typedef struct { uint32_t in; uint16_t out; } case32to16;

static const case32to16 cvt32_cases[] = {
    { 0x3F800000u, 0x3C00 }, /* 1.0 */
    { 0x3F801000u, 0x3C00 }, /* 1 + 2^-11: tie, down to even */
    { 0x3F803000u, 0x3C02 }, /* 1 + 3*2^-11: tie, up to even */
    { 0x3F801001u, 0x3C01 }, /* just above the tie */
    { 0x3F800FFFu, 0x3C00 }, /* just below the tie */
    { 0xC0000000u, 0xC000 }, /* -2 */
    { 0x477FE000u, 0x7BFF }, /* 65504, max */
    { 0x477FEFFFu, 0x7BFF }, /* 65519.996 */
    { 0x477FF000u, 0x7C00 }, /* 65520: tie, max is odd: overflow to Inf */
    { 0xC77FF000u, 0xFC00 },
    { 0x477FD000u, 0x7BFE }, /* 65488: tie between 65472 (even) and 65504 */
    { 0x47800000u, 0x7C00 }, /* 65536 */
    { 0x7F7FFFFFu, 0x7C00 },
    { 0x38800000u, 0x0400 }, /* 2^-14, min normal */
    { 0x387FC000u, 0x03FF }, /* max subnormal, exact */
    { 0x387FE000u, 0x0400 }, /* 1023.5 * 2^-24: tie, up to min normal */
    { 0x387FA000u, 0x03FE }, /* 1022.5 * 2^-24: tie, down to even */
    { 0x33800000u, 0x0001 }, /* 2^-24, min subnormal */
    { 0x33000000u, 0x0000 }, /* 2^-25: tie, down to zero */
    { 0x33000001u, 0x0001 }, /* just above: min subnormal */
    { 0xB3000000u, 0x8000 }, /* -2^-25: -0 */
    { 0x33C00000u, 0x0002 }, /* 1.5 * 2^-24: tie, up to 2 */
    { 0x33400000u, 0x0001 }, /* 0.75 * 2^-24 */
    { 0x32800000u, 0x0000 }, /* 2^-26 */
    { 0x00000001u, 0x0000 }, { 0x80000001u, 0x8000 }, { 0x80000000u, 0x8000 },
    { 0x7F800000u, 0x7C00 }, { 0xFF800000u, 0xFC00 },
    { 0x7FC00000u, NM_QNAN16 }, { 0x7FC00001u, NM_QNAN16 },
    { 0xFF800001u, NM_QNAN16 }, { 0x7F800001u, NM_QNAN16 },
};

/* Checks the model, and that the host's (_Float16)f really is RNE with
 * subnormals and overflow: the random tests below rely on it. */
START_TEST(test_cvt32to16_hand_cases_and_Float16_are_rne)
{
    for (size_t i = 0; i < NELEM(cvt32_cases); i++) {
        uint32_t in = cvt32_cases[i].in;
        uint16_t want = cvt32_cases[i].out, got = nm_cvt32to16(in);
        if (got != want)
            FAIL_DET(TC_CVT32, "cvt32to16(0x%08" PRIx32 "): expected 0x%04x got 0x%04x",
                    in, want, got);
#if HAVE_FLOAT16
        uint16_t host = host_cvt32to16(in);
        int ok = nm_is_nan16(want) ? nm_is_nan16(host) : host == want;
        if (!ok)
            FAIL_DET(TC_CVT32, "host (_Float16)0x%08" PRIx32 ": expected 0x%04x got 0x%04x",
                    in, want, host);
#endif
    }
}
END_TEST

/* Compare n inputs with the host conversion; returns only if all agree. */
static void cvt32to16_check_chunk(const uint32_t *x, size_t n, uint64_t seed, const char *tc)
{
#if HAVE_FLOAT16
    for (size_t i = 0; i < n; i++) {
        uint16_t got = nm_cvt32to16(x[i]), host = host_cvt32to16(x[i]);
        int ok = nm_is_nan16(host) ? got == NM_QNAN16 : got == host;
        if (!ok)
            FAIL_AT(tc, seed, "cvt32to16(0x%08" PRIx32 "): expected 0x%04x (host _Float16) got 0x%04x",
                    x[i], nm_is_nan16(host) ? NM_QNAN16 : host, got);
    }
#else
    (void)x, (void)n, (void)seed, (void)tc;
#endif
}

START_TEST(test_cvt32to16_matches_Float16_on_1e7_inputs)
{
#if HAVE_FLOAT16
    uint64_t seed = test_seed();
    nm_rng r;
    nm_rng_seed(&r, seed);
    uint32_t x[CHUNK];
    /* half chosen vectors, half uniformly random bit patterns */
    for (size_t done = 0; done < 5000000; done += CHUNK) {
        fpv_cvt32to16_inputs(&r, x, CHUNK);
        cvt32to16_check_chunk(x, CHUNK, seed, TC_CVT32);
        for (size_t i = 0; i < CHUNK; i++)
            x[i] = nm_rng_u32(&r);
        cvt32to16_check_chunk(x, CHUNK, seed, TC_CVT32);
    }
#endif
}
END_TEST

/* ---- add32 / mul32 / mul16 / mac: hand-computed bits ------------------------ */

typedef struct { uint32_t a, b, out; } case32;
typedef struct { uint16_t a, b; uint32_t out; } case16;
typedef struct { uint32_t acc; uint16_t a, b; uint32_t out; } casemac;

static const case32 add_cases[] = {
    { 0x7F800000u, 0xFF800000u, NM_QNAN32 },   /* Inf - Inf */
    { 0x7F800000u, 0x7F800000u, 0x7F800000u },
    { 0x7F800000u, 0x3F800000u, 0x7F800000u },
    { 0xFF800000u, 0x7F7FFFFFu, 0xFF800000u },
    { 0x7FC00000u, 0x3F800000u, NM_QNAN32 },
    { 0xFFC00001u, 0x3F800000u, NM_QNAN32 },   /* negative NaN with payload */
    { 0x7F800001u, 0x3F800000u, NM_QNAN32 },   /* signalling NaN */
    { 0x7F800001u, 0x7F800000u, NM_QNAN32 },
    { 0x80000000u, 0x80000000u, 0x80000000u }, /* (-0) + (-0) = -0 */
    { 0x00000000u, 0x80000000u, 0x00000000u }, /* (+0) + (-0) = +0 */
    { 0x3F800000u, 0xBF800000u, 0x00000000u }, /* x + (-x) = +0 */
    { 0x80000001u, 0x00000001u, 0x00000000u },
    { 0xC0490FDBu, 0x40490FDBu, 0x00000000u },
    { 0x7F7FFFFFu, 0xFF7FFFFFu, 0x00000000u },
    { 0x3F800000u, 0x33800000u, 0x3F800000u }, /* 1 + 2^-24: tie, down to even */
    { 0x3F800001u, 0x33800000u, 0x3F800002u }, /* tie, up to even */
    { 0x3F800000u, 0x33800001u, 0x3F800001u }, /* just above the tie */
    { 0x3F800000u, 0xB3000000u, 0x3F800000u }, /* 1 - 2^-25: tie, up to even 1.0 */
    { 0x3F800000u, 0xB3000001u, 0x3F7FFFFFu }, /* sticky pushes below the tie */
    { 0x3F800000u, 0xB2800000u, 0x3F800000u }, /* 1 - 2^-26 */
    { 0x3F800000u, 0x2F800000u, 0x3F800000u }, /* 1 + 2^-32 */
    { 0x4B800000u, 0x3F800000u, 0x4B800000u }, /* 2^24 + 1: tie, down */
    { 0x4B800000u, 0x40400000u, 0x4B800002u }, /* 2^24 + 3: tie, up */
    { 0x3F800001u, 0xBF800000u, 0x34000000u }, /* cancellation: 2^-23 */
    { 0x3FC00000u, 0xBF800000u, 0x3F000000u },
    { 0x3F800000u, 0x3F800000u, 0x40000000u },
    { 0x00800001u, 0x80800000u, 0x00000001u }, /* subnormal result */
    { 0x00000001u, 0x00000001u, 0x00000002u },
    { 0x007FFFFFu, 0x00000001u, 0x00800000u }, /* subnormal carry to normal */
    { 0x00400000u, 0x00400000u, 0x00800000u },
    { 0x80800000u, 0x00000001u, 0x807FFFFFu },
    { 0x7F7FFFFFu, 0x7F7FFFFFu, 0x7F800000u }, /* overflow */
    { 0xFF7FFFFFu, 0xFF7FFFFFu, 0xFF800000u },
    { 0x7F7FFFFFu, 0x73000000u, 0x7F800000u }, /* max + half ulp: tie to Inf */
    { 0x7F7FFFFEu, 0x73000000u, 0x7F7FFFFEu }, /* tie, stays on even */
    { 0x7F7FFFFFu, 0x72FFFFFFu, 0x7F7FFFFFu },
    { 0x7F7FFFFFu, 0x73000001u, 0x7F800000u },
};

static const case32 mul_cases[] = {
    { 0x7F800000u, 0x00000000u, NM_QNAN32 },   /* Inf * 0 */
    { 0x80000000u, 0x7F800000u, NM_QNAN32 },
    { 0x7F800000u, 0xBF800000u, 0xFF800000u },
    { 0x7F800000u, 0x00000001u, 0x7F800000u },
    { 0x7FC00000u, 0x00000000u, NM_QNAN32 },
    { 0xFF800001u, 0x3F800000u, NM_QNAN32 },
    { 0x80000000u, 0x40A00000u, 0x80000000u }, /* -0 * 5 */
    { 0x80000000u, 0x80000000u, 0x00000000u },
    { 0x00000000u, 0xBF800000u, 0x80000000u },
    { 0x00000001u, 0x3F000000u, 0x00000000u }, /* 2^-150: tie, down to 0 */
    { 0x00000001u, 0xBF000000u, 0x80000000u },
    { 0x00000003u, 0x3F000000u, 0x00000002u }, /* 1.5 * 2^-149: tie, up to 2 */
    { 0x00000001u, 0x3F400000u, 0x00000001u }, /* 0.75 * 2^-149 */
    { 0x00000001u, 0x3E800000u, 0x00000000u }, /* 0.25 * 2^-149 */
    { 0x3F7FFFFFu, 0x00800000u, 0x00800000u }, /* tie, up to min normal */
    { 0x3F7FFFFEu, 0x00800000u, 0x007FFFFFu }, /* exact max subnormal */
    { 0x00800000u, 0x3F000000u, 0x00400000u },
    { 0x00800001u, 0x3F000000u, 0x00400000u }, /* subnormal tie, down */
    { 0x00800003u, 0x3F000000u, 0x00400002u }, /* subnormal tie, up */
    { 0x00000001u, 0x7F000000u, 0x34800000u }, /* subnormal * large */
    { 0x007FFFFFu, 0x4B000000u, 0x0BFFFFFEu },
    { 0x7F7FFFFFu, 0x40000000u, 0x7F800000u }, /* overflow */
    { 0xFF7FFFFFu, 0x40000000u, 0xFF800000u },
    { 0x7F7FFFFFu, 0x3F800000u, 0x7F7FFFFFu },
    { 0x7F7FFFFFu, 0x3F800001u, 0x7F800000u },
    { 0x5F800000u, 0x5F800000u, 0x7F800000u }, /* 2^64 * 2^64 */
    { 0x5F7FFFFFu, 0x5F800000u, 0x7F7FFFFFu },
    { 0x3F800001u, 0x3F800001u, 0x3F800002u },
    { 0x3F800800u, 0x3F800800u, 0x3F801000u }, /* (1 + 2^-12)^2: tie, down */
    { 0x40400000u, 0x3F800001u, 0x40400002u }, /* 3 * (1 + 2^-23): tie, up */
    { 0x40400000u, 0x3F800003u, 0x40400004u }, /* 3 * (1 + 3*2^-23): tie, down */
    { 0x3F800000u, 0x12345678u, 0x12345678u },
};

static const case16 mul16_cases[] = {
    { 0x7BFF, 0x7BFF, 0x4F7FC004u }, /* 65504^2 = 2047^2 * 2^10, exact */
    { 0xFBFF, 0x7BFF, 0xCF7FC004u },
    { 0x0001, 0x0001, 0x27800000u }, /* 2^-48, the smallest product */
    { 0x8001, 0x0001, 0xA7800000u },
    { 0x03FF, 0x03FF, 0x317F8010u }, /* 1023^2 * 2^-48 */
    { 0x0400, 0x0001, 0x2C800000u }, /* 2^-38 */
    { 0x7BFF, 0x0001, 0x3B7FE000u }, /* 65504 * 2^-24 */
    { 0x3C00, 0x3C00, 0x3F800000u },
    { 0x3C01, 0x3C01, 0x3F804008u }, /* 1 + 2^-9 + 2^-20: wider than fp16 */
    { 0xC000, 0x3800, 0xBF800000u },
    { 0x0000, 0x7C00, NM_QNAN32 },   /* 0 * Inf */
    { 0x8000, 0xFC00, NM_QNAN32 },
    { 0x7C00, 0xBC00, 0xFF800000u },
    { 0x7C00, 0x0001, 0x7F800000u },
    { 0x7E00, 0x3C00, NM_QNAN32 },
    { 0x7D00, 0x3C00, NM_QNAN32 },   /* signalling NaN */
    { 0xFE00, 0x0000, NM_QNAN32 },
    { 0x8000, 0x3C00, 0x80000000u },
    { 0x8000, 0x8000, 0x00000000u },
    { 0x0000, 0xBC00, 0x80000000u },
};

static const casemac mac_cases[] = {
    { 0x00000000u, 0x0001, 0x0001, 0x27800000u },
    { 0x3F800000u, 0x3C00, 0xBC00, 0x00000000u }, /* 1 + (-1) = +0 */
    { 0x80000000u, 0x8000, 0x3C00, 0x80000000u }, /* (-0) + (-0) = -0 */
    { 0x80000000u, 0x0000, 0x3C00, 0x00000000u }, /* (-0) + (+0) = +0 */
    { 0x80000000u, 0x8000, 0x8000, 0x00000000u }, /* (-0)*(-0) = +0 */
    { 0x7F800000u, 0x7C00, 0xBC00, NM_QNAN32 },   /* Inf + (-Inf) */
    { 0x3F800000u, 0x0000, 0x7C00, NM_QNAN32 },   /* 0 * Inf */
    { 0x7FC00000u, 0x0000, 0x0000, NM_QNAN32 },
    { 0x7F7FFFFFu, 0x7BFF, 0x7BFF, 0x7F7FFFFFu }, /* max + 2^32 */
    /* 1 + (2^-24 + 2^-34): one rounding gives 1 + 2^-23; rounding the
     * product first (to fp16's 2^-24) would make a tie and give 1.0 */
    { 0x3F800000u, 0x3C01, 0x0001, 0x3F800001u },
    { 0x3F800000u, 0x0001, 0x0400, 0x3F800000u },
    { 0xBF800000u, 0x3C01, 0x3C01, 0x3B001000u }, /* exact cancellation */
    { 0xCF7FC004u, 0x7BFF, 0x7BFF, 0x00000000u },
    { 0x00000001u, 0x0001, 0x0001, 0x27800000u },
};

/* Check op(a, b) and op(b, a): every case here is commutative. */
static void check_case32(const char *name, uint32_t (*op)(uint32_t, uint32_t), const case32 *c)
{
    uint32_t got1 = op(c->a, c->b), got2 = op(c->b, c->a);
    if (got1 != c->out || got2 != c->out)
        FAIL_DET(TC_ARITH, "%s(0x%08" PRIx32 ", 0x%08" PRIx32 "): expected 0x%08" PRIx32
                " got 0x%08" PRIx32 " (swapped: 0x%08" PRIx32 ")",
                name, c->a, c->b, c->out, got1, got2);
}

START_TEST(test_add32_corner_cases_have_known_bits)
{
    for (size_t i = 0; i < NELEM(add_cases); i++)
        check_case32("add32", nm_add32, &add_cases[i]);
}
END_TEST

START_TEST(test_mul32_corner_cases_have_known_bits)
{
    for (size_t i = 0; i < NELEM(mul_cases); i++)
        check_case32("mul32", nm_mul32, &mul_cases[i]);
}
END_TEST

START_TEST(test_mul16_corner_cases_have_known_bits)
{
    for (size_t i = 0; i < NELEM(mul16_cases); i++) {
        const case16 *c = &mul16_cases[i];
        uint32_t got1 = nm_mul16(c->a, c->b), got2 = nm_mul16(c->b, c->a);
        if (got1 != c->out || got2 != c->out)
            FAIL_DET(TC_ARITH, "mul16(0x%04x, 0x%04x): expected 0x%08" PRIx32 " got 0x%08" PRIx32
                    " (swapped: 0x%08" PRIx32 ")", c->a, c->b, c->out, got1, got2);
    }
}
END_TEST

START_TEST(test_mac_corner_cases_round_once_with_known_bits)
{
    for (size_t i = 0; i < NELEM(mac_cases); i++) {
        const casemac *c = &mac_cases[i];
        uint32_t got = nm_mac(c->acc, c->a, c->b);
        if (got != c->out)
            FAIL_DET(TC_ARITH, "mac(0x%08" PRIx32 ", 0x%04x, 0x%04x): expected 0x%08" PRIx32
                    " got 0x%08" PRIx32, c->acc, c->a, c->b, c->out, got);
    }
}
END_TEST

START_TEST(test_neg32_flips_only_the_sign_bit)
{
    static const uint32_t in[] = { 0x00000000u, 0x80000000u, 0x3F800000u, 0x00000001u,
                                   0x7F800000u, 0x7FC00000u, 0xFFC00001u, 0x7F800001u };
    for (size_t i = 0; i < NELEM(in); i++) {
        uint32_t got = nm_neg32(in[i]);
        if (got != (in[i] ^ 0x80000000u))
            FAIL_DET(TC_ARITH, "neg32(0x%08" PRIx32 "): expected 0x%08" PRIx32 " got 0x%08" PRIx32,
                    in[i], in[i] ^ 0x80000000u, got);
    }
}
END_TEST

/* ---- mul16 exactness ----------------------------------------------------------- */

/* mul16(a, b) against the contract, with an independent double product:
 * fp16 values have 11-bit significands, so a*b is exact in double. */
static void mul16_check_one(uint16_t a, uint16_t b, uint64_t seed, const char *tc)
{
    uint32_t got = nm_mul16(a, b);
    uint32_t sign = (uint32_t)((a ^ b) & NM_SIGN16) << 16;
    int a_zero = (a & 0x7FFFu) == 0, b_zero = (b & 0x7FFFu) == 0;
    uint32_t want;
    if (nm_is_nan16(a) || nm_is_nan16(b) || (nm_is_inf16(a) && b_zero) ||
        (nm_is_inf16(b) && a_zero)) {
        want = NM_QNAN32;
    } else if (nm_is_inf16(a) || nm_is_inf16(b)) {
        want = sign | 0x7F800000u;
    } else {
        double p = f16_value(a) * f16_value(b);
        float pf = (float)p;
        if ((double)pf != p)
            FAIL_AT(tc, seed, "mul16(0x%04x, 0x%04x): product %a not exact in fp32", a, b, p);
        want = nm_bits_from_f32(pf) | sign; /* a zero product takes the XOR sign */
    }
    if (got != want)
        FAIL_AT(tc, seed, "mul16(0x%04x, 0x%04x): expected 0x%08" PRIx32 " got 0x%08" PRIx32,
                a, b, want, got);
}

START_TEST(test_mul16_is_exact_on_random_and_chosen_pairs)
{
    uint64_t seed = test_seed();
    nm_rng r;
    nm_rng_seed(&r, seed);
    uint16_t a[CHUNK], b[CHUNK];
    for (size_t done = 0; done < 2000000; done += CHUNK) {
        fpv_mul16_pairs(&r, a, b, CHUNK);
        for (size_t i = 0; i < CHUNK; i++)
            mul16_check_one(a[i], b[i], seed, TC_MUL16);
        for (size_t i = 0; i < CHUNK; i++)
            mul16_check_one((uint16_t)nm_rng_u32(&r), (uint16_t)nm_rng_u32(&r), seed, TC_MUL16);
    }
}
END_TEST

/* ---- long: exhaustive over 2^32 ------------------------------------------------ */

#define LONG_SLICES 16 /* each slice is its own forked test with its own verdict */

START_TEST(test_cvt32to16_all_2pow32_inputs_match_Float16)
{
    /* _i: the loop-test index, one 2^28 slice of the input space */
    uint64_t lo = (uint64_t)_i << 28, hi = lo + (1ull << 28);
    uint32_t x[CHUNK];
    for (uint64_t base = lo; base < hi; base += CHUNK) {
        for (size_t i = 0; i < CHUNK; i++)
            x[i] = (uint32_t)(base + i);
        cvt32to16_check_chunk(x, CHUNK, test_seed(), TC_LONG);
    }
}
END_TEST

START_TEST(test_mul16_is_exact_on_all_2pow32_pairs)
{
    uint32_t lo = (uint32_t)_i << 12;
    uint64_t seed = test_seed(); /* unused by the test; printed for uniformity */
    for (uint32_t a = lo; a < lo + 4096u; a++)
        for (uint32_t b = 0; b <= 0xFFFFu; b++)
            mul16_check_one((uint16_t)a, (uint16_t)b, seed, TC_LONG);
}
END_TEST

/* ---- generators ------------------------------------------------------------------ */

#define GEN_N 10000
#define WINDOW 100

/* Every special value named in the contract is listed, with no duplicates. */
START_TEST(test_special_lists_hold_every_named_value_once)
{
    static const uint16_t want16[] = { 0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x83FF, 0x0400,
                                       0x8400, 0x3C00, 0xBC00, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00,
                                       0x7E00, 0x7D00, 0x3BFF, 0x3C01, 0x7BFE, 0x7C01, 0x0002,
                                       0x03FE, 0x0401, 0x7DFF, 0x7E01 };
    static const uint32_t want32[] = { 0x00000000u, 0x80000000u, 0x00000001u, 0x007FFFFFu,
                                       0x00800000u, 0x80800000u, 0x3F800000u, 0xBF800000u,
                                       0x7F7FFFFFu, 0xFF7FFFFFu, 0x7F800000u, 0xFF800000u,
                                       0x7FC00000u, 0x7FA00000u, 0x3F7FFFFFu, 0x3F800001u,
                                       0x7F7FFFFEu, 0x7F800001u, 0x00000002u, 0x007FFFFEu,
                                       0x00800001u };
    uint16_t s16[64];
    uint32_t s32[64];
    size_t n16 = fpv_special16(s16, 64), n32 = fpv_special32(s32, 64);
    ck_assert_uint_le(n16, 64);
    ck_assert_uint_le(n32, 64);
    ck_assert_uint_eq(fpv_special16(NULL, 0), n16);
    ck_assert_uint_eq(fpv_special32(NULL, 0), n32);
    for (size_t i = 0; i < NELEM(want16); i++) {
        size_t k = 0;
        while (k < n16 && s16[k] != want16[i])
            k++;
        ck_assert_msg(k < n16, "fp16 special 0x%04x missing", want16[i]);
    }
    for (size_t i = 0; i < NELEM(want32); i++) {
        size_t k = 0;
        while (k < n32 && s32[k] != want32[i])
            k++;
        ck_assert_msg(k < n32, "fp32 special 0x%08" PRIx32 " missing", want32[i]);
    }
    for (size_t i = 0; i < n16; i++)
        for (size_t j = i + 1; j < n16; j++)
            ck_assert_msg(s16[i] != s16[j], "fp16 special 0x%04x listed twice", s16[i]);
    for (size_t i = 0; i < n32; i++)
        for (size_t j = i + 1; j < n32; j++)
            ck_assert_msg(s32[i] != s32[j], "fp32 special 0x%08" PRIx32 " listed twice", s32[i]);
}
END_TEST

/* A class predicate: does vector i of a sample belong to the class? */
typedef int (*class_pred)(const void *ctx, size_t i);

typedef struct {
    const char *name;
    class_pred pred;
    size_t min_count; /* in GEN_N vectors */
    int every_window; /* must also occur in every window of WINDOW vectors */
} gen_class;

/* Count each class over the sample, and find its longest gap. */
static void check_classes(const char *gen, const gen_class *cls, size_t ncls, const void *ctx,
                          size_t n, uint64_t seed)
{
    for (size_t c = 0; c < ncls; c++) {
        size_t count = 0, last = 0, gap = 0; /* gap: longest run without the class */
        for (size_t i = 0; i < n; i++) {
            if (cls[c].pred(ctx, i)) {
                count++;
                if (i + 1 - last > gap)
                    gap = i + 1 - last;
                last = i + 1;
            }
        }
        if (n - last > gap)
            gap = n - last;
        if (count < cls[c].min_count)
            FAIL_AT(TC_GEN, seed, "%s: class '%s' occurs %zu times in %zu vectors, want >= %zu",
                    gen, cls[c].name, count, n, cls[c].min_count);
        if (cls[c].every_window && gap >= WINDOW)
            FAIL_AT(TC_GEN, seed, "%s: class '%s' absent from a window of %zu vectors",
                    gen, cls[c].name, gap);
    }
}

typedef struct {
    uint32_t a[GEN_N], b[GEN_N];
    uint16_t h[GEN_N], k[GEN_N];
} pair_sample;

static unsigned exp32(uint32_t x) { return (x >> 23) & 0xFFu; }
static int finite32(uint32_t x) { return exp32(x) != 0xFFu; }
static int zero32(uint32_t x) { return (x & 0x7FFFFFFFu) == 0; }
static int sub32(uint32_t x) { return exp32(x) == 0 && !zero32(x); }
static int special32(uint32_t x)
{
    uint32_t s[64];
    size_t n = fpv_special32(s, 64);
    for (size_t i = 0; i < n; i++)
        if (s[i] == x)
            return 1;
    return 0;
}

/* add32 classes */
static int add_is_cancel(const void *p, size_t i)
{
    const pair_sample *s = p;
    uint32_t a = s->a[i], b = s->b[i];
    int ea = (int)exp32(a), eb = (int)exp32(b);
    return finite32(a) && finite32(b) && ea > 0 && eb > 0 && ((a ^ b) >> 31) &&
           abs(ea - eb) <= 1 && !zero32(nm_add32(a, b));
}
static int add_is_massive_cancel(const void *p, size_t i)
{
    const pair_sample *s = p;
    uint32_t a = s->a[i], b = s->b[i], r = nm_add32(a, b);
    unsigned e = exp32(a) > exp32(b) ? exp32(a) : exp32(b);
    return add_is_cancel(p, i) && exp32(r) + 8 < e;
}
static int add_is_exact_zero(const void *p, size_t i)
{
    const pair_sample *s = p;
    return finite32(s->a[i]) && !zero32(s->a[i]) && nm_add32(s->a[i], s->b[i]) == 0;
}
static int add_is_far(const void *p, size_t i)
{
    const pair_sample *s = p;
    uint32_t a = s->a[i], b = s->b[i];
    return finite32(a) && finite32(b) && !zero32(a) && !zero32(b) &&
           abs((int)exp32(a) - (int)exp32(b)) >= 25;
}
static int add_is_tie(const void *p, size_t i)
{
    const pair_sample *s = p;
    uint32_t a = s->a[i], b = s->b[i];
    if (!finite32(a) || !finite32(b) || abs((int)exp32(a) - (int)exp32(b)) > 28)
        return 0; /* the double sum below is exact only for close exponents */
    return is_tie32(f32_value(a) + f32_value(b));
}
static int add_is_subnormal_result(const void *p, size_t i)
{
    const pair_sample *s = p;
    return sub32(nm_add32(s->a[i], s->b[i]));
}
static int add_is_overflow(const void *p, size_t i)
{
    const pair_sample *s = p;
    return finite32(s->a[i]) && finite32(s->b[i]) && nm_is_inf32(nm_add32(s->a[i], s->b[i]));
}
static int add_is_overflow_edge(const void *p, size_t i)
{
    const pair_sample *s = p;
    uint32_t r = nm_add32(s->a[i], s->b[i]);
    return finite32(s->a[i]) && finite32(s->b[i]) && (nm_is_inf32(r) || exp32(r) == 254);
}
static int add_is_special(const void *p, size_t i)
{
    const pair_sample *s = p;
    return special32(s->a[i]) || special32(s->b[i]);
}
static int add_is_nan(const void *p, size_t i)
{
    const pair_sample *s = p;
    return nm_add32(s->a[i], s->b[i]) == NM_QNAN32;
}

START_TEST(test_add32_pairs_cover_every_class)
{
    static const gen_class cls[] = {
        { "cancellation (exponents <= 1 apart)", add_is_cancel, 1000, 1 },
        { "massive cancellation (> 8 bits)", add_is_massive_cancel, 200, 0 },
        { "exact x + (-x)", add_is_exact_zero, 700, 1 },
        { "far exponents (>= 25 apart, all sticky)", add_is_far, 1400, 1 },
        { "exact tie", add_is_tie, 1000, 1 },
        { "subnormal result", add_is_subnormal_result, 1000, 1 },
        { "overflow to Inf", add_is_overflow, 500, 0 },
        { "overflow edge (result >= 2^127)", add_is_overflow_edge, 900, 1 },
        { "special operand", add_is_special, 1200, 1 },
        { "NaN result", add_is_nan, 300, 0 },
    };
    static pair_sample s; /* const after filling; static only for its size */
    uint64_t seed = test_seed();
    nm_rng r;
    nm_rng_seed(&r, seed);
    fpv_add32_pairs(&r, s.a, s.b, GEN_N);
    check_classes("fpv_add32_pairs", cls, NELEM(cls), &s, GEN_N, seed);
}
END_TEST

/* mul32 classes */
static int mul_is_tie(const void *p, size_t i)
{
    const pair_sample *s = p;
    if (!finite32(s->a[i]) || !finite32(s->b[i]))
        return 0;
    return is_tie32(f32_value(s->a[i]) * f32_value(s->b[i])); /* 48 bits: exact */
}
static int mul_is_subnormal_result(const void *p, size_t i)
{
    const pair_sample *s = p;
    return sub32(nm_mul32(s->a[i], s->b[i]));
}
static int mul_is_round_up_to_min_normal(const void *p, size_t i)
{
    const pair_sample *s = p;
    if (!finite32(s->a[i]) || !finite32(s->b[i]))
        return 0;
    double e = fabs(f32_value(s->a[i]) * f32_value(s->b[i]));
    return e < 0x1p-126 && (nm_mul32(s->a[i], s->b[i]) & 0x7FFFFFFFu) == 0x00800000u;
}
static int mul_is_near_min_normal(const void *p, size_t i)
{
    const pair_sample *s = p;
    if (!finite32(s->a[i]) || !finite32(s->b[i]))
        return 0;
    double e = fabs(f32_value(s->a[i]) * f32_value(s->b[i]));
    return fabs(e - 0x1p-126) <= 0x1p-147;
}
static int mul_is_overflow(const void *p, size_t i)
{
    const pair_sample *s = p;
    return finite32(s->a[i]) && finite32(s->b[i]) && nm_is_inf32(nm_mul32(s->a[i], s->b[i]));
}
static int mul_is_near_overflow(const void *p, size_t i)
{
    const pair_sample *s = p;
    if (!finite32(s->a[i]) || !finite32(s->b[i]))
        return 0;
    double e = fabs(f32_value(s->a[i]) * f32_value(s->b[i]));
    return fabs(e - 0x1.fffffep127) <= 0x1p106; /* within 4 ulps of max */
}
static int mul_is_sub_times_large(const void *p, size_t i)
{
    const pair_sample *s = p;
    uint32_t a = s->a[i], b = s->b[i];
    return (sub32(a) && finite32(b) && exp32(b) >= 150) || (sub32(b) && finite32(a) && exp32(a) >= 150);
}
static int mul_is_special(const void *p, size_t i)
{
    const pair_sample *s = p;
    return special32(s->a[i]) || special32(s->b[i]);
}
static int mul_is_nan(const void *p, size_t i)
{
    const pair_sample *s = p;
    return nm_mul32(s->a[i], s->b[i]) == NM_QNAN32;
}

START_TEST(test_mul32_pairs_cover_every_class)
{
    static const gen_class cls[] = {
        { "exact tie", mul_is_tie, 1000, 1 },
        { "subnormal result", mul_is_subnormal_result, 1100, 1 },
        { "round-up to min normal", mul_is_round_up_to_min_normal, 100, 0 },
        { "product within 2^-147 of 2^-126", mul_is_near_min_normal, 900, 1 },
        { "overflow to Inf", mul_is_overflow, 450, 0 },
        { "product within 4 ulps of max", mul_is_near_overflow, 850, 1 },
        { "subnormal x large", mul_is_sub_times_large, 900, 1 },
        { "special operand", mul_is_special, 900, 1 },
        { "NaN result", mul_is_nan, 350, 0 },
    };
    static pair_sample s;
    uint64_t seed = test_seed();
    nm_rng r;
    nm_rng_seed(&r, seed);
    fpv_mul32_pairs(&r, s.a, s.b, GEN_N);
    check_classes("fpv_mul32_pairs", cls, NELEM(cls), &s, GEN_N, seed);
}
END_TEST

/* mul16 classes */
static int sub16(uint16_t h) { return ((h >> 10) & 0x1Fu) == 0 && (h & 0x3FFu) != 0; }
static int special16(uint16_t h)
{
    uint16_t s[64];
    size_t n = fpv_special16(s, 64);
    for (size_t i = 0; i < n; i++)
        if (s[i] == h)
            return 1;
    return 0;
}
static int m16_is_sub_operand(const void *p, size_t i)
{
    const pair_sample *s = p;
    return sub16(s->h[i]) || sub16(s->k[i]);
}
static int m16_is_both_sub(const void *p, size_t i)
{
    const pair_sample *s = p;
    return sub16(s->h[i]) && sub16(s->k[i]);
}
static double m16_abs_product(const pair_sample *s, size_t i)
{
    if (nm_is_nan16(s->h[i]) || nm_is_nan16(s->k[i]) || nm_is_inf16(s->h[i]) || nm_is_inf16(s->k[i]))
        return -1.0;
    return fabs(f16_value(s->h[i]) * f16_value(s->k[i]));
}
static int m16_is_tiny_product(const void *p, size_t i)
{
    double v = m16_abs_product(p, i);
    return v > 0 && v <= 0x1p-40;
}
static int m16_is_min_product(const void *p, size_t i)
{
    return m16_abs_product(p, i) == 0x1p-48;
}
static int m16_is_huge_product(const void *p, size_t i)
{
    return m16_abs_product(p, i) >= 0x1p28;
}
static int m16_is_top_product(const void *p, size_t i)
{
    return m16_abs_product(p, i) >= 0x1p31;
}
static int m16_is_special(const void *p, size_t i)
{
    const pair_sample *s = p;
    return special16(s->h[i]) || special16(s->k[i]);
}
static int m16_is_nan(const void *p, size_t i)
{
    const pair_sample *s = p;
    return nm_mul16(s->h[i], s->k[i]) == NM_QNAN32;
}

START_TEST(test_mul16_pairs_cover_every_class)
{
    static const gen_class cls[] = {
        { "subnormal operand", m16_is_sub_operand, 2400, 1 },
        { "subnormal x subnormal", m16_is_both_sub, 1000, 1 },
        { "product <= 2^-40", m16_is_tiny_product, 300, 0 },
        { "product == 2^-48", m16_is_min_product, 1, 0 },
        { "product >= 2^28", m16_is_huge_product, 1000, 1 },
        { "product >= 2^31", m16_is_top_product, 120, 0 },
        { "special operand", m16_is_special, 1300, 1 },
        { "NaN result", m16_is_nan, 450, 0 },
    };
    static pair_sample s;
    uint64_t seed = test_seed();
    nm_rng r;
    nm_rng_seed(&r, seed);
    fpv_mul16_pairs(&r, s.h, s.k, GEN_N);
    check_classes("fpv_mul16_pairs", cls, NELEM(cls), &s, GEN_N, seed);
}
END_TEST

/* cvt32to16 classes */
static int cvt_is_tie(const void *p, size_t i)
{
    const pair_sample *s = p;
    return is_tie16(s->a[i]);
}
static int cvt_is_beside_tie(const void *p, size_t i)
{
    const pair_sample *s = p;
    uint32_t x = s->a[i];
    if (zero32(x) || !finite32(x))
        return 0;
    return !is_tie16(x) && (is_tie16(x + 1u) || is_tie16(x - 1u));
}
static int cvt_is_subnormal_output(const void *p, size_t i)
{
    const pair_sample *s = p;
    return sub16(nm_cvt32to16(s->a[i]));
}
static int cvt_is_overflow(const void *p, size_t i)
{
    const pair_sample *s = p;
    return finite32(s->a[i]) && nm_is_inf16(nm_cvt32to16(s->a[i]));
}
static int cvt_is_overflow_edge(const void *p, size_t i)
{
    const pair_sample *s = p;
    return finite32(s->a[i]) && fabs(f32_value(s->a[i])) >= 65504.0;
}
static int cvt_is_65519(const void *p, size_t i)
{
    const pair_sample *s = p;
    return (s->a[i] & 0x7FFFFFFFu) == 0x477FEFFFu;
}
static int cvt_is_65520(const void *p, size_t i)
{
    const pair_sample *s = p;
    return (s->a[i] & 0x7FFFFFFFu) == 0x477FF000u;
}
static int cvt_is_special(const void *p, size_t i)
{
    const pair_sample *s = p;
    return special32(s->a[i]) || special16(nm_cvt32to16(s->a[i]));
}
static int cvt_is_nan(const void *p, size_t i)
{
    const pair_sample *s = p;
    return nm_is_nan32(s->a[i]);
}
static int cvt_is_exact_fp16(const void *p, size_t i)
{
    const pair_sample *s = p;
    return !nm_is_nan32(s->a[i]) && nm_cvt16to32(nm_cvt32to16(s->a[i])) == s->a[i];
}

START_TEST(test_cvt32to16_inputs_cover_every_class_and_exponent)
{
    static const gen_class cls[] = {
        { "exact tie", cvt_is_tie, 950, 1 },
        { "one fp32 ulp beside a tie", cvt_is_beside_tie, 950, 1 },
        { "subnormal output", cvt_is_subnormal_output, 1300, 1 },
        { "overflow to Inf", cvt_is_overflow, 1000, 0 },
        { "|x| >= 65504", cvt_is_overflow_edge, 1200, 1 },
        { "65519.996 (0x477FEFFF)", cvt_is_65519, 20, 0 },
        { "65520 (0x477FF000)", cvt_is_65520, 20, 0 },
        { "special value", cvt_is_special, 2500, 1 },
        { "NaN input", cvt_is_nan, 250, 0 },
        { "exact fp16 value", cvt_is_exact_fp16, 1200, 1 },
    };
    static pair_sample s;
    uint64_t seed = test_seed();
    nm_rng r;
    nm_rng_seed(&r, seed);
    fpv_cvt32to16_inputs(&r, s.a, GEN_N);
    check_classes("fpv_cvt32to16_inputs", cls, NELEM(cls), &s, GEN_N, seed);

    /* every binade from 2^-26 (rounds to zero) to 2^16 (overflows) */
    size_t per_exp[256] = { 0 };
    for (size_t i = 0; i < GEN_N; i++)
        per_exp[exp32(s.a[i])]++;
    for (unsigned e = 127 - 26; e <= 127 + 16; e++)
        if (per_exp[e] < 20)
            FAIL_AT(TC_GEN, seed, "fpv_cvt32to16_inputs: binade 2^%d occurs %zu times, want >= 20",
                    (int)e - 127, per_exp[e]);
}
END_TEST

/* The same seed must give the same vectors: reruns depend on it. */
START_TEST(test_generators_are_deterministic_per_seed)
{
    uint64_t seed = test_seed();
    nm_rng r1, r2;
    uint32_t a1[512], b1[512], a2[512], b2[512];
    nm_rng_seed(&r1, seed);
    nm_rng_seed(&r2, seed);
    fpv_add32_pairs(&r1, a1, b1, 512);
    fpv_add32_pairs(&r2, a2, b2, 512);
    ck_assert_msg(memcmp(a1, a2, sizeof a1) == 0 && memcmp(b1, b2, sizeof b1) == 0,
                  "fpv_add32_pairs differs between two runs with seed %" PRIu64, seed);
    nm_rng_seed(&r1, seed);
    nm_rng_seed(&r2, seed + 1);
    ck_assert_msg(nm_rng_u64(&r1) != nm_rng_u64(&r2), "seeds %" PRIu64 " and +1 collide", seed);
}
END_TEST

START_TEST(test_rng_below_stays_in_range_and_hits_every_value)
{
    uint64_t seed = test_seed();
    nm_rng r;
    nm_rng_seed(&r, seed);
    unsigned hits[7] = { 0 };
    for (int i = 0; i < 70000; i++) {
        uint32_t v = nm_rng_below(&r, 7);
        ck_assert_uint_lt(v, 7);
        hits[v]++;
    }
    for (int v = 0; v < 7; v++)
        ck_assert_msg(hits[v] > 9000 && hits[v] < 11000, "value %d drawn %u times of 70000 (seed %"
                      PRIu64 ")", v, hits[v], seed);
    for (int i = 0; i < 1000; i++) {
        double u = nm_rng_unit(&r);
        ck_assert(u >= 0.0 && u < 1.0);
    }
    ck_assert_uint_eq(nm_rng_below(&r, 0), 0);
}
END_TEST

/* ---- suite ---------------------------------------------------------------------- */

static TCase *tcase(Suite *s, const char *name, double timeout)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, timeout);
    suite_add_tcase(s, tc);
    return tc;
}

static Suite *model_fp_suite(void)
{
    Suite *s = suite_create("model_fp");
    TCase *tc;

    tc = tcase(s, TC_HOST, 10);
    tcase_add_test(tc, test_flt_eval_method_is_0);
    tcase_add_test(tc, test_host_keeps_subnormals_and_rounds_to_nearest_even);

    tc = tcase(s, TC_CVT16, 30);
    tcase_add_test(tc, test_cvt16to32_hand_cases_have_known_bits);
    tcase_add_test(tc, test_cvt16to32_all_65536_inputs_match_Float16);

    tc = tcase(s, TC_CVT32, 600);
    tcase_add_test(tc, test_cvt32to16_hand_cases_and_Float16_are_rne);
    tcase_add_test(tc, test_cvt32to16_matches_Float16_on_1e7_inputs);

    tc = tcase(s, TC_ARITH, 10);
    tcase_add_test(tc, test_add32_corner_cases_have_known_bits);
    tcase_add_test(tc, test_mul32_corner_cases_have_known_bits);
    tcase_add_test(tc, test_mul16_corner_cases_have_known_bits);
    tcase_add_test(tc, test_mac_corner_cases_round_once_with_known_bits);
    tcase_add_test(tc, test_neg32_flips_only_the_sign_bit);

    tc = tcase(s, TC_MUL16, 600);
    tcase_add_test(tc, test_mul16_is_exact_on_random_and_chosen_pairs);

    tc = tcase(s, TC_GEN, 120);
    tcase_add_test(tc, test_special_lists_hold_every_named_value_once);
    tcase_add_test(tc, test_add32_pairs_cover_every_class);
    tcase_add_test(tc, test_mul32_pairs_cover_every_class);
    tcase_add_test(tc, test_mul16_pairs_cover_every_class);
    tcase_add_test(tc, test_cvt32to16_inputs_cover_every_class_and_exponent);
    tcase_add_test(tc, test_generators_are_deterministic_per_seed);
    tcase_add_test(tc, test_rng_below_stays_in_range_and_hits_every_value);

    if (long_tests_enabled()) {
        /* hours at most even under sanitizers; each slice has its own timer */
        tc = tcase(s, TC_LONG, 4 * 3600);
        tcase_add_loop_test(tc, test_cvt32to16_all_2pow32_inputs_match_Float16, 0, LONG_SLICES);
        tcase_add_loop_test(tc, test_mul16_is_exact_on_all_2pow32_pairs, 0, LONG_SLICES);
    }
    return s;
}

/* The banner: seed and mode. */
static void banner(void)
{
    printf("%s: seed %" PRIu64 " (NMTEST_SEED), long tests %s (NMTEST_LONG=1)%s\n", PROG, test_seed(),
           long_tests_enabled() ? "on" : "off",
           HAVE_FLOAT16 ? "" : "; no _Float16: conversions checked without host reference");
}

const check_prog check_program = {.name = PROG, .suite = model_fp_suite, .start = banner};
