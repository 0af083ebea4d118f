# bench-net: the network-level benchmark.  ResNet-18, VGG-16 (conv layers) and
# BERT-base (encoder linear layers) from sim/layers/*.txt, each layer's
# training step (FF, BP, WG, UPDATE, PRUNE) split into buffer-sized commands
# and costed with the cycle model, after a sample of those commands has been
# run on the Verilated nm_stce of CONFIG and matched the model (else the bench
# fails).  Writes build/bench/report.md, build/bench/report.csv and, when
# gnuplot is installed, build/bench/*.png (sim/bench_plot).
#
#   make bench-net [CONFIG=default] [BENCH_QUICK=1] [BENCH_BATCH=16] [BENCH_SEQ=128]
#
# Knobs: BENCH_SAMPLES (RTL commands checked; 0 = the default of the mode),
# BENCH_SEED, BENCH_NETS.  Builds happen only here, never in `make test`.

BENCH_BATCH   ?= 16
BENCH_SEQ     ?= 128
BENCH_SEED    ?= 1
BENCH_SAMPLES ?= 0
BENCH_NETS    ?= resnet18 vgg16 bert_base
BENCH_QUICK   ?= 0
BENCH_DIR     := $(BUILD)/bench
BENCH_NET_DIR := $(BENCH_DIR)/net

# Simulation speed is measured on 4x4 (mid), 8x8 (default) and 16x16
# (bench16: the default config with a 16x16 array) nm_stce models; the cycle
# model is validated on CONFIG's.  BENCH_QUICK=1 leaves the 16x16 out: its
# Verilation alone takes 8-14 minutes on a shared 2-core machine.
BENCH_SPEED_CFGS := mid default $(if $(filter 1,$(BENCH_QUICK)),,bench16)
BENCH_NET_CFGS   := $(sort $(CONFIG) $(BENCH_SPEED_CFGS))

$(BUILD)/bench16/gen/manifest.json: sim/configs/default.cfg $(BUILD)/nmgen
	@mkdir -p $(BUILD)/bench16
	$(BUILD)/nmgen --config $< --name bench16 --rows 16 --cols 16 -o $(BUILD)/bench16/gen

# stce.mk (included after this file) Verilates nm_stce of its test configs;
# the others are Verilated here, with the same rules and adapter.
# (stce.mk's defaults, restated: it is read later; keep the two in step.)
BENCH_STCE_DEFAULT := tiny mid deep stce_wide stce_tall stce_slim ws tall
BENCH_STCE_HAVE := $(sort $(or $(STCE_CFGS),$(BENCH_STCE_DEFAULT)) \
  $(or $(STCE_REGRESS_CFGS),$(or $(STCE_CFGS),$(BENCH_STCE_DEFAULT)) default))
bench_stce_lib = $(BUILD)/$(1)/vl/nm_stce/V$(1)_nm_stce__ALL.a
bench_stce_obj = $(BUILD)/$(1)/vl/nm_stce/dut_stce_model.o
define bench_stce_model
$(call vl_model,$(1),nm_stce)
$(call bench_stce_lib,$(1)): | $(BUILD)/$(1)/vl/.bench-dir
$(call bench_stce_obj,$(1)): tb/dut/dut_stce_model.cpp tb/dut/dut_stce.h $(DUT_CORE) $(call bench_stce_lib,$(1))
	$$(CXX) $$(CXXSTD) $$(VL_CXXFLAGS) -I$$(VL_INC) -I$$(VL_INC)/vltstd -Itb/dut \
	  -I$(BUILD)/$(1)/vl/nm_stce -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_nm_stce '-DDUT_HEADER="V$(1)_nm_stce.h"' '-DDUT_CFG="$(1)"' -c -o $$@ $$<
endef
$(foreach c,$(filter-out $(BENCH_STCE_HAVE),$(BENCH_NET_CFGS)),$(eval $(call bench_stce_model,$(c))))
$(BUILD)/%/vl/.bench-dir:
	@mkdir -p $(@D) && touch $@

# The program: C (tb/bench/bench_net*.c, the model) + the dut_stce shim and
# the nm_stce models of BENCH_NET_CFGS.  One binary per CONFIG.
BENCH_NET_C   := $(sort $(wildcard tb/bench/bench_net*.c)) tb/bench/e2e_sched.c $(MODEL_SRC) tb/tests/dma_pack_desc.c
BENCH_NET_BIN := $(BENCH_NET_DIR)/$(CONFIG)/bench_net$(if $(filter 1,$(BENCH_QUICK)),_quick)
BENCH_NET_MODELS := $(foreach c,$(BENCH_NET_CFGS),$(call bench_stce_obj,$(c)) $(call bench_stce_lib,$(c)))

$(BENCH_NET_BIN): $(BENCH_NET_C) $(wildcard tb/bench/bench_net*.h) tb/bench/e2e_sched.h tb/dut/dut_stce.cpp tb/dut/dut_stce.h $(DUT_CORE) \
                  $(MODEL_HDR) $(BENCH_NET_MODELS) $(VL_RT_OBJS)
	@mkdir -p $@.obj
	$(CXX) $(CXXSTD) $(OPT) -I$(VL_INC) -I$(VL_INC)/vltstd -Itb/dut -c -o $@.obj/dut_stce.o tb/dut/dut_stce.cpp
	$(foreach s,$(BENCH_NET_C),$(CC) $(CSTD) $(OPT) $(TB_INC) -c $(s) -o $@.obj/$(notdir $(s:.c=.o)) &&) true
	$(CXX) $(OPT) -o $@ $(addprefix $@.obj/,dut_stce.o $(notdir $(patsubst %.c,%.o,$(BENCH_NET_C)))) \
	  $(BENCH_NET_MODELS) $(VL_RT_OBJS) -lm -pthread

# ANT cycles: ant_bench (bench-ant's program) --wg on the config's own nm_top
# ANT engine: default's nm_ant_array of ant_engines = 4 (the model default_x4),
# tiny's and deep's one nm_ant_engine; other configs have no such model and
# get no ANT numbers (WG stays on the STCE).  antwg lines at BENCH_ANT_DENSITY
# only, ANT_WG_SAMPLES draws of P x CI x CO pairs per layer, no scnn runs;
# bench_net reads them (bench_net_ant.c) and refuses them without ant_bench's
# antwg-check PASS line.  SORE and WUVE throughput and
# cells: quoted from bench-sore / bench-wuve's tables (build/bench/sore.md,
# wuve.md); `make bench` runs those first, bench-net alone quotes what exists.
BENCH_ANT_CFG     := $(if $(filter default,$(CONFIG)),default_x4,$(filter tiny deep,$(CONFIG)))
BENCH_ANT_PAIRS   := 8
BENCH_ANT_SAMPLES := $(if $(filter 1,$(BENCH_QUICK)),2,8)
BENCH_ANT_DENSITY ?= 0.1
BENCH_ANT_NETS    := $(filter resnet18 vgg16,$(BENCH_NETS))

# Full mode also checks the top-level cycle model on CONFIG's nm_top first:
# an nmsim workload of sample layers (GEMM, PRUNE, UPDATE and ANT commands)
# whose every LAST_CYCLES must equal nm_top_cycles (--check-cycles), results
# bit-exact.  Quick mode skips it (building nm_top takes minutes).
BENCH_TOP_LAYERS ?= fc:256x64x32@2:8,fc:64x128x16@1:4,conv:16x8x8x16k3s1@2:4
BENCH_TOP_CHECK  := $(if $(filter 1,$(BENCH_QUICK)),,$(BUILD)/$(CONFIG)/nmsim)
# The e2e lines' XFER model, checked on the config's nm_top (quick mode too:
# no e2e numbers without it): test_rtl_top_dma's xfer_model case alone, whose
# second test (XFERs beside GEMMs) is the overlap model's check.
BENCH_XFER_CHECK := $(BUILD)/tests/test_rtl_top_dma_$(CONFIG)

.PHONY: bench-net
bench: bench-net
bench-net: $(BENCH_NET_BIN) $(BUILD)/tests/ant_bench $(BUILD)/$(CONFIG)/gen/manifest.json \
           $(BENCH_TOP_CHECK) $(BENCH_XFER_CHECK) $(if $(filter bench,$(MAKECMDGOALS)),bench-sore bench-wuve)
	@mkdir -p $(BENCH_NET_DIR)
	@start=$$(date +%s); \
	CK_RUN_CASE=xfer_model NMTEST_SEED=$(BENCH_SEED) $(if $(filter 1,$(BENCH_QUICK)),NMTEST_QUICK=1) \
	  $(BENCH_XFER_CHECK) > $(BENCH_NET_DIR)/xfer_check.txt 2>&1 \
	  || { cat $(BENCH_NET_DIR)/xfer_check.txt; echo "bench-net: nm_top's XFER cycles differ from" \
	       "nm_xfer_cycles: no e2e numbers"; exit 1; }; \
	$(if $(BENCH_TOP_CHECK),$(BENCH_TOP_CHECK) --config $(CONFIG) --seed $(BENCH_SEED) --iters 1 \
	  --layers $(BENCH_TOP_LAYERS) --check-cycles --quiet > $(BENCH_NET_DIR)/top_check.txt \
	  || { cat $(BENCH_NET_DIR)/top_check.txt; echo "bench-net: nm_top's cycles differ from" \
	       "nm_top_cycles (or a result differs): no numbers"; exit 1; };) \
	$(if $(and $(BENCH_ANT_CFG),$(BENCH_ANT_NETS)),NMTEST_SEED=$(BENCH_SEED) ANT_BENCH_PAIRS=$(BENCH_ANT_PAIRS) \
	  NMTEST_ONLY_CFG=$(BENCH_ANT_CFG) ANT_WG_SAMPLES=$(BENCH_ANT_SAMPLES) ANT_WG_DENSITIES=$(BENCH_ANT_DENSITY) \
	  ANT_WG_SCNN=0 ANT_WG_NETS="$(BENCH_ANT_NETS)" $(BUILD)/tests/ant_bench --wg $(BUILD)/$(CONFIG)/gen/nm_config.h \
	  sim/layers > $(BENCH_NET_DIR)/ant.md || { tail -5 $(BENCH_NET_DIR)/ant.md; echo "bench-net: ant_bench failed"; exit 1; };) \
	$(BENCH_NET_BIN) --config $(CONFIG) --cfg-header $(BUILD)/$(CONFIG)/gen/nm_config.h \
	  --layers sim/layers --nets "$(BENCH_NETS)" --batch $(BENCH_BATCH) --seq $(BENCH_SEQ) \
	  --quick $(BENCH_QUICK) --samples $(BENCH_SAMPLES) --seed $(BENCH_SEED) \
	  $(if $(and $(BENCH_ANT_CFG),$(BENCH_ANT_NETS)),--ant $(BENCH_NET_DIR)/ant.md) --xfer-check $(BENCH_NET_DIR)/xfer_check.txt \
	  --overlap-check $(BENCH_NET_DIR)/xfer_check.txt --quote $(BENCH_DIR)/sore.md --quote $(BENCH_DIR)/wuve.md \
	  --speed-cfgs "$(BENCH_SPEED_CFGS)" --out $(BENCH_DIR) || exit 1; \
	sim/bench_plot $(BENCH_DIR); \
	echo "bench-net: CONFIG=$(CONFIG) BENCH_QUICK=$(BENCH_QUICK): $$(( $$(date +%s) - start )) s (builds excluded)"
