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

/*
** Progress on stderr, for a person waiting: what the run is doing (the
** iteration, the layer, the phase of the command on the hardware now), the
** time since the start and, once a layer step has finished and a second
** has passed, an estimate of the time left (from each layer's last step,
** or from the steps done scaled by a per-layer work weight for layers not
** yet seen).  PROG_TTY rewrites one line in place (stderr is a terminal);
** PROG_LINES prints a line at each change of step or phase (--progress on
** a pipe or file).  Nothing of it reaches stdout, so stdout and --dump are
** the same with progress on or off.
*/
enum { PROG_OFF, PROG_LINES, PROG_TTY };

typedef struct train_progress {
  int mode;              /* PROG_* */
  int iters, layers;     /* the run's layer steps: iters x layers */
  int iter, layer;       /* the current step (iter -1: a stage outside the steps) */
  int steps_done;
  char what[80];         /* the current step's layer ("fc:64x32x16@2:4") or stage */
  const char *phase;     /* the phase of the last command issued (NULL: none yet) */
  double t0, step_t0, drawn_at;
  double *weight;        /* per layer: work weight (GEMM size) */
  double *last_s;        /* per layer: seconds of its last finished step (< 0: none) */
  int shown;             /* PROG_TTY: a progress line is on the terminal now */
} train_progress;

typedef struct train_report {
  const char *cmdline;   /* the exact command line of this run */
  const char *cfg;       /* configuration name */
  uint64_t seed;
  int quiet;             /* only the summary and failures */
  int iter, layer;       /* where the workload is (-1: not in a step) */
  char cmd[384];         /* the command being checked: op and fields */
  int failed;            /* a check failed */
  train_progress *prog;  /* NULL: no progress output */
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

/* A stdout line unless quiet (the progress line, if shown, steps aside). */
void rep_note(const train_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The phase of the command about to be issued (train_hw's hw_run). */
void rep_phase(const train_report *r, const char *phase);

/*
** The progress of a run (see train_progress).  prog_start: mode PROG_*,
** iters x layers steps, weight[layers] (copied; any positive scale).
** prog_step: layer step (iter, layer) starts, what = its layer's text.
** prog_stage: a stage outside the steps starts (reset, ANT probes, checks).
** prog_end: the last line (time in all, "PASS"/"FAIL"); frees the arrays.
** Each returns at once when mode is PROG_OFF.
*/
int prog_start(train_progress *p, int mode, int iters, int layers, const double *weight);
void prog_step(train_progress *p, int iter, int layer, const char *what);
void prog_stage(train_progress *p, const char *what);
void prog_end(train_progress *p, int pass);

#endif
