/*
** Constraints and the FuseSoC core (see emit_flow.h).  The constraint
** templates get the parameter dictionary plus the derived timing values:
** ${CLOCK_PERIOD_NS} and ${IO_DELAY_NS} (io_delay_pct of the period), both
** printed with picosecond resolution.
*/
#include "emit_flow.h"

#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "strbuf.h"
#include "template.h"
#include "templates.h"

/* Period and I/O delay in ns, "%.3f": exact decimal of whole picoseconds. */
static void timing_values(const nm_params *p, char *period, char *io, size_t len) {
  long ps = (1000000L + p->ival[K_CLOCK_MHZ] / 2) / p->ival[K_CLOCK_MHZ];
  long io_ps = (ps * p->ival[K_IO_DELAY_PCT] + 50) / 100;
  snprintf(period, len, "%ld.%03ld", ps / 1000, ps % 1000);
  snprintf(io, len, "%ld.%03ld", io_ps / 1000, io_ps % 1000);
}

int emit_constraints(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen) {
  tpl_dict dict = {0};
  char period[32], io[32];
  int rc;
  fill_dict(p, &dict);
  timing_values(p, period, io, sizeof period);
  tpl_dict_set(&dict, "CLOCK_PERIOD_NS", period);
  tpl_dict_set(&dict, "IO_DELAY_NS", io);
  char prefix[NM_NAME_MAX + 16];
  snprintf(prefix, sizeof prefix, "constraints/%s.", p->name);
  /* '#' starts a comment in Tcl (SDC, XDC), LPF and PCF alike. */
  rc = emit_template_table(&dict, nm_constraint_templates, nm_constraint_templates_count,
                           "constraints", ".ct", prefix, "", "#", summary, o, err, errlen);
  tpl_dict_free(&dict);
  return rc;
}

/*
** The simulation wrapper (nm_top plus the harness backdoor, rtl_templates/
** nm_top_sim.vt): in files.f, for the simulators, but in the core only as
** the sim fileset, never in the product's rtl fileset or synthesis.
*/
#define SIM_TOP_MODULE "nm_top_sim"

/*
** nmgen_<name>.core, FuseSoC CAPI2.  Targets: default (the RTL of the
** product, top nm_top), lint (Verilator -Wall), sim (Icarus, elaboration
** of the wrapper nm_top_sim) and synth (Vivado, with the XDC; the part of
** the VCU1525 board SAT used).
*/
int emit_fusesoc_core(const nm_params *p, const char *summary, outdir *o, char *err,
                      size_t errlen) {
  strbuf b = {0};
  sb_puts(&b, "CAPI=2:\n");
  header_lines(&b, "#", "the parameter set", summary);
  sb_printf(&b, "name: nmgen:accel:%s:%s\n", p->name, NMGEN_VERSION);
  sb_printf(&b, "description: nmgen N:M-sparse training accelerator, configuration %s\n\n", p->name);
  sb_puts(&b, "filesets:\n  rtl:\n    file_type: verilogSource\n    files:\n");
  for (size_t i = 0; emit_rtl_module(i); i++)
    if (strcmp(emit_rtl_module(i), SIM_TOP_MODULE) != 0)
      sb_printf(&b, "      - rtl/%s.v\n", emit_rtl_module(i));
  sb_puts(&b, "  sim:\n    file_type: verilogSource\n    files:\n      - rtl/" SIM_TOP_MODULE ".v\n");
  sb_printf(&b, "  xdc:\n    files:\n      - constraints/%s.xdc: {file_type: xdc}\n", p->name);
  sb_printf(&b, "  sdc:\n    files:\n      - constraints/%s.sdc: {file_type: SDC}\n\n", p->name);
  sb_printf(&b, "targets:\n  default: &default\n    filesets: [rtl]\n    toplevel: %s\n",
            emit_top_module());
  sb_puts(&b, "  lint:\n    <<: *default\n    default_tool: verilator\n"
              "    tools:\n      verilator:\n        mode: lint-only\n"
              "        verilator_options: [-Wall]\n");
  sb_puts(&b, "  sim:\n    default_tool: icarus\n    filesets: [rtl, sim]\n"
              "    toplevel: " SIM_TOP_MODULE "\n"
              "    tools:\n      icarus:\n        iverilog_options: [-g2005]\n");
  sb_printf(&b, "  synth:\n    default_tool: vivado\n    filesets: [rtl, xdc]\n"
              "    toplevel: %s\n"
              "    tools:\n      vivado:\n        part: xcvu9p-fsgd2104-2L-e\n",
            emit_top_module());
  char rel[160];
  snprintf(rel, sizeof rel, "nmgen_%s.core", p->name);
  int rc = outdir_write(o, rel, &b, err, errlen);
  sb_free(&b);
  return rc;
}
