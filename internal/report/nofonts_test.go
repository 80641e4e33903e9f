package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// systemFontDirs are the folders where Linux systems keep fonts. The test
// below hides them all.
var systemFontDirs = []string{"/usr/share/fonts", "/usr/local/share/fonts", "/usr/lib/X11/fonts"}

// TestPDFWithoutSystemFonts renders the sample document in a child process
// that cannot see any system font folder (each is covered by an empty
// tmpfs in a private mount namespace), and checks that the PDF is
// byte-for-byte the one rendered here: documents do not depend on the fonts
// a server has installed.
func TestPDFWithoutSystemFonts(t *testing.T) {
	if out := os.Getenv("HTXNU_NOFONTS_OUT"); out != "" {
		// The child: the folders are hidden; render and write.
		for _, d := range systemFontDirs {
			if entries, err := os.ReadDir(d); err == nil && len(entries) > 0 {
				t.Fatalf("%s is still visible (%d entries)", d, len(entries))
			}
		}
		var buf bytes.Buffer
		if err := WritePDF(&buf, sampleDocument()); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Setenv(FontDirEnv, "")
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		missing(t, "unshare (util-linux) is not installed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	script.WriteString("set -e\n")
	for _, d := range systemFontDirs {
		script.WriteString("if [ -d " + d + " ]; then mount -t tmpfs none " + d + "; fi\n")
	}
	script.WriteString(`exec "$0" -test.run '^TestPDFWithoutSystemFonts$' -test.count=1` + "\n")
	out := filepath.Join(t.TempDir(), "child.pdf")
	cmd := exec.Command(unshare, "--mount", "--map-root-user", "sh", "-c", script.String(), exe)
	cmd.Env = append(os.Environ(), "HTXNU_NOFONTS_OUT="+out, FontDirEnv+"=")
	if b, err := cmd.CombinedOutput(); err != nil {
		if strings.Contains(string(b), "unshare failed") || strings.Contains(string(b), "Operation not permitted") {
			missing(t, "this machine does not allow a private mount namespace: "+strings.TrimSpace(string(b)))
		}
		t.Fatalf("child: %v\n%s", err, b)
	}
	child, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var here bytes.Buffer
	if err := WritePDF(&here, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	if len(child) == 0 || !bytes.Equal(child, here.Bytes()) {
		t.Fatalf("the PDF rendered without system fonts (%d bytes) differs from the one rendered here (%d bytes)", len(child), here.Len())
	}
}
