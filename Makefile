# The one test command: see scripts/test.sh.
.PHONY: test release
test:
	scripts/test.sh

# Release binaries for the four targets, pure Go (no cgo), with the version
# and commit stamped (htxnu version prints them), and SHA256SUMS beside them.
# VERSION defaults to the latest tag, or the commit when there is none.
release:
	scripts/release.sh $(VERSION)
