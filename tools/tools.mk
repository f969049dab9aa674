# Host tools (owner: sound sources).
#
#   make tools     build/tools/koi-render (expected WAV for any firmware
#                  arguments) and build/tools/wavcmp (frame-exact comparison)
#   make wavstat   build/tools/wavstat (capture analysis: level, frequency,
#                  SINAD, spurs, aliasing, gaps; text or JSON)
#   make assets    regenerate audio/assets_data.c from audio/assets_synth.c
#
# KOI_SOUND_SRCS is every source file the firmware needs for its sound
# programs (no registers in any of them); the firmware build links the same
# list, which is what makes the host render bit-identical.

KOI_SOUND_SRCS := audio/dspmath.c audio/osc.c audio/mixer.c audio/seq.c \
                  audio/convert.c audio/assets.c audio/assets_synth.c \
                  audio/assets_data.c audio/programs.c app/cmdline.c $(GEN_SRCS)
KOI_SOUND_HDRS := $(wildcard audio/*.h) app/cmdline.h

TOOLS_CC     := gcc
TOOLS_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -I. -DKOI_HOST

$(BUILD)/tools/koi-render: tools/render.c tools/wav.h $(KOI_SOUND_SRCS) $(KOI_SOUND_HDRS) | deps-host
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_CFLAGS) $(filter %.c,$^) -lm -o $@

$(BUILD)/tools/wavcmp: tools/wavcmp.c tools/wav.h | deps-host
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_CFLAGS) $(filter %.c,$^) -o $@

GEN_ASSETS_SRCS := tools/gen_assets.c audio/assets_synth.c audio/dspmath.c audio/convert.c
$(BUILD)/tools/gen_assets: $(GEN_ASSETS_SRCS) $(KOI_SOUND_HDRS) | deps-host
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_CFLAGS) $(filter %.c,$^) -lm -o $@

assets: $(BUILD)/tools/gen_assets
	$(BUILD)/tools/gen_assets > audio/assets_data.c.tmp
	mv audio/assets_data.c.tmp audio/assets_data.c

# The sine table (audio/dspmath.h), generated at build time.
$(BUILD)/tools/gen_sine: tools/gen_sine.c audio/dspmath.c audio/dspmath.h | deps-firmware
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_CFLAGS) $(filter %.c,$^) -o $@

$(BUILD)/gen/koi_sine.c: $(BUILD)/tools/gen_sine
	@mkdir -p $(@D)
	$< >$@.tmp && mv $@.tmp $@

# The analyser measures (it never renders), so it may use libm and FFTW.
$(BUILD)/tools/wavstat: tools/wavstat.c | deps-host deps-analysis
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_CFLAGS) $< -lfftw3 -lm -o $@

wavstat: $(BUILD)/tools/wavstat

tools: $(BUILD)/tools/koi-render $(BUILD)/tools/wavcmp $(BUILD)/tools/wavstat

.PHONY: tools assets wavstat

# Suite: the tools themselves (wavcmp on doctored captures, koi-render).
test-tools: $(BUILD)/tools/koi-render $(BUILD)/tools/wavcmp
	@tests/run-suite.sh tools timeout 300 tools/test_tools.sh $(BUILD)

TEST_SUITES += test-tools
.PHONY: test-tools

# Suite: the analyser on synthetic signals of known quality.
test-wavstat: $(BUILD)/tools/wavstat
	@tests/run-suite.sh wavstat timeout 300 tools/test_wavstat.sh $(BUILD)

TEST_SUITES += test-wavstat
.PHONY: test-wavstat
