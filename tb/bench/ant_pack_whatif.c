/*
** ant_pack_whatif: how busy could the ANT multipliers be with vector packing?
** (make bench-ant-pack; a model run, no RTL.)
**
** The engine multiplies an image vector of n nonzeros by a kernel vector of
** n nonzeros: n x n products a cycle, each image lane against each kernel
** lane.  Today a vector holds the nonzeros of one row segment (at 10 %
** density ~1.4 of n), so few of the n^2 multipliers work.  The packing in
** question fills the n lanes with any n nonzeros of the CSR stream, with
** per-lane output coordinates.  Whatever the packing, every kernel nonzero
** that has a valid partner must sit in some cycle's kernel vector, and every
** such image nonzero in some image vector, so a pair needs at least
** max(ceil(Ku / n), ceil(Xu / n)) cycles (Ku, Xu: those nonzeros), and a
** cycle does at most n^2 valid products.  The best any such packing can
** reach is therefore
**     busy <= V / (n^2 * max(ceil(Ku / n), ceil(Xu / n)))
** with V the pair's valid products, counted here exactly on random planes at
** the layer's full size (the same generator as ant_bench).  Per conv layer of
** ResNet-18 / VGG-16 with dY planes >= 14x14 it prints
**     antpack <net> <layer> density=<d>% n=<n> valid/kernel_nz=<v> bound_busy=<b>%
** and the least bound over those layers.  Valid products per kernel nonzero
** are about K^2 * density (0.9 for 3x3 at 10 %), so the bound is near
** K^2 * density / n.
**
**   ant_pack_whatif LAYERS_DIR [n] [density] [pairs] [seed]
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"
#include "nm_ant.h"
#include "nm_ant_work.h"
#include "nm_rng.h"

/* Occupancy of a plane as a dense rows x cols byte grid. */
static unsigned char *grid(const nm_ant_plane *p) {
  unsigned char *g = calloc((size_t)p->rows * (size_t)p->cols, 1);
  if (!g) return NULL;
  for (int y = 0; y < p->rows; y++)
    for (uint32_t e = p->rowptr[y]; e < p->rowptr[y + 1]; e++) g[(size_t)y * p->cols + p->elem[e].coord] = 1;
  return g;
}

/* Valid products of one WG pair (X image, dY kernel), and how many nonzeros
** of each plane have at least one valid partner.  dW[i][j] += X[d*r + i -
** pad][d*c + j - pad] * dY[r][c], i, j in [0, K). */
static void pair_stats(const bn_layer *l, const nm_ant_plane *x, const nm_ant_plane *dy, uint64_t *valid,
                       uint64_t *ku, uint64_t *xu) {
  unsigned char *gx = grid(x), *hit = calloc((size_t)x->rows * (size_t)x->cols, 1);
  *valid = *ku = *xu = 0;
  if (!gx || !hit) {
    free(gx), free(hit);
    return;
  }
  for (int r = 0; r < dy->rows; r++)
    for (uint32_t e = dy->rowptr[r]; e < dy->rowptr[r + 1]; e++) {
      int c = dy->elem[e].coord, partners = 0;
      for (int i = 0; i < l->k; i++)
        for (int j = 0; j < l->k; j++) {
          int y = l->stride * r + i - l->pad, xc = l->stride * c + j - l->pad;
          if (y < 0 || y >= x->rows || xc < 0 || xc >= x->cols) continue;
          size_t at = (size_t)y * x->cols + xc;
          if (gx[at]) partners++, hit[at] = 1;
        }
      *valid += (uint64_t)partners;
      *ku += partners > 0;
    }
  for (size_t i = 0; i < (size_t)x->rows * x->cols; i++) *xu += hit[i];
  free(gx), free(hit);
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 6) {
    fprintf(stderr, "usage: ant_pack_whatif LAYERS_DIR [n] [density] [pairs] [seed]\n");
    return 2;
  }
  const int n = argc > 2 ? atoi(argv[2]) : 4, pairs = argc > 4 ? atoi(argv[4]) : 8;
  const double dens = argc > 3 ? atof(argv[3]) : 0.1;
  if (n < 1 || n > 16 || pairs < 1 || dens <= 0 || dens > 1) {
    fprintf(stderr, "ant_pack_whatif: bad n, density or pairs\n");
    return 2;
  }
  nm_rng r;
  nm_rng_seed(&r, argc > 5 ? strtoull(argv[5], NULL, 10) : 1);
  static const char *const nets[] = {"resnet18", "vgg16"};
  char err[256];
  for (size_t ni = 0; ni < sizeof nets / sizeof nets[0]; ni++) {
    bn_net net;
    if (bn_net_load(argv[1], nets[ni], 128, &net, err, sizeof err)) {
      fprintf(stderr, "ant_pack_whatif: %s\n", err);
      return 1;
    }
    double least = 1e9;
    for (int li = 0; li < net.nlayers; li++) {
      const bn_layer *l = &net.layer[li];
      if (!l->conv || l->input || l->hout < 14) continue;
      uint64_t V = 0, K = 0, cyc = 0;
      for (int s = 0; s < pairs; s++) {
        nm_ant_plane x, dy;
        if (nm_ant_plane_random(&x, l->hin, l->hin, dens, NM_ANT_V_PLAIN, &r) ||
            nm_ant_plane_random(&dy, l->hout, l->hout, dens, NM_ANT_V_PLAIN, &r))
          return 1;
        uint64_t v, ku, xu;
        pair_stats(l, &x, &dy, &v, &ku, &xu);
        uint64_t ck = (ku + (uint64_t)n - 1) / (uint64_t)n, cx = (xu + (uint64_t)n - 1) / (uint64_t)n;
        V += v, K += dy.nnz, cyc += ck > cx ? ck : cx;
        nm_ant_plane_free(&x), nm_ant_plane_free(&dy);
      }
      double bound = cyc ? 100.0 * (double)V / ((double)n * n * (double)cyc) : 0;
      printf("antpack %s %s density=%.0f%% n=%d valid/kernel_nz=%.2f bound_busy=%.1f%% plane=%dx%d->%dx%d\n",
             nets[ni], l->name, dens * 100, n, K ? (double)V / (double)K : 0, bound, l->hin, l->hin, l->hout,
             l->hout);
      if (bound < least) least = bound;
    }
    printf("antpack-summary %s density=%.0f%% n=%d least_bound_busy(planes>=14)=%.1f%%\n", nets[ni], dens * 100,
           n, least);
    bn_net_free(&net);
  }
  return 0;
}
