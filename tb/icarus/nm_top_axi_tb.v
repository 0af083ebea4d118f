// nm_top_axi_tb: the standard-names wrapper nm_top_axi elaborates and answers
// as an AXI4-Lite slave under its s_axi_* names: ID and CFG_ARRAY read their
// values, a RW register and a buffer window word read back what was written,
// a read-only register's write and an unmapped read answer SLVERR.  Every
// offset and value is a define from the config's nm_config.h (sim/axi_wrapper).
// Prints one line per check, then PASS or FAIL.
`default_nettype none
module nm_top_axi_tb;
  reg         aclk = 1'b0, aresetn = 1'b0;
  reg  [31:0] awaddr = 32'd0, wdata = 32'd0, araddr = 32'd0;
  reg  [3:0]  wstrb = 4'd0;
  reg         awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;
  wire        awready, wready, bvalid, arready, rvalid, busy, irq;
  wire [1:0]  bresp, rresp;
  wire [31:0] rdata;
  integer     fails = 0, checks = 0, waited;

  nm_top_axi dut (
    .aclk(aclk), .aresetn(aresetn),
    .s_axi_awaddr(awaddr), .s_axi_awprot(3'd0), .s_axi_awvalid(awvalid), .s_axi_awready(awready),
    .s_axi_wdata(wdata), .s_axi_wstrb(wstrb), .s_axi_wvalid(wvalid), .s_axi_wready(wready),
    .s_axi_bresp(bresp), .s_axi_bvalid(bvalid), .s_axi_bready(bready),
    .s_axi_araddr(araddr), .s_axi_arprot(3'd0), .s_axi_arvalid(arvalid), .s_axi_arready(arready),
    .s_axi_rdata(rdata), .s_axi_rresp(rresp), .s_axi_rvalid(rvalid), .s_axi_rready(rready),
    .busy(busy), .irq(irq),
    // the AXI4 master (DMA) idle: no XFER here; its outputs are left open
    .m_axi_awready(1'b0), .m_axi_wready(1'b0), .m_axi_bid(4'd0), .m_axi_bresp(2'd0),
    .m_axi_bvalid(1'b0), .m_axi_arready(1'b0), .m_axi_rid(4'd0), .m_axi_rdata({`AXI_DW{1'b0}}),
    .m_axi_rresp(2'd0), .m_axi_rlast(1'b0), .m_axi_rvalid(1'b0)
  );

  always #5 aclk = ~aclk;

  // A bounded wait: a slave that never answers fails the check, not the run.
  task wait_for(input integer which);
    begin
      waited = 0;
      while (!(which == 0 ? (awready && wready) : which == 1 ? bvalid : which == 2 ? arready : rvalid)
             && waited < 100) begin
        @(posedge aclk); #1 waited = waited + 1;
      end
    end
  endtask

  // AXI4-Lite write: address and data together, then the response.
  task axi_write(input [31:0] a, input [31:0] d, output [1:0] resp);
    begin
      @(posedge aclk); #1;
      awaddr = a; wdata = d; wstrb = 4'hF; awvalid = 1'b1; wvalid = 1'b1;
      wait_for(0);
      @(posedge aclk); #1 awvalid = 1'b0; wvalid = 1'b0; bready = 1'b1;
      wait_for(1);
      resp = waited < 100 ? bresp : 2'bxx;
      @(posedge aclk); #1 bready = 1'b0;
    end
  endtask

  task axi_read(input [31:0] a, output [31:0] d, output [1:0] resp);
    begin
      @(posedge aclk); #1;
      araddr = a; arvalid = 1'b1;
      wait_for(2);
      @(posedge aclk); #1 arvalid = 1'b0; rready = 1'b1;
      wait_for(3);
      d = rdata; resp = waited < 100 ? rresp : 2'bxx;
      @(posedge aclk); #1 rready = 1'b0;
    end
  endtask

  task check(input [255:0] what, input [31:0] got, input [31:0] want);
    begin
      checks = checks + 1;
      if (got !== want) begin
        fails = fails + 1;
        $display("FAIL %0s: 0x%08h, expected 0x%08h", what, got, want);
      end else $display("ok   %0s: 0x%08h", what, got);
    end
  endtask

  reg [31:0] d;
  reg [1:0]  r;
  initial begin
    repeat (4) @(posedge aclk);
    #1 aresetn = 1'b1;
    axi_read(`REG_ID, d, r);           check("ID", d, `ID_VALUE);      check("ID rresp", r, 2'd0);
    axi_read(`REG_CFG_ARRAY, d, r);
    check("CFG_ARRAY.R", (d >> `CFG_ARRAY_R_LSB) & ((1 << `CFG_ARRAY_R_WIDTH) - 1), `ROWS);
    check("CFG_ARRAY.C", (d >> `CFG_ARRAY_C_LSB) & ((1 << `CFG_ARRAY_C_WIDTH) - 1), `COLS);
    axi_read(`REG_STATUS, d, r);       check("STATUS.BUSY after reset", (d >> `STATUS_BUSY_LSB) & 1, 0);
    check("busy after reset", busy, 0);
    axi_write(`REG_WUVE_LR, 32'h3F80_0001, r); check("WUVE_LR bresp", r, 2'd0);
    axi_read(`REG_WUVE_LR, d, r);      check("WUVE_LR read back", d, 32'h3F80_0001);
    axi_write(`WIN_WORD, 32'hA5C3_0F96, r);   check("window write bresp", r, 2'd0);
    axi_read(`WIN_WORD, d, r);         check("window word read back", d, 32'hA5C3_0F96);
    axi_write(`REG_ID, 32'h0, r);      check("write to read-only ID: SLVERR", r, 2'd2);
    axi_read(`REG_ID, d, r);           check("ID unchanged", d, `ID_VALUE);
    axi_read(`UNMAPPED, d, r);         check("unmapped read: SLVERR", r, 2'd2);
    $display("nm_top_axi_tb: %0d checks, %0d failed", checks, fails);
    if (fails == 0) $display("PASS");
    else $display("FAIL");
    $finish;
  end
endmodule
`default_nettype wire
