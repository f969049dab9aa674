# Suite: make play against real sound servers the suite starts itself
# (tests/play/run.py): PulseAudio (socket without pid file, PULSE_SERVER
# unix and tcp), PipeWire (native and through pipewire-pulse), none.
# The servers come from tools/bootstrap.sh sound; when that install fails,
# the suite fails with it, as every suite does when its packages cannot be
# installed (tests/summary.sh counts a suite without results as failed).
test-play: all qemu tools
	@tools/bootstrap.sh sound
	@tests/run-suite.sh play timeout 900 python3 tests/play/run.py

TEST_SUITES += test-play
FW_TEST_SUITES += test-play
.PHONY: test-play
