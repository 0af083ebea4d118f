# make synth CONFIG=<cfg>: Yosys resource tables of one configuration's
# blocks on every target (generic, iCE40, ECP5, Xilinx UltraScale+), and a
# check that the buffers map to block RAM on the FPGA targets.
#   build/<cfg>/synth/report.md   the table (also printed)
#
# SYNTH_MODULES: the blocks to report (those the config generates).
# SYNTH_TARGETS: the Yosys flows (see sim/synth_stats).

SYNTH_MODULES ?= nm_pe nm_stce nm_sore nm_wuve nm_ant_engine
SYNTH_TARGETS ?= generic ice40 ecp5 xilinx

.PHONY: synth
synth: $(BUILD)/$(CONFIG)/gen/manifest.json
	@mkdir -p $(BUILD)/$(CONFIG)/synth
	@sim/synth_report $(BUILD)/$(CONFIG)/gen "$(SYNTH_MODULES)" "$(SYNTH_TARGETS)" \
	  | tee $(BUILD)/$(CONFIG)/synth/report.md

# make pnr-ice40 / pnr-ecp5: place and route the blocks of PNR_CONFIG on an
# iCE40 HX8K (nextpnr-ice40) or an ECP5-85K (nextpnr-ecp5 / yowasp from
# PyPI), reporting logic cells and Fmax; a block that does not fit says so.
PNR_CONFIG  ?= tiny
PNR_MODULES ?= nm_pe nm_sore nm_stce
.PHONY: pnr-ice40 pnr-ecp5
pnr-ice40 pnr-ecp5: pnr-%: $(BUILD)/$(PNR_CONFIG)/gen/manifest.json
	@mkdir -p $(BUILD)/$(PNR_CONFIG)/synth
	@printf '| config | module | $* place and route |\n|---|---|---|\n' | tee $(BUILD)/$(PNR_CONFIG)/synth/pnr_$*.md
	@for m in $(PNR_MODULES); do grep -qx "rtl/$$m.v" $(BUILD)/$(PNR_CONFIG)/gen/files.f || continue; \
	  r=$$(sim/pnr $* $(BUILD)/$(PNR_CONFIG)/gen $$m); rc=$$?; \
	  if [ $$rc -eq 3 ]; then echo "$$r: skipped"; exit 0; fi; [ $$rc -le 1 ] || exit 1; \
	  echo "| $(PNR_CONFIG) | $$m | $$r |"; done | tee -a $(BUILD)/$(PNR_CONFIG)/synth/pnr_$*.md

# make fmax-ecp5: the pipeline-depth curve that picks the defaults.  One PE
# and the 4x4 array (nm_array) with mul_stages = add_stages = D for
# D in FMAX_DEPTHS, placed and routed on the ECP5-85K: logic cells, Fmax.
FMAX_DEPTHS  ?= 0 1 2 3
FMAX_MODULES ?= nm_pe nm_array
$(BUILD)/bench/fmax_d%/manifest.json: $(BUILD)/nmgen
	@mkdir -p $(BUILD)/bench
	$(BUILD)/nmgen --name fmax_d$* --rows 4 --cols 4 --mul_stages $* --add_stages $* -o $(BUILD)/bench/fmax_d$*
.PHONY: fmax-ecp5
fmax-ecp5: $(foreach d,$(FMAX_DEPTHS),$(BUILD)/bench/fmax_d$(d)/manifest.json)
	@printf '| module | mul_stages = add_stages | ECP5-85K place and route |\n|---|---|---|\n' | tee $(BUILD)/bench/fmax_ecp5.md
	@for m in $(FMAX_MODULES); do for d in $(FMAX_DEPTHS); do \
	  r=$$(sim/pnr ecp5 $(BUILD)/bench/fmax_d$$d $$m); rc=$$?; \
	  if [ $$rc -eq 3 ]; then echo "$$r: skipped"; exit 0; fi; [ $$rc -le 1 ] || exit 1; \
	  echo "| $$m | $$d | $$r |"; done; done | tee -a $(BUILD)/bench/fmax_ecp5.md
