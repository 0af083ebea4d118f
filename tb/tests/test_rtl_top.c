/*
** RTL vs golden model for the whole accelerator behind its AXI4-Lite slave
** (nm_top), one configuration per binary (its nm_config.h force-included).
**
** Proves: the ID / VERSION / CFG_* registers say what nmgen generated; the
** slave survives random valid/ready delays and back-to-back transactions,
** answers unmapped addresses and writes to read-only registers or regions
** with SLVERR (read data 0, nothing written), honours WSTRB on registers
** and on every buffer window, refuses window accesses and CMD while busy
** (code 8, REFUSED counts, the running command still completes correctly)
** and unknown ops (code 9); every op run end to end through the front door
** matches the golden model in every word it may write (and leaves every
** other word alone), bad fields give the spec's code and touch nothing,
** LAST_CYCLES equals tb/model/nm_top_cycles.c, and PERF_* / CMD_COUNT /
** REFUSED add up.
**
** Knobs (check_util.h): NMTEST_SEED, NMTEST_QUICK (fewer commands),
** NMTEST_LONG (more); NMTEST_TRACE=FILE.fst traces the last dut opened.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dut_top.h"
#include "dut_top_ids.h"
#include "nm_ant.h"
#include "nm_ant_work.h"
#include "nm_gemm.h"
#include "nm_rng.h"
#include "nm_sore.h"
#include "nm_top_cycles.h"
#include "nm_wuve.h"
#include "nm_layout_here.h"

#ifndef NM_NAME
#error "compile with -include <build>/<cfg>/gen/nm_config.h"
#endif

#define MAX_REPORT 8
#define MAX_WAIT 2000000u
#define SLANES_T NM_SORE_LANES
#define WLANES_T NM_WUVE_LANES

/* ---- the dut and its bookkeeping ------------------------------------------------ */

typedef struct top {
  dut_top *d;
  nm_rng r;
  nm_top_hw hw;
  uint64_t perf[4];    /* LAST_CYCLES summed per op, as PERF_* must be */
  uint32_t cmds, refused;
} top;

static void rerun(void) {
  fprintf(stderr, "    rerun: NMTEST_SEED=%llu%s %s (cfg %s)\n", (unsigned long long)tu_seed(),
          tu_quick() ? " NMTEST_QUICK=1" : tu_long() ? " NMTEST_LONG=1" : "", tu_prog(), NM_NAME);
}

static top *top_open(uint64_t delay_seed, uint64_t salt) {
  top *t = calloc(1, sizeof *t);
  ck_assert(t);
  dut_top_opts o = {getenv("NMTEST_TRACE"), delay_seed, 3};
  t->d = dut_top_open(&o);
  ck_assert_msg(t->d != NULL, "%s: dut_top_open failed", NM_NAME);
  nm_rng_seed(&t->r, tu_seed() * 7919u + salt);
  nm_stce_hw s = {NM_ROWS, NM_COLS, NM_MUL_STAGES, NM_ADD_STAGES, NM_CVT_STAGES};
  t->hw.stce = s;
  t->hw.mmax = NM_MMAX, t->hw.sore_lanes = NM_SORE_LANES;
  t->hw.sore_parallel = NM_SORE_ARCH == NM_SORE_ARCH_PARALLEL;
  t->hw.wuve_lanes = NM_WUVE_LANES, t->hw.mul_stages = NM_MUL_STAGES;
  t->hw.add_stages = NM_ADD_STAGES, t->hw.cvt_stages = NM_CVT_STAGES;
  return t;
}

static void wr_ok(top *t, uint32_t addr, uint32_t v) {
  int rc = dut_top_write(t->d, addr, v, 0xF);
  if (rc != 0) rerun();
  ck_assert_msg(rc == 0, "%s: write 0x%08x = 0x%08x answered %d, expected OKAY", NM_NAME, addr, v, rc);
}

static uint32_t rd_ok(top *t, uint32_t addr) {
  uint32_t v = 0xDEADBEEFu;
  int rc = dut_top_read(t->d, addr, &v);
  if (rc != 0) rerun();
  ck_assert_msg(rc == 0, "%s: read 0x%08x answered %d, expected OKAY", NM_NAME, addr, rc);
  return v;
}

/* PERF_*, CMD_COUNT and REFUSED equal what the test ran; then close. */
static void top_close(top *t) {
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

typedef struct region {
  int id, banks, depth, bits, ro;
  const char *name;
} region;

/* One row a region of nm_config.h's NM_REGIONS; ro from its access. */
#define REGION_ROW(n, id, acc) \
  {id, NM_REGION_##n##_BANKS, NM_REGION_##n##_DEPTH, NM_REGION_##n##_BITS, NM_ACC_##acc, #n},
static const region kRegions[] = {NM_REGIONS(REGION_ROW)};
#undef REGION_ROW
#define NUM_REGIONS (sizeof kRegions / sizeof kRegions[0])

static const region *region_of(int id) {
  for (size_t i = 0; i < NUM_REGIONS; i++)
    if (kRegions[i].id == id) return &kRegions[i];
  return NULL;
}

static int subwords(const region *g) { return (g->bits + 31) / 32; }

/* The bits of subword `sub` a word of `bits` bits has. */
static uint32_t sub_mask(int bits, int sub) {
  int lo = sub * 32, n = bits - lo;
  if (n <= 0) return 0;
  return n >= 32 ? 0xFFFFFFFFu : (1u << n) - 1u;
}

/* A whole buffer word masked to its width, 8 uint32. */
static void mask_word(int bits, uint32_t *w) {
  for (int s = 0; s < 8; s++) w[s] &= sub_mask(bits, s);
}

/* Every word of a region through the backdoor (banks x depth x subwords). */
static uint32_t *snapshot(top *t, int id) {
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

static size_t snap_words(int id) {
  const region *g = region_of(id);
  return (size_t)g->banks * (size_t)g->depth * (size_t)subwords(g);
}

/* Compare two snapshots of a region; report the first differences. */
static size_t diff_snap(int id, const char *what, const uint32_t *exp, const uint32_t *got) {
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
static size_t snap_at(int id, int bank, int word, int sub) {
  const region *g = region_of(id);
  return ((size_t)bank * (size_t)g->depth + (size_t)word) * (size_t)subwords(g) + (size_t)sub;
}

static void hb_put(top *t, int id, int bank, unsigned word, const uint32_t *w) {
  dut_top_hb_write(t->d, id, bank, word, w);
}

static void hb_put1(top *t, int id, int bank, unsigned word, uint32_t v) {
  uint32_t w[8] = {v, 0, 0, 0, 0, 0, 0, 0};
  dut_top_hb_write(t->d, id, bank, word, w);
}

/* ---- commands ---------------------------------------------------------------------- */

typedef struct cmd_out {
  uint32_t status, last, eng;
} cmd_out;

static void set_args(top *t, const uint32_t *args) {
  for (int k = 0; k < 5; k++) wr_ok(t, NM_REG_ARG0 + 4u * (unsigned)k, args[k]);
}

/* Write CMD (accepted: OKAY, busy at once). */
static void issue(top *t, int op) {
  wr_ok(t, NM_REG_CMD, (uint32_t)op);
  t->cmds++;
}

/* Wait for the command to end; check STATUS (done, op, err) and LAST_CYCLES
** against the expectation (want_cycles 0: not checked here). */
static cmd_out finish(top *t, const char *what, int op, int want_err, uint64_t want_cycles) {
  int rc = dut_top_wait(t->d, MAX_WAIT);
  if (rc != 0) { fprintf(stderr, "HANG %s: busy after %u cycles\n", what, MAX_WAIT); rerun(); }
  ck_assert_msg(rc == 0, "%s %s: command never finished", NM_NAME, what);
  cmd_out o;
  o.status = rd_ok(t, NM_REG_STATUS);
  o.last = rd_ok(t, NM_REG_LAST_CYCLES);
  o.eng = rd_ok(t, NM_REG_ENGINE_CYCLES);
  int busy = (int)NM_GET(NM_STATUS_BUSY, o.status), done = (int)NM_GET(NM_STATUS_DONE, o.status),
      sop = (int)NM_GET(NM_STATUS_OP, o.status), err = (int)NM_GET(NM_STATUS_ERR, o.status);
  if (busy || !done || sop != op || err != want_err ||
      (want_cycles && o.last != (uint32_t)want_cycles)) {
    fprintf(stderr, "MISMATCH %s: STATUS 0x%08x (busy %d done %d op %d err %d) LAST_CYCLES %u; "
            "expected busy 0 done 1 op %d err %d LAST_CYCLES %llu\n", what, o.status, busy, done,
            sop, err, o.last, op, want_err, (unsigned long long)want_cycles);
    rerun();
  }
  ck_assert_msg(!busy && done && sop == op, "%s %s: STATUS 0x%08x after the command", NM_NAME, what,
                o.status);
  ck_assert_msg(err == want_err, "%s %s: err %d, expected %d", NM_NAME, what, err, want_err);
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

static cmd_out run_cmd(top *t, const char *what, int op, const uint32_t *args, int want_err,
                       uint64_t want_cycles) {
  set_args(t, args);
  issue(t, op);
  return finish(t, what, op, want_err, want_cycles);
}

/* ---- values ------------------------------------------------------------------------ */

static uint16_t rand16(nm_rng *r) {
  static const uint16_t sp[] = {0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x83FF, 0x7BFF};
  uint32_t p = nm_rng_below(r, 100);
  if (p < 3) return sp[nm_rng_below(r, sizeof sp / sizeof sp[0])];
  if (p < 7) return (uint16_t)((nm_rng_u32(r) & 0x8000u) | nm_rng_below(r, 0x400));
  return (uint16_t)((nm_rng_u32(r) & 0x8000u) | ((9u + nm_rng_below(r, 13)) << 10) |
                    nm_rng_below(r, 1024));
}

static uint32_t rand32(nm_rng *r) {
  uint32_t p = nm_rng_below(r, 100);
  if (p < 3) return (nm_rng_u32(r) & 0x80000000u) | nm_rng_below(r, 0x800000u);
  return (nm_rng_u32(r) & 0x80000000u) | ((120u + nm_rng_below(r, 16)) << 23) |
         (nm_rng_u32(r) & 0x7FFFFFu);
}

static uint32_t f2u(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

/* The registers of nm_config.h's NM_REGISTERS: offset, read-only, name. */
typedef struct reg_entry {
  uint32_t off;
  int ro;
  const char *name;
} reg_entry;
#define REG_ROW(n, off, acc) {off, NM_ACC_##acc, #n},
static const reg_entry kRegs[] = {NM_REGISTERS(REG_ROW)};
#undef REG_ROW
#define NUM_REGS (sizeof kRegs / sizeof kRegs[0])

static int is_register(uint32_t off) {
  for (size_t i = 0; i < NUM_REGS; i++)
    if (kRegs[i].off == off) return 1;
  return 0;
}

/* The RW registers other than CMD (whose write issues a command): plain
** storage, ARG0..4 and the WUVE hyperparameters; returns their count. */
static size_t plain_rw_regs(uint32_t *off) {
  size_t n = 0;
  for (size_t i = 0; i < NUM_REGS; i++)
    if (!kRegs[i].ro && kRegs[i].off != NM_REG_CMD) off[n++] = kRegs[i].off;
  return n;
}

static size_t reps(size_t full) {
  return tu_quick() ? (full + 3) / 4 : tu_long() ? full * 10 : full;
}

/* ==== registers ======================================================================= */

START_TEST(id_version_and_cfg_registers_equal_nm_config) {
  top *t = top_open(0, 1);
  dut_top_id_reg regs[DUT_TOP_ID_REGS];
  size_t nregs = dut_top_id_regs(regs);
  ck_assert_uint_eq(nregs, DUT_TOP_ID_REGS);
  /* Every constant of the map (ID, VERSION, CFG_*) has its expected value there. */
  for (size_t i = 0; i < NUM_REGS; i++) {
    const char *n = kRegs[i].name;
    int known = 0;
    if (strncmp(n, "CFG_", 4) && strcmp(n, "ID") && strcmp(n, "VERSION")) continue;
    for (size_t k = 0; k < nregs; k++) known |= regs[k].off == kRegs[i].off;
    ck_assert_msg(known, "%s: register %s has no expected value in dut_top_ids.h", NM_NAME, n);
  }
  /* CMD_COUNT after reset, besides the discovery registers. */
  ck_assert_uint_eq(rd_ok(t, NM_REG_CMD_COUNT), 0);
  for (size_t i = 0; i < nregs; i++) {
    uint32_t got = rd_ok(t, regs[i].off);
    if (got != regs[i].want) rerun();
    ck_assert_msg(got == regs[i].want, "%s: %s = 0x%08x, nm_config.h says 0x%08x", NM_NAME,
                  regs[i].name, got, regs[i].want);
  }
  /* RW registers reset to 0; the cycle counter runs and CYCLE_HI is the latched half. */
  for (size_t i = 0; i < NUM_REGS; i++)
    if (!kRegs[i].ro)
      ck_assert_msg(rd_ok(t, kRegs[i].off) == 0, "%s: %s not 0 after reset", NM_NAME, kRegs[i].name);
  uint32_t c0 = rd_ok(t, NM_REG_CYCLE_LO), h0 = rd_ok(t, NM_REG_CYCLE_HI);
  uint32_t c1 = rd_ok(t, NM_REG_CYCLE_LO);
  ck_assert_msg(c1 > c0 && h0 == 0, "%s: CYCLE_LO %u then %u, CYCLE_HI %u", NM_NAME, c0, c1, h0);
  ck_assert_msg(c1 < dut_top_cycles(t->d), "%s: CYCLE_LO %u beyond the cycles simulated", NM_NAME, c1);
  top_close(t);
}
END_TEST

/* ==== AXI protocol ======================================================================= */

/* Random delays, back-to-back transactions: RW registers with random WSTRB
** behave as 32-bit registers with byte enables; unmapped addresses and
** read-only targets answer SLVERR with data 0 and change nothing. */
START_TEST(axi_random_delays_strobes_slverr_and_no_hang) {
  top *t = top_open(tu_seed() * 31u + 7u, 2);
  uint32_t rw[NM_REGISTER_COUNT], model[NM_REGISTER_COUNT] = {0};
  unsigned nrw = (unsigned)plain_rw_regs(rw);
  size_t n = reps(400);
  for (size_t i = 0; i < n; i++) {
    unsigned k = nm_rng_below(&t->r, nrw), strb = nm_rng_below(&t->r, 16);
    uint32_t v = nm_rng_u32(&t->r), m = 0;
    if (nm_rng_below(&t->r, 2)) {
      for (int b = 0; b < 4; b++) if (strb >> b & 1) m |= 0xFFu << (8 * b);
      int rc = dut_top_write(t->d, rw[k], v, strb);
      ck_assert_msg(rc == 0, "%s: write 0x%03x strb %x answered %d", NM_NAME, rw[k], strb, rc);
      model[k] = (model[k] & ~m) | (v & m);
    } else {
      uint32_t got = rd_ok(t, rw[k]);
      if (got != model[k]) rerun();
      ck_assert_msg(got == model[k], "%s: register 0x%03x reads 0x%08x, wrote 0x%08x (strobes)",
                    NM_NAME, rw[k], got, model[k]);
    }
  }
  /* Unmapped: every SLVERR, read data 0, and the RW registers unchanged.
  ** Every word of region 0 that is no register, then addresses beyond it:
  ** addr[26:12] set, and regions past the last (one with a register's low bits). */
  uint32_t bad_addr[1024 + 6];
  size_t nbad = 0;
  for (uint32_t a = 0; a < 0x1000u; a += 4)
    if (!is_register(a)) bad_addr[nbad++] = a;
  bad_addr[nbad++] = 0x1000;
  bad_addr[nbad++] = 0x0020000;
  bad_addr[nbad++] = 0x7FFF000;
  bad_addr[nbad++] = NM_WIN_ADDR(NM_REGION_COUNT + 1, 0, 0, 0);
  bad_addr[nbad++] = NM_WIN_ADDR(25, 0, 0, 0);
  bad_addr[nbad++] = NM_WIN_ADDR(31, 0, 0, 0) | NM_REG_ARG0;
  for (size_t i = 0; i < nbad; i++) {
    uint32_t v = 1;
    int rr = dut_top_read(t->d, bad_addr[i], &v);
    int wr = dut_top_write(t->d, bad_addr[i], nm_rng_u32(&t->r), 0xF);
    if (rr != 2 || v != 0 || wr != 2) rerun();
    ck_assert_msg(rr == 2 && v == 0, "%s: read of unmapped 0x%08x: resp %d data 0x%08x", NM_NAME,
                  bad_addr[i], rr, v);
    ck_assert_msg(wr == 2, "%s: write to unmapped 0x%08x: resp %d", NM_NAME, bad_addr[i], wr);
  }
  /* Read-only registers: SLVERR, value unchanged (CYCLE_LO: the write
  ** answer only, the counter runs). */
  uint32_t ro[NM_REGISTER_COUNT];
  size_t nro = 0;
  for (size_t i = 0; i < NUM_REGS; i++)
    if (kRegs[i].ro) ro[nro++] = kRegs[i].off;
  for (size_t i = 0; i < nro; i++) {
    uint32_t before = rd_ok(t, ro[i]);
    int wr = dut_top_write(t->d, ro[i], ~before, 0xF);
    uint32_t after = rd_ok(t, ro[i]);
    if (ro[i] == NM_REG_CYCLE_LO) after = before;
    if (wr != 2 || after != before) rerun();
    ck_assert_msg(wr == 2, "%s: write to read-only 0x%03x answered %d", NM_NAME, ro[i], wr);
    ck_assert_msg(after == before, "%s: read-only 0x%03x changed 0x%08x -> 0x%08x", NM_NAME, ro[i],
                  before, after);
  }
  for (unsigned k = 0; k < nrw; k++) ck_assert_uint_eq(rd_ok(t, rw[k]), model[k]);
  top_close(t);
}
END_TEST

/* Many transactions in flight (dut_top_xfers): writes and reads overlap,
** the next AW / W / AR is offered before the previous response, B / R are
** held while not ready.  Writes go to RW registers and two window regions
** (merged in order under WSTRB), reads to registers and a third region the
** writes do not touch, plus unmapped addresses: every response and value
** must be the sequential model's. */
START_TEST(axi_outstanding_back_to_back_writes_and_reads) {
  top *t = top_open(tu_seed() * 37u + 11u, 11);
  enum { NW = 8 };
  uint32_t sin[NW], w32[NW], bsub[NW], args[5] = {0};
  for (int k = 0; k < NW; k++) {   /* known starting words */
    sin[k] = nm_rng_u32(&t->r);
    w32[k] = nm_rng_u32(&t->r);
    bsub[k] = nm_rng_u32(&t->r);
    uint32_t w[8] = {sin[k], 0, 0, 0, 0, 0, 0, 0};
    for (int s2 = 1; s2 < 8; s2++) w[s2] = nm_rng_u32(&t->r);
    hb_put(t, NM_REGION_SORE_IN, k % SLANES_T, (unsigned)k, w);
    hb_put1(t, NM_REGION_WUVE_W, k % WLANES_T, (unsigned)k, w32[k]);
    w[0] = bsub[k];
    hb_put(t, NM_REGION_STCE_B, k % NM_REGION_STCE_B_BANKS, (unsigned)k, w);
  }
  size_t total = 0;
  for (size_t rep = 0; rep < reps(40); rep++) {
    dut_top_xfer x[24];
    uint32_t want[24];
    int want_resp[24];
    size_t n = 4 + nm_rng_below(&t->r, 20);
    for (size_t i = 0; i < n; i++) {
      unsigned kind = nm_rng_below(&t->r, 8), k = nm_rng_below(&t->r, NW);
      uint32_t v = nm_rng_u32(&t->r), m = 0;
      unsigned strb = nm_rng_below(&t->r, 16);
      for (int b = 0; b < 4; b++) if (strb >> b & 1) m |= 0xFFu << (8 * b);
      x[i].data = v, x[i].strb = strb, want[i] = 0, want_resp[i] = 0;
      switch (kind) {
        case 0: x[i].write = 1, x[i].addr = NM_REG_ARG0 + 4 * (k % 5);
          args[k % 5] = (args[k % 5] & ~m) | (v & m); break;
        case 1: x[i].write = 1, x[i].addr = NM_WIN_ADDR(NM_REGION_WUVE_W, k % WLANES_T, k, 0);
          w32[k] = (w32[k] & ~m) | (v & m); break;
        case 2: x[i].write = 1, x[i].addr = NM_WIN_ADDR(NM_REGION_STCE_B, k % NM_REGION_STCE_B_BANKS, k, 0);
          bsub[k] = (bsub[k] & ~m) | (v & m); break;
        case 3: x[i].write = 1, x[i].addr = NM_WIN_ADDR(NM_REGION_COUNT + 3, 0, k, 0), want_resp[i] = 2; break;
        case 4: x[i].write = 0, x[i].addr = NM_REG_ID, want[i] = NM_ID_VALUE; break;
        case 5: x[i].write = 0, x[i].addr = NM_REG_CFG_SBUF, want[i] = NM_SORE_BUF_DEPTH; break;
        case 6: x[i].write = 0, x[i].addr = NM_WIN_ADDR(NM_REGION_SORE_IN, k % SLANES_T, k, 0);
          want[i] = sin[k]; break;
        default: x[i].write = 0, x[i].addr = NM_REG_ARG0 + 0x100u, want_resp[i] = 2;
      }
    }
    int rc = dut_top_xfers(t->d, x, n);
    if (rc != 0) rerun();
    ck_assert_msg(rc == 0, "%s: %zu overlapping transactions hung", NM_NAME, n);
    for (size_t i = 0; i < n; i++) {
      int ok = x[i].resp == want_resp[i] && (x[i].write || x[i].data == want[i]);
      if (!ok) rerun();
      ck_assert_msg(ok, "%s: overlapped %s 0x%08x: resp %d data 0x%08x, expected resp %d data 0x%08x",
                    NM_NAME, x[i].write ? "write" : "read", x[i].addr, x[i].resp, x[i].data,
                    want_resp[i], want[i]);
    }
    total += n;
  }
  for (int k = 0; k < 5; k++) ck_assert_uint_eq(rd_ok(t, NM_REG_ARG0 + 4u * (unsigned)k), args[k]);
  for (unsigned k = 0; k < NW; k++) {
    uint32_t a = rd_ok(t, NM_WIN_ADDR(NM_REGION_WUVE_W, k % WLANES_T, k, 0));
    uint32_t b = rd_ok(t, NM_WIN_ADDR(NM_REGION_STCE_B, k % NM_REGION_STCE_B_BANKS, k, 0));
    if (a != w32[k] || b != bsub[k]) rerun();
    ck_assert_msg(a == w32[k] && b == bsub[k], "%s: word %u after overlapped writes: W 0x%08x (want 0x%08x) "
                  "B 0x%08x (want 0x%08x)", NM_NAME, k, a, w32[k], b, bsub[k]);
  }
  printf("%s: %zu overlapped AXI transactions\n", NM_NAME, total);
  top_close(t);
}
END_TEST

/* Window round trip on every region: front-door writes with random WSTRB
** merge into the addressed subword only, bits above the width read 0,
** front door and backdoor agree; read-only regions refuse writes; banks,
** words and subwords past the region are SLVERR. */
START_TEST(window_round_trip_every_region_wstrb_ro_and_bounds) {
  top *t = top_open(tu_seed() * 17u + 3u, 3);
  for (size_t ri = 0; ri < NUM_REGIONS; ri++) {
    const region *g = &kRegions[ri];
    int sw = subwords(g);
    for (int rep = 0; rep < 3; rep++) {
      int bank = (int)nm_rng_below(&t->r, (uint32_t)g->banks);
      unsigned word = rep == 0 ? 0 : rep == 1 ? (unsigned)g->depth - 1 : nm_rng_below(&t->r, (uint32_t)g->depth);
      uint32_t w[8], got[8];
      for (int s = 0; s < 8; s++) w[s] = nm_rng_u32(&t->r);
      if (g->id < NM_REGION_ANT_OUT32) hb_put(t, g->id, bank, word, w);
      else dut_top_hb_read(t->d, g->id, bank, word, w);
      mask_word(g->bits, w);
      for (int s = 0; s < sw; s++) {
        uint32_t addr = NM_WIN_ADDR(g->id, bank, word, s), v = nm_rng_u32(&t->r), m = 0;
        unsigned strb = nm_rng_below(&t->r, 16);
        for (int b = 0; b < 4; b++) if (strb >> b & 1) m |= 0xFFu << (8 * b);
        int rc = dut_top_write(t->d, addr, v, strb);
        if (g->ro) {
          ck_assert_msg(rc == 2, "%s: write to read-only %s answered %d", NM_NAME, g->name, rc);
        } else {
          ck_assert_msg(rc == 0, "%s: write to %s[%d][%u] sub %d answered %d", NM_NAME, g->name, bank,
                        word, s, rc);
          w[s] = (w[s] & ~m) | (v & m & sub_mask(g->bits, s));
        }
      }
      for (int s = 0; s < sw; s++) {
        uint32_t v = rd_ok(t, NM_WIN_ADDR(g->id, bank, word, s));
        if (v != w[s]) rerun();
        ck_assert_msg(v == w[s], "%s: %s[%d][%u] sub %d reads 0x%08x, expected 0x%08x", NM_NAME,
                      g->name, bank, word, s, v, w[s]);
      }
      dut_top_hb_read(t->d, g->id, bank, word, got);
      for (int s = 0; s < 8; s++) {
        uint32_t want = s < sw ? w[s] : 0;
        if (got[s] != want) rerun();
        ck_assert_msg(got[s] == want, "%s: backdoor %s[%d][%u] sub %d = 0x%08x, front door 0x%08x",
                      NM_NAME, g->name, bank, word, s, got[s], want);
      }
    }
    uint32_t outside[] = {NM_WIN_ADDR(g->id, g->banks, 0, 0), NM_WIN_ADDR(g->id, 63, 0, 0),
                          NM_WIN_ADDR(g->id, 0, (uint32_t)g->depth, 0),
                          NM_WIN_ADDR(g->id, 0, 0xFFFF, 0), NM_WIN_ADDR(g->id, 0, 0, (uint32_t)sw),
                          NM_WIN_ADDR(g->id, 0, 0, 7)};
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
      if ((outside[i] >> 21 & 63) < (uint32_t)g->banks && (outside[i] >> 5 & 0xFFFF) < (uint32_t)g->depth &&
          (outside[i] >> 2 & 7) < (uint32_t)sw)
        continue;  /* inside after all (e.g. 64 banks, 8 subwords) */
      uint32_t v = 1;
      int rr = dut_top_read(t->d, outside[i], &v), wr = dut_top_write(t->d, outside[i], 0, 0xF);
      if (rr != 2 || v != 0 || wr != 2) rerun();
      ck_assert_msg(rr == 2 && v == 0 && wr == 2, "%s: %s outside address 0x%08x: read %d (0x%08x) write %d",
                    NM_NAME, g->name, outside[i], rr, v, wr);
    }
  }
  top_close(t);
}
END_TEST

/* ==== GEMM ============================================================================== */

static const int kNM[][2] = {{1, 2}, {2, 4}, {1, 4}, {3, 4}, {2, 8}, {1, 8}, {4, 16}, {0, 4}, {0, 2}};
#define NUM_NM (sizeof kNM / sizeof kNM[0])

typedef struct gemm {
  nm_gemm_cmd g;
  unsigned abase, bbase, cinbase, cbase;
  uint16_t *aval, *b;
  uint8_t *aidx;
  uint32_t *cin;
} gemm;

static uint64_t cdiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

static void gemm_args(const gemm *c, uint32_t *a) {
  a[NM_GEMM_I_ARG] = NM_FIELD(NM_GEMM_I, c->g.I) | NM_FIELD(NM_GEMM_J, c->g.J);
  a[NM_GEMM_K_ARG] = NM_FIELD(NM_GEMM_K, c->g.K) | NM_FIELD(NM_GEMM_N, c->g.a_sparse ? c->g.N : 0) |
                     NM_FIELD(NM_GEMM_M, c->g.M);
  a[NM_GEMM_WS_ARG] = NM_FIELD(NM_GEMM_WS, c->g.ws) | NM_FIELD(NM_GEMM_SPARSE, c->g.a_sparse) |
                      NM_FIELD(NM_GEMM_CIN, c->g.init_cin) | NM_FIELD(NM_GEMM_OUT16, c->g.out16);
  a[NM_GEMM_ABASE_ARG] = NM_FIELD(NM_GEMM_ABASE, c->abase) | NM_FIELD(NM_GEMM_BBASE, c->bbase);
  a[NM_GEMM_CINBASE_ARG] = NM_FIELD(NM_GEMM_CINBASE, c->cinbase) | NM_FIELD(NM_GEMM_CBASE, c->cbase);
}

/* A random GEMM with pattern p that fits the buffers. */
static void gemm_make(top *t, int p, gemm *c) {
  nm_rng *r = &t->r;
  memset(c, 0, sizeof *c);
  int N = kNM[p][0], M = kNM[p][1];
  c->g.a_sparse = N != 0, c->g.M = M, c->g.N = N ? N : M;
  c->g.K = M * (1 + (int)nm_rng_below(r, 4));
  c->g.I = 1 + (int)nm_rng_below(r, 2 * NM_ROWS + 2);
  c->g.J = 1 + (int)nm_rng_below(r, 2 * NM_COLS + 2);
  c->g.init_cin = (int)nm_rng_below(r, 2), c->g.out16 = (int)nm_rng_below(r, 2);
  nm_layout_cfg L = nm_layout_here();
  for (;;) {
    uint64_t na = nm_layout_a_need(&L, c->g.I, nm_gemm_kp(&c->g));
    uint64_t nb = nm_layout_b_need(&L, c->g.K / M, c->g.J);
    uint64_t nc = nm_layout_c_need(&L, c->g.I, c->g.J);
    if (na <= NM_ABUF_DEPTH && nb <= NM_BBUF_DEPTH && 2 * nc <= NM_CBUF_DEPTH) {
      c->abase = nm_rng_below(r, (uint32_t)(NM_ABUF_DEPTH - na + 1));
      c->bbase = nm_rng_below(r, (uint32_t)(NM_BBUF_DEPTH - nb + 1));
      c->cbase = nm_rng_below(r, (uint32_t)(NM_CBUF_DEPTH - 2 * nc + 1));
      c->cinbase = nm_rng_below(r, 2) ? c->cbase : c->cbase + (unsigned)nc;
      break;
    }
    if (c->g.I > 1) c->g.I = (c->g.I + 1) / 2;
    else if (c->g.J > 1) c->g.J = (c->g.J + 1) / 2;
    else c->g.K -= M;
  }
  int I = c->g.I, J = c->g.J, K = c->g.K, kp = nm_gemm_kp(&c->g);
  c->aval = malloc((size_t)(I * kp) * 2), c->aidx = calloc((size_t)(I * kp), 1);
  c->b = malloc((size_t)(K * J) * 2), c->cin = malloc((size_t)(I * J) * 4);
  ck_assert(c->aval && c->aidx && c->b && c->cin);
  for (int q = 0; q < I * kp; q++) c->aval[q] = rand16(r);
  if (c->g.a_sparse)
    for (int i = 0; i < I; i++)
      for (int g = 0; g < K / M; g++)
        for (int n = 0, e = 0; n < c->g.N; e++)
          if ((int)nm_rng_below(r, (uint32_t)(M - e)) < c->g.N - n)
            c->aidx[i * kp + g * c->g.N + n++] = (uint8_t)e;
  for (int q = 0; q < K * J; q++) c->b[q] = rand16(r);
  for (int q = 0; q < I * J; q++) c->cin[q] = rand32(r);
}

static void gemm_free(gemm *c) { free(c->aval), free(c->aidx), free(c->b), free(c->cin); }

/* Operands into the STCE buffers through the backdoor, in nm_layout.h's
** layouts (B lanes >= M random, drawn in lane order). */
static void gemm_load(top *t, const gemm *c) {
  nm_layout_cfg L = nm_layout_here();
  int kp = nm_gemm_kp(&c->g), M = c->g.M, G = c->g.K / M;
  uint32_t w[8];
  for (int i = 0; i < c->g.I; i++)
    for (int q = 0; q < kp; q++) {
      nm_layout_loc v = nm_layout_a(&L, 0, i, q, kp, c->abase);
      nm_layout_loc x = nm_layout_a(&L, 1, i, q, kp, c->abase);
      hb_put1(t, v.region, v.bank, v.word,
              (uint32_t)c->aval[i * kp + q] << v.lsb |
                  (c->g.a_sparse ? (uint32_t)c->aidx[i * kp + q] << x.lsb : 0u));
    }
  for (int j = 0; j < c->g.J; j++)
    for (int g = 0; g < G; g++) {
      memset(w, 0, sizeof w);
      for (int e = 0; e < NM_MMAX; e++) {
        uint32_t v = e < M ? c->b[(g * M + e) * c->g.J + j] : nm_rng_u32(&t->r) & 0xFFFFu;
        int lsb = nm_layout_b(&L, g, j, e, G, c->bbase).lsb;
        w[lsb / 32] |= v << (lsb % 32);
      }
      nm_layout_loc l = nm_layout_b(&L, g, j, 0, G, c->bbase);
      hb_put(t, l.region, l.bank, l.word, w);
    }
  if (c->g.init_cin)
    for (int i = 0; i < c->g.I; i++)
      for (int j = 0; j < c->g.J; j++) {
        nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->cinbase);
        hb_put1(t, l.region, l.bank, l.word, c->cin[i * c->g.J + j]);
      }
}

/* Expected C buffer after the command: the snapshot with the results placed. */
static void gemm_expect(const gemm *c, uint32_t *snap) {
  uint32_t *out = malloc((size_t)(c->g.I * c->g.J) * 4);
  ck_assert(out);
  nm_gemm_ref(&c->g, c->aval, c->g.a_sparse ? c->aidx : NULL, c->b, c->cin, out);
  nm_layout_cfg L = nm_layout_here();
  for (int i = 0; i < c->g.I; i++)
    for (int j = 0; j < c->g.J; j++) {
      nm_layout_loc l = nm_layout_c(&L, i, j, c->g.J, c->cbase);
      snap[snap_at(l.region, l.bank, (int)l.word, 0)] = out[i * c->g.J + j];
    }
  free(out);
}

static void gemm_print(const gemm *c) {
  fprintf(stderr, "    GEMM %s I=%d J=%d K=%d %d:%d %s cin=%d out16=%d abase=%u bbase=%u cinbase=%u cbase=%u\n",
          c->g.ws ? "WS" : "OS", c->g.I, c->g.J, c->g.K, c->g.N, c->g.M,
          c->g.a_sparse ? "sparse" : "dense", c->g.init_cin, c->g.out16, c->abase, c->bbase,
          c->cinbase, c->cbase);
}

/* Issue a loaded GEMM, wait, check every C word and the cycles. */
static void gemm_run_check(top *t, const gemm *c) {
  uint32_t args[5], *exp = snapshot(t, NM_REGION_STCE_C);
  gemm_args(c, args);
  gemm_expect(c, exp);
  uint64_t want = nm_top_gemm_cycles(&t->hw, &c->g, 0);
  set_args(t, args);
  issue(t, NM_OP_GEMM);
  cmd_out o = finish(t, "GEMM", NM_OP_GEMM, 0, want);
  uint32_t *got = snapshot(t, NM_REGION_STCE_C);
  size_t bad = diff_snap(NM_REGION_STCE_C, "GEMM result", exp, got);
  if (bad) gemm_print(c);
  ck_assert_msg(bad == 0, "%s: %zu C-buffer words differ from nm_gemm_ref", NM_NAME, bad);
  uint64_t eng = nm_stce_cycles(&t->hw.stce, &c->g, 0);
  ck_assert_msg(o.eng == (uint32_t)eng, "%s: ENGINE_CYCLES %u, nm_stce_cycles %llu", NM_NAME, o.eng,
                (unsigned long long)eng);
  free(exp), free(got);
}

START_TEST(gemm_random_os_ws_match_model_and_cycle_model) {
  top *t = top_open(0, 4);
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(4); rep++)
    for (size_t p = 0; p < NUM_NM; p++) {
      if (kNM[p][1] > NM_MMAX) continue;
      for (int ws = 0; ws < 2; ws++) {
        if (ws ? NM_DATAFLOW == NM_DATAFLOW_OS : NM_DATAFLOW == NM_DATAFLOW_WS) continue;
        gemm c;
        gemm_make(t, (int)p, &c);
        c.g.ws = ws;
        gemm_load(t, &c);
        gemm_run_check(t, &c);
        gemm_free(&c);
        ran++;
      }
    }
  printf("%s: %zu GEMM commands through the AXI slave\n", NM_NAME, ran);
  top_close(t);
}
END_TEST

START_TEST(gemm_bad_fields_refused_with_code_touch_nothing) {
  top *t = top_open(0, 5);
  gemm c;
  gemm_make(t, 1, &c);  /* 2:4 */
  gemm_load(t, &c);
  uint32_t *before = snapshot(t, NM_REGION_STCE_C);
  struct { const char *what; int field, val, err; } bad[] = {
      {"N > M", 0, 0, NM_ERR_NM}, {"M > MMAX", 1, 0, NM_ERR_MMAX}, {"K % M", 2, 0, NM_ERR_KMOD},
      {"I = 0", 3, 0, NM_ERR_SIZE}, {"abase past A", 4, 0, NM_ERR_SIZE},
      {"dataflow not generated", 5, 0, NM_ERR_DF}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    gemm e = c;
    switch (bad[i].field) {
      case 0: e.g.N = e.g.M + 1; e.g.a_sparse = 1; break;
      case 1: e.g.M = NM_MMAX * 2 > 31 ? 31 : NM_MMAX * 2; e.g.N = 1; e.g.K = e.g.M; break;
      case 2: e.g.K = e.g.M + 1; break;
      case 3: e.g.I = 0; break;
      case 4: e.abase = NM_ABUF_DEPTH; break;
      default:
        if (NM_DATAFLOW == NM_DATAFLOW_BOTH) continue;
        e.g.ws = NM_DATAFLOW == NM_DATAFLOW_OS;
    }
    uint32_t args[5];
    gemm_args(&e, args);
    run_cmd(t, bad[i].what, NM_OP_GEMM, args, bad[i].err, nm_top_gemm_cycles(&t->hw, &e.g, 1));
    uint32_t *after = snapshot(t, NM_REGION_STCE_C);
    size_t n = diff_snap(NM_REGION_STCE_C, bad[i].what, before, after);
    ck_assert_msg(n == 0, "%s: refused GEMM (%s) changed %zu C words", NM_NAME, bad[i].what, n);
    free(after);
  }
  /* The next good command runs. */
  c.g.ws = NM_DATAFLOW == NM_DATAFLOW_WS;
  gemm_run_check(t, &c);
  gemm_free(&c);
  free(before);
  top_close(t);
}
END_TEST

/* ==== PRUNE ================================================================================ */

#define SLANES NM_SORE_LANES
#define SDEPTH NM_SORE_BUF_DEPTH

/* Bit lsb.. of a snapshot word of region id (fields never straddle subwords). */
static uint32_t snap_bits(const uint32_t *s, int id, int bank, int word, nm_layout_loc f) {
  return s[snap_at(id, bank, word, f.lsb / 32)] >> (f.lsb % 32) & (uint32_t)((1ull << f.width) - 1u);
}

static void snap_or(uint32_t *s, int id, int bank, int word, nm_layout_loc f, uint32_t v) {
  s[snap_at(id, bank, word, f.lsb / 32)] |= v << (f.lsb % 32);
}

/* Expected out regions after PRUNE of beats words from base with N:M (the
** bit positions of nm_layout's SORE fields; bank and word are the lane's). */
static void prune_expect(const uint32_t *in, int beats, int base, int n, int m, uint32_t *val,
                         uint32_t *idx, uint32_t *mask) {
  nm_layout_cfg L = nm_layout_here();
  for (int l = 0; l < SLANES; l++)
    for (int b = 0; b < beats; b++) {
      int word = base + b;
      uint16_t v[16], kv[16];
      uint8_t ki[16];
      uint32_t mk = 0;
      for (int e = 0; e < NM_MMAX; e++)
        v[e] = (uint16_t)snap_bits(in, NM_REGION_SORE_IN, l, word,
                                   nm_layout_sore(&L, NMF_SORE_IN_LANE, 0, e, 0));
      ck_assert(nm_sore_group(v, n, m, kv, ki, &mk) == 0);
      for (int s = 0; s < (NM_MMAX + 1) / 2; s++) val[snap_at(NM_REGION_SORE_VAL, l, word, s)] = 0;
      for (int s = 0; s < (NM_MMAX * 4 + 31) / 32; s++) idx[snap_at(NM_REGION_SORE_IDX, l, word, s)] = 0;
      for (int k = 0; k < n; k++) {
        snap_or(val, NM_REGION_SORE_VAL, l, word, nm_layout_sore(&L, NMF_SORE_VAL_SLOT, 0, k, 0), kv[k]);
        snap_or(idx, NM_REGION_SORE_IDX, l, word, nm_layout_sore(&L, NMF_SORE_IDX_SLOT, 0, k, 0), ki[k]);
      }
      mask[snap_at(NM_REGION_SORE_MASK, l, word, 0)] = mk;
    }
}

/* Random IN words (ties made likely by a small value pool), random out words. */
static void prune_fill(top *t) {
  nm_layout_cfg L = nm_layout_here();
  uint16_t pool[6];
  for (int k = 0; k < 6; k++) pool[k] = rand16(&t->r);
  for (int l = 0; l < SLANES; l++)
    for (int a = 0; a < SDEPTH; a++) {
      uint32_t w[8] = {0}, o[8];
      for (int e = 0; e < NM_MMAX; e++) {
        uint16_t v = nm_rng_below(&t->r, 3) ? rand16(&t->r) : pool[nm_rng_below(&t->r, 6)];
        int lsb = nm_layout_sore(&L, NMF_SORE_IN_LANE, 0, e, 0).lsb;
        w[lsb / 32] |= (uint32_t)v << (lsb % 32);
      }
      hb_put(t, NM_REGION_SORE_IN, l, (unsigned)a, w);
      for (int id = NM_REGION_SORE_VAL; id <= NM_REGION_SORE_MASK; id++) {
        for (int s = 0; s < 8; s++) o[s] = nm_rng_u32(&t->r);
        hb_put(t, id, l, (unsigned)a, o);
      }
    }
}

/* Run PRUNE (beats, base, n, m) and check all three out regions (and IN). */
static void prune_run_check(top *t, int beats, int base, int n, int m, int want_err) {
  uint32_t *in = snapshot(t, NM_REGION_SORE_IN);
  uint32_t *val = snapshot(t, NM_REGION_SORE_VAL), *idx = snapshot(t, NM_REGION_SORE_IDX),
           *mask = snapshot(t, NM_REGION_SORE_MASK);
  if (!want_err) prune_expect(in, beats, base, n, m, val, idx, mask);
  uint32_t args[5] = {NM_FIELD(NM_PRUNE_BEATS, beats) | NM_FIELD(NM_PRUNE_BASE, base),
                      NM_FIELD(NM_PRUNE_N, n) | NM_FIELD(NM_PRUNE_M, m), 0, 0, 0};
  char what[96];
  snprintf(what, sizeof what, "PRUNE beats=%d base=%d %d:%d", beats, base, n, m);
  run_cmd(t, what, NM_OP_PRUNE, args, want_err,
          nm_top_prune_cycles(&t->hw, (unsigned)beats, n, m, want_err != 0));
  uint32_t *g_in = snapshot(t, NM_REGION_SORE_IN), *g_val = snapshot(t, NM_REGION_SORE_VAL),
           *g_idx = snapshot(t, NM_REGION_SORE_IDX), *g_mask = snapshot(t, NM_REGION_SORE_MASK);
  size_t bad = diff_snap(NM_REGION_SORE_IN, what, in, g_in) + diff_snap(NM_REGION_SORE_VAL, what, val, g_val) +
               diff_snap(NM_REGION_SORE_IDX, what, idx, g_idx) +
               diff_snap(NM_REGION_SORE_MASK, what, mask, g_mask);
  ck_assert_msg(bad == 0, "%s: %s: %zu words differ from nm_sore_group", NM_NAME, what, bad);
  free(in), free(val), free(idx), free(mask), free(g_in), free(g_val), free(g_idx), free(g_mask);
}

START_TEST(prune_random_nm_match_model_bad_fields_touch_nothing) {
  top *t = top_open(0, 6);
  prune_fill(t);
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(16); rep++) {
    int m = 1 + (int)nm_rng_below(&t->r, NM_MMAX), n = 1 + (int)nm_rng_below(&t->r, (uint32_t)m);
    int beats = 1 + (int)nm_rng_below(&t->r, rep % 3 == 0 ? SDEPTH : 24);
    int base = (int)nm_rng_below(&t->r, (uint32_t)(SDEPTH - beats + 1));
    prune_run_check(t, beats, base, n, m, 0);
    ran++;
  }
  prune_run_check(t, 0, 3, 1, 2, 0);                       /* beats = 0: done at once */
  prune_run_check(t, SDEPTH, 0, NM_MMAX, NM_MMAX, 0);      /* the whole buffer, N = M */
  prune_run_check(t, 4, 0, 0, 2, NM_ERR_NM);               /* N < 1 */
  prune_run_check(t, 4, 0, 3, 2, NM_ERR_NM);               /* N > M */
  prune_run_check(t, 4, 0, 1, NM_MMAX + 1, NM_ERR_NM);     /* M > MMAX */
  prune_run_check(t, 2, SDEPTH - 1, 1, 2, NM_ERR_SIZE);    /* base + beats > depth */
  prune_run_check(t, 1, 0, 1, 2, 0);                       /* and the next one runs */
  printf("%s: %zu random PRUNE commands\n", NM_NAME, ran + 3);
  top_close(t);
}
END_TEST

/* ==== UPDATE ================================================================================ */

#define WLANES NM_WUVE_LANES
#define WDEPTH NM_WUVE_BUF_DEPTH

typedef struct upd {
  unsigned base, n;
  int mode, clear;
} upd;

static void upd_hp(top *t, nm_wuve_hp *hp) {
  hp->inv_scale = f2u(1.0f / (float)(1u << nm_rng_below(&t->r, 12)));
  hp->lr = f2u(0.01f + 0.1f * (float)nm_rng_unit(&t->r));
  hp->mu = f2u(0.9f);
  hp->wd = nm_rng_below(&t->r, 2) ? f2u(1e-4f) : 0;
  hp->srste = nm_rng_below(&t->r, 2) ? f2u(2e-4f) : 0;
  wr_ok(t, NM_REG_WUVE_INV_SCALE, hp->inv_scale);
  wr_ok(t, NM_REG_WUVE_LR, hp->lr);
  wr_ok(t, NM_REG_WUVE_MU, hp->mu);
  wr_ok(t, NM_REG_WUVE_WD, hp->wd);
  wr_ok(t, NM_REG_WUVE_SRSTE, hp->srste);
}

/* Random W, V, G, W16 in the whole buffer; p_bad: per-mille of Inf/NaN dW. */
static void upd_fill(top *t, unsigned p_bad) {
  nm_layout_cfg L = nm_layout_here();
  for (int l = 0; l < WLANES; l++)
    for (int a = 0; a < WDEPTH; a++) {
      uint16_t dw = rand16(&t->r) & 0x7BFFu;  /* finite */
      dw |= (uint16_t)(nm_rng_u32(&t->r) & 0x8000u);
      if (nm_rng_below(&t->r, 1000) < p_bad) dw = nm_rng_below(&t->r, 2) ? 0x7C00 : 0xFE01;
      hb_put1(t, NM_REGION_WUVE_W, l, (unsigned)a, rand32(&t->r));
      hb_put1(t, NM_REGION_WUVE_V, l, (unsigned)a, rand32(&t->r) & 0xBFFFFFFFu);
      hb_put1(t, NM_REGION_WUVE_G, l, (unsigned)a,
              (uint32_t)dw << nm_layout_wuve(&L, NMF_WUVE_G_DW, 0, 0).lsb |
                  nm_rng_below(&t->r, 2) << nm_layout_wuve(&L, NMF_WUVE_G_MASK, 0, 0).lsb);
      hb_put1(t, NM_REGION_WUVE_W16, l, (unsigned)a, nm_rng_u32(&t->r) & 0xFFFFu);
    }
}

typedef struct wsnap {
  uint32_t *w, *v, *g, *w16;
} wsnap;

static wsnap wsnap_take(top *t) {
  wsnap s = {snapshot(t, NM_REGION_WUVE_W), snapshot(t, NM_REGION_WUVE_V),
             snapshot(t, NM_REGION_WUVE_G), snapshot(t, NM_REGION_WUVE_W16)};
  return s;
}

static void wsnap_free(wsnap *s) { free(s->w), free(s->v), free(s->g), free(s->w16); }

/* The per-beat rule of nm_top_update.vt on a snapshot: returns found_inf after. */
static int upd_expect(const nm_wuve_hp *hp, const upd *u, int found, wsnap *s) {
  nm_layout_cfg L = nm_layout_here();
  nm_layout_loc gdw = nm_layout_wuve(&L, NMF_WUVE_G_DW, 0, 0);
  nm_layout_loc gmask = nm_layout_wuve(&L, NMF_WUVE_G_MASK, 0, 0);
  if (u->clear) found = 0;
  unsigned beats = (unsigned)cdiv(u->n, WLANES);
  for (unsigned b = 0; b < beats; b++) {
    nm_wuve_out o[64];
    int bad = 0;
    for (int l = 0; l < WLANES; l++) {
      if (b * WLANES + (unsigned)l >= u->n) continue;
      size_t at = snap_at(NM_REGION_WUVE_W, l, (int)(u->base + b), 0);
      o[l] = nm_wuve_elem(hp, s->w[at], s->v[at], (uint16_t)(s->g[at] >> gdw.lsb),
                          (int)(s->g[at] >> gmask.lsb & 1));
      bad |= o[l].g0_bad;
    }
    found |= bad;
    int write = u->mode == NM_WUVE_UPDATE || (u->mode == NM_WUVE_UPDATE_UNLESS_INF && !found);
    if (!write) continue;
    for (int l = 0; l < WLANES; l++) {
      if (b * WLANES + (unsigned)l >= u->n) continue;
      size_t at = snap_at(NM_REGION_WUVE_W, l, (int)(u->base + b), 0);
      s->w[at] = o[l].w, s->v[at] = o[l].v, s->w16[at] = o[l].w16;
    }
  }
  return found;
}

static void upd_args(const upd *u, uint32_t *a) {
  a[0] = a[1] = a[2] = a[3] = a[4] = 0;
  a[NM_UPDATE_BASE_ARG] = NM_FIELD(NM_UPDATE_BASE, u->base);
  a[NM_UPDATE_ELEMS_ARG] = NM_FIELD(NM_UPDATE_ELEMS, u->n);
  a[NM_UPDATE_MODE_ARG] = NM_FIELD(NM_UPDATE_MODE, u->mode) | NM_FIELD(NM_UPDATE_CLEAR, u->clear);
}

static void upd_check(top *t, const char *what, wsnap *exp, int want_found) {
  wsnap got = wsnap_take(t);
  size_t bad = diff_snap(NM_REGION_WUVE_W, what, exp->w, got.w) +
               diff_snap(NM_REGION_WUVE_V, what, exp->v, got.v) +
               diff_snap(NM_REGION_WUVE_G, what, exp->g, got.g) +
               diff_snap(NM_REGION_WUVE_W16, what, exp->w16, got.w16);
  ck_assert_msg(bad == 0, "%s: %s: %zu words differ from nm_wuve_elem", NM_NAME, what, bad);
  int found = (int)NM_GET(NM_STATUS_FOUND_INF, rd_ok(t, NM_REG_STATUS));
  if (found != want_found) rerun();
  ck_assert_msg(found == want_found, "%s: %s: STATUS.found_inf %d, model %d", NM_NAME, what, found,
                want_found);
  wsnap_free(&got);
}

/* One UPDATE end to end; returns the model's found_inf after it. */
static int upd_run_check(top *t, const nm_wuve_hp *hp, const upd *u, int found, int want_err) {
  wsnap exp = wsnap_take(t);
  if (!want_err) found = upd_expect(hp, u, found, &exp);
  uint32_t args[5];
  upd_args(u, args);
  char what[96];
  snprintf(what, sizeof what, "UPDATE base=%u n=%u mode=%d clear=%d", u->base, u->n, u->mode, u->clear);
  run_cmd(t, what, NM_OP_UPDATE, args, want_err,
          nm_top_update_cycles(&t->hw, u->n, u->mode, want_err != 0));
  upd_check(t, what, &exp, found);
  wsnap_free(&exp);
  return found;
}

START_TEST(update_all_modes_found_inf_match_model_bad_fields_touch_nothing) {
  top *t = top_open(0, 7);
  nm_wuve_hp hp;
  int found = 0;
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(6); rep++) {
    upd_hp(t, &hp);
    upd_fill(t, rep % 3 == 0 ? 0 : rep % 3 == 1 ? 3 : 30);
    for (int k = 0; k < 6; k++) {
      upd u;
      u.n = 1 + nm_rng_below(&t->r, k == 0 ? WDEPTH * WLANES : 40);
      unsigned beats = (unsigned)cdiv(u.n, WLANES);
      u.base = nm_rng_below(&t->r, WDEPTH - beats + 1);
      u.mode = (int)nm_rng_below(&t->r, 3);
      u.clear = (int)nm_rng_below(&t->r, 2);
      found = upd_run_check(t, &hp, &u, found, 0);
      ran++;
    }
  }
  /* AMP's sequence: clear + check over a tensor with an Inf, then update_unless_inf writes nothing. */
  upd_fill(t, 30);
  upd u = {0, WDEPTH * WLANES, NM_WUVE_CHECK, 1};
  found = upd_run_check(t, &hp, &u, found, 0);
  u.mode = NM_WUVE_UPDATE_UNLESS_INF, u.clear = 0;
  found = upd_run_check(t, &hp, &u, found, 0);
  /* Refused: mode 3 (found_inf kept even with clear), past the buffer; n = 0 runs. */
  upd b1 = {0, 5, 3, 1}, b2 = {WDEPTH - 1, WLANES + 1, 1, 0}, b3 = {3, 0, 1, 1};
  found = upd_run_check(t, &hp, &b1, found, NM_ERR_MODE);
  found = upd_run_check(t, &hp, &b2, found, NM_ERR_SIZE);
  found = upd_run_check(t, &hp, &b3, found, 0);
  upd_fill(t, 0);
  upd good = {1, 2 * WLANES + 1, NM_WUVE_UPDATE, 1};
  upd_run_check(t, &hp, &good, found, 0);
  printf("%s: %zu random UPDATE commands\n", NM_NAME, ran + 6);
  top_close(t);
}
END_TEST

/* ==== busy rules =============================================================================== */

/* While a long UPDATE runs: window reads and writes are SLVERR and touch
** nothing, CMD is refused with 8 and counted, WUVE registers keep their
** value, ARG writes are fine; the command then completes as the model
** says.  Unknown ops are refused with 9 while idle, STATUS.err unchanged. */
START_TEST(busy_refusals_window_slverr_running_command_completes) {
  top *t = top_open(tu_seed() * 13u + 1u, 8);
  nm_wuve_hp hp;
  upd_hp(t, &hp);
  upd_fill(t, 0);
  upd u = {0, WDEPTH * WLANES, NM_WUVE_UPDATE, 1};
  wsnap exp = wsnap_take(t);
  int found = upd_expect(&hp, &u, 0, &exp);
  uint32_t args[5];
  upd_args(&u, args);
  set_args(t, args);
  issue(t, NM_OP_UPDATE);
  uint32_t st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_BUSY, st) && !NM_GET(NM_STATUS_DONE, st),
                "%s: STATUS 0x%08x right after CMD, expected busy", NM_NAME, st);
  uint32_t v = 5;
  int rc = dut_top_read(t->d, NM_WIN_ADDR(NM_REGION_WUVE_W, 0, 0, 0), &v);
  ck_assert_msg(rc == 2 && v == 0, "%s: window read while busy: resp %d data 0x%08x", NM_NAME, rc, v);
  rc = dut_top_write(t->d, NM_WIN_ADDR(NM_REGION_WUVE_G, 0, 1, 0), 0x1234, 0xF);
  ck_assert_msg(rc == 2, "%s: window write while busy answered %d", NM_NAME, rc);
  rc = dut_top_write(t->d, NM_WIN_ADDR(NM_REGION_STCE_C, 0, 1, 0), 0x1234, 0xF);
  ck_assert_msg(rc == 2, "%s: STCE window write while busy answered %d", NM_NAME, rc);
  rc = dut_top_write(t->d, NM_REG_CMD, NM_OP_PRUNE, 0xF);
  t->refused++;
  ck_assert_msg(rc == 2, "%s: CMD while busy answered %d", NM_NAME, rc);
  rc = dut_top_write(t->d, NM_REG_WUVE_LR, 0x3F800000u, 0xF);
  ck_assert_msg(rc == 2, "%s: WUVE_LR write while busy answered %d", NM_NAME, rc);
  wr_ok(t, NM_REG_ARG4, 0xABCD0123u);
  st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_BUSY, st) && NM_GET(NM_STATUS_REFUSE, st) == NM_ERR_BUSY &&
                    NM_GET(NM_STATUS_OP, st) == NM_OP_UPDATE,
                "%s: STATUS 0x%08x after the refused CMD (want busy, refusal 8, op UPDATE)", NM_NAME, st);
  ck_assert_uint_eq(rd_ok(t, NM_REG_REFUSED), 1);
  ck_assert_uint_eq(rd_ok(t, NM_REG_WUVE_LR), hp.lr);
  finish(t, "UPDATE under refusals", NM_OP_UPDATE, 0,
         nm_top_update_cycles(&t->hw, u.n, u.mode, 0));
  upd_check(t, "UPDATE under refusals", &exp, found);
  st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_REFUSE, st) == NM_ERR_BUSY,
                "%s: STATUS 0x%08x: refusal code cleared by done", NM_NAME, st);
  /* Unknown ops while idle: SLVERR, code 9, nothing runs, err kept. */
  static const uint32_t ops[] = {0, 5, 9, 15};
  for (size_t i = 0; i < 4; i++) {
    uint32_t before = rd_ok(t, NM_REG_STATUS);
    rc = dut_top_write(t->d, NM_REG_CMD, ops[i], 0xF);
    t->refused++;
    st = rd_ok(t, NM_REG_STATUS);
    ck_assert_msg(rc == 2, "%s: CMD op %u answered %d", NM_NAME, ops[i], rc);
    uint32_t keep = ~NM_FIELD(NM_STATUS_REFUSE, ~0u);   /* all but the refusal code */
    ck_assert_msg(!NM_GET(NM_STATUS_BUSY, st) && NM_GET(NM_STATUS_REFUSE, st) == NM_ERR_OP &&
                      (st & keep) == (before & keep),
                  "%s: STATUS 0x%08x after op %u (before 0x%08x)", NM_NAME, st, ops[i], before);
    ck_assert_uint_eq(rd_ok(t, NM_REG_CMD), ops[i]);
  }
  /* Window write while busy left G untouched (checked above), and a CMD accepted clears the refusal. */
  upd n0 = {0, 0, 1, 0};
  upd_run_check(t, &hp, &n0, found, 0);
  st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_REFUSE, st) == 0,
                "%s: STATUS 0x%08x: refusal not cleared by an accepted CMD", NM_NAME, st);
  wsnap_free(&exp);
  top_close(t);
}
END_TEST

/* ==== ANT ======================================================================================== */

/* Both planes at element base 0, in nm_layout's row-table and element fields. */
static void ant_load(top *t, const nm_ant_plane *img, const nm_ant_plane *ker) {
  const nm_ant_plane *pl[2] = {img, ker};
  static const nm_layout_field f[2][4] = {
      {NMF_ANT_IROW_START, NMF_ANT_IROW_END, NMF_ANT_IELEM_VAL, NMF_ANT_IELEM_COORD},
      {NMF_ANT_KROW_START, NMF_ANT_KROW_END, NMF_ANT_KELEM_VAL, NMF_ANT_KELEM_COORD}};
  nm_layout_cfg L = nm_layout_here();
  nm_layout_idx x = {0};
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

/* One clear ANT command vs nm_ant_accumulate / readout / count. */
static void ant_run_check(top *t, const nm_ant_cmd *c, const nm_ant_plane *img, const nm_ant_plane *ker,
                          const char *what) {
  size_t no = (size_t)c->hout * (size_t)c->wout, bad = 0;
  nm_ant_acc *acc = calloc(no, sizeof *acc);
  ck_assert(acc);
  nm_ant_csr ci = nm_ant_plane_csr(img), ck = nm_ant_plane_csr(ker);
  nm_ant_accumulate(c, NM_ANT_ACC_BITS, &ci, &ck, acc);
  nm_ant_counts m;
  nm_ant_count(c, &ci, &ck, &m);
  uint32_t args[5] = {NM_FIELD(NM_ANT_IH, img->rows) | NM_FIELD(NM_ANT_KH, ker->rows),
                      NM_FIELD(NM_ANT_HOUT, c->hout) | NM_FIELD(NM_ANT_WOUT, c->wout), ant_arg2(c, 1), 0, 0};
  set_args(t, args);
  issue(t, NM_OP_ANT);
  cmd_out o = finish(t, what, NM_OP_ANT, 0, 0);
  uint64_t want = (uint64_t)o.eng + nm_top_ant_overhead(&t->hw);
  ck_assert_msg(o.last == (uint32_t)want, "%s: %s: LAST_CYCLES %u, ENGINE_CYCLES %u + overhead = %llu",
                NM_NAME, what, o.last, o.eng, (unsigned long long)want);
  int ovf = 0;
  for (size_t q = 0; q < no; q++) {
    uint32_t exp[3] = {nm_ant_readout(&acc[q], 0), nm_ant_readout(&acc[q], 1),
                       (uint32_t)(acc[q].ovf << 3 | acc[q].nan << 2 | acc[q].ninf << 1 | acc[q].pinf)};
    static const int ids[3] = {NM_REGION_ANT_OUT32, NM_REGION_ANT_OUT16, NM_REGION_ANT_FLAGS};
    static const char *names[3] = {"out32", "out16", "flags"};
    ovf |= acc[q].ovf;
    for (int k = 0; k < 3; k++) {
      uint32_t w[8];
      if (q % 7 == 0) w[0] = rd_ok(t, NM_WIN_ADDR(ids[k], 0, q, 0));  /* front door too */
      else dut_top_hb_read(t->d, ids[k], 0, (unsigned)q, w);
      if (w[0] != exp[k] && bad++ < MAX_REPORT)
        fprintf(stderr, "MISMATCH %s %s[oy=%zu,ox=%zu]: expected 0x%08x got 0x%08x\n", what, names[k],
                q / (size_t)c->wout, q % (size_t)c->wout, exp[k], w[0]);
    }
  }
  uint32_t got[4] = {rd_ok(t, NM_REG_ANT_PAIRS), rd_ok(t, NM_REG_ANT_PRODS), rd_ok(t, NM_REG_ANT_RCPS),
                     rd_ok(t, NM_REG_ANT_SKIPPED)};
  uint64_t wantc[4] = {m.pairs, m.products, m.rcps, m.skipped};
  for (int k = 0; k < 4; k++)
    if (got[k] != (uint32_t)wantc[k] && bad++ < MAX_REPORT)
      fprintf(stderr, "MISMATCH %s counter %d: expected %llu got %u\n", what, k,
              (unsigned long long)wantc[k], got[k]);
  if ((int)(o.status >> 13 & 1) != ovf && bad++ < MAX_REPORT)
    fprintf(stderr, "MISMATCH %s STATUS.ant_ovf %u, model %d\n", what, o.status >> 13 & 1, ovf);
  if (bad) rerun();
  ck_assert_msg(bad == 0, "%s: %s: %zu differences from the ANT model", NM_NAME, what, bad);
  free(acc);
}

START_TEST(ant_random_planes_match_model_bad_fields_refused) {
  top *t = top_open(0, 9);
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(16); rep++) {
    int k = 1 + (int)nm_rng_below(&t->r, 3), st = 1 + (int)nm_rng_below(&t->r, 2),
        pad = (int)nm_rng_below(&t->r, 2);
    int h = k + (int)nm_rng_below(&t->r, 8), w = k + (int)nm_rng_below(&t->r, 8);
    nm_ant_cmd c = {(int)(rep % 2), (h + 2 * pad - k) / st + 1, (w + 2 * pad - k) / st + 1, st, 1,
                    pad, NM_ANT_N};
    nm_ant_plane img, ker;
    int vclass = rep % 4 == 3 ? NM_ANT_V_SPECIAL : NM_ANT_V_WIDE;
    ck_assert(!nm_ant_plane_random(&img, h, w, 0.2 + 0.6 * nm_rng_unit(&t->r), vclass, &t->r));
    ck_assert(!nm_ant_plane_random(&ker, k, k, 0.5 + 0.5 * nm_rng_unit(&t->r), vclass, &t->r));
    ant_load(t, &img, &ker);
    char what[96];
    snprintf(what, sizeof what, "ANT#%zu %s %dx%d k%d st%d pad%d", rep, c.mode ? "scnn" : "ant", h, w,
             k, st, pad);
    ant_run_check(t, &c, &img, &ker, what);
    nm_ant_plane_free(&img), nm_ant_plane_free(&ker);
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
    uint32_t before = rd_ok(t, NM_WIN_ADDR(NM_REGION_ANT_OUT32, 0, 0, 0));
    uint32_t args[5] = {bad[i].a0, bad[i].a1, bad[i].a2, 0, 0};
    cmd_out o = run_cmd(t, bad[i].what, NM_OP_ANT, args, bad[i].err, 0);
    ck_assert_msg(o.last == o.eng + nm_top_ant_overhead(&t->hw), "%s: refused ANT LAST_CYCLES %u ENGINE %u",
                  NM_NAME, o.last, o.eng);
    ck_assert_uint_eq(rd_ok(t, NM_WIN_ADDR(NM_REGION_ANT_OUT32, 0, 0, 0)), before);
  }
  printf("%s: %zu random ANT commands\n", NM_NAME, ran);
  top_close(t);
}
END_TEST

/* Every op back to back in one session, with random AXI delays: the
** counters add up across ops (checked by top_close). */
START_TEST(mixed_ops_with_axi_delays_counters_add_up) {
  top *t = top_open(tu_seed() * 101u + 5u, 10);
  nm_wuve_hp hp;
  upd_hp(t, &hp);
  upd_fill(t, 2);
  prune_fill(t);
  int found = 0;
  for (size_t rep = 0; rep < reps(4); rep++) {
    gemm c;
    gemm_make(t, (int)(rep % 2), &c);
    c.g.ws = NM_DATAFLOW == NM_DATAFLOW_WS || (NM_DATAFLOW == NM_DATAFLOW_BOTH && rep % 2);
    gemm_load(t, &c);
    gemm_run_check(t, &c);
    gemm_free(&c);
    int m = 2 + (int)nm_rng_below(&t->r, NM_MMAX - 1);
    prune_run_check(t, 1 + (int)nm_rng_below(&t->r, 16), (int)rep, 1 + (int)nm_rng_below(&t->r, (uint32_t)m), m, 0);
    upd u = {(unsigned)rep, 1 + nm_rng_below(&t->r, 30), (int)nm_rng_below(&t->r, 3), 1};
    found = upd_run_check(t, &hp, &u, found, 0);
  }
  top_close(t);
}
END_TEST

static Suite *rtl_top_suite(void) {
  Suite *s = suite_create("rtl_top_" NM_NAME);
  TCase *tc = tcase_create("rtl_top");
  tcase_set_timeout(tc, 1200);
  tcase_add_test(tc, id_version_and_cfg_registers_equal_nm_config);
  tcase_add_test(tc, axi_random_delays_strobes_slverr_and_no_hang);
  tcase_add_test(tc, axi_outstanding_back_to_back_writes_and_reads);
  tcase_add_test(tc, window_round_trip_every_region_wstrb_ro_and_bounds);
  tcase_add_test(tc, gemm_random_os_ws_match_model_and_cycle_model);
  tcase_add_test(tc, gemm_bad_fields_refused_with_code_touch_nothing);
  tcase_add_test(tc, prune_random_nm_match_model_bad_fields_touch_nothing);
  tcase_add_test(tc, update_all_modes_found_inf_match_model_bad_fields_touch_nothing);
  tcase_add_test(tc, busy_refusals_window_slverr_running_command_completes);
  tcase_add_test(tc, ant_random_planes_match_model_bad_fields_refused);
  tcase_add_test(tc, mixed_ops_with_axi_delays_counters_add_up);
  suite_add_tcase(s, tc);
  return s;
}

const check_prog check_program = {.name = "test_rtl_top", .suite = rtl_top_suite};
