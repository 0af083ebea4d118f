# Randomized robustness of the generator (sim/fuzz/): random config files and
# argument lists (every run exits 0 or 2, one escaped error line, no partial
# output, nothing left beside DIR, no sanitizer report), and random contents
# of an earlier output under -o (a file nmgen did not write always survives).
# Both run the ASan+UBSan nmgen.
#
#   make test        a quick run of each (FUZZ_TEST_RUNS)
#   make fuzz-nmgen  FUZZ_RUNS of each (also in make regress), FUZZ_SEED

FUZZ_TEST_RUNS ?= 150
FUZZ_RUNS      ?= 3000
FUZZ_SEED      ?= 1
TEST_BINS += $(BUILD)/asan/nmgen
TEST_CMDS += "fuzz-nmgen-args: sim/fuzz/nmgen_args $(BUILD)/asan/nmgen $(FUZZ_TEST_RUNS) 7" \
             "fuzz-nmgen-outdir: sim/fuzz/nmgen_outdir $(BUILD)/asan/nmgen $(FUZZ_TEST_RUNS) 7"

.PHONY: fuzz-nmgen
regress: fuzz-nmgen
fuzz-nmgen: $(BUILD)/asan/nmgen
	sim/run_tests "fuzz-nmgen-args: sim/fuzz/nmgen_args $(BUILD)/asan/nmgen $(FUZZ_RUNS) $(FUZZ_SEED)" \
	  "fuzz-nmgen-outdir: sim/fuzz/nmgen_outdir $(BUILD)/asan/nmgen $(FUZZ_RUNS) $(FUZZ_SEED)"
