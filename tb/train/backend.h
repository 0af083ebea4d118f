/*
** backend: where nmtrain's accelerator operations run.  On the hardware
** (the Verilated nm_top, through nmsim's train_step exports: every command
** split to the buffers and every tensor it writes compared bit for bit with
** the golden model) or on the golden model alone (tb/model: nm_gemm_ref,
** nm_sore_group, nm_wuve_pass on whole tensors).  The contract makes both
** give the same bits: tiling chains K parts through fp32 C_in in the
** contract's sum order, PRUNE is per group, UPDATE per element.
*/
#ifndef NT_BACKEND_H
#define NT_BACKEND_H

#include <stdint.h>

#include "nm_gemm.h"
#include "nm_wuve.h"
#include "train_step.h"

typedef struct nt_be {
  train_ctx *x;   /* the hardware; NULL in a model-only run */
  int hw;         /* this operation runs on the hardware (x != NULL) */
} nt_be;

/* N:M pruning of a layer's W16: forward A' (Co x Ki*N/M), backward A' (Ki x
** Co*N/M, W^T compressed along Cout), forward mask (Co x Ki, 0/1). */
typedef struct nt_pruned {
  uint16_t *fval, *bval;
  uint8_t *fidx, *bidx, *fmask;
} nt_pruned;
void nt_pruned_free(nt_pruned *p);

/* C = A.B (no C_in); phase/name label the hardware's cycle tables.  0, or -1
** (a hardware check failed; the report says what). */
int be_gemm(nt_be *b, int phase, const char *name, const nm_gemm_cmd *c, const uint16_t *aval,
            const uint8_t *aidx, const uint16_t *bm, uint32_t *out);

/* PRUNE (SORE) of L->w16 at L->n:L->m. */
int be_prune(nt_be *b, train_layer *L, nt_pruned *p);

/* AMP UPDATE of nl layers: check every layer (found_inf cleared first), then
** update_unless_inf every layer, so one overflow anywhere skips the whole
** step.  dw[l], mask[l]: Co x Ki.  *found_inf: the check's result. */
int be_update(nt_be *b, const nm_wuve_hp *hp, train_layer *L, int nl, uint16_t *const *dw,
              uint8_t *const *mask, int *found_inf);

#endif
