/*
** bench_net's e2e lines, shared by bench_net_e2e.c (XFER pricing, the
** one-at-a-time step, the lines) and bench_net_e2e_ovl.c (the overlapped
** schedule).  Private to those two files.
*/
#ifndef BENCH_NET_E2E_H
#define BENCH_NET_E2E_H

#include "bench_net.h"
#include "dma_pack_harness.h"
#include "e2e_sched.h"

#define E2E_LATENCY 100 /* DRAM cycles */
enum { NBPC = 3 };
extern const int e2e_bpc[NBPC]; /* the DRAM bytes a cycle of the lines */

typedef struct {
  dpk_kind kind;
  int out, rows, cols, m, n;
  uint64_t cycles[NBPC]; /* the XFER at each bandwidth */
} x_ent;

typedef struct {
  nm_layout_cfg L;
  int bus_bytes, max_reads;
  int lanes[NML_NUM_REGIONS + 1]; /* 16-bit lanes of each region's word */
  x_ent *c;                       /* tiles already walked */
  size_t n, cap;
  size_t *hash, hcap;             /* open addressing: entry index + 1, 0 empty */
} e2e_ctx;

/* One tile's XFER cycles at each bandwidth (cached; the pointer lives until
** the next call); NULL if the model refuses it. */
const uint64_t *e2e_tile_cycles(e2e_ctx *x, dpk_kind k, int out, int rows, int cols, int m, int n);
/* XFER cycles of one tile at every bandwidth, added (times cnt) to acc; 0 or -1. */
int e2e_tile_add(e2e_ctx *x, dpk_kind k, int out, uint64_t rows, uint64_t cols, int m, int n, uint64_t cnt,
                 uint64_t acc[NBPC]);
uint64_t e2e_kprime(const nm_gemm_cmd *c, uint64_t k); /* K' of a K-range of c's kind */

/* What an XFER moves (the e2e-xfer breakdown): A, B, C of each GEMM phase
** (BN_FF .. BN_WG, 3 a phase), then the PRUNE and UPDATE operands. */
enum { XK_SORE = 3 * BN_GEMMS, XK_WUVE, NXK };
extern const char *const e2e_xk_name[NXK];

/* The overlapped step of one network (its op list, its WG plans). */
typedef struct e2e_ovl e2e_ovl;
e2e_ovl *e2e_ovl_new(int nlayers);
void e2e_ovl_free(e2e_ovl *v);
/* Pattern pi's step at one bandwidth, each layer times its count. */
typedef struct {
  uint64_t cycles;          /* makespan */
  uint64_t idle;            /* the STCE waits */
  uint64_t two;             /* two or more channels busy (DMA included) */
  uint64_t busy[ES_NCHAN];  /* each channel's busy cycles (fused: per engine) */
  uint64_t xk[NXK];         /* listed XFER cycles, by what they move */
} e2e_step;
/* Pattern pi's step per bandwidth; fused: PRUNE and UPDATE on their own
** engines' channels, beside the GEMMs.  0 or -1. */
int e2e_ovl_step(e2e_ctx *x, e2e_ovl *v, const bn_run *r, const bn_net_res *nr, int pi, int fused,
                 e2e_step out[NBPC]);

#endif
