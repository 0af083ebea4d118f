/*
** The ANT part of a conv layer's training step: weight-gradient planes
** dW[o][c] (k x k) of a few (output, input) channel pairs, computed by
** nm_ant_engine from the layer's sparse CSR planes — image = activation
** plane X[c] (H x W), kernel = output-gradient plane dY[o] (Hout x Wout),
** st = 1, d = stride, pad = the conv's pad.  Each pair runs in ant mode and
** again in scnn mode; a second sample (another pair's planes, clear = 0)
** sometimes accumulates on top, as a batch of two would.  Outputs (fp32 or
** fp16 readout), flags and counters are checked against nm_ant.c, and the
** two modes must give identical bits.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_ant.h"
#include "nm_top_cycles.h"
#include "train_pack.h"
#include "train_step.h"

static const nm_top_hw *ant_hw(void) {
  static const nm_top_hw hw = {{NM_ROWS, NM_COLS, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES},
                               NM_MMAX, NM_SORE_LANES, NM_SORE_ARCH == NM_SORE_ARCH_PARALLEL,
                               NM_WUVE_LANES, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES};
  return &hw;
}

/* A plane fits the row table and the element buffer. */
static int plane_fits(const nm_ant_plane *p, int depth) {
  return p->rows <= NM_ANT_ROWS && (int)p->nnz <= depth;
}

static uint32_t flags_of(const nm_ant_acc *a) {
  return (uint32_t)(a->ovf << 3 | a->nan << 2 | a->ninf << 1 | a->pinf);
}

/* One ANT command (image, kernel), then its outputs against the model's
** accumulators `acc` (updated here); res_out gets the outputs read. */
static int ant_cmd(train_ctx *x, const nm_ant_cmd *c, const nm_ant_plane *img,
                   const nm_ant_plane *ker, int clear, int out16, nm_ant_acc *acc,
                   uint32_t *got) {
  int no = c->hout * c->wout, ib = (int)nm_rng_below(&x->rng, NM_ANT_IBUF_DEPTH - img->nnz + 1);
  int kb = (int)nm_rng_below(&x->rng, NM_ANT_KBUF_DEPTH - ker->nnz + 1), rc = -1;
  nm_ant_csr ic = nm_ant_plane_csr(img), kc = nm_ant_plane_csr(ker);
  nm_ant_counts cnt;
  hw_result res;
  uint32_t *exp = malloc(sizeof *exp * (size_t)no * 2), *gf = malloc(sizeof *gf * (size_t)no);
  char f[320];
  if (!exp || !gf) goto out;
  snprintf(x->rep.cmd, sizeof x->rep.cmd,
           "ANT %s ih=%d kh=%d Hout=%d Wout=%d st=%d d=%d pad=%d clear=%d (image nnz %u at %d, "
           "kernel nnz %u at %d, readout %s)",
           c->mode ? "scnn" : "ant", img->rows, ker->rows, c->hout, c->wout, c->st, c->d, c->pad,
           clear, (unsigned)img->nnz, ib, (unsigned)ker->nnz, kb, out16 ? "fp16" : "fp32");
  if (pack_ant_plane(&x->hw, NM_REGION_ANT_IROW, NM_REGION_ANT_IELEM, img, ib, step_front(x)) ||
      pack_ant_plane(&x->hw, NM_REGION_ANT_KROW, NM_REGION_ANT_KELEM, ker, kb, step_front(x)))
    goto out;
  uint32_t arg[5] = {
      NM_FIELD(NM_ANT_IH, img->rows) | NM_FIELD(NM_ANT_KH, ker->rows),
      NM_FIELD(NM_ANT_HOUT, c->hout) | NM_FIELD(NM_ANT_WOUT, c->wout),
      NM_FIELD(NM_ANT_ST, c->st) | NM_FIELD(NM_ANT_D, c->d) | NM_FIELD(NM_ANT_PAD, c->pad) |
          NM_FIELD(NM_ANT_SCNN, c->mode) | NM_FIELD(NM_ANT_CLEAR, clear),
      0, 0};
  if (hw_run(&x->hw, PH_ANT, NM_OP_ANT, arg, (long long)nm_top_ant_overhead(ant_hw()), &res))
    goto out;
  /* The model: counters of this mode, then the exact sums. */
  nm_ant_count(c, &ic, &kc, &cnt);
  {
    const uint32_t want[4] = {(uint32_t)cnt.pairs, (uint32_t)cnt.products, (uint32_t)cnt.rcps,
                              (uint32_t)cnt.skipped};
    const uint32_t have[4] = {res.pairs, res.prods, res.rcps, res.skipped};
    if (rep_compare(&x->rep, "ANT counters {pairs, products, rcps, skipped}", want, have, 4, 0, 8))
      goto out;
  }
  if (clear) memset(acc, 0, sizeof *acc * (size_t)no);
  nm_ant_accumulate(c, NM_ANT_ACC_BITS, &ic, &kc, acc);
  if (clear) {
    uint32_t want = 0, have = NM_GET(NM_STATUS_ANT_OVF, res.status);
    for (int i = 0; i < no; i++) want |= (uint32_t)acc[i].ovf;
    if (rep_compare(&x->rep, "STATUS.ant_ovf", &want, &have, 1, 0, 1)) goto out;
  }
  if (unpack_ant_out(&x->hw, out16 ? NM_REGION_ANT_OUT16 : NM_REGION_ANT_OUT32, got, no,
                     step_front(x)) ||
      unpack_ant_out(&x->hw, NM_REGION_ANT_FLAGS, gf, no, 0))
    goto out;
  for (int i = 0; i < no; i++) exp[i] = nm_ant_readout(&acc[i], out16), exp[no + i] = flags_of(&acc[i]);
  if (rep_compare(&x->rep, "ANT.out [oy][ox]", exp, got, (size_t)no, (size_t)c->wout, out16 ? 4 : 8) ||
      rep_compare(&x->rep, "ANT.flags [oy][ox]", exp + no, gf, (size_t)no, (size_t)c->wout, 1))
    goto out;
  x->ant_cycles[c->mode] += res.engine_cycles, x->ant_pairs[c->mode] += res.pairs;
  x->ant_prods[c->mode] += res.prods, x->ant_rcps[c->mode] += res.rcps;
  x->ant_skipped[c->mode] += res.skipped;
  snprintf(f, sizeof f,
           "{\"ih\":%d,\"kh\":%d,\"hout\":%d,\"wout\":%d,\"st\":%d,\"d\":%d,\"pad\":%d,\"scnn\":%d,"
           "\"clear\":%d,\"out16\":%d,\"pairs\":%u,\"products\":%u,\"rcps\":%u,\"skipped\":%u}",
           img->rows, ker->rows, c->hout, c->wout, c->st, c->d, c->pad, c->mode, clear, out16,
           (unsigned)res.pairs, (unsigned)res.prods, (unsigned)res.rcps, (unsigned)res.skipped);
  {
    dump_tensor din[4] = {
        {"image_rowptr", "u32", 1, {img->rows + 1}, "[row] CSR", img->rowptr, 0},
        {"image_elem", "u16", 2, {img->nnz, 2}, "[element] (x, fp16)", img->elem, 0},
        {"kernel_rowptr", "u32", 1, {ker->rows + 1}, "[row] CSR", ker->rowptr, 0},
        {"kernel_elem", "u16", 2, {ker->nnz, 2}, "[element] (s, fp16)", ker->elem, 0}};
    dump_tensor dout[2] = {
        {"out", out16 ? "f16" : "f32", 2, {c->hout, c->wout}, "row-major [oy][ox]", got, 1},
        {"flags", "u8", 2, {c->hout, c->wout}, "row-major [oy][ox] {ovf,nan,ninf,pinf}", gf, 1}};
    dump_cmd(x->dump, "ANT", "ANT", x->rep.iter, x->rep.layer, f, din, 4, dout, 2);
  }
  rc = 0;
out:
  if (rc && !x->rep.failed) rep_fail(&x->rep, "out of memory");
  free(exp), free(gf);
  return rc;
}

int step_ant(train_ctx *x, train_layer *L, const train_batch *b, int iter, int li) {
  nm_ant_cmd c = {NM_ANT_MODE_ANT, L->k, L->k, 1, L->s, L->pad, NM_ANT_N};
  int no = L->k * L->k, pairs = 1 + (int)nm_rng_below(&x->rng, 2), rc = -1;
  nm_ant_acc *acc = malloc(sizeof *acc * (size_t)no);
  uint32_t *got[2] = {malloc(sizeof(uint32_t) * (size_t)no), malloc(sizeof(uint32_t) * (size_t)no)};
  (void)iter, (void)li;
  if (!acc || !got[0] || !got[1]) {
    rep_fail(&x->rep, "out of memory");
    goto out;
  }
  if (L->h > NM_ANT_ROWS || L->ho > NM_ANT_ROWS || no > NM_ANT_OBUF_DEPTH) {
    x->ant_skipped_layers++;
    rc = 0;
    goto out;
  }
  for (int q = 0; q < pairs; q++) {
    int o[2], ci[2], samples = 1 + (int)nm_rng_below(&x->rng, 2), out16 = (int)nm_rng_below(&x->rng, 2);
    for (int s = 0; s < samples; s++)
      o[s] = (int)nm_rng_below(&x->rng, (uint32_t)L->cout), ci[s] = (int)nm_rng_below(&x->rng, (uint32_t)L->cin);
    for (int s = 0; s < samples; s++)
      if (!plane_fits(&b->xpl[ci[s]], NM_ANT_IBUF_DEPTH) || !plane_fits(&b->gpl[o[s]], NM_ANT_KBUF_DEPTH)) {
        x->ant_skipped_layers++;
        rc = 0;
        goto out;
      }
    for (int mode = 0; mode < 2; mode++) {
      c.mode = mode;
      for (int s = 0; s < samples; s++)
        if (ant_cmd(x, &c, &b->xpl[ci[s]], &b->gpl[o[s]], s == 0, out16, acc, got[mode])) goto out;
    }
    if (rep_compare(&x->rep, "ANT.out scnn mode vs ant mode", got[0], got[1], (size_t)no,
                    (size_t)L->k, out16 ? 4 : 8))
      goto out;
  }
  rc = 0;
out:
  free(acc), free(got[0]), free(got[1]);
  return rc;
}
