/*
** nm_top.rdl and nm_top.xml (see rdl.h), from regmap.c's tables.
**
** Region 0's registers are `reg`s at their byte offsets; a register with no
** fields in the table is one 32-bit field VALUE.  Each buffer window is an
** array of banks (an addrmap each, stride one bank) holding one external
** `mem` whose entries are the window's words: 256 bits = the eight 32-byte
** subword slots of a word, of which ceil(bits / 32) answer (regmap.md).  In
** IP-XACT, whose 1685-2014 addressBlock has no dim, every bank is its own
** memory addressBlock <REGION>_<bank>.  The CMD / STATUS op and error fields
** carry the op and error codes as enums (enumeratedValues).
*/
#include "rdl.h"

#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "regmap.h"
#include "strbuf.h"

/* Window address {region[4:0], bank[5:0], word[15:0], sub[2:0], 2'b00}, as
** regmap.md and NM_WIN_ADDR state it; sim/rdl_check compares the results
** with NM_WIN_ADDR. */
#define REGION_SHIFT 27
#define BANK_SHIFT 21
#define WORD_BYTES 32
#define WORD_BITS (WORD_BYTES * 8)
#define REGS_BYTES 4096 /* region 0 decodes addr[11:2] */

static const char *const files[] = {"nm_top.rdl", "nm_top.xml"};

const char *rdl_file(size_t i) { return i < sizeof files / sizeof files[0] ? files[i] : NULL; }

/* A SystemRDL string literal: only '"' needs escaping. */
static void rdl_str(strbuf *b, const char *s) {
  sb_puts(b, "\"");
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') sb_puts(b, "\\");
    sb_putn(b, s, 1);
  }
  sb_puts(b, "\"");
}

static void xml_text(strbuf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '&') sb_puts(b, "&amp;");
    else if (*s == '<') sb_puts(b, "&lt;");
    else if (*s == '>') sb_puts(b, "&gt;");
    else if (*s == '"') sb_puts(b, "&quot;");
    else sb_putn(b, s, 1);
  }
}

/* The enum a field's values come from: the op codes (CMD.OP, STATUS.OP),
** the error codes (STATUS.ERR, STATUS.REFUSE), or none. */
static const char *field_enum(const char *reg, const char *field) {
  if (!strcmp(field, "OP") && (!strcmp(reg, "CMD") || !strcmp(reg, "STATUS"))) return "nm_op_e";
  if (!strcmp(reg, "STATUS") && (!strcmp(field, "ERR") || !strcmp(field, "REFUSE"))) return "nm_err_e";
  return NULL;
}

static const regmap_reg *reg_named(const char *name) {
  for (size_t i = 0; regmap_reg_at(i); i++)
    if (!strcmp(regmap_reg_at(i)->name, name)) return regmap_reg_at(i);
  return NULL;
}

/* ARGn's description: the command fields it carries, op by op. */
static void arg_desc(strbuf *b, const regmap_reg *r) {
  int arg;
  sb_puts(b, r->what);
  if (sscanf(r->name, "ARG%d", &arg) != 1) return;
  sb_puts(b, ".");
  for (size_t i = 0; regmap_cmd_field_at(i); i++) {
    const regmap_cmd_field *f = regmap_cmd_field_at(i);
    if (f->arg != arg) continue;
    sb_printf(b, " %s.%s [%d:%d]: %s;", f->op, f->name, f->lsb + f->width - 1, f->lsb, f->what);
  }
  if (b->len && b->data[b->len - 1] == ';') b->data[b->len - 1] = '.';
}

/* ---- SystemRDL ------------------------------------------------------------------------ */

static void rdl_field(strbuf *b, const char *reg, const char *f, int lsb, int width) {
  const regmap_reg *r = reg_named(reg);
  const char *en = field_enum(reg, f);
  int ro = r && !strcmp(r->acc, "RO");
  sb_printf(b, "    field { sw = %s; hw = %s;%s%s%s } %s[%d:%d];\n", ro ? "r" : "rw", ro ? "w" : "r",
            en ? " encode = " : "", en ? en : "", en ? ";" : "", f, lsb + width - 1, lsb);
}

static void rdl_enums(strbuf *b) {
  sb_puts(b, "// CMD.OP / STATUS.OP values\nenum nm_op_e {\n");
  for (size_t i = 0; regmap_op_at(i); i++) sb_printf(b, "  %s = %zu;\n", regmap_op_at(i), i + 1);
  sb_puts(b, "};\n// STATUS.ERR / STATUS.REFUSE codes (0: none)\nenum nm_err_e {\n  NONE = 0 { desc = \"no error\"; };\n");
  for (size_t i = 0; regmap_error_at(i); i++) {
    const regmap_error *e = regmap_error_at(i);
    sb_printf(b, "  %s = %d { desc = ", e->name, e->code);
    rdl_str(b, e->what);
    sb_puts(b, "; };\n");
  }
  sb_puts(b, "};\n\n");
}

static void rdl_regs(strbuf *b) {
  for (size_t i = 0; regmap_reg_at(i); i++) {
    const regmap_reg *r = regmap_reg_at(i);
    strbuf d = {0};
    arg_desc(&d, r);
    sb_printf(b, "  reg {\n    name = \"%s\";\n    desc = ", r->name);
    rdl_str(b, d.data);
    sb_puts(b, ";\n");
    sb_free(&d);
    if (*r->fields) regmap_each_field(r->fields, b, r->name, rdl_field);
    else rdl_field(b, r->name, "VALUE", 0, 32);
    sb_printf(b, "  } %s @ 0x%03X;\n", r->name, r->off);
  }
}

static void rdl_windows(const nm_params *p, strbuf *b) {
  regmap_region g;
  for (size_t i = 0; regmap_region_info(p, i, &g) == 0; i++) {
    int ro = !strcmp(g.acc, "RO");
    sb_printf(b, "  addrmap {\n    name = \"%s bank\";\n    desc = ", g.name);
    char shape[160];
    snprintf(shape, sizeof shape, " (region %zu: %ld banks of %ld words of %ld bits%s)", i + 1,
             g.banks, g.depth, g.bits, ro ? ", read-only" : "");
    strbuf d = {0};
    sb_puts(&d, g.what), sb_puts(&d, shape);
    rdl_str(b, d.data);
    sb_free(&d);
    sb_printf(b, ";\n    external mem {\n      mementries = %ld;\n      memwidth = %d;\n      sw = %s;\n"
                 "      desc = \"one %ld-bit word an entry: its %ld 32-bit subwords from the entry's base, "
                 "least significant first; the other subword slots answer SLVERR\";\n"
                 "    } WORD @ 0x0;\n",
              g.depth, WORD_BITS, ro ? "r" : "rw", g.bits, (g.bits + 31) / 32);
    sb_printf(b, "  } %s[%ld] @ 0x%08lX += 0x%lX;\n", g.name, g.banks, (unsigned long)(i + 1) << REGION_SHIFT,
              1ul << BANK_SHIFT);
  }
}

static int emit_rdl(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  strbuf b = {0};
  header_lines(&b, "//", "generator/regmap.c", summary);
  sb_puts(&b, "//\n// nm_top's register map (regmap.md) in SystemRDL 2.0, for CSR tools: region 0's\n"
              "// registers, then the buffer windows, each an array of banks holding a mem whose\n"
              "// 32-byte entries are the window's words.  AXI4-Lite, 32-bit data, byte addresses.\n\n");
  rdl_enums(&b);
  sb_printf(&b, "addrmap nm_top {\n  name = \"nm_top: configuration %s\";\n  desc = ", p->name);
  rdl_str(&b, "nmgen N:M-sparse training accelerator: AXI4-Lite registers (region 0) and buffer windows "
              "(regions 1..), see regmap.md");
  sb_puts(&b, ";\n  default regwidth = 32;\n  default accesswidth = 32;\n\n");
  rdl_regs(&b);
  sb_puts(&b, "\n");
  rdl_windows(p, &b);
  sb_puts(&b, "};\n");
  int rc = outdir_write(o, "nm_top.rdl", &b, err, errlen);
  sb_free(&b);
  return rc;
}

/* ---- IP-XACT --------------------------------------------------------------------------- */

#define IX "ipxact:"

static void ix_elem(strbuf *b, int indent, const char *tag, const char *text) {
  sb_printf(b, "%*s<" IX "%s>", indent, "", tag);
  xml_text(b, text);
  sb_printf(b, "</" IX "%s>\n", tag);
}

static void ix_enum_values(strbuf *b, const char *en) {
  sb_puts(b, "            <" IX "enumeratedValues>\n");
  if (!strcmp(en, "nm_op_e")) {
    for (size_t i = 0; regmap_op_at(i); i++)
      sb_printf(b, "              <" IX "enumeratedValue><" IX "name>%s</" IX "name><" IX "value>%zu</" IX
                   "value></" IX "enumeratedValue>\n", regmap_op_at(i), i + 1);
  } else {
    sb_puts(b, "              <" IX "enumeratedValue><" IX "name>NONE</" IX "name><" IX "description>no error</" IX
               "description><" IX "value>0</" IX "value></" IX "enumeratedValue>\n");
    for (size_t i = 0; regmap_error_at(i); i++) {
      const regmap_error *e = regmap_error_at(i);
      sb_printf(b, "              <" IX "enumeratedValue><" IX "name>%s</" IX "name><" IX "description>", e->name);
      xml_text(b, e->what);
      sb_printf(b, "</" IX "description><" IX "value>%d</" IX "value></" IX "enumeratedValue>\n", e->code);
    }
  }
  sb_puts(b, "            </" IX "enumeratedValues>\n");
}

static void ix_field(strbuf *b, const char *reg, const char *f, int lsb, int width) {
  const regmap_reg *r = reg_named(reg);
  const char *en = field_enum(reg, f);
  sb_printf(b, "          <" IX "field>\n            <" IX "name>%s</" IX "name>\n"
               "            <" IX "bitOffset>%d</" IX "bitOffset>\n            <" IX "bitWidth>%d</" IX "bitWidth>\n"
               "            <" IX "access>%s</" IX "access>\n",
            f, lsb, width, r && !strcmp(r->acc, "RO") ? "read-only" : "read-write");
  if (en) ix_enum_values(b, en);
  sb_puts(b, "          </" IX "field>\n");
}

static void ix_regs(strbuf *b) {
  sb_puts(b, "      <" IX "addressBlock>\n");
  ix_elem(b, 8, "name", "REGS");
  ix_elem(b, 8, "description", "region 0: the registers");
  sb_printf(b, "        <" IX "baseAddress>0x0</" IX "baseAddress>\n        <" IX "range>%d</" IX "range>\n"
               "        <" IX "width>32</" IX "width>\n        <" IX "usage>register</" IX "usage>\n",
            REGS_BYTES);
  for (size_t i = 0; regmap_reg_at(i); i++) {
    const regmap_reg *r = regmap_reg_at(i);
    strbuf d = {0};
    arg_desc(&d, r);
    sb_puts(b, "        <" IX "register>\n");
    ix_elem(b, 10, "name", r->name);
    ix_elem(b, 10, "description", d.data);
    sb_free(&d);
    sb_printf(b, "          <" IX "addressOffset>0x%03X</" IX "addressOffset>\n"
                 "          <" IX "size>32</" IX "size>\n",
              r->off);
    if (*r->fields) regmap_each_field(r->fields, b, r->name, ix_field);
    else ix_field(b, r->name, "VALUE", 0, 32);
    sb_puts(b, "        </" IX "register>\n");
  }
  sb_puts(b, "      </" IX "addressBlock>\n");
}

static void ix_windows(const nm_params *p, strbuf *b) {
  regmap_region g;
  for (size_t i = 0; regmap_region_info(p, i, &g) == 0; i++) {
    for (long k = 0; k < g.banks; k++) {
      char name[64], desc[160];
      snprintf(name, sizeof name, "%s_%ld", g.name, k);
      snprintf(desc, sizeof desc, "; region %zu bank %ld: %ld words of %ld bits, one a 32-byte entry", i + 1, k,
               g.depth, g.bits);
      strbuf d = {0};
      sb_puts(&d, g.what), sb_puts(&d, desc);
      sb_puts(b, "      <" IX "addressBlock>\n");
      ix_elem(b, 8, "name", name);
      ix_elem(b, 8, "description", d.data);
      sb_free(&d);
      sb_printf(b, "        <" IX "baseAddress>0x%08lX</" IX "baseAddress>\n"
                   "        <" IX "range>%ld</" IX "range>\n        <" IX "width>%d</" IX "width>\n"
                   "        <" IX "usage>memory</" IX "usage>\n        <" IX "access>%s</" IX "access>\n"
                   "      </" IX "addressBlock>\n",
                ((unsigned long)(i + 1) << REGION_SHIFT) | ((unsigned long)k << BANK_SHIFT),
                g.depth * WORD_BYTES, WORD_BITS, !strcmp(g.acc, "RO") ? "read-only" : "read-write");
    }
  }
}

static int emit_ipxact(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  strbuf b = {0};
  /* No XML declaration: the header comment comes first, as in every output
  ** (UTF-8, XML 1.0 are the defaults without one). */
  sb_puts(&b, "<!--\n");
  header_lines(&b, "", "generator/regmap.c", summary);
  sb_puts(&b, " nm_top's register map (regmap.md) in IP-XACT (IEEE 1685-2014): the registers,\n"
              " then one memory block per bank of each buffer window.\n-->\n"
              "<" IX "component xmlns:ipxact=\"http://www.accellera.org/XMLSchema/IPXACT/1685-2014\"\n"
              "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
              "    xsi:schemaLocation=\"http://www.accellera.org/XMLSchema/IPXACT/1685-2014 "
              "http://www.accellera.org/XMLSchema/IPXACT/1685-2014/index.xsd\">\n");
  ix_elem(&b, 2, "vendor", "nmgen");
  ix_elem(&b, 2, "library", "accel");
  ix_elem(&b, 2, "name", p->name);
  ix_elem(&b, 2, "version", NMGEN_VERSION);
  sb_puts(&b, "  <" IX "memoryMaps>\n    <" IX "memoryMap>\n");
  ix_elem(&b, 6, "name", "nm_top");
  ix_regs(&b);
  ix_windows(p, &b);
  sb_puts(&b, "      <" IX "addressUnitBits>8</" IX "addressUnitBits>\n"
              "    </" IX "memoryMap>\n  </" IX "memoryMaps>\n</" IX "component>\n");
  int rc = outdir_write(o, "nm_top.xml", &b, err, errlen);
  sb_free(&b);
  return rc;
}

int rdl_emit(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  if (emit_rdl(p, summary, o, err, errlen) != 0) return -1;
  return emit_ipxact(p, summary, o, err, errlen);
}
