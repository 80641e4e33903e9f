#!/usr/bin/env bash
# Make sure the tools the document tests use to look at a rendered PDF are
# installed: poppler-utils (pdftoppm draws pages as PNG, pdftotext reads the
# text back). The PDF renderer itself needs nothing installed: its fonts are
# embedded in the binary. Run it to check; source it and call ensure_docs
# (test.sh does). Installs Debian's poppler-utils non-interactively when a
# tool does not run, retrying once: mirrors fail now and then.

dc_log() { echo "ensure-docs: $*" >&2; }

dc_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n "$@"
	else
		dc_log "need root to run: $*"
		return 1
	fi
}

# dc_works reports whether pdftoppm and pdftotext run (not merely exist).
dc_works() {
	pdftoppm -v >/dev/null 2>&1 && pdftotext -v >/dev/null 2>&1
}

dc_install() {
	export DEBIAN_FRONTEND=noninteractive
	dc_as_root apt-get -o DPkg::Lock::Timeout=300 update -qq &&
		dc_as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq poppler-utils >/dev/null
}

ensure_docs() {
	dc_works && return 0
	dc_log "installing poppler-utils"
	if ! dc_install; then
		dc_log "install failed; retrying once"
		sleep 5
		dc_install || { dc_log "could not install poppler-utils"; return 1; }
	fi
	dc_works || { dc_log "poppler-utils installed but pdftoppm or pdftotext does not run"; return 1; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	ensure_docs
	pdftoppm -v 2>&1 | head -n 1
fi
