/*
** The nm_dma harness (see dma_harness.h): one cycle = the memory model's
** outputs, the DUT's cycle, the protocol checker, the model's handshakes.
*/
#include "dma_harness.h"

#include <stdio.h>
#include <string.h>

static int pct(nm_rng *r, int p) { return p > 0 && (int)nm_rng_below(r, 100) < p; }

/* One clock cycle of everything; a model error is kept for the run. */
static void step(dma_h *h, const dut_dma_in *in, dut_dma_out *out, int in_reset) {
  axi_mem_drive(h->mem, &h->bus);
  dut_dma_cycle(h->d, in, &h->bus, out);
  axi_check_cycle(h->chk, &h->bus, in_reset);
  if (axi_mem_step(h->mem, &h->bus, h->model_why, sizeof h->model_why) != 0) h->model_err = 1;
  h->cycle++;
}

int dma_h_open(dma_h *h, size_t model, const dma_traffic *t, uint64_t mem_base, size_t mem_size,
               uint64_t seed) {
  memset(h, 0, sizeof *h);
  h->model = model;
  h->bus_bytes = dut_dma_data_bits(model) / 8;
  h->t = *t;
  h->mem_base = mem_base, h->mem_size = mem_size;
  h->win_base = mem_base, h->win_limit = mem_base + mem_size - 1;
  nm_rng_seed(&h->rng, seed ^ 0xD3A5u);
  axi_mem_cfg mc = {mem_base, mem_size, h->bus_bytes, t->latency, t->bytes_per_cycle, t->p_stall,
                    t->p_gap, t->reorder, seed, 0, 0, AXI_SLVERR, 64, 64};
  axi_check_cfg cc = {h->bus_bytes, dut_dma_id_bits(model), dut_dma_max_reads(model),
                      dut_dma_max_reads(model)};
  h->mem = axi_mem_new(&mc);
  h->chk = axi_check_new(&cc);
  h->d = dut_dma_open(model);
  if (!h->mem || !h->chk || !h->d) return -1;
  uint8_t *m = axi_mem_bytes(h->mem);
  for (size_t i = 0; i < mem_size; i++) m[i] = (uint8_t)nm_rng_u32(&h->rng);
  dut_dma_in in;
  dut_dma_out out;
  memset(&in, 0, sizeof in);
  for (int k = 0; k < 5; k++) {
    in.rst_n = k == 4;
    step(h, &in, &out, k < 4);
  }
  return 0;
}

void dma_h_close(dma_h *h) {
  dut_dma_close(h->d);
  axi_mem_free(h->mem);
  axi_check_free(h->chk);
  memset(h, 0, sizeof *h);
}

/* Bytes of the last beat of a row of L bytes (B if it is full). */
static unsigned tail_bytes(uint32_t len, int bb) { return len % (unsigned)bb ? len % (unsigned)bb : (unsigned)bb; }
static uint64_t mask_of(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

int dma_h_run(dma_h *h, dma_job *j, uint64_t max_cycles, char *why, size_t whylen) {
  const int bb = h->bus_bytes;
  const uint64_t rd_ob = j->do_rd ? (j->rd.row_bytes + (uint64_t)bb - 1) / bb : 0;
  const uint64_t wr_ob = j->do_wr ? (j->wr.row_bytes + (uint64_t)bb - 1) / bb : 0;
  const uint64_t rd_total = rd_ob * j->rd.rows, wr_total = wr_ob * j->wr.rows;
  int rd_st = j->do_rd ? 0 : 2, wr_st = j->do_wr ? 0 : 2;   /* 0 request, 1 running, 2 done */
  uint64_t rd_beats = 0, wb = 0, start = h->cycle;
  int wr_showing = 0, held = 0;
  dut_dma_out prev_out;
  axi_bus prev_bus = h->bus;
  uint8_t wbeat[AXI_MAX_BYTES];
  dut_dma_in in;
  memset(&in, 0, sizeof in);
  memset(&prev_out, 0, sizeof prev_out);
  j->rd_got_len = 0, j->wr_taken = 0, j->rd_err = j->wr_err = 0;
  j->rd_err_cycle = j->wr_err_cycle = 0;
  j->rd_ar_after_err = j->wr_aw_after_err = j->wr_w_after_err = 0;
  h->n_ar = h->n_aw = 0;
  in.rst_n = 1;
  in.win_base = h->win_base, in.win_limit = h->win_limit;
  in.rd_addr = j->rd.addr, in.rd_stride = j->rd.stride;
  in.rd_row_bytes = j->rd.row_bytes, in.rd_rows = j->rd.rows;
  in.wr_addr = j->wr.addr, in.wr_stride = j->wr.stride;
  in.wr_row_bytes = j->wr.row_bytes, in.wr_rows = j->wr.rows;
  while (rd_st != 2 || wr_st != 2) {
    if (h->cycle - start > max_cycles) {
      snprintf(why, whylen, "hang: no done after %llu cycles (read %s, %llu of %llu beats; write %s, "
               "%llu of %llu beats)", (unsigned long long)max_cycles, rd_st == 2 ? "done" : "busy",
               (unsigned long long)rd_beats, (unsigned long long)rd_total, wr_st == 2 ? "done" : "busy",
               (unsigned long long)wb, (unsigned long long)wr_total);
      return -1;
    }
    in.rd_req_valid = rd_st == 0;
    in.wr_req_valid = wr_st == 0;
    in.rd_ready = !pct(&h->rng, h->t.p_consumer_stall);
    if (!wr_showing && wb < wr_total && !pct(&h->rng, h->t.p_producer_gap)) {
      const uint64_t r = wb / wr_ob, k = wb % wr_ob;
      for (int b = 0; b < bb; b++) {
        const uint64_t at = k * (uint64_t)bb + (uint64_t)b;
        wbeat[b] = at < j->wr.row_bytes ? j->wr_src[r * j->wr.row_bytes + at] : (uint8_t)nm_rng_u32(&h->rng);
      }
      wr_showing = 1;
    }
    in.wr_valid = wr_showing;
    memcpy(in.wr_data, wbeat, sizeof wbeat);
    dut_dma_out out;
    step(h, &in, &out, 0);
    const axi_bus *b = &h->bus;
    const uint64_t now = h->cycle - 1;
    if (h->model_err) {
      snprintf(why, whylen, "%s", h->model_why);
      return -1;
    }
    /* the read stream: held while stalled, every beat where it belongs */
    if (held && (!out.rd_valid || memcmp(out.rd_data, prev_out.rd_data, (size_t)bb) ||
                 out.rd_strb != prev_out.rd_strb || out.rd_row_last != prev_out.rd_row_last ||
                 out.rd_last != prev_out.rd_last)) {
      snprintf(why, whylen, "cycle %llu: read stream beat %llu changed or dropped while stalled",
               (unsigned long long)now, (unsigned long long)rd_beats);
      return -1;
    }
    held = out.rd_valid && !in.rd_ready;
    if (out.rd_valid && in.rd_ready) {
      const uint64_t r = rd_beats / (rd_ob ? rd_ob : 1), k = rd_beats % (rd_ob ? rd_ob : 1);
      const int row_last = k == rd_ob - 1;
      const uint64_t strb = row_last ? mask_of(tail_bytes(j->rd.row_bytes, bb)) : mask_of((unsigned)bb);
      if (rd_st != 1 || rd_beats >= rd_total || out.rd_row_last != row_last ||
          out.rd_last != (row_last && r == j->rd.rows - 1) || out.rd_strb != strb) {
        snprintf(why, whylen, "cycle %llu: read stream beat %llu (row %llu, beat %llu of %llu): strb "
                 "0x%llx row_last %d last %d, want strb 0x%llx row_last %d last %d%s",
                 (unsigned long long)now, (unsigned long long)rd_beats, (unsigned long long)r,
                 (unsigned long long)k, (unsigned long long)rd_ob, (unsigned long long)out.rd_strb,
                 out.rd_row_last, out.rd_last, (unsigned long long)strb, row_last,
                 row_last && r == j->rd.rows - 1, rd_beats >= rd_total ? " (past the request)" : "");
        return -1;
      }
      size_t n = row_last ? tail_bytes(j->rd.row_bytes, bb) : (size_t)bb;
      memcpy(j->rd_got + r * j->rd.row_bytes + k * (uint64_t)bb, out.rd_data, n);
      j->rd_got_len += n;
      rd_beats++;
    }
    if (wr_showing && out.wr_ready) {
      if (wr_st != 1) {
        snprintf(why, whylen, "cycle %llu: write stream beat taken with no write running",
                 (unsigned long long)now);
        return -1;
      }
      wr_showing = 0, wb++, j->wr_taken++;
    }
    /* the AXI side: bursts issued, and what follows a bus error */
    const int ar_new = b->arvalid && !(prev_bus.arvalid && !prev_bus.arready);
    const int aw_new = b->awvalid && !(prev_bus.awvalid && !prev_bus.awready);
    const int w_new = b->wvalid && !(prev_bus.wvalid && !prev_bus.wready);
    if (ar_new && j->rd_err_cycle && now >= j->rd_err_cycle + 1) j->rd_ar_after_err++;
    if (aw_new && j->wr_err_cycle && now >= j->wr_err_cycle + 1) j->wr_aw_after_err++;
    if (w_new && b->wstrb && j->wr_err_cycle && now >= j->wr_err_cycle + 2) j->wr_w_after_err++;
    if (b->arvalid && b->arready && h->n_ar < DMA_LOG_MAX) h->ar_log[h->n_ar++] = (dma_burst_log){b->araddr, b->arlen};
    if (b->awvalid && b->awready && h->n_aw < DMA_LOG_MAX) h->aw_log[h->n_aw++] = (dma_burst_log){b->awaddr, b->awlen};
    if (b->rvalid && b->rready && (b->rresp & 2) && !j->rd_err_cycle) j->rd_err_cycle = now;
    if (b->bvalid && b->bready && (b->bresp & 2) && !j->wr_err_cycle) j->wr_err_cycle = now;
    /* requests and their done pulses */
    if (rd_st == 0 && out.rd_req_ready) rd_st = 1;
    else if (out.rd_done && rd_st == 1) rd_st = 2, j->rd_err = out.rd_err;
    else if (out.rd_done) {
      snprintf(why, whylen, "cycle %llu: rd_done_o with no read running", (unsigned long long)now);
      return -1;
    }
    if (wr_st == 0 && out.wr_req_ready) wr_st = 1;
    else if (out.wr_done && wr_st == 1) wr_st = 2, j->wr_err = out.wr_err;
    else if (out.wr_done) {
      snprintf(why, whylen, "cycle %llu: wr_done_o with no write running", (unsigned long long)now);
      return -1;
    }
    prev_out = out;
    prev_bus = *b;
  }
  j->cycles = h->cycle - start;
  /* Done means done: a few idle cycles, and nothing may move. */
  for (int k = 0; k < 4; k++) {
    dut_dma_out out;
    in.rd_req_valid = in.wr_req_valid = 0;
    in.wr_valid = 0;
    in.rd_ready = 1;
    step(h, &in, &out, 0);
    if (out.rd_valid || out.rd_busy || out.wr_busy || h->bus.arvalid || h->bus.awvalid || h->bus.wvalid) {
      snprintf(why, whylen, "after done: rd_valid %d rd_busy %d wr_busy %d ARVALID %d AWVALID %d WVALID %d",
               out.rd_valid, out.rd_busy, out.wr_busy, h->bus.arvalid, h->bus.awvalid, h->bus.wvalid);
      return -1;
    }
  }
  if (axi_check_in_flight(h->chk) || !axi_mem_idle(h->mem)) {
    snprintf(why, whylen, "after done: %d transactions still in flight (memory model %s)",
             axi_check_in_flight(h->chk), axi_mem_idle(h->mem) ? "idle" : "busy");
    return -1;
  }
  return 0;
}
