#!/usr/bin/env bash
# Make sure the tools the document tests need are installed: a serif font
# with Vietnamese glyphs metric-compatible with Times New Roman (Debian's
# fonts-liberation2) for the PDF renderer, and poppler-utils (pdftoppm,
# pdftotext) to look at what it drew. Run it to check; source it and call
# ensure_docs (test.sh does). Installs the missing packages with apt-get
# non-interactively, retrying once: mirrors fail now and then.

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

# dc_missing prints the Debian packages still needed, one per line.
dc_missing() {
	if [ -z "${HTXNU_FONT_DIR:-}" ] &&
		[ ! -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] &&
		[ ! -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ]; then
		echo fonts-liberation2
	fi
	if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
		echo poppler-utils
	fi
}

dc_install() {
	export DEBIAN_FRONTEND=noninteractive
	dc_as_root apt-get -o DPkg::Lock::Timeout=300 update -qq &&
		dc_as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null
}

ensure_docs() {
	local missing
	missing=$(dc_missing)
	[ -z "$missing" ] && return 0
	# shellcheck disable=SC2086 # one package name per word
	set -- $missing
	dc_log "installing $*"
	if ! dc_install "$@"; then
		dc_log "install failed; retrying once"
		sleep 5
		dc_install "$@" || { dc_log "could not install $*"; return 1; }
	fi
	missing=$(dc_missing)
	if [ -n "$missing" ]; then
		dc_log "still missing after install: $missing"
		return 1
	fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	ensure_docs
	pdftoppm -v 2>&1 | head -n 1
	ls /usr/share/fonts/truetype/liberation2/LiberationSerif-*.ttf 2>/dev/null ||
		ls /usr/share/fonts/truetype/liberation/LiberationSerif-*.ttf 2>/dev/null ||
		echo "HTXNU_FONT_DIR=$HTXNU_FONT_DIR"
fi
