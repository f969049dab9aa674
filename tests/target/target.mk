# Target tests: test images that run in QEMU (see tests/target/run.sh).
#
# Each tests/target/test_NAME.c is linked with the firmware objects except
# app/main.c and the programs, plus the TAP helper, into
# build/target/test_NAME.elf.  The robustness test builds jobs from
# command lines: it links the programs and their clips too.

TARGET_DIR    := $(BUILD)/target
# Every image on goldfish; another board's board.mk lists the ones it runs.
TARGET_TESTS  ?= $(patsubst tests/target/%.c,%,$(wildcard tests/target/test_*.c))
TARGET_ELFS   := $(patsubst %,$(TARGET_DIR)/%.elf,$(TARGET_TESTS))
TARGET_COMMON := $(BUILD)/fw/tests/target/tap.c.o

$(TARGET_DIR)/test_robust_audio.elf: TARGET_PROGRAMS := $(FW_PROGRAM_OBJS)
$(TARGET_DIR)/test_robust_audio.elf: $(FW_PROGRAM_OBJS)

$(TARGET_DIR)/%.elf: $(BUILD)/fw/tests/target/%.c.o $(TARGET_COMMON) $(FW_LIB_OBJS) $(FW_LDS) | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call fw_link,$< $(TARGET_COMMON) $(FW_LIB_OBJS) $(TARGET_PROGRAMS))

target-images: $(TARGET_ELFS)

test-target: $(TARGET_ELFS) $(FIRMWARE) $(RUN_QEMU)
	@tests/run-suite.sh $(if $(filter-out goldfish,$(BOARD)),$(BOARD)-)target \
	  tests/target/run.sh $(BOARD_QEMU) $(TARGET_DIR) $(BOARD)

TEST_SUITES += test-target
FW_TEST_SUITES += test-target
.PHONY: target-images test-target
-include $(patsubst %,$(BUILD)/fw/tests/target/%.c.d,$(TARGET_TESTS) tap)
