/*
** Cycle model of the STCE engine (nm_stce): the exact number of cycles
** busy_o is high for one command, from the command and the configuration.
** It follows the engine's schedule (see the header of nm_stce.vt).  OS:
**
**   check                  2
**   LD0 (tile 0's inits)   R*L
**   per tile (T of them)   Keff*L, Keff = max(K', R+1+ceil((R-1)/L))
**   drain                  D0 + R*L + C + cvt, D0 = mul + R + L - 1
**
** L = max(add_stages, 1) output slots interleaved per PE; a tile is R rows
** by L*C columns (slots across J), T = ceil(I/R) * ceil(J/(L*C)), or L*R
** rows by C columns (slots across I), T = ceil(I/(L*R)) * ceil(J/C), the
** latter when it is strictly fewer (L > 1; the engine's check decides the
** same way; results are the same bits).  Tiles stream back to
** back: each tile's inits load and the previous tile's results unload
** while it computes.  WS (H = add+1, NS = R*ceil(C/R); one beat a cycle
** at every N:M and shape, see nm_stce_ws_bfeed.vt):
**
**   check 2 + preload NS + ceil(I/C) * ceil(K'/R) * beats
**   + drain R + 1 + R*H + C + mul + cvt,  beats = roundup(max(J, JMIN), C),
**   JMIN = max(R*H + cvt + 3, (R-1)*H + C + NS + 2, R + (R-1)*H + C + 3)
**
** A refused command costs the 2 check cycles.
*/
#ifndef NM_STCE_CYCLES_H
#define NM_STCE_CYCLES_H

#include <stdint.h>

#include "nm_gemm.h"

typedef struct {
  int rows, cols;                          /* R, C */
  int mul_stages, add_stages, cvt_stages;  /* FP pipeline depths */
} nm_stce_hw;

/* Interleaved output slots per PE: L. */
int nm_stce_slots(const nm_stce_hw *hw);

/* The shortest OS tile stream in k' steps: KMIN = R + 1 + ceil((R-1)/L)
** (shorter K' is padded to it). */
uint64_t nm_stce_os_kmin(const nm_stce_hw *hw);

/* The fewest WS beats of a tile before rounding up to C: JMIN (above). */
uint64_t nm_stce_ws_jmin(const nm_stce_hw *hw);

/* Does OS fill a PE's slots across I (tiles of L*R x C) for this command? */
int nm_stce_os_islot(const nm_stce_hw *hw, const nm_gemm_cmd *c);

/* Number of OS tiles the engine walks for a command (the shape above). */
uint64_t nm_stce_tiles(const nm_stce_hw *hw, const nm_gemm_cmd *c);

/* busy_o cycles of a command; `refused` = it was refused by the check. */
uint64_t nm_stce_cycles(const nm_stce_hw *hw, const nm_gemm_cmd *c, int refused);

/* Useful MACs of a command: I * J * K'. */
uint64_t nm_stce_macs(const nm_gemm_cmd *c);

/* SCALE-Sim's per-fold estimate for comparison: OS R+C+T-2 per fold, T = K',
** folds = ceil(I/R)*ceil(J/C); WS 2R+C+T-2 per fold, T = J, folds =
** ceil(K'/R)*ceil(I/C) (A' stationary, as in nm_stce). */
uint64_t nm_stce_scalesim_cycles(const nm_stce_hw *hw, const nm_gemm_cmd *c, int ws);

#endif
