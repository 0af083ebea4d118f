/*
** nmsim --dram: tensors in model DRAM, moved by XFER (see train_dram.h).
*/
#include "train_dram.h"

#include <string.h>

/* The DRAM nmsim gives nm_top: where, how much (a staging ring: each tile
** is used right after it is placed, so the ring wraps freely). */
#define DRAM_BASE 0x10000000ull
#define DRAM_SIZE ((size_t)8 << 20)
#define POISON 0xA5u
/* Longest XFER: a region's whole depth at 2 cycles a word, far past the
** DRAM's latency; a budget that only a hang exhausts. */
#define MAX_XFER_CYCLES 4000000ull

int dram_open(train_hw *h, const dram_opts *o, uint64_t seed) {
  dut_top_dram_opts d = {DRAM_BASE, DRAM_SIZE, o->latency, o->bytes_per_cycle, o->stall, o->stall,
                         seed ^ 0x6472616dull /* "dram" */};
  int rc;
  nm_rng_seed(&h->dram_rng, seed ^ 0x706c6163ull); /* "plac" */
  h->dram = 1, h->dram_top = 0;
  rep_cmd(h->rep, "DRAM: %zu bytes at 0x%llx, latency %d, %d B/cycle, %d %% stalls", DRAM_SIZE,
          (unsigned long long)DRAM_BASE, o->latency, o->bytes_per_cycle, o->stall);
  if (dut_top_dram_open(h->d, &d) != 0) return rep_fail(h->rep, "dut_top_dram_open failed");
  if ((rc = nmd_dma_window(&h->dev, DRAM_BASE, DRAM_BASE + DRAM_SIZE - 1)) != NMD_OK)
    return rep_fail(h->rep, "nmd_dma_window: driver says %s", nmd_rc_name(rc));
  return dram_probe(h);
}

/* A place for rows rows of row_bytes: an even offset, an even stride a few
** bytes past the row; its offset from DRAM_BASE. */
static size_t dram_place(train_hw *h, size_t rows, size_t row_bytes, size_t *stride) {
  size_t s = ((row_bytes + 1) & ~(size_t)1) + 2u * nm_rng_below(&h->dram_rng, 5);
  size_t need = rows * s + 64, at;
  if (h->dram_top + need > DRAM_SIZE) h->dram_top = 0;
  at = h->dram_top + 2u * nm_rng_below(&h->dram_rng, 16);
  h->dram_top = (at + rows * s + 63) & ~(size_t)63;
  *stride = s;
  return at;
}

/* --queue: a load is pushed and left to run (the command that reads it
** waits for it, WAIT_X); a store is pushed after every queued command
** (WAIT_C), the host waits for the queue and reads what the store left
** (XFER_STATUS and XFER_CYCLES: the last XFER).  The loads' own cycles
** are not seen; nmsim counts the stores'. */
static int xfer_queue(train_hw *h, const nmd_xfer_desc *x, const char *what,
                      nmd_result *r) {
  nmd_cmd c;
  uint32_t xs;
  int rc = nmd_xfer_regs(&h->dev, x, &c), store = x->a.dir != 0;
  memset(r, 0, sizeof *r);
  if (rc != NMD_OK) return rep_fail(h->rep, "XFER %s: nmd_xfer_regs: driver says %s", what, nmd_rc_name(rc)), -100;
  if (hw_queue_push(h, &c, store ? NMD_Q_WAIT_C : 0u, what)) return -100;
  h->st.xfers++;
  if (!store) return NMD_OK;
  if (hw_queue_sync(h) || hw_reg_read(h, NM_REG_XFER_STATUS, &xs) ||
      hw_reg_read(h, NM_REG_XFER_CYCLES, &r->last_cycles))
    return -100;
  r->err = nmd_xfer_status_err(xs);
  if (!nmd_xfer_status_done(xs) || r->err)
    return rep_fail(h->rep, "XFER %s: XFER_STATUS 0x%08x after the queue drained", what, (unsigned)xs), -100;
  if (!dut_top_dram_idle(h->d))
    return rep_fail(h->rep, "XFER %s: m_axi_* still busy after the queue drained", what), -100;
  h->st.xfer_cycles += r->last_cycles;
  return NMD_OK;
}

/* Issue x; 0 when it ended OK, else the driver's code with *dma_err set
** (a refusal or hang fails the run at once). */
static int xfer_go(train_hw *h, const nmd_xfer_desc *x, const char *what, uint32_t *dma_err,
                   nmd_result *r) {
  int rc;
  *dma_err = 0;
  rep_phase(h->rep, "XFER");
  if (h->queue) return xfer_queue(h, x, what, r);
  rc = nmd_xfer_submit(&h->dev, x);
  if (rc == NMD_E_REFUSED)
    return rep_fail(h->rep, "XFER %s refused: STATUS.REFUSE %u (%s)", what, (unsigned)h->dev.refuse,
                    nmd_err_name(h->dev.refuse)), -100;
  if (rc != NMD_OK) return rep_fail(h->rep, "XFER %s: nmd_xfer_submit: driver says %s", what, nmd_rc_name(rc)), -100;
  if (dut_top_wait(h->d, MAX_XFER_CYCLES) != 0)
    return rep_fail(h->rep, "XFER %s: busy_o still high after %llu cycles (hang)", what,
                    (unsigned long long)MAX_XFER_CYCLES), -100;
  rc = nmd_xfer_collect(&h->dev, r, dma_err);
  if (rc == NMD_E_BUS) return rep_fail(h->rep, "XFER %s: nmd_xfer_collect: bus error", what), -100;
  uint32_t busy = (uint32_t)dut_top_busy_cycles(h->d);
  if (r->last_cycles != busy)
    return rep_compare(h->rep, "XFER LAST_CYCLES (busy_o cycles counted by the shim)", &busy,
                       &r->last_cycles, 1, 0, 8), -100;
  if (!dut_top_dram_idle(h->d))
    return rep_fail(h->rep, "XFER %s: m_axi_* still busy after the command ended", what), -100;
  const char *f = dut_top_dram_fault(h->d);
  if (f) return rep_fail(h->rep, "XFER %s: AXI4 protocol checker: %s", what, f), -100;
  h->st.xfers++;
  h->st.xfer_cycles += r->last_cycles;
  return rc;
}

static void put_elem(uint8_t *p, int esz, uint32_t v) {
  for (int b = 0; b < esz; b++) p[b] = (uint8_t)(v >> (8 * b));
}
static uint32_t get_elem(const uint8_t *p, int esz) {
  uint32_t v = 0;
  for (int b = 0; b < esz; b++) v |= (uint32_t)p[b] << (8 * b);
  return v;
}
static uint32_t host_get(const void *host, int hsz, size_t i) {
  return hsz == 1 ? ((const uint8_t *)host)[i] : hsz == 2 ? ((const uint16_t *)host)[i]
                                                          : ((const uint32_t *)host)[i];
}
static void host_set(void *host, int hsz, size_t i, uint32_t v) {
  if (hsz == 1) ((uint8_t *)host)[i] = (uint8_t)v;
  else if (hsz == 2) ((uint16_t *)host)[i] = (uint16_t)v;
  else ((uint32_t *)host)[i] = v;
}

/* The transfer x (its layout filled) of a rows x cols tile of host elements
** (row stride ld) placed in DRAM, in or out. */
static int dram_move(train_hw *h, nmd_xfer_desc *x, uint32_t kind, int dir, void *host, int hsz, int rows,
                     int cols, int ld, int base, const char *what) {
  nmd_result r;
  uint32_t de;
  int esz = (int)nmd_tensor_esz(kind), rc;
  size_t rb = (size_t)cols * (size_t)esz, stride, at = dram_place(h, (size_t)rows, rb, &stride);
  uint8_t *mem = dut_top_dram(h->d), *t = mem + at;
  x->addr = DRAM_BASE + at, x->stride = stride;
  rep_cmd(h->rep, "XFER %s %s %d x %d at 0x%llx stride %zu region %u base %d", dir ? "out" : "in",
          what, rows, cols, (unsigned long long)x->addr, stride, (unsigned)x->a.region, base);
  if (dir == 0) {
    for (int i = 0; i < rows; i++)
      for (int c = 0; c < cols; c++)
        put_elem(t + (size_t)i * stride + (size_t)c * (size_t)esz, esz,
                 host_get(host, hsz, (size_t)i * (size_t)ld + (size_t)c));
  } else {
    memset(t, POISON, (size_t)rows * stride);
  }
  rc = xfer_go(h, x, what, &de, &r);
  if (rc == -100) return -1;
  if (rc != NMD_OK)
    return rep_fail(h->rep, "XFER %s %s: STATUS.ERR %u (%s), DMA_STATUS.ERR %u (%s: %s)",
                    dir ? "out" : "in", what, (unsigned)r.err, nmd_err_name(r.err), (unsigned)de,
                    nmd_dma_err_name(de), nmd_dma_err_text(de));
  h->st.xfer_bytes += (uint64_t)rows * rb;
  if (dir == 0) return 0;
  for (int i = 0; i < rows; i++) {
    for (size_t b = rb; b < stride; b++)
      if (t[(size_t)i * stride + b] != POISON)
        return rep_fail(h->rep, "XFER out %s: DRAM byte 0x%llx (row %d, %zu past its %zu bytes) written: 0x%02x",
                        what, (unsigned long long)(x->addr + (size_t)i * stride + b), i, b - rb, rb,
                        t[(size_t)i * stride + b]);
    for (int c = 0; c < cols; c++)
      host_set(host, hsz, (size_t)i * (size_t)ld + (size_t)c,
               get_elem(t + (size_t)i * stride + (size_t)c * (size_t)esz, esz));
  }
  return 0;
}

int dram_tile(train_hw *h, uint32_t kind, int dir, void *host, int hsz, int rows, int cols, int ld,
              int m, int n, int base, int region, const char *what) {
  nmd_xfer_desc x;
  int rc = nmd_xfer_tensor(&x, kind, (uint32_t)dir, (uint32_t)rows, (uint32_t)cols, (uint32_t)m,
                           (uint32_t)n, (uint32_t)base, (uint32_t)region);
  if (rc != NMD_OK)
    return rep_fail(h->rep, "harness: nmd_xfer_tensor %s (%d x %d): %s", what, rows, cols, nmd_rc_name(rc));
  return dram_move(h, &x, kind, dir, host, hsz, rows, cols, ld, base, what);
}

int dram_tile_ant(train_hw *h, uint32_t kind, int dir, void *host, int hsz, int engines, int cols, int ld,
                  int base, int region, const char *what) {
  nmd_xfer_desc x;
  int rc = nmd_xfer_ant_engines(&x, kind, (uint32_t)dir, (uint32_t)engines, (uint32_t)cols, (uint32_t)base,
                                (uint32_t)region);
  if (rc != NMD_OK)
    return rep_fail(h->rep, "harness: nmd_xfer_ant_engines %s (%d x %d): %s", what, engines, cols,
                    nmd_rc_name(rc));
  return dram_move(h, &x, kind, dir, host, hsz, engines, cols, ld, base, what);
}

/* One probe XFER that must end with DMA code want. */
static int probe_one(train_hw *h, const nmd_xfer_desc *x, const char *what, uint32_t want) {
  nmd_result r;
  uint32_t de;
  int rc = xfer_go(h, x, what, &de, &r);
  if (rc == -100) return -1;
  if (rc != NMD_E_CMD || r.err != NM_ERR_DMA || de != want)
    return rep_fail(h->rep, "XFER probe %s: driver %s, STATUS.ERR %u (%s), DMA_STATUS.ERR %u (%s); "
                    "expected CMD, DMA, %u (%s)", what, nmd_rc_name(rc), (unsigned)r.err,
                    nmd_err_name(r.err), (unsigned)de, nmd_dma_err_name(de), (unsigned)want,
                    nmd_dma_err_name(want));
  return 0;
}

static int taint_bits(train_hw *h, uint32_t *t) {
  uint32_t ds;
  if (hw_reg_read(h, NM_REG_DMA_STATUS, &ds)) return -1;
  *t = nmd_dma_status_taint(ds);
  return 0;
}

int dram_probe(train_hw *h) {
  nmd_xfer_desc x;
  uint32_t taint, w[4] = {0x3f800000u, 0x40000000u, 0x40400000u, 0x40800000u};
  size_t stride, at = dram_place(h, 1, sizeof w, &stride);
  uint8_t *mem = dut_top_dram(h->d);
  rep_cmd(h->rep, "XFER probes: DESC, WINDOW, SLVERR (taint, then a good reload)");
  if (nmd_xfer_tensor(&x, NMD_T_W, 0, 1, 4, 0, 0, 0, 0) != NMD_OK)
    return rep_fail(h->rep, "harness: nmd_xfer_tensor W probe");
  for (int e = 0; e < 4; e++) put_elem(mem + at + 4u * (unsigned)e, 4, w[e]);
  x.addr = DRAM_BASE + at, x.stride = stride;
  nmd_xfer_desc bad = x;
  bad.a.nb = 0;
  if (probe_one(h, &bad, "NB 0", 7)) return -1;
  bad = x, bad.addr = DRAM_BASE + DRAM_SIZE - 8;  /* 16 bytes from 8 before the end */
  if (probe_one(h, &bad, "past the window", 3)) return -1;
  if (taint_bits(h, &taint)) return -1;
  if (taint) return rep_fail(h->rep, "XFER probe: DMA_STATUS.TAINT 0x%x after refusals", (unsigned)taint);
  dut_top_dram_error(h->d, x.addr, x.addr + sizeof w, 2);
  if (probe_one(h, &x, "W in, SLVERR", 4)) return -1;
  dut_top_dram_error(h->d, 0, 0, 0);
  if (taint_bits(h, &taint)) return -1;
  if (taint != 1u << (NM_REGION_WUVE_W - 1))
    return rep_fail(h->rep, "XFER probe: DMA_STATUS.TAINT 0x%x after the SLVERR load, expected 0x%x",
                    (unsigned)taint, 1u << (NM_REGION_WUVE_W - 1));
  if (dram_tile(h, NMD_T_W, 0, w, 4, 1, 4, 4, 0, 0, 0, 0, "W probe reload")) return -1;
  if (taint_bits(h, &taint)) return -1;
  if (taint) return rep_fail(h->rep, "XFER probe: DMA_STATUS.TAINT 0x%x after a good reload", (unsigned)taint);
  return 0;
}
