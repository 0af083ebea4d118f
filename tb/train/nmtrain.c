/*
** nmtrain: trains a multilayer perceptron on scikit-learn's handwritten
** digits with N:M sparse weights (BDWP) on the simulated accelerator.
**
** Every GEMM (FF, BP, WG), every PRUNE (forward and backward masks from W16,
** each step) and every UPDATE (WUVE, AMP) runs on the Verilated nm_top of
** this binary's configuration through nmsim's command path (train_step.c),
** every tensor the hardware writes checked bit for bit against the golden
** model; the host does ReLU, softmax cross-entropy and the loss scale.
** --model-only runs the same training on the golden model alone: the same
** bits (mlp_hash), so its accuracies are the hardware's, much faster.
** Test accuracy and each epoch's train accuracy are evaluated with the
** golden model (a forward pass of the same bits).
**
** Exit status: 0 done, 1 a hardware check failed, 2 bad arguments or a
** missing / unreadable dataset, 3 the configuration's buffers cannot hold a
** command of a layer, 4 the run diverged (loss NaN with the loss scale at
** its minimum).
*/
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost.h"
#include "digits.h"
#include "mlp.h"
#include "nm_fp.h"
#include "nm_rng.h"

enum { EXIT_CHECK = 1, EXIT_ARGS = 2, EXIT_BUFFERS = 3, EXIT_DIVERGED = 4 };
enum { SCALE_MIN = 0, SCALE_MAX = 24 }; /* loss scale 2^0 .. 2^24 */

typedef struct opts {
  const char *config, *data;
  uint64_t seed;
  int dense, n, m, epochs, batch, max_steps, model_only, sample, quiet, ntest, scale0, window, val;
  int nl, width[NT_MAX_LAYERS + 1];
  double lr, mu, wd, srste;
  int srste_set;
} opts;

static void usage(FILE *f) {
  fprintf(f,
          "usage: nmtrain [options]\n"
          "Trains an MLP on scikit-learn's digits (1797 8x8 images) on the Verilated nm_top of\n"
          "configuration '%s' (this binary): every GEMM, PRUNE and UPDATE on the accelerator,\n"
          "checked bit for bit against the golden model.\n\n"
          "  --nm N:M | dense   weight sparsity of FF and BP (default 2:4; M <= MMAX = %d)\n"
          "  --epochs E         epochs (default 30)\n"
          "  --batch B          mini-batch (default 32; 1..256)\n"
          "  --hidden W,W,...   hidden layer widths (default 128,64)\n"
          "  --lr X --mu X --wd X --srste X   WUVE registers (defaults 0.01, 0.9, 5e-5,\n"
          "                     srste 2e-4 sparse / 0 dense)\n"
          "  --scale-log2 E     initial AMP loss scale 2^E (default 12; 0..24)\n"
          "  --scale-window W   double the scale after W good steps (default 200)\n"
          "  --seed S           init, split and shuffle seed (default 1)\n"
          "  --test N           test images of the split (default 360)\n"
          "  --val              tune without the test set: train on 80%% of the training\n"
          "                     images, report the other 20%% as test= (the validation set)\n"
          "  --max-steps N      stop after N steps (default: all epochs)\n"
          "  --model-only       the golden model only (same bits, no hardware)\n"
          "  --check            every step on the hardware, every tensor checked (default)\n"
          "  --check-sample K   fast mode: every K-th step on the hardware (checked), the\n"
          "                     others on the golden model (bit-identical)\n"
          "  --data FILE        digits.csv.gz (default %s)\n"
          "  --config CFG       the configuration this binary was built for (checked)\n"
          "  --quiet            no header line\n"
          "Per epoch: digits <mode> epoch=<e> loss=<l> train=<a>%% test=<b>%% cycles=<c>\n"
          "(cycles: the cycle model of the epoch's steps, equal in both kinds of run).\n"
          "Exit status: 0 done, 1 hardware mismatch, 2 bad arguments / dataset missing,\n"
          "3 buffers cannot hold a layer's command, 4 diverged.\n",
          NM_NAME, NM_MMAX, nt_digits_default_path);
}

static int bad(const char *key, const char *val, const char *range) {
  fprintf(stderr, "nmtrain: %s '%s': allowed %s (nmtrain --help)\n", key, val ? val : "", range);
  return EXIT_ARGS;
}

static int num(const char *s, long lo, long hi, long *v) {
  char *end;
  if (!s || !*s) return -1;
  *v = strtol(s, &end, 10);
  return *end || *v < lo || *v > hi ? -1 : 0;
}

static int real(const char *s, double lo, double hi, double *v) {
  char *end;
  if (!s || !*s) return -1;
  *v = strtod(s, &end);
  return *end || !(*v >= lo && *v <= hi) ? -1 : 0;
}

static int parse_nm(const char *v, opts *o) {
  char range[96];
  snprintf(range, sizeof range, "dense or N:M with 1 <= N < M <= MMAX (%d) of '%s'", NM_MMAX,
           NM_NAME);
  if (!strcmp(v, "dense")) return o->dense = 1, o->n = o->m = 8, 0;
  int used = 0;
  if (sscanf(v, "%d:%d%n", &o->n, &o->m, &used) != 2 || v[used] || o->n < 1 || o->m > NM_MMAX ||
      o->n > o->m)
    return bad("--nm", v, range);
  o->dense = o->n == o->m; /* M:M is dense */
  return 0;
}

static int parse_hidden(const char *v, opts *o) {
  char *copy = strdup(v), *save = NULL;
  o->nl = 0;
  for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    long w;
    if (o->nl >= NT_MAX_LAYERS - 1 || num(t, 1, 1024, &w)) {
      free(copy);
      return bad("--hidden", v, "1 to 5 comma-separated widths 1..1024");
    }
    o->width[++o->nl] = (int)w;
  }
  free(copy);
  if (!o->nl) return bad("--hidden", v, "1 to 5 comma-separated widths 1..1024");
  return 0;
}

static int parse(int argc, char **argv, opts *o) {
  memset(o, 0, sizeof *o);
  o->seed = 1, o->n = 2, o->m = 4, o->epochs = 30, o->batch = 32, o->ntest = 360;
  o->lr = 0.01, o->mu = 0.9, o->wd = 5e-5, o->scale0 = 12, o->window = 200, o->sample = 1;
  o->data = getenv("NMTRAIN_DIGITS") ? getenv("NMTRAIN_DIGITS") : nt_digits_default_path;
  o->nl = 2, o->width[1] = 128, o->width[2] = 64;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    long n;
    int rc = 0;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) usage(stdout), exit(0);
    else if (!strcmp(a, "--model-only")) o->model_only = 1;
    else if (!strcmp(a, "--check")) o->sample = 1;
    else if (!strcmp(a, "--quiet")) o->quiet = 1;
    else if (!strcmp(a, "--val")) o->val = 1;
    else if (!v) return bad(a, "", "a known option with a value");
    else {
      i++;
      if (!strcmp(a, "--nm")) rc = parse_nm(v, o);
      else if (!strcmp(a, "--hidden")) rc = parse_hidden(v, o);
      else if (!strcmp(a, "--data")) o->data = v;
      else if (!strcmp(a, "--config")) o->config = v;
      else if (!strcmp(a, "--epochs")) rc = num(v, 1, 10000, &n) ? bad(a, v, "1..10000") : (o->epochs = (int)n, 0);
      else if (!strcmp(a, "--batch")) rc = num(v, 1, 256, &n) ? bad(a, v, "1..256") : (o->batch = (int)n, 0);
      else if (!strcmp(a, "--max-steps")) rc = num(v, 1, 100000000, &n) ? bad(a, v, "1..100000000") : (o->max_steps = (int)n, 0);
      else if (!strcmp(a, "--check-sample")) rc = num(v, 1, 1000000, &n) ? bad(a, v, "1..1000000") : (o->sample = (int)n, 0);
      else if (!strcmp(a, "--test")) rc = num(v, 10, 1000, &n) ? bad(a, v, "10..1000") : (o->ntest = (int)n, 0);
      else if (!strcmp(a, "--scale-log2")) rc = num(v, SCALE_MIN, SCALE_MAX, &n) ? bad(a, v, "0..24") : (o->scale0 = (int)n, 0);
      else if (!strcmp(a, "--scale-window")) rc = num(v, 1, 1000000, &n) ? bad(a, v, "1..1000000") : (o->window = (int)n, 0);
      else if (!strcmp(a, "--seed")) rc = num(v, 0, 0x7fffffffL, &n) ? bad(a, v, "0..2147483647") : (o->seed = (uint64_t)n, 0);
      else if (!strcmp(a, "--lr")) rc = real(v, 0, 1e30, &o->lr) ? bad(a, v, "0..1e30") : 0;
      else if (!strcmp(a, "--mu")) rc = real(v, 0, 1, &o->mu) ? bad(a, v, "0..1") : 0;
      else if (!strcmp(a, "--wd")) rc = real(v, 0, 1, &o->wd) ? bad(a, v, "0..1") : 0;
      else if (!strcmp(a, "--srste")) rc = real(v, 0, 1, &o->srste) ? bad(a, v, "0..1") : (o->srste_set = 1, 0);
      else return bad("argument", a, "the options of nmtrain --help");
      if (rc) return rc;
    }
  }
  if (o->config && strcmp(o->config, NM_NAME)) {
    fprintf(stderr, "nmtrain: --config '%s': this binary was built for configuration '%s' "
                    "(run build/%s/nmtrain)\n", o->config, NM_NAME, o->config);
    return EXIT_ARGS;
  }
  if (!o->srste_set) o->srste = o->dense ? 0.0 : 2e-4;
  o->width[0] = NT_DIGITS_PIXELS, o->width[++o->nl] = NT_DIGITS_CLASSES;
  return 0;
}

/* "dense" or "N:M". */
static const char *mode_name(const opts *o, char *buf, size_t n) {
  if (o->dense) snprintf(buf, n, "dense");
  else snprintf(buf, n, "%d:%d", o->n, o->m);
  return buf;
}

static int gcd(int a, int b) { return b ? gcd(b, a % b) : a; }

/* Accuracy (%) of images idx[0..cnt-1], on the golden model in chunks. */
static int evaluate(nt_mlp *net, const nt_digits *d, const int *idx, int cnt, double *acc) {
  enum { CH = 512 };
  nt_be model = {NULL, 0};
  int right = 0, nc = net->width[net->nl];
  uint16_t *x0 = malloc(sizeof *x0 * (size_t)net->L[0].Ki * CH);
  float *lg = malloc(sizeof *lg * (size_t)nc * CH);
  if (!x0 || !lg) return free(x0), free(lg), -1;
  for (int s = 0; s < cnt; s += CH) {
    int B = cnt - s < CH ? cnt - s : CH;
    mlp_input(net, d->pix, idx + s, B, x0);
    if (mlp_forward(net, &model, x0, B, lg)) return free(x0), free(lg), -1;
    for (int p = 0; p < B; p++) {
      int arg = 0;
      for (int c = 1; c < nc; c++)
        if (lg[(size_t)c * (size_t)B + (size_t)p] > lg[(size_t)arg * (size_t)B + (size_t)p]) arg = c;
      right += arg == d->label[idx[s + p]];
    }
  }
  free(x0), free(lg);
  *acc = 100.0 * right / cnt;
  return 0;
}

static nm_wuve_hp make_hp(const opts *o, int scale_log2) {
  nm_wuve_hp hp = {nm_bits_from_f32(ldexpf(1.0f, -scale_log2)), nm_bits_from_f32((float)o->lr),
                   nm_bits_from_f32((float)o->mu), nm_bits_from_f32((float)o->wd),
                   nm_bits_from_f32((float)o->srste)};
  return hp;
}

/* The measured side of a hardware run. */
static void hw_summary(const train_ctx *x, const char *mode) {
  const train_stats *s = &x->hw.st;
  uint64_t tot = 0;
  for (int p = 0; p < PH_COUNT; p++) tot += s->ph_cycles[p];
  printf("hw %s: %llu commands (GEMM %llu, PRUNE %llu, UPDATE %llu), LAST_CYCLES %llu (PRUNE "
         "%llu, FF %llu, BP %llu, WG %llu, UPDATE %llu), each equal to the cycle model; every "
         "tensor equal to the golden model; %llu buffer words through AXI, %llu through the "
         "back door\n",
         mode, (unsigned long long)(s->ops[NM_OP_GEMM] + s->ops[NM_OP_PRUNE] + s->ops[NM_OP_UPDATE]),
         (unsigned long long)s->ops[NM_OP_GEMM], (unsigned long long)s->ops[NM_OP_PRUNE],
         (unsigned long long)s->ops[NM_OP_UPDATE], (unsigned long long)tot,
         (unsigned long long)s->ph_cycles[PH_PRUNE], (unsigned long long)s->ph_cycles[PH_FF],
         (unsigned long long)s->ph_cycles[PH_BP], (unsigned long long)s->ph_cycles[PH_WG],
         (unsigned long long)s->ph_cycles[PH_UPDATE], (unsigned long long)s->front_words,
         (unsigned long long)s->back_words);
}

static char *join_args(int argc, char **argv) {
  size_t n = 1;
  for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
  char *s = malloc(n);
  if (!s) return NULL;
  s[0] = 0;
  for (int i = 0; i < argc; i++) strcat(strcat(s, i ? " " : ""), argv[i]);
  return s;
}

int main(int argc, char **argv) {
  opts o;
  static nt_digits d;
  static int perm[NT_DIGITS_MAX];
  nt_mlp net;
  nt_cost cost, dcost;
  char err[512], mode[16];
  int rc;
  setvbuf(stdout, NULL, _IOLBF, 0);
  if ((rc = parse(argc, argv, &o))) return rc;
  mode_name(&o, mode, sizeof mode);
  if (nt_digits_load(o.data, &d, err, sizeof err)) {
    fprintf(stderr, "nmtrain: %s\n", err);
    return EXIT_ARGS;
  }
  if (o.ntest > d.n / 2) return bad("--test", "", "at most half the images");
  nt_digits_split(&d, o.seed, perm);
  const int *test = perm, *train = perm + o.ntest;
  int ntrain = d.n - o.ntest, ntest = o.ntest;
  if (o.val) ntest = ntrain / 5, ntrain -= ntest, test = train + ntrain; /* the test set unused */
  int spe = ntrain / o.batch; /* steps per epoch (last partial batch dropped) */
  int pad = o.dense ? 8 : 8 / gcd(8, o.m) * o.m;      /* lcm(8, M): every mode the same shapes */
  if (mlp_init(&net, o.nl, o.width, o.dense, o.n, o.m, pad, o.seed)) return fprintf(stderr, "nmtrain: out of memory\n"), 1;
  if (nt_step_cost(&net, o.batch, 0, &cost, err, sizeof err) ||
      nt_step_cost(&net, o.batch, 1, &dcost, err, sizeof err)) {
    fprintf(stderr, "nmtrain: %s\n", err);
    return EXIT_BUFFERS;
  }
  if (!o.quiet) {
    printf("nmtrain: config %s, %s, digits %d images (%d train, %d %s, split seed %llu), net %d",
           NM_NAME, o.model_only ? "golden model only" : o.sample > 1 ? "hardware every k-th step" : "hardware",
           d.n, ntrain, ntest, o.val ? "validation (--val: test= below is validation)" : "test", (unsigned long long)o.seed, o.width[0]);
    for (int l = 1; l <= o.nl; l++) printf("-%d", o.width[l]);
    printf(" (bias inputs, padded to %d), mode %s, batch %d, %d steps/epoch, lr %g mu %g wd %g "
           "srste %g, loss scale 2^%d (x2 after %d good steps, /2 on overflow)\n",
           pad, mode, o.batch, spe, o.lr, o.mu, o.wd, o.srste, o.scale0, o.window);
  }
  train_ctx *x = NULL;
  char *cmdline = join_args(argc, argv);
  if (!o.model_only) {
    if (!(x = calloc(1, sizeof *x)) || !cmdline) return 1;
    x->rep = (train_report){cmdline, NM_NAME, o.seed, 1, -1, -1, "", 0, NULL};
    nm_rng_seed(&x->rng, o.seed ^ 0x636d6473ull); /* per-command choices: dataflow, bases */
    x->hw.check_cycles = 1;
    dut_top_opts dopt = {NULL, 0, 3};
    if (hw_open(&x->hw, &dopt, &x->rep, o.seed)) return EXIT_CHECK;
  }
  nm_rng shuf;
  nm_rng_seed(&shuf, o.seed ^ 0x73687566ull); /* "shuf" */
  int *order = malloc(sizeof *order * (size_t)ntrain), *idx;
  uint16_t *x0 = malloc(2 * (size_t)net.L[0].Ki * (size_t)o.batch);
  uint8_t lab[256];
  int step = 0, scale = o.scale0, good = 0, skipped = 0, run_skips = 0, status = 0;
  double tr = 0, te = 0;
  if (!order || !x0) return 1;
  for (int ep = 1; ep <= o.epochs && !status && (!o.max_steps || step < o.max_steps); ep++) {
    double loss = 0;
    int correct = 0, done = 0;
    memcpy(order, train, sizeof *order * (size_t)ntrain);
    for (int i = ntrain - 1; i > 0; i--) {
      int j = (int)nm_rng_below(&shuf, (uint32_t)i + 1u), t = order[i];
      order[i] = order[j], order[j] = t;
    }
    for (int s = 0; s < spe && (!o.max_steps || step < o.max_steps); s++, step++, done++) {
      int fi;
      nt_be be = {x, x && step % o.sample == 0};
      nm_wuve_hp hp = make_hp(&o, scale);
      idx = order + s * o.batch;
      for (int p = 0; p < o.batch; p++) lab[p] = d.label[idx[p]];
      mlp_input(&net, d.pix, idx, o.batch, x0);
      if (x) x->xfer = 0, x->front_xfer = (int)nm_rng_below(&x->rng, 12), x->rep.iter = step;
      double bl = 0;
      if (mlp_step(&net, &be, x0, lab, o.batch, ldexpf(1.0f, scale), &hp, &bl, &correct, &fi)) {
        status = EXIT_CHECK;
        break;
      }
      loss += bl;
      if (fi) {
        skipped++, run_skips++, good = 0;
        if (scale <= SCALE_MIN) {
          fprintf(stderr,
                  "nmtrain: diverged at step %d (epoch %d): batch loss %g, gradients overflow "
                  "with the loss scale at its minimum 2^%d after %d skipped steps in a row "
                  "(lower --lr)\n",
                  step, ep, bl / o.batch, SCALE_MIN, run_skips);
          status = EXIT_DIVERGED;
          break;
        }
        scale--;
      } else {
        run_skips = 0;
        if (++good >= o.window) { /* AMP: try a larger scale after a run of good steps */
          good = 0;
          if (scale < SCALE_MAX) scale++;
        }
      }
    }
    if (status || !done) break;
    if (evaluate(&net, &d, train, ntrain, &tr) || evaluate(&net, &d, test, ntest, &te))
      return fprintf(stderr, "nmtrain: out of memory\n"), 1;
    printf("digits %s epoch=%d loss=%.4f train=%.2f%% test=%.2f%% cycles=%llu\n", mode, ep,
           loss / ((double)done * o.batch), tr, te, (unsigned long long)(cost.total * (uint64_t)done));
  }
  if (!status) {
    printf("digits %s final steps=%d skipped=%d scale=2^%d test=%.2f%% state=%016llx\n", mode, step,
           skipped, scale, te, (unsigned long long)mlp_hash(&net));
    printf("digits %s speedup vs dense: %.2fx per step (cycle model, batch %d: dense %llu cycles, "
           "%s %llu: PRUNE %llu FF %llu BP %llu WG %llu UPDATE %llu; FF+BP %.2fx)\n",
           mode, (double)dcost.total / (double)cost.total, o.batch, (unsigned long long)dcost.total,
           mode, (unsigned long long)cost.total, (unsigned long long)cost.prune,
           (unsigned long long)cost.ff, (unsigned long long)cost.bp, (unsigned long long)cost.wg,
           (unsigned long long)cost.update, (double)(dcost.ff + dcost.bp) / (double)(cost.ff + cost.bp));
  }
  if (x) {
    if (!status) {
      x->rep.iter = -1;
      if (hw_check_totals(&x->hw)) status = EXIT_CHECK;
      else hw_summary(x, mode);
    }
    hw_close(&x->hw);
    free(x);
  }
  free(order), free(x0), free(cmdline);
  mlp_free(&net);
  return status;
}
