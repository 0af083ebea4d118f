/*
** The register map for CSR tools: DIR/nm_top.rdl (SystemRDL 2.0) and
** DIR/nm_top.xml (IP-XACT, IEEE 1685-2014), both written from
** generator/regmap.c's tables like regmap.md and nm_config.h.  sim/rdl_check
** compiles the .rdl with systemrdl-compiler, imports the .xml with
** peakrdl-ipxact and checks both, and peakrdl-cheader's header, against
** nm_config.h.
*/
#ifndef NMGEN_RDL_H
#define NMGEN_RDL_H

#include <stddef.h>

#include "outdir.h"
#include "params.h"

/* Write nm_top.rdl and nm_top.xml into o. */
int rdl_emit(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen);

/* The files rdl_emit writes, relative to DIR (manifest.json lists them);
** NULL past the last. */
const char *rdl_file(size_t i);

#endif
