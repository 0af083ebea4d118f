#include "nm_wuve.h"

#include "nm_fp.h"

/* The first g: the loss-scaled fp16 gradient, unscaled in fp32.  It is the
 * value AMP checks for overflow, so it is exposed on its own. */
static uint32_t unscaled_grad(const nm_wuve_hp *hp, uint16_t dw)
{
    return nm_mul32(nm_cvt16to32(dw), hp->inv_scale);
}

/* Inf and NaN share the all-ones exponent. */
static int is_bad32(uint32_t b)
{
    return nm_is_inf32(b) || nm_is_nan32(b);
}

nm_wuve_out nm_wuve_elem(const nm_wuve_hp *hp, uint32_t w, uint32_t v, uint16_t dw, int mask)
{
    nm_wuve_out r;
    uint32_t g0 = unscaled_grad(hp, dw);
    uint32_t g = nm_add32(g0, nm_mul32(hp->wd, w));
    /* A kept weight takes g as is: adding a zero instead would turn a -0
     * into +0, which the sequence does not do. */
    if (!mask)
        g = nm_add32(g, nm_mul32(hp->srste, w));
    r.v = nm_add32(nm_mul32(hp->mu, v), g);
    r.w = nm_add32(w, nm_neg32(nm_mul32(hp->lr, r.v)));
    r.w16 = nm_cvt32to16(r.w);
    r.g0_bad = is_bad32(g0);
    return r;
}

int nm_wuve_any_bad(const nm_wuve_hp *hp, const uint16_t *dw, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_bad32(unscaled_grad(hp, dw[i])))
            return 1;
    return 0;
}

/* Write every element's update in place. */
static void update_all(const nm_wuve_hp *hp, size_t n, uint32_t *w, uint32_t *v, uint16_t *w16,
                       const uint16_t *dw, const uint8_t *mask)
{
    for (size_t i = 0; i < n; i++) {
        nm_wuve_out r = nm_wuve_elem(hp, w[i], v[i], dw[i], mask[i] != 0);
        w[i] = r.w;
        v[i] = r.v;
        w16[i] = r.w16;
    }
}

size_t nm_wuve_pass(const nm_wuve_hp *hp, nm_wuve_mode mode, size_t n, uint32_t *w, uint32_t *v,
                    uint16_t *w16, const uint16_t *dw, const uint8_t *mask, int *found_inf)
{
    /* The overflow check runs in every mode: it only reads the gradients. */
    if (nm_wuve_any_bad(hp, dw, n))
        *found_inf = 1;
    if (mode == NM_WUVE_CHECK)
        return 0;
    /* AMP's skipped step: one Inf/NaN anywhere (now or in an earlier check
     * pass) leaves the whole tensor as it was. */
    if (mode == NM_WUVE_UPDATE_UNLESS_INF && *found_inf)
        return 0;
    update_all(hp, n, w, v, w16, dw, mask);
    return n;
}
