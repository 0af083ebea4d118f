/*
** ant_wg: the weight-gradient pass of whole ResNet-18 / VGG-16 conv layers
** on the ANT engine against dense WG on the STCE of the same design
** (make bench-ant's `antwg` lines).
**
** A layer's WG is one ANT computation per (Cin, Cout) channel pair: image =
** the activation plane X (HIN x HIN), kernel = the output gradient dY
** (HOUT x HOUT), st = 1, d = stride, output dW (K x K).  Planes are drawn at
** their full size and density; a pair whose planes exceed the engine's row
** tables or CSR buffers runs as bands of dY rows (with their X rows), each
** one command adding onto the last (CLEAR on the first only), so the sum
** stays exact.  Pairs that fit one command run as batch commands of CI x CO
** pairs (CIM1 / COM1: CI X planes and CO dY planes, as many as the row
** tables, accumulators and CSR buffers take); on an nm_ant_array model
** (dut_ant_info.engines = P) every engine runs a batch of its own pairs
** (banded layers: the same pair on every engine), a command's cycles the
** longest engine's.  Sampled pairs run on the Verilated engine (outputs
** against nm_ant_accumulate bit for bit, counters against nm_ant_count,
** cycles against nm_ant_cycles / nm_ant_cycles_batch) and the layer's
** cycles are the mean pair times Cin*Cout (batch 1 on both sides).
** Dense WG: the layer's WG GEMM tiled and costed by bench_net's model.
** Ends with "antwg-check PASS cfg=.. engines=.. ..." when every command
** matched (bench-net reads the lines and requires that one).
*/
#ifndef ANT_WG_H
#define ANT_WG_H

#include "dut_ant.h"
#include "nm_ant.h"
#include "nm_ant_work.h"

typedef struct {
  const char *cfg_header;  /* the config's nm_config.h (bench_net's bn_hw) */
  const char *layers_dir;  /* sim/layers */
  int samples;             /* channel pairs sampled per layer and density */
  int scnn;                /* also run scnn mode at 10% (RCPs eliminated, speedup) */
  int batch;               /* pairs that fit one command run as CI x CO batch commands */
  const double *dens;      /* the densities of X and dY, ndens of them */
  int ndens;
  const char *const *nets; /* sim/layers stems, nnets of them */
  int nnets;
} ant_wg_opts;

/* One batch command over ci x co channel pairs (image planes x[0..ci-1],
** kernel planes dy[0..co-1], each pair of the same rows, ci, co <= 128),
** loaded stacked, with CLEAR: every pair's outputs against the model, the
** counters against the pairs' sum, cycles against nm_ant_cycles_batch.
** 0 (*res: the engine's), or -1 on a mismatch or a refusal. */
int ant_run_batch(dut_ant *d, const dut_ant_info *inf, const nm_ant_cmd *c, const nm_ant_plane *x,
                  int ci, const nm_ant_plane *dy, int co, dut_ant_result *res);

/* Prints the antwg lines and summaries; 0, or -1 on a mismatch or error. */
int ant_wg_bench(dut_ant *d, const dut_ant_info *inf, const ant_wg_opts *o);

#endif /* ANT_WG_H */
