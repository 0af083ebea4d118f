# nm_dma in Icarus (4-state): sim/dma_icarus runs tb/icarus/nm_dma_tb.v on
# the tiny config's RTL at four bus shapes; X/Z on any output fails it.
TEST_BINS += $(BUILD)/tiny/gen/manifest.json
TEST_CMDS += "icarus-dma: sim/dma_icarus $(BUILD)/tiny/gen"
