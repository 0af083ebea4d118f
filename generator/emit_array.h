/*
** The STCE systolic array, emitted by C code: rtl/nm_array.v for the
** configured R x C (rows, cols), nearest-neighbour links only.
*/
#ifndef NMGEN_EMIT_ARRAY_H
#define NMGEN_EMIT_ARRAY_H

#include <stddef.h>

#include "outdir.h"
#include "params.h"

/* Module name of the emitted array: files.f and manifest.json list it. */
#define EMIT_ARRAY_MODULE "nm_array"

/* Write rtl/nm_array.v; `summary` is the parameter line of the header. */
int emit_array(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen);

#endif
