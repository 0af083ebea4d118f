/*
** top_refusals: every way nm_top refuses a command, on the Verilated nm_top
** of one configuration (nm_config.h force-included), for the Icarus replay
** (sim/replay_top records this run and replays it; nmsim supplies the
** good commands).  Each bad command has exactly one bad field against a
** good base command of its op; the run checks STATUS.ERR (or the CMD
** write's SLVERR and STATUS.REFUSE) and that the next good command of the
** op still runs clean.  Covers: GEMM N > M, N = 0, M > MMAX, K % M, I = 0,
** A / B / C / C_in bases past their buffers (B in both dataflows: the bound
** check a 4-state simulator lost with the jbb bug), the dataflow not
** generated; PRUNE N > M, N = 0, M > MMAX, base past; UPDATE mode 3, base
** past; ANT stride 3, dilation 3, rows over CFG_ANT_ROWS, Hout = 0, no
** CLEAR over accumulators never cleared; an unknown op; CMD and a window
** access while busy.
**
** Prints one line per case and "N passed, N failed"; exit 0 only if all passed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dut_top.h"

#ifndef NM_NAME
#error "compile with -include <build>/<cfg>/gen/nm_config.h"
#endif

#define F(op, field, v) ((uint32_t)(v) << NM_##op##_##field##_LSB)
#define ERR_OF(status) NM_GET(NM_STATUS_ERR, status)
#define REFUSE_OF(status) NM_GET(NM_STATUS_REFUSE, status)
#define BUSY_OF(status) NM_GET(NM_STATUS_BUSY, status)
#define HAS_OS (NM_DATAFLOW != NM_DATAFLOW_WS)
#define HAS_WS (NM_DATAFLOW != NM_DATAFLOW_OS)

static int passed, failed;

static void result(int ok, const char *what, const char *detail) {
  if (ok) passed++;
  else failed++;
  printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", what, detail ? ": " : "", detail ? detail : "");
}

/* Write args and CMD, wait for idle; returns STATUS, or ~0u on a bus or wait failure. */
static uint32_t run(dut_top *d, unsigned op, const uint32_t a[5]) {
  static const uint32_t arg_reg[5] = {NM_REG_ARG0, NM_REG_ARG1, NM_REG_ARG2, NM_REG_ARG3, NM_REG_ARG4};
  uint32_t st = 0;
  for (int k = 0; k < 5; k++)
    if (dut_top_write(d, arg_reg[k], a[k], 0xF) != 0) return ~0u;
  if (dut_top_write(d, NM_REG_CMD, op, 0xF) != 0) return ~0u;
  if (dut_top_wait(d, 1000000) != 0) return ~0u;
  if (dut_top_read(d, NM_REG_STATUS, &st) != 0) return ~0u;
  return st;
}

/* One case: the command's STATUS.ERR must be want (0: it ran). */
static void expect(dut_top *d, const char *what, unsigned op, const uint32_t a[5], unsigned want) {
  char msg[96];
  uint32_t st = run(d, op, a);
  if (st == ~0u) {
    result(0, what, "bus error or hang");
    return;
  }
  snprintf(msg, sizeof msg, "STATUS 0x%08x, ERR %u (want %u)", st, ERR_OF(st), want);
  result(ERR_OF(st) == want && !BUSY_OF(st), what, ERR_OF(st) == want ? NULL : msg);
}

/* A small dense GEMM (I = R, J = C, K = M = MMAX) in dataflow ws; fits every buffer. */
static void gemm_base(uint32_t a[5], int ws) {
  memset(a, 0, 5 * sizeof *a);
  a[0] = F(GEMM, I, NM_ROWS) | F(GEMM, J, NM_COLS);
  a[1] = F(GEMM, K, NM_MMAX) | F(GEMM, N, 1) | F(GEMM, M, NM_MMAX);
  a[2] = F(GEMM, WS, ws);
}

static void gemm_cases(dut_top *d) {
  uint32_t a[5];
  int ws = !HAS_OS;
  for (int df = 0; df < 2; df++) {
    if ((df == 0 && !HAS_OS) || (df == 1 && !HAS_WS)) continue;
    const char *sfx = df ? " (WS)" : " (OS)";
    char what[64];
#define GEMM_CASE(name, edit, code)                              \
  do {                                                           \
    gemm_base(a, df);                                            \
    edit;                                                        \
    snprintf(what, sizeof what, "GEMM %s%s", name, sfx);         \
    expect(d, what, NM_OP_GEMM, a, code);                        \
  } while (0)
    GEMM_CASE("N > M", a[1] = F(GEMM, K, NM_MMAX) | F(GEMM, N, NM_MMAX + 1) | F(GEMM, M, NM_MMAX);
              a[2] |= F(GEMM, SPARSE, 1), 1);
    GEMM_CASE("N = 0", a[1] = F(GEMM, K, NM_MMAX) | F(GEMM, M, NM_MMAX); a[2] |= F(GEMM, SPARSE, 1), 1);
    GEMM_CASE("M > MMAX", a[1] = F(GEMM, K, NM_MMAX + 1) | F(GEMM, N, 1) | F(GEMM, M, NM_MMAX + 1), 2);
    GEMM_CASE("K % M", a[1] = F(GEMM, K, NM_MMAX + 1) | F(GEMM, N, 1) | F(GEMM, M, NM_MMAX), 3);
    GEMM_CASE("I = 0", a[0] = F(GEMM, J, NM_COLS), 4);
    GEMM_CASE("ABASE past A", a[3] = F(GEMM, ABASE, NM_ABUF_DEPTH), 4);
    GEMM_CASE("BBASE past B", a[3] = F(GEMM, BBASE, NM_BBUF_DEPTH), 4);
    GEMM_CASE("CBASE past C", a[4] = F(GEMM, CBASE, NM_CBUF_DEPTH), 4);
    GEMM_CASE("CINBASE past C", a[2] |= F(GEMM, CIN, 1); a[4] = F(GEMM, CINBASE, NM_CBUF_DEPTH), 4);
    GEMM_CASE("good", (void)0, 0);
#undef GEMM_CASE
    ws = df;
  }
  if (!HAS_OS || !HAS_WS) {
    gemm_base(a, HAS_OS);  /* the dataflow this build lacks */
    expect(d, HAS_OS ? "GEMM WS on an OS-only build" : "GEMM OS on a WS-only build", NM_OP_GEMM, a, 5);
  }
  gemm_base(a, ws);
  expect(d, "GEMM good after the refusals", NM_OP_GEMM, a, 0);
}

static void prune_base(uint32_t a[5]) {
  memset(a, 0, 5 * sizeof *a);
  a[0] = F(PRUNE, BEATS, 1);
  a[1] = F(PRUNE, N, 1) | F(PRUNE, M, 2);
}

static void update_base(uint32_t a[5]) {
  memset(a, 0, 5 * sizeof *a);
  a[1] = F(UPDATE, ELEMS, 1);  /* mode 0: check only */
}

static void ant_base(uint32_t a[5], int clear) {
  memset(a, 0, 5 * sizeof *a);
  a[0] = F(ANT, IH, 1) | F(ANT, KH, 1);
  a[1] = F(ANT, HOUT, 1) | F(ANT, WOUT, 1);
  a[2] = F(ANT, ST, 1) | F(ANT, D, 1) | F(ANT, CLEAR, clear);
}

static void other_cases(dut_top *d) {
  uint32_t a[5];
  prune_base(a), a[1] = F(PRUNE, N, 3) | F(PRUNE, M, 2);
  expect(d, "PRUNE N > M", NM_OP_PRUNE, a, 1);
  prune_base(a), a[1] = F(PRUNE, M, 2);
  expect(d, "PRUNE N = 0", NM_OP_PRUNE, a, 1);
  prune_base(a), a[1] = F(PRUNE, N, 1) | F(PRUNE, M, NM_MMAX + 1);
  expect(d, "PRUNE M > MMAX", NM_OP_PRUNE, a, 1);
  prune_base(a), a[0] |= F(PRUNE, BASE, NM_SORE_BUF_DEPTH);
  expect(d, "PRUNE BASE past the SORE buffers", NM_OP_PRUNE, a, 4);
  prune_base(a);
  expect(d, "PRUNE good", NM_OP_PRUNE, a, 0);

  update_base(a), a[2] = F(UPDATE, MODE, 3);
  expect(d, "UPDATE mode 3", NM_OP_UPDATE, a, 6);
  update_base(a), a[0] = F(UPDATE, BASE, NM_WUVE_BUF_DEPTH);
  expect(d, "UPDATE BASE past the WUVE buffers", NM_OP_UPDATE, a, 4);
  update_base(a);
  expect(d, "UPDATE good", NM_OP_UPDATE, a, 0);

  ant_base(a, 0);
  expect(d, "ANT without CLEAR, accumulators never cleared", NM_OP_ANT, a, 7);
  ant_base(a, 1), a[2] = F(ANT, ST, 3) | F(ANT, D, 1) | F(ANT, CLEAR, 1);
  expect(d, "ANT stride 3", NM_OP_ANT, a, 1);
  ant_base(a, 1), a[2] = F(ANT, ST, 1) | F(ANT, D, 3) | F(ANT, CLEAR, 1);
  expect(d, "ANT dilation 3", NM_OP_ANT, a, 2);
  ant_base(a, 1), a[0] = F(ANT, IH, NM_ANT_ROWS + 1) | F(ANT, KH, 1);
  expect(d, "ANT image rows over CFG_ANT_ROWS", NM_OP_ANT, a, 3);
  ant_base(a, 1), a[1] = F(ANT, WOUT, 1);
  expect(d, "ANT Hout = 0", NM_OP_ANT, a, 4);
  ant_base(a, 1);
  expect(d, "ANT good (CLEAR)", NM_OP_ANT, a, 0);
}

/* An unknown op, then CMD and a window read while a long GEMM runs. */
static void refusal_cases(dut_top *d) {
  uint32_t a[5], st = 0, v = 0;
  int rc = dut_top_write(d, NM_REG_CMD, NM_OP_XFER + 1, 0xF);   /* the op after the last */
  int ok = rc == 2 && dut_top_read(d, NM_REG_STATUS, &st) == 0 && REFUSE_OF(st) == NM_ERR_OP && !BUSY_OF(st);
  result(ok, "unknown op (XFER + 1): SLVERR, STATUS.REFUSE 9", NULL);

  gemm_base(a, !HAS_OS);
  a[0] = F(GEMM, I, NM_ROWS * 4) | F(GEMM, J, NM_COLS * 4);
  a[1] = F(GEMM, K, NM_MMAX * 4) | F(GEMM, N, 1) | F(GEMM, M, NM_MMAX);
  static const uint32_t arg_reg[5] = {NM_REG_ARG0, NM_REG_ARG1, NM_REG_ARG2, NM_REG_ARG3, NM_REG_ARG4};
  ok = 1;
  for (int k = 0; k < 5; k++) ok &= dut_top_write(d, arg_reg[k], a[k], 0xF) == 0;
  ok &= dut_top_write(d, NM_REG_CMD, NM_OP_GEMM, 0xF) == 0;
  ok &= dut_top_write(d, NM_REG_CMD, NM_OP_PRUNE, 0xF) == 2;              /* busy: refused */
  ok &= dut_top_read(d, NM_WIN_ADDR(NM_REGION_STCE_C, 0, 0, 0), &v) == 2;  /* window while busy */
  ok &= dut_top_read(d, NM_REG_STATUS, &st) == 0 && BUSY_OF(st) && REFUSE_OF(st) == NM_ERR_BUSY;
  ok &= dut_top_wait(d, 1000000) == 0 && dut_top_read(d, NM_REG_STATUS, &st) == 0 && ERR_OF(st) == 0;
  result(ok, "CMD and window while busy: SLVERR, REFUSE 8, the GEMM completes", NULL);
}

int main(void) {
  dut_top *d = dut_top_open(NULL);
  if (!d) {
    fprintf(stderr, "top_refusals: dut_top_open failed\n");
    return 1;
  }
  printf("top_refusals: config %s\n", NM_NAME);
  gemm_cases(d);
  other_cases(d);
  refusal_cases(d);
  dut_top_close(d);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
