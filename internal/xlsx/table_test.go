package xlsx

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var testCols = []Column{
	{Header: "Tên tổ chức", Kind: Text},
	{Header: "Số thành viên", Kind: Integer},
	{Header: "Tỷ lệ nữ (%)", Kind: Decimal},
	{Header: "Ngày thành lập", Kind: Date},
	{Header: "Kinh phí (đồng)", Kind: Money},
}

func writeTable(t *testing.T, f Format, opt Options, rows ...[]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, f, testCols, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestXLSXTypedCells(t *testing.T) {
	founded := day(2024, 3, 15)
	var none *int64
	data := writeTable(t, XLSX, Options{Sheet: "Hợp tác xã", Info: [][2]string{{"Tỉnh, thành phố", "Tuyên Quang"}}},
		[]any{"Hợp tác xã Nông nghiệp Hòa Bình", 1234567, 12.5, founded, int64(250_000_000)},
		[]any{"HTX Trà Tân Cương", none, nil, "2023-01-02", nil},
		[]any{"HTX ngắn"},
	)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Hợp tác xã" || got[1] != InfoSheet {
		t.Fatalf("sheets = %q", got)
	}
	rows, err := f.GetRows("Hợp tác xã", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want header + 3: %q", len(rows), rows)
	}
	for i, c := range testCols {
		if rows[0][i] != c.Header {
			t.Errorf("header %d = %q, want %q", i, rows[0][i], c.Header)
		}
	}
	// Text is a string; numbers and dates (a date is a day number with a
	// date format) are numbers: no type attribute, or "n".
	for cell, wantText := range map[string]bool{"A2": true, "B2": false, "C2": false, "D2": false, "E2": false} {
		got, err := f.GetCellType("Hợp tác xã", cell)
		if err != nil {
			t.Fatal(err)
		}
		isNumber := got == excelize.CellTypeUnset || got == excelize.CellTypeNumber
		if wantText && got != excelize.CellTypeInlineString || !wantText && !isNumber {
			t.Errorf("%s type = %v", cell, got)
		}
	}
	raw := map[string]string{"A2": "Hợp tác xã Nông nghiệp Hòa Bình", "B2": "1234567", "C2": "12.5", "E2": "250000000", "D2": "45366"}
	for cell, want := range raw {
		got, _ := f.GetCellValue("Hợp tác xã", cell, excelize.Options{RawCellValue: true})
		if got != want {
			t.Errorf("%s raw = %q, want %q", cell, got, want)
		}
	}
	// Formatted as a person reads them: the date in dd/mm/yyyy, the
	// money with thousands separators.
	shown := map[string]string{"D2": "15/03/2024", "D3": "02/01/2023", "B2": "1,234,567", "E2": "250,000,000"}
	for cell, want := range shown {
		got, _ := f.GetCellValue("Hợp tác xã", cell)
		if got != want {
			t.Errorf("%s shown = %q, want %q", cell, got, want)
		}
	}
	for _, cell := range []string{"B3", "C3", "E3", "B4"} {
		if got, _ := f.GetCellValue("Hợp tác xã", cell); got != "" {
			t.Errorf("%s = %q, want empty", cell, got)
		}
	}
	if got, _ := f.GetCellValue(InfoSheet, "B1"); got != "Tuyên Quang" {
		t.Errorf("info B1 = %q", got)
	}
	panes, err := f.GetPanes("Hợp tác xã")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
}

var risky = []string{
	"=HYPERLINK(\"http://x\",\"bấm\")",
	"+84 912 345 678",
	"-2+3",
	"@SUM(A1)",
	"\tTab",
	"\r=1+1",
}

func TestXLSXRiskyTextStaysText(t *testing.T) {
	var rows [][]any
	for _, s := range risky {
		rows = append(rows, []any{s})
	}
	rows = append(rows, []any{"Hợp tác xã An Phú"})
	data := writeTable(t, XLSX, Options{}, rows...)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, s := range risky {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if formula, _ := f.GetCellFormula(DefaultSheet, cell); formula != "" {
			t.Errorf("%s holds the formula %q", cell, formula)
		}
		if typ, _ := f.GetCellType(DefaultSheet, cell); typ != excelize.CellTypeInlineString {
			t.Errorf("%s type = %v, want a string", cell, typ)
		}
		if got, _ := f.GetCellValue(DefaultSheet, cell); got != s {
			t.Errorf("%s = %q, want %q as text", cell, got, s)
		}
		style, _ := f.GetCellStyle(DefaultSheet, cell)
		xf := f.Styles.CellXfs.Xf[style]
		if xf.QuotePrefix == nil || !*xf.QuotePrefix {
			t.Errorf("%s is not marked quotePrefix", cell)
		}
	}
	style, _ := f.GetCellStyle(DefaultSheet, "A8")
	if xf := f.Styles.CellXfs.Xf[style]; xf.QuotePrefix != nil && *xf.QuotePrefix {
		t.Errorf("an ordinary name is marked quotePrefix")
	}
}

func TestCSV(t *testing.T) {
	data := writeTable(t, CSV, Options{Info: [][2]string{{"ignored", "x"}}},
		[]any{"Hợp tác xã \"Đồng Tâm\"; Bắc Giang", 1234567, 12.5, day(2024, 3, 15), int64(250_000_000)},
		[]any{"=1+1", nil, nil, nil, nil},
		[]any{"-Hợp tác xã"},
	)
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Fatalf("no UTF-8 BOM: %q", data[:10])
	}
	if !bytes.Contains(data, []byte("\r\n")) {
		t.Errorf("lines do not end in CRLF")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Tên tổ chức", "Số thành viên", "Tỷ lệ nữ (%)", "Ngày thành lập", "Kinh phí (đồng)"},
		{"Hợp tác xã \"Đồng Tâm\"; Bắc Giang", "1234567", "12,5", "15/03/2024", "250000000"},
		{"'=1+1", "", "", "", ""},
		{"'-Hợp tác xã", "", "", "", ""},
	}
	if len(recs) != len(want) {
		t.Fatalf("records = %q", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d = %q, want %q", i, recs[i], want[i])
		}
	}
}

func TestNeutraliseRestore(t *testing.T) {
	for _, s := range risky {
		n := Neutralise(s)
		if Risky(n) || n == s {
			t.Errorf("Neutralise(%q) = %q", s, n)
		}
		if Restore(n) != s {
			t.Errorf("Restore(Neutralise(%q)) = %q", s, Restore(n))
		}
	}
	for _, s := range []string{"", "Hợp tác xã", "'quoted", "'Hợp tác xã", "0912"} {
		if Neutralise(s) != s || Restore(s) != s {
			t.Errorf("%q changed: %q %q", s, Neutralise(s), Restore(s))
		}
	}
}

func TestRowErrors(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, XLSX, testCols, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Row("a", "b"); err == nil {
		t.Error("text accepted in an integer column")
	}
	if err := w.Row("a", 1, 1.0, "31/02/2026"); err == nil {
		t.Error("a non-ISO date string accepted")
	}
	if err := w.Row(1, 2, 3, 4, 5, 6); err == nil {
		t.Error("too many values accepted")
	}
	if _, err := NewWriter(&buf, Format("pdf"), testCols, Options{}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"xlsx": XLSX, ".XLSX": XLSX, "csv": CSV, " CSV ": CSV} {
		if got, ok := ParseFormat(in); !ok || got != want {
			t.Errorf("ParseFormat(%q) = %q %v", in, got, ok)
		}
	}
	if _, ok := ParseFormat("pdf"); ok {
		t.Error("pdf accepted")
	}
}

// TestXLSXManyRows writes a long table through the stream writer and reads
// the last row back.
func TestXLSXManyRows(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, XLSX, testCols, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20000
	for i := range n {
		if err := w.Row("Hợp tác xã số", i, float64(i)/2, day(2025, 1, 1), int64(i)*1000); err != nil {
			t.Fatal(err)
		}
	}
	if w.Rows() != n {
		t.Errorf("Rows() = %d", w.Rows())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	last, _ := excelize.CoordinatesToCellName(2, n+1)
	if got, _ := f.GetCellValue(DefaultSheet, last, excelize.Options{RawCellValue: true}); got != "19999" {
		t.Errorf("%s = %q", last, got)
	}
}
