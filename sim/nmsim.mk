# nmsim, the end-to-end training-workload co-simulator: one binary per config,
# build/<cfg>/nmsim, linked against that config's Verilated nm_top (sim/top.mk).
#
#   make build/<cfg>/nmsim   the simulator of a config (any of sim/configs)
#   make test                nmsim on tiny, mid, deep, ws and tall x NMSIM_TEST_SEEDS;
#                            nmsim --dram on NMSIM_DRAM_CFGS x NMSIM_DRAM_RUNS
#   make regress-dram        nmsim --dram on NMSIM_DRAM_REGRESS_CFGS (in make regress)
#   make regress-top         NMSIM_REGRESS_SEEDS seeded workloads on each of
#                            NMSIM_REGRESS_CFGS, in NMSIM_SHARDS shards (make -j
#                            runs them in parallel); JUnit XML in build/regress/
#   make regress-top-gl      nmsim on the gate-level nm_top of each TOP_GL_CFGS config
#                            (tiny ecp5): build/<cfg>_gl/nmsim, NMSIM_GL_SEEDS, a
#                            front-door run and a --dram --queue run; and
#                            regress-top-gl-icarus: RTL nmsim runs replayed in
#                            Icarus on the same netlists (sim/replay_top --netlist)
#   make demo / make wave    (Makefile) default config, 2 iterations / GTKWave
#
# sim/regress runs the jobs (CFG:SEED[:ITERS]); it can also be used directly,
# e.g. sim/regress --shard 3/16 --junit out.xml tiny:1 tiny:2:4 mid:7.

NMSIM_SRC := tb/nmsim/nmsim.c tb/nmsim/train_work.c tb/nmsim/train_pack.c tb/nmsim/train_hw.c \
             tb/nmsim/train_step.c tb/nmsim/train_ant.c tb/nmsim/train_report.c tb/nmsim/dump.c \
             tb/nmsim/train_dram.c tb/nmsim/gtkw.c $(BUILD)/gen/nm_top_gtkw.c
NMSIM_HDR := $(wildcard tb/nmsim/train_*.h) tb/nmsim/dump.h tb/nmsim/gtkw.h tb/dut/dut_top.h tb/dut/dut_top_ids.h $(MODEL_HDR)
NMSIM_C   := $(NMSIM_SRC) $(MODEL_SRC)
NMSIM_CFLAGS := $(CSTD) $(OPT) -D_POSIX_C_SOURCE=200809L $(TB_INC)
# nmsim acts as firmware through the config's generated driver
# (<gen>/driver/nm_driver.c, compiled as C99 like a user would: DRIVER_CFLAGS
# of sim/driver.mk).
NMSIM_DRV = -I$(BUILD)/$(1)/gen/driver

# sim/nm_top.gtkw as a C string: nmsim writes it, zoomed to the run, next to
# each trace (tb/nmsim/gtkw.h).
$(BUILD)/gen/nm_top_gtkw.c: sim/nm_top.gtkw
	@mkdir -p $(@D)
	{ echo '/* sim/nm_top.gtkw (sim/nmsim.mk). Generated; do not edit. */'; \
	  echo '#include "gtkw.h"'; echo 'const char nm_top_gtkw[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/  "/; s/$$/\\n"/' $<; echo '  "";'; } > $@

# $(call nmsim_bin,cfg): build/<cfg>/nmsim, objects in build/<cfg>/obj_nmsim/
# (top_deps / top_link come from sim/top.mk, which the Makefile reads first).
define nmsim_bin
$(BUILD)/$(1)/nmsim: $(NMSIM_C) $(NMSIM_HDR) $(BUILD)/$(1)/gen/manifest.json $(call top_deps,$(1))
	@mkdir -p $(BUILD)/$(1)/obj_nmsim
	@echo "$$(CC) $$(NMSIM_CFLAGS) -include $(BUILD)/$(1)/gen/nm_config.h -c <each of NMSIM_C>"
	@$$(foreach s,$(NMSIM_C),$$(CC) $$(NMSIM_CFLAGS) $(call NMSIM_DRV,$(1)) -include $(BUILD)/$(1)/gen/nm_config.h \
	  -c $$(s) -o $(BUILD)/$(1)/obj_nmsim/$$(notdir $$(s:.c=.o)) &&) true
	$$(CC) $$(DRIVER_CFLAGS) $$(OPT) -c $(BUILD)/$(1)/gen/driver/nm_driver.c -o $(BUILD)/$(1)/obj_nmsim/nm_driver.o
	$$(CXX) $$(OPT) -o $$@ $$(addprefix $(BUILD)/$(1)/obj_nmsim/,$$(notdir $$(NMSIM_C:.c=.o)) nm_driver.o) \
	  $$(call top_link,$(1))
endef
$(foreach c,$(CONFIGS),$(eval $(call nmsim_bin,$(c))))
# build/<cfg>_gl/nmsim: the same over the gate-level nm_top (sim/top.mk);
# it is built for, and run with, --config <cfg>.
$(foreach c,$(TOP_GL_CFGS),$(eval $(call nmsim_bin,$(c)_gl)))

# The same under ASan+UBSan (harness memory and UB errors), tiny only.
NMSIM_ASAN_CFG ?= tiny
$(BUILD)/asan/$(NMSIM_ASAN_CFG)/nmsim: $(NMSIM_C) $(NMSIM_HDR) $(BUILD)/$(NMSIM_ASAN_CFG)/gen/manifest.json \
    $(call top_deps,$(NMSIM_ASAN_CFG)) $(call top_shim_asan,$(NMSIM_ASAN_CFG))
	@mkdir -p $(@D)/obj_nmsim
	@echo "$(CC) $(CSTD) $(SAN) ... -include $(BUILD)/$(NMSIM_ASAN_CFG)/gen/nm_config.h -c <each of NMSIM_C>"
	@$(foreach s,$(NMSIM_C),$(CC) $(CSTD) $(SAN) -D_POSIX_C_SOURCE=200809L $(TB_INC) $(call NMSIM_DRV,$(NMSIM_ASAN_CFG)) \
	  -include $(BUILD)/$(NMSIM_ASAN_CFG)/gen/nm_config.h -c $(s) -o $(@D)/obj_nmsim/$(notdir $(s:.c=.o)) &&) true
	$(CC) $(DRIVER_CFLAGS) $(SAN) -c $(BUILD)/$(NMSIM_ASAN_CFG)/gen/driver/nm_driver.c -o $(@D)/obj_nmsim/nm_driver.o
	$(CXX) $(SAN) -o $@ $(addprefix $(@D)/obj_nmsim/,$(notdir $(NMSIM_C:.c=.o)) nm_driver.o) \
	  $(call top_link_asan,$(NMSIM_ASAN_CFG))

# make test: a few seeds on the small configs (each run a few seconds).
NMSIM_TEST_CFGS  ?= tiny mid deep ws tall
NMSIM_TEST_SEEDS ?= 1 2 3 4
TEST_BINS += $(foreach c,$(NMSIM_TEST_CFGS),$(BUILD)/$(c)/nmsim) $(BUILD)/asan/$(NMSIM_ASAN_CFG)/nmsim
TEST_CMDS += $(foreach c,$(NMSIM_TEST_CFGS),$(foreach s,$(NMSIM_TEST_SEEDS),\
  "nmsim-$(c)-seed$(s): $(BUILD)/$(c)/nmsim --config $(c) --seed $(s) --iters 3 --check-cycles \
  $(if $(filter 2,$(s)),--axi-delays) --quiet")) \
  "nmsim-tiny-frontdoor: $(BUILD)/tiny/nmsim --config tiny --seed 4 --iters 2 --frontdoor --axi-delays --check-cycles --quiet" \
  "nmsim-asan: $(BUILD)/asan/$(NMSIM_ASAN_CFG)/nmsim --config $(NMSIM_ASAN_CFG) --seed 5 --iters 3 --check-cycles --axi-delays --quiet"
# The dump, checked from its own inputs by an independent reader (sim/check_dump,
# one line per command), one small dump per config; the reader must reject a
# dump with one output bit flipped (per op); nmsim's argument errors exit 2.
NMSIM_DUMP_DIR := $(BUILD)/dumpcheck
TEST_CMDS += $(foreach c,$(NMSIM_TEST_CFGS),\
  "check-dump-$(c): rm -rf $(NMSIM_DUMP_DIR)/$(c) && mkdir -p $(NMSIM_DUMP_DIR) && \
  $(BUILD)/$(c)/nmsim --config $(c) --seed 1 --iters 1 --quiet --dump $(NMSIM_DUMP_DIR)/$(c) && \
  sim/check_dump --quiet $(NMSIM_DUMP_DIR)/$(c)") \
  "check-dump-corrupt: rm -rf $(NMSIM_DUMP_DIR)/corrupt-src && mkdir -p $(NMSIM_DUMP_DIR) && \
  $(BUILD)/tiny/nmsim --config tiny --seed 3 --iters 1 --quiet --dump $(NMSIM_DUMP_DIR)/corrupt-src && \
  sim/check_dump_corrupt $(NMSIM_DUMP_DIR)/corrupt-src $(NMSIM_DUMP_DIR)" \
  "nmsim-args: sim/nmsim_args $(BUILD)/tiny/nmsim tiny"
# Progress on stderr only (a terminal, or --progress; nothing with --quiet),
# stdout the same either way; traces in ps with the clock of clock_mhz and a
# .gtkw zoomed to the run (deep: 250 MHz, the others 100).
NMSIM_TRACE_CFGS ?= tiny deep
TEST_CMDS += "nmsim-progress: sim/nmsim_progress $(BUILD)/tiny/nmsim tiny" \
  $(foreach c,$(NMSIM_TRACE_CFGS),"nmsim-trace-$(c): sim/nmsim_trace $(BUILD)/$(c)/nmsim \
  $(BUILD)/$(c)/gen/nm_config.h $(BUILD)/wave/test-$(c)")

# nmsim --dram (tb/nmsim/train_dram.h): every tensor in model DRAM, moved by
# XFER, the AXI4 protocol checker on every cycle.  make test: tiny, tall and
# ws, three DRAMs each (latency / bytes a cycle / stall percent: the fastest,
# a middling one with AXI4-Lite delays, a slow stalling one); make regress:
# the other configs.  sim/nmsim_dram_args: the knobs' ranges, and --dram
# leaves the workload and every phase's cycles as the plain run's.
NMSIM_DRAM_CFGS  ?= tiny tall ws
NMSIM_DRAM_RUNS  ?= 1:1:64:0 2:37:4:25 3:100:2:60
NMSIM_DRAM_REGRESS_CFGS ?= $(filter-out $(NMSIM_DRAM_CFGS),$(CONFIGS))
nmsim_dram_cmd = $(BUILD)/$(1)/nmsim --config $(1) --seed $(word 1,$(2)) --iters 2 --check-cycles --dram \
  --dram-latency $(word 2,$(2)) --dram-bytes-per-cycle $(word 3,$(2)) --dram-stall $(word 4,$(2)) \
  $(if $(filter 2,$(word 1,$(2))),--axi-delays) --quiet
nmsim_dram_tests = $(foreach c,$(1),$(foreach r,$(NMSIM_DRAM_RUNS),\
  "nmsim-dram-$(c)-seed$(firstword $(subst :, ,$(r))): $(call nmsim_dram_cmd,$(c),$(subst :, ,$(r)))"))
TEST_BINS += $(foreach c,$(NMSIM_DRAM_CFGS),$(BUILD)/$(c)/nmsim)
TEST_CMDS += $(call nmsim_dram_tests,$(NMSIM_DRAM_CFGS)) \
  "nmsim-dram-args: sim/nmsim_dram_args $(BUILD)/tiny/nmsim tiny" \
  "nmsim-dram-asan: $(BUILD)/asan/$(NMSIM_ASAN_CFG)/nmsim --config $(NMSIM_ASAN_CFG) --seed 6 --iters 2 \
  --check-cycles --dram --dram-latency 9 --dram-bytes-per-cycle 3 --dram-stall 30 --quiet"
.PHONY: regress-dram
regress: regress-dram
regress-dram: $(foreach c,$(NMSIM_DRAM_REGRESS_CFGS),$(BUILD)/$(c)/nmsim)
	sim/run_tests $(call nmsim_dram_tests,$(NMSIM_DRAM_REGRESS_CFGS)) $(call nmsim_queue_tests,$(NMSIM_QUEUE_REGRESS_CFGS))

# nmsim --dram --queue (train_hw.h: hw_queue_*): loads and commands through
# the command queue, against the sequential --dram run of the same seed on
# a slow stalling DRAM with AXI4-Lite delays (sim/nmsim_queue: both PASS,
# their dumps identical byte for byte).  make test: the configs make test
# builds nmsim for, and tiny under ASan+UBSan; make regress (regress-dram): the others.
NMSIM_QUEUE_CFGS ?= $(NMSIM_TEST_CFGS)
NMSIM_QUEUE_REGRESS_CFGS ?= $(filter-out $(NMSIM_QUEUE_CFGS),$(CONFIGS))
nmsim_queue_tests = $(foreach c,$(1),"nmsim-queue-$(c): sim/nmsim_queue $(BUILD)/$(c)/nmsim $(c) 7 37 4 25")
TEST_CMDS += $(call nmsim_queue_tests,$(NMSIM_QUEUE_CFGS)) \
  "nmsim-queue-asan: $(BUILD)/asan/$(NMSIM_ASAN_CFG)/nmsim --config $(NMSIM_ASAN_CFG) --seed 8 --iters 2 \
  --check-cycles --dram --queue --dram-latency 21 --dram-bytes-per-cycle 2 --dram-stall 40 --axi-delays --quiet"

# make regress-top-gl: nmsim on the gate-level nm_top of each TOP_GL_CFGS
# config (sim/top.mk), bit-exact and cycle-exact like the RTL.  In make
# regress, not make test: building a model takes ~15 minutes on 2 cores
# (Yosys ~4-5 min, Verilation and C++ at -O0 ~11 min), far more than the
# runs (1-15 s each).
NMSIM_GL_SEEDS ?= 1 2 3 4
nmsim_gl = $(BUILD)/$(1)_gl/nmsim --config $(1)
.PHONY: regress-top-gl regress-top-gl-icarus
regress: regress-top-gl regress-top-gl-icarus
regress-top-gl: $(foreach c,$(TOP_GL_CFGS),$(BUILD)/$(c)_gl/nmsim)
	sim/run_tests $(foreach c,$(TOP_GL_CFGS),$(foreach s,$(NMSIM_GL_SEEDS),"nmsim-$(c)-gl-seed$(s): \
	  $(call nmsim_gl,$(c)) --seed $(s) --iters 3 --check-cycles $(if $(filter 2,$(s)),--axi-delays) --quiet") \
	  "nmsim-$(c)-gl-frontdoor: $(call nmsim_gl,$(c)) --seed 4 --iters 2 --frontdoor --axi-delays --check-cycles --quiet" \
	  "nmsim-$(c)-gl-dram-queue: $(call nmsim_gl,$(c)) $(REPLAY_DRAM_ARGS) --queue")

# make regress-top-gl-icarus: the same netlists in the 4-state simulator.
# sim/replay_top records an nmsim run (plain, and --dram --queue) on the
# RTL model and replays it on the netlist in Icarus: every output, every
# cycle, with !==, and the final buffers (~7 minutes for tiny, ~10 for ecp5).
regress-top-gl-icarus: $(foreach c,$(TOP_GL_CFGS),$(BUILD)/$(c)_gl/gl/$(TOP_SIM).v $(BUILD)/$(c)/nmsim)
	sim/run_tests $(foreach c,$(TOP_GL_CFGS),"icarus-top-gl-$(c): sim/replay_top \
	  --netlist $(BUILD)/$(c)_gl/gl/$(TOP_SIM).v $(BUILD)/$(c)/gen \
	  '$(BUILD)/$(c)/nmsim --config $(c) --seed 1 --iters 1 --check-cycles --quiet' \
	  '$(BUILD)/$(c)/nmsim --config $(c) $(REPLAY_DRAM_ARGS) --queue'")

# make regress-top: >= 200 workloads over 4 configs, sharded.
NMSIM_REGRESS_CFGS  ?= tiny mid deep default
NMSIM_REGRESS_SEEDS ?= $(shell seq 1 50)
NMSIM_REGRESS_ITERS ?= 3
NMSIM_SHARDS        ?= 8
NMSIM_JOBS := $(foreach c,$(NMSIM_REGRESS_CFGS),$(foreach s,$(NMSIM_REGRESS_SEEDS),$(c):$(s):$(NMSIM_REGRESS_ITERS)))
NMSIM_SHARD_IDS := $(shell seq 1 $(NMSIM_SHARDS))

.PHONY: regress-top $(addprefix regress-top-shard-,$(NMSIM_SHARD_IDS))
regress: regress-top
# Each shard always finishes (its log and XML record failures); regress-top adds them up.
$(foreach i,$(NMSIM_SHARD_IDS),$(eval regress-top-shard-$(i): \
  $(foreach c,$(NMSIM_REGRESS_CFGS),$(BUILD)/$(c)/nmsim) ; \
  @mkdir -p $(BUILD)/regress && NMSIM_BUILD=$(BUILD) sim/regress --shard $(i)/$(NMSIM_SHARDS) \
    --junit $(BUILD)/regress/top-$(i).xml $(NMSIM_JOBS) > $(BUILD)/regress/top-$(i).log 2>&1; \
    tail -n 1 $(BUILD)/regress/top-$(i).log))
regress-top: $(addprefix regress-top-shard-,$(NMSIM_SHARD_IDS))
	@grep -h '^FAILED' $(foreach i,$(NMSIM_SHARD_IDS),$(BUILD)/regress/top-$(i).log) || true
	@cat $(foreach i,$(NMSIM_SHARD_IDS),$(BUILD)/regress/top-$(i).log) | \
	  awk '/^[0-9]+ passed, [0-9]+ failed/ { p += $$1; f += $$3; n++ } \
	       END { if (n != $(NMSIM_SHARDS) || p + f != $(words $(NMSIM_JOBS))) { \
	               printf "regress-top: %d of $(NMSIM_SHARDS) shards ended with a summary, %d of" \
	                      " $(words $(NMSIM_JOBS)) jobs counted (a shard died: see its log)\n", n, p + f; f++ } \
	             printf "regress-top (%d shards, JUnit in $(BUILD)/regress/top-*.xml): %d passed, %d failed\n", \
	             $(NMSIM_SHARDS), p, f; exit f != 0 }'

# make demo's workload (Makefile): on the default config three layers with
# 2:8, 2:4 and 1:8 weights, one a conv (ANT); DEMO_LAYERS= gives random layers.
NMSIM_DEMO_LAYERS := fc:128x64x64@2:8,conv:8x12x12x16k3s1p1@2:4,fc:64x32x32@1:8
DEMO_LAYERS ?= $(if $(filter default,$(CONFIG)),$(NMSIM_DEMO_LAYERS))

# The trace `make wave` opens: a 1-iteration default workload, made if missing.
WAVE_CFG   ?= $(CONFIG)
WAVE_SEED  ?= 1
WAVE_TRACE ?= $(BUILD)/wave/last.fst
# nmsim writes last.gtkw beside it.
$(BUILD)/wave/last.fst: $(BUILD)/$(WAVE_CFG)/nmsim
	@mkdir -p $(@D)
	$(BUILD)/$(WAVE_CFG)/nmsim --config $(WAVE_CFG) --seed $(WAVE_SEED) --iters 1 --quiet --trace $@
