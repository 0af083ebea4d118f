/*
** train_pack: logical tensors <-> the engines' buffer layouts in nm_top's
** windows (nm_top spec §1, the header comments of nm_stce.vt and
** nm_ant_engine.vt).  This is the host-side data movement of nmsim: PRUNE
** outputs become STCE A' rows, WG outputs become WUVE gradients, and so on,
** by reading one window and writing another.  `front` selects the AXI
** front door for the whole tensor, else the back door.
**
** Every bank, word and bit position comes from the generated driver's
** layout helpers (nmd_loc_*, nmd_need_*: regmap.md's "Buffer layouts"
** lines, as firmware would place them; tb/model/nm_layout.c, their
** independent statement, is checked equal to them by test_layout and
** test_driver); dense A gets idx = k' % M, B lanes >= M zero, SORE_IN lanes
** >= M junk the engine must ignore.
*/
#ifndef NM_TRAIN_PACK_H
#define NM_TRAIN_PACK_H

#include <stdint.h>

#include "nm_ant_work.h"
#include "nm_rng.h"
#include "train_hw.h"

/* A' rows of an I x K' tile (aidx NULL: dense, idx = k' % M). */
int pack_stce_a(train_hw *h, const uint16_t *aval, const uint8_t *aidx, int I, int kp, int m,
                int abase, int front);
/* Columns j0..j0+J-1 of a K x ldb row-major B as a J-column tile. */
int pack_stce_b(train_hw *h, const uint16_t *b, int ldb, int j0, int K, int J, int m, int bbase,
                int front);
/* An I x J fp32 tile into / out of the C buffer. */
int pack_stce_c(train_hw *h, const uint32_t *c, int I, int J, int base, int front);
/* out16: the GEMM wrote fp16 (the word read whole; --dram: the fp16 tensor). */
int unpack_stce_c(train_hw *h, uint32_t *c, int I, int J, int base, int out16, int front);

/* ngroups groups of m fp16 (groups[g*m + e]) into SORE_IN; lanes >= m get
** junk from r, groups past ngroups up to the beat's end get zeros. */
int pack_sore_in(train_hw *h, const uint16_t *groups, int ngroups, int m, int base, nm_rng *r,
                 int front);
/* Outputs of ngroups groups of N:M with this n: val and idx as [g][MMAX]
** (every slot, so slots >= N are checked to be 0), mask[g]. */
int unpack_sore_out(train_hw *h, int ngroups, int n, int base, uint32_t *val, uint32_t *idx,
                    uint32_t *mask, int front);

/* n elements of a WUVE region (W, V or W16). */
int pack_wuve(train_hw *h, int region, const uint32_t *v, int n, int base, int front);
int unpack_wuve(train_hw *h, int region, uint32_t *v, int n, int base, int front);
/* n WUVE G elements: dW16 and the forward-mask bit. */
int pack_wuve_g(train_hw *h, const uint16_t *dw, const uint8_t *mask, int n, int base, int front);

/* A CSR plane into a row table and an element buffer (elements at base) of
** ANT engine eng (bank eng), through the windows. */
int pack_ant_plane(train_hw *h, int row_region, int elem_region, int eng, const nm_ant_plane *p,
                   int base, int front);
/* n output words of an ANT output region (OUT32, OUT16 or FLAGS) of engine
** eng, through the windows (counted as window words under --dram). */
int unpack_ant_out(train_hw *h, int region, int eng, uint32_t *v, int n, int front);
/* The planes p[e] of engines e = 0..n-1 (same rows), elements at base; and
** no outputs of each engine into v[e*no ..].  --dram: one XFER a table (or
** an output region) for all engines (nmd_xfer_ant_engines); FLAGS rows of odd
** length through the windows (XFER moves even row bytes). */
int pack_ant_planes(train_hw *h, int row_region, int elem_region, const nm_ant_plane *p, int n, int base,
                    int front);
int unpack_ant_outs(train_hw *h, int region, uint32_t *v, int n, int no, int front);

#endif
