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
** This file: the registers, the AXI slave, the windows, all ops in one
** session, and the suite; each op's tests are test_rtl_top_<op>.c, the
** harness rtl_top_harness.h.
**
** Knobs (check_util.h): NMTEST_SEED, NMTEST_QUICK (fewer commands),
** NMTEST_LONG (more); NMTEST_TRACE=FILE.fst traces the last dut opened.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "rtl_top_harness.h"

#define SLANES_T NM_SORE_LANES
#define WLANES_T NM_WUVE_LANES

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

/* The RW registers whose write does no more than store: not CMD, Q_PUSH
** (they issue or queue a command), Q_CTRL (resets the queue); returns their count. */
static size_t plain_rw_regs(uint32_t *off) {
  size_t n = 0;
  for (size_t i = 0; i < NUM_REGS; i++)
    if (!kRegs[i].ro && kRegs[i].off != NM_REG_CMD && kRegs[i].off != NM_REG_Q_PUSH &&
        kRegs[i].off != NM_REG_Q_CTRL)
      off[n++] = kRegs[i].off;
  return n;
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
  for (size_t ri = 0; ri < kNumRegions; ri++) {
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

/* Every op back to back in one session, with random AXI delays: the
** counters add up across ops (checked by top_close). */
START_TEST(mixed_ops_with_axi_delays_counters_add_up) {
  nm_wuve_hp hp;
  top *t = upd_session(tu_seed() * 101u + 5u, 10, &hp, 2);
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
  const TTest *bus[] = {
      id_version_and_cfg_registers_equal_nm_config,
      axi_random_delays_strobes_slverr_and_no_hang,
      axi_outstanding_back_to_back_writes_and_reads,
      window_round_trip_every_region_wstrb_ro_and_bounds,
      NULL};
  TCase *tc = check_add_tcase(s, "rtl_top", 1200, bus);
  rtl_top_add_gemm_tests(tc);
  rtl_top_add_prune_tests(tc);
  rtl_top_add_update_tests(tc);
  rtl_top_add_ant_tests(tc);
  tcase_add_test(tc, mixed_ops_with_axi_delays_counters_add_up);
  return s;
}

const check_prog check_program = {.name = "test_rtl_top", .suite = rtl_top_suite};
