/*
** The schedule model (tb/bench/e2e_sched.c), no RTL: hand-computed lists
** (serial, perfect overlap, a double-buffered pipeline, in-order channels,
** engines side by side, bad input), then random lists against properties written
** independently of the model: every op starts after its deps and after the
** channel's previous op; some such bound is tight (no op starts late); no
** two ops of a channel overlap; max(channel sums) <= makespan <= total.
** Knobs (check_util.h): NMTEST_SEED, NMTEST_QUICK.
*/
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "e2e_sched.h"
#include "nm_rng.h"

#define C ES_COMPUTE
#define X ES_XFER
#define S ES_SORE
#define W ES_WUVE
#define OP0(ch, cy) {.chan = (ch), .cycles = (cy)}
#define OP1(ch, cy, a) {.chan = (ch), .cycles = (cy), .ndeps = 1, .dep = {(a)}}
#define OP2(ch, cy, a, b) {.chan = (ch), .cycles = (cy), .ndeps = 2, .dep = {(a), (b)}}

/* Run ops and compare every start and end, the makespan and the busy sum. */
static void expect(const char *what, const es_op *ops, int n, const uint64_t *exp_start,
                   uint64_t exp_span, uint64_t exp_busy) {
  uint64_t st[32], en[32], busy = 12345;
  ck_assert(n <= 32);
  uint64_t span = es_schedule(ops, n, st, en, &busy);
  for (int i = 0; i < n; i++)
    ck_assert_msg(st[i] == exp_start[i] && en[i] == exp_start[i] + ops[i].cycles,
                  "%s: op %d starts %llu ends %llu, expected %llu .. %llu", what, i,
                  (unsigned long long)st[i], (unsigned long long)en[i],
                  (unsigned long long)exp_start[i], (unsigned long long)(exp_start[i] + ops[i].cycles));
  ck_assert_msg(span == exp_span && busy == exp_busy, "%s: makespan %llu busy %llu, expected %llu %llu",
                what, (unsigned long long)span, (unsigned long long)busy,
                (unsigned long long)exp_span, (unsigned long long)exp_busy);
  /* Without start/end arrays: the same makespan (deps need a scratch copy). */
  uint64_t b2 = 0;
  ck_assert_msg(es_schedule(ops, n, NULL, NULL, &b2) == exp_span && b2 == exp_busy,
                "%s: NULL start/end changes the result", what);
}

START_TEST(serial_chain) {
  /* load, compute, store, compute: each waits for the one before. */
  const es_op ops[] = {OP0(X, 4), OP1(C, 10, 0), OP1(X, 3, 1), OP1(C, 7, 2)};
  const uint64_t st[] = {0, 4, 14, 17};
  expect("serial", ops, 4, st, 24, 17);
}
END_TEST

START_TEST(perfect_overlap) {
  /* No deps: the channels run side by side, makespan = the longer sum. */
  const es_op ops[] = {OP0(C, 10), OP0(X, 10), OP0(C, 10), OP0(X, 10), OP0(C, 10), OP0(X, 8)};
  const uint64_t st[] = {0, 0, 10, 10, 20, 20};
  expect("overlap", ops, 6, st, 30, 30);
  const es_op xl[] = {OP0(X, 50), OP0(C, 5), OP0(C, 5)};
  const uint64_t sx[] = {0, 0, 5};
  expect("xfer-bound", xl, 3, sx, 50, 10);
}
END_TEST

START_TEST(double_buffered_pipeline) {
  /* Ping-pong halves, loads 4, computes 10, stores 3 (worked by hand):
  **  0 X load t0            0..4
  **  1 X load t1 (half 1)   4..8
  **  2 C comp t0 <- 0       4..14
  **  3 C comp t1 <- 1       14..24
  **  4 X store t0 <- 2      14..17  (X idle 8..14)
  **  5 X load t2 <- 2       17..21  (half 0 freed by comp t0)
  **  6 C comp t2 <- 5, 4    24..34  (C half 0 stored)
  **  7 X store t1 <- 3      24..27
  **  8 X store t2 <- 6      34..37 */
  const es_op ops[] = {OP0(X, 4),       OP0(X, 4),       OP1(C, 10, 0), OP1(C, 10, 1), OP1(X, 3, 2),
                       OP1(X, 4, 2),    OP2(C, 10, 5, 4), OP1(X, 3, 3), OP1(X, 3, 6)};
  const uint64_t st[] = {0, 4, 4, 14, 14, 17, 24, 24, 34};
  expect("pipeline", ops, 9, st, 37, 30);
}
END_TEST

START_TEST(channels_run_in_list_order) {
  /* Op 2 is ready at 0 but its channel runs op 1 first (in order, no bypass). */
  const es_op ops[] = {OP0(X, 20), OP1(C, 5, 0), OP0(C, 5), OP0(X, 1)};
  const uint64_t st[] = {0, 20, 25, 20};
  expect("in-order", ops, 4, st, 30, 10);
  /* A dep on an op of the same channel and zero-cycle ops. */
  const es_op z[] = {OP0(C, 0), OP1(X, 0, 0), OP2(C, 6, 1, 0), OP1(X, 2, 2)};
  const uint64_t sz[] = {0, 0, 0, 6};
  expect("zero", z, 4, sz, 8, 6);
  uint64_t busy = 7;
  ck_assert(es_schedule(NULL, 0, NULL, NULL, &busy) == 0 && busy == 0);
}
END_TEST

START_TEST(engines_side_by_side) {
  /* A GEMM, a PRUNE and an UPDATE on their own channels, each after its
  ** load; the UPDATE's store, then a PRUNE that waits for it (PRUNE reads
  ** UPDATE's W16).  Busy counts every engine, not the DMA:
  **  0 X load S   0..2    1 S prune <- 0   2..12
  **  2 X load W   2..5    3 W update <- 2  5..13
  **  4 C gemm     0..20   5 X store W <- 3 13..15
  **  6 S prune <- 5, 1   15..25 */
  const es_op ops[] = {OP0(X, 2), OP1(S, 10, 0), OP0(X, 3), OP1(W, 8, 2), OP0(C, 20), OP1(X, 2, 3),
                       OP2(S, 10, 5, 1)};
  const uint64_t st[] = {0, 2, 2, 5, 0, 13, 15};
  expect("engines", ops, 7, st, 25, 48);
}
END_TEST

START_TEST(bad_ops_are_refused) {
  es_op ops[] = {OP0(C, 1), OP1(X, 1, 0), OP0(C, 1)};
  ck_assert(es_schedule(ops, 3, NULL, NULL, NULL) == 2);  /* C 0..1, X 1..2, C 1..2 */
  ops[2] = (es_op)OP1(C, 1, 2);  /* itself */
  ck_assert(es_schedule(ops, 3, NULL, NULL, NULL) == UINT64_MAX);
  ops[2] = (es_op)OP1(C, 1, -1);
  ck_assert(es_schedule(ops, 3, NULL, NULL, NULL) == UINT64_MAX);
  ops[2] = (es_op)OP0(ES_NCHAN, 1);
  ck_assert(es_schedule(ops, 3, NULL, NULL, NULL) == UINT64_MAX);
  ops[2] = (es_op)OP0(-1, 1);
  ck_assert(es_schedule(ops, 3, NULL, NULL, NULL) == UINT64_MAX);
  ops[2] = (es_op)OP0(C, 1);
  ops[2].ndeps = ES_MAX_DEPS + 1;
  ck_assert(es_schedule(ops, 3, NULL, NULL, NULL) == UINT64_MAX);
  ck_assert(es_schedule(ops, -1, NULL, NULL, NULL) == UINT64_MAX);
}
END_TEST

START_TEST(random_lists_keep_the_rules) {
  enum { NMAX = 64 };
  nm_rng r;
  nm_rng_seed(&r, tu_seed());
  size_t lists = tu_quick() ? 500 : 5000;
  for (size_t l = 0; l < lists; l++) {
    es_op ops[NMAX];
    uint64_t st[NMAX], en[NMAX], busy, sum[ES_NCHAN] = {0};
    int n = 1 + (int)nm_rng_below(&r, NMAX);
    for (int i = 0; i < n; i++) {
      memset(&ops[i], 0, sizeof ops[i]);
      ops[i].chan = (int)nm_rng_below(&r, ES_NCHAN);
      ops[i].cycles = nm_rng_below(&r, 100);
      ops[i].ndeps = i ? (int)nm_rng_below(&r, ES_MAX_DEPS + 1) : 0;
      for (int d = 0; d < ops[i].ndeps; d++) ops[i].dep[d] = (int)nm_rng_below(&r, (uint32_t)i);
      sum[ops[i].chan] += ops[i].cycles;
    }
    uint64_t span = es_schedule(ops, n, st, en, &busy);
    uint64_t last[ES_NCHAN] = {0}, maxend = 0;
    for (int i = 0; i < n; i++) {
      uint64_t ready = last[ops[i].chan];  /* the channel's previous op ended */
      for (int d = 0; d < ops[i].ndeps; d++)
        if (en[ops[i].dep[d]] > ready) ready = en[ops[i].dep[d]];
      ck_assert_msg(st[i] == ready && en[i] == st[i] + ops[i].cycles,
                    "list %zu op %d: start %llu, ready at %llu (seed %llu)", l, i,
                    (unsigned long long)st[i], (unsigned long long)ready, (unsigned long long)tu_seed());
      last[ops[i].chan] = en[i];
      if (en[i] > maxend) maxend = en[i];
    }
    uint64_t lo = 0, all = 0;
    for (int c = 0; c < ES_NCHAN; c++) lo = sum[c] > lo ? sum[c] : lo, all += sum[c];
    ck_assert_msg(span == maxend && busy == all - sum[ES_XFER] && span >= lo && span <= all,
                  "list %zu: makespan %llu (last end %llu, longest channel %llu, all %llu) busy %llu (seed %llu)",
                  l, (unsigned long long)span, (unsigned long long)maxend, (unsigned long long)lo,
                  (unsigned long long)all, (unsigned long long)busy, (unsigned long long)tu_seed());
  }
}
END_TEST

static Suite *e2e_sched_suite(void) {
  const TTest *tests[] = {serial_chain, perfect_overlap, double_buffered_pipeline,
                          channels_run_in_list_order, engines_side_by_side, bad_ops_are_refused, random_lists_keep_the_rules,
                          NULL};
  return check_suite("e2e_sched", "e2e_sched", 60, tests);
}

const check_prog check_program = {.name = "test_e2e_sched", .suite = e2e_sched_suite};
