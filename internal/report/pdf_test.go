package report

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"htxnu/internal/coop"
)

// draftDocument is a short draft without a date, number or signer name, as
// a report looks before it is approved.
func draftDocument() Document {
	return Document{
		IssuingBody: "Liên minh HTX thành phố Hà Nội",
		Number:      "/BC-LMHTX", // numbered at issuance
		Kind:        "Báo cáo",
		Summary:     "Kết quả thực hiện Đề án 01 năm 2026",
		Body: []Block{
			{Heading: "I. KẾT QUẢ"},
			{Paragraph: "Số liệu trực tiếp, chưa phê duyệt."},
		},
		SignerTitle: "TM. Ban Thường trực\nChủ tịch",
		Draft:       true,
	}
}

// layoutOps lays d out with fonts of Times New Roman's metrics (Liberation
// Serif or Times New Roman itself), so that positions match on every
// machine, and returns the operations one per line.
func layoutOps(t *testing.T, d Document) (string, *renderer) {
	t.Helper()
	fs := needFonts(t)
	if fs.Family != "Liberation Serif" && fs.Family != "Times New Roman" {
		missing(t, "the layout golden needs Times New Roman's metrics (Liberation Serif or Times New Roman); "+FontDirEnv+" gave "+fs.Family)
	}
	r, err := layout(d, fs)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, o := range r.ops {
		b.WriteString(o.String())
		b.WriteByte('\n')
	}
	return b.String(), r
}

func TestLayoutGolden(t *testing.T) {
	for name, d := range map[string]Document{
		"sample.layout.golden": sampleDocument(),
		"draft.layout.golden":  draftDocument(),
	} {
		t.Run(name, func(t *testing.T) {
			got, _ := layoutOps(t, d)
			golden(t, name, []byte(got))
		})
	}
}

// TestLayoutRules checks, on the drawing operations, the rules of the
// layout that the golden file would only show.
func TestLayoutRules(t *testing.T) {
	_, r := layoutOps(t, sampleDocument())
	find := func(text string) []op {
		var out []op
		for _, o := range r.ops {
			if o.text == text {
				out = append(out, o)
			}
		}
		return out
	}
	one := func(text string) op {
		t.Helper()
		found := find(text)
		if len(found) != 1 {
			t.Fatalf("%q drawn %d times, want once", text, len(found))
		}
		return found[0]
	}

	if r.page < 3 {
		t.Fatalf("the sample runs to %d pages, want at least 3 (its long table must break)", r.page)
	}
	// Header: the issuing body on the left, the national title on the right,
	// both on the first page's top line.
	nation := one(nationText)
	issuer := one("LIÊN MINH HỢP TÁC XÃ VIỆT NAM")
	if nation.page != 1 || issuer.page != 1 || nation.y != marginTop || issuer.y != marginTop {
		t.Errorf("header lines at page %d y %.1f and page %d y %.1f, want page 1 at the top margin", issuer.page, issuer.y, nation.page, nation.y)
	}
	if issuer.x+issuer.w > nation.x+0.01 {
		t.Errorf("issuing body column [%.1f, %.1f] overlaps the national title's at %.1f", issuer.x, issuer.x+issuer.w, nation.x)
	}
	if o := one(mottoText); o.style != "B" || o.size < 13 || o.size > 14 {
		t.Errorf("motto drawn %s %g, want bold 13–14", o.style, o.size)
	}
	if o := one("Tuyên Quang, ngày 14 tháng 6 năm 2026"); o.style != "I" {
		t.Errorf("place and date drawn %q, want italic", o.style)
	}
	if o := one("Số: 12/BC-LMHTX"); o.x >= nation.x {
		t.Errorf("number drawn at x %.1f, want in the left column", o.x)
	}
	if o := one("BÁO CÁO"); o.style != "B" || o.align != "C" {
		t.Errorf("kind drawn %s aligned %s, want bold centred", o.style, o.align)
	}
	if o := one("KT. CHỦ TỊCH"); o.style != "B" || o.x < nation.x-20 {
		t.Errorf("signer title drawn %s at x %.1f, want bold on the right", o.style, o.x)
	}
	label, signer := one(recipsLabel), one("Nguyễn Thị Hồng Nhung")
	if label.style != "BI" || label.page != signer.page || label.page != r.page {
		t.Errorf("closing block: %q %s on page %d, signer on page %d, last page %d; want bold italic, together, last", recipsLabel, label.style, label.page, signer.page, r.page)
	}
	one("- Lưu: VT, KTTT.")

	// Page numbers from page 2, centred in the top margin; none on page 1.
	for p := 1; p <= r.page; p++ {
		var got []op
		for _, o := range find(fmt.Sprint(p)) {
			if o.page == p && o.y < marginTop {
				got = append(got, o)
			}
		}
		if want := min(p-1, 1); len(got) != want {
			t.Errorf("page %d: %d page numbers in the top margin, want %d", p, len(got), want)
		}
	}

	// The long table's header row repeats on every page it runs onto.
	pages := map[int]bool{}
	for _, o := range find("Tên hợp tác xã") {
		pages[o.page] = true
	}
	first, last := one("Bảng 2. Danh sách HTX do phụ nữ tham gia quản lý được hỗ trợ").page, one("Kinh phí gồm ngân sách trung ương, ngân sách địa phương và nguồn huy động hợp pháp khác.").page
	for p := first; p <= last; p++ {
		if !pages[p] {
			t.Errorf("table header missing on page %d (table runs on pages %d–%d)", p, first, last)
		}
	}
	// Numbers right-aligned in vi-VN format; the total row bold.
	if o := one("1.837.500.000"); o.align != "R" || o.style != "B" {
		t.Errorf("money total drawn %s aligned %s, want bold right-aligned", o.style, o.align)
	}
	if o := one("60,9%"); o.align != "R" {
		t.Errorf("percentage aligned %s, want right", o.align)
	}
	checkInsidePage(t, r.ops)
}

// checkInsidePage fails for any text or border outside the margins (page
// numbers excepted, which sit in the top margin).
func checkInsidePage(t *testing.T, ops []op) {
	t.Helper()
	const eps = 0.01
	for _, o := range ops {
		switch o.kind {
		case "text":
			if o.x < marginLeft-eps || o.x+o.w > pageW-marginRight+eps || o.y+o.h > bottomY+eps {
				t.Errorf("outside the margins: %s", o)
			}
			if w := textWidth(o); w > o.w+eps {
				t.Errorf("text %.1f mm wide in a box of %.1f: %s", w, o.w, o)
			}
		case "rect":
			if o.x < marginLeft-eps || o.x+o.w > pageW-marginRight+eps || o.y < marginTop-eps || o.y+o.h > bottomY+eps {
				t.Errorf("outside the margins: %s", o)
			}
		}
	}
}

// textWidth measures a drawn text again with the fonts of the test.
var measurer *renderer

func textWidth(o op) float64 {
	if measurer == nil {
		fs, err := findFonts()
		if err != nil {
			return 0
		}
		measurer, _ = layout(Document{}, fs)
	}
	return measurer.width(o.style, o.size, o.text)
}

// TestTablesFitThePage lays out awkward tables (many columns, long words,
// a cell taller than a page) and checks nothing leaves the page.
func TestTablesFitThePage(t *testing.T) {
	fs := needFonts(t)
	wide := Table{Title: "Mười lăm cột"}
	for i := range 15 {
		wide.Columns = append(wide.Columns, Column{Title: fmt.Sprintf("Chỉ tiêu thứ %d của Đề án", i+1), Kind: Money})
	}
	for i := range 30 {
		row := []any{}
		for j := range 15 {
			row = append(row, int64(i*j)*1_000_000_000)
		}
		wide.Rows = append(wide.Rows, row)
	}
	words := Table{
		Columns: []Column{{Title: "Địa chỉ trang thông tin", Kind: Text}, {Title: "Ghi chú", Kind: Text, Width: 1}},
		Rows: [][]any{
			{"https://www.example.vn/" + strings.Repeat("hoptacxaphunu", 20), "Một từ rất dài phải được cắt giữa các chữ cái."},
			{strings.TrimSpace(strings.Repeat("Dòng dài. ", 400)), strings.Repeat("ngắn\n", 150)},
		},
		Total: []any{"", ""},
	}
	d := Document{IssuingBody: "Liên minh HTX tỉnh Lào Cai", Kind: "Báo cáo", Body: []Block{{Table: &wide}, {Table: &words}}}
	r, err := layout(d, fs)
	if err != nil {
		t.Fatal(err)
	}
	checkInsidePage(t, r.ops)
	if r.page < 4 {
		t.Errorf("%d pages, want the 150-line cell split over several", r.page)
	}
	for _, o := range r.ops {
		if o.kind == "text" && strings.Contains(o.text, "hoptacxaphunuhoptacxaphunu") && textWidth(o) > o.w {
			t.Errorf("long word not cut: %s", o)
		}
	}
}

// TestWritePDFText extracts the text of the PDF: every Vietnamese string
// must come back intact (the fonts are embedded with their Unicode map).
func TestWritePDFText(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	path := renderPDF(t, sampleDocument())
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"LIÊN MINH HTX",
		"TỈNH TUYÊN QUANG",
		"Số: 12/BC-LMHTX",
		"Tuyên Quang, ngày 14 tháng 6 năm 2026",
		"BÁO CÁO",
		"Kết quả thực hiện Đề án hỗ trợ hợp tác xã do phụ nữ tham gia",
		"thu hút 420 lượt người tham dự, trong đó 356 lượt là nữ.",
		"Hợp tác xã Dược liệu Hoàng Su Phì 3",
		"1.837.500.000",
		"60,9%",
		"Nơi nhận:",
		"- Hội LHPN tỉnh;",
		"KT. CHỦ TỊCH",
		"PHÓ CHỦ TỊCH",
		"Nguyễn Thị Hồng Nhung",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text of the PDF lacks %q", want)
		}
	}
}

// TestDecomposedText: text typed with combining marks (NFD, as some
// keyboards and macOS file names produce) is drawn composed.
func TestDecomposedText(t *testing.T) {
	d := draftDocument()
	d.IssuingBody = norm.NFD.String("Liên minh HTX tỉnh Thái Nguyên")
	d.Body = []Block{{Paragraph: norm.NFD.String("Hỗ trợ thành lập mới hợp tác xã.")}}
	_, r := layoutOps(t, d)
	var seen []string
	for _, o := range r.ops {
		if !norm.NFC.IsNormalString(o.text) {
			t.Errorf("drawn text not NFC: %q", o.text)
		}
		seen = append(seen, o.text)
	}
	for _, want := range []string{"TỈNH THÁI NGUYÊN", "Hỗ trợ thành lập mới hợp tác xã."} {
		if !strings.Contains(strings.Join(seen, "\n"), want) {
			t.Errorf("%q not drawn; drew %q", want, seen)
		}
	}
}

func TestWritePDFDeterministic(t *testing.T) {
	needFonts(t)
	var a, b bytes.Buffer
	if err := WritePDF(&a, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&b, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings of the same document differ")
	}
	if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:20260614000000")) {
		t.Error("creation date is not the document's date")
	}
	d := draftDocument() // no date: a fixed epoch, never the clock
	a.Reset()
	if err := WritePDF(&a, d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:19700101000000")) {
		t.Error("a document without a date does not carry the fixed creation date")
	}
}

// TestWritePDFConcurrent renders from several goroutines at once, as a
// server does: the font bytes are shared and must come out unchanged.
func TestWritePDFConcurrent(t *testing.T) {
	needFonts(t)
	var want bytes.Buffer
	if err := WritePDF(&want, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var got bytes.Buffer
			err := WritePDF(&got, sampleDocument())
			if err == nil && !bytes.Equal(got.Bytes(), want.Bytes()) {
				err = errors.New("a concurrent rendering differs from the sequential one")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestFontDirEnvEmpty: a font directory that holds no usable family is an
// error saying which setting to fix, never a silent fallback.
func TestFontDirEnvEmpty(t *testing.T) {
	t.Setenv(FontDirEnv, t.TempDir())
	err := WritePDF(&bytes.Buffer{}, sampleDocument())
	if coop.ErrorCode(err) != coop.EINTERNAL {
		t.Fatalf("err = %v, want an EINTERNAL coop.Error", err)
	}
	var ce *coop.Error
	if !errors.As(err, &ce) || !strings.Contains(ce.Message, FontDirEnv) {
		t.Errorf("message %q does not say what to set", coop.ErrorMessage(err))
	}
}

// TestEmbeddedFonts: without HTXNU_FONT_DIR the renderer uses the Liberation
// Serif 2.x carried in the binary, with every Vietnamese letter in each of
// its four styles.
func TestEmbeddedFonts(t *testing.T) {
	t.Setenv(FontDirEnv, "")
	fs, err := findFonts()
	if err != nil {
		t.Fatal(err)
	}
	if fs.Family != "Liberation Serif" || fs.Dir != "" {
		t.Fatalf("found %s in %q, want the embedded Liberation Serif", fs.Family, fs.Dir)
	}
	for _, st := range styles {
		if !hasGlyphs(fs.TTF[st], vietnamese) {
			t.Errorf("style %q lacks Vietnamese letters", st)
		}
	}
}

func TestFontDirEnv(t *testing.T) {
	fs := needFonts(t)
	// A directory holding only regular and bold is not enough.
	dir := t.TempDir()
	for _, name := range []string{"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"} {
		if err := os.WriteFile(filepath.Join(dir, name), fs.TTF[""], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(FontDirEnv, dir)
	if _, err := findFonts(); err == nil {
		t.Fatal("found fonts in a directory with two of the four styles")
	}
	// With all four (names in any case) it is used.
	for i, name := range []string{"LIBERATIONSERIF-ITALIC.TTF", "liberationserif-bolditalic.ttf"} {
		if err := os.WriteFile(filepath.Join(dir, name), fs.TTF[styles[2+i]], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := findFonts()
	if err != nil {
		t.Fatal(err)
	}
	if got.Dir != dir || got.Family != "Liberation Serif" {
		t.Errorf("found %s in %s, want Liberation Serif in %s", got.Family, got.Dir, dir)
	}
}

func TestHasGlyphs(t *testing.T) {
	fs := needFonts(t)
	if !hasGlyphs(fs.TTF[""], vietnamese) {
		t.Errorf("%s: Vietnamese letters not found", fs.Family)
	}
	if hasGlyphs(fs.TTF[""], "ꙮ") { // U+A66E, in no serif text face
		t.Errorf("%s: a glyph found for U+A66E", fs.Family)
	}
	if hasGlyphs([]byte("not a font"), "a") {
		t.Error("glyphs found in a file that is not a font")
	}
}

// TestRenderedPage renders the sample with poppler and looks at the
// pixels: A4 pages, the two header columns inked, nothing in the side and
// bottom margins.
func TestRenderedPage(t *testing.T) {
	pdftoppm := needTool(t, "pdftoppm")
	path := renderPDF(t, sampleDocument())
	dir := t.TempDir()
	const dpi = 60
	if out, err := exec.Command(pdftoppm, "-r", fmt.Sprint(dpi), "-png", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	sort.Strings(files)
	if len(files) < 3 {
		t.Fatalf("%d pages rendered, want at least 3", len(files))
	}
	for i, f := range files {
		img := readPNG(t, f)
		b := img.Bounds()
		if ratio := float64(b.Dy()) / float64(b.Dx()); ratio < 1.40 || ratio > 1.43 {
			t.Errorf("page %d is %dx%d px, not A4 proportions", i+1, b.Dx(), b.Dy())
		}
		mm := float64(b.Dx()) / pageW // pixels per millimetre
		ink := func(x0, y0, x1, y1 float64) int {
			return inked(img, int(x0*mm), int(y0*mm), int(x1*mm), int(y1*mm))
		}
		if n := ink(pageW-marginRight+1, 0, pageW, pageH); n > 0 {
			t.Errorf("page %d: %d inked pixels in the right margin", i+1, n)
		}
		if n := ink(0, 0, marginLeft-1, pageH); n > 0 {
			t.Errorf("page %d: %d inked pixels in the left margin", i+1, n)
		}
		if n := ink(0, bottomY+1, pageW, pageH); n > 0 {
			t.Errorf("page %d: %d inked pixels in the bottom margin", i+1, n)
		}
		if i == 0 {
			if n := ink(marginLeft, marginTop, rightColX, marginTop+25); n < 200 {
				t.Errorf("page 1: top-left header area has %d inked pixels, want the issuing body", n)
			}
			if n := ink(rightColX, marginTop, pageW-marginRight, marginTop+25); n < 200 {
				t.Errorf("page 1: top-right header area has %d inked pixels, want the national title", n)
			}
			if n := ink(0, 0, pageW, marginTop-1); n > 0 {
				t.Errorf("page 1: %d inked pixels in the top margin, want no page number", n)
			}
		} else if n := ink(pageW/2-10, 3, pageW/2+10, marginTop-1); n == 0 {
			t.Errorf("page %d: no page number in the top margin", i+1)
		}
	}
	if dir := os.Getenv("HTXNU_KEEP_PNG"); dir != "" { // to look at the pages while working on the layout
		for _, f := range files {
			b, _ := os.ReadFile(f)
			_ = os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// inked counts the dark pixels (luminance below half) in a rectangle.
func inked(img image.Image, x0, y0, x1, y1 int) int {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Bounds())
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if (299*cr+587*cg+114*cb)/1000 < 0x8000 {
				n++
			}
		}
	}
	return n
}

func BenchmarkWritePDF(b *testing.B) {
	if _, err := findFonts(); err != nil {
		b.Skip(err)
	}
	d := sampleDocument()
	for b.Loop() {
		if err := WritePDF(&bytes.Buffer{}, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWritePDFLongTable lays out a 2,000-row table (about 60 pages).
func BenchmarkWritePDFLongTable(b *testing.B) {
	if _, err := findFonts(); err != nil {
		b.Skip(err)
	}
	d := sampleDocument()
	long := sampleList(d)
	for len(long.Rows) < 2000 {
		long.Rows = append(long.Rows, long.Rows...)
	}
	long.Rows = long.Rows[:2000]
	d.Body = []Block{{Table: &long}}
	for b.Loop() {
		if err := WritePDF(&bytes.Buffer{}, d); err != nil {
			b.Fatal(err)
		}
	}
}
