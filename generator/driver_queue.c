/*
** The generated driver's command-queue calls (regmap.md "Command queue"):
** the prototypes for nm_driver.h and the bodies for nm_driver.c, kept
** apart from driver.c's one-command-at-a-time calls.
*/
#include "driver.h"

const char driver_queue_h[] =
    "/* ---- the command queue (regmap.md \"Command queue\") ---- */\n\n"
    "/* Append c to the queue: ARG0..ARG4, then Q_PUSH with c->op and flags\n"
    "** (NMD_Q_WAIT_C, NMD_Q_WAIT_X, NMD_Q_DEP(k)); for an XFER set DMA_ADDR /\n"
    "** DMA_STRIDE first (nmd_xfer_regs).  NMD_E_REFUSED: full queue, unknown\n"
    "** op or DEP too far back (d->refuse: NM_ERR_QFULL, NM_ERR_OP, NM_ERR_QDEP),\n"
    "** nothing appended. */\n"
    "#define NMD_Q_WAIT_C (1u << NM_Q_PUSH_WAIT_C_LSB)\n"
    "#define NMD_Q_WAIT_X (1u << NM_Q_PUSH_WAIT_X_LSB)\n"
    "#define NMD_Q_DEP(k) (((uint32_t)(k) & 0xFFu) << NM_Q_PUSH_DEP_LSB)\n"
    "int nmd_queue_push(nmd_dev *d, const nmd_cmd *c, uint32_t flags);\n"
    "/* Poll Q_STATUS until the queue is idle or stopped with nothing running,\n"
    "** at most budget_cycles accelerator cycles (and polls).  NMD_OK (*done =\n"
    "** Q_DONE), NMD_E_CMD (stopped: *fault = Q_FAULT), NMD_E_TIMEOUT, NMD_E_BUS. */\n"
    "int nmd_queue_wait(nmd_dev *d, uint32_t budget_cycles, uint32_t *done, uint32_t *fault);\n"
    "/* Q_CTRL.RESET: drop what is pending, clear the stop and the counters. */\n"
    "int nmd_queue_reset(nmd_dev *d);\n\n";

const char driver_queue_c[] =
    "int nmd_queue_push(nmd_dev *d, const nmd_cmd *c, uint32_t flags) {\n"
    "  uint32_t st;\n  int rc;\n"
    "  for (uint32_t k = 0; k < NMD_ARGS; k++)\n"
    "    if ((rc = nmd_reg_write(d, NM_REG_ARG0 + 4u * k, c->arg[k])) != NMD_OK) return rc;\n"
    "  if (nmd_reg_write(d, NM_REG_Q_PUSH, c->op | flags) == NMD_OK) return NMD_OK;\n"
    "  if ((rc = nmd_read_status(d, &st)) != NMD_OK) return rc;\n"
    "  d->refuse = nmd_status_refuse(st);\n"
    "  return d->refuse ? NMD_E_REFUSED : NMD_E_BUS;\n}\n\n"
    "int nmd_queue_wait(nmd_dev *d, uint32_t budget_cycles, uint32_t *done, uint32_t *fault) {\n"
    "  uint32_t q, c0, c, polls = 0;\n  int rc;\n"
    "  if (budget_cycles > NMD_MAX_CYCLES) budget_cycles = NMD_MAX_CYCLES;\n"
    "  if ((rc = nmd_reg_read(d, NM_REG_CYCLE_LO, &c0)) != NMD_OK) return rc;\n"
    "  for (;;) {\n"
    "    if ((rc = nmd_reg_read(d, NM_REG_Q_STATUS, &q)) != NMD_OK) return rc;\n"
    "    if (!((q >> NM_Q_STATUS_ACTIVE_LSB) & 1u) ||\n"
    "        (((q >> NM_Q_STATUS_STOPPED_LSB) & 1u) && !((q >> NM_Q_STATUS_RUNNING_LSB) & 1u)))\n"
    "      break;\n"
    "    if ((rc = nmd_reg_read(d, NM_REG_CYCLE_LO, &c)) != NMD_OK) return rc;\n"
    "    if (c - c0 > budget_cycles || ++polls > budget_cycles) return NMD_E_TIMEOUT;\n"
    "  }\n"
    "  if ((rc = nmd_reg_read(d, NM_REG_Q_DONE, done)) != NMD_OK ||\n"
    "      (rc = nmd_reg_read(d, NM_REG_Q_FAULT, fault)) != NMD_OK)\n"
    "    return rc;\n"
    "  return ((q >> NM_Q_STATUS_STOPPED_LSB) & 1u) ? NMD_E_CMD : NMD_OK;\n}\n\n"
    "int nmd_queue_reset(nmd_dev *d) {\n"
    "  return nmd_reg_write(d, NM_REG_Q_CTRL, 1u << NM_Q_CTRL_RESET_LSB);\n}\n\n";
