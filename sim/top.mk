# nm_top, the whole accelerator behind its AXI4-Lite slave: the Verilated
# model of each config (FST tracing, see TOP_TRACE_FLAGS), the dut_top shim
# (tb/dut/dut_top.h) and the RTL test test_rtl_top, one binary per config.
# Every harness drives the simulation wrapper TOP_SIM (nm_top_sim: nm_top's
# ports plus the hb_* buffer backdoor, rtl_templates/nm_top_sim.vt), class
# V<cfg>_nm_top_sim in build/<cfg>/vl/nm_top_sim/; the product nm_top has no
# backdoor and is what synthesis, P&R and the resource tables see.
#
#   make test            test_rtl_top_<cfg> for TOP_CFGS (tiny mid deep ws tall), and
#                        the tiny one under ASan (quick)
#   make top-<cfg>       just that config's test binary
#   make test-long       the same with NMTEST_LONG=1 (10x the commands)
#
# Linking a program against one config's nm_top (e.g. build/<cfg>/nmsim):
#   prerequisites     $(call top_deps,cfg)
#   link line         ... your objects ... $(call top_link,cfg)
#   compile C with    -include $(BUILD)/<cfg>/gen/nm_config.h -Itb/dut
# top_link is the adapter object, the shim dut_top.o (built with $(OPT)),
# the Verilated library, the Verilator runtime (with FST) and -lz -pthread;
# link with $(CXX).  $(call top_link_asan,cfg) is the same with the shim
# built under ASan+UBSan ($(SAN)), for programs built with $(SAN).

TOP_CFGS ?= tiny mid deep ws tall
TOP_ASAN_CFG ?= tiny

VL_FST_OBJ := $(BUILD)/vlrt/verilated_fst_c.o

# Tracing: FST, 4 levels of hierarchy (nm_top_sim, its u_core, the core's
# units u_stce / u_prune / u_update / u_ant / u_axil, and theirs: nm_sore,
# nm_wuve, nm_array, the buffers), every block interface; the lanes' and PEs'
# insides are left out, which halves the model's C++ (deep: 140k -> 61k
# lines) and its build time.  TOP_TRACE_FLAGS=--trace-fst traces everything.
# Depth 6 is what traces those 4 levels: the FST's scopes start with the
# model's own name (nm_top.nm_top_sim...), and depth 5 drops u_sore, u_wuve
# and u_array from the trace (sim/nmsim_trace finds every sim/nm_top.gtkw
# signal in a real trace; on tiny depth 6 adds 5% to the model's C++).
TOP_SIM := nm_top_sim
TOP_TRACE_FLAGS ?= --trace-fst --trace-depth 6

# $(call vl_model_fst,cfg,module): vl_model plus $(TOP_TRACE_FLAGS).
define vl_model_fst
$(call vl_lib,$(1),$(2)): $(BUILD)/$(1)/gen/manifest.json
	@rm -rf $(BUILD)/$(1)/vl/$(2) && mkdir -p $(BUILD)/$(1)/vl
	@sim/vl_step $(1) $(2) $(BUILD)/$(1)/vl/$(2).log \
	  $(VERILATOR) $(VL_FLAGS) $(TOP_TRACE_FLAGS) --top-module $(2) --prefix V$(1)_$(2) \
	  -Mdir $(BUILD)/$(1)/vl/$(2) -F $(BUILD)/$(1)/gen/files.f \
	  -CFLAGS "$(VL_CXXFLAGS)" --build -j 2
endef

top_adapter_obj = $(BUILD)/$(1)/vl/$(TOP_SIM)/dut_top_model.o
top_shim_obj    = $(BUILD)/$(1)/vl/$(TOP_SIM)/dut_top.o
top_shim_asan   = $(BUILD)/asan/$(1)/dut_top.o
# The DRAM of the m_axi_* port (dut_top_dram_open): tb/axi's model and checker,
# an archive with nm_rng (linked only where the program has none of its own).
TOP_AXI_OBJS    = $(BUILD)/axi/libnm_axi.a
top_deps        = $(call top_adapter_obj,$(1)) $(call top_shim_obj,$(1)) \
                  $(call vl_lib,$(1),$(TOP_SIM)) $(VL_RT_OBJS) $(VL_FST_OBJ) $(TOP_AXI_OBJS)
top_link        = $(call top_adapter_obj,$(1)) $(call top_shim_obj,$(1)) \
                  $(call vl_lib,$(1),$(TOP_SIM)) $(VL_RT_OBJS) $(VL_FST_OBJ) $(TOP_AXI_OBJS) -lz -pthread
top_link_asan   = $(call top_adapter_obj,$(1)) $(call top_shim_asan,$(1)) \
                  $(call vl_lib,$(1),$(TOP_SIM)) $(VL_RT_OBJS) $(VL_FST_OBJ) $(TOP_AXI_OBJS) -lz -pthread
$(BUILD)/axi/libnm_axi.a: tb/axi/axi_mem.c tb/axi/axi_check.c tb/axi/axi_mem.h tb/axi/axi_check.h \
                          tb/axi/axi_bus.h tb/model/nm_rng.c tb/model/nm_rng.h
	@mkdir -p $(@D)
	$(foreach s,axi/axi_mem axi/axi_check model/nm_rng,$(CC) $(CSTD) $(OPT) -Itb/axi -Itb/model \
	  -c tb/$(s).c -o $(@D)/$(notdir $(s)).o &&) true
	rm -f $@ && $(AR) rcs $@ $(@D)/axi_mem.o $(@D)/axi_check.o $(@D)/nm_rng.o

# Every config one may link (nmsim may ask for any of sim/configs).
TOP_MODEL_CFGS := $(sort $(TOP_CFGS) $(CONFIGS))

# $(call top_objs,cfg): the adapter and shim objects over cfg's Verilated
# nm_top_sim (whichever rule made it: the RTL below, or the netlist further down).
define top_objs
$(call vl_lib,$(1),$(TOP_SIM)): | $(BUILD)/$(1)/vl/.top-dir
$(call top_adapter_obj,$(1)): tb/dut/dut_top_model.cpp tb/dut/dut_top_impl.h tb/dut/dut_top_record.h $(DUT_CORE) $(call vl_lib,$(1),$(TOP_SIM))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new $(VL_CXX_INC) -Itb/dut \
	  -isystem $(BUILD)/$(1)/vl/$(TOP_SIM) -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_$(TOP_SIM) '-DDUT_HEADER="V$(1)_$(TOP_SIM).h"' -c -o $$@ $$<
$(call top_shim_obj,$(1)): tb/dut/dut_top.cpp tb/dut/dut_top.h tb/dut/dut_top_impl.h $(DUT_CORE) $(call vl_lib,$(1),$(TOP_SIM))
	$(CXX) $(CXXSTD) $(OPT) -Itb/dut -c -o $$@ $$<
$(call top_shim_asan,$(1)): tb/dut/dut_top.cpp tb/dut/dut_top.h tb/dut/dut_top_impl.h $(DUT_CORE)
	@mkdir -p $$(@D)
	$(CXX) $(CXXSTD) $(SAN) -Itb/dut -c -o $$@ $$<
endef
$(foreach c,$(TOP_MODEL_CFGS),$(eval $(call vl_model_fst,$(c),$(TOP_SIM)))$(eval $(call top_objs,$(c))))

# Gate-level nm_top: the Yosys generic netlist of each TOP_GL_CFGS config's
# nm_top_sim (sim/gl_netlist --keep-memories: the buffers stay behavioural
# RAM arrays, everything else is gates; see the script), Verilated as config
# <cfg>_gl (build/<cfg>_gl/gl/nm_top_sim.v, class V<cfg>_gl_nm_top_sim), so
# top_deps / top_link work for <cfg>_gl and nmsim.mk links
# build/<cfg>_gl/nmsim from it.
# The wrapper, not the product: the harness presets and reads the buffers
# through the backdoor, so its gates are synthesized along (a mux in front
# of the buffer port; nm_top's own netlist is nm_top_core's without it).
# -O0: Verilator 5.006's optimizer mis-simulates these netlists.  With its
# defaults, tiny's C-buffer write address had bit 6 inverted.  With
# -fno-dfg, tiny's ANT engine counted no pairs and ecp5's GEMM outputs
# differed.  Icarus replays both netlists against the RTL with no mismatch
# (regress-top-gl-icarus), and with -O0 Verilator agrees (measured
# 2026-12-04).
TOP_GL_CFGS ?= tiny ecp5
TOP_GL_VL_FLAGS ?= -O0 $(TOP_TRACE_FLAGS)
$(foreach c,$(TOP_GL_CFGS),\
  $(eval $(call vl_gl_model,$(c),$(TOP_SIM),--keep-memories,$(TOP_GL_VL_FLAGS)))\
  $(if $(filter $(c),$(FP_GL_CFG)),,$(eval $(call gl_gen,$(c))))\
  $(eval $(call top_objs,$(c)_gl)))
$(BUILD)/%/vl/.top-dir:
	@mkdir -p $(@D) && touch $@

# $(call rtl_top_test,outdir,flags,cfg,link,shim): test_rtl_top_<cfg>, objects in
# obj_top_<cfg>/: the suite (test_rtl_top.c), one file an op and the harness
# (RTL_TOP_C, which see the config's nm_config.h), the test main and the model;
# the harness acts as firmware through the config's driver (nm_driver.c, C99).
RTL_TOP_C     := tb/tests/test_rtl_top.c $(foreach o,gemm prune update ant,tb/tests/test_rtl_top_$(o).c) \
                 tb/tests/rtl_top_harness.c
RTL_TOP_LIB_C := $(CHECK_MAIN) $(MODEL_SRC)
define rtl_top_test
$(1)/test_rtl_top_$(3): $(RTL_TOP_C) $(RTL_TOP_LIB_C) $(MODEL_HDR) $(wildcard tb/tests/*.h) \
                        tb/dut/dut_top.h tb/dut/dut_top_ids.h $(call top_deps,$(3)) $(5)
	@mkdir -p $$(@D)/obj_top_$(3)
	$$(foreach s,$(RTL_TOP_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) -I$(BUILD)/$(3)/gen/driver \
	  -include $(BUILD)/$(3)/gen/nm_config.h -c $$(s) -o $$(@D)/obj_top_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(foreach s,$(RTL_TOP_LIB_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) \
	  -c $$(s) -o $$(@D)/obj_top_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CC) $$(DRIVER_CFLAGS) $(2) -c $(BUILD)/$(3)/gen/driver/nm_driver.c -o $$(@D)/obj_top_$(3)/nm_driver.o
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_top_$(3)/,$$(notdir $$(patsubst %.c,%.o,$(RTL_TOP_C) $(RTL_TOP_LIB_C))) \
	  nm_driver.o) $(4) $$(CHECK_LIBS)
endef
$(foreach c,$(TOP_CFGS),$(eval $(call rtl_top_test,$(BUILD)/tests,$(OPT),$(c),$(call top_link,$(c)),)))
$(eval $(call rtl_top_test,$(BUILD)/asan/tests,$(SAN),$(TOP_ASAN_CFG),$(call top_link_asan,$(TOP_ASAN_CFG)),$(call top_shim_asan,$(TOP_ASAN_CFG))))

.PHONY: $(addprefix top-,$(TOP_CFGS))
$(foreach c,$(TOP_CFGS),$(eval top-$(c): $(BUILD)/tests/test_rtl_top_$(c)))

TEST_BINS += $(foreach c,$(TOP_CFGS),$(BUILD)/tests/test_rtl_top_$(c)) \
             $(BUILD)/asan/tests/test_rtl_top_$(TOP_ASAN_CFG)
TEST_CMDS += $(foreach c,$(TOP_CFGS),"rtl-top-$(c): $(BUILD)/tests/test_rtl_top_$(c)") \
             "rtl-top-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_rtl_top_$(TOP_ASAN_CFG)"
LONG_CMDS += $(foreach c,$(TOP_CFGS),"rtl-top-long-$(c): NMTEST_LONG=1 $(BUILD)/tests/test_rtl_top_$(c)")
