/*
** Atomic output directory (see outdir.h).
*/
#define _XOPEN_SOURCE 700
#include "outdir.h"

#include <errno.h>
#include <signal.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "outlock.h"
#include "owned.h"

enum { STALL_WRITE = 1, STALL_ASIDE = 2 };

static sigset_t saved_mask; /* one output a process: the mask before outdir_begin */

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st, (void)type, (void)ftw;
  return remove(path);
}

/* Only for our own temporary: every file in it was written by this run. */
static void remove_tree(const char *path) {
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void held_signals(sigset_t *s) {
  sigemptyset(s);
  sigaddset(s, SIGINT), sigaddset(s, SIGTERM), sigaddset(s, SIGHUP);
}

/* Is one of the held-back signals waiting?  Then the run must stop. */
static int interrupted(const outdir *o, char *err, size_t errlen) {
  sigset_t pend;
  if (!o->masked || sigpending(&pend) != 0) return 0;
  int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (int i = 0; i < 3; i++)
    if (sigismember(&pend, sigs[i])) {
      snprintf(err, errlen, "interrupted by signal %d; '%s' left as it was", sigs[i], o->shown);
      return 1;
    }
  return 0;
}

/* Test hook: wait (up to 30 s, or until a signal) where a kill is to land. */
static void stall(outdir *o, int where) {
  char scratch[QUOTE_BUF(QUOTE_KEEP_PATH) + 64];
  if (o->stall != where) return;
  struct timespec t = {0, 10 * 1000000L};
  for (int i = 0; i < 3000 && !interrupted(o, scratch, sizeof scratch); i++) nanosleep(&t, NULL);
}

/* May DIR be replaced?  Yes if absent, empty, or an nmgen output holding
** only the files its manifest lists. */
static int replaceable(const outdir *o, char *err, size_t errlen) {
  struct stat st;
  owned_list *l = &(owned_list){.count = 0};
  char foreign[OWNED_PATH + 256], shown[QUOTE_BUF(QUOTE_KEEP)];
  if (lstat(o->final, &st) != 0) {
    if (errno == ENOENT) return 0;
    snprintf(err, errlen, "option '-o': cannot use '%s': %s", o->shown, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    snprintf(err, errlen, "output '%s' exists and is not a directory%s", o->shown,
             S_ISLNK(st.st_mode) ? " (a symbolic link: give its target)" : "");
    return -1;
  }
  if (rmdir(o->final) == 0) return 0; /* it was empty */
  if (owned_read(o->final, l) != 0) {
    snprintf(err, errlen,
             "output '%s' exists and is not an nmgen output (no nmgen manifest.json); "
             "refusing to replace it",
             o->shown);
    return -1;
  }
  if (owned_check(o->final, l, foreign, sizeof foreign) != 0) {
    snprintf(err, errlen,
             "output '%s' holds %s, not written by nmgen; refusing to replace it "
             "(move that away or choose another -o)",
             o->shown, QUOTE_VAL(foreign, shown));
    return -1;
  }
  return 0;
}

/* DIR without trailing slashes into o->final; -1 if unusable. */
static int set_final(outdir *o, const char *dir, char *err, size_t errlen) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--; /* "out/" and "out" are the same */
  const char *base = memchr(dir, '/', n) ? dir + n : dir;
  while (base > dir && base[-1] != '/') base--;
  size_t bl = n - (size_t)(base - dir);
  int dots = bl == 0 || (bl == 1 && base[0] == '.') || (bl == 2 && !strncmp(base, "..", 2));
  if (n == 0 || n + 32 >= OUTDIR_PATH_MAX || dots) {
    char shown[QUOTE_BUF(QUOTE_KEEP)];
    snprintf(err, errlen, "option '-o': bad value %s (allowed: a directory path, not ending in . or ..)",
             QUOTE_VAL(dir, shown));
    return -1;
  }
  memcpy(o->final, dir, n);
  o->final[n] = '\0';
  QUOTE_PATH(o->final, o->shown);
  return 0;
}

int outdir_begin(outdir *o, const char *dir, char *err, size_t errlen) {
  memset(o, 0, sizeof *o);
  o->lock_fd = -1;
  o->fail_after = -1;
  const char *fault = getenv("NMGEN_FAULT_AFTER_FILES"), *hook = getenv("NMGEN_TEST_STALL");
  if (fault && *fault) o->fail_after = atoi(fault);
  if (hook) o->stall = !strcmp(hook, "write") ? STALL_WRITE : !strcmp(hook, "aside") ? STALL_ASIDE : 0;
  if (set_final(o, dir, err, errlen) != 0) return -1;
  o->lock_fd = outlock_take(o->final, o->shown, o->lock, sizeof o->lock, err, errlen);
  if (o->lock_fd < 0) return -1;
  sigset_t s;
  held_signals(&s);
  o->masked = sigprocmask(SIG_BLOCK, &s, &saved_mask) == 0;
  outlock_sweep(o->final);
  if (replaceable(o, err, errlen) != 0) return -1;
  size_t n = strlen(o->final);
  memcpy(o->tmp, o->final, n); /* n + 32 < OUTDIR_PATH_MAX, checked in set_final */
  memcpy(o->tmp + n, ".nmgen-tmp-XXXXXX", sizeof ".nmgen-tmp-XXXXXX");
  if (!mkdtemp(o->tmp)) {
    snprintf(err, errlen, "option '-o': cannot create a directory beside '%s': %s", o->shown,
             strerror(errno));
    o->tmp[0] = '\0';
    return -1;
  }
  return 0;
}

int outdir_write(outdir *o, const char *rel, const strbuf *data, char *err, size_t errlen) {
  char path[OUTDIR_PATH_MAX + 256];
  if (interrupted(o, err, errlen)) return -1;
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
  if (++o->files_written == 1) stall(o, STALL_WRITE);
  return 0;
fail:
  snprintf(err, errlen, "cannot write '%s/%s': %s", o->shown, rel, strerror(errno));
  return -1;
}

/* Remove the moved-aside previous output: only the files it listed. */
static void drop_old(const char *old) {
  owned_list *l = &(owned_list){.count = 0};
  char foreign[OWNED_PATH + 256], shown[QUOTE_BUF(QUOTE_KEEP_PATH)];
  if (owned_read(old, l) == 0 && owned_check(old, l, foreign, sizeof foreign) == 0 &&
      owned_remove(old, l) == 0)
    return;
  fprintf(stderr, "nmgen: warning: kept the previous output in '%s': it holds files nmgen did not write\n",
          QUOTE_PATH(old, shown));
}

int outdir_commit(outdir *o, char *err, size_t errlen) {
  char old[OUTDIR_PATH_MAX + 32];
  int had_old = 0;
  if (interrupted(o, err, errlen)) return -1;
  /* Move the previous output aside first, so DIR is never a mix of both. */
  snprintf(old, sizeof old, "%s.nmgen-old-XXXXXX", o->final);
  if (access(o->final, F_OK) == 0) {
    if (!mkdtemp(old)) goto fail;
    if (rename(o->final, old) != 0) {
      int why = errno;
      rmdir(old);
      errno = why;
      goto fail;
    }
    had_old = 1;
    stall(o, STALL_ASIDE);
    if (interrupted(o, err, errlen)) {
      rename(old, o->final); /* put it back */
      return -1;
    }
  }
  if (rename(o->tmp, o->final) != 0) {
    if (had_old) rename(old, o->final); /* put it back */
    goto fail;
  }
  o->tmp[0] = '\0';
  if (had_old) drop_old(old);
  return 0;
fail:
  snprintf(err, errlen, "cannot move the output into '%s': %s", o->shown, strerror(errno));
  return -1;
}

void outdir_abort(outdir *o) {
  if (o->tmp[0]) remove_tree(o->tmp);
  o->tmp[0] = '\0';
}

void outdir_end(outdir *o) {
  outlock_release(o->lock_fd, o->lock);
  o->lock_fd = -1;
  if (o->masked) sigprocmask(SIG_SETMASK, &saved_mask, NULL); /* a held-back signal ends us here */
  o->masked = 0;
}
