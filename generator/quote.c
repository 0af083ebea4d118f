/*
** Values in error lines (see quote.h).
*/
#include "quote.h"

#include <stdio.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), its code
** point in *cp; 0 if it is not one (stray, overlong, surrogate, too big). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp) {
  size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
  static const unsigned long lowest[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if (len == 0 || s[0] >= 0xf8 || len > n) return 0;
  unsigned long v = s[0] & (0x7fu >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    v = v << 6 | (s[i] & 0x3fu);
  }
  if (v < lowest[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
  *cp = v;
  return len;
}

/* Characters shown as bytes: controls (C0, DEL, C1), invisible format
** characters that reorder or hide text, and the byte-order mark. */
static int odd_char(unsigned long cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

/* The shown form of the character at s: itself, "\\" or \xNN per byte. */
static size_t show_char(const unsigned char *s, size_t n, char *piece, size_t *used) {
  unsigned long cp = 0;
  size_t len = utf8_seq(s, n, &cp);
  if (len == 0) len = 1, cp = 0; /* one stray byte: escaped below */
  *used = len;
  if (cp == '\\') return (size_t)snprintf(piece, 4, "\\\\");
  if (cp && !odd_char(cp)) {
    memcpy(piece, s, len);
    return len;
  }
  size_t k = 0;
  for (size_t i = 0; i < len; i++) k += (size_t)snprintf(piece + k, 5, "\\x%02x", s[i]);
  return k;
}

const char *quote_text(const char *s, size_t n, size_t keep, int quoted, char *buf, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t out = 0, chars = 0, i = 0;
  int cut = 0;
  if (keep + 48 > len) keep = len > 48 ? len - 48 : 0; /* the caller's buffer decides */
  if (quoted) buf[out++] = '\'';
  while (i < n) {
    char piece[20];
    size_t used, k = show_char(u + i, n - i, piece, &used);
    if (!cut && out + k > keep + (quoted ? 1 : 0)) cut = 1;
    if (!cut) memcpy(buf + out, piece, k), out += k;
    i += used;
    chars++;
  }
  buf[out] = '\0';
  if (cut) snprintf(buf + out, len - out, "\xe2\x80\xa6%s (%zu chars)", quoted ? "'" : "", chars);
  else if (quoted) snprintf(buf + out, len - out, "'");
  return buf;
}
