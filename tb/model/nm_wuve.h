/*
 * nm_wuve: golden model of the weight-update vector engine (DESIGN.md,
 * "WUVE").  SGD with momentum, weight decay, loss-scale unscaling, SR-STE
 * decay of pruned weights and the fp16 copy for the next forward pass, in
 * FP16/FP32 mixed precision as NVIDIA AMP does it.
 *
 * Per element, each op rounded to nearest even (nm_fp: the host's IEEE
 * float, NaN canonical):
 *
 *   g  = mul32(cvt16to32(dW16), inv_scale)
 *   g  = add32(g, mul32(wd, w))
 *   if (mask == 0) g = add32(g, mul32(srste, w))
 *   v' = add32(mul32(mu, v), g)
 *   w' = add32(w, -mul32(lr, v'))      the negation flips the sign bit only
 *   w16' = cvt32to16(w')
 *   found_inf |= isinf(g0) || isnan(g0)      g0 = the first g
 *
 * This is tensor-level AMP semantics with no knowledge of lanes, beats or
 * pipelines.  All state is in the caller's arrays and flags.
 */
#ifndef NM_WUVE_H
#define NM_WUVE_H

#include <stddef.h>
#include <stdint.h>

/* The five fp32 hyperparameter registers, as bit patterns. */
typedef struct nm_wuve_hp {
    uint32_t inv_scale; /* 1 / loss scale */
    uint32_t lr;        /* learning rate */
    uint32_t mu;        /* momentum */
    uint32_t wd;        /* weight decay */
    uint32_t srste;     /* SR-STE decay of pruned weights (0 = off) */
} nm_wuve_hp;

/* The modes; the numbers are the hardware's mode_i encoding. */
typedef enum nm_wuve_mode {
    NM_WUVE_CHECK = 0,             /* only found_inf; nothing is written */
    NM_WUVE_UPDATE = 1,            /* every element is written */
    NM_WUVE_UPDATE_UNLESS_INF = 2  /* AMP: nothing is written if found_inf */
} nm_wuve_mode;

/* One element's results. */
typedef struct nm_wuve_out {
    uint32_t w;     /* w' */
    uint32_t v;     /* v' */
    uint16_t w16;   /* w16' = cvt32to16(w') */
    int g0_bad;     /* g0 is +-Inf or NaN */
} nm_wuve_out;

/* The sequence above for one element; mask is the forward-mask bit. */
nm_wuve_out nm_wuve_elem(const nm_wuve_hp *hp, uint32_t w, uint32_t v, uint16_t dw, int mask);

/* 1 if any of the n elements has an Inf or NaN g0 (AMP's overflow check). */
int nm_wuve_any_bad(const nm_wuve_hp *hp, const uint16_t *dw, size_t n);

/*
 * One pass of `mode` over a tensor of n elements, in place: w, v, w16 are
 * the master weights, momenta and fp16 copies; dw the gradients; mask the
 * forward-mask bits (0 or 1).  *found_inf is the sticky flag: it is or-ed
 * with the tensor's check in every mode.  update_unless_inf writes nothing
 * when the flag is set on entry or the tensor itself has an Inf/NaN g0.
 * Returns the number of elements written (0 or n).
 */
size_t nm_wuve_pass(const nm_wuve_hp *hp, nm_wuve_mode mode, size_t n, uint32_t *w, uint32_t *v,
                    uint16_t *w16, const uint16_t *dw, const uint8_t *mask, int *found_inf);

#endif /* NM_WUVE_H */
