# QEMU's generic Arm machine (-M virt; mk/firmware.mk includes this for
# BOARD=virt).
#
# Its drivers: the GIC, the generic timer, the PL011 UART, the virtio-mmio
# transport and the virtio-sound device on it.
BOARD_DRIVERS := gic generic_timer pl011 virtio_mmio virtio_snd
# It runs in a qemu-system-arm of QEMU 8.2 or later, which has
# virtio-sound-device: Debian 13's own, or on Debian 12 bookworm-backports'
# (tools/bootstrap.sh group virt installs it).  No Koi QEMU build.
RUN_QEMU := deps-virt
KOI_QEMU  = tools/koi-qemu --board virt
BOARD_QEMU := qemu-system-arm
# The target test images about no board in particular (tests/target/run.sh).
TARGET_TESTS := test_boot test_cmdline test_mmu test_argv test_pcm_args test_audio_class
E2E_RUNNER := tests/e2e/virt.py
# The end-to-end test image also prints the virtio-sound driver's counters.
E2E_BOARD_OBJS := $(BUILD)/fw/tests/e2e/virtio_snd_report.c.o
