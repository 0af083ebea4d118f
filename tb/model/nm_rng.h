/*
 * nm_rng: the one deterministic pseudo-random generator of the nmgen harness.
 *
 * Every test, vector generator and workload draws from an nm_rng so that a
 * 64-bit seed reproduces a run exactly on any host.  The generator is
 * xoshiro256** (Blackman and Vigna), seeded by expanding the 64-bit seed with
 * splitmix64 so that nearby seeds give unrelated streams.  All state lives in
 * the struct the caller owns; there is no hidden global state, so independent
 * streams can coexist (one per tensor, per test, per shard).
 */
#ifndef NM_RNG_H
#define NM_RNG_H

#include <stdint.h>

typedef struct nm_rng {
    uint64_t s[4];
} nm_rng;

/* Seed r from a 64-bit seed; any seed value (including 0) is valid. */
void nm_rng_seed(nm_rng *r, uint64_t seed);

/* Next 64 uniformly distributed bits. */
uint64_t nm_rng_u64(nm_rng *r);

/* Next 32 uniformly distributed bits (the high half of nm_rng_u64). */
uint32_t nm_rng_u32(nm_rng *r);

/* Uniform integer in [0, n), without modulo bias; returns 0 when n == 0. */
uint32_t nm_rng_below(nm_rng *r, uint32_t n);

/* Uniform double in [0, 1) with 53 random bits. */
double nm_rng_unit(nm_rng *r);

#endif /* NM_RNG_H */
