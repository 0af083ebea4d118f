/*
 * nm_fp: the golden floating-point numerics of nmgen, bits in and bits out.
 *
 * Every value crosses this interface as its IEEE bit pattern (binary16 in a
 * uint16_t, binary32 in a uint32_t), exactly as the RTL sees it.  The
 * contract (DESIGN.md, "Numeric contract"): round-to-nearest-even, subnormals
 * on every input and output, any NaN result is the canonical quiet NaN
 * (NM_QNAN32 / NM_QNAN16), an exact zero sum is +0 except (-0)+(-0) = -0, and
 * a product's sign is the XOR of the operands' signs.  add/mul/mac are
 * computed with the host's IEEE float arithmetic, which makes this model an
 * oracle independent of any RTL adder or multiplier design; the two
 * precision conversions are portable bit-level C, proven exhaustively by the
 * tests against the compiler's _Float16.
 */
#ifndef NM_FP_H
#define NM_FP_H

#include <stdint.h>
#include <string.h>

#define NM_QNAN32 0x7FC00000u
#define NM_QNAN16 0x7E00u

#define NM_SIGN32 0x80000000u
#define NM_SIGN16 0x8000u

/* fp16 -> fp32, exact; a NaN becomes NM_QNAN32. */
uint32_t nm_cvt16to32(uint16_t h);

/* fp32 -> fp16, RNE; fp16 subnormals are produced, |x| >= 65520 gives +-Inf,
 * a NaN becomes NM_QNAN16. */
uint16_t nm_cvt32to16(uint32_t f);

/* fp32 a + b, RNE, NaN canonical. */
uint32_t nm_add32(uint32_t a, uint32_t b);

/* fp32 a * b, RNE, NaN canonical. */
uint32_t nm_mul32(uint32_t a, uint32_t b);

/* fp16 a * fp16 b -> fp32; always exact (22-bit significand, magnitudes
 * 2^-48 .. 2^32), so no rounding happens; NaN canonical. */
uint32_t nm_mul16(uint16_t a, uint16_t b);

/* acc + a*b with a single rounding: add32(acc, mul16(a, b)). */
uint32_t nm_mac(uint32_t acc, uint16_t a, uint16_t b);

/* -a: flips the sign bit and nothing else (a NaN stays a NaN pattern). */
uint32_t nm_neg32(uint32_t a);

/* Bit casts through memcpy: the only strictly portable way in C11. */
static inline float nm_f32_from_bits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static inline uint32_t nm_bits_from_f32(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static inline int nm_is_nan32(uint32_t b) { return (b & 0x7FFFFFFFu) > 0x7F800000u; }
static inline int nm_is_inf32(uint32_t b) { return (b & 0x7FFFFFFFu) == 0x7F800000u; }
static inline int nm_is_nan16(uint16_t h) { return (h & 0x7FFFu) > 0x7C00u; }
static inline int nm_is_inf16(uint16_t h) { return (h & 0x7FFFu) == 0x7C00u; }

#endif /* NM_FP_H */
