/* The schedule model (e2e_sched.h). */
#include "e2e_sched.h"

#include <stdlib.h>

uint64_t es_schedule(const es_op *ops, int n, uint64_t *start, uint64_t *end, uint64_t *busy_c) {
  if (n < 0) return UINT64_MAX;
  /* Deps read earlier ends: a caller without an end array gets a scratch one. */
  uint64_t *own = NULL, *fin = end;
  if (!fin && n > 0 && !(fin = own = malloc((size_t)n * sizeof *fin))) return UINT64_MAX;
  uint64_t free_at[ES_NCHAN] = {0}, span = 0, busy = 0;
  for (int i = 0; i < n; i++) {
    const es_op *o = &ops[i];
    if (o->chan < 0 || o->chan >= ES_NCHAN || o->ndeps < 0 || o->ndeps > ES_MAX_DEPS) {
      span = UINT64_MAX;
      break;
    }
    uint64_t t = free_at[o->chan];
    for (int d = 0; d < o->ndeps && span != UINT64_MAX; d++) {
      int j = o->dep[d];
      if (j < 0 || j >= i) span = UINT64_MAX;
      else if (fin[j] > t) t = fin[j];
    }
    if (span == UINT64_MAX) break;
    if (start) start[i] = t;
    fin[i] = t + o->cycles;
    free_at[o->chan] = fin[i];
    if (fin[i] > span) span = fin[i];
    if (o->chan != ES_XFER) busy += o->cycles;
  }
  free(own);
  if (busy_c && span != UINT64_MAX) *busy_c = busy;
  return span;
}
