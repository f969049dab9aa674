# The layers: tools/check-layers on the tree, and on small trees with one bad
# include each, to prove it catches what it claims; and tools/check-length
# (no function of the product over 60 lines) the same way
# (tests/layers/run.sh).

test-layers: | deps-host
	@tests/run-suite.sh layers timeout 300 tests/layers/run.sh

TEST_SUITES += test-layers
.PHONY: test-layers
