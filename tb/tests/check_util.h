/*
** Shared helpers of the test programs: the run's knobs from the environment
** and mismatch reports that say what differed and how to rerun it.
**
**   NMTEST_SEED=S     seed of every random stream (default 1)
**   NMTEST_QUICK=1    reduced vector counts (sanitizer builds)
**   NMTEST_LONG=1     add the exhaustive suites (make test-long)
**   NMTEST_ONLY_CFG=C only the models of configuration C
*/
#ifndef NM_CHECK_UTIL_H
#define NM_CHECK_UTIL_H

#include <stddef.h>
#include <stdint.h>

uint64_t tu_seed(void);
int tu_quick(void);
int tu_long(void);
const char *tu_only_cfg(void);       /* NULL = all */
/* Call first in main: when NMTEST_ONLY_CFG is set but names none of the n
** linked configurations name(0..n-1) (NULL names are skipped), print
** "NMTEST_ONLY_CFG=x matches no linked configuration (have: a b c)" and
** exit 2, so a mistyped filter fails instead of passing on nothing. */
void tu_only_cfg_require(const char *prog, size_t n, const char *(*name)(size_t i));
size_t tu_count(size_t full);        /* full, or full/20 when quick (at least 1000) */

/*
** Compare exp and got word by word.  Each mismatch (the first `max_report`)
** is printed as one line: tensor, index, the operands, expected and actual
** bits, seed and rerun command.  Returns the number of mismatches.
** b may be NULL for one-operand units; `width` is the hex digits to print.
*/
size_t tu_report_mismatches(const char *tensor, const uint32_t *a, const uint32_t *b,
                            const uint32_t *exp, const uint32_t *got, size_t n, int width,
                            size_t max_report);

/* Monotonic seconds, for rates printed in test output (never asserted). */
double tu_now(void);

/* The program's argv[0] for rerun commands (set by check_main or a bench's main). */
const char *tu_prog(void);
void tu_set_prog(const char *argv0);

/*
** Checks in harness code that Check tests and bench programs share
** (e.g. stce_harness.c): in a Check test a failure ends the test as
** ck_assert_msg does; in a bench program, after tu_bench_mode(), it prints
** "PROG: FILE:LINE: message" and exits 1, so a bench never prints numbers
** from a run that differed from the model.
*/
#define TU_ASSERT(cond, ...) ((cond) ? (void)0 : tu_fail(__FILE__, __LINE__, __VA_ARGS__))
void tu_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void tu_bench_mode(const char *argv0);

/* A bench program's start: bench mode, no arguments (else exit 2), at least
** one linked model (else exit 1) and an NMTEST_ONLY_CFG naming one of them. */
void tu_bench_start(int argc, char **argv, size_t n, const char *(*name)(size_t i));

#endif
