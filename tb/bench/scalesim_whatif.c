/*
** bench-scalesim: proposal estimates (see scalesim_whatif.h).
*/
#include "scalesim_whatif.h"

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

static uint64_t stream_kp(const nm_gemm_cmd *c) {
  return c->a_sparse ? (uint64_t)nm_gemm_kp(c) : (uint64_t)c->K;
}

uint64_t ss_os_stream(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t kmin = nm_stce_os_kmin(hw), kp = stream_kp(c);
  return (kp > kmin ? kp : kmin) * (uint64_t)nm_stce_slots(hw);
}

/* Fewest tiles covering an i x j block with one shape (a*R) x (b*C), a*b = L. */
static uint64_t best_shape(uint64_t R, uint64_t C, uint64_t L, uint64_t i, uint64_t j) {
  uint64_t best = UINT64_MAX;
  if (!i || !j) return 0;
  for (uint64_t a = 1; a <= L; a++) {
    if (L % a) continue;
    uint64_t t = ceil_div(i, a * R) * ceil_div(j, (L / a) * C);
    if (t < best) best = t;
  }
  return best;
}

/* Per command: one shape for the whole command; per strip: full-width
** strips in today's J-slot shape (or the I-slot shape) and only the edge
** strip in its best shape.  The fewest tiles of these. */
uint64_t ss_os_tiles_filled(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t R = (uint64_t)hw->rows, C = (uint64_t)hw->cols, L = (uint64_t)nm_stce_slots(hw);
  uint64_t I = (uint64_t)c->I, J = (uint64_t)c->J;
  uint64_t best = best_shape(R, C, L, I, J);
  /* J strips of L*C columns (slots across J), the J edge in its best shape */
  uint64_t qj = J / (L * C), wj = J % (L * C);
  uint64_t tj = ceil_div(I, R) * qj + best_shape(R, C, L, I, wj);
  /* I strips of L*R rows (slots across I), the I edge in its best shape */
  uint64_t qi = I / (L * R), wi = I % (L * R);
  uint64_t ti = ceil_div(J, C) * qi + best_shape(R, C, L, wi, J);
  if (tj < best) best = tj;
  if (ti < best) best = ti;
  return best;
}

/* Each output sums its whole k' sequence in one slot (the fixed sum order),
** so a slot of a tile is an R x C rectangle of outputs: at most R rows of I
** by C columns of J.  Row i needs ceil(J/C) rectangles and a rectangle holds
** at most R rows (likewise per column): the fewest rectangles is at least
** the larger of the two counts, the fewest tiles that over L. */
uint64_t ss_os_tiles_bound(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t R = (uint64_t)hw->rows, C = (uint64_t)hw->cols, L = (uint64_t)nm_stce_slots(hw);
  uint64_t I = (uint64_t)c->I, J = (uint64_t)c->J;
  uint64_t by_row = ceil_div(I * ceil_div(J, C), R), by_col = ceil_div(J * ceil_div(I, R), C);
  return ceil_div(by_row > by_col ? by_row : by_col, L);
}

uint64_t ss_os_cycles_filled(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t now = nm_stce_cycles(hw, c, 0);
  uint64_t saved = (nm_stce_tiles(hw, c) - ss_os_tiles_filled(hw, c)) * ss_os_stream(hw, c);
  return now - saved;
}

uint64_t ss_fixed_cycles(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t all = nm_stce_cycles(hw, c, 0);
  if (!c->ws) return all - nm_stce_tiles(hw, c) * ss_os_stream(hw, c);
  /* WS: tiles * beats is the streaming part (beats = roundup(max(J, JMIN), C)) */
  uint64_t R = (uint64_t)hw->rows, Cc = (uint64_t)hw->cols, J = (uint64_t)c->J;
  uint64_t jmin = nm_stce_ws_jmin(hw), beats = ceil_div(J > jmin ? J : jmin, Cc) * Cc;
  uint64_t tiles = ceil_div((uint64_t)c->I, Cc) * ceil_div(stream_kp(c), R);
  return all - tiles * beats;
}
