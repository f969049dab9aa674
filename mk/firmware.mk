# Firmware build and run rules (boot/, drivers/, audio/, app/).
#
#   make                build/firmware.elf + .map + .lst (disassembly), size report
#   make run ARGS=...   boot it in QEMU; each word of ARGS becomes a semihosting
#                       arg= after the program name "koi"; audio goes to out.wav
#   make play ARGS=...  the same in real time, on the host's sound card
#   make debug          the same as run, halted for gdb on :1234 (prints the command)
#
# Every file in boot/ drivers/ audio/ app/ is part of the image.  Test images
# (tests/target/target.mk) reuse the same objects without app/main.o.

FW_PREFIX  := arm-none-eabi-
FW_CC      := $(FW_PREFIX)gcc
FW_OBJDUMP := $(FW_PREFIX)objdump
FW_SIZE    := $(FW_PREFIX)size
# One image for cortex-a8/a9/a15: ARMv7-A, VFPv3-D32 + NEON, hard-float ABI.
# ARM state for our code (vectors must be ARM anyway); newlib's multilib
# thumb/v7-a+simd/hard is Thumb-2 and interworks.
FW_ARCH    := -marm -march=armv7-a+simd -mfpu=neon -mfloat-abi=hard
FW_CFLAGS  := -std=c11 $(FW_ARCH) -O2 -g -Wall -Wextra -Werror \
              -ffunction-sections -fdata-sections -ffp-contract=off \
              -fno-common -I.
FW_ASFLAGS := $(FW_ARCH) -g -I.
FW_LDFLAGS := $(FW_ARCH) -nostartfiles -T linker.ld -Wl,--gc-sections \
              -Wl,--no-warn-rwx-segments -Wl,--fatal-warnings
FW_LIBS    := -Wl,--start-group -lc -lm -lgcc -Wl,--end-group

# Tables computed at build time by host generators (tools/tools.mk), never
# committed; every image and host build that links audio/ links them.
GEN_SRCS := $(BUILD)/gen/koi_sine.c
FW_SRCS  := $(wildcard boot/*.c boot/*.S drivers/*.c audio/*.c app/*.c) $(GEN_SRCS)
FW_OBJS  := $(patsubst %,$(BUILD)/fw/%.o,$(FW_SRCS))
# Everything but the application's main(): what test images link against.
FW_LIB_OBJS := $(filter-out $(BUILD)/fw/app/main.c.o,$(FW_OBJS))

# Pure logic that the host unit tests link (tests/host/host.mk).
HOST_SRCS_FW := boot/pgtable.c drivers/alarmq.c drivers/ringbuf.c \
                drivers/goldfish_bus.c drivers/semihost.c drivers/goldfish_audio.c

FIRMWARE := $(BUILD)/firmware.elf

all: $(FIRMWARE) $(FIRMWARE:.elf=.lst)
	@$(FW_SIZE) -A $(FIRMWARE) | awk '$$2 > 0 && $$1 ~ /^\./ && $$1 !~ /debug|comment|ARM.attr/ \
	  { printf "  %-12s %8d bytes at 0x%08x\n", $$1, $$2, $$3 }'
	@$(FW_SIZE) $(FIRMWARE)

$(BUILD)/fw/%.c.o: %.c | deps-firmware
	@mkdir -p $(@D)
	$(FW_CC) $(FW_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/fw/%.S.o: %.S | deps-firmware
	@mkdir -p $(@D)
	$(FW_CC) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(FIRMWARE): $(FW_OBJS) linker.ld | deps-firmware
	$(FW_CC) $(FW_LDFLAGS) -Wl,-Map=$(@:.elf=.map) $(FW_OBJS) $(FW_LIBS) -o $@

%.lst: %.elf
	$(FW_OBJDUMP) -d -S -C $< >$@

# Running it: tools/koi-qemu knows the QEMU command line (machine, audio
# backend, semihosting arguments with their commas escaped).
#
# `make run` uses deterministic virtual time (icount): out.wav is the same on
# every run, matches the host render bit for bit, and a 10 s demo takes well
# under a second.  The interactive piano is the exception: it follows the wall
# clock of the person typing.  `make play` is real time on the host's sound
# (PulseAudio by default; PLAY_AUDIO=alsa for ALSA).
QEMU_CPU   ?= cortex-a15
RUN_ICOUNT ?= 3
PLAY_AUDIO ?= pa
interactive = $(and $(filter piano,$(firstword $(ARGS))),$(if $(filter --keys,$(ARGS)),,y))
KOI_QEMU    = tools/koi-qemu --cpu $(QEMU_CPU)

run: $(FIRMWARE) qemu
	$(KOI_QEMU) $(if $(interactive),,--icount $(RUN_ICOUNT)) --wav out.wav $(FIRMWARE) $(ARGS)
	@echo "make run: sound written to out.wav"

play: $(FIRMWARE) qemu
	$(KOI_QEMU) --audio $(PLAY_AUDIO) $(FIRMWARE) $(ARGS)

debug: $(FIRMWARE) qemu
	@echo "QEMU waits for gdb on :1234.  In another terminal:"
	@echo "  gdb-multiarch $(FIRMWARE) -ex 'target remote :1234'"
	@echo "(Ctrl-C here ends QEMU)"
	$(KOI_QEMU) --gdb --wav out.wav $(FIRMWARE) $(ARGS)

.PHONY: run play debug
-include $(FW_OBJS:.o=.d)
