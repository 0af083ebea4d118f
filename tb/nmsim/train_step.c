/*
** One layer's training step on nm_top, checked against the golden model
** (see train_step.h).  PRUNE, the GEMMs and UPDATE live here; ANT in
** train_ant.c; layouts in train_pack.c.
*/
#include "train_step.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_fp.h"
#include "nm_gemm.h"
#include "nm_sore.h"
#include "nm_stce_cycles.h"
#include "nm_top_cycles.h"
#include "nm_wuve.h"
#include "train_pack.h"

static int cdiv(int a, int b) { return (a + b - 1) / b; }

int step_front(train_ctx *x) { return x->front_all || x->xfer++ == x->front_xfer; }

int step_dump(train_ctx *x, const char *op, const char *phase, const char *fields,
              const dump_tensor *in, int nin, const dump_tensor *out, int nout) {
  if (dump_cmd(x->dump, op, phase, x->rep.iter, x->rep.layer, fields, in, nin, out, nout))
    return rep_fail(&x->rep, "--dump: cannot write the %s command's files", op);
  return 0;
}

static const nm_top_hw *top_hw(void) {
  static const nm_top_hw hw = {{NM_ROWS, NM_COLS, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES},
                               NM_MMAX, NM_SORE_LANES, NM_SORE_ARCH == NM_SORE_ARCH_PARALLEL,
                               NM_WUVE_LANES, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES};
  return &hw;
}

/* A random base so that `need` words fit below `depth`. */
static int rbase(train_ctx *x, int depth, int need) {
  return (int)nm_rng_below(&x->rng, (uint32_t)(depth - need + 1));
}

/* ------------------------------------------------------------------ GEMM */

typedef struct gemm_job {
  int phase;
  const char *name;        /* "FF", "BP", "WG", "FF-dense", ... */
  nm_gemm_cmd c;           /* whole sizes; ws is drawn per command */
  const uint16_t *aval;    /* I x K' */
  const uint8_t *aidx;     /* I x K' or NULL (dense) */
  const uint16_t *b;       /* K x J */
  const uint32_t *cin;     /* I x J when c.init_cin */
  uint32_t *out;           /* I x J: what the hardware wrote */
} gemm_job;

/* The command's fields as text, for failure reports. */
static void gemm_text(char *t, size_t n, const char *name, const nm_gemm_cmd *c, int i0, int j0,
                      int ab, int bb, int cib, int cb) {
  snprintf(t, n,
           "GEMM %s tile@(%d,%d) I=%d J=%d K=%d N:M=%d:%d %s %s cin=%d out16=%d abase=%d "
           "bbase=%d cinbase=%d cbase=%d",
           name, i0, j0, c->I, c->J, c->K, c->N, c->M, c->a_sparse ? "sparse" : "dense",
           c->ws ? "WS" : "OS", c->init_cin, c->out16, ab, bb, cib, cb);
}

static int gemm_dump(train_ctx *x, const gemm_job *g, const nm_gemm_cmd *c, const uint16_t *av,
                      const uint8_t *ai, const uint16_t *bt, const uint32_t *ct, const uint32_t *got) {
  char f[256];
  int kp = nm_gemm_kp(c), n = 0;
  dump_tensor in[4], out;
  snprintf(f, sizeof f,
           "{\"I\":%d,\"J\":%d,\"K\":%d,\"N\":%d,\"M\":%d,\"sparse\":%d,\"ws\":%d,\"cin\":%d,"
           "\"out16\":%d}",
           c->I, c->J, c->K, c->N, c->M, c->a_sparse, c->ws, c->init_cin, c->out16);
  in[n++] = (dump_tensor){"A_val", "f16", 2, {c->I, kp}, "row-major [I][K']", av, 0};
  if (ai) in[n++] = (dump_tensor){"A_idx", "u8", 2, {c->I, kp}, "row-major [I][K']", ai, 0};
  in[n++] = (dump_tensor){"B", "f16", 2, {c->K, c->J}, "row-major [K][J]", bt, 0};
  if (c->init_cin) in[n++] = (dump_tensor){"C_in", "f32", 2, {c->I, c->J}, "row-major [I][J]", ct, 0};
  out = (dump_tensor){"C", c->out16 ? "f16" : "f32", 2, {c->I, c->J}, "row-major [I][J]", got, 1};
  return step_dump(x, "GEMM", g->name, f, in, n, &out, 1);
}

/* One tile of a GEMM: rows i0.., columns j0.., K range k0.. (a multiple of M). */
typedef struct gemm_tile_t {
  int i0, j0, k0, it, jt, kt;
  int first, last;           /* first / last K chunk of this (i0, j0) tile */
  const uint32_t *prev;      /* it x jt fp32 partial sums of the previous K chunk */
  uint32_t *res;             /* it x jt: what the hardware wrote */
} gemm_tile_t;

/* One command.  K chunks after the first take the previous chunk's fp32
** results as C_in, so the sum order is the contract's k' = 0..K'-1. */
static int gemm_tile(train_ctx *x, gemm_job *g, const gemm_tile_t *t) {
  nm_gemm_cmd c = g->c;
  int kpf = nm_gemm_kp(&g->c), it = t->it, jt = t->jt, kp, groups, csz, ab, bb, cb, cib, rc = -1;
  int nk = g->c.a_sparse ? g->c.N : g->c.M;   /* A' entries per group */
  uint16_t *bt = malloc(sizeof *bt * (size_t)t->kt * (size_t)jt);
  uint16_t *av = malloc(sizeof *av * (size_t)it * (size_t)(t->kt / c.M * nk));
  uint8_t *ai = g->aidx ? malloc((size_t)it * (size_t)(t->kt / c.M * nk)) : NULL;
  uint32_t *ct = malloc(sizeof *ct * (size_t)it * (size_t)jt);
  uint32_t *exp = malloc(sizeof *exp * (size_t)it * (size_t)jt);
  hw_result res;
  char tname[128];
  if (!bt || !av || (g->aidx && !ai) || !ct || !exp) goto out;
  c.I = it, c.J = jt, c.K = t->kt;
  c.init_cin = t->first ? g->c.init_cin : 1;
  c.out16 = t->last ? g->c.out16 : 0;
  c.ws = NM_DATAFLOW == NM_DATAFLOW_WS ? 1 : NM_DATAFLOW == NM_DATAFLOW_OS ? 0
                                            : (int)nm_rng_below(&x->rng, 2);
  kp = nm_gemm_kp(&c), groups = c.K / c.M;
  for (int i = 0; i < it; i++)
    for (int k = 0; k < kp; k++) {
      size_t src = (size_t)(t->i0 + i) * (size_t)kpf + (size_t)(t->k0 / c.M * nk + k);
      av[(size_t)i * (size_t)kp + (size_t)k] = g->aval[src];
      if (ai) ai[(size_t)i * (size_t)kp + (size_t)k] = g->aidx[src];
    }
  for (int k = 0; k < c.K; k++)
    for (int j = 0; j < jt; j++)
      bt[(size_t)k * (size_t)jt + (size_t)j] =
          g->b[(size_t)(t->k0 + k) * (size_t)g->c.J + (size_t)(t->j0 + j)];
  for (int i = 0; i < it; i++)
    for (int j = 0; j < jt; j++) {
      size_t e = (size_t)i * (size_t)jt + (size_t)j;
      ct[e] = !c.init_cin ? 0u : t->first ? g->cin[(size_t)(t->i0 + i) * (size_t)g->c.J +
                                                   (size_t)(t->j0 + j)]
                                          : t->prev[e];
    }
  /* Bases: A, B anywhere they fit; C_in in place or in a disjoint region.
  ** A and C take the driver's NEED words; B keeps ceil(J / C) * G, which is
  ** nmd_need_stce_b (ceil(J / max(R, C)) * G) or more: the seeded
  ** workloads' bases were drawn with it. */
  {
    nmd_idx nx = {0};
    nx.I = (uint32_t)it, nx.J = (uint32_t)jt, nx.KP = (uint32_t)kp;
    ab = rbase(x, NM_ABUF_DEPTH, (int)nmd_need_stce_a(&nx));
    bb = rbase(x, NM_BBUF_DEPTH, cdiv(jt, NM_COLS) * groups);
    csz = (int)nmd_need_stce_c(&nx);
  }
  if (c.init_cin && nm_rng_below(&x->rng, 2)) {
    int lo = rbase(x, NM_CBUF_DEPTH, 2 * csz), hi = lo + csz + rbase(x, NM_CBUF_DEPTH - lo, 2 * csz);
    int swap = (int)nm_rng_below(&x->rng, 2);
    cb = swap ? hi : lo, cib = swap ? lo : hi;
  } else {
    cb = cib = rbase(x, NM_CBUF_DEPTH, csz);
  }
  gemm_text(x->rep.cmd, sizeof x->rep.cmd, g->name, &c, t->i0, t->j0, ab, bb, cib, cb);
  snprintf(x->rep.cmd + strlen(x->rep.cmd), sizeof x->rep.cmd - strlen(x->rep.cmd),
           " (K from %d)", t->k0);
  if (pack_stce_a(&x->hw, av, ai, it, kp, c.M, ab, step_front(x)) ||
      pack_stce_b(&x->hw, bt, jt, 0, c.K, jt, c.M, bb, step_front(x)) ||
      (c.init_cin && pack_stce_c(&x->hw, ct, it, jt, cib, step_front(x))))
    goto out;
  nmd_gemm_args ga = {(uint32_t)c.I, (uint32_t)c.J, (uint32_t)c.K,
                     (uint32_t)(c.a_sparse ? c.N : c.M), (uint32_t)c.M, (uint32_t)c.ws,
                     (uint32_t)c.a_sparse, (uint32_t)c.init_cin, (uint32_t)c.out16,
                     (uint32_t)ab, (uint32_t)bb, (uint32_t)cib, (uint32_t)cb};
  nmd_cmd cmd;
  if (hw_built(&x->hw, nmd_gemm(&cmd, &ga), "gemm") ||
      hw_run(&x->hw, g->phase, &cmd, (long long)nm_top_gemm_cycles(top_hw(), &c, 0), &res))
    goto out;
  {
    uint32_t want = (uint32_t)nm_stce_cycles(&top_hw()->stce, &c, 0);
    if (x->hw.check_cycles && res.engine_cycles != want) {
      rep_compare(&x->rep, "ENGINE_CYCLES (nm_stce cycle model)", &want, &res.engine_cycles, 1, 0, 8);
      goto out;
    }
  }
  if (unpack_stce_c(&x->hw, t->res, it, jt, cb, c.out16, step_front(x))) goto out;
  nm_gemm_ref(&c, av, ai, bt, ct, exp);
  snprintf(tname, sizeof tname, "%s.C (tile rows %d.., cols %d.., K from %d)", g->name, t->i0,
           t->j0, t->k0);
  if (rep_compare(&x->rep, tname, exp, t->res, (size_t)it * (size_t)jt, (size_t)jt, c.out16 ? 4 : 8))
    goto out;
  if (c.a_sparse && (g->phase == PH_FF || g->phase == PH_BP)) {
    nm_gemm_cmd d = c;
    d.a_sparse = 0, d.N = d.M;
    x->sp_engine[c.N][c.M] += res.engine_cycles;
    x->dn_model[c.N][c.M] += nm_stce_cycles(&top_hw()->stce, &d, 0);
  }
  if (c.init_cin && !t->first) {
    /* A later K part: C_in is the previous part's partial sum. */
    int nz = 0;
    for (size_t e = 0; e < (size_t)it * (size_t)jt; e++) nz |= (ct[e] & 0x7FFFFFFFu) != 0;
    x->ksplit_parts++, x->ksplit_nonzero += nz;
  }
  if (gemm_dump(x, g, &c, av, ai, bt, ct, t->res)) goto out;
  rc = 0;
out:
  if (rc && !x->rep.failed) rep_fail(&x->rep, "out of memory");
  free(bt), free(av), free(ai), free(ct), free(exp);
  return rc;
}

/* Split a GEMM over I, J and K (K in whole groups) so every command fits
** the A, B and C buffers; K chunks chain through fp32 C_in. */
static int gemm_run(train_ctx *x, gemm_job *g) {
  int M = g->c.M, nk = g->c.a_sparse ? g->c.N : M, groups = g->c.K / M, f;
  int kg = groups, jt = g->c.J, it = g->c.I, rc = 0;
  if (kg * nk > NM_ABUF_DEPTH) kg = NM_ABUF_DEPTH / nk;      /* groups per K chunk */
  if (kg > NM_BBUF_DEPTH) kg = NM_BBUF_DEPTH;
  /* WG: half the time split K even where it fits, so the later parts take a
  ** real partial sum as C_in (FF and BP stay whole: their cycles are the
  ** sparse-speedup measurement). */
  if (g->phase == PH_WG && groups >= 2 && kg >= 1 && nm_rng_below(&x->rng, 2))
    kg = 1 + (int)nm_rng_below(&x->rng, (uint32_t)(kg < groups ? kg : groups - 1));
  if (kg >= 1 && kg < groups) x->ksplit_gemms++;
  f = (g->c.init_cin || kg < groups) ? 2 : 1;                /* C_in beside C */
  if (jt > NM_COLS * (NM_BBUF_DEPTH / kg)) jt = NM_COLS * (NM_BBUF_DEPTH / kg);
  if (cdiv(jt, NM_COLS) * f > NM_CBUF_DEPTH) jt = NM_COLS * (NM_CBUF_DEPTH / f);
  if (it > NM_ROWS * (NM_ABUF_DEPTH / (kg * nk))) it = NM_ROWS * (NM_ABUF_DEPTH / (kg * nk));
  if (it * cdiv(jt, NM_COLS) * f > NM_CBUF_DEPTH) it = NM_CBUF_DEPTH / (cdiv(jt, NM_COLS) * f);
  if (it < 1 || jt < 1 || kg < 1) return rep_fail(&x->rep, "harness: %s GEMM does not fit", g->name);
  uint32_t *buf[2] = {malloc(sizeof(uint32_t) * (size_t)it * (size_t)jt),
                      malloc(sizeof(uint32_t) * (size_t)it * (size_t)jt)};
  if (!buf[0] || !buf[1]) rc = rep_fail(&x->rep, "out of memory");
  for (int i0 = 0; !rc && i0 < g->c.I; i0 += it)
    for (int j0 = 0; !rc && j0 < g->c.J; j0 += jt) {
      gemm_tile_t t = {i0, j0, 0, it < g->c.I - i0 ? it : g->c.I - i0,
                       jt < g->c.J - j0 ? jt : g->c.J - j0, 0, 1, 0, NULL, buf[0]};
      for (int g0 = 0, n = 0; !rc && g0 < groups; g0 += kg, n++) {
        t.k0 = g0 * M, t.kt = (groups - g0 < kg ? groups - g0 : kg) * M;
        t.first = g0 == 0, t.last = g0 + kg >= groups;
        t.prev = buf[(n + 1) % 2], t.res = buf[n % 2];
        rc = gemm_tile(x, g, &t);
      }
      for (int i = 0; !rc && i < t.it; i++)
        memcpy(g->out + (size_t)(i0 + i) * (size_t)g->c.J + (size_t)j0,
               t.res + (size_t)i * (size_t)t.jt, sizeof(uint32_t) * (size_t)t.jt);
    }
  free(buf[0]), free(buf[1]);
  return rc;
}

/* ----------------------------------------------------------------- PRUNE */

/* Pruned operands of a layer: forward A' (Co x Ki*N/M), backward A'
** (Ki x Co*N/M, i.e. W^T compressed along Cout), forward mask (Co x Ki). */
typedef struct pruned {
  uint16_t *fval, *bval;
  uint8_t *fidx, *bidx, *fmask;
} pruned;

static void pruned_free(pruned *p) {
  free(p->fval), free(p->bval), free(p->fidx), free(p->bidx), free(p->fmask);
}

static int prune_chunk(train_ctx *x, const train_layer *L, const uint16_t *grp, int g0, int cnt,
                       uint32_t *val, uint32_t *idx, uint32_t *mask) {
  nmd_idx nx = {0};
  nx.GROUPS = (uint32_t)cnt;
  int beats = (int)nmd_need_sore(&nx), ng = beats * NM_SORE_LANES;
  int base = rbase(x, NM_SORE_BUF_DEPTH, beats), rc = -1;
  uint32_t *ev = calloc((size_t)ng * NM_MMAX, 4), *ei = calloc((size_t)ng * NM_MMAX, 4);
  uint32_t *em = calloc((size_t)ng, 4);
  uint16_t *in = calloc((size_t)ng * (size_t)L->m, 2);
  hw_result res;
  char f[128];
  if (!ev || !ei || !em || !in) goto out;
  memcpy(in, grp + (size_t)g0 * (size_t)L->m, sizeof *in * (size_t)cnt * (size_t)L->m);
  rep_cmd(&x->rep, "PRUNE groups %d..%d beats=%d base=%d N:M=%d:%d", g0, g0 + cnt - 1, beats,
          base, L->n, L->m);
  if (pack_sore_in(&x->hw, in, cnt, L->m, base, &x->rng, step_front(x))) goto out;
  nmd_prune_args pa = {(uint32_t)beats, (uint32_t)base, (uint32_t)L->n, (uint32_t)L->m};
  nmd_cmd cmd;
  if (hw_built(&x->hw, nmd_prune(&cmd, &pa), "prune") ||
      hw_run(&x->hw, PH_PRUNE, &cmd,
             (long long)nm_top_prune_cycles(top_hw(), (unsigned)beats, L->n, L->m, 0), &res) ||
      unpack_sore_out(&x->hw, ng, L->n, base, val, idx, mask, step_front(x)))
    goto out;
  for (int g = 0; g < ng; g++) {
    uint16_t kv[NM_SORE_M_LIMIT];
    uint8_t ki[NM_SORE_M_LIMIT];
    nm_sore_group(in + (size_t)g * (size_t)L->m, L->n, L->m, kv, ki, &em[g]);
    for (int k = 0; k < L->n; k++)
      ev[(size_t)g * NM_MMAX + (size_t)k] = kv[k], ei[(size_t)g * NM_MMAX + (size_t)k] = ki[k];
  }
  if (rep_compare(&x->rep, "PRUNE.val [group][slot]", ev, val, (size_t)ng * NM_MMAX, NM_MMAX, 4) ||
      rep_compare(&x->rep, "PRUNE.idx [group][slot]", ei, idx, (size_t)ng * NM_MMAX, NM_MMAX, 1) ||
      rep_compare(&x->rep, "PRUNE.mask [group]", em, mask, (size_t)ng, 0, 4))
    goto out;
  snprintf(f, sizeof f, "{\"beats\":%d,\"N\":%d,\"M\":%d}", beats, L->n, L->m);
  dump_tensor din = {"in", "f16", 2, {ng, L->m}, "row-major [group][element]", in, 0};
  dump_tensor dout[3] = {
      {"val", "f16", 2, {ng, NM_MMAX}, "row-major [group][slot]", val, 1},
      {"idx", "u8", 2, {ng, NM_MMAX}, "row-major [group][slot]", idx, 1},
      {"mask", "u32", 1, {ng}, "[group] bit e = element e kept", mask, 0}};
  if (step_dump(x, "PRUNE", "PRUNE", f, &din, 1, dout, 3)) goto out;
  rc = 0;
out:
  if (rc && !x->rep.failed) rep_fail(&x->rep, "out of memory");
  free(ev), free(ei), free(em), free(in);
  return rc;
}

/* Forward groups (rows of W along Cin) then backward groups (columns of W
** along Cout), through SORE in chunks of what SORE_IN holds. */
static int prune_layer(train_ctx *x, train_layer *L, pruned *p) {
  int gf = L->Co * (L->Ki / L->m), gb = L->Ki * (L->Co / L->m), G = gf + gb;
  int cap = NM_SORE_LANES * NM_SORE_BUF_DEPTH, kf = L->Ki / L->m * L->n, kb = L->Co / L->m * L->n;
  int rc = -1;
  uint16_t *grp = malloc(sizeof *grp * (size_t)G * (size_t)L->m);
  uint32_t *val = malloc(sizeof *val * ((size_t)cap + NM_SORE_LANES) * NM_MMAX);
  uint32_t *idx = malloc(sizeof *idx * ((size_t)cap + NM_SORE_LANES) * NM_MMAX);
  uint32_t *mask = malloc(sizeof *mask * ((size_t)cap + NM_SORE_LANES));
  p->fval = malloc(2 * (size_t)L->Co * (size_t)kf), p->fidx = malloc((size_t)L->Co * (size_t)kf);
  p->bval = malloc(2 * (size_t)L->Ki * (size_t)kb), p->bidx = malloc((size_t)L->Ki * (size_t)kb);
  p->fmask = malloc((size_t)L->Co * (size_t)L->Ki);
  if (!grp || !val || !idx || !mask || !p->fval || !p->fidx || !p->bval || !p->bidx || !p->fmask) {
    rep_fail(&x->rep, "out of memory");
    goto out;
  }
  for (int q = 0; q < G; q++)
    for (int e = 0; e < L->m; e++) {
      int o, i;
      if (q < gf) o = q / (L->Ki / L->m), i = q % (L->Ki / L->m) * L->m + e;
      else i = (q - gf) / (L->Co / L->m), o = (q - gf) % (L->Co / L->m) * L->m + e;
      grp[(size_t)q * (size_t)L->m + (size_t)e] = L->w16[(size_t)o * (size_t)L->Ki + (size_t)i];
    }
  for (int g0 = 0; g0 < G; g0 += cap) {
    int cnt = G - g0 < cap ? G - g0 : cap;
    if (prune_chunk(x, L, grp, g0, cnt, val, idx, mask)) goto out;
    /* The host moves SORE outputs into the A' operands of FF and BP. */
    for (int q = g0; q < g0 + cnt; q++) {
      const uint32_t *v = val + (size_t)(q - g0) * NM_MMAX, *ix = idx + (size_t)(q - g0) * NM_MMAX;
      if (q < gf) {
        int o = q / (L->Ki / L->m), g = q % (L->Ki / L->m);
        for (int k = 0; k < L->n; k++) {
          size_t d = (size_t)o * (size_t)kf + (size_t)(g * L->n + k);
          p->fval[d] = (uint16_t)v[k], p->fidx[d] = (uint8_t)ix[k];
        }
        for (int e = 0; e < L->m; e++)
          p->fmask[(size_t)o * (size_t)L->Ki + (size_t)(g * L->m + e)] = (mask[q - g0] >> e) & 1u;
      } else {
        int i = (q - gf) / (L->Co / L->m), g = (q - gf) % (L->Co / L->m);
        for (int k = 0; k < L->n; k++) {
          size_t d = (size_t)i * (size_t)kb + (size_t)(g * L->n + k);
          p->bval[d] = (uint16_t)v[k], p->bidx[d] = (uint8_t)ix[k];
        }
      }
    }
  }
  rc = 0;
out:
  free(grp), free(val), free(idx), free(mask);
  return rc;
}

/* ---------------------------------------------------------------- UPDATE */

/* Hyperparameters through AXI, read back. */
static int write_hp(train_ctx *x) {
  const nm_wuve_hp *hp = &x->work.hp;
  const uint32_t off[5] = {NM_REG_WUVE_INV_SCALE, NM_REG_WUVE_LR, NM_REG_WUVE_MU, NM_REG_WUVE_WD,
                           NM_REG_WUVE_SRSTE};
  const uint32_t val[5] = {hp->inv_scale, hp->lr, hp->mu, hp->wd, hp->srste};
  rep_cmd(&x->rep, "WUVE hyperparameter registers");
  for (int i = 0; i < 5; i++)
    if (hw_reg_write(&x->hw, off[i], val[i])) return -1;
  for (int i = 0; i < 5; i++) {
    uint32_t v;
    if (hw_reg_read(&x->hw, off[i], &v)) return -1;
    if (v != val[i]) return rep_compare(&x->rep, "WUVE hyperparameter readback", &val[i], &v, 1, 0, 8);
  }
  return 0;
}

/* One UPDATE command over elements e0..e0+n-1 of the layer. */
static int update_chunk(train_ctx *x, train_layer *L, const uint16_t *dw, const uint8_t *mask,
                        int e0, int n, int mode, int clear) {
  nmd_idx nx = {0};
  nx.ELEMS = (uint32_t)n;
  int beats = (int)nmd_need_wuve(&nx), base = rbase(x, NM_WUVE_BUF_DEPTH, beats), rc = -1;
  uint32_t *buf = malloc(sizeof *buf * (size_t)n * 5);
  uint32_t *w = buf, *v = buf + n, *h = buf + 2 * (size_t)n;
  uint32_t *gw = buf + 3 * (size_t)n, *gv = buf + 4 * (size_t)n;
  uint16_t *ew16 = malloc(sizeof *ew16 * (size_t)n), *win16 = malloc(sizeof *win16 * (size_t)n);
  uint32_t *gh = malloc(sizeof *gh * (size_t)n);
  hw_result res;
  const char *mname[3] = {"check", "update", "update_unless_inf"};
  char f[352];
  int found_in = x->found_inf;  /* STATUS.found_inf before the command (dumped) */
  if (!buf || !ew16 || !win16 || !gh) goto out;
  for (int e = 0; e < n; e++) {
    w[e] = L->w32[e0 + e], v[e] = L->v32[e0 + e], h[e] = L->w16[e0 + e];
    win16[e] = L->w16[e0 + e];
  }
  rep_cmd(&x->rep, "UPDATE elements %d..%d n=%d base=%d mode=%s clear=%d", e0, e0 + n - 1, n, base,
          mname[mode], clear);
  if (pack_wuve_g(&x->hw, dw + e0, mask + e0, n, base, step_front(x))) goto out;
  if (mode != NM_WUVE_CHECK &&
      (pack_wuve(&x->hw, NM_REGION_WUVE_W, w, n, base, step_front(x)) ||
       pack_wuve(&x->hw, NM_REGION_WUVE_V, v, n, base, step_front(x)) ||
       pack_wuve(&x->hw, NM_REGION_WUVE_W16, h, n, base, step_front(x))))
    goto out;
  nmd_update_args ua = {(uint32_t)base, (uint32_t)n, (uint32_t)mode, (uint32_t)clear};
  nmd_cmd cmd;
  if (hw_built(&x->hw, nmd_update(&cmd, &ua), "update") ||
      hw_run(&x->hw, PH_UPDATE, &cmd, (long long)nm_top_update_cycles(top_hw(), (unsigned)n, mode, 0),
             &res))
    goto out;
  /* The model, in place on the layer's state. */
  if (clear) x->found_inf = 0;
  memcpy(ew16, L->w16 + e0, sizeof *ew16 * (size_t)n);
  nm_wuve_pass(&x->work.hp, (nm_wuve_mode)mode, (size_t)n, L->w32 + e0, L->v32 + e0, ew16, dw + e0,
               mask + e0, &x->found_inf);
  {
    uint32_t want = (uint32_t)x->found_inf, got = nmd_status_found_inf(res.status);
    if (got != want) {
      rep_compare(&x->rep, "STATUS.found_inf", &want, &got, 1, 0, 1);
      goto out;
    }
  }
  if (mode != NM_WUVE_CHECK) {
    if (unpack_wuve(&x->hw, NM_REGION_WUVE_W, gw, n, base, step_front(x)) ||
        unpack_wuve(&x->hw, NM_REGION_WUVE_V, gv, n, base, step_front(x)) ||
        unpack_wuve(&x->hw, NM_REGION_WUVE_W16, gh, n, base, step_front(x)))
      goto out;
    for (int e = 0; e < n; e++) h[e] = ew16[e];
    if (rep_compare(&x->rep, "UPDATE.W32'", L->w32 + e0, gw, (size_t)n, 0, 8) ||
        rep_compare(&x->rep, "UPDATE.V32'", L->v32 + e0, gv, (size_t)n, 0, 8) ||
        rep_compare(&x->rep, "UPDATE.W16'", h, gh, (size_t)n, 0, 4))
      goto out;
    memcpy(L->w16 + e0, ew16, sizeof *ew16 * (size_t)n);
  }
  snprintf(f, sizeof f,
           "{\"n\":%d,\"mode\":%d,\"clear\":%d,\"inv_scale\":%u,\"lr\":%u,\"mu\":%u,\"wd\":%u,"
           "\"srste\":%u,\"found_inf_in\":%d,\"found_inf\":%d}",
           n, mode, clear, (unsigned)x->work.hp.inv_scale, (unsigned)x->work.hp.lr,
           (unsigned)x->work.hp.mu, (unsigned)x->work.hp.wd, (unsigned)x->work.hp.srste,
           found_in, x->found_inf);
  dump_tensor din[5] = {{"w", "f32", 1, {n}, "[element] = W[o][i] at o*Ki+i", w, 0},
                        {"v", "f32", 1, {n}, "[element]", v, 0},
                        {"g", "f16", 1, {n}, "[element] dW16", dw + e0, 0},
                        {"mask", "u8", 1, {n}, "[element] forward-mask bit", mask + e0, 0},
                        {"w16_in", "f16", 1, {n}, "[element]", win16, 0}};
  dump_tensor dout[3] = {{"w", "f32", 1, {n}, "[element]", L->w32 + e0, 0},
                         {"v", "f32", 1, {n}, "[element]", L->v32 + e0, 0},
                         {"w16", "f16", 1, {n}, "[element]", L->w16 + e0, 0}};
  if (step_dump(x, "UPDATE", "UPDATE", f, din, 5, dout, 3)) goto out;
  rc = 0;
out:
  if (rc && !x->rep.failed) rep_fail(&x->rep, "out of memory");
  free(buf), free(ew16), free(win16), free(gh);
  return rc;
}

static int update_layer(train_ctx *x, train_layer *L, const uint16_t *dw, const uint8_t *mask) {
  int n = L->Co * L->Ki, cap = NM_WUVE_LANES * NM_WUVE_BUF_DEPTH;
  if (write_hp(x)) return -1;
  if (x->work.amp) {
    for (int e0 = 0; e0 < n; e0 += cap)
      if (update_chunk(x, L, dw, mask, e0, n - e0 < cap ? n - e0 : cap, NM_WUVE_CHECK, e0 == 0))
        return -1;
    for (int e0 = 0; e0 < n; e0 += cap)
      if (update_chunk(x, L, dw, mask, e0, n - e0 < cap ? n - e0 : cap, NM_WUVE_UPDATE_UNLESS_INF, 0))
        return -1;
    work_loss_scale(&x->work, x->found_inf);
    return 0;
  }
  for (int e0 = 0; e0 < n; e0 += cap)
    if (update_chunk(x, L, dw, mask, e0, n - e0 < cap ? n - e0 : cap, NM_WUVE_UPDATE,
                     e0 == 0 && nm_rng_below(&x->rng, 2)))
      return -1;
  return 0;
}

/* ------------------------------------------------------------------ step */

/* Dense FF and BP of a layer once (iteration 0): the measured baseline of
** the sparse speedup, checked like every other command. */
static int dense_runs(train_ctx *x, train_layer *L, const train_batch *b, uint32_t *y) {
  uint16_t *wt;
  uint64_t before = x->hw.st.ph_cycles[PH_FF_DENSE] + x->hw.st.ph_cycles[PH_BP_DENSE];
  gemm_job ff = {PH_FF_DENSE, "FF-dense", {L->Co, L->P, L->Ki, L->m, L->m, 0, 0, 0, 0},
                 L->w16, NULL, b->x, NULL, y};
  if (gemm_run(x, &ff)) return -1;
  if (!(wt = malloc(sizeof *wt * (size_t)L->Co * (size_t)L->Ki)))
    return rep_fail(&x->rep, "out of memory");
  for (int o = 0; o < L->Co; o++)
    for (int i = 0; i < L->Ki; i++)
      wt[(size_t)i * (size_t)L->Co + (size_t)o] = L->w16[(size_t)o * (size_t)L->Ki + (size_t)i];
  gemm_job bp = {PH_BP_DENSE, "BP-dense", {L->Ki, L->P, L->Co, L->m, L->m, 0, 0, 0, 0},
                 wt, NULL, b->dy, NULL, y};
  int rc = gemm_run(x, &bp);
  free(wt);
  x->meas_dense += x->hw.st.ph_cycles[PH_FF_DENSE] + x->hw.st.ph_cycles[PH_BP_DENSE] - before;
  x->dense_runs++;
  return rc;
}

int step_layer(train_ctx *x, int iter, int li) {
  train_layer *L = &x->work.layers[li];
  train_batch b;
  pruned p = {0};
  int rc = -1, big;
  uint32_t *y = NULL, *cin = NULL;
  uint16_t *xt = NULL, *dw = NULL;
  x->rep.iter = iter, x->rep.layer = li;
  x->xfer = 0, x->front_xfer = (int)nm_rng_below(&x->rng, 12);
  if (work_batch(&x->work, L, &b)) return rep_fail(&x->rep, "out of memory");
  big = (L->Co > L->Ki ? L->Co : L->Ki) * L->P;
  y = malloc(sizeof *y * (size_t)big), cin = malloc(sizeof *cin * (size_t)big);
  xt = malloc(sizeof *xt * (size_t)L->P * (size_t)L->Ki);
  dw = malloc(sizeof *dw * (size_t)L->Co * (size_t)L->Ki);
  if (!y || !cin || !xt || !dw) {
    rep_fail(&x->rep, "out of memory");
    goto out;
  }
  for (int i = 0; i < big; i++) cin[i] = nm_cvt16to32(nm_ant_value(NM_ANT_V_PLAIN, &x->rng));
  if (prune_layer(x, L, &p)) goto out;
  if (L->have_mask)
    for (size_t e = 0; e < (size_t)L->Co * (size_t)L->Ki; e++)
      L->mask_flips += L->mask[e] != p.fmask[e];
  memcpy(L->mask, p.fmask, (size_t)L->Co * (size_t)L->Ki), L->have_mask = 1;
  {
    uint64_t sp0 = x->hw.st.ph_cycles[PH_FF] + x->hw.st.ph_cycles[PH_BP];
    int cf = (int)nm_rng_below(&x->rng, 3) == 0, cbp = (int)nm_rng_below(&x->rng, 3) == 0;
    int o16f = (int)nm_rng_below(&x->rng, 2), o16b = (int)nm_rng_below(&x->rng, 2);
    gemm_job ff = {PH_FF, "FF", {L->Co, L->P, L->Ki, L->n, L->m, 1, cf, o16f, 0},
                   p.fval, p.fidx, b.x, cin, y};
    if (gemm_run(x, &ff)) goto out;
    gemm_job bp = {PH_BP, "BP", {L->Ki, L->P, L->Co, L->n, L->m, 1, cbp, o16b, 0},
                   p.bval, p.bidx, b.dy, cin, y};
    if (gemm_run(x, &bp)) goto out;
    if (iter == 0) {
      uint64_t sp = x->hw.st.ph_cycles[PH_FF] + x->hw.st.ph_cycles[PH_BP] - sp0;
      int runs = x->dense_runs;
      if (dense_runs(x, L, &b, y)) goto out;
      if (x->dense_runs > runs) x->meas_sparse += sp;
    }
  }
  for (int pp = 0; pp < L->P; pp++)
    for (int i = 0; i < L->Ki; i++)
      xt[(size_t)pp * (size_t)L->Ki + (size_t)i] = b.x[(size_t)i * (size_t)L->P + (size_t)pp];
  {
    uint32_t *g32 = malloc(sizeof *g32 * (size_t)L->Co * (size_t)L->Ki);
    if (!g32) {
      rep_fail(&x->rep, "out of memory");
      goto out;
    }
    gemm_job wg = {PH_WG, "WG", {L->Co, L->Ki, L->P, L->md, L->md, 0, 0, 1, 0},
                   b.dy, NULL, xt, NULL, g32};
    int bad = gemm_run(x, &wg);
    /* The host moves the fp16 dW into WUVE's G words (with the forward mask). */
    for (size_t e = 0; e < (size_t)L->Co * (size_t)L->Ki; e++) dw[e] = (uint16_t)g32[e];
    free(g32);
    if (bad) goto out;
  }
  if (L->kind == LK_CONV && !x->no_ant && step_ant(x, L, &b, p.fmask)) goto out;
  if (update_layer(x, L, dw, p.fmask)) goto out;
  rc = 0;
out:
  pruned_free(&p);
  free(y), free(cin), free(xt), free(dw);
  work_batch_free(&b);
  return rc;
}

/* ------------------------------------------- exports for nmtrain (tb/train) */

int step_gemm(train_ctx *x, int phase, const char *name, const nm_gemm_cmd *c,
              const uint16_t *aval, const uint8_t *aidx, const uint16_t *b, uint32_t *out) {
  gemm_job g = {phase, name, *c, aval, aidx, b, NULL, out};
  return gemm_run(x, &g);
}

int step_prune(train_ctx *x, train_layer *L, uint16_t **fval, uint8_t **fidx, uint16_t **bval,
               uint8_t **bidx, uint8_t **fmask) {
  pruned p = {0};
  int rc = prune_layer(x, L, &p);
  *fval = p.fval, *fidx = p.fidx, *bval = p.bval, *bidx = p.bidx, *fmask = p.fmask;
  return rc;
}

int step_write_hp(train_ctx *x) { return write_hp(x); }

int step_update_chunk(train_ctx *x, train_layer *L, const uint16_t *dw, const uint8_t *mask,
                      int e0, int n, int mode, int clear) {
  return update_chunk(x, L, dw, mask, e0, n, mode, clear);
}
