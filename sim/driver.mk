# The generated C driver (generator/driver.c -> <gen>/driver/nm_driver.{h,c},
# example.c):
#   driver-<cfg>         tb/tests/test_driver.c: the driver over a transport to
#                        the config's Verilated nm_top_sim (dut_top.h's AXI4-Lite
#                        read / write only): GEMM, PRUNE, UPDATE, ANT against the
#                        golden model, errors decoded to names, budgets that expire,
#                        example.c's GEMM, the layout helpers against nm_layout.c
#   driver-freestanding  sim/driver_freestanding: nm_driver.c + example.c of each
#                        DRIVER_FS_CFGS config built -std=c99 -ffreestanding
#                        -nostdlib -Wall -Wextra -Werror and linked with a stub
#                        _start, no undefined symbol
# The driver's own objects are compiled as C99 (-pedantic), as a user would.

DRIVER_CFGS    ?= tiny
DRIVER_FS_CFGS ?= tiny default
DRIVER_CFLAGS  := -std=c99 -pedantic -Wall -Wextra -Werror -ffp-contract=off

# $(call driver_test,cfg): build/tests/test_driver_<cfg>, objects in obj_driver_<cfg>/.
DRIVER_LIB_C := $(CHECK_MAIN) $(MODEL_SRC)
define driver_test
$(BUILD)/tests/test_driver_$(1): tb/tests/test_driver.c $(DRIVER_LIB_C) $(MODEL_HDR) $(wildcard tb/tests/*.h) \
                                 tb/dut/dut_top.h $(BUILD)/$(1)/gen/manifest.json $(call top_deps,$(1))
	@mkdir -p $$(@D)/obj_driver_$(1)
	$$(CC) $(DRIVER_CFLAGS) $$(OPT) -c $(BUILD)/$(1)/gen/driver/nm_driver.c -o $$(@D)/obj_driver_$(1)/nm_driver.o
	$$(CC) $(DRIVER_CFLAGS) $$(OPT) -c $(BUILD)/$(1)/gen/driver/example.c -o $$(@D)/obj_driver_$(1)/example.o
	$$(CC) $$(CSTD) $$(OPT) $$(TB_INC) -I$(BUILD)/$(1)/gen/driver -c tb/tests/test_driver.c \
	  -o $$(@D)/obj_driver_$(1)/test_driver.o
	$$(foreach s,$(DRIVER_LIB_C),$$(CC) $$(CSTD) $$(OPT) $$(TB_INC) \
	  -c $$(s) -o $$(@D)/obj_driver_$(1)/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $$(OPT) -o $$@ $$(addprefix $$(@D)/obj_driver_$(1)/,test_driver.o nm_driver.o example.o \
	  $$(notdir $$(patsubst %.c,%.o,$(DRIVER_LIB_C)))) $(call top_link,$(1)) $$(CHECK_LIBS)
endef
$(foreach c,$(DRIVER_CFGS),$(eval $(call driver_test,$(c))))

.PHONY: $(addprefix driver-,$(DRIVER_CFGS))
$(foreach c,$(DRIVER_CFGS),$(eval driver-$(c): $(BUILD)/tests/test_driver_$(c)))

TEST_BINS += $(foreach c,$(DRIVER_CFGS),$(BUILD)/tests/test_driver_$(c)) \
             $(foreach c,$(DRIVER_FS_CFGS),$(BUILD)/$(c)/gen/manifest.json)
TEST_CMDS += $(foreach c,$(DRIVER_CFGS),"driver-$(c): $(BUILD)/tests/test_driver_$(c)") \
             "driver-freestanding: sim/driver_freestanding $(BUILD)/tests/driver_fs $(foreach c,$(DRIVER_FS_CFGS),$(BUILD)/$(c)/gen)"
