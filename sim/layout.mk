# test_layout: regmap.md's "Buffer layouts" lines (generator/regmap.c, the
# documented contract the DMA will implement) evaluated against
# tb/model/nm_layout.c on random indices, for every config in sim/configs.
LAYOUT_GENS := $(foreach c,$(CONFIGS),$(BUILD)/$(c)/gen)

$(eval $(call c_test,test_layout,tb/tests/test_layout.c $(MODEL_SRC),$(OPT),$(BUILD)/tests))

TEST_BINS += $(BUILD)/tests/test_layout $(foreach c,$(CONFIGS),$(BUILD)/$(c)/gen/manifest.json)
TEST_CMDS += "layout: $(BUILD)/tests/test_layout $(LAYOUT_GENS)"
