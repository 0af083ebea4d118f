/*
** The output lock and the leftovers of dead runs (see outlock.h).
*/
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* flock(), not in POSIX */
#include "outlock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "owned.h"
#include "quote.h"

#define STALE_MAX 32 /* leftovers handled per run; more wait for the next */

int outlock_take(const char *dir, const char *shown, char *lock, size_t len, char *err,
                 size_t errlen) {
  snprintf(lock, len, "%s.nmgen-lock", dir);
  for (;;) {
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    struct stat held, now;
    if (fd < 0 || flock(fd, LOCK_EX) != 0 || fstat(fd, &held) != 0) {
      snprintf(err, errlen, "option '-o': cannot lock '%s.nmgen-lock': %s", shown, strerror(errno));
      if (fd >= 0) close(fd);
      return -1;
    }
    /* Still the file at that path?  Else its holder unlinked it: retry. */
    if (stat(lock, &now) == 0 && now.st_dev == held.st_dev && now.st_ino == held.st_ino) return fd;
    close(fd);
  }
}

void outlock_release(int fd, const char *lock) {
  if (fd < 0) return;
  unlink(lock); /* while still held: see outlock.h */
  close(fd);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st, (void)type, (void)ftw;
  return remove(path);
}

/* Leftover temporaries are nmgen's own by name: mkdtemp'd (0700) beside
** DIR by a run that died before filling or renaming them. */
static void remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* Is parent/name DIR's leftover with this tag ("tmp", "old")? */
static int leftover_of(const char *base, const char *name, const char *tag) {
  size_t n = strlen(base);
  return !strncmp(name, base, n) && !strncmp(name + n, ".nmgen-", 7) && !strncmp(name + n + 7, tag, 3) &&
         name[n + 10] == '-' && strlen(name + n + 11) == 6; /* mkdtemp's XXXXXX */
}

/* The moved-aside outputs, restored or removed once the temporaries are gone. */
typedef struct {
  char path[STALE_MAX][8400];
  int count;
} stale_list;

static int is_nmgen_output(const char *path, owned_list *l) {
  char foreign[OWNED_PATH + 256];
  return owned_read(path, l) == 0 && owned_check(path, l, foreign, sizeof foreign) == 0;
}

/* DIR missing: rename the newest old copy that is an nmgen output back. */
static void restore_newest(const char *dir, stale_list *old, owned_list *l) {
  int best = -1;
  struct timespec t = {0, 0};
  for (int i = 0; i < old->count; i++) {
    struct stat st;
    if (stat(old->path[i], &st) != 0 || !is_nmgen_output(old->path[i], l)) continue;
    if (best < 0 || st.st_mtim.tv_sec > t.tv_sec ||
        (st.st_mtim.tv_sec == t.tv_sec && st.st_mtim.tv_nsec > t.tv_nsec))
      best = i, t = st.st_mtim;
  }
  if (best >= 0 && rename(old->path[best], dir) == 0) old->path[best][0] = '\0';
}

void outlock_sweep(const char *dir) {
  char parent[4200], base[4200];
  const char *slash = strrchr(dir, '/');
  if (!slash) snprintf(parent, sizeof parent, ".");
  else snprintf(parent, sizeof parent, "%.*s", slash == dir ? 1 : (int)(slash - dir), dir);
  snprintf(base, sizeof base, "%s", slash ? slash + 1 : dir);
  DIR *d = opendir(parent);
  if (!d) return;
  stale_list *old = &(stale_list){.count = 0};
  for (struct dirent *e; (e = readdir(d));) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
    if (leftover_of(base, e->d_name, "tmp")) remove_tree(path);
    else if (leftover_of(base, e->d_name, "old") && old->count < STALE_MAX)
      snprintf(old->path[old->count++], sizeof old->path[0], "%s", path);
  }
  closedir(d);
  owned_list *l = &(owned_list){.count = 0};
  char shown[QUOTE_BUF(QUOTE_KEEP_PATH)];
  struct stat st;
  if (old->count && lstat(dir, &st) != 0 && errno == ENOENT) restore_newest(dir, old, l);
  for (int i = 0; i < old->count; i++) {
    if (!old->path[i][0]) continue;
    if (is_nmgen_output(old->path[i], l)) owned_remove(old->path[i], l);
    else fprintf(stderr, "nmgen: warning: leaving '%s': it holds files nmgen did not write\n",
                 QUOTE_PATH(old->path[i], shown));
  }
}
