/*
** train_step: one layer's training step on nm_top (DESIGN.md "One training
** step of a layer"), every output checked bit for bit against the golden
** model:
**
**   PRUNE   SORE: Wf = N:M(W16 along Cin), Wb = N:M(W16^T along Cout), both
**           from the same W16 in one command stream (chunked to the buffers)
**   FF      STCE: Y  = Wf' . X        (A' = the PRUNE outputs, moved by the host)
**   BP      STCE: dX = Wb' . dY
**   WG      STCE: dW = dY . X^T       dense, fp16 out
**   ANT     conv layers: dW planes of a few (Cout, Cin) pairs from the
**           sparse X and dY planes, ant and scnn modes (identical bits)
**   UPDATE  WUVE: W32, V32, {fwd mask, dW16} -> W32', V32', W16'; AMP
**           (clear + check, then update_unless_inf) or plain update
**
** GEMMs larger than the STCE buffers are split over I, J and K into several
** commands; K chunks after the first take the previous chunk's fp32 results
** as C_in, so the sum order stays the contract's k' = 0..K'-1.  All data
** movement between engines is done by the host through the buffer windows.
*/
#ifndef NM_TRAIN_STEP_H
#define NM_TRAIN_STEP_H

#include <stdint.h>

#include "dump.h"
#include "nm_gemm.h"
#include "train_hw.h"
#include "train_report.h"
#include "train_work.h"

typedef struct train_ctx {
  train_hw hw;
  train_report rep;
  train_work work;
  dump *dump;
  nm_rng rng;                 /* per-command choices: dataflow, bases, cin, out16, ... */
  int front_all;              /* every buffer word through AXI */
  int xfer, front_xfer;       /* transfers of this step, the one sent through AXI */
  int found_inf;              /* the model's STATUS.found_inf */
  int no_ant;                 /* skip the ANT commands */
  /* Sparse FF/BP vs dense, per N:M [n][m], in engine cycles: measured sparse
  ** and the exact STCE cycle model for the same command made dense. */
  uint64_t sp_engine[17][17], dn_model[17][17];
  /* The measured dense runs (iteration 0) and the sparse runs of those layers. */
  uint64_t meas_dense, meas_sparse;
  int dense_runs;
  /* ANT: [0] ant mode, [1] scnn mode. */
  uint64_t ant_cycles[2], ant_pairs[2], ant_prods[2], ant_rcps[2], ant_skipped[2];
  /* Coverage the summary reports: GEMMs split along K, their later parts
  ** (C_in = the previous part's partial sum) and those with a nonzero one;
  ** ANT commands by kind; accumulator overflows (STATUS.ANT_OVF) and
  ** outputs whose exact sum rounded to +-Inf. */
  uint64_t ksplit_gemms, ksplit_parts, ksplit_nonzero;
  uint64_t ant_wg_cmds, ant_fwd_cmds, ant_fwd_strided, ant_probe_cmds;
  uint64_t ant_ovf_cmds, ant_inf_outs;
  /* ANT commands not run because they do not fit the buffers (only from
  ** --layers: random layers are sized to fit), and why. */
  uint64_t ant_skips;
  char ant_skip_why[256];
} train_ctx;

/* One training step of layer li in iteration iter: 0, or -1 on a failure. */
int step_layer(train_ctx *x, int iter, int li);

/* Is the next buffer transfer of this step the one through the front door? */
int step_front(train_ctx *x);
/* The command's --dump record (dump_cmd) at x's iteration and layer; a file
** that cannot be written fails the run ("--dump: cannot write the OP
** command's files"): 0 or -1. */
int step_dump(train_ctx *x, const char *op, const char *phase, const char *fields,
              const dump_tensor *in, int nin, const dump_tensor *out, int nout);

/* The ANT part of a conv layer's step (train_ant.c): weight-gradient planes
** and forward-conv planes of the pruned weights (fmask: Co x Ki). */
int step_ant(train_ctx *x, train_layer *L, const train_batch *b, const uint8_t *fmask);

/* Once per run: ANT commands whose sums leave the fp16 range and, where
** ant_acc_bits is small enough, the accumulator (STATUS.ANT_OVF). */
int ant_probe(train_ctx *x);

/* Exports for nmtrain (tb/train), thin wrappers over this file's statics:
** one GEMM split to the buffers and checked (no C_in; c->ws is drawn per
** command); PRUNE of L's W16 (forward A', backward A', forward mask, caller
** frees); the WUVE hyperparameter registers from x->work.hp; one UPDATE
** command over elements e0..e0+n-1 (mode NM_WUVE_*, clear resets found_inf). */
int step_gemm(train_ctx *x, int phase, const char *name, const nm_gemm_cmd *c,
              const uint16_t *aval, const uint8_t *aidx, const uint16_t *b, uint32_t *out);
int step_prune(train_ctx *x, train_layer *L, uint16_t **fval, uint8_t **fidx, uint16_t **bval,
               uint8_t **bidx, uint8_t **fmask);
int step_write_hp(train_ctx *x);
int step_update_chunk(train_ctx *x, train_layer *L, const uint16_t *dw, const uint8_t *mask,
                      int e0, int n, int mode, int clear);

#endif
