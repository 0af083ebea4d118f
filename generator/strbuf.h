/*
** A growable byte buffer for building output files in memory: every file is
** composed fully before anything touches the disk.
*/
#ifndef NMGEN_STRBUF_H
#define NMGEN_STRBUF_H

#include <stddef.h>

typedef struct {
  char *data;
  size_t len, cap;
} strbuf;

void sb_free(strbuf *b);
void sb_putn(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
