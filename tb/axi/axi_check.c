/*
** The AXI4 protocol checker (see axi_check.h).  Every cycle: the hold rule
** against the previous cycle's sample, then this cycle's handshakes in
** channel order (AR, AW, W, R, B), each checked against the transactions
** it belongs to.  Bookkeeping is bounded: more than CHK_MAXQ transactions in
** flight is itself reported (a master that never waits for responses).
*/
#include "axi_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHK_MAXQ 256      /* transactions in flight tracked */
#define CHK_MAXW 8192     /* W beats ahead of their AW */
#define CHK_KEEP 16       /* messages kept */
#define CHK_MSG 240

typedef struct {
  uint32_t id;
  uint64_t addr;
  unsigned len, size, burst, beat;
  uint64_t seq;             /* AW: its position among all AWs */
} txn;

typedef struct {
  uint64_t strb;
  int last;
  uint64_t cycle;
} wpend;

struct axi_check {
  axi_check_cfg c;
  uint64_t cycle;
  axi_bus prev;
  int have_prev;
  txn rd[CHK_MAXQ];                  /* ARs waiting for their RLAST, in order */
  int nrd;
  txn awq[CHK_MAXQ];                 /* AWs whose W beats are not all seen */
  int nawq;
  txn wr[CHK_MAXQ];                  /* AWs waiting for their B */
  int nwr;
  uint64_t aw_seq, w_done;           /* AWs seen; W bursts completed */
  unsigned w_beat;                   /* beats of the W burst in progress */
  wpend wp[CHK_MAXW];                /* W beats before their AW */
  int nwp;
  int max_rd_seen, max_wr_seen;
  unsigned long violations;
  char msgs[CHK_KEEP][CHK_MSG];
};

axi_check *axi_check_new(const axi_check_cfg *cfg) {
  if (cfg->bus_bytes < 1 || cfg->bus_bytes > AXI_MAX_BYTES || cfg->id_bits < 1 || cfg->id_bits > 32)
    return NULL;
  axi_check *c = calloc(1, sizeof *c);
  if (c) c->c = *cfg;
  return c;
}

void axi_check_free(axi_check *c) { free(c); }
unsigned long axi_check_violations(const axi_check *c) { return c->violations; }
const char *axi_check_first(const axi_check *c) { return c->violations ? c->msgs[0] : ""; }
int axi_check_in_flight(const axi_check *c) { return c->nrd + c->nwr + c->nawq + c->nwp; }
int axi_check_max_reads_seen(const axi_check *c) { return c->max_rd_seen; }
int axi_check_max_writes_seen(const axi_check *c) { return c->max_wr_seen; }

void axi_check_report(const axi_check *c, int max) {
  unsigned long n = c->violations < CHK_KEEP ? c->violations : CHK_KEEP;
  for (unsigned long i = 0; i < n && (int)i < max; i++) fprintf(stderr, "%s\n", c->msgs[i]);
  if (c->violations > n) fprintf(stderr, "axi_check: ... %lu violations in all\n", c->violations);
}

/* Record a violation: "axi_check: cycle C: CHANNEL: rule RULE: detail". */
static void violate(axi_check *c, const char *ch, const char *rule, const char *fmt, ...) {
  if (c->violations < CHK_KEEP) {
    char *m = c->msgs[c->violations];
    int n = snprintf(m, CHK_MSG, "axi_check: cycle %llu: %s: rule %s: ", (unsigned long long)c->cycle,
                     ch, rule);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && n < CHK_MSG) vsnprintf(m + n, CHK_MSG - (size_t)n, fmt, ap);
    va_end(ap);
  }
  c->violations++;
}

/* ---- hold: VALID until READY, payload stable ------------------------------- */

static void hold_rules(axi_check *c, const axi_bus *p, const axi_bus *b) {
  const size_t nb = (size_t)c->c.bus_bytes;
  if (p->arvalid && !p->arready) {
    if (!b->arvalid) violate(c, "AR", "hold", "ARVALID dropped before ARREADY");
    else if (b->arid != p->arid || b->araddr != p->araddr || b->arlen != p->arlen ||
             b->arsize != p->arsize || b->arburst != p->arburst)
      violate(c, "AR", "hold", "payload changed while ARVALID waited for ARREADY "
              "(addr 0x%llx len %u -> addr 0x%llx len %u)", (unsigned long long)p->araddr, p->arlen,
              (unsigned long long)b->araddr, b->arlen);
  }
  if (p->awvalid && !p->awready) {
    if (!b->awvalid) violate(c, "AW", "hold", "AWVALID dropped before AWREADY");
    else if (b->awid != p->awid || b->awaddr != p->awaddr || b->awlen != p->awlen ||
             b->awsize != p->awsize || b->awburst != p->awburst)
      violate(c, "AW", "hold", "payload changed while AWVALID waited for AWREADY "
              "(addr 0x%llx len %u -> addr 0x%llx len %u)", (unsigned long long)p->awaddr, p->awlen,
              (unsigned long long)b->awaddr, b->awlen);
  }
  if (p->wvalid && !p->wready) {
    if (!b->wvalid) violate(c, "W", "hold", "WVALID dropped before WREADY");
    else if (memcmp(b->wdata, p->wdata, nb) || b->wstrb != p->wstrb || b->wlast != p->wlast)
      violate(c, "W", "hold", "WDATA/WSTRB/WLAST changed while WVALID waited for WREADY");
  }
  if (p->rvalid && !p->rready) {
    if (!b->rvalid) violate(c, "R", "hold", "RVALID dropped before RREADY (slave)");
    else if (memcmp(b->rdata, p->rdata, nb) || b->rid != p->rid || b->rresp != p->rresp ||
             b->rlast != p->rlast)
      violate(c, "R", "hold", "R payload changed while RVALID waited for RREADY (slave)");
  }
  if (p->bvalid && !p->bready) {
    if (!b->bvalid) violate(c, "B", "hold", "BVALID dropped before BREADY (slave)");
    else if (b->bid != p->bid || b->bresp != p->bresp)
      violate(c, "B", "hold", "B payload changed while BVALID waited for BREADY (slave)");
  }
}

/* ---- address channels --------------------------------------------------------- */

static void addr_rules(axi_check *c, const char *ch, uint32_t id, uint64_t addr, unsigned len,
                       unsigned size, unsigned burst) {
  const uint64_t n = 1ull << (size & 7);
  if (c->c.id_bits < 32 && id >> c->c.id_bits)
    violate(c, ch, "id", "ID 0x%x wider than %d bits", id, c->c.id_bits);
  if (len > 255) violate(c, ch, "burst", "LEN %u > 255", len);
  if (size > 7 || n > (uint64_t)c->c.bus_bytes)
    violate(c, ch, "burst", "SIZE %u (%llu bytes) wider than the %d-byte bus", size,
            (unsigned long long)n, c->c.bus_bytes);
  if (burst == 3) violate(c, ch, "burst", "BURST 3 is reserved");
  if (burst == AXI_FIXED && len > 15) violate(c, ch, "burst", "FIXED burst of %u beats (max 16)", len + 1);
  if (burst == AXI_WRAP && ((len != 1 && len != 3 && len != 7 && len != 15) || (addr & (n - 1))))
    violate(c, ch, "burst", "WRAP burst of %u beats at 0x%llx", len + 1, (unsigned long long)addr);
  if (burst == AXI_INCR) {
    uint64_t last = (addr & ~(n - 1)) + ((uint64_t)len + 1) * n - 1;
    if (addr >> 12 != last >> 12)
      violate(c, ch, "4k", "INCR burst 0x%llx..0x%llx (%u beats of %llu bytes) crosses a 4 KB boundary",
              (unsigned long long)addr, (unsigned long long)last, len + 1, (unsigned long long)n);
  }
}

/* ---- W: pairing with AWs, WLAST, WSTRB ---------------------------------------- */

static void check_w_beat(axi_check *c, const txn *aw, uint64_t strb, int last, uint64_t when) {
  const int nb = c->c.bus_bytes;
  uint64_t first;
  unsigned count;
  axi_beat_bytes(aw->addr, aw->size, aw->burst, c->w_beat, &first, &count);
  const uint64_t lane0 = first & ~(uint64_t)(nb - 1);
  for (int j = 0; j < 64; j++) {
    if (!(strb >> j & 1)) continue;
    uint64_t a = lane0 + (uint64_t)j;
    if (j >= nb || a < first || a >= first + count) {
      violate(c, "W", "wstrb", "WSTRB 0x%llx on beat %u (W seen at cycle %llu) of the burst at 0x%llx "
              "sets lane %d, outside bytes 0x%llx..+%u", (unsigned long long)strb, c->w_beat,
              (unsigned long long)when, (unsigned long long)aw->addr, j, (unsigned long long)first, count);
      break;
    }
  }
  const int want = c->w_beat == aw->len;
  if (last != want)
    violate(c, "W", "wlast", "WLAST %d on beat %u (W seen at cycle %llu) of a %u-beat burst (AWLEN %u, "
            "addr 0x%llx)", last, c->w_beat, (unsigned long long)when, aw->len + 1, aw->len,
            (unsigned long long)aw->addr);
  if (last || want) {            /* the burst is over (resynchronise on a bad WLAST) */
    c->w_beat = 0;
    c->w_done++;
    memmove(c->awq, c->awq + 1, (size_t)(c->nawq - 1) * sizeof *c->awq);
    c->nawq--;
  } else {
    c->w_beat++;
  }
}

/* Pair queued W beats with the AWs now known. */
static void drain_w(axi_check *c) {
  int k = 0;
  while (k < c->nwp && c->nawq > 0) {
    check_w_beat(c, &c->awq[0], c->wp[k].strb, c->wp[k].last, c->wp[k].cycle);
    k++;
  }
  memmove(c->wp, c->wp + k, (size_t)(c->nwp - k) * sizeof *c->wp);
  c->nwp -= k;
}

/* ---- one cycle ---------------------------------------------------------------- */

void axi_check_cycle(axi_check *c, const axi_bus *b, int in_reset) {
  if (in_reset) {
    if (b->arvalid || b->awvalid || b->wvalid)
      violate(c, b->arvalid ? "AR" : b->awvalid ? "AW" : "W", "reset", "VALID high during reset");
    c->have_prev = 0;
    c->cycle++;
    return;
  }
  if (c->have_prev) hold_rules(c, &c->prev, b);

  if (b->arvalid && b->arready) {
    addr_rules(c, "AR", b->arid, b->araddr, b->arlen, b->arsize, b->arburst);
    if (c->nrd == CHK_MAXQ) {
      violate(c, "AR", "outstanding", "more than %d reads in flight", CHK_MAXQ);
    } else {
      c->rd[c->nrd++] = (txn){b->arid, b->araddr, b->arlen, b->arsize, b->arburst, 0, 0};
      if (c->nrd > c->max_rd_seen) c->max_rd_seen = c->nrd;
      if (c->nrd > c->c.max_reads)
        violate(c, "AR", "outstanding", "%d read bursts in flight, limit %d", c->nrd, c->c.max_reads);
    }
  }
  if (b->awvalid && b->awready) {
    addr_rules(c, "AW", b->awid, b->awaddr, b->awlen, b->awsize, b->awburst);
    txn t = {b->awid, b->awaddr, b->awlen, b->awsize, b->awburst, 0, c->aw_seq++};
    if (c->nwr == CHK_MAXQ || c->nawq == CHK_MAXQ) {
      violate(c, "AW", "outstanding", "more than %d writes in flight", CHK_MAXQ);
    } else {
      c->wr[c->nwr++] = t;
      c->awq[c->nawq++] = t;
      if (c->nwr > c->max_wr_seen) c->max_wr_seen = c->nwr;
      if (c->nwr > c->c.max_writes)
        violate(c, "AW", "outstanding", "%d write bursts in flight, limit %d", c->nwr, c->c.max_writes);
    }
    drain_w(c);
  }
  if (b->wvalid && b->wready) {
    if (c->nwp == 0 && c->nawq > 0) {
      check_w_beat(c, &c->awq[0], b->wstrb, b->wlast, c->cycle);
    } else if (c->nwp == CHK_MAXW) {
      violate(c, "W", "wlast", "more than %d W beats ahead of their AW", CHK_MAXW);
    } else {
      c->wp[c->nwp++] = (wpend){b->wstrb, b->wlast, c->cycle};
    }
  }
  if (b->rvalid && b->rready) {
    int i = 0;
    while (i < c->nrd && c->rd[i].id != b->rid) i++;
    if (i == c->nrd) {
      violate(c, "R", "rid", "R beat with RID 0x%x and no outstanding AR of that ID (slave)", b->rid);
    } else {
      txn *r = &c->rd[i];
      const int want = r->beat == r->len;
      if (b->rlast != want)
        violate(c, "R", "rid", "RLAST %d on beat %u of a %u-beat read (slave)", b->rlast, r->beat, r->len + 1);
      if (want || b->rlast) {
        memmove(c->rd + i, c->rd + i + 1, (size_t)(c->nrd - i - 1) * sizeof *c->rd);
        c->nrd--;
      } else {
        r->beat++;
      }
    }
  }
  if (b->bvalid && b->bready) {
    int i = 0;
    while (i < c->nwr && c->wr[i].id != b->bid) i++;
    if (i == c->nwr) {
      violate(c, "B", "bid", "B with BID 0x%x and no outstanding write of that ID (slave)", b->bid);
    } else {
      if (c->wr[i].seq >= c->w_done)
        violate(c, "B", "bid", "B for the write at 0x%llx before its last W beat (slave)",
                (unsigned long long)c->wr[i].addr);
      memmove(c->wr + i, c->wr + i + 1, (size_t)(c->nwr - i - 1) * sizeof *c->wr);
      c->nwr--;
    }
  }
  c->prev = *b;
  c->have_prev = 1;
  c->cycle++;
}
