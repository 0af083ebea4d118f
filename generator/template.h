/*
** ${NAME} template expansion.
**
** A template is text with ${NAME} placeholders (NAME = [A-Z0-9_]+).  Each is
** replaced by its value from a dictionary; an unknown or malformed
** placeholder is an error, never silent text.
*/
#ifndef NMGEN_TEMPLATE_H
#define NMGEN_TEMPLATE_H

#include <stddef.h>

#include "strbuf.h"

typedef struct {
  const char *name;
  const char *value;
} tpl_var;

typedef struct {
  tpl_var *vars;
  size_t count, cap;
} tpl_dict;

void tpl_dict_free(tpl_dict *d);
int tpl_dict_set(tpl_dict *d, const char *name, const char *value); /* copies both */
const char *tpl_dict_get(const tpl_dict *d, const char *name);

/* Expand `text` (from file `origin`) into out; on error write one line to err
** naming the file, line and placeholder, and return -1. */
int tpl_expand(const tpl_dict *d, const char *origin, const char *text, strbuf *out,
               char *err, size_t errlen);

#endif
