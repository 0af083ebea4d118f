/*
** The tool-flow outputs: constraints/<name>.{sdc,xdc,lpf,pcf} from the
** constraints/<format>.ct templates, and the FuseSoC core nmgen_<name>.core.
*/
#ifndef NMGEN_EMIT_FLOW_H
#define NMGEN_EMIT_FLOW_H

#include <stddef.h>

#include "outdir.h"
#include "params.h"

int emit_constraints(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen);
int emit_fusesoc_core(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen);

#endif
