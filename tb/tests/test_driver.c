/*
** The generated C driver (DIR/driver/nm_driver.{h,c} and example.c, written
** by generator/driver.c) on the real RTL: one configuration's Verilated
** nm_top_sim, reached only through a transport over dut_top.h's AXI4-Lite
** read and write (no backdoor anywhere), so every word moves the way a
** firmware engineer's code moves it.
**
** Proves: nmd_open accepts this configuration and refuses another; the
** layout helpers (generated from regmap.c's layout lines) equal
** tb/model/nm_layout.c on random indices, field by field; GEMM (every N:M
** the config has, both dataflows), PRUNE, UPDATE (update, check, update
** unless found_inf) and ANT commands built, submitted and waited for by the
** driver match the golden model bit for bit, with LAST_CYCLES equal to the
** cycle model; bad fields come back as NMD_E_CMD with STATUS.ERR decoded to
** its regmap name, refusals (busy, unknown op) as NMD_E_REFUSED with their
** codes, out-of-range arguments as NMD_E_RANGE with nothing sent, SLVERR as
** NMD_E_BUS; a budget that runs out returns NMD_E_TIMEOUT within the budget
** (cycles, ticks, and over a device that never finishes with a frozen cycle
** counter: the poll bound) and the command is collected by a later wait;
** a wait in two halves (nmd_wait_polls: STATUS reads only, within the
** budget; nmd_collect: ENGINE_CYCLES only after GEMM and ANT, nothing past
** a busy STATUS) reads exactly what it says; nmd_open_ident's words are the
** registers'; example.c's GEMM computes 11.0 on the RTL.
**
** Built per configuration with the driver of that config's nmgen output
** (sim/driver.mk).  Knobs: NMTEST_SEED, NMTEST_QUICK, NMTEST_TRACE=FILE.fst.
*/
#include "nm_driver.h" /* first: the configuration's nm_config.h */

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dma_pack_harness.h"
#include "dut_top.h"
#include "nm_ant.h"
#include "nm_ant_work.h"
#include "nm_gemm.h"
#include "nm_layout_here.h"
#include "nm_rng.h"
#include "nm_sore.h"
#include "nm_top_hw_here.h"
#include "nm_stce_cycles.h"
#include "nm_top_cycles.h"
#include "nm_wuve.h"

/* example.c's entry over any transport. */
int nmd_example_gemm(const nmd_transport *t, uint32_t *c_out);

/* Enough for any command of this test on any config (a wait never needs it all). */
#define BUDGET 4000000u
#define MAX_REPORT 8

static void rerun(void) {
  fprintf(stderr, "    rerun: NMTEST_SEED=%llu %s (cfg %s)\n", (unsigned long long)tu_seed(), tu_prog(),
          NM_NAME);
}

/* ---- the Verilator transport ------------------------------------------------------- */

typedef struct vt {
  dut_top *d;
  uint64_t reads, writes, pauses;
} vt;

static int vt_read32(void *ctx, uint32_t addr, uint32_t *data) {
  vt *v = ctx;
  v->reads++;
  return dut_top_read(v->d, addr, data);
}

static int vt_write32(void *ctx, uint32_t addr, uint32_t data) {
  vt *v = ctx;
  v->writes++;
  return dut_top_write(v->d, addr, data, 0xF);
}

/* The transport's clock: simulated cycles (any monotonic unit will do). */
static uint64_t vt_now(void *ctx) { return dut_top_cycles(((vt *)ctx)->d); }

static void vt_pause(void *ctx) { ((vt *)ctx)->pauses++; }

typedef struct fix {
  vt v;
  nmd_transport t;
  nmd_dev d;
  nm_rng r;
  nm_top_hw hw;
} fix;

static fix *fix_open(uint64_t salt, uint64_t delay_seed) {
  fix *f = calloc(1, sizeof *f);
  ck_assert(f);
  dut_top_opts o = {getenv("NMTEST_TRACE"), delay_seed, 3};
  f->v.d = dut_top_open(&o);
  ck_assert_msg(f->v.d != NULL, "%s: dut_top_open failed", NM_NAME);
  nmd_transport t = {&f->v, vt_read32, vt_write32, vt_now, vt_pause};
  f->t = t;
  int rc = nmd_open(&f->d, &f->t);
  ck_assert_msg(rc == NMD_OK, "%s: nmd_open: %s", NM_NAME, nmd_rc_name(rc));
  nm_rng_seed(&f->r, tu_seed() * 6007u + salt);
  f->hw = nm_top_hw_here();
  return f;
}

static void fix_close(fix *f) {
  dut_top_close(f->v.d);
  free(f);
}

/* A driver call that must succeed. */
#define OK(call)                                                                               \
  do {                                                                                         \
    int rc_ = (call);                                                                          \
    if (rc_ != NMD_OK) rerun();                                                                \
    ck_assert_msg(rc_ == NMD_OK, "%s: %s returned %s (fail_addr 0x%08x)", NM_NAME, #call,       \
                  nmd_rc_name(rc_), f->d.fail_addr);                                           \
  } while (0)

/* The same without a fixture (pure driver functions). */
#define OKX(call) ck_assert_msg((call) == NMD_OK, "%s: %s failed", NM_NAME, #call)

static uint16_t rand16(nm_rng *r) {
  static const uint16_t sp[] = {0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x83FF, 0x7BFF};
  uint32_t p = nm_rng_below(r, 100);
  if (p < 8) return sp[nm_rng_below(r, 8)];
  /* Finite, exponents near 1 so sums stay in range and differ in low bits. */
  return (uint16_t)((nm_rng_u32(r) & 0x83FFu) | (0x3400u + (nm_rng_below(r, 8) << 10)));
}

static uint32_t f2u(float x) {
  uint32_t u;
  memcpy(&u, &x, 4);
  return u;
}

/* Run c, which must end with NMD_OK, LAST_CYCLES want (0: not checked). */
static nmd_result run_ok(fix *f, const nmd_cmd *c, const char *what, uint64_t want) {
  nmd_result r;
  int rc = nmd_run(&f->d, c, BUDGET, &r);
  if (rc != NMD_OK || (want && r.last_cycles != want)) rerun();
  ck_assert_msg(rc == NMD_OK, "%s: %s: %s (STATUS 0x%08x, err %s)", NM_NAME, what, nmd_rc_name(rc),
                r.status, nmd_err_name(r.err));
  ck_assert_msg(r.op == c->op && nmd_status_done(r.status), "%s: %s: STATUS 0x%08x", NM_NAME, what,
                r.status);
  ck_assert_msg(!want || r.last_cycles == want, "%s: %s: LAST_CYCLES %u, cycle model %llu", NM_NAME,
                what, r.last_cycles, (unsigned long long)want);
  return r;
}

/* ==== layouts ================================================================================ */

typedef nmd_loc (*loc_fn)(const nmd_idx *);
#define LOC(F, fn) {F, fn, #fn}
static const struct {
  nm_layout_field f;
  loc_fn fn;
  const char *name;
} kLocs[] = {
    LOC(NMF_STCE_A_VAL, nmd_loc_stce_a_val),       LOC(NMF_STCE_A_IDX, nmd_loc_stce_a_idx),
    LOC(NMF_STCE_B_LANE, nmd_loc_stce_b_lane),     LOC(NMF_STCE_C_F32, nmd_loc_stce_c_f32),
    LOC(NMF_STCE_C_F16, nmd_loc_stce_c_f16),       LOC(NMF_SORE_IN_LANE, nmd_loc_sore_in_lane),
    LOC(NMF_SORE_VAL_SLOT, nmd_loc_sore_val_slot), LOC(NMF_SORE_IDX_SLOT, nmd_loc_sore_idx_slot),
    LOC(NMF_SORE_MASK_BIT, nmd_loc_sore_mask_bit), LOC(NMF_WUVE_W_ELEM, nmd_loc_wuve_w_elem),
    LOC(NMF_WUVE_V_ELEM, nmd_loc_wuve_v_elem),     LOC(NMF_WUVE_G_DW, nmd_loc_wuve_g_dw),
    LOC(NMF_WUVE_G_MASK, nmd_loc_wuve_g_mask),     LOC(NMF_WUVE_W16_ELEM, nmd_loc_wuve_w16_elem),
    LOC(NMF_ANT_IROW_START, nmd_loc_ant_irow_start), LOC(NMF_ANT_IROW_END, nmd_loc_ant_irow_end),
    LOC(NMF_ANT_IELEM_VAL, nmd_loc_ant_ielem_val), LOC(NMF_ANT_IELEM_COORD, nmd_loc_ant_ielem_coord),
    LOC(NMF_ANT_KROW_START, nmd_loc_ant_krow_start), LOC(NMF_ANT_KROW_END, nmd_loc_ant_krow_end),
    LOC(NMF_ANT_KELEM_VAL, nmd_loc_ant_kelem_val), LOC(NMF_ANT_KELEM_COORD, nmd_loc_ant_kelem_coord),
    LOC(NMF_ANT_OUT32_ELEM, nmd_loc_ant_out32_elem), LOC(NMF_ANT_OUT16_ELEM, nmd_loc_ant_out16_elem),
    LOC(NMF_ANT_FLAGS_ELEM, nmd_loc_ant_flags_elem),
};
#undef LOC
#define NUM_LOCS (sizeof kLocs / sizeof kLocs[0])

/* Every nm_layout field has its nmd_loc_* (named after regmap.md's line),
** and both give the same place on random indices; the NEED helpers equal
** nm_layout's. */
START_TEST(layout_helpers_equal_nm_layout) {
  nm_layout_cfg L = nm_layout_here();
  nm_rng r;
  nm_rng_seed(&r, tu_seed() * 31u + 1u);
  ck_assert_uint_eq(NUM_LOCS, NMF_COUNT);
  size_t checked = 0;
  for (size_t q = 0; q < NUM_LOCS; q++) {
    char want[64] = "nmd_loc_";
    const char *n = nm_layout_field_name(kLocs[q].f);
    for (size_t c = 0; n[c]; c++) want[8 + c] = n[c] == '.' ? '_' : (char)tolower((unsigned char)n[c]);
    ck_assert_msg(!strcmp(want, kLocs[q].name), "%s is tested as %s", n, kLocs[q].name);
    for (int rep = 0; rep < 2000; rep++) {
      nm_layout_idx a = {0};
      nmd_idx b = {0};
      a.i = (int)nm_rng_below(&r, 300), a.j = (int)nm_rng_below(&r, 300);
      a.k = (int)nm_rng_below(&r, 16), a.g = (int)nm_rng_below(&r, 64);
      a.e = (int)nm_rng_below(&r, NM_MMAX), a.n = (int)nm_rng_below(&r, 1000);
      a.y = (int)nm_rng_below(&r, NM_ANT_ROWS), a.oy = (int)nm_rng_below(&r, 32);
      a.ox = (int)nm_rng_below(&r, 32);
      a.kp = 1 + (int)nm_rng_below(&r, 64), a.groups = 1 + (int)nm_rng_below(&r, 16);
      a.J = 1 + (int)nm_rng_below(&r, 300), a.wout = 1 + (int)nm_rng_below(&r, 32);
      a.base = nm_rng_below(&r, 1000), a.p = (int)nm_rng_below(&r, NM_ANT_ENGINES);
      if (kLocs[q].f == NMF_SORE_VAL_SLOT || kLocs[q].f == NMF_SORE_IDX_SLOT) a.k = a.e;
      b.i = (uint32_t)a.i, b.j = (uint32_t)a.j, b.k = (uint32_t)a.k, b.g = (uint32_t)a.g;
      b.e = (uint32_t)a.e, b.n = (uint32_t)a.n, b.y = (uint32_t)a.y, b.oy = (uint32_t)a.oy;
      b.ox = (uint32_t)a.ox, b.KP = (uint32_t)a.kp, b.G = (uint32_t)a.groups, b.J = (uint32_t)a.J;
      b.WOUT = (uint32_t)a.wout, b.base = a.base, b.p = (uint32_t)a.p;
      nm_layout_loc m = nm_layout_map(&L, kLocs[q].f, &a);
      nmd_loc d = kLocs[q].fn(&b);
      if ((int)d.region != m.region || (int)d.bank != m.bank || d.word != m.word ||
          (int)d.lsb != m.lsb || (int)d.width != m.width) {
        rerun();
        ck_abort_msg("%s: %s at i=%d j=%d k=%d g=%d e=%d n=%d y=%d oy=%d ox=%d KP=%d G=%d J=%d "
                     "WOUT=%d base=%u: driver (%u, %u, %u, %u, %u), nm_layout (%d, %d, %u, %d, %d)",
                     NM_NAME, n, a.i, a.j, a.k, a.g, a.e, a.n, a.y, a.oy, a.ox, a.kp, a.groups, a.J,
                     a.wout, a.base, d.region, d.bank, d.word, d.lsb, d.width, m.region, m.bank,
                     m.word, m.lsb, m.width);
      }
      checked++;
    }
  }
  for (int rep = 0; rep < 2000; rep++) {
    nmd_idx b = {0};
    int I = 1 + (int)nm_rng_below(&r, 500), J = 1 + (int)nm_rng_below(&r, 500);
    int kp = 1 + (int)nm_rng_below(&r, 100), G = 1 + (int)nm_rng_below(&r, 100);
    int n = (int)nm_rng_below(&r, 5000);
    b.I = (uint32_t)I, b.J = (uint32_t)J, b.KP = (uint32_t)kp, b.G = (uint32_t)G;
    b.GROUPS = b.ELEMS = (uint32_t)n;
    ck_assert_uint_eq(nmd_need_stce_a(&b), nm_layout_a_need(&L, I, kp));
    ck_assert_uint_eq(nmd_need_stce_b(&b), nm_layout_b_need(&L, G, J));
    ck_assert_uint_eq(nmd_need_stce_c(&b), nm_layout_c_need(&L, I, J));
    ck_assert_uint_eq(nmd_need_sore(&b), nm_layout_sore_need(&L, n));
    ck_assert_uint_eq(nmd_need_wuve(&b), nm_layout_wuve_need(&L, n));
  }
  /* Geometry: nm_config.h's regions. */
  ck_assert_uint_eq(nmd_region_banks(NM_REGION_STCE_B), NM_REGION_STCE_B_BANKS);
  ck_assert_uint_eq(nmd_region_subwords(NM_REGION_STCE_B), (NM_REGION_STCE_B_BITS + 31) / 32);
  ck_assert_uint_eq(nmd_region_bits(NM_REGION_COUNT + 1), 0);
  printf("%s: %zu layout places equal nm_layout's\n", NM_NAME, checked);
}
END_TEST

/* Builders and decoders are inverse; a value too wide is refused, nothing packed. */
START_TEST(builders_pack_decode_and_refuse_wide_values) {
  nmd_gemm_args g = {3, 5, 8, 2, 4, 1, 1, 0, 1, 7, 9, 11, 13}, back;
  nmd_cmd c, keep;
  ck_assert_int_eq(nmd_gemm(&c, &g), NMD_OK);
  ck_assert_uint_eq(c.op, NM_OP_GEMM);
  ck_assert_uint_eq(c.arg[NM_GEMM_I_ARG], NM_FIELD(NM_GEMM_I, 3) | NM_FIELD(NM_GEMM_J, 5));
  nmd_gemm_decode(&c, &back);
  ck_assert(!memcmp(&g, &back, sizeof g));
  memset(&c, 0xA5, sizeof c), keep = c;
  g.i = 1u << NM_GEMM_I_WIDTH;
  ck_assert_int_eq(nmd_gemm(&c, &g), NMD_E_RANGE);
  ck_assert(!memcmp(&c, &keep, sizeof c));
  nmd_update_args u = {1, 1u << NM_UPDATE_ELEMS_WIDTH, 1, 0};
  ck_assert_int_eq(nmd_update(&c, &u), NMD_E_RANGE);
  nmd_ant_args a = {2, 3, 4, 5, 1, 1, 0, 1, 1, 2, 3}, ab;
  ck_assert_int_eq(nmd_ant(&c, &a), NMD_OK);
  nmd_ant_decode(&c, &ab);
  ck_assert(!memcmp(&a, &ab, sizeof a));
  nmd_prune_args p = {4, 2, 1, 2}, pb;
  ck_assert_int_eq(nmd_prune(&c, &p), NMD_OK);
  nmd_prune_decode(&c, &pb);
  ck_assert(!memcmp(&p, &pb, sizeof p));
}
END_TEST

/* ==== identity ============================================================================== */

/* A transport that changes one register's value on the way: another configuration. */
typedef struct lie {
  vt *inner;
  uint32_t addr, flip;
} lie;

static int lie_read32(void *ctx, uint32_t addr, uint32_t *data) {
  lie *l = ctx;
  int rc = vt_read32(l->inner, addr, data);
  if (addr == l->addr) *data ^= l->flip;
  return rc;
}

START_TEST(open_accepts_this_configuration_only) {
  fix *f = fix_open(1, 0);
  static const struct { uint32_t addr, flip; } lies[] = {
      {NM_REG_ID, 1u}, {NM_REG_VERSION, 1u}, {NM_REG_CFG_ARRAY, NM_FIELD(NM_CFG_ARRAY_R, 1)},
      {NM_REG_CFG_ARRAY, NM_FIELD(NM_CFG_ARRAY_C, 2)}, {NM_REG_CFG_ARRAY, NM_FIELD(NM_CFG_ARRAY_MMAX, 1)}};
  for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++) {
    lie l = {&f->v, lies[i].addr, lies[i].flip};
    nmd_transport t = {&l, lie_read32, vt_write32, NULL, NULL};
    nmd_dev d;
    int rc = nmd_open(&d, &t);
    ck_assert_msg(rc == NMD_E_IDENT, "%s: register 0x%03x ^ 0x%x: nmd_open %s", NM_NAME, lies[i].addr,
                  lies[i].flip, nmd_rc_name(rc));
  }
  fix_close(f);
}
END_TEST

/* ==== GEMM ================================================================================== */

typedef struct gemm {
  nm_gemm_cmd g;
  uint32_t abase, bbase, cinbase, cbase;
  uint16_t *aval, *b;
  uint8_t *aidx;
  uint32_t *cin;
} gemm;

/* Does the GEMM fit the buffers (C and C_in side by side)?  The sizes by nmd_need_*. */
static int gemm_fits(const nm_gemm_cmd *g, uint32_t *na, uint32_t *nb, uint32_t *nc) {
  nmd_idx x = {0};
  x.I = (uint32_t)g->I, x.J = (uint32_t)g->J, x.KP = (uint32_t)nm_gemm_kp(g), x.G = (uint32_t)(g->K / g->M);
  *na = nmd_need_stce_a(&x), *nb = nmd_need_stce_b(&x), *nc = nmd_need_stce_c(&x);
  return *na <= NM_ABUF_DEPTH && *nb <= NM_BBUF_DEPTH && 2 * *nc <= NM_CBUF_DEPTH;
}

/* Random operands of pattern N:M (N = 0: dense) and sizes that fit; big:
** the most MACs that fit (a long command), at base 0. */
static void gemm_make(fix *f, int N, int M, int ws, int big, gemm *c) {
  nm_rng *r = &f->r;
  uint32_t na, nb, nc;
  memset(c, 0, sizeof *c);
  c->g.a_sparse = N != 0, c->g.M = M, c->g.N = N ? N : M, c->g.ws = ws;
  c->g.init_cin = (int)nm_rng_below(r, 2), c->g.out16 = (int)nm_rng_below(r, 2);
  if (big) {
    long best = 0;
    nm_gemm_cmd t = c->g;
    for (t.I = 1; t.I <= 64; t.I++)
      for (t.J = 1; t.J <= 64; t.J++)
        for (t.K = M; t.K <= 64 * M; t.K += M)
          if ((long)t.I * t.J * t.K > best && gemm_fits(&t, &na, &nb, &nc))
            best = (long)t.I * t.J * t.K, c->g.I = t.I, c->g.J = t.J, c->g.K = t.K;
  } else {
    c->g.K = M * (1 + (int)nm_rng_below(r, 4));
    c->g.I = 1 + (int)nm_rng_below(r, 2 * NM_ROWS + 2);
    c->g.J = 1 + (int)nm_rng_below(r, 2 * NM_COLS + 2);
    while (!gemm_fits(&c->g, &na, &nb, &nc)) {
      if (c->g.I > 1) c->g.I = (c->g.I + 1) / 2;
      else if (c->g.J > 1) c->g.J = (c->g.J + 1) / 2;
      else c->g.K -= M;
    }
  }
  ck_assert(gemm_fits(&c->g, &na, &nb, &nc));
  c->abase = big ? 0 : nm_rng_below(r, NM_ABUF_DEPTH - na + 1);
  c->bbase = big ? 0 : nm_rng_below(r, NM_BBUF_DEPTH - nb + 1);
  c->cbase = big ? 0 : nm_rng_below(r, NM_CBUF_DEPTH - 2 * nc + 1);
  c->cinbase = nm_rng_below(r, 2) ? c->cbase : c->cbase + nc;
  int I = c->g.I, J = c->g.J, K = c->g.K, kp = nm_gemm_kp(&c->g);
  c->aval = malloc((size_t)(I * kp) * 2), c->aidx = calloc((size_t)(I * kp), 1);
  c->b = malloc((size_t)(K * J) * 2), c->cin = malloc((size_t)(I * J) * 4);
  ck_assert(c->aval && c->aidx && c->b && c->cin);
  for (int q = 0; q < I * kp; q++) c->aval[q] = rand16(r);
  if (c->g.a_sparse)
    for (int i = 0; i < I; i++)
      for (int g = 0; g < K / M; g++)
        for (int n = 0, e = 0; n < c->g.N; e++)
          if ((int)nm_rng_below(r, (uint32_t)(M - e)) < c->g.N - n) c->aidx[i * kp + g * c->g.N + n++] = (uint8_t)e;
  for (int q = 0; q < K * J; q++) c->b[q] = rand16(r);
  for (int q = 0; q < I * J; q++) c->cin[q] = nm_rng_u32(r) & 0xBFFFFFFFu;  /* finite-ish */
}

static void gemm_free(gemm *c) { free(c->aval), free(c->aidx), free(c->b), free(c->cin); }

/* Operands through the driver: A' and B words packed whole, C_in one field each. */
static void gemm_load(fix *f, const gemm *c) {
  int kp = nm_gemm_kp(&c->g), M = c->g.M, G = c->g.K / M;
  uint32_t w[NMD_WORD_SUBS];
  nmd_idx x = {0};
  nmd_loc l;
  x.KP = (uint32_t)kp, x.G = (uint32_t)G, x.J = (uint32_t)c->g.J;
  x.base = c->abase;
  for (x.i = 0; x.i < (uint32_t)c->g.I; x.i++)
    for (x.k = 0; x.k < (uint32_t)kp; x.k++) {
      memset(w, 0, sizeof w);
      l = nmd_loc_stce_a_val(&x);
      nmd_word_set(w, l, c->aval[x.i * (uint32_t)kp + x.k]);
      if (c->g.a_sparse) nmd_word_set(w, nmd_loc_stce_a_idx(&x), c->aidx[x.i * (uint32_t)kp + x.k]);
      OK(nmd_win_write(&f->d, l.region, l.bank, l.word, w));
    }
  x.base = c->bbase;
  for (x.j = 0; x.j < (uint32_t)c->g.J; x.j++)
    for (x.g = 0; x.g < (uint32_t)G; x.g++) {
      memset(w, 0, sizeof w);
      for (x.e = 0; x.e < (uint32_t)M; x.e++)
        nmd_word_set(w, l = nmd_loc_stce_b_lane(&x), c->b[(x.g * (uint32_t)M + x.e) * (uint32_t)c->g.J + x.j]);
      OK(nmd_win_write(&f->d, l.region, l.bank, l.word, w));
    }
  if (c->g.init_cin) {
    x.base = c->cinbase;
    for (x.i = 0; x.i < (uint32_t)c->g.I; x.i++)
      for (x.j = 0; x.j < (uint32_t)c->g.J; x.j++)
        OK(nmd_put(&f->d, nmd_loc_stce_c_f32(&x), c->cin[x.i * (uint32_t)c->g.J + x.j]));
  }
}

static nmd_cmd gemm_cmd(const gemm *c) {
  nmd_gemm_args a = {(uint32_t)c->g.I, (uint32_t)c->g.J, (uint32_t)c->g.K,
                     (uint32_t)(c->g.a_sparse ? c->g.N : c->g.M), (uint32_t)c->g.M, (uint32_t)c->g.ws,
                     (uint32_t)c->g.a_sparse, (uint32_t)c->g.init_cin, (uint32_t)c->g.out16,
                     c->abase, c->bbase, c->cinbase, c->cbase};
  nmd_cmd cmd;
  ck_assert_int_eq(nmd_gemm(&cmd, &a), NMD_OK);
  return cmd;
}

/* Every C element read through the driver against nm_gemm_ref. */
static void gemm_check(fix *f, const gemm *c, const char *what) {
  size_t n = (size_t)c->g.I * (size_t)c->g.J, bad = 0;
  uint32_t *exp = malloc(n * 4);
  ck_assert(exp);
  nm_gemm_ref(&c->g, c->aval, c->g.a_sparse ? c->aidx : NULL, c->b, c->cin, exp);
  nmd_idx x = {0};
  x.J = (uint32_t)c->g.J, x.base = c->cbase;
  for (x.i = 0; x.i < (uint32_t)c->g.I; x.i++)
    for (x.j = 0; x.j < (uint32_t)c->g.J; x.j++) {
      uint32_t got, want = exp[x.i * x.J + x.j];
      OK(nmd_get(&f->d, c->g.out16 ? nmd_loc_stce_c_f16(&x) : nmd_loc_stce_c_f32(&x), &got));
      if (got != want && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH %s C[%u][%u]: expected 0x%08x got 0x%08x\n", what, x.i, x.j, want, got);
    }
  if (bad) {
    rerun();
    fprintf(stderr, "    GEMM %s I=%d J=%d K=%d %d:%d %s cin=%d out16=%d abase=%u bbase=%u cinbase=%u cbase=%u\n",
            c->g.ws ? "WS" : "OS", c->g.I, c->g.J, c->g.K, c->g.N, c->g.M, c->g.a_sparse ? "sparse" : "dense",
            c->g.init_cin, c->g.out16, c->abase, c->bbase, c->cinbase, c->cbase);
  }
  ck_assert_msg(bad == 0, "%s: %s: %zu of %zu C elements differ from nm_gemm_ref", NM_NAME, what, bad, n);
  free(exp);
}

static const int kNM[][2] = {{1, 2}, {2, 4}, {1, 4}, {3, 4}, {2, 8}, {1, 8}, {4, 16}, {0, 4}, {0, 2}};

START_TEST(gemm_every_nm_and_dataflow_matches_model) {
  fix *f = fix_open(2, 0);
  size_t ran = 0;
  for (size_t p = 0; p < sizeof kNM / sizeof kNM[0]; p++) {
    if (kNM[p][1] > NM_MMAX) continue;
    for (int ws = 0; ws < 2; ws++) {
      if (ws ? NM_DATAFLOW == NM_DATAFLOW_OS : NM_DATAFLOW == NM_DATAFLOW_WS) continue;
      gemm c;
      gemm_make(f, kNM[p][0], kNM[p][1], ws, 0, &c);
      gemm_load(f, &c);
      nmd_cmd cmd = gemm_cmd(&c);
      nmd_result r = run_ok(f, &cmd, "GEMM", nm_top_gemm_cycles(&f->hw, &c.g, 0));
      ck_assert_uint_eq(r.engine_cycles, nm_stce_cycles(&f->hw.stce, &c.g, 0));
      gemm_check(f, &c, "GEMM");
      gemm_free(&c);
      ran++;
    }
  }
  printf("%s: %zu GEMM commands through the driver\n", NM_NAME, ran);
  fix_close(f);
}
END_TEST

/* ==== PRUNE ================================================================================= */

START_TEST(prune_matches_model) {
  fix *f = fix_open(3, 0);
  size_t ran = 0;
  for (int rep = 0; rep < 6; rep++) {
    uint32_t m = 1 + nm_rng_below(&f->r, NM_MMAX), n = 1 + nm_rng_below(&f->r, m);
    nmd_idx x = {0};
    x.GROUPS = 1 + nm_rng_below(&f->r, 6 * NM_SORE_LANES);
    uint32_t beats = nmd_need_sore(&x), groups = beats * NM_SORE_LANES;  /* whole beats */
    x.base = nm_rng_below(&f->r, NM_SORE_BUF_DEPTH - beats + 1);
    uint16_t *in = malloc((size_t)groups * NM_MMAX * 2);
    ck_assert(in);
    uint32_t w[NMD_WORD_SUBS];
    nmd_loc l;
    for (x.g = 0; x.g < groups; x.g++) {
      memset(w, 0, sizeof w);
      for (x.e = 0; x.e < NM_MMAX; x.e++) {  /* lanes >= M: junk the engine ignores */
        in[x.g * NM_MMAX + x.e] = rand16(&f->r);
        nmd_word_set(w, l = nmd_loc_sore_in_lane(&x), in[x.g * NM_MMAX + x.e]);
      }
      OK(nmd_win_write(&f->d, l.region, l.bank, l.word, w));
    }
    nmd_prune_args a = {beats, x.base, n, m};
    nmd_cmd cmd;
    ck_assert_int_eq(nmd_prune(&cmd, &a), NMD_OK);
    run_ok(f, &cmd, "PRUNE", nm_top_prune_cycles(&f->hw, beats, (int)n, (int)m, 0));
    size_t bad = 0;
    for (x.g = 0; x.g < groups; x.g++) {
      uint16_t kv[16];
      uint8_t ki[16];
      uint32_t mk = 0, vw[NMD_WORD_SUBS], iw[NMD_WORD_SUBS], got_mask;
      ck_assert(nm_sore_group(&in[x.g * NM_MMAX], (int)n, (int)m, kv, ki, &mk) == 0);
      x.k = 0;
      l = nmd_loc_sore_val_slot(&x);
      OK(nmd_win_read(&f->d, l.region, l.bank, l.word, vw));
      l = nmd_loc_sore_idx_slot(&x);
      OK(nmd_win_read(&f->d, l.region, l.bank, l.word, iw));
      x.e = 0;
      l = nmd_loc_sore_mask_bit(&x);
      l.width = NM_MMAX;  /* the whole mask word: bit e is element e */
      OK(nmd_get(&f->d, l, &got_mask));
      if (got_mask != mk && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH PRUNE group %u mask: expected 0x%x got 0x%x\n", x.g, mk, got_mask);
      for (x.k = 0; x.k < NM_MMAX; x.k++) {
        uint32_t v = nmd_word_get(vw, nmd_loc_sore_val_slot(&x)), i = nmd_word_get(iw, nmd_loc_sore_idx_slot(&x));
        uint32_t ev = x.k < n ? kv[x.k] : 0, ei = x.k < n ? ki[x.k] : 0;  /* slots >= N read 0 */
        if ((v != ev || i != ei) && bad++ < MAX_REPORT)
          fprintf(stderr, "MISMATCH PRUNE %u:%u group %u slot %u: expected (0x%04x, %u) got (0x%04x, %u)\n",
                  n, m, x.g, x.k, ev, ei, v, i);
      }
    }
    if (bad) rerun();
    ck_assert_msg(bad == 0, "%s: PRUNE %u:%u beats %u base %u: %zu differences from nm_sore_group",
                  NM_NAME, n, m, beats, x.base, bad);
    free(in);
    ran++;
  }
  printf("%s: %zu PRUNE commands through the driver\n", NM_NAME, ran);
  fix_close(f);
}
END_TEST

/* ==== UPDATE ================================================================================ */

/* n elements from base; returns found_inf after one command of mode (clear). */
static int upd_run(fix *f, const nm_wuve_hp *hp, uint32_t base, uint32_t n, uint32_t mode, int found,
                   int plant_inf) {
  uint32_t *w = malloc(n * 4), *v = malloc(n * 4);
  uint16_t *g = malloc(n * 2), *h = malloc(n * 2);
  uint8_t *mk = malloc(n);
  ck_assert(w && v && g && h && mk);
  nmd_idx x = {0};
  x.base = base;
  for (x.e = 0; x.e < n; x.e++) {
    uint32_t gw[NMD_WORD_SUBS] = {0};
    w[x.e] = f2u((float)(nm_rng_unit(&f->r) - 0.5)), v[x.e] = f2u((float)(nm_rng_unit(&f->r) - 0.5) * 0.1f);
    g[x.e] = rand16(&f->r) & 0xFBFFu, h[x.e] = (uint16_t)nm_rng_u32(&f->r), mk[x.e] = (uint8_t)nm_rng_below(&f->r, 2);
    if (plant_inf && x.e == n / 2) g[x.e] = 0x7C00;
    OK(nmd_put(&f->d, nmd_loc_wuve_w_elem(&x), w[x.e]));
    OK(nmd_put(&f->d, nmd_loc_wuve_v_elem(&x), v[x.e]));
    nmd_loc l = nmd_loc_wuve_g_dw(&x);
    nmd_word_set(gw, l, g[x.e]);
    nmd_word_set(gw, nmd_loc_wuve_g_mask(&x), mk[x.e]);
    OK(nmd_win_write(&f->d, l.region, l.bank, l.word, gw));
    OK(nmd_put(&f->d, nmd_loc_wuve_w16_elem(&x), h[x.e]));
  }
  /* The model, beat by beat as nm_top_update does: found_inf of a beat
  ** stops update-unless-found_inf from that beat on. */
  uint32_t *ew = malloc(n * 4), *ev = malloc(n * 4), *eh = malloc(n * 4);
  ck_assert(ew && ev && eh);
  found = 0;  /* every command here clears */
  for (uint32_t b = 0; b * NM_WUVE_LANES < n; b++) {
    int bad = 0;
    nm_wuve_out o[64];
    for (uint32_t q = b * NM_WUVE_LANES; q < n && q < (b + 1) * NM_WUVE_LANES; q++) {
      o[q - b * NM_WUVE_LANES] = nm_wuve_elem(hp, w[q], v[q], g[q], mk[q]);
      bad |= o[q - b * NM_WUVE_LANES].g0_bad;
    }
    found |= bad;
    int write = mode == NM_WUVE_UPDATE || (mode == NM_WUVE_UPDATE_UNLESS_INF && !found);
    for (uint32_t q = b * NM_WUVE_LANES; q < n && q < (b + 1) * NM_WUVE_LANES; q++) {
      ew[q] = write ? o[q - b * NM_WUVE_LANES].w : w[q];
      ev[q] = write ? o[q - b * NM_WUVE_LANES].v : v[q];
      eh[q] = write ? o[q - b * NM_WUVE_LANES].w16 : h[q];
    }
  }
  nmd_update_args a = {base, n, mode, 1};
  nmd_cmd cmd;
  ck_assert_int_eq(nmd_update(&cmd, &a), NMD_OK);
  nmd_result r = run_ok(f, &cmd, "UPDATE", nm_top_update_cycles(&f->hw, n, (int)mode, 0));
  size_t bad = 0;
  for (x.e = 0; x.e < n; x.e++) {
    uint32_t gw, gv, gh;
    OK(nmd_get(&f->d, nmd_loc_wuve_w_elem(&x), &gw));
    OK(nmd_get(&f->d, nmd_loc_wuve_v_elem(&x), &gv));
    OK(nmd_get(&f->d, nmd_loc_wuve_w16_elem(&x), &gh));
    if ((gw != ew[x.e] || gv != ev[x.e] || gh != eh[x.e]) && bad++ < MAX_REPORT)
      fprintf(stderr, "MISMATCH UPDATE mode %u element %u: expected (0x%08x, 0x%08x, 0x%04x) got (0x%08x, 0x%08x, 0x%04x)\n",
              mode, x.e, ew[x.e], ev[x.e], eh[x.e], gw, gv, gh);
  }
  if (bad || (int)nmd_status_found_inf(r.status) != found) rerun();
  ck_assert_msg(bad == 0, "%s: UPDATE mode %u n %u: %zu elements differ from nm_wuve_elem", NM_NAME, mode, n, bad);
  ck_assert_msg((int)nmd_status_found_inf(r.status) == found, "%s: STATUS.FOUND_INF %u, model %d", NM_NAME,
                nmd_status_found_inf(r.status), found);
  free(w), free(v), free(g), free(h), free(mk), free(ew), free(ev), free(eh);
  return found;
}

START_TEST(update_modes_and_found_inf_match_model) {
  fix *f = fix_open(4, 0);
  nm_wuve_hp hp = {f2u(0.5f), f2u(0.05f), f2u(0.9f), f2u(1e-4f), f2u(2e-4f)};
  /* The hyperparameters through the generated register accessors. */
  OK(nmd_write_wuve_inv_scale(&f->d, hp.inv_scale));
  OK(nmd_write_wuve_lr(&f->d, hp.lr));
  OK(nmd_write_wuve_mu(&f->d, hp.mu));
  OK(nmd_write_wuve_wd(&f->d, hp.wd));
  OK(nmd_write_wuve_srste(&f->d, hp.srste));
  uint32_t back;
  OK(nmd_read_wuve_lr(&f->d, &back));
  ck_assert_uint_eq(back, hp.lr);
  uint32_t n = 5 + nm_rng_below(&f->r, 20), base = nm_rng_below(&f->r, 8);
  ck_assert_int_eq(upd_run(f, &hp, base, n, NM_WUVE_UPDATE, 0, 0), 0);
  ck_assert_int_eq(upd_run(f, &hp, base, n, NM_WUVE_CHECK, 0, 1), 1);
  ck_assert_int_eq(upd_run(f, &hp, base + 1, n, NM_WUVE_UPDATE_UNLESS_INF, 0, 1), 1);
  ck_assert_int_eq(upd_run(f, &hp, base + 2, n, NM_WUVE_UPDATE_UNLESS_INF, 0, 0), 0);
  fix_close(f);
}
END_TEST

/* ==== ANT =================================================================================== */

/* A CSR plane at element base 0 of engine eng through the driver's row-table
** and element fields. */
static void ant_load(fix *f, int eng, const nm_ant_plane *p, int kernel) {
  nmd_idx x = {0};
  x.p = (uint32_t)eng;
  for (x.y = 0; x.y < (uint32_t)p->rows; x.y++) {
    uint32_t w[NMD_WORD_SUBS] = {0};
    nmd_loc s = kernel ? nmd_loc_ant_krow_start(&x) : nmd_loc_ant_irow_start(&x);
    nmd_word_set(w, s, p->rowptr[x.y]);  /* absolute element addresses: base 0 + rowptr */
    nmd_word_set(w, kernel ? nmd_loc_ant_krow_end(&x) : nmd_loc_ant_irow_end(&x), p->rowptr[x.y + 1]);
    OK(nmd_win_write(&f->d, s.region, s.bank, s.word, w));
  }
  for (x.n = 0; x.n < p->nnz; x.n++) {
    uint32_t w[NMD_WORD_SUBS] = {0};
    nmd_loc v = kernel ? nmd_loc_ant_kelem_val(&x) : nmd_loc_ant_ielem_val(&x);
    nmd_word_set(w, v, p->elem[x.n].val);
    nmd_word_set(w, kernel ? nmd_loc_ant_kelem_coord(&x) : nmd_loc_ant_ielem_coord(&x), p->elem[x.n].coord);
    OK(nmd_win_write(&f->d, v.region, v.bank, v.word, w));
  }
}

START_TEST(ant_matches_model_with_counters) {
  fix *f = fix_open(5, 0);
  size_t ran = 0;
  for (int rep = 0; rep < 6; rep++) {
    int k = 1 + (int)nm_rng_below(&f->r, 3), st = 1 + (int)nm_rng_below(&f->r, 2), pad = (int)nm_rng_below(&f->r, 2);
    int h = k + (int)nm_rng_below(&f->r, 6), wd = k + (int)nm_rng_below(&f->r, 6);
    nm_ant_cmd c = {rep % 2, (h + 2 * pad - k) / st + 1, (wd + 2 * pad - k) / st + 1, st, 1, pad, NM_ANT_N};
    nm_ant_plane img, ker;
    ck_assert(!nm_ant_plane_random(&img, h, wd, 0.3 + 0.5 * nm_rng_unit(&f->r), NM_ANT_V_WIDE, &f->r));
    ck_assert(!nm_ant_plane_random(&ker, k, k, 0.6, NM_ANT_V_WIDE, &f->r));
    for (int e = 0; e < NM_ANT_ENGINES; e++)  /* every engine the same pair */
      ant_load(f, e, &img, 0), ant_load(f, e, &ker, 1);
    nmd_ant_args a = {(uint32_t)h, (uint32_t)k, (uint32_t)c.hout, (uint32_t)c.wout, (uint32_t)st, 1,
                      (uint32_t)pad, (uint32_t)(c.mode == NM_ANT_MODE_SCNN), 1, 0, 0};
    nmd_cmd cmd;
    ck_assert_int_eq(nmd_ant(&cmd, &a), NMD_OK);
    nmd_result r = run_ok(f, &cmd, "ANT", 0);
    ck_assert_uint_eq(r.last_cycles, r.engine_cycles + nm_top_ant_overhead(&f->hw));
    size_t no = (size_t)c.hout * (size_t)c.wout, bad = 0;
    nm_ant_acc *acc = calloc(no, sizeof *acc);
    ck_assert(acc);
    nm_ant_csr ci = nm_ant_plane_csr(&img), ck = nm_ant_plane_csr(&ker);
    nm_ant_accumulate(&c, NM_ANT_ACC_BITS, &ci, &ck, acc);
    nm_ant_counts m;
    nm_ant_count(&c, &ci, &ck, &m);
    nmd_idx x = {0};
    x.WOUT = (uint32_t)c.wout;
    for (x.p = 0; x.p < NM_ANT_ENGINES; x.p++)
    for (x.oy = 0; x.oy < (uint32_t)c.hout; x.oy++)
      for (x.ox = 0; x.ox < (uint32_t)c.wout; x.ox++) {
        const nm_ant_acc *q = &acc[x.oy * x.WOUT + x.ox];
        uint32_t got[3], exp[3] = {nm_ant_readout(q, 0), nm_ant_readout(q, 1),
                                   (uint32_t)(q->ovf << 3 | q->nan << 2 | q->ninf << 1 | q->pinf)};
        OK(nmd_get(&f->d, nmd_loc_ant_out32_elem(&x), &got[0]));
        OK(nmd_get(&f->d, nmd_loc_ant_out16_elem(&x), &got[1]));
        OK(nmd_get(&f->d, nmd_loc_ant_flags_elem(&x), &got[2]));
        for (int t = 0; t < 3; t++)
          if (got[t] != exp[t] && bad++ < MAX_REPORT)
            fprintf(stderr, "MISMATCH ANT#%d engine %u out %d [%u][%u]: expected 0x%08x got 0x%08x\n", rep, x.p,
                    t, x.oy, x.ox, exp[t], got[t]);
      }
    nmd_ant_counts hc;
    OK(nmd_read_ant_counts(&f->d, &hc));
    /* the engines' sums */
    m.pairs *= NM_ANT_ENGINES, m.products *= NM_ANT_ENGINES, m.rcps *= NM_ANT_ENGINES;
    m.skipped *= NM_ANT_ENGINES;
    if ((hc.pairs != m.pairs || hc.prods != m.products || hc.rcps != m.rcps || hc.skipped != m.skipped) &&
        bad++ < MAX_REPORT)
      fprintf(stderr, "MISMATCH ANT#%d counters: expected %llu %llu %llu %llu got %u %u %u %u\n", rep,
              (unsigned long long)m.pairs, (unsigned long long)m.products, (unsigned long long)m.rcps,
              (unsigned long long)m.skipped, hc.pairs, hc.prods, hc.rcps, hc.skipped);
    if (bad) rerun();
    ck_assert_msg(bad == 0, "%s: ANT#%d (%dx%d k%d st%d pad%d %s): %zu differences from the model", NM_NAME,
                  rep, h, wd, k, st, pad, c.mode ? "scnn" : "ant", bad);
    free(acc);
    nm_ant_plane_free(&img), nm_ant_plane_free(&ker);
    ran++;
  }
  printf("%s: %zu ANT commands through the driver\n", NM_NAME, ran);
  fix_close(f);
}
END_TEST

/* ==== errors ================================================================================ */

START_TEST(errors_are_decoded_to_their_names) {
  fix *f = fix_open(6, 0);
  nmd_cmd cmd;
  nmd_result r;
  /* Every hardware code has its regmap name. */
  static const struct { uint32_t code; const char *name; } names[] = {
      {0, "OK"}, {NM_ERR_NM, "NM"}, {NM_ERR_MMAX, "MMAX"}, {NM_ERR_KMOD, "KMOD"}, {NM_ERR_SIZE, "SIZE"},
      {NM_ERR_DF, "DF"}, {NM_ERR_MODE, "MODE"}, {NM_ERR_CLR, "CLR"}, {NM_ERR_BUSY, "BUSY"}, {NM_ERR_OP, "OP"},
      {15, "?"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    ck_assert_str_eq(nmd_err_name(names[i].code), names[i].name);
  ck_assert(!strncmp(nmd_err_text(NM_ERR_MODE), "UPDATE: mode 3", 14));
  ck_assert_str_eq(nmd_op_name(NM_OP_PRUNE), "PRUNE");
  /* A GEMM with N > M ends with STATUS.ERR = NM, touching nothing. */
  nmd_gemm_args g = {1, 1, 2, 3, 2, NM_DATAFLOW == NM_DATAFLOW_WS, 1, 0, 0, 0, 0, 0, 0};
  ck_assert_int_eq(nmd_gemm(&cmd, &g), NMD_OK);
  int rc = nmd_run(&f->d, &cmd, BUDGET, &r);
  ck_assert_msg(rc == NMD_E_CMD && r.err == NM_ERR_NM, "%s: bad GEMM: %s err %u", NM_NAME, nmd_rc_name(rc), r.err);
  ck_assert_str_eq(nmd_rc_name(rc), "CMD");
  ck_assert_str_eq(nmd_err_name(r.err), "NM");
  /* UPDATE mode 3: MODE. */
  nmd_update_args u = {0, 4, 3, 1};
  ck_assert_int_eq(nmd_update(&cmd, &u), NMD_OK);
  rc = nmd_run(&f->d, &cmd, BUDGET, &r);
  ck_assert_msg(rc == NMD_E_CMD && !strcmp(nmd_err_name(r.err), "MODE"), "%s: UPDATE mode 3: %s %s", NM_NAME,
                nmd_rc_name(rc), nmd_err_name(r.err));
  /* An unknown op is refused: OP. */
  cmd.op = 0;
  rc = nmd_submit(&f->d, &cmd);
  ck_assert_msg(rc == NMD_E_REFUSED && f->d.refuse == NM_ERR_OP, "%s: op 0: %s refuse %u", NM_NAME,
                nmd_rc_name(rc), f->d.refuse);
  ck_assert_str_eq(nmd_err_name(f->d.refuse), "OP");
  /* CMD while busy is refused (BUSY); the running command still completes right. */
  gemm c;
  gemm_make(f, 0, 2, NM_DATAFLOW == NM_DATAFLOW_WS, 1, &c);
  gemm_load(f, &c);
  cmd = gemm_cmd(&c);
  OK(nmd_submit(&f->d, &cmd));
  rc = nmd_submit(&f->d, &cmd);
  ck_assert_msg(rc == NMD_E_REFUSED && f->d.refuse == NM_ERR_BUSY, "%s: CMD while busy: %s refuse %u", NM_NAME,
                nmd_rc_name(rc), f->d.refuse);
  ck_assert_str_eq(nmd_err_name(f->d.refuse), "BUSY");
  /* Per channel: the XFER channel is idle beside the GEMM, the compute one
  ** ends with the GEMM's op and cycles; an unknown channel is NMD_E_RANGE. */
  OK(nmd_wait_channel(&f->d, NMD_CH_XFER, 1, &r));
  ck_assert_uint_eq(r.op, NM_OP_XFER);
  ck_assert_int_eq(nmd_wait_channel(&f->d, 2, BUDGET, &r), NMD_E_RANGE);
  OK(nmd_wait_channel(&f->d, NMD_CH_COMPUTE, BUDGET, &r));
  ck_assert_uint_eq(r.op, NM_OP_GEMM);
  ck_assert_uint_eq(r.last_cycles, nm_top_gemm_cycles(&f->hw, &c.g, 0));
  OK(nmd_wait(&f->d, BUDGET, &r));
  ck_assert_uint_eq(r.last_cycles, nm_top_gemm_cycles(&f->hw, &c.g, 0));
  gemm_check(f, &c, "GEMM after a busy refusal");
  gemm_free(&c);
  /* Outside a window: NMD_E_RANGE, nothing on the bus. */
  uint64_t tx = f->v.reads + f->v.writes;
  uint32_t w[NMD_WORD_SUBS] = {0};
  ck_assert_int_eq(nmd_win_write(&f->d, NM_REGION_STCE_A, NM_REGION_STCE_A_BANKS, 0, w), NMD_E_RANGE);
  ck_assert_int_eq(nmd_win_read(&f->d, NM_REGION_STCE_C, 0, NM_REGION_STCE_C_DEPTH, w), NMD_E_RANGE);
  ck_assert_int_eq(nmd_win_read(&f->d, NM_REGION_COUNT + 1, 0, 0, w), NMD_E_RANGE);
  ck_assert_uint_eq(f->v.reads + f->v.writes, tx);
  /* SLVERR: a write to a read-only register or region is NMD_E_BUS at its address. */
  ck_assert_int_eq(nmd_reg_write(&f->d, NM_REG_ID, 0), NMD_E_BUS);
  ck_assert_uint_eq(f->d.fail_addr, NM_REG_ID);
  nmd_idx x = {0};
  ck_assert_int_eq(nmd_put(&f->d, nmd_loc_sore_mask_bit(&x), 1), NMD_E_BUS);
  ck_assert_uint_eq(f->d.fail_addr, NM_WIN_ADDR(NM_REGION_SORE_MASK, 0, 0, 0));
  fix_close(f);
}
END_TEST

/* ==== budgets =============================================================================== */

/* Slack past a budget: the last poll (a STATUS and a CYCLE_LO read) and the first CYCLE_LO read. */
#define POLL_SLACK 40u

START_TEST(budget_expires_with_timeout_and_a_later_wait_collects) {
  fix *f = fix_open(7, 0);
  gemm c;
  gemm_make(f, 0, 2, NM_DATAFLOW == NM_DATAFLOW_WS, 1, &c);
  gemm_load(f, &c);
  nmd_cmd cmd = gemm_cmd(&c);
  uint64_t want = nm_top_gemm_cycles(&f->hw, &c.g, 0);
  ck_assert_msg(want > 400, "%s: the long GEMM takes only %llu cycles", NM_NAME, (unsigned long long)want);
  nmd_result r;
  OK(nmd_submit(&f->d, &cmd));
  /* A cycle budget. */
  uint64_t t0 = dut_top_cycles(f->v.d), p0 = f->v.pauses;
  int rc = nmd_wait(&f->d, 100, &r);
  uint64_t took = dut_top_cycles(f->v.d) - t0;
  ck_assert_msg(rc == NMD_E_TIMEOUT, "%s: wait(100 cycles) on a %llu-cycle GEMM: %s", NM_NAME,
                (unsigned long long)want, nmd_rc_name(rc));
  ck_assert_msg(took >= 100 && took <= 100 + POLL_SLACK, "%s: wait(100 cycles) took %llu cycles", NM_NAME,
                (unsigned long long)took);
  ck_assert_msg(nmd_status_busy(r.status) && f->v.pauses > p0, "%s: STATUS 0x%08x, %llu pauses", NM_NAME,
                r.status, (unsigned long long)(f->v.pauses - p0));
  /* A budget of transport ticks (simulated cycles here). */
  t0 = dut_top_cycles(f->v.d);
  rc = nmd_wait_ticks(&f->d, 60, &r);
  took = dut_top_cycles(f->v.d) - t0;
  ck_assert_msg(rc == NMD_E_TIMEOUT && took >= 60 && took <= 60 + POLL_SLACK, "%s: wait_ticks(60): %s after %llu",
                NM_NAME, nmd_rc_name(rc), (unsigned long long)took);
  /* No clock, no tick budget. */
  nmd_transport noclock = f->t;
  noclock.now = NULL;
  nmd_dev d2 = f->d;
  d2.t = &noclock;
  ck_assert_int_eq(nmd_wait_ticks(&d2, 60, &r), NMD_E_NOCLOCK);
  /* Budget 0: one look. */
  ck_assert_int_eq(nmd_wait(&f->d, 0, &r), NMD_E_TIMEOUT);
  /* The command ran on: a later wait collects it, right and on time. */
  OK(nmd_wait(&f->d, BUDGET, &r));
  ck_assert_uint_eq(r.last_cycles, want);
  gemm_check(f, &c, "GEMM collected after timeouts");
  gemm_free(&c);
  fix_close(f);
}
END_TEST

/* A device that never finishes and whose cycle counter is frozen (a dead
** clock, or a transport that reads a stale value): the poll bound ends it. */
typedef struct stuck {
  uint64_t status_reads;
} stuck;

static int stuck_read32(void *ctx, uint32_t addr, uint32_t *data) {
  stuck *s = ctx;
  if (addr == NM_REG_STATUS) s->status_reads++;
  *data = addr == NM_REG_STATUS ? NM_FIELD(NM_STATUS_BUSY, 1) : 0;
  return 0;
}

static int stuck_write32(void *ctx, uint32_t addr, uint32_t data) {
  (void)ctx, (void)addr, (void)data;
  return 0;
}

START_TEST(a_stuck_device_with_a_frozen_counter_times_out) {
  stuck s = {0};
  nmd_transport t = {&s, stuck_read32, stuck_write32, NULL, NULL};
  nmd_dev d = {&t, 0, 0};
  nmd_result r;
  ck_assert_int_eq(nmd_wait(&d, 1000, &r), NMD_E_TIMEOUT);
  ck_assert_msg(s.status_reads <= 1001, "%llu STATUS polls for a budget of 1000", (unsigned long long)s.status_reads);
  ck_assert_int_eq(nmd_open(&d, &t), NMD_E_IDENT);  /* ID reads 0 */
}
END_TEST

/* ==== a wait in two halves (nmsim's way) ===================================================== */

/* nmd_wait_polls reads STATUS only, at most its budget; nmd_collect reads
** STATUS, LAST_CYCLES and ENGINE_CYCLES only after GEMM or ANT, refuses a
** busy device with nothing more read, and decodes an error; nmd_open_ident
** hands back the words it checked. */
START_TEST(polls_and_collect_split_a_wait) {
  fix *f = fix_open(9, 0);
  nmd_ident id;
  nmd_dev d;
  uint64_t r0 = f->v.reads;
  OK(nmd_open_ident(&d, &f->t, &id));
  ck_assert_uint_eq(f->v.reads - r0, 3);
  uint32_t v;
  OK(nmd_read_id(&f->d, &v));
  ck_assert_uint_eq(id.id, v);
  OK(nmd_read_version(&f->d, &v));
  ck_assert_uint_eq(id.version, v);
  OK(nmd_read_cfg_array(&f->d, &v));
  ck_assert_uint_eq(id.cfg_array, v);
  gemm c;
  gemm_make(f, 0, 2, NM_DATAFLOW == NM_DATAFLOW_WS, 1, &c);
  gemm_load(f, &c);
  nmd_cmd cmd = gemm_cmd(&c);
  uint64_t want = nm_top_gemm_cycles(&f->hw, &c.g, 0);
  nmd_result r;
  OK(nmd_submit(&f->d, &cmd));
  /* Busy: collect reads STATUS and stops. */
  r0 = f->v.reads;
  ck_assert_int_eq(nmd_collect(&f->d, &r), NMD_E_TIMEOUT);
  ck_assert_msg(nmd_status_busy(r.status) && f->v.reads - r0 == 1, "%s: collect while busy: STATUS 0x%08x, %llu reads",
                NM_NAME, r.status, (unsigned long long)(f->v.reads - r0));
  /* Three polls of a long GEMM: three STATUS reads, two pauses, then TIMEOUT. */
  uint64_t p0 = f->v.pauses;
  r0 = f->v.reads;
  ck_assert_int_eq(nmd_wait_polls(&f->d, 3), NMD_E_TIMEOUT);
  ck_assert_uint_eq(f->v.reads - r0, 3);
  ck_assert_uint_eq(f->v.pauses - p0, 2);
  ck_assert_int_eq(nmd_wait_polls(&f->d, 0), NMD_E_TIMEOUT);
  OK(nmd_wait_polls(&f->d, BUDGET));
  r0 = f->v.reads;
  OK(nmd_collect(&f->d, &r));
  ck_assert_uint_eq(f->v.reads - r0, 3);  /* STATUS, LAST_CYCLES, ENGINE_CYCLES */
  ck_assert_msg(r.op == NM_OP_GEMM && nmd_status_done(r.status) && r.last_cycles == want &&
                    r.engine_cycles == nm_stce_cycles(&f->hw.stce, &c.g, 0),
                "%s: collect: op %u STATUS 0x%08x LAST %u (model %llu) ENGINE %u", NM_NAME, r.op, r.status,
                r.last_cycles, (unsigned long long)want, r.engine_cycles);
  gemm_check(f, &c, "GEMM collected by polls");
  gemm_free(&c);
  /* PRUNE: no ENGINE_CYCLES read. */
  nmd_prune_args pa = {1, 0, 1, 1};
  ck_assert_int_eq(nmd_prune(&cmd, &pa), NMD_OK);
  OK(nmd_submit(&f->d, &cmd));
  OK(nmd_wait_polls(&f->d, BUDGET));
  r0 = f->v.reads;
  OK(nmd_collect(&f->d, &r));
  ck_assert_msg(f->v.reads - r0 == 2 && r.op == NM_OP_PRUNE && r.engine_cycles == 0 &&
                    r.last_cycles == nm_top_prune_cycles(&f->hw, 1, 1, 1, 0),
                "%s: PRUNE collect: %llu reads, op %u, LAST %u ENGINE %u", NM_NAME,
                (unsigned long long)(f->v.reads - r0), r.op, r.last_cycles, r.engine_cycles);
  /* An error: NMD_E_CMD, decoded. */
  nmd_update_args u = {0, 4, 3, 1};
  ck_assert_int_eq(nmd_update(&cmd, &u), NMD_OK);
  OK(nmd_submit(&f->d, &cmd));
  OK(nmd_wait_polls(&f->d, BUDGET));
  int rc = nmd_collect(&f->d, &r);
  ck_assert_msg(rc == NMD_E_CMD && !strcmp(nmd_err_name(r.err), "MODE"), "%s: UPDATE mode 3 collected: %s %s",
                NM_NAME, nmd_rc_name(rc), nmd_err_name(r.err));
  fix_close(f);
  /* A device that never finishes: exactly the budget of STATUS reads. */
  stuck s = {0};
  nmd_transport t = {&s, stuck_read32, stuck_write32, NULL, NULL};
  nmd_dev ds = {&t, 0, 0};
  ck_assert_int_eq(nmd_wait_polls(&ds, 1000), NMD_E_TIMEOUT);
  ck_assert_uint_eq(s.status_reads, 1000);
}
END_TEST

/* ==== XFER ================================================================================== */

/* nmd_xfer_tensor gives each kind the descriptor tb/tests/dma_pack_desc.c
** (the converters' tests' statement) gives it, on random shapes and bases,
** and NEED = the kind's nmd_need_* bound; ANT_ROWS / ANT_ELEMS (the
** driver's own) place entry r's two fields in word base + r, lanes 0 and 1. */
START_TEST(xfer_tensor_descriptors_equal_dma_pack_desc) {
  static const struct { uint32_t t; dpk_kind k; } kinds[] = {
      {NMD_T_A_VAL, DK_A_VAL}, {NMD_T_A_IDX, DK_A_IDX}, {NMD_T_A_T, DK_A_T}, {NMD_T_B, DK_B},
      {NMD_T_B_T, DK_B_T}, {NMD_T_C32, DK_C32}, {NMD_T_C16, DK_C16}, {NMD_T_W, DK_W}, {NMD_T_V, DK_V},
      {NMD_T_G_DW, DK_G_DW}, {NMD_T_G_MASK, DK_G_MASK}, {NMD_T_W16, DK_W16},
      {NMD_T_SORE_IN, DK_SORE_IN}, {NMD_T_SORE_VAL, DK_SORE_VAL}, {NMD_T_ANT_OUT32, DK_OUT32},
      {NMD_T_ANT_OUT16, DK_OUT16}, {NMD_T_ANT_FLAGS, DK_FLAGS}};
  nm_rng r;
  nmd_xfer_desc x;
  nm_rng_seed(&r, tu_seed() * 37u + 5u);
  ck_assert_uint_eq(sizeof kinds / sizeof kinds[0] + 2, NMD_T_COUNT);
  for (size_t q = 0; q < sizeof kinds / sizeof kinds[0]; q++)
    for (int rep = 0; rep < 200; rep++) {
      dpk_case c = {0};
      c.kind = kinds[q].k, c.cfg = nm_layout_here();
      c.m = 1 + (int)nm_rng_below(&r, NM_MMAX), c.n = 1 + (int)nm_rng_below(&r, (uint32_t)c.m);
      c.rows = 1 + (int)nm_rng_below(&r, 40), c.cols = 1 + (int)nm_rng_below(&r, 40);
      if (c.kind == DK_B) c.rows = c.m * (1 + (int)nm_rng_below(&r, 8));
      if (c.kind == DK_B_T || c.kind == DK_SORE_IN) c.cols = c.m * (1 + (int)nm_rng_below(&r, 8));
      if (c.kind == DK_SORE_VAL) c.cols = c.n * (1 + (int)nm_rng_below(&r, 8));
      /* ANT outputs have no base in their layout line (word oy * WOUT + ox). */
      c.base = c.kind == DK_OUT32 || c.kind == DK_OUT16 || c.kind == DK_FLAGS ? 0u : nm_rng_below(&r, 64);
      dpk_desc d = dpk_desc_of(&c);
      int rc = nmd_xfer_tensor(&x, kinds[q].t, 0, (uint32_t)c.rows, (uint32_t)c.cols, (uint32_t)c.m,
                               (uint32_t)c.n, c.base, 0);
      ck_assert_msg(rc == NMD_OK, "%s: kind %s %dx%d: %s", NM_NAME, dpk_kind_name(c.kind), c.rows, c.cols,
                    nmd_rc_name(rc));
      const unsigned got[14] = {x.a.esz, x.a.nb, x.a.base, x.a.lane0, x.a.epw, x.a.e_wm, x.a.e_skew,
                                x.a.e_wstep, x.a.r_flat, x.a.rpl, x.a.r_wm, x.a.r_skew, x.a.r_wstep, x.a.zfill};
      const unsigned want[14] = {d.esz, d.nb, d.base, d.lane0, d.epw, d.e_wm, d.e_skew,
                                 d.e_wstep, d.r_flat, d.rpl, d.r_wm, d.r_skew, d.r_wstep, d.zfill};
      for (int i = 0; i < 14; i++)
        ck_assert_msg(got[i] == want[i], "%s: kind %s %dx%d m %d n %d: descriptor field %d is %u, dpk_desc_of %u",
                      NM_NAME, dpk_kind_name(c.kind), c.rows, c.cols, c.m, c.n, i, got[i], want[i]);
      ck_assert_uint_eq(nmd_tensor_esz(kinds[q].t), (unsigned)dpk_kind_esz(c.kind));
      ck_assert_uint_eq(x.a.rows, (unsigned)c.rows);
      ck_assert_uint_eq(x.a.row_elems, (unsigned)c.cols);
      /* NEED covers every element's word and no more than the layout's bound. */
      unsigned top = 0;
      for (int i = 0; i < c.rows; i++)
        for (int k = 0; k < c.cols; k++) {
          nm_layout_loc l = dpk_loc(&c, i, k);
          ck_assert_int_eq(l.region, (int)x.a.region);
          if (l.word - c.base + 1 > top) top = l.word - c.base + 1;
        }
      ck_assert_msg(x.a.need >= top, "%s: kind %s %dx%d: NEED %u < %u words used", NM_NAME,
                    dpk_kind_name(c.kind), c.rows, c.cols, x.a.need, top);
    }
  /* Shapes a kind cannot have, and the ANT tables' regions. */
  ck_assert_int_eq(nmd_xfer_tensor(&x, NMD_T_B, 0, 3, 4, 2, 0, 0, 0), NMD_E_RANGE);
  ck_assert_int_eq(nmd_xfer_tensor(&x, NMD_T_W, 0, 0, 4, 0, 0, 0, 0), NMD_E_RANGE);
  ck_assert_int_eq(nmd_xfer_tensor(&x, NMD_T_COUNT, 0, 1, 1, 0, 0, 0, 0), NMD_E_RANGE);
  ck_assert_int_eq(nmd_xfer_tensor(&x, NMD_T_ANT_ROWS, 0, 4, 2, 0, 0, 0, NM_REGION_ANT_IELEM), NMD_E_RANGE);
  ck_assert_int_eq(nmd_xfer_tensor(&x, NMD_T_ANT_ELEMS, 0, 4, 3, 0, 0, 0, NM_REGION_ANT_KELEM), NMD_E_RANGE);
  OKX(nmd_xfer_tensor(&x, NMD_T_ANT_ELEMS, 0, 5, 2, 0, 0, 7, NM_REGION_ANT_KELEM));
  ck_assert(x.a.region == NM_REGION_ANT_KELEM && x.a.nb == 1 && x.a.epw == 2 && x.a.e_wm == 1 &&
            x.a.r_flat == 1 && x.a.esz == 1 && x.a.base == 7 && x.a.need == 5);
  /* Every ANT engine at once: DRAM row e into bank e (rows step banks, NB =
  ** engines), a row's runs step words from base, NEED = one engine's words. */
  for (uint32_t e = 1; e <= NM_REGION_ANT_IROW_BANKS; e++) {
    OKX(nmd_xfer_ant_engines(&x, NMD_T_ANT_ELEMS, 0, e, 10, 3, NM_REGION_ANT_IELEM));
    ck_assert(x.a.region == NM_REGION_ANT_IELEM && x.a.rows == e && x.a.row_elems == 10 && x.a.nb == e &&
              x.a.epw == 2 && x.a.e_wm == 1 && x.a.e_skew == 0 && x.a.r_flat == 0 && x.a.rpl == 1 &&
              x.a.r_wm == 0 && x.a.r_skew == 0 && x.a.base == 3 && x.a.need == 5 && x.a.lane0 == 0);
    OKX(nmd_xfer_ant_engines(&x, NMD_T_ANT_OUT32, 1, e, 9, 0, 0));
    ck_assert(x.a.region == NM_REGION_ANT_OUT32 && x.a.rows == e && x.a.row_elems == 9 && x.a.nb == e &&
              x.a.epw == 1 && x.a.e_wm == 1 && x.a.r_flat == 0 && x.a.r_wm == 0 && x.a.need == 9 &&
              x.a.esz == 2 && x.a.dir == 1);
  }
  ck_assert_int_eq(nmd_xfer_ant_engines(&x, NMD_T_ANT_OUT32, 1, 0, 9, 0, 0), NMD_E_RANGE);
  ck_assert_int_eq(nmd_xfer_ant_engines(&x, NMD_T_ANT_OUT32, 1, NM_REGION_ANT_IROW_BANKS + 1, 9, 0, 0),
                   NMD_E_RANGE);
  ck_assert_int_eq(nmd_xfer_ant_engines(&x, NMD_T_ANT_ROWS, 0, 1, 3, 0, NM_REGION_ANT_IROW), NMD_E_RANGE);
  ck_assert_int_eq(nmd_xfer_ant_engines(&x, NMD_T_W, 0, 1, 4, 0, 0), NMD_E_RANGE);
}
END_TEST

/* On the RTL with DRAM: an ANT row table and a W tile in by nmd_xfer_run,
** read back by the window (every field where nmd_loc_* says), stored out by
** XFER to another place (DRAM equal to what went in); refusals named by
** nmd_dma_err_name: a bad NB (DESC), a stride past the window (WINDOW),
** an injected DECERR. */
START_TEST(xfer_moves_tiles_and_names_dma_errors) {
  fix *f = fix_open(9, 0);
  dut_top_dram_opts o = {0x20000000u, 1u << 16, 1 + (int)nm_rng_below(&f->r, 40),
                         1 + (int)nm_rng_below(&f->r, 16), (int)nm_rng_below(&f->r, 30), 10, tu_seed()};
  ck_assert_int_eq(dut_top_dram_open(f->v.d, &o), 0);
  uint8_t *m = dut_top_dram(f->v.d);
  nmd_xfer_desc x;
  nmd_result r;
  uint32_t de, w[NMD_WORD_SUBS];
  OK(nmd_dma_window(&f->d, o.base, o.base + o.size - 1));
  /* ANT row table: 6 entries {start, end} at 0x100. */
  for (int i = 0; i < 12; i++) m[0x100 + 2 * i] = (uint8_t)(3 * i + 1), m[0x101 + 2 * i] = (uint8_t)i;
  OK(nmd_xfer_tensor(&x, NMD_T_ANT_ROWS, 0, 6, 2, 0, 0, 0, NM_REGION_ANT_IROW));
  x.addr = o.base + 0x100, x.stride = 4;
  OK(nmd_xfer_run(&f->d, &x, BUDGET, &r, &de));
  for (uint32_t y = 0; y < 6; y++) {
    nmd_idx ix = {0};
    ix.y = y;
    nmd_loc ls = nmd_loc_ant_irow_start(&ix), le = nmd_loc_ant_irow_end(&ix);
    OK(nmd_win_read(&f->d, ls.region, ls.bank, ls.word, w));
    ck_assert_uint_eq(nmd_word_get(w, ls), (uint32_t)m[0x100 + 4 * y] | (uint32_t)m[0x101 + 4 * y] << 8);
    ck_assert_uint_eq(nmd_word_get(w, le), (uint32_t)m[0x102 + 4 * y] | (uint32_t)m[0x103 + 4 * y] << 8);
  }
  /* W: 2 rows of 5 fp32 at stride 24 in, out to 0x800 at stride 20. */
  for (int i = 0; i < 48; i++) m[0x200 + i] = (uint8_t)nm_rng_u32(&f->r);
  OK(nmd_xfer_tensor(&x, NMD_T_W, 0, 2, 5, 0, 0, 3, 0));
  x.addr = o.base + 0x200, x.stride = 24;
  OK(nmd_xfer_run(&f->d, &x, BUDGET, &r, &de));
  OK(nmd_xfer_tensor(&x, NMD_T_W, 1, 2, 5, 0, 0, 3, 0));
  x.addr = o.base + 0x800, x.stride = 20;
  OK(nmd_xfer_run(&f->d, &x, BUDGET, &r, &de));
  ck_assert(!memcmp(m + 0x800, m + 0x200, 20) && !memcmp(m + 0x814, m + 0x218, 20));
  ck_assert_msg(dut_top_dram_fault(f->v.d) == NULL, "%s: %s", NM_NAME, dut_top_dram_fault(f->v.d));
  /* Refusals, each with its code and name. */
  nmd_xfer_desc bad = x;
  bad.a.nb = 0;
  ck_assert_int_eq(nmd_xfer_run(&f->d, &bad, BUDGET, &r, &de), NMD_E_CMD);
  ck_assert_msg(r.err == NM_ERR_DMA && de == 7 && !strcmp(nmd_dma_err_name(de), "DESC"), "%s: NB 0: %s / %u %s",
                NM_NAME, nmd_err_name(r.err), de, nmd_dma_err_name(de));
  bad = x, bad.stride = o.size;
  ck_assert_int_eq(nmd_xfer_run(&f->d, &bad, BUDGET, &r, &de), NMD_E_CMD);
  ck_assert_str_eq(nmd_dma_err_name(de), "WINDOW");
  dut_top_dram_error(f->v.d, o.base + 0x800, o.base + 0x900, 3);
  ck_assert_int_eq(nmd_xfer_run(&f->d, &x, BUDGET, &r, &de), NMD_E_CMD);
  ck_assert_str_eq(nmd_dma_err_name(de), "DECERR");
  ck_assert(!strncmp(nmd_dma_err_text(de), "a bus error", 11));
  ck_assert_str_eq(nmd_dma_err_name(0), "OK");
  ck_assert_str_eq(nmd_dma_err_name(15), "?");
  fix_close(f);
}
END_TEST

/* ==== example.c ============================================================================= */

START_TEST(example_gemm_computes_eleven_on_the_rtl) {
  fix *f = fix_open(8, tu_seed() * 17u + 3u);  /* with random AXI valid/ready delays */
  uint32_t c = 0;
  int rc = nmd_example_gemm(&f->t, &c);
  ck_assert_msg(rc == NMD_OK && c == 0x41300000u, "%s: example.c: %s, C = 0x%08x (11.0 = 0x41300000)", NM_NAME,
                nmd_rc_name(rc), c);
  fix_close(f);
}
END_TEST

static Suite *driver_suite(void) {
  Suite *s = suite_create("driver_" NM_NAME);
  const TTest *const tests[] = {layout_helpers_equal_nm_layout,
                                       builders_pack_decode_and_refuse_wide_values,
                                       open_accepts_this_configuration_only,
                                       gemm_every_nm_and_dataflow_matches_model,
                                       prune_matches_model,
                                       update_modes_and_found_inf_match_model,
                                       ant_matches_model_with_counters,
                                       errors_are_decoded_to_their_names,
                                       budget_expires_with_timeout_and_a_later_wait_collects,
                                       a_stuck_device_with_a_frozen_counter_times_out,
                                       polls_and_collect_split_a_wait,
                                       example_gemm_computes_eleven_on_the_rtl,
                                       xfer_tensor_descriptors_equal_dma_pack_desc,
                                       xfer_moves_tiles_and_names_dma_errors,
                                       NULL};
  check_add_tcase(s, "driver", 600, tests);
  return s;
}

const check_prog check_program = {.name = "test_driver", .suite = driver_suite};
