/*
** Random CSR planes for the ANT tests and bench (see nm_ant_work.h).
*/
#include "nm_ant_work.h"

#include <stdlib.h>
#include <string.h>

uint16_t nm_ant_value(int vclass, nm_rng *r) {
  const uint16_t sign = (uint16_t)(nm_rng_below(r, 2) << 15);
  switch (vclass) {
  case NM_ANT_V_MAX:
    return (uint16_t)(sign | 0x7BFF);
  case NM_ANT_V_SPECIAL:
    switch (nm_rng_below(r, 32)) {
    case 0: return (uint16_t)(sign | 0x7C00);                               /* Inf */
    case 1: return (uint16_t)(sign | 0x7C00 | (1 + nm_rng_below(r, 0x3FF))); /* NaN */
    default: return nm_ant_value(NM_ANT_V_WIDE, r);
    }
  case NM_ANT_V_WIDE:
    switch (nm_rng_below(r, 8)) {
    case 0: return sign;                                                    /* +-0 */
    case 1: return (uint16_t)(sign | nm_rng_below(r, 0x400));               /* subnormal */
    case 2: return (uint16_t)(sign | (0x7800 + nm_rng_below(r, 0x400)));    /* huge */
    default: return (uint16_t)(sign | nm_rng_below(r, 0x7C00));             /* any finite */
    }
  default:
    if (nm_rng_below(r, 16) == 0) return sign;
    return (uint16_t)(sign | (0x3400 + nm_rng_below(r, 0x1000)));            /* 0.25 .. 4 */
  }
}

int nm_ant_plane_random(nm_ant_plane *p, int rows, int cols, double density, int vclass,
                        nm_rng *r) {
  p->rows = rows, p->cols = cols, p->nnz = 0;
  p->rowptr = malloc(sizeof *p->rowptr * (size_t)(rows + 1));
  p->elem = malloc(sizeof *p->elem * (size_t)(rows * cols > 0 ? rows * cols : 1));
  if (!p->rowptr || !p->elem) {
    nm_ant_plane_free(p);
    return -1;
  }
  for (int y = 0; y < rows; y++) {
    p->rowptr[y] = p->nnz;
    for (int x = 0; x < cols; x++)
      if (nm_rng_unit(r) < density) {
        p->elem[p->nnz].coord = (uint16_t)x;
        p->elem[p->nnz].val = nm_ant_value(vclass, r);
        p->nnz++;
      }
  }
  p->rowptr[rows] = p->nnz;
  return 0;
}

void nm_ant_plane_free(nm_ant_plane *p) {
  free(p->rowptr);
  free(p->elem);
  p->rowptr = NULL, p->elem = NULL;
}

int nm_ant_plane_stack(const nm_ant_plane *p, int np, nm_ant_plane *o) {
  o->rows = 0, o->cols = p[0].cols, o->nnz = 0;
  for (int i = 0; i < np; i++) o->rows += p[i].rows, o->nnz += p[i].nnz;
  o->rowptr = malloc(sizeof *o->rowptr * ((size_t)o->rows + 1));
  o->elem = malloc(sizeof *o->elem * (o->nnz ? o->nnz : 1));
  if (!o->rowptr || !o->elem) {
    nm_ant_plane_free(o);
    return -1;
  }
  int row = 0;
  uint32_t e = 0;
  for (int i = 0; i < np; i++) {
    for (int y = 0; y < p[i].rows; y++) o->rowptr[row++] = e + p[i].rowptr[y];
    memcpy(o->elem + e, p[i].elem, p[i].nnz * sizeof *o->elem);
    e += p[i].nnz;
  }
  o->rowptr[row] = e;
  return 0;
}
