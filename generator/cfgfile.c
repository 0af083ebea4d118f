/*
** Config file reader (see cfgfile.h).
**
** The whole file is read first, so a NUL byte (which line-by-line C string
** reading would silently cut the line at) is found and reported, and no line
** length limit applies: long values are shortened in the error line instead.
*/
#include "cfgfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "quote.h"
#include "strbuf.h"

#define CFG_MAX_BYTES (1L << 20) /* a config is a few hundred bytes; this stops /dev/zero */

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1])) *--end = '\0';
  return s;
}

/* The whole file into b; -1 with the reason in err. */
static int slurp(const char *path, const char *shown, strbuf *b, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "option '--config': cannot read '%s': %s", shown, strerror(errno));
    return -1;
  }
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b->len <= (size_t)CFG_MAX_BYTES)
    sb_putn(b, chunk, got);
  int bad = ferror(f), why = errno;
  fclose(f);
  if (bad) {
    snprintf(err, errlen, "option '--config': error reading '%s': %s", shown, strerror(why));
    return -1;
  }
  if (b->len > (size_t)CFG_MAX_BYTES) {
    snprintf(err, errlen, "option '--config': '%s' is larger than %ld bytes", shown, CFG_MAX_BYTES);
    return -1;
  }
  if (!b->data) sb_puts(b, ""); /* an empty file: still a string */
  return 0;
}

/* One `key = value` line (comment and blanks already allowed); -1 on error. */
static int load_line(nm_params *p, char *line, const char *where, unsigned char *seen, char *err,
                     size_t errlen) {
  char shown[QUOTE_BUF(QUOTE_KEEP)], why[512];
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  char *s = trim(line);
  if (!*s) return 0;
  char *eq = strchr(s, '=');
  if (!eq) {
    snprintf(err, errlen, "%s: expected 'key = value', got %s", where, QUOTE_VAL(s, shown));
    return -1;
  }
  *eq = '\0';
  char *key = trim(s), *value = trim(eq + 1);
  int k = params_find(key);
  if (k < 0) {
    snprintf(err, errlen, "%s: unknown key %s (nmgen --help lists the keys)", where, QUOTE_VAL(key, shown));
    return -1;
  }
  if (seen[k]++) {
    snprintf(err, errlen, "%s: key '%s' given twice", where, params_key((key_id)k)->name);
    return -1;
  }
  if (params_set(p, k, value, 0, why, sizeof why) != 0) {
    snprintf(err, errlen, "%s: %s", where, why);
    return -1;
  }
  return 0;
}

int cfgfile_load(nm_params *p, const char *path, char *err, size_t errlen) {
  char shown[QUOTE_BUF(QUOTE_KEEP_PATH)], where[QUOTE_BUF(QUOTE_KEEP_PATH) + 16];
  strbuf b = {0};
  unsigned char seen[K_COUNT] = {0};
  QUOTE_PATH(path, shown);
  int rc = slurp(path, shown, &b, err, errlen);
  char *text = b.data;
  /* A UTF-8 byte-order mark (some Windows editors write one) is not text. */
  if (rc == 0 && !strncmp(text, "\xef\xbb\xbf", 3)) text += 3;
  const char *nul = rc == 0 ? memchr(text, '\0', b.len - (size_t)(text - b.data)) : NULL;
  if (nul) {
    int lineno = 1;
    for (const char *c = text; c < nul; c++) lineno += *c == '\n';
    snprintf(err, errlen, "%s:%d: NUL byte in the config file", shown, lineno);
    rc = -1;
  }
  for (int lineno = 1; rc == 0 && *text; lineno++) {
    char *nl = strchr(text, '\n');
    if (nl) *nl = '\0';
    snprintf(where, sizeof where, "%s:%d", shown, lineno);
    rc = load_line(p, text, where, seen, err, errlen);
    text = nl ? nl + 1 : text + strlen(text);
  }
  sb_free(&b);
  return rc;
}
