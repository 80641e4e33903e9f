package report

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// needTool returns the path of an external program the test needs. When it
// is missing the test is skipped, except under CI, where it fails: a test
// that skips in CI tests nothing (scripts/ensure-docs.sh installs them).
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name+" is not installed (Debian package poppler-utils; scripts/ensure-docs.sh installs it)")
	}
	return p
}

// needFonts returns the fonts WritePDF would use, skipping (or failing
// under CI) when there are none.
func needFonts(t *testing.T) *fontSet {
	t.Helper()
	fs, err := findFonts()
	if err != nil {
		missing(t, "no fonts for the PDF: "+err.Error())
	}
	return fs
}

func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but " + why)
	}
	t.Skip(why)
}

// golden compares got with testdata/name, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("%s differs from line %d (run go test ./internal/report -update after checking the change):\n got: %s\nwant: %s", path, i+1, gl, wl)
		}
	}
}

// renderPDF writes d as a PDF into a temporary directory and returns its path.
func renderPDF(t *testing.T, d Document) string {
	t.Helper()
	needFonts(t)
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
