/*
** Atomic output directory.
**
** Files are written into a fresh temporary directory beside DIR; only when
** every file is written is it renamed into place, so a failure at any point
** leaves either the old DIR untouched or no DIR at all -- never half an output.
** An existing DIR is replaced only if it is empty or an earlier nmgen output
** holding nothing but the files its manifest lists (owned.h): nmgen never
** deletes a file it did not write.
**
** Runs on one DIR serialise on a lock (outlock.h), which also lets a run
** clean up what a killed one left.  From the lock until outdir_end(),
** SIGINT, SIGTERM and SIGHUP are held back: a pending one makes the next
** step fail, the temporary is removed and a moved-aside DIR put back, and
** outdir_end() lets the signal end the process.
*/
#ifndef NMGEN_OUTDIR_H
#define NMGEN_OUTDIR_H

#include <stddef.h>

#include "quote.h"
#include "strbuf.h"

#define OUTDIR_PATH_MAX 4096

typedef struct {
  char final[OUTDIR_PATH_MAX]; /* DIR as given */
  char tmp[OUTDIR_PATH_MAX];   /* DIR.nmgen-tmp-XXXXXX */
  char lock[OUTDIR_PATH_MAX + 16];
  char shown[QUOTE_BUF(QUOTE_KEEP_PATH)]; /* DIR for error lines */
  int lock_fd;                 /* -1 when not held */
  int masked;                  /* signals held back (old mask kept in outdir.c) */
  int files_written;
  int fail_after;              /* fault injection for tests: -1 = off */
  int stall;                   /* test hook NMGEN_TEST_STALL: 0, STALL_WRITE, STALL_ASIDE */
} outdir;

int outdir_begin(outdir *o, const char *dir, char *err, size_t errlen);
/* Write `data` to `rel` (may contain one level of subdirectory) inside the output. */
int outdir_write(outdir *o, const char *rel, const strbuf *data, char *err, size_t errlen);
int outdir_commit(outdir *o, char *err, size_t errlen);
void outdir_abort(outdir *o);
/* Release the lock and the signals; call once after commit or abort (any state). */
void outdir_end(outdir *o);

#endif
