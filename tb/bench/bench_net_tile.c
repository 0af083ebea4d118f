/*
** bench_net: a layer GEMM split into commands that fit the STCE buffers,
** costed with the per-command cycle model (bench_net_top.c).
**
** Tiling rule.  A command computes a tile TI x TJ of C over a K-range of TK
** (a multiple of M; K is padded with zeros to a multiple of M, and for dense
** GEMMs M is the best of MMAX and K's largest divisor <= MMAX).  It fits when
**   A:  ceil(TI/R) * TK'       <= abuf_depth   (TK' = TK*N/M, dense TK)
**   B:  ceil(TJ/C) * TK/M      <= bbuf_depth
**   C:  TI * ceil(TJ/C)        <= cbuf_depth   (C_in read in place)
** and I, J, K <= 65535 (16-bit command fields).  Tiles cover I and J row-
** and column-major; K-ranges after the first read the previous partial sums
** as fp32 C_in, which keeps the contract's sum order (so the split is exact).
** Among TI in {I} u {multiples of R}, TJ in {J} u {multiples of C} (all
** small multiples, a geometric sweep, the largest that fit) and, per
** (TI, TJ), TK the largest that fits or the same number of K-ranges
** balanced, the split with the fewest total cycles wins (ties: fewer
** commands).  Edge tiles are the remainders.  Loads and unloads of the
** buffers between commands are not counted (compute cycles only).
*/
#include <string.h>

#include "bench_net.h"

const char *bn_tiling_rule(void) {
  return "a command is a TI x TJ tile of C over a K-range TK (a multiple of M; K zero-padded to a "
         "multiple of M; dense GEMMs use the better of M = MMAX and K's largest divisor <= MMAX) "
         "that fits the STCE buffers: A ceil(TI/R)*TK' <= abuf_depth, B ceil(TJ/C)*TK/M <= "
         "bbuf_depth, C TI*ceil(TJ/C) <= cbuf_depth (C_in in place), fields <= 65535.  K-ranges "
         "after the first accumulate onto the fp32 partial sums as C_in (the contract's sum order, so "
         "the split is exact).  TI ranges over I and the multiples of R (all up to 24R, a geometric "
         "sweep, the largest that fit), TJ likewise over J and the multiples of C, TK over the largest "
         "that fits and the balanced split with as many K-ranges; the "
         "split with the fewest model cycles wins (ties: fewer commands); edge tiles are the "
         "remainders.  Buffer loads between commands are not counted";
}

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }
static uint64_t min_u(uint64_t a, uint64_t b) { return a < b ? a : b; }

#define MAX_CAND 96

/* Tile sizes along a dimension of length x: x itself if it is at most
** maxv, and multiples t*unit up to maxv: every t up to 24, the 8 largest,
** and a geometric sweep (ratio 1.15) between them. */
static int candidates(uint64_t x, uint64_t unit, uint64_t maxv, uint64_t *out) {
  int n = 0;
  if (x <= maxv) out[n++] = x;
  uint64_t top = min_u(maxv / unit, ceil_div(x, unit)), next = 24;
  for (uint64_t t = 1; t <= top && n < MAX_CAND; t++) {
    if (t > 24 && t + 8 < top && t < next) continue;
    if (t >= next) next = next * 115 / 100 + 1;
    if (unit * t < x) out[n++] = unit * t;
  }
  return n;
}

typedef struct {
  const bn_hw *hw;
  uint64_t I, J, kpad;
  int n, m, sparse, ws;
  bn_tile_visitor visit; /* NULL: keep the fewest cycles; else offer every candidate */
  void *ctx;
} problem;

/* One command's fields. */
static nm_gemm_cmd command(const problem *p, uint64_t i, uint64_t j, uint64_t k) {
  nm_gemm_cmd c;
  memset(&c, 0, sizeof c);
  c.I = (int)i, c.J = (int)j, c.K = (int)k, c.M = p->m, c.N = p->sparse ? p->n : p->m;
  c.a_sparse = p->sparse, c.ws = p->ws;
  return c;
}

/* Total cycles of the split (ti, tj, tk); fills t's shapes when t != NULL. */
static uint64_t split_cycles(const problem *p, uint64_t ti, uint64_t tj, uint64_t tk, bn_tiling *t) {
  uint64_t dim[3][2][2] = {/* [dim][full, edge][size, count] */
                           {{ti, p->I / ti}, {p->I % ti, p->I % ti ? 1 : 0}},
                           {{tj, p->J / tj}, {p->J % tj, p->J % tj ? 1 : 0}},
                           {{tk, p->kpad / tk}, {p->kpad % tk, p->kpad % tk ? 1 : 0}}};
  uint64_t total = 0;
  if (t) t->nshapes = 0, t->commands = 0;
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++)
      for (int c = 0; c < 2; c++) {
        uint64_t cnt = dim[0][a][1] * dim[1][b][1] * dim[2][c][1];
        if (!cnt) continue;
        nm_gemm_cmd cmd = command(p, dim[0][a][0], dim[1][b][0], dim[2][c][0]);
        uint64_t cyc = bn_gemm_cmd_cycles(p->hw, &cmd);
        total += cnt * cyc;
        if (t) {
          t->shape[t->nshapes] = cmd, t->shape_count[t->nshapes++] = cnt;
          t->commands += cnt;
        }
      }
  return total;
}

/* Largest K-range (in groups) a TI x TJ tile can take; 0 if none. */
static uint64_t max_groups(const problem *p, uint64_t ti, uint64_t tj) {
  const bn_hw *hw = p->hw;
  uint64_t per_group = (uint64_t)(p->sparse ? p->n : p->m);
  uint64_t ga = (uint64_t)hw->abuf / (ceil_div(ti, (uint64_t)hw->stce.rows) * per_group);
  uint64_t gb = (uint64_t)hw->bbuf / ceil_div(tj, (uint64_t)hw->stce.cols);
  uint64_t g = min_u(min_u(ga, gb), 65535u / (uint64_t)p->m);
  return min_u(g, p->kpad / (uint64_t)p->m);
}

/* The best split for one M; cycles or BN_NA. */
static uint64_t search(const problem *p, bn_tiling *best) {
  const bn_hw *hw = p->hw;
  uint64_t R = (uint64_t)hw->stce.rows, C = (uint64_t)hw->stce.cols;
  uint64_t ic[MAX_CAND], jc[MAX_CAND];
  int ni = candidates(p->I, R, min_u((uint64_t)hw->cbuf, 65535), ic);
  uint64_t best_cyc = BN_NA, best_cmds = BN_NA;
  for (int a = 0; a < ni; a++) {
    uint64_t jmax = min_u(C * ((uint64_t)hw->cbuf / ic[a]), 65535);
    int nj = candidates(p->J, C, jmax, jc);
    for (int b = 0; b < nj; b++) {
      uint64_t g = max_groups(p, ic[a], jc[b]);
      if (!g) continue;
      uint64_t m = (uint64_t)p->m, tks[2] = {g * m, 0};
      uint64_t nk = ceil_div(p->kpad, g * m);
      tks[1] = ceil_div(p->kpad / m, nk) * m;
      for (int c = 0; c < 2; c++) {
        if (c == 1 && tks[1] == tks[0]) continue;
        if (p->visit) { /* the caller judges: give it the candidate filled in */
          bn_tiling cand;
          memset(&cand, 0, sizeof cand);
          cand.cycles = split_cycles(p, ic[a], jc[b], tks[c], &cand);
          cand.ti = (int)ic[a], cand.tj = (int)jc[b], cand.tk = (int)tks[c], cand.m = p->m, cand.kpad = p->kpad;
          p->visit(p->ctx, &cand);
          continue;
        }
        uint64_t cyc = split_cycles(p, ic[a], jc[b], tks[c], NULL);
        uint64_t cmds = ceil_div(p->I, ic[a]) * ceil_div(p->J, jc[b]) * ceil_div(p->kpad, tks[c]);
        if (cyc < best_cyc || (cyc == best_cyc && cmds < best_cmds)) {
          best_cyc = cyc, best_cmds = cmds;
          best->ti = (int)ic[a], best->tj = (int)jc[b], best->tk = (int)tks[c];
        }
      }
    }
  }
  if (best_cyc != BN_NA) {
    best->cycles = split_cycles(p, (uint64_t)best->ti, (uint64_t)best->tj, (uint64_t)best->tk, best);
    best->m = p->m, best->kpad = p->kpad;
  }
  return best_cyc;
}

static int tile_search(const bn_hw *hw, const bn_shape *s, bn_pattern pat, int ws, bn_tiling *t,
                       bn_tile_visitor visit, void *ctx) {
  memset(t, 0, sizeof *t);
  t->cycles = BN_NA;
  int ms[2] = {pat.m, 0}, nm = 1;
  if (!s->sparse || pat.n == 0) { /* dense: MMAX, or K's largest divisor <= MMAX */
    ms[0] = hw->mmax;
    for (int d = hw->mmax; d >= 2; d--)
      if (s->K % (uint64_t)d == 0) {
        if (d != hw->mmax) ms[nm++] = d;
        break;
      }
  }
  for (int q = 0; q < nm; q++) {
    problem p = {hw,
                 s->I,
                 s->J,
                 ceil_div(s->K, (uint64_t)ms[q]) * (uint64_t)ms[q],
                 pat.n,
                 ms[q],
                 s->sparse && pat.n != 0,
                 ws,
                 visit,
                 ctx};
    bn_tiling cand;
    memset(&cand, 0, sizeof cand);
    if (search(&p, &cand) != BN_NA && (t->cycles == BN_NA || cand.cycles < t->cycles)) *t = cand;
  }
  return t->cycles == BN_NA ? -1 : 0;
}

int bn_tile(const bn_hw *hw, const bn_shape *s, bn_pattern p, int ws, bn_tiling *t) {
  return tile_search(hw, s, p, ws, t, NULL, NULL);
}

void bn_tile_visit(const bn_hw *hw, const bn_shape *s, bn_pattern p, int ws, bn_tile_visitor visit, void *ctx) {
  bn_tiling unused;
  tile_search(hw, s, p, ws, &unused, visit, ctx);
}
