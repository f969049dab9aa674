# End-to-end: the firmware plays in QEMU, the host renders the same arguments
# with the same code, and the two WAVs must match frame for frame.
#
# The forced underrun runs on a test image: the firmware's objects with the
# program table of tests/e2e/stall.c (the firmware's programs plus `stall`,
# which stops feeding the device once) instead of app/programs.c.  The
# shipped firmware has no such hook.

E2E_TEST_FW  := $(BUILD)/e2e/firmware-test.elf
# E2E_BOARD_OBJS: a board's test-only additions (board/NAME/board.mk).
E2E_FW_OBJS  := $(filter-out $(BUILD)/fw/app/programs.c.o,$(FW_OBJS)) $(BUILD)/fw/tests/e2e/stall.c.o \
                $(E2E_BOARD_OBJS)

$(E2E_TEST_FW): $(E2E_FW_OBJS) $(FW_LDS) | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call fw_link,$(E2E_FW_OBJS))

# The cases and how an underrun shows differ by board: board.mk may name
# its own runner (vexpress-a9: tests/e2e/vexpress.py).
E2E_RUNNER ?= tests/e2e/run.py

test-e2e: all tools $(RUN_QEMU) $(E2E_TEST_FW)
	@tests/run-suite.sh $(if $(filter-out goldfish,$(BOARD)),$(BOARD)-)e2e python3 $(E2E_RUNNER)

TEST_SUITES += test-e2e
FW_TEST_SUITES += test-e2e
.PHONY: test-e2e
-include $(BUILD)/fw/tests/e2e/stall.c.d $(E2E_BOARD_OBJS:.o=.d)
