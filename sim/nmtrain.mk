# nmtrain: an MLP trained on scikit-learn's handwritten digits on the
# simulated accelerator (tb/train/), one binary per config, build/<cfg>/nmtrain,
# linked against that config's Verilated nm_top (sim/top.mk) and nmsim's
# command path (tb/nmsim/train_*.c).  The dataset is the digits.csv.gz that
# Debian's python3-sklearn ships (sim/packages.txt); nothing is downloaded.
#
#   make build/<cfg>/nmtrain   the trainer of a config
#   make test                  sim/nmtrain_test on NMTRAIN_TEST_CFG (mid): a
#                              short 2:8 run on the hardware and the same run
#                              on the golden model (bit-identical, loss falls,
#                              test accuracy far above chance), bad inputs
#   make train-digits          every mode of TRAIN_MODES for TRAIN_EPOCHS epochs
#                              (golden model: bit-identical to the hardware and
#                              ~100x faster; TRAIN_HW=1 runs the hardware),
#                              build/train/digits.{txt,md,png} (sim/nmtrain_plot)

NMTRAIN_SRC := $(wildcard tb/train/*.c) $(filter-out tb/nmsim/nmsim.c,$(NMSIM_SRC)) \
               tb/bench/bench_net_tile.c tb/bench/bench_net_top.c
NMTRAIN_HDR := $(wildcard tb/train/*.h) $(NMSIM_HDR) tb/bench/bench_net.h
NMTRAIN_C   := $(NMTRAIN_SRC) $(MODEL_SRC)
NMTRAIN_CFLAGS := $(CSTD) $(OPT) -D_POSIX_C_SOURCE=200809L $(TB_INC) -Itb/train

# $(call nmtrain_bin,cfg): build/<cfg>/nmtrain, objects in build/<cfg>/obj_nmtrain/.
define nmtrain_bin
$(BUILD)/$(1)/nmtrain: $(NMTRAIN_C) $(NMTRAIN_HDR) $(BUILD)/$(1)/gen/manifest.json $(call top_deps,$(1))
	@mkdir -p $(BUILD)/$(1)/obj_nmtrain
	@echo "$$(CC) $$(NMTRAIN_CFLAGS) -include $(BUILD)/$(1)/gen/nm_config.h -c <each of NMTRAIN_C>"
	@$$(foreach s,$(NMTRAIN_C),$$(CC) $$(NMTRAIN_CFLAGS) $(call NMSIM_DRV,$(1)) -include $(BUILD)/$(1)/gen/nm_config.h \
	  -c $$(s) -o $(BUILD)/$(1)/obj_nmtrain/$$(notdir $$(s:.c=.o)) &&) true
	$$(CC) $$(DRIVER_CFLAGS) $$(OPT) -c $(BUILD)/$(1)/gen/driver/nm_driver.c -o $(BUILD)/$(1)/obj_nmtrain/nm_driver.o
	$$(CXX) $$(OPT) -o $$@ $$(addprefix $(BUILD)/$(1)/obj_nmtrain/,$$(notdir $$(NMTRAIN_C:.c=.o)) nm_driver.o) \
	  $$(call top_link,$(1)) -lm
endef
$(foreach c,$(CONFIGS),$(eval $(call nmtrain_bin,$(c))))

NMTRAIN_TEST_CFG ?= mid
TEST_BINS += $(BUILD)/$(NMTRAIN_TEST_CFG)/nmtrain
TEST_CMDS += "nmtrain-$(NMTRAIN_TEST_CFG): sim/nmtrain_test $(BUILD)/$(NMTRAIN_TEST_CFG)/nmtrain"

# make train-digits (in make bench): the full runs.
TRAIN_CFG    ?= mid
TRAIN_MODES  ?= dense 2:4 2:8 1:8
TRAIN_EPOCHS ?= 30
TRAIN_SEED   ?= 1
TRAIN_HW     ?= 0
TRAIN_DIR    := $(BUILD)/train
.PHONY: train-digits
bench: train-digits
train-digits: $(BUILD)/$(TRAIN_CFG)/nmtrain
	@mkdir -p $(TRAIN_DIR)
	sim/nmtrain_plot --bin $(BUILD)/$(TRAIN_CFG)/nmtrain --out $(TRAIN_DIR) --epochs $(TRAIN_EPOCHS) \
	  --seed $(TRAIN_SEED) $(if $(filter 1,$(TRAIN_HW)),--hw) $(TRAIN_MODES)
