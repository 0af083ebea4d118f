/*
** The register map of nm_top: AXI4-Lite registers, buffer windows, command
** fields and error codes, described once in regmap.c.  From that table
** nmgen writes the C side (a section of nm_config.h) and the documentation
** (DIR/regmap.md) and the localparams of the decoder in
** rtl_templates/nm_top_axil.vt; test_rtl_top proves the RTL answers the map
** on every register and region.
*/
#ifndef NMGEN_REGMAP_H
#define NMGEN_REGMAP_H

#include "outdir.h"
#include "params.h"
#include "strbuf.h"
#include "template.h"

/* Append the register-map macros (NM_REG_*, NM_REGION_*, NM_WIN_ADDR, NM_OP_*,
** NM_ERR_*, command field positions) to an nm_config.h being written. */
void regmap_emit_c(const nm_params *p, strbuf *b);

/* ${REGMAP_LOCALPARAMS} for rtl_templates/nm_top_axil.vt: register word
** offsets REG_*, field positions <REG>_<FIELD>_LSB / _W, region ids RG_*,
** OP_* and ERR_* codes, ID_VALUE. */
void regmap_fill_dict(tpl_dict *d);

/* DIR/regmap.md: the same map for people. */
int regmap_emit_md(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen);

#endif
