# The one test command: see scripts/test.sh.
.PHONY: test
test:
	scripts/test.sh
