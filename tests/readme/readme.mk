# Suite: every `make run` example in README.md and docs/*.md, run as written
# (tests/readme/run.py); those that play must match koi-render bit for bit.
test-readme: all tools qemu
	@tests/run-suite.sh readme timeout 1200 python3 tests/readme/run.py

TEST_SUITES += test-readme
FW_TEST_SUITES += test-readme
.PHONY: test-readme
