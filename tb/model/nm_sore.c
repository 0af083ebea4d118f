/*
 * nm_sore: the golden N:M pruning of one group (see nm_sore.h).
 */
#include "nm_sore.h"

int nm_sore_nm_ok(int n, int m)
{
    return n >= 1 && n <= m && m <= NM_SORE_M_LIMIT;
}

/* 1 when element a ranks above element b: the larger key, or on equal keys
 * the lower index (the tie rule). */
static int ranks_above(const uint16_t *vals, int a, int b)
{
    uint16_t ka = nm_sore_key(vals[a]), kb = nm_sore_key(vals[b]);
    return ka > kb || (ka == kb && a < b);
}

/* order[0..m-1] = the indices sorted best first.  Insertion sort: m <= 32,
 * and the obviously correct algorithm is what a reference wants. */
static void sort_by_rank(const uint16_t *vals, int m, uint8_t *order)
{
    for (int i = 0; i < m; i++) {
        int j = i;
        for (; j > 0 && ranks_above(vals, i, order[j - 1]); j--)
            order[j] = order[j - 1];
        order[j] = (uint8_t)i;
    }
}

int nm_sore_group(const uint16_t *vals, int n, int m, uint16_t *kept_vals, uint8_t *kept_idx,
                  uint32_t *mask)
{
    uint8_t order[NM_SORE_M_LIMIT];
    uint32_t keep = 0;

    if (!nm_sore_nm_ok(n, m))
        return -1;
    sort_by_rank(vals, m, order);
    for (int r = 0; r < n; r++)
        keep |= 1u << order[r];
    /* Index order is the mask read from bit 0 up. */
    for (int i = 0, k = 0; i < m; i++) {
        if (!(keep >> i & 1u))
            continue;
        kept_vals[k] = vals[i];
        kept_idx[k] = (uint8_t)i;
        k++;
    }
    *mask = keep;
    return 0;
}
