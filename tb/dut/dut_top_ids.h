/*
** The discovery registers of nm_top and the values they must read back:
** what the configuration's nm_config.h (force-included) says.  Shared by
** test_rtl_top and nmsim so both check the same table.
*/
#ifndef NM_DUT_TOP_IDS_H
#define NM_DUT_TOP_IDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct dut_top_id_reg {
  uint32_t off, want;
  const char *name;
} dut_top_id_reg;

#define DUT_TOP_ID_REGS 16

/* Fill r[DUT_TOP_ID_REGS]; returns the count. */
static inline size_t dut_top_id_regs(dut_top_id_reg *r) {
  unsigned maj = 0, min = 0, pat = 0;
  size_t n = 0;
  sscanf(NM_VERSION, "%u.%u.%u", &maj, &min, &pat);
#define DUT_TOP_ID(o, w) (r[n].off = (o), r[n].want = (uint32_t)(w), r[n].name = #o + 7, n++)
  DUT_TOP_ID(NM_REG_ID, NM_ID_VALUE);
  DUT_TOP_ID(NM_REG_VERSION, NM_FIELD(NM_VERSION_MAJOR, maj) | NM_FIELD(NM_VERSION_MINOR, min) |
                                 NM_FIELD(NM_VERSION_PATCH, pat));
  DUT_TOP_ID(NM_REG_CFG_ARRAY, NM_FIELD(NM_CFG_ARRAY_R, NM_ROWS) | NM_FIELD(NM_CFG_ARRAY_C, NM_COLS) |
                                   NM_FIELD(NM_CFG_ARRAY_MMAX, NM_MMAX) |
                                   NM_FIELD(NM_CFG_ARRAY_HAS_OS, NM_DATAFLOW != NM_DATAFLOW_WS) |
                                   NM_FIELD(NM_CFG_ARRAY_HAS_WS, NM_DATAFLOW != NM_DATAFLOW_OS));
  DUT_TOP_ID(NM_REG_CFG_LANES,
             NM_FIELD(NM_CFG_LANES_SORE_LANES, NM_SORE_LANES) |
                 NM_FIELD(NM_CFG_LANES_SORE_PARALLEL, NM_SORE_ARCH == NM_SORE_ARCH_PARALLEL) |
                 NM_FIELD(NM_CFG_LANES_WUVE_LANES, NM_WUVE_LANES) | NM_FIELD(NM_CFG_LANES_ANT_N, NM_ANT_N) |
                 NM_FIELD(NM_CFG_LANES_ANT_ENGINES, NM_ANT_ENGINES));
  DUT_TOP_ID(NM_REG_CFG_STAGES,
             NM_FIELD(NM_CFG_STAGES_MUL, NM_MUL_STAGES) | NM_FIELD(NM_CFG_STAGES_ADD, NM_ADD_STAGES) |
                 NM_FIELD(NM_CFG_STAGES_CVT, NM_CVT_STAGES) |
                 NM_FIELD(NM_CFG_STAGES_ANT_ACC_BITS, NM_ANT_ACC_BITS));
  DUT_TOP_ID(NM_REG_CFG_ABUF, NM_ABUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_BBUF, NM_BBUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_CBUF, NM_CBUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_SBUF, NM_SORE_BUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_WBUF, NM_WUVE_BUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_ANT_IBUF, NM_ANT_IBUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_ANT_KBUF, NM_ANT_KBUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_ANT_OBUF, NM_ANT_OBUF_DEPTH);
  DUT_TOP_ID(NM_REG_CFG_ANT_ROWS, NM_ANT_ROWS);
  DUT_TOP_ID(NM_REG_CFG_QUEUE, NM_QUEUE_DEPTH);
  DUT_TOP_ID(NM_REG_STATUS, 0);   /* after reset: idle, nothing done */
#undef DUT_TOP_ID
  return n;
}

#endif
