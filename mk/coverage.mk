# Coverage of the firmware (from the target tests) and of the host logic
# (from the host unit tests).
#
#   make coverage    builds instrumented copies under build/cov/, runs the
#                    target suite (tests/target/run.sh) on them and every
#                    host test, then prints line and branch totals and the
#                    least-covered files (tests/coverage/report.py)
#
# Firmware: GCC 12 freestanding gcov.  Objects are compiled with --coverage
# -fprofile-info-section; tests/coverage/gcov_dump.c writes the counters at
# exit through semihosting into build/cov/gcda (one set per QEMU run), and
# the report merges them with arm-none-eabi-gcov-tool and reads them with
# arm-none-eabi-gcov.  Host: --coverage and gcov.  Same -O2/-O1 as the real
# builds, so the code measured is the code that ships (at -O2 a few lines
# fold into others).

COV_DIR     := $(BUILD)/cov
COV_GCDA    := $(abspath $(COV_DIR)/gcda)
COV_FW_FLAGS := $(FW_CFLAGS) --coverage -fprofile-info-section -fprofile-update=single
COV_FW_OBJS := $(patsubst %,$(COV_DIR)/fw/%.o,$(FW_SRCS))
COV_FW_LIB  := $(filter-out $(COV_DIR)/fw/app/main.c.o,$(COV_FW_OBJS))
COV_DUMP    := $(COV_DIR)/fw/tests/coverage/gcov_dump.c.o
COV_LD      := tests/coverage/coverage.ld
COV_LINK    := -Wl,-T,$(COV_LD)
COV_TARGETS := $(patsubst %,$(COV_DIR)/target/%.elf,$(TARGET_TESTS))

$(COV_DIR)/fw/%.c.o: %.c | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$<)$(FW_CC) $(COV_FW_FLAGS) -MMD -MP -c $< -o $@

$(COV_DIR)/fw/%.S.o: %.S | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,AS,$<)$(FW_CC) $(FW_ASFLAGS) -c $< -o $@

$(COV_DUMP): tests/coverage/gcov_dump.c | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$<)$(FW_CC) $(FW_CFLAGS) -DKOI_COV_OUT='"$(COV_GCDA)"' -c $< -o $@

$(COV_DIR)/firmware.elf: $(COV_FW_OBJS) $(COV_DUMP) $(COV_LD) $(FW_LDS) | $(FW_DEPS)
	$(call fw_link,$(COV_LINK) $(COV_FW_OBJS) $(COV_DUMP) -lgcov)

# The forced underrun runs on the test image's program table
# (tests/e2e/e2e.mk), built from the instrumented objects.
COV_TEST_FW   := $(COV_DIR)/firmware-test.elf
COV_TEST_OBJS := $(filter-out $(COV_DIR)/fw/app/programs.c.o,$(COV_FW_OBJS)) \
                 $(BUILD)/fw/tests/e2e/stall.c.o
$(COV_TEST_FW): $(COV_TEST_OBJS) $(COV_DUMP) $(COV_LD) $(FW_LDS) | $(FW_DEPS)
	$(call fw_link,$(COV_LINK) $(COV_TEST_OBJS) $(COV_DUMP) -lgcov)

# Test images: the tests themselves are not measured, the firmware is.
$(COV_DIR)/target/%.elf: $(BUILD)/fw/tests/target/%.c.o $(TARGET_COMMON) $(COV_FW_LIB) $(COV_DUMP) $(COV_LD) $(FW_LDS) | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call fw_link,$(COV_LINK) $< $(TARGET_COMMON) $(COV_FW_LIB) $(COV_DUMP) -lgcov)

# Host: the unit tests' sources with --coverage, no sanitizers.
COV_HOST_FLAGS := $(HOST_CFLAGS_BASE) -O1 --coverage
COV_HOST_OBJS  := $(patsubst %.c,$(COV_DIR)/host/%.o,$(HOST_SRCS))
COV_HOST_BINS  := $(addprefix $(COV_DIR)/host/bin/,$(HOST_TESTS))

$(COV_DIR)/host/%.o: %.c | deps-host
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)$(HOST_CC) $(COV_HOST_FLAGS) -MMD -MP -c $< -o $@

$(COV_DIR)/host/bin/%: $(COV_DIR)/host/tests/host/%.o $(COV_HOST_OBJS)
	@mkdir -p $(@D)
	$(call say,HOSTLD,$@)$(HOST_CC) $(COV_HOST_FLAGS) $^ $(HOST_LDLIBS) -o $@


coverage: $(COV_DIR)/firmware.elf $(COV_TEST_FW) $(COV_TARGETS) $(COV_HOST_BINS) qemu
	@rm -rf $(COV_GCDA) && mkdir -p $(COV_GCDA)
	@find $(COV_DIR)/host -name '*.gcda' -delete
	@echo "coverage: target tests on the instrumented firmware..."
	@tests/target/run.sh $(QEMU) $(COV_DIR)/target > $(COV_DIR)/target.tap 2>&1 || \
	  echo "coverage: some target tests failed on the instrumented build (see $(COV_DIR)/target.tap)"
	@echo "coverage: the firmware's own programs..."
	@for a in demo "mix --seconds 0.5" "mix --voices 64 --seconds 0.2" "piano --keys asdfzxq" \
	  $(foreach w,sine square saw triangle noise pink,"tone --wave $(w) --seconds 0.1") \
	  $(foreach f,s8 u8 s16 s24 s32 float,"pcm --format $(f) --rate 8000 --channels 1" \
	    "pcm --format $(f) --rate 48000 --channels 2") help; do \
	  tools/koi-qemu --icount 3 --timeout 60 --serial null $(COV_DIR)/firmware.elf $$a \
	    > /dev/null 2>&1 || echo "coverage: '$$a' failed"; done
	@tools/koi-qemu --icount 3 --timeout 60 --serial null $(COV_TEST_FW) \
	  stall --after 4096 --for 1536 tone --seconds 0.3 > /dev/null 2>&1 || \
	  echo "coverage: the forced underrun failed"
	@echo "coverage: host tests..."
	@for t in $(HOST_TESTS); do $(COV_DIR)/host/bin/$$t > /dev/null 2>&1 || \
	  echo "coverage: $$t failed"; done
	@python3 tests/coverage/report.py $(COV_DIR)

.PHONY: coverage
-include $(COV_FW_OBJS:.o=.d) $(COV_HOST_OBJS:.o=.d) \
  $(patsubst %,$(COV_DIR)/host/tests/host/%.d,$(HOST_TESTS))
