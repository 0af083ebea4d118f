/*
** bench_net: the end-to-end training step, DMA included ("e2e" lines).
**
** Every command of the step (the tiled GEMMs of FF, BP, WG on the STCE,
** PRUNE, UPDATE) gets its operands XFERed in from DRAM and its results
** XFERed out, priced with the XFER cycle model (tb/model/nm_xfer_cycles.h,
** checked against the config's nm_top by test_rtl_top_dma's xfer_model case:
** bench-net runs it first and passes its output as --xfer-check; without a
** PASS line for this config there are no e2e lines and the bench fails).
** The hardware runs one command at a time, so a step's cycles are the sum
** of compute (the existing per-command model) and XFER cycles, and "stall"
** is the XFER share of them: nothing overlaps compute with DMA yet.
**
** What moves, per GEMM tile command (TI x TJ over a K-range TK, the tiling
** of bench_net_tile.c): A [TI][TK] fp16 when dense, A' as value | index
** pairs [TI][TK'] u32 when sparse (the A_PAIR kind: whole A words), B transposed [TJ][TK] fp16 in (the B_T kind: activations and
** gradients channels-last, whose B words fill at once); C [TI][TJ] fp32 out after its last K-range
** (partial sums stay in the C buffer, C_in in place).  Reuse: with a single
** K-range the operand of the outer tile loop stays in its buffer over the
** inner loop (the loop order with fewer XFER cycles is taken); with several
** K-ranges every command loads both.  PRUNE: the W16 groups in (SORE_IN),
** the kept values out (SORE_VAL; the kept indices have no XFER kind yet and
** are not counted).  UPDATE: W, V fp32, dW16 and the mask in; W, V, W16 out.
** DRAM: every tile row starts a bus beat (rows aligned), latency 100 cycles.
** WG runs on the STCE here (the ANT engine's operands are CSR lists, not
** priced).  Per GEMM the dataflow with the fewest compute + XFER cycles.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"
#include "dma_pack_harness.h"
#include "e2e_sched.h"
#include "nm_xfer_cycles.h"

#define E2E_LATENCY 100
static const int kBpc[] = {8, 16, 32};
#define NBPC (int)(sizeof kBpc / sizeof kBpc[0])

/* ---- the config's bus and region words ---------------------------------------- */

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
  int a_whole;                    /* what-if: dense A priced as A' pairs (whole-word writes) */
} e2e_ctx;

static int hdr_int(const char *text, const char *key, int dflt) {
  char pat[96];
  snprintf(pat, sizeof pat, "#define NM_%s ", key);
  const char *p = strstr(text, pat);
  return p ? atoi(p + strlen(pat)) : dflt;
}

/* The bus width and region widths from the config's nm_config.h. */
static int ctx_open(const bn_run *r, e2e_ctx *x, char *err, size_t errlen) {
  static const char *const names[NML_NUM_REGIONS + 1] = {
      "",          "STCE_A",    "STCE_B",   "STCE_C",   "SORE_IN",  "SORE_VAL", "SORE_IDX",
      "SORE_MASK", "WUVE_W",    "WUVE_V",   "WUVE_G",   "WUVE_W16", "ANT_IROW", "ANT_IELEM",
      "ANT_KROW",  "ANT_KELEM", "ANT_OUT32", "ANT_OUT16", "ANT_FLAGS"};
  memset(x, 0, sizeof *x);
  FILE *f = fopen(r->cfg_header, "r");
  char *text = calloc(1 << 16, 1);
  size_t n = f && text ? fread(text, 1, (1 << 16) - 1, f) : 0;
  if (f) fclose(f);
  if (!n) {
    free(text);
    snprintf(err, errlen, "cannot read %s", r->cfg_header);
    return -1;
  }
  int dw = hdr_int(text, "AXI_DATA_BITS", -1);
  x->bus_bytes = dw >= 0 && dw <= 3 ? 8 << dw : 0;
  x->max_reads = hdr_int(text, "DMA_MAX_READS", 0);
  for (int g = 1; g <= NML_NUM_REGIONS; g++) {
    char key[64];
    snprintf(key, sizeof key, "REGION_%s_BITS", names[g]);
    int bits = hdr_int(text, key, 0);
    x->lanes[g] = (bits + 15) / 16;
  }
  const bn_hw *hw = &r->hw;
  nm_layout_cfg L = {hw->stce.rows, hw->stce.cols, hw->mmax, hw->sore_lanes, hw->wuve_lanes,
                     hw->abuf,      hw->bbuf,      hw->cbuf, hw->sbuf,       hw->wbuf,
                     hw->ant_rows,  hw->ant_ibuf,  hw->ant_kbuf, hdr_int(text, "ANT_OBUF_DEPTH", 0),
                     hdr_int(text, "ANT_ENGINES", 1)};
  x->L = L;
  free(text);
  if (!x->bus_bytes || !x->max_reads || !x->lanes[NML_STCE_B]) {
    snprintf(err, errlen, "%s lacks NM_AXI_DATA_BITS, NM_DMA_MAX_READS or the region widths", r->cfg_header);
    return -1;
  }
  return 0;
}

static int region_of_kind(dpk_kind k) {
  switch (k) {
  case DK_A_VAL:
  case DK_A_IDX:
  case DK_A_PAIR: return NML_STCE_A;
  case DK_B:
  case DK_B_T: return NML_STCE_B;
  case DK_C32: return NML_STCE_C;
  case DK_SORE_IN: return NML_SORE_IN;
  case DK_SORE_VAL: return NML_SORE_VAL;
  case DK_W: return NML_WUVE_W;
  case DK_V: return NML_WUVE_V;
  case DK_G_DW:
  case DK_G_MASK: return NML_WUVE_G;
  case DK_W16: return NML_WUVE_W16;
  default: return 0;
  }
}

/* One tile's XFER cycles at each bandwidth (cached: layers share tile shapes). */
static size_t ent_hash(dpk_kind k, int out, int rows, int cols, int m, int n) {
  uint64_t h = (uint64_t)k * 0x9E3779B97F4A7C15u;
  const int f[5] = {out, rows, cols, m, n};
  for (int i = 0; i < 5; i++) h = (h ^ (uint64_t)(unsigned)f[i]) * 0x100000001B3u;
  return (size_t)(h ^ h >> 29);
}

/* (Re)builds the hash index at twice the entries' capacity. */
static int rehash(e2e_ctx *x) {
  size_t hcap = 2 * x->cap;
  size_t *h = calloc(hcap, sizeof *h);
  if (!h) return -1;
  for (size_t i = 0; i < x->n; i++) {
    const x_ent *e = &x->c[i];
    size_t q = ent_hash(e->kind, e->out, e->rows, e->cols, e->m, e->n) & (hcap - 1);
    while (h[q]) q = (q + 1) & (hcap - 1);
    h[q] = i + 1;
  }
  free(x->hash);
  x->hash = h, x->hcap = hcap;
  return 0;
}

static const uint64_t *tile_cycles(e2e_ctx *x, dpk_kind k, int out, int rows, int cols, int m, int n) {
  size_t q = x->hcap ? ent_hash(k, out, rows, cols, m, n) & (x->hcap - 1) : 0;
  for (; x->hcap && x->hash[q]; q = (q + 1) & (x->hcap - 1)) {
    const x_ent *e = &x->c[x->hash[q] - 1];
    if (e->kind == k && e->out == out && e->rows == rows && e->cols == cols && e->m == m && e->n == n)
      return e->cycles;
  }
  if (x->n == x->cap) {
    size_t cap = x->cap ? 2 * x->cap : 256;
    x_ent *nc = realloc(x->c, cap * sizeof *nc);
    if (!nc) return NULL;
    x->c = nc, x->cap = cap;
    if (rehash(x)) return NULL;
    q = ent_hash(k, out, rows, cols, m, n) & (x->hcap - 1);
    while (x->hash[q]) q = (q + 1) & (x->hcap - 1);
  }
  x_ent *e = &x->c[x->n++];
  e->kind = k, e->out = out, e->rows = rows, e->cols = cols, e->m = m, e->n = n;
  dpk_case c = {k, !out, x->L, rows, cols, m, n, 0};
  dpk_desc d = dpk_desc_of(&c);
  int esz = dpk_kind_esz(k);
  uint64_t row = (uint64_t)cols * (uint64_t)esz, bb = (uint64_t)x->bus_bytes;
  nm_xfer_cmd xc = {out, rows, cols, 0, (row + bb - 1) / bb * bb, x->lanes[region_of_kind(k)],
                    {d.esz, d.nb, d.base, d.lane0, d.epw, d.e_wm, d.e_skew, d.e_wstep, d.r_flat, d.rpl,
                     d.r_wm, d.r_skew, d.r_wstep},
                    nm_xfer_wide(region_of_kind(k))};
  for (int b = 0; b < NBPC; b++) {
    nm_xfer_bus bus = {x->bus_bytes, E2E_LATENCY, kBpc[b], x->max_reads};
    nm_xfer_est est;
    if (nm_xfer_estimate(&bus, &xc, &est)) return x->n--, NULL; /* keep no half-priced entry */
    e->cycles[b] = est.cycles;
  }
  x->hash[q] = x->n; /* the entry's index + 1 */
  return e->cycles;
}

/* XFER cycles of one tile at every bandwidth, added (times cnt) to acc. */
static int tile_add(e2e_ctx *x, dpk_kind k, int out, uint64_t rows, uint64_t cols, int m, int n, uint64_t cnt,
                    uint64_t acc[NBPC]) {
  if (!cnt || !rows || !cols) return 0;
  const uint64_t *cyc = tile_cycles(x, k, out, (int)rows, (int)cols, m, n);
  if (!cyc) return -1;
  for (int b = 0; b < NBPC; b++) acc[b] += cnt * cyc[b];
  return 0;
}

/* ---- one GEMM's tiles -------------------------------------------------------- */

static uint64_t kprime(const nm_gemm_cmd *c, uint64_t k) { return c->a_sparse ? k * (uint64_t)c->N / (uint64_t)c->M : k; }

/* XFER cycles of the tiling t of a GEMM (shape s) at each bandwidth. */
static int gemm_xfer(e2e_ctx *x, const bn_shape *s, const bn_tiling *t, uint64_t out[NBPC]) {
  memset(out, 0, NBPC * sizeof out[0]);
  if (!t->nshapes) return 0;
  const nm_gemm_cmd *c0 = &t->shape[0];
  uint64_t ti = (uint64_t)t->ti, tj = (uint64_t)t->tj, tk = (uint64_t)t->tk, kp = t->kpad;
  uint64_t dim[3][2][2] = {{{ti, s->I / ti}, {s->I % ti, s->I % ti ? 1 : 0}},
                           {{tj, s->J / tj}, {s->J % tj, s->J % tj ? 1 : 0}},
                           {{tk, kp / tk}, {kp % tk, kp % tk ? 1 : 0}}};
  uint64_t ni = dim[0][0][1] + dim[0][1][1], nj = dim[1][0][1] + dim[1][1][1], nk = dim[2][0][1] + dim[2][1][1];
  int m = c0->M, sp = c0->a_sparse;
  /* C out once per (i, j) tile */
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++)
      if (tile_add(x, DK_C32, 1, dim[0][a][0], dim[1][b][0], 0, 0, dim[0][a][1] * dim[1][b][1], out)) return -1;
  uint64_t xa[NBPC] = {0}, xb[NBPC] = {0}; /* one load of every A tile / every B tile */
  for (int a = 0; a < 2; a++)
    for (int c = 0; c < 2; c++) {
      uint64_t cnt = dim[0][a][1] * dim[2][c][1], kq = kprime(c0, dim[2][c][0]);
      if (tile_add(x, sp ? DK_A_PAIR : DK_A_VAL, 0, dim[0][a][0], kq, 0, 0, cnt, xa)) return -1;
    }
  for (int b = 0; b < 2; b++)
    for (int c = 0; c < 2; c++)
      if (tile_add(x, DK_B_T, 0, dim[1][b][0], dim[2][c][0], m, 0, dim[1][b][1] * dim[2][c][1], xb)) return -1;
  for (int q = 0; q < NBPC; q++) {
    uint64_t v;
    if (nk > 1) /* every command loads its A and B tiles */
      v = nj * xa[q] + ni * xb[q];
    else { /* i outer: A once per i, B per (i, j) unless one j; j outer: the mirror */
      uint64_t iout = xa[q] + (nj == 1 ? xb[q] : ni * xb[q]);
      uint64_t jout = xb[q] + (ni == 1 ? xa[q] : nj * xa[q]);
      v = iout < jout ? iout : jout;
    }
    out[q] += v;
  }
  return 0;
}

/* ---- PRUNE and UPDATE ---------------------------------------------------------- */

/* `groups` groups of M in commands of sbuf beats x sore_lanes groups. */
static int prune_xfer(e2e_ctx *x, const bn_hw *hw, uint64_t groups, int n, int m, uint64_t out[NBPC]) {
  uint64_t per = (uint64_t)hw->sbuf * (uint64_t)hw->sore_lanes, full = groups / per, rest = groups % per;
  uint64_t sz[2] = {per, rest}, cnt[2] = {full, rest ? 1 : 0};
  for (int i = 0; i < 2; i++) {
    if (tile_add(x, DK_SORE_IN, 0, sz[i], (uint64_t)m, m, n, cnt[i], out)) return -1;
    if (tile_add(x, DK_SORE_VAL, 1, sz[i], (uint64_t)n, m, n, cnt[i], out)) return -1;
  }
  return 0;
}

/* `elems` weights in commands of wbuf beats x wuve_lanes elements (one row each). */
static int update_xfer(e2e_ctx *x, const bn_hw *hw, uint64_t elems, uint64_t out[NBPC]) {
  uint64_t per = (uint64_t)hw->wbuf * (uint64_t)hw->wuve_lanes, full = elems / per, rest = elems % per;
  uint64_t sz[2] = {per, rest}, cnt[2] = {full, rest ? 1 : 0};
  static const dpk_kind in[] = {DK_W, DK_V, DK_G_DW, DK_G_MASK}, outk[] = {DK_W, DK_V, DK_W16};
  for (int i = 0; i < 2; i++) {
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
      if (tile_add(x, in[k], 0, 1, sz[i], 0, 0, cnt[i], out)) return -1;
    for (size_t k = 0; k < sizeof outk / sizeof outk[0]; k++)
      if (tile_add(x, outk[k], 1, 1, sz[i], 0, 0, cnt[i], out)) return -1;
  }
  return 0;
}

/* ---- the step ------------------------------------------------------------------ */

/* A network's step at pattern pi: total and XFER cycles per bandwidth. */
static int net_step(e2e_ctx *x, const bn_run *r, const bn_net_res *nr, int pi, uint64_t tot[NBPC],
                    uint64_t xfer[NBPC]) {
  const bn_hw *hw = &r->hw;
  bn_pattern p = r->pat[pi];
  memset(tot, 0, NBPC * sizeof tot[0]), memset(xfer, 0, NBPC * sizeof xfer[0]);
  for (int li = 0; li < nr->net.nlayers; li++) {
    const bn_layer *l = &nr->net.layer[li];
    const bn_layer_res *lr = &nr->res[li * r->npat + pi];
    uint64_t cnt = (uint64_t)l->count, lt[NBPC] = {0}, lx[NBPC] = {0};
    for (int ph = 0; ph < BN_GEMMS; ph++) {
      const bn_gemm_res *g = &lr->g[ph];
      if (!g->has) continue;
      uint64_t best[NBPC], bestx[NBPC];
      for (int b = 0; b < NBPC; b++) best[b] = BN_NA, bestx[b] = 0;
      for (int ws = 0; ws < 2; ws++) {
        if (g->cycles[ws] == BN_NA) continue;
        uint64_t gx[NBPC];
        if (gemm_xfer(x, &g->shape, &g->tile[ws], gx)) return -1;
        for (int b = 0; b < NBPC; b++)
          if (g->cycles[ws] + gx[b] < best[b]) best[b] = g->cycles[ws] + gx[b], bestx[b] = gx[b];
      }
      for (int b = 0; b < NBPC; b++) {
        if (best[b] == BN_NA) return -1;
        lt[b] += best[b], lx[b] += bestx[b];
      }
    }
    uint64_t ux[NBPC] = {0}, px[NBPC] = {0};
    uint64_t w = bn_layer_weights(l), kk = w / (uint64_t)l->cout;
    if (update_xfer(x, hw, w, ux)) return -1;
    if (p.n) { /* the groups bench_net's cost_net prunes */
      uint64_t m = (uint64_t)p.m, groups = (uint64_t)l->cout * ((kk + m - 1) / m);
      if (!l->input) groups += kk * (((uint64_t)l->cout + m - 1) / m);
      if (prune_xfer(x, hw, groups, p.n, p.m, px)) return -1;
    }
    for (int b = 0; b < NBPC; b++) {
      lt[b] += lr->update + lr->prune + ux[b] + px[b], lx[b] += ux[b] + px[b];
      tot[b] += cnt * lt[b], xfer[b] += cnt * lx[b];
    }
  }
  return 0;
}

/* ---- the overlapped schedule (e2e_sched.h) ------------------------------------- */

/* nm_top's compute and XFER channels run concurrently (issue 17's rules, as
** dependencies between ops of one list):
**  - tiles whose A / B / C need fits half its buffer ping-pong between the
**    halves (else they take the whole buffer); an op waits for the last op
**    that touched its half (load after the compute that read it, compute
**    after its loads and after the store that emptied its C half);
**  - A' pairs, dense A and B_T with M = MMAX load beside a GEMM; B_T with
**    another M is not whole-word: it waits for the GEMM before it and the
**    GEMM after it waits for it;
**  - a C store runs beside an OS GEMM without C_in only: it waits for the
**    last WS or C_in GEMM before it and the next such GEMM waits for it;
**  - PRUNE / UPDATE and the XFERs of their engine's regions never overlap
**    (the engine's buffers are single), but run beside GEMMs.
** A layer's list: FF, WG, then BP with the layer's UPDATE and PRUNE chunks
** spread over it (UPDATE reads WG's dW, PRUNE UPDATE's W16: their XFERs
** follow those stores on the in-order XFER channel; weights are double-
** buffered in DRAM, so BP still reads the old ones).  Layers do not overlap
** one another (each starts on an idle machine).  Per GEMM and bandwidth the
** fastest of OS / WS x the whole-buffer tiling / the half-buffer tiling x
** the two loop orders, each scheduled alone. */

enum { BUF_A, BUF_B, BUF_C, NBUF, WHOLE = 2 };
/* What an XFER moves (the breakdown): A, B, C of each GEMM phase (BN_FF ..
** BN_WG, 3 a phase), then the PRUNE and UPDATE operands. */
enum { XK_SORE = 3 * BN_GEMMS, XK_WUVE, NXK };
static const char *const kXk[NXK] = {"FF.A", "FF.B", "FF.C", "BP.A", "BP.B", "BP.C",
                                     "WG.A", "WG.B", "WG.C", "prune", "update"};

typedef struct {
  es_op *op;
  int n, cap, err;
  int last[NBUF][2]; /* the last op touching each half of A, B, C (-1: none) */
  int half[NBUF];    /* the half the next tile of each buffer takes */
  int eng_c[2], eng_x[2]; /* SORE, WUVE: the last PRUNE / UPDATE, the last XFER on its regions */
  int gemm, gemm_x;       /* the last GEMM; the last WS or C_in GEMM */
  int wait_any, wait_x;   /* the latest XFER the next GEMM (any; WS or C_in) waits for */
  uint64_t xk[NXK];       /* XFER cycles listed, by what they move */
} olist;

static void ol_reset(olist *o) {
  o->n = 0, o->err = 0;
  for (int b = 0; b < NBUF; b++) o->last[b][0] = o->last[b][1] = -1, o->half[b] = 0;
  o->eng_c[0] = o->eng_c[1] = o->eng_x[0] = o->eng_x[1] = -1;
  o->gemm = o->gemm_x = o->wait_any = o->wait_x = -1;
  memset(o->xk, 0, sizeof o->xk);
}

static int ol_add(olist *o, int chan, uint64_t cycles) {
  if (o->err) return -1;
  if (o->n == o->cap) {
    int cap = o->cap ? 2 * o->cap : 4096;
    es_op *no = realloc(o->op, (size_t)cap * sizeof *no);
    if (!no) return o->err = 1, -1;
    o->op = no, o->cap = cap;
  }
  es_op *p = &o->op[o->n];
  memset(p, 0, sizeof *p);
  p->chan = chan, p->cycles = cycles;
  return o->n++;
}

static int ol_xfer(olist *o, int what, uint64_t cycles) {
  o->xk[what] += cycles;
  return ol_add(o, ES_XFER, cycles);
}

/* Op i starts after op j ends.  A channel runs in list order, so a dep on
** its own channel and all but the latest dep on the other are implied. */
static void ol_dep(olist *o, int i, int j) {
  if (i < 0 || j < 0 || o->op[j].chan == o->op[i].chan) return;
  es_op *p = &o->op[i];
  if (!p->ndeps || j > p->dep[0]) p->ndeps = 1, p->dep[0] = j;
}

/* Op i uses half h (WHOLE: both) of buffer b. */
static void ol_touch(olist *o, int i, int b, int h) {
  for (int q = 0; q < 2; q++)
    if (h == WHOLE || h == q) ol_dep(o, i, o->last[b][q]), o->last[b][q] = i;
}

/* The next tile's half of buffer b (WHOLE when its tiles do not fit half). */
static int ol_take(olist *o, int b, int slots) {
  if (slots < 2) return WHOLE;
  int h = o->half[b];
  o->half[b] ^= 1;
  return h;
}

/* One tiling of a GEMM, priced at one bandwidth. */
typedef struct {
  const bn_tiling *t;
  int ph, ws, jouter, b_excl, slots[NBUF]; /* ph: the phase (the XFER breakdown's) */
  uint64_t n[3], nfull[3];                  /* tiles along I, J, K; how many full-sized */
  uint64_t xa[2][2], xb[2][2], xc[2][2];    /* XFER cycles: A [i][k], B [j][k], C out [i][j] */
  uint64_t cc[2][2][2];                     /* compute cycles [i][j][k] (0 full, 1 edge) */
} gplan;

static int plan_gemm(e2e_ctx *x, const bn_hw *hw, const bn_shape *s, const bn_tiling *t, int ws, int b,
                     gplan *g) {
  memset(g, 0, sizeof *g);
  g->t = t, g->ws = ws;
  const nm_gemm_cmd *c0 = &t->shape[0];
  uint64_t len[3] = {s->I, s->J, t->kpad}, tile[3] = {(uint64_t)t->ti, (uint64_t)t->tj, (uint64_t)t->tk};
  uint64_t sz[3][2];
  for (int d = 0; d < 3; d++) {
    g->nfull[d] = len[d] / tile[d];
    g->n[d] = g->nfull[d] + (len[d] % tile[d] ? 1 : 0);
    sz[d][0] = tile[d], sz[d][1] = len[d] % tile[d];
  }
  int sp = c0->a_sparse, m = c0->M;
  /* (tile_cycles' pointer dies at its next call: read it at once) */
  dpk_kind ak = sp || x->a_whole ? DK_A_PAIR : DK_A_VAL;
  for (int u = 0; u < 2; u++)
    for (int v = 0; v < 2; v++) {
      const uint64_t *cy;
      if (sz[0][u] && sz[2][v]) {
        if (!(cy = tile_cycles(x, ak, 0, (int)sz[0][u], (int)kprime(c0, sz[2][v]), 0, 0))) return -1;
        g->xa[u][v] = cy[b];
      }
      if (sz[1][u] && sz[2][v]) {
        if (!(cy = tile_cycles(x, DK_B_T, 0, (int)sz[1][u], (int)sz[2][v], m, 0))) return -1;
        g->xb[u][v] = cy[b];
      }
      if (sz[0][u] && sz[1][v]) {
        if (!(cy = tile_cycles(x, DK_C32, 1, (int)sz[0][u], (int)sz[1][v], 0, 0))) return -1;
        g->xc[u][v] = cy[b];
      }
      for (int w = 0; w < 2; w++) {
        nm_gemm_cmd c = *c0;
        c.I = (int)sz[0][u], c.J = (int)sz[1][v], c.K = (int)sz[2][w];
        g->cc[u][v][w] = c.I && c.J && c.K ? bn_gemm_cmd_cycles(hw, &c) : 0;
      }
    }
  const nm_layout_cfg *L = &x->L;
  g->slots[BUF_A] = nm_layout_a_need(L, t->ti, (int)kprime(c0, tile[2])) <= (uint64_t)hw->abuf / 2 ? 2 : 1;
  g->slots[BUF_B] = nm_layout_b_need(L, t->tk / m, t->tj) <= (uint64_t)hw->bbuf / 2 ? 2 : 1;
  g->slots[BUF_C] = nm_layout_c_need(L, t->ti, t->tj) <= (uint64_t)hw->cbuf / 2 ? 2 : 1;
  g->b_excl = m != hw->mmax;
  return 0;
}

/* A quick estimate of a plan's makespan, to rank the tiler's candidates:
** the XFER total against compute plus the XFERs that cannot overlap it
** (whole-buffer loads, B_T with M != MMAX, WS's C stores), and the first
** loads and the last store.  Sets g->jouter to the order with less XFER. */
static uint64_t plan_estimate(gplan *g) {
  uint64_t ni = g->n[0], nj = g->n[1], nk = g->n[2], sa = 0, sb = 0, sc = 0;
  uint64_t cnt[3][2];
  for (int d = 0; d < 3; d++) cnt[d][0] = g->nfull[d], cnt[d][1] = g->n[d] - g->nfull[d];
  for (int u = 0; u < 2; u++)
    for (int v = 0; v < 2; v++)
      sa += cnt[0][u] * cnt[2][v] * g->xa[u][v], sb += cnt[1][u] * cnt[2][v] * g->xb[u][v],
          sc += cnt[0][u] * cnt[1][v] * g->xc[u][v];
  uint64_t ta = nj * sa, tb = ni * sb; /* several K-ranges: every command loads both */
  g->jouter = 0;
  if (nk == 1) {
    uint64_t ia = sa, ib = nj == 1 ? sb : ni * sb, ja = ni == 1 ? sa : nj * sa, jb = sb;
    g->jouter = ja + jb < ia + ib;
    ta = g->jouter ? ja : ia, tb = g->jouter ? jb : ib;
  }
  uint64_t serial = (g->slots[BUF_A] < 2 ? ta : 0) + (g->slots[BUF_B] < 2 || g->b_excl ? tb : 0) +
                    (g->ws || g->slots[BUF_C] < 2 ? sc : 0);
  uint64_t busy = g->t->cycles + serial, xf = ta + tb + sc;
  return (busy > xf ? busy : xf) + g->xa[0][0] + g->xb[0][0] + g->xc[0][0];
}

/* The tiler's candidates judged by plan_estimate, the best per bandwidth. */
typedef struct {
  e2e_ctx *x;
  const bn_hw *hw;
  const bn_shape *s;
  int ws, err;
  uint64_t best[NBPC];
  bn_tiling t[NBPC];
} xpick;

static void pick_visit(void *ctx, const bn_tiling *t) {
  xpick *k = ctx;
  for (int b = 0; b < NBPC && !k->err; b++) {
    gplan g;
    if (plan_gemm(k->x, k->hw, k->s, t, k->ws, b, &g)) {
      k->err = 1;
      return;
    }
    uint64_t e = plan_estimate(&g);
    if (e < k->best[b]) k->best[b] = e, k->t[b] = *t;
  }
}

/* PRUNE / UPDATE chunks spread over a GEMM's steps (one chunk in flight:
** its load at one point, its compute and store at the next). */
typedef struct {
  int eng; /* 0 SORE, 1 WUVE */
  uint64_t load, run, store;
} chunk;
typedef struct {
  const chunk *c;
  int n, next, loaded; /* loaded: index of the chunk whose load is issued, -1 none */
  uint64_t stride;     /* GEMM steps between points */
} spread;

static void chunk_point(olist *o, spread *sp) {
  if (!sp) return;
  if (sp->loaded >= 0) {
    const chunk *c = &sp->c[sp->loaded];
    int e = c->eng, r = ol_add(o, ES_COMPUTE, c->run);
    ol_dep(o, r, o->eng_x[e]), o->eng_c[e] = r;
    int st = ol_xfer(o, XK_SORE + e, c->store);
    ol_dep(o, st, r), o->eng_x[e] = st;
    sp->loaded = -1;
  }
  if (sp->next < sp->n) {
    int e = sp->c[sp->next].eng, l = ol_xfer(o, XK_SORE + e, sp->c[sp->next].load);
    ol_dep(o, l, o->eng_c[e]), o->eng_x[e] = l;
    sp->loaded = sp->next++;
  }
}

static void chunks_drain(olist *o, spread *sp) {
  while (sp && (sp->loaded >= 0 || sp->next < sp->n)) chunk_point(o, sp);
}

/* Step s of the loop: tile indices i, j, k. */
static void step_of(const gplan *g, uint64_t s, uint64_t *i, uint64_t *j, uint64_t *k) {
  uint64_t ni = g->n[0], nj = g->n[1], nk = g->n[2];
  *k = s % nk, s /= nk;
  if (g->jouter) *i = s % ni, *j = s / ni;
  else *j = s % nj, *i = s / nj;
}

/* The loads of step s (A and / or B unless the inner loop reuses them) of
** the buffers with `slots` halves; h[buf][s & 1] = the half step s reads. */
static void emit_loads(olist *o, const gplan *g, uint64_t s, int slots, int h[2][2]) {
  uint64_t i, j, k, pi, pj, pk;
  step_of(g, s, &i, &j, &k);
  int need[2] = {1, 1};
  if (s) {
    step_of(g, s - 1, &pi, &pj, &pk);
    need[0] = pi != i || pk != k, need[1] = pj != j || pk != k;
  }
  for (int q = 0; q < 2; q++) {
    if (g->slots[q] != slots) continue;
    h[q][s & 1] = h[q][(s - 1) & 1];
    if (!need[q]) continue;
    int edge = q ? j >= g->nfull[1] : i >= g->nfull[0], ck = k >= g->nfull[2];
    int l = ol_xfer(o, 3 * g->ph + q, q ? g->xb[edge][ck] : g->xa[edge][ck]);
    h[q][s & 1] = ol_take(o, q, slots), ol_touch(o, l, q, h[q][s & 1]);
    if (q == BUF_B && g->b_excl) ol_dep(o, l, o->gemm), o->wait_any = l;
  }
}

/* Appends the GEMM's ops: a ping-pong buffer's loads one step ahead (they
** go to the other half), a whole buffer's after the compute before them;
** compute; C out after the last K-range.  sp's chunks spread over it. */
static void emit_gemm(olist *o, const gplan *g, spread *sp) {
  uint64_t nk = g->n[2], T = g->n[0] * g->n[1] * nk;
  int h[2][2] = {{WHOLE, WHOLE}, {WHOLE, WHOLE}}, hc = WHOLE;
  if (sp) sp->stride = T / (uint64_t)(sp->n + 1) ? T / (uint64_t)(sp->n + 1) : 1;
  if (T) emit_loads(o, g, 0, 1, h);
  for (uint64_t s = 0; s <= T && !o->err; s++) {
    if (s < T) emit_loads(o, g, s, 2, h);
    if (!s) continue;
    uint64_t t = s - 1, i, j, k; /* compute (and store) step t */
    step_of(g, t, &i, &j, &k);
    int ci = i >= g->nfull[0], cj = j >= g->nfull[1], ck = k >= g->nfull[2], excl = g->ws || k > 0;
    if (!k) hc = ol_take(o, BUF_C, g->slots[BUF_C]);
    int c = ol_add(o, ES_COMPUTE, g->cc[ci][cj][ck]);
    ol_touch(o, c, BUF_A, h[BUF_A][t & 1]), ol_touch(o, c, BUF_B, h[BUF_B][t & 1]), ol_touch(o, c, BUF_C, hc);
    ol_dep(o, c, o->wait_any), o->wait_any = -1, o->gemm = c;
    if (excl) ol_dep(o, c, o->wait_x), o->wait_x = -1, o->gemm_x = c;
    if (k == nk - 1) {
      int st = ol_xfer(o, 3 * g->ph + BUF_C, g->xc[ci][cj]);
      ol_touch(o, st, BUF_C, hc), ol_dep(o, st, o->gemm_x), o->wait_x = st;
    }
    if (sp && s % sp->stride == 0) chunk_point(o, sp);
    if (s < T) emit_loads(o, g, s, 1, h);
  }
}

/* Schedules o's list: makespan, compute busy; BN_NA on a model refusal. */
static uint64_t ol_run(const olist *o, uint64_t *busy) {
  if (o->err) return BN_NA;
  uint64_t span = es_schedule(o->op, o->n, NULL, NULL, busy);
  return span == UINT64_MAX ? BN_NA : span;
}

/* A GEMM's candidate tilings per dataflow: the tiler's (whole buffers, half
** buffers), then the tiler's candidates picked by plan_estimate, per
** bandwidth (whole buffers, then half). */
enum { NCAND = 2 + 2 * NBPC };
static int cand_at(int h, int b) { return h < 2 ? h : 2 + (h - 2) * NBPC + b; }

static int gemm_cands(e2e_ctx *x, const bn_hw *hw, const bn_gemm_res *g, bn_pattern p, bn_tiling c[2][NCAND]) {
  bn_hw half = *hw;
  half.abuf /= 2, half.bbuf /= 2, half.cbuf /= 2;
  memset(c, 0, 2 * sizeof c[0]);
  for (int ws = 0; ws < 2; ws++) {
    if (g->cycles[ws] == BN_NA) continue;
    c[ws][0] = g->tile[ws];
    if (bn_tile(&half, &g->shape, p, ws, &c[ws][1])) memset(&c[ws][1], 0, sizeof c[ws][1]);
    for (int h = 0; h < 2; h++) {
      xpick k = {x, hw, &g->shape, ws, 0, {BN_NA, BN_NA, BN_NA}, {{0}}};
      bn_tile_visit(h ? &half : hw, &g->shape, p, ws, pick_visit, &k);
      if (k.err) return -1;
      for (int b = 0; b < NBPC; b++) c[ws][cand_at(2 + h, b)] = k.t[b];
    }
  }
  return 0;
}

/* The fastest plan of a GEMM at bandwidth b, alone on an idle machine. */
static int best_plan(e2e_ctx *x, olist *o, const bn_hw *hw, const bn_gemm_res *g, const bn_tiling c[2][NCAND],
                     int b, gplan *best) {
  uint64_t best_span = BN_NA;
  for (int ws = 0; ws < 2; ws++)
    for (int h = 0; h < 4 && g->cycles[ws] != BN_NA; h++) {
      const bn_tiling *t = &c[ws][cand_at(h, b)];
      if (!t->nshapes) continue;
      gplan p;
      if (plan_gemm(x, hw, &g->shape, t, ws, b, &p)) return -1;
      for (int jo = 0; jo < (p.n[2] == 1 ? 2 : 1); jo++) {
        p.jouter = jo;
        uint64_t busy;
        ol_reset(o), emit_gemm(o, &p, NULL);
        uint64_t span = ol_run(o, &busy);
        if (span == BN_NA || busy != t->cycles) return -1; /* the steps must be the tiler's commands */
        if (span < best_span) best_span = span, *best = p;
      }
    }
  return best_span == BN_NA ? -1 : 0;
}

/* A layer's PRUNE and UPDATE chunks (UPDATE first: PRUNE reads its W16). */
static int layer_chunks(e2e_ctx *x, const bn_hw *hw, const bn_layer *l, bn_pattern p, int b, chunk **out,
                        int *nout) {
  uint64_t w = bn_layer_weights(l), kk = w / (uint64_t)l->cout, groups = 0;
  uint64_t uper = (uint64_t)hw->wbuf * (uint64_t)hw->wuve_lanes, pper = (uint64_t)hw->sbuf * (uint64_t)hw->sore_lanes;
  if (p.n) {
    uint64_t m = (uint64_t)p.m;
    groups = (uint64_t)l->cout * ((kk + m - 1) / m);
    if (!l->input) groups += kk * (((uint64_t)l->cout + m - 1) / m);
  }
  uint64_t nu = (w + uper - 1) / uper, np = (groups + pper - 1) / pper;
  chunk *c = malloc((size_t)(nu + np + 1) * sizeof *c);
  if (!c) return -1;
  int n = 0;
  for (uint64_t q = 0; q < nu; q++) {
    uint64_t sz = q + 1 < nu ? uper : w - q * uper, in[NBPC] = {0}, ou[NBPC] = {0}, cmds;
    static const dpk_kind ik[] = {DK_W, DK_V, DK_G_DW, DK_G_MASK}, ok[] = {DK_W, DK_V, DK_W16};
    for (int k = 0; k < 4; k++)
      if (tile_add(x, ik[k], 0, 1, sz, 0, 0, 1, in)) return free(c), -1;
    for (int k = 0; k < 3; k++)
      if (tile_add(x, ok[k], 1, 1, sz, 0, 0, 1, ou)) return free(c), -1;
    c[n++] = (chunk){1, in[b], bn_update_cycles(hw, sz, &cmds), ou[b]};
  }
  for (uint64_t q = 0; q < np; q++) {
    uint64_t sz = q + 1 < np ? pper : groups - q * pper, in[NBPC] = {0}, ou[NBPC] = {0}, cmds;
    if (tile_add(x, DK_SORE_IN, 0, sz, (uint64_t)p.m, p.m, p.n, 1, in) ||
        tile_add(x, DK_SORE_VAL, 1, sz, (uint64_t)p.n, p.m, p.n, 1, ou))
      return free(c), -1;
    c[n++] = (chunk){0, in[b], bn_prune_cycles(hw, sz, p.n, p.m, &cmds), ou[b]};
  }
  *out = c, *nout = n;
  return 0;
}

/* A network's overlapped step at pattern pi: makespan and compute-idle
** cycles per bandwidth. */
/* WG is dense at every pattern (bench_net copies pattern 0's): its plans,
** per layer, are worked out once. */
typedef struct {
  int have;
  bn_tiling tiles[2][NCAND];
  gplan plan[NBPC];
} wg_memo;

static int net_ovl(e2e_ctx *x, olist *o, const bn_run *r, const bn_net_res *nr, int pi, wg_memo *wm,
                   uint64_t tot[NBPC], uint64_t idle[NBPC], uint64_t xk[NBPC][NXK]) {
  const bn_hw *hw = &r->hw;
  memset(tot, 0, NBPC * sizeof tot[0]), memset(idle, 0, NBPC * sizeof idle[0]);
  memset(xk, 0, NBPC * sizeof xk[0]);
  static const int order[BN_GEMMS] = {BN_FF, BN_WG, BN_BP};
  for (int li = 0; li < nr->net.nlayers; li++) {
    const bn_layer *l = &nr->net.layer[li];
    const bn_layer_res *lr = &nr->res[li * r->npat + pi];
    bn_tiling tiles[BN_GEMMS][2][NCAND];
    wg_memo *w = &wm[li];
    for (int ph = 0; ph < BN_GEMMS; ph++)
      if (lr->g[ph].has && !(ph == BN_WG && w->have) &&
          gemm_cands(x, hw, &lr->g[ph], r->pat[pi], ph == BN_WG ? w->tiles : tiles[ph]))
        return -1;
    for (int b = 0; b < NBPC; b++) {
      gplan plan[BN_GEMMS];
      uint64_t want = lr->update + lr->prune, busy;
      for (int ph = 0; ph < BN_GEMMS; ph++) {
        if (!lr->g[ph].has) continue;
        if (ph == BN_WG && w->have)
          plan[ph] = w->plan[b];
        else if (best_plan(x, o, hw, &lr->g[ph], (const bn_tiling(*)[NCAND])(ph == BN_WG ? w->tiles : tiles[ph]), b,
                           &plan[ph]))
          return -1;
        plan[ph].ph = ph;
        if (ph == BN_WG) w->plan[b] = plan[ph];
        want += plan[ph].t->cycles;
      }
      chunk *ch;
      int nch;
      if (layer_chunks(x, hw, l, r->pat[pi], b, &ch, &nch)) return -1;
      spread sp = {ch, nch, 0, -1, 1};
      ol_reset(o);
      for (int q = 0; q < BN_GEMMS; q++)
        if (lr->g[order[q]].has) emit_gemm(o, &plan[order[q]], order[q] == BN_BP ? &sp : NULL);
      chunks_drain(o, &sp);
      free(ch);
      uint64_t span = ol_run(o, &busy);
      if (span == BN_NA || busy != want) return -1;
      tot[b] += (uint64_t)l->count * span, idle[b] += (uint64_t)l->count * (span - busy);
      for (int q = 0; q < NXK; q++) xk[b][q] += (uint64_t)l->count * o->xk[q];
    }
    w->have = 1;
  }
  return 0;
}

/* `file` must hold the line "<cfg>: <what> PASS" (an RTL check's output). */
static int check_passed(const bn_run *r, const char *file, const char *what, const char *opt, char *why,
                        size_t whylen) {
  if (!file) {
    snprintf(why, whylen, "no %s file", opt);
    return 0;
  }
  FILE *f = fopen(file, "r");
  if (!f) {
    snprintf(why, whylen, "cannot open %s", file);
    return 0;
  }
  char line[512], want[128];
  snprintf(want, sizeof want, "%s: %s PASS", r->hw.name, what);
  size_t wl = strlen(want);
  int ok = 0;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, want, wl) && (line[wl] == ' ' || line[wl] == '\n' || !line[wl])) ok = 1;
  fclose(f);
  if (!ok) snprintf(why, whylen, "%s has no line \"%s\" (the check failed or ran on another config)", file, want);
  return ok;
}

static void pat_name(bn_pattern p, char *pn, size_t len) {
  if (p.n) snprintf(pn, len, "%d:%d", p.n, p.m);
  else snprintf(pn, len, "dense");
}

int bn_e2e(const bn_run *r) {
  char why[700];
  if (!check_passed(r, r->xfer_check, "XFER-MODEL-CHECK", "--xfer-check (test_rtl_top_dma's xfer_model output)",
                    why, sizeof why)) {
    fprintf(stderr, "bench_net: REFUSING the e2e lines: the XFER cycle model is not checked against "
                    "this config's nm_top: %s\n", why);
    return -1;
  }
  if (r->overlap_check &&
      !check_passed(r, r->overlap_check, "OVERLAP-MODEL-CHECK", "--overlap-check", why, sizeof why)) {
    fprintf(stderr, "bench_net: REFUSING the e2e lines: the overlap schedule model is not checked "
                    "against this config's nm_top: %s\n", why);
    return -1;
  }
  e2e_ctx x;
  if (ctx_open(r, &x, why, sizeof why)) {
    fprintf(stderr, "bench_net: e2e: %s\n", why);
    return -1;
  }
  printf("bench_net: e2e-serial = compute + XFER, one command at a time; stall = XFER share of the "
         "cycles.  e2e = the two-channel schedule (compute beside XFER, ping-pong buffer halves, "
         "e2e_sched.h)%s; stall = share of the cycles the compute channel waits.  DRAM latency %d, "
         "%d-byte bus\n",
         r->overlap_check ? ", checked on nm_top (--overlap-check)" : ", NOT checked against nm_top (no --overlap-check)",
         E2E_LATENCY, x.bus_bytes);
  olist o;
  memset(&o, 0, sizeof o);
  int rc = 0;
  for (int ni = 0; ni < r->nnets && !rc; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    uint64_t dense[NBPC], odense[NBPC]; /* pattern 0 is dense */
    uint64_t wdense[NBPC];
    wg_memo *wm = calloc((size_t)nr->net.nlayers, sizeof *wm), *ww = calloc((size_t)nr->net.nlayers, sizeof *ww);
    if (!wm || !ww) rc = -1;
    for (int pi = 0; pi < r->npat && !rc; pi++) {
      uint64_t tot[NBPC], xf[NBPC], ot[NBPC], oi[NBPC], xk[NBPC][NXK], wt[NBPC], wi[NBPC], wk[NBPC][NXK];
      if (net_step(&x, r, nr, pi, tot, xf) || net_ovl(&x, &o, r, nr, pi, wm, ot, oi, xk)) {
        rc = -1;
        break;
      }
      x.a_whole = 1; /* the what-if, then back */
      rc = net_ovl(&x, &o, r, nr, pi, ww, wt, wi, wk);
      x.a_whole = 0;
      if (rc) break;
      if (!pi) memcpy(wdense, wt, sizeof wdense);
      if (!pi) memcpy(dense, tot, sizeof dense), memcpy(odense, ot, sizeof odense);
      char pn[16];
      pat_name(r->pat[pi], pn, sizeof pn);
      for (int b = 0; b < NBPC; b++)
        printf("e2e-serial %s %s bpc=%d cycles=%llu speedup=%.2fx stall=%.1f%%\n", nr->net.name, pn, kBpc[b],
               (unsigned long long)tot[b], (double)dense[b] / (double)tot[b], 100.0 * (double)xf[b] / (double)tot[b]);
      for (int b = 0; b < NBPC; b++)
        printf("e2e %s %s bpc=%d cycles=%llu speedup=%.2fx stall=%.1f%%\n", nr->net.name, pn, kBpc[b],
               (unsigned long long)ot[b], (double)odense[b] / (double)ot[b], 100.0 * (double)oi[b] / (double)ot[b]);
      for (int b = 0; b < NBPC; b++) { /* where the overlapped step's XFER cycles go */
        uint64_t all = 0;
        for (int q = 0; q < NXK; q++) all += xk[b][q];
        printf("e2e-xfer %s %s bpc=%d xfer=%.1f%% of cycles:", nr->net.name, pn, kBpc[b], 100.0 * (double)all / (double)ot[b]);
        for (int q = 0; q < NXK; q++) printf(" %s=%.1f%%", kXk[q], all ? 100.0 * (double)xk[b][q] / (double)all : 0.0);
        printf("\n");
      }
      for (int b = 0; b < NBPC; b++)
        printf("e2e-whatif-a-whole %s %s bpc=%d cycles=%llu speedup=%.2fx stall=%.1f%%\n", nr->net.name, pn,
               kBpc[b], (unsigned long long)wt[b], (double)wdense[b] / (double)wt[b], 100.0 * (double)wi[b] / (double)wt[b]);
    }
    free(wm), free(ww);
  }
  if (rc) fprintf(stderr, "bench_net: e2e: a tile could not be priced or a schedule broke its model\n");
  free(x.c), free(x.hash), free(o.op);
  return rc;
}
