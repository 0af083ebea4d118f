# The generated C driver (generator/driver.c -> <gen>/driver/nm_driver.{h,c},
# example.c):
#   driver-<cfg>         tb/tests/test_driver.c: the driver over a transport to
#                        the config's Verilated nm_top_sim (dut_top.h's AXI4-Lite
#                        read / write only): GEMM, PRUNE, UPDATE, ANT against the
#                        golden model, errors decoded to names, budgets that expire,
#                        example.c's GEMM, the layout helpers against nm_layout.c
#   driver-asan          the same on the first of DRIVER_CFGS under ASan+UBSan
#   driver-freestanding  sim/driver_freestanding: nm_driver.c + example.c of each
#                        DRIVER_FS_CFGS config built -std=c99 -ffreestanding
#                        -nostdlib -Wall -Wextra -Werror and linked with a stub
#                        _start, no undefined symbol
# The driver's own objects are compiled as C99 (-pedantic), as a user would.

# tiny, tall (R > C: the skewed B layout) and ws (WS only); their nm_top_sim
# models are rtl-top's (TOP_CFGS), so the tests add only their own run time.
DRIVER_CFGS    ?= tiny tall ws
DRIVER_FS_CFGS ?= tiny default
DRIVER_CFLAGS  := -std=c99 -pedantic -Wall -Wextra -Werror -ffp-contract=off

# $(call driver_test,outdir,flags,cfg,link,extra deps): <outdir>/test_driver_<cfg>,
# objects in obj_driver_<cfg>/.
# tb/tests/dma_pack_desc.c: the converters' descriptors, test_driver's
# oracle for nmd_xfer_tensor.
DRIVER_LIB_C := $(CHECK_MAIN) $(MODEL_SRC) tb/tests/dma_pack_desc.c
define driver_test
$(1)/test_driver_$(3): tb/tests/test_driver.c $(DRIVER_LIB_C) $(MODEL_HDR) $(wildcard tb/tests/*.h) \
                       tb/dut/dut_top.h $(BUILD)/$(3)/gen/manifest.json $(call top_deps,$(3)) $(5)
	@mkdir -p $$(@D)/obj_driver_$(3)
	$$(CC) $(DRIVER_CFLAGS) $(2) -c $(BUILD)/$(3)/gen/driver/nm_driver.c -o $$(@D)/obj_driver_$(3)/nm_driver.o
	$$(CC) $(DRIVER_CFLAGS) $(2) -c $(BUILD)/$(3)/gen/driver/example.c -o $$(@D)/obj_driver_$(3)/example.o
	$$(CC) $$(CSTD) $(2) $$(TB_INC) -I$(BUILD)/$(3)/gen/driver -c tb/tests/test_driver.c \
	  -o $$(@D)/obj_driver_$(3)/test_driver.o
	$$(foreach s,$(DRIVER_LIB_C),$$(CC) $$(CSTD) $(2) $$(TB_INC) \
	  -c $$(s) -o $$(@D)/obj_driver_$(3)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(addprefix $$(@D)/obj_driver_$(3)/,test_driver.o nm_driver.o example.o \
	  $$(notdir $$(patsubst %.c,%.o,$(DRIVER_LIB_C)))) $(4) $$(CHECK_LIBS)
endef
$(foreach c,$(DRIVER_CFGS),$(eval $(call driver_test,$(BUILD)/tests,$(OPT),$(c),$(call top_link,$(c)),)))
# The driver under ASan+UBSan on the first config (the shim too, as rtl-top-asan).
DRIVER_ASAN_CFG := $(firstword $(DRIVER_CFGS))
$(eval $(call driver_test,$(BUILD)/asan/tests,$(SAN),$(DRIVER_ASAN_CFG),$(call top_link_asan,$(DRIVER_ASAN_CFG)),$(call top_shim_asan,$(DRIVER_ASAN_CFG))))

.PHONY: $(addprefix driver-,$(DRIVER_CFGS))
$(foreach c,$(DRIVER_CFGS),$(eval driver-$(c): $(BUILD)/tests/test_driver_$(c)))

TEST_BINS += $(foreach c,$(DRIVER_CFGS),$(BUILD)/tests/test_driver_$(c)) \
             $(BUILD)/asan/tests/test_driver_$(DRIVER_ASAN_CFG) \
             $(foreach c,$(DRIVER_FS_CFGS),$(BUILD)/$(c)/gen/manifest.json)
TEST_CMDS += $(foreach c,$(DRIVER_CFGS),"driver-$(c): $(BUILD)/tests/test_driver_$(c)") \
             "driver-asan: $(BUILD)/asan/tests/test_driver_$(DRIVER_ASAN_CFG)" \
             "driver-freestanding: sim/driver_freestanding $(BUILD)/tests/driver_fs $(foreach c,$(DRIVER_FS_CFGS),$(BUILD)/$(c)/gen)"
