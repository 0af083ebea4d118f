/*
** nmsim: the end-to-end N:M sparse training co-simulator of nmgen.
**
** Runs random training workloads (train_work.c) on one configuration's
** Verilated nm_top (tb/dut/dut_top.h): per iteration and layer PRUNE (SORE,
** forward and transposed backward groups), FF and BP (sparse STCE GEMMs),
** WG (dense STCE GEMM, fp16), ANT weight-gradient planes for conv layers
** (ant and scnn modes) and UPDATE (WUVE, AMP or plain), and checks every
** tensor the hardware writes bit for bit against the golden model
** (tb/model), plus STATUS and, with --check-cycles, LAST_CYCLES against
** tb/model/nm_top_cycles.c.  Commands, arguments, STATUS, counters and
** hyperparameters always go through the AXI4-Lite front door; bulk tensors
** through the harness back door, except at least one tensor per layer and
** iteration through AXI.  The data movement between engines (PRUNE output
** -> STCE A', WG output -> WUVE G, W16' -> SORE input) is done by the host
** through the buffer windows in this version; nm_top has no DMA.
**
** Exit status: 0 PASS, 1 a check failed (the line says what and how to
** rerun), 2 bad arguments.
**
** stdout is the result (the same with or without a terminal); progress goes
** to stderr (train_report.h): a line rewritten in place when stderr is a
** terminal, nothing when it is not (unless --progress) or with --quiet.
*/
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* the build passes it too: nm_config.h includes stdint.h first */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dump.h"
#include "gtkw.h"
#include "train_dram.h"
#include "train_step.h"

typedef struct opts {
  const char *config, *layers, *trace, *vcd, *dump;
  uint64_t seed;
  int iters, axi_delays, check_cycles, quiet, progress, front_all, no_ant;
  int dram;            /* --dram: every tensor by XFER through model DRAM */
  dram_opts dram_o;    /* --dram-latency, --dram-bytes-per-cycle, --dram-stall */
  int queue;           /* --queue: loads and commands through the command queue */
} opts;

static void usage(FILE *f) {
  fprintf(f,
          "usage: nmsim --config CFG --seed S --iters T [options]\n"
          "Random N:M sparse training workloads on the Verilated nm_top of configuration\n"
          "'%s' (this binary), every tensor checked bit for bit against the golden model.\n"
          "Per iteration and layer: PRUNE (forward and backward masks), FF, BP, WG, ANT\n"
          "(conv layers), UPDATE.  The host moves tensors between engines through the\n"
          "buffer windows (or, with --dram, by XFER through DRAM); commands, status and\n"
          "hyperparameters always go through AXI4-Lite, bulk data through the back door\n"
          "except at least one tensor per layer and iteration.\n\n"
          "  --config CFG       the configuration this binary was built for (checked)\n"
          "  --seed S           workload seed (default 1)\n"
          "  --iters T          training iterations (default 2)\n"
          "%s"
          "  --trace F.fst      FST waveform of the whole run (1 ps timescale, the clock of\n"
          "                     clock_mhz) and F.gtkw: GTKWave opens it zoomed to fit\n"
          "  --vcd F.vcd        VCD waveform (FST converted with fst2vcd after the run);\n"
          "                     without --trace, F.gtkw for the VCD\n"
          "  --dump DIR         every command's inputs and outputs (DIR/manifest.jsonl + .bin)\n"
          "  --axi-delays       random AXI valid/ready delays (seeded)\n"
          "  --check-cycles     LAST_CYCLES (and GEMM ENGINE_CYCLES) must equal the cycle model\n"
          "  --frontdoor        every buffer word through AXI (slow)\n"
          "  --no-ant           skip the ANT commands\n"
          "  --dram             every tensor in model DRAM on the AXI4 master, moved by XFER\n"
          "                     (outputs compared in DRAM; SORE indices / mask stay on the\n"
          "                     windows: no XFER kind), the protocol checker on every cycle\n"
          "  --dram-latency N   DRAM latency in cycles, 1..1000 (default 16)\n"
          "  --dram-bytes-per-cycle B  DRAM bandwidth, 1..64 (default 8)\n"
          "  --dram-stall P     percent random ready / response stalls, 0..90 (default 0;\n"
          "                     seeded from --seed)\n"
          "  --queue            with --dram: loads and commands through the command queue\n"
          "                     (Q_PUSH), the host waiting only where it needs a result\n"
          "  --quiet            only the summary (no progress)\n"
          "  --progress         progress on stderr even when it is not a terminal, and\n"
          "                     with --quiet (default: only on a terminal)\n"
          "Exit status: 0 PASS, 1 FAIL (mismatch, error status, hang), 2 bad arguments.\n",
          NM_NAME, train_layers_help);
}

static int bad_arg(const char *fmt, const char *a) {
  fprintf(stderr, "nmsim: ");
  fprintf(stderr, fmt, a);
  fprintf(stderr, " (nmsim --help)\n");
  return 2;
}

/* opt's value v as a whole decimal number in lo..hi: digits only (no sign,
** space or suffix), no overflow (strtoull saturates with ERANGE).  0, or 2
** after a message naming the option, the value and the range. */
static int number(const char *opt, const char *v, uint64_t lo, uint64_t hi, uint64_t *out) {
  char *end;
  unsigned long long n;
  errno = 0;
  n = v[0] >= '0' && v[0] <= '9' ? strtoull(v, &end, 10) : 0;
  if (v[0] < '0' || v[0] > '9' || *end || errno == ERANGE || n < lo || n > hi) {
    fprintf(stderr, "nmsim: %s '%s': not a whole number in %llu..%llu (nmsim --help)\n", opt, v,
            (unsigned long long)lo, (unsigned long long)hi);
    return 2;
  }
  *out = n;
  return 0;
}

/* A file the run will write (trace, VCD) can be created: a bad path is a
** bad argument (exit 2) found before simulating, not a failed run. */
static int writable(const char *opt, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "nmsim: %s %s: cannot write the file: %s\n", opt, path, strerror(errno));
    return 2;
  }
  fclose(f);
  return 0;
}

static int parse(int argc, char **argv, opts *o) {
  memset(o, 0, sizeof *o);
  o->seed = 1, o->iters = 2;
  o->dram_o = (dram_opts){16, 8, 0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    uint64_t n;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      exit(0);
    } else if (!strcmp(a, "--axi-delays")) o->axi_delays = 1;
    else if (!strcmp(a, "--check-cycles")) o->check_cycles = 1;
    else if (!strcmp(a, "--quiet")) o->quiet = 1;
    else if (!strcmp(a, "--progress")) o->progress = 1;
    else if (!strcmp(a, "--frontdoor")) o->front_all = 1;
    else if (!strcmp(a, "--no-ant")) o->no_ant = 1;
    else if (!strcmp(a, "--dram")) o->dram = 1;
    else if (!strcmp(a, "--queue")) o->queue = 1;
    else if (!strcmp(a, "--dram-latency") || !strcmp(a, "--dram-bytes-per-cycle") ||
             !strcmp(a, "--dram-stall")) {
      int lat = !strcmp(a, "--dram-latency"), bpc = !strcmp(a, "--dram-bytes-per-cycle");
      if (!v) return bad_arg("%s needs a value", a);
      i++;
      if (number(a, v, lat || bpc ? 1 : 0, lat ? 1000 : bpc ? 64 : 90, &n)) return 2;
      *(lat ? &o->dram_o.latency : bpc ? &o->dram_o.bytes_per_cycle : &o->dram_o.stall) = (int)n;
    }
    else if (!strcmp(a, "--config") || !strcmp(a, "--seed") || !strcmp(a, "--iters") ||
             !strcmp(a, "--layers") || !strcmp(a, "--trace") || !strcmp(a, "--vcd") ||
             !strcmp(a, "--dump")) {
      if (!v) return bad_arg("%s needs a value", a);
      i++;
      if (!strcmp(a, "--config")) o->config = v;
      else if (!strcmp(a, "--layers")) o->layers = v;
      else if (!strcmp(a, "--trace")) o->trace = v;
      else if (!strcmp(a, "--vcd")) o->vcd = v;
      else if (!strcmp(a, "--dump")) o->dump = v;
      else if (!strcmp(a, "--seed")) {
        if (number(a, v, 0, UINT64_MAX, &o->seed)) return 2;
      } else {
        if (number(a, v, 1, 100000, &n)) return 2;
        o->iters = (int)n;
      }
    } else {
      return bad_arg("unknown argument '%s'", a);
    }
  }
  if (o->queue && !o->dram) return bad_arg("%s needs --dram (the queue moves tensors by XFER)", "--queue");
  if ((o->trace && writable("--trace", o->trace)) || (o->vcd && writable("--vcd", o->vcd)))
    return 2;
  if (o->config && strcmp(o->config, NM_NAME) != 0) {
    fprintf(stderr,
            "nmsim: this binary was built for configuration '%s', not '%s'; "
            "run build/%s/nmsim (make build/%s/nmsim)\n",
            NM_NAME, o->config, o->config, o->config);
    return 2;
  }
  return 0;
}

/* argv as one shell-safe line: the command that reproduces the run. */
static char *join_args(int argc, char **argv) {
  size_t n = 1;
  char *s, *p;
  for (int i = 0; i < argc; i++) n += 4 * strlen(argv[i]) + 3;
  if (!(s = p = malloc(n))) return NULL;
  for (int i = 0; i < argc; i++) {
    int plain = strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                "-_./:,=@+") == strlen(argv[i]) && argv[i][0];
    if (i) *p++ = ' ';
    if (plain) {
      p += sprintf(p, "%s", argv[i]);
      continue;
    }
    *p++ = '\'';
    for (const char *c = argv[i]; *c; c++) {
      if (*c == '\'') p += sprintf(p, "'\\''");
      else *p++ = *c;
    }
    *p++ = '\'';
  }
  *p = 0;
  return s;
}

/* Is prog an executable on PATH? */
static int on_path(const char *prog) {
  const char *path = getenv("PATH");
  char buf[4096];
  while (path && *path) {
    size_t len = strcspn(path, ":");
    snprintf(buf, sizeof buf, "%.*s/%s", (int)len, path, prog);
    if (access(buf, X_OK) == 0) return 1;
    path += len + (path[len] == ':');
  }
  return 0;
}

/* fst2vcd -f fst -o vcd; 0 on success. */
static int fst_to_vcd(const char *fst, const char *vcd) {
  pid_t pid = fork();
  int st;
  if (pid == 0) {
    execlp("fst2vcd", "fst2vcd", "-f", fst, "-o", vcd, (char *)NULL);
    _exit(127);
  }
  if (pid < 0 || waitpid(pid, &st, 0) < 0) return -1;
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Progress: a rewritten line on a terminal; with --progress, lines on a
** pipe or file (or on a terminal that cannot rewrite: TERM=dumb). */
static int progress_mode(const opts *o) {
  const char *term = getenv("TERM");
  int tty = isatty(STDERR_FILENO);
  if (!o->progress && (o->quiet || !tty)) return PROG_OFF;
  return tty && !(term && !strcmp(term, "dumb")) ? PROG_TTY : PROG_LINES;
}

/* The trace's clock period in ps: 1e6 / clock_mhz rounded to whole ps, as
** the model's adapter (tb/dut/dut_model.h) and the constraints have it. */
static uint64_t period_ps(void) { return (1000000u + NM_CLOCK_MHZ / 2) / NM_CLOCK_MHZ; }

/* F.gtkw next to the trace (or, VCD alone, next to the VCD): GTKWave opens
** it with the signals of sim/nm_top.gtkw, zoomed to fit the run's cycles.
** 0, or -1 after a message. */
static int write_gtkw(const opts *o, int vcd_done, uint64_t cycles) {
  const char *dump = o->trace ? o->trace : vcd_done ? o->vcd : NULL;
  char path[4200], note[256], err[600];
  if (!dump) return 0;
  if (gtkw_path(dump, path, sizeof path)) {
    fprintf(stderr, "nmsim: %s: the path of its .gtkw is too long\n", dump);
    return -1;
  }
  snprintf(note, sizeof note,
           "nmsim run of %s, seed %llu: %llu cycles of %llu ps (clock_mhz %d), %llu ps", NM_NAME,
           (unsigned long long)o->seed, (unsigned long long)cycles,
           (unsigned long long)period_ps(), NM_CLOCK_MHZ,
           (unsigned long long)(cycles * period_ps()));
  if (gtkw_write(path, dump, cycles * period_ps(), note, err, sizeof err)) {
    fprintf(stderr, "nmsim: %s\n", err);
    return -1;
  }
  return 0;
}

/* cycles: all the run simulated (the trace's length). */
static void summary(const train_ctx *x, const opts *o, int pass, uint64_t cycles) {
  const train_stats *s = &x->hw.st;
  char d[96];
  uint64_t total = 0;
  printf("nmsim: config %s, seed %llu, %d iteration%s, %d layer%s:", NM_NAME,
         (unsigned long long)o->seed, o->iters, o->iters == 1 ? "" : "s", x->work.nlayers,
         x->work.nlayers == 1 ? "" : "s");
  for (int i = 0; i < x->work.nlayers; i++) {
    work_describe(&x->work.layers[i], d, sizeof d);
    printf(" %s", d);
  }
  printf("\n  update: %s; %llu step%s skipped, loss scale changed %llu times\n",
         x->work.amp ? "AMP (clear+check, then update_unless_inf)" : "plain update",
         (unsigned long long)x->work.skipped_steps, x->work.skipped_steps == 1 ? "" : "s",
         (unsigned long long)x->work.scale_changes);
  printf("commands: GEMM %llu, PRUNE %llu, UPDATE %llu, ANT %llu; buffer words: %llu through "
         "AXI, %llu through the back door\n",
         (unsigned long long)s->ops[NM_OP_GEMM], (unsigned long long)s->ops[NM_OP_PRUNE],
         (unsigned long long)s->ops[NM_OP_UPDATE], (unsigned long long)s->ops[NM_OP_ANT],
         (unsigned long long)s->front_words, (unsigned long long)s->back_words);
  printf("%-9s %8s %12s %12s\n", "phase", "commands", "LAST_CYCLES", "ENGINE");
  for (int p = 0; p < PH_COUNT; p++) {
    if (p < PH_FF_DENSE) total += s->ph_cycles[p];
    if (!s->ph_cmds[p]) continue;
    printf("%-9s %8llu %12llu %12s\n", train_phase_name[p], (unsigned long long)s->ph_cmds[p],
           (unsigned long long)s->ph_cycles[p],
           s->ph_engine[p] ? (snprintf(d, sizeof d, "%llu", (unsigned long long)s->ph_engine[p]), d)
                           : "-");
  }
  printf("%-9s %8s %12llu   (training phases, dense reference runs excluded)\n", "total", "",
         (unsigned long long)total);
  for (int n = 1; n <= 16; n++)
    for (int m = n; m <= 16; m++)
      if (x->sp_engine[n][m])
        printf("speedup FF+BP %d:%d over dense: %.2fx (engine cycles %llu sparse measured vs %llu "
               "dense from the exact nm_stce cycle model of the same commands)\n",
               n, m, (double)x->dn_model[n][m] / (double)x->sp_engine[n][m],
               (unsigned long long)x->sp_engine[n][m], (unsigned long long)x->dn_model[n][m]);
  {
    uint64_t sp = 0, dn = 0;
    for (int n = 1; n <= 16; n++)
      for (int m = n; m <= 16; m++) sp += x->sp_engine[n][m], dn += x->dn_model[n][m];
    if (sp && total > sp)
      printf("whole training step: %llu cycles measured; with FF and BP dense %llu (model): %.2fx\n",
             (unsigned long long)total, (unsigned long long)(total - sp + dn),
             (double)(total - sp + dn) / (double)total);
  }
  if (x->dense_runs)
    printf("measured dense runs (iteration 0, %d layer%s): FF+BP sparse %llu vs dense %llu "
           "LAST_CYCLES: %.2fx\n",
           x->dense_runs, x->dense_runs == 1 ? "" : "s", (unsigned long long)x->meas_sparse,
           (unsigned long long)x->meas_dense,
           x->meas_sparse ? (double)x->meas_dense / (double)x->meas_sparse : 0.0);
  if (x->ant_cycles[0])
    printf("ANT: ant mode %llu vs scnn %llu engine cycles (%.2fx); RCPs computed %llu vs %llu; "
           "pairs skipped %llu\n",
           (unsigned long long)x->ant_cycles[0], (unsigned long long)x->ant_cycles[1],
           (double)x->ant_cycles[1] / (double)x->ant_cycles[0], (unsigned long long)x->ant_rcps[0],
           (unsigned long long)x->ant_rcps[1], (unsigned long long)x->ant_skipped[0]);
  printf("coverage: %llu GEMMs split along K (%llu later parts with C_in = the previous part's "
         "partial sum, %llu of them nonzero); ANT commands: %llu weight-gradient, %llu forward "
         "conv (%llu with stride > 1), %llu overflow probes (%llu with STATUS.ANT_OVF, "
         "%llu outputs rounded to +-Inf)\n",
         (unsigned long long)x->ksplit_gemms, (unsigned long long)x->ksplit_parts,
         (unsigned long long)x->ksplit_nonzero, (unsigned long long)x->ant_wg_cmds,
         (unsigned long long)x->ant_fwd_cmds, (unsigned long long)x->ant_fwd_strided,
         (unsigned long long)x->ant_probe_cmds, (unsigned long long)x->ant_ovf_cmds,
         (unsigned long long)x->ant_inf_outs);
  {
    uint64_t flips = 0, bits = 0;
    for (int i = 0; i < x->work.nlayers; i++)
      flips += x->work.layers[i].mask_flips,
          bits += (uint64_t)x->work.layers[i].Co * (uint64_t)x->work.layers[i].Ki;
    printf("masks: %llu forward-mask bit changes over the iterations (%llu bits per iteration)\n",
           (unsigned long long)flips, (unsigned long long)bits);
  }
  if (o->dram)
    printf("dram: %llu XFERs (%llu bytes, %llu cycles, not in the phases above: XFER has no cycle "
           "model); %llu cycles simulated in all (the host's AXI4-Lite traffic and waits too); latency %d, %d B/cycle, %d %% stalls; %llu buffer words by the windows (SORE "
           "indices, mask and value slots >= N: no XFER kind; u8 tensors with rows of odd "
           "length: XFER moves even row bytes only)\n",
           (unsigned long long)s->xfers, (unsigned long long)s->xfer_bytes,
           (unsigned long long)s->xfer_cycles, (unsigned long long)cycles, o->dram_o.latency, o->dram_o.bytes_per_cycle,
           o->dram_o.stall, (unsigned long long)s->dram_window_words);
  if (o->queue)
    printf("queue: %llu descriptors pushed, %llu host waits (%llu on irq_o), %.1f descriptors a wait\n",
           (unsigned long long)s->q_descs, (unsigned long long)s->q_waits,
           (unsigned long long)s->q_irq_waits, s->q_waits ? (double)s->q_descs / (double)s->q_waits : 0.0);
  if (o->check_cycles)
    printf("cycle model: %llu commands' LAST_CYCLES matched\n", (unsigned long long)s->cycle_checks);
  /* Work not done must show in the verdict line itself. */
  if (x->ant_skips)
    printf("%s (%llu ANT command%s not run, too large for the buffers: %s)\n", pass ? "PASS" : "FAIL",
           (unsigned long long)x->ant_skips, x->ant_skips == 1 ? "" : "s", x->ant_skip_why);
  else
    printf("%s\n", pass ? "PASS" : "FAIL");
}

int main(int argc, char **argv) {
  opts o;
  train_ctx *x;
  char err[512], tmpfst[4200], params[128], what[96];
  const char *trace;
  int rc, pass, vcd_done = 0;
  char *cmdline;
  train_progress prog;
  double *weight;
  uint64_t cycles = 0;
  setvbuf(stdout, NULL, _IOLBF, 0); /* progress and summary interleave with stderr in order */
  if ((rc = parse(argc, argv, &o))) return rc;
  if (o.vcd && !on_path("fst2vcd")) {
    fprintf(stderr, "nmsim: --vcd needs fst2vcd (GTKWave's tools) on PATH; it is not. "
                    "Use --trace F.fst (GTKWave reads FST) or install gtkwave.\n");
    return 2;
  }
  trace = o.trace;
  if (o.vcd && !trace) {
    snprintf(tmpfst, sizeof tmpfst, "%s.fst", o.vcd);
    trace = tmpfst;
  }
  if (!(x = calloc(1, sizeof *x)) || !(cmdline = join_args(argc, argv))) return 1;
  x->rep = (train_report){cmdline, NM_NAME, o.seed, o.quiet, -1, -1, "", 0, NULL};
  if (work_init(&x->work, o.seed, o.layers, err, sizeof err)) {
    fprintf(stderr, "nmsim: %s\n", err);
    return 2;
  }
  /* A layer step's work: its GEMMs (FF, BP, WG are Co x Ki x P each) and
  ** the update (Co x Ki), for the time estimate before a layer is timed. */
  if (!(weight = calloc((size_t)x->work.nlayers, sizeof *weight))) return 1;
  for (int i = 0; i < x->work.nlayers; i++) {
    const train_layer *L = &x->work.layers[i];
    weight[i] = (double)L->Co * L->Ki * ((double)L->P + 1);
  }
  if (prog_start(&prog, progress_mode(&o), o.iters, x->work.nlayers, weight)) return 1;
  free(weight);
  x->rep.prog = &prog;
  snprintf(params, sizeof params, "{\"mmax\":%d,\"ant_n\":%d,\"ant_acc_bits\":%d}", NM_MMAX,
           NM_ANT_N, NM_ANT_ACC_BITS);
  if (o.dump && !(x->dump = dump_open(o.dump, NM_NAME, o.seed, cmdline, params, err, sizeof err))) {
    fprintf(stderr, "nmsim: %s\n", err);
    return 2;
  }
  nm_rng_seed(&x->rng, o.seed ^ 0x636d6473ull); /* "cmds" */
  x->front_all = o.front_all, x->no_ant = o.no_ant;
  x->hw.check_cycles = o.check_cycles;
  dut_top_opts dopt = {trace, o.axi_delays ? o.seed * 2 + 1 : 0, 3};
  prog_stage(&prog, "reset and the discovery registers");
  rc = hw_open(&x->hw, &dopt, &x->rep, o.seed);
  if (!rc && o.dram) {
    prog_stage(&prog, "DRAM and the XFER probes");
    rc = dram_open(&x->hw, &o.dram_o, o.seed);
  }
  if (!rc && o.queue) rc = hw_queue_open(&x->hw);
  for (int it = 0; !rc && it < o.iters; it++)
    for (int li = 0; !rc && li < x->work.nlayers; li++) {
      rep_note(&x->rep, "iteration %d layer %d\n", it, li);
      work_describe(&x->work.layers[li], what, sizeof what);
      prog_step(&prog, it, li, what);
      rc = step_layer(x, it, li);
    }
  if (!rc && !o.no_ant) {
    prog_stage(&prog, "ANT overflow probes");
    rc = ant_probe(x);
  }
  if (!rc) x->rep.iter = -1, rc = hw_queue_sync(&x->hw);
  if (!rc) rc = hw_check_totals(&x->hw);
  /* --dram: the windows moved only the words the summary names (no XFER kind). */
  if (!rc && o.dram && x->hw.st.front_words + x->hw.st.back_words != x->hw.st.dram_window_words)
    rc = rep_fail(&x->rep, "--dram: %llu buffer words moved by the windows, %llu of them accounted "
                  "for (tensors without an XFER kind)",
                  (unsigned long long)(x->hw.st.front_words + x->hw.st.back_words),
                  (unsigned long long)x->hw.st.dram_window_words);
  if (x->hw.d) cycles = dut_top_cycles(x->hw.d); /* the trace's length */
  if (trace) prog_stage(&prog, "writing the trace");
  hw_close(&x->hw);
  dump_close(x->dump);
  pass = rc == 0 && !x->rep.failed;
  if (pass && o.vcd) {
    prog_stage(&prog, "fst2vcd: the trace to VCD");
    if (fst_to_vcd(trace, o.vcd) != 0) {
      fprintf(stderr, "nmsim: fst2vcd -f %s -o %s failed\n", trace, o.vcd);
      pass = 0;
    } else {
      vcd_done = 1;
    }
  }
  if (o.vcd && !o.trace) remove(tmpfst);
  /* Also for a failed run: its trace is the one worth a look. */
  if (write_gtkw(&o, vcd_done, cycles)) pass = 0;
  prog_end(&prog, pass);
  summary(x, &o, pass, cycles);
  work_free(&x->work);
  free(cmdline);
  free(x);
  return pass ? 0 : 1;
}
