/*
** Atomic output directory (see outdir.h).
*/
#define _XOPEN_SOURCE 700
#include "outdir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st, (void)type, (void)ftw;
  return remove(path);
}

static void remove_tree(const char *path) {
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* May DIR be replaced?  Yes if absent, empty, or an earlier nmgen output. */
static int replaceable(const char *dir, char *err, size_t errlen) {
  struct stat st;
  if (stat(dir, &st) != 0) return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode)) {
    snprintf(err, errlen, "output '%s' exists and is not a directory", dir);
    return -1;
  }
  char probe[OUTDIR_PATH_MAX + 16];
  snprintf(probe, sizeof probe, "%s/manifest.json", dir);
  if (access(probe, F_OK) == 0) return 0;
  if (rmdir(dir) == 0 || errno == ENOENT) return 0; /* it was empty */
  snprintf(err, errlen,
           "output '%s' exists and is not an nmgen output (no manifest.json); "
           "refusing to replace it",
           dir);
  return -1;
}

int outdir_begin(outdir *o, const char *dir, char *err, size_t errlen) {
  memset(o, 0, sizeof *o);
  o->fail_after = -1;
  const char *fault = getenv("NMGEN_FAULT_AFTER_FILES");
  if (fault && *fault) o->fail_after = atoi(fault);
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--; /* "out/" and "out" are the same */
  if (n == 0 || n + 32 >= OUTDIR_PATH_MAX) {
    snprintf(err, errlen, "option '-o': bad value '%s' (allowed: a directory path)", dir);
    return -1;
  }
  memcpy(o->final, dir, n);
  o->final[n] = '\0';
  if (replaceable(o->final, err, errlen) != 0) {
    if (!*err) snprintf(err, errlen, "option '-o': cannot use '%s': %s", o->final, strerror(errno));
    return -1;
  }
  memcpy(o->tmp, o->final, n); /* n + 32 < OUTDIR_PATH_MAX, checked above */
  memcpy(o->tmp + n, ".nmgen-tmp-XXXXXX", sizeof ".nmgen-tmp-XXXXXX");
  if (!mkdtemp(o->tmp)) {
    snprintf(err, errlen, "option '-o': cannot create a directory beside '%s': %s", o->final,
             strerror(errno));
    o->tmp[0] = '\0';
    return -1;
  }
  return 0;
}

int outdir_write(outdir *o, const char *rel, const strbuf *data, char *err, size_t errlen) {
  char path[OUTDIR_PATH_MAX + 256];
  if (o->fail_after >= 0 && o->files_written >= o->fail_after) {
    snprintf(err, errlen, "injected failure before writing '%s' (NMGEN_FAULT_AFTER_FILES)", rel);
    return -1;
  }
  const char *slash = strchr(rel, '/');
  if (slash) { /* one level of subdirectory, created on first use */
    snprintf(path, sizeof path, "%s/%.*s", o->tmp, (int)(slash - rel), rel);
    if (mkdir(path, 0777) != 0 && errno != EEXIST) goto fail;
  }
  snprintf(path, sizeof path, "%s/%s", o->tmp, rel);
  FILE *f = fopen(path, "wb");
  if (!f) goto fail;
  size_t put = data->len ? fwrite(data->data, 1, data->len, f) : 0;
  if (fclose(f) != 0 || put != data->len) goto fail;
  o->files_written++;
  return 0;
fail:
  snprintf(err, errlen, "cannot write '%s/%s': %s", o->final, rel, strerror(errno));
  return -1;
}

int outdir_commit(outdir *o, char *err, size_t errlen) {
  char old[OUTDIR_PATH_MAX + 32];
  int had_old = 0;
  /* Move the previous output aside first, so DIR is never a mix of both. */
  snprintf(old, sizeof old, "%s.nmgen-old-XXXXXX", o->final);
  if (access(o->final, F_OK) == 0) {
    if (!mkdtemp(old) || rename(o->final, old) != 0) goto fail;
    had_old = 1;
  }
  if (rename(o->tmp, o->final) != 0) {
    if (had_old) rename(old, o->final); /* put it back */
    goto fail;
  }
  if (had_old) remove_tree(old);
  o->tmp[0] = '\0';
  return 0;
fail:
  snprintf(err, errlen, "cannot move the output into '%s': %s", o->final, strerror(errno));
  return -1;
}

void outdir_abort(outdir *o) {
  if (o->tmp[0]) remove_tree(o->tmp);
  o->tmp[0] = '\0';
}
