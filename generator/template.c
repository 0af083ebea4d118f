/*
** ${NAME} template expansion (see template.h).
*/
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_die(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) {
    fputs("nmgen: error: out of memory\n", stderr);
    exit(2);
  }
  return memcpy(p, s, n);
}

void tpl_dict_free(tpl_dict *d) {
  for (size_t i = 0; i < d->count; i++) {
    free((char *)d->vars[i].name);
    free((char *)d->vars[i].value);
  }
  free(d->vars);
  memset(d, 0, sizeof *d);
}

int tpl_dict_set(tpl_dict *d, const char *name, const char *value) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->vars[i].name, name) == 0) {
      free((char *)d->vars[i].value);
      d->vars[i].value = dup_or_die(value);
      return 0;
    }
  if (d->count == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 32;
    tpl_var *v = realloc(d->vars, cap * sizeof *v);
    if (!v) return -1;
    d->vars = v;
    d->cap = cap;
  }
  d->vars[d->count].name = dup_or_die(name);
  d->vars[d->count].value = dup_or_die(value);
  d->count++;
  return 0;
}

const char *tpl_dict_get(const tpl_dict *d, const char *name) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->vars[i].name, name) == 0) return d->vars[i].value;
  return NULL;
}

static int is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int tpl_expand(const tpl_dict *d, const char *origin, const char *text, strbuf *out,
               char *err, size_t errlen) {
  int line = 1;
  const char *p = text;
  while (*p) {
    const char *dollar = strstr(p, "${");
    const char *stop = dollar ? dollar : p + strlen(p);
    for (const char *q = p; q < stop; q++) line += *q == '\n';
    sb_putn(out, p, (size_t)(stop - p));
    if (!dollar) break;
    const char *name = dollar + 2, *end = name;
    while (is_name_char(*end)) end++;
    if (*end != '}' || end == name) {
      snprintf(err, errlen, "%s:%d: malformed placeholder (expected ${NAME}, NAME in [A-Z0-9_])",
               origin, line);
      return -1;
    }
    char key[64];
    size_t n = (size_t)(end - name);
    if (n >= sizeof key) n = sizeof key - 1;
    memcpy(key, name, n);
    key[n] = '\0';
    const char *value = tpl_dict_get(d, key);
    if (!value) {
      snprintf(err, errlen, "%s:%d: unknown placeholder ${%s}", origin, line, key);
      return -1;
    }
    sb_puts(out, value);
    p = end + 1;
  }
  return 0;
}
