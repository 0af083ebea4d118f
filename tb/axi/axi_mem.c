/*
** The AXI4 slave memory model (see axi_mem.h).  Queues in arrival order:
** read bursts (AR), write bursts (AW), W beats that wait for their AW, and
** B responses.  drive() decides this cycle's outputs from the queues and
** the random stream, step() applies the handshakes and advances time.
*/
#include "axi_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_rng.h"

#define MEM_MAXQ 64      /* bursts of each kind and B responses queued */
#define MEM_MAXW 1024    /* W beats queued ahead of their AW */

typedef struct {
  uint32_t id;
  uint64_t addr, ready_at;
  unsigned len, size, burst, beat, resp;
} burst;

typedef struct {
  uint8_t data[AXI_MAX_BYTES];
  uint64_t strb;
  int last;
} wbeat;

typedef struct {
  uint32_t id;
  unsigned resp;
  uint64_t ready_at;
} bresp;

struct axi_mem {
  axi_mem_cfg c;
  uint8_t *mem;
  nm_rng rng;
  uint64_t cycle;
  long credit;
  burst ar[MEM_MAXQ], aw[MEM_MAXQ];
  int nar, naw;
  wbeat w[MEM_MAXW];
  int wh, nw;                 /* ring: head, count */
  bresp b[MEM_MAXQ];
  int nb;
  /* this cycle's outputs */
  int awready, wready, arready;
  int r_shown, r_at, r_last;  /* r_at: index into ar of the shown beat's burst */
  unsigned r_resp;
  uint8_t r_data[AXI_MAX_BYTES];
  int b_shown, b_at;
  axi_mem_stats st;
};

axi_mem *axi_mem_new(const axi_mem_cfg *cfg) {
  int bb = cfg->bus_bytes;
  if (bb < 8 || bb > AXI_MAX_BYTES || (bb & (bb - 1)) || cfg->latency < 1 ||
      cfg->bytes_per_cycle < 1 || cfg->size == 0 || cfg->max_reads < 1 ||
      cfg->max_reads > MEM_MAXQ || cfg->max_writes < 1 || cfg->max_writes > MEM_MAXQ)
    return NULL;
  axi_mem *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->mem = calloc(cfg->size, 1);
  if (!m->mem) {
    free(m);
    return NULL;
  }
  m->c = *cfg;
  nm_rng_seed(&m->rng, cfg->seed);
  m->credit = bb;
  return m;
}

void axi_mem_free(axi_mem *m) {
  if (!m) return;
  free(m->mem);
  free(m);
}

uint8_t *axi_mem_bytes(axi_mem *m) { return m->mem; }
const axi_mem_stats *axi_mem_stats_of(const axi_mem *m) { return &m->st; }

void axi_mem_set_error(axi_mem *m, uint64_t lo, uint64_t hi, unsigned resp) {
  m->c.err_lo = lo, m->c.err_hi = hi, m->c.err_resp = resp;
}

int axi_mem_idle(const axi_mem *m) {
  return !m->nar && !m->naw && !m->nw && !m->nb && !m->r_shown && !m->b_shown;
}

static int pct(axi_mem *m, int p) { return p > 0 && (int)nm_rng_below(&m->rng, 100) < p; }

/* The response for bytes [a, a + n): DECERR outside the memory, the
** injected code inside the error range, else OKAY. */
static unsigned resp_of(const axi_mem *m, uint64_t a, uint64_t n) {
  if (a < m->c.base || a + n > m->c.base + m->c.size || a + n < a) return AXI_DECERR;
  if (m->c.err_lo < m->c.err_hi && a < m->c.err_hi && a + n > m->c.err_lo) return m->c.err_resp;
  return AXI_OKAY;
}

/* Index into q (n entries) of the next response to give: the oldest ready
** one, or with reorder a random one among the oldest ready of each ID. */
static int pick(axi_mem *m, const uint32_t *ids, const uint64_t *ready_at, int n) {
  int cand[MEM_MAXQ], nc = 0;
  for (int i = 0; i < n; i++) {
    int older_same_id = 0;
    for (int k = 0; k < i; k++) older_same_id |= ids[k] == ids[i];
    if (older_same_id) continue;                 /* one ID stays in order */
    if (ready_at[i] <= m->cycle) cand[nc++] = i;
    if (!m->c.reorder) break;                    /* in order: only the oldest */
  }
  if (!nc) return -1;
  return cand[m->c.reorder ? nm_rng_below(&m->rng, (uint32_t)nc) : 0];
}

/* Fill the R beat of burst ar[i]: its bytes from memory, other lanes random. */
static void make_r_beat(axi_mem *m, int i) {
  const burst *r = &m->ar[i];
  const int bb = m->c.bus_bytes;
  uint64_t first;
  unsigned count;
  axi_beat_bytes(r->addr, r->size, r->burst, r->beat, &first, &count);
  const uint64_t lane0 = first & ~(uint64_t)(bb - 1);
  m->r_resp = resp_of(m, first, count);
  for (int j = 0; j < bb; j++) {
    uint64_t a = lane0 + (uint64_t)j;
    int in = a >= first && a < first + count;
    m->r_data[j] = in && m->r_resp == AXI_OKAY ? m->mem[a - m->c.base] : (uint8_t)nm_rng_u32(&m->rng);
  }
  m->r_last = r->beat == r->len;
  m->r_at = i;
  m->r_shown = 1;
}

void axi_mem_drive(axi_mem *m, axi_bus *bus) {
  const int bb = m->c.bus_bytes;
  m->arready = m->nar < m->c.max_reads && !pct(m, m->c.p_stall);
  m->awready = m->naw < m->c.max_writes && !pct(m, m->c.p_stall);
  m->wready = m->nw < MEM_MAXW && m->credit >= bb && !pct(m, m->c.p_stall);
  if (!m->r_shown && m->credit >= bb && !pct(m, m->c.p_gap)) {
    uint32_t ids[MEM_MAXQ];
    uint64_t at[MEM_MAXQ];
    for (int i = 0; i < m->nar; i++) ids[i] = m->ar[i].id, at[i] = m->ar[i].ready_at;
    int i = pick(m, ids, at, m->nar);
    if (i >= 0) make_r_beat(m, i);
  }
  if (!m->b_shown && !pct(m, m->c.p_gap)) {
    uint32_t ids[MEM_MAXQ];
    uint64_t at[MEM_MAXQ];
    for (int i = 0; i < m->nb; i++) ids[i] = m->b[i].id, at[i] = m->b[i].ready_at;
    int i = pick(m, ids, at, m->nb);
    if (i >= 0) m->b_shown = 1, m->b_at = i;
  }
  bus->arready = m->arready;
  bus->awready = m->awready;
  bus->wready = m->wready;
  bus->rvalid = m->r_shown;
  bus->rid = m->r_shown ? m->ar[m->r_at].id : 0;
  bus->rresp = m->r_shown ? m->r_resp : 0;
  bus->rlast = m->r_shown ? m->r_last : 0;
  memset(bus->rdata, 0, sizeof bus->rdata);
  if (m->r_shown) memcpy(bus->rdata, m->r_data, (size_t)bb);
  bus->bvalid = m->b_shown;
  bus->bid = m->b_shown ? m->b[m->b_at].id : 0;
  bus->bresp = m->b_shown ? m->b[m->b_at].resp : 0;
}

/* A burst this model serves: INCR or FIXED, no wider than the bus. */
static int bad_burst(const axi_mem *m, const char *ch, unsigned burst, unsigned size, char *why,
                     size_t whylen) {
  if ((burst == AXI_INCR || burst == AXI_FIXED) && (1 << size) <= m->c.bus_bytes) return 0;
  snprintf(why, whylen, "axi_mem: cycle %llu: %s burst type %u size %u is not served",
           (unsigned long long)m->cycle, ch, burst, size);
  return -1;
}

static void take(burst *q, int *n, int i) {
  memmove(q + i, q + i + 1, (size_t)(*n - i - 1) * sizeof *q);
  (*n)--;
}

/* Apply queued W beats to the oldest AW bursts; finished bursts get a B. */
static int apply_writes(axi_mem *m, char *why, size_t whylen) {
  const int bb = m->c.bus_bytes;
  while (m->naw > 0 && m->nw > 0) {
    burst *w = &m->aw[0];
    const wbeat *d = &m->w[m->wh];
    uint64_t first;
    unsigned count;
    axi_beat_bytes(w->addr, w->size, w->burst, w->beat, &first, &count);
    if (d->last != (w->beat == w->len)) {
      snprintf(why, whylen, "axi_mem: cycle %llu: W beat %u of a %u-beat burst has WLAST %d",
               (unsigned long long)m->cycle, w->beat, w->len + 1, d->last);
      return -1;
    }
    const uint64_t lane0 = first & ~(uint64_t)(bb - 1);
    for (int j = 0; j < bb && w->resp == AXI_OKAY; j++) {
      uint64_t a = lane0 + (uint64_t)j;
      if (d->strb >> j & 1 && a >= first && a < first + count) m->mem[a - m->c.base] = d->data[j];
    }
    m->wh = (m->wh + 1) % MEM_MAXW, m->nw--;
    if (w->beat++ == w->len) {
      m->b[m->nb++] = (bresp){w->id, w->resp, m->cycle + (uint64_t)m->c.latency};
      take(m->aw, &m->naw, 0);
    }
  }
  return 0;
}

int axi_mem_step(axi_mem *m, const axi_bus *bus, char *why, size_t whylen) {
  const int bb = m->c.bus_bytes;
  if (bus->arvalid && m->arready) {
    if (bad_burst(m, "AR", bus->arburst, bus->arsize, why, whylen)) return -1;
    m->ar[m->nar++] = (burst){bus->arid, bus->araddr, m->cycle + (uint64_t)m->c.latency,
                              bus->arlen, bus->arsize, bus->arburst, 0, 0};
    m->st.ar_count++;
  }
  if (bus->awvalid && m->awready) {
    if (bad_burst(m, "AW", bus->awburst, bus->awsize, why, whylen)) return -1;
    const uint64_t n = 1ull << bus->awsize, aligned = bus->awaddr & ~(n - 1);
    const uint64_t end = bus->awburst == AXI_FIXED ? aligned + n : aligned + (bus->awlen + 1ull) * n;
    burst w = {bus->awid, bus->awaddr, 0, bus->awlen, bus->awsize, bus->awburst, 0, 0};
    w.resp = resp_of(m, bus->awaddr, end - bus->awaddr);
    m->aw[m->naw++] = w;
    m->st.aw_count++;
  }
  if (bus->wvalid && m->wready) {
    wbeat *d = &m->w[(m->wh + m->nw) % MEM_MAXW];
    memcpy(d->data, bus->wdata, (size_t)bb);
    d->strb = bus->wstrb, d->last = bus->wlast;
    m->nw++;
    m->credit -= bb;
    m->st.w_beats++;
  }
  if (m->r_shown && bus->rready) {
    burst *r = &m->ar[m->r_at];
    if (r->beat++ == r->len) take(m->ar, &m->nar, m->r_at);
    m->r_shown = 0;
    m->credit -= bb;
    m->st.r_beats++;
  }
  if (m->b_shown && bus->bready) {
    memmove(m->b + m->b_at, m->b + m->b_at + 1, (size_t)(m->nb - m->b_at - 1) * sizeof *m->b);
    m->nb--;
    m->b_shown = 0;
    m->st.b_count++;
  }
  if (apply_writes(m, why, whylen)) return -1;
  m->cycle++;
  m->st.cycles++;
  m->credit += m->c.bytes_per_cycle;
  if (m->credit > bb + m->c.bytes_per_cycle) m->credit = bb + m->c.bytes_per_cycle;
  return 0;
}
