/*
** nmsim's host side of nm_top (see train_hw.h).
*/
#include "train_hw.h"

#include "dut_top_ids.h"

#include <string.h>

const char *const train_phase_name[PH_COUNT] = {"PRUNE",  "FF",  "BP", "WG", "UPDATE",
                                                "ANT", "FF-dense", "BP-dense"};

/* Geometry of a buffer window, from nm_config.h. */
typedef struct region_geom {
  int banks, depth, bits;
} region_geom;

/* Indexed by region id (NM_REGIONS lists every region in id order from 1). */
#define GEOM(n, id, acc) [id] = {NM_REGION_##n##_BANKS, NM_REGION_##n##_DEPTH, NM_REGION_##n##_BITS},
static const region_geom geom[NM_REGION_COUNT + 1] = {{0, 0, 0}, NM_REGIONS(GEOM)};
#undef GEOM

int hw_region_bits(int region) { return geom[region].bits; }
int hw_region_banks(int region) { return geom[region].banks; }
int hw_region_depth(int region) { return geom[region].depth; }

/* Longest a command may take before it counts as a hang. */
enum { MAX_CMD_CYCLES = 50000000 };

int hw_reg_write(train_hw *h, uint32_t off, uint32_t v) {
  int rc = dut_top_write(h->d, off, v, 0xF);
  h->st.axi_writes++;
  if (rc != 0)
    return rep_fail(h->rep, "AXI write of register 0x%03x = 0x%08x: %s", (unsigned)off,
                    (unsigned)v, rc < 0 ? "no response (hang)" : "SLVERR");
  return 0;
}

int hw_reg_read(train_hw *h, uint32_t off, uint32_t *v) {
  int rc = dut_top_read(h->d, off, v);
  h->st.axi_reads++;
  if (rc != 0)
    return rep_fail(h->rep, "AXI read of register 0x%03x: %s", (unsigned)off,
                    rc < 0 ? "no response (hang)" : "SLVERR");
  return 0;
}

/* The discovery registers say what nm_config.h says. */
static int check_ids(train_hw *h) {
  dut_top_id_reg regs[DUT_TOP_ID_REGS];
  size_t n = dut_top_id_regs(regs);
  rep_cmd(h->rep, "discovery registers");
  for (size_t i = 0; i < n; i++) {
    uint32_t v;
    if (hw_reg_read(h, regs[i].off, &v)) return -1;
    if (v != regs[i].want)
      return rep_compare(h->rep, regs[i].name, &regs[i].want, &v, 1, 0, 8);
  }
  return 0;
}

int hw_open(train_hw *h, const dut_top_opts *o, train_report *rep, uint64_t seed) {
  memset(&h->st, 0, sizeof h->st);
  h->rep = rep;
  nm_rng_seed(&h->rng, seed ^ 0x686f7374ull); /* "host" */
  h->d = dut_top_open(o);
  if (!h->d) return rep_fail(rep, "dut_top_open failed (trace file: %s)",
                             o->trace_fst ? o->trace_fst : "none");
  return check_ids(h);
}

void hw_close(train_hw *h) {
  if (h->d) dut_top_close(h->d);
  h->d = NULL;
}

static int subwords(int region) { return (geom[region].bits + 31) / 32; }

/* A word must lie inside its window: a harness bug otherwise. */
static int check_word(train_hw *h, int region, int bank, unsigned word) {
  if (region < 1 || region > NM_REGION_COUNT || bank < 0 || bank >= geom[region].banks ||
      word >= (unsigned)geom[region].depth)
    return rep_fail(h->rep, "harness: word outside window (region %d bank %d word %u)", region,
                    bank, word);
  return 0;
}

/* One buffer word written from `in` (out NULL) or read into `out` (in
** NULL): through the backdoor, or (front) one AXI window access a 32-bit
** subword, a read's unused subwords 0. */
static int hw_word(train_hw *h, int region, int bank, unsigned word, const uint32_t *in,
                   uint32_t *out, int front) {
  if (check_word(h, region, bank, word)) return -1;
  if (!front) {
    if (in) dut_top_hb_write(h->d, region, bank, word, in);
    else dut_top_hb_read(h->d, region, bank, word, out);
    h->st.back_words++;
    return 0;
  }
  h->st.front_words++;
  if (out) memset(out, 0, 8 * sizeof *out);
  for (int s = 0; s < subwords(region); s++) {
    uint32_t addr = NM_WIN_ADDR(region, bank, word, s);
    int rc = in ? dut_top_write(h->d, addr, in[s], 0xF) : dut_top_read(h->d, addr, &out[s]);
    if (in) h->st.axi_writes++;
    else h->st.axi_reads++;
    if (rc != 0)
      return rep_fail(h->rep, "AXI window %s region %d bank %d word %u sub %d: %s",
                      in ? "write" : "read", region, bank, word, s, rc < 0 ? "hang" : "SLVERR");
  }
  return 0;
}

int hw_put(train_hw *h, int region, int bank, unsigned word, const uint32_t *w, int front) {
  return hw_word(h, region, bank, word, w, NULL, front);
}

int hw_get(train_hw *h, int region, int bank, unsigned word, uint32_t *w, int front) {
  return hw_word(h, region, bank, word, NULL, w, front);
}

/* Poll STATUS over AXI until busy falls (register reads are legal while busy). */
static int poll_idle(train_hw *h, uint32_t *status) {
  for (long i = 0; i < MAX_CMD_CYCLES / 4; i++) {
    if (hw_reg_read(h, NM_REG_STATUS, status)) return -1;
    if (!NM_GET(NM_STATUS_BUSY, *status)) return 0;
  }
  return rep_fail(h->rep, "command still busy after %d STATUS polls (hang)", MAX_CMD_CYCLES / 4);
}

int hw_run(train_hw *h, int phase, int op, const uint32_t *arg, long long exp_cycles,
           hw_result *res) {
  uint32_t st;
  memset(res, 0, sizeof *res);
  rep_phase(h->rep, train_phase_name[phase]); /* nmsim's progress line */
  for (int a = 0; a < 5; a++)
    if (hw_reg_write(h, NM_REG_ARG0 + 4u * (uint32_t)a, arg[a])) return -1;
  if (hw_reg_write(h, NM_REG_CMD, (uint32_t)op)) return -1;
  if (nm_rng_below(&h->rng, 4) == 0) {
    if (poll_idle(h, &st)) return -1;
  } else if (dut_top_wait(h->d, MAX_CMD_CYCLES) != 0) {
    return rep_fail(h->rep, "busy_o still high after %d cycles (hang)", MAX_CMD_CYCLES);
  }
  if (hw_reg_read(h, NM_REG_STATUS, &st) || hw_reg_read(h, NM_REG_LAST_CYCLES, &res->last_cycles))
    return -1;
  res->status = st;
  {
    /* The shim's own count of busy_o cycles: a LAST_CYCLES counter bug that
    ** the cycle model happens to agree with (or that --check-cycles is off
    ** for) still fails. */
    uint32_t busy = (uint32_t)dut_top_busy_cycles(h->d);
    if (res->last_cycles != busy)
      return rep_compare(h->rep, "LAST_CYCLES (busy_o cycles counted by the shim)", &busy,
                         &res->last_cycles, 1, 0, 8);
  }
  if (NM_GET(NM_STATUS_BUSY, st) || !NM_GET(NM_STATUS_DONE, st) ||
      NM_GET(NM_STATUS_OP, st) != (uint32_t)op || NM_GET(NM_STATUS_ERR, st) != 0)
    return rep_fail(h->rep,
                    "STATUS 0x%08x after the command: busy %u done %u op %u err %u "
                    "(expected busy 0 done 1 op %d err 0)",
                    (unsigned)st, (unsigned)NM_GET(NM_STATUS_BUSY, st),
                    (unsigned)NM_GET(NM_STATUS_DONE, st), (unsigned)NM_GET(NM_STATUS_OP, st),
                    (unsigned)NM_GET(NM_STATUS_ERR, st), op);
  if (op == NM_OP_GEMM || op == NM_OP_ANT)
    if (hw_reg_read(h, NM_REG_ENGINE_CYCLES, &res->engine_cycles)) return -1;
  if (op == NM_OP_ANT &&
      (hw_reg_read(h, NM_REG_ANT_PAIRS, &res->pairs) ||
       hw_reg_read(h, NM_REG_ANT_PRODS, &res->prods) ||
       hw_reg_read(h, NM_REG_ANT_RCPS, &res->rcps) ||
       hw_reg_read(h, NM_REG_ANT_SKIPPED, &res->skipped)))
    return -1;
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
  want[0] = (uint32_t)(h->st.ops[1] + h->st.ops[2] + h->st.ops[3] + h->st.ops[4]), want[1] = 0;
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
