# nm_top_axi, nm_top under AMBA's port names (aclk, aresetn, s_axi_*) for IP
# packagers and cocotbext-axi: sim/axi_wrapper elaborates it in Icarus and
# runs AXI4-Lite reads and writes through it (tb/icarus/nm_top_axi_tb.v) on
# AXI_WRAPPER_CFGS; sim/lint covers its RTL like every generated module.
AXI_WRAPPER_CFGS ?= tiny
TEST_BINS += $(foreach c,$(AXI_WRAPPER_CFGS),$(BUILD)/$(c)/gen/manifest.json)
TEST_CMDS += $(foreach c,$(AXI_WRAPPER_CFGS),"axi-wrapper-$(c): sim/axi_wrapper $(BUILD)/$(c)/gen")
