# Host fuzzing with libFuzzer (clang from Debian, bootstrap group `fuzz`).
#
#   make test-fuzz   (part of make test) each target: its regression inputs,
#                    then FUZZ_RUNS (or FUZZ_RUNS_NAME) fixed-seed iterations
#                    from the seed corpus, a few seconds each
#   make fuzz        each target for FUZZ_TIME seconds (default 300), new
#                    corpus entries kept in build/fuzz/corpus/NAME
#
# One binary per tests/fuzz/fuzz_NAME.c, linked with the same pure-logic
# sources as the host unit tests (HOST_SRCS, tests/host/host.mk), all built
# with ASan + UBSan.  Seeds: tests/fuzz/corpus/NAME/; inputs that once
# crashed: tests/fuzz/regress/NAME/ (replayed by every run).  See
# tests/fuzz/run.sh.

FUZZ_CC     := clang
FUZZ_CFLAGS := $(HOST_CFLAGS_BASE) -O1 $(HOST_SANITIZE)
FUZZ_DIR    := $(BUILD)/fuzz
FUZZ_NAMES  := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS   := $(addprefix $(FUZZ_DIR)/bin/fuzz_,$(FUZZ_NAMES))
FUZZ_OBJS   := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(HOST_SRCS))
FUZZ_RUNS   ?= 50000
# The converter designs its filter for every input: ~2.5 ms each.
FUZZ_RUNS_convert ?= 1000
FUZZ_TIME   ?= 300

$(FUZZ_DIR)/obj/%.o: %.c | deps-fuzz
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/bin/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_OBJS) | deps-fuzz
	@mkdir -p $(@D)
	$(call say,HOSTLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ -lm -o $@

# The host tools' WAV reader is not firmware logic: its target links the
# reader and Debian's libsndfile (not instrumented: the fuzzer checks what
# our code does with whatever libsndfile gives it).
$(FUZZ_DIR)/bin/fuzz_wav: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_wav.o $(FUZZ_DIR)/obj/tools/wavread.o | deps-fuzz deps-host
	@mkdir -p $(@D)
	$(call say,HOSTLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ -lsndfile -lm -o $@

fuzz-bins: $(FUZZ_BINS)

test-fuzz: $(FUZZ_BINS)
	@tests/run-suite.sh fuzz timeout 300 tests/fuzz/run.sh test $(FUZZ_DIR) \
	  $(foreach n,$(FUZZ_NAMES),$(n)=$(or $(FUZZ_RUNS_$(n)),$(FUZZ_RUNS)))

fuzz: $(FUZZ_BINS)
	@echo "fuzz: $(words $(FUZZ_NAMES)) targets x FUZZ_TIME=$(FUZZ_TIME) s each (about $$(( $(words $(FUZZ_NAMES)) * $(FUZZ_TIME) / 60 )) min); FUZZ_TIME=60 for a shorter run"
	$(Q)tests/fuzz/run.sh long $(FUZZ_DIR) $(foreach n,$(FUZZ_NAMES),$(n)=$(FUZZ_TIME))

TEST_SUITES += test-fuzz
.PHONY: fuzz-bins test-fuzz fuzz
-include $(FUZZ_OBJS:.o=.d) $(patsubst %,$(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.d,$(FUZZ_NAMES)) \
         $(FUZZ_DIR)/obj/tools/wavread.d
