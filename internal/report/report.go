// Package report lays out documents: an administrative document in the
// layout of Decree 30/2020/NĐ-CP as PDF (WritePDF) and tables as an Excel
// workbook (WriteXLSX). It knows nothing about the database or HTTP: a
// periodic report, a dashboard table or a list is mapped onto Document and
// Table by its caller.
//
// Every text is NFC-normalised before it is measured or drawn. Numbers are
// shown the Vietnamese way (1.234.567; 12,5%) by FormatNumber, FormatPercent
// and ColumnKind.Format, which HTML views can use too so that a page, its PDF
// and its workbook show the same figures.
package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// Document is an administrative document laid out per Decree 30/2020/NĐ-CP.
type Document struct {
	ParentBody  string    // line above the issuing body, e.g. "LIÊN MINH HTX VIỆT NAM" (may be empty)
	IssuingBody string    // e.g. "LIÊN MINH HTX TỈNH TUYÊN QUANG" (bold, upper case, with a short rule under it)
	Number      string    // "Số: 12/BC-LMHTX" (the renderer adds "Số: " if missing)
	Place       string    // "Tuyên Quang"
	Date        time.Time // rendered "Tuyên Quang, ngày 14 tháng 6 năm 2026" (italic); zero → "ngày … tháng … năm …"
	Kind        string    // "BÁO CÁO"
	Summary     string    // trích yếu, e.g. "Kết quả thực hiện Đề án 01 6 tháng đầu năm 2026"
	Body        []Block
	Recipients  []string // under "Nơi nhận:" (bold italic), each line "- …;" and the last "- Lưu: VT."
	SignerTitle string   // e.g. "CHỦ TỊCH" or "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
	SignerName  string
	Draft       bool // a diagonal mark "DỰ THẢO" on every page
}

// Block is one piece of a document's body; exactly one of the fields is set.
type Block struct {
	// Heading is a section heading, drawn bold. The caller numbers it
	// ("I. KẾT QUẢ THỰC HIỆN", "1. Thành lập mới HTX"): the renderer does not.
	Heading string
	// Paragraph is justified body text with a first-line indent; "\n"
	// separates paragraphs.
	Paragraph string
	Table     *Table
}

// ColumnKind says how a column's values are shown and stored.
type ColumnKind int

// Column kinds.
const (
	Text    ColumnKind = iota // any value, shown as text, left-aligned
	Int                       // a count: 1.234.567, right-aligned
	Money                     // integer đồng: 1.234.567, right-aligned; the unit goes in the header
	Percent                   // a float 0–100: 12,5%, right-aligned
	Date                      // time.Time or 'YYYY-MM-DD': 14/06/2026, centred
)

// Column is one column of a table.
type Column struct {
	Title string
	Kind  ColumnKind
	Width float64 // relative to the other columns' widths; 0 = from the content
}

// Table is a table of a document or a sheet of a workbook.
type Table struct {
	Title   string // caption above the table (PDF) / sheet title row (XLSX)
	Sheet   string // XLSX sheet name (≤ 31 chars; derived from Title if empty)
	Columns []Column
	// Rows hold string, int, int64, float64, *int64 (nil = empty),
	// time.Time or nil (empty); a row shorter than Columns is padded with
	// empty cells.
	Rows  [][]any
	Notes []string // lines under the table (source, rule versions, "số liệu trực tiếp, chưa phê duyệt")
	// Total is an optional total row, drawn bold. When its first cell is
	// nil or empty, the label "Tổng cộng" fills its leading empty cells,
	// merged into one.
	Total []any
}

// TotalLabel is what an empty first cell of a total row reads.
const TotalLabel = "Tổng cộng"

// FormatNumber renders a number the Vietnamese way: integers with "." between
// thousands (1.234.567), floats with one decimal after a comma (12,5;
// 1.234,0). A *int64 or nil renders empty, a time.Time as dd/mm/yyyy and a
// string as itself. Used by the PDF, and by HTML views that show the same
// tables.
func FormatNumber(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int:
		return coop.FormatInt(int64(x))
	case int32:
		return coop.FormatInt(int64(x))
	case int64:
		return coop.FormatInt(x)
	case *int64:
		if x == nil {
			return ""
		}
		return coop.FormatInt(*x)
	case *int:
		if x == nil {
			return ""
		}
		return coop.FormatInt(int64(*x))
	case float32:
		return formatFloat(float64(x))
	case float64:
		return formatFloat(x)
	case *float64:
		if x == nil {
			return ""
		}
		return formatFloat(*x)
	case time.Time:
		return formatDate(x)
	case string:
		return x
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// FormatPercent renders a percentage given as 0–100 with one decimal and a
// per cent sign: 12,5%. Non-numbers render as FormatNumber does.
func FormatPercent(v any) string {
	switch x := v.(type) {
	case float64, float32, int, int32, int64:
		return FormatNumber(toFloat(x)) + "%"
	case *float64:
		if x != nil {
			return FormatNumber(*x) + "%"
		}
	case *int64:
		if x != nil {
			return FormatNumber(float64(*x)) + "%"
		}
	}
	return FormatNumber(v)
}

// Format renders a cell value of a column of kind k as the PDF shows it.
func (k ColumnKind) Format(v any) string {
	switch k {
	case Percent:
		return FormatPercent(v)
	case Date:
		if t, ok := dateValue(v); ok {
			return formatDate(t)
		}
	case Int, Money:
		if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return coop.FormatInt(int64(f))
		}
	}
	return FormatNumber(v)
}

func formatFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	r := math.Round(f * 10)
	neg := r < 0
	if neg {
		r = -r
	}
	whole, tenth := int64(r)/10, int64(r)%10
	s := coop.FormatInt(whole) + "," + string(rune('0'+tenth))
	if neg && r != 0 {
		s = "-" + s
	}
	return s
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int:
		return float64(x)
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	}
	return 0
}

// dateValue reads a date cell: a time.Time or a 'YYYY-MM-DD' string.
func dateValue(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, !x.IsZero()
	case string:
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(x))
		return t, err == nil
	}
	return time.Time{}, false
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// placeDate renders the place and date line of Decree 30: "Tuyên Quang,
// ngày 05 tháng 02 năm 2026". Days below 10 and the months 1 and 2 take a
// leading zero; a zero date leaves the blanks to fill in by hand.
func placeDate(place string, d time.Time) string {
	var s string
	if d.IsZero() {
		s = "ngày … tháng … năm …"
	} else {
		month := fmt.Sprint(int(d.Month()))
		if d.Month() <= 2 {
			month = "0" + month
		}
		s = fmt.Sprintf("ngày %02d tháng %s năm %d", d.Day(), month, d.Year())
	}
	if place = strings.TrimSpace(place); place != "" {
		s = place + ", " + s
	}
	return s
}

// numberLine renders the document number with its "Số: " label. A number
// still to be given at issuance ("/BC-LMHTX") keeps a blank to write it in.
func numberLine(n string) string {
	n = strings.TrimSpace(n)
	if n == "" {
		return ""
	}
	for _, p := range []string{"Số:", "số:", "SỐ:", "Số ", "số ", "SỐ "} {
		if strings.HasPrefix(n, p) {
			n = strings.TrimSpace(n[len(p):])
			break
		}
	}
	if strings.HasPrefix(n, "/") {
		return "Số:" + numberBlank + n
	}
	return "Số: " + n
}

// numberBlank is the room left for a number written in by hand.
const numberBlank = "          "

// recipientLines renders the recipients the way Decree 30 lists them: each
// "- …;" and the last "- Lưu: VT." (added when the caller has no "Lưu" line).
func recipientLines(rs []string) []string {
	var out []string
	hasArchive := false
	for _, r := range rs {
		r = strings.TrimSpace(r)
		r = strings.TrimLeft(r, "-–+• ")
		r = strings.TrimRight(r, ";.,: ")
		if r == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(r), "lưu") {
			hasArchive = true
		}
		out = append(out, r)
	}
	if !hasArchive {
		out = append(out, "Lưu: VT")
	}
	// The archive line closes the list wherever the caller put it.
	for i, r := range out {
		if strings.HasPrefix(strings.ToLower(r), "lưu") {
			copy(out[i:], out[i+1:])
			out[len(out)-1] = r
			break
		}
	}
	for i := range out {
		end := ";"
		if i == len(out)-1 {
			end = "."
		}
		out[i] = "- " + out[i] + end
	}
	return out
}

// headerTitle is a column's header text: a Money column names its unit.
func headerTitle(c Column) string {
	t := strings.TrimSpace(c.Title)
	if c.Kind == Money {
		low := strings.ToLower(t)
		if !strings.Contains(low, "đồng") && !strings.Contains(low, "(đ)") && !strings.Contains(low, "vnđ") {
			if t == "" {
				return "(đồng)"
			}
			return t + " (đồng)"
		}
	}
	return t
}

// cell returns row[i], nil past the end of a short row.
func cell(row []any, i int) any {
	if i < len(row) {
		return row[i]
	}
	return nil
}
