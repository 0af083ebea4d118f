# STCE, the sparse tensor computing engine: Verilated nm_stce of each test
# config, the model and RTL test programs, the regression and the bench.
#
#   make test          test_model_gemm, test_rtl_stce (tiny, mid, deep, stce_wide,
#                      stce_tall, stce_slim, ws, tall), ASan runs (quick)
#   make regress-stce  more random commands per config, plus the 8x8 default config
#   make bench-stce    utilization, sparse speedup, SCALE-Sim comparison, Yosys counts

STCE_CFGS         ?= tiny mid deep stce_wide stce_tall stce_slim ws tall
STCE_REGRESS_CFGS ?= $(STCE_CFGS) default
STCE_SEEDS        ?= 1 2

# Non-square coverage, generated from mid with overrides (not in
# sim/configs, so `make lint` does not grow): stce_wide 2x5 both (preload in
# 3 bands of R columns, A banks rotate since C mod R != 0, adder depth 3, a
# combinational multiplier); the tall ones (R > C) have the skewed B layout
# (R banks, group g of column j in bank (j + g) % R): stce_tall 5x3 both
# (N:M up to 16, deeper mul and cvt, one OS slot), stce_slim 5x2 both
# (R > 2C, three OS slots so a tile's L*C = 6 columns wrap past R).
$(BUILD)/stce_wide/gen/manifest.json: sim/configs/mid.cfg $(BUILD)/nmgen
	@mkdir -p $(BUILD)/stce_wide
	$(BUILD)/nmgen --config $< --name stce_wide --rows 2 --cols 5 --mul_stages 0 --add_stages 3 \
	  --cvt_stages 1 -o $(BUILD)/stce_wide/gen
$(BUILD)/stce_tall/gen/manifest.json: sim/configs/mid.cfg $(BUILD)/nmgen
	@mkdir -p $(BUILD)/stce_tall
	$(BUILD)/nmgen --config $< --name stce_tall --rows 5 --cols 3 --dataflow both --mmax 16 \
	  --mul_stages 2 --add_stages 1 --cvt_stages 2 -o $(BUILD)/stce_tall/gen
$(BUILD)/stce_slim/gen/manifest.json: sim/configs/mid.cfg $(BUILD)/nmgen
	@mkdir -p $(BUILD)/stce_slim
	$(BUILD)/nmgen --config $< --name stce_slim --rows 5 --cols 2 --add_stages 3 --cvt_stages 0 \
	  -o $(BUILD)/stce_slim/gen

# $(call stce_adapter,cfg): the dut_stce adapter object of that config's model.
stce_adapter_obj = $(BUILD)/$(1)/vl/nm_stce/dut_stce_model.o
define stce_adapter
$(call stce_adapter_obj,$(1)): tb/dut/dut_stce_model.cpp tb/dut/dut_stce.h $(DUT_CORE) $(call vl_lib,$(1),nm_stce)
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -I$(VL_INC) -I$(VL_INC)/vltstd -Itb/dut \
	  -I$(BUILD)/$(1)/vl/nm_stce -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_nm_stce '-DDUT_HEADER="V$(1)_nm_stce.h"' '-DDUT_CFG="$(1)"' -c -o $$@ $$<
endef

$(foreach c,$(sort $(STCE_CFGS) $(STCE_REGRESS_CFGS)),$(eval $(call vl_model,$(c),nm_stce))$(eval $(call stce_adapter,$(c))))
$(foreach c,$(sort $(STCE_CFGS) $(STCE_REGRESS_CFGS)),$(eval $(call vl_lib,$(c),nm_stce): | $(BUILD)/$(c)/vl/.stce-dir))
$(BUILD)/%/vl/.stce-dir:
	@mkdir -p $(@D) && touch $@

# The model alone.
$(eval $(call c_test,test_model_gemm,tb/tests/test_model_gemm.c $(MODEL_SRC),$(OPT),$(BUILD)/tests))
$(eval $(call c_test,test_model_gemm,tb/tests/test_model_gemm.c $(MODEL_SRC),$(SAN),$(BUILD)/asan/tests))

# $(call rtl_stce_bin,outdir,flags,name,cfgs,main sources): a C program over
# the nm_stce models of cfgs and the STCE harness (tb/tests/stce_harness.h):
# the RTL test (test_rtl_stce) or the bench (tb/bench/stce_bench.c).  Objects
# go to obj_<name>/ so they never race with other blocks' objects.
STCE_LIB_C := tb/tests/stce_harness.c tb/tests/check_util.c tb/tests/fp_vectors.c $(MODEL_SRC)
RTL_STCE_C := tb/tests/test_rtl_stce.c tb/tests/check_main.c
define rtl_stce_bin
$(1)/$(3): $(5) $(STCE_LIB_C) tb/dut/dut_stce.cpp tb/dut/dut_stce.h $(DUT_CORE) $(wildcard tb/tests/*.h) \
           $(MODEL_HDR) $(foreach c,$(4),$(call stce_adapter_obj,$(c)) $(call vl_lib,$(c),nm_stce)) $(VL_RT_OBJS)
	@mkdir -p $$(@D)/obj_$(3)
	$$(CXX) $$(CXXSTD) $(2) -I$$(VL_INC) -I$$(VL_INC)/vltstd -Itb/dut -c -o $$(@D)/obj_$(3)/dut_stce.o tb/dut/dut_stce.cpp
	$$(foreach s,$(5) $(STCE_LIB_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) -c $$(s) -o $$(@D)/obj_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_$(3)/,dut_stce.o $$(notdir $$(patsubst %.c,%.o,$(5) $(STCE_LIB_C)))) \
	  $(foreach c,$(4),$(call stce_adapter_obj,$(c)) $(call vl_lib,$(c),nm_stce)) $$(VL_RT_OBJS) $$(CHECK_LIBS) -pthread
endef
$(eval $(call rtl_stce_bin,$(BUILD)/tests,$(OPT),test_rtl_stce,$(STCE_CFGS),$(RTL_STCE_C)))
$(eval $(call rtl_stce_bin,$(BUILD)/asan/tests,$(SAN),test_rtl_stce,$(STCE_CFGS),$(RTL_STCE_C)))
$(eval $(call rtl_stce_bin,$(BUILD)/tests,$(OPT),test_rtl_stce_regress,$(STCE_REGRESS_CFGS),$(RTL_STCE_C)))
$(eval $(call rtl_stce_bin,$(BUILD)/tests,$(OPT),stce_bench,$(STCE_CFGS),tb/bench/stce_bench.c))

TEST_BINS += $(addprefix $(BUILD)/tests/,test_model_gemm test_rtl_stce) \
             $(addprefix $(BUILD)/asan/tests/,test_model_gemm test_rtl_stce)
TEST_CMDS += "model-gemm: $(BUILD)/tests/test_model_gemm" \
             "rtl-stce: $(BUILD)/tests/test_rtl_stce" \
             "model-gemm-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_model_gemm" \
             "rtl-stce-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_rtl_stce"
LONG_CMDS += "rtl-stce-long: NMTEST_LONG=1 $(BUILD)/tests/test_rtl_stce_regress"

.PHONY: regress-stce bench-stce
regress: regress-stce
bench: bench-stce
regress-stce: $(BUILD)/tests/test_model_gemm $(BUILD)/tests/test_rtl_stce_regress
	sim/run_tests "model-gemm: $(BUILD)/tests/test_model_gemm" \
	  $(foreach s,$(STCE_SEEDS),"rtl-stce-regress-seed$(s): NMTEST_LONG=1 NMTEST_SEED=$(s) $(BUILD)/tests/test_rtl_stce_regress")

# Bench: utilization and N:M speedup from simulation (stce_bench: every
# command checked against the model and the cycle model), then Yosys cell
# counts of a 4x4 array (mid): 16 nm_fp16_mul and 16 nm_fp32_add, one per
# nm_pe.  The tables go to a file first (sh has no pipefail): a failing run
# fails the bench instead of printing a partial table.
bench-stce: $(BUILD)/tests/stce_bench $(BUILD)/mid/gen/manifest.json
	@mkdir -p $(BUILD)/bench
	@$(BUILD)/tests/stce_bench > $(BUILD)/bench/stce_sim.md 2> $(BUILD)/bench/stce_sim.log \
	  || { cat $(BUILD)/bench/stce_sim.md $(BUILD)/bench/stce_sim.log; echo "bench-stce: stce_bench failed: no numbers"; exit 1; }
	@cat $(BUILD)/bench/stce_sim.md
	@files=$$(grep -v '^//' $(BUILD)/mid/gen/files.f | sed 's|^|$(BUILD)/mid/gen/|' | tr '\n' ' '); \
	  yosys -q -p "read_verilog $$files; hierarchy -top nm_array; tee -o /dev/stdout stat" 2>/dev/null \
	  | grep -E 'nm_(pe|fp16_mul|fp32_add)[^ ]* +[0-9]+$$' | tail -3 \
	  | awk '/nm_pe/{p=$$2} /fp16_mul/{m=$$2} /fp32_add/{a=$$2} \
	     END{ok=(p==16&&m==1&&a==1); printf "structure (mid 4x4 nm_array): %d nm_pe, each %d nm_fp16_mul + %d nm_fp32_add: %s\n", p, m, a, ok?"PASS":"FAIL"; exit !ok}'
