# Simulation build rules: generate a config, Verilate its modules.
#
# Every model gets the class prefix V<cfg>_<module>, so the models of several
# configurations link into one test binary over one shared Verilator runtime.

VERILATOR      ?= verilator
VL_INC         := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include
VL_FLAGS       := --cc -O3 --x-assign fast --x-initial fast -Wno-fatal
VL_CXXFLAGS    := -O2 -std=c++17
VL_RT_OBJS     := $(BUILD)/vlrt/verilated.o $(BUILD)/vlrt/verilated_threads.o
# Verilator's headers are not -Wextra clean: include them as system headers.
VL_CXX_INC     := -isystem $(VL_INC) -isystem $(VL_INC)/vltstd
# The shim core (tb/dut/dut_core.h): every shim's and adapter's rule lists it.
DUT_CORE       := tb/dut/dut_core.h tb/dut/dut_model.h

# nmgen output of config $(1).  --expect-name: a cfg whose name differs
# from its file fails here at once, not minutes later in the build.
$(BUILD)/%/gen/manifest.json: sim/configs/%.cfg $(BUILD)/nmgen
	@mkdir -p $(BUILD)/$*
	$(BUILD)/nmgen --config $< --expect-name $* -o $(BUILD)/$*/gen

$(BUILD)/vlrt/%.o: $(VL_INC)/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(VL_CXXFLAGS) -I$(VL_INC) -I$(VL_INC)/vltstd -c -o $@ $<

# $(call vl_model,cfg,module): build/<cfg>/vl/<module>/V<cfg>_<module>__ALL.a
# (sim/vl_step prints what it Verilates, an estimate and the log's path first).
vl_lib = $(BUILD)/$(1)/vl/$(2)/V$(1)_$(2)__ALL.a
define vl_model
$(call vl_lib,$(1),$(2)): $(BUILD)/$(1)/gen/manifest.json
	@rm -rf $(BUILD)/$(1)/vl/$(2) && mkdir -p $(BUILD)/$(1)/vl
	@sim/vl_step $(1) $(2) $(BUILD)/$(1)/vl/$(2).log \
	  $(VERILATOR) $(VL_FLAGS) --top-module $(2) --prefix V$(1)_$(2) \
	  -Mdir $(BUILD)/$(1)/vl/$(2) -F $(BUILD)/$(1)/gen/files.f \
	  -CFLAGS "$(VL_CXXFLAGS)" --build -j 2
endef

# $(call fp_adapter,cfg,module,arity,stages-macro): the dut_fp adapter object.
fp_adapter_obj = $(BUILD)/$(1)/vl/$(2)/dut_fp_model.o
define fp_adapter
$(call fp_adapter_obj,$(1),$(2)): tb/dut/dut_fp_model.cpp tb/dut/dut_fp_impl.h $(DUT_CORE) $(call vl_lib,$(1),$(2))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) $(VL_CXX_INC) -Itb/dut \
	  -I$(BUILD)/$(1)/vl/$(2) -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_$(2) '-DDUT_HEADER="V$(1)_$(2).h"' '-DDUT_CFG="$(1)"' \
	  '-DDUT_UNIT="$(2)"' -DDUT_ARITY=$(3) -DDUT_STAGES=$(4) -c -o $$@ $$<
endef

# The FP leaf units: module, inputs, the key that sets its depth.
FP_UNITS := nm_cvt16to32:1:NM_CVT_STAGES nm_cvt32to16:1:NM_CVT_STAGES \
            nm_fp16_mul:2:NM_MUL_STAGES nm_fp32_add:2:NM_ADD_STAGES nm_fp32_mul:2:NM_MUL_STAGES
fp_field = $(word $(2),$(subst :, ,$(1)))
# Configs whose FP units the RTL tests run: depth 0 everywhere vs. the default depths.
FP_TEST_CFGS ?= tiny default deep

$(foreach c,$(FP_TEST_CFGS),$(foreach u,$(FP_UNITS),\
  $(eval $(call vl_model,$(c),$(call fp_field,$(u),1)))\
  $(eval $(call fp_adapter,$(c),$(call fp_field,$(u),1),$(call fp_field,$(u),2),$(call fp_field,$(u),3)))))

# Gate-level models: each FP unit of FP_GL_CFG as its Yosys generic netlist
# (sim/gl_netlist), Verilated as config <cfg>_gl (build/<cfg>_gl/vl/), so
# test_rtl_fp runs the same vectors through it as through the RTL.
FP_GL_CFG ?= deep
# Verilator 5.006 mis-simulates some Yosys netlists, depending on its
# optimizer: without DFG (-fno-dfg), deep's nm_cvt16to32 netlist (96
# subnormal inputs, exponent off by 2); tiny's nm_top netlist with its
# defaults and with -fno-dfg, ecp5's with -fno-dfg (sim/top.mk, which builds
# the nm_top netlists at -O0).  Icarus simulates
# the nm_top netlists right (regress-top-gl-icarus).  So each gate-level
# model takes the setting under which Verilator is right: the FP units and
# SORE the default, nm_top -O0.
# $(call vl_gl_model,cfg,module[,gl_netlist options[,Verilator flags]]): the
# netlist build/<cfg>_gl/gl/<module>.v and its Verilated model (class
# V<cfg>_gl_<module>); sim/top.mk uses it for nm_top.
define vl_gl_model
$(BUILD)/$(1)_gl/gl/$(2).v: $(BUILD)/$(1)/gen/manifest.json sim/gl_netlist
	sim/gl_netlist $(3) $(BUILD)/$(1)/gen $(2) $$@
$(call vl_lib,$(1)_gl,$(2)): $(BUILD)/$(1)_gl/gl/$(2).v $(BUILD)/$(1)_gl/gen/manifest.json
	@rm -rf $(BUILD)/$(1)_gl/vl/$(2) && mkdir -p $(BUILD)/$(1)_gl/vl
	@sim/vl_step $(1)_gl $(2) $(BUILD)/$(1)_gl/vl/$(2).log \
	  $(VERILATOR) $(VL_FLAGS) $(4) --top-module $(2) --prefix V$(1)_gl_$(2) \
	  -Mdir $(BUILD)/$(1)_gl/vl/$(2) $$< \
	  -CFLAGS "$(VL_CXXFLAGS)" --build -j 2
endef
# $(call gl_gen,cfg): build/<cfg>_gl/gen/ holds cfg's nm_config.h, manifest and driver/,
# so the adapters of the gate-level models and nmsim see the config's parameters.
define gl_gen
$(BUILD)/$(1)_gl/gen/manifest.json: $(BUILD)/$(1)/gen/manifest.json
	@mkdir -p $$(@D) && cp $$(<D)/nm_config.h $$(<D)/manifest.json $$(@D)/ && \
	  rm -rf $$(@D)/driver && cp -R $$(<D)/driver $$(@D)/driver
endef
$(eval $(call gl_gen,$(FP_GL_CFG)))
$(foreach u,$(FP_UNITS),\
  $(eval $(call vl_gl_model,$(FP_GL_CFG),$(call fp_field,$(u),1)))\
  $(eval $(call fp_adapter,$(FP_GL_CFG)_gl,$(call fp_field,$(u),1),$(call fp_field,$(u),2),$(call fp_field,$(u),3))))

FP_MODEL_CFGS := $(FP_TEST_CFGS) $(FP_GL_CFG)_gl
FP_MODEL_OBJS := $(foreach c,$(FP_MODEL_CFGS),$(foreach u,$(FP_UNITS),\
  $(call fp_adapter_obj,$(c),$(call fp_field,$(u),1))))
FP_MODEL_LIBS := $(foreach c,$(FP_MODEL_CFGS),$(foreach u,$(FP_UNITS),\
  $(call vl_lib,$(c),$(call fp_field,$(u),1))))
