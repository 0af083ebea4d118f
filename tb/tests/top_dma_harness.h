/*
** The DRAM side of the nm_top tests that move tensors by XFER
** (top_dma_harness.c), shared by test_rtl_top_dma.c (one command at a time)
** and test_rtl_top_overlap.c (XFER beside compute): a DRAM session on the
** m_axi_* port (tb/axi's memory model with random latency, bandwidth and
** stalls, and the protocol checker), tiles of tensors in it in the logical
** row-major formats of dma_pack_harness.h, XFER descriptors of them
** (dpk_desc_of), and a GEMM's operands in and C out by DMA, every word
** checked against nm_layout and every DRAM byte against the golden image.
** Compiled, like rtl_top_harness.c, with one config's nm_config.h included.
*/
#ifndef NM_TOP_DMA_HARNESS_H
#define NM_TOP_DMA_HARNESS_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "dma_pack_harness.h"
#include "rtl_top_harness.h"

/* Above 4 GB when the bus has 64-bit addresses, so the high halves matter. */
#define DRAM_BASE (NM_AXI_ADDR_BITS == NM_AXI_ADDR_BITS_64 ? 0x100040000ull : 0x40000000ull)
#define DRAM_SIZE (256u * 1024u)

/* A tile in DRAM: rows of cols elements of esz bytes, stride bytes apart. */
typedef struct dtile {
  uint64_t addr, stride;
  int rows, cols, esz;
} dtile;

/* A DRAM session on one dut. */
typedef struct dt {
  top *t;
  uint64_t next;        /* allocation offset */
  uint8_t *img;         /* the expected DRAM */
  uint64_t xfer_cycles[DK_COUNT], xfer_elems[DK_COUNT];
} dt;

/* One XFER: a tile of kind `kind` between DRAM and a region at base. */
typedef struct xfer {
  dpk_kind kind;
  int region, out;     /* out: buffer -> DRAM */
  unsigned base, need;
  int m, n;            /* B's M, SORE_VAL's N */
  dtile d;
  dpk_desc desc;
} xfer;

/* A GEMM's tensors in DRAM. */
typedef struct gdram {
  dtile aval, aidx, b, cin, c, apair;
  int bt;               /* B lies transposed ([J][K], the B_T kind: NHWC activations) */
  int pair;             /* sparse A' also as value | index << 16 pairs (A_PAIR), loaded so */
} gdram;

/* The dut's DRAM bytes; the XFER window. */
uint8_t *dram(dt *x);
void set_window(dt *x, uint64_t lo, uint64_t hi);
/* A session: the dut, DRAM with random timing from the seed, random bytes
** everywhere, the window = the whole DRAM; close prints the XFER rates. */
dt *dt_open(uint64_t salt);
void dt_close(dt *x);
/* A fresh tile at an even address, rows a random even stride apart. */
dtile dt_alloc(dt *x, int rows, int cols, int esz);
/* Element (r, c) of d in memory image m. */
uint8_t *at(uint8_t *m, const dtile *d, int r, int c);
/* Element (r, c) into DRAM and the expected image / into the image only. */
void dt_put(dt *x, const dtile *d, int r, int c, uint32_t v);
void dt_expect(dt *x, const dtile *d, int r, int c, uint32_t v);
/* Every DRAM byte against the expected image: the count of differences. */
size_t dram_diff(dt *x, const char *what);

/* The descriptor of a tile of kind k at base (nm_layout's layout); its ARG words. */
xfer xf(dpk_kind k, int region, int out, unsigned base, unsigned need, int m, const dtile *d);
void xfer_args(const xfer *f, uint32_t *a);
/* DMA_ADDR and DMA_STRIDE of f's tile. */
void xfer_dram_regs(dt *x, const xfer *f);
/* Run one XFER (args: xfer_args, possibly altered) expecting DMA code want;
** the protocol checker must have seen nothing; returns DMA_STATUS. */
uint32_t xfer_run(dt *x, const char *what, const xfer *f, const uint32_t *args, int want);
uint32_t xfer_go(dt *x, const char *what, const xfer *f, int want);

/* A random GEMM of pattern p whose u8 index rows have an even length. */
void gemm_make_even(top *t, int p, gemm *c);
/* The GEMM's tensors into DRAM (random bytes between rows stay). */
gdram gemm_to_dram(dt *x, const gemm *c);
/* Words per bank of its A', B and C (nm_layout). */
unsigned need_a(const gemm *c);
unsigned need_b(const gemm *c);
unsigned need_c(const gemm *c);
/* The XFER of its B (B or B_T as it lies in DRAM). */
xfer xf_b(const gemm *c, const gdram *g);
/* Operands in by DMA, every word checked where nm_layout puts it. */
void gemm_load_dma(dt *x, const gemm *c, const gdram *g);
/* C out by DMA, DRAM compared with the golden image (nm_gemm_ref). */
void gemm_store_dma(dt *x, const gemm *c, const gdram *g);

/* test_rtl_top_overlap.c's TCase (XFER beside compute), for test_rtl_top_dma's suite,
** and its pieces test_rtl_top_queue.c uses too: two random GEMMs in disjoint
** halves of the buffers (c1 without C_in; 0 if they did not fit), random
** words over [base, base + need) of every bank of a region, and a fresh
** DRAM tile of random u32 words (an A' pairs tile whose write would show). */
void rtl_top_add_overlap_tests(Suite *s);
int make_pair(top *t, gemm *c1, gemm *c2);
void scramble(top *t, int id, unsigned base, unsigned need);
dtile junk_pairs(dt *x, int rows, int cols);
/* test_rtl_top_queue.c's TCase (the command queue). */
void rtl_top_add_queue_tests(Suite *s);

#endif
