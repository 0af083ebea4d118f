/*
** The generated C driver (see driver.h).  The fixed part (transport, bus
** access, submit / wait with a budget, window access) is C text below; the
** table-driven part comes from regmap.c: one accessor per register and
** field, one argument struct, builder and decoder per op, the error names,
** and one nmd_loc_* / nmd_need_* function per buffer-layout line, whose
** body is that line's expression with its names turned into C (indices
** x->name, parameters the nm_config.h macros).  The layout formulas thus
** live in regmap.c only; tb/model/nm_layout.c states them once more as the
** harness's independent oracle, and test_layout / test_driver compare.
*/
#include "driver.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "regmap.h"
#include "strbuf.h"

static const char *const files[] = {"driver/nm_driver.h", "driver/nm_driver.c", "driver/example.c"};

const char *driver_file(size_t i) { return i < sizeof files / sizeof files[0] ? files[i] : NULL; }

/* Lower-case copy ("STCE_A" -> "stce_a"). */
static const char *lower(const char *s, char *buf, size_t len) {
  size_t i = 0;
  for (; s[i] && i + 1 < len; i++) buf[i] = (char)tolower((unsigned char)s[i]);
  buf[i] = '\0';
  return buf;
}

/* The names a layout or NEED expression may use: indices and sizes (members
** of nmd_idx) and the parameters of regmap.md's PARAMS line. */
static const char *const idx_names[] = {"i", "j", "k", "g", "e", "n", "y", "oy", "ox", "p", "base",
                                        "I", "J", "KP", "G", "GROUPS", "ELEMS", "WOUT"};
static const struct { const char *name, *macro; } param_names[] = {
  {"R", "NM_ROWS"}, {"C", "NM_COLS"}, {"MMAX", "NM_MMAX"}, {"SORE_LANES", "NM_SORE_LANES"},
  {"WUVE_LANES", "NM_WUVE_LANES"}, {"NB", "NM_REGION_STCE_B_BANKS"}};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Expression e as C: each name replaced, everything else copied; -1 with
** err on a name that is neither an index nor a parameter. */
static int c_expr(strbuf *b, const char *e, const char *what, char *err, size_t errlen) {
  sb_puts(b, "(");
  while (*e) {
    if (!isalpha((unsigned char)*e) && *e != '_') {
      sb_printf(b, "%c", *e++);
      continue;
    }
    const char *s = e;
    while (isalnum((unsigned char)*e) || *e == '_') e++;
    size_t n = (size_t)(e - s), k;
    int done = 0;
    for (k = 0; k < COUNT(idx_names) && !done; k++)
      if (strlen(idx_names[k]) == n && !strncmp(idx_names[k], s, n))
        sb_printf(b, "x->%s", idx_names[k]), done = 1;
    for (k = 0; k < COUNT(param_names) && !done; k++)
      if (strlen(param_names[k].name) == n && !strncmp(param_names[k].name, s, n))
        sb_puts(b, param_names[k].macro), done = 1;
    if (!done) {
      snprintf(err, errlen, "driver: layout line %s uses '%.*s', neither an index nor a parameter",
               what, (int)n, s);
      return -1;
    }
  }
  sb_puts(b, ")");
  return 0;
}

/* The file's opening comment: nmgen's two header lines, then `what`. */
static void file_head(strbuf *b, const char *summary, const char *what) {
  sb_puts(b, "/*\n");
  header_lines(b, "**", "generator/driver.c", summary);
  sb_printf(b, "**\n%s*/\n", what);
}

/* ---- nm_driver.h ----------------------------------------------------------------- */

static const char h_intro[] =
    "** nm_driver: the C driver of nm_top for configuration `%s` (C99; it needs\n"
    "** <stdint.h> and <stddef.h> only: no libc, no allocation, no global state).\n"
    "**\n"
    "** It reaches the accelerator through a transport the caller supplies:\n"
    "** read32 / write32 at byte addresses of the AXI4-Lite slave (regmap.md:\n"
    "** registers in region 0, buffer windows at NM_WIN_ADDR), optionally a clock\n"
    "** for time budgets and a pause between polls.  A command is built into an\n"
    "** nmd_cmd by nmd_<op>() (every field checked against its width), issued by\n"
    "** nmd_submit and waited for by nmd_wait with a budget of accelerator cycles\n"
    "** (the CYCLE_LO counter; also at most that many polls, so a stuck counter\n"
    "** cannot hold it) or by nmd_wait_ticks with a budget of transport clock\n"
    "** ticks.  A wait always ends: NMD_E_TIMEOUT when the budget runs out while\n"
    "** the command still runs (wait again to collect it).  nmd_run is both.\n"
    "** Buffer layouts: nmd_loc_<region>_<field> says where a logical element\n"
    "** lives, nmd_need_* how many words per bank an operand takes (regmap.md's\n"
    "** \"Buffer layouts\" lines, generated from the same table); nmd_put / nmd_get\n"
    "** move one field, nmd_win_write / nmd_win_read one whole buffer word.\n"
    "** Bulk data moves through the buffer windows, or by XFER between DRAM on\n"
    "** nm_top's AXI4 master and a region: nmd_xfer_tensor fills the layout of a\n"
    "** tensor kind, nmd_xfer_submit / nmd_xfer_run issue it, nmd_dma_err_name\n"
    "** names DMA_STATUS.ERR.\n";

static const char h_core[] =
    "#ifndef NM_DRIVER_H\n#define NM_DRIVER_H\n\n#include <stddef.h>\n#include <stdint.h>\n\n"
    "#include \"../nm_config.h\"\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
    "/* Return codes: NMD_OK or one of these (nmd_rc_name names them). */\n"
    "#define NMD_OK 0\n"
    "#define NMD_E_BUS (-1)      /* a transaction failed (SLVERR or the transport's error): fail_addr */\n"
    "#define NMD_E_TIMEOUT (-2)  /* the budget ran out while STATUS.BUSY: the command still runs */\n"
    "#define NMD_E_REFUSED (-3)  /* CMD refused; refuse = STATUS.REFUSE (NM_ERR_BUSY or NM_ERR_OP) */\n"
    "#define NMD_E_CMD (-4)      /* the command ended with STATUS.ERR != 0 (nmd_result.err) */\n"
    "#define NMD_E_RANGE (-5)    /* an argument outside its field, region, bank or word: nothing sent */\n"
    "#define NMD_E_IDENT (-6)    /* ID, VERSION or CFG_ARRAY are not this driver's configuration */\n"
    "#define NMD_E_NOCLOCK (-7)  /* nmd_wait_ticks over a transport without now() */\n\n"
    "/* The caller's way to the AXI4-Lite slave.  The slave decodes all 32\n"
    "** address bits (addr[31:27] is the region), so the transport maps the\n"
    "** slave's 4 GiB: it adds its base, or its interconnect does. */\n"
    "typedef struct nmd_transport {\n"
    "  void *ctx;\n"
    "  /* One 32-bit access: 0 when the slave answered OKAY, anything else for\n"
    "  ** SLVERR or no answer (the driver returns NMD_E_BUS). */\n"
    "  int (*read32)(void *ctx, uint32_t addr, uint32_t *data);\n"
    "  int (*write32)(void *ctx, uint32_t addr, uint32_t data);\n"
    "  uint64_t (*now)(void *ctx);  /* optional (NULL): a monotonic clock, any unit, for nmd_wait_ticks */\n"
    "  void (*pause)(void *ctx);    /* optional (NULL): called between two STATUS polls */\n"
    "} nmd_transport;\n\n"
    "typedef struct nmd_dev {\n"
    "  const nmd_transport *t;\n"
    "  uint32_t fail_addr;  /* address of the last failed transaction (NMD_E_BUS) */\n"
    "  uint32_t refuse;     /* STATUS.REFUSE of the last NMD_E_REFUSED */\n"
    "} nmd_dev;\n\n"
    "/* A command as the slave takes it: ARG0..ARG%d, then CMD = op. */\n"
    "#define NMD_ARGS %d\n"
    "typedef struct nmd_cmd {\n  uint32_t op;\n  uint32_t arg[NMD_ARGS];\n} nmd_cmd;\n\n"
    "/* What a finished command left in the registers. */\n"
    "typedef struct nmd_result {\n"
    "  uint32_t status;         /* STATUS once idle */\n"
    "  uint32_t op, err;        /* its OP and ERR fields */\n"
    "  uint32_t last_cycles;    /* LAST_CYCLES: acceptance to done */\n"
    "  uint32_t engine_cycles;  /* ENGINE_CYCLES (GEMM, ANT) */\n"
    "} nmd_result;\n\n"
    "/* The VERSION register this driver was generated with. */\n"
    "#define NMD_VERSION_WORD (NM_FIELD(NM_VERSION_MAJOR, %u) | NM_FIELD(NM_VERSION_MINOR, %u) | "
    "NM_FIELD(NM_VERSION_PATCH, %u))\n\n"
    "/* Bind d to t and check ID, VERSION and CFG_ARRAY's R, C and MMAX against\n"
    "** this configuration: NMD_OK, NMD_E_BUS or NMD_E_IDENT. */\n"
    "int nmd_open(nmd_dev *d, const nmd_transport *t);\n"
    "/* What nmd_open read, for a host that checks or logs more of it without\n"
    "** reading it twice. */\n"
    "typedef struct nmd_ident {\n  uint32_t id, version, cfg_array;\n} nmd_ident;\n"
    "/* nmd_open, and the words it read in w (0 for those it did not get to). */\n"
    "int nmd_open_ident(nmd_dev *d, const nmd_transport *t, nmd_ident *w);\n"
    "/* One register (byte offset NM_REG_*): NMD_OK or NMD_E_BUS. */\n"
    "int nmd_reg_read(nmd_dev *d, uint32_t off, uint32_t *v);\n"
    "int nmd_reg_write(nmd_dev *d, uint32_t off, uint32_t v);\n\n";

static const char h_run[] =
    "/* Write ARG0..ARG4 and CMD.  NMD_E_REFUSED when the slave refuses CMD\n"
    "** (busy, unknown op: d->refuse says which); the running command is untouched. */\n"
    "int nmd_submit(nmd_dev *d, const nmd_cmd *c);\n"
    "/* Poll STATUS until the command ends, at most budget_cycles accelerator\n"
    "** cycles (CYCLE_LO; budget below 2^31) and at most budget_cycles polls.\n"
    "** Fills r: NMD_OK, NMD_E_CMD (r->err is the code), NMD_E_TIMEOUT (still\n"
    "** busy: wait again) or NMD_E_BUS. */\n"
    "int nmd_wait(nmd_dev *d, uint32_t budget_cycles, nmd_result *r);\n"
    "/* The same with a budget of transport clock ticks (t->now; NMD_E_NOCLOCK\n"
    "** without one), and never past 2^31 accelerator cycles. */\n"
    "int nmd_wait_ticks(nmd_dev *d, uint64_t budget_ticks, nmd_result *r);\n"
    "/* nmd_submit then nmd_wait. */\n"
    "int nmd_run(nmd_dev *d, const nmd_cmd *c, uint32_t budget_cycles, nmd_result *r);\n"
    "/* The two halves of a wait, for a host that learns of the end another\n"
    "** way too (an interrupt, a busy line) or must not read CYCLE_LO.\n"
    "** nmd_wait_polls reads STATUS only, at most max_polls times: NMD_OK once\n"
    "** BUSY is low, NMD_E_TIMEOUT or NMD_E_BUS.  nmd_collect reads what the\n"
    "** ended command left: STATUS, LAST_CYCLES and, after GEMM or ANT (the\n"
    "** ops ENGINE_CYCLES counts), ENGINE_CYCLES (else 0, not read); NMD_OK,\n"
    "** NMD_E_CMD (r->err), NMD_E_TIMEOUT (still BUSY: nothing more read) or\n"
    "** NMD_E_BUS. */\n"
    "int nmd_wait_polls(nmd_dev *d, uint32_t max_polls);\n"
    "int nmd_collect(nmd_dev *d, nmd_result *r);\n"
    "/* The two channels (regmap.md \"Two channels\"): an XFER runs beside a\n"
    "** GEMM, PRUNE, UPDATE or ANT.  nmd_wait_channel is nmd_wait for one of\n"
    "** them: it polls COMP_STATUS or XFER_STATUS until that channel is idle and\n"
    "** fills r from its registers (status the channel's status word, op NM_OP_XFER\n"
    "** for the XFER channel, last_cycles COMP_CYCLES or XFER_CYCLES). */\n"
    "#define NMD_CH_COMPUTE 0\n#define NMD_CH_XFER 1\n"
    "int nmd_wait_channel(nmd_dev *d, int ch, uint32_t budget_cycles, nmd_result *r);\n\n"
    "/* The ANT counters of the last ANT command. */\n"
    "typedef struct nmd_ant_counts {\n  uint32_t pairs, prods, rcps, skipped;\n} nmd_ant_counts;\n"
    "int nmd_read_ant_counts(nmd_dev *d, nmd_ant_counts *c);\n\n"
    "/* Names: STATUS.ERR / REFUSE codes (\"OK\" for 0, NM_ERR_* names, \"?\"),\n"
    "** their meaning (regmap.md), ops (\"GEMM\"...), driver return codes. */\n"
    "const char *nmd_err_name(uint32_t code);\n"
    "const char *nmd_err_text(uint32_t code);\n"
    "const char *nmd_op_name(uint32_t op);\n"
    "const char *nmd_rc_name(int rc);\n\n";

static const char h_win[] =
    "/* ---- buffer windows ---- */\n\n"
    "/* Geometry of region 1..NM_REGION_COUNT (0 for any other). */\n"
    "uint32_t nmd_region_banks(uint32_t region);\n"
    "uint32_t nmd_region_depth(uint32_t region);\n"
    "uint32_t nmd_region_bits(uint32_t region);\n"
    "uint32_t nmd_region_subwords(uint32_t region);\n"
    "/* The widest buffer word, in 32-bit subwords. */\n"
    "#define NMD_WORD_SUBS %ld\n"
    "/* One whole buffer word, w[0 .. nmd_region_subwords - 1] least significant\n"
    "** first: NMD_OK, NMD_E_RANGE (outside the window) or NMD_E_BUS. */\n"
    "int nmd_win_write(nmd_dev *d, uint32_t region, uint32_t bank, uint32_t word, const uint32_t *w);\n"
    "int nmd_win_read(nmd_dev *d, uint32_t region, uint32_t bank, uint32_t word, uint32_t *w);\n\n"
    "/* Where a field lives: bits lsb + width - 1 .. lsb of word `word` of bank\n"
    "** `bank` of window `region` (a field never straddles two subwords). */\n"
    "typedef struct nmd_loc {\n  uint32_t region, bank, word, lsb, width;\n} nmd_loc;\n"
    "/* The indices and sizes the layout lines name (regmap.md): A' row i,\n"
    "** position k; B group g of column j, lane e; C (i, j); SORE group g,\n"
    "** element e, slot k; WUVE element e; ANT engine p's row y, element n, output\n"
    "** (oy, ox);\n"
    "** base the command's base field; I, J, KP, G, GROUPS, ELEMS, WOUT sizes. */\n"
    "typedef struct nmd_idx {\n"
    "  uint32_t i, j, k, g, e, n, y, oy, ox, p, base;\n"
    "  uint32_t I, J, KP, G, GROUPS, ELEMS, WOUT;\n"
    "} nmd_idx;\n\n"
    "static inline uint32_t nmd_field_mask(nmd_loc l) {\n"
    "  return l.width >= 32 ? 0xFFFFFFFFu : (1u << l.width) - 1u;\n}\n"
    "/* Set / get field l in a buffer word w (NMD_WORD_SUBS subwords). */\n"
    "static inline void nmd_word_set(uint32_t *w, nmd_loc l, uint32_t v) {\n"
    "  uint32_t m = nmd_field_mask(l) << (l.lsb %% 32);\n"
    "  w[l.lsb / 32] = (w[l.lsb / 32] & ~m) | ((v << (l.lsb %% 32)) & m);\n}\n"
    "static inline uint32_t nmd_word_get(const uint32_t *w, nmd_loc l) {\n"
    "  return (w[l.lsb / 32] >> (l.lsb %% 32)) & nmd_field_mask(l);\n}\n"
    "/* One field over the bus: its subword, read-modified-written unless the\n"
    "** field fills it.  NMD_OK, NMD_E_RANGE or NMD_E_BUS. */\n"
    "int nmd_put(nmd_dev *d, nmd_loc l, uint32_t v);\n"
    "int nmd_get(nmd_dev *d, nmd_loc l, uint32_t *v);\n\n";

static const char h_xfer[] =
    "\n/* ---- XFER: the DMA (regmap.md \"XFER: the DMA\") ---- */\n\n"
    "/* Tensor kinds: the logical row-major DRAM formats a tile of rows x cols\n"
    "** elements can have, each with the layout settings that place it in its\n"
    "** region's banks.  A_VAL fp16 / A_IDX u8 A' [I][K']; A_T fp16 [K][I] (dense\n"
    "** A transposed); B fp16 [K][J]; B_T fp16 [J][K]; C32 fp32 / C16 fp16 [I][J];\n"
    "** W, V fp32, G_DW fp16, G_MASK u8 (0/1), W16 fp16: WUVE [n] (flat over the\n"
    "** tile); SORE_IN fp16 [G][M], SORE_VAL fp16 [G][N] (flat); ANT_OUT32 fp32,\n"
    "** ANT_OUT16 fp16, ANT_FLAGS u8: [Hout][Wout]; ANT_ROWS u16 [rows][2]\n"
    "** {start, end} of a CSR row table (region ANT_IROW or ANT_KROW), ANT_ELEMS\n"
    "** u16 [nnz][2] {value, coord} of a CSR element buffer (ANT_IELEM, ANT_KELEM). */\n"
    "enum {\n"
    "  NMD_T_A_VAL, NMD_T_A_IDX, NMD_T_A_T, NMD_T_B, NMD_T_B_T, NMD_T_C32, NMD_T_C16, NMD_T_W, NMD_T_V,\n"
    "  NMD_T_G_DW, NMD_T_G_MASK, NMD_T_W16, NMD_T_SORE_IN, NMD_T_SORE_VAL, NMD_T_ANT_OUT32,\n"
    "  NMD_T_ANT_OUT16, NMD_T_ANT_FLAGS, NMD_T_ANT_ROWS, NMD_T_ANT_ELEMS, NMD_T_COUNT\n"
    "};\n"
    "/* One transfer: the DRAM side and XFER's fields. */\n"
    "typedef struct nmd_xfer_desc {\n"
    "  uint64_t addr;      /* DRAM byte address of element (0, 0) */\n"
    "  uint64_t stride;    /* bytes from one DRAM row of the tile to the next */\n"
    "  nmd_xfer_args a;    /* REGION, DIR, BASE, ROW_ELEMS, ROWS, NEED and the layout */\n"
    "} nmd_xfer_desc;\n"
    "/* The kind's element bytes (1, 2 or 4; 0 for an unknown kind). */\n"
    "uint32_t nmd_tensor_esz(uint32_t kind);\n"
    "/* Fill x->a for a rows x cols tile of `kind` moving in `dir` (0 DRAM ->\n"
    "** buffer, 1 back) at buffer word `base`: the region (ANT_ROWS / ANT_ELEMS:\n"
    "** `region`, else ignored), the layout fields and NEED (nmd_need_*, the\n"
    "** commands' own bounds); m is B's M (B, B_T, SORE_IN), n SORE_VAL's N;\n"
    "** ZFILL 0 (a dense A' without indices may set x->a.zfill: whole words).\n"
    "** NMD_OK, or NMD_E_RANGE (unknown kind, a shape the kind cannot have). */\n"
    "int nmd_xfer_tensor(nmd_xfer_desc *x, uint32_t kind, uint32_t dir, uint32_t rows, uint32_t cols,\n"
    "                    uint32_t m, uint32_t n, uint32_t base, uint32_t region);\n"
    "/* The same for ANT engines 0..engines-1 at once (ANT_OUT32 / OUT16 / FLAGS,\n"
    "** ANT_ROWS / ANT_ELEMS): DRAM row e of the engines x cols tile is engine e's\n"
    "** (bank e) flat vector, cols elements (two a table entry) from word `base`.\n"
    "** nmd_xfer_tensor's kinds reach engine 0 only: a layout's banks start at 0. */\n"
    "int nmd_xfer_ant_engines(nmd_xfer_desc *x, uint32_t kind, uint32_t dir, uint32_t engines, uint32_t cols,\n"
    "                         uint32_t base, uint32_t region);\n"
    "/* The DRAM window every XFER byte must lie in (first and last byte). */\n"
    "int nmd_dma_window(nmd_dev *d, uint64_t first, uint64_t last);\n"
    "/* Build x's XFER command in *c (nmd_xfer) and write DMA_ADDR and\n"
    "** DMA_STRIDE, which CMD or Q_PUSH samples with it: NMD_OK, NMD_E_RANGE\n"
    "** (a field too wide: nothing sent) or NMD_E_BUS. */\n"
    "int nmd_xfer_regs(nmd_dev *d, const nmd_xfer_desc *x, nmd_cmd *c);\n"
    "/* nmd_xfer_regs, then the XFER command (nmd_submit): NMD_OK,\n"
    "** NMD_E_RANGE, NMD_E_REFUSED or NMD_E_BUS. */\n"
    "int nmd_xfer_submit(nmd_dev *d, const nmd_xfer_desc *x);\n"
    "/* What an ended XFER left: nmd_collect, and when STATUS.ERR is DMA,\n"
    "** DMA_STATUS.ERR in *dma_err (else 0). */\n"
    "int nmd_xfer_collect(nmd_dev *d, nmd_result *r, uint32_t *dma_err);\n"
    "/* nmd_xfer_submit, nmd_wait (budget_cycles), nmd_xfer_collect's dma_err. */\n"
    "int nmd_xfer_run(nmd_dev *d, const nmd_xfer_desc *x, uint32_t budget_cycles, nmd_result *r,\n"
    "                 uint32_t *dma_err);\n"
    "/* DMA_STATUS.ERR codes: \"OK\" for 0, the name (SHAPE, ALIGN, ...), \"?\"; meaning. */\n"
    "const char *nmd_dma_err_name(uint32_t code);\n"
    "const char *nmd_dma_err_text(uint32_t code);\n";

static void h_registers(strbuf *b) {
  char lo[64], lf[64];
  sb_puts(b, "/* Register accessors: nmd_read_<reg>, nmd_write_<reg> for RW registers. */\n");
  for (size_t i = 0; regmap_reg_at(i); i++) {
    const regmap_reg *r = regmap_reg_at(i);
    lower(r->name, lo, sizeof lo);
    sb_printf(b, "static inline int nmd_read_%s(nmd_dev *d, uint32_t *v) { return nmd_reg_read(d, NM_REG_%s, v); }\n",
              lo, r->name);
    if (!strcmp(r->acc, "RW"))
      sb_printf(b, "static inline int nmd_write_%s(nmd_dev *d, uint32_t v) { return nmd_reg_write(d, NM_REG_%s, v); }\n",
                lo, r->name);
  }
  sb_puts(b, "\n/* Field accessors: nmd_<reg>_<field>(register value). */\n");
  for (size_t i = 0; regmap_reg_at(i); i++) {
    const regmap_reg *r = regmap_reg_at(i);
    const char *spec = r->fields;
    lower(r->name, lo, sizeof lo);
    while (*spec) {
      char name[32];
      int lsb, width, used = 0;
      if (sscanf(spec, "%31[^:]:%d:%d%n", name, &lsb, &width, &used) != 3) break;
      sb_printf(b, "static inline uint32_t nmd_%s_%s(uint32_t r) { return NM_GET(NM_%s_%s, r); }\n", lo,
                lower(name, lf, sizeof lf), r->name, name);
      spec += used;
      if (*spec == ',') spec++;
    }
  }
  sb_puts(b, "\n");
}

/* Per op: the argument struct, builder and decoder prototypes. */
static void h_commands(strbuf *b) {
  char lo[64], lf[64];
  for (size_t o = 0; regmap_op_at(o); o++) {
    const char *op = regmap_op_at(o);
    lower(op, lo, sizeof lo);
    sb_printf(b, "/* %s (CMD.OP %zu): the fields of regmap.md's command table. */\n"
                 "typedef struct nmd_%s_args {\n", op, o + 1, lo);
    for (size_t i = 0; regmap_cmd_field_at(i); i++) {
      const regmap_cmd_field *f = regmap_cmd_field_at(i);
      if (strcmp(f->op, op)) continue;
      sb_printf(b, "  uint32_t %s;  /* ARG%d[%d:%d]: %s */\n", lower(f->name, lf, sizeof lf), f->arg,
                f->lsb + f->width - 1, f->lsb, f->what);
    }
    sb_printf(b, "} nmd_%s_args;\n"
                 "/* Pack a into c: NMD_OK, or NMD_E_RANGE (c untouched) if a value does\n"
                 "** not fit its field.  The hardware checks the rest (STATUS.ERR). */\n"
                 "int nmd_%s(nmd_cmd *c, const nmd_%s_args *a);\n"
                 "/* The fields of a packed %s command. */\n"
                 "void nmd_%s_decode(const nmd_cmd *c, nmd_%s_args *a);\n\n",
              lo, lo, lo, op, lo, lo);
  }
}

/* Function name of layout line "STCE_A.VAL": nmd_loc_stce_a_val. */
static const char *loc_name(const char *field, char *buf, size_t len) {
  char lo[64];
  lower(field, lo, sizeof lo);
  for (char *c = lo; *c; c++)
    if (*c == '.') *c = '_';
  snprintf(buf, len, "nmd_loc_%s", lo);
  return buf;
}

static void h_layouts(const nm_params *p, strbuf *b) {
  char fn[96], lo[64];
  regmap_layout l;
  const char *name, *expr;
  sb_puts(b, "/* Layouts, one function a line of regmap.md's \"Buffer layouts\". */\n");
  for (size_t i = 0; regmap_layout_at(p, i, &l) == 0; i++)
    sb_printf(b, "nmd_loc %s(const nmd_idx *x);  /* bank = %s ; word = %s ; lsb = %s ; width = %s */\n",
              loc_name(l.field, fn, sizeof fn), l.bank, l.word, l.lsb, l.width);
  sb_puts(b, "/* Words per bank past base an operand takes (the commands' bound checks). */\n");
  for (size_t i = 0; regmap_need_at(i, &name, &expr) == 0; i++)
    sb_printf(b, "uint32_t nmd_need_%s(const nmd_idx *x);  /* %s */\n", lower(name, lo, sizeof lo), expr);
}

static int emit_h(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  strbuf b = {0}, intro = {0};
  unsigned major = 0, minor = 0, patch = 0;
  int nargs = 0;
  sscanf(NMGEN_VERSION, "%u.%u.%u", &major, &minor, &patch);
  for (size_t i = 0; regmap_reg_at(i); i++) {
    int k;
    char tail;
    if (sscanf(regmap_reg_at(i)->name, "ARG%d%c", &k, &tail) == 1) nargs++;
  }
  sb_printf(&intro, h_intro, p->name);
  file_head(&b, summary, intro.data);
  sb_free(&intro);
  sb_printf(&b, h_core, nargs - 1, nargs, major, minor, patch);
  h_registers(&b);
  h_commands(&b);
  sb_puts(&b, h_run);
  sb_puts(&b, driver_queue_h);
  long subs = 1;  /* the widest word's subwords */
  for (size_t i = 0; regmap_region_at(i); i++)
    if ((regmap_region_bits_at(p, i) + 31) / 32 > subs) subs = (regmap_region_bits_at(p, i) + 31) / 32;
  sb_printf(&b, h_win, subs);
  h_layouts(p, &b);
  sb_puts(&b, h_xfer);
  sb_puts(&b, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n");
  int rc = outdir_write(o, "driver/nm_driver.h", &b, err, errlen);
  sb_free(&b);
  return rc;
}

/* ---- nm_driver.c ----------------------------------------------------------------- */

static const char c_core[] =
    "#include \"nm_driver.h\"\n\n"
    "/* The driver works on this configuration's map only. */\n"
    "typedef char nmd_check_args[NMD_ARGS == (NM_REG_ARG4 - NM_REG_ARG0) / 4 + 1 ? 1 : -1];\n\n"
    "int nmd_reg_read(nmd_dev *d, uint32_t off, uint32_t *v) {\n"
    "  if (d->t->read32(d->t->ctx, off, v) != 0) {\n"
    "    d->fail_addr = off;\n    return NMD_E_BUS;\n  }\n  return NMD_OK;\n}\n\n"
    "int nmd_reg_write(nmd_dev *d, uint32_t off, uint32_t v) {\n"
    "  if (d->t->write32(d->t->ctx, off, v) != 0) {\n"
    "    d->fail_addr = off;\n    return NMD_E_BUS;\n  }\n  return NMD_OK;\n}\n\n"
    "int nmd_open_ident(nmd_dev *d, const nmd_transport *t, nmd_ident *w) {\n"
    "  int rc;\n"
    "  d->t = t, d->fail_addr = 0, d->refuse = 0;\n"
    "  w->id = w->version = w->cfg_array = 0;\n"
    "  if ((rc = nmd_read_id(d, &w->id)) != NMD_OK || (rc = nmd_read_version(d, &w->version)) != NMD_OK ||\n"
    "      (rc = nmd_read_cfg_array(d, &w->cfg_array)) != NMD_OK)\n    return rc;\n"
    "  if (w->id != NM_ID_VALUE || w->version != NMD_VERSION_WORD || nmd_cfg_array_r(w->cfg_array) != NM_ROWS ||\n"
    "      nmd_cfg_array_c(w->cfg_array) != NM_COLS || nmd_cfg_array_mmax(w->cfg_array) != NM_MMAX)\n"
    "    return NMD_E_IDENT;\n  return NMD_OK;\n}\n\n"
    "int nmd_open(nmd_dev *d, const nmd_transport *t) {\n"
    "  nmd_ident w;\n  return nmd_open_ident(d, t, &w);\n}\n\n"
    "int nmd_submit(nmd_dev *d, const nmd_cmd *c) {\n"
    "  uint32_t st;\n  int rc;\n"
    "  for (uint32_t k = 0; k < NMD_ARGS; k++)\n"
    "    if ((rc = nmd_reg_write(d, NM_REG_ARG0 + 4u * k, c->arg[k])) != NMD_OK) return rc;\n"
    "  if (nmd_reg_write(d, NM_REG_CMD, c->op) == NMD_OK) return NMD_OK;\n"
    "  /* SLVERR on CMD is a refusal (busy or unknown op): STATUS says which. */\n"
    "  if ((rc = nmd_read_status(d, &st)) != NMD_OK) return rc;\n"
    "  d->refuse = nmd_status_refuse(st);\n"
    "  return d->refuse ? NMD_E_REFUSED : NMD_E_BUS;\n}\n\n"
    "/* A budget of accelerator cycles longer than this cannot be told from a\n"
    "** wrapped CYCLE_LO. */\n"
    "#define NMD_MAX_CYCLES 0x7FFFFFFFu\n\n"
    "/* The one polling loop: until BUSY of status register st_reg falls, or\n"
    "** `cycles` accelerator cycles (and as many polls), or `ticks` of the\n"
    "** transport clock pass; then the op (xop: the XFER channel's) and the\n"
    "** cycles in cyc_reg.  COMP_STATUS and XFER_STATUS have STATUS's BUSY, OP\n"
    "** and ERR bits (regmap.c), so one set of field accessors reads all three. */\n"
    "typedef char nmd_channel_bits_as_status[(NM_COMP_STATUS_BUSY_LSB == NM_STATUS_BUSY_LSB &&\n"
    "    NM_XFER_STATUS_BUSY_LSB == NM_STATUS_BUSY_LSB && NM_COMP_STATUS_OP_LSB == NM_STATUS_OP_LSB &&\n"
    "    NM_COMP_STATUS_ERR_LSB == NM_STATUS_ERR_LSB && NM_XFER_STATUS_ERR_LSB == NM_STATUS_ERR_LSB) ? 1 : -1];\n"
    "static int wait_loop(nmd_dev *d, uint32_t st_reg, uint32_t cyc_reg, int xop, uint32_t cycles, int use_ticks,\n"
    "                     uint64_t ticks, nmd_result *r) {\n"
    "  uint32_t st, c0, c, polls = 0;\n  uint64_t k0 = 0;\n  int rc;\n"
    "  if (cycles > NMD_MAX_CYCLES) cycles = NMD_MAX_CYCLES;\n"
    "  if ((rc = nmd_read_cycle_lo(d, &c0)) != NMD_OK) return rc;\n"
    "  if (use_ticks) k0 = d->t->now(d->t->ctx);\n"
    "  for (;;) {\n"
    "    if ((rc = nmd_reg_read(d, st_reg, &st)) != NMD_OK) return rc;\n"
    "    if (!nmd_status_busy(st)) break;\n"
    "    if ((rc = nmd_read_cycle_lo(d, &c)) != NMD_OK) return rc;\n"
    "    if ((uint32_t)(c - c0) >= cycles || ++polls >= cycles ||\n"
    "        (use_ticks && d->t->now(d->t->ctx) - k0 >= ticks)) {\n"
    "      r->status = st, r->op = xop ? NM_OP_XFER : nmd_status_op(st), r->err = 0;\n"
    "      r->last_cycles = r->engine_cycles = 0;\n"
    "      return NMD_E_TIMEOUT;\n    }\n"
    "    if (d->t->pause) d->t->pause(d->t->ctx);\n  }\n"
    "  r->status = st, r->op = xop ? NM_OP_XFER : nmd_status_op(st), r->err = nmd_status_err(st);\n"
    "  if ((rc = nmd_reg_read(d, cyc_reg, &r->last_cycles)) != NMD_OK ||\n"
    "      (rc = nmd_read_engine_cycles(d, &r->engine_cycles)) != NMD_OK)\n    return rc;\n"
    "  return r->err ? NMD_E_CMD : NMD_OK;\n}\n\n"
    "int nmd_wait(nmd_dev *d, uint32_t budget_cycles, nmd_result *r) {\n"
    "  return wait_loop(d, NM_REG_STATUS, NM_REG_LAST_CYCLES, 0, budget_cycles, 0, 0, r);\n}\n\n"
    "int nmd_wait_ticks(nmd_dev *d, uint64_t budget_ticks, nmd_result *r) {\n"
    "  if (!d->t->now) return NMD_E_NOCLOCK;\n"
    "  return wait_loop(d, NM_REG_STATUS, NM_REG_LAST_CYCLES, 0, NMD_MAX_CYCLES, 1, budget_ticks, r);\n}\n\n"
    "int nmd_wait_channel(nmd_dev *d, int ch, uint32_t budget_cycles, nmd_result *r) {\n"
    "  if (ch == NMD_CH_XFER)\n"
    "    return wait_loop(d, NM_REG_XFER_STATUS, NM_REG_XFER_CYCLES, 1, budget_cycles, 0, 0, r);\n"
    "  if (ch != NMD_CH_COMPUTE) return NMD_E_RANGE;\n"
    "  return wait_loop(d, NM_REG_COMP_STATUS, NM_REG_COMP_CYCLES, 0, budget_cycles, 0, 0, r);\n}\n\n"
    "int nmd_run(nmd_dev *d, const nmd_cmd *c, uint32_t budget_cycles, nmd_result *r) {\n"
    "  int rc = nmd_submit(d, c);\n"
    "  return rc != NMD_OK ? rc : nmd_wait(d, budget_cycles, r);\n}\n\n"
    "int nmd_wait_polls(nmd_dev *d, uint32_t max_polls) {\n"
    "  uint32_t st;\n  int rc;\n"
    "  for (uint32_t i = 0; i < max_polls; i++) {\n"
    "    if (i && d->t->pause) d->t->pause(d->t->ctx);\n"
    "    if ((rc = nmd_read_status(d, &st)) != NMD_OK) return rc;\n"
    "    if (!nmd_status_busy(st)) return NMD_OK;\n  }\n"
    "  return NMD_E_TIMEOUT;\n}\n\n"
    "int nmd_collect(nmd_dev *d, nmd_result *r) {\n"
    "  uint32_t st;\n  int rc;\n"
    "  if ((rc = nmd_read_status(d, &st)) != NMD_OK) return rc;\n"
    "  r->status = st, r->op = nmd_status_op(st), r->err = nmd_status_err(st);\n"
    "  r->last_cycles = r->engine_cycles = 0;\n"
    "  if (nmd_status_busy(st)) return NMD_E_TIMEOUT;\n"
    "  if ((rc = nmd_read_last_cycles(d, &r->last_cycles)) != NMD_OK) return rc;\n"
    "  if ((r->op == NM_OP_GEMM || r->op == NM_OP_ANT) &&\n"
    "      (rc = nmd_read_engine_cycles(d, &r->engine_cycles)) != NMD_OK)\n    return rc;\n"
    "  return r->err ? NMD_E_CMD : NMD_OK;\n}\n\n"
    "int nmd_read_ant_counts(nmd_dev *d, nmd_ant_counts *c) {\n  int rc;\n"
    "  if ((rc = nmd_read_ant_pairs(d, &c->pairs)) != NMD_OK || (rc = nmd_read_ant_prods(d, &c->prods)) != NMD_OK ||\n"
    "      (rc = nmd_read_ant_rcps(d, &c->rcps)) != NMD_OK || (rc = nmd_read_ant_skipped(d, &c->skipped)) != NMD_OK)\n"
    "    return rc;\n  return NMD_OK;\n}\n\n"
    "const char *nmd_rc_name(int rc) {\n  switch (rc) {\n"
    "  case NMD_OK: return \"OK\";\n  case NMD_E_BUS: return \"BUS\";\n"
    "  case NMD_E_TIMEOUT: return \"TIMEOUT\";\n  case NMD_E_REFUSED: return \"REFUSED\";\n"
    "  case NMD_E_CMD: return \"CMD\";\n  case NMD_E_RANGE: return \"RANGE\";\n"
    "  case NMD_E_IDENT: return \"IDENT\";\n  case NMD_E_NOCLOCK: return \"NOCLOCK\";\n"
    "  default: return \"?\";\n  }\n}\n\n";

static const char c_win[] =
    "/* ---- buffer windows ---- */\n\n"
    "typedef struct nmd_geom {\n  uint32_t banks, depth, bits;\n} nmd_geom;\n"
    "/* NM_REGIONS lists every region in id order from 1. */\n"
    "#define NMD_GEOM(n, id, acc) {NM_REGION_##n##_BANKS, NM_REGION_##n##_DEPTH, NM_REGION_##n##_BITS},\n"
    "static const nmd_geom geom[NM_REGION_COUNT] = {NM_REGIONS(NMD_GEOM)};\n"
    "#undef NMD_GEOM\n\n"
    "static const nmd_geom *geom_of(uint32_t region) {\n"
    "  return region >= 1 && region <= NM_REGION_COUNT ? &geom[region - 1] : 0;\n}\n"
    "uint32_t nmd_region_banks(uint32_t region) { return geom_of(region) ? geom_of(region)->banks : 0; }\n"
    "uint32_t nmd_region_depth(uint32_t region) { return geom_of(region) ? geom_of(region)->depth : 0; }\n"
    "uint32_t nmd_region_bits(uint32_t region) { return geom_of(region) ? geom_of(region)->bits : 0; }\n"
    "uint32_t nmd_region_subwords(uint32_t region) { return (nmd_region_bits(region) + 31) / 32; }\n\n"
    "static int in_window(uint32_t region, uint32_t bank, uint32_t word) {\n"
    "  const nmd_geom *g = geom_of(region);\n"
    "  return g && bank < g->banks && word < g->depth;\n}\n\n"
    "int nmd_win_write(nmd_dev *d, uint32_t region, uint32_t bank, uint32_t word, const uint32_t *w) {\n"
    "  int rc;\n  if (!in_window(region, bank, word)) return NMD_E_RANGE;\n"
    "  for (uint32_t s = 0; s < nmd_region_subwords(region); s++)\n"
    "    if ((rc = nmd_reg_write(d, NM_WIN_ADDR(region, bank, word, s), w[s])) != NMD_OK) return rc;\n"
    "  return NMD_OK;\n}\n\n"
    "int nmd_win_read(nmd_dev *d, uint32_t region, uint32_t bank, uint32_t word, uint32_t *w) {\n"
    "  int rc;\n  if (!in_window(region, bank, word)) return NMD_E_RANGE;\n"
    "  for (uint32_t s = 0; s < nmd_region_subwords(region); s++)\n"
    "    if ((rc = nmd_reg_read(d, NM_WIN_ADDR(region, bank, word, s), &w[s])) != NMD_OK) return rc;\n"
    "  return NMD_OK;\n}\n\n"
    "int nmd_put(nmd_dev *d, nmd_loc l, uint32_t v) {\n"
    "  uint32_t a = NM_WIN_ADDR(l.region, l.bank, l.word, l.lsb / 32), w[NMD_WORD_SUBS];\n  int rc;\n"
    "  if (!in_window(l.region, l.bank, l.word) || l.lsb / 32 >= nmd_region_subwords(l.region))\n"
    "    return NMD_E_RANGE;\n"
    "  w[l.lsb / 32] = 0;\n"
    "  if (!(l.width >= 32 && l.lsb % 32 == 0) && (rc = nmd_reg_read(d, a, &w[l.lsb / 32])) != NMD_OK)\n"
    "    return rc;\n"
    "  nmd_word_set(w, l, v);\n"
    "  return nmd_reg_write(d, a, w[l.lsb / 32]);\n}\n\n"
    "int nmd_get(nmd_dev *d, nmd_loc l, uint32_t *v) {\n"
    "  uint32_t w[NMD_WORD_SUBS];\n  int rc;\n"
    "  if (!in_window(l.region, l.bank, l.word) || l.lsb / 32 >= nmd_region_subwords(l.region))\n"
    "    return NMD_E_RANGE;\n"
    "  if ((rc = nmd_reg_read(d, NM_WIN_ADDR(l.region, l.bank, l.word, l.lsb / 32), &w[l.lsb / 32])) != NMD_OK)\n"
    "    return rc;\n"
    "  *v = nmd_word_get(w, l);\n  return NMD_OK;\n}\n\n";

/* Builders and decoders, one per op. */
static void c_commands(strbuf *b) {
  char lo[64], lf[64];
  for (size_t o = 0; regmap_op_at(o); o++) {
    const char *op = regmap_op_at(o);
    lower(op, lo, sizeof lo);
    sb_printf(b, "int nmd_%s(nmd_cmd *c, const nmd_%s_args *a) {\n  if (", lo, lo);
    int first = 1;
    for (size_t i = 0; regmap_cmd_field_at(i); i++) {
      const regmap_cmd_field *f = regmap_cmd_field_at(i);
      if (strcmp(f->op, op)) continue;
      sb_printf(b, "%s(a->%s >> NM_%s_%s_WIDTH)", first ? "" : " ||\n      ", lower(f->name, lf, sizeof lf),
                op, f->name);
      first = 0;
    }
    sb_printf(b, ")\n    return NMD_E_RANGE;\n  c->op = NM_OP_%s;\n"
                 "  for (uint32_t k = 0; k < NMD_ARGS; k++) c->arg[k] = 0;\n", op);
    for (size_t i = 0; regmap_cmd_field_at(i); i++) {
      const regmap_cmd_field *f = regmap_cmd_field_at(i);
      if (strcmp(f->op, op)) continue;
      sb_printf(b, "  c->arg[NM_%s_%s_ARG] |= NM_FIELD(NM_%s_%s, a->%s);\n", op, f->name, op, f->name,
                lower(f->name, lf, sizeof lf));
    }
    sb_printf(b, "  return NMD_OK;\n}\n\nvoid nmd_%s_decode(const nmd_cmd *c, nmd_%s_args *a) {\n", lo, lo);
    for (size_t i = 0; regmap_cmd_field_at(i); i++) {
      const regmap_cmd_field *f = regmap_cmd_field_at(i);
      if (strcmp(f->op, op)) continue;
      sb_printf(b, "  a->%s = NM_GET(NM_%s_%s, c->arg[NM_%s_%s_ARG]);\n", lower(f->name, lf, sizeof lf), op,
                f->name, op, f->name);
    }
    sb_puts(b, "}\n\n");
  }
}

/* The names of errors and ops. */
static void c_names(strbuf *b) {
  sb_puts(b, "const char *nmd_err_name(uint32_t code) {\n  switch (code) {\n  case 0: return \"OK\";\n");
  for (size_t i = 0; regmap_error_at(i); i++)
    sb_printf(b, "  case NM_ERR_%s: return \"%s\";\n", regmap_error_at(i)->name, regmap_error_at(i)->name);
  sb_puts(b, "  default: return \"?\";\n  }\n}\n\n"
             "const char *nmd_err_text(uint32_t code) {\n  switch (code) {\n  case 0: return \"no error\";\n");
  for (size_t i = 0; regmap_error_at(i); i++) {
    sb_printf(b, "  case NM_ERR_%s: return \"", regmap_error_at(i)->name);
    for (const char *c = regmap_error_at(i)->what; *c; c++) sb_printf(b, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
    sb_puts(b, "\";\n");
  }
  sb_puts(b, "  default: return \"unknown code\";\n  }\n}\n\n"
             "const char *nmd_op_name(uint32_t op) {\n  switch (op) {\n");
  for (size_t o = 0; regmap_op_at(o); o++)
    sb_printf(b, "  case NM_OP_%s: return \"%s\";\n", regmap_op_at(o), regmap_op_at(o));
  sb_puts(b, "  default: return \"?\";\n  }\n}\n\n");
}

/* One function a layout and NEED line, the line's expressions as C. */
static int c_layouts(const nm_params *p, strbuf *b, char *err, size_t errlen) {
  char fn[96], region[64], lo[64];
  regmap_layout l;
  const char *name, *expr;
  sb_puts(b, "/* ---- layouts: regmap.md's lines, generated from generator/regmap.c ---- */\n\n");
  for (size_t i = 0; regmap_layout_at(p, i, &l) == 0; i++) {
    snprintf(region, sizeof region, "%.*s", (int)strcspn(l.field, "."), l.field);
    sb_printf(b, "/* %s bank = %s ; word = %s ; lsb = %s ; width = %s */\n", l.field, l.bank, l.word,
              l.lsb, l.width);
    sb_printf(b, "nmd_loc %s(const nmd_idx *x) {\n  nmd_loc l;\n  (void)x;\n  l.region = NM_REGION_%s;\n",
              loc_name(l.field, fn, sizeof fn), region);
    const char *part[4] = {l.bank, l.word, l.lsb, l.width}, *member[4] = {"bank", "word", "lsb", "width"};
    for (int k = 0; k < 4; k++) {
      sb_printf(b, "  l.%s = ", member[k]);
      if (c_expr(b, part[k], l.field, err, errlen) != 0) return -1;
      sb_puts(b, ";\n");
    }
    sb_puts(b, "  return l;\n}\n\n");
  }
  for (size_t i = 0; regmap_need_at(i, &name, &expr) == 0; i++) {
    sb_printf(b, "/* NEED %s = %s */\nuint32_t nmd_need_%s(const nmd_idx *x) {\n  return ", name, expr,
              lower(name, lo, sizeof lo));
    if (c_expr(b, expr, name, err, errlen) != 0) return -1;
    sb_puts(b, ";\n}\n\n");
  }
  return 0;
}

/* XFER: the layout settings per tensor kind (nm_dma_lay's counters; the
** header of rtl_templates/nm_dma_lay.vt), NEED from the layout lines' own
** nmd_need_*.  tb/tests/dma_pack_desc.c's dpk_desc_of states the same
** settings once more for the converters' tests; test_driver compares. */
static const char c_xfer[] =
    "/* ---- XFER ---- */\n\n"
    "static const uint8_t tensor_esz[NMD_T_COUNT] = {2, 1, 2, 2, 2, 4, 2, 4, 4, 2, 1, 2, 2, 2, 4, 2, 1, 2, 2};\n"
    "uint32_t nmd_tensor_esz(uint32_t kind) { return kind < NMD_T_COUNT ? tensor_esz[kind] : 0u; }\n\n"
    "int nmd_xfer_tensor(nmd_xfer_desc *x, uint32_t kind, uint32_t dir, uint32_t rows, uint32_t cols,\n"
    "                    uint32_t m, uint32_t n, uint32_t base, uint32_t region) {\n"
    "  nmd_xfer_args *a = &x->a;\n  nmd_idx i = {0};\n"
    "  const uint32_t skew = NM_ROWS > NM_COLS;  /* B's skewed banks (its layout line) */\n"
    "  uint32_t e = nmd_tensor_esz(kind);\n"
    "  if (!e || !rows || !cols) return NMD_E_RANGE;\n"
    "  a->region = 0, a->dir = dir, a->base = base, a->row_elems = cols, a->rows = rows;\n"
    "  a->esz = e == 1 ? 0u : e == 2 ? 1u : 2u;\n"
    "  a->nb = 1, a->lane0 = 0, a->epw = 1, a->e_wm = 0, a->e_skew = 0, a->e_wstep = 0;\n"
    "  a->r_flat = 0, a->rpl = 1, a->r_wm = 0, a->r_skew = 0, a->r_wstep = 0, a->zfill = 0;\n"
    "  i.base = base;\n"
    "  switch (kind) {\n"
    "  case NMD_T_A_VAL:\n  case NMD_T_A_IDX:  /* a row in one bank, one element a word; rows rotate over R banks */\n"
    "    a->region = NM_REGION_STCE_A, a->nb = NM_ROWS, a->lane0 = kind == NMD_T_A_IDX, a->e_wm = 1;\n"
    "    a->r_wstep = cols, i.I = rows, i.KP = cols, a->need = nmd_need_stce_a(&i);\n    break;\n"
    "  case NMD_T_A_T:    /* DRAM row k holds column k of A: across the banks, KP words apart */\n"
    "    a->region = NM_REGION_STCE_A, a->nb = NM_ROWS, a->e_wstep = rows, a->r_wm = 1, a->r_wstep = 1;\n"
    "    i.I = cols, i.KP = rows, a->need = nmd_need_stce_a(&i);\n    break;\n"
    "  case NMD_T_B:      /* row k: lane k % M of group k / M, column j's bank by the B line */\n"
    "    if (!m || rows % m) return NMD_E_RANGE;\n"
    "    a->region = NM_REGION_STCE_B, a->nb = NM_REGION_STCE_B_BANKS, a->e_wstep = rows / m;\n"
    "    a->rpl = m, a->r_wm = 1, a->r_wstep = 1, a->r_skew = skew;\n"
    "    i.J = cols, i.G = rows / m, a->need = nmd_need_stce_b(&i);\n    break;\n"
    "  case NMD_T_B_T:    /* DRAM row j holds column j: M lanes a word, groups in successive words */\n"
    "    if (!m || cols % m) return NMD_E_RANGE;\n"
    "    a->region = NM_REGION_STCE_B, a->nb = NM_REGION_STCE_B_BANKS, a->epw = m, a->e_wm = 1;\n"
    "    a->e_skew = skew, a->r_wstep = cols / m, i.J = rows, i.G = cols / m, a->need = nmd_need_stce_b(&i);\n"
    "    break;\n"
    "  case NMD_T_C32:\n  case NMD_T_C16:    /* column j in bank j % C, ceil(J / C) words a row */\n"
    "    a->region = NM_REGION_STCE_C, a->nb = NM_COLS, a->e_wstep = 1, a->r_wm = 1;\n"
    "    a->r_wstep = (cols + NM_COLS - 1) / NM_COLS, i.I = rows, i.J = cols, a->need = nmd_need_stce_c(&i);\n"
    "    break;\n"
    "  case NMD_T_W:\n  case NMD_T_V:\n  case NMD_T_G_DW:\n  case NMD_T_G_MASK:\n"
    "  case NMD_T_W16:    /* element e in bank e % WUVE_LANES */\n"
    "    a->region = kind == NMD_T_W ? NM_REGION_WUVE_W : kind == NMD_T_V ? NM_REGION_WUVE_V\n"
    "                : kind == NMD_T_W16 ? NM_REGION_WUVE_W16 : NM_REGION_WUVE_G;\n"
    "    a->nb = NM_WUVE_LANES, a->lane0 = kind == NMD_T_G_MASK, a->e_wstep = 1, a->r_flat = 1;\n"
    "    i.ELEMS = rows * cols, a->need = nmd_need_wuve(&i);\n    break;\n"
    "  case NMD_T_SORE_IN:\n  case NMD_T_SORE_VAL: /* group g in bank g % SORE_LANES, its lanes in one word */\n"
    "    a->epw = kind == NMD_T_SORE_IN ? m : n;\n"
    "    if (!a->epw || (rows * cols) % a->epw) return NMD_E_RANGE;\n"
    "    a->region = kind == NMD_T_SORE_IN ? NM_REGION_SORE_IN : NM_REGION_SORE_VAL;\n"
    "    a->nb = NM_SORE_LANES, a->e_wstep = 1, a->r_flat = 1;\n"
    "    i.GROUPS = rows * cols / a->epw, a->need = nmd_need_sore(&i);\n    break;\n"
    "  case NMD_T_ANT_OUT32:\n  case NMD_T_ANT_OUT16:\n"
    "  case NMD_T_ANT_FLAGS:  /* one bank, word oy * WOUT + ox */\n"
    "    a->region = kind == NMD_T_ANT_OUT32 ? NM_REGION_ANT_OUT32\n"
    "                : kind == NMD_T_ANT_OUT16 ? NM_REGION_ANT_OUT16 : NM_REGION_ANT_FLAGS;\n"
    "    a->e_wstep = 1, a->r_flat = 1, a->need = rows * cols;\n    break;\n"
    "  case NMD_T_ANT_ROWS:\n"
    "  case NMD_T_ANT_ELEMS:  /* one bank, entry r in word base + r: its two 16-bit fields in lanes 0, 1 */\n"
    "    if (cols != 2 || (kind == NMD_T_ANT_ROWS ? region != NM_REGION_ANT_IROW && region != NM_REGION_ANT_KROW\n"
    "                                             : region != NM_REGION_ANT_IELEM && region != NM_REGION_ANT_KELEM))\n"
    "      return NMD_E_RANGE;\n"
    "    a->region = region, a->epw = 2, a->e_wm = 1, a->r_flat = 1, a->need = rows;\n    break;\n"
    "  default:\n    return NMD_E_RANGE;\n  }\n"
    "  return NMD_OK;\n}\n\n"
    "int nmd_xfer_ant_engines(nmd_xfer_desc *x, uint32_t kind, uint32_t dir, uint32_t engines, uint32_t cols,\n"
    "                         uint32_t base, uint32_t region) {\n"
    "  nmd_xfer_args *a = &x->a;\n  int tab = kind == NMD_T_ANT_ROWS || kind == NMD_T_ANT_ELEMS, rc;\n"
    "  if (!engines || engines > NM_REGION_ANT_IROW_BANKS || !cols || (tab && cols % 2)) return NMD_E_RANGE;\n"
    "  if (!tab && kind != NMD_T_ANT_OUT32 && kind != NMD_T_ANT_OUT16 && kind != NMD_T_ANT_FLAGS)\n"
    "    return NMD_E_RANGE;\n"
    "  /* engine 0's settings for one vector, then rows step banks, runs words */\n"
    "  rc = tab ? nmd_xfer_tensor(x, kind, dir, cols / 2, 2, 0, 0, base, region)\n"
    "           : nmd_xfer_tensor(x, kind, dir, 1, cols, 0, 0, base, region);\n"
    "  if (rc != NMD_OK) return rc;\n"
    "  a->rows = engines, a->row_elems = cols, a->nb = engines, a->e_wm = 1, a->e_skew = 0;\n"
    "  a->r_flat = 0, a->rpl = 1, a->r_wm = 0, a->r_skew = 0, a->r_wstep = 0, a->zfill = 0;\n"
    "  return NMD_OK;\n}\n\n"
    "int nmd_dma_window(nmd_dev *d, uint64_t first, uint64_t last) {\n  int rc;\n"
    "  if ((rc = nmd_write_dma_win_base_lo(d, (uint32_t)first)) != NMD_OK ||\n"
    "      (rc = nmd_write_dma_win_base_hi(d, (uint32_t)(first >> 32))) != NMD_OK ||\n"
    "      (rc = nmd_write_dma_win_limit_lo(d, (uint32_t)last)) != NMD_OK)\n    return rc;\n"
    "  return nmd_write_dma_win_limit_hi(d, (uint32_t)(last >> 32));\n}\n\n"
    "int nmd_xfer_regs(nmd_dev *d, const nmd_xfer_desc *x, nmd_cmd *c) {\n  int rc;\n"
    "  if ((rc = nmd_xfer(c, &x->a)) != NMD_OK ||\n"
    "      (rc = nmd_write_dma_addr_lo(d, (uint32_t)x->addr)) != NMD_OK ||\n"
    "      (rc = nmd_write_dma_addr_hi(d, (uint32_t)(x->addr >> 32))) != NMD_OK ||\n"
    "      (rc = nmd_write_dma_stride_lo(d, (uint32_t)x->stride)) != NMD_OK)\n    return rc;\n"
    "  return nmd_write_dma_stride_hi(d, (uint32_t)(x->stride >> 32));\n}\n\n"
    "int nmd_xfer_submit(nmd_dev *d, const nmd_xfer_desc *x) {\n  nmd_cmd c;\n"
    "  int rc = nmd_xfer_regs(d, x, &c);\n"
    "  return rc != NMD_OK ? rc : nmd_submit(d, &c);\n}\n\n"
    "int nmd_xfer_collect(nmd_dev *d, nmd_result *r, uint32_t *dma_err) {\n  uint32_t ds;\n"
    "  int rc = nmd_collect(d, r), rc2;\n  *dma_err = 0;\n"
    "  if (rc == NMD_E_CMD && r->err == NM_ERR_DMA) {\n"
    "    if ((rc2 = nmd_read_dma_status(d, &ds)) != NMD_OK) return rc2;\n"
    "    *dma_err = nmd_dma_status_err(ds);\n  }\n  return rc;\n}\n\n"
    "int nmd_xfer_run(nmd_dev *d, const nmd_xfer_desc *x, uint32_t budget_cycles, nmd_result *r,\n"
    "                 uint32_t *dma_err) {\n  uint32_t ds;\n"
    "  int rc = nmd_xfer_submit(d, x), rc2;\n  *dma_err = 0;\n"
    "  if (rc != NMD_OK) return rc;\n"
    "  rc = nmd_wait(d, budget_cycles, r);\n"
    "  if (rc == NMD_E_CMD && r->err == NM_ERR_DMA) {\n"
    "    if ((rc2 = nmd_read_dma_status(d, &ds)) != NMD_OK) return rc2;\n"
    "    *dma_err = nmd_dma_status_err(ds);\n  }\n  return rc;\n}\n\n";

static void c_dma_names(strbuf *b) {
  sb_puts(b, "const char *nmd_dma_err_name(uint32_t code) {\n  switch (code) {\n  case 0: return \"OK\";\n");
  for (size_t i = 0; regmap_dma_error_at(i); i++)
    sb_printf(b, "  case %d: return \"%s\";\n", regmap_dma_error_at(i)->code, regmap_dma_error_at(i)->name);
  sb_puts(b, "  default: return \"?\";\n  }\n}\n\n"
             "const char *nmd_dma_err_text(uint32_t code) {\n  switch (code) {\n  case 0: return \"no error\";\n");
  for (size_t i = 0; regmap_dma_error_at(i); i++)
    sb_printf(b, "  case %d: return \"%s\";\n", regmap_dma_error_at(i)->code, regmap_dma_error_at(i)->what);
  sb_puts(b, "  default: return \"unknown code\";\n  }\n}\n\n");
}

static int emit_c(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  strbuf b = {0};
  file_head(&b, summary, "** nm_driver: see nm_driver.h.  C99, freestanding: no libc call, no allocation.\n");
  sb_puts(&b, c_core);
  sb_puts(&b, driver_queue_c);
  c_commands(&b);
  c_names(&b);
  sb_puts(&b, c_win);
  int rc = c_layouts(p, &b, err, errlen);
  sb_puts(&b, c_xfer);
  c_dma_names(&b);
  if (rc == 0) rc = outdir_write(o, "driver/nm_driver.c", &b, err, errlen);
  sb_free(&b);
  return rc;
}

/* ---- example.c --------------------------------------------------------------------- */

static const char example_body[] =
    "#include \"nm_driver.h\"\n\n"
    "/* Where the SoC maps the slave's 4 GiB (it decodes 32 address bits). */\n"
    "#ifndef NM_EXAMPLE_BASE\n#define NM_EXAMPLE_BASE 0x400000000ull\n#endif\n"
    "/* A 1 x 1 x 2 GEMM takes tens of cycles; a budget that ends any wait. */\n"
    "#define NM_EXAMPLE_BUDGET 100000u\n\n"
    "/* The transport: plain memory-mapped I/O.  A bus error traps on most\n"
    "** cores, so these report none. */\n"
    "static int mmio_read32(void *ctx, uint32_t addr, uint32_t *data) {\n"
    "  *data = *(volatile const uint32_t *)((uintptr_t)ctx + addr);\n  return 0;\n}\n\n"
    "static int mmio_write32(void *ctx, uint32_t addr, uint32_t data) {\n"
    "  *(volatile uint32_t *)((uintptr_t)ctx + addr) = data;\n  return 0;\n}\n\n"
    "int nmd_example_gemm(const nmd_transport *t, uint32_t *c_out);\nint nmd_example(void);\n\n"
    "/* C = A . B with A = [1 2] (fp16, dense), B = [3 4]^T: C = 11.0, fp32\n"
    "** 0x41300000.  A's words and B's group are packed whole (nmd_word_set)\n"
    "** and written with nmd_win_write; C is read as one field (nmd_get). */\n"
    "int nmd_example_gemm(const nmd_transport *t, uint32_t *c_out) {\n"
    "  static const uint16_t a[2] = {0x3C00u, 0x4000u}, b[2] = {0x4200u, 0x4400u};\n"
    "  nmd_dev d;\n  nmd_cmd cmd;\n  nmd_result r;\n"
    "  nmd_idx x = {0};\n  nmd_gemm_args g = {0};\n  uint32_t w[NMD_WORD_SUBS];\n  nmd_loc l;\n  int rc;\n"
    "  if ((rc = nmd_open(&d, t)) != NMD_OK) return rc;\n"
    "  x.KP = 2, x.G = 1, x.J = 1;\n"
    "  for (x.k = 0; x.k < 2; x.k++) {  /* A' row 0, positions 0 and 1 */\n"
    "    l = nmd_loc_stce_a_val(&x);\n"
    "    for (uint32_t s = 0; s < NMD_WORD_SUBS; s++) w[s] = 0;\n"
    "    nmd_word_set(w, l, a[x.k]);\n"
    "    if ((rc = nmd_win_write(&d, l.region, l.bank, l.word, w)) != NMD_OK) return rc;\n  }\n"
    "  for (uint32_t s = 0; s < NMD_WORD_SUBS; s++) w[s] = 0;\n"
    "  for (x.e = 0; x.e < 2; x.e++) {  /* B group 0 of column 0, lanes 0 and 1 */\n"
    "    l = nmd_loc_stce_b_lane(&x);\n    nmd_word_set(w, l, b[x.e]);\n  }\n"
    "  if ((rc = nmd_win_write(&d, l.region, l.bank, l.word, w)) != NMD_OK) return rc;\n"
    "  g.i = 1, g.j = 1, g.k = 2, g.n = 2, g.m = 2;\n"
    "  g.ws = NM_DATAFLOW == NM_DATAFLOW_WS;  /* the dataflow this configuration has */\n"
    "  if ((rc = nmd_gemm(&cmd, &g)) != NMD_OK) return rc;\n"
    "  /* On an error, nmd_rc_name(rc) and nmd_err_name(r.err) name it. */\n"
    "  if ((rc = nmd_run(&d, &cmd, NM_EXAMPLE_BUDGET, &r)) != NMD_OK) return rc;\n"
    "  x.k = 0, x.e = 0;\n"
    "  return nmd_get(&d, nmd_loc_stce_c_f32(&x), c_out);\n}\n\n"
    "/* 0 when the accelerator at NM_EXAMPLE_BASE computed 11.0, 1 on a wrong\n"
    "** result, else the driver's code. */\n"
    "int nmd_example(void) {\n"
    "  nmd_transport t = {(void *)(uintptr_t)NM_EXAMPLE_BASE, mmio_read32, mmio_write32, 0, 0};\n"
    "  uint32_t c = 0;\n  int rc = nmd_example_gemm(&t, &c);\n"
    "  return rc != NMD_OK ? rc : c == 0x41300000u ? 0 : 1;\n}\n";

static int emit_example(const char *summary, outdir *o, char *err, size_t errlen) {
  strbuf b = {0};
  file_head(&b, summary,
            "** example.c: nm_driver on bare metal (C99, -ffreestanding, no libc).\n"
            "** nmd_example_gemm runs one small GEMM through any transport (make test\n"
            "** runs it on the Verilated nm_top); nmd_example runs it over memory-mapped\n"
            "** I/O at NM_EXAMPLE_BASE.  Build from DIR:\n"
            "**   cc -std=c99 -ffreestanding -c driver/nm_driver.c driver/example.c\n");
  sb_puts(&b, example_body);
  int rc = outdir_write(o, "driver/example.c", &b, err, errlen);
  sb_free(&b);
  return rc;
}

int driver_emit(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  if (emit_h(p, summary, o, err, errlen) != 0) return -1;
  if (emit_c(p, summary, o, err, errlen) != 0) return -1;
  return emit_example(summary, o, err, errlen);
}
