/*
** Config files: `key = value` lines, `#` starts a comment, blank lines are
** ignored.  Keys already given on the command line are not overridden.
*/
#ifndef NMGEN_CFGFILE_H
#define NMGEN_CFGFILE_H

#include <stddef.h>

#include "params.h"

/* On error write one line naming FILE:LINE and return -1. */
int cfgfile_load(nm_params *p, const char *path, char *err, size_t errlen);

#endif
