/*
** bench-scalesim: what the STCE would take under the schedule changes that
** sim/scalesim/PROPOSAL.md proposes, computed from the cycle model's own
** terms (tb/model/nm_stce_cycles.c).  Estimates, not RTL: nothing here is
** checked against a simulation.
*/
#ifndef SCALESIM_WHATIF_H
#define SCALESIM_WHATIF_H

#include <stdint.h>

#include "nm_gemm.h"
#include "nm_stce_cycles.h"

/* Cycles of one OS tile stream: Keff * L (Keff = max(K', KMIN)). */
uint64_t ss_os_stream(const nm_stce_hw *hw, const nm_gemm_cmd *c);

/* Tiles one OS command needs when each tile may use any shape (a*R) x (b*C)
** with a*b = L (L slots filled across I by a, across J by b), chosen per
** command or per edge strip (see scalesim_whatif.c).  The engine today
** picks per command between a = 1, b = L and a = L, b = 1 (nm_stce_tiles(),
** nm_stce_os_islot()); the estimate adds the mixed shapes and edge strips. */
uint64_t ss_os_tiles_filled(const nm_stce_hw *hw, const nm_gemm_cmd *c);

/* A lower bound on the tiles of any OS schedule on this array: L slots a
** tile in lock step, one R x C rectangle of outputs a slot, every output's
** k' sequence in one slot (DESIGN.md's fixed sum order).  Times
** ss_os_stream() it bounds the cycles below, whatever the slot shapes. */
uint64_t ss_os_tiles_bound(const nm_stce_hw *hw, const nm_gemm_cmd *c);

/* nm_stce_cycles of an OS command with ss_os_tiles_filled() tiles. */
uint64_t ss_os_cycles_filled(const nm_stce_hw *hw, const nm_gemm_cmd *c);

/* The part of a command's engine cycles that is not tile streaming (check,
** first preload, last drain, and for WS the JMIN/C round-up is NOT counted
** here): what overlapping a command with its neighbours would hide. */
uint64_t ss_fixed_cycles(const nm_stce_hw *hw, const nm_gemm_cmd *c);

#endif
