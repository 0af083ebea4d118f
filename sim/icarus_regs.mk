# The reset/X register check in Icarus (a 4-state simulator): for each of
# ICARUS_REGS_CFGS, build/<cfg>/icarus_regs (tb/tests/icarus_regs.c against
# that config's nm_config.h) writes a bench from the register map and
# sim/icarus_regs runs it on the generated nm_top (as nm_top_sim, whose
# backdoor fills the buffers): every register after reset and after each
# command OKAY and X-free, ANT without CLEAR on never-cleared accumulators
# refused.  A few seconds per config.
ICARUS_REGS_CFGS ?= tiny tall
ICARUS_REGS_SRC  := tb/tests/icarus_regs.c tb/model/nm_ant.c tb/model/nm_ant_work.c tb/model/nm_rng.c \
                    tb/model/nm_fp.c

define icarus_regs_bin
$(BUILD)/$(1)/icarus_regs: $(ICARUS_REGS_SRC) $(MODEL_HDR) $(BUILD)/$(1)/gen/manifest.json
	@mkdir -p $$(@D)
	$$(CC) $$(CSTD) $$(OPT) $$(TB_INC) -include $(BUILD)/$(1)/gen/nm_config.h -o $$@ $(ICARUS_REGS_SRC)
endef
$(foreach c,$(ICARUS_REGS_CFGS),$(eval $(call icarus_regs_bin,$(c))))

TEST_BINS += $(foreach c,$(ICARUS_REGS_CFGS),$(BUILD)/$(c)/icarus_regs)
TEST_CMDS += $(foreach c,$(ICARUS_REGS_CFGS),\
  "icarus-regs-$(c): ICARUS_REGS=$(BUILD)/$(c)/icarus_regs sim/icarus_regs $(BUILD)/$(c)/gen")
