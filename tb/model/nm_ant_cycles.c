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
  int ci, co;   /* its channel pair */
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

static int valid_products(const nm_ant_cmd *c, const nm_ant_csr *imgs, const nm_ant_csr *kers,
                          const vec *v, int r, uint32_t kp, int take) {
  const nm_ant_csr *img = &imgs[v->ci], *ker = &kers[v->co];
  int nv = 0;
  for (int i = 0; i < v->cnt; i++)
    for (int j = 0; j < take; j++)
      nv += nm_ant_out_index(c, v->y, img->elem[v->ip + (uint32_t)i].coord, r,
                             ker->elem[kp + (uint32_t)j].coord) >= 0;
  return nv;
}

uint64_t nm_ant_cycles(const nm_ant_cmd *c, int clear, const nm_ant_csr *img,
                       const nm_ant_csr *ker) {
  return nm_ant_cycles_batch(c, clear, 1, img, 1, ker);
}

uint64_t nm_ant_cycles_batch(const nm_ant_cmd *c, int clear, int ci, const nm_ant_csr *imgs,
                             int co, const nm_ant_csr *kers) {
  const int n = c->n, nb = n <= 1 ? 1 : n <= 2 ? 2 : n <= 4 ? 4 : 8, scnn = c->mode == NM_ANT_MODE_SCNN;
  const int ih = imgs[0].rows, kh = kers[0].rows, ktot = co * kh;
  const long hw = (long)c->hout * c->wout, total = hw * ci * co;
  /* Word 0 clears in the check cycle, then one a cycle with no product in
  ** the accumulator's write stage (e_v); the next word is total - clr_left. */
  long clr_left = clear ? total - 1 : 0;
  int e_v = 0;
  int bg_r = scnn ? ktot : 0, bg_pend = 0;
  int a_ph = ih > 0 ? A_RDAT : A_DONE, a_y = 0;   /* row 0's entry is read in the check cycle */
  int a_ci = 0, a_co = 0;
  uint32_t a_ip = 0, a_iend = 0;
  int ao_v = 0, b_v = 0, b_pend = 0, b_r = 0, b_rhi = 0, b_step = 1, b_pr = 0, t_v = 0, c_v = 0;
  span ao = {{0, 0, 0, 0, 0}, 0, 0}, bs = ao, ts = ao, cs = ao;
  uint32_t t_ks = 0, t_ke = 0, c_kp = 0, c_ke = 0;
  int t_r = 0, c_r = 0, q = 0;
  uint64_t cycles = 2;
  for (;;) {
    cycles++;
    int drained = a_ph == A_DONE && !ao_v && !b_v && !t_v && !c_v && !q &&
                  bg_r >= ktot && !bg_pend && !clr_left;
    if (drained) return cycles;
    /* C */
    int c_done = 0, load = 0, nvalid = 0;
    uint32_t kp_n = c_kp;
    if (c_v) {
      int skip, take;
      window(c, &kers[cs.v.co], c_kp, c_ke, &cs, nb, &skip, &take);
      if (skip > nb) {
        kp_n = c_kp + (uint32_t)skip;
        if (kp_n >= c_ke) c_done = 1;
      } else if (!take) {
        c_done = 1;
      } else if (q <= 1 && (!clr_left || total - clr_left >= hw * (cs.v.ci * co + cs.v.co + 1))) {
        load = 1;   /* the pair's output plane is cleared */
        nvalid = valid_products(c, imgs, kers, &cs.v, c_r, c_kp + (uint32_t)skip, take);
        kp_n = c_kp + (uint32_t)(skip + take);
        if (!(take == n && kp_n < c_ke)) c_done = 1;
      }
    }
    const int c_free = !c_v || c_done, t_take = c_free && t_v;
    /* B */
    const int t_free = !t_v || t_take;
    int nonempty = 0;
    uint32_t ks = 0, ke = 0;
    if (b_pend) {
      const nm_ant_csr *ker = &kers[bs.v.co];
      ks = ker->rowptr[b_pr], ke = ker->rowptr[b_pr + 1], nonempty = ks < ke;
    }
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
        const nm_ant_csr *img = &imgs[ao.v.ci];
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
    const nm_ant_csr *img = &imgs[a_ci];
    int row_end = 0;
    switch (a_ph) {
      case A_RDAT:
        if (img->rowptr[a_y] < img->rowptr[a_y + 1]) {
          a_ip = img->rowptr[a_y], a_iend = img->rowptr[a_y + 1], a_ph = A_WIN;
        } else {
          row_end = 1;
        }
        break;
      case A_WIN:
        if (ao_free) {
          int cnt = a_iend - a_ip < (uint32_t)n ? (int)(a_iend - a_ip) : n;
          na_v = 1, nao.v.y = a_y, nao.v.ip = a_ip, nao.v.cnt = cnt, nao.v.ci = a_ci, nao.v.co = a_co;
          a_ip += (uint32_t)cnt;
          row_end = a_ip >= a_iend;
        }
        break;
      default:
        break;
    }
    /* A's end of a row: the plane's next row, else the next pair's row 0. */
    if (row_end) {
      if (++a_y < ih) a_ph = A_RDAT;
      else if (a_ci == ci - 1 && a_co == co - 1) a_ph = A_DONE;
      else {
        a_y = 0, a_ph = A_RDAT;
        if (++a_co == co) a_co = 0, a_ci++;
      }
    }
    /* The registers. */
    if (c_v) c_kp = kp_n;
    if (c_free) c_v = t_v;
    if (t_take) c_kp = t_ks, c_ke = t_ke, c_r = t_r, cs = ts;
    if (t_take) t_v = 0;
    if (t_load) t_v = 1, t_ks = ks, t_ke = ke, t_r = b_pr, ts = bs;
    b_v = nb_v, b_pend = nb_pend, b_r = nb_r, b_pr = nb_pr, b_rhi = nb_rhi, b_step = nb_step, bs = nbs;
    ao_v = na_v, ao = nao;
    if (clr_left && !e_v) clr_left--;
    e_v = q > 0;   /* the queue's product this cycle is in the write stage next */
    q = load ? nvalid : q > 0 ? q - 1 : 0;
    bg_pend = bg_r < ktot;
    if (bg_r < ktot) bg_r++;
  }
}
