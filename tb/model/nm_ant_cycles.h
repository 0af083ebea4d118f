/*
 * nm_ant_cycles: the exact cycle count of nm_ant_engine's pipelined
 * sequencer (cycles_o of an accepted command), step by step from the same
 * stages: A (image rows -> image vectors), B (the vector's kernel rows in
 * range, one row-table read a cycle), T (one task buffered), C (the kernel
 * window: skip below the range, take up to n, issue a pair), the product
 * queue (a pair's valid products leave one a cycle; the next pair may load
 * when at most one is left; the command ends as the last one is added);
 * plus the clearing of the Hout*Wout accumulators, one a cycle from the
 * check cycle on (no pair loads before it ends), and the count
 * of the scnn loop's kernel vectors for the skip counter (kh + 1 cycles, in
 * the background).  Row 0's table entry is read in the check cycle.
 * cycles = 2 (start, check) + the run's cycles.
 * Only the algorithm's data decide it: the CSR planes and the command.
 */
#ifndef NM_ANT_CYCLES_H
#define NM_ANT_CYCLES_H

#include <stdint.h>

#include "nm_ant.h"

/* cycles_o of an accepted command (nm_ant_check == NM_ANT_OK). */
uint64_t nm_ant_cycles(const nm_ant_cmd *c, int clear, const nm_ant_csr *img,
                       const nm_ant_csr *ker);

/* A batch command (nm_ant_engine's CI x CO channel pairs): image planes
** img[0..ci-1], kernel planes ker[0..co-1], all of the same rows; output
** plane p = i*co + j of pair (i, j) at words p*Hout*Wout ..  Accepted
** (nm_ant_check_batch == NM_ANT_OK).  ci = co = 1 is nm_ant_cycles. */
uint64_t nm_ant_cycles_batch(const nm_ant_cmd *c, int clear, int ci, const nm_ant_csr *img,
                             int co, const nm_ant_csr *ker);

#endif /* NM_ANT_CYCLES_H */
