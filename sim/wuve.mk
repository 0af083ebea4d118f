# WUVE, the weight-update vector engine: Verilated nm_wuve of each test
# config, the model and RTL test programs, the regression and the bench.
#
#   make test          test_model_wuve, test_rtl_wuve (>= 10^5 elements per config), ASan runs
#   make regress-wuve  >= 10^6 random elements per config and seed (WUVE_SEEDS)
#   make bench-wuve    elements/cycle and latency from simulation, Yosys cells and
#                      iCE40/ECP5 LUTs per lane; the table goes to build/bench/wuve.md

# Configs whose nm_wuve the RTL test links and the bench measures: lanes 1/4/3,
# FP depths 0 / mixed / deep.  The test adds wuve_mix, generated from default
# with 2 lanes (a 64-bit port per w/v) and uneven depths: mul 1, add 4, cvt 3.
WUVE_CFGS      ?= tiny default deep
WUVE_TEST_CFGS := $(WUVE_CFGS) wuve_mix
WUVE_SEEDS     ?= 1

$(BUILD)/wuve_mix/gen/manifest.json: sim/configs/default.cfg $(BUILD)/nmgen
	@mkdir -p $(BUILD)/wuve_mix
	$(BUILD)/nmgen --config $< --name wuve_mix --wuve_lanes 2 --mul_stages 1 --add_stages 4 \
	  --cvt_stages 3 -o $(BUILD)/wuve_mix/gen

# $(call wuve_adapter,cfg): the dut_wuve adapter object of that config's model.
wuve_adapter_obj = $(BUILD)/$(1)/vl/nm_wuve/dut_wuve_model.o
define wuve_adapter
$(call wuve_adapter_obj,$(1)): tb/dut/dut_wuve_model.cpp tb/dut/dut_wuve.h $(DUT_CORE) $(call vl_lib,$(1),nm_wuve)
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new -isystem $(VL_INC) -isystem $(VL_INC)/vltstd -Itb/dut \
	  -isystem $(BUILD)/$(1)/vl/nm_wuve -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_nm_wuve '-DDUT_HEADER="V$(1)_nm_wuve.h"' '-DDUT_CFG="$(1)"' -c -o $$@ $$<
endef

$(foreach c,$(WUVE_TEST_CFGS),$(eval $(call vl_model,$(c),nm_wuve))$(eval $(call wuve_adapter,$(c))))
# vl_model writes its log next to the model directory: make sure the parent exists.
$(foreach c,$(WUVE_TEST_CFGS),$(eval $(call vl_lib,$(c),nm_wuve): | $(BUILD)/$(c)/vl/.wuve-dir))
$(BUILD)/%/vl/.wuve-dir:
	@mkdir -p $(@D) && touch $@

WUVE_MODEL_OBJS := $(foreach c,$(WUVE_TEST_CFGS),$(call wuve_adapter_obj,$(c)))
WUVE_MODEL_LIBS := $(foreach c,$(WUVE_TEST_CFGS),$(call vl_lib,$(c),nm_wuve))

# The model alone: properties of the sequence and the pass semantics.
$(eval $(call c_test,test_model_wuve,tb/tests/test_model_wuve.c $(MODEL_SRC),$(OPT),$(BUILD)/tests))
$(eval $(call c_test,test_model_wuve,tb/tests/test_model_wuve.c $(MODEL_SRC),$(SAN),$(BUILD)/asan/tests))

# $(call rtl_wuve_bin,outdir,flags,name,main sources): C program + C++ shim +
# every WUVE_TEST_CFGS model + the test data (tb/tests/wuve_gen.h): the RTL
# test test_rtl_wuve or the bench tb/bench/wuve_bench.c.  Objects go to
# obj_<name>/ so they never race with other blocks' objects of the same name.
WUVE_LIB_C := tb/tests/wuve_gen.c tb/tests/check_util.c $(MODEL_SRC)
define rtl_wuve_bin
$(1)/$(3): $(4) $(WUVE_LIB_C) tb/dut/dut_wuve.cpp tb/dut/dut_wuve.h $(DUT_CORE) $(wildcard tb/tests/*.h) \
           $(MODEL_HDR) $(WUVE_MODEL_OBJS) $(WUVE_MODEL_LIBS) $(VL_RT_OBJS)
	@mkdir -p $$(@D)/obj_$(3)
	$$(CXX) $$(CXXSTD) $(2) -faligned-new -isystem $$(VL_INC) -isystem $$(VL_INC)/vltstd -Itb/dut -c -o $$(@D)/obj_$(3)/dut_wuve.o tb/dut/dut_wuve.cpp
	$$(foreach s,$(4) $(WUVE_LIB_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) -c $$(s) -o $$(@D)/obj_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_$(3)/,dut_wuve.o $$(notdir $$(patsubst %.c,%.o,$(4) $(WUVE_LIB_C)))) \
	  $$(WUVE_MODEL_OBJS) $$(WUVE_MODEL_LIBS) $$(VL_RT_OBJS) $$(CHECK_LIBS) -pthread
endef
RTL_WUVE_C := tb/tests/test_rtl_wuve.c tb/tests/check_main.c
$(eval $(call rtl_wuve_bin,$(BUILD)/tests,$(OPT),test_rtl_wuve,$(RTL_WUVE_C)))
$(eval $(call rtl_wuve_bin,$(BUILD)/asan/tests,$(SAN),test_rtl_wuve,$(RTL_WUVE_C)))
$(eval $(call rtl_wuve_bin,$(BUILD)/tests,$(OPT),wuve_bench,tb/bench/wuve_bench.c))

TEST_BINS += $(addprefix $(BUILD)/tests/,test_model_wuve test_rtl_wuve) \
             $(addprefix $(BUILD)/asan/tests/,test_model_wuve test_rtl_wuve)
TEST_CMDS += "model-wuve: $(BUILD)/tests/test_model_wuve" \
             "rtl-wuve: $(BUILD)/tests/test_rtl_wuve" \
             "model-wuve-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_model_wuve" \
             "rtl-wuve-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_rtl_wuve"
LONG_CMDS += "rtl-wuve-long: NMTEST_LONG=1 $(BUILD)/tests/test_rtl_wuve"

# --- regression ----------------------------------------------------------------

.PHONY: regress-wuve bench-wuve
# `make regress` runs every block's regression; this is WUVE's.
regress: regress-wuve
bench: bench-wuve
regress-wuve: $(BUILD)/tests/test_model_wuve $(BUILD)/tests/test_rtl_wuve
	sim/run_tests "model-wuve: $(BUILD)/tests/test_model_wuve" \
	  $(foreach s,$(WUVE_SEEDS),"rtl-wuve-regress-seed$(s): NMTEST_LONG=1 NMTEST_SEED=$(s) $(BUILD)/tests/test_rtl_wuve")

# --- bench ---------------------------------------------------------------------
# One Yosys run per (config, target) on nm_wuve_lane, so `make -j2` spreads them.

WUVE_BENCH_DIR := $(BUILD)/bench/wuve
WUVE_SYNTH     := $(foreach c,$(WUVE_CFGS),$(foreach t,generic ice40 ecp5,$(WUVE_BENCH_DIR)/$(c).$(t)))

$(WUVE_BENCH_DIR)/%.generic: $(BUILD)/%/gen/manifest.json
	@mkdir -p $(@D)
	sim/synth_stats $(BUILD)/$*/gen nm_wuve_lane generic > $@
$(WUVE_BENCH_DIR)/%.ice40: $(BUILD)/%/gen/manifest.json
	@mkdir -p $(@D)
	sim/synth_stats $(BUILD)/$*/gen nm_wuve_lane ice40 > $@
$(WUVE_BENCH_DIR)/%.ecp5: $(BUILD)/%/gen/manifest.json
	@mkdir -p $(@D)
	sim/synth_stats $(BUILD)/$*/gen nm_wuve_lane ecp5 > $@

# wuve_bench's WUVE_BENCH lines (one a config).  Output to a file first (sh
# has no pipefail): a failing run fails here.
$(WUVE_BENCH_DIR)/sim.txt: $(BUILD)/tests/wuve_bench
	@mkdir -p $(@D)
	$< > $@.tmp 2> $@.log || { cat $@.log; echo "bench-wuve: wuve_bench failed"; exit 1; }
	mv $@.tmp $@

# Field NAME=value of a line.
wuve_field = sed -n 's/.*\b$(1)=\([^ ]*\).*/\1/p'

bench-wuve: $(WUVE_BENCH_DIR)/sim.txt $(WUVE_SYNTH)
	@{ printf '| config | lanes | depths mul/add/cvt | elements/cycle | latency (cycles) | Yosys cells/lane | iCE40 LUTs/lane (FFs, carries) | ECP5 LUTs/lane (FFs, DSPs) |\n'; \
	   printf '|---|---|---|---|---|---|---|---|\n'; \
	   for c in $(WUVE_CFGS); do \
	     l=$$(grep "cfg=$$c " $(WUVE_BENCH_DIR)/sim.txt); \
	     d=$$(grep -E '^(mul|add|cvt)_stages' sim/configs/$$c.cfg | sed 's/.*= *//' | paste -sd/); \
	     g=$$($(call wuve_field,cells) $(WUVE_BENCH_DIR)/$$c.generic); \
	     i=$$(cat $(WUVE_BENCH_DIR)/$$c.ice40); e=$$(cat $(WUVE_BENCH_DIR)/$$c.ecp5); \
	     printf '| %s | %s | %s | %s | %s | %s | %s (%s, %s) | %s (%s, %s) |\n' $$c \
	       "$$(echo "$$l" | $(call wuve_field,lanes))" "$$d" \
	       "$$(echo "$$l" | $(call wuve_field,elements_per_cycle))" \
	       "$$(echo "$$l" | $(call wuve_field,latency))" "$$g" \
	       "$$(echo "$$i" | $(call wuve_field,luts))" "$$(echo "$$i" | $(call wuve_field,ffs))" \
	       "$$(echo "$$i" | $(call wuve_field,carries))" \
	       "$$(echo "$$e" | $(call wuve_field,luts))" "$$(echo "$$e" | $(call wuve_field,ffs))" \
	       "$$(echo "$$e" | $(call wuve_field,dsps))"; \
	   done; } | tee $(BUILD)/bench/wuve.md
