/*
** test_rtl_dma_pack: the DMA's layout converters (nm_dma_pack, nm_dma_unpack
** over nm_dma_lay, Verilated as nm_dma_conv_tb at three bus shapes) against
** tb/model/nm_layout.c on every element: random region kinds, layout
** configurations (array shape, MMAX, lanes: the tall skewed B layout
** included), tile shapes, bases and stream / ready gaps.  A pack run checks
** every element's field and that no other bank bit changed; an unpack run
** every element of the stream and the zero bytes past each row.
*/
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dma_pack_harness.h"

/* A random case of kind k in direction pack that fits the model's banks and lanes. */
static dpk_case draw_case(nm_rng *r, dpk_kind k, int pack, int banks, int lanes) {
  dpk_case c = {0};
  c.kind = k, c.pack = pack;
  c.cfg.rows = 1 + (int)nm_rng_below(r, (uint32_t)banks);
  c.cfg.cols = 1 + (int)nm_rng_below(r, (uint32_t)banks);
  c.cfg.mmax = 2 + (int)nm_rng_below(r, (uint32_t)lanes - 1);
  c.cfg.sore_lanes = 1 + (int)nm_rng_below(r, (uint32_t)banks);
  c.cfg.wuve_lanes = 1 + (int)nm_rng_below(r, (uint32_t)banks);
  c.m = 1 + (int)nm_rng_below(r, (uint32_t)c.cfg.mmax);
  c.n = 1 + (int)nm_rng_below(r, (uint32_t)c.m);
  c.rows = 1 + (int)nm_rng_below(r, 24);
  c.cols = 1 + (int)nm_rng_below(r, 40);
  c.base = nm_rng_below(r, 64);
  if (k == DK_B) c.rows = c.m * (1 + (int)nm_rng_below(r, 6));      /* K = G * M */
  if (k == DK_B_T) c.cols = c.m * (1 + (int)nm_rng_below(r, 8));
  if (k == DK_OUT32 || k == DK_OUT16 || k == DK_FLAGS) c.base = 0;  /* ANT outputs start at word 0 */
  return c;
}

/* n random cases of the given direction(s) on every model; gaps in percent. */
static void run_random(int dirs, int n, int gaps) {
  for (size_t i = 0; i < dut_dma_pack_count(); i++) {
    const char *name = dut_dma_pack_name(i);
    if (tu_only_cfg() && strcmp(tu_only_cfg(), name) != 0) continue;
    dut_dma_pack *d = dut_dma_pack_open(i);
    const int dw = dut_dma_pack_dw(i), banks = dut_dma_pack_banks(i), lanes = dut_dma_pack_lanes(i);
    nm_rng rng;
    uint64_t seed = tu_seed() * 1000003u + i;
    nm_rng_seed(&rng, seed);
    ck_assert_msg(d != NULL, "cannot open model %s", name);
    size_t bad = 0;
    for (int t = 0; t < n; t++) {
      dpk_kind k;
      int pack;
      do {
        k = (dpk_kind)nm_rng_below(&rng, DK_COUNT);
        pack = (int)nm_rng_below(&rng, 2);
      } while (!(dpk_kind_dirs(k) & (pack ? 1 : 2) & dirs));
      dpk_case c = draw_case(&rng, k, pack, banks, lanes);
      dpk_result r = dpk_run(d, name, dw, banks, lanes, &c, &rng, gaps, seed);
      if (r.mismatches)
        printf("  case %d: %s %s, array %dx%d mmax %d sore %d wuve %d, tile %dx%d, M %d N %d, base %u\n",
               t, dpk_kind_name(k), pack ? "pack" : "unpack", c.cfg.rows, c.cfg.cols, c.cfg.mmax,
               c.cfg.sore_lanes, c.cfg.wuve_lanes, c.rows, c.cols, c.m, c.n, c.base);
      bad += r.mismatches;
    }
    dut_dma_pack_close(d);
    ck_assert_msg(bad == 0, "%s: %zu mismatches (seed %llu)", name, bad, (unsigned long long)seed);
  }
}

START_TEST(random_tiles_pack_every_element_where_nm_layout_puts_it) {
  run_random(1, tu_quick() ? 40 : 150, 30);
}
END_TEST

START_TEST(random_tiles_unpack_every_element_from_where_nm_layout_puts_it) {
  run_random(2, tu_quick() ? 40 : 150, 30);
}
END_TEST

/* Every kind and direction once at full rate on the default config's shape
** (8x8, MMAX 8, 4 SORE and 4 WUVE lanes) and the tall skewed one (5x3). */
START_TEST(every_kind_at_full_rate_on_the_default_and_tall_shapes) {
  const nm_layout_cfg shapes[2] = {{.rows = 8, .cols = 8, .mmax = 8, .sore_lanes = 4, .wuve_lanes = 4},
                                   {.rows = 5, .cols = 3, .mmax = 8, .sore_lanes = 3, .wuve_lanes = 2}};
  for (size_t i = 0; i < dut_dma_pack_count(); i++) {
    const char *name = dut_dma_pack_name(i);
    const int dw = dut_dma_pack_dw(i), banks = dut_dma_pack_banks(i), lanes = dut_dma_pack_lanes(i);
    if (banks < 8 || lanes < 8) continue;   /* the default shape needs 8 banks of 8 lanes */
    dut_dma_pack *d = dut_dma_pack_open(i);
    nm_rng rng;
    nm_rng_seed(&rng, tu_seed());
    size_t bad = 0;
    for (int s = 0; s < 2; s++)
      for (int k = 0; k < DK_COUNT; k++)
        for (int pack = 0; pack < 2; pack++) {
          if (!(dpk_kind_dirs((dpk_kind)k) & (pack ? 1 : 2))) continue;
          dpk_case c = {(dpk_kind)k, pack, shapes[s], 16, 24, 4, 2, 5};
          if (k >= DK_OUT32) c.base = 0;
          bad += dpk_run(d, name, dw, banks, lanes, &c, &rng, 0, tu_seed()).mismatches;
        }
    dut_dma_pack_close(d);
    ck_assert_msg(bad == 0, "%s: %zu mismatches", name, bad);
  }
}
END_TEST

static Suite *rtl_dma_pack_suite(void) {
  const TTest *const tests[] = {random_tiles_pack_every_element_where_nm_layout_puts_it,
                                       random_tiles_unpack_every_element_from_where_nm_layout_puts_it,
                                       every_kind_at_full_rate_on_the_default_and_tall_shapes, NULL};
  Suite *s = suite_create("rtl_dma_pack");
  check_add_tcase(s, "dma_pack", 600, tests);
  return s;
}

const check_prog check_program = {.name = "test_rtl_dma_pack", .suite = rtl_dma_pack_suite,
                                  .cfg_count = dut_dma_pack_count, .cfg_name = dut_dma_pack_name};
