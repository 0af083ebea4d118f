/*
** bench_net: the end-to-end training step, DMA included ("e2e" lines).
**
** Every command of the step (the tiled GEMMs of FF, BP, WG on the STCE,
** PRUNE, UPDATE) gets its operands XFERed in from DRAM and its results
** XFERed out, priced with the XFER cycle model (tb/model/nm_xfer_cycles.h,
** checked against the config's nm_top by test_rtl_top_dma's xfer_model case:
** bench-net runs it first and passes its output as --xfer-check; without a
** PASS line for this config there are no e2e lines and the bench fails).
** Two schedules of the step:
**   e2e-serial  one command at a time: the sum of compute (the existing
**               per-command model) and XFER cycles; stall = the XFER share;
**   e2e         nm_top's compute and XFER channels side by side (the op
**               lists of "the overlapped schedule" below, costed by
**               e2e_sched.h); stall = the share of the cycles the compute
**               channel waits.  With --overlap-check the file must say the
**               model passed on this config's nm_top, else no e2e lines.
** e2e-xfer lines: the overlapped step's XFER cycles by what they move.
**
** What moves, per GEMM tile command (TI x TJ over a K-range TK, the tiling
** of bench_net_tile.c): A [TI][TK] fp16 when dense (with ZFILL: whole
** words, the feeder makes the indices), A' as value | index
** pairs [TI][TK'] u32 when sparse (the A_PAIR kind: whole A words), B transposed [TJ][TK] fp16 in (the B_T kind: activations and
** gradients channels-last, with ZFILL: whole words for every M); C [TI][TJ] fp32 out after its last K-range
** (partial sums stay in the C buffer, C_in in place).  Reuse: with a single
** K-range the operand of the outer tile loop stays in its buffer over the
** inner loop (the loop order with fewer XFER cycles is taken); with several
** K-ranges every command loads both.  PRUNE: the W16 groups in (SORE_IN),
** the kept values out (SORE_VAL; the kept indices have no XFER kind yet and
** are not counted).  UPDATE: W, V fp32, dW16 and the mask in; W, V, W16 out.
** DRAM: every tile row starts a bus beat (rows aligned), latency 100 cycles.
** WG runs on the STCE here (the ANT engine's operands are CSR lists, not
** priced).  e2e-serial: per GEMM the dataflow with the fewest compute + XFER
** cycles.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net_e2e.h"
#include "nm_xfer_cycles.h"

const int e2e_bpc[NBPC] = {8, 16, 32};

/* ---- the config's bus and region words ---------------------------------------- */

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

const uint64_t *e2e_tile_cycles(e2e_ctx *x, dpk_kind k, int out, int rows, int cols, int m, int n) {
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
  /* ZFILL on the loads whose words the tile fills in part: dense A' values
  ** (the feeder makes the indices) and B^T (lanes >= M unused): whole words */
  d.zfill = !out && (k == DK_A_VAL || k == DK_B_T);
  int esz = dpk_kind_esz(k);
  uint64_t row = (uint64_t)cols * (uint64_t)esz, bb = (uint64_t)x->bus_bytes;
  nm_xfer_cmd xc = {out, rows, cols, 0, (row + bb - 1) / bb * bb, x->lanes[region_of_kind(k)],
                    {d.esz, d.nb, d.base, d.lane0, d.epw, d.e_wm, d.e_skew, d.e_wstep, d.r_flat, d.rpl,
                     d.r_wm, d.r_skew, d.r_wstep, d.zfill},
                    nm_xfer_wide(region_of_kind(k))};
  for (int b = 0; b < NBPC; b++) {
    nm_xfer_bus bus = {x->bus_bytes, E2E_LATENCY, e2e_bpc[b], x->max_reads};
    nm_xfer_est est;
    if (nm_xfer_estimate(&bus, &xc, &est)) return x->n--, NULL; /* keep no half-priced entry */
    e->cycles[b] = est.cycles;
  }
  x->hash[q] = x->n; /* the entry's index + 1 */
  return e->cycles;
}

/* XFER cycles of one tile at every bandwidth, added (times cnt) to acc. */
int e2e_tile_add(e2e_ctx *x, dpk_kind k, int out, uint64_t rows, uint64_t cols, int m, int n, uint64_t cnt,
                    uint64_t acc[NBPC]) {
  if (!cnt || !rows || !cols) return 0;
  const uint64_t *cyc = e2e_tile_cycles(x, k, out, (int)rows, (int)cols, m, n);
  if (!cyc) return -1;
  for (int b = 0; b < NBPC; b++) acc[b] += cnt * cyc[b];
  return 0;
}

/* ---- one GEMM's tiles -------------------------------------------------------- */

uint64_t e2e_kprime(const nm_gemm_cmd *c, uint64_t k) { return c->a_sparse ? k * (uint64_t)c->N / (uint64_t)c->M : k; }

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
      if (e2e_tile_add(x, DK_C32, 1, dim[0][a][0], dim[1][b][0], 0, 0, dim[0][a][1] * dim[1][b][1], out)) return -1;
  uint64_t xa[NBPC] = {0}, xb[NBPC] = {0}; /* one load of every A tile / every B tile */
  for (int a = 0; a < 2; a++)
    for (int c = 0; c < 2; c++) {
      uint64_t cnt = dim[0][a][1] * dim[2][c][1], kq = e2e_kprime(c0, dim[2][c][0]);
      if (e2e_tile_add(x, sp ? DK_A_PAIR : DK_A_VAL, 0, dim[0][a][0], kq, 0, 0, cnt, xa)) return -1;
    }
  for (int b = 0; b < 2; b++)
    for (int c = 0; c < 2; c++)
      if (e2e_tile_add(x, DK_B_T, 0, dim[1][b][0], dim[2][c][0], m, 0, dim[1][b][1] * dim[2][c][1], xb)) return -1;
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
    if (e2e_tile_add(x, DK_SORE_IN, 0, sz[i], (uint64_t)m, m, n, cnt[i], out)) return -1;
    if (e2e_tile_add(x, DK_SORE_VAL, 1, sz[i], (uint64_t)n, m, n, cnt[i], out)) return -1;
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
      if (e2e_tile_add(x, in[k], 0, 1, sz[i], 0, 0, cnt[i], out)) return -1;
    for (size_t k = 0; k < sizeof outk / sizeof outk[0]; k++)
      if (e2e_tile_add(x, outk[k], 1, 1, sz[i], 0, 0, cnt[i], out)) return -1;
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
         "e2e_sched.h)%s; stall = share of the cycles the compute channel waits.  fused = the same with "
         "PRUNE and UPDATE on their own engines beside the GEMMs (the command queue's channels); overlap = "
         "share of the cycles with two or more of STCE, SORE, WUVE and DMA busy; fused-util = each one's "
         "busy share.  DRAM latency %d, "
         "%d-byte bus\n",
         r->overlap_check ? ", checked on nm_top (--overlap-check)" : ", NOT checked against nm_top (no --overlap-check)",
         E2E_LATENCY, x.bus_bytes);
  /* sim/bench_plot's engines.png: the fused-util shares at 16 B/cycle */
  char path[600];
  snprintf(path, sizeof path, "%s/net/engines.dat", r->out_dir);
  FILE *eng = fopen(path, "w");
  if (!eng) {
    fprintf(stderr, "bench_net: e2e: cannot write %s\n", path);
    free(x.c), free(x.hash);
    return -1;
  }
  fprintf(eng, "# network pattern stce sore wuve dma (busy %% of the fused step, 16 B/cycle)\n");
  int rc = 0;
  for (int ni = 0; ni < r->nnets && !rc; ni++) {
    const bn_net_res *nr = &r->nets[ni];
    uint64_t dense[NBPC], odense[NBPC], fdense[NBPC]; /* pattern 0 is dense */
    e2e_ovl *wm = e2e_ovl_new(nr->net.nlayers);
    if (!wm) rc = -1;
    for (int pi = 0; pi < r->npat && !rc; pi++) {
      uint64_t tot[NBPC], xf[NBPC];
      e2e_step ov[NBPC], fu[NBPC];
      if (net_step(&x, r, nr, pi, tot, xf) || e2e_ovl_step(&x, wm, r, nr, pi, 0, ov) ||
          e2e_ovl_step(&x, wm, r, nr, pi, 1, fu)) {
        rc = -1;
        break;
      }
      if (!pi)
        for (int b = 0; b < NBPC; b++) dense[b] = tot[b], odense[b] = ov[b].cycles, fdense[b] = fu[b].cycles;
      char pn[16];
      pat_name(r->pat[pi], pn, sizeof pn);
      for (int b = 0; b < NBPC; b++)
        printf("e2e-serial %s %s bpc=%d cycles=%llu speedup=%.2fx stall=%.1f%%\n", nr->net.name, pn, e2e_bpc[b],
               (unsigned long long)tot[b], (double)dense[b] / (double)tot[b], 100.0 * (double)xf[b] / (double)tot[b]);
      for (int b = 0; b < NBPC; b++)
        printf("e2e %s %s bpc=%d cycles=%llu speedup=%.2fx stall=%.1f%%\n", nr->net.name, pn, e2e_bpc[b],
               (unsigned long long)ov[b].cycles, (double)odense[b] / (double)ov[b].cycles,
               100.0 * (double)ov[b].idle / (double)ov[b].cycles);
      for (int b = 0; b < NBPC; b++) {
        double c = (double)fu[b].cycles;
        printf("fused %s %s bpc=%d cycles=%llu speedup=%.2fx overlap=%.1f%% stall=%.1f%%\n", nr->net.name, pn,
               e2e_bpc[b], (unsigned long long)fu[b].cycles, (double)fdense[b] / c, 100.0 * (double)fu[b].two / c,
               100.0 * (double)fu[b].idle / c);
        double u[4] = {100.0 * (double)fu[b].busy[ES_COMPUTE] / c, 100.0 * (double)fu[b].busy[ES_SORE] / c,
                       100.0 * (double)fu[b].busy[ES_WUVE] / c, 100.0 * (double)fu[b].busy[ES_XFER] / c};
        printf("fused-util %s %s bpc=%d stce=%.1f%% sore=%.1f%% wuve=%.1f%% dma=%.1f%%\n", nr->net.name, pn,
               e2e_bpc[b], u[0], u[1], u[2], u[3]);
        if (e2e_bpc[b] == 16)
          fprintf(eng, "%s %s %.2f %.2f %.2f %.2f\n", nr->net.name, pn, u[0], u[1], u[2], u[3]);
      }
      for (int b = 0; b < NBPC; b++) { /* where the overlapped step's XFER cycles go */
        uint64_t all = 0;
        for (int q = 0; q < NXK; q++) all += ov[b].xk[q];
        printf("e2e-xfer %s %s bpc=%d xfer=%.1f%% of cycles:", nr->net.name, pn, e2e_bpc[b],
               100.0 * (double)all / (double)ov[b].cycles);
        for (int q = 0; q < NXK; q++) printf(" %s=%.1f%%", e2e_xk_name[q], all ? 100.0 * (double)ov[b].xk[q] / (double)all : 0.0);
        printf("\n");
      }
    }
    e2e_ovl_free(wm);
  }
  if (fclose(eng) && !rc) {
    fprintf(stderr, "bench_net: e2e: cannot write %s\n", path);
    rc = -1;
  } else if (rc)
    fprintf(stderr, "bench_net: e2e: a tile could not be priced or a schedule broke its model\n");
  free(x.c), free(x.hash);
  return rc;
}
