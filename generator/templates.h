/*
** The RTL templates, compiled into nmgen by embed_templates so the binary is
** self-contained.  Sorted by name; the text is the .vt file byte for byte.
*/
#ifndef NMGEN_TEMPLATES_H
#define NMGEN_TEMPLATES_H

#include <stddef.h>

typedef struct {
  const char *name; /* module name = file name without .vt */
  const char *text;
} nm_template;

extern const nm_template nm_templates[];
extern const size_t nm_template_count;

#endif
