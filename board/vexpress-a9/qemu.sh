# How this board boots in QEMU: sourced by tools/koi-qemu and
# tests/target/run.sh (bash).  Sets:
#   qemu_bin      the binary, on the PATH (or a path)
#   qemu_install  what installs it, for the message when it is missing
#   qemu_cpus     the CPUs the board has; the first is the default
#   qemu_machine  the machine's arguments; its sound device takes the
#                 audio backend snd0
#   qemu_rate     1: the backend runs at the firmware's --rate (48000 by
#                 default), so QEMU does not resample the sound device
qemu_bin=qemu-system-arm
qemu_install="tools/bootstrap.sh vexpress (Debian's qemu-system-arm)"
qemu_cpus=(cortex-a9)
qemu_machine=(-M vexpress-a9 -m 128M -global pl041.audiodev=snd0)
# The codec plays at its front-DAC rate; a backend at another rate would
# resample it (and drop frames doing so): give it the same.
qemu_rate=1
