/*
** top_xfer: nm_top's XFER (the DMA on m_axi_*) on the Verilated nm_top of
** one configuration (nm_config.h force-included), with DRAM attached
** (dut_top_dram_open: tb/axi's memory model with latency, bytes a cycle and
** ready / response stalls drawn from the seed, and the protocol checker),
** for the Icarus replay (sim/replay_top records this run, m_axi_* inputs
** included, and replays it).  Short on purpose: Icarus replays every cycle.
**
** Covers: every layout kind of dma_pack_harness.h in the directions it moves
** (descriptors from dpk_desc_of; every element checked against the buffer
** bits nm_layout puts it in, through the backdoor); a GEMM per generated
** dataflow fed by XFER (A', B, C_in in, C out); PRUNE and ANT results out;
** bad descriptors (REGION, NB, ROWS, NEED, BASE + NEED, an odd address /
** stride / row, a byte past the window) refused with their DMA code before
** any traffic; injected SLVERR and DECERR loading B (taint, a GEMM refused
** with TAINT, a good reload clearing it) and SLVERR storing C; XFERs beside
** a GEMM (the two channels: CONFLICT, and B tiles moving while it runs);
** ZFILL (A' values written whole, index lanes 0).
** Ends with the protocol checker's verdict.
**
**   top_xfer [SEED]   (default 1)
**
** Prints one line per case and "N passed, N failed"; exit 0 only if all passed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dma_pack_harness.h"
#include "dut_top.h"
#include "nm_layout_here.h"
#include "nm_rng.h"

#ifndef NM_NAME
#error "compile with -include <build>/<cfg>/gen/nm_config.h"
#endif

/* Above 4 GB when the bus has 64-bit addresses, so the high halves matter. */
#define DRAM_BASE (NM_AXI_ADDR_BITS == NM_AXI_ADDR_BITS_64 ? 0x100040000ull : 0x40000000ull)
#define DRAM_SIZE (64u * 1024u)
#define F(op, field, v) ((uint32_t)(v) << NM_##op##_##field##_LSB)
#define HAS_OS (NM_DATAFLOW != NM_DATAFLOW_WS)
#define HAS_WS (NM_DATAFLOW != NM_DATAFLOW_OS)
#define TAINT_B (1u << (NM_REGION_STCE_B - 1))

typedef struct {
  dut_top *d;
  nm_rng r;
  uint64_t next;      /* DRAM allocation offset */
  int passed, failed;
} ctx;

/* One XFER's tile: the layout case, the region and NEED, where it lies in DRAM. */
typedef struct {
  dpk_case c;
  int region;
  unsigned need;
  uint64_t addr, stride;
} tile;

static void result(ctx *x, int ok, const char *what, const char *detail) {
  if (ok) x->passed++;
  else x->failed++;
  printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", what, detail && !ok ? ": " : "", detail && !ok ? detail : "");
}

/* Register write / read: a bus failure is reported and returns 0 / ~0u. */
static int wr(ctx *x, uint32_t a, uint32_t v) { return dut_top_write(x->d, a, v, 0xF) == 0; }
static uint32_t rd(ctx *x, uint32_t a) {
  uint32_t v = 0;
  return dut_top_read(x->d, a, &v) == 0 ? v : ~0u;
}

static void set_window(ctx *x, uint64_t lo, uint64_t hi) {
  wr(x, NM_REG_DMA_WIN_BASE_LO, (uint32_t)lo), wr(x, NM_REG_DMA_WIN_BASE_HI, (uint32_t)(lo >> 32));
  wr(x, NM_REG_DMA_WIN_LIMIT_LO, (uint32_t)hi), wr(x, NM_REG_DMA_WIN_LIMIT_HI, (uint32_t)(hi >> 32));
}

/* Args and CMD, wait for idle; STATUS, or ~0u on a bus or wait failure. */
static uint32_t run(ctx *x, unsigned op, const uint32_t a[5]) {
  static const uint32_t arg_reg[5] = {NM_REG_ARG0, NM_REG_ARG1, NM_REG_ARG2, NM_REG_ARG3, NM_REG_ARG4};
  for (int k = 0; k < 5; k++)
    if (!wr(x, arg_reg[k], a[k])) return ~0u;
  if (!wr(x, NM_REG_CMD, op) || dut_top_wait(x->d, 1000000) != 0) return ~0u;
  return rd(x, NM_REG_STATUS);
}

/* A tile of rows x cols elements of kind k at a fresh even DRAM address, rows
** a random even stride apart (at least the row). */
static tile mk(ctx *x, dpk_kind k, int out, int region, int rows, int cols, int m, int n, unsigned base,
               unsigned need) {
  tile t;
  memset(&t, 0, sizeof t);
  t.c.kind = k, t.c.pack = !out, t.c.cfg = nm_layout_here();
  t.c.rows = rows, t.c.cols = cols, t.c.m = m, t.c.n = n, t.c.base = base;
  t.region = region, t.need = need;
  uint64_t row = (uint64_t)cols * (uint64_t)dpk_kind_esz(k);
  t.stride = ((row + 1) & ~1ull) + 2 * nm_rng_below(&x->r, 4);
  x->next += 2 * nm_rng_below(&x->r, 16);
  if (x->next + t.stride * (uint64_t)rows > DRAM_SIZE) x->next = 0;   /* wrap: tiles are used at once */
  t.addr = DRAM_BASE + x->next;
  x->next += t.stride * (uint64_t)rows;
  return t;
}

static void args_of(const tile *t, uint32_t a[5]) {
  dpk_desc s = dpk_desc_of(&t->c);
  memset(a, 0, 5 * sizeof *a);
  a[NM_XFER_REGION_ARG] |= NM_FIELD(NM_XFER_REGION, t->region) | NM_FIELD(NM_XFER_DIR, !t->c.pack) |
                           NM_FIELD(NM_XFER_BASE, t->c.base);
  a[NM_XFER_ROW_ELEMS_ARG] |= NM_FIELD(NM_XFER_ROW_ELEMS, t->c.cols);
  a[NM_XFER_ROWS_ARG] |= NM_FIELD(NM_XFER_ROWS, t->c.rows) | NM_FIELD(NM_XFER_NEED, t->need);
  a[NM_XFER_E_WSTEP_ARG] |= NM_FIELD(NM_XFER_E_WSTEP, s.e_wstep) | NM_FIELD(NM_XFER_R_WSTEP, s.r_wstep);
  a[NM_XFER_ESZ_ARG] |= NM_FIELD(NM_XFER_ESZ, s.esz) | NM_FIELD(NM_XFER_NB, s.nb) |
                        NM_FIELD(NM_XFER_LANE0, s.lane0) | NM_FIELD(NM_XFER_EPW, s.epw) |
                        NM_FIELD(NM_XFER_E_WM, s.e_wm) | NM_FIELD(NM_XFER_E_SKEW, s.e_skew) |
                        NM_FIELD(NM_XFER_R_FLAT, s.r_flat) | NM_FIELD(NM_XFER_RPL, s.rpl) |
                        NM_FIELD(NM_XFER_R_WM, s.r_wm) | NM_FIELD(NM_XFER_R_SKEW, s.r_skew);
}

/* One XFER of t with args a (args_of, possibly altered): STATUS.ERR and
** DMA_STATUS.ERR must be 0 (want 0) or DMA and want; *dma gets DMA_STATUS. */
static int xfer_a(ctx *x, const char *what, const tile *t, const uint32_t a[5], unsigned want, uint32_t *dma) {
  char msg[160];
  int ok = wr(x, NM_REG_DMA_ADDR_LO, (uint32_t)t->addr) && wr(x, NM_REG_DMA_ADDR_HI, (uint32_t)(t->addr >> 32)) &&
           wr(x, NM_REG_DMA_STRIDE_LO, (uint32_t)t->stride) &&
           wr(x, NM_REG_DMA_STRIDE_HI, (uint32_t)(t->stride >> 32));
  uint32_t st = ok ? run(x, NM_OP_XFER, a) : ~0u, ds = rd(x, NM_REG_DMA_STATUS);
  if (dma) *dma = ds;
  unsigned err = NM_GET(NM_STATUS_ERR, st), derr = NM_GET(NM_DMA_STATUS_ERR, ds);
  ok = st != ~0u && ds != ~0u && err == (want ? NM_ERR_DMA : 0u) && derr == want && dut_top_dram_idle(x->d);
  snprintf(msg, sizeof msg, "STATUS 0x%08x DMA_STATUS 0x%08x (want DMA code %u)%s", st, ds, want,
           dut_top_dram_idle(x->d) ? "" : ", AXI traffic still in flight");
  result(x, ok, what, msg);
  return ok;
}
static int xfer(ctx *x, const char *what, const tile *t, unsigned want, uint32_t *dma) {
  uint32_t a[5];
  args_of(t, a);
  return xfer_a(x, what, t, a, want, dma);
}

static uint8_t *dram_at(ctx *x, const tile *t, int r, int c) {
  return dut_top_dram(x->d) + (t->addr - DRAM_BASE) + (uint64_t)r * t->stride +
         (uint64_t)c * (uint64_t)dpk_kind_esz(t->c.kind);
}
static uint32_t get_elem(ctx *x, const tile *t, int r, int c) {
  uint32_t v = 0;
  for (int b = 0; b < dpk_kind_esz(t->c.kind); b++) v |= (uint32_t)dram_at(x, t, r, c)[b] << 8 * b;
  return v;
}
static uint32_t mask_of(int width) { return width >= 32 ? ~0u : (1u << width) - 1u; }

/* The bits of a buffer field through the backdoor (the top is idle). */
static uint32_t buf_bits(ctx *x, const nm_layout_loc *l) {
  uint32_t w[8];
  dut_top_hb_read(x->d, l->region, l->bank, l->word, w);
  uint64_t two = (uint64_t)w[l->lsb / 32] | (l->lsb / 32 < 7 ? (uint64_t)w[l->lsb / 32 + 1] << 32 : 0);
  return (uint32_t)(two >> (l->lsb % 32)) & mask_of(l->width);
}

/* Random elements (as many bits as the buffer keeps) into t's DRAM tile. */
static void fill(ctx *x, const tile *t) {
  for (int r = 0; r < t->c.rows; r++)
    for (int c = 0; c < t->c.cols; c++) {
      nm_layout_loc l = dpk_loc(&t->c, r, c);
      uint32_t v = nm_rng_u32(&x->r) & mask_of(l.width);
      for (int b = 0; b < dpk_kind_esz(t->c.kind); b++) dram_at(x, t, r, c)[b] = (uint8_t)(v >> 8 * b);
    }
}

/* Every element of t: DRAM against the buffer bits nm_layout puts it in. */
static void same(ctx *x, const char *what, const tile *t) {
  char msg[160] = "";
  int bad = 0;
  for (int r = 0; r < t->c.rows; r++)
    for (int c = 0; c < t->c.cols; c++) {
      nm_layout_loc l = dpk_loc(&t->c, r, c);
      uint32_t b = buf_bits(x, &l), m = get_elem(x, t, r, c);
      if (b != (m & mask_of(l.width)) && bad++ == 0)
        snprintf(msg, sizeof msg, "element (%d, %d): DRAM 0x%x, buffer %d bank %d word %u bit %d: 0x%x", r, c, m,
                 l.region, l.bank, l.word, l.lsb, b);
    }
  result(x, bad == 0, what, msg);
}

/* XFER t in (random elements first) or out, then every element compared. */
static void move(ctx *x, const tile *t) {
  char what[96];
  snprintf(what, sizeof what, "XFER %s %s (%d x %d)", dpk_kind_name(t->c.kind), t->c.pack ? "in" : "out",
           t->c.rows, t->c.cols);
  if (t->c.pack) fill(x, t);
  if (!xfer(x, what, t, 0, NULL)) return;
  snprintf(what, sizeof what, "  and every element where nm_layout puts it");
  same(x, what, t);
}

static unsigned need_a(int I, int kp) {
  nm_layout_cfg L = nm_layout_here();
  return (unsigned)nm_layout_a_need(&L, I, kp);
}
static unsigned need_b(int groups, int J) {
  nm_layout_cfg L = nm_layout_here();
  return (unsigned)nm_layout_b_need(&L, groups, J);
}
static unsigned need_c(int I, int J) {
  nm_layout_cfg L = nm_layout_here();
  return (unsigned)nm_layout_c_need(&L, I, J);
}
static unsigned need_w(int n) {
  nm_layout_cfg L = nm_layout_here();
  return (unsigned)nm_layout_wuve_need(&L, n);
}

/* The GEMM of this program: I = R, J = C, K = M = MMAX, dense, C_in at 0, C after it. */
enum { GI = NM_ROWS, GJ = NM_COLS, GK = NM_MMAX };
static tile tile_a(ctx *x) { return mk(x, DK_A_VAL, 0, NM_REGION_STCE_A, GI, GK, 0, 0, 0, need_a(GI, GK)); }
static tile tile_b(ctx *x) {
  return mk(x, DK_B, 0, NM_REGION_STCE_B, GK, GJ, NM_MMAX, 0, 0, need_b(GK / NM_MMAX, GJ));
}
static void gemm_args(uint32_t a[5], int ws, int cin, unsigned J) {
  memset(a, 0, 5 * sizeof *a);
  a[NM_GEMM_I_ARG] |= F(GEMM, I, GI) | F(GEMM, J, J);
  a[NM_GEMM_K_ARG] |= F(GEMM, K, GK) | F(GEMM, M, NM_MMAX);
  a[NM_GEMM_WS_ARG] |= F(GEMM, WS, ws) | F(GEMM, CIN, cin);
  a[NM_GEMM_CBASE_ARG] |= F(GEMM, CBASE, need_c(GI, GJ));
}

/* Every kind in every direction it moves: operands in, results out (PRUNE
** and ANT first make SORE_VAL and the ANT outputs). */
static void kinds(ctx *x) {
  const int wr_ = 2, wc = 4;   /* WUVE: 2 rows of 4 elements (u8 rows even: ALIGN otherwise) */
  const unsigned wn = need_w(wr_ * wc);
  tile t[] = {
      tile_a(x),
      mk(x, DK_A_IDX, 0, NM_REGION_STCE_A, GI, GK, 0, 0, 0, need_a(GI, GK)),
      mk(x, DK_A_T, 0, NM_REGION_STCE_A, GK, GI, 0, 0, need_a(GI, GK), need_a(GI, GK)),
      tile_b(x),
      mk(x, DK_B_T, 0, NM_REGION_STCE_B, GJ, GK, NM_MMAX, 0, need_b(1, GJ), need_b(1, GJ)),
      mk(x, DK_C32, 0, NM_REGION_STCE_C, GI, GJ, 0, 0, 0, need_c(GI, GJ)),
      mk(x, DK_C32, 1, NM_REGION_STCE_C, GI, GJ, 0, 0, 0, need_c(GI, GJ)),
      mk(x, DK_C16, 1, NM_REGION_STCE_C, GI, GJ, 0, 0, 0, need_c(GI, GJ)),
      mk(x, DK_W, 0, NM_REGION_WUVE_W, wr_, wc, 0, 0, 1, wn),
      mk(x, DK_V, 0, NM_REGION_WUVE_V, wr_, wc, 0, 0, 1, wn),
      mk(x, DK_G_DW, 0, NM_REGION_WUVE_G, wr_, wc, 0, 0, 1, wn),
      mk(x, DK_G_MASK, 0, NM_REGION_WUVE_G, wr_, wc, 0, 0, 1, wn),
      mk(x, DK_W16, 0, NM_REGION_WUVE_W16, wr_, wc, 0, 0, 1, wn),
      mk(x, DK_W, 1, NM_REGION_WUVE_W, wr_, wc, 0, 0, 1, wn),
      mk(x, DK_V, 1, NM_REGION_WUVE_V, wr_, wc, 0, 0, 1, wn),
      mk(x, DK_W16, 1, NM_REGION_WUVE_W16, wr_, wc, 0, 0, 1, wn),
  };
  for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) move(x, &t[k]);

  /* SORE: one beat of SORE_LANES groups of M = MMAX in, PRUNE N = MMAX / 2, the kept values out */
  nm_layout_cfg L = nm_layout_here();
  const int g = NM_SORE_LANES, n = NM_MMAX > 1 ? NM_MMAX / 2 : 1;
  const unsigned sn = (unsigned)nm_layout_sore_need(&L, g);
  tile si = mk(x, DK_SORE_IN, 0, NM_REGION_SORE_IN, g, NM_MMAX, NM_MMAX, 0, 0, sn);
  move(x, &si);
  uint32_t a[5] = {0};
  a[NM_PRUNE_BEATS_ARG] |= F(PRUNE, BEATS, 1);
  a[NM_PRUNE_N_ARG] |= F(PRUNE, N, n) | F(PRUNE, M, NM_MMAX);
  uint32_t st = run(x, NM_OP_PRUNE, a);
  result(x, st != ~0u && NM_GET(NM_STATUS_ERR, st) == 0, "PRUNE of the groups XFER loaded", NULL);
  tile sv = mk(x, DK_SORE_VAL, 1, NM_REGION_SORE_VAL, g, n, 0, n, 0, sn);
  move(x, &sv);

  /* ANT: a CLEAR command over 2 x 2 outputs (zeroed inputs), then its outputs out */
  memset(a, 0, sizeof a);
  a[NM_ANT_IH_ARG] |= F(ANT, IH, 2) | F(ANT, KH, 1);
  a[NM_ANT_HOUT_ARG] |= F(ANT, HOUT, 2) | F(ANT, WOUT, 2);
  a[NM_ANT_ST_ARG] |= F(ANT, ST, 1) | F(ANT, D, 1) | F(ANT, CLEAR, 1);
  st = run(x, NM_OP_ANT, a);
  result(x, st != ~0u && NM_GET(NM_STATUS_ERR, st) == 0, "ANT CLEAR over 2 x 2 outputs", NULL);
  tile o[] = {mk(x, DK_OUT32, 1, NM_REGION_ANT_OUT32, 2, 2, 0, 0, 0, 4),
              mk(x, DK_OUT16, 1, NM_REGION_ANT_OUT16, 2, 2, 0, 0, 0, 4),
              mk(x, DK_FLAGS, 1, NM_REGION_ANT_FLAGS, 2, 2, 0, 0, 0, 4)};
  for (size_t k = 0; k < sizeof o / sizeof o[0]; k++) move(x, &o[k]);
}

/* A GEMM per generated dataflow fed by XFER: A', B, C_in in, GEMM, C out. */
static void gemm_by_dma(ctx *x) {
  for (int ws = 0; ws < 2; ws++) {
    if (ws ? !HAS_WS : !HAS_OS) continue;
    tile ta = tile_a(x), tb = tile_b(x);
    tile ci = mk(x, DK_C32, 0, NM_REGION_STCE_C, GI, GJ, 0, 0, 0, need_c(GI, GJ));
    tile co = mk(x, DK_C32, 1, NM_REGION_STCE_C, GI, GJ, 0, 0, need_c(GI, GJ), need_c(GI, GJ));
    move(x, &ta), move(x, &tb), move(x, &ci);
    uint32_t a[5];
    gemm_args(a, ws, 1, GJ);
    uint32_t st = run(x, NM_OP_GEMM, a);
    result(x, st != ~0u && NM_GET(NM_STATUS_ERR, st) == 0, ws ? "GEMM (WS) on XFER'd operands" : "GEMM (OS) on XFER'd operands",
           NULL);
    move(x, &co);
  }
}

/* Refused before any traffic: the code, no taint. */
static void bad_descriptors(ctx *x) {
  tile b = tile_b(x);
  fill(x, &b);
  uint32_t good[5];
  args_of(&b, good);
  struct {
    const char *what;
    int arg, lsb, width;
    uint32_t val;
    unsigned code;
  } bad[] = {
      {"XFER region 0", NM_XFER_REGION_ARG, NM_XFER_REGION_LSB, NM_XFER_REGION_WIDTH, 0, 7},
      {"XFER into read-only SORE_VAL", NM_XFER_REGION_ARG, NM_XFER_REGION_LSB, NM_XFER_REGION_WIDTH,
       NM_REGION_SORE_VAL, 7},
      {"XFER NB 0", NM_XFER_NB_ARG, NM_XFER_NB_LSB, NM_XFER_NB_WIDTH, 0, 7},
      {"XFER ROWS 0", NM_XFER_ROWS_ARG, NM_XFER_ROWS_LSB, NM_XFER_ROWS_WIDTH, 0, 1},
      {"XFER NEED 0", NM_XFER_NEED_ARG, NM_XFER_NEED_LSB, NM_XFER_NEED_WIDTH, 0, 6},
      {"XFER BASE + NEED over the depth", NM_XFER_BASE_ARG, NM_XFER_BASE_LSB, NM_XFER_BASE_WIDTH,
       NM_BBUF_DEPTH - b.need + 1, 6},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint32_t a[5], ds = 0;
    memcpy(a, good, sizeof a);
    uint32_t m = (bad[i].width >= 32 ? ~0u : (1u << bad[i].width) - 1u) << bad[i].lsb;
    a[bad[i].arg] = (a[bad[i].arg] & ~m) | ((bad[i].val << bad[i].lsb) & m);
    if (xfer_a(x, bad[i].what, &b, a, bad[i].code, &ds))
      result(x, NM_GET(NM_DMA_STATUS_TAINT, ds) == 0, "  and no taint", NULL);
  }
  tile odd = b;
  odd.addr += 1;
  xfer(x, "XFER B at an odd address", &odd, 2, NULL);
  odd = b, odd.stride += 1;
  xfer(x, "XFER B at an odd stride", &odd, 2, NULL);
  tile fl = mk(x, DK_FLAGS, 1, NM_REGION_ANT_FLAGS, 1, 1, 0, 0, 0, 1);
  xfer(x, "XFER FLAGS out, a 1-byte row", &fl, 2, NULL);
  uint64_t last = b.addr + b.stride * (uint64_t)(b.c.rows - 1) + (uint64_t)b.c.cols * 2 - 1;
  set_window(x, DRAM_BASE, last - 1);
  xfer(x, "XFER B, its last byte past the window", &b, 3, NULL);
  set_window(x, DRAM_BASE, DRAM_BASE + DRAM_SIZE - 1);
  move(x, &b);   /* and the good one runs */
}

/* Bus errors: B in (taint, GEMM refused, reload clears), C out. */
static void bus_errors(ctx *x) {
  tile b = tile_b(x);
  fill(x, &b);
  uint64_t last_row = b.addr + b.stride * (uint64_t)(b.c.rows - 1);
  for (int e = 0; e < 2; e++) {
    uint32_t ds = 0, a[5];
    dut_top_dram_error(x->d, last_row, last_row + 2, e ? 3u : 2u);
    int ok = xfer(x, e ? "XFER B in, DECERR on its last row" : "XFER B in, SLVERR on its last row", &b, e ? 5 : 4, &ds);
    dut_top_dram_error(x->d, 0, 0, 0);
    if (ok) result(x, NM_GET(NM_DMA_STATUS_TAINT, ds) == TAINT_B, "  and B tainted", NULL);
    gemm_args(a, !HAS_OS, 0, GJ);
    uint32_t st = run(x, NM_OP_GEMM, a);
    result(x, st != ~0u && NM_GET(NM_STATUS_ERR, st) == NM_ERR_TAINT, "GEMM on the tainted B refused (TAINT)", NULL);
  }
  uint32_t ds = 0;
  if (xfer(x, "XFER B in again", &b, 0, &ds)) {
    result(x, NM_GET(NM_DMA_STATUS_TAINT, ds) == 0, "  and the taint cleared", NULL);
    same(x, "  and B as in DRAM", &b);
  }
  uint32_t a[5];
  gemm_args(a, !HAS_OS, 0, GJ);
  uint32_t st = run(x, NM_OP_GEMM, a);
  result(x, st != ~0u && NM_GET(NM_STATUS_ERR, st) == 0, "GEMM after the reload", NULL);
  tile co = mk(x, DK_C32, 1, NM_REGION_STCE_C, GI, GJ, 0, 0, need_c(GI, GJ), need_c(GI, GJ));
  dut_top_dram_error(x->d, co.addr, co.addr + 2, 2);
  if (xfer(x, "XFER C out, SLVERR on its first beat", &co, 4, &ds))
    result(x, NM_GET(NM_DMA_STATUS_TAINT, ds) == 0, "  and nothing tainted", NULL);
  dut_top_dram_error(x->d, 0, 0, 0);
  move(x, &co);
}

/* ZFILL: A' values into words whose index lanes hold bits: the values land,
** the index lanes read 0 (written whole, no read-modify-write). */
static void zfill_case(ctx *x) {
  tile ti = mk(x, DK_A_IDX, 0, NM_REGION_STCE_A, GI, GK, 0, 0, 0, need_a(GI, GK)), tv = tile_a(x);
  move(x, &ti);
  fill(x, &tv);
  uint32_t a[5];
  args_of(&tv, a);
  a[NM_XFER_ZFILL_ARG] |= NM_FIELD(NM_XFER_ZFILL, 1);
  if (!xfer_a(x, "XFER A' values with ZFILL", &tv, a, 0, NULL)) return;
  same(x, "  the values where nm_layout puts them", &tv);
  int bad = 0;
  for (int r = 0; r < GI; r++)
    for (int c = 0; c < GK; c++) {
      nm_layout_loc l = dpk_loc(&ti.c, r, c);
      bad += buf_bits(x, &l) != 0;
    }
  result(x, bad == 0, "  and the index lanes 0", NULL);
}

/* Issue an XFER of t without waiting (its channel only): 1 if accepted. */
static int xfer_issue(ctx *x, const tile *t) {
  static const uint32_t arg_reg[5] = {NM_REG_ARG0, NM_REG_ARG1, NM_REG_ARG2, NM_REG_ARG3, NM_REG_ARG4};
  uint32_t a[5];
  args_of(t, a);
  int ok = wr(x, NM_REG_DMA_ADDR_LO, (uint32_t)t->addr) && wr(x, NM_REG_DMA_ADDR_HI, (uint32_t)(t->addr >> 32)) &&
           wr(x, NM_REG_DMA_STRIDE_LO, (uint32_t)t->stride) && wr(x, NM_REG_DMA_STRIDE_HI, (uint32_t)(t->stride >> 32));
  for (int k = 0; k < 5; k++) ok = ok && wr(x, arg_reg[k], a[k]);
  return ok && wr(x, NM_REG_CMD, NM_OP_XFER);
}

/* Poll XFER_STATUS until the XFER channel is idle: its value, ~0u on a bus failure or a hang. */
static uint32_t xfer_wait(ctx *x) {
  for (int i = 0; i < 100000; i++) {
    uint32_t st = rd(x, NM_REG_XFER_STATUS);
    if (st == ~0u || !NM_GET(NM_XFER_STATUS_BUSY, st)) return st;
  }
  return ~0u;
}

/* Two channels (regmap.md): beside a long GEMM a second compute command is
** refused (BUSY); an XFER into the GEMM's A words ends with CONFLICT (DMA
** code 9) and leaves A as it was; B transposed (whole words: full rate) and
** B rows (words in part: their reads wait for the GEMM) into words past the
** GEMM's B run beside it and land where nm_layout puts them; the GEMM
** completes. */
static void xfer_beside_gemm(ctx *x) {
  static const uint32_t arg_reg[5] = {NM_REG_ARG0, NM_REG_ARG1, NM_REG_ARG2, NM_REG_ARG3, NM_REG_ARG4};
  uint32_t a[5];
  gemm_args(a, !HAS_OS, 0, GJ);   /* 4 x as long as the others (the operands fit: top_refusals') */
  a[NM_GEMM_I_ARG] = F(GEMM, I, 4 * GI) | F(GEMM, J, 4 * GJ);
  a[NM_GEMM_K_ARG] = F(GEMM, K, 4 * GK) | F(GEMM, M, NM_MMAX);
  a[NM_GEMM_CBASE_ARG] = 0;
  unsigned b_end = need_b(4, 4 * GJ), b_one = need_b(1, GJ);
  if (b_end + 2 * b_one > NM_BBUF_DEPTH) {
    result(x, 0, "XFER beside a GEMM: the B tiles do not fit past the GEMM's B", NULL);
    return;
  }
  tile ta = tile_a(x), tbt = mk(x, DK_B_T, 0, NM_REGION_STCE_B, GJ, GK, NM_MMAX, 0, b_end, b_one);
  tile tb = mk(x, DK_B, 0, NM_REGION_STCE_B, GK, GJ, NM_MMAX, 0, b_end + b_one, b_one);
  fill(x, &ta), fill(x, &tbt), fill(x, &tb);
  uint32_t a_before[GI][GK];
  for (int r = 0; r < GI; r++)
    for (int c = 0; c < GK; c++) {
      nm_layout_loc l = dpk_loc(&ta.c, r, c);
      a_before[r][c] = buf_bits(x, &l);
    }
  int ok = 1;
  for (int k = 0; k < 5; k++) ok &= wr(x, arg_reg[k], a[k]);
  ok &= wr(x, NM_REG_CMD, NM_OP_GEMM);
  ok &= dut_top_write(x->d, NM_REG_CMD, NM_OP_GEMM, 0xF) == 2;
  uint32_t st = rd(x, NM_REG_STATUS);
  ok &= st != ~0u && NM_GET(NM_STATUS_CBUSY, st) && NM_GET(NM_STATUS_REFUSE, st) == NM_ERR_BUSY;
  result(x, ok, "GEMM while a GEMM runs: SLVERR, REFUSE 8", NULL);

  uint32_t xs = xfer_issue(x, &ta) ? xfer_wait(x) : ~0u, cs = rd(x, NM_REG_COMP_STATUS);
  uint32_t ds = rd(x, NM_REG_DMA_STATUS);
  char msg[160];
  snprintf(msg, sizeof msg, "XFER_STATUS 0x%08x DMA_STATUS 0x%08x COMP_STATUS 0x%08x", xs, ds, cs);
  result(x, xs != ~0u && NM_GET(NM_XFER_STATUS_ERR, xs) == NM_ERR_CONFLICT && NM_GET(NM_DMA_STATUS_ERR, ds) == 9 &&
                cs != ~0u && NM_GET(NM_COMP_STATUS_BUSY, cs),
         "XFER into the running GEMM's A words: CONFLICT, DMA code 9, the GEMM still running", msg);
  for (int k = 0; k < 2; k++) {
    const tile *t = k ? &tb : &tbt;
    xs = xfer_issue(x, t) ? xfer_wait(x) : ~0u;
    snprintf(msg, sizeof msg, "XFER_STATUS 0x%08x", xs);
    result(x, xs != ~0u && NM_GET(NM_XFER_STATUS_ERR, xs) == 0,
           k ? "XFER B rows past the GEMM's B, beside it" : "XFER B^T past the GEMM's B, beside it", msg);
  }
  ok = dut_top_wait(x->d, 1000000) == 0;
  cs = rd(x, NM_REG_COMP_STATUS);
  snprintf(msg, sizeof msg, "COMP_STATUS 0x%08x", cs);
  result(x, ok && cs != ~0u && NM_GET(NM_COMP_STATUS_ERR, cs) == 0 && NM_GET(NM_COMP_STATUS_OP, cs) == NM_OP_GEMM,
         "  and the GEMM completes", msg);
  same(x, "  B^T: every element where nm_layout puts it", &tbt);
  same(x, "  B rows: every element where nm_layout puts it", &tb);
  int bad = 0;
  for (int r = 0; r < GI; r++)
    for (int c = 0; c < GK; c++) {
      nm_layout_loc l = dpk_loc(&ta.c, r, c);
      bad += buf_bits(x, &l) != a_before[r][c];
    }
  result(x, bad == 0, "  and A as it was before the refused XFER", NULL);
}

int main(int argc, char **argv) {
  ctx x;
  memset(&x, 0, sizeof x);
  uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
  nm_rng_seed(&x.r, seed);
  x.d = dut_top_open(NULL);
  if (!x.d) {
    fprintf(stderr, "top_xfer: dut_top_open failed\n");
    return 1;
  }
  dut_top_dram_opts o = {DRAM_BASE, DRAM_SIZE, 1 + (int)nm_rng_below(&x.r, 30), 4 << nm_rng_below(&x.r, 4),
                         (int)nm_rng_below(&x.r, 40), (int)nm_rng_below(&x.r, 40), nm_rng_u32(&x.r)};
  if (dut_top_dram_open(x.d, &o) != 0) {
    fprintf(stderr, "top_xfer: dut_top_dram_open failed\n");
    return 1;
  }
  printf("top_xfer: config %s, seed %llu: DRAM latency %d, %d B/cycle, stalls %d%%, gaps %d%%\n", NM_NAME,
         (unsigned long long)seed, o.latency, o.bytes_per_cycle, o.p_stall, o.p_gap);
  uint8_t *m = dut_top_dram(x.d);
  for (size_t i = 0; i < DRAM_SIZE; i++) m[i] = (uint8_t)nm_rng_u32(&x.r);
  set_window(&x, DRAM_BASE, DRAM_BASE + DRAM_SIZE - 1);
  kinds(&x);
  gemm_by_dma(&x);
  bad_descriptors(&x);
  bus_errors(&x);
  zfill_case(&x);
  xfer_beside_gemm(&x);
  const char *fault = dut_top_dram_fault(x.d);
  result(&x, fault == NULL && dut_top_dram_idle(x.d), "AXI4 protocol checker and memory model: no fault",
         fault);
  dut_top_close(x.d);
  printf("%d passed, %d failed\n", x.passed, x.failed);
  return x.failed ? 1 : 0;
}
