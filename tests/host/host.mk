# Host unit tests: cmocka, built with AddressSanitizer and UBSan.
#
# Every tests/host/test_NAME.c is one test binary, linked with all the
# pure-logic sources that build on the host: audio/*.c, app/ but main.c
# (the player runs on the board services of tests/host/fake_board.c), the
# generated clips, and HOST_SRCS_FW (set in mk/firmware.mk: the arch, lib
# and driver code that runs on the host, the drivers against a register
# model).  Each binary is one suite, host-NAME,
# reported in TAP.

HOST_CC     := gcc
HOST_CFLAGS := $(HOST_CFLAGS_BASE) -O1 $(HOST_SANITIZE)
HOST_LDLIBS := -lcmocka -lm

HOST_SRCS  := $(wildcard audio/*.c) $(filter-out app/main.c,$(wildcard app/*.c app/programs/*.c)) \
              $(ASSETS_DATA) $(GEN_SRCS) $(HOST_SRCS_FW) \
              $(filter-out tests/host/test_%.c,$(wildcard tests/host/*.c))
HOST_OBJS  := $(patsubst %.c,$(BUILD)/host/%.o,$(HOST_SRCS))
HOST_TESTS := $(patsubst tests/host/%.c,%,$(wildcard tests/host/test_*.c))
HOST_BINS  := $(addprefix $(BUILD)/host/bin/,$(HOST_TESTS))

$(BUILD)/host/%.o: %.c | deps-host
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/host/bin/%: $(BUILD)/host/tests/host/%.o $(HOST_OBJS)
	@mkdir -p $(@D)
	$(call say,HOSTLD,$@)$(HOST_CC) $(HOST_CFLAGS) $^ $(HOST_LDLIBS) -o $@

host-tests: $(HOST_BINS)

test-host: $(HOST_BINS)
	@for t in $(HOST_TESTS); do \
	  CMOCKA_MESSAGE_OUTPUT=TAP tests/run-suite.sh host-$${t#test_} \
	    timeout 300 $(BUILD)/host/bin/$$t; \
	done

TEST_SUITES += test-host
.PHONY: host-tests test-host
-include $(HOST_OBJS:.o=.d) $(patsubst %,$(BUILD)/host/tests/host/%.d,$(HOST_TESTS))
