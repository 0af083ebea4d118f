# nm_dma (the AXI4 master DMA): Verilated models, test, bench.
#
# Models.  nm_dma's own parameters are overridden (-G) on the tiny config's
# generated RTL, so one config gives every bus shape the test covers:
#
#   variant      DATA_BITS  ADDR_BITS  MAX_READS  ID_BITS
#   d64a32r2         64         32          2         1
#   d64a64r1         64         64          1         2
#   d128a64r8       128         64          8         4    (the keys' defaults)
#   d256a32r4       256         32          4         3
#   d512a64r16      512         64         16         6
#
# Model V: build/tiny/vl/nm_dma_V/, class Vtiny_nm_dma_V.
DMA_CFG := tiny
DMA_VARIANTS := d64a32r2:64:32:2:1 d64a64r1:64:64:1:2 d128a64r8:128:64:8:4 \
                d256a32r4:256:32:4:3 d512a64r16:512:64:16:6
dma_f = $(word $(2),$(subst :, ,$(1)))
dma_dir = $(BUILD)/$(DMA_CFG)/vl/nm_dma_$(1)
dma_lib = $(call dma_dir,$(1))/V$(DMA_CFG)_nm_dma_$(1)__ALL.a
dma_obj = $(call dma_dir,$(1))/dut_dma_model.o
DMA_RTL = $(addprefix $(BUILD)/$(DMA_CFG)/gen/rtl/,nm_dma.v nm_dma_rd.v nm_dma_wr.v nm_dma_burst.v nm_dma_check.v)

# $(call dma_model,VARIANT) with VARIANT = name:data:addr:reads:idbits
define dma_model
$(call dma_lib,$(call dma_f,$(1),1)): $(BUILD)/$(DMA_CFG)/gen/manifest.json
	@rm -rf $(call dma_dir,$(call dma_f,$(1),1)) && mkdir -p $(BUILD)/$(DMA_CFG)/vl
	$(VERILATOR) $(VL_FLAGS) --top-module nm_dma --prefix V$(DMA_CFG)_nm_dma_$(call dma_f,$(1),1) \
	  -GDATA_BITS=$(call dma_f,$(1),2) -GADDR_BITS=$(call dma_f,$(1),3) \
	  -GMAX_READS=$(call dma_f,$(1),4) -GID_BITS=$(call dma_f,$(1),5) \
	  -Mdir $(call dma_dir,$(call dma_f,$(1),1)) $(DMA_RTL) \
	  -CFLAGS "$(VL_CXXFLAGS)" --build -j 2 >$(call dma_dir,$(call dma_f,$(1),1)).log 2>&1 \
	  || (cat $(call dma_dir,$(call dma_f,$(1),1)).log; exit 1)
$(call dma_obj,$(call dma_f,$(1),1)): tb/dut/dut_dma_model.cpp tb/dut/dut_dma.h tb/axi/axi_bus.h $(call dma_lib,$(call dma_f,$(1),1))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new $(VL_CXX_INC) -Itb/dut -Itb/axi \
	  -isystem $(call dma_dir,$(call dma_f,$(1),1)) -DDUT_CLASS=V$(DMA_CFG)_nm_dma_$(call dma_f,$(1),1) \
	  '-DDUT_HEADER="V$(DMA_CFG)_nm_dma_$(call dma_f,$(1),1).h"' '-DDUT_NAME="$(call dma_f,$(1),1)"' \
	  -DDUT_DATA_BITS=$(call dma_f,$(1),2) -DDUT_ADDR_BITS=$(call dma_f,$(1),3) \
	  -DDUT_MAX_READS=$(call dma_f,$(1),4) -DDUT_ID_BITS=$(call dma_f,$(1),5) -c -o $$@ $$<
DMA_MODEL_LIBS += $(call dma_lib,$(call dma_f,$(1),1))
DMA_MODEL_OBJS += $(call dma_obj,$(call dma_f,$(1),1))
endef
$(foreach v,$(DMA_VARIANTS),$(eval $(call dma_model,$(v))))

# $(call dma_bin,outdir,flags,name,C sources): a C program over every model.
DMA_C := tb/tests/dma_harness.c tb/axi/axi_mem.c tb/axi/axi_check.c tb/tests/check_util.c tb/model/nm_rng.c
DMA_H := tb/tests/dma_harness.h tb/axi/axi_mem.h tb/axi/axi_check.h tb/axi/axi_bus.h tb/dut/dut_dma.h
define dma_bin
$(1)/$(3): $(4) $(DMA_C) $(DMA_H) tb/dut/dut_dma.cpp $(DMA_MODEL_OBJS) $(DMA_MODEL_LIBS) $(VL_RT_OBJS)
	@mkdir -p $$(@D)/obj_$(3)
	$$(CXX) $$(CXXSTD) $(2) -faligned-new $$(VL_CXX_INC) -Itb/dut -Itb/axi -c -o $$(@D)/obj_$(3)/dut_dma.o tb/dut/dut_dma.cpp
	$$(foreach s,$(4) $(DMA_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) -Itb/axi -c $$(s) -o $$(@D)/obj_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_$(3)/,dut_dma.o $$(notdir $$(patsubst %.c,%.o,$(4) $(DMA_C)))) \
	  $$(DMA_MODEL_OBJS) $$(DMA_MODEL_LIBS) $$(VL_RT_OBJS) $$(CHECK_LIBS) -pthread
endef
$(eval $(call dma_bin,$(BUILD)/tests,$(OPT),test_rtl_dma,tb/tests/test_rtl_dma.c tb/tests/check_main.c))
$(eval $(call dma_bin,$(BUILD)/tests,$(OPT),dma_bench,tb/bench/dma_bench.c))

TEST_BINS += $(BUILD)/tests/test_rtl_dma
TEST_CMDS += "rtl-dma: $(BUILD)/tests/test_rtl_dma"

# bench-dma: sustained read and write bandwidth of long bursts on every
# model against the memory model's peak (latency 100, no stalls).
.PHONY: bench-dma
bench: bench-dma
bench-dma: $(BUILD)/tests/dma_bench
	$(BUILD)/tests/dma_bench
