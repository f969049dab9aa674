# make test-fresh: `make run` and `make test` on a new minimal Debian root
# of each release Koi claims (tests/fresh/run.sh): Debian 12 (bookworm) and
# Debian 13 (trixie), one after the other; DIST=bookworm or DIST=trixie for
# one.  Not part of `make test` (it runs a whole `make test` inside);
# .ci/run runs it after `make test`.  Both releases run even when the first
# fails; the target fails if either did.
DIST ?= bookworm trixie
test-fresh:
	@st=0; for d in $(DIST); do tests/fresh/run.sh $$d || st=1; done; exit $$st

.PHONY: test-fresh
