/*
** The WUVE test data (wuve_gen.c), shared by the suite test_rtl_wuve and
** the bench wuve_bench: one layer's RAM contents plus the inputs of one
** update, and seeded generators of values with every edge the datapath has.
*/
#ifndef NM_WUVE_GEN_H
#define NM_WUVE_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "dut_wuve.h"
#include "nm_rng.h"
#include "nm_wuve.h"

/* The RAM contents of one layer plus the inputs of one update. */
typedef struct {
  size_t n;
  uint32_t *w, *v;
  uint16_t *w16, *dw;
  uint8_t *mask;
} wv_tensor;

wv_tensor wv_tensor_alloc(size_t n);
void wv_tensor_free(wv_tensor *t);
void wv_tensor_copy(wv_tensor *dst, const wv_tensor *src);

/* A loss-scaled fp16 gradient.  bad_permille: how often it is Inf/NaN;
** max_exp: the largest biased fp16 exponent of a finite one (30 = any). */
uint16_t wv_gen_grad(nm_rng *r, uint32_t bad_permille, uint32_t max_exp);

/* Fill a tensor: states, garbage fp16 copies (they are only written, so
** garbage proves an unwritten element stays), gradients, mask bits. */
void wv_gen_tensor(nm_rng *r, wv_tensor *t, uint32_t bad_permille, uint32_t max_exp);

/* Realistic hyperparameters: power-of-two loss scales up to 2^24 (as a
** dynamic loss scaler makes them), lr 2^-17..1, mu 0.9/0.99/any, small decays. */
nm_wuve_hp wv_gen_hp_realistic(nm_rng *r);

/* Realistic, then each register at an edge now and then. */
nm_wuve_hp wv_gen_hp(nm_rng *r);

/* The engine's registers of a hyperparameter set. */
dut_wuve_regs wv_regs_of(const nm_wuve_hp *hp);

/* Random idle cycles: mostly back to back, every ~16th beat waits 1..3. */
uint8_t *wv_gen_idle(nm_rng *r, size_t beats);

#endif
