# Suite: first contact (tests/plain/run.py): the plain QEMU command without
# semihosting, captures never lost, make play's refusal, the piano at EOF.
test-plain: all qemu
	@tests/run-suite.sh plain timeout 600 python3 tests/plain/run.py

TEST_SUITES += test-plain
FW_TEST_SUITES += test-plain
.PHONY: test-plain
