# How this board boots in QEMU: sourced by tools/koi-qemu and
# tests/target/run.sh (bash); the variables are board/vexpress-a9/qemu.sh's.
qemu_bin=qemu-system-arm
qemu_install="tools/bootstrap.sh virt (a qemu-system-arm with virtio-sound, QEMU >= 8.2)"
qemu_cpus=(cortex-a15)
qemu_machine=(-M virt -m 128M -device virtio-sound-device,audiodev=snd0)
# The stream's rate: a wav backend at another (44.1 kHz by default) would
# resample it.
qemu_rate=1
