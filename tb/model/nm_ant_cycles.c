/*
** nm_ant_cycles: the engine's cycle count (see nm_ant_cycles.h).  Each loop
** turn is one cycle: the stages' decisions from the state at its start, in
** the order the hardware's combinational logic sees them (C frees the task
** register for B, B frees A's vector), then every register at once.
*/
#include "nm_ant_cycles.h"

enum { A_RDAT, A_WIN, A_DONE };

typedef struct {
  int y;
  uint32_t ip;
  int cnt;
} vec;

typedef struct {
  vec v;
  long dslo, dshi;
} span;

/* The kernel window at kp (row end ke) is 2*nb elements wide: *skip leading
** ones below the range; when *skip <= nb the pair takes the *take leading
** ones in range (of n) after them, in the same cycle. */
static void window(const nm_ant_cmd *c, const nm_ant_csr *k, uint32_t kp, uint32_t ke,
                   const span *s, int nb, int *skip, int *take) {
  *skip = 0, *take = 0;
  for (int i = 0; i < 2 * nb && kp + (uint32_t)i < ke; i++) {
    if ((long)c->d * k->elem[kp + (uint32_t)i].coord >= s->dslo) break;
    (*skip)++;
  }
  if (*skip > nb) return;
  kp += (uint32_t)*skip;
  for (int i = 0; i < c->n && kp + (uint32_t)i < ke; i++) {
    if ((long)c->d * k->elem[kp + (uint32_t)i].coord > s->dshi) break;
    (*take)++;
  }
}

static int valid_products(const nm_ant_cmd *c, const nm_ant_csr *img, const nm_ant_csr *ker,
                          const vec *v, int r, uint32_t kp, int take) {
  int nv = 0;
  for (int i = 0; i < v->cnt; i++)
    for (int j = 0; j < take; j++)
      nv += nm_ant_out_index(c, v->y, img->elem[v->ip + (uint32_t)i].coord, r,
                             ker->elem[kp + (uint32_t)j].coord) >= 0;
  return nv;
}

uint64_t nm_ant_cycles(const nm_ant_cmd *c, int clear, const nm_ant_csr *img,
                       const nm_ant_csr *ker) {
  const int n = c->n, nb = n <= 1 ? 1 : n <= 2 ? 2 : n <= 4 ? 4 : 8, scnn = c->mode == NM_ANT_MODE_SCNN;
  const int ih = img->rows, kh = ker->rows;
  long clr_left = clear ? (long)c->hout * c->wout - 1 : 0;   /* word 0 clears in the check cycle */
  int bg_r = scnn ? kh : 0, bg_pend = 0;
  int a_ph = ih > 0 ? A_RDAT : A_DONE, a_y = 0;   /* row 0's entry is read in the check cycle */
  uint32_t a_ip = 0, a_iend = 0;
  int ao_v = 0, b_v = 0, b_pend = 0, b_r = 0, b_rhi = 0, b_step = 1, b_pr = 0, t_v = 0, c_v = 0;
  span ao = {{0, 0, 0}, 0, 0}, bs = ao, ts = ao, cs = ao;
  uint32_t t_ks = 0, t_ke = 0, c_kp = 0, c_ke = 0;
  int t_r = 0, c_r = 0, q = 0;
  uint64_t cycles = 2;
  for (;;) {
    cycles++;
    int drained = a_ph == A_DONE && !ao_v && !b_v && !t_v && !c_v && !q &&
                  bg_r >= kh && !bg_pend && !clr_left;
    if (drained) return cycles;
    /* C */
    int c_done = 0, load = 0, nvalid = 0;
    uint32_t kp_n = c_kp;
    if (c_v) {
      int skip, take;
      window(c, ker, c_kp, c_ke, &cs, nb, &skip, &take);
      if (skip > nb) {
        kp_n = c_kp + (uint32_t)skip;
        if (kp_n >= c_ke) c_done = 1;
      } else if (!take) {
        c_done = 1;
      } else if (q <= 1 && !clr_left) {
        load = 1;
        nvalid = valid_products(c, img, ker, &cs.v, c_r, c_kp + (uint32_t)skip, take);
        kp_n = c_kp + (uint32_t)(skip + take);
        if (!(take == n && kp_n < c_ke)) c_done = 1;
      }
    }
    const int c_free = !c_v || c_done, t_take = c_free && t_v;
    /* B */
    const int t_free = !t_v || t_take;
    int nonempty = 0;
    uint32_t ks = 0, ke = 0;
    if (b_pend) ks = ker->rowptr[b_pr], ke = ker->rowptr[b_pr + 1], nonempty = ks < ke;
    const int t_load = b_pend && nonempty && t_free, b_res = !b_pend || !nonempty || t_free;
    int nb_v = b_v, nb_pend = b_pend && !b_res, nb_r = b_r, nb_pr = b_pr;
    if (b_v && b_res && b_r <= b_rhi) nb_pend = 1, nb_pr = b_r, nb_r = b_r + b_step;
    const int b_fin = !b_v || (b_res && b_r > b_rhi), b_take = b_fin && ao_v;
    span nbs = bs;
    int nb_rhi = b_rhi, nb_step = b_step;
    if (b_fin) nb_v = 0;
    if (b_take) {
      nbs = ao;
      int empty, lo;
      if (scnn) {
        empty = kh == 0, lo = 0, nb_rhi = kh - 1, nb_step = 1, nbs.dslo = 0, nbs.dshi = (1L << 19) - 1;
      } else {
        nm_ant_range_t rg;
        nm_ant_range(c, kh, ao.v.y, img->elem[ao.v.ip].coord,
                     img->elem[ao.v.ip + (uint32_t)ao.v.cnt - 1].coord, &rg);
        empty = rg.empty, lo = rg.r_lo, nb_rhi = rg.r_hi, nb_step = rg.r_step;
        nbs.dslo = rg.ds_lo, nbs.dshi = rg.ds_hi;
      }
      if (!empty) nb_v = 1, nb_pend = 1, nb_pr = lo, nb_r = lo + nb_step;
    }
    /* A */
    const int ao_free = !ao_v || b_take;
    int na_v = ao_v && !b_take;
    span nao = ao;
    switch (a_ph) {
      case A_RDAT:
        if (img->rowptr[a_y] < img->rowptr[a_y + 1]) {
          a_ip = img->rowptr[a_y], a_iend = img->rowptr[a_y + 1], a_ph = A_WIN;
        } else if (++a_y >= ih) {
          a_ph = A_DONE;
        }
        break;
      case A_WIN:
        if (ao_free) {
          int cnt = a_iend - a_ip < (uint32_t)n ? (int)(a_iend - a_ip) : n;
          na_v = 1, nao.v.y = a_y, nao.v.ip = a_ip, nao.v.cnt = cnt;
          a_ip += (uint32_t)cnt;
          if (a_ip >= a_iend) a_ph = ++a_y < ih ? A_RDAT : A_DONE;
        }
        break;
      default:
        break;
    }
    /* The registers. */
    if (c_v) c_kp = kp_n;
    if (c_free) c_v = t_v;
    if (t_take) c_kp = t_ks, c_ke = t_ke, c_r = t_r, cs = ts;
    if (t_take) t_v = 0;
    if (t_load) t_v = 1, t_ks = ks, t_ke = ke, t_r = b_pr, ts = bs;
    b_v = nb_v, b_pend = nb_pend, b_r = nb_r, b_pr = nb_pr, b_rhi = nb_rhi, b_step = nb_step, bs = nbs;
    ao_v = na_v, ao = nao;
    q = load ? nvalid : q > 0 ? q - 1 : 0;
    if (clr_left) clr_left--;
    bg_pend = bg_r < kh;
    if (bg_r < kh) bg_r++;
  }
}
