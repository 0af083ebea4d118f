/*
** nmgen: generates the Verilog, C header and manifest of one N:M-sparse
** training accelerator configuration.
**
**   nmgen [--config FILE] [--expect-name NAME] [--KEY VALUE ...] -o DIR
**
** Exit 0 on success; 2 on any bad input or failure, with one line on stderr
** naming what was wrong and what is allowed.  DIR is replaced atomically.
*/
#include <stdio.h>
#include <string.h>

#include "cfgfile.h"
#include "emit.h"
#include "outdir.h"
#include "params.h"
#include "quote.h"

#define ERR_MAX 1024
#define USAGE "usage: nmgen [--config FILE] [--expect-name NAME] [--KEY VALUE ...] -o DIR"

static int fail(const char *msg) {
  fprintf(stderr, "nmgen: error: %s\n", msg);
  return 2;
}

/* "--key=value" or "--key value": the value, advancing *i when it is separate. */
static const char *option_value(int argc, char **argv, int *i, const char *eq) {
  if (eq) return eq + 1;
  return *i + 1 < argc ? argv[++*i] : NULL;
}

/* --expect-name: the build rule for sim/configs/<x>.cfg passes x, so a
** config whose name differs fails here, not minutes later in the build. */
static int check_name(const nm_params *p, const char *want, const char *config, char *err,
                      size_t errlen) {
  char file[QUOTE_BUF(QUOTE_KEEP_PATH)], name[QUOTE_BUF(QUOTE_KEEP)], exp[QUOTE_BUF(QUOTE_KEEP)];
  if (!want || !strcmp(p->name, want)) return 0;
  const char *base = config ? strrchr(config, '/') : NULL;
  base = base ? base + 1 : config;
  size_t wl = strlen(want);
  QUOTE_VAL(want, exp);
  quote_text(p->name, strlen(p->name), QUOTE_KEEP, 0, name, sizeof name);
  if (!config || p->from_cli[K_NAME])
    snprintf(err, errlen, "key 'name' is '%s', but --expect-name is %s", name, exp);
  else if (!strncmp(base, want, wl) && !strcmp(base + wl, ".cfg"))
    snprintf(err, errlen, "%s: name = %s, but the file is %s; rename one", QUOTE_PATH(config, file), name,
             quote_text(base, strlen(base), QUOTE_KEEP, 0, exp, sizeof exp));
  else
    snprintf(err, errlen, "%s: name = %s, but --expect-name is %s", QUOTE_PATH(config, file), name, exp);
  return -1;
}

/* Generate into dir; the output lock and signals are released in any case. */
static int generate(const nm_params *p, const char *dir, char *err, size_t errlen) {
  outdir o;
  int rc = 0;
  err[0] = '\0';
  if (outdir_begin(&o, dir, err, errlen) != 0) {
    outdir_abort(&o);
    rc = fail(err);
  } else if (emit_all(p, &o, err, errlen) != 0 || outdir_commit(&o, err, errlen) != 0) {
    outdir_abort(&o);
    rc = fail(err);
  }
  outdir_end(&o); /* a held-back SIGINT/TERM/HUP ends the process here */
  return rc;
}

int main(int argc, char **argv) {
  nm_params p;
  const char *config = NULL, *dir = NULL, *expect = NULL;
  char err[ERR_MAX], shown[QUOTE_BUF(QUOTE_KEEP)];
  params_defaults(&p);

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { params_print_help(); return 0; }
    if (!strcmp(a, "--version")) { printf("nmgen %s\n", NMGEN_VERSION); return 0; }
    if (!strcmp(a, "--help-markdown")) { params_print_markdown(); return 0; }
    if (!strcmp(a, "--list-keys")) { params_print_keys(); return 0; }
    if (!strcmp(a, "-o")) {
      if (!(dir = option_value(argc, argv, &i, NULL))) return fail("option '-o' needs a directory");
      continue;
    }
    if (strncmp(a, "--", 2) != 0) {
      snprintf(err, sizeof err, "unexpected argument %s (" USAGE ")", QUOTE_VAL(a, shown));
      return fail(err);
    }
    char name[64];
    const char *eq = strchr(a + 2, '=');
    size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : 0), a + 2);
    const char *value = option_value(argc, argv, &i, eq);
    if (n < sizeof name && !strcmp(name, "config")) {
      if (!value) return fail("option '--config' needs a file");
      config = value;
      continue;
    }
    if (n < sizeof name && !strcmp(name, "expect-name")) {
      if (!value) return fail("option '--expect-name' needs a configuration name");
      expect = value;
      continue;
    }
    int k = n < sizeof name ? params_find(name) : -1; /* longer than any key */
    if (k < 0) {
      snprintf(err, sizeof err, "unknown key %s (nmgen --help lists the keys)",
               quote_text(a + 2, n, QUOTE_KEEP, 1, shown, sizeof shown));
      return fail(err);
    }
    if (!value) {
      snprintf(err, sizeof err, "key '%s' needs a value", params_key((key_id)k)->name);
      return fail(err);
    }
    if (params_set(&p, k, value, 1, err, sizeof err) != 0) return fail(err);
  }
  if (config && cfgfile_load(&p, config, err, sizeof err) != 0) return fail(err);
  if (check_name(&p, expect, config, err, sizeof err) != 0) return fail(err);
  if (!dir) return fail("no output directory (use -o DIR)");
  return generate(&p, dir, err, sizeof err);
}
