/*
** nm_xfer_cycles: see nm_xfer_cycles.h.  The group walk follows
** rtl_templates/nm_dma_lay.vt's counters (its header states them) and
** nm_dma_pack / nm_dma_unpack's offer (the elements of one row-packed beat,
** at most Q a cycle).
*/
#include "nm_xfer_cycles.h"

#include "nm_layout.h"

#include <stdlib.h>
#include <string.h>

/* Cycles around the transfer proper, measured on the RTL (test_rtl_top_dma's
** stall-free runs): the top's acceptance and check cycle, nm_dma's request
** and burst issue, the converter's registers, the done handshake. */
enum { FIX_IN = 8, FIX_OUT = 9 };

typedef struct {
  unsigned e, bank, jm, word; /* element state */
  unsigned rc, rbank, rjm, rword; /* row state */
  int pn;                         /* the group before: its banks and words */
  unsigned pb[32], pw[32];
} lay_st;

/* Element state one element on (nm_dma_lay's chain step). */
static void lay_step(const nm_xfer_lay *L, lay_st *s) {
  unsigned nb = L->nb;
  s->e = (s->e + 1) & 31u;
  if (s->e != L->epw) return;
  s->e = 0;
  if (L->e_wm) {
    s->word = (s->word + 1) & 0xFFFFu;
    if (L->e_skew) s->bank = s->bank + 1 == nb ? 0 : s->bank + 1;
  } else {
    s->bank = s->bank + 1 == nb ? 0 : s->bank + 1;
    if (s->jm + 1 == nb)
      s->jm = 0, s->word = (s->word + L->e_wstep) & 0xFFFFu;
    else
      s->jm++;
  }
}

/* Row state past a row, element state at the next row's start. */
static void lay_row(const nm_xfer_lay *L, lay_st *s) {
  unsigned nb = L->nb;
  s->rc = (s->rc + 1) & 31u;
  if (s->rc == L->rpl) {
    s->rc = 0;
    if (L->r_wm) {
      s->rword = (s->rword + L->r_wstep) & 0xFFFFu;
      if (L->r_skew) s->rbank = s->rbank + 1 == nb ? 0 : s->rbank + 1;
    } else {
      s->rbank = s->rbank + 1 == nb ? 0 : s->rbank + 1;
      if (s->rjm + 1 == nb)
        s->rjm = 0, s->rword = (s->rword + L->r_wstep) & 0xFFFFu;
      else
        s->rjm++;
    }
  }
  s->e = 0, s->bank = s->rbank, s->jm = 0, s->word = s->rword;
}

#define MAXQ 32

/* One group of at most `avail` elements from state *s: takes the prefix,
** moves *s past it, adds its bank accesses to *e; the count taken. */
static int lay_group(const nm_xfer_lay *L, const nm_xfer_cmd *c, lay_st *s, int avail, nm_xfer_est *e) {
  unsigned bank[MAXQ], word[MAXQ], lanes[MAXQ];
  int nbk = 0, n = 0;
  unsigned b0 = s->bank, w0 = s->word;
  while (n < avail) {
    if (n && s->bank == b0 && s->word != w0) break;   /* the first conflict */
    unsigned lane = (L->lane0 + s->rc + (L->esz == 2 ? 2 * s->e : s->e)) & 15u;
    unsigned m = 1u << lane;
    if (L->esz == 2 && lane + 1 < 16) m |= 1u << (lane + 1);
    int k = 0;
    while (k < nbk && bank[k] != s->bank) k++;
    if (k == nbk) bank[k] = s->bank, word[k] = s->word, lanes[k] = 0, nbk++;
    lanes[k] |= m;
    lay_step(L, s);
    n++;
  }
  unsigned want = c->word_lanes >= 16 ? 0xFFFFu : (1u << c->word_lanes) - 1u;
  e->groups++;
  e->bank_words += (uint64_t)nbk;
  if (c->out) {
    /* the first bank read as it issues, the last landing from the port; wide: all at once */
    e->port += c->wide ? 1 : (uint64_t)nbk;
  } else {
    uint64_t cyc = 0, part = 0;
    for (int k = 0; k < nbk; k++) {
      int full = L->zfill || (lanes[k] & want) == want;
      e->full_words += (uint64_t)full;
      part |= !full;
      cyc += full ? 1 : 2;
    }
    /* wide: one cycle, the words written in part read the cycle before
    ** (beside the group before); two when that one writes the same word of
    ** a bank (the read waits for it) */
    int haz = 0;
    for (int k = 0; k < nbk; k++)
      for (int q = 0; q < s->pn; q++) haz |= bank[k] == s->pb[q] && word[k] == s->pw[q];
    e->port += c->wide ? 1 + (uint64_t)(part && haz) : cyc;
  }
  s->pn = nbk;
  for (int k = 0; k < nbk; k++) s->pb[k] = bank[k], s->pw[k] = word[k];
  return n;
}

/* Buffer-port cycles of every stream beat of the tile, row by row (the
** group walk); NULL if out of memory.  *sb: stream beats a row. */
static uint64_t *beat_costs(const nm_xfer_bus *bus, const nm_xfer_cmd *c, nm_xfer_est *e, int *sb) {
  const nm_xfer_lay *L = &c->lay;
  int B = bus->bus_bytes, q = B / 2 > MAXQ ? MAXQ : B / 2;
  int epb = B >> L->esz; /* elements a stream beat */
  *sb = (c->row_elems + epb - 1) / epb;
  uint64_t *cost = calloc((size_t)c->rows * (size_t)*sb, sizeof *cost);
  if (!cost) return NULL;
  lay_st s;
  memset(&s, 0, sizeof s);
  s.word = s.rword = L->base & 0xFFFFu;
  for (int r = 0; r < c->rows; r++) {
    for (int k = 0; k < *sb; k++) {
      uint64_t before = e->port;
      int left = c->row_elems - k * epb < epb ? c->row_elems - k * epb : epb;
      while (left > 0) left -= lay_group(L, c, &s, left < q ? left : q, e);
      cost[(size_t)r * (size_t)*sb + (size_t)k] = e->port - before;
    }
    if (!L->r_flat) lay_row(L, &s);
  }
  return cost;
}

static double maxd(double a, double b) { return a > b ? a : b; }

#define MAXR 64

int nm_xfer_estimate(const nm_xfer_bus *bus, const nm_xfer_cmd *c, nm_xfer_est *e) {
  *e = (nm_xfer_est){0};
  int sb;
  uint64_t *cost = beat_costs(bus, c, e, &sb);
  if (!cost) return -1;
  uint64_t B = (uint64_t)bus->bus_bytes, page = 4096 / B;
  uint64_t rate = (uint64_t)bus->bytes_per_cycle < B ? (uint64_t)bus->bytes_per_cycle : B;
  double gap = (double)B / (double)rate, lat = (double)bus->latency;
  int maxr = bus->max_reads < 1 ? 1 : bus->max_reads > MAXR ? MAXR : bus->max_reads;
  uint64_t row_bytes = (uint64_t)c->row_elems << c->lay.esz;
  double ring[MAXR];                 /* when each of the last maxr bursts freed its slot */
  double t_a = -1, h = -1e18, acc = 0, cprev = 0, end = 0, p1 = 0, p2 = 0, wprev = -1e18, w2 = -1e18;
  uint64_t nburst = 0;
  for (int r = 0; r < c->rows; r++) {
    uint64_t a = c->addr + (uint64_t)r * c->stride, off = a % B;
    uint64_t nbeats = (off + row_bytes + B - 1) / B, extra = nbeats - (uint64_t)sb, g = a / B;
    e->beats += nbeats;
    for (uint64_t j = 0; j < nbeats;) { /* one burst */
      uint64_t n = nbeats - j < 256 ? nbeats - j : 256, to_page = page - (g + j) % page;
      if (n > to_page) n = to_page;
      double issue = maxd(t_a + 1, nburst >= (uint64_t)maxr ? ring[nburst % (uint64_t)maxr] + 1 : 0);
      t_a = issue;
      double last = 0;
      for (uint64_t k = 0; k < n; k++, j++) {
        /* the beat's converter cycles: the extra head beat of a shifted row has none */
        double cj = j < extra ? 0 : (double)cost[(size_t)r * (size_t)sb + (size_t)(j - extra)];
        if (!c->out) {
          double hh = maxd(maxd(k == 0 ? issue + lat : 0, h + gap), acc);   /* R handshake */
          double aa = maxd(hh + 1, acc + cprev);                            /* the converter takes it */
          h = hh, acc = aa, cprev = cj < 1 ? 1 : cj;
          last = hh;
        } else {
          double pp = maxd(p1, w2) + cj;                                    /* into the 2-beat FIFO */
          double ww = maxd(maxd(pp + 1, wprev + gap), issue);               /* W handshake */
          p2 = p1, p1 = pp, w2 = wprev, wprev = ww;
          last = ww + lat;                                                  /* its B */
        }
      }
      ring[nburst % (uint64_t)maxr] = last;
      nburst++;
      if (last > end) end = last;
    }
  }
  (void)p2;
  free(cost);
  double fin = c->out ? end : acc + cprev;
  e->dram = (e->beats * B + rate - 1) / rate;
  e->cycles = (uint64_t)(c->out ? FIX_OUT : FIX_IN) + (uint64_t)(fin + 0.999);
  return 0;
}

int nm_xfer_wide(int region) { return region >= NML_STCE_A && region <= NML_STCE_C; }

uint64_t nm_xfer_cycles(const nm_xfer_bus *bus, const nm_xfer_cmd *c) {
  nm_xfer_est e;
  return nm_xfer_estimate(bus, c, &e) ? 0 : e.cycles;
}

int nm_xfer_within(uint64_t model, uint64_t rtl) {
  uint64_t d = model > rtl ? model - rtl : rtl - model;
  return d <= NM_XFER_TOL_ABS + model * NM_XFER_TOL_REL_PPM / 1000000u;
}
