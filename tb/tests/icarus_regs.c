/*
** icarus_regs: writes a Verilog-2005 testbench that holds a generated nm_top
** (driven as nm_top_sim: its ports plus the hb_* buffer backdoor) to "every
** software-visible register and flag has a defined value after reset" in a
** 4-state simulator (Icarus), where an unreset flop or a flag computed from
** an unwritten RAM word reads X.
**
**   icarus_regs NM_CONFIG_H OUT.v
**
** Built per configuration (-include that config's nm_config.h); the list of
** registers is read from NM_CONFIG_H itself (every "#define NM_REG_<name>"
** line), so a register added to the map is covered without editing this
** file.  The bench:
**   1. resets nm_top, checks every output for X/Z, reads every register over
**      AXI4-Lite: RRESP OKAY and no X/Z bit in RDATA/RRESP (ID checked too);
**   2. fills every buffer software can write (backdoor, a defined pattern)
**      and writes two small ANT planes through the front door;
**   3. runs commands, and after each one reads every register again and
**      checks STATUS (DONE, OP, ERR) against the expected code: ANT without
**      CLEAR on never-cleared accumulators (refused, NM_ANT_E_CLR), with
**      CLEAR, without CLEAR on top (accepted), over a larger plane without
**      CLEAR (refused), GEMM OS and WS (those generated), GEMM with bad
**      fields, PRUNE, UPDATE, an unknown op and a CMD while busy.  ANT
**      counters, STATUS.ANT_OVF, outputs and flags come from the golden
**      model (nm_ant.c); buffer words the commands wrote must be X-free.
** Every check counts; the bench ends with "N passed, N failed".
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_ant.h"
#include "nm_ant_work.h"
#include "nm_rng.h"

#define MAX_REGS 128

typedef struct {
  char name[48];
  unsigned off;
} reg_t;

static reg_t g_regs[MAX_REGS];
static int g_nregs;

/* The NM_REG_* lines of nm_config.h; the header must be the one compiled in. */
static int read_regs(const char *path) {
  FILE *f = fopen(path, "r");
  char line[512], name[64];
  unsigned off;
  int same_cfg = 0;
  if (!f) {
    perror(path);
    return -1;
  }
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "#define NM_NAME \"%63[^\"]\"", name) == 1) same_cfg = !strcmp(name, NM_NAME);
    if (sscanf(line, "#define NM_REG_%47s %x", name, &off) == 2 && g_nregs < MAX_REGS) {
      strcpy(g_regs[g_nregs].name, name);
      g_regs[g_nregs++].off = off;
    }
  }
  fclose(f);
  if (!same_cfg || g_nregs == 0) {
    fprintf(stderr, "icarus_regs: %s is not config %s's nm_config.h or has no NM_REG_ lines\n",
            path, NM_NAME);
    return -1;
  }
  return 0;
}

/* The fixed part: clock, DUT, AXI4-Lite master tasks and check tasks
** (written with fputs; the localparams before it come from the map). */
static const char *kHead =
    "  reg clk = 1'b0;\n"
    "  always #5 clk = ~clk;\n"
    "  reg          rst_n = 1'b0;\n"
    "  reg  [31:0]  awaddr = 32'd0, wdata = 32'd0, araddr = 32'd0;\n"
    "  reg  [3:0]   wstrb = 4'hF;\n"
    "  reg          awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;\n"
    "  reg          hb_we = 1'b0, hb_re = 1'b0;\n"
    "  reg  [4:0]   hb_region = 5'd0;\n"
    "  reg  [5:0]   hb_bank = 6'd0;\n"
    "  reg  [15:0]  hb_addr = 16'd0;\n"
    "  reg  [255:0] hb_wdata = 256'd0;\n"
    "  wire         awready, wready, bvalid, arready, rvalid, busy, irq;\n"
    "  wire [1:0]   bresp, rresp;\n"
    "  wire [31:0]  rdata;\n"
    "  wire [255:0] hb_rdata;\n"
    "  nm_top_sim u_dut (\n"
    "    .clk_i(clk), .rst_ni(rst_n),\n"
    "    .s_axil_awaddr_i(awaddr), .s_axil_awvalid_i(awvalid), .s_axil_awready_o(awready),\n"
    "    .s_axil_wdata_i(wdata), .s_axil_wstrb_i(wstrb), .s_axil_wvalid_i(wvalid),\n"
    "    .s_axil_wready_o(wready), .s_axil_bresp_o(bresp), .s_axil_bvalid_o(bvalid),\n"
    "    .s_axil_bready_i(bready), .s_axil_araddr_i(araddr), .s_axil_arvalid_i(arvalid),\n"
    "    .s_axil_arready_o(arready), .s_axil_rdata_o(rdata), .s_axil_rresp_o(rresp),\n"
    "    .s_axil_rvalid_o(rvalid), .s_axil_rready_i(rready), .busy_o(busy), .irq_o(irq),\n"
    "    .hb_we_i(hb_we), .hb_re_i(hb_re), .hb_region_i(hb_region), .hb_bank_i(hb_bank),\n"
    "    .hb_addr_i(hb_addr), .hb_wdata_i(hb_wdata), .hb_rdata_o(hb_rdata),\n"
    "    .m_axi_awready_i(1'b0), .m_axi_wready_i(1'b0), .m_axi_bid_i(4'd0), .m_axi_bresp_i(2'd0),\n"
    "    .m_axi_bvalid_i(1'b0), .m_axi_arready_i(1'b0), .m_axi_rid_i(4'd0),\n"
    "    .m_axi_rdata_i({AXI_DW{1'b0}}), .m_axi_rresp_i(2'd0), .m_axi_rlast_i(1'b0),\n"
    "    .m_axi_rvalid_i(1'b0)\n"
    "  );\n"
    "\n"
    "  integer passed = 0, failed = 0, t, i, b, w, s;\n"
    "  reg [31:0] rd_d, st;\n"
    "  reg [1:0]  rd_r, wr_r;\n"
    "  reg        aw_go, w_go;\n"
    "\n"
    "  task ok(input c, input [8*64-1:0] what);\n"
    "    begin\n"
    "      if (c === 1'b1) passed = passed + 1;\n"
    "      else begin failed = failed + 1; $display(\"FAIL %0s\", what); end\n"
    "    end\n"
    "  endtask\n"
    "\n"
    "  task finish;\n"
    "    begin $display(\"%0d passed, %0d failed\", passed, failed); $finish; end\n"
    "  endtask\n"
    "\n"
    "  // AXI4-Lite master: drive at the falling edge; a ready seen there is\n"
    "  // taken at the next rising edge.  A channel that never answers (or\n"
    "  // answers X) fails the bench at once: nothing after it can be trusted.\n"
    "  task axi_rd(input [31:0] a);\n"
    "    begin\n"
    "      @(negedge clk); araddr = a; arvalid = 1'b1; rready = 1'b1; t = 0;\n"
    "      while (arready !== 1'b1 && t < 1000) begin @(negedge clk); t = t + 1; end\n"
    "      @(negedge clk); arvalid = 1'b0;\n"
    "      while (rvalid !== 1'b1 && t < 1000) begin @(negedge clk); t = t + 1; end\n"
    "      rd_d = rdata; rd_r = rresp;\n"
    "      @(negedge clk); rready = 1'b0;\n"
    "      if (t >= 1000) begin $display(\"FAIL read 0x%08x: no AR/R handshake\", a);\n"
    "        failed = failed + 1; finish; end\n"
    "    end\n"
    "  endtask\n"
    "\n"
    "  task axi_wr(input [31:0] a, input [31:0] d);\n"
    "    begin\n"
    "      @(negedge clk); awaddr = a; wdata = d; wstrb = 4'hF;\n"
    "      awvalid = 1'b1; wvalid = 1'b1; bready = 1'b1; t = 0;\n"
    "      while ((awvalid || wvalid) && t < 1000) begin\n"
    "        aw_go = awvalid && awready === 1'b1; w_go = wvalid && wready === 1'b1;\n"
    "        @(negedge clk); t = t + 1;\n"
    "        if (aw_go) awvalid = 1'b0;\n"
    "        if (w_go) wvalid = 1'b0;\n"
    "      end\n"
    "      while (bvalid !== 1'b1 && t < 1000) begin @(negedge clk); t = t + 1; end\n"
    "      wr_r = bresp;\n"
    "      @(negedge clk); bready = 1'b0;\n"
    "      if (t >= 1000) begin $display(\"FAIL write 0x%08x: no AW/W/B handshake\", a);\n"
    "        failed = failed + 1; finish; end\n"
    "    end\n"
    "  endtask\n"
    "\n"
    "  // One register of the map: OKAY and no X/Z in RDATA or RRESP.\n"
    "  task chk_reg(input [8*64-1:0] phase, input [8*24-1:0] name, input [31:0] a);\n"
    "    begin\n"
    "      axi_rd(a);\n"
    "      if ((^{rd_r, rd_d}) !== 1'bx && rd_r === 2'b00) passed = passed + 1;\n"
    "      else begin\n"
    "        failed = failed + 1;\n"
    "        $display(\"FAIL %0s: %0s (0x%03x) RDATA %b RRESP %b\", phase, name, a, rd_d, rd_r);\n"
    "      end\n"
    "    end\n"
    "  endtask\n"
    "\n"
    "  task chk_eq(input [8*64-1:0] what, input [31:0] got, input [31:0] want);\n"
    "    begin\n"
    "      if (got === want) passed = passed + 1;\n"
    "      else begin failed = failed + 1;\n"
    "        $display(\"FAIL %0s: got 0x%08x (%b) expected 0x%08x\", what, got, got, want); end\n"
    "    end\n"
    "  endtask\n"
    "\n"
    "  // A buffer word the command wrote: every subword X-free.\n"
    "  task chk_word(input [8*64-1:0] what, input [4:0] r, input [5:0] bk, input [15:0] wd,\n"
    "                input [3:0] subs);\n"
    "    begin\n"
    "      for (s = 0; s < subs; s = s + 1) begin\n"
    "        axi_rd({r, bk, wd, s[2:0], 2'b00});\n"
    "        if ((^{rd_r, rd_d}) !== 1'bx && rd_r === 2'b00) passed = passed + 1;\n"
    "        else begin failed = failed + 1;\n"
    "          $display(\"FAIL %0s: region %0d bank %0d word %0d sub %0d RDATA %b RRESP %b\",\n"
    "                   what, r, bk, wd, s, rd_d, rd_r); end\n"
    "      end\n"
    "    end\n"
    "  endtask\n"
    "\n"
    "  // A defined pattern: every 16-bit lane a finite fp16 (exponent 8..15),\n"
    "  // every 32-bit subword a finite fp32; differs by region, bank and word.\n"
    "  function [31:0] pat(input [4:0] r, input [5:0] bk, input [15:0] wd, input [2:0] sb);\n"
    "    reg [31:0] h;\n"
    "    begin\n"
    "      h = {r, bk, wd, sb, 2'b01} * 32'd1103515245 + 32'd12345;\n"
    "      h = h ^ (h >> 13);\n"
    "      pat = {h[31], 2'b01, h[28:16], h[15], 2'b01, h[12:0]};\n"
    "    end\n"
    "  endfunction\n"
    "\n"
    "  task fill(input [4:0] r, input integer banks, input integer depth, input integer subs);\n"
    "    begin\n"
    "      for (b = 0; b < banks; b = b + 1)\n"
    "        for (w = 0; w < depth; w = w + 1) begin\n"
    "          @(negedge clk);\n"
    "          hb_we = 1'b1; hb_region = r; hb_bank = b[5:0]; hb_addr = w[15:0];\n"
    "          for (s = 0; s < 8; s = s + 1)\n"
    "            hb_wdata[s*32 +: 32] = (s < subs) ? pat(r, b[5:0], w[15:0], s[2:0]) : 32'd0;\n"
    "        end\n"
    "      @(negedge clk); hb_we = 1'b0;\n"
    "    end\n"
    "  endtask\n"
    "\n"
    "  // Issue op with ARG0..ARG4, wait for BUSY low (bounded), check STATUS.\n"
    "  task run(input [8*64-1:0] what, input [3:0] op, input [31:0] a0, input [31:0] a1,\n"
    "           input [31:0] a2, input [31:0] a3, input [31:0] a4, input [3:0] err);\n"
    "    begin\n"
    "      axi_wr(A_ARG0, a0); axi_wr(A_ARG1, a1); axi_wr(A_ARG2, a2);\n"
    "      axi_wr(A_ARG3, a3); axi_wr(A_ARG4, a4);\n"
    "      axi_wr(A_CMD, {28'd0, op});\n"
    "      ok(wr_r === 2'b00, {what, \": CMD accepted (BRESP OKAY)\"});\n"
    "      i = 0; axi_rd(A_STATUS);\n"
    "      while (rd_d[0] !== 1'b0 && i < 200000) begin axi_rd(A_STATUS); i = i + 1; end\n"
    "      st = rd_d;\n"
    "      if (i >= 200000) begin $display(\"FAIL %0s: still busy (STATUS %b)\", what, st);\n"
    "        failed = failed + 1; finish; end\n"
    "      chk_eq({what, \": STATUS.DONE\"}, {31'd0, st[B_DONE]}, 32'd1);\n"
    "      chk_eq({what, \": STATUS.OP\"}, {28'd0, st[B_OP +: 4]}, {28'd0, op});\n"
    "      chk_eq({what, \": STATUS.ERR\"}, {28'd0, st[B_ERR +: 4]}, {28'd0, err});\n"
    "    end\n"
    "  endtask\n"
    "\n";

/* read_all: every NM_REG_* register, with the phase in each message. */
static void emit_read_all(FILE *o) {
  fprintf(o, "  task read_all(input [8*64-1:0] phase);\n    begin\n");
  for (int i = 0; i < g_nregs; i++)
    fprintf(o, "      chk_reg(phase, \"%s\", 32'h%03X);\n", g_regs[i].name, g_regs[i].off);
  fprintf(o, "    end\n  endtask\n\n");
}

/* One register's offset by name (the map must have it). */
static unsigned reg_off(const char *name) {
  for (int i = 0; i < g_nregs; i++)
    if (!strcmp(g_regs[i].name, name)) return g_regs[i].off;
  fprintf(stderr, "icarus_regs: register %s not in the map\n", name);
  exit(1);
}

static unsigned win(unsigned region, unsigned bank, unsigned word, unsigned sub) {
  return NM_WIN_ADDR(region, bank, word, sub);
}

static unsigned subs_of(unsigned bits) { return (bits + 31) / 32; }

/* Image/kernel planes through the front door at element base 0. */
static void emit_planes(FILE *o, const nm_ant_plane *img, const nm_ant_plane *ker) {
  const nm_ant_plane *pl[2] = {img, ker};
  const unsigned rows[2] = {NM_REGION_ANT_IROW, NM_REGION_ANT_KROW};
  const unsigned elems[2] = {NM_REGION_ANT_IELEM, NM_REGION_ANT_KELEM};
  for (int k = 0; k < 2; k++) {
    for (int y = 0; y < pl[k]->rows; y++)
      fprintf(o, "    axi_wr(32'h%08X, 32'h%08X);\n", win(rows[k], 0, (unsigned)y, 0),
              pl[k]->rowptr[y + 1] << 16 | pl[k]->rowptr[y]);
    for (uint32_t e = 0; e < pl[k]->nnz; e++)
      fprintf(o, "    axi_wr(32'h%08X, 32'h%08X);\n", win(elems[k], 0, e, 0),
              (uint32_t)pl[k]->elem[e].coord << 16 | pl[k]->elem[e].val);
  }
  fprintf(o, "    ok(wr_r === 2'b00, \"ANT planes written (last BRESP OKAY)\");\n");
}

/* One ANT command: model state (acc, cleared) updated, expectations emitted. */
static void emit_ant(FILE *o, const char *what, nm_ant_cmd *c, const nm_ant_plane *img,
                     const nm_ant_plane *ker, int clear, nm_ant_acc *acc, long *cleared) {
  nm_ant_limits lim = {NM_ANT_ROWS, NM_ANT_OBUF_DEPTH};
  nm_ant_csr ic = nm_ant_plane_csr(img), kc = nm_ant_plane_csr(ker);
  int err = nm_ant_check(c, &lim, img->rows, ker->rows);
  if (err == NM_ANT_OK) err = nm_ant_check_clear(c, clear, cleared);
  unsigned a0 = NM_FIELD(NM_ANT_IH, img->rows) | NM_FIELD(NM_ANT_KH, ker->rows);
  unsigned a1 = NM_FIELD(NM_ANT_HOUT, c->hout) | NM_FIELD(NM_ANT_WOUT, c->wout);
  unsigned a2 = NM_FIELD(NM_ANT_ST, c->st) | NM_FIELD(NM_ANT_D, c->d) |
                NM_FIELD(NM_ANT_PAD, c->pad) | NM_FIELD(NM_ANT_SCNN, c->mode) |
                NM_FIELD(NM_ANT_CLEAR, clear);
  int no = c->hout * c->wout, ovf = 0;
  fprintf(o, "    run(\"%s\", 4'd%d, 32'h%08X, 32'h%08X, 32'h%08X, 32'd0, 32'd0, 4'd%d);\n", what,
          NM_OP_ANT, a0, a1, a2, err);
  fprintf(o, "    read_all(\"after %s\");\n", what);
  if (err != NM_ANT_OK) {
    /* Refused: nothing ran; the flag must still be defined (read_all). */
    fprintf(o, "    chk_eq(\"%s: STATUS.ANT_OVF\", {31'd0, st[%d]}, 32'd0);\n", what,
            NM_STATUS_ANT_OVF_LSB);
    return;
  }
  nm_ant_counts cnt;
  nm_ant_count(c, &ic, &kc, &cnt);
  if (clear) memset(acc, 0, sizeof *acc * (size_t)no);
  nm_ant_accumulate(c, NM_ANT_ACC_BITS, &ic, &kc, acc);
  for (int q = 0; q < no; q++) ovf |= acc[q].ovf;
  /* STATUS.ANT_OVF: an accumulator overflowed during this command (the
  ** model's flags before it were clear in every case this bench runs). */
  fprintf(o, "    chk_eq(\"%s: STATUS.ANT_OVF\", {31'd0, st[%d]}, 32'd%d);\n", what,
          NM_STATUS_ANT_OVF_LSB, ovf);
  const char *cn[4] = {"ANT_PAIRS", "ANT_PRODS", "ANT_RCPS", "ANT_SKIPPED"};
  const uint64_t cv[4] = {cnt.pairs, cnt.products, cnt.rcps, cnt.skipped};
  for (int k = 0; k < 4; k++)
    fprintf(o, "    axi_rd(32'h%03X); chk_eq(\"%s: %s\", rd_d, 32'd%u);\n", reg_off(cn[k]), what,
            cn[k], (unsigned)cv[k]);
  for (int q = 0; q < no; q++) {
    uint32_t fl = (uint32_t)(acc[q].ovf << 3 | acc[q].nan << 2 | acc[q].ninf << 1 | acc[q].pinf);
    fprintf(o, "    axi_rd(32'h%08X); chk_eq(\"%s: ANT_OUT32[%d]\", rd_d, 32'h%08X);\n",
            win(NM_REGION_ANT_OUT32, 0, (unsigned)q, 0), what, q, nm_ant_readout(&acc[q], 0));
    fprintf(o, "    axi_rd(32'h%08X); chk_eq(\"%s: ANT_OUT16[%d]\", rd_d, 32'h%08X);\n",
            win(NM_REGION_ANT_OUT16, 0, (unsigned)q, 0), what, q, nm_ant_readout(&acc[q], 1));
    fprintf(o, "    axi_rd(32'h%08X); chk_eq(\"%s: ANT_FLAGS[%d]\", rd_d, 32'h%08X);\n",
            win(NM_REGION_ANT_FLAGS, 0, (unsigned)q, 0), what, q, fl);
  }
}

/* Every word of `words` per bank from base of a region: X-free. */
static void emit_words(FILE *o, const char *what, unsigned region, unsigned banks, unsigned base,
                       unsigned words, unsigned bits) {
  for (unsigned b = 0; b < banks; b++)
    for (unsigned w = base; w < base + words; w++)
      fprintf(o, "    chk_word(\"%s\", 5'd%u, 6'd%u, 16'd%u, 4'd%u);\n", what, region, b, w,
              subs_of(bits));
}

/* After OP: every register (read_all), then words 0..3 of each bank of the
** op's output regions, named "OP REGION". */
typedef struct out_region {
  const char *name;
  unsigned id, bits;
} out_region;
static void emit_after(FILE *o, const char *op, unsigned banks, const out_region *r, int n) {
  fprintf(o, "    read_all(\"after %s\");\n", op);
  for (int k = 0; k < n; k++) {
    char what[64];
    snprintf(what, sizeof what, "%s %s", op, r[k].name);
    emit_words(o, what, r[k].id, banks, 0, 4, r[k].bits);
  }
}

/* GEMM I = R, J = C, dense K = 2*MMAX, with C_in; results at CDEPTH/2. */
static void emit_gemm(FILE *o, const char *what, int ws, int out16, unsigned n, unsigned bbase,
                      int err) {
  unsigned I = NM_ROWS, J = NM_COLS, K = 2 * NM_MMAX, cbase = NM_CBUF_DEPTH / 2;
  unsigned a0 = NM_FIELD(NM_GEMM_I, I) | NM_FIELD(NM_GEMM_J, J);
  unsigned a1 = NM_FIELD(NM_GEMM_K, K) | NM_FIELD(NM_GEMM_N, n) | NM_FIELD(NM_GEMM_M, NM_MMAX);
  /* dense (the feeder makes the indices) unless N > M is the refusal asked */
  unsigned a2 = NM_FIELD(NM_GEMM_WS, ws) | NM_FIELD(NM_GEMM_SPARSE, n > NM_MMAX) |
                NM_FIELD(NM_GEMM_CIN, 1) | NM_FIELD(NM_GEMM_OUT16, out16);
  unsigned a3 = NM_FIELD(NM_GEMM_ABASE, 0) | NM_FIELD(NM_GEMM_BBASE, bbase);
  unsigned a4 = NM_FIELD(NM_GEMM_CINBASE, 0) | NM_FIELD(NM_GEMM_CBASE, cbase);
  fprintf(o, "    run(\"%s\", 4'd%d, 32'h%08X, 32'h%08X, 32'h%08X, 32'h%08X, 32'h%08X, 4'd%d);\n",
          what, NM_OP_GEMM, a0, a1, a2, a3, a4, err);
  fprintf(o, "    read_all(\"after %s\");\n", what);
  /* C layout: column j in bank j % C at word cbase + (j / C) * I + i. */
  if (err == 0) emit_words(o, what, NM_REGION_STCE_C, NM_COLS, cbase, I, NM_REGION_STCE_C_BITS);
}

static void emit_body(FILE *o) {
  nm_rng r;
  nm_ant_plane img, ker, img2;
  nm_ant_acc acc[64];
  long cleared = 0;
  nm_rng_seed(&r, 15);
  /* 4x4 image, 2x2 kernel, dense, plain values: Hout = Wout = 3 (pad 0). */
  if (nm_ant_plane_random(&img, 4, 4, 1.0, NM_ANT_V_PLAIN, &r) ||
      nm_ant_plane_random(&ker, 2, 2, 1.0, NM_ANT_V_PLAIN, &r) ||
      nm_ant_plane_random(&img2, 5, 5, 0.7, NM_ANT_V_PLAIN, &r)) {
    fprintf(stderr, "icarus_regs: out of memory\n");
    exit(1);
  }
  fprintf(o, "  initial begin\n");
  fprintf(o, "    repeat (5) @(negedge clk);\n    rst_n = 1'b1;\n    repeat (2) @(negedge clk);\n");
  fprintf(o, "    ok((^{awready, wready, bvalid, bresp, arready, rvalid, rresp, rdata, busy, irq,"
             " hb_rdata}) !== 1'bx, \"outputs defined after reset\");\n");
  fprintf(o, "    read_all(\"after reset\");\n");
  fprintf(o, "    axi_rd(32'h%03X); chk_eq(\"ID\", rd_d, 32'h%08X);\n", reg_off("ID"), NM_ID_VALUE);
  /* regmap.md: after reset every register reads 0 but the constants and the cycle counter. */
  for (int i = 0; i < g_nregs; i++) {
    const char *n = g_regs[i].name;
    if (!strcmp(n, "ID") || !strcmp(n, "VERSION") || !strncmp(n, "CFG_", 4) ||
        !strcmp(n, "CYCLE_LO"))
      continue;
    fprintf(o, "    axi_rd(32'h%03X); chk_eq(\"%s after reset\", rd_d, 32'd0);\n", g_regs[i].off, n);
  }

  /* Every buffer software can write (nm_config.h's RW regions), so no
  ** command reads an unwritten word (the ANT row tables and elements are the
  ** planes below, not a pattern). */
#define FILL(n, id, acc) \
  {id, NM_REGION_##n##_BANKS, NM_REGION_##n##_DEPTH, NM_REGION_##n##_BITS, NM_ACC_##acc, #n},
  const struct { unsigned id, banks, depth, bits; int ro; const char *name; } fills[] = {
      NM_REGIONS(FILL)};
#undef FILL
  for (size_t i = 0; i < sizeof fills / sizeof fills[0]; i++)
    if (!fills[i].ro && strncmp(fills[i].name, "ANT_", 4))
      fprintf(o, "    fill(5'd%u, %u, %u, %u);\n", fills[i].id, fills[i].banks, fills[i].depth,
              subs_of(fills[i].bits));
  emit_planes(o, &img, &ker);

  /* ANT: the accumulators were never cleared. */
  nm_ant_cmd c = {NM_ANT_MODE_ANT, 3, 3, 1, 1, 0, NM_ANT_N};
  emit_ant(o, "ANT keep, never cleared", &c, &img, &ker, 0, acc, &cleared);
  emit_ant(o, "ANT clear", &c, &img, &ker, 1, acc, &cleared);
  c.mode = NM_ANT_MODE_SCNN;
  emit_ant(o, "ANT keep on cleared (scnn)", &c, &img, &ker, 0, acc, &cleared);
  nm_ant_cmd big = {NM_ANT_MODE_ANT, 4, 4, 1, 1, 0, NM_ANT_N};
  emit_planes(o, &img2, &ker);
  emit_ant(o, "ANT keep, larger plane", &big, &img2, &ker, 0, acc, &cleared);
  emit_ant(o, "ANT clear, larger plane", &big, &img2, &ker, 1, acc, &cleared);
  emit_ant(o, "ANT keep, larger plane cleared", &big, &img2, &ker, 0, acc, &cleared);

  /* GEMM: each generated dataflow; refused fields; WS on an OS-only build. */
  if (NM_DATAFLOW != NM_DATAFLOW_WS) emit_gemm(o, "GEMM OS", 0, 0, NM_MMAX, 0, 0);
  if (NM_DATAFLOW != NM_DATAFLOW_OS) emit_gemm(o, "GEMM WS fp16", 1, 1, NM_MMAX, 0, 0);
  if (NM_DATAFLOW == NM_DATAFLOW_OS) emit_gemm(o, "GEMM WS not generated", 1, 0, NM_MMAX, 0, NM_ERR_DF);
  if (NM_DATAFLOW == NM_DATAFLOW_WS) emit_gemm(o, "GEMM OS not generated", 0, 0, NM_MMAX, 0, NM_ERR_DF);
  emit_gemm(o, "GEMM N > M", NM_DATAFLOW == NM_DATAFLOW_WS, 0, NM_MMAX + 1, 0, NM_ERR_NM);
  emit_gemm(o, "GEMM BBASE past B", NM_DATAFLOW == NM_DATAFLOW_WS, 0, NM_MMAX,
            NM_BBUF_DEPTH, NM_ERR_SIZE);

  /* PRUNE 4 beats 1:2 from word 0; UPDATE 4 beats, mode update. */
  fprintf(o, "    run(\"PRUNE\", 4'd%d, 32'h%08X, 32'h%08X, 32'd0, 32'd0, 32'd0, 4'd0);\n",
          NM_OP_PRUNE, NM_FIELD(NM_PRUNE_BEATS, 4) | NM_FIELD(NM_PRUNE_BASE, 0),
          NM_FIELD(NM_PRUNE_N, 1) | NM_FIELD(NM_PRUNE_M, 2));
  static const out_region prune_out[] = {{"SORE_VAL", NM_REGION_SORE_VAL, NM_REGION_SORE_VAL_BITS},
                                         {"SORE_IDX", NM_REGION_SORE_IDX, NM_REGION_SORE_IDX_BITS},
                                         {"SORE_MASK", NM_REGION_SORE_MASK, NM_REGION_SORE_MASK_BITS}};
  emit_after(o, "PRUNE", NM_SORE_LANES, prune_out, 3);
  fprintf(o, "    axi_wr(32'h%03X, 32'h3C000000); axi_wr(32'h%03X, 32'h3A800000);\n",
          reg_off("WUVE_LR"), reg_off("WUVE_MU"));
  fprintf(o, "    axi_wr(32'h%03X, 32'h3F800000);\n", reg_off("WUVE_INV_SCALE"));
  fprintf(o, "    run(\"UPDATE\", 4'd%d, 32'd0, 32'h%08X, 32'h%08X, 32'd0, 32'd0, 4'd0);\n",
          NM_OP_UPDATE, NM_FIELD(NM_UPDATE_ELEMS, 4 * NM_WUVE_LANES),
          NM_FIELD(NM_UPDATE_MODE, 1) | NM_FIELD(NM_UPDATE_CLEAR, 1));
  static const out_region update_out[] = {{"WUVE_W", NM_REGION_WUVE_W, NM_REGION_WUVE_W_BITS},
                                          {"WUVE_V", NM_REGION_WUVE_V, NM_REGION_WUVE_V_BITS},
                                          {"WUVE_W16", NM_REGION_WUVE_W16, NM_REGION_WUVE_W16_BITS}};
  emit_after(o, "UPDATE", NM_WUVE_LANES, update_out, 3);

  /* Refusals: an unknown op, and a CMD while busy (after a long PRUNE). */
  fprintf(o, "    axi_wr(32'h%03X, 32'd0);\n    ok(wr_r === 2'b10, \"CMD op 0: SLVERR\");\n",
          reg_off("CMD"));
  fprintf(o, "    axi_rd(32'h%03X); chk_eq(\"STATUS.REFUSE after op 0\", {28'd0, rd_d[%d +: 4]}, "
             "32'd%d);\n", reg_off("STATUS"), NM_STATUS_REFUSE_LSB, NM_ERR_OP);
  fprintf(o, "    read_all(\"after op 0\");\n");
  fprintf(o, "    axi_wr(32'h%03X, 32'h%08X); axi_wr(32'h%03X, 32'h%08X);\n", reg_off("ARG0"),
          NM_FIELD(NM_PRUNE_BEATS, 64) | NM_FIELD(NM_PRUNE_BASE, 0), reg_off("ARG1"),
          NM_FIELD(NM_PRUNE_N, 1) | NM_FIELD(NM_PRUNE_M, 2));
  fprintf(o, "    axi_wr(32'h%03X, 32'd%d); ok(wr_r === 2'b00, \"long PRUNE accepted\");\n",
          reg_off("CMD"), NM_OP_PRUNE);
  fprintf(o, "    axi_wr(32'h%03X, 32'd%d); ok(wr_r === 2'b10, \"CMD while busy: SLVERR\");\n",
          reg_off("CMD"), NM_OP_PRUNE);
  fprintf(o, "    read_all(\"while busy\");\n");
  fprintf(o, "    i = 0; axi_rd(32'h%03X);\n"
             "    while (rd_d[0] !== 1'b0 && i < 200000) begin axi_rd(32'h%03X); i = i + 1; end\n",
          reg_off("STATUS"), reg_off("STATUS"));
  fprintf(o, "    chk_eq(\"STATUS after the busy refusal\", {28'd0, rd_d[%d +: 4], 4'd0, "
             "rd_d[%d +: 4], 8'd0, rd_d[%d]}, {28'd%d, 4'd0, 4'd0, 8'd0, 1'b1});\n",
          NM_STATUS_REFUSE_LSB, NM_STATUS_ERR_LSB, NM_STATUS_DONE_LSB, NM_ERR_BUSY);
  fprintf(o, "    read_all(\"at the end\");\n    finish;\n  end\n\nendmodule\n"
             "`default_nettype wire\n");
  nm_ant_plane_free(&img), nm_ant_plane_free(&ker), nm_ant_plane_free(&img2);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: icarus_regs NM_CONFIG_H OUT.v\n");
    return 2;
  }
  if (read_regs(argv[1])) return 2;
  FILE *o = fopen(argv[2], "w");
  if (!o) {
    perror(argv[2]);
    return 1;
  }
  fprintf(o, "// Generated by tb/tests/icarus_regs.c for config %s. Do not edit.\n"
             "`default_nettype none\nmodule tb;\n", NM_NAME);
  fprintf(o, "  localparam [31:0] A_ARG0 = 32'h%03X, A_ARG1 = 32'h%03X, A_ARG2 = 32'h%03X,\n"
             "                    A_ARG3 = 32'h%03X, A_ARG4 = 32'h%03X, A_CMD = 32'h%03X,\n"
             "                    A_STATUS = 32'h%03X;\n"
             "  localparam B_DONE = %d, B_OP = %d, B_ERR = %d;\n"
             "  localparam AXI_DW = %d;  // the DMA's m_axi_* data bits (its inputs tied idle)\n",
          reg_off("ARG0"), reg_off("ARG1"), reg_off("ARG2"), reg_off("ARG3"), reg_off("ARG4"),
          reg_off("CMD"), reg_off("STATUS"), NM_STATUS_DONE_LSB, NM_STATUS_OP_LSB,
          NM_STATUS_ERR_LSB, 64 << NM_AXI_DATA_BITS);
  fputs(kHead, o);
  emit_read_all(o);
  emit_body(o);
  if (fclose(o) != 0) {
    perror(argv[2]);
    return 1;
  }
  return 0;
}
