# nm_top in a second, 4-state simulator, and X/reset-randomized Verilator runs.
#
#   make test   icarus-top-<cfg> for REPLAY_TOP_CFGS (+ REPLAY_NMSIM_CFGS): sim/replay_top records a
#               short nmsim workload (OS and WS GEMMs, PRUNE, UPDATE, ANT),
#               top_refusals (every refusal code) and top_xfer (XFER with DRAM:
#               every layout kind, a GEMM fed by XFER, bad descriptors, bus
#               errors, taint) on the Verilated nm_top_sim
#               (NMTOP_RECORD, tb/dut/dut_top_record.h) and replays the
#               stream in Icarus (tb/icarus/nm_top_replay_tb.v): every output
#               (m_axi_* too, its inputs driven from the record), every cycle,
#               with !==, plus the final buffers; icarus-top-queue-tiny: the
#               same for nmsim --dram --queue (every tensor moved by XFER, through
#               the command queue); icarus-top-dram-<cfg> (make regress): nmsim --dram;
#               nmsim-xu-<cfg> for XU_CFGS: nmsim on a model built with
#               --x-assign unique --x-initial unique, under XU_SEEDS random
#               seeds (+verilator+rand+reset+2), must print what the normal
#               model prints (same PASS, same cycles): sim/xrand_top.

REPLAY_TOP_CFGS ?= tiny tall ws
XU_CFGS         ?= tiny tall
XU_SEEDS        ?= 1 2 3
# The recorded nmsim workload per config (1 iteration keeps Icarus at seconds;
# these seeds draw both dataflows on the configs that have both).
REPLAY_TOP_SEED ?= 1

# $(BUILD)/<cfg>/top_refusals: the refusal cases over cfg's nm_top.
define top_refusals_bin
$(BUILD)/$(1)/top_refusals: tb/icarus/top_refusals.c tb/dut/dut_top.h $(call top_deps,$(1))
	@mkdir -p $$(@D)/obj_refusals
	$$(CC) $$(CSTD) $$(OPT) -Itb/dut -include $(BUILD)/$(1)/gen/nm_config.h \
	  -c $$< -o $$(@D)/obj_refusals/top_refusals.o
	$$(CXX) $$(OPT) -o $$@ $$(@D)/obj_refusals/top_refusals.o $$(call top_link,$(1))
endef
$(foreach c,$(REPLAY_TOP_CFGS),$(eval $(call top_refusals_bin,$(c))))

# $(BUILD)/<cfg>/top_xfer: XFER with DRAM on m_axi_* over cfg's nm_top (the
# layout descriptors of tb/tests/dma_pack_desc.c, nm_layout for the checks).
TOP_XFER_C := tb/icarus/top_xfer.c tb/tests/dma_pack_desc.c tb/model/nm_layout.c tb/model/nm_rng.c
define top_xfer_bin
$(BUILD)/$(1)/top_xfer: $(TOP_XFER_C) tb/tests/dma_pack_harness.h tb/model/nm_layout.h tb/model/nm_layout_here.h \
                        tb/dut/dut_top.h $(call top_deps,$(1))
	@mkdir -p $$(@D)/obj_xfer
	$$(foreach s,$(TOP_XFER_C),$$(CC) $$(CSTD) $$(OPT) -Itb/dut -Itb/model -Itb/tests \
	  -include $(BUILD)/$(1)/gen/nm_config.h -c $$(s) -o $$(@D)/obj_xfer/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $$(OPT) -o $$@ $$(addprefix $$(@D)/obj_xfer/,$$(notdir $$(TOP_XFER_C:.c=.o))) $$(call top_link,$(1))
endef
$(foreach c,$(REPLAY_TOP_CFGS),$(eval $(call top_xfer_bin,$(c))))
# The XFER run's seed (DRAM latency, bandwidth, stalls, data).
REPLAY_XFER_SEED ?= 1

TEST_BINS += $(foreach c,$(REPLAY_TOP_CFGS),$(BUILD)/$(c)/top_refusals $(BUILD)/$(c)/top_xfer $(BUILD)/$(c)/nmsim)
TEST_CMDS += $(foreach c,$(REPLAY_TOP_CFGS),"icarus-top-$(c): sim/replay_top $(BUILD)/$(c)/gen \
  '$(BUILD)/$(c)/nmsim --config $(c) --seed $(REPLAY_TOP_SEED) --iters 1 --check-cycles --quiet' \
  '$(BUILD)/$(c)/top_refusals' '$(BUILD)/$(c)/top_xfer $(REPLAY_XFER_SEED)'")

# icarus-top-<cfg> for REPLAY_NMSIM_CFGS: the nmsim workload alone (no
# refusal or XFER runs: tiny's cover those paths), for what only that
# config has: mid's 2-engine ANT array (bank p = engine p: 20 ANT
# commands at seed 1); ~40 s of Icarus.
REPLAY_NMSIM_CFGS ?= mid
TEST_BINS += $(foreach c,$(REPLAY_NMSIM_CFGS),$(BUILD)/$(c)/nmsim)
TEST_CMDS += $(foreach c,$(REPLAY_NMSIM_CFGS),"icarus-top-$(c): sim/replay_top $(BUILD)/$(c)/gen \
  '$(BUILD)/$(c)/nmsim --config $(c) --seed $(REPLAY_TOP_SEED) --iters 1 --check-cycles --quiet'")

# icarus-top-dram-<cfg>: nmsim --dram (every tensor moved by XFER through
# the generated driver, tb/nmsim/train_dram.c) recorded and replayed the
# same way; one iteration on the middling DRAM of sim/nmsim.mk's runs
# (latency 37, 4 B a cycle, 25 % stalls, AXI4-Lite delays).  make test
# replays tiny with --queue (icarus-top-queue-tiny: the command queue's
# issue, waits, Q_* registers and irq_o in 4 states); tiny, tall and ws
# without it (2-4 minutes of Icarus each) are in make regress
# (regress-icarus-dram): their XFER-by-CMD paths are replayed in make test
# already by top_xfer inside icarus-top-<cfg>.
REPLAY_QUEUE_CFGS ?= tiny
REPLAY_DRAM_REGRESS_CFGS ?= tiny tall ws
REPLAY_DRAM_ARGS ?= --seed 2 --iters 1 --check-cycles --dram --dram-latency 37 --dram-bytes-per-cycle 4 \
  --dram-stall 25 --axi-delays --quiet
# $(call replay_dram_tests,cfgs[,queue]): queue non-empty adds --queue.
replay_dram_tests = $(foreach c,$(1),"icarus-top-$(if $(2),queue,dram)-$(c): sim/replay_top $(BUILD)/$(c)/gen \
  '$(BUILD)/$(c)/nmsim --config $(c) $(REPLAY_DRAM_ARGS)$(if $(2), --queue)'")
TEST_CMDS += $(call replay_dram_tests,$(REPLAY_QUEUE_CFGS),queue)

# icarus-top-queue-engines-<cfg>: test_rtl_top_dma's queue tests (sim/top_dma.mk;
# NMTEST_QUICK: the double-buffered tiles, the faults and Q_CTRL.RESET, and
# a GEMM, a PRUNE, an UPDATE and an ANT side by side on their engines)
# recorded and replayed: the queue's five channels in the 4-state
# simulator (~40 s of Icarus).  REPLAY_QENG_CFGS must be in TOP_DMA_CFGS.
REPLAY_QENG_CFGS ?= tiny
TEST_CMDS += $(foreach c,$(REPLAY_QENG_CFGS),"icarus-top-queue-engines-$(c): sim/replay_top $(BUILD)/$(c)/gen \
  'NMTEST_QUICK=1 CK_RUN_CASE=rtl_top_queue $(BUILD)/tests/test_rtl_top_dma_$(c)'")
.PHONY: regress-icarus-dram
regress: regress-icarus-dram
regress-icarus-dram: $(foreach c,$(REPLAY_DRAM_REGRESS_CFGS),$(BUILD)/$(c)/nmsim)
	sim/run_tests $(call replay_dram_tests,$(REPLAY_DRAM_REGRESS_CFGS))

# The X-randomized model: own directory and class (V<cfg>_nm_top_sim_xu), the
# trace flags of the normal one (the adapter can trace), Verilator's X
# options replaced.
VL_XU_FLAGS := $(filter-out --x-assign --x-initial fast,$(VL_FLAGS)) --x-assign unique --x-initial unique
xu_lib = $(call vl_lib,$(1),$(TOP_SIM)_xu)
xu_adapter = $(BUILD)/$(1)/vl/$(TOP_SIM)_xu/dut_top_model.o
define top_xu
$(call xu_lib,$(1)): $(BUILD)/$(1)/gen/manifest.json
	@rm -rf $(BUILD)/$(1)/vl/$(TOP_SIM)_xu && mkdir -p $(BUILD)/$(1)/vl
	$(VERILATOR) $(VL_XU_FLAGS) $(TOP_TRACE_FLAGS) --top-module $(TOP_SIM) --prefix V$(1)_$(TOP_SIM)_xu \
	  -Mdir $(BUILD)/$(1)/vl/$(TOP_SIM)_xu -F $(BUILD)/$(1)/gen/files.f \
	  -CFLAGS "$(VL_CXXFLAGS)" --build -j 2 >$(BUILD)/$(1)/vl/$(TOP_SIM)_xu.log 2>&1 \
	  || (cat $(BUILD)/$(1)/vl/$(TOP_SIM)_xu.log; exit 1)
$(call xu_adapter,$(1)): tb/dut/dut_top_model.cpp tb/dut/dut_top_impl.h tb/dut/dut_top_record.h $(DUT_CORE) $(call xu_lib,$(1))
	$(CXX) $(CXXSTD) $(VL_CXXFLAGS) -faligned-new $(VL_CXX_INC) -Itb/dut \
	  -isystem $(BUILD)/$(1)/vl/$(TOP_SIM)_xu -include $(BUILD)/$(1)/gen/nm_config.h \
	  -DDUT_CLASS=V$(1)_$(TOP_SIM)_xu '-DDUT_HEADER="V$(1)_$(TOP_SIM)_xu.h"' -c -o $$@ $$<
# nmsim's objects (and its nm_driver.o) come from build/<cfg>/nmsim's recipe
# (sim/nmsim.mk, read after this file: hence $$(NMSIM_C), expanded when the
# recipe runs).
$(BUILD)/$(1)/nmsim_xu: $(BUILD)/$(1)/nmsim $(call xu_adapter,$(1)) $(call top_shim_obj,$(1)) \
                        $(call xu_lib,$(1)) $(VL_RT_OBJS) $(VL_FST_OBJ) $(TOP_AXI_OBJS)
	$(CXX) $(OPT) -o $$@ $$(addprefix $(BUILD)/$(1)/obj_nmsim/,$$(notdir $$(NMSIM_C:.c=.o)) nm_driver.o) \
	  $(call xu_adapter,$(1)) $(call top_shim_obj,$(1)) $(call xu_lib,$(1)) $(VL_RT_OBJS) \
	  $(VL_FST_OBJ) $(TOP_AXI_OBJS) -lz -pthread
endef
$(foreach c,$(XU_CFGS),$(eval $(call top_xu,$(c))))

TEST_BINS += $(foreach c,$(XU_CFGS),$(BUILD)/$(c)/nmsim $(BUILD)/$(c)/nmsim_xu)
TEST_CMDS += $(foreach c,$(XU_CFGS),"nmsim-xu-$(c): sim/xrand_top $(BUILD)/$(c)/nmsim $(BUILD)/$(c)/nmsim_xu \
  '--config $(c) --seed 3 --iters 2 --check-cycles --quiet' $(XU_SEEDS)")
