# bench-fp: Yosys resources of every FP leaf unit at pipeline depths 0 and 2.

FP_BENCH_UNITS := nm_fp16_mul nm_fp32_mul nm_fp32_add nm_cvt16to32 nm_cvt32to16

$(BUILD)/bench/fp_d%/manifest.json: $(BUILD)/nmgen
	@mkdir -p $(BUILD)/bench
	$(BUILD)/nmgen --name fp_d$* --mul_stages $* --add_stages $* --cvt_stages $* -o $(BUILD)/bench/fp_d$*

.PHONY: bench-fp
bench: bench-fp
bench-fp: $(BUILD)/bench/fp_d0/manifest.json $(BUILD)/bench/fp_d2/manifest.json
	@printf '| unit | depth | Yosys generic cells | iCE40 | ECP5 |\n|---|---|---|---|---|\n' \
	  | tee $(BUILD)/bench/fp_units.md
	@# A failing synth_stats fails the bench (rows to a file: no pipe to hide it).
	@for u in $(FP_BENCH_UNITS); do for d in 0 2; do \
	  g=$$(sim/synth_stats $(BUILD)/bench/fp_d$$d $$u generic) || exit 1; \
	  i=$$(sim/synth_stats $(BUILD)/bench/fp_d$$d $$u ice40) || exit 1; \
	  e=$$(sim/synth_stats $(BUILD)/bench/fp_d$$d $$u ecp5) || exit 1; \
	  echo "| $$u | $$d | $${g#cells=} | $$i | $$e |"; \
	done; done > $(BUILD)/bench/fp_units.rows
	@tee -a $(BUILD)/bench/fp_units.md < $(BUILD)/bench/fp_units.rows
