/*
 * fp_vectors: operand generators for the tests that compare the RTL
 * floating-point units against the golden model (nm_fp).
 *
 * Uniformly random bit patterns almost never hit the cases where FP hardware
 * goes wrong: exact ties, massive cancellation, sticky bits far below the
 * result, subnormal results, the edges of overflow.  Each generator here
 * constructs those cases on purpose and interleaves its classes round-robin,
 * so every class appears within any window of ~100 vectors and a short run
 * still covers all of them.  All randomness comes from the caller's nm_rng.
 */
#ifndef FP_VECTORS_H
#define FP_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "nm_rng.h"

/* Special fp16 / fp32 values: +-0, +-min and max subnormal, +-min normal,
 * +-1, +-max, +-Inf, qNaN, sNaN, and the +-1-ulp neighbours of each (in
 * magnitude, so they stay within the sign).  Writes up to cap values and
 * returns the total number available; (NULL, 0) asks for the count. */
size_t fpv_special16(uint16_t *out, size_t cap);
size_t fpv_special32(uint32_t *out, size_t cap);

/* n fp16 operand pairs for the fp16 x fp16 -> fp32 multiplier: random bits,
 * specials, subnormal operands, products near 2^-48 and near 2^32. */
void fpv_mul16_pairs(nm_rng *r, uint16_t *a, uint16_t *b, size_t n);

/* n fp32 operand pairs for the adder: random bits; close exponents
 * (cancellation) incl. exact x + (-x); far exponents (sticky); constructed
 * exact ties; subnormal results; overflow; specials. */
void fpv_add32_pairs(nm_rng *r, uint32_t *a, uint32_t *b, size_t n);

/* n fp32 operand pairs for the multiplier: random bits; exact ties;
 * subnormal results incl. round-up to the smallest normal; the overflow
 * edge; subnormal x large; specials. */
void fpv_mul32_pairs(nm_rng *r, uint32_t *a, uint32_t *b, size_t n);

/* n fp32 inputs for fp32 -> fp16: every fp16-relevant exponent, both sides
 * of rounding boundaries, exact ties, subnormal outputs, the 65504 / 65520
 * overflow edge, large overflow, specials. */
void fpv_cvt32to16_inputs(nm_rng *r, uint32_t *x, size_t n);

#endif /* FP_VECTORS_H */
