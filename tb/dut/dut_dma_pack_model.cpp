// Adapter for one Verilated nm_dma_conv_tb model.  Compiled once per model
// with DUT_CLASS, DUT_HEADER (the Verilated class and header), DUT_NAME and
// DUT_DW, DUT_BANKS, DUT_LANES (the -G values it was Verilated with).
#include DUT_HEADER

#include "dut_dma_pack.h"
#include "dut_model.h"

namespace {

// Byte arrays to and from a port's 32-bit words.
void bytes_to_words(const uint8_t *b, int n, uint32_t *w) {
  for (int i = 0; i < (n + 3) / 4; i++) w[i] = 0;
  for (int i = 0; i < n; i++) w[i / 4] |= (uint32_t)b[i] << 8 * (i % 4);
}
void words_to_bytes(const uint32_t *w, int n, uint8_t *b) {
  for (int i = 0; i < n; i++) b[i] = (uint8_t)(w[i / 4] >> 8 * (i % 4));
}

class Adapter final : public dut::Adapter<DUT_CLASS, DpackPorts> {
  void set(DUT_CLASS &t, const dut_dma_pack_in &in) override {
    uint32_t w[DPK_DATA_WORDS];
    t.pack_start_i = in.pack_start;
    t.unpack_start_i = in.unpack_start;
    t.esz_i = in.esz, t.nb_i = in.nb, t.base_i = in.base, t.lane0_i = in.lane0, t.epw_i = in.epw;
    t.e_wm_i = in.e_wm, t.e_skew_i = in.e_skew, t.e_wstep_i = in.e_wstep, t.r_flat_i = in.r_flat;
    t.rpl_i = in.rpl, t.r_wm_i = in.r_wm, t.r_skew_i = in.r_skew, t.r_wstep_i = in.r_wstep;
    t.row_elems_i = in.row_elems, t.rows_i = in.rows;
    t.in_valid_i = in.in_valid, t.in_row_last_i = in.in_row_last, t.in_last_i = in.in_last;
    bytes_to_words(in.in_data, DUT_DW / 8, w);
    dut::put_words(t.in_data_i, w);
    w[0] = (uint32_t)in.in_strb, w[1] = (uint32_t)(in.in_strb >> 32);
    dut::put_words(t.in_strb_i, w);
    dut::put_words(t.rd_data_i, in.rd_data);
    t.out_ready_i = in.out_ready;
  }
  void get(const DUT_CLASS &t, dut_dma_pack_out *o) const override {
    uint32_t w[DPK_DATA_WORDS];
    o->in_ready = t.in_ready_o, o->pack_busy = t.pack_busy_o, o->pack_done = t.pack_done_o;
    dut::get_words(t.wr_en_o, w);
    o->wr_en = w[0];
    dut::get_words(t.wr_word_o, w);
    for (int b = 0; b < DUT_BANKS; b++) o->wr_word[b] = (uint16_t)dut::get_bits(w, 16 * b, 16);
    dut::get_words(t.wr_data_o, o->wr_data);
    dut::get_words(t.wr_lanes_o, o->wr_lanes);
    dut::get_words(t.rd_en_o, w);
    o->rd_en = w[0];
    dut::get_words(t.rd_word_o, w);
    for (int b = 0; b < DUT_BANKS; b++) o->rd_word[b] = (uint16_t)dut::get_bits(w, 16 * b, 16);
    o->out_valid = t.out_valid_o, o->unpack_busy = t.unpack_busy_o, o->unpack_done = t.unpack_done_o;
    dut::get_words(t.out_data_o, w);
    words_to_bytes(w, DUT_DW / 8, o->out_data);
  }
};

const bool registered =
    DpackRegistry::add(DpackInfo{DUT_NAME, DUT_DW, DUT_BANKS, DUT_LANES}, dut::make<Adapter, DpackPorts>);

}  // namespace
