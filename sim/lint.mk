# The lint self-test (sim/lint_selftest): sim/lint must fail on scratch
# copies of LINT_SELFTEST_CFG's generated RTL with a planted defect (the
# jbb forward reference, an implicit net, each tool's warning, a waiver
# without a reason) and pass on the unmodified copy.  `make lint` and the
# lint entry of `make test` (the Makefile) run sim/lint itself.
LINT_SELFTEST_CFG ?= tiny
TEST_BINS += $(BUILD)/$(LINT_SELFTEST_CFG)/gen/manifest.json
TEST_CMDS += "lint-selftest: sim/lint_selftest $(BUILD)/$(LINT_SELFTEST_CFG)/gen"
