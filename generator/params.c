/*
** Parameter table, parsing and validation (see params.h).
*/
#include "params.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"

static const key_desc key_table[K_COUNT] = {
#define NM_KEY_ROW(id, nm, kind, lo, hi, ch, df, hl) {nm, kind, lo, hi, ch, df, hl},
  NM_KEYS(NM_KEY_ROW)
#undef NM_KEY_ROW
};

const key_desc *params_key(key_id k) { return &key_table[k]; }

/* Keys may be spelled with '-' or '_' (--clock-mhz and clock_mhz). */
static int same_key(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;
    if (x != y) return 0;
  }
  return *a == *b;
}

int params_find(const char *name) {
  for (int k = 0; k < K_COUNT; k++)
    if (same_key(key_table[k].name, name)) return k;
  return -1;
}

/* Index of `word` in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *word) {
  size_t wl = strlen(word);
  int i = 0;
  for (const char *s = choices; *s; i++) {
    const char *bar = strchr(s, '|');
    size_t len = bar ? (size_t)(bar - s) : strlen(s);
    if (len == wl && strncmp(s, word, len) == 0) return i;
    if (!bar) break;
    s = bar + 1;
  }
  return -1;
}

/* The i-th word of "a|b|c" into buf, or NULL past the last. */
static const char *choice_word(const char *choices, long i, char *buf, size_t len) {
  const char *s = choices;
  for (; i > 0 && s; i--) {
    s = strchr(s, '|');
    if (s) s++;
  }
  if (!s || i < 0) return NULL;
  size_t n = strcspn(s, "|");
  if (n >= len) n = len - 1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return buf;
}

static int valid_name(const char *t) {
  if (!islower((unsigned char)t[0])) return 0;
  for (; *t; t++)
    if (!islower((unsigned char)*t) && !isdigit((unsigned char)*t) && *t != '_') return 0;
  return 1;
}

static void allowed(const key_desc *d, char *buf, size_t len) {
  switch (d->kind) {
  case KEY_INT: snprintf(buf, len, "an integer %ld..%ld", d->min, d->max); break;
  case KEY_ENUM: snprintf(buf, len, "one of %s", d->choices); break;
  case KEY_NAME:
    snprintf(buf, len, "[a-z][a-z0-9_]*, %ld..%ld characters", d->min, d->max);
    break;
  }
}

int params_set(nm_params *p, int k, const char *text, int from_cli, char *err,
               size_t errlen) {
  const key_desc *d = &key_table[k];
  char why[96];
  if (!from_cli && p->from_cli[k]) return 0; /* the command line already decided */
  switch (d->kind) {
  case KEY_INT: {
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (*text && !*end && errno == 0 && v >= d->min && v <= d->max) {
      p->ival[k] = v;
      goto ok;
    }
    break;
  }
  case KEY_ENUM: {
    int i = choice_index(d->choices, text);
    if (i >= 0) {
      p->ival[k] = i;
      goto ok;
    }
    break;
  }
  case KEY_NAME: {
    size_t n = strlen(text);
    if (n >= (size_t)d->min && n <= (size_t)d->max && valid_name(text)) {
      memcpy(p->name, text, n + 1);
      goto ok;
    }
    break;
  }
  }
  char shown[QUOTE_BUF(QUOTE_KEEP)];
  allowed(d, why, sizeof why);
  snprintf(err, errlen, "key '%s': bad value %s (allowed: %s)", d->name, QUOTE_VAL(text, shown), why);
  return -1;
ok:
  p->from_cli[k] = (unsigned char)(p->from_cli[k] | from_cli);
  return 0;
}

const char *params_choice(key_id k, long i, char *buf, size_t len) {
  return key_table[k].kind == KEY_ENUM ? choice_word(key_table[k].choices, i, buf, len) : NULL;
}

void params_defaults(nm_params *p) {
  char err[160];
  memset(p, 0, sizeof *p);
  for (int k = 0; k < K_COUNT; k++)
    if (params_set(p, k, key_table[k].def, 0, err, sizeof err) != 0) abort(); /* table bug */
}

const char *params_text(const nm_params *p, key_id k, char *buf, size_t len) {
  const key_desc *d = &key_table[k];
  switch (d->kind) {
  case KEY_INT: snprintf(buf, len, "%ld", p->ival[k]); return buf;
  case KEY_ENUM: {
    const char *w = choice_word(d->choices, p->ival[k], buf, len);
    return w ? w : "?";
  }
  case KEY_NAME: snprintf(buf, len, "%s", p->name); return buf;
  }
  return "?";
}

void params_summary(const nm_params *p, char *buf, size_t len) {
  size_t used = 0;
  buf[0] = '\0';
  for (int k = 0; k < K_COUNT && used < len; k++) {
    char v[NM_NAME_MAX + 8];
    int n = snprintf(buf + used, len - used, "%s%s=%s", k ? " " : "", key_table[k].name,
                     params_text(p, (key_id)k, v, sizeof v));
    if (n < 0) break;
    used += (size_t)n;
  }
}

void params_print_help(void) {
  printf("usage: nmgen [--config FILE] [--expect-name NAME] [--KEY VALUE ...] -o DIR\n"
         "\n"
         "Generates the Verilog, file list, C header and manifest of one nmgen\n"
         "accelerator configuration into DIR.  Keys come from the defaults, then\n"
         "the config file (`key = value` lines, # comments), then the command line.\n"
         "\n"
         "options:\n"
         "  --config FILE   read keys from FILE\n"
         "  --expect-name NAME  fail unless the key 'name' is NAME (the build checks\n"
         "                  that sim/configs/NAME.cfg says name = NAME)\n"
         "  -o DIR          output directory (replaced atomically)\n"
         "  --help          this text;  --version  the nmgen version\n"
         "\n"
         "keys (--key VALUE or --key=VALUE; '-' and '_' are the same):\n");
  int width = 0; /* the longest key name: help lines start in one column */
  for (int k = 0; k < K_COUNT; k++)
    if ((int)strlen(key_table[k].name) > width) width = (int)strlen(key_table[k].name);
  for (int k = 0; k < K_COUNT; k++) {
    char range[96];
    allowed(&key_table[k], range, sizeof range);
    printf("  --%-*s %s\n  %-*s default %s; %s\n", width, key_table[k].name, key_table[k].help,
           width + 2, "", key_table[k].def, range);
  }
}

void params_print_markdown(void) {
  printf("| key | default | allowed | meaning |\n|---|---|---|---|\n");
  for (int k = 0; k < K_COUNT; k++) {
    char range[96];
    allowed(&key_table[k], range, sizeof range);
    for (char *bar = strchr(range, '|'); bar; bar = strchr(bar, '|')) *bar = '/'; /* table cells */
    printf("| `%s` | `%s` | %s | %s |\n", key_table[k].name, key_table[k].def, range,
           key_table[k].help);
  }
}

/* One line a key: name kind min max default choices.  Read by test_nmgen. */
void params_print_keys(void) {
  static const char *kinds[] = {"int", "enum", "name"};
  for (int k = 0; k < K_COUNT; k++) {
    const key_desc *d = &key_table[k];
    printf("%s %s %ld %ld %s %s\n", d->name, kinds[d->kind], d->min, d->max, d->def,
           d->choices ? d->choices : "-");
  }
}
