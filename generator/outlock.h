/*
** The output lock and the leftovers of dead runs.
**
** Runs on one DIR serialise on flock(DIR.nmgen-lock), held from before the
** temporary directory is made until the output is in place.  The holder
** unlinks the file when done; a waiter that then wakes on the unlinked file
** sees it is gone and locks the new one, so the lock stays exclusive and a
** finished run leaves only DIR.
**
** While the lock is held no other live nmgen uses DIR.nmgen-tmp-* or
** DIR.nmgen-old-*: any there belong to a run that died (kill -9, power
** loss).  outlock_sweep removes them; if DIR is missing, the newest
** DIR.nmgen-old-* holding an nmgen output is the previous DIR and is put back.
*/
#ifndef NMGEN_OUTLOCK_H
#define NMGEN_OUTLOCK_H

#include <stddef.h>

/* Lock DIR (the lock file path into lock[len]); the fd, or -1 with err. */
int outlock_take(const char *dir, const char *shown, char *lock, size_t len, char *err,
                 size_t errlen);
void outlock_release(int fd, const char *lock);
/* With the lock held: recover or remove the leftovers beside DIR. */
void outlock_sweep(const char *dir);

#endif
