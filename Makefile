# Koi — bare-metal audio stack for the goldfish machine.
#
#   make            firmware image (build/firmware.elf, .map, .lst, size report)
#   make run        boot it in QEMU (ARGS="..." are the firmware's arguments)
#   make test       every test suite; ends with "N passed, M failed"
#   make debug      QEMU waiting for gdb, and the gdb command to attach
#   make qemu       build qemu-system-arm with the goldfish machine (cached)
#   make clean
#
# Each part of the tree brings its own rules in a fragment included below;
# a fragment that adds a test suite appends its phony target to TEST_SUITES.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
# Objects are made by pattern chains; keep them, or every run rebuilds them.
.SECONDARY:
.SUFFIXES:

BUILD   := build
QEMU    := $(BUILD)/qemu-system-arm
TEST_SUITES :=

# Packages from Debian's archive, installed when missing (tools/bootstrap.sh).
deps-%:
	@tools/bootstrap.sh $*
# Not .PHONY: make skips implicit-rule search for phony targets, so a
# phony deps-NAME would never run this rule.  No file of that name is ever
# made, so the recipe runs every time it is asked for.

include mk/firmware.mk
include qemu/qemu.mk
include tests/host/host.mk
include tests/target/target.mk
include tests/qtest/qtest.mk
include tools/tools.mk
include tests/e2e/e2e.mk
include tests/bench/bench.mk
include tests/fuzz/fuzz.mk
include tests/soak/soak.mk
include mk/coverage.mk

# Every suite runs even when an earlier one fails; the summary decides.
test:
	@rm -rf $(BUILD)/test-results
	@$(MAKE) --no-print-directory -k $(TEST_SUITES) || true
	@tests/summary.sh $(TEST_SUITES)

clean:
	rm -rf $(BUILD)

.PHONY: all run test debug clean
