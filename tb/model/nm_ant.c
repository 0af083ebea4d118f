/*
** ANT golden model (see nm_ant.h).  Written from the algorithm of DESIGN.md,
** not from the RTL: the range is a division/gcd formula proved against the
** brute-force definition, products go through the host's IEEE float and
** frexp, and the rounding works on an unsigned __int128.
*/
#include "nm_ant.h"

#include <math.h>

#include "nm_fp.h"

static int pow2_124(int v) { return v == 1 || v == 2 || v == 4; }

int nm_ant_check(const nm_ant_cmd *c, const nm_ant_limits *lim, int ih, int kh) {
  return nm_ant_check_batch(c, lim, ih, kh, 1, 1);
}

int nm_ant_check_batch(const nm_ant_cmd *c, const nm_ant_limits *lim, int ih, int kh, int ci, int co) {
  if (!pow2_124(c->st)) return NM_ANT_E_ST;
  if (!pow2_124(c->d)) return NM_ANT_E_D;
  if (ih < 0 || kh < 0 || (long)ih * ci > lim->rows || (long)kh * co > lim->rows) return NM_ANT_E_ROWS;
  if (c->hout <= 0 || c->wout <= 0 || (long)c->hout * c->wout * ci * co > lim->obuf_depth)
    return NM_ANT_E_OUT;
  return NM_ANT_OK;
}

int nm_ant_check_clear(const nm_ant_cmd *c, int clear, long *cleared) {
  return nm_ant_check_clear_batch(c, clear, 1, cleared);
}

int nm_ant_check_clear_batch(const nm_ant_cmd *c, int clear, int planes, long *cleared) {
  long hw = (long)c->hout * c->wout * planes;
  if (clear) {
    if (hw > *cleared) *cleared = hw;
    return NM_ANT_OK;
  }
  return hw > *cleared ? NM_ANT_E_CLR : NM_ANT_OK;
}

int nm_ant_row_valid(const nm_ant_cmd *c, int y, int r) {
  long num = (long)y + c->pad - (long)c->d * r;
  return num >= 0 && num % c->st == 0 && num / c->st < c->hout;
}

long nm_ant_out_index(const nm_ant_cmd *c, int y, int x, int r, int s) {
  long ny = (long)y + c->pad - (long)c->d * r, nx = (long)x + c->pad - (long)c->d * s;
  if (ny < 0 || nx < 0 || ny % c->st || nx % c->st) return -1;
  long oy = ny / c->st, ox = nx / c->st;
  if (oy >= c->hout || ox >= c->wout) return -1;
  return oy * c->wout + ox;
}

static long gcd(long a, long b) {
  while (b) {
    long t = a % b;
    a = b, b = t;
  }
  return a;
}

/* Rows: d*r in [yp - st*(Hout-1), yp] and d*r = yp (mod st).  The residues
** d*r mod st repeat with period st/gcd(st, d), so the first solution is
** within one period of the lower bound and the rest follow at that step. */
void nm_ant_range(const nm_ant_cmd *c, int kh, int y, int xmin, int xmax, nm_ant_range_t *out) {
  const long yp = (long)y + c->pad, st = c->st, d = c->d;
  long lo = yp - st * (c->hout - 1);
  if (lo < 0) lo = 0;
  long r_lo = (lo + d - 1) / d, r_hi = yp / d;
  if (r_hi > kh - 1) r_hi = kh - 1;
  const long step = st / gcd(st, d);
  long first = -1;
  for (long r = r_lo; r < r_lo + step; r++)
    if ((yp - d * r) % st == 0) {
      first = r;
      break;
    }
  out->empty = first < 0 || first > r_hi;
  out->r_lo = (int)(first < 0 ? r_lo : first);
  out->r_hi = (int)r_hi;
  out->r_step = (int)step;
  out->ds_lo = (long)xmin + c->pad - st * (c->wout - 1);
  if (out->ds_lo < 0) out->ds_lo = 0;
  out->ds_hi = (long)xmax + c->pad;
}

/* Kernel vectors of row r in the scnn packing: ceil(nnz / n). */
static uint64_t row_vectors(const nm_ant_csr *k, int r, int n) {
  uint32_t cnt = k->rowptr[r + 1] - k->rowptr[r];
  return (cnt + (uint32_t)n - 1) / (uint32_t)n;
}

/* One kernel vector against the image vector: counts its products. */
static void pair(const nm_ant_cmd *c, const nm_ant_csr *img, uint32_t ip, int ci,
                 const nm_ant_csr *ker, const uint32_t *kidx, int ck, int y, int r,
                 nm_ant_counts *o) {
  o->pairs++;
  o->products += (uint64_t)ci * ck;
  for (int i = 0; i < ci; i++)
    for (int j = 0; j < ck; j++)
      if (nm_ant_out_index(c, y, img->elem[ip + i].coord, r, ker->elem[kidx[j]].coord) < 0)
        o->rcps++;
}

void nm_ant_count(const nm_ant_cmd *c, const nm_ant_csr *img, const nm_ant_csr *ker,
                  nm_ant_counts *o) {
  const int n = c->n, ant = c->mode == NM_ANT_MODE_ANT;
  uint64_t total = 0;   /* kernel vectors of the scnn loop, per image vector */
  for (int r = 0; r < ker->rows; r++) total += row_vectors(ker, r, n);
  o->pairs = o->products = o->rcps = o->skipped = 0;
  uint32_t kidx[8];
  for (int y = 0; y < img->rows; y++) {
    for (uint32_t ip = img->rowptr[y]; ip < img->rowptr[y + 1]; ip += (uint32_t)n) {
      int ci = (int)(img->rowptr[y + 1] - ip < (uint32_t)n ? img->rowptr[y + 1] - ip : (uint32_t)n);
      long ds_lo = 0, ds_hi = 0;
      if (ant) {
        ds_lo = (long)img->elem[ip].coord + c->pad - (long)c->st * (c->wout - 1);
        ds_hi = (long)img->elem[ip + ci - 1].coord + c->pad;
      }
      uint64_t issued = 0;
      for (int r = 0; r < ker->rows; r++) {
        if (ant && !nm_ant_row_valid(c, y, r)) continue;
        /* The first n kernel nonzeros in the column range, then the next n. */
        int ck = 0;
        for (uint32_t q = ker->rowptr[r]; q < ker->rowptr[r + 1]; q++) {
          long ds = (long)c->d * ker->elem[q].coord;
          if (ant && (ds < ds_lo || ds > ds_hi)) continue;
          kidx[ck++] = q;
          if (ck == n) {
            pair(c, img, ip, ci, ker, kidx, ck, y, r, o);
            issued++, ck = 0;
          }
        }
        if (ck) pair(c, img, ip, ci, ker, kidx, ck, y, r, o), issued++;
      }
      if (ant) o->skipped += total - issued;
    }
  }
  o->valid = o->products - o->rcps;
}

/* Through the host's float: the fp16 x fp16 product is exact in fp32, and
** frexp splits it into a 53-bit integer and a power of two. */
void nm_ant_product(uint16_t a, uint16_t b, __int128 *fixed, int *cls) {
  float fa = nm_f32_from_bits(nm_cvt16to32(a)), fb = nm_f32_from_bits(nm_cvt16to32(b));
  *fixed = 0;
  if (isnan(fa) || isnan(fb) || (isinf(fa) && fb == 0.0f) || (isinf(fb) && fa == 0.0f)) {
    *cls = 3;
    return;
  }
  float p = fa * fb;
  if (isinf(p)) {
    *cls = signbit(p) ? 2 : 1;
    return;
  }
  *cls = 0;
  if (p == 0.0f) return;
  int e;
  double m = frexp(fabs((double)p), &e);            /* |p| = m * 2^e, m in [0.5, 1) */
  int64_t mi = (int64_t)ldexp(m, 53);               /* exact */
  int sh = e - 53 + 48;                             /* |p| * 2^48 = mi * 2^sh */
  unsigned __int128 u = sh >= 0 ? (unsigned __int128)mi << sh : (unsigned __int128)(mi >> -sh);
  *fixed = signbit(p) ? -(__int128)u : (__int128)u;
}

void nm_ant_accumulate(const nm_ant_cmd *c, int acc_bits, const nm_ant_csr *img,
                       const nm_ant_csr *ker, nm_ant_acc *acc) {
  const __int128 lim = acc_bits >= 128 ? 0 : (__int128)((unsigned __int128)1 << (acc_bits - 1));
  for (int y = 0; y < img->rows; y++)
    for (uint32_t p = img->rowptr[y]; p < img->rowptr[y + 1]; p++)
      for (int r = 0; r < ker->rows; r++)
        for (uint32_t q = ker->rowptr[r]; q < ker->rowptr[r + 1]; q++) {
          long o = nm_ant_out_index(c, y, img->elem[p].coord, r, ker->elem[q].coord);
          if (o < 0) continue;
          __int128 f, t;
          int cls;
          nm_ant_product(img->elem[p].val, ker->elem[q].val, &f, &cls);
          nm_ant_acc *a = &acc[o];
          if (cls == 1) a->pinf = 1;
          if (cls == 2) a->ninf = 1;
          if (cls == 3) a->nan = 1;
          if (__builtin_add_overflow(a->sum, f, &t) || (lim && (t >= lim || t < -lim)))
            a->ovf = 1;
          a->sum = t;
        }
}

uint32_t nm_ant_round(__int128 s, int out16) {
  if (s == 0) return 0;
  const int neg = s < 0, prec = out16 ? 11 : 24;
  const unsigned __int128 m = neg ? -(unsigned __int128)s : (unsigned __int128)s;
  int p = 127;
  while (!(m >> p & 1)) p--;
  /* Quantum 2^q (units of 2^-48): prec significant bits, but never below
  ** the fp16 subnormal step 2^-24 = 2^24 units (fp32 never gets there). */
  int q = p - (prec - 1);
  if (out16 && q < 24) q = 24;
  unsigned __int128 sig;
  if (q <= 0) {
    sig = m << -q;
  } else {
    const unsigned __int128 half = (unsigned __int128)1 << (q - 1), rem = m & ((half << 1) - 1);
    sig = m >> q;
    if (rem > half || (rem == half && (sig & 1))) sig++;
  }
  if (sig >> prec) sig >>= 1, q++;                  /* rounded up to 2^prec */
  uint32_t bits;
  if (out16) {
    const int e = q + 10 - 48 + 15;                   /* biased exponent of the leading bit */
    if (sig < 0x400) bits = (uint32_t)sig;            /* subnormal (q == 24) */
    else if (e >= 31) bits = 0x7C00;
    else bits = (uint32_t)e << 10 | ((uint32_t)sig & 0x3FF);
    return bits | (neg ? NM_SIGN16 : 0);
  }
  bits = (uint32_t)(q + 23 - 48 + 127) << 23 | ((uint32_t)sig & 0x7FFFFF);
  return bits | (neg ? NM_SIGN32 : 0);
}

uint32_t nm_ant_readout(const nm_ant_acc *a, int out16) {
  if (a->ovf || a->nan || (a->pinf && a->ninf)) return out16 ? NM_QNAN16 : NM_QNAN32;
  if (a->pinf) return out16 ? 0x7C00u : 0x7F800000u;
  if (a->ninf) return out16 ? 0xFC00u : 0xFF800000u;
  return nm_ant_round(a->sum, out16);
}
