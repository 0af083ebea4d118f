/*
** bench_net: weight-gradient cycles on the ANT engine, derived from the
** RTL measurements of ant_bench (make bench-ant's program, run by
** bench-net on the config's engine).
**
** Why derived and not simulated: a layer's WG is one ANT command per
** (Cin, Cout, image) channel pair, 10^5..10^7 commands per layer at the
** real plane sizes.  ant_bench runs 32 random pairs per ResNet-18 layer
** shape on the Verilated engine (outputs and counters checked against the
** model) at planes scaled to 7..32 rows.  Per (kernel, stride) class the
** cycles per pair are fitted as a + b * (X plane area): a is the fixed
** per-command cost, b the per-pixel work (vectors issued and ranges
** computed scale with the nonzeros, i.e. with the area at fixed density).
** A real layer's pair costs a + b * area at its plane size; planes whose
** rows or nonzeros exceed the engine's row tables or CSR buffers are split
** into bands of output rows (with their halo of X rows), each a command
** paying a again.  Every pair also pays the top's command overhead.
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

/* Least-squares a + b*x over the class's rows; one row: b = y/x. */
static void fit_class(bn_ant *a, int k, int stride) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int n = 0;
  for (int i = 0; i < a->nrows; i++) {
    const bn_ant_row *r = &a->row[i];
    if (r->k != k || r->stride != stride) continue;
    double x = (double)r->xh * r->xh, y = r->cyc_ant / a->pairs;
    sx += x, sy += y, sxx += x * x, sxy += x * y, n++;
  }
  bn_ant_fit *f = &a->fit[a->nfits++];
  f->k = k, f->stride = stride, f->npts = n;
  double den = n * sxx - sx * sx;
  if (n > 1 && den > 0)
    f->b = (n * sxy - sx * sy) / den, f->a = (sy - f->b * sx) / n;
  else
    f->a = 0, f->b = sy / sx;
  f->maxres = 0;
  for (int i = 0; i < a->nrows; i++) {
    const bn_ant_row *r = &a->row[i];
    if (r->k != k || r->stride != stride) continue;
    double x = (double)r->xh * r->xh, y = r->cyc_ant / a->pairs;
    double res = fabs(f->a + f->b * x - y) / y;
    if (res > f->maxres) f->maxres = res;
  }
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
  for (int i = 0; i < a->nrows; i++) {
    int seen = 0;
    for (int j = 0; j < a->nfits; j++)
      seen |= a->fit[j].k == a->row[i].k && a->fit[j].stride == a->row[i].stride;
    if (!seen && a->nfits < BN_ANT_FITS) fit_class(a, a->row[i].k, a->row[i].stride);
  }
  return 0;
}

uint64_t bn_ant_wg_cycles(const bn_ant *a, const bn_hw *hw, const bn_layer *l, int batch, uint64_t *cmds) {
  *cmds = 0;
  if (!l->conv || l->input) return BN_NA;
  const bn_ant_fit *f = NULL;
  for (int i = 0; i < a->nfits; i++)
    if (a->fit[i].k == l->k && a->fit[i].stride == l->stride) f = &a->fit[i];
  if (!f || hw->ant_rows < l->k + 1) return BN_NA;
  /* Bands of output (dY) rows: at most ant_rows dY rows and stride*(hb-1)+k X
  ** rows, and (with a 25% margin for the random spread) the nonzeros of both
  ** planes within the CSR buffers. */
  double d = a->density, h = l->hin, ho = l->hout;
  int hb = (hw->ant_rows - l->k) / l->stride + 1;
  if (hb > hw->ant_rows) hb = hw->ant_rows;
  double bands = ceil(ho / hb);
  double bx = ceil(1.25 * d * h * h / hw->ant_ibuf), bd = ceil(1.25 * d * ho * ho / hw->ant_kbuf);
  if (bx > bands) bands = bx;
  if (bd > bands) bands = bd;
  double halo = l->k > l->stride ? l->k - l->stride : 0;
  double area = (h + (bands - 1) * halo) * h;
  double per_pair = bands * (f->a > 0 ? f->a : 0) + f->b * area + bands * (double)bn_ant_cmd_overhead(hw);
  if (f->a < 0) per_pair += f->a; /* a negative intercept: keep the fit's value */
  double pairs = (double)l->cin * l->cout * batch;
  *cmds = (uint64_t)(pairs * bands);
  return (uint64_t)llround(pairs * per_pair);
}
