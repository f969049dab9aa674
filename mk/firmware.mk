# Firmware build and run rules (boot/, drivers/, audio/, app/).
#
#   make                build/firmware.elf + .map + .lst (disassembly), size report
#   make run ARGS=...   boot it in QEMU; each word of ARGS becomes a semihosting
#                       arg= after the program name "koi"; audio goes to out.wav
#   make debug          the same, halted for gdb on :1234 (prints the command)
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

FW_SRCS  := $(wildcard boot/*.c boot/*.S drivers/*.c audio/*.c app/*.c)
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

# QEMU command line shared by run, debug and the test runners.  The TTY is
# QEMU's serial on stdio; semihosting (arguments, exit status, test output)
# is on; the audio device plays into out.wav.
QEMU_CPU     ?= cortex-a15
QEMU_MACHINE = -M goldfish,audiodev=snd0 -cpu $(QEMU_CPU) -m 128M -nographic
QEMU_AUDIO   ?= -audiodev wav,id=snd0,path=out.wav
# arg= values: a literal comma must be doubled for QEMU's option parser.
comma := ,
empty :=
space := $(empty) $(empty)
fw_args = $(subst $(space),,$(foreach w,koi $(1),$(comma)arg=$(subst $(comma),$(comma)$(comma),$(w))))
QEMU_SEMI = -semihosting-config enable=on,target=native$(call fw_args,$(ARGS))

run: $(FIRMWARE) qemu
	$(QEMU) $(QEMU_MACHINE) $(QEMU_AUDIO) $(QEMU_SEMI) -kernel $(FIRMWARE)

debug: $(FIRMWARE) qemu
	@echo "QEMU waits for gdb on :1234.  In another terminal:"
	@echo "  gdb-multiarch $(FIRMWARE) -ex 'target remote :1234'"
	@echo "(quit QEMU with Ctrl-A x)"
	$(QEMU) $(QEMU_MACHINE) $(QEMU_AUDIO) $(QEMU_SEMI) -kernel $(FIRMWARE) -s -S

.PHONY: run debug
-include $(FW_OBJS:.o=.d)
