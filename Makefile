# Koi — bare-metal audio stack for the goldfish machine.
#
#   make help       the targets and variables, in one screen
#   make run        build everything, boot it in QEMU, capture the sound
#   make test       every test suite; ends with "N passed, M failed"
#
# Each part of the tree brings its own rules in a fragment included below;
# a fragment that adds a test suite appends its phony target to TEST_SUITES,
# and also to FW_TEST_SUITES if the suite boots the firmware's images (make
# coverage runs those on the instrumented build).

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
# Objects are made by pattern chains; keep them, or every run rebuilds them.
# Only this bare form keeps every target: a .SECONDARY with prerequisites
# anywhere (a fragment) would narrow it to those, so fragments add none.
.SECONDARY:
.SUFFIXES:

# Output in the style of kbuild: one short line per step ("  CC  board/boot.c");
# V=1 prints every command in full instead.
V ?= 0
ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-7s %s\n' '$(1)' '$(2)';
endif

# Every program built for the host (tools, unit tests, fuzzers, coverage):
# C11, warnings as errors, from the top of the tree, KOI_HOST (board.h's
# host files on stdio).  Each adds its optimisation level and
# instrumentation; the test builds add the sanitizers.
HOST_CFLAGS_BASE := -std=c11 -Wall -Wextra -Werror -g -I. -DKOI_HOST
HOST_SANITIZE    := -fsanitize=address,undefined -fno-sanitize-recover=all \
                    -fno-omit-frame-pointer

# The board the firmware is built for (board/NAME/).  Each board builds in
# a tree of its own, the default one in build/ itself, so that switching
# BOARD never links one board's objects or linker script into another's
# image.
#
# COVERAGE=1 is the same build with the firmware instrumented for gcov, in
# a tree of its own, build/cov/ (boards: build/cov/NAME/): every image and
# every suite's own rules, unchanged (mk/coverage.mk; `make coverage` runs
# the suites there).  The scripts make runs find the tree in $KOI_BUILD.
BOARD   ?= goldfish
COVERAGE ?= 0
TEST_SUITES :=
FW_TEST_SUITES :=
BUILD_TOP := build$(if $(filter 1,$(COVERAGE)),/cov)
BUILD   := $(BUILD_TOP)$(if $(filter-out goldfish,$(BOARD)),/$(BOARD))
export KOI_BUILD := $(BUILD_TOP)
export COVERAGE
# Koi's QEMU is built once, into build/, whatever the tree (qemu/build.sh).
QEMU    := build/qemu-system-arm

# Packages from Debian's archive, installed when missing (tools/bootstrap.sh).
deps-%:
	@tools/bootstrap.sh $*
# Not .PHONY: make skips implicit-rule search for phony targets, so a
# phony deps-NAME would never run this rule.  No file of that name is ever
# made, so the recipe runs every time it is asked for.

include mk/firmware.mk
include mk/docs.mk
include qemu/qemu.mk
include tests/host/host.mk
include tests/target/target.mk
include tests/qtest/qtest.mk
include tools/tools.mk
include tests/e2e/e2e.mk
include tests/formats/formats.mk
include tests/readme/readme.mk
include tests/plain/plain.mk
include tests/play/play.mk
include tests/fresh/fresh.mk
include tests/bench/bench.mk
include tests/fuzz/fuzz.mk
include tests/soak/soak.mk
include tests/san/san.mk
include tests/layers/layers.mk
include tests/bringup/bringup.mk
include mk/coverage.mk
include mk/boards.mk

# Every suite runs even when an earlier one fails; the summary decides.
# Results go to build/test-results whatever the board (tests/run-suite.sh).
test:
	@rm -rf build/test-results
	@$(MAKE) --no-print-directory -k $(TEST_SUITES) || true
	@SUMMARY_BOARD=$(filter-out goldfish,$(BOARD)) tests/summary.sh $(TEST_SUITES)

clean:
	$(call say,CLEAN,$(BUILD))rm -rf $(BUILD)

help:
	@sed -n 's/^## \{0,1\}//p' $(MAKEFILE_LIST)

## Koi: make TARGET [VARIABLE=value...]
##
## Using it
##   run             build, boot the firmware in QEMU under deterministic
##                   virtual time, capture the sound into OUT (out.wav)
##   play            the same in real time on the host's sound card
##   debug           QEMU halted at reset, waiting for gdb on :1234
##   all (default)   build/firmware.elf, its .map and .lst, a size line
##   qemu            build/qemu-system-arm with the goldfish machine (cached)
##   tools           host tools: koi-render, wavcmp, wavstat (build/tools/)
##   docs            the API reference of the public headers, by Doxygen, into
##                   build/docs/html/ (docs/api.md: the comment form; make
##                   test-layers checks every function's contract)
## Testing and measuring
##   test            every suite; the last line is "N passed, M failed"
##   test-fresh      make run + make test on new Debian 12 and 13 roots
##                   (debootstrap; DIST=bookworm or DIST=trixie for one)
##   test-NAME       one suite: host target qtest e2e formats tools wavstat alias
##                   src fuzz readme plain play layers bringup, or a board's:
##                   vexpress-a9 or virt (its target, bringup and e2e suites,
##                   in its QEMU)
##   bringup-N       bring-up checkpoint N (1..9, docs/bring-up.md): build the
##                   step's image, boot it, show its console
##   bench           instruction counts into docs/PERFORMANCE.md (~9 min)
##   bench-realtime  wall clock: underruns and adaptive latency, idle and
##                   under a host load it starts itself, on BOARD; the
##                   table into docs/realtime.md (~2.5 min)
##   bench-src       the rate converter beside libsamplerate, on the host
##   plots           PNGs into docs/img/ (runs what it needs first)
##   fuzz            the libFuzzer targets for FUZZ_TIME s each (default 300)
##   soak            640 s of virtual-time audio, bit-exact, 0 underruns
##   test-san        qtest and target suites on QEMU built with ASan + UBSan
##   coverage        line and branch coverage of the firmware from every suite
##                   that boots it, on every board (an instrumented build in
##                   build/cov/; 1.5-4 min), and of the host code; per file, the
##                   least covered with their reasons (tests/coverage/)
##   clean           remove build/
## Variables
##   ARGS="..."      the firmware's arguments (make run ARGS=help lists them)
##   OUT=file.wav    where run and debug write the sound (default out.wav)
##   CAPTURE=in.wav  the audio device's capture input (8 kHz mono 16-bit WAV)
##   QEMU_CPU=NAME   cortex-a15 (default), cortex-a9, cortex-a8
##   PLAY_AUDIO=DRV  play's host sound: auto (default: PipeWire, PulseAudio
##                   or ALSA, by socket), pipewire, pa, alsa, alsa:DEVICE
##   RUN_ICOUNT=N    run's virtual time: 2^N ns per instruction (default 3)
##   CROSS_COMPILE=  the cross toolchain prefix (default arm-none-eabi-)
##   BOARD=NAME      the board the firmware is built for: board/NAME/
##                   goldfish (default), vexpress-a9 (Debian's QEMU, no
##                   build: docs/vexpress-a9.md) or virt (-M virt with
##                   virtio-sound, QEMU >= 8.2: docs/virt.md); its own
##                   build/NAME/ tree;
##                   docs/bring-up.md on adding one
##   QEMU_SRC=/path  build QEMU from your own 10.0.x tree, not Debian's source
##   SANITIZE=1      make qemu: the ASan + UBSan build, build/qemu-system-arm-san
##   FUZZ_TIME=S     seconds per target for make fuzz
##   COVERAGE=1      the instrumented build (build/cov/) for any target:
##                   make COVERAGE=1 test-e2e runs that suite on it
##   V=1             print every command in full

.PHONY: all run test debug clean help
