package xlsx

// Reading: a sheet's header row matched against the fields expected, then
// its rows, in Vietnamese formats (see parse.go).

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"htxnu/internal/coop"
)

// Limits on what is read. A file over MaxFileSize is refused before it is
// opened (the web layer answers 413); MaxUncompressed bounds what a
// workbook may expand to, against zip bombs.
const (
	MaxFileSize     = 20 << 20
	MaxUncompressed = 400 << 20
	MaxRows         = 200_000
)

// Field is one column of a sheet the application reads, and of the
// template it offers to fill in.
type Field struct {
	Key      string   // stable identifier used by callers
	Header   string   // Vietnamese header as written in templates
	Aliases  []string // other headers accepted for this column
	Required bool     // the header must be present
	Help     string   // one line for the instructions sheet
	List     []string // values offered in a drop-down list, if any
	Kind     Kind     // how the template and the export write its cells
	Width    float64
}

// Columns returns the fields as the columns of a table written by Writer.
func Columns(fields []Field) []Column {
	out := make([]Column, len(fields))
	for i, f := range fields {
		out[i] = Column{Header: f.Header, Kind: f.Kind, Width: f.Width}
	}
	return out
}

// Row is one data row: its number in the sheet (1-based, as Excel shows it)
// and the text of each column, by column index (empty when the column is
// absent from the sheet).
type Row struct {
	Num   int
	Cells []string
}

// Get returns the cell of the column with the given index.
func (r Row) Get(i int) string {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// Empty reports whether every cell of the row is empty.
func (r Row) Empty() bool {
	for _, c := range r.Cells {
		if c != "" {
			return false
		}
	}
	return true
}

// Header is what Read learnt from the header row.
type Header struct {
	Format  string // "xlsx" or "csv"
	Sheet   string // the sheet read (xlsx)
	Present []bool // by column index: the sheet has this column
	Source  []int  // by column index: the 0-based column of the sheet, or -1
	Width   int    // number of columns in the header row
	Rows    int    // data rows read
}

// Has reports whether the sheet has the column with the given index.
func (h *Header) Has(i int) bool { return i < len(h.Present) && h.Present[i] }

// HeaderKey folds a header for matching: case, accents, punctuation and
// spacing do not matter.
func HeaderKey(s string) string {
	f := coop.Fold(s)
	var b strings.Builder
	for _, r := range f {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func invalid(format string, args ...any) error {
	return &coop.Error{Code: coop.EINVALID, Message: fmt.Sprintf(format, args...)}
}

// ErrTooLarge is returned for a file over MaxFileSize.
var ErrTooLarge = &coop.Error{Code: coop.EINVALID, Message: "Tệp quá lớn: dung lượng tối đa là 20 MB. Hãy chia tệp thành nhiều phần."}

// Read reads the first sheet of an .xlsx workbook or a .csv file (by the
// file name's extension and its content), matches its header row against
// cols and calls fn for each non-empty data row, in order, with the cells
// NFC-normalised and trimmed. Formulas are read as their cached values;
// numbers and dates as Excel stores them (Parse… read both). An error from
// fn stops the read and is returned.
func Read(name string, data []byte, cols []Field, fn func(Row) error) (*Header, error) {
	if len(data) > MaxFileSize {
		return nil, ErrTooLarge
	}
	if len(data) == 0 {
		return nil, invalid("Tệp rỗng: không có dữ liệu để nhập.")
	}
	lower := strings.ToLower(name)
	isZip := bytes.HasPrefix(data, []byte("PK\x03\x04"))
	switch {
	case isZip:
		return readXLSX(data, cols, fn)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, invalid("Tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy mở tệp trong Excel và lưu lại dưới dạng .xlsx.")
	case strings.HasSuffix(lower, ".csv") || strings.HasSuffix(lower, ".txt"):
		return readCSV(data, cols, fn)
	case strings.HasSuffix(lower, ".xlsx"):
		return nil, invalid("Tệp %q không phải là bảng tính Excel (.xlsx) hợp lệ.", name)
	}
	return nil, invalid("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
}

// headerMatcher maps the sheet's header row onto cols.
func matchHeader(cells []string, cols []Field) (*Header, error) {
	h := &Header{Present: make([]bool, len(cols)), Source: make([]int, len(cols)), Width: len(cells)}
	byKey := map[string]int{}
	for i, c := range cols {
		h.Source[i] = -1
		byKey[HeaderKey(c.Header)] = i
		for _, a := range c.Aliases {
			byKey[HeaderKey(a)] = i
		}
	}
	for j, cell := range cells {
		k := HeaderKey(cell)
		if k == "" {
			continue
		}
		if i, ok := byKey[k]; ok && !h.Present[i] {
			h.Present[i], h.Source[i] = true, j
		}
	}
	var missing []string
	for i, c := range cols {
		if c.Required && !h.Present[i] {
			missing = append(missing, "“"+c.Header+"”")
		}
	}
	if len(missing) > 0 {
		return h, &coop.Error{Code: coop.EINVALID, Message: "Thiếu cột bắt buộc: " + strings.Join(missing, ", ") +
			". Dòng đầu tiên của trang tính phải là dòng tiêu đề như trong tệp mẫu."}
	}
	return h, nil
}

func (h *Header) row(num int, cells []string) Row {
	r := Row{Num: num, Cells: make([]string, len(h.Source))}
	for i, j := range h.Source {
		if j >= 0 && j < len(cells) {
			r.Cells[i] = cleanCell(cells[j])
		}
	}
	return r
}

// cleanCell normalises a cell's text: NFC, trimmed, single spaces, and the
// apostrophe that an export puts before text starting with = + - @ removed.
func cleanCell(s string) string {
	if !plain(s) {
		s = coop.Clean(s)
	}
	return Restore(s)
}

// plain reports whether s is already clean: ASCII or NFC text with single
// spaces between words and none at the ends (most cells).
func plain(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			ascii = false
		case c == ' ':
			if s[i+1] == ' ' {
				return false
			}
		case c < ' ' || c == 0x7f:
			return false
		}
	}
	return ascii || (norm.NFC.IsNormalString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && unicode.IsSpace(r) }))
}

func readXLSX(data []byte, cols []Field, fn func(Row) error) (*Header, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, invalid("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total > MaxUncompressed {
		return nil, invalid("Tệp giải nén ra quá lớn (hơn %d MB): không đọc tệp này.", MaxUncompressed>>20)
	}
	sheet, part, ok := activeSheet(zr)
	if !ok {
		return nil, invalid("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")
	}
	shared, err := readSharedStrings(zr)
	if err != nil {
		return nil, invalid("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")
	}
	zf := findPart(zr, part)
	if zf == nil {
		return nil, invalid("Không đọc được trang tính %q.", sheet)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, invalid("Không đọc được trang tính %q.", sheet)
	}
	defer rc.Close()
	var h *Header
	err = scanRows(rc, shared, func(num int, cells []string) error {
		if h == nil {
			if blank(cells) {
				return nil
			}
			var err error
			h, err = matchHeader(cells, cols)
			if err != nil {
				if merged(data, sheet, num) {
					return errMergedHeader
				}
				return err
			}
			if merged(data, sheet, num) {
				return errMergedHeader
			}
			h.Format, h.Sheet = "xlsx", sheet
			return nil
		}
		if blank(cells) {
			return nil
		}
		h.Rows++
		if h.Rows > MaxRows {
			return invalid("Tệp có hơn %s dòng dữ liệu: hãy chia thành nhiều tệp.", FormatInt(MaxRows))
		}
		return fn(h.row(num, cells))
	})
	switch {
	case errors.Is(err, errSheetXML):
		return h, invalid("Không đọc được trang tính: tệp hỏng.")
	case err != nil:
		if h == nil || h.Format == "" {
			return nil, err
		}
		return h, err
	case h == nil:
		return nil, invalid("Trang tính trống: không có dòng tiêu đề.")
	}
	return h, nil
}

var errMergedHeader = invalid("Dòng tiêu đề có ô gộp (merge): hãy bỏ gộp ô và để một dòng tiêu đề duy nhất, mỗi cột một tiêu đề như trong tệp mẫu.")

// activeSheet returns the name of the sheet to read, the active one unless
// it is one of the template's helper sheets (then the first), and the path
// of its XML in the package.
func activeSheet(zr *zip.Reader) (name, part string, ok bool) {
	var wb struct {
		Views []struct {
			ActiveTab int `xml:"activeTab,attr"`
		} `xml:"bookViews>workbookView"`
		Sheets []struct {
			Name string `xml:"name,attr"`
		} `xml:"sheets>sheet"`
	}
	b := readPart(zr, "xl/workbook.xml", 4<<20)
	if b == nil || xml.Unmarshal(b, &wb) != nil || len(wb.Sheets) == 0 {
		return "", "", false
	}
	active := 0
	if len(wb.Views) > 0 && wb.Views[0].ActiveTab >= 0 && wb.Views[0].ActiveTab < len(wb.Sheets) {
		active = wb.Views[0].ActiveTab
	}
	name = wb.Sheets[active].Name
	if name == "" || isAuxSheet(name) {
		name = wb.Sheets[0].Name
	}
	return name, sheetPart(zr, name), true
}

// isAuxSheet reports whether a sheet is one of the template's own helper
// sheets rather than data.
func isAuxSheet(name string) bool {
	k := HeaderKey(name)
	return k == HeaderKey(SheetInstructions) || k == HeaderKey(SheetLists) || k == HeaderKey(InfoSheet)
}

// merged reports whether a merged range of the sheet starts on row num or
// above it. It is asked about the header row, the one place a merged cell
// breaks the reading. The sheet's XML is scanned as a stream for its
// <mergeCell> elements: excelize's GetMergeCells would load the whole
// sheet in memory.
func merged(data []byte, sheet string, num int) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	part := sheetPart(zr, sheet)
	for _, zf := range zr.File {
		if zf.Name != part {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		br := bufio.NewReaderSize(io.LimitReader(rc, MaxUncompressed), 64<<10)
		const tag = "<mergeCell "
		for {
			// Find the next "<mergeCell " and read its ref.
			if _, err := br.ReadSlice('<'); err != nil && err != bufio.ErrBufferFull {
				return false
			}
			peek, _ := br.Peek(len(tag) - 1)
			if string(peek) != tag[1:] {
				continue
			}
			attrs, err := br.ReadString('>')
			if err != nil {
				return false
			}
			i := strings.Index(attrs, `ref="`)
			if i < 0 {
				continue
			}
			ref := attrs[i+5:]
			if j := strings.IndexAny(ref, `":`); j >= 0 {
				ref = ref[:j]
			}
			if _, row, err := excelize.CellNameToCoordinates(ref); err == nil && row <= num {
				return true
			}
		}
	}
	return false
}

// sheetPart returns the path in the package of the named sheet's XML.
func sheetPart(zr *zip.Reader, sheet string) string {
	read := func(name string) []byte {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					return nil
				}
				defer rc.Close()
				b, _ := io.ReadAll(io.LimitReader(rc, 4<<20))
				return b
			}
		}
		return nil
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(read("xl/workbook.xml"), &wb) != nil || xml.Unmarshal(read("xl/_rels/workbook.xml.rels"), &rels) != nil {
		return "xl/worksheets/sheet1.xml"
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				t := strings.TrimPrefix(r.Target, "/")
				if !strings.HasPrefix(t, "xl/") {
					t = "xl/" + t
				}
				return t
			}
		}
	}
	return "xl/worksheets/sheet1.xml"
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func readCSV(data []byte, cols []Field, fn func(Row) error) (*Header, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return nil, invalid("Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: Lưu thành → CSV UTF-8).")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, invalid("Tệp không phải là tệp CSV hợp lệ.")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = csvSeparator(data, cols), -1, true, true
	var h *Header
	num := 0
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		num++
		if err != nil {
			return h, invalid("Không đọc được dòng %d của tệp CSV.", num)
		}
		if h == nil {
			if blank(cells) {
				continue
			}
			var err error
			if h, err = matchHeader(cells, cols); err != nil {
				return nil, err
			}
			h.Format = "csv"
			continue
		}
		if blank(cells) {
			continue
		}
		h.Rows++
		if h.Rows > MaxRows {
			return nil, invalid("Tệp có hơn %s dòng dữ liệu: hãy chia thành nhiều tệp.", FormatInt(MaxRows))
		}
		if err := fn(h.row(num, cells)); err != nil {
			return h, err
		}
	}
	if h == nil {
		return nil, invalid("Tệp trống: không có dòng tiêu đề.")
	}
	return h, nil
}

// csvSeparator tells ";" from ",": the one under which the first line
// yields more known headers, and on a tie the one that appears more often
// outside quotes.
func csvSeparator(data []byte, cols []Field) rune {
	first := data
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	score := func(sep rune) int {
		r := csv.NewReader(bytes.NewReader(first))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
		rec, err := r.Read()
		if err != nil {
			return 0
		}
		h, _ := matchHeader(rec, cols)
		n := 0
		for _, p := range h.Present {
			if p {
				n++
			}
		}
		return n
	}
	semi, comma := score(';'), score(',')
	switch {
	case semi > comma:
		return ';'
	case comma > semi:
		return ','
	case countOutsideQuotes(first, ';') > countOutsideQuotes(first, ','):
		return ';'
	}
	return ','
}

func countOutsideQuotes(line []byte, c byte) int {
	n, quoted := 0, false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == c && !quoted:
			n++
		}
	}
	return n
}
