# Suite: make play against real sound servers the suite starts itself
# (tests/play/run.py): PulseAudio (socket without pid file, PULSE_SERVER
# unix and tcp), PipeWire (native and through pipewire-pulse), none.
# The servers come from tools/bootstrap.sh sound.  If that install fails
# (seen once in a fresh Debian 12 root, not reproduced), the suite still
# runs: the cases that need a server are SKIPs that say which program is
# missing, so the failure shows in the suite's results instead of the
# suite vanishing from them.
test-play: all qemu tools
	@tools/bootstrap.sh sound || echo "test-play: tools/bootstrap.sh sound failed (above): the cases that need a server will SKIP"
	@tests/run-suite.sh play timeout 900 python3 tests/play/run.py

TEST_SUITES += test-play
FW_TEST_SUITES += test-play
.PHONY: test-play
