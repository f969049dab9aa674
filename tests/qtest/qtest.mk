# qtest suite: drives the goldfish machine's devices from outside the guest
# (QEMU's qtest protocol, python3 standard library), plus guest images that
# boot on each CPU and play audio under -icount.  See tests/qtest/run.py.

QTEST_DIR := $(BUILD)/qtest
QTEST_IMAGES := $(QTEST_DIR)/boot_smoke.elf $(QTEST_DIR)/play_smoke.elf \
                $(QTEST_DIR)/capture_smoke.elf $(QTEST_DIR)/host_door.elf

$(QTEST_DIR)/%.o: tests/qtest/%.S | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,AS,$<)$(FW_AS) -march=armv7-a -o $@ $<

# Linked at 64 KiB: RAM starts at 0, and the low page is where vectors go.
$(QTEST_DIR)/%.elf: $(QTEST_DIR)/%.o
	$(call say,LD,$@)$(FW_LD) -Ttext=0x10000 -e _start -o $@ $<

# The migration round trip plays the firmware itself.
test-qtest: qemu $(QTEST_IMAGES) $(FIRMWARE) | deps-host
	@QTEST_IMAGES=$(abspath $(QTEST_DIR)) tests/run-suite.sh qtest \
	  timeout 600 python3 tests/qtest/run.py

TEST_SUITES += test-qtest
FW_TEST_SUITES += test-qtest
.PHONY: test-qtest
