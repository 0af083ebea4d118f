#include "fp_vectors.h"

#include "nm_fp.h"

/* Room for every special value; fpv_special16/32 produce about 40 each. */
#define SPECIAL_MAX 64

#define EXP32_MAX 254u   /* largest biased exponent of a finite fp32 */
#define MAN32_MASK 0x7FFFFFu
#define FLT32_MAX_BITS 0x7F7FFFFFu

/* ---- small helpers ------------------------------------------------------ */

static uint32_t f32_make(uint32_t sign, uint32_t exp, uint32_t man)
{
    return (sign ? NM_SIGN32 : 0u) | (exp << 23) | (man & MAN32_MASK);
}

static uint32_t rand_sign(nm_rng *r)
{
    return nm_rng_u32(r) & 1u;
}

/* Uniform integer in [lo, hi]. */
static uint32_t rand_range(nm_rng *r, uint32_t lo, uint32_t hi)
{
    return lo + nm_rng_below(r, hi - lo + 1u);
}

static uint32_t rand_man32(nm_rng *r)
{
    return nm_rng_u32(r) & MAN32_MASK;
}

/* Random finite fp32 bits (any sign, exponent 0..254). */
static uint32_t rand_finite32(nm_rng *r)
{
    return f32_make(rand_sign(r), rand_range(r, 0, EXP32_MAX), rand_man32(r));
}

/* Random normal fp32 with biased exponent in [lo, hi]. */
static uint32_t rand_normal32(nm_rng *r, uint32_t lo, uint32_t hi)
{
    return f32_make(rand_sign(r), rand_range(r, lo, hi), rand_man32(r));
}

/* Random nonzero fp32 subnormal. */
static uint32_t rand_sub32(nm_rng *r)
{
    uint32_t man = rand_man32(r);
    return f32_make(rand_sign(r), 0, man ? man : 1u);
}

/* Move |x| by delta ulps (delta small); the sign is kept.  Adjacent
 * magnitudes are adjacent bit patterns, which is what makes this work. */
static uint32_t nudge32(uint32_t x, int delta)
{
    uint32_t sign = x & NM_SIGN32;
    uint32_t mag = x & ~NM_SIGN32;
    if (delta < 0 && mag < (uint32_t)-delta)
        return sign;
    return sign | ((mag + (uint32_t)delta) & ~NM_SIGN32);
}

/* Operand order must not matter to the unit under test; randomize it. */
static void swap_maybe(nm_rng *r, uint32_t *a, uint32_t *b)
{
    if (nm_rng_u32(r) & 1u) {
        uint32_t t = *a;
        *a = *b;
        *b = t;
    }
}

/* Append v unless already present; keeps the special lists duplicate-free. */
static void add_unique(uint32_t *list, size_t *n, uint32_t v)
{
    for (size_t i = 0; i < *n; i++)
        if (list[i] == v)
            return;
    list[(*n)++] = v;
}

/* Fill list with each base magnitude and its +-1 neighbours, both signs. */
static size_t special_list(uint32_t *list, const uint32_t *base, size_t nbase,
                           uint32_t mag_max, uint32_t sign_bit)
{
    size_t n = 0;
    for (size_t i = 0; i < nbase; i++) {
        for (int d = -1; d <= 1; d++) {
            uint32_t m = base[i];
            if ((d < 0 && m == 0) || (d > 0 && m == mag_max))
                continue;
            m = d < 0 ? m - 1u : d > 0 ? m + 1u : m;
            add_unique(list, &n, m);
            add_unique(list, &n, m | sign_bit);
        }
    }
    return n;
}

static size_t copy_out16(uint16_t *out, size_t cap, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n && i < cap; i++)
        out[i] = (uint16_t)list[i];
    return n;
}

static size_t copy_out32(uint32_t *out, size_t cap, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n && i < cap; i++)
        out[i] = list[i];
    return n;
}

/* ---- special values ----------------------------------------------------- */

static const uint32_t special16_base[] = {
    0x0000, /* zero */
    0x0001, /* min subnormal 2^-24 */
    0x03FF, /* max subnormal */
    0x0400, /* min normal 2^-14 */
    0x3C00, /* 1.0 */
    0x7BFF, /* max 65504 */
    0x7C00, /* Inf */
    0x7E00, /* quiet NaN */
    0x7D00, /* signalling NaN */
};

static const uint32_t special32_base[] = {
    0x00000000u, /* zero */
    0x00000001u, /* min subnormal 2^-149 */
    0x007FFFFFu, /* max subnormal */
    0x00800000u, /* min normal 2^-126 */
    0x3F800000u, /* 1.0 */
    0x7F7FFFFFu, /* max */
    0x7F800000u, /* Inf */
    0x7FC00000u, /* quiet NaN */
    0x7FA00000u, /* signalling NaN */
};

size_t fpv_special16(uint16_t *out, size_t cap)
{
    uint32_t list[SPECIAL_MAX];
    size_t n = special_list(list, special16_base,
                            sizeof special16_base / sizeof special16_base[0],
                            0x7FFFu, NM_SIGN16);
    return copy_out16(out, cap, list, n);
}

size_t fpv_special32(uint32_t *out, size_t cap)
{
    uint32_t list[SPECIAL_MAX];
    size_t n = special_list(list, special32_base,
                            sizeof special32_base / sizeof special32_base[0],
                            0x7FFFFFFFu, NM_SIGN32);
    return copy_out32(out, cap, list, n);
}

/* The special tables, computed once per generator call (not per vector). */
typedef struct specials {
    uint16_t v16[SPECIAL_MAX];
    size_t n16;
    uint32_t v32[SPECIAL_MAX];
    size_t n32;
} specials;

static void specials_init(specials *s)
{
    s->n16 = fpv_special16(s->v16, SPECIAL_MAX);
    s->n32 = fpv_special32(s->v32, SPECIAL_MAX);
}

static uint16_t pick16(nm_rng *r, const specials *s)
{
    return s->v16[nm_rng_below(r, (uint32_t)s->n16)];
}

static uint32_t pick32(nm_rng *r, const specials *s)
{
    return s->v32[nm_rng_below(r, (uint32_t)s->n32)];
}

/* ---- fp16 x fp16 multiplier --------------------------------------------- */

static uint16_t f16_make(uint32_t sign, uint32_t exp, uint32_t man)
{
    return (uint16_t)((sign ? NM_SIGN16 : 0u) | (exp << 10) | (man & 0x3FFu));
}

static uint16_t rand_man16_structured(nm_rng *r)
{
    /* Mantissas with runs of ones or a single bit exercise the carry chains
     * and the partial-product array more than uniform bits do. */
    static const uint16_t pat[] = { 0x000, 0x001, 0x3FF, 0x200, 0x155, 0x2AA, 0x3FE, 0x201 };
    return pat[nm_rng_below(r, sizeof pat / sizeof pat[0])];
}

/* Nonzero subnormal mantissa with a uniformly random bit length, so tiny
 * values (down to 2^-24) are as common as large ones. */
static uint32_t rand_sub16_man(nm_rng *r)
{
    unsigned bits = rand_range(r, 1, 10);
    return (nm_rng_u32(r) & ((1u << bits) - 1u)) | (1u << (bits - 1));
}

enum { MUL16_CLASSES = 7 };

static void mul16_one(nm_rng *r, const specials *s, unsigned cls, uint16_t *a, uint16_t *b)
{
    uint32_t x, y;
    switch (cls) {
    case 0: /* uniformly random bits */
        x = nm_rng_u32(r) & 0xFFFFu;
        y = nm_rng_u32(r) & 0xFFFFu;
        break;
    case 1: /* a special value times a special or random operand */
        x = pick16(r, s);
        y = (nm_rng_u32(r) & 1u) ? pick16(r, s) : (nm_rng_u32(r) & 0xFFFFu);
        break;
    case 2: /* a subnormal operand times anything finite */
        x = f16_make(rand_sign(r), 0, rand_range(r, 1, 0x3FF));
        y = f16_make(rand_sign(r), rand_range(r, 0, 30), nm_rng_u32(r));
        break;
    case 3: /* subnormal x subnormal: products down to 2^-48, the bottom */
        x = f16_make(rand_sign(r), 0, rand_sub16_man(r));
        y = f16_make(rand_sign(r), 0, rand_sub16_man(r));
        break;
    case 4: /* huge x huge: products 2^28 .. (65504)^2 ~ 2^32, the top */
        x = f16_make(rand_sign(r), rand_range(r, 29, 30), nm_rng_u32(r));
        y = f16_make(rand_sign(r), rand_range(r, 29, 30), nm_rng_u32(r));
        break;
    case 5: /* random normals */
        x = f16_make(rand_sign(r), rand_range(r, 1, 30), nm_rng_u32(r));
        y = f16_make(rand_sign(r), rand_range(r, 1, 30), nm_rng_u32(r));
        break;
    default: /* structured mantissas over the whole finite range */
        x = f16_make(rand_sign(r), rand_range(r, 0, 30), rand_man16_structured(r));
        y = f16_make(rand_sign(r), rand_range(r, 0, 30), rand_man16_structured(r));
        break;
    }
    swap_maybe(r, &x, &y);
    *a = (uint16_t)x;
    *b = (uint16_t)y;
}

void fpv_mul16_pairs(nm_rng *r, uint16_t *a, uint16_t *b, size_t n)
{
    specials s;
    specials_init(&s);
    for (size_t i = 0; i < n; i++)
        mul16_one(r, &s, (unsigned)(i % MUL16_CLASSES), &a[i], &b[i]);
}

/* ---- fp32 operand pairs -------------------------------------------------- */

/* Store a pair in random order. */
static void put_pair(nm_rng *r, uint32_t x, uint32_t y, uint32_t *a, uint32_t *b)
{
    swap_maybe(r, &x, &y);
    *a = x;
    *b = y;
}

/* n pairs, class i % classes for pair i, each made by one(). */
typedef void pair32_fn(nm_rng *r, const specials *s, unsigned cls, uint32_t *a, uint32_t *b);
static void pairs32(nm_rng *r, uint32_t *a, uint32_t *b, size_t n, unsigned classes, pair32_fn *one)
{
    specials s;
    specials_init(&s);
    for (size_t i = 0; i < n; i++)
        one(r, &s, (unsigned)(i % classes), &a[i], &b[i]);
}

/* ---- fp32 adder --------------------------------------------------------- */

/* a and b (same sign) whose exact sum lies exactly halfway between two
 * floats.  In units of half an ulp of a, a = 2*ma is even and b = B is odd
 * (b's lowest set bit is worth half an ulp of a, d = 1..24 binades below);
 * a's mantissa is then limited so that 2*ma + B < 2^25, i.e. the sum stays in
 * a's binade, where it is an odd number of half-ulps: a tie. */
static void add_tie(nm_rng *r, uint32_t *a, uint32_t *b)
{
    uint32_t d = rand_range(r, 1, 24);          /* exponent distance */
    uint32_t ea = rand_range(r, d + 1, EXP32_MAX);
    uint32_t mb = 0x800000u | rand_man32(r);    /* 24-bit significand */
    uint32_t low = 1u << (d - 1);               /* half-ulp of a, in b's units */
    mb = (mb & ~(low - 1u)) | low;              /* clear below, set that bit */
    uint32_t big_b = mb >> (d - 1);             /* B, odd, < 2^24 */
    /* 2*(2^23 + m) + B < 2^25  <=>  m <= (2^24 - B - 1) / 2 */
    uint32_t man_a = nm_rng_below(r, ((0x1000000u - big_b - 1u) >> 1) + 1u);
    uint32_t sign = rand_sign(r);
    *a = f32_make(sign, ea, man_a);
    *b = f32_make(sign, ea - d, mb);
}

/* Operands that meet the overflow threshold exactly or nearly: max plus
 * half its ulp (2^103) is a tie that rounds up to Inf (max is odd). */
static void add_overflow(nm_rng *r, uint32_t *a, uint32_t *b)
{
    static const uint32_t edge_b[] = { 0x73000000u, 0x72FFFFFFu, 0x73000001u, 0x7F7FFFFFu };
    uint32_t sign = rand_sign(r);
    if (nm_rng_u32(r) & 1u) {
        /* max (odd) or max - 1ulp (even): the tie goes opposite ways */
        *a = f32_make(sign, EXP32_MAX, MAN32_MASK - (nm_rng_u32(r) & 1u));
        *b = edge_b[nm_rng_below(r, 4)] | (sign ? NM_SIGN32 : 0u);
    } else {
        /* >= 2^127 plus >= 2^126: always past the threshold */
        *a = f32_make(sign, EXP32_MAX, rand_man32(r));
        *b = f32_make(sign, rand_range(r, EXP32_MAX - 1, EXP32_MAX), rand_man32(r));
    }
}

/* a - b with |a| and |b| close: the leading bits cancel. */
static void add_cancel(nm_rng *r, uint32_t *a, uint32_t *b)
{
    uint32_t ea = rand_range(r, 1, EXP32_MAX);
    uint32_t ma = rand_man32(r);
    uint32_t x = f32_make(rand_sign(r), ea, ma);
    uint32_t y;
    if (nm_rng_u32(r) & 1u) {
        /* same exponent, mantissas differing only in the low k bits:
         * cancellation of 23-k leading bits (massive for small k) */
        uint32_t k = rand_range(r, 0, 23);
        uint32_t mask = (1u << k) - 1u;
        y = (x & ~mask) | (nm_rng_u32(r) & mask);
    } else {
        /* exponents at most 1 apart, random mantissas */
        int eb = (int)ea + (int)rand_range(r, 0, 2) - 1;
        eb = eb < 1 ? 1 : eb > (int)EXP32_MAX ? (int)EXP32_MAX : eb;
        y = f32_make(0, (uint32_t)eb, rand_man32(r)) | (x & NM_SIGN32);
    }
    *a = x;
    *b = y ^ NM_SIGN32; /* opposite sign: an effective subtraction */
}

/* Sums whose result is subnormal: the difference of two values in the same
 * binade at the bottom (both subnormal, or both in [2^-126, 2^-125)) is below
 * 2^-126 (subnormal, or rarely zero), and so is the sum of two subnormals
 * below 2^-127 each. */
static void add_subnormal(nm_rng *r, uint32_t *a, uint32_t *b)
{
    if (nm_rng_below(r, 4) != 0) {
        uint32_t e = rand_range(r, 0, 1);
        uint32_t x = f32_make(rand_sign(r), e, rand_man32(r));
        uint32_t y = f32_make(!(x >> 31), e, rand_man32(r));
        *a = x;
        *b = y;
    } else {
        uint32_t sign = rand_sign(r);
        *a = f32_make(sign, 0, rand_man32(r) >> 1);
        *b = f32_make(sign, 0, (rand_man32(r) >> 1) | 1u);
    }
}

enum { ADD32_CLASSES = 9 };

static void add32_one(nm_rng *r, const specials *s, unsigned cls, uint32_t *a, uint32_t *b)
{
    uint32_t x, y;
    switch (cls) {
    case 0: /* uniformly random bits */
        x = nm_rng_u32(r);
        y = nm_rng_u32(r);
        break;
    case 1: /* close exponents, effective subtraction: cancellation */
        add_cancel(r, &x, &y);
        break;
    case 2: /* x + (-x): exact zero, must be +0 (zeros come with both signs) */
        x = (nm_rng_below(r, 8) == 0) ? f32_make(rand_sign(r), 0, 0) : rand_finite32(r);
        y = x ^ NM_SIGN32;
        break;
    case 3: { /* far exponents: b shifts out partly or wholly into sticky */
        uint32_t d = rand_range(r, 2, 60);
        uint32_t ea = rand_range(r, d + 1, EXP32_MAX);
        x = f32_make(rand_sign(r), ea, rand_man32(r));
        y = f32_make(rand_sign(r), ea - d, rand_man32(r));
        break;
    }
    case 4: /* exact ties */
        add_tie(r, &x, &y);
        break;
    case 5: /* subnormal results */
        add_subnormal(r, &x, &y);
        break;
    case 6: /* overflow and its edge */
        add_overflow(r, &x, &y);
        break;
    case 7: /* specials against specials or random values */
        x = pick32(r, s);
        y = (nm_rng_u32(r) & 1u) ? pick32(r, s) : nm_rng_u32(r);
        break;
    default: /* nearby exponents, either sign: the ordinary datapath */
        x = rand_normal32(r, 1, EXP32_MAX);
        y = f32_make(rand_sign(r), 0, rand_man32(r));
        {
            uint32_t ex = (x >> 23) & 0xFFu;
            uint32_t d = rand_range(r, 0, 3);
            y |= (ex > d ? ex - d : 1u) << 23;
        }
        break;
    }
    put_pair(r, x, y, a, b);
}

void fpv_add32_pairs(nm_rng *r, uint32_t *a, uint32_t *b, size_t n)
{
    pairs32(r, a, b, n, ADD32_CLASSES, add32_one);
}

/* ---- fp32 multiplier ---------------------------------------------------- */

static unsigned bit_length(uint64_t v)
{
    unsigned n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
}

/* Random odd integer of exactly p bits (p >= 1). */
static uint32_t rand_odd_bits(nm_rng *r, unsigned p)
{
    if (p == 1)
        return 1;
    uint32_t v = nm_rng_u32(r) & ((1u << p) - 1u);
    return v | (1u << (p - 1)) | 1u;
}

/* a * b exactly halfway between two floats: the significands are odd p- and
 * q-bit integers whose product has exactly 25 bits, so its last bit is the
 * half-ulp and nothing lies below it. */
static void mul_tie(nm_rng *r, uint32_t *a, uint32_t *b)
{
    uint32_t x = 3, y = 0x800001u; /* fallback: 3 * (1 + 2^-23) is a tie */
    unsigned p = 2, q = 24;
    for (int tries = 0; tries < 64; tries++) {
        unsigned pp = rand_range(r, 2, 24);
        unsigned qq = (nm_rng_u32(r) & 1u) ? 26 - pp : 25 - pp;
        if (qq < 1 || qq > 24)
            continue;
        uint32_t xx = rand_odd_bits(r, pp), yy = rand_odd_bits(r, qq);
        if (bit_length((uint64_t)xx * yy) == 25) {
            x = xx, y = yy, p = pp, q = qq;
            break;
        }
    }
    /* Left-align to 24-bit significands; exponents keep the result normal. */
    uint32_t ma = x << (24 - p), mb = y << (24 - q);
    *a = f32_make(rand_sign(r), rand_range(r, 64, 190), ma);
    *b = f32_make(rand_sign(r), rand_range(r, 64, 190), mb);
}

/* Products whose exponent lands in the subnormal range or just around it:
 * normal operands with unbiased exponents ea + eb = pe in -152 .. -125. */
static void mul_subnormal(nm_rng *r, uint32_t *a, uint32_t *b)
{
    int pe = (int)rand_range(r, 0, 27) - 152;
    /* ea in [-126, pe + 126] keeps eb = pe - ea within [-126, 127]. */
    int ea = (int)rand_range(r, 0, (uint32_t)(pe + 252)) - 126;
    int eb = pe - ea;
    *a = f32_make(rand_sign(r), (uint32_t)(ea + 127), rand_man32(r));
    *b = f32_make(rand_sign(r), (uint32_t)(eb + 127), rand_man32(r));
}

/* b = target / a, nudged by a few ulps, so a*b straddles target: used for
 * the round-up to the smallest normal and the overflow threshold. */
static void mul_towards(nm_rng *r, uint32_t *a, uint32_t *b, uint32_t a_exp_lo,
                        uint32_t a_exp_hi, double target)
{
    uint32_t x = f32_make(0, rand_range(r, a_exp_lo, a_exp_hi), rand_man32(r));
    float q = (float)(target / (double)nm_f32_from_bits(x));
    uint32_t y = nudge32(nm_bits_from_f32(q), (int)rand_range(r, 0, 4) - 2);
    if (y > FLT32_MAX_BITS)
        y = FLT32_MAX_BITS; /* a == 1.0 exactly would nudge max into Inf/NaN */
    *a = x | (rand_sign(r) ? NM_SIGN32 : 0u);
    *b = y | (rand_sign(r) ? NM_SIGN32 : 0u);
}

enum { MUL32_CLASSES = 8 };

static void mul32_one(nm_rng *r, const specials *s, unsigned cls, uint32_t *a, uint32_t *b)
{
    uint32_t x, y;
    switch (cls) {
    case 0: /* uniformly random bits */
        x = nm_rng_u32(r);
        y = nm_rng_u32(r);
        break;
    case 1: /* exact ties */
        mul_tie(r, &x, &y);
        break;
    case 2: /* subnormal results */
        mul_subnormal(r, &x, &y);
        break;
    case 3: /* just below 2^-126: many round up to the smallest normal;
             * a in [2^-20, 1) keeps b normal */
        mul_towards(r, &x, &y, 127 - 20, 126, 0x1p-126);
        break;
    case 4: /* around the largest finite value: round to max or overflow */
        mul_towards(r, &x, &y, 127, 127 + 20, 0x1.fffffep127);
        break;
    case 5: /* subnormal x large: the subnormal must be normalized first */
        x = rand_sub32(r);
        y = rand_normal32(r, 150, EXP32_MAX);
        break;
    case 6: /* specials against specials or random values */
        x = pick32(r, s);
        y = (nm_rng_u32(r) & 1u) ? pick32(r, s) : nm_rng_u32(r);
        break;
    default: /* random normals whose product stays normal */
        x = rand_normal32(r, 64, 190);
        y = rand_normal32(r, 64, 190);
        break;
    }
    put_pair(r, x, y, a, b);
}

void fpv_mul32_pairs(nm_rng *r, uint32_t *a, uint32_t *b, size_t n)
{
    pairs32(r, a, b, n, MUL32_CLASSES, mul32_one);
}

/* ---- fp32 -> fp16 conversion -------------------------------------------- */

/* fp32 value of the fp16 magnitude h, or 65536 for h == 0x7C00: the virtual
 * next value above 65504, whose midpoint 65520 is the overflow threshold. */
static float f16_upper(uint32_t h)
{
    return h == 0x7C00u ? 65536.0f : nm_f32_from_bits(nm_cvt16to32((uint16_t)h));
}

/* The fp32 point halfway between fp16 magnitudes h and h+1 (exact: the sum
 * has at most 12 significant bits and the halving cannot underflow). */
static uint32_t f16_midpoint(nm_rng *r)
{
    uint32_t h = rand_range(r, 0, 0x7BFF);
    float mid = (f16_upper(h) + f16_upper(h + 1)) * 0.5f;
    return nm_bits_from_f32(mid);
}

static const uint32_t cvt_overflow_edge[] = {
    0x477FE000u, /* 65504, the fp16 max */
    0x477FE001u, /* just above */
    0x477FEFFFu, /* 65519.996: the largest fp32 that rounds to 65504 */
    0x477FF000u, /* 65520: tie, rounds up to Inf (65504 is odd) */
    0x477FF001u, /* just above: Inf */
    0x477FFFFFu, /* just below 65536 */
    0x47800000u, /* 65536 */
    0x477FD000u, /* 65488: tie between 65472 (even) and 65504, rounds down */
    0x477FDFFFu, /* just below 65504 */
};

enum { CVT_CLASSES = 8 };

static uint32_t cvt_one(nm_rng *r, const specials *s, unsigned cls, size_t round)
{
    uint32_t sign = rand_sign(r) ? NM_SIGN32 : 0u;
    switch (cls) {
    case 0: /* uniformly random bits */
        return nm_rng_u32(r);
    case 1: /* every fp16-relevant binade 2^-26 .. 2^16 in turn */
        return sign | f32_make(0, (uint32_t)(127 - 26 + (int)(round % 43)), rand_man32(r));
    case 2: /* exact ties between adjacent fp16 values (incl. subnormal ones) */
        return sign | f16_midpoint(r);
    case 3: /* one fp32 ulp either side of a tie */
        return sign | nudge32(f16_midpoint(r), (nm_rng_u32(r) & 1u) ? 1 : -1);
    case 4: /* fp16 subnormal outputs: 2^-25 .. 2^-14 */
        return sign | f32_make(0, rand_range(r, 127 - 25, 127 - 15), rand_man32(r));
    case 5: /* the overflow edge, or far overflow */
        if (nm_rng_u32(r) & 1u)
            return sign | cvt_overflow_edge[nm_rng_below(r, sizeof cvt_overflow_edge /
                                                            sizeof cvt_overflow_edge[0])];
        return sign | f32_make(0, rand_range(r, 127 + 16, EXP32_MAX), rand_man32(r));
    case 6: /* fp32 specials, or fp16 specials widened */
        if (nm_rng_u32(r) & 1u)
            return pick32(r, s);
        return nm_cvt16to32(pick16(r, s));
    default: { /* exact fp16 values: must convert back unchanged */
        uint16_t h = (uint16_t)nm_rng_u32(r);
        if (nm_is_nan16(h))
            h = (uint16_t)(h & 0x83FFu); /* NaN -> a finite value, keep it random */
        return nm_cvt16to32(h);
    }
    }
}

void fpv_cvt32to16_inputs(nm_rng *r, uint32_t *x, size_t n)
{
    specials s;
    specials_init(&s);
    for (size_t i = 0; i < n; i++)
        x[i] = cvt_one(r, &s, (unsigned)(i % CVT_CLASSES), i / CVT_CLASSES);
}
