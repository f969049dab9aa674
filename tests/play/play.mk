# Suite: make play against real sound servers the suite starts itself
# (tests/play/run.py): PulseAudio (socket without pid file, PULSE_SERVER
# unix and tcp), PipeWire (native and through pipewire-pulse), none.
test-play: all qemu tools | deps-sound
	@tests/run-suite.sh play timeout 900 python3 tests/play/run.py

TEST_SUITES += test-play
FW_TEST_SUITES += test-play
.PHONY: test-play
