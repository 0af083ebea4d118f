/*
 * nm_sore: the golden model of SORE, N:M pruning of one group of fp16 values.
 *
 * The contract (DESIGN.md, "SORE"): of a group of M fp16 values keep the N
 * with the largest magnitude.  The magnitude key of a value is its bits
 * [14:0] compared as an unsigned integer, so NaN > Inf > every finite value,
 * NaN payloads are ordered among themselves, and +0 and -0 are equal keys.
 * Equal keys go to the lower index.  The kept values come back bit for bit
 * (no arithmetic), with their indices, in increasing index order, and as an
 * M-bit mask.
 *
 * This is a plain reference written without any knowledge of the RTL: it
 * sorts the indices by (key descending, index ascending) and takes the first
 * N.  It has no state; every call is independent.
 */
#ifndef NM_SORE_H
#define NM_SORE_H

#include <stdint.h>

/* Largest M the model accepts (the mask is a uint32_t). */
#define NM_SORE_M_LIMIT 32

/* The magnitude key of an fp16 value. */
static inline uint16_t nm_sore_key(uint16_t v) { return (uint16_t)(v & 0x7FFFu); }

/* 1 when 1 <= n <= m <= NM_SORE_M_LIMIT, else 0. */
int nm_sore_nm_ok(int n, int m);

/*
 * Prune one group: vals[0..m-1] in; kept_vals[0..n-1] and kept_idx[0..n-1]
 * out in increasing index order; *mask gets bit i set for each kept index i.
 * Returns 0, or -1 (outputs untouched) when n, m are not 1 <= n <= m <= 32.
 */
int nm_sore_group(const uint16_t *vals, int n, int m, uint16_t *kept_vals, uint8_t *kept_idx,
                  uint32_t *mask);

#endif /* NM_SORE_H */
