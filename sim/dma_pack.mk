# The DMA's layout converters (nm_dma_pack, nm_dma_unpack over nm_dma_lay):
# Verilated test tops (tb/rtl/nm_dma_conv_tb.v) at three shapes, the test
# (rtl-dma-pack) and the elements/cycle bench (part of bench-dma).
#
#   variant       DW   NB_MAX  LANES  (Q = DW / 16 elements a cycle)
#   p64n4l4       64     4       4
#   p128n8l16    128     8      16
#   p512n16l8    512    16       8
DPK_CFG := tiny
DPK_VARIANTS := p64n4l4:64:4:4 p128n8l16:128:8:16 p512n16l8:512:16:8
dpk_f = $(word $(2),$(subst :, ,$(1)))
dpk_dir = $(BUILD)/$(DPK_CFG)/vl/nm_dma_conv_$(1)
dpk_lib = $(call dpk_dir,$(1))/V$(DPK_CFG)_dma_conv_$(1)__ALL.a
dpk_obj = $(call dpk_dir,$(1))/dut_dma_pack_model.o
DPK_RTL = tb/rtl/nm_dma_conv_tb.v $(addprefix $(BUILD)/$(DPK_CFG)/gen/rtl/,nm_dma_pack.v nm_dma_unpack.v nm_dma_lay.v)

define dpk_model
$(call dpk_lib,$(call dpk_f,$(1),1)): $(BUILD)/$(DPK_CFG)/gen/manifest.json tb/rtl/nm_dma_conv_tb.v
	@rm -rf $(call dpk_dir,$(call dpk_f,$(1),1)) && mkdir -p $(BUILD)/$(DPK_CFG)/vl
	$(VERILATOR) $(VL_FLAGS) -Wall --top-module nm_dma_conv_tb --prefix V$(DPK_CFG)_dma_conv_$(call dpk_f,$(1),1) \
	  -GDW=$(call dpk_f,$(1),2) -GNB_MAX=$(call dpk_f,$(1),3) -GLANES=$(call dpk_f,$(1),4) \
	  -Mdir $(call dpk_dir,$(call dpk_f,$(1),1)) $(DPK_RTL) \
	  -CFLAGS "$(VL_CXXFLAGS)" --build -j 2 >$(call dpk_dir,$(call dpk_f,$(1),1)).log 2>&1 \
	  || (cat $(call dpk_dir,$(call dpk_f,$(1),1)).log; exit 1)
	@! grep -q '%Warning' $(call dpk_dir,$(call dpk_f,$(1),1)).log || (cat $(call dpk_dir,$(call dpk_f,$(1),1)).log; exit 1)
$(call dpk_obj,$(call dpk_f,$(1),1)): tb/dut/dut_dma_pack_model.cpp tb/dut/dut_dma_pack.h $(DUT_CORE) $(call dpk_lib,$(call dpk_f,$(1),1))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new $(VL_CXX_INC) -Itb/dut \
	  -isystem $(call dpk_dir,$(call dpk_f,$(1),1)) -DDUT_CLASS=V$(DPK_CFG)_dma_conv_$(call dpk_f,$(1),1) \
	  '-DDUT_HEADER="V$(DPK_CFG)_dma_conv_$(call dpk_f,$(1),1).h"' '-DDUT_NAME="$(call dpk_f,$(1),1)"' \
	  -DDUT_DW=$(call dpk_f,$(1),2) -DDUT_BANKS=$(call dpk_f,$(1),3) -DDUT_LANES=$(call dpk_f,$(1),4) -c -o $$@ $$<
DPK_MODEL_LIBS += $(call dpk_lib,$(call dpk_f,$(1),1))
DPK_MODEL_OBJS += $(call dpk_obj,$(call dpk_f,$(1),1))
endef
$(foreach v,$(DPK_VARIANTS),$(eval $(call dpk_model,$(v))))

# $(call dpk_bin,outdir,flags,name,C sources): a C program over every model.
DPK_C := tb/tests/dma_pack_harness.c tb/tests/dma_pack_desc.c tb/tests/check_util.c tb/model/nm_rng.c tb/model/nm_layout.c
DPK_H := tb/tests/dma_pack_harness.h tb/dut/dut_dma_pack.h tb/model/nm_layout.h
define dpk_bin
$(1)/$(3): $(4) $(DPK_C) $(DPK_H) tb/dut/dut_dma_pack.cpp $(DUT_CORE) $(DPK_MODEL_OBJS) $(DPK_MODEL_LIBS) $(VL_RT_OBJS)
	@mkdir -p $$(@D)/obj_$(3)
	$$(CXX) $$(CXXSTD) $(2) -Itb/dut -c -o $$(@D)/obj_$(3)/dut_dma_pack.o tb/dut/dut_dma_pack.cpp
	$$(foreach s,$(4) $(DPK_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) -c $$(s) -o $$(@D)/obj_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_$(3)/,dut_dma_pack.o $$(notdir $$(patsubst %.c,%.o,$(4) $(DPK_C)))) \
	  $$(DPK_MODEL_OBJS) $$(DPK_MODEL_LIBS) $$(VL_RT_OBJS) $$(CHECK_LIBS) -pthread
endef
$(eval $(call dpk_bin,$(BUILD)/tests,$(OPT),test_rtl_dma_pack,tb/tests/test_rtl_dma_pack.c tb/tests/check_main.c))
$(eval $(call dpk_bin,$(BUILD)/tests,$(OPT),dma_pack_bench,tb/bench/dma_pack_bench.c))

TEST_BINS += $(BUILD)/tests/test_rtl_dma_pack
TEST_CMDS += "rtl-dma-pack: $(BUILD)/tests/test_rtl_dma_pack"

# bench-dma: elements per cycle of each region kind through the converters.
bench-dma: bench-dma-pack
.PHONY: bench-dma-pack
bench-dma-pack: $(BUILD)/tests/dma_pack_bench
	$(BUILD)/tests/dma_pack_bench
