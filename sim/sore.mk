# SORE (nm_sore): Verilated models, tests, regression and bench.
#
# Models.  Every architecture is tested at every MMAX of the sim configs, so
# each model is nm_sore Verilated with ARCH overridden (-GARCH), whatever the
# config's own sore_arch says; two more variants override MMAX and LANES
# (-G) to cover the smallest MMAX and an MMAX that is not a power of two:
#
#   variant      from config  MMAX  lanes  archs
#   tiny         tiny            4      2  serial, parallel
#   default      default         8      4  serial, parallel
#   deep         deep           16      1  serial, parallel
#   tiny_m2      tiny            2      3  serial, parallel  (-GMMAX=2 -GLANES=3)
#   default_m5   default         5      2  serial, parallel  (-GMMAX=5 -GLANES=2)
#
# Model of variant V, arch A from config C: build/C/vl/nm_sore_<tag>/, class
# VC_nm_sore_<tag> with tag = A, or <suffix>_A for the -G variants (m2_A).

SORE_ARCHS := serial parallel

# $(call sore_model,variant,cfg,tag,arch,verilator -G flags,adapter -D flags)
sore_dir = $(BUILD)/$(2)/vl/nm_sore_$(3)
sore_lib = $(call sore_dir,$(1),$(2),$(3))/V$(2)_nm_sore_$(3)__ALL.a
sore_obj = $(call sore_dir,$(1),$(2),$(3))/dut_sore_model.o
define sore_model
$(call sore_lib,$(1),$(2),$(3)): $(BUILD)/$(2)/gen/manifest.json
	@rm -rf $(call sore_dir,$(1),$(2),$(3)) && mkdir -p $(BUILD)/$(2)/vl
	$(VERILATOR) $(VL_FLAGS) --top-module nm_sore --prefix V$(2)_nm_sore_$(3) \
	  '-GARCH="$(4)"' $(5) -Mdir $(call sore_dir,$(1),$(2),$(3)) -F $(BUILD)/$(2)/gen/files.f \
	  -CFLAGS "$(VL_CXXFLAGS)" --build -j 2 >$(call sore_dir,$(1),$(2),$(3)).log 2>&1 \
	  || (cat $(call sore_dir,$(1),$(2),$(3)).log; exit 1)
$(call sore_obj,$(1),$(2),$(3)): tb/dut/dut_sore_model.cpp tb/dut/dut_sore.h $(DUT_CORE) $(call sore_lib,$(1),$(2),$(3))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new -isystem $(VL_INC) -isystem $(VL_INC)/vltstd -Itb/dut \
	  -isystem $(call sore_dir,$(1),$(2),$(3)) -include $(BUILD)/$(2)/gen/nm_config.h \
	  -DDUT_CLASS=V$(2)_nm_sore_$(3) '-DDUT_HEADER="V$(2)_nm_sore_$(3).h"' \
	  '-DDUT_NAME="$(1)/$(4)"' '-DDUT_CFG="$(2)"' '-DDUT_ARCH="$(4)"' $(6) -c -o $$@ $$<
SORE_MODEL_LIBS += $(call sore_lib,$(1),$(2),$(3))
SORE_MODEL_OBJS += $(call sore_obj,$(1),$(2),$(3))
endef

$(foreach c,tiny default deep,$(foreach a,$(SORE_ARCHS),\
  $(eval $(call sore_model,$(c),$(c),$(a),$(a),,))))
$(foreach a,$(SORE_ARCHS),\
  $(eval $(call sore_model,tiny_m2,tiny,m2_$(a),$(a),-GMMAX=2 -GLANES=3,-DDUT_MMAX=2 -DDUT_LANES=3))\
  $(eval $(call sore_model,default_m5,default,m5_$(a),$(a),-GMMAX=5 -GLANES=2,-DDUT_MMAX=5 -DDUT_LANES=2)))

# Gate-level models: the Yosys generic netlist of the tiny config's nm_sore
# per architecture (sim/gl_netlist), Verilated and registered as variant
# tiny_gl, so test_rtl_sore checks it against the model and serial against
# parallel exactly like the RTL (catches simulation/synthesis mismatches).
# $(call sore_gl_model,cfg,arch)
sore_gl_net = $(BUILD)/$(1)/gl/nm_sore_$(2).v
define sore_gl_model
$(call sore_gl_net,$(1),$(2)): $(BUILD)/$(1)/gen/manifest.json sim/gl_netlist
	sim/gl_netlist $(BUILD)/$(1)/gen nm_sore $$@ ARCH=$(2)
$(call sore_lib,$(1)_gl,$(1),gl_$(2)): $(call sore_gl_net,$(1),$(2))
	@rm -rf $(call sore_dir,,$(1),gl_$(2)) && mkdir -p $(BUILD)/$(1)/vl
	$(VERILATOR) $(VL_FLAGS) --top-module nm_sore --prefix V$(1)_nm_sore_gl_$(2) \
	  -Mdir $(call sore_dir,,$(1),gl_$(2)) $$< -CFLAGS "$(VL_CXXFLAGS)" --build -j 2 \
	  >$(call sore_dir,,$(1),gl_$(2)).log 2>&1 || (cat $(call sore_dir,,$(1),gl_$(2)).log; exit 1)
$(call sore_obj,$(1)_gl,$(1),gl_$(2)): tb/dut/dut_sore_model.cpp tb/dut/dut_sore.h $(DUT_CORE) $(call sore_lib,$(1)_gl,$(1),gl_$(2))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new -isystem $(VL_INC) -isystem $(VL_INC)/vltstd -Itb/dut \
	  -isystem $(call sore_dir,,$(1),gl_$(2)) -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_nm_sore_gl_$(2) '-DDUT_HEADER="V$(1)_nm_sore_gl_$(2).h"' \
	  '-DDUT_NAME="$(1)_gl/$(2)"' '-DDUT_CFG="$(1)"' '-DDUT_ARCH="$(2)"' -c -o $$@ $$<
SORE_MODEL_LIBS += $(call sore_lib,$(1)_gl,$(1),gl_$(2))
SORE_MODEL_OBJS += $(call sore_obj,$(1)_gl,$(1),gl_$(2))
endef
$(foreach a,$(SORE_ARCHS),$(eval $(call sore_gl_model,tiny,$(a))))

# $(call sore_rtl_bin,outdir,flags,name,main source): a C program over every SORE model.
SORE_C := tb/tests/check_util.c $(MODEL_SRC)
define sore_rtl_bin
$(1)/$(3): $(4) $(SORE_C) tb/dut/dut_sore.cpp tb/dut/dut_sore.h $(DUT_CORE) $(MODEL_HDR) tb/tests/check_util.h \
           $(SORE_MODEL_OBJS) $(SORE_MODEL_LIBS) $(VL_RT_OBJS)
	@mkdir -p $$(@D)/obj_$(3)
	$$(CXX) $$(CXXSTD) $(2) -faligned-new -isystem $$(VL_INC) -isystem $$(VL_INC)/vltstd -Itb/dut -c -o $$(@D)/obj_$(3)/dut_sore.o tb/dut/dut_sore.cpp
	$$(foreach s,$(4) $(SORE_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) -c $$(s) -o $$(@D)/obj_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_$(3)/,dut_sore.o $$(notdir $$(patsubst %.c,%.o,$(4) $(SORE_C)))) \
	  $$(SORE_MODEL_OBJS) $$(SORE_MODEL_LIBS) $$(VL_RT_OBJS) $$(CHECK_LIBS) -pthread
endef
$(eval $(call sore_rtl_bin,$(BUILD)/tests,$(OPT),test_rtl_sore,tb/tests/test_rtl_sore.c tb/tests/check_main.c))
$(eval $(call sore_rtl_bin,$(BUILD)/asan/tests,$(SAN),test_rtl_sore,tb/tests/test_rtl_sore.c tb/tests/check_main.c))
$(eval $(call sore_rtl_bin,$(BUILD)/tests,$(OPT),sore_bench,tb/bench/sore_bench.c))

# The model's own property tests: no RTL.
$(eval $(call c_test,test_model_sore,tb/tests/test_model_sore.c $(MODEL_SRC),$(OPT),$(BUILD)/tests))
$(eval $(call c_test,test_model_sore,tb/tests/test_model_sore.c $(MODEL_SRC),$(SAN),$(BUILD)/asan/tests))

TEST_BINS += $(addprefix $(BUILD)/tests/,test_model_sore test_rtl_sore) \
             $(addprefix $(BUILD)/asan/tests/,test_model_sore test_rtl_sore)
# make test: >= 10^5 groups per model (NMTEST_SORE_GROUPS, default 100000).
TEST_CMDS += "model-sore: $(BUILD)/tests/test_model_sore" \
             "rtl-sore: $(BUILD)/tests/test_rtl_sore" \
             "model-sore-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_model_sore" \
             "rtl-sore-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_rtl_sore"
# make test-long / regress-sore: >= 10^6 groups per model, three seeds.
SORE_REGRESS_SEEDS ?= 1 2 3
SORE_LONG_CMDS := $(foreach s,$(SORE_REGRESS_SEEDS),\
  "rtl-sore-regress-seed$(s): NMTEST_SEED=$(s) NMTEST_SORE_GROUPS=1000000 $(BUILD)/tests/test_rtl_sore") \
  "model-sore-long: NMTEST_LONG=1 $(BUILD)/tests/test_model_sore"
LONG_CMDS += $(SORE_LONG_CMDS)

.PHONY: regress-sore bench-sore
regress: regress-sore
bench: bench-sore
regress-sore: $(BUILD)/tests/test_rtl_sore $(BUILD)/tests/test_model_sore
	sim/run_tests $(SORE_LONG_CMDS)

# bench-sore: per architecture and MMAX, one lane synthesized alone (Yosys
# generic cells, iCE40 LUTs) and the engine simulated (elements/cycle/lane at
# M = MMAX, latency at M = MMAX over N = 1..MMAX).  Table: build/bench/sore.md.
SORE_BENCH_MMAX := 4 8 16
$(BUILD)/bench/sore_m%/manifest.json: $(BUILD)/nmgen
	@mkdir -p $(BUILD)/bench
	$(BUILD)/nmgen --name sore_m$* --mmax $* --sore_lanes 1 -o $(BUILD)/bench/sore_m$*

bench-sore: $(BUILD)/tests/sore_bench $(foreach m,$(SORE_BENCH_MMAX),$(BUILD)/bench/sore_m$(m)/manifest.json)
	@printf '%s\n' \
	  '| arch | MMAX | elements/cycle/lane | latency (cycles, N=1..MMAX) | Yosys cells/lane | iCE40 LUTs/lane | iCE40 FFs/lane | elements/cycle per 1000 LUTs |' \
	  '|---|---|---|---|---|---|---|---|' | tee $(BUILD)/bench/sore.md
	@# The rows go to a file, not through a pipe: an `exit 1` (or a shell
	@# error) in a piped loop only ends the pipe's subshell, and tee made the
	@# recipe pass with an empty table.  POSIX sh only: recipes run in dash.
	@for m in $(SORE_BENCH_MMAX); do for a in $(SORE_ARCHS); do \
	  g=$$(sim/synth_stats $(BUILD)/bench/sore_m$$m nm_sore_lane_$$a generic) || exit 1; \
	  i=$$(sim/synth_stats $(BUILD)/bench/sore_m$$m nm_sore_lane_$$a ice40) || exit 1; \
	  s=$$($(BUILD)/tests/sore_bench $$m $$a) || exit 1; \
	  g=$$(echo "$$g" | sed 's/ffs=/generic_ffs=/'); \
	  echo "$$a $$m $$s $$g $$i" | awk '{ for (k = 5; k <= NF; k++) if (split($$k, kv, "=") == 2) v[kv[1]] = kv[2]; \
	    printf "| %s | %s | %.3f | %s | %s | %s | %s | %.3f |\n", $$1, $$2, $$3, $$4, v["cells"], v["luts"], \
	    v["ffs"], $$3 * 1000 / v["luts"] }'; \
	done; done > $(BUILD)/bench/sore.rows
	@tee -a $(BUILD)/bench/sore.md < $(BUILD)/bench/sore.rows
