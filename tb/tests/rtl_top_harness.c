/*
** The nm_top harness (rtl_top_harness.h) that test_rtl_top's files share:
** the dut and its bookkeeping, the buffer regions and their backdoor
** snapshots, one command run through the front door, value generators.
*/
#include "rtl_top_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "nm_top_hw_here.h"

/* ---- the transport: one dut_top AXI4-Lite transaction a driver access ------------ */

static int tr_read32(void *ctx, uint32_t addr, uint32_t *data) {
  top *t = ctx;
  return t->bus_rc = dut_top_read(t->d, addr, data);
}

static int tr_write32(void *ctx, uint32_t addr, uint32_t data) {
  top *t = ctx;
  return t->bus_rc = dut_top_write(t->d, addr, data, 0xF);
}

static uint64_t tr_now(void *ctx) { return dut_top_cycles(((top *)ctx)->d); }

/* ---- the dut and its bookkeeping ------------------------------------------------ */

void rerun(void) {
  fprintf(stderr, "    rerun: NMTEST_SEED=%llu%s %s (cfg %s)\n", (unsigned long long)tu_seed(),
          tu_quick() ? " NMTEST_QUICK=1" : tu_long() ? " NMTEST_LONG=1" : "", tu_prog(), NM_NAME);
}

top *top_open(uint64_t delay_seed, uint64_t salt) {
  top *t = calloc(1, sizeof *t);
  ck_assert(t);
  dut_top_opts o = {getenv("NMTEST_TRACE"), delay_seed, 3};
  t->d = dut_top_open(&o);
  ck_assert_msg(t->d != NULL, "%s: dut_top_open failed", NM_NAME);
  t->tr = (nmd_transport){t, tr_read32, tr_write32, tr_now, NULL};
  int rc = nmd_open(&t->dev, &t->tr);
  ck_assert_msg(rc == NMD_OK, "%s: nmd_open: %s (at 0x%08x)", NM_NAME, nmd_rc_name(rc), t->dev.fail_addr);
  nm_rng_seed(&t->r, tu_seed() * 7919u + salt);
  t->hw = nm_top_hw_here();
  return t;
}

void wr_ok(top *t, uint32_t addr, uint32_t v) {
  int rc = nmd_reg_write(&t->dev, addr, v);
  if (rc != NMD_OK) rerun();
  ck_assert_msg(rc == NMD_OK, "%s: write 0x%08x = 0x%08x: %s (answered %d), expected OKAY", NM_NAME, addr, v,
                nmd_rc_name(rc), t->bus_rc);
}

uint32_t rd_ok(top *t, uint32_t addr) {
  uint32_t v = 0xDEADBEEFu;
  int rc = nmd_reg_read(&t->dev, addr, &v);
  if (rc != NMD_OK) rerun();
  ck_assert_msg(rc == NMD_OK, "%s: read 0x%08x: %s (answered %d), expected OKAY", NM_NAME, addr,
                nmd_rc_name(rc), t->bus_rc);
  return v;
}

/* PERF_*, CMD_COUNT and REFUSED equal what the test ran; then close. */
void top_close(top *t) {
  static const uint32_t perf_reg[4] = {NM_REG_PERF_GEMM, NM_REG_PERF_PRUNE, NM_REG_PERF_UPDATE,
                                       NM_REG_PERF_ANT};
  for (int k = 0; k < 4; k++) {
    uint32_t got = rd_ok(t, perf_reg[k]);
    if (got != (uint32_t)t->perf[k]) rerun();
    ck_assert_msg(got == (uint32_t)t->perf[k], "%s: PERF register 0x%03x = %u, sum of LAST_CYCLES %llu",
                  NM_NAME, perf_reg[k], got, (unsigned long long)t->perf[k]);
  }
  uint32_t cnt = rd_ok(t, NM_REG_CMD_COUNT), ref = rd_ok(t, NM_REG_REFUSED);
  if (cnt != t->cmds || ref != t->refused) rerun();
  ck_assert_msg(cnt == t->cmds, "%s: CMD_COUNT %u, commands accepted %u", NM_NAME, cnt, t->cmds);
  ck_assert_msg(ref == t->refused, "%s: REFUSED %u, commands refused %u", NM_NAME, ref, t->refused);
  dut_top_close(t->d);
  free(t);
}

/* ---- regions --------------------------------------------------------------------- */

/* One row a region of nm_config.h's NM_REGIONS; ro from its access. */
#define REGION_ROW(n, id, acc) \
  {id, NM_REGION_##n##_BANKS, NM_REGION_##n##_DEPTH, NM_REGION_##n##_BITS, NM_ACC_##acc, #n},
const region kRegions[] = {NM_REGIONS(REGION_ROW)};
#undef REGION_ROW
const size_t kNumRegions = sizeof kRegions / sizeof kRegions[0];

const region *region_of(int id) {
  for (size_t i = 0; i < kNumRegions; i++)
    if (kRegions[i].id == id) return &kRegions[i];
  return NULL;
}

int subwords(const region *g) { return (g->bits + 31) / 32; }

/* The bits of subword `sub` a word of `bits` bits has. */
uint32_t sub_mask(int bits, int sub) {
  int lo = sub * 32, n = bits - lo;
  if (n <= 0) return 0;
  return n >= 32 ? 0xFFFFFFFFu : (1u << n) - 1u;
}

/* A whole buffer word masked to its width, 8 uint32. */
void mask_word(int bits, uint32_t *w) {
  for (int s = 0; s < 8; s++) w[s] &= sub_mask(bits, s);
}

/* Every word of a region through the backdoor (banks x depth x subwords). */
uint32_t *snapshot(top *t, int id) {
  const region *g = region_of(id);
  int sw = subwords(g);
  uint32_t *s = malloc((size_t)g->banks * (size_t)g->depth * (size_t)sw * 4), w[8];
  ck_assert(s);
  size_t n = 0;
  for (int b = 0; b < g->banks; b++)
    for (int a = 0; a < g->depth; a++) {
      dut_top_hb_read(t->d, id, b, (unsigned)a, w);
      for (int k = 0; k < sw; k++) s[n++] = w[k];
    }
  return s;
}

size_t snap_words(int id) {
  const region *g = region_of(id);
  return (size_t)g->banks * (size_t)g->depth * (size_t)subwords(g);
}

/* Compare two snapshots of a region; report the first differences. */
size_t diff_snap(int id, const char *what, const uint32_t *exp, const uint32_t *got) {
  const region *g = region_of(id);
  int sw = subwords(g);
  size_t bad = 0, n = snap_words(id);
  for (size_t i = 0; i < n; i++) {
    if (exp[i] == got[i]) continue;
    if (bad++ < MAX_REPORT) {
      size_t word = i / (size_t)sw;
      fprintf(stderr, "MISMATCH %s %s[bank %zu][word %zu] sub %zu: expected 0x%08x got 0x%08x\n",
              what, g->name, word / (size_t)g->depth, word % (size_t)g->depth, i % (size_t)sw,
              exp[i], got[i]);
    }
  }
  if (bad) rerun();
  return bad;
}

/* Index of (bank, word, sub) in a snapshot. */
size_t snap_at(int id, int bank, int word, int sub) {
  const region *g = region_of(id);
  return ((size_t)bank * (size_t)g->depth + (size_t)word) * (size_t)subwords(g) + (size_t)sub;
}

void hb_put(top *t, int id, int bank, unsigned word, const uint32_t *w) {
  dut_top_hb_write(t->d, id, bank, word, w);
}

void hb_put1(top *t, int id, int bank, unsigned word, uint32_t v) {
  uint32_t w[8] = {v, 0, 0, 0, 0, 0, 0, 0};
  dut_top_hb_write(t->d, id, bank, word, w);
}

/* ---- commands ---------------------------------------------------------------------- */

void set_args(top *t, const uint32_t *args) {
  for (int k = 0; k < NMD_ARGS; k++) t->next.arg[k] = args[k];
}

/* The test packs its words with nm_config.h's NM_FIELD; the driver's
** builder, given the fields decoded from them, must pack the same words
** (an op without a builder, e.g. an unknown one, is sent as it is). */
static void check_builder(const nmd_cmd *c) {
  nmd_cmd b;
  int rc;
  switch (c->op) {
  case NM_OP_GEMM: { nmd_gemm_args a; nmd_gemm_decode(c, &a); rc = nmd_gemm(&b, &a); break; }
  case NM_OP_PRUNE: { nmd_prune_args a; nmd_prune_decode(c, &a); rc = nmd_prune(&b, &a); break; }
  case NM_OP_UPDATE: { nmd_update_args a; nmd_update_decode(c, &a); rc = nmd_update(&b, &a); break; }
  case NM_OP_ANT: { nmd_ant_args a; nmd_ant_decode(c, &a); rc = nmd_ant(&b, &a); break; }
  case NM_OP_XFER: { nmd_xfer_args a; nmd_xfer_decode(c, &a); rc = nmd_xfer(&b, &a); break; }
  default: return;
  }
  ck_assert_msg(rc == NMD_OK, "%s: nmd_%s refused its own decoded fields: %s", NM_NAME, nmd_op_name(c->op),
                nmd_rc_name(rc));
  for (int k = 0; k < NMD_ARGS; k++)
    ck_assert_msg(b.arg[k] == c->arg[k], "%s: %s ARG%d: the test packed 0x%08x, the driver's builder 0x%08x",
                  NM_NAME, nmd_op_name(c->op), k, c->arg[k], b.arg[k]);
}

/* nmd_submit (accepted: OKAY, busy at once). */
void issue(top *t, int op) {
  nmd_cmd c = t->next;
  c.op = (uint32_t)op;
  check_builder(&c);
  int rc = nmd_submit(&t->dev, &c);
  if (rc != NMD_OK) rerun();
  ck_assert_msg(rc == NMD_OK, "%s: CMD %s: %s (refuse %s, answered %d at 0x%08x)", NM_NAME, nmd_op_name(c.op),
                nmd_rc_name(rc), nmd_err_name(t->dev.refuse), t->bus_rc, t->dev.fail_addr);
  t->cmds++;
}

/* Wait for the command to end; check STATUS (done, op, err) and LAST_CYCLES
** against the expectation (want_cycles 0: not checked here). */
cmd_out finish(top *t, const char *what, int op, int want_err, uint64_t want_cycles) {
  int rc = dut_top_wait(t->d, MAX_WAIT);
  if (rc != 0) { fprintf(stderr, "HANG %s: busy after %u cycles\n", what, MAX_WAIT); rerun(); }
  ck_assert_msg(rc == 0, "%s %s: command never finished", NM_NAME, what);
  /* The driver reads STATUS, LAST_CYCLES and (GEMM, ANT) ENGINE_CYCLES. */
  nmd_result r;
  int drc = nmd_collect(&t->dev, &r);
  ck_assert_msg(drc != NMD_E_BUS, "%s %s: nmd_collect: AXI answered %d at 0x%08x", NM_NAME, what, t->bus_rc,
                t->dev.fail_addr);
  cmd_out o;
  o.status = r.status, o.last = r.last_cycles, o.eng = r.engine_cycles;
  int busy = (int)nmd_status_busy(o.status), done = (int)nmd_status_done(o.status),
      sop = (int)r.op, err = (int)r.err;
  if (busy || !done || sop != op || err != want_err ||
      (want_cycles && o.last != (uint32_t)want_cycles)) {
    fprintf(stderr, "MISMATCH %s: STATUS 0x%08x (busy %d done %d op %d err %d %s) LAST_CYCLES %u; "
            "expected busy 0 done 1 op %d err %d %s LAST_CYCLES %llu\n", what, o.status, busy, done,
            sop, err, nmd_err_name((uint32_t)err), o.last, op, want_err, nmd_err_name((uint32_t)want_err),
            (unsigned long long)want_cycles);
    rerun();
  }
  ck_assert_msg(!busy && done && sop == op, "%s %s: STATUS 0x%08x after the command", NM_NAME, what,
                o.status);
  ck_assert_msg(err == want_err, "%s %s: err %d (%s), expected %d (%s)", NM_NAME, what, err,
                nmd_err_name((uint32_t)err), want_err, nmd_err_name((uint32_t)want_err));
  ck_assert_msg(drc == (want_err ? NMD_E_CMD : NMD_OK), "%s %s: nmd_collect %s with err %d", NM_NAME, what,
                nmd_rc_name(drc), err);
  ck_assert_msg(!want_cycles || o.last == (uint32_t)want_cycles,
                "%s %s: LAST_CYCLES %u, nm_top_cycles says %llu", NM_NAME, what, o.last,
                (unsigned long long)want_cycles);
  /* The shim's own count of busy_o cycles: catches a LAST_CYCLES counter
  ** bug even where the cycle model agrees with it, or is not asked. */
  uint64_t busy_cyc = dut_top_busy_cycles(t->d);
  if (o.last != busy_cyc) rerun();
  ck_assert_msg(o.last == busy_cyc, "%s %s: LAST_CYCLES %u, but busy_o was high %llu cycles",
                NM_NAME, what, o.last, (unsigned long long)busy_cyc);
  t->perf[op - 1] += o.last;
  return o;
}

cmd_out run_cmd(top *t, const char *what, int op, const uint32_t *args, int want_err,
                       uint64_t want_cycles) {
  set_args(t, args);
  issue(t, op);
  return finish(t, what, op, want_err, want_cycles);
}

/* ---- values ------------------------------------------------------------------------ */

uint16_t rand16(nm_rng *r) {
  static const uint16_t sp[] = {0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x83FF, 0x7BFF};
  uint32_t p = nm_rng_below(r, 100);
  if (p < 3) return sp[nm_rng_below(r, sizeof sp / sizeof sp[0])];
  if (p < 7) return (uint16_t)((nm_rng_u32(r) & 0x8000u) | nm_rng_below(r, 0x400));
  return (uint16_t)((nm_rng_u32(r) & 0x8000u) | ((9u + nm_rng_below(r, 13)) << 10) |
                    nm_rng_below(r, 1024));
}

uint32_t rand32(nm_rng *r) {
  uint32_t p = nm_rng_below(r, 100);
  if (p < 3) return (nm_rng_u32(r) & 0x80000000u) | nm_rng_below(r, 0x800000u);
  return (nm_rng_u32(r) & 0x80000000u) | ((120u + nm_rng_below(r, 16)) << 23) |
         (nm_rng_u32(r) & 0x7FFFFFu);
}

uint32_t f2u(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

size_t reps(size_t full) {
  return tu_quick() ? (full + 3) / 4 : tu_long() ? full * 10 : full;
}

uint64_t cdiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }
