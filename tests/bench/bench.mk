# Benchmarks: `make bench` measures, `make plots` draws (tests/bench/run.py).
#
# Each tests/bench/bench_NAME.c is a main() linked, like the target tests,
# with every firmware object except app/main.c, plus the programs (they
# time the firmware's own programs and player) and tests/bench/bench.c,
# into build/bench/bench_NAME.elf.  tone_only.c is the smallest complete
# player (the tone program's sound, audio/tone.c, and nothing else: no
# command line, mixer, sequencer, converter or clips): its size is the
# floor the demo firmware is compared with.
#
#   make bench    runs everything twice under -icount on cortex-a15, checks
#                 the two runs agree, prints one table and writes it to
#                 docs/PERFORMANCE.md.  Targets missed are reported, never
#                 failed: speed is not a test.
#   make plots    PNGs in docs/img/ from the last bench run's captures.

BENCH_DIR    := $(BUILD)/bench
BENCH_NAMES  := $(patsubst tests/bench/%.c,%,$(wildcard tests/bench/bench_*.c))
BENCH_ALL    := $(BENCH_NAMES) tone_only
BENCH_ELFS   := $(patsubst %,$(BENCH_DIR)/%.elf,$(BENCH_ALL))
BENCH_COMMON := $(BUILD)/fw/tests/bench/bench.c.o $(BUILD)/fw/tests/bench/irq_probe.S.o

$(BENCH_DIR)/%.elf: $(BUILD)/fw/tests/bench/%.c.o $(BENCH_COMMON) $(FW_LIB_OBJS) $(FW_PROGRAM_OBJS) $(FW_LDS) | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call fw_link,$< $(BENCH_COMMON) $(FW_LIB_OBJS) $(FW_PROGRAM_OBJS))

# The size floor: no bench helpers, only what a tone player needs.
$(BENCH_DIR)/tone_only.elf: $(BUILD)/fw/tests/bench/tone_only.c.o $(FW_LIB_OBJS) $(FW_LDS) | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call fw_link,$< $(FW_LIB_OBJS))

# bench_src also links the converter before issue 21 (SRC_BEFORE, below):
# that commit's audio/convert.c, built against its own audio/convert.h with
# the shim tests/bench/src_before.c into one object whose only global
# symbols are the shim's (objcopy -G), so its convert_* stay apart from
# today's.
SRC_BEFORE_OBJ := $(BENCH_DIR)/src_before/fw/before.o
$(SRC_BEFORE_OBJ): $(BENCH_DIR)/src_before/audio/convert.c tests/bench/src_before.c \
                   tests/bench/src_before.h | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(FW_CC) -I$(BENCH_DIR)/src_before $(FW_CFLAGS) \
	  -c $(BENCH_DIR)/src_before/audio/convert.c -o $(@D)/convert.o && \
	  $(FW_CC) -I$(BENCH_DIR)/src_before $(FW_CFLAGS) -c tests/bench/src_before.c \
	  -o $(@D)/shim.o && \
	  $(FW_LD) -r $(@D)/shim.o $(@D)/convert.o -o $(@D)/both.o && \
	  $(CROSS_COMPILE)objcopy -G src_before_size -G src_before_init $(@D)/both.o $@

$(BENCH_DIR)/bench_src.elf: $(BUILD)/fw/tests/bench/bench_src.c.o $(SRC_BEFORE_OBJ) $(BENCH_COMMON) \
                            $(FW_LIB_OBJS) $(FW_PROGRAM_OBJS) $(FW_LDS) | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call fw_link,$< $(SRC_BEFORE_OBJ) $(BENCH_COMMON) $(FW_LIB_OBJS) $(FW_PROGRAM_OBJS))

bench-images: $(BENCH_ELFS)

bench: $(BENCH_ELFS) $(FIRMWARE) $(BUILD)/tools/wavstat $(BENCH_DIR)/src_host \
       $(BENCH_DIR)/src_host_before qemu
	@SRC_BEFORE=$(SRC_BEFORE) tests/bench/run.py bench

plots: $(FIRMWARE) $(BUILD)/tools/wavstat $(BUILD)/tools/koi-render $(BENCH_DIR)/src_host \
       $(BENCH_DIR)/src_host_before qemu | deps-plots
	@SRC_BEFORE=$(SRC_BEFORE) tests/bench/run.py plots

.PHONY: bench bench-images plots
-include $(patsubst %,$(BUILD)/fw/tests/bench/%.c.d,$(BENCH_ALL) bench)

# Wall clock, not -icount: underruns and adaptive latency idle and under a
# synthetic host load the script starts and stops (tests/bench/realtime.py),
# on this BOARD (goldfish, vexpress-a9, virt); the table goes to the
# terminal and into docs/realtime.md (the board's own section, replaced).
# A benchmark, never a test: its figures depend on the machine.
BENCH_SECONDS ?= 10
BENCH_LOAD    ?= 2
bench-realtime: $(FIRMWARE) $(if $(filter goldfish,$(BOARD)),qemu)
	@tests/bench/realtime.py --board $(BOARD) --seconds $(BENCH_SECONDS) \
	  --load $(BENCH_LOAD) --doc docs/realtime.md

.PHONY: bench-realtime

# The rate converter on the host beside libsamplerate (tests/bench/src_host.c):
# cost per output frame (wall clock, best of 5) and quality, for this
# converter (float output) and for the one before issue 21 (commit
# SRC_BEFORE's audio/convert.c, S16 output: it had no float path).
SRC_BEFORE := 69c1e06
SRC_HOST_LIBS := audio/dspmath.c lib/format.c
$(BENCH_DIR)/src_host: tests/bench/src_host.c audio/convert.c audio/convert.h $(SRC_HOST_LIBS) | deps-host deps-resample
	@mkdir -p $(@D)
	$(call say,HOSTLD,$@)$(TOOLS_CC) $(TOOLS_CFLAGS) -DKOI_SRC_FLOAT -DKOI_SRC_LSR \
	  '-DKOI_SRC_NAME="Koi (now, float out)"' -DKOI_SRC_KEY='"now"' $< audio/convert.c $(SRC_HOST_LIBS) -lsamplerate -lm -o $@

$(BENCH_DIR)/src_before/audio/convert.c: | deps-host
	@mkdir -p $(@D)
	$(call say,GEN,$@)git show $(SRC_BEFORE):audio/convert.h >$(@D)/convert.h && \
	  git show $(SRC_BEFORE):audio/convert.c >$@

$(BENCH_DIR)/src_host_before: tests/bench/src_host.c $(BENCH_DIR)/src_before/audio/convert.c $(SRC_HOST_LIBS)
	$(call say,HOSTLD,$@)$(TOOLS_CC) -I$(BENCH_DIR)/src_before $(TOOLS_CFLAGS) \
	  '-DKOI_SRC_NAME="Koi ($(SRC_BEFORE), S16 out)"' -DKOI_SRC_KEY='"before"' $< $(BENCH_DIR)/src_before/audio/convert.c \
	  $(SRC_HOST_LIBS) -lm -o $@

bench-src: $(BENCH_DIR)/src_host $(BENCH_DIR)/src_host_before
	@$(BENCH_DIR)/src_host_before --koi-only && $(BENCH_DIR)/src_host | tail -n +3

.PHONY: bench-src
