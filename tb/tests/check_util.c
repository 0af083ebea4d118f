/*
** Test helpers (see check_util.h).
*/
#define _POSIX_C_SOURCE 200809L
#include "check_util.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int env_flag(const char *name) {
  const char *v = getenv(name);
  return v && *v && *v != '0';
}

uint64_t tu_seed(void) {
  const char *v = getenv("NMTEST_SEED");
  return v && *v ? strtoull(v, NULL, 0) : 1;
}

int tu_quick(void) { return env_flag("NMTEST_QUICK"); }
int tu_long(void) { return env_flag("NMTEST_LONG"); }

const char *tu_only_cfg(void) {
  const char *v = getenv("NMTEST_ONLY_CFG");
  return v && *v ? v : NULL;
}

void tu_only_cfg_require(const char *prog, size_t n, const char *(*name)(size_t i)) {
  const char *only = tu_only_cfg();
  if (!only) return;
  for (size_t i = 0; i < n; i++) {
    const char *c = name(i);
    if (c && strcmp(c, only) == 0) return;
  }
  fprintf(stderr, "%s: NMTEST_ONLY_CFG=%s matches no linked configuration (have:", prog, only);
  for (size_t i = 0; i < n; i++) { /* each name once; name() may reuse its buffer */
    char c[128];
    const char *ni = name(i);
    if (!ni) continue;
    snprintf(c, sizeof c, "%s", ni);
    int seen = 0;
    for (size_t k = 0; k < i && !seen; k++) seen = name(k) && strcmp(name(k), c) == 0;
    if (!seen) fprintf(stderr, " %s", c);
  }
  fprintf(stderr, ")\n");
  exit(2);
}

size_t tu_count(size_t full) {
  if (!tu_quick()) return full;
  return full / 20 > 1000 ? full / 20 : (full < 1000 ? full : 1000);
}

size_t tu_report_mismatches(const char *tensor, const uint32_t *a, const uint32_t *b,
                            const uint32_t *exp, const uint32_t *got, size_t n, int width,
                            size_t max_report) {
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    if (exp[i] == got[i]) continue;
    if (bad++ >= max_report) continue;
    if (b)
      fprintf(stderr, "MISMATCH %s[%zu]: a=0x%08x b=0x%08x expected 0x%0*x got 0x%0*x (seed %llu)\n",
              tensor, i, (unsigned)a[i], (unsigned)b[i], width, (unsigned)exp[i], width,
              (unsigned)got[i], (unsigned long long)tu_seed());
    else
      fprintf(stderr, "MISMATCH %s[%zu]: a=0x%08x expected 0x%0*x got 0x%0*x (seed %llu)\n",
              tensor, i, (unsigned)a[i], width, (unsigned)exp[i], width, (unsigned)got[i],
              (unsigned long long)tu_seed());
  }
  if (bad)
    fprintf(stderr, "%s: %zu of %zu differ; rerun with NMTEST_SEED=%llu%s\n", tensor, bad, n,
            (unsigned long long)tu_seed(), tu_quick() ? " NMTEST_QUICK=1" : "");
  return bad;
}

double tu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static const char *prog = "?";
static int bench_mode;

const char *tu_prog(void) { return prog; }
void tu_set_prog(const char *argv0) { prog = argv0; }

void tu_bench_mode(const char *argv0) { prog = argv0, bench_mode = 1; }

void tu_fail(const char *file, int line, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (bench_mode) {
    fflush(stdout);
    fprintf(stderr, "%s: %s:%d: %s\n", prog, file, line, msg);
    exit(1);
  }
  ck_abort_msg("%s:%d: %s", file, line, msg);
  abort(); /* not reached: ck_abort_msg ends the test */
}

void tu_bench_start(int argc, char **argv, size_t n, const char *(*name)(size_t i)) {
  tu_bench_mode(argv[0]);
  if (argc > 1) {
    fprintf(stderr, "%s: takes no arguments (got '%s'); the knobs are NMTEST_SEED, NMTEST_ONLY_CFG\n",
            argv[0], argv[1]);
    exit(2);
  }
  if (n == 0) {
    fprintf(stderr, "%s: no model linked\n", argv[0]);
    exit(1);
  }
  tu_only_cfg_require(argv[0], n, name);
}
