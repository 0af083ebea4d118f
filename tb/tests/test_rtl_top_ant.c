/*
** test_rtl_top, ANT (rtl_top_harness.h; the suite is test_rtl_top.c).
** ANT through nm_top's front door: random planes against the model (CLEAR,
** KEEP, every counter), bad fields refused.  Every command runs all
** NM_ANT_ENGINES engines (nm_ant_array), each on its own planes in its own
** bank: every engine's outputs against the model of its planes, counters
** the sums, ENGINE_CYCLES the longest engine's (nm_ant_cycles_batch).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "nm_ant.h"
#include "nm_ant_cycles.h"
#include "nm_ant_work.h"
#include "rtl_top_harness.h"

#define AP NM_ANT_ENGINES

/* Both planes at element base 0 of engine p (bank p), in nm_layout's
** row-table and element fields. */
static void ant_load(top *t, int eng, const nm_ant_plane *img, const nm_ant_plane *ker) {
  const nm_ant_plane *pl[2] = {img, ker};
  static const nm_layout_field f[2][4] = {
      {NMF_ANT_IROW_START, NMF_ANT_IROW_END, NMF_ANT_IELEM_VAL, NMF_ANT_IELEM_COORD},
      {NMF_ANT_KROW_START, NMF_ANT_KROW_END, NMF_ANT_KELEM_VAL, NMF_ANT_KELEM_COORD}};
  nm_layout_cfg L = nm_layout_here();
  nm_layout_idx x = {0};
  x.p = eng;
  for (int k = 0; k < 2; k++) {
    const nm_ant_plane *p = pl[k];
    for (int y = 0; y < p->rows; y++) {
      x.y = y;
      nm_layout_loc s = nm_layout_map(&L, f[k][0], &x), e = nm_layout_map(&L, f[k][1], &x);
      hb_put1(t, s.region, s.bank, s.word, p->rowptr[y + 1] << e.lsb | p->rowptr[y] << s.lsb);
    }
    for (uint32_t n = 0; n < p->nnz; n++) {
      x.n = (int)n;
      nm_layout_loc v = nm_layout_map(&L, f[k][2], &x), c = nm_layout_map(&L, f[k][3], &x);
      hb_put1(t, v.region, v.bank, v.word,
              (uint32_t)p->elem[n].coord << c.lsb | (uint32_t)p->elem[n].val << v.lsb);
    }
  }
}

static uint32_t ant_arg2(const nm_ant_cmd *c, int clear) {
  return NM_FIELD(NM_ANT_ST, c->st) | NM_FIELD(NM_ANT_D, c->d) | NM_FIELD(NM_ANT_PAD, c->pad) |
         NM_FIELD(NM_ANT_SCNN, c->mode == NM_ANT_MODE_SCNN) | NM_FIELD(NM_ANT_CLEAR, clear);
}

ant_exp ant_expect(const nm_ant_cmd *c, const nm_ant_plane *img, const nm_ant_plane *ker, uint32_t *args) {
  size_t no = (size_t)c->hout * (size_t)c->wout;
  ant_exp x = {*c, calloc(no * AP, sizeof *x.accs), {0, 0, 0, 0, 0}, 0};
  ck_assert(x.accs);
  for (int e = 0; e < AP; e++) {
    nm_ant_csr ci = nm_ant_plane_csr(&img[e]), ck = nm_ant_plane_csr(&ker[e]);
    nm_ant_accumulate(c, NM_ANT_ACC_BITS, &ci, &ck, x.accs + (size_t)e * no);
    nm_ant_counts me;
    nm_ant_count(c, &ci, &ck, &me);
    x.m.pairs += me.pairs, x.m.products += me.products, x.m.rcps += me.rcps, x.m.skipped += me.skipped;
    uint64_t ce = nm_ant_cycles(c, 1, &ci, &ck);
    if (ce > x.cycles) x.cycles = ce;
  }
  args[0] = NM_FIELD(NM_ANT_IH, img->rows) | NM_FIELD(NM_ANT_KH, ker->rows);
  args[1] = NM_FIELD(NM_ANT_HOUT, c->hout) | NM_FIELD(NM_ANT_WOUT, c->wout);
  args[2] = ant_arg2(c, 1), args[3] = args[4] = 0;
  return x;
}

void ant_check(top *t, ant_exp *x, uint32_t status, const char *what) {
  const nm_ant_cmd *c = &x->c;
  size_t no = (size_t)c->hout * (size_t)c->wout, bad = 0;
  int ovf = 0;
  for (size_t qe = 0; qe < no * AP; qe++) {
    size_t q = qe % no;
    int e = (int)(qe / no);
    const nm_ant_acc *acc = x->accs + (size_t)e * no;
    uint32_t exp[3] = {nm_ant_readout(&acc[q], 0), nm_ant_readout(&acc[q], 1),
                       (uint32_t)(acc[q].ovf << 3 | acc[q].nan << 2 | acc[q].ninf << 1 | acc[q].pinf)};
    static const int ids[3] = {NM_REGION_ANT_OUT32, NM_REGION_ANT_OUT16, NM_REGION_ANT_FLAGS};
    static const char *names[3] = {"out32", "out16", "flags"};
    ovf |= acc[q].ovf;
    for (int k = 0; k < 3; k++) {
      uint32_t w[8];
      if (qe % 7 == 0) w[0] = rd_ok(t, NM_WIN_ADDR(ids[k], e, q, 0));  /* front door too */
      else dut_top_hb_read(t->d, ids[k], e, (unsigned)q, w);
      if (w[0] != exp[k] && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH %s engine %d %s[oy=%zu,ox=%zu]: expected 0x%08x got 0x%08x\n", what, e,
                names[k], q / (size_t)c->wout, q % (size_t)c->wout, exp[k], w[0]);
    }
  }
  uint32_t got[4] = {rd_ok(t, NM_REG_ANT_PAIRS), rd_ok(t, NM_REG_ANT_PRODS), rd_ok(t, NM_REG_ANT_RCPS),
                     rd_ok(t, NM_REG_ANT_SKIPPED)};
  uint64_t wantc[4] = {x->m.pairs, x->m.products, x->m.rcps, x->m.skipped};
  for (int k = 0; k < 4; k++)
    if (got[k] != (uint32_t)wantc[k] && bad++ < MAX_REPORT)
      fprintf(stderr, "MISMATCH %s counter %d: expected %llu got %u\n", what, k,
              (unsigned long long)wantc[k], got[k]);
  if ((int)NM_GET(NM_STATUS_ANT_OVF, status) != ovf && bad++ < MAX_REPORT)
    fprintf(stderr, "MISMATCH %s STATUS.ant_ovf %u, model %d\n", what, NM_GET(NM_STATUS_ANT_OVF, status), ovf);
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s: %s: %zu differences from the ANT model", NM_NAME, what, bad);
  free(x->accs);
}

/* One clear ANT command (engine e on img[e], ker[e]) vs nm_ant_accumulate /
** readout / count per engine; counters summed, cycles the engines' longest. */
static void ant_run_check(top *t, const nm_ant_cmd *c, const nm_ant_plane *img, const nm_ant_plane *ker,
                          const char *what) {
  uint32_t args[5];
  ant_exp x = ant_expect(c, img, ker, args);
  set_args(t, args);
  issue(t, NM_OP_ANT);
  cmd_out o = finish(t, what, NM_OP_ANT, 0, 0);
  uint64_t want = (uint64_t)o.eng + nm_top_ant_overhead(&t->hw);
  ck_assert_msg(o.last == (uint32_t)want, "%s: %s: LAST_CYCLES %u, ENGINE_CYCLES %u + overhead = %llu",
                NM_NAME, what, o.last, o.eng, (unsigned long long)want);
  if (o.eng != (uint32_t)x.cycles) rerun();
  ck_assert_msg(o.eng == (uint32_t)x.cycles, "%s: %s: ENGINE_CYCLES %u, model (longest engine) %llu", NM_NAME,
                what, o.eng, (unsigned long long)x.cycles);
  ant_check(t, &x, o.status, what);
}

nm_ant_cmd ant_make(top *t, size_t rep, nm_ant_plane *img, nm_ant_plane *ker) {
  int k = 1 + (int)nm_rng_below(&t->r, 3), st = 1 + (int)nm_rng_below(&t->r, 2), pad = (int)nm_rng_below(&t->r, 2);
  int h = k + (int)nm_rng_below(&t->r, 8), w = k + (int)nm_rng_below(&t->r, 8);
  nm_ant_cmd c = {(int)(rep % 2), (h + 2 * pad - k) / st + 1, (w + 2 * pad - k) / st + 1, st, 1, pad, NM_ANT_N};
  int vclass = rep % 4 == 3 ? NM_ANT_V_SPECIAL : NM_ANT_V_WIDE;
  for (int e = 0; e < AP; e++) {  /* every engine its own planes, the last sometimes empty */
    double di = e > 0 && e == AP - 1 && rep % 5 == 1 ? 0.0 : 0.2 + 0.6 * nm_rng_unit(&t->r);
    ck_assert(!nm_ant_plane_random(&img[e], h, w, di, vclass, &t->r));
    ck_assert(!nm_ant_plane_random(&ker[e], k, k, 0.5 + 0.5 * nm_rng_unit(&t->r), vclass, &t->r));
    ant_load(t, e, &img[e], &ker[e]);
  }
  return c;
}

START_TEST(ant_random_planes_match_model_bad_fields_refused) {
  top *t = top_open(0, 9);
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(16); rep++) {
    nm_ant_plane img[AP], ker[AP];
    nm_ant_cmd c = ant_make(t, rep, img, ker);
    char what[96];
    snprintf(what, sizeof what, "ANT#%zu %s %dx%d k%d st%d pad%d (%d engines)", rep, c.mode ? "scnn" : "ant",
             img[0].rows, img[0].cols, ker[0].rows, c.st, c.pad, AP);
    ant_run_check(t, &c, img, ker, what);
    for (int e = 0; e < AP; e++) nm_ant_plane_free(&img[e]), nm_ant_plane_free(&ker[e]);
    ran++;
  }
  /* Bad fields: the engine's codes; LAST_CYCLES = ENGINE_CYCLES + overhead.
  ** ARG0 {KH, IH}, ARG1 {WOUT, HOUT}, ARG2 stride, dilation and CLEAR. */
#define ANT_A0(ih, kh) (NM_FIELD(NM_ANT_IH, ih) | NM_FIELD(NM_ANT_KH, kh))
#define ANT_A1(hout, wout) (NM_FIELD(NM_ANT_HOUT, hout) | NM_FIELD(NM_ANT_WOUT, wout))
#define ANT_A2(st, d) (NM_FIELD(NM_ANT_ST, st) | NM_FIELD(NM_ANT_D, d) | NM_FIELD(NM_ANT_CLEAR, 1))
  struct { uint32_t a0, a1, a2; int err; const char *what; } bad[] = {
      {ANT_A0(1, 1), ANT_A1(1, 1), ANT_A2(3, 1), NM_ERR_NM, "st 3"},
      {ANT_A0(1, 1), ANT_A1(1, 1), ANT_A2(1, 0), NM_ERR_MMAX, "d 0"},
      {ANT_A0(NM_ANT_ROWS + 1, 1), ANT_A1(1, 1), ANT_A2(1, 1), NM_ERR_KMOD, "rows"},
      {ANT_A0(1, 1), ANT_A1(0, 1), ANT_A2(1, 1), NM_ERR_SIZE, "Hout 0"}};
#undef ANT_A0
#undef ANT_A1
#undef ANT_A2
  for (size_t i = 0; i < 4; i++) {
    uint32_t before = rd_ok(t, NM_WIN_ADDR(NM_REGION_ANT_OUT32, AP - 1, 0, 0));
    uint32_t args[5] = {bad[i].a0, bad[i].a1, bad[i].a2, 0, 0};
    cmd_out o = run_cmd(t, bad[i].what, NM_OP_ANT, args, bad[i].err, 0);
    ck_assert_msg(o.last == o.eng + nm_top_ant_overhead(&t->hw), "%s: refused ANT LAST_CYCLES %u ENGINE %u",
                  NM_NAME, o.last, o.eng);
    ck_assert_uint_eq(rd_ok(t, NM_WIN_ADDR(NM_REGION_ANT_OUT32, AP - 1, 0, 0)), before);
  }
  printf("%s: %zu random ANT commands\n", NM_NAME, ran);
  top_close(t);
}
END_TEST

/* A batch through the front door: CI x CO pairs in one command (ARG2 CIM1,
** COM1; planes stacked in the row tables), every output plane against the
** model, the counters against the pairs' sum, ENGINE_CYCLES against
** nm_ant_cycles_batch. */
START_TEST(ant_batch_matches_model_pair_by_pair) {
  top *t = top_open(0, 10);
  for (size_t rep = 0; rep < reps(4); rep++) {
    int k = 3, st = 1 + (int)(rep % 2), h = 4 + (int)nm_rng_below(&t->r, 4);
    int ho = (h + 2 - k) / st + 1, ci = 2, co = 1 + (int)nm_rng_below(&t->r, 3);
    if (ci * h > NM_ANT_ROWS) ci = 1;
    while (co * ho > NM_ANT_ROWS) co--;
    nm_ant_cmd c = {(int)(rep / 2 % 2), k, k, 1, st, 1, NM_ANT_N};   /* WG: dW k x k */
    nm_ant_plane x[AP][2], dy[AP][3], sx, sdy;
    nm_ant_csr cx[AP][2], cdy[AP][3];
    for (int e = 0; e < AP; e++) {  /* engine e: its own CI x CO planes */
      double de = 0.1 + 0.5 * nm_rng_unit(&t->r);
      for (int i = 0; i < ci; i++)
        ck_assert(!nm_ant_plane_random(&x[e][i], h, h, de, NM_ANT_V_WIDE, &t->r)),
            cx[e][i] = nm_ant_plane_csr(&x[e][i]);
      for (int j = 0; j < co; j++)
        ck_assert(!nm_ant_plane_random(&dy[e][j], ho, ho, de, NM_ANT_V_WIDE, &t->r)),
            cdy[e][j] = nm_ant_plane_csr(&dy[e][j]);
      ck_assert(!nm_ant_plane_stack(x[e], ci, &sx) && !nm_ant_plane_stack(dy[e], co, &sdy));
      ant_load(t, e, &sx, &sdy);
      nm_ant_plane_free(&sx), nm_ant_plane_free(&sdy);
    }
    uint32_t args[5] = {NM_FIELD(NM_ANT_IH, h) | NM_FIELD(NM_ANT_KH, ho),
                        NM_FIELD(NM_ANT_HOUT, k) | NM_FIELD(NM_ANT_WOUT, k),
                        ant_arg2(&c, 1) | NM_FIELD(NM_ANT_CIM1, ci - 1) | NM_FIELD(NM_ANT_COM1, co - 1), 0, 0};
    char what[96];
    snprintf(what, sizeof what, "ANT batch#%zu %d engines x %dx%d pairs %s %dx%d st%d", rep, AP, ci, co,
             c.mode ? "scnn" : "ant", h, h, st);
    set_args(t, args);
    issue(t, NM_OP_ANT);
    cmd_out o = finish(t, what, NM_OP_ANT, 0, 0);
    size_t bad = 0;
    nm_ant_counts sum = {0, 0, 0, 0, 0};
    uint64_t mc = 0;
    for (int e = 0; e < AP; e++) {
      for (int i = 0; i < ci; i++)
        for (int j = 0; j < co; j++) {
          nm_ant_acc acc[9];
          memset(acc, 0, sizeof acc);
          nm_ant_accumulate(&c, NM_ANT_ACC_BITS, &cx[e][i], &cdy[e][j], acc);
          nm_ant_counts m;
          nm_ant_count(&c, &cx[e][i], &cdy[e][j], &m);
          sum.pairs += m.pairs, sum.products += m.products, sum.rcps += m.rcps, sum.skipped += m.skipped;
          for (int q = 0; q < k * k; q++) {
            uint32_t w = rd_ok(t, NM_WIN_ADDR(NM_REGION_ANT_OUT32, e, (i * co + j) * k * k + q, 0));
            if (w != nm_ant_readout(&acc[q], 0) && bad++ < MAX_REPORT)
              fprintf(stderr, "MISMATCH %s engine %d pair (%d,%d) out32[%d]: expected 0x%08x got 0x%08x\n",
                      what, e, i, j, q, nm_ant_readout(&acc[q], 0), w);
          }
        }
      uint64_t ce = nm_ant_cycles_batch(&c, 1, ci, cx[e], co, cdy[e]);
      if (ce > mc) mc = ce;
    }
    uint32_t got[4] = {rd_ok(t, NM_REG_ANT_PAIRS), rd_ok(t, NM_REG_ANT_PRODS), rd_ok(t, NM_REG_ANT_RCPS),
                       rd_ok(t, NM_REG_ANT_SKIPPED)};
    uint64_t wantc[4] = {sum.pairs, sum.products, sum.rcps, sum.skipped};
    for (int q = 0; q < 4; q++)
      if (got[q] != (uint32_t)wantc[q] && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH %s counter %d: expected %llu got %u\n", what, q, (unsigned long long)wantc[q],
                got[q]);
    if (o.eng != (uint32_t)mc && bad++ < MAX_REPORT)
      fprintf(stderr, "MISMATCH %s ENGINE_CYCLES %u, model %llu\n", what, o.eng, (unsigned long long)mc);
    if (bad) rerun();
    ck_assert_msg(bad == 0, "%s: %s: %zu differences from the ANT model", NM_NAME, what, bad);
    for (int e = 0; e < AP; e++) {
      for (int i = 0; i < ci; i++) nm_ant_plane_free(&x[e][i]);
      for (int j = 0; j < co; j++) nm_ant_plane_free(&dy[e][j]);
    }
  }
  top_close(t);
}
END_TEST

void rtl_top_add_ant_tests(TCase *tc) {
  tcase_add_test(tc, ant_random_planes_match_model_bad_fields_refused);
  tcase_add_test(tc, ant_batch_matches_model_pair_by_pair);
}
