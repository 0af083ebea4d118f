/*
** ant_load: an image and a kernel plane into the ANT engine's buffers through
** the shim's idle-time port (row tables {end, start}, elements {coord, fp16}:
** regmap.md's ANT_*ROW / ANT_*ELEM layouts), for test_rtl_ant and the ANT
** benches; and the one check of the engine's counters against the model's.
*/
#ifndef ANT_LOAD_H
#define ANT_LOAD_H

#include <stdio.h>

#include "dut_ant.h"
#include "nm_ant.h"
#include "nm_ant_work.h"

/* Into engine eng of an nm_ant_array (ant_load_planes: engine 0, or the
** one engine of nm_ant_engine). */
static inline void ant_load_planes_eng(dut_ant *d, int eng, const nm_ant_plane *img,
                                       const nm_ant_plane *ker) {
  const nm_ant_plane *pl[2] = {img, ker};
  for (int k = 0; k < 2; k++) {
    const nm_ant_plane *p = pl[k];
    for (int y = 0; y < p->rows; y++)
      dut_ant_write_eng(d, eng, k ? DUT_ANT_KROW : DUT_ANT_IROW, (unsigned)y,
                        p->rowptr[y + 1] << 16 | p->rowptr[y]);
    for (uint32_t e = 0; e < p->nnz; e++)
      dut_ant_write_eng(d, eng, k ? DUT_ANT_KELEM : DUT_ANT_IELEM, e,
                        (uint32_t)p->elem[e].coord << 16 | p->elem[e].val);
  }
}

static inline void ant_load_planes(dut_ant *d, const nm_ant_plane *img, const nm_ant_plane *ker) {
  ant_load_planes_eng(d, 0, img, ker);
}

/* 1, and one MISMATCH line naming every counter (expected/got) and the seed,
** when the engine's counters or cycles differ from the model's m and cycles. */
static inline int ant_counters_differ(const char *cfg, const char *what, const nm_ant_counts *m,
                                      uint64_t cycles, const dut_ant_result *r, unsigned long long seed) {
  if (m->pairs == r->pairs && m->products == r->prods && m->rcps == r->rcps &&
      m->skipped == r->skipped && cycles == r->cycles)
    return 0;
  fprintf(stderr, "MISMATCH %s %s counters: pairs %llu/%llu products %llu/%llu rcps %llu/%llu "
          "skipped %llu/%llu cycles %llu/%llu (expected/got, seed %llu)\n", cfg, what,
          (unsigned long long)m->pairs, (unsigned long long)r->pairs,
          (unsigned long long)m->products, (unsigned long long)r->prods,
          (unsigned long long)m->rcps, (unsigned long long)r->rcps,
          (unsigned long long)m->skipped, (unsigned long long)r->skipped,
          (unsigned long long)cycles, (unsigned long long)r->cycles, seed);
  return 1;
}

#endif /* ANT_LOAD_H */
