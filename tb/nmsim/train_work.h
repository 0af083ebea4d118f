/*
** train_work: nmsim's random N:M training workloads.
**
** A workload is a list of layers, each a GEMM view of a fully connected or
** convolution layer (conv through im2col), plus the WUVE hyperparameters and
** the update policy, all drawn from the seed (or the layers from --layers).
**
**   layer    W[Co][Ki] (master W32, momentum V32, fp16 copy W16), per
**            iteration activations X[Ki][P] and output gradients dY[Co][P]
**   fc       Ki = Cin, P = batch columns
**   conv     Ki = Cin*k*k (im2col of Cin planes H x W, stride s, pad p),
**            P = Hout*Wout; X and dY also kept as sparse CSR planes for ANT
**
** Co and Ki are padded with zeros to multiples of M (backward and forward
** pruning groups), P to a multiple of the dense weight-gradient GEMM's M.
** Value classes (nm_ant_work.h) give wide exponents, zeros, subnormals and,
** in the SPECIAL class, Inf and NaN.  No global state.
*/
#ifndef NM_TRAIN_WORK_H
#define NM_TRAIN_WORK_H

#include <stddef.h>
#include <stdint.h>

#include "nm_ant_work.h"
#include "nm_rng.h"
#include "nm_wuve.h"

enum { LK_FC = 0, LK_CONV = 1 };

typedef struct train_layer {
  int kind;
  int cin, cout, p;           /* fc: p = batch; conv: p = ho * wo */
  int h, w, k, s, pad, ho, wo; /* conv only */
  int n, m;                   /* N:M of the weights */
  int md;                     /* M of the dense weight-gradient GEMM */
  int Co, Ki, P;              /* padded GEMM sizes */
  int vc_w, vc_x, vc_g;       /* value classes of W, X, dY */
  double dens_x, dens_g;      /* nonzero densities of X, dY */
  uint32_t *w32, *v32;        /* Co x Ki row-major */
  uint16_t *w16;
  uint8_t *mask;              /* last forward mask (0/1), Co x Ki */
  int have_mask;
  uint64_t mask_flips;        /* forward-mask bits that changed between iterations */
} train_layer;

typedef struct train_work {
  int nlayers;
  train_layer *layers;
  nm_wuve_hp hp;
  int amp;                    /* 1: clear+check, then update_unless_inf; 0: plain update */
  int good_steps;             /* AMP loss-scale growth counter */
  uint64_t skipped_steps, scale_changes;
  nm_rng rng;                 /* the workload's stream */
} train_work;

/* One iteration's data of a layer. */
typedef struct train_batch {
  uint16_t *x;                /* Ki x P */
  uint16_t *dy;               /* Co x P */
  nm_ant_plane *xpl;          /* conv: cin planes h x w */
  nm_ant_plane *gpl;          /* conv: cout planes ho x wo */
  int nx, ng;
} train_batch;

/* Text of --help describing the --layers syntax. */
extern const char train_layers_help[];

/* Layers from spec (NULL: random from the seed), hyperparameters and the
** update policy from the seed.  0, or -1 with a message in err. */
int work_init(train_work *w, uint64_t seed, const char *spec, char *err, size_t errlen);
void work_free(train_work *w);

/* The next iteration's X and dY of a layer (from the workload stream). */
int work_batch(train_work *w, const train_layer *L, train_batch *b);
void work_batch_free(train_batch *b);

/* "fc:64x32x16@2:4"-style text of a layer (its --layers spec). */
void work_describe(const train_layer *L, char *buf, size_t n);

/* AMP loss-scale dynamics after a layer's update: halve the scale (double
** inv_scale) on an overflow, double it after two good steps. */
void work_loss_scale(train_work *w, int found_inf);

#endif
