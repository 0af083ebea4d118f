/*
** nmgen: generates the Verilog, C header and manifest of one N:M-sparse
** training accelerator configuration.
**
**   nmgen [--config FILE] [--KEY VALUE ...] -o DIR
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

#define ERR_MAX 1024

static int fail(const char *msg) {
  fprintf(stderr, "nmgen: error: %s\n", msg);
  return 2;
}

/* "--key=value" or "--key value": the value, advancing *i when it is separate. */
static const char *option_value(int argc, char **argv, int *i, const char *eq) {
  if (eq) return eq + 1;
  return *i + 1 < argc ? argv[++*i] : NULL;
}

int main(int argc, char **argv) {
  nm_params p;
  const char *config = NULL, *dir = NULL;
  char err[ERR_MAX];
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
      snprintf(err, sizeof err, "unexpected argument '%s' (usage: nmgen [--config FILE] [--KEY VALUE ...] -o DIR)", a);
      return fail(err);
    }
    char name[64];
    const char *eq = strchr(a + 2, '=');
    size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    snprintf(name, sizeof name, "%.*s", (int)n, a + 2);
    const char *value = option_value(argc, argv, &i, eq);
    if (!strcmp(name, "config")) {
      if (!value) return fail("option '--config' needs a file");
      config = value;
      continue;
    }
    int k = params_find(name);
    if (k < 0) {
      snprintf(err, sizeof err, "unknown key '%s' (nmgen --help lists the keys)", name);
      return fail(err);
    }
    if (!value) {
      snprintf(err, sizeof err, "key '%s' needs a value", params_key((key_id)k)->name);
      return fail(err);
    }
    if (params_set(&p, k, value, 1, err, sizeof err) != 0) return fail(err);
  }
  if (config && cfgfile_load(&p, config, err, sizeof err) != 0) return fail(err);
  if (!dir) return fail("no output directory (use -o DIR)");

  outdir o;
  err[0] = '\0';
  if (outdir_begin(&o, dir, err, sizeof err) != 0) return fail(err);
  if (emit_all(&p, &o, err, sizeof err) != 0 || outdir_commit(&o, err, sizeof err) != 0) {
    outdir_abort(&o);
    return fail(err);
  }
  return 0;
}
