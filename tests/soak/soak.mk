# Soak (not part of make test: ~1 minute of host time, 100 MB of WAVs):
#   make soak    >10 minutes of virtual-time audio, bit-exact against the
#                host rendering, 0 underruns, memory marks stable
#                (tests/soak/run.py; results in build/test-results/soak.tap)
soak: all tools qemu
	@tests/run-suite.sh soak python3 tests/soak/run.py
	@cat $(BUILD)/test-results/soak.log

.PHONY: soak
