// nm_top_replay_tb: replays a cycle stream recorded from the Verilated
// nm_top_sim (nm_top plus the hb_* backdoor; NMTOP_RECORD,
// tb/dut/dut_top_record.h documents the format) on the generated RTL in a
// 4-state simulator (Icarus, -g2005), and compares
// every output in every cycle, after the inputs settle with the clock low
// ("lo") and just after the rising edge ("hi"), with !==, so an X or Z
// where Verilator had a value is a mismatch.  One file for every
// configuration: nm_top_sim's ports have fixed widths and its parameter
// defaults are the configuration's (nmgen writes them); the m_axi_* widths
// come from sim/replay_top as AXI_DW / AXI_AW.  The AXI4 master port
// (m_axi_*, the DMA of XFER) is replayed too: its inputs (the DRAM model's
// ready, B and R channels) are driven from the record, its outputs compared
// like the others; its constant outputs (lock, cache, prot, qos: not in the
// record) are checked for X / Z only.
//
//   vvp SIM +stream=FILE [+max_report=N]
//
// Prints each mismatch (cycle, phase, signal, expected, got), a summary of
// the commands the stream ran (decoded from the AXI4-Lite traffic), and
// "N passed, N failed" with one check per recorded session (a session
// passes when every cycle matches and its end marker agrees on the count).
`default_nettype none
module nm_top_replay_tb;
  // ---- the design's ports -------------------------------------------------------------
  reg          clk;
  reg          rst_n;
  reg  [31:0]  awaddr, wdata, araddr;
  reg  [3:0]   wstrb;
  reg          awvalid, wvalid, bready, arvalid, rready, hb_we, hb_re;
  reg  [4:0]   hb_region;
  reg  [5:0]   hb_bank;
  reg  [15:0]  hb_addr;
  reg  [255:0] hb_wdata;
  wire         awready, wready, bvalid, arready, rvalid, busy, irq;
  wire [1:0]   bresp, rresp;
  wire [31:0]  rdata;
  wire [255:0] hb_rdata;
  // the AXI4 master (DMA): inputs from the record, outputs in one bus for the X check
  reg                 m_awready, m_wready, m_bvalid, m_arready, m_rvalid, m_rlast;
  reg  [3:0]          m_bid, m_rid;
  reg  [1:0]          m_bresp, m_rresp;
  reg  [`AXI_DW-1:0]  m_rdata;
  wire [3:0]          m_awid, m_arid;
  wire [`AXI_AW-1:0]  m_awaddr, m_araddr;
  wire [7:0]          m_awlen, m_arlen;
  wire [2:0]          m_awsize, m_arsize, m_awprot, m_arprot;
  wire [1:0]          m_awburst, m_arburst;
  wire [3:0]          m_awcache, m_arcache, m_awqos, m_arqos;
  wire                m_awlock, m_arlock, m_awvalid, m_arvalid, m_wlast, m_wvalid, m_bready, m_rready;
  wire [`AXI_DW-1:0]  m_wdata;
  wire [`AXI_DW/8-1:0] m_wstrb;
  wire [2*`AXI_AW+`AXI_DW+`AXI_DW/8+63:0] m_out = {m_awid, m_arid, m_awaddr, m_araddr, m_awlen,
      m_arlen, m_awsize, m_arsize, m_awprot, m_arprot, m_awburst, m_arburst, m_awcache, m_arcache,
      m_awqos, m_arqos, m_awlock, m_arlock, m_awvalid, m_arvalid, m_wlast, m_wvalid, m_bready,
      m_rready, m_wdata, m_wstrb};

  nm_top_sim dut (
    .clk_i            (clk),
    .rst_ni           (rst_n),
    .s_axil_awaddr_i  (awaddr),
    .s_axil_awvalid_i (awvalid),
    .s_axil_awready_o (awready),
    .s_axil_wdata_i   (wdata),
    .s_axil_wstrb_i   (wstrb),
    .s_axil_wvalid_i  (wvalid),
    .s_axil_wready_o  (wready),
    .s_axil_bresp_o   (bresp),
    .s_axil_bvalid_o  (bvalid),
    .s_axil_bready_i  (bready),
    .s_axil_araddr_i  (araddr),
    .s_axil_arvalid_i (arvalid),
    .s_axil_arready_o (arready),
    .s_axil_rdata_o   (rdata),
    .s_axil_rresp_o   (rresp),
    .s_axil_rvalid_o  (rvalid),
    .s_axil_rready_i  (rready),
    .busy_o           (busy),
    .irq_o            (irq),
    .hb_we_i          (hb_we),
    .hb_re_i          (hb_re),
    .hb_region_i      (hb_region),
    .hb_bank_i        (hb_bank),
    .hb_addr_i        (hb_addr),
    .hb_wdata_i       (hb_wdata),
    .hb_rdata_o       (hb_rdata),
    .m_axi_awid_o     (m_awid),
    .m_axi_awaddr_o   (m_awaddr),
    .m_axi_awlen_o    (m_awlen),
    .m_axi_awsize_o   (m_awsize),
    .m_axi_awburst_o  (m_awburst),
    .m_axi_awlock_o   (m_awlock),
    .m_axi_awcache_o  (m_awcache),
    .m_axi_awprot_o   (m_awprot),
    .m_axi_awqos_o    (m_awqos),
    .m_axi_awvalid_o  (m_awvalid),
    .m_axi_awready_i  (m_awready),
    .m_axi_wdata_o    (m_wdata),
    .m_axi_wstrb_o    (m_wstrb),
    .m_axi_wlast_o    (m_wlast),
    .m_axi_wvalid_o   (m_wvalid),
    .m_axi_wready_i   (m_wready),
    .m_axi_bid_i      (m_bid),
    .m_axi_bresp_i    (m_bresp),
    .m_axi_bvalid_i   (m_bvalid),
    .m_axi_bready_o   (m_bready),
    .m_axi_arid_o     (m_arid),
    .m_axi_araddr_o   (m_araddr),
    .m_axi_arlen_o    (m_arlen),
    .m_axi_arsize_o   (m_arsize),
    .m_axi_arburst_o  (m_arburst),
    .m_axi_arlock_o   (m_arlock),
    .m_axi_arcache_o  (m_arcache),
    .m_axi_arprot_o   (m_arprot),
    .m_axi_arqos_o    (m_arqos),
    .m_axi_arvalid_o  (m_arvalid),
    .m_axi_arready_i  (m_arready),
    .m_axi_rid_i      (m_rid),
    .m_axi_rdata_i    (m_rdata),
    .m_axi_rresp_i    (m_rresp),
    .m_axi_rlast_i    (m_rlast),
    .m_axi_rvalid_i   (m_rvalid),
    .m_axi_rready_o   (m_rready)
  );

  // ---- one record of the stream ------------------------------------------------------------
  reg  [7:0]   in_flags;
  reg  [31:0]  r_awaddr, r_wdata, r_wstrb, r_araddr, r_region, r_bank, r_addr;
  reg  [255:0] r_hbw;
  reg  [10:0]  lo_of, hi_of;
  reg  [31:0]  lo_rd, hi_rd;
  reg  [255:0] lo_hb, hi_hb;
  reg  [5:0]   r_mif, r_mb, r_mr;
  reg  [511:0] r_mrdata;
  // the m_axi_* outputs of each phase: flags, AW / AR control, addresses, W
  reg  [5:0]   lo_mof, hi_mof;
  reg  [16:0]  lo_maw, hi_maw, lo_mar, hi_mar;
  reg  [63:0]  lo_mawaddr, hi_mawaddr, lo_maraddr, hi_maraddr, lo_mwstrb, hi_mwstrb;
  reg  [511:0] lo_mwdata, hi_mwdata;

  // ---- bookkeeping -----------------------------------------------------------------------------
  integer fd, rc, n, k, max_report, reported;
  integer cycle, sess_cycles, sess_bad, sessions, passed, failed, records, bad_cycles, x_cycles;
  reg     done, cyc_bad, cyc_x, reset_edge;
  integer unchecked;
  reg [8*1024:1] fname;

  // The outputs in the record's {irq, busy, rvalid, rresp, arready, bvalid, bresp, wready, awready} order.
  wire [10:0] of = {irq, busy, rvalid, rresp, arready, bvalid, bresp, wready, awready};

  // Compare one signal; a mismatch is reported (up to max_report) with its cycle and phase.
  task cmp;
    input [8*10:1] name;
    input [8*2:1]  phase;
    input [511:0]  exp;
    input [511:0]  got;
    begin
      if (got !== exp) begin
        cyc_bad = 1'b1;
        if (reported < max_report) begin
          $display("MISMATCH cycle %0d (%0s) %0s: expected %0h, got %0h%0s", cycle, phase, name,
                   exp, got, (^got === 1'bx) ? " (X/Z)" : "");
          reported = reported + 1;
        end
      end
    end
  endtask

  // Every output of one phase against the record.
  task check;
    input [8*2:1] phase;
    input [10:0]  e_of;
    input [31:0]  e_rd;
    input [255:0] e_hb;
    input [5:0]   e_mof;
    input [16:0]  e_maw, e_mar;
    input [63:0]  e_mawaddr, e_maraddr, e_mwstrb;
    input [511:0] e_mwdata;
    begin
      cmp("awready", phase, e_of[0], awready);
      cmp("wready", phase, e_of[1], wready);
      cmp("bresp", phase, e_of[3:2], bresp);
      cmp("bvalid", phase, e_of[4], bvalid);
      cmp("arready", phase, e_of[5], arready);
      cmp("rresp", phase, e_of[7:6], rresp);
      cmp("rvalid", phase, e_of[8], rvalid);
      cmp("busy", phase, e_of[9], busy);
      cmp("irq", phase, e_of[10], irq);
      cmp("rdata", phase, e_rd, rdata);
      cmp("hb_rdata", phase, e_hb, hb_rdata);
      cmp("m_awvalid", phase, e_mof[0], m_awvalid);
      cmp("m_wvalid", phase, e_mof[1], m_wvalid);
      cmp("m_wlast", phase, e_mof[2], m_wlast);
      cmp("m_bready", phase, e_mof[3], m_bready);
      cmp("m_arvalid", phase, e_mof[4], m_arvalid);
      cmp("m_rready", phase, e_mof[5], m_rready);
      cmp("m_aw_ctl", phase, e_maw, {m_awid, m_awlen, m_awsize, m_awburst});
      cmp("m_awaddr", phase, e_mawaddr[`AXI_AW-1:0], m_awaddr);
      cmp("m_wdata", phase, e_mwdata[`AXI_DW-1:0], m_wdata);
      cmp("m_wstrb", phase, e_mwstrb[`AXI_DW/8-1:0], m_wstrb);
      cmp("m_ar_ctl", phase, e_mar, {m_arid, m_arlen, m_arsize, m_arburst});
      cmp("m_araddr", phase, e_maraddr[`AXI_AW-1:0], m_araddr);
      // The explicit X check: no output may hold X or Z, whatever the record
      // says; the AXI4 master's constant outputs too (not in the record).
      if (^{of, rdata, hb_rdata, m_out} === 1'bx) cyc_x = 1'b1;
    end
  endtask

  // ---- the commands of the stream, decoded from the AXI4-Lite traffic -----------------------
  // Writes complete at B, reads at R, in order (AXI4-Lite without IDs), so
  // small FIFOs of the addresses and data pair them up.
  reg [31:0] aw_q [0:15];
  reg [31:0] w_q  [0:15];
  reg [31:0] ar_q [0:15];
  reg [3:0]  aw_wp, aw_rp, w_wp, w_rp, ar_wp, ar_rp;
  reg [31:0] arg [0:4];
  integer    n_op [0:15];
  integer    n_q [0:15];      // descriptors accepted by Q_PUSH, by op
  integer    n_err [0:255];   // [op * 16 + code]
  integer    n_os, n_ws, n_busy_ref, n_op_ref, pend_op, i;
  // the m_axi_* traffic: bursts and beats per channel, error responses
  integer    n_ar, n_r, n_aw, n_w, n_b, n_rerr, n_berr;
  reg        pend;

  initial begin
    aw_wp = 0; aw_rp = 0; w_wp = 0; w_rp = 0; ar_wp = 0; ar_rp = 0;
    pend = 1'b0; pend_op = 0; n_os = 0; n_ws = 0; n_busy_ref = 0; n_op_ref = 0;
    n_ar = 0; n_r = 0; n_aw = 0; n_w = 0; n_b = 0; n_rerr = 0; n_berr = 0;
    for (i = 0; i < 16; i = i + 1) begin n_op[i] = 0; n_q[i] = 0; end
    for (i = 0; i < 256; i = i + 1) n_err[i] = 0;
    for (i = 0; i < 5; i = i + 1) arg[i] = 32'd0;
  end

  always @(posedge clk) begin
    if (rst_n === 1'b1) begin
      if (awvalid && awready === 1'b1) begin aw_q[aw_wp] <= awaddr; aw_wp <= aw_wp + 1; end
      if (wvalid && wready === 1'b1) begin w_q[w_wp] <= wdata; w_wp <= w_wp + 1; end
      if (arvalid && arready === 1'b1) begin ar_q[ar_wp] <= araddr; ar_wp <= ar_wp + 1; end
      if (bready && bvalid === 1'b1) begin
        on_write(aw_q[aw_rp], w_q[w_rp], bresp);
        aw_rp <= aw_rp + 1; w_rp <= w_rp + 1;
      end
      if (rready && rvalid === 1'b1) begin
        on_read(ar_q[ar_rp], rdata, rresp);
        ar_rp <= ar_rp + 1;
      end
      if (m_arvalid === 1'b1 && m_arready) n_ar = n_ar + 1;
      if (m_awvalid === 1'b1 && m_awready) n_aw = n_aw + 1;
      if (m_wvalid === 1'b1 && m_wready) n_w = n_w + 1;
      if (m_rready === 1'b1 && m_rvalid) begin
        n_r = n_r + 1;
        if (m_rresp != 2'd0) n_rerr = n_rerr + 1;
      end
      if (m_bready === 1'b1 && m_bvalid) begin
        n_b = n_b + 1;
        if (m_bresp != 2'd0) n_berr = n_berr + 1;
      end
    end
  end

  // Register word offsets and fields: the config's nm_config.h, passed by
  // sim/replay_top as defines (REG_*_W, STATUS_*_LSB, GEMM_WS_*), never restated.
  task on_write;
    input [31:0] a;
    input [31:0] d;
    input [1:0]  resp;
    begin
      if (a[31:12] == 20'd0 && a[11:2] >= `REG_ARG0_W && a[11:2] <= `REG_ARG4_W && resp == 2'd0)
        arg[a[11:2] - `REG_ARG0_W] = d;
      if (a[31:12] == 20'd0 && a[11:2] == `REG_CMD_W) begin
        if (resp == 2'd0) begin
          n_op[d[3:0]] = n_op[d[3:0]] + 1;
          if (d[3:0] == 4'd1 && arg[`GEMM_WS_ARG][`GEMM_WS_LSB]) n_ws = n_ws + 1;
          else if (d[3:0] == 4'd1) n_os = n_os + 1;
          pend = 1'b1; pend_op = d[3:0];
        end else if (d[3:0] >= 4'd1 && d[3:0] <= 4'd5) n_busy_ref = n_busy_ref + 1;
        else n_op_ref = n_op_ref + 1;
      end
      if (a[31:12] == 20'd0 && a[11:2] == `REG_Q_PUSH_W && resp == 2'd0) n_q[d[3:0]] = n_q[d[3:0]] + 1;
    end
  endtask

  // STATUS read once the command is done: its ERR field is the refusal code.
  task on_read;
    input [31:0] a;
    input [31:0] d;
    input [1:0]  resp;
    begin
      if (a[31:12] == 20'd0 && a[11:2] == `REG_STATUS_W && resp == 2'd0 && pend && d[`STATUS_BUSY_LSB] === 1'b0) begin
        if (d[`STATUS_ERR_LSB +: 4] != 4'd0)
          n_err[pend_op * 16 + d[`STATUS_ERR_LSB +: 4]] = n_err[pend_op * 16 + d[`STATUS_ERR_LSB +: 4]] + 1;
        pend = 1'b0;
      end
    end
  endtask

  task summary;
    integer op, code;
    begin
      $display("commands: GEMM %0d (OS %0d, WS %0d), PRUNE %0d, UPDATE %0d, ANT %0d, XFER %0d",
               n_op[1], n_os, n_ws, n_op[2], n_op[3], n_op[4], n_op[5]);
      for (op = 1; op < 6; op = op + 1)
        for (code = 1; code < 16; code = code + 1)
          if (n_err[op * 16 + code] != 0)
            $display("  refused with ERR %0d: %0s x %0d", code,
                     op == 1 ? "GEMM" : op == 2 ? "PRUNE" : op == 3 ? "UPDATE" : op == 4 ? "ANT" : "XFER",
                     n_err[op * 16 + code]);
      $display("  refused at the CMD write (SLVERR): %0d while busy, %0d unknown op", n_busy_ref,
               n_op_ref);
      $display("queued by Q_PUSH: GEMM %0d, PRUNE %0d, UPDATE %0d, ANT %0d, XFER %0d",
               n_q[1], n_q[2], n_q[3], n_q[4], n_q[5]);
      $display("m_axi: %0d read bursts (%0d beats, %0d not OKAY), %0d write bursts (%0d beats, %0d B, %0d not OKAY)",
               n_ar, n_r, n_rerr, n_aw, n_w, n_b, n_berr);
    end
  endtask

  // ---- the replay ----------------------------------------------------------------------------
  task end_session;
    input integer want;
    begin
      if (want != sess_cycles) begin
        $display("FAIL session %0d: end marker says %0d cycles, the stream had %0d", sessions,
                 want, sess_cycles);
        sess_bad = 1;
      end
      if (sess_bad) failed = failed + 1;
      else passed = passed + 1;
      sessions = sessions + 1;
      sess_cycles = 0;
      sess_bad = 0;
      reset_edge = 1'b0;  // the next session is a new model in Verilator
    end
  endtask

  initial begin
    clk = 1'b0;
    {rst_n, awvalid, wvalid, bready, arvalid, rready, hb_we, hb_re} = 8'h00;
    {m_rlast, m_rvalid, m_arready, m_bvalid, m_wready, m_awready} = 6'd0;
    m_bid = 0; m_bresp = 0; m_rid = 0; m_rresp = 0; m_rdata = 0;
    awaddr = 0; wdata = 0; wstrb = 0; araddr = 0; hb_region = 0; hb_bank = 0; hb_addr = 0;
    hb_wdata = 0;
    cycle = 0; sess_cycles = 0; sess_bad = 0; sessions = 0; passed = 0; failed = 0;
    records = 0; bad_cycles = 0; x_cycles = 0; reported = 0; done = 1'b0;
    reset_edge = 1'b0; unchecked = 0;
    if (!$value$plusargs("max_report=%d", max_report)) max_report = 20;
    if (!$value$plusargs("stream=%s", fname)) begin
      $display("nm_top_replay_tb: no +stream=FILE");
      $display("0 passed, 1 failed");
      $finish;
    end
    fd = $fopen(fname, "r");
    if (fd == 0) begin
      $display("nm_top_replay_tb: cannot open %0s", fname);
      $display("0 passed, 1 failed");
      $finish;
    end
    while (!done) begin
      rc = $fscanf(fd, "%d", n);
      if (rc != 1) done = 1'b1;
      else if (n == 0) begin
        rc = $fscanf(fd, "%d", k);
        end_session(rc == 1 ? k : -1);
      end else begin
        // the fields in dut_top_record.h's order: inputs, then each phase's outputs
        rc = $fscanf(fd, "%h %h %h %h %h %h %h %h %h %h %h %h %h", in_flags, r_awaddr, r_wdata,
                     r_wstrb, r_araddr, r_region, r_bank, r_addr, r_hbw, r_mif, r_mb, r_mr, r_mrdata);
        rc = rc + $fscanf(fd, "%h %h %h %h %h %h %h %h %h %h", lo_of, lo_rd, lo_hb, lo_mof, lo_maw,
                          lo_mawaddr, lo_mwdata, lo_mwstrb, lo_mar, lo_maraddr);
        rc = rc + $fscanf(fd, "%h %h %h %h %h %h %h %h %h %h", hi_of, hi_rd, hi_hb, hi_mof, hi_maw,
                          hi_mawaddr, hi_mwdata, hi_mwstrb, hi_mar, hi_maraddr);
        if (rc != 33) begin
          $display("FAIL stream record %0d: %0d of 33 fields", records, rc);
          sess_bad = 1; done = 1'b1;
        end else begin
          records = records + 1;
          {rst_n, awvalid, wvalid, bready, arvalid, rready, hb_we, hb_re} = in_flags;
          awaddr = r_awaddr; wdata = r_wdata; wstrb = r_wstrb[3:0]; araddr = r_araddr;
          hb_region = r_region[4:0]; hb_bank = r_bank[5:0]; hb_addr = r_addr[15:0];
          hb_wdata = r_hbw;
          {m_rlast, m_rvalid, m_arready, m_bvalid, m_wready, m_awready} = r_mif;
          {m_bid, m_bresp} = r_mb;
          {m_rid, m_rresp} = r_mr;
          m_rdata = r_mrdata[`AXI_DW-1:0];
          for (k = 0; k < n; k = k + 1) begin
            cyc_bad = 1'b0; cyc_x = 1'b0;
            clk = 1'b0;
            // The reset is synchronous: before a session's first reset edge
            // every flop is X here (or the last session's value) and fresh
            // in Verilator, so those phases are not compared.
            #1 if (reset_edge) check("lo", lo_of, lo_rd, lo_hb, lo_mof, lo_maw, lo_mar, lo_mawaddr,
                                     lo_maraddr, lo_mwstrb, lo_mwdata);
               else unchecked = unchecked + 1;
            #4 clk = 1'b1;
            if (rst_n === 1'b0) reset_edge = 1'b1;
            #1 if (reset_edge) check("hi", hi_of, hi_rd, hi_hb, hi_mof, hi_maw, hi_mar, hi_mawaddr,
                                     hi_maraddr, hi_mwstrb, hi_mwdata);
               else unchecked = unchecked + 1;
            #4;
            if (cyc_x) begin
              if (x_cycles < max_report) $display("X/Z on an output in cycle %0d", cycle);
              x_cycles = x_cycles + 1;
            end
            if (cyc_bad || cyc_x) begin bad_cycles = bad_cycles + 1; sess_bad = 1; end
            cycle = cycle + 1; sess_cycles = sess_cycles + 1;
          end
        end
      end
    end
    if (sess_cycles != 0 || sess_bad) begin
      $display("FAIL the stream ends inside session %0d (no end marker)", sessions);
      failed = failed + 1;
    end
    if (sessions == 0 && failed == 0) begin
      $display("FAIL the stream holds no session");
      failed = failed + 1;
    end
    $display("replayed %0d sessions, %0d cycles (%0d records): %0d cycles mismatched, %0d with X/Z",
             sessions, cycle, records, bad_cycles, x_cycles);
    $display("  %0d half-cycles before the first reset edge not compared", unchecked);
    summary;
    $display("%0d passed, %0d failed", passed, failed);
    $finish;
  end
endmodule
`default_nettype wire
