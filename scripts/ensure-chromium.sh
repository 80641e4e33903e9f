#!/usr/bin/env bash
# Make sure a Chromium is installed for the browser tests and export
# HTXNU_CHROME naming it. Run it to check; source it and call
# ensure_chromium (test.sh does) to get the variable. Installs Debian's
# chromium non-interactively when none is found (retrying once: mirrors fail
# now and then).

cr_log() { echo "ensure-chromium: $*" >&2; }

cr_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n "$@"
	else
		cr_log "need root to run: $*"
		return 1
	fi
}

cr_find() {
	local name
	for name in chromium chromium-browser google-chrome google-chrome-stable; do
		if command -v "$name" >/dev/null 2>&1; then
			command -v "$name"
			return 0
		fi
	done
	return 1
}

# cr_works reports whether the browser at $1 starts headless and renders a
# page (the capability the browser tests need, not merely a file on PATH).
cr_works() {
	local dir out
	dir=$(mktemp -d)
	out=$(timeout 60 "$1" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$dir" --dump-dom 'data:text/html,<p>htxnu-ok</p>' 2>/dev/null) || true
	rm -rf "$dir"
	case "$out" in *htxnu-ok*) return 0 ;; esac
	return 1
}

cr_install() {
	export DEBIAN_FRONTEND=noninteractive
	cr_as_root apt-get -o DPkg::Lock::Timeout=300 update -qq &&
		cr_as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium >/dev/null
}

ensure_chromium() {
	if [ -n "${HTXNU_CHROME:-}" ]; then
		if command -v "$HTXNU_CHROME" >/dev/null 2>&1; then
			return 0
		fi
		cr_log "HTXNU_CHROME=$HTXNU_CHROME is not an executable; looking for chromium"
	fi
	local exe
	if ! exe=$(cr_find); then
		cr_log "chromium not found; installing Debian's chromium"
		if ! cr_install; then
			cr_log "install failed; retrying once"
			sleep 5
			cr_install || { cr_log "could not install chromium"; return 1; }
		fi
		exe=$(cr_find) || { cr_log "chromium installed but not on PATH"; return 1; }
	fi
	if ! cr_works "$exe"; then
		cr_log "$exe does not render a page headless; reinstalling Debian's chromium"
		cr_install || true
		cr_works "$exe" || { cr_log "$exe does not render a page headless"; return 1; }
	fi
	export HTXNU_CHROME="$exe"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	ensure_chromium
	echo "HTXNU_CHROME=$HTXNU_CHROME"
	# Debian's launcher prints a harmless "unexpected operator" line.
	"$HTXNU_CHROME" --version 2>/dev/null
fi
