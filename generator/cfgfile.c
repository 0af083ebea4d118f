/*
** Config file reader (see cfgfile.h).
*/
#include "cfgfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1])) *--end = '\0';
  return s;
}

int cfgfile_load(nm_params *p, const char *path, char *err, size_t errlen) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "option '--config': cannot read '%s': %s", path, strerror(errno));
    return -1;
  }
  char line[1024], why[512];
  unsigned char seen[K_COUNT] = {0};
  int lineno = 0, rc = 0;
  while (rc == 0 && fgets(line, sizeof line, f)) {
    lineno++;
    if (!strchr(line, '\n') && !feof(f)) {
      snprintf(err, errlen, "%s:%d: line longer than %zu characters", path, lineno, sizeof line - 2);
      rc = -1;
      break;
    }
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *s = trim(line);
    if (!*s) continue;
    char *eq = strchr(s, '=');
    if (!eq) {
      snprintf(err, errlen, "%s:%d: expected 'key = value', got '%s'", path, lineno, s);
      rc = -1;
      break;
    }
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    int k = params_find(key);
    if (k < 0) {
      snprintf(err, errlen, "%s:%d: unknown key '%s' (nmgen --help lists the keys)", path, lineno, key);
      rc = -1;
    } else if (seen[k]++) {
      snprintf(err, errlen, "%s:%d: key '%s' given twice", path, lineno, key);
      rc = -1;
    } else if (params_set(p, k, value, 0, why, sizeof why) != 0) {
      snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
      rc = -1;
    }
  }
  if (rc == 0 && ferror(f)) {
    snprintf(err, errlen, "option '--config': error reading '%s'", path);
    rc = -1;
  }
  fclose(f);
  return rc;
}
