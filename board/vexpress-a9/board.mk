# The Versatile Express A9 (mk/firmware.mk includes this for
# BOARD=vexpress-a9).
#
# Its drivers: the GIC, the SP804 dual timer, the PL011 UART, the PL041
# AACI and the LM4549 codec on its AC-link.
BOARD_DRIVERS := gic sp804 pl011 pl041 lm4549
# It runs in Debian's own qemu-system-arm (-M vexpress-a9): `make run
# BOARD=vexpress-a9` installs that package through tools/bootstrap.sh
# (group vexpress) and builds no QEMU.
RUN_QEMU := deps-vexpress
KOI_QEMU  = tools/koi-qemu --board vexpress-a9
BOARD_QEMU := qemu-system-arm
# The target test images about no board in particular (tests/target/run.sh).
TARGET_TESTS := test_boot test_cmdline test_mmu test_argv test_pcm_args test_audio_class
# The end-to-end test image also prints the PL041 driver's counters at exit.
E2E_BOARD_OBJS := $(BUILD)/fw/tests/e2e/pl041_report.c.o
E2E_RUNNER := tests/e2e/vexpress.py
