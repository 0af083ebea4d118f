/*
** bench_net: the e2e lines' overlapped schedule (bench_net_e2e.c's "e2e"):
** a layer's commands as two-channel op lists for e2e_sched.h.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net_e2e.h"

/* ---- the overlapped schedule (e2e_sched.h) ------------------------------------- */

/* nm_top's compute and XFER channels run concurrently (issue 17's rules, as
** dependencies between ops of one list):
**  - tiles whose A / B / C need fits half its buffer ping-pong between the
**    halves (else they take the whole buffer); an op waits for the last op
**    that touched its half (load after the compute that read it, compute
**    after its loads and after the store that emptied its C half);
**  - A' pairs, dense A and B_T (with ZFILL: whole words, bench_net_e2e.c)
**    load beside a GEMM at their own rate;
**  - a C store runs beside an OS GEMM without C_in only: it waits for the
**    last WS or C_in GEMM before it and the next such GEMM waits for it;
**  - PRUNE / UPDATE and the XFERs of their engine's regions never overlap
**    (the engine's buffers are single), but run beside GEMMs.
** A layer's list: FF, WG, then BP with the layer's UPDATE and PRUNE chunks
** spread over it (UPDATE reads WG's dW, PRUNE UPDATE's W16: their XFERs
** follow those stores on the in-order XFER channel; weights are double-
** buffered in DRAM, so BP still reads the old ones).  Layers do not overlap
** one another (each starts on an idle machine).  Per GEMM and bandwidth the
** fastest of OS / WS x the candidate tilings (gemm_cands) x the two loop
** orders, each scheduled alone; its compute cycles must equal the tiler's.
** Fused (the `fused` lines): the same lists with PRUNE and UPDATE on their
** own engines' channels (ES_SORE, ES_WUVE), as nm_top's command queue runs
** them: beside the GEMMs, each engine one command at a time. */

enum { BUF_A, BUF_B, BUF_C, NBUF, WHOLE = 2 };
const char *const e2e_xk_name[NXK] = {"FF.A", "FF.B", "FF.C", "BP.A", "BP.B", "BP.C",
                                     "WG.A", "WG.B", "WG.C", "prune", "update"};

/* What an op does to the buffers (the schedule checker's view). */
enum { U_NONE, U_GEMM, U_LOAD, U_STORE, U_ENG_X, U_ENG_C };
typedef struct {
  uint8_t kind, flag; /* GEMM: WS or C_in; LOAD: not whole-word; ENG_*: the engine */
  int8_t half[NBUF];  /* the half of A, B, C it uses (WHOLE: both; -1 none) */
} op_use;

typedef struct {
  es_op *op;
  op_use *use;
  uint64_t *st, *en; /* the schedule, for the checker */
  int n, cap, err;
  int fused;         /* PRUNE / UPDATE on their own channels */
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
    if (no) o->op = no;
    op_use *nu = no ? realloc(o->use, (size_t)cap * sizeof *nu) : NULL;
    if (nu) o->use = nu;
    uint64_t *ns = nu ? realloc(o->st, (size_t)cap * sizeof *ns) : NULL;
    if (ns) o->st = ns;
    uint64_t *ne = ns ? realloc(o->en, (size_t)cap * sizeof *ne) : NULL;
    if (!ne) return o->err = 1, -1;
    o->en = ne, o->cap = cap;
  }
  es_op *p = &o->op[o->n];
  memset(p, 0, sizeof *p);
  p->chan = chan, p->cycles = cycles;
  o->use[o->n] = (op_use){U_NONE, 0, {-1, -1, -1}};
  return o->n++;
}

static void ol_mark(olist *o, int i, int kind, int flag, int ha, int hb, int hc) {
  if (i >= 0) o->use[i] = (op_use){(uint8_t)kind, (uint8_t)flag, {(int8_t)ha, (int8_t)hb, (int8_t)hc}};
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
  int ph, ws, jouter, slots[NBUF]; /* ph: the phase (the XFER breakdown's) */
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
  dpk_kind ak = sp ? DK_A_PAIR : DK_A_VAL;
  for (int u = 0; u < 2; u++)
    for (int v = 0; v < 2; v++) {
      const uint64_t *cy;
      if (sz[0][u] && sz[2][v]) {
        if (!(cy = e2e_tile_cycles(x, ak, 0, (int)sz[0][u], (int)e2e_kprime(c0, sz[2][v]), 0, 0))) return -1;
        g->xa[u][v] = cy[b];
      }
      if (sz[1][u] && sz[2][v]) {
        if (!(cy = e2e_tile_cycles(x, DK_B_T, 0, (int)sz[1][u], (int)sz[2][v], m, 0))) return -1;
        g->xb[u][v] = cy[b];
      }
      if (sz[0][u] && sz[1][v]) {
        if (!(cy = e2e_tile_cycles(x, DK_C32, 1, (int)sz[0][u], (int)sz[1][v], 0, 0))) return -1;
        g->xc[u][v] = cy[b];
      }
      for (int w = 0; w < 2; w++) {
        nm_gemm_cmd c = *c0;
        c.I = (int)sz[0][u], c.J = (int)sz[1][v], c.K = (int)sz[2][w];
        g->cc[u][v][w] = c.I && c.J && c.K ? bn_gemm_cmd_cycles(hw, &c) : 0;
      }
    }
  const nm_layout_cfg *L = &x->L;
  g->slots[BUF_A] = nm_layout_a_need(L, t->ti, (int)e2e_kprime(c0, tile[2])) <= (uint64_t)hw->abuf / 2 ? 2 : 1;
  g->slots[BUF_B] = nm_layout_b_need(L, t->tk / m, t->tj) <= (uint64_t)hw->bbuf / 2 ? 2 : 1;
  g->slots[BUF_C] = nm_layout_c_need(L, t->ti, t->tj) <= (uint64_t)hw->cbuf / 2 ? 2 : 1;
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
  uint64_t serial = (g->slots[BUF_A] < 2 ? ta : 0) + (g->slots[BUF_B] < 2 ? tb : 0) +
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
    int e = c->eng, r = ol_add(o, o->fused ? ES_SORE + e : ES_COMPUTE, c->run);
    ol_dep(o, r, o->eng_x[e]), o->eng_c[e] = r, ol_mark(o, r, U_ENG_C, e, -1, -1, -1);
    int st = ol_xfer(o, XK_SORE + e, c->store);
    ol_dep(o, st, r), o->eng_x[e] = st, ol_mark(o, st, U_ENG_X, e, -1, -1, -1);
    sp->loaded = -1;
  }
  if (sp->next < sp->n) {
    int e = sp->c[sp->next].eng, l = ol_xfer(o, XK_SORE + e, sp->c[sp->next].load);
    ol_dep(o, l, o->eng_c[e]), o->eng_x[e] = l, ol_mark(o, l, U_ENG_X, e, -1, -1, -1);
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
    ol_mark(o, l, U_LOAD, 0, q == BUF_A ? h[q][s & 1] : -1, q == BUF_B ? h[q][s & 1] : -1, -1);
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
    ol_mark(o, c, U_GEMM, excl, h[BUF_A][t & 1], h[BUF_B][t & 1], hc);
    if (k == nk - 1) {
      int st = ol_xfer(o, 3 * g->ph + BUF_C, g->xc[ci][cj]);
      ol_touch(o, st, BUF_C, hc), ol_dep(o, st, o->gemm_x), o->wait_x = st;
      ol_mark(o, st, U_STORE, 0, -1, -1, hc);
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
** bandwidth (whole buffers, all halved, A and B halved). */
enum { NPICK = 3, NCAND = 2 + NPICK * NBPC }; /* picked in: whole buffers, halves, A and B halves */
static int cand_at(int h, int b) { return h < 2 ? h : 2 + (h - 2) * NBPC + b; }

static int gemm_cands(e2e_ctx *x, const bn_hw *hw, const bn_gemm_res *g, bn_pattern p, bn_tiling c[2][NCAND]) {
  bn_hw half = *hw, ab = *hw; /* ab: C whole (its stores are rare when K is long) */
  half.abuf /= 2, half.bbuf /= 2, half.cbuf /= 2;
  ab.abuf /= 2, ab.bbuf /= 2;
  const bn_hw *pick_hw[NPICK] = {hw, &half, &ab};
  memset(c, 0, 2 * sizeof c[0]);
  for (int ws = 0; ws < 2; ws++) {
    if (g->cycles[ws] == BN_NA) continue;
    c[ws][0] = g->tile[ws];
    if (bn_tile(&half, &g->shape, p, ws, &c[ws][1])) memset(&c[ws][1], 0, sizeof c[ws][1]);
    for (int h = 0; h < NPICK; h++) {
      xpick k = {x, hw, &g->shape, ws, 0, {BN_NA, BN_NA, BN_NA}, {{0}}};
      bn_tile_visit(pick_hw[h], &g->shape, p, ws, pick_visit, &k);
      if (k.err) return -1;
      for (int b = 0; b < NBPC; b++) c[ws][cand_at(2 + h, b)] = k.t[b];
    }
  }
  return 0;
}

/* Halves a and b share a word (either WHOLE, or the same half). */
static int halves_meet(int a, int b) { return a >= 0 && b >= 0 && (a == WHOLE || b == WHOLE || a == b); }

/* Checks a scheduled list (o->st / o->en) against nm_top's rules, written
** apart from the deps that built it: no XFER overlaps a compute op on the
** words it uses (a half a GEMM reads or writes; any GEMM for a B load that
** is not whole-word; a WS / C_in GEMM for a C store; its own engine's
** PRUNE / UPDATE), and in list order a GEMM starts after the loads and the
** store of its halves ended, a load after the GEMMs that read its half, a
** store after the GEMM that wrote it.  NULL, or what is wrong. */
static const char *ol_check(const olist *o) {
  uint64_t load_end[2][2] = {{0}}, gemm_end[NBUF][2] = {{0}}, store_end[2] = {0};
  const op_use *u = o->use;
  for (int i = 0; i < o->n; i++) {
    uint64_t s = o->st[i], e = o->en[i];
    for (int q = 0; q < 2; q++) {
      int want[NBUF];
      for (int b = 0; b < NBUF; b++) want[b] = u[i].half[b] == WHOLE || u[i].half[b] == q;
      if (u[i].kind == U_GEMM) {
        for (int b = 0; b < 2; b++)
          if (want[b] && s < load_end[b][q]) return "a GEMM starts before its operand's load ends";
        if (want[BUF_C] && s < store_end[q]) return "a GEMM writes a C half before its store ends";
      } else if (u[i].kind == U_LOAD || u[i].kind == U_STORE) {
        for (int b = 0; b < NBUF; b++)
          if (want[b] && s < gemm_end[b][q]) return "an XFER starts before the GEMM on its half ends";
      }
    }
    for (int q = 0; q < 2; q++)
      for (int b = 0; b < NBUF; b++) {
        if (!(u[i].half[b] == WHOLE || u[i].half[b] == q)) continue;
        if (u[i].kind == U_GEMM) gemm_end[b][q] = e;
        else if (u[i].kind == U_LOAD) load_end[b][q] = e;
        else if (u[i].kind == U_STORE) store_end[q] = e;
      }
  }
  /* Overlaps: each compute channel runs its ops one at a time in list
  ** order (and XFERs start in list order), so walk each channel's. */
  for (int ch = 0; ch < ES_NCHAN; ch++) {
    if (ch == ES_XFER) continue;
    int c = 0;
    for (int i = 0; i < o->n; i++) {
      if (o->op[i].chan != ES_XFER || o->st[i] == o->en[i]) continue;
      while (c < o->n && (o->op[c].chan != ch || o->en[c] <= o->st[i])) c++;
      for (int k = c; k < o->n && (o->op[k].chan != ch || o->st[k] < o->en[i]); k++) {
        if (o->op[k].chan != ch || o->st[k] == o->en[k]) continue;
        const op_use *x = &u[i], *g = &u[k];
        if (g->kind == U_GEMM) {
          for (int b = 0; b < NBUF; b++)
            if (halves_meet(x->half[b], g->half[b])) return "an XFER overlaps a GEMM on the same half";
          if (x->kind == U_STORE && g->flag) return "a C store overlaps a WS or C_in GEMM";
        } else if (g->kind == U_ENG_C && x->kind == U_ENG_X && g->flag == x->flag)
          return "an XFER overlaps PRUNE / UPDATE on its engine";
      }
    }
  }
  return NULL;
}

/* The fastest plan of a GEMM at bandwidth b, alone on an idle machine. */
static int best_plan(e2e_ctx *x, olist *o, const bn_hw *hw, const bn_gemm_res *g, const bn_tiling c[2][NCAND],
                     int b, gplan *best) {
  uint64_t best_span = BN_NA;
  for (int ws = 0; ws < 2; ws++)
    for (int h = 0; h < 2 + NPICK && g->cycles[ws] != BN_NA; h++) {
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
      if (e2e_tile_add(x, ik[k], 0, 1, sz, 0, 0, 1, in)) return free(c), -1;
    for (int k = 0; k < 3; k++)
      if (e2e_tile_add(x, ok[k], 1, 1, sz, 0, 0, 1, ou)) return free(c), -1;
    c[n++] = (chunk){1, in[b], bn_update_cycles(hw, sz, &cmds), ou[b]};
  }
  for (uint64_t q = 0; q < np; q++) {
    uint64_t sz = q + 1 < np ? pper : groups - q * pper, in[NBPC] = {0}, ou[NBPC] = {0}, cmds;
    if (e2e_tile_add(x, DK_SORE_IN, 0, sz, (uint64_t)p.m, p.m, p.n, 1, in) ||
        e2e_tile_add(x, DK_SORE_VAL, 1, sz, (uint64_t)p.n, p.m, p.n, 1, ou))
      return free(c), -1;
    c[n++] = (chunk){0, in[b], bn_prune_cycles(hw, sz, p.n, p.m, &cmds), ou[b]};
  }
  *out = c, *nout = n;
  return 0;
}

/* Cycles of a scheduled list with at least two channels busy (the DMA
** counts as an engine); -1 when out of memory. */
typedef struct {
  uint64_t t;
  int d; /* +1 an op starts, -1 one ends */
} ol_event;
static int ol_event_cmp(const void *pa, const void *pb) {
  const ol_event *a = pa, *b = pb;
  if (a->t != b->t) return a->t < b->t ? -1 : 1;
  return a->d - b->d; /* at a tie, ends first */
}
static int64_t ol_overlap(const olist *o) {
  ol_event *e = malloc((size_t)(2 * o->n + 1) * sizeof *e);
  if (!e) return -1;
  int m = 0;
  for (int i = 0; i < o->n; i++)
    if (o->en[i] > o->st[i]) e[m++] = (ol_event){o->st[i], 1}, e[m++] = (ol_event){o->en[i], -1};
  qsort(e, (size_t)m, sizeof *e, ol_event_cmp);
  int64_t two = 0;
  for (int i = 0, busy = 0; i < m; i++) {
    if (busy >= 2) two += (int64_t)(e[i].t - e[i - 1].t);
    busy += e[i].d;
  }
  free(e);
  return two;
}

/* A network's overlapped step at pattern pi, per bandwidth (e2e_step). */
/* WG is dense at every pattern (bench_net copies pattern 0's): its plans,
** per layer, are worked out once. */
typedef struct {
  int have;
  bn_tiling tiles[2][NCAND];
  gplan plan[NBPC];
} wg_memo;

static int net_ovl(e2e_ctx *x, olist *o, const bn_run *r, const bn_net_res *nr, int pi, wg_memo *wm,
                   int fused, e2e_step out[NBPC]) {
  const bn_hw *hw = &r->hw;
  memset(out, 0, NBPC * sizeof out[0]);
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
      o->fused = fused;
      for (int q = 0; q < BN_GEMMS; q++)
        if (lr->g[order[q]].has) emit_gemm(o, &plan[order[q]], order[q] == BN_BP ? &sp : NULL);
      chunks_drain(o, &sp);
      free(ch);
      uint64_t span = o->err ? BN_NA : es_schedule(o->op, o->n, o->st, o->en, &busy);
      const char *bad = span == UINT64_MAX || span == BN_NA ? "the list" : ol_check(o);
      if (bad || busy != want) {
        fprintf(stderr, "bench_net: e2e: %s %s: the overlapped schedule breaks a rule: %s\n", nr->net.name,
                l->name, bad ? bad : "its compute cycles are not the commands'");
        return -1;
      }
      int64_t ov = ol_overlap(o);
      if (ov < 0) return -1;
      uint64_t ch_busy[ES_NCHAN] = {0}, n = (uint64_t)l->count;
      for (int i = 0; i < o->n; i++) ch_busy[o->op[i].chan] += o->op[i].cycles;
      e2e_step *e = &out[b];
      e->cycles += n * span, e->two += n * (uint64_t)ov;
      e->idle += n * (span - ch_busy[ES_COMPUTE]); /* the STCE's waits (fused: GEMMs only there) */
      for (int c = 0; c < ES_NCHAN; c++) e->busy[c] += n * ch_busy[c];
      for (int q = 0; q < NXK; q++) e->xk[q] += n * o->xk[q];
    }
    w->have = 1;
  }
  return 0;
}

struct e2e_ovl {
  olist o;
  wg_memo *wm;
};

e2e_ovl *e2e_ovl_new(int nlayers) {
  e2e_ovl *v = calloc(1, sizeof *v);
  if (v && !(v->wm = calloc((size_t)(nlayers > 0 ? nlayers : 1), sizeof *v->wm))) free(v), v = NULL;
  return v;
}

void e2e_ovl_free(e2e_ovl *v) {
  if (v) free(v->o.op), free(v->o.use), free(v->o.st), free(v->o.en), free(v->wm), free(v);
}

int e2e_ovl_step(e2e_ctx *x, e2e_ovl *v, const bn_run *r, const bn_net_res *nr, int pi, int fused,
                 e2e_step out[NBPC]) {
  return net_ovl(x, &v->o, r, nr, pi, v->wm, fused, out);
}
