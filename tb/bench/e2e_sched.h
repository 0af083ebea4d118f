/*
** The e2e bench's schedule model (issue 17: DMA/compute overlap; issue 18:
** engines side by side).  nm_top runs one XFER and, per engine, one compute
** command at a time (its command queue has a channel per engine).  A
** command list is costed as ops in issue order: each channel runs its ops
** in list order, one at a time; an op starts when its channel is free and
** every op it depends on has ended.  Which ops may overlap (disjoint buffer
** halves, the XFER rules of nm_top) is the caller's business, expressed as
** dependencies.  A caller that models one compute command at a time (the
** `e2e` lines) puts every compute op on ES_COMPUTE.
*/
#ifndef NM_E2E_SCHED_H
#define NM_E2E_SCHED_H

#include <stdint.h>

/* Channels: the STCE (or every engine, one at a time), the DMA, SORE, WUVE. */
enum { ES_COMPUTE = 0, ES_XFER = 1, ES_SORE = 2, ES_WUVE = 3, ES_NCHAN = 4, ES_MAX_DEPS = 4 };

typedef struct {
  int chan;               /* 0 .. ES_NCHAN - 1 */
  uint64_t cycles;
  int ndeps;              /* 0 .. ES_MAX_DEPS */
  int dep[ES_MAX_DEPS];   /* indices of earlier ops */
} es_op;

/* Fills start[i] / end[i] (either may be NULL) and returns the makespan (the
** last end, 0 for n = 0); *busy_c (may be NULL) = the sum of compute cycles
** (every channel but ES_XFER).  A bad op (channel out of range, ndeps out of range, a dep not an earlier op)
** returns UINT64_MAX with start/end unspecified. */
uint64_t es_schedule(const es_op *ops, int n, uint64_t *start, uint64_t *end, uint64_t *busy_c);

#endif
