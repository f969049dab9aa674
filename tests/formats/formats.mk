# The WAV files users have (issue 20): every encoding, byte order, channel
# count and damage audio/wavfile.h reads, made by sox and by the suite's own
# writer; Koi's decode against sox's (an independent decoder), QEMU's capture
# against koi-render frame for frame, compressed files refused.  sox comes
# from Debian (tools/bootstrap.sh group `formats`).

test-formats: all tools $(RUN_QEMU) | deps-formats
	@tests/run-suite.sh formats python3 tests/formats/run.py

TEST_SUITES += test-formats
FW_TEST_SUITES += test-formats
.PHONY: test-formats
