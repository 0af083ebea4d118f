# ANT, the outer-product sparse convolution engine with index-range units:
# Verilated nm_ant_engine of each test config (ant_n 2 / 4 / 3, ant_acc_bits
# 128 / 104 / 84) and nm_ant_range, the model and RTL test programs, the
# regression and the bench.
#
#   make test          test_model_ant, test_rtl_ant (tiny, default, deep), ASan runs (quick)
#   make regress-ant   more random commands per config and seed (ANT_SEEDS)
#   make bench-ant     RCPs eliminated, cycles ant vs scnn, multiplier use on
#                      ResNet-18-shaped weight-gradient layers; build/bench/ant.md

ANT_CFGS  ?= tiny default deep
ANT_SEEDS ?= 1 2 3

# $(call ant_adapter,cfg,module,extra flags): the dut_ant adapter object of a model.
ant_adapter_obj = $(BUILD)/$(1)/vl/$(2)/dut_ant_model.o
define ant_adapter
$(call ant_adapter_obj,$(1),$(2)): tb/dut/dut_ant_model.cpp tb/dut/dut_ant.h $(DUT_CORE) $(call vl_lib,$(1),$(2))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new $(VL_CXX_INC) -Itb/dut \
	  -isystem $(BUILD)/$(1)/vl/$(2) -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_$(2) '-DDUT_HEADER="V$(1)_$(2).h"' '-DDUT_CFG="$(1)"' $(3) -c -o $$@ $$<
endef

$(foreach c,$(ANT_CFGS),$(eval $(call vl_model,$(c),nm_ant_engine))$(eval $(call ant_adapter,$(c),nm_ant_engine,)))
$(eval $(call vl_model,default,nm_ant_range))
$(eval $(call ant_adapter,default,nm_ant_range,-DDUT_KIND_RANGE))
# nm_ant_array of the default config (P = its ant_engines, 4: nm_top's ANT
# engine), registered as default_x4: test_rtl_ant_array, and the bench's
# parallel-engine lines.
$(eval $(call vl_model,default,nm_ant_array))
$(eval $(call ant_adapter,default,nm_ant_array,-DDUT_ANT_ENGINES=NM_ANT_ENGINES '-DDUT_ANT_NAME="default_x4"'))

ANT_MODEL_OBJS := $(foreach c,$(ANT_CFGS),$(call ant_adapter_obj,$(c),nm_ant_engine)) \
                  $(call ant_adapter_obj,default,nm_ant_range) $(call ant_adapter_obj,default,nm_ant_array)
ANT_MODEL_LIBS := $(foreach c,$(ANT_CFGS),$(call vl_lib,$(c),nm_ant_engine)) \
                  $(call vl_lib,default,nm_ant_range) $(call vl_lib,default,nm_ant_array)

# $(call ant_rtl_bin,outdir,flags,name,main source): a C program over every ANT model.
# Objects go to obj_ant_<name>/ so they never race with other blocks' objects.
ANT_C := tb/tests/check_util.c $(MODEL_SRC)
define ant_rtl_bin
$(1)/$(3): $(4) $(ANT_C) tb/dut/dut_ant.cpp tb/dut/dut_ant.h $(DUT_CORE) $(MODEL_HDR) tb/tests/check_util.h \
           $(ANT_MODEL_OBJS) $(ANT_MODEL_LIBS) $(VL_RT_OBJS)
	@mkdir -p $$(@D)/obj_ant_$(3)
	$$(CXX) $$(CXXSTD) $(2) $$(VL_CXX_INC) -Itb/dut -c -o $$(@D)/obj_ant_$(3)/dut_ant.o tb/dut/dut_ant.cpp
	$$(foreach s,$(4) $(ANT_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) -c $$(s) -o $$(@D)/obj_ant_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_ant_$(3)/,dut_ant.o $$(notdir $$(patsubst %.c,%.o,$(4) $(ANT_C)))) \
	  $$(ANT_MODEL_OBJS) $$(ANT_MODEL_LIBS) $$(VL_RT_OBJS) $$(CHECK_LIBS) -pthread
endef
$(eval $(call ant_rtl_bin,$(BUILD)/tests,$(OPT),test_rtl_ant,tb/tests/test_rtl_ant.c tb/tests/check_main.c))
$(eval $(call ant_rtl_bin,$(BUILD)/asan/tests,$(SAN),test_rtl_ant,tb/tests/test_rtl_ant.c tb/tests/check_main.c))
$(eval $(call ant_rtl_bin,$(BUILD)/tests,$(OPT),test_rtl_ant_array,tb/tests/test_rtl_ant_array.c tb/tests/check_main.c))
# ant_bench's antwg section costs dense WG with bench_net's tiling model.
ANT_BENCH_C := tb/bench/ant_bench.c tb/bench/ant_wg.c tb/bench/bench_net_cfg.c \
               tb/bench/bench_net_tile.c tb/bench/bench_net_top.c
$(BUILD)/tests/ant_bench: tb/bench/ant_wg.h tb/bench/bench_net.h
$(eval $(call ant_rtl_bin,$(BUILD)/tests,$(OPT),ant_bench,$(ANT_BENCH_C)))

# The model's own property tests: no RTL.
$(eval $(call c_test,test_model_ant,tb/tests/test_model_ant.c $(MODEL_SRC),$(OPT),$(BUILD)/tests))
$(eval $(call c_test,test_model_ant,tb/tests/test_model_ant.c $(MODEL_SRC),$(SAN),$(BUILD)/asan/tests))

TEST_BINS += $(addprefix $(BUILD)/tests/,test_model_ant test_rtl_ant test_rtl_ant_array) \
             $(addprefix $(BUILD)/asan/tests/,test_model_ant test_rtl_ant)
TEST_CMDS += "model-ant: $(BUILD)/tests/test_model_ant" \
             "rtl-ant: $(BUILD)/tests/test_rtl_ant" \
             "rtl-ant-array: $(BUILD)/tests/test_rtl_ant_array" \
             "model-ant-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_model_ant" \
             "rtl-ant-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_rtl_ant"
# make test-long / regress-ant: NMTEST_LONG multiplies the random commands by 10.
ANT_LONG_CMDS := $(foreach s,$(ANT_SEEDS),\
  "rtl-ant-regress-seed$(s): NMTEST_LONG=1 NMTEST_SEED=$(s) $(BUILD)/tests/test_rtl_ant") \
  "model-ant-long: NMTEST_LONG=1 $(BUILD)/tests/test_model_ant"
LONG_CMDS += $(ANT_LONG_CMDS)

.PHONY: regress-ant bench-ant
regress: regress-ant
bench: bench-ant
regress-ant: $(BUILD)/tests/test_rtl_ant $(BUILD)/tests/test_model_ant
	sim/run_tests $(ANT_LONG_CMDS)

# bench-ant: weight-gradient layers shaped like ResNet-18's (planes scaled to
# fit simulation), 90% sparse activations and gradients, on the default
# config's engine (ant_n = 4); then the antwg lines (whole ResNet-18 / VGG-16
# layers at full plane sizes and 10/5/30/50% density vs dense WG on the STCE;
# ANT_WG_SAMPLES pairs a layer); then Yosys cells / iCE40 LUTs of that engine;
# then the same on nm_ant_array (4 engines on independent pairs, build/bench/ant_x4.md).
bench-ant: $(BUILD)/tests/ant_bench $(BUILD)/default/gen/manifest.json
	@mkdir -p $(BUILD)/bench
	@NMTEST_ONLY_CFG=default $(BUILD)/tests/ant_bench --wg $(BUILD)/default/gen/nm_config.h sim/layers \
	  > $(BUILD)/bench/ant.md || { cat $(BUILD)/bench/ant.md; echo "bench-ant: ant_bench failed"; exit 1; }
	@cat $(BUILD)/bench/ant.md
	@g=$$(sim/synth_stats $(BUILD)/default/gen nm_ant_engine generic) && \
	  i=$$(sim/synth_stats $(BUILD)/default/gen nm_ant_engine ice40) && \
	  echo "nm_ant_engine (default, ant_n=4, ant_acc_bits=104): Yosys $$g; iCE40 $$i" | tee -a $(BUILD)/bench/ant.md
	@NMTEST_ONLY_CFG=default_x4 $(BUILD)/tests/ant_bench --wg $(BUILD)/default/gen/nm_config.h sim/layers \
	  > $(BUILD)/bench/ant_x4.md || { cat $(BUILD)/bench/ant_x4.md; echo "bench-ant: ant_bench (x4) failed"; exit 1; }
	@cat $(BUILD)/bench/ant_x4.md
	@# Hierarchical on iCE40: the engine is mapped once and counted per instance.
	@g=$$(sim/synth_stats $(BUILD)/default/gen nm_ant_array generic) && \
	  i=$$(SYNTH_HIER=nm_ant_array sim/synth_stats $(BUILD)/default/gen nm_ant_array ice40) && \
	  echo "nm_ant_array (default, 4 engines): Yosys $$g; iCE40 $$i" | tee -a $(BUILD)/bench/ant_x4.md

# bench-ant-pack: a model what-if (no RTL): the best multiplier busy any
# n-lane vector packing of the CSR streams could reach on the ResNet-18 /
# VGG-16 WG layers with planes >= 14x14 (tb/bench/ant_pack_whatif.c).
ANT_PACK_C := tb/bench/ant_pack_whatif.c tb/bench/bench_net_cfg.c $(MODEL_SRC)
$(BUILD)/tests/ant_pack_whatif: $(ANT_PACK_C) $(MODEL_HDR) tb/bench/bench_net.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(OPT) $(TB_INC) -o $@ $(ANT_PACK_C) -lm
.PHONY: bench-ant-pack
bench-ant-pack: $(BUILD)/tests/ant_pack_whatif
	@$(BUILD)/tests/ant_pack_whatif sim/layers 4 0.1 8 1 | tee $(BUILD)/bench/ant_pack.txt
