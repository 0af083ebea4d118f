/*
** bench_net: weight-gradient cycles on the ANT engine, measured on the RTL
** by ant_bench (make bench-ant's program), which bench-net runs on the
** config's own ANT engine (default: nm_top's nm_ant_array of ant_engines
** engines, the model registered as default_x4) with --wg.
**
** How the cycles are derived: a layer's WG is one ANT computation per
** (Cin, Cout, image) channel pair, 10^5..10^7 pairs per layer, too many to
** simulate.  ant_bench's antwg pass runs, per conv layer of ResNet-18 /
** VGG-16 at its full plane size and the bench's density, ANT_WG_SAMPLES
** random draws of P x CI x CO pairs on the Verilated engine: batch commands
** of CI x CO pairs per engine when a pair fits one command, else the pair
** in bands of dY rows (each band a command adding onto the last), one
** distinct pair per engine.  Every output (bit for bit), counter and cycle
** count (nm_ant_cycles / nm_ant_cycles_batch) is checked against the model
** and ant_bench fails on any difference; it ends with an "antwg-check PASS"
** line naming the engine, which bn_ant_load requires, with the engine count
** and ant_n of this config.  A layer's WG on ANT = its sampled mean cycles
** per channel pair (the longest engine's cycles of each command, plus the
** top's per-command cycles, over the pairs the P engines ran) x Cin x Cout x
** batch.  No fit and no extrapolation in plane size: the sample is the
** layer itself; the spread between draws is the sampling error.
**
** ant_bench's first table (ResNet-18 shapes at scaled planes, ant and scnn
** modes) is read too, for the report's RCP figures.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"

#define MAX_COLS 24

/* Split a markdown table row into trimmed cells; returns the count. */
static int cells(char *line, char *cell[MAX_COLS]) {
  int n = 0;
  char *p = strchr(line, '|');
  while (p && n < MAX_COLS) {
    char *q = strchr(p + 1, '|');
    if (!q) break;
    *q = 0;
    char *s = p + 1;
    while (*s == ' ') s++;
    for (char *e = q - 1; e >= s && *e == ' '; e--) *e = 0;
    cell[n++] = s;
    p = q;
  }
  return n;
}

static int col_of(char *hdr[MAX_COLS], int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(hdr[i], name) == 0) return i;
  return -1;
}

/* The table's columns ant_bench prints; found by their header text. */
enum { C_LAYER, C_X, C_DY, C_VALID, C_RS, C_RA, C_PS, C_PA, C_CS, C_CA, NC };
static const char *const kCols[NC] = {"layer (k x k / stride)",
                                      "X plane (ResNet-18)",
                                      "dY plane",
                                      "valid products",
                                      "RCPs scnn",
                                      "RCPs ant",
                                      "pairs scnn",
                                      "pairs ant",
                                      "cycles scnn",
                                      "cycles ant"};

/* The value of " key=" in an antwg line, or NULL. */
static const char *field(const char *line, const char *key) {
  char pat[40];
  snprintf(pat, sizeof pat, " %s=", key);
  const char *p = strstr(line, pat);
  return p ? p + strlen(pat) : NULL;
}

/* One "antwg <net> <layer> ant=.. ..." line into a->wg; 0 or -1. */
static int wg_line(const char *line, bn_ant *a, char *err, size_t errlen) {
  if (a->nwg == BN_ANT_WG) {
    snprintf(err, errlen, "more than %d antwg lines", BN_ANT_WG);
    return -1;
  }
  bn_ant_wg *w = &a->wg[a->nwg];
  const char *cy = field(line, "cycles/pair"), *cm = field(line, "cmds/pair"), *de = field(line, "density"),
             *pl = field(line, "plane"), *bu = field(line, "busy"), *ba = field(line, "batch");
  if (sscanf(line, "antwg %31s %47s", w->net, w->layer) != 2 || !cy || !cm || !de || !pl || !bu ||
      sscanf(pl, "%dx%*d->%dx", &w->hin, &w->hout) != 2) {
    snprintf(err, errlen, "cannot read the antwg line '%.120s' (ant_bench's format changed?)", line);
    return -1;
  }
  w->cyc_pair = atof(cy), w->cmds_pair = atof(cm), w->density = atof(de) / 100.0, w->busy = atof(bu);
  if (!ba || sscanf(ba, "%dx%d", &w->bci, &w->bco) != 2) w->bci = w->bco = 0;
  if (w->cyc_pair <= 0) {
    snprintf(err, errlen, "antwg %s %s: no cycles", w->net, w->layer);
    return -1;
  }
  a->nwg++;
  return 0;
}

int bn_ant_load(const char *path, bn_ant *a, char *err, size_t errlen) {
  memset(a, 0, sizeof *a);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "cannot open %s", path);
    return -1;
  }
  char line[2048], *c[MAX_COLS];
  int col[NC], have_hdr = 0;
  double sparse = 0;
  while (fgets(line, sizeof line, f)) {
    if (!strncmp(line, "antwg ", 6)) {
      if (wg_line(line, a, err, errlen)) {
        fclose(f);
        return -1;
      }
      continue;
    }
    if (!strncmp(line, "antwg-check PASS ", 17)) {
      const char *c = field(line, "cfg"), *e = field(line, "engines"), *n = field(line, "ant_n");
      if (c && e && n) sscanf(c, "%31s", a->wg_cfg), a->wg_engines = atoi(e), a->wg_n = atoi(n);
      a->wg_pass = 1;
      continue;
    }
    const char *p = strstr(line, "% sparse X and dY, ");
    if (p && !have_hdr) {
      const char *s = strstr(line, "scaled, ");
      if (s) sparse = atof(s + strlen("scaled, "));
      sscanf(p + strlen("% sparse X and dY, "), "%d channel pairs", &a->pairs);
      const char *q = strstr(line, "config ");
      if (q) sscanf(q, "config %31s (ant_n = %d)", a->cfg, &a->n);
      continue;
    }
    if (line[0] != '|') continue;
    int n = cells(line, c);
    if (!have_hdr) {
      for (int i = 0; i < NC; i++)
        if ((col[i] = col_of(c, n, kCols[i])) < 0) {
          fclose(f);
          snprintf(err, errlen, "%s: no column '%s' (ant_bench's table changed?)", path, kCols[i]);
          return -1;
        }
      have_hdr = 1;
      continue;
    }
    if (n < NC || c[0][0] == '-' || strstr(c[0], "**")) continue;
    if (a->nrows == BN_ANT_ROWS) break;
    bn_ant_row *r = &a->row[a->nrows];
    int k2;
    snprintf(r->name, sizeof r->name, "%s", c[col[C_LAYER]]);
    const char *sh = strchr(c[col[C_LAYER]], ' ');
    if (!sh || sscanf(sh, " %dx%d/%d", &r->k, &k2, &r->stride) != 3 ||
        sscanf(c[col[C_X]], "%d", &r->xh) != 1 || sscanf(c[col[C_DY]], "%d", &r->dyh) != 1) {
      fclose(f);
      snprintf(err, errlen, "%s: cannot read the shape of row '%s'", path, c[0]);
      return -1;
    }
    r->valid = atof(c[col[C_VALID]]), r->rcps_scnn = atof(c[col[C_RS]]);
    r->rcps_ant = atof(c[col[C_RA]]), r->pairs_scnn = atof(c[col[C_PS]]);
    r->pairs_ant = atof(c[col[C_PA]]), r->cyc_scnn = atof(c[col[C_CS]]);
    r->cyc_ant = atof(c[col[C_CA]]);
    a->nrows++;
  }
  fclose(f);
  if (!have_hdr || !a->nrows || a->pairs < 1 || a->n < 1) {
    snprintf(err, errlen, "%s: no ant_bench table (header, rows, pairs or ant_n missing)", path);
    return -1;
  }
  a->density = 1.0 - sparse / 100.0;
  if (!a->wg_pass || !a->nwg) {
    snprintf(err, errlen, "%s: no antwg lines or no 'antwg-check PASS' line (ant_bench --wg did not finish "
             "or a command differed from the model)", path);
    return -1;
  }
  for (int i = 0; i < a->nwg; i++)
    if (fabs(a->wg[i].density - a->wg[0].density) > 1e-9) {
      snprintf(err, errlen, "%s: antwg lines at more than one density (run with one ANT_WG_DENSITIES)", path);
      return -1;
    }
  a->wg_density = a->wg[0].density;
  return 0;
}

int bn_ant_check_hw(const bn_ant *a, const bn_hw *hw, char *err, size_t errlen) {
  if (a->wg_engines != hw->ant_engines || a->wg_n != hw->ant_n) {
    snprintf(err, errlen, "the antwg lines are engine %s's (%d engines, ant_n %d), not config %s's (%d, %d)",
             a->wg_cfg, a->wg_engines, a->wg_n, hw->name, hw->ant_engines, hw->ant_n);
    return -1;
  }
  return 0;
}

uint64_t bn_ant_wg_cycles(const bn_ant *a, const char *net, const bn_layer *l, int batch, uint64_t *cmds) {
  *cmds = 0;
  if (!l->conv || l->input) return BN_NA;
  for (int i = 0; i < a->nwg; i++) {
    const bn_ant_wg *w = &a->wg[i];
    if (strcmp(w->net, net) || strcmp(w->layer, l->name) || w->hin != l->hin || w->hout != l->hout) continue;
    double pairs = (double)l->cin * l->cout * batch;
    *cmds = (uint64_t)llround(pairs * w->cmds_pair);
    return (uint64_t)llround(pairs * w->cyc_pair);
  }
  return BN_NA; /* not measured: WG stays on the STCE */
}
