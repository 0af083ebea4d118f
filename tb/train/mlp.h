/*
** mlp: a multilayer perceptron (ReLU hidden layers, softmax cross-entropy)
** whose GEMMs, pruning and weight updates are the accelerator's (backend.h)
** and whose element-wise ops are the host's, in plain C float:
**
**   layer l   W[Co][Ki] (train_layer: master W32, momentum V32, fp16 W16);
**             Ki = inputs + 1 (a constant-1 input row carries the bias, so
**             every parameter goes through PRUNE and UPDATE), both padded
**             with zeros to a multiple of the pad (zero weights on zero
**             inputs get zero gradients: they stay zero)
**   step      PRUNE every layer (Wf, Wb from W16; dense: none), FF
**             Y = Wf.X (fp16 out, fp32 for the logits), host ReLU, host
**             softmax cross-entropy, dY = (p - onehot) * scale / B in fp16,
**             then per layer from the top: WG dW = dY.X^T (dense, fp16 out),
**             BP dX = Wb.dY (fp16 out; not for the first layer), host ReLU'
**             mask; AMP UPDATE of every layer (WUVE check, then
**             update_unless_inf)
*/
#ifndef NT_MLP_H
#define NT_MLP_H

#include <stdint.h>

#include "backend.h"
#include "train_work.h"

#define NT_MAX_LAYERS 6

typedef struct nt_mlp {
  int nl;
  int width[NT_MAX_LAYERS + 1]; /* real sizes: width[0] inputs ... width[nl] classes */
  int dense;                    /* 1: dense GEMMs, no PRUNE */
  int n, m;                     /* N:M of FF and BP (dense: m = m) */
  int pad;                      /* Ki and Co are multiples of it */
  train_layer L[NT_MAX_LAYERS];
} nt_mlp;

/* Layers width[0] -> ... -> width[nl], He-normal weights from seed, zero
** biases and momenta.  0, or -1 (out of memory). */
int mlp_init(nt_mlp *net, int nl, const int *width, int dense, int n, int m, int pad,
             uint64_t seed);
void mlp_free(nt_mlp *net);

/* The M of a dense GEMM over K: its largest divisor <= MMAX (the sum order,
** so the bits, do not depend on it). */
int mlp_dense_m(int K);

/* Forward pass of B samples (x0: Ki0 x B fp16, bias row included) with the
** layers' current W16; logits: width[nl] x B floats.  Prunes on `be` first
** unless dense.  0, or -1. */
int mlp_forward(nt_mlp *net, nt_be *be, const uint16_t *x0, int B, float *logits);

/* One training step on a batch; loss_sum and correct add the batch's loss
** (sum over samples, NaN if it diverged) and right answers; *found_inf the
** AMP check.  hp.inv_scale must be 1/scale.  0, or -1 (hardware failure). */
int mlp_step(nt_mlp *net, nt_be *be, const uint16_t *x0, const uint8_t *labels, int B,
             float scale, const nm_wuve_hp *hp, double *loss_sum, int *correct, int *found_inf);

/* Input columns of images idx[0..B-1] (pixels / 16, then the bias 1). */
void mlp_input(const nt_mlp *net, const uint8_t (*pix)[64], const int *idx, int B, uint16_t *x0);

/* FNV-1a over every layer's W32, V32 and W16: equal runs, equal hashes. */
uint64_t mlp_hash(const nt_mlp *net);

#endif
