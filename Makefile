# nmgen: one entry point.  `make help` lists the targets.
#
# Layout of build/ (never committed):
#   build/nmgen                 the generator
#   build/<cfg>/gen/            nmgen output for sim/configs/<cfg>.cfg
#   build/<cfg>/vl/<module>/    Verilated model of one module of that config
#   build/tests/                test programs;  build/asan/  the same under ASan+UBSan

BUILD     ?= build
CC        ?= gcc
CXX       ?= g++
CSTD      := -std=c11 -Wall -Wextra -Werror -ffp-contract=off
CXXSTD    := -std=c++17 -Wall -Wextra -Werror -ffp-contract=off
OPT       ?= -O2 -g
SAN       := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

CONFIGS   := $(sort $(basename $(notdir $(wildcard sim/configs/*.cfg))))
CONFIG    ?= default

GEN_SRC   := $(filter-out generator/embed_templates.c,$(wildcard generator/*.c))
GEN_HDR   := $(wildcard generator/*.h)
TEMPLATES := $(sort $(wildcard rtl_templates/*.vt))
CONSTRAINT_TEMPLATES := $(sort $(wildcard constraints/*.ct))

.PHONY: all help nmgen gen demo wave test test-long regress bench lint clean readme-keys
.DELETE_ON_ERROR:

all: nmgen

help:
	@echo "make nmgen       build the generator (build/nmgen)"
	@echo "make gen         generate every sim/configs/*.cfg into build/<cfg>/gen"
	@echo "make demo        build nmsim for the default config, run a 2-iteration training workload (CONFIG=name)"
	@echo "                 (CONFIG_FILE=path/x.cfg: a config outside sim/configs; GEN=dir: an nmgen output)"
	@echo "make nmsim       build nmsim for CONFIG (or CONFIG_FILE / GEN) and say how to run it"
	@echo "make wave        open the last nmsim trace (build/wave/last.fst) in GTKWave with sim/nm_top.gtkw"
	@echo "make test        the whole test suite (ends with 'N passed, N failed')"
	@echo "make regress     the long regressions: every block (regress-<block>) and 200 nmsim"
	@echo "                 workloads over 4 configs (regress-top, sharded; JUnit in build/regress),"
	@echo "                 nmsim on tiny's and ecp5's gate-level nm_top (regress-top-gl, -gl-icarus)"
	@echo "make bench       every block's numbers (bench-<block>), then bench-net: network-level"
	@echo "                 training-step report in build/bench/report.md (BENCH_QUICK=1: a subset)"
	@echo "make synth       Yosys resource tables of CONFIG on generic/iCE40/ECP5/Xilinx"
	@echo "make pnr-ice40   place and route on iCE40 (also pnr-ecp5, fmax-ecp5, fmax-ice40)"
	@echo "make test-long   the exhaustive suites (all 2^32 inputs; hours)"
	@echo "make lint        Verilator -Wall, Icarus -g2005, Yosys latch check on every config"
	@echo "make clean       remove build/"

# --- the generator -----------------------------------------------------------

nmgen: $(BUILD)/nmgen

$(BUILD)/tools/embed_templates: generator/embed_templates.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O2 -o $@ $<

$(BUILD)/gen/templates.c: $(TEMPLATES) $(BUILD)/tools/embed_templates
	@mkdir -p $(@D)
	$(BUILD)/tools/embed_templates nm_templates $(TEMPLATES) > $@

$(BUILD)/gen/constraint_templates.c: $(CONSTRAINT_TEMPLATES) $(BUILD)/tools/embed_templates
	@mkdir -p $(@D)
	$(BUILD)/tools/embed_templates nm_constraint_templates $(CONSTRAINT_TEMPLATES) > $@

GEN_EMBED := $(BUILD)/gen/templates.c $(BUILD)/gen/constraint_templates.c
$(BUILD)/nmgen: $(GEN_SRC) $(GEN_HDR) $(GEN_EMBED)
	$(CC) $(CSTD) $(OPT) -Igenerator -o $@ $(GEN_SRC) $(GEN_EMBED)

$(BUILD)/asan/nmgen: $(GEN_SRC) $(GEN_HDR) $(GEN_EMBED)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(SAN) -Igenerator -o $@ $(GEN_SRC) $(GEN_EMBED)

# The shared rules first: which CONFIG (config_select.mk: CONFIG_FILE, GEN,
# the list on a wrong one), Verilation, tests, and nm_top's model (top.mk's
# top_deps / top_link are used by nmsim.mk and bench.mk).
SIM_CORE_MK := sim/config_select.mk sim/verilate.mk sim/tests.mk sim/top.mk
regress:
bench:
include $(SIM_CORE_MK)
# One fragment per hardware block (sore, wuve, ...): models, tests, benches.
# Each adds its regress-<block> and bench-<block> to `regress` and `bench`.
include $(filter-out $(SIM_CORE_MK),$(sort $(wildcard sim/*.mk)))

test: $(BUILD)/nmgen $(BUILD)/asan/nmgen $(TEST_BINS) gen
	sim/run_tests $(TEST_CMDS) "lint: sim/lint $(foreach c,$(CONFIGS),$(BUILD)/$(c)/gen)"

test-long: $(TEST_BINS)
	sim/run_tests $(LONG_CMDS)

gen: $(foreach c,$(CONFIGS),$(BUILD)/$(c)/gen/manifest.json)

lint: gen
	sim/lint $(foreach c,$(CONFIGS),$(BUILD)/$(c)/gen)

# The demo: nmsim (sim/nmsim.mk) on the configuration's nm_top, one
# 2-iteration training workload (PRUNE, FF, BP, WG, ANT, UPDATE; layers
# DEMO_LAYERS, else random), every tensor checked against the golden model,
# LAST_CYCLES against the cycle model; prints the per-phase cycles, the
# sparse speedups and PASS.  On a terminal (GNU make's MAKE_TERMERR), the
# progress line too (--progress: --quiet alone would silence it).
demo: $(BUILD)/$(CONFIG)/nmsim
	$(BUILD)/$(CONFIG)/nmsim --config $(CONFIG) --seed 1 --iters 2 --check-cycles --quiet \
	  $(if $(MAKE_TERMERR),--progress) $(if $(DEMO_LAYERS),--layers $(DEMO_LAYERS))

# GTKWave on the last trace (WAVE_TRACE; made by a 1-iteration nmsim run of
# WAVE_CFG if missing or older than its nmsim; `nmsim --trace F.fst` makes
# others) with the F.gtkw nmsim wrote beside it (sim/nm_top.gtkw's signals,
# zoomed to the run; sim/nm_top.gtkw itself for a trace without one), and
# GTKWave's own fit to the window it opens.
wave:
	@command -v gtkwave >/dev/null 2>&1 || { echo "make wave: gtkwave is not installed" \
	  "(sudo apt-get install gtkwave); traces come from nmsim --trace F.fst"; exit 1; }
	@$(MAKE) --no-print-directory $(WAVE_TRACE)
	g=$(basename $(WAVE_TRACE)).gtkw; [ -f "$$g" ] || g=sim/nm_top.gtkw; \
	  gtkwave --rcvar 'do_initial_zoom_fit 1' $(WAVE_TRACE) "$$g"

clean:
	rm -rf $(BUILD)

# Rewrite README.md's key table from the generator (test_nmgen checks it).
readme-keys: $(BUILD)/nmgen
	$(BUILD)/nmgen --help-markdown > $(BUILD)/keys.md
	awk -v keys=$(BUILD)/keys.md '/<!-- keys:end -->/ { while ((getline l < keys) > 0) print l; skip = 0 } \
	  !skip { print } /<!-- keys:begin -->/ { skip = 1 }' README.md > $(BUILD)/README.md && mv $(BUILD)/README.md README.md
