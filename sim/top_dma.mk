# rtl-top-dma-<cfg>: nm_top's XFER (the DMA) with DRAM on m_axi_* (tb/axi's
# memory model and protocol checker in dut_top): tensors in DRAM loaded,
# computed (GEMM, UPDATE) and stored bit for bit against the models; bad
# descriptors and bus errors refused with codes (tb/tests/test_rtl_top_dma.c).
# Over the Verilated nm_top_sim of sim/top.mk (read first: top_deps / top_link).
TOP_DMA_CFGS ?= tiny tall ws

RTL_TOP_DMA_C := tb/tests/test_rtl_top_dma.c tb/tests/top_dma_harness.c tb/tests/test_rtl_top_overlap.c tb/tests/test_rtl_top_queue.c \
                 tb/tests/test_rtl_top_prune.c tb/tests/test_rtl_top_ant.c \
                 tb/tests/rtl_top_harness.c tb/tests/test_rtl_top_gemm.c \
                 tb/tests/test_rtl_top_update.c tb/tests/dma_pack_desc.c tb/tests/dma_pack_rate.c \
                 tb/tests/dma_top_bw.c
define rtl_top_dma_test
$(BUILD)/tests/test_rtl_top_dma_$(1): $(RTL_TOP_DMA_C) $(RTL_TOP_LIB_C) $(MODEL_HDR) $(wildcard tb/tests/*.h) \
                                     tb/dut/dut_top.h $(call top_deps,$(1))
	@mkdir -p $$(@D)/obj_top_dma_$(1)
	$$(foreach s,$(RTL_TOP_DMA_C),$$(CC) $$(CSTD) $$(OPT) $$(TB_INC) -I$(BUILD)/$(1)/gen/driver \
	  -include $(BUILD)/$(1)/gen/nm_config.h -c $$(s) -o $$(@D)/obj_top_dma_$(1)/$$(notdir $$(s:.c=.o)) &&) true
	$$(foreach s,$(RTL_TOP_LIB_C),$$(CC) $$(CSTD) $$(OPT) $$(TB_INC) \
	  -c $$(s) -o $$(@D)/obj_top_dma_$(1)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CC) $$(DRIVER_CFLAGS) $$(OPT) -c $(BUILD)/$(1)/gen/driver/nm_driver.c -o $$(@D)/obj_top_dma_$(1)/nm_driver.o
	$$(CXX) $$(OPT) -o $$@ $$(addprefix $$(@D)/obj_top_dma_$(1)/,$$(notdir $$(patsubst %.c,%.o,$(RTL_TOP_DMA_C) $(RTL_TOP_LIB_C))) \
	  nm_driver.o) $(call top_link,$(1)) $$(CHECK_LIBS)
endef
# bench-net builds it for its CONFIG too (the XFER model check, xfer_model)
$(foreach c,$(sort $(TOP_DMA_CFGS) $(CONFIG)),$(eval $(call rtl_top_dma_test,$(c))))

TEST_BINS += $(foreach c,$(TOP_DMA_CFGS),$(BUILD)/tests/test_rtl_top_dma_$(c))
TEST_CMDS += $(foreach c,$(TOP_DMA_CFGS),"rtl-top-dma-$(c): $(BUILD)/tests/test_rtl_top_dma_$(c)")

# bench-dma: sustained bandwidth of long XFERs through nm_top on CONFIG
# (DMA-TOP lines, tb/tests/dma_top_bw.c; every element checked).
.PHONY: bench-dma-top
bench-dma: bench-dma-top
bench-dma-top: $(BUILD)/tests/test_rtl_top_dma_$(CONFIG)
	CK_RUN_CASE=dma_top_bw $(BUILD)/tests/test_rtl_top_dma_$(CONFIG)
