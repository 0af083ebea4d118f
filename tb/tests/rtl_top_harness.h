/*
** The nm_top harness (rtl_top_harness.c), shared by test_rtl_top's files:
** test_rtl_top.c (registers, AXI, windows, mixed ops; the suite) and one file
** an op, test_rtl_top_{gemm,prune,update,ant}.c.  Every file of the program
** is compiled with one config's nm_config.h force-included.
**
** Checks are ck_assert_msg (Check test context only); a mismatch prints the
** differing words and rerun() the command to repeat it.
**
** Where the tests act as firmware the harness goes through the generated
** driver (<gen>/driver/nm_driver.h) over a transport of dut_top_read /
** dut_top_write: nmd_open at top_open, wr_ok / rd_ok by nmd_reg_*, a
** command's ARG/CMD words by nmd_submit (after the driver's builder, fed
** the fields decoded from the test's NM_FIELD words, has re-packed them to
** the same words), the result by nmd_collect and STATUS codes named by
** nmd_err_name.  The AXI-protocol tests (SLVERR, refusals on the wire,
** transactions in flight) and the backdoor stay on dut_top directly.
*/
#ifndef NM_RTL_TOP_HARNESS_H
#define NM_RTL_TOP_HARNESS_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "dut_top.h"
#include "dut_top_ids.h"
#include "nm_ant.h"
#include "nm_ant_work.h"
#include "nm_driver.h"
#include "nm_gemm.h"
#include "nm_layout_here.h"
#include "nm_rng.h"
#include "nm_top_cycles.h"
#include "nm_wuve.h"

#ifndef NM_NAME
#error "compile with -include <build>/<cfg>/gen/nm_config.h"
#endif

#define MAX_REPORT 8        /* mismatches printed per comparison */
#define MAX_WAIT 2000000u   /* cycles a command may take before it counts as hung */

/* ---- the dut and its bookkeeping ------------------------------------------------ */

typedef struct top {
  dut_top *d;
  nmd_transport tr;    /* dut_top_read / dut_top_write; ctx this top */
  nmd_dev dev;         /* the driver, bound to tr by top_open */
  int bus_rc;          /* the last transaction's dut_top code (0 OKAY, 2 SLVERR, -1 hang) */
  nmd_cmd next;        /* set_args' words, sent by issue */
  nm_rng r;
  nm_top_hw hw;
  uint64_t perf[5];    /* LAST_CYCLES summed per op, as PERF_* must be (XFER: no register) */
  uint32_t cmds, refused;
} top;

/* The rerun line (seed, mode, program, config) on stderr. */
void rerun(void);
/* Open the dut (AXI delays from delay_seed; NMTEST_TRACE traces it) and seed t->r. */
top *top_open(uint64_t delay_seed, uint64_t salt);
/* A register or window access that must answer OKAY. */
void wr_ok(top *t, uint32_t addr, uint32_t v);
uint32_t rd_ok(top *t, uint32_t addr);
/* PERF_*, CMD_COUNT and REFUSED equal what the test ran; then close. */
void top_close(top *t);

/* ---- regions --------------------------------------------------------------------- */

typedef struct region {
  int id, banks, depth, bits, ro;
  const char *name;
} region;

/* nm_config.h's NM_REGIONS, one row a region. */
extern const region kRegions[];
extern const size_t kNumRegions;
const region *region_of(int id);
int subwords(const region *g);
/* The bits of subword `sub` a word of `bits` bits has. */
uint32_t sub_mask(int bits, int sub);
/* A whole buffer word masked to its width, 8 uint32. */
void mask_word(int bits, uint32_t *w);

/* Every word of a region through the backdoor (banks x depth x subwords; free it). */
uint32_t *snapshot(top *t, int id);
size_t snap_words(int id);
/* Compare two snapshots of a region; report the first differences; their count. */
size_t diff_snap(int id, const char *what, const uint32_t *exp, const uint32_t *got);
/* Index of (bank, word, sub) in a snapshot. */
size_t snap_at(int id, int bank, int word, int sub);
/* Backdoor writes of a whole word (8 uint32) or of a word's low 32 bits. */
void hb_put(top *t, int id, int bank, unsigned word, const uint32_t *w);
void hb_put1(top *t, int id, int bank, unsigned word, uint32_t v);

/* ---- commands ---------------------------------------------------------------------- */

typedef struct cmd_out {
  uint32_t status, last, eng;
} cmd_out;

/* The command's ARG0..ARG4 words (sent by issue). */
void set_args(top *t, const uint32_t *args);
/* nmd_submit op with set_args' words (accepted: OKAY, busy at once). */
void issue(top *t, int op);
/* Wait for the command to end; check STATUS (done, op, err) and LAST_CYCLES
** against the expectation (want_cycles 0: not checked here) and busy_o. */
cmd_out finish(top *t, const char *what, int op, int want_err, uint64_t want_cycles);
/* set_args, issue, finish. */
cmd_out run_cmd(top *t, const char *what, int op, const uint32_t *args, int want_err,
                uint64_t want_cycles);

/* ---- values ------------------------------------------------------------------------ */

uint16_t rand16(nm_rng *r);
uint32_t rand32(nm_rng *r);
uint32_t f2u(float f);
/* Commands of a test: full, a quarter with NMTEST_QUICK, 10x with NMTEST_LONG. */
size_t reps(size_t full);
uint64_t cdiv(uint64_t a, uint64_t b);

/* ---- the ops, for the tests that mix them (test_rtl_top.c) ---------------------------- */

/* GEMM (test_rtl_top_gemm.c): one random command, its tensors and bases. */
typedef struct gemm {
  nm_gemm_cmd g;
  unsigned abase, bbase, cinbase, cbase;
  uint16_t *aval, *b;
  uint8_t *aidx;
  uint32_t *cin;
} gemm;
/* A random GEMM with N:M pattern p (of the file's list) that fits the buffers. */
void gemm_make(top *t, int p, gemm *c);
void gemm_free(gemm *c);
/* Operands into the STCE buffers through the backdoor (nm_layout.h's layouts). */
void gemm_load(top *t, const gemm *c);
/* Issue a loaded GEMM, wait, check every C word and the cycles. */
void gemm_run_check(top *t, const gemm *c);
/* Its ARG words; the C snapshot with its results placed (nm_gemm_ref); a
** line describing it on stderr (after a mismatch). */
void gemm_args(const gemm *c, uint32_t *a);
void gemm_expect(const gemm *c, uint32_t *snap);
void gemm_print(const gemm *c);

/* PRUNE (test_rtl_top_prune.c). */
/* Random IN words (ties made likely by a small value pool), random out words. */
void prune_fill(top *t);
/* Run PRUNE (beats, base, n, m) and check all three out regions (and IN). */
void prune_run_check(top *t, int beats, int base, int n, int m, int want_err);
/* The same in two halves, for a PRUNE issued some other way (the queue):
** the SORE regions it should leave and its ARG words; then the check
** (which frees the snapshots). */
typedef struct psnap {
  uint32_t *in, *val, *idx, *mask;
} psnap;
psnap prune_begin(top *t, int beats, int base, int n, int m, int want_err, uint32_t *args);
void prune_check(top *t, const char *what, psnap *e);

/* UPDATE (test_rtl_top_update.c): one pass over n elements from base. */
typedef struct upd {
  unsigned base, n;
  int mode, clear;
} upd;
/* Random hyperparameters, written to the WUVE registers. */
void upd_hp(top *t, nm_wuve_hp *hp);
/* Random W, V, G, W16 in the whole buffer; p_bad: per-mille of Inf/NaN dW. */
void upd_fill(top *t, unsigned p_bad);
/* A session for UPDATEs: top_open, then upd_hp and upd_fill(p_bad). */
top *upd_session(uint64_t delay_seed, uint64_t salt, nm_wuve_hp *hp, unsigned p_bad);
/* One UPDATE end to end; returns the model's found_inf after it. */
int upd_run_check(top *t, const nm_wuve_hp *hp, const upd *u, int found, int want_err);
/* Its parts: the WUVE regions (wsnap_take); the per-beat rule of
** nm_top_update.vt applied to such a snapshot (returns found_inf after);
** the ARG words; the check of the regions and STATUS.FOUND_INF. */
typedef struct wsnap {
  uint32_t *w, *v, *g, *w16;
} wsnap;
wsnap wsnap_take(top *t);
void wsnap_free(wsnap *s);
int upd_expect(const nm_wuve_hp *hp, const upd *u, int found, wsnap *s);
void upd_args(const upd *u, uint32_t *a);
void upd_check(top *t, const char *what, wsnap *exp, int want_found);

/* ANT (test_rtl_top_ant.c): a random clear command, each engine on its own
** random planes loaded through the backdoor (the caller frees them); the
** model's expectation of it and its ARG words; the check of every engine's
** outputs, the counters and STATUS.ANT_OVF (status: STATUS after it), which
** frees x.  x.cycles: the engines' longest, ENGINE_CYCLES. */
typedef struct ant_exp {
  nm_ant_cmd c;
  nm_ant_acc *accs;
  nm_ant_counts m;
  uint64_t cycles;
} ant_exp;
nm_ant_cmd ant_make(top *t, size_t rep, nm_ant_plane *img, nm_ant_plane *ker);
ant_exp ant_expect(const nm_ant_cmd *c, const nm_ant_plane *img, const nm_ant_plane *ker, uint32_t *args);
void ant_check(top *t, ant_exp *x, uint32_t status, const char *what);

/* Each op file's tests, added to the suite's TCase in order. */
void rtl_top_add_gemm_tests(TCase *tc);
void rtl_top_add_prune_tests(TCase *tc);
void rtl_top_add_update_tests(TCase *tc);
void rtl_top_add_ant_tests(TCase *tc);

#endif
