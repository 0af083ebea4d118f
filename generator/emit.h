/*
** The output writers: everything nmgen puts into DIR for one parameter set.
*/
#ifndef NMGEN_EMIT_H
#define NMGEN_EMIT_H

#include <stddef.h>

#include "outdir.h"
#include "params.h"

#define NMGEN_VERSION "0.1.0"

/* Write rtl/<module>.v, files.f, nm_config.h and manifest.json into o. */
int emit_all(const nm_params *p, outdir *o, char *err, size_t errlen);

#endif
