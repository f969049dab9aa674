# Suite: make play against real sound servers the suite starts itself
# (tests/play/run.py): PulseAudio (socket without pid file, PULSE_SERVER
# unix and tcp, the live piano; frame for frame against koi-render on
# goldfish, vexpress-a9 and virt), PipeWire (native and through
# pipewire-pulse), none.  vexpress-a9 and virt run on Debian's stock QEMU
# (make play BOARD=...), whose pa and pipewire modules tools/bootstrap.sh
# sound installs (qemu-system-gui, at the installed QEMU's version).
# The servers come from tools/bootstrap.sh sound; when that install fails,
# the suite fails with it, as every suite does when its packages cannot be
# installed (tests/summary.sh counts a suite without results as failed).
test-play: all qemu tools
	@tools/bootstrap.sh sound
	@tests/run-suite.sh play timeout 900 python3 tests/play/run.py

TEST_SUITES += test-play
FW_TEST_SUITES += test-play
.PHONY: test-play
