/*
** ant_load: an image and a kernel plane into the ANT engine's buffers through
** the shim's idle-time port (row tables {end, start}, elements {coord, fp16}:
** regmap.md's ANT_*ROW / ANT_*ELEM layouts), for test_rtl_ant and the ANT
** benches.
*/
#ifndef ANT_LOAD_H
#define ANT_LOAD_H

#include "dut_ant.h"
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

#endif /* ANT_LOAD_H */
