/*
** nm_top's register map (see regmap.h).  Three tables: the registers of
** region 0 with their fields, the buffer windows (regions 1..18) whose
** shapes follow the parameters, and the fields of each command's ARG
** registers.  Window address = {region[4:0], bank[5:0], word[15:0],
** sub[2:0], 2'b00}: a buffer word of W bits is ceil(W/32) subwords.
*/
#include "regmap.h"

#include <stdio.h>
#include <string.h>

#include "emit.h"

/* The ID register's value: "NMG1". */
#define ID_VALUE 0x4E4D4731ul

typedef regmap_reg reg_desc;

static const reg_desc regs[] = {
  {"ID", 0x000, "RO", "", "0x4E4D4731 (\"NMG1\"): an nmgen accelerator"},
  {"VERSION", 0x004, "RO", "PATCH:0:8,MINOR:8:8,MAJOR:16:8", "nmgen version that generated the RTL"},
  {"CFG_ARRAY", 0x008, "RO", "R:0:7,C:8:7,MMAX:16:5,HAS_OS:24:1,HAS_WS:25:1",
   "systolic array shape, largest M, dataflows generated"},
  {"CFG_LANES", 0x00C, "RO", "SORE_LANES:0:7,SORE_PARALLEL:7:1,WUVE_LANES:8:7,ANT_N:16:4,ANT_ENGINES:20:5",
   "SORE lanes and architecture, WUVE lanes, ANT n, ANT engines (the ANT regions' banks)"},
  {"CFG_STAGES", 0x010, "RO", "MUL:0:3,ADD:4:3,CVT:8:3,ANT_ACC_BITS:16:8",
   "FP pipeline depths, ANT accumulator width"},
  {"CFG_ABUF", 0x014, "RO", "", "STCE A buffer words per bank"},
  {"CFG_BBUF", 0x018, "RO", "", "STCE B buffer words per bank"},
  {"CFG_CBUF", 0x01C, "RO", "", "STCE C buffer words per bank"},
  {"CFG_SBUF", 0x020, "RO", "", "SORE buffer words per lane bank"},
  {"CFG_WBUF", 0x024, "RO", "", "WUVE buffer words per lane bank"},
  {"CFG_ANT_IBUF", 0x028, "RO", "", "ANT image element buffer words"},
  {"CFG_ANT_KBUF", 0x02C, "RO", "", "ANT kernel element buffer words"},
  {"CFG_ANT_OBUF", 0x030, "RO", "", "ANT accumulators"},
  {"CFG_ANT_ROWS", 0x034, "RO", "", "ANT row table entries"},
  {"CFG_QUEUE", 0x038, "RO", "", "command queue descriptors (queue_depth)"},
  {"CMD", 0x040, "RW", "OP:0:4",
   "write: issue command OP with ARG0..ARG4 (refused with SLVERR while its channel is busy or queued "
   "descriptors are pending, or for an unknown op); "
   "read: the last value written"},
  {"ARG0", 0x044, "RW", "", "command operands, sampled when CMD is written (see the command table)"},
  {"ARG1", 0x048, "RW", "", "command operands"},
  {"ARG2", 0x04C, "RW", "", "command operands"},
  {"ARG3", 0x050, "RW", "", "command operands"},
  {"ARG4", 0x054, "RW", "", "command operands"},
  {"STATUS", 0x060, "RO",
   "BUSY:0:1,DONE:1:1,CBUSY:2:1,XBUSY:3:1,OP:4:4,ERR:8:4,FOUND_INF:12:1,ANT_OVF:13:1,REFUSE:16:4",
   "BUSY: either channel busy; DONE: the last accepted command has ended; CBUSY / XBUSY: the compute "
   "/ XFER channel busy; OP, ERR: the last accepted command's op and error code (COMP_STATUS and "
   "XFER_STATUS give each channel's own); WUVE found_inf (sticky until an UPDATE with clear); ANT "
   "accumulator overflow; last refusal code (8 busy, 9 bad op)"},
  {"CYCLE_LO", 0x064, "RO", "", "free-running cycle counter since reset, low half (reading it latches CYCLE_HI)"},
  {"CYCLE_HI", 0x068, "RO", "", "high half latched by the last CYCLE_LO read"},
  {"LAST_CYCLES", 0x06C, "RO", "", "cycles of the last accepted command, acceptance to done (its channel's COMP_CYCLES or XFER_CYCLES)"},
  {"CMD_COUNT", 0x070, "RO", "", "commands accepted"},
  {"REFUSED", 0x074, "RO", "", "commands refused (busy or unknown op)"},
  {"PERF_GEMM", 0x080, "RO", "", "total cycles in GEMM commands"},
  {"PERF_PRUNE", 0x084, "RO", "", "total cycles in PRUNE commands"},
  {"PERF_UPDATE", 0x088, "RO", "", "total cycles in UPDATE commands"},
  {"PERF_ANT", 0x08C, "RO", "", "total cycles in ANT commands"},
  {"ENGINE_CYCLES", 0x090, "RO", "", "the engine's own cycle count of the GEMM or ANT command that ended last"},
  {"ANT_PAIRS", 0x0A0, "RO", "", "last ANT command: vector pairs issued (0 after reset or a refusal)"},
  {"ANT_PRODS", 0x0A4, "RO", "", "last ANT command: products computed (0 after reset or a refusal)"},
  {"ANT_RCPS", 0x0A8, "RO", "", "last ANT command: redundant products (RCPs) computed (0 after reset or a refusal)"},
  {"ANT_SKIPPED", 0x0AC, "RO", "", "last ANT command: vector pairs the index ranges skipped (0 after reset or a refusal)"},
  {"WUVE_INV_SCALE", 0x0C0, "RW", "", "fp32 1/loss scale (write while busy: SLVERR, value kept)"},
  {"WUVE_LR", 0x0C4, "RW", "", "fp32 learning rate"},
  {"WUVE_MU", 0x0C8, "RW", "", "fp32 momentum"},
  {"WUVE_WD", 0x0CC, "RW", "", "fp32 weight decay"},
  {"WUVE_SRSTE", 0x0D0, "RW", "", "fp32 SR-STE decay of pruned weights (0 = off)"},
  {"DMA_ADDR_LO", 0x0E0, "RW", "", "XFER: DRAM byte address of the tile's first element, low half (sampled by XFER)"},
  {"DMA_ADDR_HI", 0x0E4, "RW", "", "XFER: address high half (used when axi_addr_bits = 64)"},
  {"DMA_STRIDE_LO", 0x0E8, "RW", "", "XFER: bytes from one DRAM row of the tile to the next, low half"},
  {"DMA_STRIDE_HI", 0x0EC, "RW", "", "XFER: stride high half (axi_addr_bits = 64)"},
  {"DMA_WIN_BASE_LO", 0x0F0, "RW", "", "DRAM window every XFER byte must lie in: first byte, low half"},
  {"DMA_WIN_BASE_HI", 0x0F4, "RW", "", "window first byte, high half (axi_addr_bits = 64)"},
  {"DMA_WIN_LIMIT_LO", 0x0F8, "RW", "", "window last byte (inclusive), low half"},
  {"DMA_WIN_LIMIT_HI", 0x0FC, "RW", "", "window last byte, high half (axi_addr_bits = 64)"},
  {"DMA_STATUS", 0x100, "RO", "ERR:0:4,TAINT:8:18",
   "ERR: the last XFER's DMA code (0 ok, 1 SHAPE rows/row bytes 0 or over 2^24, 2 ALIGN address/"
   "stride not even, 3 WINDOW a byte outside the window, 6 SIZE BASE + NEED over the region's depth, "
   "7 DESC a bad field (region, direction into a read-only region, NB, EPW, RPL, LANE0, ESZ): all "
   "before any traffic; 4 SLVERR, 5 DECERR a bus error (after draining), 8 RANGE an element the "
   "layout put outside NEED words past BASE or past the region's banks (not moved); 9 CONFLICT the "
   "tile meets words of the running GEMM (STATUS.ERR CONFLICT, before any traffic)); TAINT bit "
   "r - 1: region r was half-loaded (an XFER into it ended with 4, 5 or 8); a GEMM, PRUNE, UPDATE "
   "or ANT whose engine has a tainted region ends with TAINT, untouched, until an XFER into that "
   "region succeeds"},
  {"COMP_STATUS", 0x110, "RO", "BUSY:0:1,DONE:1:1,OP:4:4,ERR:8:4",
   "the compute channel (GEMM, PRUNE, UPDATE, ANT): busy (any engine runs a command); the last "
   "compute command issued ended; that command's op and error code"},
  {"COMP_CYCLES", 0x114, "RO", "", "cycles of the last compute command issued, acceptance to done"},
  {"XFER_STATUS", 0x118, "RO", "BUSY:0:1,DONE:1:1,ERR:8:4",
   "the XFER channel: busy; its last XFER ended; that XFER's error code (DMA_STATUS.ERR says more)"},
  {"XFER_CYCLES", 0x11C, "RO", "", "cycles of the last XFER, acceptance to done"},
  {"Q_PUSH", 0x120, "RW", "OP:0:4,WAIT_C:8:1,WAIT_X:9:1,DEP:16:8",
   "write: append a descriptor {this word, ARG0..ARG4, DMA_ADDR, DMA_STRIDE} to the command queue "
   "(SLVERR, nothing appended: an unknown op, STATUS.REFUSE OP; DEP beyond the descriptors pushed, "
   "QDEP; a full queue, QFULL); WAIT_C / WAIT_X: issue it only when every earlier compute / XFER "
   "command has ended; DEP > 0: only when the descriptor DEP before it has ended; read: the last "
   "value written (see \"Command queue\")"},
  {"Q_STATUS", 0x124, "RO", "PENDING:0:9,FULL:12:1,STOPPED:13:1,RUNNING:14:1,ACTIVE:15:1",
   "descriptors not yet issued; the queue is full; stopped by a fault (Q_FAULT); a queued command "
   "runs; active: a descriptor pending or running (0: the queue is idle)"},
  {"Q_DONE", 0x128, "RO", "", "queued commands ended since reset or Q_CTRL.RESET, with or without error"},
  {"Q_FAULT", 0x12C, "RO", "SEQ:0:16,OP:16:4,ERR:20:4,MORE:31:1",
   "the first queued command that ended with an error (valid while Q_STATUS.STOPPED): its number "
   "(descriptors pushed since reset or Q_CTRL.RESET, from 0), op and STATUS.ERR code (of the "
   "lowest op when several end with one in the same cycle); MORE: another queued command ended "
   "with an error with it or after it"},
  {"Q_CTRL", 0x130, "RW", "RESET:0:1",
   "write RESET = 1: drop the pending descriptors, clear STOPPED, Q_FAULT, Q_DONE and the "
   "descriptor numbers (running commands end as usual, uncounted); read: the last value written"},
  {"Q_IRQ", 0x134, "RW", "AT:0:16,FAULT:16:1,IDLE:17:1,NO_DONE:24:1",
   "irq_o conditions, ORed: AT != 0 and Q_DONE >= AT; FAULT and Q_STATUS.STOPPED; IDLE and "
   "Q_STATUS.ACTIVE = 0 (the queue idle); STATUS.DONE unless NO_DONE (after reset irq_o is STATUS.DONE)"},
};

enum { SRC_ROWS = -1, SRC_COLS = -2, SRC_ONE = -3, SRC_MAXRC = -4 };

typedef struct {
  const char *name;
  int banks;        /* a key (its value), or SRC_ROWS / SRC_COLS / SRC_ONE / SRC_MAXRC */
  key_id depth;     /* words per bank: this key's value */
  int bits;         /* word width; 0 = MMAX*16, -4 = MMAX*4, -1 = MMAX */
  const char *acc;
  const char *what;
} region_desc;

/* Region i + 1 is regions[i]. */
static const region_desc regions[] = {
  {"STCE_A", SRC_ROWS, K_ABUF_DEPTH, 20, "RW", "A' words {idx[3:0], fp16}: row i in bank i % R"},
  {"STCE_B", SRC_MAXRC, K_BBUF_DEPTH, 0, "RW",
   "B groups of MMAX fp16, max(R, C) banks: R <= C column j in bank j % C; R > C group g of "
   "column j in bank (j + g) % R"},
  {"STCE_C", SRC_COLS, K_CBUF_DEPTH, 32, "RW", "fp32 C_in and results (fp16 results in the low half)"},
  {"SORE_IN", K_SORE_LANES, K_SORE_BUF_DEPTH, 0, "RW", "PRUNE input: one group of MMAX fp16 (elements >= M ignored)"},
  {"SORE_VAL", K_SORE_LANES, K_SORE_BUF_DEPTH, 0, "RO", "kept values, slot k < N in index order, other slots 0"},
  {"SORE_IDX", K_SORE_LANES, K_SORE_BUF_DEPTH, -4, "RO", "kept indices, 4 bits a slot, other slots 0"},
  {"SORE_MASK", K_SORE_LANES, K_SORE_BUF_DEPTH, -1, "RO", "bit j: element j kept"},
  {"WUVE_W", K_WUVE_LANES, K_WUVE_BUF_DEPTH, 32, "RW", "master weights W32 (UPDATE writes them in place)"},
  {"WUVE_V", K_WUVE_LANES, K_WUVE_BUF_DEPTH, 32, "RW", "momenta V32 (in place)"},
  {"WUVE_G", K_WUVE_LANES, K_WUVE_BUF_DEPTH, 17, "RW", "{forward-mask bit, dW16}: bit 16 = 1 kept"},
  {"WUVE_W16", K_WUVE_LANES, K_WUVE_BUF_DEPTH, 16, "RW", "fp16 copy W16' written by UPDATE"},
  {"ANT_IROW", K_ANT_ENGINES, K_ANT_ROWS, 32, "RW",
   "image row table {end[15:0], start[15:0]}; bank p of every ANT region: engine p (an ANT command runs all, each on its own bank)"},
  {"ANT_IELEM", K_ANT_ENGINES, K_ANT_IBUF_DEPTH, 32, "RW", "image elements {x[15:0], fp16}"},
  {"ANT_KROW", K_ANT_ENGINES, K_ANT_ROWS, 32, "RW", "kernel row table {end, start}"},
  {"ANT_KELEM", K_ANT_ENGINES, K_ANT_KBUF_DEPTH, 32, "RW", "kernel elements {s[15:0], fp16}"},
  {"ANT_OUT32", K_ANT_ENGINES, K_ANT_OBUF_DEPTH, 32, "RO", "accumulator oy*Wout+ox rounded once (RNE) to fp32"},
  {"ANT_OUT16", K_ANT_ENGINES, K_ANT_OBUF_DEPTH, 32, "RO", "the same rounded to fp16, in the low half"},
  {"ANT_FLAGS", K_ANT_ENGINES, K_ANT_OBUF_DEPTH, 32, "RO", "{ovf, nan, ninf, pinf} of that accumulator in bits 3:0"},
};
#define N_REGIONS (sizeof regions / sizeof regions[0])

typedef regmap_cmd_field field_desc;

static const field_desc cmd_fields[] = {
  {"GEMM", "I", 0, 0, 16, "rows of A and C"},
  {"GEMM", "J", 0, 16, 16, "columns of B and C"},
  {"GEMM", "K", 1, 0, 16, "dense K (a multiple of M)"},
  {"GEMM", "N", 1, 16, 5, "kept per group (ignored when dense)"},
  {"GEMM", "M", 1, 24, 5, "group size, 1..MMAX"},
  {"GEMM", "WS", 2, 0, 1, "1 weight-stationary, 0 output-stationary"},
  {"GEMM", "SPARSE", 2, 1, 1, "1 A is N:M-compressed, 0 dense (indices made by the feeder)"},
  {"GEMM", "CIN", 2, 2, 1, "1 init = fp32 C_in at CINBASE, 0 init = +0"},
  {"GEMM", "OUT16", 2, 3, 1, "1 results as fp16 (RNE), 0 fp32"},
  {"GEMM", "ABASE", 3, 0, 16, "A buffer base word"},
  {"GEMM", "BBASE", 3, 16, 16, "B buffer base word"},
  {"GEMM", "CINBASE", 4, 0, 16, "C_in base word"},
  {"GEMM", "CBASE", 4, 16, 16, "result base word"},
  {"PRUNE", "BEATS", 0, 0, 16, "words per lane bank; every lane prunes every beat"},
  {"PRUNE", "BASE", 0, 16, 16, "first word, the same in SORE_IN and the output regions"},
  {"PRUNE", "N", 1, 16, 5, "kept per group"},
  {"PRUNE", "M", 1, 24, 5, "group size"},
  {"UPDATE", "BASE", 0, 0, 16, "first word of every WUVE region"},
  {"UPDATE", "ELEMS", 1, 0, 24, "elements (beats = ceil(ELEMS / WUVE_LANES))"},
  {"UPDATE", "MODE", 2, 0, 2, "0 check, 1 update, 2 update unless found_inf"},
  {"UPDATE", "CLEAR", 2, 2, 1, "clear found_inf first"},
  {"ANT", "IH", 0, 0, 16, "image rows"},
  {"ANT", "KH", 0, 16, 16, "kernel rows"},
  {"ANT", "HOUT", 1, 0, 16, "output rows"},
  {"ANT", "WOUT", 1, 16, 16, "output columns"},
  {"ANT", "ST", 2, 0, 3, "stride 1, 2 or 4"},
  {"ANT", "D", 2, 4, 3, "kernel dilation 1, 2 or 4"},
  {"ANT", "PAD", 2, 8, 8, "padding"},
  {"ANT", "SCNN", 2, 16, 1, "1 the SCNN-like baseline (no index ranges)"},
  {"ANT", "CLEAR", 2, 17, 1, "zero the accumulators first (0: add onto them; refused with CLR "
                             "unless a CLEAR since reset covered CI*CO*Hout*Wout)"},
  {"ANT", "CIM1", 2, 18, 7, "a batch: CI-1, image planes of IH rows stacked in ANT_IROW (plane i at "
                            "row i*IH)"},
  {"ANT", "COM1", 2, 25, 7, "a batch: CO-1, kernel planes of KH rows stacked in ANT_KROW; pair (i, j) "
                            "runs i-major and adds into output plane i*CO+j (words (i*CO+j)*Hout*Wout ..)"},
  {"XFER", "REGION", 0, 0, 5, "buffer region (window id) of the tile"},
  {"XFER", "DIR", 0, 8, 1, "0 DRAM -> buffer (a writable region), 1 buffer -> DRAM"},
  {"XFER", "BASE", 0, 16, 16, "first word in the region's banks (the layout's base)"},
  {"XFER", "ROW_ELEMS", 1, 0, 24, "elements a DRAM row of the tile (row bytes = ROW_ELEMS << ESZ)"},
  {"XFER", "ROWS", 2, 0, 16, "DRAM rows of the tile (at DMA_STRIDE bytes apart)"},
  {"XFER", "NEED", 2, 16, 16, "words per bank past BASE the tile may touch (BASE + NEED <= depth)"},
  {"XFER", "E_WSTEP", 3, 0, 16, "layout: word step when the bank rotation of a row wraps"},
  {"XFER", "R_WSTEP", 3, 16, 16, "layout: word step from one row (run of RPL rows) to the next"},
  {"XFER", "ESZ", 4, 0, 2, "element size: 0 u8, 1 fp16, 2 fp32"},
  {"XFER", "NB", 4, 2, 7, "layout: banks in rotation, 1..the region's banks"},
  {"XFER", "LANE0", 4, 9, 4, "layout: first 16-bit lane of an element in its word"},
  {"XFER", "EPW", 4, 13, 5, "layout: elements a run in one word, 1..16"},
  {"XFER", "E_WM", 4, 18, 1, "layout: a row's runs step words (1) or banks (0)"},
  {"XFER", "E_SKEW", 4, 19, 1, "layout: word-major runs also step the bank"},
  {"XFER", "R_FLAT", 4, 20, 1, "layout: elements run on across rows (flat vectors)"},
  {"XFER", "RPL", 4, 21, 5, "layout: rows a lane run, 1..16"},
  {"XFER", "R_WM", 4, 26, 1, "layout: rows step words (1) or banks (0)"},
  {"XFER", "R_SKEW", 4, 27, 1, "layout: word-major rows also step the bank"},
  {"XFER", "ZFILL", 4, 28, 1, "into a region: 1 the lanes of a word the tile does not write are written 0 "
                              "(no read-modify-write: a word a cycle, at full rate beside a GEMM), 0 they "
                              "keep their value"},
};

static const regmap_error errors[] = {
  {"NM", 1, "GEMM: N < 1 or N > M; PRUNE: N < 1, N > M or M > MMAX; ANT: stride not 1, 2, 4"},
  {"MMAX", 2, "GEMM: M > MMAX; ANT: dilation not 1, 2, 4"},
  {"KMOD", 3, "GEMM: K % M != 0; ANT: CI*IH or CO*KH rows over CFG_ANT_ROWS"},
  {"SIZE", 4, "an operand beyond its buffer; ANT: Hout or Wout 0, or CI*CO*Hout*Wout over CFG_ANT_OBUF"},
  {"DF", 5, "GEMM: dataflow not generated"},
  {"MODE", 6, "UPDATE: mode 3"},
  {"CLR", 7, "ANT: CLEAR = 0 and Hout*Wout over the accumulators cleared since reset (the "
             "largest Hout*Wout of an ANT command with CLEAR; 0 after reset): the accumulators have "
             "no reset, so the first command on them must clear them"},
  {"BUSY", 8, "refusal: CMD written while busy"},
  {"OP", 9, "refusal: unknown op"},
  {"DMA", 10, "XFER: the transfer failed or was refused; DMA_STATUS.ERR says why"},
  {"TAINT", 11, "GEMM, PRUNE, UPDATE, ANT: a region of the engine is tainted (DMA_STATUS.TAINT: a "
                "failed XFER half-loaded it); nothing started"},
  {"CONFLICT", 12, "the command and the other channel's running one would touch the same words (see "
                   "\"Two channels\"): this one ended at once, nothing moved or computed"},
  {"QFULL", 13, "refusal: Q_PUSH to a full queue"},
  {"QDEP", 14, "refusal: Q_PUSH whose DEP names a descriptor before the first since reset or Q_CTRL.RESET "
               "(more than 255 back, or more than were pushed)"},
};

/* DMA_STATUS.ERR codes (the register's text above says the same; nm_dma /
** nm_top_dma raise them): the driver's nmd_dma_err_name. */
static const regmap_error dma_errors[] = {
  {"SHAPE", 1, "rows or row bytes 0 or over 2^24"}, {"ALIGN", 2, "address or stride not even"},
  {"WINDOW", 3, "a byte outside [DMA_WIN_BASE, DMA_WIN_LIMIT]"}, {"SLVERR", 4, "a bus error (SLVERR)"},
  {"DECERR", 5, "a bus error (DECERR)"}, {"SIZE", 6, "BASE + NEED over the region's depth"},
  {"DESC", 7, "a bad layout field, region or direction"},
  {"RANGE", 8, "an element outside NEED words past BASE or past the region's banks"},
  {"CONFLICT", 9, "[BASE, BASE + NEED) meets words the running GEMM reads (XFER in) or writes (XFER out)"},
};

static const char *ops[] = {"GEMM", "PRUNE", "UPDATE", "ANT", "XFER"};   /* op i + 1 */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static long region_banks(const nm_params *p, const region_desc *r) {
  if (r->banks == SRC_ROWS) return p->ival[K_ROWS];
  if (r->banks == SRC_COLS) return p->ival[K_COLS];
  if (r->banks == SRC_MAXRC)
    return p->ival[K_ROWS] > p->ival[K_COLS] ? p->ival[K_ROWS] : p->ival[K_COLS];
  if (r->banks == SRC_ONE) return 1;
  return p->ival[r->banks];
}

static long region_bits(const nm_params *p, const region_desc *r) {
  long m = p->ival[K_MMAX];
  return r->bits == 0 ? m * 16 : r->bits == -4 ? m * 4 : r->bits == -1 ? m : r->bits;
}

/* Calls fn(name, lsb, width) for each field of "A:0:7,B:8:1". */
void regmap_each_field(const char *spec, strbuf *b, const char *reg,
                       void (*fn)(strbuf *, const char *, const char *, int, int)) {
  while (*spec) {
    char name[32];
    int lsb, width, used = 0;
    if (sscanf(spec, "%31[^:]:%d:%d%n", name, &lsb, &width, &used) != 3) return;
    fn(b, reg, name, lsb, width);
    spec += used;
    if (*spec == ',') spec++;
  }
}

static void field_macro(strbuf *b, const char *reg, const char *f, int lsb, int width) {
  sb_printf(b, "#define NM_%s_%s_LSB %d\n#define NM_%s_%s_WIDTH %d\n", reg, f, lsb, reg, f, width);
}

static void field_row(strbuf *b, const char *reg, const char *f, int lsb, int width) {
  (void)reg;
  if (b->len >= 2 && b->data[b->len - 2] != '|') sb_puts(b, "; ");
  if (width == 1) sb_printf(b, "[%d] %s", lsb, f);
  else sb_printf(b, "[%d:%d] %s", lsb + width - 1, lsb, f);
}

void regmap_emit_c(const nm_params *p, strbuf *b) {
  sb_puts(b, "\n/* nm_top register map (DIR/regmap.md).  Byte offsets of region 0. */\n");
  sb_printf(b, "#define NM_ID_VALUE 0x%08lXu\n", ID_VALUE);
  for (size_t i = 0; i < COUNT(regs); i++) {
    sb_printf(b, "#define NM_REG_%s 0x%03Xu\n", regs[i].name, regs[i].off);
    regmap_each_field(regs[i].fields, b, regs[i].name, field_macro);
  }
  /* X-macros, so C code walks the map without restating it; NM_ACC_##acc
  ** turns the access token into 1 (read-only) or 0. */
  sb_puts(b, "#define NM_ACC_RW 0\n#define NM_ACC_RO 1\n"
             "/* X(NAME, byte offset, RO or RW) for every register, in offset order. */\n"
             "#define NM_REGISTERS(X)");
  for (size_t i = 0; i < COUNT(regs); i++)
    sb_printf(b, " \\\n  X(%s, 0x%03Xu, %s)", regs[i].name, regs[i].off, regs[i].acc);
  sb_printf(b, "\n#define NM_REGISTER_COUNT %zu\n", COUNT(regs));
  sb_puts(b, "\n/* Buffer windows: region ids, banks, words per bank, bits per word. */\n");
  sb_puts(b, "#define NM_WIN_ADDR(region, bank, word, sub) \\\n"
             "  (((uint32_t)(region) << 27) | ((uint32_t)(bank) << 21) | ((uint32_t)(word) << 5) | "
             "((uint32_t)(sub) << 2))\n");
  for (size_t i = 0; i < N_REGIONS; i++) {
    const char *n = regions[i].name;
    sb_printf(b, "#define NM_REGION_%s %zu\n#define NM_REGION_%s_BANKS %ld\n", n, i + 1, n,
              region_banks(p, &regions[i]));
    sb_printf(b, "#define NM_REGION_%s_DEPTH %ld\n#define NM_REGION_%s_BITS %ld\n", n,
              p->ival[regions[i].depth], n, region_bits(p, &regions[i]));
  }
  sb_printf(b, "#define NM_REGION_COUNT %zu\n", N_REGIONS);
  sb_puts(b, "/* X(NAME, region id, RO or RW) for every buffer window, in id order. */\n"
             "#define NM_REGIONS(X)");
  for (size_t i = 0; i < N_REGIONS; i++)
    sb_printf(b, " \\\n  X(%s, %zu, %s)", regions[i].name, i + 1, regions[i].acc);
  sb_puts(b, "\n");
  sb_puts(b, "\n/* Commands: CMD.OP values, ARG fields (NM_<OP>_<FIELD>_ARG/_LSB/_WIDTH). */\n");
  for (size_t i = 0; i < COUNT(ops); i++) sb_printf(b, "#define NM_OP_%s %zu\n", ops[i], i + 1);
  for (size_t i = 0; i < COUNT(cmd_fields); i++) {
    const field_desc *f = &cmd_fields[i];
    sb_printf(b, "#define NM_%s_%s_ARG %d\n", f->op, f->name, f->arg);
    field_macro(b, f->op, f->name, f->lsb, f->width);
  }
  sb_puts(b, "/* Field value v placed at NM_<X>_LSB (v masked to NM_<X>_WIDTH bits); extract. */\n"
             "#define NM_FIELD(x, v) ((((uint32_t)(v)) & ((1u << x##_WIDTH) - 1u)) << x##_LSB)\n"
             "#define NM_GET(x, r) ((((uint32_t)(r)) >> x##_LSB) & ((1u << x##_WIDTH) - 1u))\n");
  sb_puts(b, "\n/* STATUS.ERR and STATUS.REFUSE codes. */\n");
  for (size_t i = 0; i < COUNT(errors); i++)
    sb_printf(b, "#define NM_ERR_%s %d /* %s */\n", errors[i].name, errors[i].code, errors[i].what);
}

/* The width of field `field` of register `reg` (0 if there is none). */
static int reg_field_width(const char *reg, const char *field) {
  for (size_t i = 0; i < COUNT(regs); i++) {
    const char *spec = regs[i].fields;
    while (!strcmp(regs[i].name, reg) && *spec) {
      char name[32];
      int lsb, width, used = 0;
      if (sscanf(spec, "%31[^:]:%d:%d%n", name, &lsb, &width, &used) != 3) break;
      if (!strcmp(name, field)) return width;
      spec += used;
      if (*spec == ',') spec++;
    }
  }
  return 0;
}

static void field_localparam(strbuf *b, const char *reg, const char *f, int lsb, int width) {
  sb_printf(b, "  localparam integer %s_%s_LSB = %d, %s_%s_W = %d;\n", reg, f, lsb, reg, f, width);
}

/* The buffer window region ids, for the decoder and for nm_top_core's
** routing of buffer accesses to engines. */
static void region_localparams(strbuf *b) {
  sb_puts(b, "  // buffer window region ids\n");
  for (size_t i = 0; i < N_REGIONS; i++)
    sb_printf(b, "  localparam [4:0] RG_%s = 5'd%zu;\n", regions[i].name, i + 1);
}

/* RL_<region>: the 16-bit lanes a region's word has (its width rounded up),
** in the template's MMAX: nm_top_dma writes a word whole, without reading it,
** when an XFER fills all of them. */
static void region_lane_localparams(strbuf *b) {
  sb_puts(b, "  // 16-bit lanes of each region's word\n");
  for (size_t i = 0; i < N_REGIONS; i++) {
    int w = regions[i].bits;
    if (w == 0)
      sb_printf(b, "  localparam integer RL_%s = MMAX;\n", regions[i].name);
    else if (w == -4)
      sb_printf(b, "  localparam integer RL_%s = (MMAX * 4 + 15) / 16;\n", regions[i].name);
    else if (w == -1)
      sb_printf(b, "  localparam integer RL_%s = (MMAX + 15) / 16;\n", regions[i].name);
    else
      sb_printf(b, "  localparam integer RL_%s = %d;\n", regions[i].name, (w + 15) / 16);
  }
}

/* ${REGMAP_LOCALPARAMS}: the same map as Verilog localparams for the
** decoder in nm_top_axil.vt, which names them and states no number. */
void regmap_fill_dict(tpl_dict *d) {
  /* Register offsets are addr[11:2], region ids addr[31:27] (NM_WIN_ADDR). */
  int opw = reg_field_width("CMD", "OP"), errw = reg_field_width("STATUS", "ERR");
  strbuf b = {0};
  sb_puts(&b, "  // The register map, from generator/regmap.c (as regmap.md and nm_config.h);\n"
              "  // all of it is listed, the decoder uses most of it.\n"
              "  // verilator lint_off UNUSEDPARAM\n");
  sb_printf(&b, "  localparam [31:0] ID_VALUE = 32'h%08lX;\n", ID_VALUE);
  sb_puts(&b, "  // register word offsets (byte offset / 4)\n");
  for (size_t i = 0; i < COUNT(regs); i++)
    sb_printf(&b, "  localparam [9:0] REG_%s = 10'h%03X;  // byte 0x%03X\n", regs[i].name,
              regs[i].off / 4, regs[i].off);
  sb_puts(&b, "  // register fields: bit position (_LSB) and width (_W)\n");
  for (size_t i = 0; i < COUNT(regs); i++) regmap_each_field(regs[i].fields, &b, regs[i].name, field_localparam);
  region_localparams(&b);
  sb_puts(&b, "  // CMD.OP values, STATUS.ERR / STATUS.REFUSE codes\n");
  for (size_t i = 0; i < COUNT(ops); i++)
    sb_printf(&b, "  localparam [%d:0] OP_%s = %d'd%zu;\n", opw - 1, ops[i], opw, i + 1);
  for (size_t i = 0; i < COUNT(errors); i++)
    sb_printf(&b, "  localparam [%d:0] ERR_%s = %d'd%d;\n", errw - 1, errors[i].name, errw,
              errors[i].code);
  sb_puts(&b, "  // verilator lint_on UNUSEDPARAM");
  tpl_dict_set(d, "REGMAP_LOCALPARAMS", b.data);
  sb_free(&b);
  strbuf rg = {0};  /* ${REGION_LOCALPARAMS}: the region ids and word lanes */
  sb_puts(&rg, "  // verilator lint_off UNUSEDPARAM\n");
  region_localparams(&rg);
  region_lane_localparams(&rg);
  sb_puts(&rg, "  // verilator lint_on UNUSEDPARAM");
  tpl_dict_set(d, "REGION_LOCALPARAMS", rg.data);
  sb_free(&rg);
}

/* Buffer layouts: where each logical element lives, one line a field, for
** the DMA and for tb/tests/test_layout.c, which evaluates these lines against
** tb/model/nm_layout.c (keep the two in step); generator/driver.c turns the
** same expressions into the generated driver's nm_loc_* helpers.  Line format (in the code
** block): NAME.FIELD bank = E ; word = E ; lsb = E ; width = E, and
** NEED NAME = E; E is an integer expression (+ - * / % parentheses, C's
** truncating division) over the PARAMS line and the indices. */
static const regmap_layout layouts[] = {
  {"STCE_A.VAL", "i % R", "base + (i / R) * KP + k", "0", "16"},
  {"STCE_A.IDX", "i % R", "base + (i / R) * KP + k", "16", "4"},
  {"STCE_B.LANE", NULL, NULL, "16 * e", "16"},   /* bank, word: b_layout() */
  {"STCE_C.F32", "j % C", "base + i * ((J + C - 1) / C) + j / C", "0", "32"},
  {"STCE_C.F16", "j % C", "base + i * ((J + C - 1) / C) + j / C", "0", "16"},
  {"SORE_IN.LANE", "g % SORE_LANES", "base + g / SORE_LANES", "16 * e", "16"},
  {"SORE_VAL.SLOT", "g % SORE_LANES", "base + g / SORE_LANES", "16 * k", "16"},
  {"SORE_IDX.SLOT", "g % SORE_LANES", "base + g / SORE_LANES", "4 * k", "4"},
  {"SORE_MASK.BIT", "g % SORE_LANES", "base + g / SORE_LANES", "e", "1"},
  {"WUVE_W.ELEM", "e % WUVE_LANES", "base + e / WUVE_LANES", "0", "32"},
  {"WUVE_V.ELEM", "e % WUVE_LANES", "base + e / WUVE_LANES", "0", "32"},
  {"WUVE_G.DW", "e % WUVE_LANES", "base + e / WUVE_LANES", "0", "16"},
  {"WUVE_G.MASK", "e % WUVE_LANES", "base + e / WUVE_LANES", "16", "1"},
  {"WUVE_W16.ELEM", "e % WUVE_LANES", "base + e / WUVE_LANES", "0", "16"},
  {"ANT_IROW.START", "p", "y", "0", "16"},
  {"ANT_IROW.END", "p", "y", "16", "16"},
  {"ANT_IELEM.VAL", "p", "base + n", "0", "16"},
  {"ANT_IELEM.COORD", "p", "base + n", "16", "16"},
  {"ANT_KROW.START", "p", "y", "0", "16"},
  {"ANT_KROW.END", "p", "y", "16", "16"},
  {"ANT_KELEM.VAL", "p", "base + n", "0", "16"},
  {"ANT_KELEM.COORD", "p", "base + n", "16", "16"},
  {"ANT_OUT32.ELEM", "p", "oy * WOUT + ox", "0", "32"},
  {"ANT_OUT16.ELEM", "p", "oy * WOUT + ox", "0", "16"},
  {"ANT_FLAGS.ELEM", "p", "oy * WOUT + ox", "0", "4"},
};

/* NEED lines: words per bank past base a command's operand takes. */
static const struct { const char *name, *expr; } needs[] = {
  {"STCE_A", "((I + R - 1) / R) * KP"},
  {"STCE_B", "((J + NB - 1) / NB) * G"},
  {"STCE_C", "I * ((J + C - 1) / C)"},
  {"SORE", "(GROUPS + SORE_LANES - 1) / SORE_LANES"},
  {"WUVE", "(ELEMS + WUVE_LANES - 1) / WUVE_LANES"},
};

int regmap_layout_at(const nm_params *p, size_t i, regmap_layout *out) {
  if (i >= COUNT(layouts)) return -1;
  long R = p->ival[K_ROWS], C = p->ival[K_COLS];
  *out = layouts[i];
  /* B: R <= C one column a bank; R > C skewed so a WS K-tile's groups of one
  ** column and an OS beat's C columns of one group sit in distinct banks. */
  if (!out->bank) out->bank = R > C ? "(j + g) % R" : "j % C";
  if (!out->word) out->word = R > C ? "base + (j / R) * G + g" : "base + (j / C) * G + g";
  return 0;
}

int regmap_need_at(size_t i, const char **name, const char **expr) {
  if (i >= COUNT(needs)) return -1;
  *name = needs[i].name, *expr = needs[i].expr;
  return 0;
}

const regmap_reg *regmap_reg_at(size_t i) { return i < COUNT(regs) ? &regs[i] : NULL; }
const regmap_cmd_field *regmap_cmd_field_at(size_t i) {
  return i < COUNT(cmd_fields) ? &cmd_fields[i] : NULL;
}
const regmap_error *regmap_error_at(size_t i) { return i < COUNT(errors) ? &errors[i] : NULL; }
const regmap_error *regmap_dma_error_at(size_t i) { return i < COUNT(dma_errors) ? &dma_errors[i] : NULL; }
const char *regmap_op_at(size_t i) { return i < COUNT(ops) ? ops[i] : NULL; }
const char *regmap_region_at(size_t i) { return i < N_REGIONS ? regions[i].name : NULL; }
long regmap_region_bits_at(const nm_params *p, size_t i) {
  return i < N_REGIONS ? region_bits(p, &regions[i]) : 0;
}
int regmap_region_info(const nm_params *p, size_t i, regmap_region *out) {
  if (i >= N_REGIONS) return -1;
  const region_desc *r = &regions[i];
  out->name = r->name, out->acc = r->acc, out->what = r->what;
  out->banks = region_banks(p, r), out->depth = p->ival[r->depth], out->bits = region_bits(p, r);
  return 0;
}

static void layouts_md(const nm_params *p, strbuf *b) {
  long R = p->ival[K_ROWS], C = p->ival[K_COLS];
  sb_puts(b, "\n## Buffer layouts\n\n"
             "Where each logical element lives: bits lsb + width - 1 .. lsb of word `word` of\n"
             "bank `bank` of the region (a word wider than 32 bits is its subwords, least\n"
             "significant first).  Indices: A' (I x KP, compressed) row i, position k; B group g\n"
             "(G = K / M groups) of column j, lane e = B[g*M + e][j]; C and C_in (I x J) i, j;\n"
             "SORE group g, element e, kept slot k; WUVE element e (UPDATE); ANT engine p's row\n"
             "table entry y (absolute element addresses), element n of its CSR plane placed at\n"
             "base, output (oy, ox) of a WOUT-wide output (each engine's buffers are bank p).  `base` is the command's field: ABASE,\n"
             "BBASE, CBASE or CINBASE, PRUNE / UPDATE BASE, the plane's element base.  NEED is\n"
             "the words per bank past base a command's operand takes (the bound checks).\n"
             "Integer arithmetic, `/` truncating; one line a field (checked by test_layout).\n\n```\n");
  sb_printf(b, "PARAMS R = %ld ; C = %ld ; MMAX = %ld ; SORE_LANES = %ld ; WUVE_LANES = %ld ; NB = %ld\n",
            R, C, p->ival[K_MMAX], p->ival[K_SORE_LANES], p->ival[K_WUVE_LANES], R > C ? R : C);
  regmap_layout l;
  for (size_t i = 0; regmap_layout_at(p, i, &l) == 0; i++)
    sb_printf(b, "%s bank = %s ; word = %s ; lsb = %s ; width = %s\n", l.field, l.bank, l.word,
              l.lsb, l.width);
  for (size_t i = 0; i < COUNT(needs); i++) sb_printf(b, "NEED %s = %s\n", needs[i].name, needs[i].expr);
  sb_puts(b, "```\n");
}

int regmap_emit_md(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  strbuf b = {0};
  sb_puts(&b, "<!--\n");
  header_lines(&b, "", "generator/regmap.c", summary);
  sb_printf(&b, "-->\n# nm_top register map: configuration `%s`\n\n", p->name);
  sb_puts(&b, "AXI4-Lite slave, 32-bit data, byte addresses (the low two bits are ignored).\n"
              "`addr[31:27]` is the region: 0 holds the registers below (offset `addr[11:2]`,\n"
              "`addr[26:12]` zero), 1..18 are buffer windows at\n"
              "`{region[4:0], bank[5:0], word[15:0], sub[2:0], 2'b00}`: a word of W bits is\n"
              "ceil(W/32) 32-bit subwords, least significant first.  Writes honour WSTRB.\n"
              "SLVERR (read data 0, nothing written): an unmapped register, region, bank, word\n"
              "or subword; a write to a read-only register or region; any window access while\n"
              "STATUS.BUSY; a CMD write to a busy channel, while queued descriptors are pending or\n"
              "with an unknown op, a Q_PUSH to a full queue or with an unknown op (refused, see\n"
              "STATUS.REFUSE); a WUVE hyperparameter write while the compute channel is busy.\n\n"
              "After reset every register reads 0 except ID, VERSION, the CFG_* constants and the\n"
              "cycle counter; every register and flag has a defined value from reset on.  Buffers\n"
              "have no reset: a window word reads what was last written to it (undefined before),\n"
              "and the ANT accumulators are defined only by an ANT command with CLEAR (error CLR).\n"
              "\n## Registers\n\n"
              "| offset | name | access | fields | meaning |\n|---|---|---|---|---|\n");
  for (size_t i = 0; i < COUNT(regs); i++) {
    sb_printf(&b, "| 0x%03X | %s | %s | ", regs[i].off, regs[i].name, regs[i].acc);
    regmap_each_field(regs[i].fields, &b, regs[i].name, field_row);
    sb_printf(&b, " | %s |\n", regs[i].what);
  }
  sb_puts(&b, "\n## Buffer windows\n\n| region | name | banks | words/bank | bits | access | contents |\n"
              "|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < N_REGIONS; i++)
    sb_printf(&b, "| %zu | %s | %ld | %ld | %ld | %s | %s |\n", i + 1, regions[i].name,
              region_banks(p, &regions[i]), p->ival[regions[i].depth],
              region_bits(p, &regions[i]), regions[i].acc, regions[i].what);
  layouts_md(p, &b);
  sb_puts(&b, "\n## Commands\n\nWrite ARG0..ARG4, then CMD with the op.  STATUS.BUSY rises at once; "
              "when it falls STATUS.DONE is set and STATUS.ERR holds 0 or the code of a command whose "
              "fields were refused (nothing was touched).\n\n| op | CMD.OP | field | register | bits | meaning |\n"
              "|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < COUNT(cmd_fields); i++) {
    const field_desc *f = &cmd_fields[i];
    int op = 0;
    while (strcmp(ops[op], f->op)) op++;
    sb_printf(&b, "| %s | %d | %s | ARG%d | ", f->op, op + 1, f->name, f->arg);
    field_row(&b, NULL, "", f->lsb, f->width);
    sb_printf(&b, " | %s |\n", f->what);
  }
  regmap_notes_md(&b);
  sb_puts(&b, "\n## Error codes\n\n| code | name | when |\n|---|---|---|\n");
  for (size_t i = 0; i < COUNT(errors); i++)
    sb_printf(&b, "| %d | %s | %s |\n", errors[i].code, errors[i].name, errors[i].what);
  int rc = outdir_write(o, "regmap.md", &b, err, errlen);
  sb_free(&b);
  return rc;
}
