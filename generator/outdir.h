/*
** Atomic output directory.
**
** Files are written into a fresh temporary directory beside DIR; only when
** every file is written is it renamed into place, so a failure at any point
** leaves either the old DIR untouched or no DIR at all -- never half an output.
** An existing DIR is replaced only if it is an earlier nmgen output (it holds
** manifest.json) or empty: nmgen never deletes a user's unrelated directory.
*/
#ifndef NMGEN_OUTDIR_H
#define NMGEN_OUTDIR_H

#include <stddef.h>

#include "strbuf.h"

#define OUTDIR_PATH_MAX 4096

typedef struct {
  char final[OUTDIR_PATH_MAX]; /* DIR as given */
  char tmp[OUTDIR_PATH_MAX];   /* DIR.nmgen-tmp-XXXXXX */
  int files_written;
  int fail_after;              /* fault injection for tests: -1 = off */
} outdir;

int outdir_begin(outdir *o, const char *dir, char *err, size_t errlen);
/* Write `data` to `rel` (may contain one level of subdirectory) inside the output. */
int outdir_write(outdir *o, const char *rel, const strbuf *data, char *err, size_t errlen);
int outdir_commit(outdir *o, char *err, size_t errlen);
void outdir_abort(outdir *o);

#endif
