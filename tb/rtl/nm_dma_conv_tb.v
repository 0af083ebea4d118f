// nm_dma_conv_tb: the Verilator test top of the DMA's layout converters:
// nm_dma_pack and nm_dma_unpack side by side on one descriptor (each has its
// own start), so one model per bus shape serves both directions in
// tb/tests/test_rtl_dma_pack.c.  Not part of the generated RTL.
`default_nettype none
module nm_dma_conv_tb #(
  parameter DW     = 128,
  parameter NB_MAX = 8,
  parameter LANES  = 8
) (
  input  wire                       clk_i,
  input  wire                       rst_ni,
  input  wire                       pack_start_i,
  input  wire                       unpack_start_i,
  input  wire [1:0]                 esz_i,
  input  wire [6:0]                 nb_i,
  input  wire [15:0]                base_i,
  input  wire [3:0]                 lane0_i,
  input  wire [4:0]                 epw_i,
  input  wire                       e_wm_i,
  input  wire                       e_skew_i,
  input  wire [15:0]                e_wstep_i,
  input  wire                       r_flat_i,
  input  wire [4:0]                 rpl_i,
  input  wire                       r_wm_i,
  input  wire                       r_skew_i,
  input  wire [15:0]                r_wstep_i,
  input  wire [23:0]                row_elems_i,
  input  wire [15:0]                rows_i,
  input  wire                       in_valid_i,
  output wire                       in_ready_o,
  input  wire [DW-1:0]              in_data_i,
  input  wire [DW/8-1:0]            in_strb_i,
  input  wire                       in_row_last_i,
  input  wire                       in_last_i,
  output wire [NB_MAX-1:0]          wr_en_o,
  output wire [NB_MAX*16-1:0]       wr_word_o,
  output wire [NB_MAX*LANES*16-1:0] wr_data_o,
  output wire [NB_MAX*LANES-1:0]    wr_lanes_o,
  output wire                       pack_busy_o,
  output wire                       pack_done_o,
  output wire [NB_MAX-1:0]          rd_en_o,
  output wire [NB_MAX*16-1:0]       rd_word_o,
  input  wire [NB_MAX*LANES*16-1:0] rd_data_i,
  output wire                       out_valid_o,
  input  wire                       out_ready_i,
  output wire [DW-1:0]              out_data_o,
  output wire                       unpack_busy_o,
  output wire                       unpack_done_o
);
  // the look-ahead outputs serve nm_top_dma's wide port, not this test
  wire [NB_MAX-1:0]    pre_en_unused;
  wire [NB_MAX*16-1:0] pre_word_unused;
  wire                 unused_pre = ^{pre_en_unused, pre_word_unused};
  nm_dma_pack #(.DW(DW), .NB_MAX(NB_MAX), .LANES(LANES)) u_pack (
    .clk_i(clk_i), .rst_ni(rst_ni), .start_i(pack_start_i), .stall_i(1'b0),
    .esz_i(esz_i), .nb_i(nb_i), .base_i(base_i), .lane0_i(lane0_i), .epw_i(epw_i),
    .e_wm_i(e_wm_i), .e_skew_i(e_skew_i), .e_wstep_i(e_wstep_i), .r_flat_i(r_flat_i),
    .rpl_i(rpl_i), .r_wm_i(r_wm_i), .r_skew_i(r_skew_i), .r_wstep_i(r_wstep_i),
    .in_valid_i(in_valid_i), .in_ready_o(in_ready_o), .in_data_i(in_data_i),
    .in_strb_i(in_strb_i), .in_row_last_i(in_row_last_i), .in_last_i(in_last_i),
    .wr_en_o(wr_en_o), .wr_word_o(wr_word_o), .wr_data_o(wr_data_o), .wr_lanes_o(wr_lanes_o),
    .pre_en_o(pre_en_unused), .pre_word_o(pre_word_unused),
    .busy_o(pack_busy_o), .done_o(pack_done_o)
  );
  nm_dma_unpack #(.DW(DW), .NB_MAX(NB_MAX), .LANES(LANES)) u_unpack (
    .clk_i(clk_i), .rst_ni(rst_ni), .start_i(unpack_start_i), .stall_i(1'b0), .hold_i(1'b0),
    .esz_i(esz_i), .nb_i(nb_i), .base_i(base_i), .lane0_i(lane0_i), .epw_i(epw_i),
    .e_wm_i(e_wm_i), .e_skew_i(e_skew_i), .e_wstep_i(e_wstep_i), .r_flat_i(r_flat_i),
    .rpl_i(rpl_i), .r_wm_i(r_wm_i), .r_skew_i(r_skew_i), .r_wstep_i(r_wstep_i),
    .row_elems_i(row_elems_i), .rows_i(rows_i),
    .rd_en_o(rd_en_o), .rd_word_o(rd_word_o), .rd_data_i(rd_data_i),
    .out_valid_o(out_valid_o), .out_ready_i(out_ready_i), .out_data_o(out_data_o),
    .busy_o(unpack_busy_o), .done_o(unpack_done_o)
  );
endmodule
`default_nettype wire
