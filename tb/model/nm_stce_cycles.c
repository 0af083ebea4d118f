/*
** The STCE cycle model (see nm_stce_cycles.h).
*/
#include "nm_stce_cycles.h"

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

int nm_stce_slots(const nm_stce_hw *hw) { return hw->add_stages > 0 ? hw->add_stages : 1; }

/* K' as the engine streams it: dense A is M:M, so K' = K. */
static uint64_t stream_kp(const nm_gemm_cmd *c) {
  return c->a_sparse ? (uint64_t)nm_gemm_kp(c) : (uint64_t)c->K;
}

/* Tiles of R x L*C (slots across J) and of L*R x C (slots across I). */
static uint64_t tiles_across_j(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t L = (uint64_t)nm_stce_slots(hw);
  return ceil_div((uint64_t)c->I, (uint64_t)hw->rows) *
         ceil_div((uint64_t)c->J, L * (uint64_t)hw->cols);
}
static uint64_t tiles_across_i(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t L = (uint64_t)nm_stce_slots(hw);
  return ceil_div((uint64_t)c->I, L * (uint64_t)hw->rows) *
         ceil_div((uint64_t)c->J, (uint64_t)hw->cols);
}

int nm_stce_os_islot(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  return nm_stce_slots(hw) > 1 && tiles_across_i(hw, c) < tiles_across_j(hw, c);
}

uint64_t nm_stce_tiles(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  return nm_stce_os_islot(hw, c) ? tiles_across_i(hw, c) : tiles_across_j(hw, c);
}

/* Stream length of one OS tile in k' steps: at least KMIN, the room each
** column's init/result chain needs between two tile boundaries. */
uint64_t nm_stce_os_kmin(const nm_stce_hw *hw) {
  uint64_t L = (uint64_t)nm_stce_slots(hw), R = (uint64_t)hw->rows;
  return R + 1 + ceil_div(R - 1, L);
}

static uint64_t os_keff(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t kmin = nm_stce_os_kmin(hw), kp = stream_kp(c);
  return kp > kmin ? kp : kmin;
}

/* NS: WS preload steps, R * ceil(C/R). */
static uint64_t ws_ns(const nm_stce_hw *hw) {
  uint64_t R = (uint64_t)hw->rows, C = (uint64_t)hw->cols;
  return R * ceil_div(C, R);
}

uint64_t nm_stce_ws_jmin(const nm_stce_hw *hw) {
  uint64_t R = (uint64_t)hw->rows, C = (uint64_t)hw->cols, H = (uint64_t)hw->add_stages + 1;
  uint64_t cvt = (uint64_t)hw->cvt_stages, ns = ws_ns(hw);
  uint64_t j1 = R * H + cvt + 3, j2 = (R - 1) * H + C + ns + 2, j3 = R + (R - 1) * H + C + 3;
  uint64_t jmin = j1 > j2 ? j1 : j2;
  return j3 > jmin ? j3 : jmin;
}

/* WS: stationary tiles of C rows of I by R entries of K' (K-tiles inner).
** A beat (one column j) issues every cycle (R <= C: a bank's walker fetches
** a K-tile's groups before the bank's next column; R > C: the skewed B
** layout serves them in one cycle); a tile has roundup(max(J, JMIN), C)
** beats. */
static uint64_t ws_cycles(const nm_stce_hw *hw, const nm_gemm_cmd *c) {
  uint64_t R = (uint64_t)hw->rows, C = (uint64_t)hw->cols, H = (uint64_t)hw->add_stages + 1;
  uint64_t mul = (uint64_t)hw->mul_stages, cvt = (uint64_t)hw->cvt_stages;
  uint64_t ns = ws_ns(hw), jmin = nm_stce_ws_jmin(hw);
  uint64_t J = (uint64_t)c->J, kp = stream_kp(c);
  uint64_t beats = ceil_div(J > jmin ? J : jmin, C) * C;
  uint64_t tiles = ceil_div((uint64_t)c->I, C) * ceil_div(kp, R);
  uint64_t drain = R + 1 + R * H + C + mul + cvt;
  return 2 + ns + tiles * beats + drain;
}

uint64_t nm_stce_cycles(const nm_stce_hw *hw, const nm_gemm_cmd *c, int refused) {
  const uint64_t check = 2;
  if (refused) return check;
  if (c->ws) return ws_cycles(hw, c);
  uint64_t L = (uint64_t)nm_stce_slots(hw), R = (uint64_t)hw->rows, C = (uint64_t)hw->cols;
  uint64_t ld0 = R * L;
  uint64_t stream = os_keff(hw, c) * L;
  uint64_t d0 = (uint64_t)hw->mul_stages + R + L - 1;
  uint64_t drain = d0 + R * L + C + (uint64_t)hw->cvt_stages;
  return check + ld0 + nm_stce_tiles(hw, c) * stream + drain;
}

uint64_t nm_stce_macs(const nm_gemm_cmd *c) {
  return (uint64_t)c->I * (uint64_t)c->J * stream_kp(c);
}

uint64_t nm_stce_scalesim_cycles(const nm_stce_hw *hw, const nm_gemm_cmd *c, int ws) {
  uint64_t R = (uint64_t)hw->rows, C = (uint64_t)hw->cols, kp = stream_kp(c);
  if (ws) /* A' (I x K') stationary: K' on rows, I on columns, J streamed */
    return ceil_div(kp, R) * ceil_div((uint64_t)c->I, C) * (2 * R + C + (uint64_t)c->J - 2);
  return ceil_div((uint64_t)c->I, R) * ceil_div((uint64_t)c->J, C) * (R + C + kp - 2);
}
