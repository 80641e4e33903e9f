package report

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"

	"htxnu/internal/coop"
)

// FontDirEnv names an environment variable that points the PDF renderer at a
// directory of fonts, for a site that must print with real Times New Roman;
// when it is set, only that directory is used. Otherwise the renderer uses
// the Liberation Serif 2.1.4 carried in the binary (metric-compatible with
// Times New Roman, every Vietnamese letter, SIL OFL), so that a document
// looks the same on every machine whatever fonts it has installed.
const FontDirEnv = "HTXNU_FONT_DIR"

// fontSet is a serif family in its four styles, as TrueType bytes.
type fontSet struct {
	Family string
	Dir    string            // "" for the fonts embedded in the binary
	TTF    map[string][]byte // by fpdf style: "", "B", "I", "BI"
}

// family is a font family and the file names of its four styles, in the
// order regular, bold, italic, bold italic. Names match case-insensitively.
type family struct {
	name  string
	files [][4]string
}

var styles = [4]string{"", "B", "I", "BI"}

// families lists the fonts looked for in $HTXNU_FONT_DIR, best first:
// Times New Roman under the names Windows, macOS and msttcorefonts give it,
// then Liberation Serif, then DejaVu Serif (full Vietnamese, but wider).
var families = []family{
	{
		name: "Times New Roman",
		files: [][4]string{
			{"times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"},                                                            // Windows
			{"Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf", "Times New Roman Bold Italic.ttf"}, // macOS
			{"Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf", "Times_New_Roman_Bold_Italic.ttf"}, // msttcorefonts
		},
	},
	{
		name:  "Liberation Serif",
		files: [][4]string{{"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"}},
	},
	{
		name:  "DejaVu Serif",
		files: [][4]string{{"DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"}},
	},
}

// embedded is Liberation Serif 2.1.4 from github.com/go-fonts/liberation.
var embedded = &fontSet{
	Family: "Liberation Serif",
	TTF: map[string][]byte{
		"":   liberationserifregular.TTF,
		"B":  liberationserifbold.TTF,
		"I":  liberationserifitalic.TTF,
		"BI": liberationserifbolditalic.TTF,
	},
}

// vietnamese is every letter of the Vietnamese alphabet with its marks, in
// both cases, and the punctuation the renderer draws itself: a font must map
// them all to be used.
const vietnamese = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" +
	"ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ" +
	"…–"

var (
	fontMu    sync.Mutex
	fontCache = map[string]*fontSet{} // by directory and family
)

// findFonts returns the fonts to draw with: the first usable family in
// $HTXNU_FONT_DIR when it is set, else the fonts embedded in the binary. A
// family is usable when its four styles are present and map every
// Vietnamese letter. System font folders are never searched, so that a
// document does not change with the packages a server happens to have.
func findFonts() (*fontSet, error) {
	dir := os.Getenv(FontDirEnv)
	if dir == "" {
		return embedded, nil
	}
	for _, f := range families {
		if fs, ok := loadFamily(f, dir); ok {
			return fs, nil
		}
	}
	return nil, &coop.Error{Code: coop.EINTERNAL, Message: fmt.Sprintf(
		"Thư mục phông chữ %s=%s không có đủ bốn kiểu (thường, đậm, nghiêng, đậm nghiêng) của Times New Roman, Liberation Serif hoặc DejaVu Serif với đủ dấu tiếng Việt. Hãy sửa biến môi trường này, hoặc bỏ nó để dùng phông Liberation Serif có sẵn trong chương trình.",
		FontDirEnv, dir)}
}

// loadFamily loads f's four styles from dir, once per process.
func loadFamily(f family, dir string) (*fontSet, bool) {
	key := dir + "\x00" + f.name
	fontMu.Lock()
	defer fontMu.Unlock()
	if fs, ok := fontCache[key]; ok {
		return fs, true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	names := make(map[string]string, len(entries))
	for _, e := range entries {
		names[strings.ToLower(e.Name())] = e.Name()
	}
	for _, files := range f.files {
		fs := &fontSet{Family: f.name, Dir: dir, TTF: map[string][]byte{}}
		for i, name := range files {
			real, ok := names[strings.ToLower(name)]
			if !ok {
				break
			}
			b, err := os.ReadFile(filepath.Join(dir, real))
			if err != nil || !hasGlyphs(b, vietnamese) {
				break
			}
			fs.TTF[styles[i]] = b
		}
		if len(fs.TTF) == len(styles) {
			fontCache[key] = fs
			return fs, true
		}
	}
	return nil, false
}

// hasGlyphs reports whether the TrueType font ttf maps every rune of s to a
// glyph, reading its cmap table (format 4 or 12 of a Unicode subtable).
// Older fonts of the same name (Liberation 1.x) lack the Vietnamese letters.
func hasGlyphs(ttf []byte, s string) bool {
	lookup := cmapLookup(ttf)
	if lookup == nil {
		return false
	}
	for _, r := range s {
		if lookup(r) == 0 {
			return false
		}
	}
	return true
}

// cmapLookup returns a function giving the glyph index of a rune (0 when
// the font has none), or nil when the font has no readable Unicode cmap.
func cmapLookup(b []byte) func(rune) uint32 {
	u16 := func(o int) int {
		if o < 0 || o+2 > len(b) {
			return -1
		}
		return int(binary.BigEndian.Uint16(b[o:]))
	}
	u32 := func(o int) int {
		if o < 0 || o+4 > len(b) {
			return -1
		}
		return int(binary.BigEndian.Uint32(b[o:]))
	}
	cmap := -1
	for i, n := 0, u16(4); i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil
		}
		if string(b[rec:rec+4]) == "cmap" {
			cmap = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil
	}
	var f4, f12 int = -1, -1
	for i, n := 0, u16(cmap+2); i < n; i++ {
		rec := cmap + 4 + 8*i
		platform, encoding, off := u16(rec), u16(rec+2), u32(rec+4)
		if off < 0 || !(platform == 0 || platform == 3 && (encoding == 1 || encoding == 10)) {
			continue
		}
		switch u16(cmap + off) {
		case 4:
			f4 = cmap + off
		case 12:
			f12 = cmap + off
		}
	}
	switch {
	case f12 >= 0:
		groups := u32(f12 + 12)
		if groups < 0 || f12+16+12*groups > len(b) {
			return nil
		}
		return func(r rune) uint32 {
			c := int(r)
			lo, hi := 0, groups
			for lo < hi {
				m := (lo + hi) / 2
				g := f12 + 16 + 12*m
				switch {
				case c < u32(g):
					hi = m
				case c > u32(g+4):
					lo = m + 1
				default:
					return uint32(u32(g+8) + c - u32(g))
				}
			}
			return 0
		}
	case f4 >= 0:
		segs := u16(f4+6) / 2
		if segs <= 0 || f4+16+8*segs > len(b) {
			return nil
		}
		ends, starts := f4+14, f4+16+2*segs
		deltas, ranges := starts+2*segs, starts+4*segs
		return func(r rune) uint32 {
			c := int(r)
			if c > 0xFFFF {
				return 0
			}
			for i := 0; i < segs; i++ {
				if c > u16(ends+2*i) {
					continue
				}
				start := u16(starts + 2*i)
				if c < start {
					return 0
				}
				delta, ro := u16(deltas+2*i), u16(ranges+2*i)
				if ro == 0 {
					return uint32((c + delta) & 0xFFFF)
				}
				g := u16(ranges + 2*i + ro + 2*(c-start))
				if g <= 0 {
					return 0
				}
				return uint32((g + delta) & 0xFFFF)
			}
			return 0
		}
	}
	return nil
}
