#include "nm_fp.h"

#include <float.h>

/* The model relies on float expressions being evaluated in float: with
 * excess precision (x87, FLT_EVAL_METHOD 2) a product would not be rounded to
 * binary32 before the add, and results would differ from the contract. */
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "nm_fp needs FLT_EVAL_METHOD == 0 (SSE/NEON float arithmetic, not x87)"
#endif

/* Hosts disagree on the NaN they produce (x86 gives the negative 0xFFC00000),
 * and a NaN operand's payload may propagate; the contract has one NaN. */
static uint32_t canon32(uint32_t b)
{
    return nm_is_nan32(b) ? NM_QNAN32 : b;
}

uint32_t nm_cvt16to32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & NM_SIGN16) << 16;
    uint32_t exp = (h >> 10) & 0x1Fu;
    uint32_t man = h & 0x3FFu;

    if (exp == 0x1F)
        return man ? NM_QNAN32 : (sign | 0x7F800000u);
    if (exp == 0) {
        if (man == 0)
            return sign;
        /* Subnormal: shift the leading one up to the hidden-bit position;
         * each shift lowers the exponent by one.  fp32's range is far wider,
         * so every fp16 subnormal is a normal fp32. */
        exp = 1;
        while ((man & 0x400u) == 0) {
            man <<= 1;
            exp--;
        }
        man &= 0x3FFu;
    }
    /* Rebias 15 -> 127; exp may be 0 or negative (as unsigned wraparound) for
     * subnormals, which the addition of 112 brings back into range. */
    return sign | ((exp + 112u) << 23) | (man << 13);
}

/* Round m >> shift to nearest, ties to even; 1 <= shift <= 31. */
static uint32_t shift_rne(uint32_t m, unsigned shift)
{
    uint32_t q = m >> shift;
    uint32_t rem = m & ((1u << shift) - 1u);
    uint32_t half = 1u << (shift - 1);
    if (rem > half || (rem == half && (q & 1u)))
        q++;
    return q;
}

uint16_t nm_cvt32to16(uint32_t f)
{
    uint16_t sign = (uint16_t)((f >> 16) & NM_SIGN16);
    uint32_t exp = (f >> 23) & 0xFFu;
    uint32_t man = f & 0x7FFFFFu;

    if (exp == 0xFF)
        return man ? (uint16_t)NM_QNAN16 : (uint16_t)(sign | 0x7C00u);
    if (exp < 127 - 25)
        /* |f| < 2^-25, half the smallest fp16 subnormal: rounds to zero.
         * This also covers fp32 zeros and subnormals. */
        return sign;
    if (exp > 127 + 15)
        return (uint16_t)(sign | 0x7C00u); /* |f| >= 2^16: overflow */

    /* Value = m * 2^(e-23) with a 24-bit significand m.  An fp16 normal keeps
     * 11 bits (drop 13); below 2^-14 the fp16 quantum is fixed at 2^-24, so
     * one more bit is dropped per binade. */
    int e = (int)exp - 127;
    uint32_t m = man | 0x800000u;
    unsigned shift = e >= -14 ? 13u : (unsigned)(13 + (-14 - e));
    uint32_t q = shift_rne(m, shift);

    /* For normals q includes the hidden bit (1024), so adding it to the
     * exponent field minus one lets a rounding carry (q == 2048) bump the
     * exponent by itself; for subnormals a carry to 1024 lands exactly on the
     * smallest normal 0x0400. */
    uint32_t bits = e >= -14 ? ((uint32_t)(e + 14) << 10) + q : q;
    if (bits >= 0x7C00u)
        bits = 0x7C00u; /* rounded past 65504: overflow to Inf */
    return (uint16_t)(sign | bits);
}

uint32_t nm_add32(uint32_t a, uint32_t b)
{
    float r = nm_f32_from_bits(a) + nm_f32_from_bits(b);
    return canon32(nm_bits_from_f32(r));
}

uint32_t nm_mul32(uint32_t a, uint32_t b)
{
    float r = nm_f32_from_bits(a) * nm_f32_from_bits(b);
    return canon32(nm_bits_from_f32(r));
}

uint32_t nm_mul16(uint16_t a, uint16_t b)
{
    /* Both operands are exact in fp32 and their product needs at most 22
     * significant bits within 2^-48 .. 2^32, so the float multiply is exact. */
    float r = nm_f32_from_bits(nm_cvt16to32(a)) * nm_f32_from_bits(nm_cvt16to32(b));
    return canon32(nm_bits_from_f32(r));
}

uint32_t nm_mac(uint32_t acc, uint16_t a, uint16_t b)
{
    /* The product is exact, so the only rounding is the add's. */
    return nm_add32(acc, nm_mul16(a, b));
}

uint32_t nm_neg32(uint32_t a)
{
    return a ^ NM_SIGN32;
}
