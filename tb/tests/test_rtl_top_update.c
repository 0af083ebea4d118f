/*
** test_rtl_top, UPDATE (rtl_top_harness.h; the suite is test_rtl_top.c).
** UPDATE through nm_top's front door: every mode and found_inf against the
** model over WUVE's buffers; bad fields refused, nothing touched; window
** accesses and CMD refused while an UPDATE runs, which still completes.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "nm_wuve.h"
#include "rtl_top_harness.h"

#define WLANES NM_WUVE_LANES
#define WDEPTH NM_WUVE_BUF_DEPTH

void upd_hp(top *t, nm_wuve_hp *hp) {
  hp->inv_scale = f2u(1.0f / (float)(1u << nm_rng_below(&t->r, 12)));
  hp->lr = f2u(0.01f + 0.1f * (float)nm_rng_unit(&t->r));
  hp->mu = f2u(0.9f);
  hp->wd = nm_rng_below(&t->r, 2) ? f2u(1e-4f) : 0;
  hp->srste = nm_rng_below(&t->r, 2) ? f2u(2e-4f) : 0;
  wr_ok(t, NM_REG_WUVE_INV_SCALE, hp->inv_scale);
  wr_ok(t, NM_REG_WUVE_LR, hp->lr);
  wr_ok(t, NM_REG_WUVE_MU, hp->mu);
  wr_ok(t, NM_REG_WUVE_WD, hp->wd);
  wr_ok(t, NM_REG_WUVE_SRSTE, hp->srste);
}

/* Random W, V, G, W16 in the whole buffer; p_bad: per-mille of Inf/NaN dW. */
void upd_fill(top *t, unsigned p_bad) {
  nm_layout_cfg L = nm_layout_here();
  for (int l = 0; l < WLANES; l++)
    for (int a = 0; a < WDEPTH; a++) {
      uint16_t dw = rand16(&t->r) & 0x7BFFu;  /* finite */
      dw |= (uint16_t)(nm_rng_u32(&t->r) & 0x8000u);
      if (nm_rng_below(&t->r, 1000) < p_bad) dw = nm_rng_below(&t->r, 2) ? 0x7C00 : 0xFE01;
      hb_put1(t, NM_REGION_WUVE_W, l, (unsigned)a, rand32(&t->r));
      hb_put1(t, NM_REGION_WUVE_V, l, (unsigned)a, rand32(&t->r) & 0xBFFFFFFFu);
      hb_put1(t, NM_REGION_WUVE_G, l, (unsigned)a,
              (uint32_t)dw << nm_layout_wuve(&L, NMF_WUVE_G_DW, 0, 0).lsb |
                  nm_rng_below(&t->r, 2) << nm_layout_wuve(&L, NMF_WUVE_G_MASK, 0, 0).lsb);
      hb_put1(t, NM_REGION_WUVE_W16, l, (unsigned)a, nm_rng_u32(&t->r) & 0xFFFFu);
    }
}

top *upd_session(uint64_t delay_seed, uint64_t salt, nm_wuve_hp *hp, unsigned p_bad) {
  top *t = top_open(delay_seed, salt);
  upd_hp(t, hp);
  upd_fill(t, p_bad);
  return t;
}

wsnap wsnap_take(top *t) {
  wsnap s = {snapshot(t, NM_REGION_WUVE_W), snapshot(t, NM_REGION_WUVE_V),
             snapshot(t, NM_REGION_WUVE_G), snapshot(t, NM_REGION_WUVE_W16)};
  return s;
}

void wsnap_free(wsnap *s) { free(s->w), free(s->v), free(s->g), free(s->w16); }

int upd_expect(const nm_wuve_hp *hp, const upd *u, int found, wsnap *s) {
  nm_layout_cfg L = nm_layout_here();
  nm_layout_loc gdw = nm_layout_wuve(&L, NMF_WUVE_G_DW, 0, 0);
  nm_layout_loc gmask = nm_layout_wuve(&L, NMF_WUVE_G_MASK, 0, 0);
  if (u->clear) found = 0;
  unsigned beats = (unsigned)cdiv(u->n, WLANES);
  for (unsigned b = 0; b < beats; b++) {
    nm_wuve_out o[64];
    int bad = 0;
    for (int l = 0; l < WLANES; l++) {
      if (b * WLANES + (unsigned)l >= u->n) continue;
      size_t at = snap_at(NM_REGION_WUVE_W, l, (int)(u->base + b), 0);
      o[l] = nm_wuve_elem(hp, s->w[at], s->v[at], (uint16_t)(s->g[at] >> gdw.lsb),
                          (int)(s->g[at] >> gmask.lsb & 1));
      bad |= o[l].g0_bad;
    }
    found |= bad;
    int write = u->mode == NM_WUVE_UPDATE || (u->mode == NM_WUVE_UPDATE_UNLESS_INF && !found);
    if (!write) continue;
    for (int l = 0; l < WLANES; l++) {
      if (b * WLANES + (unsigned)l >= u->n) continue;
      size_t at = snap_at(NM_REGION_WUVE_W, l, (int)(u->base + b), 0);
      s->w[at] = o[l].w, s->v[at] = o[l].v, s->w16[at] = o[l].w16;
    }
  }
  return found;
}

void upd_args(const upd *u, uint32_t *a) {
  a[0] = a[1] = a[2] = a[3] = a[4] = 0;
  a[NM_UPDATE_BASE_ARG] = NM_FIELD(NM_UPDATE_BASE, u->base);
  a[NM_UPDATE_ELEMS_ARG] = NM_FIELD(NM_UPDATE_ELEMS, u->n);
  a[NM_UPDATE_MODE_ARG] = NM_FIELD(NM_UPDATE_MODE, u->mode) | NM_FIELD(NM_UPDATE_CLEAR, u->clear);
}

void upd_check(top *t, const char *what, wsnap *exp, int want_found) {
  wsnap got = wsnap_take(t);
  size_t bad = diff_snap(NM_REGION_WUVE_W, what, exp->w, got.w) +
               diff_snap(NM_REGION_WUVE_V, what, exp->v, got.v) +
               diff_snap(NM_REGION_WUVE_G, what, exp->g, got.g) +
               diff_snap(NM_REGION_WUVE_W16, what, exp->w16, got.w16);
  ck_assert_msg(bad == 0, "%s: %s: %zu words differ from nm_wuve_elem", NM_NAME, what, bad);
  int found = (int)NM_GET(NM_STATUS_FOUND_INF, rd_ok(t, NM_REG_STATUS));
  if (found != want_found) rerun();
  ck_assert_msg(found == want_found, "%s: %s: STATUS.found_inf %d, model %d", NM_NAME, what, found,
                want_found);
  wsnap_free(&got);
}

/* One UPDATE end to end; returns the model's found_inf after it. */
int upd_run_check(top *t, const nm_wuve_hp *hp, const upd *u, int found, int want_err) {
  wsnap exp = wsnap_take(t);
  if (!want_err) found = upd_expect(hp, u, found, &exp);
  uint32_t args[5];
  upd_args(u, args);
  char what[96];
  snprintf(what, sizeof what, "UPDATE base=%u n=%u mode=%d clear=%d", u->base, u->n, u->mode, u->clear);
  run_cmd(t, what, NM_OP_UPDATE, args, want_err,
          nm_top_update_cycles(&t->hw, u->n, u->mode, want_err != 0));
  upd_check(t, what, &exp, found);
  wsnap_free(&exp);
  return found;
}

START_TEST(update_all_modes_found_inf_match_model_bad_fields_touch_nothing) {
  top *t = top_open(0, 7);
  nm_wuve_hp hp;
  int found = 0;
  size_t ran = 0;
  for (size_t rep = 0; rep < reps(6); rep++) {
    upd_hp(t, &hp);
    upd_fill(t, rep % 3 == 0 ? 0 : rep % 3 == 1 ? 3 : 30);
    for (int k = 0; k < 6; k++) {
      upd u;
      u.n = 1 + nm_rng_below(&t->r, k == 0 ? WDEPTH * WLANES : 40);
      unsigned beats = (unsigned)cdiv(u.n, WLANES);
      u.base = nm_rng_below(&t->r, WDEPTH - beats + 1);
      u.mode = (int)nm_rng_below(&t->r, 3);
      u.clear = (int)nm_rng_below(&t->r, 2);
      found = upd_run_check(t, &hp, &u, found, 0);
      ran++;
    }
  }
  /* AMP's sequence: clear + check over a tensor with an Inf, then update_unless_inf writes nothing. */
  upd_fill(t, 30);
  upd u = {0, WDEPTH * WLANES, NM_WUVE_CHECK, 1};
  found = upd_run_check(t, &hp, &u, found, 0);
  u.mode = NM_WUVE_UPDATE_UNLESS_INF, u.clear = 0;
  found = upd_run_check(t, &hp, &u, found, 0);
  /* Refused: mode 3 (found_inf kept even with clear), past the buffer; n = 0 runs. */
  upd b1 = {0, 5, 3, 1}, b2 = {WDEPTH - 1, WLANES + 1, 1, 0}, b3 = {3, 0, 1, 1};
  found = upd_run_check(t, &hp, &b1, found, NM_ERR_MODE);
  found = upd_run_check(t, &hp, &b2, found, NM_ERR_SIZE);
  found = upd_run_check(t, &hp, &b3, found, 0);
  upd_fill(t, 0);
  upd good = {1, 2 * WLANES + 1, NM_WUVE_UPDATE, 1};
  upd_run_check(t, &hp, &good, found, 0);
  printf("%s: %zu random UPDATE commands\n", NM_NAME, ran + 6);
  top_close(t);
}
END_TEST

/* ==== busy rules =============================================================================== */

/* While a long UPDATE runs: window reads and writes are SLVERR and touch
** nothing, CMD is refused with 8 and counted, WUVE registers keep their
** value, ARG writes are fine; the command then completes as the model
** says.  Unknown ops are refused with 9 while idle, STATUS.err unchanged. */
START_TEST(busy_refusals_window_slverr_running_command_completes) {
  nm_wuve_hp hp;
  top *t = upd_session(tu_seed() * 13u + 1u, 8, &hp, 0);
  upd u = {0, WDEPTH * WLANES, NM_WUVE_UPDATE, 1};
  wsnap exp = wsnap_take(t);
  int found = upd_expect(&hp, &u, 0, &exp);
  uint32_t args[5];
  upd_args(&u, args);
  set_args(t, args);
  issue(t, NM_OP_UPDATE);
  uint32_t st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_BUSY, st) && !NM_GET(NM_STATUS_DONE, st),
                "%s: STATUS 0x%08x right after CMD, expected busy", NM_NAME, st);
  uint32_t v = 5;
  int rc = dut_top_read(t->d, NM_WIN_ADDR(NM_REGION_WUVE_W, 0, 0, 0), &v);
  ck_assert_msg(rc == 2 && v == 0, "%s: window read while busy: resp %d data 0x%08x", NM_NAME, rc, v);
  rc = dut_top_write(t->d, NM_WIN_ADDR(NM_REGION_WUVE_G, 0, 1, 0), 0x1234, 0xF);
  ck_assert_msg(rc == 2, "%s: window write while busy answered %d", NM_NAME, rc);
  rc = dut_top_write(t->d, NM_WIN_ADDR(NM_REGION_STCE_C, 0, 1, 0), 0x1234, 0xF);
  ck_assert_msg(rc == 2, "%s: STCE window write while busy answered %d", NM_NAME, rc);
  rc = dut_top_write(t->d, NM_REG_CMD, NM_OP_PRUNE, 0xF);
  t->refused++;
  ck_assert_msg(rc == 2, "%s: CMD while busy answered %d", NM_NAME, rc);
  rc = dut_top_write(t->d, NM_REG_WUVE_LR, 0x3F800000u, 0xF);
  ck_assert_msg(rc == 2, "%s: WUVE_LR write while busy answered %d", NM_NAME, rc);
  wr_ok(t, NM_REG_ARG4, 0xABCD0123u);
  st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_BUSY, st) && NM_GET(NM_STATUS_REFUSE, st) == NM_ERR_BUSY &&
                    NM_GET(NM_STATUS_OP, st) == NM_OP_UPDATE,
                "%s: STATUS 0x%08x after the refused CMD (want busy, refusal 8, op UPDATE)", NM_NAME, st);
  ck_assert_uint_eq(rd_ok(t, NM_REG_REFUSED), 1);
  ck_assert_uint_eq(rd_ok(t, NM_REG_WUVE_LR), hp.lr);
  finish(t, "UPDATE under refusals", NM_OP_UPDATE, 0,
         nm_top_update_cycles(&t->hw, u.n, u.mode, 0));
  upd_check(t, "UPDATE under refusals", &exp, found);
  st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_REFUSE, st) == NM_ERR_BUSY,
                "%s: STATUS 0x%08x: refusal code cleared by done", NM_NAME, st);
  /* Unknown ops while idle: SLVERR, code 9, nothing runs, err kept. */
  static const uint32_t ops[] = {0, NM_OP_XFER + 1, 9, 15};   /* past the last op */
  for (size_t i = 0; i < 4; i++) {
    uint32_t before = rd_ok(t, NM_REG_STATUS);
    rc = dut_top_write(t->d, NM_REG_CMD, ops[i], 0xF);
    t->refused++;
    st = rd_ok(t, NM_REG_STATUS);
    ck_assert_msg(rc == 2, "%s: CMD op %u answered %d", NM_NAME, ops[i], rc);
    uint32_t keep = ~NM_FIELD(NM_STATUS_REFUSE, ~0u);   /* all but the refusal code */
    ck_assert_msg(!NM_GET(NM_STATUS_BUSY, st) && NM_GET(NM_STATUS_REFUSE, st) == NM_ERR_OP &&
                      (st & keep) == (before & keep),
                  "%s: STATUS 0x%08x after op %u (before 0x%08x)", NM_NAME, st, ops[i], before);
    ck_assert_uint_eq(rd_ok(t, NM_REG_CMD), ops[i]);
  }
  /* Window write while busy left G untouched (checked above), and a CMD accepted clears the refusal. */
  upd n0 = {0, 0, 1, 0};
  upd_run_check(t, &hp, &n0, found, 0);
  st = rd_ok(t, NM_REG_STATUS);
  ck_assert_msg(NM_GET(NM_STATUS_REFUSE, st) == 0,
                "%s: STATUS 0x%08x: refusal not cleared by an accepted CMD", NM_NAME, st);
  wsnap_free(&exp);
  top_close(t);
}
END_TEST

void rtl_top_add_update_tests(TCase *tc) {
  tcase_add_test(tc, update_all_modes_found_inf_match_model_bad_fields_touch_nothing);
  tcase_add_test(tc, busy_refusals_window_slverr_running_command_completes);
}
