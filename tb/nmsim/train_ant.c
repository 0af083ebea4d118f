/*
** The ANT part of a conv layer's training step, on nm_ant_engine, checked
** against nm_ant.c; every command runs in ant mode and again in scnn mode,
** and the two must give identical bits.
**
**   WG   weight-gradient planes dW[o][c] (k x k) of a few (output, input)
**        channel pairs: image = activation plane X[c] (H x W), kernel =
**        output-gradient plane dY[o] (Hout x Wout), st = 1, d = stride,
**        pad = the conv's pad; a second sample (another pair's planes,
**        clear = 0) sometimes accumulates on top, as a batch of two would.
**   FF   forward-conv planes Y[o] += X[c] * Wf[o][c] (the pruned weights as
**        a k x k CSR kernel): st = the conv's stride, d = 1; a layer of
**        stride 1 also runs the same planes at stride 2 or 4, so every
**        conv layer issues forward commands with st > 1.
**   OVF  once per run (ant_probe): sums past the fp16 range (fp16 readout
**        +-Inf) and, at ant_acc_bits = 84 (the minimum, config deep), past
**        the accumulator (STATUS.ANT_OVF, NaN readout).  Wider accumulators
**        cannot overflow in a simulation: 104 bits need 2^23 products of
**        the largest fp16 square into one output.
**
** Engines: every command runs all NM_ANT_ENGINES engines (nm_ant_array),
** each on its own (image, kernel) pair in its own bank: WG and FF draw one
** channel pair per engine, the probe gives every engine the same planes.
** Each engine's outputs are checked against the model of its pair; the
** counters are the sums, STATUS.ANT_OVF the OR.  --dump writes one record
** per engine ("engine", "engines"; the counters are the command's sums).
**
** Random layers are sized to the ANT buffers (train_work.c); a --layers
** plane that does not fit is not run and the summary says so.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_ant.h"
#include "nm_top_cycles.h"
#include "train_pack.h"
#include "train_step.h"

#define AP NM_ANT_ENGINES

static const nm_top_hw *ant_hw(void) {
  static const nm_top_hw hw = {{NM_ROWS, NM_COLS, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES},
                               NM_MMAX, NM_SORE_LANES, NM_SORE_ARCH == NM_SORE_ARCH_PARALLEL,
                               NM_WUVE_LANES, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES};
  return &hw;
}

/* Why a command does not fit the row tables, element buffers or
** accumulators (NULL: it fits). */
static const char *ant_misfit(const nm_ant_cmd *c, const nm_ant_plane *img, const nm_ant_plane *ker) {
  if (img->rows > NM_ANT_ROWS || ker->rows > NM_ANT_ROWS) return "rows over ANT_ROWS";
  if ((int)img->nnz > NM_ANT_IBUF_DEPTH) return "image nnz over ANT_IBUF_DEPTH";
  if ((int)ker->nnz > NM_ANT_KBUF_DEPTH) return "kernel nnz over ANT_KBUF_DEPTH";
  if (c->hout * c->wout > NM_ANT_OBUF_DEPTH) return "outputs over ANT_OBUF_DEPTH";
  return NULL;
}

/* Count the n commands of a sum not run, and say why in the summary. */
static void ant_skip(train_ctx *x, const char *what, const char *why, int n) {
  char item[128];
  size_t len = strlen(x->ant_skip_why);
  x->ant_skips += (uint64_t)n;
  snprintf(item, sizeof item, "%s %s", what, why);
  if (!strstr(x->ant_skip_why, item) && len + strlen(item) + 3 < sizeof x->ant_skip_why)
    snprintf(x->ant_skip_why + len, sizeof x->ant_skip_why - len, "%s%s", len ? "; " : "", item);
}

static uint32_t flags_of(const nm_ant_acc *a) {
  return (uint32_t)(a->ovf << 3 | a->nan << 2 | a->ninf << 1 | a->pinf);
}

/* The largest nnz of n planes. */
static int max_nnz(const nm_ant_plane *p, int n) {
  uint32_t m = 0;
  for (int e = 0; e < n; e++) m = p[e].nnz > m ? p[e].nnz : m;
  return (int)m;
}

/* One ANT command, engine e on (img[e], ker[e]), then each engine's outputs
** against the model's accumulators acc[e*no ..] (updated here); got[e*no ..]
** gets the outputs read. */
static int ant_cmd(train_ctx *x, const char *phase, const nm_ant_cmd *c, const nm_ant_plane *img,
                   const nm_ant_plane *ker, int clear, int out16, nm_ant_acc *acc,
                   uint32_t *got) {
  int no = c->hout * c->wout, inz = max_nnz(img, AP), knz = max_nnz(ker, AP);
  int ib = (int)nm_rng_below(&x->rng, (uint32_t)(NM_ANT_IBUF_DEPTH - inz + 1));
  int kb = (int)nm_rng_below(&x->rng, (uint32_t)(NM_ANT_KBUF_DEPTH - knz + 1)), rc = -1;
  nm_ant_counts cnt = {0, 0, 0, 0, 0};
  hw_result res;
  uint32_t *exp = malloc(sizeof *exp * (size_t)no * 2), *gf = malloc(sizeof *gf * (size_t)no * AP);
  char f[400];
  if (!exp || !gf) goto out;
  snprintf(x->rep.cmd, sizeof x->rep.cmd,
           "ANT %s %s ih=%d kh=%d Hout=%d Wout=%d st=%d d=%d pad=%d clear=%d (%d engines; engine 0: image nnz "
           "%u at %d, kernel nnz %u at %d; readout %s)",
           phase, c->mode ? "scnn" : "ant", img->rows, ker->rows, c->hout, c->wout, c->st, c->d, c->pad,
           clear, AP, (unsigned)img->nnz, ib, (unsigned)ker->nnz, kb, out16 ? "fp16" : "fp32");
  if (pack_ant_planes(&x->hw, NM_REGION_ANT_IROW, NM_REGION_ANT_IELEM, img, AP, ib, step_front(x)) ||
      pack_ant_planes(&x->hw, NM_REGION_ANT_KROW, NM_REGION_ANT_KELEM, ker, AP, kb, step_front(x)))
    goto out;
  nmd_ant_args aa = {(uint32_t)img->rows, (uint32_t)ker->rows, (uint32_t)c->hout,
                    (uint32_t)c->wout, (uint32_t)c->st, (uint32_t)c->d, (uint32_t)c->pad,
                    (uint32_t)c->mode, (uint32_t)clear, 0, 0};   /* one pair an engine */
  nmd_cmd cmd;
  if (hw_built(&x->hw, nmd_ant(&cmd, &aa), "ant") ||
      hw_run(&x->hw, PH_ANT, &cmd, (long long)nm_top_ant_overhead(ant_hw()), &res))
    goto out;
  /* The model: counters of this mode summed over the engines, then the exact sums. */
  for (int e = 0; e < AP; e++) {
    nm_ant_csr ic = nm_ant_plane_csr(&img[e]), kc = nm_ant_plane_csr(&ker[e]);
    nm_ant_counts ce;
    nm_ant_count(c, &ic, &kc, &ce);
    cnt.pairs += ce.pairs, cnt.products += ce.products, cnt.rcps += ce.rcps, cnt.skipped += ce.skipped;
    if (clear) memset(acc + (size_t)e * (size_t)no, 0, sizeof *acc * (size_t)no);
    nm_ant_accumulate(c, NM_ANT_ACC_BITS, &ic, &kc, acc + (size_t)e * (size_t)no);
  }
  {
    const uint32_t want[4] = {(uint32_t)cnt.pairs, (uint32_t)cnt.products, (uint32_t)cnt.rcps,
                              (uint32_t)cnt.skipped};
    const uint32_t have[4] = {res.pairs, res.prods, res.rcps, res.skipped};
    if (rep_compare(&x->rep, "ANT counters {pairs, products, rcps, skipped} (sums over the engines)", want,
                    have, 4, 0, 8))
      goto out;
  }
  if (clear) {
    uint32_t want = 0, have = nmd_status_ant_ovf(res.status);
    for (int i = 0; i < no * AP; i++) want |= (uint32_t)acc[i].ovf;
    if (rep_compare(&x->rep, "STATUS.ant_ovf", &want, &have, 1, 0, 1)) goto out;
    x->ant_ovf_cmds += have;
  }
  if (unpack_ant_outs(&x->hw, out16 ? NM_REGION_ANT_OUT16 : NM_REGION_ANT_OUT32, got, AP, no, step_front(x)) ||
      unpack_ant_outs(&x->hw, NM_REGION_ANT_FLAGS, gf, AP, no, 0))
    goto out;
  for (int e = 0; e < AP; e++) {
    const nm_ant_acc *ae = acc + (size_t)e * (size_t)no;
    uint32_t *ge = got + (size_t)e * (size_t)no, *fe = gf + (size_t)e * (size_t)no;
    char what[2][64];
    for (int i = 0; i < no; i++) {
      exp[i] = nm_ant_readout(&ae[i], out16), exp[no + i] = flags_of(&ae[i]);
      /* A finite exact sum that rounds to +-Inf (the fp16 or fp32 range). */
      x->ant_inf_outs += !exp[no + i] && (exp[i] & (out16 ? 0x7FFFu : 0x7FFFFFFFu)) ==
                                             (out16 ? 0x7C00u : 0x7F800000u);
    }
    snprintf(what[0], sizeof what[0], "ANT.out [oy][ox] of engine %d", e);
    snprintf(what[1], sizeof what[1], "ANT.flags [oy][ox] of engine %d", e);
    if (rep_compare(&x->rep, what[0], exp, ge, (size_t)no, (size_t)c->wout, out16 ? 4 : 8) ||
        rep_compare(&x->rep, what[1], exp + no, fe, (size_t)no, (size_t)c->wout, 1))
      goto out;
  }
  x->ant_cycles[c->mode] += res.engine_cycles, x->ant_pairs[c->mode] += res.pairs;
  x->ant_prods[c->mode] += res.prods, x->ant_rcps[c->mode] += res.rcps;
  x->ant_skipped[c->mode] += res.skipped;
  for (int e = 0; e < AP; e++) {
    const nm_ant_plane *pi = &img[e], *pk = &ker[e];
    snprintf(f, sizeof f,
             "{\"ih\":%d,\"kh\":%d,\"hout\":%d,\"wout\":%d,\"st\":%d,\"d\":%d,\"pad\":%d,\"scnn\":%d,"
             "\"clear\":%d,\"out16\":%d,\"engine\":%d,\"engines\":%d,\"pairs\":%u,\"products\":%u,"
             "\"rcps\":%u,\"skipped\":%u}",
             pi->rows, pk->rows, c->hout, c->wout, c->st, c->d, c->pad, c->mode, clear, out16, e, AP,
             (unsigned)res.pairs, (unsigned)res.prods, (unsigned)res.rcps, (unsigned)res.skipped);
    dump_tensor din[4] = {
        {"image_rowptr", "u32", 1, {pi->rows + 1}, "[row] CSR", pi->rowptr, 0},
        {"image_elem", "u16", 2, {pi->nnz, 2}, "[element] (x, fp16)", pi->elem, 0},
        {"kernel_rowptr", "u32", 1, {pk->rows + 1}, "[row] CSR", pk->rowptr, 0},
        {"kernel_elem", "u16", 2, {pk->nnz, 2}, "[element] (s, fp16)", pk->elem, 0}};
    dump_tensor dout[2] = {
        {"out", out16 ? "f16" : "f32", 2, {c->hout, c->wout}, "row-major [oy][ox]", got + (size_t)e * (size_t)no, 1},
        {"flags", "u8", 2, {c->hout, c->wout}, "row-major [oy][ox] {ovf,nan,ninf,pinf}", gf + (size_t)e * (size_t)no, 1}};
    if (step_dump(x, "ANT", phase, f, din, 4, dout, 2)) goto out;
  }
  rc = 0;
out:
  if (rc && !x->rep.failed) rep_fail(&x->rep, "out of memory");
  free(exp), free(gf);
  return rc;
}

/* One sum of `samples` commands (clear, then accumulate), sample s giving
** engine e the pair (img[s*AP+e], ker[s*AP+e]), in ant and in scnn mode:
** outputs checked, the modes equal.  0, or -1. */
static int ant_pairs_run(train_ctx *x, const char *phase, nm_ant_cmd c, const nm_ant_plane *img,
                         const nm_ant_plane *ker, int samples, int out16) {
  int no = c.hout * c.wout, rc = -1;
  size_t nall = (size_t)no * AP;
  nm_ant_acc *acc = malloc(sizeof *acc * nall);
  uint32_t *got[2] = {malloc(sizeof(uint32_t) * nall), malloc(sizeof(uint32_t) * nall)};
  if (!acc || !got[0] || !got[1]) {
    rep_fail(&x->rep, "out of memory");
    goto out;
  }
  for (int s = 0; s < samples * AP; s++) {
    const char *why = ant_misfit(&c, &img[s], &ker[s]);
    if (why) {
      ant_skip(x, phase, why, 2 * samples); /* both modes */
      rc = 0;
      goto out;
    }
  }
  for (int mode = 0; mode < 2; mode++) {
    c.mode = mode;
    for (int s = 0; s < samples; s++)
      if (ant_cmd(x, phase, &c, &img[s * AP], &ker[s * AP], s == 0, out16, acc, got[mode])) goto out;
  }
  if (rep_compare(&x->rep, "ANT.out scnn mode vs ant mode (every engine)", got[0], got[1], nall,
                  (size_t)c.wout, out16 ? 4 : 8))
    goto out;
  rc = 0;
out:
  free(acc), free(got[0]), free(got[1]);
  return rc;
}

/* The k x k CSR kernel of the pruned weights Wf[o][c] (kept nonzeros). */
static int weight_plane(const train_layer *L, const uint8_t *fmask, int o, int ci,
                        nm_ant_plane *p) {
  p->rows = p->cols = L->k, p->nnz = 0;
  p->rowptr = malloc(sizeof *p->rowptr * (size_t)(L->k + 1));
  p->elem = malloc(sizeof *p->elem * (size_t)(L->k * L->k));
  if (!p->rowptr || !p->elem) return -1;
  for (int r = 0; r < L->k; r++) {
    p->rowptr[r] = p->nnz;
    for (int s = 0; s < L->k; s++) {
      size_t e = (size_t)o * (size_t)L->Ki + (size_t)((ci * L->k + r) * L->k + s);
      if (fmask[e] && (L->w16[e] & 0x7FFFu)) {
        p->elem[p->nnz].coord = (uint16_t)s, p->elem[p->nnz].val = L->w16[e];
        p->nnz++;
      }
    }
  }
  p->rowptr[L->k] = p->nnz;
  return 0;
}

/* Forward conv of the (o[e], ci[e]) pair on engine e at stride st: Hout x
** Wout of the conv. */
static int ant_forward(train_ctx *x, const train_layer *L, const train_batch *b,
                       const uint8_t *fmask, const int *o, const int *ci, int st) {
  nm_ant_cmd c = {NM_ANT_MODE_ANT, (L->h + 2 * L->pad - L->k) / st + 1,
                  (L->w + 2 * L->pad - L->k) / st + 1, st, 1, L->pad, NM_ANT_N};
  nm_ant_plane ker[AP], img[AP];
  int rc = 0, out16 = (int)nm_rng_below(&x->rng, 2);
  uint64_t before = x->hw.st.ph_cmds[PH_ANT];
  memset(ker, 0, sizeof ker);
  for (int e = 0; e < AP && !rc; e++)
    img[e] = b->xpl[ci[e]], rc = weight_plane(L, fmask, o[e], ci[e], &ker[e]);
  if (rc) rc = rep_fail(&x->rep, "out of memory");
  else rc = ant_pairs_run(x, "ANT-FF", c, img, ker, 1, out16);
  x->ant_fwd_cmds += x->hw.st.ph_cmds[PH_ANT] - before;
  if (st > 1) x->ant_fwd_strided += x->hw.st.ph_cmds[PH_ANT] - before;
  for (int e = 0; e < AP; e++) nm_ant_plane_free(&ker[e]);
  return rc;
}

int step_ant(train_ctx *x, train_layer *L, const train_batch *b, const uint8_t *fmask) {
  nm_ant_cmd c = {NM_ANT_MODE_ANT, L->k, L->k, 1, L->s, L->pad, NM_ANT_N};
  int pairs = 1 + (int)nm_rng_below(&x->rng, 2);
  for (int q = 0; q < pairs; q++) {
    int samples = 1 + (int)nm_rng_below(&x->rng, 2), out16 = (int)nm_rng_below(&x->rng, 2);
    nm_ant_plane img[2 * AP], ker[2 * AP];
    uint64_t before = x->hw.st.ph_cmds[PH_ANT];
    for (int s = 0; s < samples * AP; s++) {  /* sample s / AP on engine s % AP */
      int o = (int)nm_rng_below(&x->rng, (uint32_t)L->cout), ci = (int)nm_rng_below(&x->rng, (uint32_t)L->cin);
      img[s] = b->xpl[ci], ker[s] = b->gpl[o];
    }
    if (ant_pairs_run(x, "ANT", c, img, ker, samples, out16)) return -1;
    x->ant_wg_cmds += x->hw.st.ph_cmds[PH_ANT] - before;
  }
  /* Forward conv: one pair at the layer's stride; stride 1 layers also at 2 or 4. */
  {
    int o[AP], ci[AP];
    for (int e = 0; e < AP; e++)
      o[e] = (int)nm_rng_below(&x->rng, (uint32_t)L->cout), ci[e] = (int)nm_rng_below(&x->rng, (uint32_t)L->cin);
    if (ant_forward(x, L, b, fmask, o, ci, L->s)) return -1;
    if (L->s == 1 && ant_forward(x, L, b, fmask, o, ci, nm_rng_below(&x->rng, 2) ? 2 : 4)) return -1;
  }
  return 0;
}

/* A one-row plane of n copies of the fp16 value v at columns 0..n-1. */
static int probe_plane(nm_ant_plane *p, int n, uint16_t v) {
  p->rows = 1, p->cols = n, p->nnz = (uint32_t)n;
  p->rowptr = malloc(2 * sizeof *p->rowptr), p->elem = malloc(sizeof *p->elem * (size_t)n);
  if (!p->rowptr || !p->elem) return -1;
  p->rowptr[0] = 0, p->rowptr[1] = (uint32_t)n;
  for (int e = 0; e < n; e++) p->elem[e].coord = (uint16_t)e, p->elem[e].val = v;
  return 0;
}

/* Each of 3 outputs sums 10 products of 65504^2 ~ 2^32 (4.3e10 ~ 2^35.3):
** past the fp16 range (+Inf in fp16), and past 2^35, the range of an 84-bit
** accumulator with LSB 2^-48 (ovf: STATUS.ANT_OVF, NaN; 85 bits hold it).  A positive sum
** read as fp16 and a negative one read as fp32, in both modes. */
int ant_probe(train_ctx *x) {
  nm_ant_cmd c = {NM_ANT_MODE_ANT, 1, 3, 1, 1, 0, NM_ANT_N};
  nm_ant_plane img[2] = {{0}}, ker = {0}, pi[AP], pk[AP];
  int rc = -1;
  uint64_t before = x->hw.st.ph_cmds[PH_ANT];
  x->rep.iter = -1, x->rep.layer = -1;
  if (probe_plane(&img[0], 12, 0x7BFF) || probe_plane(&img[1], 12, 0xFBFF) ||
      probe_plane(&ker, 10, 0x7BFF)) {
    rep_fail(&x->rep, "out of memory");
    goto out;
  }
  for (int e = 0; e < AP; e++) pi[e] = img[0], pk[e] = ker;   /* every engine the same planes */
  rc = ant_pairs_run(x, "ANT-OVF", c, pi, pk, 1, 1);
  for (int e = 0; e < AP; e++) pi[e] = img[1];
  if (!rc) rc = ant_pairs_run(x, "ANT-OVF", c, pi, pk, 1, 0);
  x->ant_probe_cmds += x->hw.st.ph_cmds[PH_ANT] - before;
out:
  nm_ant_plane_free(&img[0]), nm_ant_plane_free(&img[1]), nm_ant_plane_free(&ker);
  return rc;
}
