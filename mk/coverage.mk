# Coverage of the firmware, from every suite that boots it on every board,
# of the host tools those suites run, and of the host logic, from the host
# unit tests.
#
#   make coverage    the suites that boot the firmware (FW_TEST_SUITES:
#                    target, e2e, formats, readme, bringup, plain, play,
#                    qtest; each other board's BOARD_TEST_SUITES) run in the
#                    instrumented build
#                    (COVERAGE=1, build/cov/), the host tests run with
#                    --coverage, and tests/coverage/report.py prints line and
#                    branch coverage per file, the least-covered files with
#                    the reason what stays uncovered stays so
#                    (tests/coverage/uncovered.txt, checked).  1.5 to 4
#                    minutes on 2 cores from a clean build/cov/.
#
# The instrumented build: GCC 12 freestanding gcov.  Every firmware object
# is compiled with --coverage -fprofile-info-section, every image is linked
# with tests/coverage/gcov_dump.c (not instrumented itself), which writes
# the counters into $(BUILD)/gcda through semihosting when the firmware
# ends (--wrap=board_exit: main's return, exit, the fatal path), one set per
# QEMU run.  The rest is the suites' own: their rules, scripts and job
# lists, in a build tree of its own ($(BUILD_TOP), exported as KOI_BUILD).
# Same -O2 as the real build, so the code measured is the code that ships
# (a few lines fold into others).  Suites that check exact instruction
# counts or the timing of a period may fail on the instrumented images:
# their results are in build/cov/test-results/, shown, not hidden.

COV_TOP   := build/cov
COV_GCDA  := $(abspath $(BUILD)/gcda)

ifeq ($(COVERAGE),1)
COV_DUMP  := $(BUILD)/cov/gcov_dump.o
COV_LD    := tests/coverage/coverage.ld
COV_DUMP_CFLAGS := $(FW_CFLAGS)
$(COV_DUMP): tests/coverage/gcov_dump.c | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$<)$(FW_CC) $(COV_DUMP_CFLAGS) -DKOI_COV_OUT='"$(COV_GCDA)"' -c $< -o $@

# The product's objects only: the test and bring-up images' own code runs
# as it does in the normal build (and its instruction counts with it).
COV_DIRS   := arch lib drivers board audio app
$(patsubst %,$(BUILD)/fw/%/%.c.o,$(COV_DIRS)): FW_CFLAGS += --coverage -fprofile-info-section \
                                                          -fprofile-update=single
FW_LDFLAGS += -Wl,-T,$(COV_LD) -Wl,--wrap=board_exit
FW_LIBS    := $(COV_DUMP) -lgcov $(FW_LIBS)
# Every image links them (fw_link, mk/firmware.mk, takes FW_LDFLAGS and
# FW_LIBS): each one waits for them and relinks when they change.
$(FIRMWARE) $(E2E_TEST_FW) $(TARGET_ELFS) $(BRINGUP_ELFS) $(BENCH_ELFS): $(COV_DUMP) $(COV_LD)

# The host tools the suites run (the expected sound, the comparison) are
# measured too, from the same runs: tools/ in the report.
$(BUILD)/tools/koi-render $(BUILD)/tools/wavcmp: TOOLS_CFLAGS += --coverage

# This board's suites that boot the firmware (in parallel under -j: each
# QEMU run writes a set of its own);
# failures are reported by the summary, and the counters are kept anyway.
coverage-suites:
	@mkdir -p $(COV_GCDA)
	@$(MAKE) --no-print-directory -k $(filter $(FW_TEST_SUITES),$(TEST_SUITES)) || true
.PHONY: coverage-suites
endif

# Host: the unit tests' sources with --coverage, no sanitizers.
COV_HOST       := $(COV_TOP)/host-gcov
COV_HOST_FLAGS := $(HOST_CFLAGS_BASE) -O1 --coverage
COV_HOST_OBJS  := $(patsubst %.c,$(COV_HOST)/%.o,$(HOST_SRCS))
COV_HOST_BINS  := $(addprefix $(COV_HOST)/bin/,$(HOST_TESTS))

$(COV_HOST)/%.o: %.c | deps-host
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)$(HOST_CC) $(COV_HOST_FLAGS) -MMD -MP -c $< -o $@

$(COV_HOST)/bin/%: $(COV_HOST)/tests/host/%.o $(COV_HOST_OBJS)
	@mkdir -p $(@D)
	$(call say,HOSTLD,$@)$(HOST_CC) $(COV_HOST_FLAGS) $^ $(HOST_LDLIBS) -o $@

# Each board's counters start empty: a board's images may run from another
# board's suite (the readme's BOARD=vexpress-a9 examples), so every
# directory is there before any suite starts.
COV_BOARDS  = goldfish $(OTHER_BOARDS)
cov_gcda    = $(COV_TOP)$(if $(filter-out goldfish,$(1)),/$(1))/gcda

coverage: $(COV_HOST_BINS)
	@rm -rf $(COV_TOP)/test-results $(foreach b,$(COV_BOARDS),$(call cov_gcda,$(b)))
	@mkdir -p $(foreach b,$(COV_BOARDS),$(call cov_gcda,$(b)))
	@find $(COV_TOP) -path '*/tools/*.gcda' -delete
	@find $(COV_HOST) -name '*.gcda' -delete
	@for b in $(COV_BOARDS); do \
	  echo "coverage: $$b: the suites that boot the firmware, on the instrumented build"; \
	  $(MAKE) --no-print-directory COVERAGE=1 BOARD=$$b coverage-suites || true; done
	@echo "coverage: host tests..."
	@for t in $(HOST_TESTS); do $(COV_HOST)/bin/$$t > /dev/null 2>&1 || \
	  echo "coverage: $$t failed"; done
	@KOI_BUILD=$(COV_TOP) tests/summary.sh || true
	@python3 tests/coverage/report.py $(COV_TOP)

.PHONY: coverage
-include $(COV_HOST_OBJS:.o=.d) $(patsubst %,$(COV_HOST)/tests/host/%.d,$(HOST_TESTS))
