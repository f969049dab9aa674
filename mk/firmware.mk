# Firmware build and run rules (arch/, lib/, drivers/, board/, audio/, app/).
#
#   make                build/firmware.elf + .map + .lst (disassembly), size line
#   make run ARGS=...   boot it in QEMU, capture the sound into $(OUT)
#   make play ARGS=...  the same in real time, on the host's sound card
#   make debug          the same as run, halted for gdb on :1234 (prints the command)
#
# The layers, bottom up (docs/bring-up.md has the picture; tools/check-layers
# keeps them):
#   arch/$(ARCH)/   the CPU: reset, vectors, MMU, caches, exceptions, PMU
#   lib/            pure code, no hardware
#   regs/           register maps, shared with the QEMU models and the tests
#   drivers/        one .c/.h per device, and the audio device class
#   board/          board.h (what programs see) and its board-independent parts
#   board/$(BOARD)/ one machine: memory map, devices, boot, linker script
#   audio/          PCM streams and sound sources: no register, no board
#   app/            the program: command line, player, main(), programs/
# Every file in those folders is part of the image, but for drivers/ and
# board/: the image has the drivers its board lists (board/$(BOARD)/board.mk,
# BOARD_DRIVERS, and DRIVERS_COMMON below) and that board's folder alone.
# Add the pcm program's clips, generated at build time (tools/tools.mk).
# Test images (tests/target/target.mk) reuse the same objects without
# app/main.o and without the programs; the images that play programs add
# them.

# The cross toolchain: a bare-metal ARM GCC with newlib.  Debian's
# gcc-arm-none-eabi is installed when missing; CROSS_COMPILE=/opt/arm/bin/arm-none-eabi-
# (say) uses another one, which must then already be there.
CROSS_COMPILE ?= arm-none-eabi-
FW_CC      := $(CROSS_COMPILE)gcc
FW_AS      := $(CROSS_COMPILE)as
FW_LD      := $(CROSS_COMPILE)ld
FW_OBJDUMP := $(CROSS_COMPILE)objdump
FW_SIZE    := $(CROSS_COMPILE)size
ifeq ($(CROSS_COMPILE),arm-none-eabi-)
FW_DEPS    := deps-firmware
else
FW_DEPS    := fw-toolchain-check
endif
# One image for cortex-a8/a9/a15: ARMv7-A, VFPv3-D32 + NEON, hard-float ABI.
# ARM state for our code (vectors must be ARM anyway); newlib's multilib
# thumb/v7-a+simd/hard is Thumb-2 and interworks.
FW_ARCH    := -marm -march=armv7-a+simd -mfpu=neon -mfloat-abi=hard
FW_CFLAGS  := -std=c11 $(FW_ARCH) -O2 -g -Wall -Wextra -Werror \
              -ffunction-sections -fdata-sections -ffp-contract=off \
              -fno-common -I.
FW_ASFLAGS := $(FW_ARCH) -g -I.
ARCH       := arm
FW_LDS     := board/$(BOARD)/linker.ld
ifeq ($(wildcard board/$(BOARD)/board.mk),)
$(error BOARD=$(BOARD): no board/$(BOARD)/board.mk (boards: $(notdir $(patsubst %/board.mk,%,$(wildcard board/*/board.mk)))))
endif
# The board's script sets addresses and sizes and INCLUDEs the sections
# every board shares: an image relinks when either changes.
$(FW_LDS): arch/$(ARCH)/image.ld
FW_LDFLAGS := $(FW_ARCH) -nostartfiles -T $(FW_LDS) -Wl,--gc-sections \
              -Wl,--no-warn-rwx-segments -Wl,--fatal-warnings
FW_LIBS    := -Wl,--start-group -lc -lm -lgcc -Wl,--end-group
# The one link recipe of every image (firmware, test, bring-up, bench and
# coverage images): $(1) the objects and any extra flags, in link order.
fw_link = $(call say,LD,$@)$(FW_CC) $(FW_LDFLAGS) -Wl,-Map=$(@:.elf=.map) $(1) $(FW_LIBS) -o $@

# The board: its drivers (BOARD_DRIVERS), how make runs it (RUN_QEMU,
# BOARD_QEMU, KOI_QEMU) and its test lists.  The drivers every board
# links: semihosting (the console's other half, the host's files, exit)
# and the code of the timer class (board/clock.c is on every board).
DRIVERS_COMMON := semihost timer_dev
include board/$(BOARD)/board.mk
KOI_QEMU    += $(if $(CAPTURE),--capture $(CAPTURE))

# The clips' data: generated from audio/assets_synth.c by tools/gen_assets.c
# into build/, never committed.  The generator's definitions themselves
# (assets_synth.c) run on the host only.
ASSETS_DATA := $(BUILD)/gen/assets_data.c
# Tables computed at build time by host generators (tools/tools.mk), never
# committed; every image and host build that links audio/ links them.
GEN_SRCS := $(BUILD)/gen/koi_sine.c
FW_SRCS  := $(filter-out audio/assets_synth.c,$(wildcard arch/$(ARCH)/*.c arch/$(ARCH)/*.S \
              lib/*.c board/*.c board/$(BOARD)/*.c audio/*.c app/*.c \
              app/programs/*.c)) $(patsubst %,drivers/%.c,$(DRIVERS_COMMON) $(BOARD_DRIVERS)) \
            $(ASSETS_DATA) $(GEN_SRCS)
FW_OBJS  := $(patsubst %,$(BUILD)/fw/%.o,$(FW_SRCS))
# The command line, the program table, the programs and what only they use
# (the clips): in the firmware and in the images that play programs.
FW_PROGRAM_OBJS := $(patsubst %,$(BUILD)/fw/%.o,app/cmdline.c app/programs.c \
                     $(wildcard app/programs/*.c) audio/assets.c $(ASSETS_DATA))
# Everything but main() and the programs: what test images link against.
FW_LIB_OBJS := $(filter-out $(BUILD)/fw/app/main.c.o $(FW_PROGRAM_OBJS),$(FW_OBJS))

# Pure logic that the host unit tests link (tests/host/host.mk): every
# board's drivers that run against a register model.
HOST_SRCS_FW := arch/$(ARCH)/pgtable.c drivers/goldfish_bus.c drivers/semihost.c board/hostfile.c \
                drivers/timer_dev.c \
                drivers/goldfish_audio.c drivers/gic.c drivers/sp804.c drivers/pl011.c \
                drivers/pl041.c drivers/lm4549.c drivers/virtio_mmio.c drivers/virtio_snd.c \
                $(wildcard lib/*.c)

FIRMWARE := $(BUILD)/firmware.elf

all: $(FIRMWARE) $(FIRMWARE:.elf=.lst)
	@tools/fw-size $(FW_SIZE) $(FIRMWARE)

fw-toolchain-check:
	@command -v $(FW_CC) >/dev/null || \
	  { echo "make: CROSS_COMPILE=$(CROSS_COMPILE): no $(FW_CC) on PATH" >&2; exit 1; }

# Code that may run before the MMU is on: reset, the board's first stages,
# the console and fault paths, the bring-up steps.  With the MMU off every
# data access is Strongly-ordered, and an unaligned one takes an alignment
# fault whatever SCTLR.A says (ARMv7-A ARM, A3.2.1 and A3.5.7); QEMU models
# that since 9.0 (7.2 did not).  GCC otherwise uses unaligned word stores,
# e.g. to fill a char array on the stack, so these never do.  audio/ and
# app/ run with the MMU on and keep them.
FW_EARLY_DIRS := arch lib drivers board tests/bringup
$(patsubst %,$(BUILD)/fw/%/%.c.o,$(FW_EARLY_DIRS)): FW_EARLY_CFLAGS := -mno-unaligned-access

$(BUILD)/fw/%.c.o: %.c | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$<)$(FW_CC) $(FW_CFLAGS) $(FW_EARLY_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/fw/%.S.o: %.S | $(FW_DEPS)
	@mkdir -p $(@D)
	$(call say,AS,$<)$(FW_CC) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(FIRMWARE): $(FW_OBJS) $(FW_LDS) | $(FW_DEPS)
	$(call fw_link,$(FW_OBJS))

%.lst: %.elf
	$(call say,OBJDUMP,$@)$(FW_OBJDUMP) -d -S -C $< >$@

# Running it: tools/koi-qemu knows the QEMU command line (machine, audio
# backend, semihosting arguments quoted for the firmware's splitter).
#
# `make run` uses deterministic virtual time (icount): the capture is the
# same on every run, matches the host render bit for bit, and a 10 s demo
# takes well under a second.  The interactive piano is the exception: it
# follows the wall clock of the person typing.  The capture goes to a
# temporary file that replaces $(OUT) only when the firmware exits 0, so a
# failed run or `ARGS=help` never destroys the last good sound.  `make play`
# is real time on the host's sound: PLAY_AUDIO=auto (tools/koi-qemu finds the
# server by its socket), pipewire, pa, alsa or alsa:DEVICE.
# CAPTURE=in.wav gives the audio device that file as its capture input
# (record, play --record; docs/goldfish-audio.md §4.4).
QEMU_CPU   ?= cortex-a15
RUN_ICOUNT ?= 3
PLAY_AUDIO ?= auto
OUT        ?= out.wav
# What the firmware will do with ARGS, as its own parser and program table
# say (koi-render --what, built from the same sources): a live job (the
# piano without --keys, also inside play --with) follows the wall clock of
# the person typing and ends at ^D; a job that only records plays nothing,
# so OUT is left alone; anything else runs in virtual time into OUT.  Bad
# arguments say "plays": the firmware then reports them itself.
KOI_WHAT    = what=$$($(BUILD)/tools/koi-render --what $(ARGS) 2>/dev/null) || what=plays

run: $(FIRMWARE) $(RUN_QEMU) $(BUILD)/tools/koi-render
	$(Q)$(KOI_WHAT); \
	timing="--icount $(RUN_ICOUNT)"; [ "$$what" = live ] && timing=--eof-quits; \
	out="--out $(OUT)"; [ "$$what" = records ] && out="--wav /dev/null"; \
	$(KOI_QEMU) $$timing $$out $(FIRMWARE) $(ARGS)

play: $(FIRMWARE) $(RUN_QEMU) $(BUILD)/tools/koi-render
	$(Q)$(KOI_WHAT); \
	live=; [ "$$what" = live ] && live="--eof-quits --live"; \
	$(KOI_QEMU) $$live --audio $(PLAY_AUDIO) $(FIRMWARE) $(ARGS)

debug: $(FIRMWARE) $(RUN_QEMU)
	@echo "QEMU waits for gdb on :1234.  In another terminal:"
	@echo "  gdb-multiarch $(FIRMWARE) -ex 'target remote :1234'"
	@echo "(Ctrl-C here ends QEMU)"
	$(Q)$(KOI_QEMU) --gdb --out $(OUT) $(FIRMWARE) $(ARGS)

.PHONY: run play debug fw-toolchain-check
-include $(FW_OBJS:.o=.d)
