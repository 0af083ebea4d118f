#include "nm_rng.h"

/* splitmix64 step: turns a counter into well-mixed words.  Used only to fill
 * the xoshiro state, which must not be all zero and should not inherit the
 * low entropy of small seeds. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void nm_rng_seed(nm_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    /* splitmix64 is a bijection of distinct counters, so four consecutive
     * outputs cannot all be zero; the state is therefore always valid. */
}

uint64_t nm_rng_u64(nm_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
}

uint32_t nm_rng_u32(nm_rng *r)
{
    /* The high bits of xoshiro256** are its best ones. */
    return (uint32_t)(nm_rng_u64(r) >> 32);
}

uint32_t nm_rng_below(nm_rng *r, uint32_t n)
{
    /* Lemire's multiply-and-reject: the 64-bit product maps 32 random bits
     * onto [0, n); rejecting the (2^32 mod n) low values removes the bias. */
    if (n == 0)
        return 0;
    uint64_t m = (uint64_t)nm_rng_u32(r) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (uint32_t)(0u - n) % n;
        while (low < threshold) {
            m = (uint64_t)nm_rng_u32(r) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

double nm_rng_unit(nm_rng *r)
{
    /* 53 bits fill a double's significand exactly, so every value is k/2^53. */
    return (double)(nm_rng_u64(r) >> 11) * 0x1p-53;
}
