# make test-fresh: `make run` and `make test` on a new minimal Debian 12 root
# (tests/fresh/run.sh).  Not part of `make test` (it runs a whole `make
# test` inside); .ci/run runs it after `make test`.
test-fresh:
	@tests/fresh/run.sh

.PHONY: test-fresh
