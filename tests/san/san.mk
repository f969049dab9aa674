# make test-san: the qtest and target suites again, on the QEMU built with
# AddressSanitizer and UBSan (make qemu SANITIZE=1, built here if needed).
# Not part of `make test` (the sanitized build costs a second QEMU build);
# .ci/run runs it after `make test`.  See tests/san/run.sh.  The first
# check: the binary really is the instrumented one.

SAN_RESULTS := $(BUILD)/test-results-san

test-san: qemu-san $(QTEST_IMAGES) $(TARGET_ELFS) $(FIRMWARE) | deps-host
	@rm -rf $(SAN_RESULTS)
	@ldd $(QEMU_SAN) | grep -q libasan || { echo "test-san: $(QEMU_SAN) is not linked with ASan" >&2; exit 1; }
	@QEMU=$(abspath $(QEMU_SAN)) QTEST_IMAGES=$(abspath $(QTEST_DIR)) TEST_RESULTS=$(SAN_RESULTS) \
	  tests/run-suite.sh san-qtest tests/san/run.sh timeout 2400 python3 tests/qtest/run.py
	@TEST_RESULTS=$(SAN_RESULTS) tests/run-suite.sh san-target tests/san/run.sh timeout 2400 \
	  tests/target/run.sh $(QEMU_SAN) $(TARGET_DIR)
	@TEST_RESULTS=$(SAN_RESULTS) tests/summary.sh test-san-qtest test-san-target

.PHONY: test-san
