/*
** The STCE harness (stce_harness.c), shared by the suite test_rtl_stce and
** the bench program stce_bench: commands, buffers and one checked run on a
** linked nm_stce (dut_stce.h).
*/
#ifndef NM_STCE_HARNESS_H
#define NM_STCE_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "dut_stce.h"
#include "nm_gemm.h"
#include "nm_layout.h"
#include "nm_rng.h"
#include "nm_stce_cycles.h"

/* ---- one command and its tensors ------------------------------------------- */

typedef struct {
  nm_gemm_cmd g;      /* the model's view */
  dut_stce_cmd d;     /* the engine's ports */
  uint16_t *aval;     /* I x K' */
  uint8_t *aidx;      /* I x K' (sparse only) */
  uint16_t *b;        /* K x J */
  uint32_t *cin;      /* I x J */
} st_case;

void st_case_free(st_case *c);
uint64_t st_ceil_div(uint64_t a, uint64_t b);

/* The layout (the STCE windows only are read) and the timing of an engine. */
nm_layout_cfg st_layout(const dut_stce_info *in);
nm_stce_hw st_hw(const dut_stce_info *in);

/* A random fp16: mostly moderate magnitudes (so sums stay finite and
** interesting), with subnormals, signed zeros and the special list mixed in. */
uint16_t st_rand16(nm_rng *r);

/* Buffer words a command needs: A per bank, B per bank, C per region. */
void st_needs(const dut_stce_info *in, const nm_gemm_cmd *g, uint64_t *na, uint64_t *nb,
              uint64_t *nc);

/* Set the dataflow of a case (model and ports). */
void st_set_ws(st_case *c, int ws);

/* A command of fixed shape, dense (n = 0) or N:M, random values, bases 0. */
st_case st_fixed_case(nm_rng *r, int I, int J, int K, int n, int m, int ws);

/* ---- buffers ------------------------------------------------------------------ */

/* Load A', B and C_in in the engine's banked layouts (nm_layout.h).  B lanes
** e >= M get random bits: the engine must never select them. */
void st_load(dut_stce *d, const dut_stce_info *in, nm_rng *r, const st_case *c);

/* Whole buffer `buf` (DUT_STCE_A/B/C) into out (bank-major, one uint32 per
** word for A and C, MMAX/2 for B); returns the words written, which is
** st_snapshot_words(in, buf). */
size_t st_snapshot(dut_stce *d, const dut_stce_info *in, int buf, uint32_t *out);
size_t st_snapshot_words(const dut_stce_info *in, int buf);

/* ---- checking ------------------------------------------------------------------- */

/* The command and its rerun line (NMTEST_SEED, NMTEST_ONLY_CFG, tu_prog()) on stderr. */
void st_print_cmd(const dut_stce_info *in, const st_case *c);

/* Run one good command and check it: every C-buffer word (results in the
** output region, the old contents elsewhere; before / after hold the
** C-buffer snapshots), cycles_o = busy_o cycles = the cycle model.  Its cycles. */
uint64_t st_run_good(dut_stce *d, const dut_stce_info *in, nm_rng *r, st_case *c,
                     uint32_t *before, uint32_t *after);

/* Is the engine's config selected (NMTEST_ONLY_CFG unset or naming it)? */
int st_selected(const dut_stce_info *in);

/* Linked model m's engine, opened, with *in its description and r seeded
** with seed; NULL (nothing opened) when its config is not selected. */
dut_stce *st_open(size_t m, const dut_stce_info **in, nm_rng *r, uint64_t seed);

#endif
