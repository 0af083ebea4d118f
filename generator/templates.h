/*
** The templates, compiled into nmgen by embed_templates so the binary is
** self-contained: the RTL (rtl_templates/<module>.vt) and the constraints
** (constraints/<format>.ct).  Sorted by name; the text is the file byte for byte.
*/
#ifndef NMGEN_TEMPLATES_H
#define NMGEN_TEMPLATES_H

#include <stddef.h>

typedef struct {
  const char *name; /* file name without its extension: the module, or the constraint format */
  const char *text;
} nm_template;

extern const nm_template nm_templates[];
extern const size_t nm_templates_count;
extern const nm_template nm_constraint_templates[];
extern const size_t nm_constraint_templates_count;

#endif
