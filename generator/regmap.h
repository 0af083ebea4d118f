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
/* regmap.md's prose sections (regmap_notes.c): XFER, two channels, the queue. */
void regmap_notes_md(strbuf *b);
int regmap_emit_md(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen);

/* The tables themselves, for the other writers of the map (generator/driver.c).
** Each *_at returns entry i, or NULL (-1) past the last. */
typedef struct {
  const char *name;
  unsigned off;         /* byte offset in region 0 */
  const char *acc;      /* RO or RW */
  const char *fields;   /* "NAME:lsb:width,..." or "" */
  const char *what;
} regmap_reg;
typedef struct {
  const char *op;       /* GEMM, PRUNE, UPDATE, ANT */
  const char *name;
  int arg, lsb, width;  /* ARG<arg>[lsb + width - 1 : lsb] */
  const char *what;
} regmap_cmd_field;
typedef struct {
  const char *name;
  int code;             /* STATUS.ERR / STATUS.REFUSE value */
  const char *what;
} regmap_error;
/* One layout line: integer expressions (C syntax) over regmap.md's PARAMS
** names and the indices; `field` is "REGION.FIELD". */
typedef struct {
  const char *field, *bank, *word, *lsb, *width;
} regmap_layout;
const regmap_reg *regmap_reg_at(size_t i);
const regmap_cmd_field *regmap_cmd_field_at(size_t i);
const regmap_error *regmap_error_at(size_t i);
const regmap_error *regmap_dma_error_at(size_t i);  /* DMA_STATUS.ERR codes */
const char *regmap_op_at(size_t i);       /* op i + 1's name */
const char *regmap_region_at(size_t i);   /* region i + 1's name */
long regmap_region_bits_at(const nm_params *p, size_t i);   /* its word width */
/* Region i + 1's geometry and text, the config's numbers resolved
** (generator/rdl.c); -1 past the last. */
typedef struct {
  const char *name, *acc, *what;
  long banks, depth, bits;
} regmap_region;
int regmap_region_info(const nm_params *p, size_t i, regmap_region *out);
/* Layout line i with the config's choices resolved (STCE_B's bank and word). */
int regmap_layout_at(const nm_params *p, size_t i, regmap_layout *out);
/* NEED line i: the words per bank past base an operand takes. */
int regmap_need_at(size_t i, const char **name, const char **expr);
/* fn(b, reg, name, lsb, width) for each field of a "A:0:7,B:8:1" spec. */
void regmap_each_field(const char *spec, strbuf *b, const char *reg,
                       void (*fn)(strbuf *, const char *, const char *, int, int));

#endif
