/*
** regmap.md's buffer layouts (the documented contract, generator/regmap.c)
** against tb/model/nm_layout.c (the one the harness and the DMA model use).
**
**   test_layout GENDIR...   (each an nmgen output: nm_config.h + regmap.md)
**
** For each config: the PARAMS line equals nm_config.h; every nm_layout field
** has exactly one line and every line names a field; on random indices and
** bases each line's bank, word, lsb and width (evaluated by a small integer
** expression evaluator: + - * / % parentheses, variables) equal
** nm_layout_map's, and the NEED lines equal the need helpers.
** Knobs (check_util.h): NMTEST_SEED, NMTEST_QUICK.
*/
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "nm_layout.h"
#include "nm_rng.h"

static char **gen_dirs;
static int n_gen_dirs;

/* ---- the expression evaluator ---------------------------------------------- */

#define MAX_VARS 32
typedef struct {
  const char *name[MAX_VARS];
  long long val[MAX_VARS];
  int n;
} vars;

static void var_set(vars *v, const char *name, long long x) {
  for (int i = 0; i < v->n; i++)
    if (!strcmp(v->name[i], name)) { v->val[i] = x; return; }
  ck_assert(v->n < MAX_VARS);
  v->name[v->n] = name, v->val[v->n++] = x;
}

typedef struct {
  const char *p;
  const vars *v;
  const char *err;
} parser;

static void skip(parser *s) { while (*s->p == ' ') s->p++; }

static long long expr(parser *s);

static long long atom(parser *s) {
  skip(s);
  if (*s->p == '(') {
    s->p++;
    long long x = expr(s);
    skip(s);
    if (*s->p != ')') { s->err = "missing )"; return 0; }
    s->p++;
    return x;
  }
  if (isdigit((unsigned char)*s->p)) return strtoll(s->p, (char **)&s->p, 10);
  if (isalpha((unsigned char)*s->p) || *s->p == '_') {
    const char *b = s->p;
    while (isalnum((unsigned char)*s->p) || *s->p == '_') s->p++;
    size_t n = (size_t)(s->p - b);
    for (int i = 0; i < s->v->n; i++)
      if (strlen(s->v->name[i]) == n && !strncmp(s->v->name[i], b, n)) return s->v->val[i];
    s->err = "unknown variable";
    return 0;
  }
  s->err = "expected a number, variable or (";
  return 0;
}

static long long term(parser *s) {
  long long x = atom(s);
  for (;;) {
    skip(s);
    char op = *s->p;
    if (op != '*' && op != '/' && op != '%') return x;
    s->p++;
    long long y = atom(s);
    if ((op == '/' || op == '%') && y == 0) { s->err = "division by 0"; return 0; }
    x = op == '*' ? x * y : op == '/' ? x / y : x % y;
  }
}

static long long expr(parser *s) {
  long long x = term(s);
  for (;;) {
    skip(s);
    char op = *s->p;
    if (op != '+' && op != '-') return x;
    s->p++;
    long long y = term(s);
    x = op == '+' ? x + y : x - y;
  }
}

/* Evaluate e (up to its end) or fail the test naming it. */
static long long eval(const char *e, const vars *v, const char *where) {
  parser s = {e, v, NULL};
  long long x = expr(&s);
  skip(&s);
  if (!s.err && *s.p) s.err = "trailing text";
  ck_assert_msg(!s.err, "%s: cannot evaluate \"%s\": %s at \"%s\"", where, e, s.err, s.p);
  return x;
}

START_TEST(evaluator_follows_c_precedence_and_division) {
  vars v = {{0}, {0}, 0};
  var_set(&v, "a", 7), var_set(&v, "bb", 3);
  ck_assert_int_eq(eval("1 + 2 * 3", &v, "t"), 7);
  ck_assert_int_eq(eval("(1 + 2) * 3", &v, "t"), 9);
  ck_assert_int_eq(eval("a / bb * bb + a % bb", &v, "t"), 7);
  ck_assert_int_eq(eval("a - bb - 1", &v, "t"), 3);
  ck_assert_int_eq(eval("((a + bb - 1) / bb)", &v, "t"), 3);
  ck_assert_int_eq(eval("a - (bb - 1)", &v, "t"), 5);
}
END_TEST

/* ---- one config's files ------------------------------------------------------- */

typedef struct {
  char text[1 << 20];
  nm_layout_cfg cfg;
  char name[64];
} gen;

static char *slurp(const char *path, char *buf, size_t cap) {
  FILE *f = fopen(path, "r");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  size_t n = fread(buf, 1, cap - 1, f);
  fclose(f);
  buf[n] = 0;
  return buf;
}

/* #define NAME value in an nm_config.h text, or fail. */
static int cfg_int(const char *h, const char *name, const char *path) {
  char key[96];
  snprintf(key, sizeof key, "#define %s ", name);
  const char *p = strstr(h, key);
  ck_assert_msg(p != NULL, "%s: no %s", path, name);
  return atoi(p + strlen(key));
}

static void gen_load(gen *g, const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/nm_config.h", dir);
  slurp(path, g->text, sizeof g->text);
  nm_layout_cfg c = {
      cfg_int(g->text, "NM_ROWS", path), cfg_int(g->text, "NM_COLS", path),
      cfg_int(g->text, "NM_MMAX", path), cfg_int(g->text, "NM_SORE_LANES", path),
      cfg_int(g->text, "NM_WUVE_LANES", path), cfg_int(g->text, "NM_ABUF_DEPTH", path),
      cfg_int(g->text, "NM_BBUF_DEPTH", path), cfg_int(g->text, "NM_CBUF_DEPTH", path),
      cfg_int(g->text, "NM_SORE_BUF_DEPTH", path), cfg_int(g->text, "NM_WUVE_BUF_DEPTH", path),
      cfg_int(g->text, "NM_ANT_ROWS", path), cfg_int(g->text, "NM_ANT_IBUF_DEPTH", path),
      cfg_int(g->text, "NM_ANT_KBUF_DEPTH", path), cfg_int(g->text, "NM_ANT_OBUF_DEPTH", path),
      cfg_int(g->text, "NM_ANT_ENGINES", path)};
  g->cfg = c;
  snprintf(g->name, sizeof g->name, "%s", dir);
  snprintf(path, sizeof path, "%s/regmap.md", dir);
  slurp(path, g->text, sizeof g->text);
  char *b = strstr(g->text, "## Buffer layouts");
  ck_assert_msg(b != NULL, "%s: no \"## Buffer layouts\" section", path);
  b = strstr(b, "```\n");
  ck_assert_msg(b != NULL, "%s: the layouts have no code block", path);
  char *e = strstr(b + 4, "```");
  ck_assert_msg(e != NULL, "%s: the layout code block is not closed", path);
  *e = 0;
  memmove(g->text, b + 4, strlen(b + 4) + 1);   /* keep the block only */
}

/* The block's line starting with "key " (exactly one), copied into out. */
static int find_line(const gen *g, const char *key, char *out, size_t cap) {
  int found = 0;
  size_t kl = strlen(key);
  for (const char *p = g->text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n > kl && !strncmp(p, key, kl) && p[kl] == ' ') {
      found++;
      snprintf(out, cap, "%.*s", (int)(n - kl - 1), p + kl + 1);
    }
    p += n + (nl ? 1 : 0);
  }
  ck_assert_msg(found <= 1, "%s: %d lines for %s", g->name, found, key);
  return found;
}

/* "a = E1 ; b = E2 ; ..." -> the expression of `name`, in out. */
static void part(const char *line, const char *name, char *out, size_t cap, const char *where) {
  char key[32];
  snprintf(key, sizeof key, "%s = ", name);
  const char *p = strstr(line, key);
  ck_assert_msg(p != NULL, "%s: no \"%s\" in \"%s\"", where, key, line);
  p += strlen(key);
  const char *e = strchr(p, ';');
  size_t n = e ? (size_t)(e - p) : strlen(p);
  snprintf(out, cap, "%.*s", (int)n, p);
}

static void params_vars(const gen *g, vars *v) {
  char line[512], ex[128];
  ck_assert_msg(find_line(g, "PARAMS", line, sizeof line), "%s: no PARAMS line", g->name);
  static const char *names[] = {"R", "C", "MMAX", "SORE_LANES", "WUVE_LANES", "NB"};
  const nm_layout_cfg *c = &g->cfg;
  int want[] = {c->rows, c->cols, c->mmax, c->sore_lanes, c->wuve_lanes, nm_layout_b_banks(c)};
  v->n = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    part(line, names[i], ex, sizeof ex, g->name);
    long long x = atoll(ex);
    ck_assert_msg(x == want[i], "%s: PARAMS %s = %lld, nm_config.h says %d", g->name, names[i], x,
                  want[i]);
    var_set(v, names[i], x);
  }
}

static int rnd(nm_rng *r, int n) { return (int)nm_rng_below(r, (uint32_t)n); }

/* Random indices and command sizes for config c (the formulas hold for any). */
static nm_layout_idx rand_idx(nm_rng *r, const nm_layout_cfg *c) {
  nm_layout_idx x;
  x.kp = 1 + rnd(r, 64), x.groups = 1 + rnd(r, 16), x.J = 1 + rnd(r, 4 * c->cols + 8);
  x.wout = 1 + rnd(r, 40);
  x.i = rnd(r, 4 * c->rows + 9), x.k = rnd(r, x.kp), x.g = rnd(r, x.groups + 40);
  x.j = rnd(r, x.J), x.e = rnd(r, c->mmax), x.n = rnd(r, 1000), x.y = rnd(r, c->ant_rows);
  x.oy = rnd(r, 40), x.ox = rnd(r, x.wout), x.base = (unsigned)rnd(r, 2000);
  x.p = rnd(r, c->ant_engines > 1 ? c->ant_engines : 1);
  return x;
}

static void idx_vars(const nm_layout_idx *x, vars *v) {
  var_set(v, "i", x->i), var_set(v, "j", x->j), var_set(v, "k", x->k), var_set(v, "g", x->g);
  var_set(v, "e", x->e), var_set(v, "n", x->n), var_set(v, "y", x->y), var_set(v, "oy", x->oy);
  var_set(v, "ox", x->ox), var_set(v, "KP", x->kp), var_set(v, "G", x->groups), var_set(v, "J", x->J);
  var_set(v, "WOUT", x->wout), var_set(v, "base", x->base), var_set(v, "p", x->p);
}

/* The region's name (that of its first field). */
static void region_name(int region, char *buf, size_t cap) {
  for (int f = 0; f < NMF_COUNT; f++) {
    nm_layout_idx x = {0};
    nm_layout_cfg c = {1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    if (nm_layout_map(&c, (nm_layout_field)f, &x).region == region) {
      const char *n = nm_layout_field_name((nm_layout_field)f);
      snprintf(buf, cap, "%.*s", (int)(strchr(n, '.') - n), n);
      return;
    }
  }
  snprintf(buf, cap, "?");
}

static void check_gen(const char *dir, size_t trials) {
  static gen g;
  gen_load(&g, dir);
  vars v;
  params_vars(&g, &v);
  nm_rng r;
  nm_rng_seed(&r, tu_seed());
  size_t checked = 0;
  for (int f = 0; f < NMF_COUNT; f++) {
    const char *name = nm_layout_field_name((nm_layout_field)f);
    char line[512], eb[256], ew[256], el[256], ewd[256], where[700];
    ck_assert_msg(find_line(&g, name, line, sizeof line), "%s/regmap.md: no line for %s", dir, name);
    snprintf(where, sizeof where, "%s/regmap.md %s", dir, name);
    part(line, "bank", eb, sizeof eb, where), part(line, "word", ew, sizeof ew, where);
    part(line, "lsb", el, sizeof el, where), part(line, "width", ewd, sizeof ewd, where);
    for (size_t t = 0; t < trials; t++) {
      nm_layout_idx x = rand_idx(&r, &g.cfg);
      idx_vars(&x, &v);
      nm_layout_loc l = nm_layout_map(&g.cfg, (nm_layout_field)f, &x);
      long long got[4] = {eval(eb, &v, where), eval(ew, &v, where), eval(el, &v, where),
                          eval(ewd, &v, where)};
      long long want[4] = {l.bank, l.word, l.lsb, l.width};
      static const char *what[4] = {"bank", "word", "lsb", "width"};
      for (int q = 0; q < 4; q++)
        ck_assert_msg(got[q] == want[q],
                      "%s: %s = %lld by regmap.md, %lld by nm_layout (i=%d j=%d k=%d g=%d e=%d n=%d "
                      "y=%d oy=%d ox=%d p=%d KP=%d G=%d J=%d WOUT=%d base=%u); rerun: NMTEST_SEED=%llu",
                      where, what[q], got[q], want[q], x.i, x.j, x.k, x.g, x.e, x.n, x.y, x.oy, x.ox, x.p,
                      x.kp, x.groups, x.J, x.wout, x.base, (unsigned long long)tu_seed());
      char rb[32];
      region_name(l.region, rb, sizeof rb);
      ck_assert_msg(!strncmp(name, rb, strlen(rb)) &&
                        name[strlen(rb)] == '.',
                    "%s: nm_layout puts it in region %d (%s)", where, l.region, rb);
      checked++;
    }
  }
  /* Every line names a field (or is PARAMS / NEED). */
  for (const char *p = g.text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    int known = !strncmp(p, "PARAMS ", 7) || !strncmp(p, "NEED ", 5) || n == 0;
    for (int f = 0; f < NMF_COUNT && !known; f++) {
      const char *fn = nm_layout_field_name((nm_layout_field)f);
      known = n > strlen(fn) && !strncmp(p, fn, strlen(fn)) && p[strlen(fn)] == ' ';
    }
    ck_assert_msg(known, "%s/regmap.md: layout line names no nm_layout field: %.*s", dir, (int)n, p);
    p += n + (nl ? 1 : 0);
  }
  /* The words-per-bank lines against the need helpers. */
  static const char *needs[] = {"NEED STCE_A", "NEED STCE_B", "NEED STCE_C", "NEED SORE",
                                "NEED WUVE"};
  for (size_t q = 0; q < sizeof needs / sizeof needs[0]; q++) {
    char line[512], where[600];
    snprintf(where, sizeof where, "%s/regmap.md %s", dir, needs[q]);
    ck_assert_msg(find_line(&g, needs[q], line, sizeof line), "%s: missing", where);
    const char *ex = line + 2;   /* "= E" */
    ck_assert_msg(!strncmp(line, "= ", 2), "%s: not \"= expression\"", where);
    for (size_t t = 0; t < trials; t++) {
      int I = 1 + rnd(&r, 100), J = 1 + rnd(&r, 100), kp = 1 + rnd(&r, 64), G = 1 + rnd(&r, 16);
      int ng = rnd(&r, 3000), ne = rnd(&r, 100000);
      var_set(&v, "I", I), var_set(&v, "J", J), var_set(&v, "KP", kp), var_set(&v, "G", G);
      var_set(&v, "GROUPS", ng), var_set(&v, "ELEMS", ne);
      uint64_t want = q == 0   ? nm_layout_a_need(&g.cfg, I, kp)
                      : q == 1 ? nm_layout_b_need(&g.cfg, G, J)
                      : q == 2 ? nm_layout_c_need(&g.cfg, I, J)
                      : q == 3 ? nm_layout_sore_need(&g.cfg, ng)
                               : nm_layout_wuve_need(&g.cfg, ne);
      long long got = eval(ex, &v, where);
      ck_assert_msg((uint64_t)got == want, "%s: %lld by regmap.md, %llu by nm_layout (I=%d J=%d KP=%d "
                    "G=%d GROUPS=%d ELEMS=%d)", where, got, (unsigned long long)want, I, J, kp, G, ng, ne);
      checked++;
    }
  }
  printf("%s: %d fields, %zu random checks\n", dir, (int)NMF_COUNT, checked);
}

/* The need helpers are the mapping's extent: the highest word a command's
** elements touch is base + need - 1 (so the bound checks and the layout agree). */
static void check_need_is_extent(const gen *g, nm_rng *r) {
  const nm_layout_cfg *c = &g->cfg;
  int I = 1 + rnd(r, 3 * c->rows + 5), J = 1 + rnd(r, 3 * c->cols + 5), kp = 1 + rnd(r, 20);
  int G = 1 + rnd(r, 6);
  uint64_t a = 0, b = 0, cc = 0;
  for (int i = 0; i < I; i++)
    for (int k = 0; k < kp; k++) {
      uint64_t w = nm_layout_a(c, 0, i, k, kp, 0).word + 1u;
      a = w > a ? w : a;
    }
  for (int j = 0; j < J; j++)
    for (int gg = 0; gg < G; gg++) {
      uint64_t w = nm_layout_b(c, gg, j, 0, G, 0).word + 1u;
      b = w > b ? w : b;
    }
  for (int i = 0; i < I; i++)
    for (int j = 0; j < J; j++) {
      uint64_t w = nm_layout_c(c, i, j, J, 0).word + 1u;
      cc = w > cc ? w : cc;
      int ii = -1, jj = -1;
      nm_layout_loc l = nm_layout_c(c, i, j, J, 0);
      ck_assert(nm_layout_c_elem(c, I, J, 0, l.bank, l.word, &ii, &jj) && ii == i && jj == j);
    }
  ck_assert_msg(a == nm_layout_a_need(c, I, kp) && b == nm_layout_b_need(c, G, J) &&
                    cc == nm_layout_c_need(c, I, J),
                "%s: need helpers differ from the mapping's extent (I=%d J=%d KP=%d G=%d)", g->name, I,
                J, kp, G);
}

START_TEST(regmap_md_layouts_equal_nm_layout) {
  ck_assert_msg(n_gen_dirs > 0, "usage: test_layout GENDIR...");
  for (int d = 0; d < n_gen_dirs; d++) check_gen(gen_dirs[d], tu_quick() ? 100 : 1000);
}
END_TEST

START_TEST(need_helpers_are_the_mapping_extent) {
  ck_assert_msg(n_gen_dirs > 0, "usage: test_layout GENDIR...");
  static gen g;
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 1);
  for (int d = 0; d < n_gen_dirs; d++) {
    gen_load(&g, gen_dirs[d]);
    for (int t = 0; t < 50; t++) check_need_is_extent(&g, &r);
  }
}
END_TEST

static Suite *layout_suite(void) {
  const TTest *tests[] = {evaluator_follows_c_precedence_and_division,
                          regmap_md_layouts_equal_nm_layout, need_helpers_are_the_mapping_extent,
                          NULL};
  return check_suite("layout", "layout", 120, tests);
}

/* The operands: the nmgen output directories whose regmap.md to check. */
static int gen_dirs_arg(int argc, char **argv) {
  gen_dirs = argv + 1, n_gen_dirs = argc - 1;
  return 0;
}

const check_prog check_program = {.name = "test_layout", .suite = layout_suite, .args = gen_dirs_arg};
