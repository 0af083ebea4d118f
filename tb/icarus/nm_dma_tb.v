// nm_dma_tb: nm_dma in a 4-state simulator (Icarus -g2005).  A behavioural
// AXI4 slave (64 KB of byte memory, one burst per direction at a time,
// READY/VALID stalls from $random) answers the DMA; the bench writes a
// strided 2-D region through the write stream, reads it back through the
// read stream and compares every row byte, for several shapes.  From the
// first cycle after reset to the end, any X or Z on an m_axi_* output or
// on the request / stream outputs fails the run (a register without a
// reset value or a path that reads one shows up here and not in the
// 2-state Verilator runs).  Prints PASS or FAIL as its last line.
// Parameters: DW (nm_dma DATA_BITS), AW (ADDR_BITS), SEED.
`default_nettype none
module nm_dma_tb;
  parameter DW = 128;
  parameter AW = 64;
  parameter SEED = 1;
  localparam NB = DW / 8;

  reg clk = 1'b0, rst_n = 1'b0;
  always #5 clk = ~clk;

  // ---- chip side --------------------------------------------------------------
  reg           rd_req_valid = 1'b0, wr_req_valid = 1'b0, rd_ready = 1'b0, wr_valid = 1'b0;
  reg  [AW-1:0] req_addr = {AW{1'b0}}, req_stride = {AW{1'b0}};
  reg  [23:0]   req_row_bytes = 24'd0;
  reg  [15:0]   req_rows = 16'd0;
  reg  [DW-1:0] wr_data = {DW{1'b0}};
  wire          rd_req_ready, rd_done, rd_busy, rd_valid, rd_row_last, rd_last;
  wire          wr_req_ready, wr_done, wr_busy, wr_ready;
  wire [2:0]    rd_err, wr_err;
  wire [DW-1:0] rd_data;
  wire [NB-1:0] rd_strb;

  // ---- AXI4 ---------------------------------------------------------------------
  wire [3:0]    awid, arid;
  wire [AW-1:0] awaddr, araddr;
  wire [7:0]    awlen, arlen;
  wire [2:0]    awsize, arsize, awprot, arprot;
  wire [1:0]    awburst, arburst;
  wire          awlock, arlock, awvalid, wlast, wvalid, bready, arvalid, rready;
  wire [3:0]    awcache, arcache, awqos, arqos;
  wire [DW-1:0] wdata;
  wire [NB-1:0] wstrb;
  reg           awready = 1'b0, wready = 1'b0, bvalid = 1'b0, arready = 1'b0, rvalid = 1'b0, rlast = 1'b0;
  reg  [DW-1:0] rdata = {DW{1'b0}};

  nm_dma #(.DATA_BITS(DW), .ADDR_BITS(AW)) dut (
    .clk_i(clk), .rst_ni(rst_n),
    .win_base_i({AW{1'b0}}), .win_limit_i({{(AW - 16){1'b0}}, 16'hFFFF}),
    .rd_req_valid_i(rd_req_valid), .rd_req_ready_o(rd_req_ready), .rd_req_addr_i(req_addr),
    .rd_req_row_bytes_i(req_row_bytes), .rd_req_rows_i(req_rows), .rd_req_stride_i(req_stride),
    .rd_done_o(rd_done), .rd_err_o(rd_err), .rd_busy_o(rd_busy),
    .rd_valid_o(rd_valid), .rd_ready_i(rd_ready), .rd_data_o(rd_data), .rd_strb_o(rd_strb),
    .rd_row_last_o(rd_row_last), .rd_last_o(rd_last),
    .wr_req_valid_i(wr_req_valid), .wr_req_ready_o(wr_req_ready), .wr_req_addr_i(req_addr),
    .wr_req_row_bytes_i(req_row_bytes), .wr_req_rows_i(req_rows), .wr_req_stride_i(req_stride),
    .wr_done_o(wr_done), .wr_err_o(wr_err), .wr_busy_o(wr_busy),
    .wr_valid_i(wr_valid), .wr_ready_o(wr_ready), .wr_data_i(wr_data),
    .m_axi_awid_o(awid), .m_axi_awaddr_o(awaddr), .m_axi_awlen_o(awlen), .m_axi_awsize_o(awsize),
    .m_axi_awburst_o(awburst), .m_axi_awlock_o(awlock), .m_axi_awcache_o(awcache),
    .m_axi_awprot_o(awprot), .m_axi_awqos_o(awqos), .m_axi_awvalid_o(awvalid),
    .m_axi_awready_i(awready),
    .m_axi_wdata_o(wdata), .m_axi_wstrb_o(wstrb), .m_axi_wlast_o(wlast), .m_axi_wvalid_o(wvalid),
    .m_axi_wready_i(wready),
    .m_axi_bid_i(awid_q), .m_axi_bresp_i(2'b00), .m_axi_bvalid_i(bvalid), .m_axi_bready_o(bready),
    .m_axi_arid_o(arid), .m_axi_araddr_o(araddr), .m_axi_arlen_o(arlen), .m_axi_arsize_o(arsize),
    .m_axi_arburst_o(arburst), .m_axi_arlock_o(arlock), .m_axi_arcache_o(arcache),
    .m_axi_arprot_o(arprot), .m_axi_arqos_o(arqos), .m_axi_arvalid_o(arvalid),
    .m_axi_arready_i(arready),
    .m_axi_rid_i(arid_q), .m_axi_rdata_i(rdata), .m_axi_rresp_i(2'b00), .m_axi_rlast_i(rlast),
    .m_axi_rvalid_i(rvalid), .m_axi_rready_o(rready)
  );

  // ---- the X/Z watch: every output, every cycle out of reset ---------------------
  wire [1023:0] outs = {awid, awaddr, awlen, awsize, awburst, awlock, awcache, awprot, awqos, awvalid,
                        wdata, wstrb, wlast, wvalid, bready, arid, araddr, arlen, arsize, arburst,
                        arlock, arcache, arprot, arqos, arvalid, rready, rd_req_ready, rd_done,
                        rd_busy, rd_valid, rd_row_last, rd_last, rd_err, rd_data, rd_strb,
                        wr_req_ready, wr_done, wr_busy, wr_ready, wr_err};
  integer fails = 0, xcycles = 0, seed = SEED;
  always @(posedge clk) begin
    if (rst_n && ^outs === 1'bx) begin
      if (xcycles < 5) $display("FAIL X/Z on an output at %0t: %b", $time, outs);
      xcycles = xcycles + 1;
    end
  end

  // ---- the slave: memory, one burst per direction --------------------------------
  reg [7:0]    mem [0:65535];
  reg [3:0]    awid_q = 4'd0, arid_q = 4'd0;
  reg [15:0]   wa = 16'd0, ra = 16'd0;
  reg [8:0]    rleft = 9'd0;
  reg          w_on = 1'b0, r_on = 1'b0, r_stall = 1'b0;
  integer      k;
  always @(posedge clk) begin
    // AW then W beats then B; AR then R beats.  The stalls are random.
    if (awvalid && awready) begin
      w_on <= 1'b1;  awid_q <= awid;  wa <= awaddr[15:0] & ~(NB - 1);
    end
    if (wvalid && wready) begin
      for (k = 0; k < NB; k = k + 1) if (wstrb[k]) mem[wa + k] <= wdata[8 * k +: 8];
      wa <= wa + NB;
      if (wlast) begin w_on <= 1'b0; bvalid <= 1'b1; end
    end
    if (bvalid && bready) bvalid <= 1'b0;
    awready <= !w_on && !bvalid && !(awvalid && awready) && ($random(seed) & 1);
    wready <= w_on && !(wvalid && wready && wlast) && ($random(seed) & 1);
    if (arvalid && arready) begin
      r_on <= 1'b1;  arid_q <= arid;  ra <= araddr[15:0] & ~(NB - 1);  rleft <= {1'b0, arlen} + 9'd1;
    end
    if (rvalid && rready) begin
      ra <= ra + NB;  rleft <= rleft - 9'd1;
      if (rleft == 9'd1) r_on <= 1'b0;
    end
    arready <= !r_on && !(arvalid && arready) && ($random(seed) & 1);
    r_stall <= rvalid && !rready;   // RVALID stays up until taken (AXI4 A3.2.1)
  end
  // R: the beat at ra while a burst is on (random gaps between beats).
  always @(negedge clk) begin
    rvalid = r_on && rleft != 9'd0 && (r_stall || $random(seed) % 4 != 0);
    for (k = 0; k < NB; k = k + 1) rdata[8 * k +: 8] = mem[ra + k];
    rlast = rleft == 9'd1;
    if (!rvalid) begin rdata = {DW{1'b0}}; rlast = 1'b0; end
  end

  // ---- one write then a read-back of the same region ------------------------------
  function [7:0] pat(input integer row, input integer byte, input integer salt);
    pat = (row * 37 + byte * 5 + salt * 11 + 3) & 8'hFF;
  endfunction

  // Inputs change at the falling edge; a handshake is judged there (#1 after
  // it, once the DUT's combinational outputs have settled) for the coming
  // rising edge, so nothing races the DUT's registers.
  task req(input integer is_wr);
    begin
      @(negedge clk);
      if (is_wr) wr_req_valid = 1'b1; else rd_req_valid = 1'b1;
      #1 while (!(is_wr ? wr_req_ready : rd_req_ready)) begin @(negedge clk); #1; end
      @(posedge clk);
      #1 wr_req_valid = 1'b0;  rd_req_valid = 1'b0;
    end
  endtask

  task wait_done(input integer is_wr, input integer addr);
    integer waited;
    begin
      waited = 0;
      @(negedge clk);
      #1 while (!(is_wr ? wr_done : rd_done) && waited < 20000) begin
        @(negedge clk); #1 waited = waited + 1;
      end
      if ((is_wr ? wr_err : rd_err) != 3'd0 || waited >= 20000) begin
        $display("FAIL %s addr %0h: err %0d after %0d cycles", is_wr ? "write" : "read", addr,
                 is_wr ? wr_err : rd_err, waited);
        fails = fails + 1;
      end
    end
  endtask

  task transfer(input integer addr, input integer row_bytes, input integer rows, input integer stride,
                input integer salt);
    integer r, b, beats, t, got, want, waited;
    begin
      beats = (row_bytes + NB - 1) / NB;
      req_addr = addr;  req_row_bytes = row_bytes;  req_rows = rows;  req_stride = stride;
      req(1);
      for (r = 0; r < rows; r = r + 1)
        for (t = 0; t < beats; t = t + 1) begin
          @(negedge clk);
          for (b = 0; b < NB; b = b + 1) wr_data[8 * b +: 8] = pat(r, t * NB + b, salt);
          wr_valid = 1'b1;
          #1 while (!wr_ready) begin @(negedge clk); #1; end
          @(posedge clk);
          #1 wr_valid = 1'b0;
        end
      wait_done(1, addr);
      req(0);
      for (r = 0; r < rows; r = r + 1)
        for (t = 0; t < beats; t = t + 1) begin
          waited = 0;
          @(negedge clk);
          rd_ready = $random(seed) & 1;
          #1 while (!(rd_valid && rd_ready) && waited < 20000) begin
            @(negedge clk);
            rd_ready = ($random(seed) & 1) | (waited > 4);
            #1 waited = waited + 1;
          end
          for (b = 0; b < NB; b = b + 1) if (t * NB + b < row_bytes) begin
            got = rd_data[8 * b +: 8];  want = pat(r, t * NB + b, salt);
            if (got !== want || rd_strb[b] !== 1'b1) begin
              if (fails < 10)
                $display("FAIL read addr %0h row %0d byte %0d: got %0h strb %b want %0h", addr, r,
                         t * NB + b, got, rd_strb[b], want);
              fails = fails + 1;
            end
          end
          if (rd_row_last !== (t == beats - 1) || rd_last !== (t == beats - 1 && r == rows - 1)) begin
            $display("FAIL read addr %0h row %0d beat %0d: row_last %b last %b", addr, r, t,
                     rd_row_last, rd_last);
            fails = fails + 1;
          end
          @(posedge clk);
          #1 rd_ready = 1'b0;
        end
      wait_done(0, addr);
      // every byte of the region holds the pattern
      for (r = 0; r < rows; r = r + 1)
        for (b = 0; b < row_bytes; b = b + 1)
          if (mem[addr + r * stride + b] !== pat(r, b, salt)) begin
            if (fails < 10) $display("FAIL memory row %0d byte %0d", r, b);
            fails = fails + 1;
          end
      $display("transfer addr %0h row_bytes %0d rows %0d stride %0h: %0d failures so far", addr,
               row_bytes, rows, stride, fails);
    end
  endtask

  initial begin
    for (k = 0; k < 65536; k = k + 1) mem[k] = 8'h00;
    repeat (4) @(posedge clk);
    #1 rst_n = 1'b1;
    transfer(32'h1006, 40, 3, 32'h100, 1);       // rows start inside a beat
    transfer(32'h0FF0, 70, 2, 32'h1000, 2);      // crosses a 4 KB page
    transfer(32'h2000, 2 * NB, 4, 2 * NB, 3);    // aligned, rows back to back
    transfer(32'h3002, 2, 5, 32'h42, 4);         // one element a row
    transfer(32'h4010, 2100, 1, 0, 5);          // over 256 beats on a 64-bit bus
    if (xcycles != 0) $display("FAIL %0d cycles with X/Z on an output", xcycles);
    $display("%0d failures", fails + xcycles);
    if (fails + xcycles == 0) $display("PASS"); else $display("FAIL");
    $finish;
  end
endmodule
`default_nettype wire
