# The register map for CSR tools: nmgen writes DIR/nm_top.rdl (SystemRDL) and
# DIR/nm_top.xml (IP-XACT) from generator/regmap.c; sim/rdl_check compiles
# the .rdl with systemrdl-compiler, imports the .xml with peakrdl-ipxact and
# checks both, and peakrdl-cheader's header, against nm_config.h (offsets,
# field positions and widths, access, op / error codes, window geometry).
#
#   make venv     the Python packages of sim/requirements.txt in $(BUILD)/venv
#   make test     rdl-<cfg> for RDL_CFGS, and rdl-selftest: rdl_check must
#                 fail on planted differences (sim/rdl_selftest)

RDL_VENV := $(BUILD)/venv
RDL_PY   := $(RDL_VENV)/bin/python3
RDL_CFGS ?= $(basename $(notdir $(wildcard sim/configs/*.cfg)))

.PHONY: venv
venv: $(RDL_VENV)/.installed
# python3 -m venv needs Debian's python3-venv (sim/packages.txt); pip reads PyPI.
$(RDL_VENV)/.installed: sim/requirements.txt
	@echo "Installing sim/requirements.txt into $(RDL_VENV) (pip from PyPI, about 20 s)"
	rm -rf $(RDL_VENV) && python3 -m venv $(RDL_VENV)
	$(RDL_VENV)/bin/pip install --quiet --disable-pip-version-check --no-cache-dir -r sim/requirements.txt
	@touch $@

TEST_BINS += $(RDL_VENV)/.installed $(foreach c,$(RDL_CFGS),$(BUILD)/$(c)/gen/manifest.json)
TEST_CMDS += $(foreach c,$(RDL_CFGS),"rdl-$(c): $(RDL_PY) sim/rdl_check $(BUILD)/$(c)/gen $(BUILD)/rdl/$(c)") \
             "rdl-selftest: sim/rdl_selftest $(RDL_PY) $(BUILD)/tiny/gen $(BUILD)/rdl/selftest"
