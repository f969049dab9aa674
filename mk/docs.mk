# make docs: the API reference of the public headers (docs/api.md), by
# Doxygen from Debian (tools/bootstrap.sh docs), into build/docs/html/.
# Doxygen's warnings (a parameter it finds undocumented) go to
# build/docs/warnings.txt; the check that fails is tools/check-docs, in
# make test-layers.
docs: | deps-docs
	@mkdir -p build/docs
	$(call say,DOXYGEN,build/docs/html/index.html)doxygen docs/Doxyfile
	@echo "  docs    build/docs/html/index.html; $$(grep -c 'warning:' build/docs/warnings.txt || true) doxygen warnings in build/docs/warnings.txt"

.PHONY: docs
