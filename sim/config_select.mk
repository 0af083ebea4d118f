# Which configuration CONFIG is, including ones from outside sim/configs.
# Read by the Makefile before every other fragment: those define their
# per-config rules over CONFIGS, which this may extend by one.
#
#   make demo CONFIG=tall              sim/configs/tall.cfg (the default: default)
#   make demo CONFIG_FILE=path/x.cfg   a config file anywhere; like those in
#                                      sim/configs its name key must be x (the
#                                      file's base name); output in $(BUILD)/x/
#   make nmsim GEN=path/dir            an nmgen output as it is (nmgen ... -o
#                                      dir): its RTL, Verilated under its name key
#   make nmsim                         $(BUILD)/$(CONFIG)/nmsim, and how to run it
# A relative path is relative to the source tree (where make runs).  The
# name may not be one of sim/configs' (its build/<name>/ is theirs).  A CONFIG
# that is none of these stops make with the list of configurations.

IN_TREE_CONFIGS := $(CONFIGS)

ifneq ($(CONFIG_FILE),)
  OOT_CFG := $(basename $(notdir $(CONFIG_FILE)))
  $(if $(wildcard $(CONFIG_FILE)),,$(error CONFIG_FILE=$(CONFIG_FILE): no such file))
  ifneq ($(filter $(OOT_CFG),$(IN_TREE_CONFIGS)),)
    ifneq ($(abspath $(CONFIG_FILE)),$(abspath sim/configs/$(OOT_CFG).cfg))
      $(error CONFIG_FILE=$(CONFIG_FILE): its name would be '$(OOT_CFG)', which sim/configs/$(OOT_CFG).cfg is; rename the file and its name key)
    endif
  endif
  override CONFIG := $(OOT_CFG)
  # --expect-name: the file's name key must be its base name, as in sim/configs.
  $(BUILD)/$(OOT_CFG)/gen/manifest.json: $(CONFIG_FILE) $(BUILD)/nmgen
	@mkdir -p $(BUILD)/$(OOT_CFG)
	$(BUILD)/nmgen --config $(CONFIG_FILE) --expect-name $(OOT_CFG) -o $(BUILD)/$(OOT_CFG)/gen
endif

ifneq ($(GEN),)
  GEN_NEEDS := $(GEN)/manifest.json $(GEN)/files.f $(GEN)/nm_config.h
  $(if $(filter-out $(wildcard $(GEN_NEEDS)),$(GEN_NEEDS)),\
    $(error GEN=$(GEN) is not an nmgen output (it lacks $(notdir $(filter-out $(wildcard $(GEN_NEEDS)),$(GEN_NEEDS)))); make one with nmgen ... -o DIR))
  ifneq ($(CONFIG_FILE),)
    $(error give CONFIG_FILE or GEN, not both)
  endif
  OOT_CFG := $(shell sed -n -E 's/^\#define NM_NAME "([A-Za-z0-9_]+)"$$/\1/p' $(GEN)/nm_config.h)
  $(if $(OOT_CFG),,$(error GEN=$(GEN): nm_config.h names no configuration (#define NM_NAME)))
  ifneq ($(filter $(OOT_CFG),$(IN_TREE_CONFIGS)),)
    ifneq ($(abspath $(GEN)),$(abspath $(BUILD)/$(OOT_CFG)/gen))
      $(error GEN=$(GEN): its configuration is named '$(OOT_CFG)', like sim/configs/$(OOT_CFG).cfg, whose build is $(BUILD)/$(OOT_CFG)/; generate it with another name (nmgen --name ...))
    endif
  endif
  override CONFIG := $(OOT_CFG)
  # A copy (timestamps kept) in $(BUILD)/<name>/gen, where the per-config
  # rules look; a newer nmgen run in GEN makes a new copy, hence a new build.
  ifneq ($(abspath $(GEN)),$(abspath $(BUILD)/$(OOT_CFG)/gen))
    $(BUILD)/$(OOT_CFG)/gen/manifest.json: $(GEN)/manifest.json
	rm -rf $(BUILD)/$(OOT_CFG)/gen && mkdir -p $(BUILD)/$(OOT_CFG)
	cp -Rp $(GEN) $(BUILD)/$(OOT_CFG)/gen
  endif
endif

CONFIGS := $(sort $(CONFIGS) $(OOT_CFG))

ifeq ($(filter $(CONFIG),$(CONFIGS)),)
  $(error CONFIG=$(CONFIG) is no configuration: sim/configs has $(IN_TREE_CONFIGS); a file elsewhere is CONFIG_FILE=path/x.cfg, an nmgen output GEN=dir)
endif

.PHONY: nmsim
nmsim: $(BUILD)/$(CONFIG)/nmsim
	@echo "nmsim for '$(CONFIG)': $(BUILD)/$(CONFIG)/nmsim --config $(CONFIG) --seed 1 --iters 2 --check-cycles (--help lists the options)"

# make test: a tiny-sized config under another name from outside sim/configs,
# once as CONFIG_FILE (make demo) and once as GEN (make nmsim, then a run),
# and a wrong CONFIG's list (sim/oot_configs; two Verilations of tiny, ~1 min).
TEST_CMDS += "oot-configs: sim/oot_configs $(BUILD)"
