/*
** train_report: how nmsim says what went wrong and how to rerun it.
**
** Every check of nmsim goes through here.  The report knows the run (seed,
** configuration, the exact command line) and the command being checked
** (op and fields, set before each command), so a mismatch line names the
** tensor, the index, the expected and actual bits, the command, the seed and
** the command line that reproduces it.  The first failing check ends the
** run (nmsim exits 1); there is no global state: the caller owns the struct.
*/
#ifndef NM_TRAIN_REPORT_H
#define NM_TRAIN_REPORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct train_report {
  const char *cmdline;   /* the exact command line of this run */
  const char *cfg;       /* configuration name */
  uint64_t seed;
  int quiet;             /* only the summary and failures */
  int iter, layer;       /* where the workload is (-1: not in a step) */
  char cmd[384];         /* the command being checked: op and fields */
  int failed;            /* a check failed */
} train_report;

/* The command the following checks belong to (printf-style). */
void rep_cmd(train_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A failed check that is not a tensor compare: prints FAIL, the message, the
** command, seed and command line; sets failed; returns -1. */
int rep_fail(train_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
** Compare n words of a tensor, bit for bit.  On a mismatch prints the first
** few differing elements (index, [row][col] when cols > 0, expected and
** actual bits with `width` hex digits), the count, the command, the seed and
** the command line; returns -1.  Returns 0 when equal.
*/
int rep_compare(train_report *r, const char *tensor, const uint32_t *exp, const uint32_t *got,
                size_t n, size_t cols, int width);

/* Progress line unless quiet. */
void rep_note(const train_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
