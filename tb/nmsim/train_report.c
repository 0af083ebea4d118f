/*
** Failure reports of nmsim (see train_report.h).
*/
#include "train_report.h"

#include <stdarg.h>
#include <stdio.h>

void rep_cmd(train_report *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->cmd, sizeof r->cmd, fmt, ap);
  va_end(ap);
}

/* The lines every failure ends with: where, which command, how to rerun. */
static void context(const train_report *r) {
  if (r->iter >= 0) fprintf(stderr, "  at: iteration %d, layer %d\n", r->iter, r->layer);
  fprintf(stderr, "  command: %s\n", r->cmd[0] ? r->cmd : "(none)");
  fprintf(stderr, "  config %s, seed %llu; reproduce: %s\n", r->cfg, (unsigned long long)r->seed,
          r->cmdline);
}

int rep_fail(train_report *r, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "FAIL: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  context(r);
  r->failed = 1;
  return -1;
}

int rep_compare(train_report *r, const char *tensor, const uint32_t *exp, const uint32_t *got,
                size_t n, size_t cols, int width) {
  enum { MAX_LINES = 8 };
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    if (exp[i] == got[i]) continue;
    if (bad++ >= MAX_LINES) continue;
    if (cols)
      fprintf(stderr, "MISMATCH %s index %zu [%zu][%zu]: expected 0x%0*x got 0x%0*x\n", tensor, i,
              i / cols, i % cols, width, (unsigned)exp[i], width, (unsigned)got[i]);
    else
      fprintf(stderr, "MISMATCH %s index %zu: expected 0x%0*x got 0x%0*x\n", tensor, i, width,
              (unsigned)exp[i], width, (unsigned)got[i]);
  }
  if (!bad) return 0;
  fprintf(stderr, "FAIL: %s: %zu of %zu elements differ\n", tensor, bad, n);
  context(r);
  r->failed = 1;
  return -1;
}

void rep_note(const train_report *r, const char *fmt, ...) {
  va_list ap;
  if (r->quiet) return;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  fflush(stdout);
}
