/*
** Failure reports and progress of nmsim (see train_report.h).
*/
#include "train_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static void prog_clear(train_progress *p);
static void prog_redraw(train_progress *p);

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
  prog_clear(r->prog);
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
    if (!bad) prog_clear(r->prog);
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
  int shown = r->prog && r->prog->shown;
  if (r->quiet) return;
  /* stdout and stderr may be one terminal: the note goes above the line. */
  prog_clear(r->prog);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  fflush(stdout);
  if (shown) prog_redraw(r->prog);
}

/* ---- progress ---------------------------------------------------------- */

enum {
  ETA_AFTER_S = 1,    /* no estimate in a run's first second: too little measured */
};
static const double REDRAW_S = 0.25; /* PROG_TTY: the line's refresh within a phase */

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Append to b[n] at *k, never past the end (a long line is cut). */
static void put(char *b, size_t n, size_t *k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *b, size_t n, size_t *k, const char *fmt, ...) {
  va_list ap;
  int w;
  if (*k + 1 >= n) return;
  va_start(ap, fmt);
  w = vsnprintf(b + *k, n - *k, fmt, ap);
  va_end(ap);
  if (w > 0) *k = *k + (size_t)w < n ? *k + (size_t)w : n - 1;
}

/* A duration as a person reads it: "4.2 s", "3 min 05 s", "1 h 02 min". */
static void put_time(char *b, size_t n, size_t *k, double s) {
  long t = (long)(s + 0.5);
  if (s < 59.95) put(b, n, k, "%.1f s", s);
  else if (t < 3600) put(b, n, k, "%ld min %02ld s", t / 60, t % 60);
  else put(b, n, k, "%ld h %02ld min", t / 3600, t / 60 % 60);
}

/* Seconds a step of layer l should take: its last step, else the finished
** steps' seconds per unit of weight times its weight; < 0: nothing to go on. */
static double step_estimate(const train_progress *p, int l) {
  double t = 0, w = 0;
  if (p->last_s[l] >= 0) return p->last_s[l];
  for (int i = 0; i < p->layers; i++)
    if (p->last_s[i] >= 0) t += p->last_s[i], w += p->weight[i];
  return w > 0 ? t / w * p->weight[l] : -1;
}

/* The estimated seconds left in the layer steps, or < 0: no estimate yet. */
static double time_left(const train_progress *p, double now) {
  double left, all = 0, rest = 0;
  if (p->iter < 0 || !p->steps_done || now - p->t0 < ETA_AFTER_S) return -1;
  for (int l = 0; l < p->layers; l++) {
    double e = step_estimate(p, l);
    if (e < 0) return -1;
    all += e;
    if (l > p->layer) rest += e;
  }
  left = step_estimate(p, p->layer) - (now - p->step_t0);
  return (left > 0 ? left : 0) + rest + all * (double)(p->iters - 1 - p->iter);
}

/* The progress line (no newline) into b[n]. */
static void line(const train_progress *p, double now, char *b, size_t n) {
  size_t k = 0;
  double left = time_left(p, now);
  b[0] = 0;
  put(b, n, &k, "nmsim ");
  put_time(b, n, &k, now - p->t0);
  if (p->iter >= 0)
    put(b, n, &k, ": iteration %d/%d, layer %d/%d %s", p->iter + 1, p->iters, p->layer + 1,
        p->layers, p->what);
  else
    put(b, n, &k, ": %s", p->what);
  if (p->phase) put(b, n, &k, ": %s", p->phase);
  if (left >= 1) {
    put(b, n, &k, "; about ");
    put_time(b, n, &k, left);
    put(b, n, &k, " left");
  } else if (left >= 0) {
    put(b, n, &k, "; under a second left");
  }
}

/* Columns of the terminal on stderr (80 when it does not say). */
static size_t columns(void) {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

/* Show the state: PROG_LINES prints a line when something changed;
** PROG_TTY rewrites its line, on a change or after REDRAW_S, one column
** short of the terminal's width (a wrapped line could not be rewritten). */
static void draw(train_progress *p, int changed) {
  char b[256];
  double now = now_s();
  if (p->mode == PROG_LINES) {
    if (!changed) return;
    line(p, now, b, sizeof b);
    fprintf(stderr, "%s\n", b);
    return;
  }
  if (!changed && now - p->drawn_at < REDRAW_S) return;
  {
    size_t w = columns();
    line(p, now, b, w < sizeof b ? w : sizeof b);
  }
  fprintf(stderr, "\r%s\033[K", b);
  fflush(stderr);
  p->shown = 1, p->drawn_at = now;
}

/* PROG_TTY: take the line off the terminal before other output. */
static void prog_clear(train_progress *p) {
  if (!p || !p->shown) return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  p->shown = 0;
}

static void prog_redraw(train_progress *p) { draw(p, 1); }

/* The step in progress, if any, has ended now: its time is the layer's. */
static void end_step(train_progress *p) {
  if (p->iter < 0) return;
  p->last_s[p->layer] = now_s() - p->step_t0;
  p->steps_done++;
  p->iter = -1;
}

void rep_phase(const train_report *r, const char *phase) {
  train_progress *p = r->prog;
  int changed;
  if (!p || p->mode == PROG_OFF) return;
  changed = !p->phase || strcmp(p->phase, phase) != 0;
  p->phase = phase;
  draw(p, changed);
}

int prog_start(train_progress *p, int mode, int iters, int layers, const double *weight) {
  memset(p, 0, sizeof *p);
  p->mode = PROG_OFF;
  if (mode == PROG_OFF) return 0;
  p->weight = malloc(sizeof *p->weight * (size_t)layers);
  p->last_s = malloc(sizeof *p->last_s * (size_t)layers);
  if (!p->weight || !p->last_s) {
    free(p->weight), free(p->last_s);
    p->weight = p->last_s = NULL;
    return -1;
  }
  for (int l = 0; l < layers; l++) p->weight[l] = weight[l] > 0 ? weight[l] : 1, p->last_s[l] = -1;
  p->mode = mode, p->iters = iters, p->layers = layers, p->iter = -1;
  p->t0 = p->drawn_at = now_s();
  return 0;
}

void prog_step(train_progress *p, int iter, int layer, const char *what) {
  if (p->mode == PROG_OFF) return;
  end_step(p);
  p->iter = iter, p->layer = layer, p->phase = NULL, p->step_t0 = now_s();
  snprintf(p->what, sizeof p->what, "%s", what);
  /* PROG_LINES: the step's first phase prints it, one line instead of two. */
  if (p->mode == PROG_TTY) draw(p, 1);
}

void prog_stage(train_progress *p, const char *what) {
  if (p->mode == PROG_OFF) return;
  end_step(p);
  p->phase = NULL;
  snprintf(p->what, sizeof p->what, "%s", what);
  draw(p, 1);
}

void prog_end(train_progress *p, int pass) {
  char b[256];
  size_t k = 0;
  if (p->mode == PROG_OFF) return;
  end_step(p);
  prog_clear(p);
  put(b, sizeof b, &k, "nmsim ");
  put_time(b, sizeof b, &k, now_s() - p->t0);
  put(b, sizeof b, &k, ": %s, %d of %d layer steps", pass ? "done" : "stopped (FAIL)", p->steps_done,
      p->iters * p->layers);
  fprintf(stderr, "%s\n", b);
  free(p->weight), free(p->last_s);
  p->weight = p->last_s = NULL;
  p->mode = PROG_OFF;
}
