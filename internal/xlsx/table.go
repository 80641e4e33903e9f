// Package xlsx reads and writes the spreadsheets htxnu exchanges with the
// provincial alliances: Excel workbooks (.xlsx) and CSV files as Excel in
// Vietnamese writes them. It is a codec only: it knows nothing of HTTP or
// of the database.
package xlsx

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// Format is a download format of a table.
type Format string

const (
	XLSX Format = "xlsx" // Excel workbook
	CSV  Format = "csv"  // UTF-8 with a BOM, ";"-separated, CRLF line ends
)

// ParseFormat reads a format as given in a URL ("xlsx", "csv", any case,
// with or without a leading dot).
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")) {
	case "xlsx":
		return XLSX, true
	case "csv":
		return CSV, true
	}
	return "", false
}

// ContentType is the media type of a file in the format.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// Ext is the file name extension of the format, with its dot.
func (f Format) Ext() string { return "." + string(f) }

// Kind is the type of a column's cells.
type Kind int

const (
	// Text cells hold a string (or anything printed with fmt).
	Text Kind = iota
	// Integer cells hold a whole number: int, int64, *int64 and the like.
	Integer
	// Decimal cells hold a number with a fractional part: float64 or *float64.
	Decimal
	// Date cells hold a calendar day: time.Time, *time.Time or a
	// "2006-01-02" string. The time of day is dropped.
	Date
	// Money cells hold an amount in đồng, a whole number. The unit belongs
	// in the header, e.g. "Kinh phí (đồng)".
	Money
)

// Column is one column of a table.
type Column struct {
	Header string  // Vietnamese, as a person reads it
	Kind   Kind    // type of the cells
	Width  float64 // in characters; 0 chooses from the header and kind
}

// Options are the particulars of a table file.
type Options struct {
	// Sheet is the name of the worksheet in a workbook; "Dữ liệu" when
	// empty. Ignored for CSV.
	Sheet string
	// Info is written as label and value pairs on a second worksheet
	// "Thông tin" of a workbook (e.g. the filters the list was shown
	// with). Ignored for CSV, whose first row must be the headers.
	Info [][2]string
}

// InfoSheet is the name of the worksheet holding Options.Info.
const InfoSheet = "Thông tin"

// DefaultSheet is the worksheet name when Options.Sheet is empty.
const DefaultSheet = "Dữ liệu"

// Number formats, in Excel's locale-independent syntax: a reader with
// Vietnamese regional settings sees 1.234.567 and 12,5.
const (
	fmtInteger = "#,##0"
	fmtDecimal = "#,##0.##"
	fmtDate    = "dd/mm/yyyy"
)

// Writer writes a table row by row, to a workbook or a CSV file. Rows are
// streamed: a workbook's rows go to excelize's StreamWriter (which spills
// to a temporary file past a few megabytes) and CSV rows straight to the
// output, so a long table costs little memory. Close must be called to
// finish the file; a workbook reaches the output only then.
type Writer struct {
	format Format
	cols   []Column
	out    io.Writer
	rows   int
	vals   []any // the row being written, converted to its columns' kinds

	// xlsx
	file   *excelize.File
	sw     *excelize.StreamWriter
	info   [][2]string
	styles map[Kind]int
	quoted int // text style marked quotePrefix, for neutralised cells

	// csv
	buf *bufio.Writer
	csv *csv.Writer
	rec []string

	closed bool
}

// NewWriter starts a table with the given columns and writes its header
// row.
func NewWriter(w io.Writer, format Format, cols []Column, opt Options) (*Writer, error) {
	if len(cols) == 0 {
		return nil, errors.New("xlsx: a table needs at least one column")
	}
	t := &Writer{format: format, cols: cols, out: w}
	switch format {
	case XLSX:
		if err := t.startXLSX(opt); err != nil {
			t.file.Close()
			return nil, err
		}
	case CSV:
		t.startCSV()
	default:
		return nil, fmt.Errorf("xlsx: unknown format %q", format)
	}
	return t, nil
}

// AddInfo adds a label and value to the workbook's "Thông tin" sheet,
// e.g. the number of rows once they are written. Ignored for CSV.
func (t *Writer) AddInfo(label, value string) {
	t.info = append(t.info, [2]string{label, value})
}

// Rows is the number of rows written so far, the header not counted.
func (t *Writer) Rows() int { return t.rows }

func (t *Writer) startXLSX(opt Options) error {
	t.file = excelize.NewFile()
	sheet := sheetName(opt.Sheet)
	if err := t.file.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	t.info = opt.Info
	header, err := t.file.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
	})
	if err != nil {
		return err
	}
	t.styles = map[Kind]int{}
	for k, code := range map[Kind]string{Integer: fmtInteger, Money: fmtInteger, Decimal: fmtDecimal, Date: fmtDate} {
		code := code
		id, err := t.file.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return err
		}
		t.styles[k] = id
	}
	if t.quoted, err = t.quotedStyle(); err != nil {
		return err
	}
	if t.sw, err = t.file.NewStreamWriter(sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, c := range t.cols {
		if err := t.sw.SetColWidth(i+1, i+1, columnWidth(c)); err != nil {
			return err
		}
	}
	if err := t.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	row := make([]any, len(t.cols))
	for i, c := range t.cols {
		row[i] = excelize.Cell{StyleID: header, Value: cleanText(c.Header)}
	}
	return t.sw.SetRow("A1", row, excelize.RowOpts{Height: 30})
}

// quotedStyle adds a text cell format ("@") marked quotePrefix: Excel's
// own record of a cell typed with a leading apostrophe. The cell shows its
// text as is and stays text when a user edits it. excelize's Style has no
// such field, so the mark is set on the cell format it made.
func (t *Writer) quotedStyle() (int, error) {
	id, err := t.file.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return 0, err
	}
	if ss := t.file.Styles; ss != nil && ss.CellXfs != nil && id < len(ss.CellXfs.Xf) {
		yes := true
		ss.CellXfs.Xf[id].QuotePrefix = &yes
	}
	return id, nil
}

func (t *Writer) startCSV() {
	t.buf = bufio.NewWriterSize(t.out, 64<<10)
	t.buf.WriteString("\uFEFF")
	t.csv = csv.NewWriter(t.buf)
	t.csv.Comma = ';'
	t.csv.UseCRLF = true
	t.rec = make([]string, len(t.cols))
	for i, c := range t.cols {
		t.rec[i] = cleanText(c.Header)
	}
	t.csv.Write(t.rec)
}

// Row writes one row. Values are given in column order; missing values at
// the end, nil and nil pointers are empty cells. A value that does not fit
// its column's kind is an error.
func (t *Writer) Row(values ...any) error {
	if t.closed {
		return errors.New("xlsx: row written after Close")
	}
	if len(values) > len(t.cols) {
		return fmt.Errorf("xlsx: row %d has %d values for %d columns", t.rows+1, len(values), len(t.cols))
	}
	t.rows++
	t.vals = t.vals[:0]
	for i, v := range values {
		x, err := cellValue(t.cols[i].Kind, v)
		if err != nil {
			return fmt.Errorf("xlsx: row %d, column %q: %w", t.rows, t.cols[i].Header, err)
		}
		t.vals = append(t.vals, x)
	}
	if t.format == CSV {
		return t.csvRow(t.vals)
	}
	return t.xlsxRow(t.vals)
}

// xlsxRow writes a row of converted values to the sheet.
func (t *Writer) xlsxRow(values []any) error {
	row := make([]any, len(values))
	for i, x := range values {
		switch x := x.(type) {
		case nil:
			row[i] = nil
		case string:
			style := t.styles[Text]
			if Risky(x) {
				style = t.quoted
			}
			row[i] = excelize.Cell{StyleID: style, Value: x}
		default:
			row[i] = excelize.Cell{StyleID: t.styles[t.cols[i].Kind], Value: x}
		}
	}
	ref, err := excelize.CoordinatesToCellName(1, t.rows+1)
	if err != nil {
		return err
	}
	return t.sw.SetRow(ref, row)
}

// csvRow writes a row of converted values as a CSV record.
func (t *Writer) csvRow(values []any) error {
	for i := range t.rec {
		t.rec[i] = ""
	}
	for i, x := range values {
		switch x := x.(type) {
		case nil:
		case string:
			t.rec[i] = Neutralise(x)
		case int64:
			t.rec[i] = strconv.FormatInt(x, 10)
		case float64:
			// Vietnamese Excel reads "," as the decimal point in a
			// ";"-separated file.
			t.rec[i] = strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
		case time.Time:
			t.rec[i] = x.Format("02/01/2006")
		}
	}
	return t.csv.Write(t.rec)
}

// Close finishes the file: a workbook is assembled and written to the
// output, a CSV file's last rows are flushed. It does not close the
// output.
func (t *Writer) Close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	if t.format == CSV {
		t.csv.Flush()
		if err := t.csv.Error(); err != nil {
			return err
		}
		return t.buf.Flush()
	}
	defer t.file.Close()
	if err := t.sw.Flush(); err != nil {
		return err
	}
	if len(t.info) > 0 {
		if err := t.writeInfo(); err != nil {
			return err
		}
	}
	_, err := t.file.WriteTo(t.out)
	return err
}

// Abort discards a workbook's temporary files without writing anything.
// Call it instead of Close when a row failed.
func (t *Writer) Abort() {
	if t.closed {
		return
	}
	t.closed = true
	if t.file != nil {
		t.file.Close()
	}
}

func (t *Writer) writeInfo() error {
	if _, err := t.file.NewSheet(InfoSheet); err != nil {
		return err
	}
	bold, err := t.file.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	sw, err := t.file.NewStreamWriter(InfoSheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 28); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 80); err != nil {
		return err
	}
	for i, kv := range t.info {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		v := cleanText(kv[1])
		style := t.styles[Text]
		if Risky(v) {
			style = t.quoted
		}
		if err := sw.SetRow(ref, []any{
			excelize.Cell{StyleID: bold, Value: cleanText(kv[0])},
			excelize.Cell{StyleID: style, Value: v},
		}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// deref is what p points to, or nil for a nil pointer.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// cellValue converts a value to what its column holds: nil, string,
// int64, float64 or a date (time.Time at midnight UTC).
func cellValue(k Kind, v any) (any, error) {
	switch x := v.(type) {
	case *string:
		v = deref(x)
	case *int:
		v = deref(x)
	case *int64:
		v = deref(x)
	case *float64:
		v = deref(x)
	case *time.Time:
		v = deref(x)
	}
	if v == nil {
		return nil, nil
	}
	switch k {
	case Text:
		switch x := v.(type) {
		case string:
			return cleanText(x), nil
		case time.Time:
			if x.IsZero() {
				return nil, nil
			}
			return x.Format("02/01/2006"), nil
		case fmt.Stringer:
			return cleanText(x.String()), nil
		}
		return cleanText(fmt.Sprint(v)), nil
	case Integer, Money:
		switch x := v.(type) {
		case int:
			return int64(x), nil
		case int32:
			return int64(x), nil
		case int64:
			return x, nil
		case uint32:
			return int64(x), nil
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nil
			}
			return int64(math.Round(x)), nil
		}
	case Decimal:
		switch x := v.(type) {
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nil
			}
			return x, nil
		case float32:
			return float64(x), nil
		case int:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	case Date:
		switch x := v.(type) {
		case time.Time:
			if x.IsZero() {
				return nil, nil
			}
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC), nil
		case string:
			if strings.TrimSpace(x) == "" {
				return nil, nil
			}
			d, err := time.Parse("2006-01-02", strings.TrimSpace(x))
			if err != nil {
				return nil, fmt.Errorf("%q is not a date", x)
			}
			return d, nil
		}
	}
	return nil, fmt.Errorf("%T does not fit a %s column", v, k)
}

func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Integer:
		return "integer"
	case Decimal:
		return "decimal"
	case Date:
		return "date"
	case Money:
		return "money"
	}
	return "kind " + strconv.Itoa(int(k))
}

// Risky reports whether a text would be read as a formula (or a command)
// by a spreadsheet: it begins with "=", "+", "-", "@", a tab or a carriage
// return.
func Risky(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// Neutralise makes a risky text harmless in a CSV file by putting an
// apostrophe before it, as Excel itself does for text typed to look like a
// formula. Other texts are returned as they are. Restore undoes it.
//
// In a workbook the text is kept as it is: it is stored as a string, never
// as a formula, with Excel's quotePrefix mark so that it stays text when a
// user edits the cell.
func Neutralise(s string) string {
	if Risky(s) {
		return "'" + s
	}
	return s
}

// Restore undoes Neutralise: an apostrophe followed by a risky text is
// dropped. A reader of the CSV files written here calls it on text cells.
func Restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && Risky(s[1:]) {
		return s[1:]
	}
	return s
}

// cleanText is the text as stored: NFC, without control characters other
// than tab and line ends.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(c rune) rune {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return -1
		}
		return c
	}, norm.NFC.String(s))
}

// sheetName makes a valid worksheet name: at most 31 characters, none of
// : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(c rune) rune {
		if strings.ContainsRune(`:\/?*[]`, c) {
			return '-'
		}
		return c
	}, strings.TrimSpace(cleanText(s)))
	s = strings.Trim(s, "'")
	if r := []rune(s); len(r) > 31 {
		s = strings.TrimSpace(string(r[:31]))
	}
	if s == "" {
		return DefaultSheet
	}
	return s
}

func columnWidth(c Column) float64 {
	if c.Width > 0 {
		return c.Width
	}
	w := float64(utf8.RuneCountInString(c.Header)) + 2
	min := map[Kind]float64{Text: 24, Integer: 10, Decimal: 12, Date: 12, Money: 16}[c.Kind]
	return math.Min(math.Max(w, min), 60)
}
