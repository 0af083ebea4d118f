/*
** nmsim's host side of nm_top (see train_hw.h).
*/
#include "train_hw.h"

#include "dut_top_ids.h"

#include <stdio.h>
#include <string.h>

const char *const train_phase_name[PH_COUNT] = {"PRUNE",  "FF",  "BP", "WG", "UPDATE",
                                                "ANT", "FF-dense", "BP-dense"};

/* hw_word's buffers are dut_top's 8-subword words; the driver fills at most
** NMD_WORD_SUBS of them. */
_Static_assert(NMD_WORD_SUBS <= 8, "a buffer word wider than dut_top's 8 subwords");

/* Longest a command may take before it counts as a hang. */
enum { MAX_CMD_CYCLES = 50000000 };

/* ---- the transport: one dut_top AXI4-Lite transaction a driver access ---- */

static int tr_read32(void *ctx, uint32_t addr, uint32_t *data) {
  train_hw *h = ctx;
  h->bus_rc = dut_top_read(h->d, addr, data);
  h->st.axi_reads++;
  return h->bus_rc;
}

static int tr_write32(void *ctx, uint32_t addr, uint32_t data) {
  train_hw *h = ctx;
  h->bus_rc = dut_top_write(h->d, addr, data, 0xF);
  h->st.axi_writes++;
  return h->bus_rc;
}

/* Simulated cycles: the driver's clock for nmd_wait_ticks. */
static uint64_t tr_now(void *ctx) { return dut_top_cycles(((train_hw *)ctx)->d); }

/* Why the last transaction failed. */
static const char *bus_why(const train_hw *h) {
  return h->bus_rc < 0 ? "no response (hang)" : "SLVERR";
}

int hw_reg_write(train_hw *h, uint32_t off, uint32_t v) {
  if (h->queue && hw_queue_sync(h)) return -1; /* e.g. WUVE_LR: SLVERR while a command runs */
  if (nmd_reg_write(&h->dev, off, v) != NMD_OK)
    return rep_fail(h->rep, "AXI write of register 0x%03x = 0x%08x: %s", (unsigned)off,
                    (unsigned)v, bus_why(h));
  return 0;
}

int hw_reg_read(train_hw *h, uint32_t off, uint32_t *v) {
  if (nmd_reg_read(&h->dev, off, v) != NMD_OK)
    return rep_fail(h->rep, "AXI read of register 0x%03x: %s", (unsigned)off, bus_why(h));
  return 0;
}

/* A driver call's failure as a report line: the transaction for NMD_E_BUS. */
static int drv_fail(train_hw *h, const char *what, int rc) {
  if (rc == NMD_E_BUS)
    return rep_fail(h->rep, "%s: AXI transaction at 0x%08x: %s", what, (unsigned)h->dev.fail_addr,
                    bus_why(h));
  return rep_fail(h->rep, "%s: driver says %s", what, nmd_rc_name(rc));
}

int hw_built(train_hw *h, int rc, const char *op) {
  if (rc != NMD_OK) return rep_fail(h->rep, "harness: nmd_%s: %s (a value outside its field)", op, nmd_rc_name(rc));
  return 0;
}

/* nmd_open, then the discovery registers say what nm_config.h says: the
** three nmd_open read (as it read them), then the rest of the table. */
static int open_and_check_ids(train_hw *h) {
  static const uint32_t opened[3] = {NM_REG_ID, NM_REG_VERSION, NM_REG_CFG_ARRAY};
  dut_top_id_reg regs[DUT_TOP_ID_REGS];
  size_t n = dut_top_id_regs(regs);
  nmd_ident w;
  rep_cmd(h->rep, "discovery registers");
  int rc = nmd_open_ident(&h->dev, &h->tr, &w);
  if (rc == NMD_E_BUS) return drv_fail(h, "nmd_open", rc);
  const uint32_t got[3] = {w.id, w.version, w.cfg_array};
  for (size_t i = 0; i < 3; i++) {
    if (regs[i].off != opened[i])
      return rep_fail(h->rep, "harness: dut_top_ids.h no longer starts with ID, VERSION, CFG_ARRAY");
    if (got[i] != regs[i].want) return rep_compare(h->rep, regs[i].name, &regs[i].want, &got[i], 1, 0, 8);
  }
  if (rc != NMD_OK) return drv_fail(h, "nmd_open", rc);
  for (size_t i = 3; i < n; i++) {
    uint32_t v;
    if (hw_reg_read(h, regs[i].off, &v)) return -1;
    if (v != regs[i].want)
      return rep_compare(h->rep, regs[i].name, &regs[i].want, &v, 1, 0, 8);
  }
  return 0;
}

int hw_open(train_hw *h, const dut_top_opts *o, train_report *rep, uint64_t seed) {
  memset(&h->st, 0, sizeof h->st);
  h->dram = 0, h->dram_top = 0;
  h->rep = rep;
  h->bus_rc = 0;
  h->tr = (nmd_transport){h, tr_read32, tr_write32, tr_now, NULL};
  nm_rng_seed(&h->rng, seed ^ 0x686f7374ull); /* "host" */
  h->d = dut_top_open(o);
  if (!h->d) return rep_fail(rep, "dut_top_open failed (trace file: %s)",
                             o->trace_fst ? o->trace_fst : "none");
  return open_and_check_ids(h);
}

void hw_close(train_hw *h) {
  if (h->d) dut_top_close(h->d);
  h->d = NULL;
}

/* A word must lie inside its window: a harness bug otherwise. */
static int check_word(train_hw *h, int region, int bank, unsigned word) {
  if (region < 1 || region > NM_REGION_COUNT || bank < 0 ||
      (uint32_t)bank >= nmd_region_banks((uint32_t)region) ||
      word >= nmd_region_depth((uint32_t)region))
    return rep_fail(h->rep, "harness: word outside window (region %d bank %d word %u)", region,
                    bank, word);
  return 0;
}

/* One buffer word written from `in` (out NULL) or read into `out` (in
** NULL): through the backdoor, or (front) the driver's window access (one
** AXI transaction a 32-bit subword), a read's unused subwords 0. */
static int hw_word(train_hw *h, int region, int bank, unsigned word, const uint32_t *in,
                   uint32_t *out, int front) {
  if (check_word(h, region, bank, word)) return -1;
  if (h->queue && hw_queue_sync(h)) return -1; /* the words a queued XFER may still move */
  if (!front) {
    if (in) dut_top_hb_write(h->d, region, bank, word, in);
    else dut_top_hb_read(h->d, region, bank, word, out);
    h->st.back_words++;
    return 0;
  }
  h->st.front_words++;
  if (out) memset(out, 0, 8 * sizeof *out);
  int rc = in ? nmd_win_write(&h->dev, (uint32_t)region, (uint32_t)bank, word, in)
              : nmd_win_read(&h->dev, (uint32_t)region, (uint32_t)bank, word, out);
  if (rc != NMD_OK) {
    char what[96];
    snprintf(what, sizeof what, "AXI window %s region %d bank %d word %u", in ? "write" : "read",
             region, bank, word);
    return drv_fail(h, what, rc);
  }
  return 0;
}

int hw_put(train_hw *h, int region, int bank, unsigned word, const uint32_t *w, int front) {
  return hw_word(h, region, bank, word, w, NULL, front);
}

int hw_get(train_hw *h, int region, int bank, unsigned word, uint32_t *w, int front) {
  return hw_word(h, region, bank, word, NULL, w, front);
}

int hw_queue_open(train_hw *h) {
  h->queue = 0, h->q_pushed = h->q_synced = 0;
  rep_cmd(h->rep, "Q_IRQ = FAULT | IDLE | NO_DONE (the queue mode's irq_o)");
  if (hw_reg_write(h, NM_REG_Q_IRQ, 1u << NM_Q_IRQ_FAULT_LSB | 1u << NM_Q_IRQ_IDLE_LSB |
                                        1u << NM_Q_IRQ_NO_DONE_LSB))
    return -1;
  h->queue = 1;
  return 0;
}

int hw_queue_push(train_hw *h, const nmd_cmd *c, uint32_t flags, const char *what) {
  int rc;
  if (h->q_pushed - h->q_synced >= NM_QUEUE_DEPTH && hw_queue_sync(h)) return -1;
  if ((rc = nmd_queue_push(&h->dev, c, flags)) == NMD_E_REFUSED)
    return rep_fail(h->rep, "Q_PUSH %s (%s) refused: STATUS.REFUSE %u (%s: %s)", nmd_op_name(c->op), what,
                    (unsigned)h->dev.refuse, nmd_err_name(h->dev.refuse), nmd_err_text(h->dev.refuse));
  if (rc != NMD_OK) return drv_fail(h, "nmd_queue_push", rc);
  h->q_pushed++, h->st.q_descs++;
  return 0;
}

int hw_queue_sync(train_hw *h) {
  uint32_t q, done, fault;
  int rc;
  if (h->q_pushed == h->q_synced) return 0;
  h->st.q_waits++;
  /* The host's choice: irq_o (Q_IRQ: idle or stopped), or Q_STATUS polls. */
  if (nm_rng_below(&h->rng, 2) == 0) {
    h->st.q_irq_waits++;
    if (dut_top_wait_irq(h->d, MAX_CMD_CYCLES) != 0)
      return rep_fail(h->rep, "queue: irq_o still low after %d cycles (hang)", MAX_CMD_CYCLES);
    if (hw_reg_read(h, NM_REG_Q_STATUS, &q)) return -1;
    if (((q >> NM_Q_STATUS_ACTIVE_LSB) & 1u) && !((q >> NM_Q_STATUS_STOPPED_LSB) & 1u))
      return rep_fail(h->rep, "queue: irq_o (Q_IRQ IDLE | FAULT) high but Q_STATUS 0x%08x: active, not stopped",
                      (unsigned)q);
  }
  rc = nmd_queue_wait(&h->dev, MAX_CMD_CYCLES, &done, &fault);
  if (rc == NMD_E_TIMEOUT) return rep_fail(h->rep, "queue: still active after %d cycles (hang)", MAX_CMD_CYCLES);
  if (rc == NMD_E_CMD)
    return rep_fail(h->rep, "queue stopped: Q_FAULT 0x%08x: descriptor %u (%s) ended with %s: %s%s",
                    (unsigned)fault, (unsigned)nmd_q_fault_seq(fault), nmd_op_name(nmd_q_fault_op(fault)),
                    nmd_err_name(nmd_q_fault_err(fault)), nmd_err_text(nmd_q_fault_err(fault)),
                    nmd_q_fault_more(fault) ? " (and more after it)" : "");
  if (rc != NMD_OK) return drv_fail(h, "nmd_queue_wait", rc);
  if (done != h->q_pushed)
    return rep_compare(h->rep, "Q_DONE (descriptors pushed, counted by the host)", &h->q_pushed, &done, 1, 0, 8);
  h->q_synced = h->q_pushed;
  return 0;
}

/* Issue c by CMD and wait until it ends. The host's choice: the simulator's
** busy line or STATUS polls (the register reads are legal while busy). */
static int cmd_issue_wait(train_hw *h, const nmd_cmd *c) {
  int rc = nmd_submit(&h->dev, c);
  if (rc == NMD_E_REFUSED)
    return rep_fail(h->rep, "CMD %s refused: STATUS.REFUSE %u (%s: %s)", nmd_op_name(c->op),
                    (unsigned)h->dev.refuse, nmd_err_name(h->dev.refuse), nmd_err_text(h->dev.refuse));
  if (rc != NMD_OK) return drv_fail(h, "nmd_submit", rc);
  if (nm_rng_below(&h->rng, 4) == 0) {
    if ((rc = nmd_wait_polls(&h->dev, MAX_CMD_CYCLES / 4)) == NMD_E_TIMEOUT)
      return rep_fail(h->rep, "command still busy after %d STATUS polls (hang)", MAX_CMD_CYCLES / 4);
    if (rc != NMD_OK) return drv_fail(h, "nmd_wait_polls", rc);
  } else if (dut_top_wait(h->d, MAX_CMD_CYCLES) != 0) {
    return rep_fail(h->rep, "busy_o still high after %d cycles (hang)", MAX_CMD_CYCLES);
  }
  return 0;
}

int hw_run(train_hw *h, int phase, const nmd_cmd *c, long long exp_cycles, hw_result *res) {
  nmd_result r;
  int op = (int)c->op, rc;
  memset(res, 0, sizeof *res);
  rep_phase(h->rep, train_phase_name[phase]); /* nmsim's progress line */
  /* --queue: after the loads queued before it (WAIT_X), then the host waits. */
  if (h->queue ? hw_queue_push(h, c, NMD_Q_WAIT_X, train_phase_name[phase]) || hw_queue_sync(h)
               : cmd_issue_wait(h, c))
    return -1;
  rc = nmd_collect(&h->dev, &r);
  if (rc == NMD_E_BUS) return drv_fail(h, "nmd_collect", rc);
  res->status = r.status, res->last_cycles = r.last_cycles, res->engine_cycles = r.engine_cycles;
  if (rc == NMD_OK) {
    /* The shim's own count of busy_o cycles: a LAST_CYCLES counter bug that
    ** the cycle model happens to agree with (or that --check-cycles is off
    ** for) still fails. */
    uint32_t busy = (uint32_t)dut_top_busy_cycles(h->d);
    if (res->last_cycles != busy)
      return rep_compare(h->rep, "LAST_CYCLES (busy_o cycles counted by the shim)", &busy,
                         &res->last_cycles, 1, 0, 8);
  }
  if (rc != NMD_OK || !nmd_status_done(r.status) || r.op != (uint32_t)op)
    return rep_fail(h->rep,
                    "STATUS 0x%08x after the command: busy %u done %u op %u (%s) err %u (%s: %s) "
                    "(expected busy 0 done 1 op %d (%s) err 0; driver: %s)",
                    (unsigned)r.status, (unsigned)nmd_status_busy(r.status),
                    (unsigned)nmd_status_done(r.status), (unsigned)r.op, nmd_op_name(r.op),
                    (unsigned)r.err, nmd_err_name(r.err), nmd_err_text(r.err), op,
                    nmd_op_name(c->op), nmd_rc_name(rc));
  if (op == NM_OP_ANT) {
    nmd_ant_counts k;
    if ((rc = nmd_read_ant_counts(&h->dev, &k)) != NMD_OK) return drv_fail(h, "nmd_read_ant_counts", rc);
    res->pairs = k.pairs, res->prods = k.prods, res->rcps = k.rcps, res->skipped = k.skipped;
  }
  h->st.ops[op]++;
  h->st.op_cycles[op] += res->last_cycles;
  h->st.ph_cmds[phase]++;
  h->st.ph_cycles[phase] += res->last_cycles;
  h->st.ph_engine[phase] += res->engine_cycles;
  if (h->check_cycles && exp_cycles >= 0) {
    /* ANT: the engine's cycles are measured; exp_cycles is the top's overhead. */
    uint32_t want = (uint32_t)exp_cycles + (op == NM_OP_ANT ? res->engine_cycles : 0u);
    h->st.cycle_checks++;
    if (res->last_cycles != want)
      return rep_compare(h->rep, "LAST_CYCLES (cycle model)", &want, &res->last_cycles, 1, 0, 8);
  }
  return 0;
}

int hw_check_totals(train_hw *h) {
  const uint32_t off[6] = {NM_REG_CMD_COUNT, NM_REG_REFUSED, NM_REG_PERF_GEMM, NM_REG_PERF_PRUNE,
                           NM_REG_PERF_UPDATE, NM_REG_PERF_ANT};
  uint32_t want[6], got[6];
  want[0] = (uint32_t)(h->st.ops[1] + h->st.ops[2] + h->st.ops[3] + h->st.ops[4] + h->st.xfers), want[1] = 0;
  for (int op = 1; op <= 4; op++) want[1 + op] = (uint32_t)h->st.op_cycles[op];
  rep_cmd(h->rep, "end of run: CMD_COUNT, REFUSED, PERF_GEMM, PERF_PRUNE, PERF_UPDATE, PERF_ANT");
  for (int i = 0; i < 6; i++)
    if (hw_reg_read(h, off[i], &got[i])) return -1;
  if (rep_compare(h->rep, "{CMD_COUNT, REFUSED, PERF_GEMM, PERF_PRUNE, PERF_UPDATE, PERF_ANT}",
                  want, got, 6, 0, 8))
    return -1;
  /* The free-running CYCLE counter: at least the busy cycles, at most the
  ** cycles simulated. */
  {
    uint32_t lo, hi;
    uint64_t busy = h->st.op_cycles[1] + h->st.op_cycles[2] + h->st.op_cycles[3] + h->st.op_cycles[4];
    if (hw_reg_read(h, NM_REG_CYCLE_LO, &lo) || hw_reg_read(h, NM_REG_CYCLE_HI, &hi)) return -1;
    uint64_t cyc = (uint64_t)hi << 32 | lo, sim = dut_top_cycles(h->d);
    if (cyc < busy || cyc > sim)
      return rep_fail(h->rep, "CYCLE_HI:CYCLE_LO = %llu, not within [busy cycles %llu, simulated %llu]",
                      (unsigned long long)cyc, (unsigned long long)busy, (unsigned long long)sim);
  }
  return 0;
}
