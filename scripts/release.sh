#!/usr/bin/env bash
# Build the release binaries into dist/: linux/amd64, linux/arm64,
# windows/amd64 and darwin/arm64, pure Go (CGO_ENABLED=0), with the version
# and commit stamped, and a SHA256SUMS file. Usage: scripts/release.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	PATH="/usr/local/go/bin:$PATH"
fi
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
	commit="$commit-dirty"
fi
version=${1:-$(git describe --tags --abbrev=0 2>/dev/null || echo "0.0.0-$commit")}
out=dist
rm -rf "$out"
mkdir -p "$out"
for target in linux/amd64 linux/arm64 windows/amd64 darwin/arm64; do
	os=${target%/*}
	arch=${target#*/}
	name="htxnu-$version-$os-$arch"
	[ "$os" = windows ] && name="$name.exe"
	echo "building $name"
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath \
		-ldflags "-s -w -X main.version=$version -X main.commit=$commit" \
		-o "$out/$name" ./cmd/htxnu
done
(cd "$out" && sha256sum htxnu-* >SHA256SUMS)
cat "$out/SHA256SUMS"
