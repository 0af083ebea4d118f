# Test programs.  Each prints Check's summary line; sim/run_tests adds them
# up into the final "N passed, N failed".

MODEL_SRC  := $(wildcard tb/model/*.c)
FP_MODEL_SRC := tb/model/nm_fp.c tb/model/nm_rng.c  # what the FP tests need
MODEL_HDR  := $(wildcard tb/model/*.h)
TB_INC     := -Itb/model -Itb/tests -Itb/nmsim -Itb/bench -Itb/dut
FPV_SRC    := tb/tests/fp_vectors.c
# Every Check test program links the one test main and the shared helpers
# (tb/tests/check_main.h: a program defines its check_program descriptor).
CHECK_MAIN := tb/tests/check_main.c tb/tests/check_util.c

# $(call c_test,name,sources,flags,outdir): sources plus CHECK_MAIN.
define c_test
$(4)/$(1): $(2) $(CHECK_MAIN) $(MODEL_HDR) $(wildcard tb/tests/*.h)
	@mkdir -p $$(@D)
	$$(CC) $$(CSTD) $(3) $$(TB_INC) -o $$@ $(2) $(CHECK_MAIN) $$(CHECK_LIBS)
endef
$(eval $(call c_test,test_model_fp,tb/tests/test_model_fp.c $(FPV_SRC) $(FP_MODEL_SRC),$(OPT),$(BUILD)/tests))
$(eval $(call c_test,test_model_fp,tb/tests/test_model_fp.c $(FPV_SRC) $(FP_MODEL_SRC),$(SAN),$(BUILD)/asan/tests))
$(eval $(call c_test,test_nmgen,tb/tests/test_nmgen.c generator/template.c generator/strbuf.c,$(OPT),$(BUILD)/tests))
$(eval $(call c_test,test_nmgen,tb/tests/test_nmgen.c generator/template.c generator/strbuf.c,$(SAN),$(BUILD)/asan/tests))

# The e2e bench's two-channel schedule model (tb/bench/e2e_sched.c), no RTL.
E2E_SCHED_C := tb/tests/test_e2e_sched.c tb/bench/e2e_sched.c tb/model/nm_rng.c
$(eval $(call c_test,test_e2e_sched,$(E2E_SCHED_C),$(OPT),$(BUILD)/tests))
$(eval $(call c_test,test_e2e_sched,$(E2E_SCHED_C),$(SAN),$(BUILD)/asan/tests))
$(BUILD)/tests/test_e2e_sched $(BUILD)/asan/tests/test_e2e_sched: tb/bench/e2e_sched.h

# RTL vs model for the FP units: C test + C++ shim + every FP_TEST_CFGS model.
RTL_FP_LIB := $(FPV_SRC) $(CHECK_MAIN) $(FP_MODEL_SRC)
RTL_FP_C := tb/tests/test_rtl_fp.c $(RTL_FP_LIB)
define rtl_fp_test
$(1)/test_rtl_fp: $(RTL_FP_C) tb/dut/dut_fp.cpp tb/dut/dut_fp.h tb/dut/dut_fp_impl.h $(DUT_CORE) \
                  $(MODEL_HDR) $(FP_MODEL_OBJS) $(FP_MODEL_LIBS) $(VL_RT_OBJS)
	@mkdir -p $$(@D)/obj
	$$(CXX) $$(CXXSTD) $(2) $$(VL_CXX_INC) -Itb/dut -c -o $$(@D)/obj/dut_fp.o tb/dut/dut_fp.cpp
	$$(CC) $$(CSTD) $(2) $$(TB_INC) -c tb/tests/test_rtl_fp.c -o $$(@D)/obj/test_rtl_fp.o
	$$(foreach s,$(RTL_FP_LIB),$$(CC) $$(CSTD) $(2) $$(TB_INC) -c $$(s) -o $$(@D)/obj/$$(notdir $$(s:.c=.o)) &&) true
	$$(CXX) $(2) -o $$@ $$(@D)/obj/test_rtl_fp.o $$(@D)/obj/dut_fp.o \
	  $$(addprefix $$(@D)/obj/,$$(notdir $$(patsubst %.c,%.o,$(RTL_FP_LIB)))) \
	  $$(FP_MODEL_OBJS) $$(FP_MODEL_LIBS) $$(VL_RT_OBJS) $$(CHECK_LIBS) -pthread
endef
$(eval $(call rtl_fp_test,$(BUILD)/tests,$(OPT)))
$(eval $(call rtl_fp_test,$(BUILD)/asan/tests,$(SAN)))

# The Icarus replay (second simulator): vectors, golden results and a bench
# written by replay_fp, run on the deep config's pipelined adder.
$(BUILD)/tests/replay_fp: tb/tests/replay_fp.c tb/tests/fp_vectors.c $(FP_MODEL_SRC) $(MODEL_HDR) tb/tests/fp_vectors.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(OPT) $(TB_INC) -o $@ tb/tests/replay_fp.c tb/tests/fp_vectors.c $(FP_MODEL_SRC)

TEST_BINS += $(BUILD)/tests/replay_fp $(BUILD)/deep/gen/manifest.json
TEST_BINS += $(addprefix $(BUILD)/tests/,test_nmgen test_model_fp test_rtl_fp test_e2e_sched) \
             $(addprefix $(BUILD)/asan/tests/,test_nmgen test_model_fp test_rtl_fp test_e2e_sched)

# "label: command" entries for sim/run_tests; each block's sim/<block>.mk adds its own.
# The ASan builds run reduced vector counts (NMTEST_QUICK): they hunt memory
# and UB errors in the harness, the full-count runs hunt numeric ones.
TEST_CMDS += "generator: NMGEN=$(BUILD)/nmgen $(BUILD)/tests/test_nmgen" \
             "model-fp: $(BUILD)/tests/test_model_fp" \
             "e2e-sched: $(BUILD)/tests/test_e2e_sched" \
             "e2e-sched-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_e2e_sched" \
             "rtl-fp: $(BUILD)/tests/test_rtl_fp" \
             "generator-asan: NMGEN=$(BUILD)/asan/nmgen $(BUILD)/asan/tests/test_nmgen" \
             "model-fp-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_model_fp" \
             "rtl-fp-asan: NMTEST_QUICK=1 $(BUILD)/asan/tests/test_rtl_fp" \
             "icarus-replay-fp32-add: REPLAY_FP=$(BUILD)/tests/replay_fp sim/replay_icarus $(BUILD)/deep/gen nm_fp32_add 20000 1" \
             "icarus-replay-fp16-mul: REPLAY_FP=$(BUILD)/tests/replay_fp sim/replay_icarus $(BUILD)/deep/gen nm_fp16_mul 20000 2"
# sim/run_tests itself: runs that test nothing (Checks: 0, a mistyped
# NMTEST_ONLY_CFG, no result line) or hide a failure in a pipe must fail.
TEST_CMDS += "run-tests-selftest: sim/run_tests_selftest $(BUILD)/tests/test_rtl_stce"
LONG_CMDS += "model-fp-long: NMTEST_LONG=1 $(BUILD)/tests/test_model_fp" \
             "rtl-fp-long: NMTEST_LONG=1 NMTEST_ONLY_CFG=default $(BUILD)/tests/test_rtl_fp"
