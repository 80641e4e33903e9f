package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// Number formats of the workbook. Format codes are stored in Excel's
// locale-independent syntax, where "," stands for the thousands separator
// and "." for the decimal point; Excel and LibreOffice draw them with the
// reader's regional separators. On a computer set to Vietnamese (vi-VN),
// #,##0 shows 1234567 as 1.234.567 and 0.0"%" shows 12.5 as 12,5%; under
// English settings the same cells read 1,234,567 and 12.5%. Writing a
// Vietnamese "." into the code instead would make it a decimal point, so
// the workbook stores plain numbers and lets the reader's settings decide.
const (
	fmtInt     = "#,##0"      // Int and Money (the unit "(đồng)" is in the header)
	fmtPercent = `0.0"%"`     // Percent: values 0–100 as the PDF shows them, not Excel's 0–1 percent
	fmtDate    = "dd/mm/yyyy" // Date: a real date serial
)

// InfoSheet is the name of the workbook's first sheet, describing the
// document the tables belong to.
const InfoSheet = "Thông tin"

// WriteXLSX writes tables as an Excel workbook to w, one sheet per table:
// a title row, a bold frozen header row with a fill, the rows with numbers
// stored as numbers and dates as dates, a bold total row and the notes.
// When meta has a Kind, Summary, IssuingBody or Body, a first sheet "Thông
// tin" gives the document's particulars and text. Without tables, the
// tables of meta.Body are written. Rows are streamed, so long tables cost
// little memory.
func WriteXLSX(w io.Writer, meta Document, tables ...Table) error {
	meta = cleanDocument(meta)
	if len(tables) == 0 {
		for _, b := range meta.Body {
			if b.Table != nil {
				tables = append(tables, *b.Table)
			}
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}

	names := sheetNames(tables)
	withInfo := meta.Kind != "" || meta.Summary != "" || meta.IssuingBody != "" || len(meta.Body) > 0
	first := InfoSheet
	if !withInfo && len(tables) > 0 {
		first = names[0]
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	if withInfo {
		if err := writeInfoSheet(f, st, meta, tables, names); err != nil {
			return err
		}
	}
	for i, t := range tables {
		if i > 0 || withInfo {
			if _, err := f.NewSheet(names[i]); err != nil {
				return fmt.Errorf("report: xlsx: sheet %q: %w", names[i], err)
			}
		}
		if err := writeTableSheet(f, st, names[i], t); err != nil {
			return fmt.Errorf("report: xlsx: sheet %q: %w", names[i], err)
		}
	}
	// The first sheet is active as created: SetActiveSheet would parse the
	// streamed sheets back into memory.

	props := &excelize.DocProperties{
		Title:    strings.TrimSpace(meta.Kind + " " + meta.Summary),
		Creator:  meta.IssuingBody,
		Language: "vi-VN",
	}
	if !meta.Date.IsZero() {
		props.Created = meta.Date.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(props); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	return nil
}

// xlsxStyles holds the style ids of the workbook.
type xlsxStyles struct {
	title, header, label, heading, para, note int
	cell, total                               map[ColumnKind]int
}

func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	const font = "Times New Roman"
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	st := &xlsxStyles{cell: map[ColumnKind]int{}, total: map[ColumnKind]int{}}
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st.title = add(&excelize.Style{Font: &excelize.Font{Family: font, Size: 14, Bold: true},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	st.header = add(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	st.label = add(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Bold: true},
		Alignment: &excelize.Alignment{Vertical: "top"}})
	st.heading = add(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Bold: true},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	st.para = add(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	st.note = add(&excelize.Style{Font: &excelize.Font{Family: font, Size: 11, Italic: true}})
	for _, k := range []ColumnKind{Text, Int, Money, Percent, Date} {
		for _, bold := range []bool{false, true} {
			s := &excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Bold: bold}, Border: border,
				Alignment: &excelize.Alignment{Vertical: "top", WrapText: k == Text}}
			switch k {
			case Int, Money:
				s.CustomNumFmt = ptr(fmtInt)
			case Percent:
				s.CustomNumFmt = ptr(fmtPercent)
			case Date:
				s.CustomNumFmt = ptr(fmtDate)
				s.Alignment.Horizontal = "center"
			}
			if bold {
				st.total[k] = add(s)
			} else {
				st.cell[k] = add(s)
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("report: xlsx styles: %w", err)
	}
	return st, nil
}

func ptr[T any](v T) *T { return &v }

// streamSheet opens a stream writer on the sheet, its columns from A on
// as wide as widths says.
func streamSheet(f *excelize.File, sheet string, widths []float64) (*excelize.StreamWriter, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	return sw, nil
}

// writeTableSheet streams table t into the sheet name: title in row 1,
// header in row 2 (frozen), rows from row 3, then the total and the notes.
func writeTableSheet(f *excelize.File, st *xlsxStyles, name string, t Table) error {
	sw, err := streamSheet(f, name, columnWidths(t))
	if err != nil {
		return err
	}
	n := max(len(t.Columns), 1)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	row := 1
	put := func(values []any, opts ...excelize.RowOpts) error {
		ref, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(ref, values, opts...)
	}
	title := xlsxText(strings.TrimSpace(t.Title))
	if err := put([]any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	if n > 1 && title != "" {
		end, _ := excelize.CoordinatesToCellName(n, 1)
		if err := sw.MergeCell("A1", end); err != nil {
			return err
		}
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: xlsxText(headerTitle(c))}
	}
	if err := put(header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := put(xlsxRow(t.Columns, r, st.cell)); err != nil {
			return err
		}
	}
	if t.Total != nil {
		total := xlsxRow(t.Columns, t.Total, st.total)
		span := 0
		for span < len(t.Total) && isEmpty(t.Total[span]) {
			span++
		}
		if span > 0 && len(total) > 0 {
			total[0] = excelize.Cell{StyleID: st.total[Text], Value: TotalLabel}
			if span > 1 && span < len(t.Columns) {
				from, _ := excelize.CoordinatesToCellName(1, row)
				to, _ := excelize.CoordinatesToCellName(span, row)
				if err := sw.MergeCell(from, to); err != nil {
					return err
				}
			}
		}
		if err := put(total); err != nil {
			return err
		}
	}
	if len(t.Notes) > 0 {
		row++ // a blank row between the table and its notes
		for _, note := range t.Notes {
			if err := put([]any{excelize.Cell{StyleID: st.note, Value: xlsxText(note)}}); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// xlsxRow turns a row of values into styled cells: numbers stay numbers,
// dates become date serials, strings are NFC-normalised.
func xlsxRow(cols []Column, row []any, styles map[ColumnKind]int) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = excelize.Cell{StyleID: styles[c.Kind], Value: xlsxValue(c.Kind, cell(row, i))}
	}
	return out
}

func xlsxValue(k ColumnKind, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case *int64:
		if x == nil {
			return nil
		}
		return *x
	case *int:
		if x == nil {
			return nil
		}
		return *x
	case *float64:
		if x == nil {
			return nil
		}
		return xlsxValue(k, *x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case time.Time:
		if x.IsZero() {
			return nil
		}
		if k == Text {
			return formatDate(x)
		}
		return dateOnly(x)
	case string:
		if k == Date {
			if t, ok := dateValue(x); ok {
				return dateOnly(t)
			}
		}
		return xlsxText(x)
	case int, int32, int64, float32:
		return x
	}
	return xlsxText(FormatNumber(v))
}

// dateOnly keeps the calendar date of t as midnight UTC, so that the cell
// holds a whole day serial whatever t's time zone.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case *int64:
		return x == nil
	case *float64:
		return x == nil
	}
	return false
}

// columnWidths sizes each column, in characters, for what most of its
// cells hold: nine cells in ten on one line, the header on at most two
// lines without cutting a word, room for ten digits in a number column,
// between 6 and 60 characters. Column.Width, a proportion of the printed
// page, does not apply to a spreadsheet.
func columnWidths(t Table) []float64 {
	out := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		title := headerTitle(c)
		w := (utf8.RuneCountInString(title) + 1) / 2
		for _, word := range strings.Fields(title) {
			w = max(w, utf8.RuneCountInString(word))
		}
		if c.Kind != Text {
			w = max(w, 10)
		}
		lens := make([]int, 0, len(t.Rows))
		for _, r := range t.Rows {
			lens = append(lens, utf8.RuneCountInString(c.Kind.Format(cell(r, i))))
		}
		if len(lens) > 0 {
			slices.Sort(lens)
			w = max(w, lens[int(math.Ceil(0.9*float64(len(lens))))-1])
		}
		if t.Total != nil {
			w = max(w, utf8.RuneCountInString(c.Kind.Format(cell(t.Total, i))))
		}
		out[i] = math.Min(math.Max(float64(w)+2, 6), 60)
	}
	return out
}

// sheetNames gives each table a sheet name Excel accepts: its Sheet or its
// Title, without the characters []:*?/\, at most 31 characters, unique
// (case-insensitively) and never the info sheet's name.
func sheetNames(tables []Table) []string {
	used := map[string]bool{strings.ToLower(InfoSheet): true}
	out := make([]string, len(tables))
	for i, t := range tables {
		base := t.Sheet
		if strings.TrimSpace(base) == "" {
			base = t.Title
		}
		base = strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) || r < ' ' {
				return ' '
			}
			return r
		}, xlsxText(base))
		base = strings.Trim(strings.Join(strings.Fields(base), " "), "'")
		if base == "" {
			base = fmt.Sprintf("Bảng %d", i+1)
		}
		name := truncateRunes(base, 31)
		for k := 2; used[strings.ToLower(name)]; k++ {
			suffix := fmt.Sprintf(" (%d)", k)
			name = truncateRunes(base, 31-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// xlsxText NFC-normalises s and drops the control characters XML cannot
// carry (tab and line feed stay).
func xlsxText(s string) string {
	return strings.Map(func(c rune) rune {
		if c < ' ' && c != '\t' && c != '\n' || c == 0x7f {
			return -1
		}
		return c
	}, norm.NFC.String(s))
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// writeInfoSheet writes the first sheet: the document's particulars as
// label and value, its text, and where each table went.
func writeInfoSheet(f *excelize.File, st *xlsxStyles, d Document, tables []Table, names []string) error {
	sw, err := streamSheet(f, InfoSheet, []float64{24, 100})
	if err != nil {
		return err
	}
	row := 1
	put := func(values ...any) error {
		ref, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(ref, values)
	}
	title := strings.TrimSpace(strings.ToUpper(d.Kind) + " " + d.Summary)
	if err := put(excelize.Cell{StyleID: st.title, Value: title}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", "B1"); err != nil {
		return err
	}
	row++
	status := "Chính thức"
	if d.Draft {
		status = "Dự thảo"
	}
	signer := strings.Join(strings.Fields(strings.ReplaceAll(d.SignerTitle, "\n", " ")), " ")
	if d.SignerName != "" {
		signer = strings.TrimSpace(signer + " " + d.SignerName)
	}
	var dated string
	if !d.Date.IsZero() {
		dated = placeDate(d.Place, d.Date)
	}
	for _, kv := range [][2]string{
		{"Cơ quan chủ quản", d.ParentBody},
		{"Cơ quan ban hành", d.IssuingBody},
		{"Số, ký hiệu", strings.TrimSpace(strings.TrimPrefix(numberLine(d.Number), "Số:"))},
		{"Địa danh, ngày", dated},
		{"Người ký", signer},
		{"Trạng thái", status},
	} {
		if kv[1] == "" {
			continue
		}
		if err := put(excelize.Cell{StyleID: st.label, Value: kv[0]}, excelize.Cell{StyleID: st.para, Value: kv[1]}); err != nil {
			return err
		}
	}
	ti := 0
	for _, b := range d.Body {
		var err error
		switch {
		case b.Heading != "":
			row++
			err = put(nil, excelize.Cell{StyleID: st.heading, Value: b.Heading})
		case b.Table != nil:
			name := ""
			if ti < len(tables) && tables[ti].Title == b.Table.Title {
				name = names[ti]
				ti++
			}
			ref := strings.TrimSpace(b.Table.Title)
			if name != "" {
				ref += " (xem trang tính “" + name + "”)"
			}
			err = put(nil, excelize.Cell{StyleID: st.note, Value: strings.TrimSpace(ref)})
		case b.Paragraph != "":
			for _, p := range strings.Split(b.Paragraph, "\n") {
				if p = strings.TrimSpace(p); p != "" && err == nil {
					err = put(nil, excelize.Cell{StyleID: st.para, Value: p})
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return sw.Flush()
}
