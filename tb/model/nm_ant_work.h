/*
 * nm_ant_work: random CSR planes for the ANT tests and bench.
 *
 * A plane is drawn dense (rows x cols, each element kept with probability
 * `density`), then compressed to CSR by row with strictly increasing
 * columns, as nm_ant_engine's buffers take it.  Value classes:
 *   NM_ANT_V_PLAIN    finite values with exponents around 1 and some +-0
 *   NM_ANT_V_WIDE     any finite fp16: subnormals, +-0, max magnitudes
 *   NM_ANT_V_SPECIAL  WIDE plus a few +-Inf and NaNs
 *   NM_ANT_V_MAX      +-65504 only (drives the accumulators to overflow)
 * All state is in the caller's nm_rng and the plane.
 */
#ifndef NM_ANT_WORK_H
#define NM_ANT_WORK_H

#include "nm_ant.h"
#include "nm_rng.h"

enum { NM_ANT_V_PLAIN = 0, NM_ANT_V_WIDE = 1, NM_ANT_V_SPECIAL = 2, NM_ANT_V_MAX = 3 };

typedef struct nm_ant_plane {
  int rows, cols;
  uint32_t nnz;
  uint32_t *rowptr;          /* rows + 1 */
  nm_ant_elem *elem;         /* nnz */
} nm_ant_plane;

/* 0, or -1 when out of memory. */
int nm_ant_plane_random(nm_ant_plane *p, int rows, int cols, double density, int vclass,
                        nm_rng *r);
void nm_ant_plane_free(nm_ant_plane *p);

/* np planes of equal rows one after the other, as an ANT batch command
** takes them (plane i's rows from i*rows on, its elements after plane
** i-1's).  0, or -1 when out of memory. */
int nm_ant_plane_stack(const nm_ant_plane *p, int np, nm_ant_plane *o);

/* One fp16 value of a class. */
uint16_t nm_ant_value(int vclass, nm_rng *r);

static inline nm_ant_csr nm_ant_plane_csr(const nm_ant_plane *p) {
  nm_ant_csr c = {p->rows, p->rowptr, p->elem};
  return c;
}

#endif /* NM_ANT_WORK_H */
