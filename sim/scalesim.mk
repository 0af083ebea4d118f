# bench-scalesim: nmgen's STCE against SCALE-Sim 3.0 on every GEMM (FF, BP,
# WG) of ResNet-18, VGG-16 and BERT-base (sim/layers, batch BENCH_BATCH),
# dense and 2:8, OS and WS, on SCALESIM_CFGS (mid = 4x4, default = 8x8).
# nmgen's cycles come from the cycle model (tb/model/nm_stce_cycles.c, equal
# to the RTL cycle for cycle: make test's test_rtl_stce and bench-net's RTL
# sample check it); SCALE-Sim's from its simulator on small GEMMs and its
# per-fold closed form on large ones, the closed form checked against the
# simulator (sim/scalesim/compare.py).  Also the proposal's estimates
# (sim/scalesim/PROPOSAL.md).  Output: $(BUILD)/scalesim/report.txt.
#
#   make bench-scalesim [BENCH_QUICK=1] [BENCH_BATCH=16] [BENCH_SEQ=128] [SCALESIM_CFGS="mid default"]
#
# SCALE-Sim runs from its own virtualenv, $(BUILD)/scalesim/venv, pinned by
# sim/scalesim/requirements.txt (PyPI).  Builds happen only here, never in
# `make test`.

SCALESIM_CFGS    ?= mid default
SCALESIM_NETS    ?= resnet18 vgg16 bert_base
SCALESIM_TIMEOUT ?= 1800
SCALESIM_DIR     := $(BUILD)/scalesim
SCALESIM_VENV    := $(SCALESIM_DIR)/venv
SCALESIM_PY      ?= python3
# BENCH_QUICK=1: fewer simulated cycles for the closed-form check
SCALESIM_VERIFY  := $(if $(filter 1,$(BENCH_QUICK)),--verify-lines 60000 --random 3,--verify-lines 300000 --random 8)

$(SCALESIM_VENV)/.installed: sim/scalesim/requirements.txt
	@rm -rf $(SCALESIM_VENV) && mkdir -p $(SCALESIM_DIR)
	$(SCALESIM_PY) -m venv $(SCALESIM_VENV)
	nice -n 10 timeout 900 $(SCALESIM_VENV)/bin/pip install --quiet -r $< > $(SCALESIM_DIR)/pip.log 2>&1 \
	  || { tail -20 $(SCALESIM_DIR)/pip.log; echo "bench-scalesim: pip install failed (log: $(SCALESIM_DIR)/pip.log)"; exit 1; }
	$(SCALESIM_VENV)/bin/python -c "import scalesim.scale_sim"
	@touch $@

SCALESIM_C := tb/bench/scalesim_gemms.c tb/bench/scalesim_whatif.c tb/bench/bench_net_cfg.c \
              tb/bench/bench_net_tile.c tb/bench/bench_net_top.c $(MODEL_SRC)
$(SCALESIM_DIR)/scalesim_gemms: $(SCALESIM_C) tb/bench/scalesim_whatif.h tb/bench/bench_net.h $(MODEL_HDR)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(OPT) $(TB_INC) -o $@ $(SCALESIM_C) -lm

.PHONY: bench-scalesim
bench-scalesim: $(SCALESIM_DIR)/scalesim_gemms $(SCALESIM_VENV)/.installed \
                $(foreach c,$(SCALESIM_CFGS),$(BUILD)/$(c)/gen/manifest.json)
	@start=$$(date +%s); \
	nice -n 10 timeout 120 $(SCALESIM_DIR)/scalesim_gemms \
	  $(foreach c,$(SCALESIM_CFGS),--cfg-header $(BUILD)/$(c)/gen/nm_config.h) --layers sim/layers \
	  --nets "$(SCALESIM_NETS)" --batch $(or $(BENCH_BATCH),16) --seq $(or $(BENCH_SEQ),128) \
	  > $(SCALESIM_DIR)/records.tsv || { echo "bench-scalesim: scalesim_gemms failed"; exit 1; }; \
	nice -n 10 timeout $(SCALESIM_TIMEOUT) $(SCALESIM_VENV)/bin/python sim/scalesim/compare.py \
	  --records $(SCALESIM_DIR)/records.tsv --work $(SCALESIM_DIR)/work $(SCALESIM_VERIFY) \
	  > $(SCALESIM_DIR)/report.txt || { echo "bench-scalesim: the comparison failed: no numbers"; exit 1; }; \
	cat $(SCALESIM_DIR)/report.txt; \
	echo "bench-scalesim: report in $(SCALESIM_DIR)/report.txt; $$(( $$(date +%s) - start )) s (builds excluded)"
