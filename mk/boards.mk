# The boards other than goldfish, in `make test`: each board's suites run in
# a make of its own (BOARD=NAME: its build tree, its QEMU, its test lists
# from board/NAME/board.mk), and leave their results beside the others,
# in build/test-results, as NAME-SUITE.  `make BOARD=NAME test` runs that
# board's suites alone.  A new board is its folder (board/NAME/: board.c,
# linker.ld, board.mk with its driver list, bringup/), its drivers, and
# its name here.
OTHER_BOARDS      := vexpress-a9 virt
BOARD_TEST_SUITES ?= test-target test-bringup test-e2e

$(addprefix test-,$(OTHER_BOARDS)): test-%:
	@$(MAKE) --no-print-directory -k BOARD=$* $(BOARD_TEST_SUITES) || true

ifeq ($(BOARD),goldfish)
TEST_SUITES += $(addprefix test-,$(OTHER_BOARDS))
else
TEST_SUITES := $(BOARD_TEST_SUITES)
endif
.PHONY: $(addprefix test-,$(OTHER_BOARDS))
