/*
** nm_dma (the AXI4 master DMA) on the C AXI4 memory model, with the AXI4
** protocol checker on every cycle of every run (tb/tests/dma_harness.c).
**
** Every linked model (sim/dma.mk: 64..512-bit data, 32/64-bit addresses,
** 1..16 reads in flight) gets seeded strided 2-D transfers -- row lengths
** from one fp16 to several 4 KB pages, rows starting anywhere on an fp16
** boundary, strides below, at and above the row length -- under traffic
** mixes of latency, bandwidth, ready/valid stalls, reordering and stream
** stalls.  Reads must deliver every row byte in order (every byte compared
** with the memory); writes must change exactly the requested rows (every
** byte of the memory compared with a C reference copy).  Bad requests
** (shape, alignment, window) are refused with their code before any bus
** traffic, injected SLVERR / DECERR end the request with theirs after
** draining, with no new burst after the error and nothing more written,
** and the DMA works again afterwards.  The bursts themselves are checked:
** maximal INCR bursts split only at 4 KB pages and 256 beats, in-flight
** bursts reaching and never passing the limit.
**
**   NMTEST_ONLY_CFG=V   only model V (d64a32r2, d128a64r8, ...)
**   NMTEST_QUICK=1      fewer transfers
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dma_harness.h"

#define MEM_SIZE (256u * 1024u)
#define MAX_CYCLES 400000

static const dma_traffic kTraffic[] = {
    {1, 64, 0, 0, 0, 0, 0},        /* full speed */
    {30, 64, 25, 25, 1, 25, 25},   /* random stalls everywhere, reordering on */
    {5, 4, 60, 50, 1, 60, 50},     /* starved: 4 bytes a cycle, heavy stalls */
    {80, 16, 10, 10, 0, 5, 5},     /* long latency */
};
static const char *const kTrafficName[] = {"full speed", "random stalls", "starved", "long latency"};
#define NTRAFFIC (sizeof kTraffic / sizeof kTraffic[0])

/* The memory sits across the 4 GB line for 64-bit models (carries into the
** high half), high in the 32-bit space for the others. */
static uint64_t mem_base(size_t i) {
  return dut_dma_addr_bits(i) == 64 ? 0x100000000ull - MEM_SIZE / 2 : 0xC0000000ull;
}

static int selected(size_t i) {
  const char *only = tu_only_cfg();
  return !only || !strcmp(only, dut_dma_name(i));
}

static void rerun_hint(size_t i, char *buf, size_t len) {
  snprintf(buf, len, "seed %llu; rerun: NMTEST_SEED=%llu NMTEST_ONLY_CFG=%s %s",
           (unsigned long long)tu_seed(), (unsigned long long)tu_seed(), dut_dma_name(i), tu_prog());
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  ck_assert_msg(p != NULL, "out of memory");
  return p;
}

/* ---- random transfers --------------------------------------------------------- */

/* An even number in [lo, hi]. */
static uint32_t even_in(nm_rng *r, uint32_t lo, uint32_t hi) {
  return (lo + nm_rng_below(r, (hi - lo) / 2 + 1) * 2) & ~1u;
}

/* A random shape inside the memory: short rows (up to three beats), medium,
** and long ones over several pages; strides below (overlap), at or above
** the row length. */
static dma_xfer random_xfer(nm_rng *r, int bb, uint64_t base, uint64_t span_max, int allow_overlap) {
  dma_xfer x;
  int kind = (int)nm_rng_below(r, 10);
  x.row_bytes = kind < 4 ? even_in(r, 2, (uint32_t)(3 * bb)) : kind < 8 ? even_in(r, 2, 700)
                                                                        : even_in(r, 4000, 9000);
  x.rows = kind < 8 ? 1 + nm_rng_below(r, 6) : 1 + nm_rng_below(r, 2);
  int sk = (int)nm_rng_below(r, 6);
  if (sk == 0 && allow_overlap) x.stride = even_in(r, 0, x.row_bytes);
  else if (sk == 1) x.stride = x.row_bytes + (x.row_bytes & 1);
  else x.stride = x.row_bytes + even_in(r, 2, 300);
  uint64_t span = (uint64_t)(x.rows - 1) * x.stride + x.row_bytes;
  if (span > span_max) x.rows = 1, span = x.row_bytes;
  x.addr = base + even_in(r, 0, (uint32_t)(span_max - span));
  return x;
}

/* The row bytes of x as the memory holds them now. */
static void ref_read(const dma_h *h, const dma_xfer *x, uint8_t *out) {
  const uint8_t *m = axi_mem_bytes(h->mem);
  for (uint32_t r = 0; r < x->rows; r++)
    memcpy(out + (size_t)r * x->row_bytes, m + (x->addr + r * x->stride - h->mem_base), x->row_bytes);
}

static void ref_write(const dma_h *h, const dma_xfer *x, const uint8_t *src, uint8_t *ref) {
  for (uint32_t r = 0; r < x->rows; r++)
    memcpy(ref + (x->addr + r * x->stride - h->mem_base), src + (size_t)r * x->row_bytes, x->row_bytes);
}

/* First differing byte of two n-byte arrays, or -1. */
static long first_diff(const uint8_t *a, const uint8_t *b, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (a[k] != b[k]) return (long)k;
  return -1;
}

static void assert_protocol(const dma_h *h, const char *what) {
  char hint[160];
  rerun_hint(h->model, hint, sizeof hint);
  if (axi_check_violations(h->chk)) axi_check_report(h->chk, 8);
  ck_assert_msg(axi_check_violations(h->chk) == 0, "%s: %s: %lu AXI4 protocol violations, first: %s (%s)",
                dut_dma_name(h->model), what, axi_check_violations(h->chk), axi_check_first(h->chk), hint);
}

static void run_ok(dma_h *h, dma_job *j, const char *what) {
  char why[320], hint[160];
  int rc = dma_h_run(h, j, MAX_CYCLES, why, sizeof why);
  rerun_hint(h->model, hint, sizeof hint);
  assert_protocol(h, what);
  ck_assert_msg(rc == 0, "%s: %s: %s (%s)", dut_dma_name(h->model), what, why, hint);
}

static void describe(const dma_xfer *x, char *buf, size_t len) {
  snprintf(buf, len, "addr 0x%llx row_bytes %u rows %u stride %llu", (unsigned long long)x->addr,
           x->row_bytes, x->rows, (unsigned long long)x->stride);
}

/* ---- reads and writes ------------------------------------------------------------ */

/* n random reads, then n random writes, then n concurrent pairs (read from
** the lower half, write to the upper) on model i under traffic t. */
static void random_transfers(size_t i, int t, int n, int reads, int writes) {
  dma_h *h = xmalloc(sizeof *h);
  ck_assert_msg(dma_h_open(h, i, &kTraffic[t], mem_base(i), MEM_SIZE, tu_seed() * 977 + i * 31 + t) == 0,
                "cannot open model %s", dut_dma_name(i));
  nm_rng r;
  nm_rng_seed(&r, tu_seed() ^ (uint64_t)(i * 1000 + t));
  const int bb = h->bus_bytes;
  uint8_t *got = xmalloc(2 * 9000 + MEM_SIZE), *want = xmalloc(MEM_SIZE), *src = xmalloc(MEM_SIZE);
  uint8_t *ref = xmalloc(MEM_SIZE);
  char what[200], hint[160], shape[120];
  rerun_hint(i, hint, sizeof hint);
  memcpy(ref, axi_mem_bytes(h->mem), MEM_SIZE);
  for (int k = 0; k < n; k++) {
    dma_job j;
    memset(&j, 0, sizeof j);
    j.do_rd = reads, j.do_wr = writes;
    const uint64_t half = MEM_SIZE / 2;
    if (reads) j.rd = random_xfer(&r, bb, h->mem_base, writes ? half : MEM_SIZE, 1);
    if (writes) j.wr = random_xfer(&r, bb, h->mem_base + (reads ? half : 0), reads ? half : MEM_SIZE, 1);
    const size_t rd_n = (size_t)j.rd.rows * j.rd.row_bytes, wr_n = (size_t)j.wr.rows * j.wr.row_bytes;
    if (reads) ref_read(h, &j.rd, want);
    for (size_t b = 0; b < wr_n; b++) src[b] = (uint8_t)nm_rng_u32(&r);
    j.rd_got = got, j.wr_src = src;
    describe(reads ? &j.rd : &j.wr, shape, sizeof shape);
    snprintf(what, sizeof what, "%s %d (%s, %s traffic)", reads && writes ? "read+write" : reads ? "read" : "write",
             k, shape, kTrafficName[t]);
    run_ok(h, &j, what);
    if (reads) {
      ck_assert_msg(j.rd_err == 0 && j.rd_got_len == rd_n, "%s: %s: err %u, %zu of %zu bytes delivered (%s)",
                    dut_dma_name(i), what, j.rd_err, j.rd_got_len, rd_n, hint);
      long d = first_diff(want, got, rd_n);
      ck_assert_msg(d < 0, "%s: %s: delivered byte %ld (row %ld, offset %ld) is 0x%02x, memory holds 0x%02x (%s)",
                    dut_dma_name(i), what, d, d / (long)j.rd.row_bytes, d % (long)j.rd.row_bytes,
                    d < 0 ? 0 : got[d], d < 0 ? 0 : want[d], hint);
    }
    if (writes) {
      ck_assert_msg(j.wr_err == 0, "%s: %s: err %u (%s)", dut_dma_name(i), what, j.wr_err, hint);
      ref_write(h, &j.wr, src, ref);
      long d = first_diff(ref, axi_mem_bytes(h->mem), MEM_SIZE);
      ck_assert_msg(d < 0, "%s: %s: memory byte at 0x%llx is 0x%02x, want 0x%02x (%s)", dut_dma_name(i), what,
                    (unsigned long long)(h->mem_base + (uint64_t)(d < 0 ? 0 : d)),
                    d < 0 ? 0 : axi_mem_bytes(h->mem)[d], d < 0 ? 0 : ref[d], hint);
    }
  }
  free(got), free(want), free(src), free(ref);
  dma_h_close(h);
  free(h);
}

static int per_run(void) { return tu_quick() ? 4 : 12; }

START_TEST(random_reads_deliver_every_row_byte_in_order) {
  for (size_t i = 0; i < dut_dma_count(); i++)
    if (selected(i))
      for (size_t t = 0; t < NTRAFFIC; t++) random_transfers(i, (int)t, per_run(), 1, 0);
}
END_TEST

START_TEST(random_writes_change_exactly_the_requested_rows) {
  for (size_t i = 0; i < dut_dma_count(); i++)
    if (selected(i))
      for (size_t t = 0; t < NTRAFFIC; t++) random_transfers(i, (int)t, per_run(), 0, 1);
}
END_TEST

START_TEST(a_read_and_a_write_at_once_are_both_exact) {
  for (size_t i = 0; i < dut_dma_count(); i++)
    if (selected(i))
      for (size_t t = 0; t < NTRAFFIC; t++) random_transfers(i, (int)t, per_run() / 2, 1, 1);
}
END_TEST

/* ---- refusals ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  int write;
  int64_t addr_off;               /* from the memory base */
  uint32_t row_bytes, rows;
  uint64_t stride;
  unsigned want;
} refusal;

START_TEST(bad_requests_are_refused_before_any_bus_traffic) {
  /* The window is [base + 4096, base + 4096 + 65536 - 1] inside the memory. */
  static const refusal cases[] = {
      {"zero rows", 0, 4096, 64, 0, 64, 1},           {"zero row bytes", 1, 4096, 0, 4, 64, 1},
      {"odd address", 0, 4097, 64, 2, 64, 2},         {"odd row bytes", 1, 4096, 63, 2, 64, 2},
      {"odd stride", 0, 4096, 64, 2, 65, 2},          {"below the window", 1, 4094, 64, 1, 64, 3},
      {"one byte past the window", 0, 4096 + 65536 - 62, 64, 1, 64, 3},
      {"last row past the window", 1, 4096, 64, 4, 21828, 3},
      {"stride wraps the address space", 0, 4096, 64, 3, 0, 3},  /* stride set below */
      {"ends exactly at the window's end", 0, 4096 + 65536 - 64, 64, 1, 64, 0},
      {"starts exactly at the window's base", 1, 4096, 2, 1, 2, 0},
  };
  for (size_t i = 0; i < dut_dma_count(); i++) {
    if (!selected(i)) continue;
    dma_h *h = xmalloc(sizeof *h);
    ck_assert(dma_h_open(h, i, &kTraffic[1], mem_base(i), MEM_SIZE, tu_seed() + i) == 0);
    h->win_base = h->mem_base + 4096, h->win_limit = h->mem_base + 4096 + 65536 - 1;
    uint8_t *before = xmalloc(MEM_SIZE), *buf = xmalloc(4 * 65536), hint[160];
    rerun_hint(i, (char *)hint, sizeof hint);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
      const refusal *k = &cases[c];
      dma_job j;
      memset(&j, 0, sizeof j);
      dma_xfer x = {h->mem_base + (uint64_t)k->addr_off, k->stride, k->row_bytes, k->rows};
      if (!strcmp(k->name, "stride wraps the address space"))
        x.stride = dut_dma_addr_bits(i) == 64 ? ~0ull - 1 : 0xFFFFFFFEull;
      memset(buf, 0x5A, 4 * 65536);
      if (k->write) j.do_wr = 1, j.wr = x, j.wr_src = buf;
      else j.do_rd = 1, j.rd = x, j.rd_got = buf;
      memcpy(before, axi_mem_bytes(h->mem), MEM_SIZE);
      run_ok(h, &j, k->name);
      unsigned got = k->write ? j.wr_err : j.rd_err;
      ck_assert_msg(got == k->want, "%s: %s %s: err %u, want %u (%s)", dut_dma_name(i), k->write ? "write" : "read",
                    k->name, got, k->want, (char *)hint);
      if (k->want) {
        ck_assert_msg(h->n_ar == 0 && h->n_aw == 0 && j.wr_taken == 0 && j.rd_got_len == 0 && j.cycles <= 8,
                      "%s: refused %s: %d AR, %d AW, %zu stream beats, %llu cycles (want none, <= 8)",
                      dut_dma_name(i), k->name, h->n_ar, h->n_aw, j.wr_taken, (unsigned long long)j.cycles);
        ck_assert_msg(first_diff(before, axi_mem_bytes(h->mem), MEM_SIZE) < 0, "%s: refused %s changed memory",
                      dut_dma_name(i), k->name);
      } else {
        ck_assert_msg(h->n_ar + h->n_aw > 0, "%s: %s: accepted but nothing issued", dut_dma_name(i), k->name);
      }
    }
    free(before), free(buf);
    dma_h_close(h);
    free(h);
  }
}
END_TEST

/* ---- bus errors ----------------------------------------------------------------------- */

/* A 10-row request with an error range inside row 1 (many bursts still to
** issue when the error comes back, so "no new burst after it" is tested);
** then the same request without it must be exact (the DMA recovers). */
static void bus_error_case(size_t i, int write, unsigned resp, int t) {
  dma_h *h = xmalloc(sizeof *h);
  ck_assert(dma_h_open(h, i, &kTraffic[t], mem_base(i), MEM_SIZE, tu_seed() * 3 + i + resp) == 0);
  const dma_xfer x = {h->mem_base + 8194, 6000, 3000, 10};
  const size_t n = (size_t)x.rows * x.row_bytes;
  uint8_t *got = xmalloc(n), *want = xmalloc(n), *src = xmalloc(n), *before = xmalloc(MEM_SIZE);
  char hint[160], what[96];
  rerun_hint(i, hint, sizeof hint);
  snprintf(what, sizeof what, "%s with %s in row 1 (%s traffic)", write ? "write" : "read",
           resp == AXI_SLVERR ? "SLVERR" : "DECERR", kTrafficName[t]);
  nm_rng r;
  nm_rng_seed(&r, tu_seed() + 77);
  for (size_t b = 0; b < n; b++) src[b] = (uint8_t)nm_rng_u32(&r);
  const uint64_t elo = x.addr + x.stride + 1000, ehi = elo + 16;
  axi_mem_set_error(h->mem, elo, ehi, resp);
  ref_read(h, &x, want);
  memcpy(before, axi_mem_bytes(h->mem), MEM_SIZE);
  dma_job j;
  memset(&j, 0, sizeof j);
  if (write) j.do_wr = 1, j.wr = x, j.wr_src = src;
  else j.do_rd = 1, j.rd = x, j.rd_got = got;
  run_ok(h, &j, what);
  const unsigned code = resp == AXI_SLVERR ? 4 : 5, err = write ? j.wr_err : j.rd_err;
  ck_assert_msg(err == code, "%s: %s: err %u, want %u (%s)", dut_dma_name(i), what, err, code, hint);
  if (!write) {
    ck_assert_msg(j.rd_got_len < n && first_diff(want, got, j.rd_got_len) < 0,
                  "%s: %s: %zu of %zu bytes delivered, must be a true prefix (%s)", dut_dma_name(i), what,
                  j.rd_got_len, n, hint);
    ck_assert_msg(j.rd_ar_after_err == 0, "%s: %s: %d AR issued after the error (%s)", dut_dma_name(i), what,
                  j.rd_ar_after_err, hint);
  } else {
    const uint8_t *m = axi_mem_bytes(h->mem);
    uint8_t *in_req = calloc(MEM_SIZE, 1);
    ck_assert(in_req != NULL);
    for (uint32_t row = 0; row < x.rows; row++)
      for (uint32_t b = 0; b < x.row_bytes; b++) {
        uint64_t o = x.addr + row * x.stride + b - h->mem_base;
        in_req[o] = 1;
        ck_assert_msg(m[o] == before[o] || m[o] == src[(size_t)row * x.row_bytes + b],
                      "%s: %s: byte 0x%llx is neither old nor new", dut_dma_name(i), what,
                      (unsigned long long)(o + h->mem_base));
      }
    for (size_t o = 0; o < MEM_SIZE; o++)
      ck_assert_msg(in_req[o] || m[o] == before[o], "%s: %s: byte 0x%llx outside the request changed (%s)",
                    dut_dma_name(i), what, (unsigned long long)(o + h->mem_base), hint);
    for (uint64_t a = elo; a < ehi; a++)
      ck_assert_msg(m[a - h->mem_base] == before[a - h->mem_base], "%s: %s: byte 0x%llx of the failing burst "
                    "was written", dut_dma_name(i), what, (unsigned long long)a);
    ck_assert_msg(j.wr_aw_after_err == 0 && j.wr_w_after_err == 0,
                  "%s: %s: after the error B: %d new AW, %d W beats with strobes (want none) (%s)",
                  dut_dma_name(i), what, j.wr_aw_after_err, j.wr_w_after_err, hint);
    free(in_req);
  }
  /* recovery: the same request without the error is exact */
  axi_mem_set_error(h->mem, 0, 0, AXI_SLVERR);
  memset(&j, 0, sizeof j);
  if (write) j.do_wr = 1, j.wr = x, j.wr_src = src;
  else j.do_rd = 1, j.rd = x, j.rd_got = got, ref_read(h, &x, want);
  run_ok(h, &j, "the request again, without the error");
  ck_assert_msg((write ? j.wr_err : j.rd_err) == 0, "%s: %s: no recovery, err %u", dut_dma_name(i), what,
                write ? j.wr_err : j.rd_err);
  if (!write) ck_assert_msg(first_diff(want, got, n) < 0, "%s: %s: the read after it differs", dut_dma_name(i), what);
  else {
    uint8_t *ref = xmalloc(MEM_SIZE);
    memcpy(ref, before, MEM_SIZE);
    ref_write(h, &x, src, ref);
    ck_assert_msg(first_diff(ref, axi_mem_bytes(h->mem), MEM_SIZE) < 0, "%s: %s: the write after it differs",
                  dut_dma_name(i), what);
    free(ref);
  }
  free(got), free(want), free(src), free(before);
  dma_h_close(h);
  free(h);
}

START_TEST(bus_errors_end_the_request_with_their_code_and_drain) {
  for (size_t i = 0; i < dut_dma_count(); i++)
    if (selected(i))
      for (int w = 0; w < 2; w++)
        for (int t = 0; t < 2; t++) {
          bus_error_case(i, w, AXI_SLVERR, t == 0 ? 0 : 1);
          bus_error_case(i, w, AXI_DECERR, t == 0 ? 3 : 2);
        }
}
END_TEST

/* ---- bursts ------------------------------------------------------------------------------- */

/* The bursts a row must become: from its start, as long as possible up to
** 256 beats, the row's end and the next 4 KB page. */
static int expected_bursts(const dma_xfer *x, int bb, dma_burst_log *out, int cap) {
  int n = 0;
  for (uint32_t r = 0; r < x->rows; r++) {
    uint64_t a = x->addr + r * x->stride, left = x->row_bytes;
    while (left) {
      uint64_t off = a % (uint64_t)bb, beats = (off + left + (uint64_t)bb - 1) / (uint64_t)bb;
      uint64_t page = (4096 - (a & 4095)) / (uint64_t)bb + ((a & 4095) % (uint64_t)bb ? 1 : 0);
      if (beats > page) beats = page;
      if (beats > 256) beats = 256;
      uint64_t bytes = beats * (uint64_t)bb - off;
      if (bytes > left) bytes = left;
      if (n < cap) out[n] = (dma_burst_log){a, (unsigned)(beats - 1)};
      n++;
      a += bytes, left -= bytes;
    }
  }
  return n;
}

START_TEST(bursts_are_maximal_and_split_only_at_pages_and_256_beats) {
  static dma_burst_log want[DMA_LOG_MAX];
  for (size_t i = 0; i < dut_dma_count(); i++) {
    if (!selected(i)) continue;
    dma_h *h = xmalloc(sizeof *h);
    ck_assert(dma_h_open(h, i, &kTraffic[1], mem_base(i), MEM_SIZE, tu_seed() + 5 * i) == 0);
    nm_rng r;
    nm_rng_seed(&r, tu_seed() + 11 * i);
    uint8_t *buf = xmalloc(MEM_SIZE);
    for (int k = 0; k < 24; k++) {
      dma_job j;
      memset(&j, 0, sizeof j);
      dma_xfer x = random_xfer(&r, h->bus_bytes, h->mem_base, MEM_SIZE, 0);
      if (k < 4) x = (dma_xfer){h->mem_base + 4096 - 2 * (uint64_t)k, 4096, 12000 + 2u * (uint32_t)k, 2};
      const int write = k & 1;
      if (write) j.do_wr = 1, j.wr = x, j.wr_src = buf;
      else j.do_rd = 1, j.rd = x, j.rd_got = buf;
      run_ok(h, &j, "bursts");
      const int n = expected_bursts(&x, h->bus_bytes, want, DMA_LOG_MAX);
      const dma_burst_log *got = write ? h->aw_log : h->ar_log;
      const int ng = write ? h->n_aw : h->n_ar;
      char shape[120];
      describe(&x, shape, sizeof shape);
      ck_assert_msg(ng == n, "%s: %s %s: %d bursts, want %d", dut_dma_name(i), write ? "write" : "read", shape, ng, n);
      for (int b = 0; b < n; b++)
        ck_assert_msg(got[b].addr == want[b].addr && got[b].len == want[b].len,
                      "%s: %s %s: burst %d at 0x%llx len %u, want 0x%llx len %u", dut_dma_name(i),
                      write ? "write" : "read", shape, b, (unsigned long long)got[b].addr, got[b].len,
                      (unsigned long long)want[b].addr, want[b].len);
    }
    free(buf);
    dma_h_close(h);
    free(h);
  }
}
END_TEST

START_TEST(bursts_in_flight_reach_the_limit_and_never_pass_it) {
  const dma_traffic slow = {60, 64, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < dut_dma_count(); i++) {
    if (!selected(i)) continue;
    dma_h *h = xmalloc(sizeof *h);
    ck_assert(dma_h_open(h, i, &slow, mem_base(i), MEM_SIZE, tu_seed() + i) == 0);
    uint8_t *buf = xmalloc(MEM_SIZE);
    memset(buf, 0xA5, MEM_SIZE);
    dma_job j;
    memset(&j, 0, sizeof j);
    /* 32 bursts of one beat each (rows of 2 bytes): latency-bound */
    dma_xfer x = {h->mem_base + 64, 256, 2, 32};
    j.do_rd = j.do_wr = 1, j.rd = x, j.wr = x, j.wr.addr += MEM_SIZE / 2, j.rd_got = buf, j.wr_src = buf;
    run_ok(h, &j, "in flight");
    const int lim = dut_dma_max_reads(i);
    ck_assert_msg(axi_check_max_reads_seen(h->chk) == lim && axi_check_max_writes_seen(h->chk) == lim,
                  "%s: at most %d reads and %d writes were in flight, want the limit %d", dut_dma_name(i),
                  axi_check_max_reads_seen(h->chk), axi_check_max_writes_seen(h->chk), lim);
    free(buf);
    dma_h_close(h);
    free(h);
  }
}
END_TEST

/* ---- the program ------------------------------------------------------------------------- */

static Suite *rtl_dma_suite(void) {
  Suite *s = suite_create("rtl_dma");
  const TTest *tests[] = {
      bad_requests_are_refused_before_any_bus_traffic,
      bursts_are_maximal_and_split_only_at_pages_and_256_beats,
      bursts_in_flight_reach_the_limit_and_never_pass_it,
      bus_errors_end_the_request_with_their_code_and_drain,
      random_reads_deliver_every_row_byte_in_order,
      random_writes_change_exactly_the_requested_rows,
      a_read_and_a_write_at_once_are_both_exact,
      NULL};
  check_add_tcase(s, "dma", 600, tests);
  return s;
}

static const char *cfg_at(size_t i) { return dut_dma_name(i); }

const check_prog check_program = {.name = "test_rtl_dma", .suite = rtl_dma_suite,
                                  .cfg_count = dut_dma_count, .cfg_name = cfg_at};
