/*
** Values in error lines.
**
** A value a user typed may be long or hold bytes a terminal would act on
** (escape sequences, bidi overrides, invalid UTF-8).  quote_text() makes it
** safe for one error line: such bytes become \xNN, and text longer than
** `keep` bytes is cut with an ellipsis and its length, so what follows the
** value (the key's allowed range) always fits in the line.
*/
#ifndef NMGEN_QUOTE_H
#define NMGEN_QUOTE_H

#include <stddef.h>

#define QUOTE_KEEP 64                    /* shown bytes of a value */
#define QUOTE_KEEP_PATH 200              /* shown bytes of a file path */
#define QUOTE_BUF(keep) ((keep) + 48)    /* room for quotes, ellipsis, length */

/* s[0..n) as 'text' (or bare text when quoted is 0), shortened to
** "'head...' (N chars)" past keep bytes; returns buf. */
const char *quote_text(const char *s, size_t n, size_t keep, int quoted, char *buf, size_t len);

/* Shorthands for a NUL-terminated value (quoted, QUOTE_KEEP) and a path (bare). */
#define QUOTE_VAL(s, buf) quote_text((s), strlen(s), QUOTE_KEEP, 1, (buf), sizeof(buf))
#define QUOTE_PATH(s, buf) quote_text((s), strlen(s), QUOTE_KEEP_PATH, 0, (buf), sizeof(buf))

#endif
