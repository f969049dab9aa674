# The goldfish board (mk/firmware.mk includes this for BOARD=goldfish, the
# default).
#
# Its drivers: the interrupt controller, the timer, the TTY, the platform
# bus, the power switch and the sound device.
BOARD_DRIVERS := goldfish_pic goldfish_timer goldfish_tty goldfish_bus goldfish_poweroff \
                 goldfish_audio
# It runs in Koi's own QEMU (qemu/, built by `make qemu` into the cache):
# that is the prerequisite of every rule that boots it, and the binary the
# target tests run; tools/koi-qemu knows its command line.
RUN_QEMU   := qemu
BOARD_QEMU  = $(QEMU)
KOI_QEMU    = tools/koi-qemu --board goldfish --cpu $(QEMU_CPU)
# Every target test image runs here (tests/target/target.mk), and the e2e
# suite is tests/e2e/run.py (tests/e2e/e2e.mk).
