# End-to-end: the firmware plays in QEMU, the host renders the same arguments
# with the same code, and the two WAVs must match frame for frame.
test-e2e: all tools qemu
	@tests/run-suite.sh e2e python3 tests/e2e/run.py

TEST_SUITES += test-e2e
.PHONY: test-e2e
