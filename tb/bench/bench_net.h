/*
** bench_net: the network-level benchmark (make bench-net).  Shared types.
**
**   bench_net_cfg.c     the configuration (its nm_config.h), the layer files
**   bench_net_tile.c    a layer GEMM split into buffer-sized commands, costed
**   bench_net_top.c     the per-command cost of GEMM / PRUNE / UPDATE at the
**                       top level (the one place that knows nm_top_cycles.h)
**   bench_net_ant.c     ANT weight-gradient cycles from ant_bench's antwg lines
**   bench_net_rtl.c     the cycle model checked on the Verilated nm_stce;
**                       simulation speed
**   bench_net_report.c  report.md, report.csv, plot data
**   bench_net_e2e.c     the training step with the DMA's XFERs (e2e lines)
**   bench_net_e2e_ovl.c its compute-beside-XFER schedule (bench_net_e2e.h)
**   bench_net.c         main: options, the tables, the order of the steps
**
** No global mutable state: everything lives in a bn_run built by main.
*/
#ifndef BENCH_NET_H
#define BENCH_NET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nm_gemm.h"
#include "nm_stce_cycles.h"

#define BN_NA UINT64_MAX /* "not applicable / not generated" */

/* ---- the configuration (bench_net_cfg.c) ---------------------------------- */

typedef struct {
  char name[64];
  nm_stce_hw stce;
  int mmax, has_os, has_ws;
  int abuf, bbuf, cbuf;                /* STCE buffer words per bank */
  int sore_lanes, sore_parallel, sbuf; /* SORE; sbuf = groups per lane per command */
  int wuve_lanes, wbuf;                /* WUVE; wbuf = words per lane per command */
  int ant_n, ant_engines, ant_rows, ant_ibuf, ant_kbuf;
  int clock_mhz;
} bn_hw;

/* Reads the NM_* defines of a generated nm_config.h.  0, or -1 (message in err). */
int bn_hw_read(const char *path, bn_hw *hw, char *err, size_t errlen);

/* ---- layers (bench_net_cfg.c) --------------------------------------------- */

enum { BN_FF, BN_BP, BN_WG, BN_GEMMS, BN_UPDATE = BN_GEMMS, BN_PRUNE, BN_PHASES };
extern const char *const bn_phase_name[BN_PHASES];

typedef struct {
  char name[48];
  int count;                                /* identical layers in the network */
  int conv;                                 /* 1: conv; 0: linear */
  int cout, cin, k, stride, pad, hin, hout; /* linear: k = stride = 1, pad = 0 */
  int tokens;                               /* linear: tokens per sample (hout*hout for conv) */
  int input;                                /* reads the network input: no BP, WG dense on the STCE */
} bn_layer;

typedef struct {
  char name[32];    /* the file's stem */
  char source[200]; /* the header's "source:" line */
  bn_layer *layer;
  int nlayers;
} bn_net;

/* Loads sim/layers/<name>.txt; `seq` replaces TOKENS = seq.  0 or -1. */
int bn_net_load(const char *dir, const char *name, int seq, bn_net *net, char *err, size_t errlen);
void bn_net_free(bn_net *net);

/* The GEMM of a phase (FF, BP, WG): C is I x J, reduction over K; A is
** N:M-sparse along K in FF and BP, dense in WG.  0 if the phase has none. */
typedef struct {
  uint64_t I, J, K;
  int sparse;
} bn_shape;
int bn_layer_gemm(const bn_layer *l, int phase, int batch, bn_shape *s);
uint64_t bn_layer_weights(const bn_layer *l); /* COUT * CIN * K * K */

/* ---- N:M patterns ----------------------------------------------------------- */

typedef struct {
  int n, m;
} bn_pattern; /* n = 0: dense */
#define BN_MAX_PATTERNS 5

/* ---- tiling (bench_net_tile.c) ---------------------------------------------- */

#define BN_MAX_SHAPES 8
typedef struct {
  uint64_t cycles, commands;
  int ti, tj, tk;                      /* tile: I rows, J columns, K (elements, a multiple of m) */
  int m;                               /* M of the commands (dense: the best M <= MMAX) */
  uint64_t kpad;                       /* K padded to a multiple of m */
  nm_gemm_cmd shape[BN_MAX_SHAPES];    /* the distinct commands ... */
  uint64_t shape_count[BN_MAX_SHAPES]; /* ... and how many of each */
  int nshapes;
} bn_tiling;

/* The cheapest split of GEMM s with pattern p in one dataflow into commands
** that fit the buffers (see the tiling rule in bench_net_tile.c).  0, or -1
** if no command fits. */
int bn_tile(const bn_hw *hw, const bn_shape *s, bn_pattern p, int ws, bn_tiling *t);
const char *bn_tiling_rule(void);
/* Every candidate split bn_tile weighs (the same sweep, each filled in as
** bn_tile fills its answer), offered to visit instead (the e2e bench judges
** them by XFER too). */
typedef void (*bn_tile_visitor)(void *ctx, const bn_tiling *t);
void bn_tile_visit(const bn_hw *hw, const bn_shape *s, bn_pattern p, int ws, bn_tile_visitor visit, void *ctx);

/* ---- top-level costs (bench_net_top.c) -------------------------------------- */

uint64_t bn_gemm_cmd_cycles(const bn_hw *hw, const nm_gemm_cmd *c);
/* PRUNE `groups` groups of M (n:m), split into commands of at most sbuf beats. */
uint64_t bn_prune_cycles(const bn_hw *hw, uint64_t groups, int n, int m, uint64_t *cmds);
/* UPDATE `elems` weights, split into commands of at most wbuf beats. */
uint64_t bn_update_cycles(const bn_hw *hw, uint64_t elems, uint64_t *cmds);
/* Extra cycles the top adds to each ANT command (0 without nm_top_cycles.h). */
uint64_t bn_ant_cmd_overhead(const bn_hw *hw);
const char *bn_top_model(void); /* which model the costs come from */

/* ---- ANT (bench_net_ant.c) -------------------------------------------------- */

#define BN_ANT_ROWS 16
#define BN_ANT_WG 64
typedef struct {
  char name[48];
  int k, stride, xh, dyh; /* kernel, stride, X and dY planes (scaled) */
  double valid, rcps_scnn, rcps_ant, pairs_scnn, pairs_ant, cyc_scnn, cyc_ant;
} bn_ant_row; /* ant_bench's first table: ResNet-18 shapes, scaled planes */
typedef struct {
  char net[32], layer[48];
  int hin, hout, bci, bco; /* planes; the batch command's CI x CO (0: bands) */
  double density, cyc_pair, cmds_pair, busy;
} bn_ant_wg; /* an antwg line: a whole layer at full plane size, RTL-sampled */
typedef struct {
  char cfg[32];
  int n, pairs;   /* ant_n of the engine; channel pairs per row */
  double density; /* nonzero fraction of X and dY (first table) */
  bn_ant_row row[BN_ANT_ROWS];
  int nrows;
  bn_ant_wg wg[BN_ANT_WG];
  int nwg, wg_pass;   /* the antwg-check PASS line was there */
  char wg_cfg[32];    /* its engine model, e.g. default_x4 */
  int wg_engines, wg_n;
  double wg_density;
} bn_ant;

/* Parses ant_bench's table and its antwg lines (which must end with the
** antwg-check PASS line).  0 or -1. */
int bn_ant_load(const char *path, bn_ant *a, char *err, size_t errlen);
/* 0 if the antwg lines were measured on an engine like hw's (engines, ant_n). */
int bn_ant_check_hw(const bn_ant *a, const bn_hw *hw, char *err, size_t errlen);
/* ANT cycles of a conv layer's WG (all Cin x Cout x batch channel pairs);
** BN_NA if the layer cannot run there (input layer, linear, not measured). */
uint64_t bn_ant_wg_cycles(const bn_ant *a, const char *net, const bn_layer *l, int batch, uint64_t *cmds);

/* ---- RTL (bench_net_rtl.c) -------------------------------------------------- */

typedef struct {
  size_t run, cyc_bad, data_bad;
  uint64_t cycles, macs, hb; /* busy cycles, MACs, buffer-port cycles */
  double seconds;
} bn_check;
/* Runs the commands on config `cfg`'s Verilated nm_stce with random data:
** busy cycles must equal nm_stce_cycles and every result the golden model.
** 0 if the model is linked (mismatches counted in *chk), -1 if not. */
int bn_rtl_check(const char *cfg, const nm_gemm_cmd *cmd, size_t n, uint64_t seed, bn_check *chk,
                 FILE *log);

typedef struct {
  char cfg[64];
  int rows, cols;
  int I, J, K;
  double run_cps;         /* Verilated cycles per second, engine running */
  double checked_macs_ps; /* MACs checked per second: load, run, read, model, compare */
  double cycles_ps_all;   /* cycles per second over the whole check loop */
  size_t commands;
} bn_speed;
int bn_sim_speed(const char *cfg, double min_seconds, uint64_t seed, bn_speed *sp);

double bn_now(void); /* seconds, monotonic enough for timing */

/* ---- results and the report ------------------------------------------------- */

typedef struct {
  uint64_t cycles[2], cmds[2]; /* OS, WS (BN_NA: no such GEMM or dataflow) */
  uint64_t scalesim[2];        /* SCALE-Sim, whole GEMM, dense only */
  bn_tiling tile[2];
  bn_shape shape;
  int has;
} bn_gemm_res;

typedef struct {
  bn_gemm_res g[BN_GEMMS];
  uint64_t update, update_cmds, prune, prune_cmds;
  uint64_t wg_ant, wg_ant_cmds; /* BN_NA if not on ANT */
} bn_layer_res;

typedef struct {
  bn_net net;
  bn_layer_res *res; /* [layer * npatterns + pattern] */
} bn_net_res;

typedef struct {
  /* options */
  const char *config, *cfg_header, *layer_dir, *ant_path, *out_dir;
  const char *xfer_check; /* test_rtl_top_dma's xfer_model output (bench_net_e2e.c) */
  const char *overlap_check; /* NULL, or the overlap model's RTL check output (bench_net_e2e.c) */
  const char *quote[4];
  int nquote;
  char speed_cfgs[8][64];
  int nspeed;
  int batch, seq, quick, samples;
  uint64_t seed;
  /* state */
  bn_hw hw;
  bn_pattern pat[BN_MAX_PATTERNS];
  int npat;
  bn_net_res nets[8];
  int nnets;
  bn_ant ant;
  int have_ant;
  bn_check chk;
  size_t distinct_cmds;
  bn_speed speed[8];
  int nspeeds;
  double t_start;
} bn_run;

/* Best (lowest) of the generated dataflows; BN_NA if none. */
uint64_t bn_best(const bn_gemm_res *g);
/* Training-step cycles of a network at pattern index pi: phase totals in
** ph[BN_PHASES] (WG on ANT where possible when `ant`); returns the sum.
** df: 0 OS, 1 WS, 2 best per command batch. */
uint64_t bn_step(const bn_run *r, const bn_net_res *nr, int pi, int df, int ant, uint64_t ph[BN_PHASES]);

int bn_report(const bn_run *r);

/* The end-to-end step with every XFER priced (bench_net_e2e.c): prints the
** "e2e-serial ..." (one command at a time) and "e2e <net> <N:M> bpc=..."
** (compute beside XFER) lines; -1 (nothing printed) unless --xfer-check says
** the XFER model passed on this config's nm_top, and, when --overlap-check
** is given, that file says the overlap model did. */
int bn_e2e(const bn_run *r);

#endif
