# Bring-up checkpoints (docs/bring-up.md): one small image per step, built
# from the real sources: every firmware object except board/boot.c (a step
# has its own boot_main, which runs the board's first stages) and
# app/main.c, plus the step (tests/bringup/stepN_*.c, the same on every
# board), tests/bringup/bringup.c and what the board adds to the steps
# (board/$(BOARD)/bringup/steps.c: step 7's device by its registers, step
# 8's slack).  The board's checkpoints file says how to boot a step and what
# its console must show.
#
#   make bringup-N     build step N, boot it, show its console and compare
#   make test-bringup  every step under -icount, plus the guide's copies

BRINGUP_DIR    := $(BUILD)/bringup
BRINGUP_STEPS  := 1 2 3 4 5 6 7 8 9
BRINGUP_CHECKS := board/$(BOARD)/bringup/checkpoints
# The guide whose consoles the checkpoints must match: the board's own page
# (docs/NAME.md) when it has one, else docs/bring-up.md (goldfish's); the
# results of another board's suite carry its name.
BRINGUP_DOC    := $(firstword $(wildcard docs/$(BOARD).md) docs/bring-up.md)
BRINGUP_SUITE  := $(if $(filter-out goldfish,$(BOARD)),$(BOARD)-)bringup
BRINGUP_COMMON := $(BUILD)/fw/tests/bringup/bringup.c.o $(BUILD)/fw/board/$(BOARD)/bringup/steps.c.o
BRINGUP_OBJS   := $(filter-out $(BUILD)/fw/board/boot.c.o,$(FW_LIB_OBJS))
BRINGUP_ELFS   := $(patsubst %,$(BRINGUP_DIR)/step%.elf,$(BRINGUP_STEPS))
bringup_src = $(wildcard tests/bringup/step$(1)_*.c)

define bringup_rule
$(BRINGUP_DIR)/step$(1).elf: $(BUILD)/fw/$(call bringup_src,$(1)).o $(BRINGUP_COMMON) $(BRINGUP_OBJS) $(FW_LDS) | $(FW_DEPS)
	@mkdir -p $$(@D)
	$$(call fw_link,$$< $$(BRINGUP_COMMON) $$(BRINGUP_OBJS))
endef
$(foreach n,$(BRINGUP_STEPS),$(eval $(call bringup_rule,$(n))))

bringup-images: $(BRINGUP_ELFS)

$(addprefix bringup-,$(BRINGUP_STEPS)): bringup-%: $(BRINGUP_DIR)/step%.elf $(RUN_QEMU)
	$(Q)tests/bringup/run.py show $(BRINGUP_DIR) $(BRINGUP_CHECKS) $*

test-bringup: $(BRINGUP_ELFS) $(RUN_QEMU)
	@tests/run-suite.sh $(BRINGUP_SUITE) timeout 900 tests/bringup/run.py check $(BRINGUP_DIR) \
	  $(BRINGUP_CHECKS) $(BRINGUP_DOC)

TEST_SUITES += test-bringup
FW_TEST_SUITES += test-bringup
.PHONY: bringup-images test-bringup $(addprefix bringup-,$(BRINGUP_STEPS))
-include $(foreach n,$(BRINGUP_STEPS),$(BUILD)/fw/$(call bringup_src,$(n)).d) $(BRINGUP_COMMON:.o=.d)
