package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// sheetSnapshot is what a reader of a sheet relies on, for the golden file.
type sheetSnapshot struct {
	Name   string    `json:"name"`
	Freeze string    `json:"freeze,omitempty"` // the first scrolling cell
	Widths []float64 `json:"widths"`
	Merged []string  `json:"merged,omitempty"`
	// Cells, one a line: reference, type, stored value, number format and
	// "bold" / "fill" when set.
	Cells []string `json:"cells"`
}

func snapshotXLSX(t *testing.T, data []byte) []sheetSnapshot {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	types := map[excelize.CellType]string{
		// A cell without a type attribute holds a number (OOXML's default).
		excelize.CellTypeUnset: "number", excelize.CellTypeNumber: "number", excelize.CellTypeDate: "date",
		excelize.CellTypeInlineString: "text", excelize.CellTypeSharedString: "text", excelize.CellTypeBool: "bool",
		excelize.CellTypeFormula: "formula", excelize.CellTypeError: "error",
	}
	var out []sheetSnapshot
	for _, name := range f.GetSheetList() {
		s := sheetSnapshot{Name: name}
		panes, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if panes.Freeze {
			s.Freeze = panes.TopLeftCell
		}
		merged, err := f.GetMergeCells(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range merged {
			s.Merged = append(s.Merged, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		ncols := 0
		for _, r := range rows {
			ncols = max(ncols, len(r))
		}
		for c := 1; c <= ncols; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(name, col)
			if err != nil {
				t.Fatal(err)
			}
			s.Widths = append(s.Widths, w)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(name, ref)
				if err != nil {
					t.Fatal(err)
				}
				id, err := f.GetCellStyle(name, ref)
				if err != nil {
					t.Fatal(err)
				}
				style, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				format := fmt.Sprint(style.NumFmt)
				if style.CustomNumFmt != nil {
					format = *style.CustomNumFmt
				}
				line := fmt.Sprintf("%s %s %q %s", ref, types[typ], v, format)
				if style.Font != nil && style.Font.Bold {
					line += " bold"
				}
				if len(style.Fill.Color) > 0 {
					line += " fill"
				}
				s.Cells = append(s.Cells, line)
			}
		}
		out = append(out, s)
	}
	return out
}

func TestWriteXLSXGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	snap := snapshotXLSX(t, buf.Bytes())
	got, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.xlsx.golden.json", append(got, '\n'))

	// What the golden file shows, stated: an info sheet then one sheet per
	// table; header row 2 bold with a fill and frozen; numbers and dates
	// stored as numbers with their formats.
	if len(snap) != 3 || snap[0].Name != InfoSheet || snap[1].Name != "Chỉ tiêu" {
		t.Fatalf("sheets %v, want Thông tin, Chỉ tiêu and the list", names(snap))
	}
	list := snap[2]
	if list.Freeze != "A3" {
		t.Errorf("%s: frozen at %q, want the header row frozen (A3)", list.Name, list.Freeze)
	}
	cells := map[string]string{}
	for _, c := range list.Cells {
		ref, rest, _ := strings.Cut(c, " ")
		cells[ref] = rest
	}
	for ref, want := range map[string]string{
		"A1":  `text "Bảng 2. Danh sách HTX do phụ nữ tham gia quản lý được hỗ trợ" 0 bold`,
		"F2":  `text "Kinh phí hỗ trợ (đồng)" 0 bold fill`,
		"A3":  `number "1" #,##0`,
		"E3":  `number "12" #,##0`,
		"F3":  `number "25000000" #,##0`,
		"G3":  `number "46055" dd/mm/yyyy`, // 2026-02-02
		"A45": `text "Tổng cộng" 0 bold`,
		"F45": `number "1837500000" #,##0 bold`,
	} {
		if cells[ref] != want {
			t.Errorf("%s!%s = %s, want %s", list.Name, ref, cells[ref], want)
		}
	}
	if !contains(list.Merged, "A45:D45") {
		t.Errorf("total label not merged over the empty cells: %v", list.Merged)
	}
	for _, c := range snap[1].Cells {
		if strings.HasPrefix(c, "D") && strings.Contains(c, "number") && !strings.Contains(c, `0.0"%"`) {
			t.Errorf("percentage without its format: %s", c)
		}
	}
}

func TestWriteXLSXValues(t *testing.T) {
	n := int64(7)
	tbl := Table{
		Title: "Giá trị",
		Columns: []Column{
			{Title: "Tên"}, {Title: "Số", Kind: Int}, {Title: "Tiền", Kind: Money},
			{Title: "Tỷ lệ", Kind: Percent}, {Title: "Ngày", Kind: Date},
		},
		Rows: [][]any{
			{"Hợp tác xã A", &n, int64(1_500_000), 12.5, time.Date(2026, 6, 14, 23, 0, 0, 0, time.FixedZone("ICT", 7*3600))},
			{norm.NFD.String("Hợp tác xã B"), (*int64)(nil), 0, nil, "2026-01-02"},
			{"Hợp tác xã\x07 C", "không rõ", 3, 100.0, "chưa có"},
		},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, Document{}, tbl); err != nil {
		t.Fatal(err)
	}
	snap := snapshotXLSX(t, buf.Bytes())
	if len(snap) != 1 || snap[0].Name != "Giá trị" {
		t.Fatalf("sheets %v, want only Giá trị (no info sheet without a document)", names(snap))
	}
	want := []string{
		`A1 text "Giá trị" 0 bold`,
		`A2 text "Tên" 0 bold fill`, `B2 text "Số" 0 bold fill`, `C2 text "Tiền (đồng)" 0 bold fill`,
		`D2 text "Tỷ lệ" 0 bold fill`, `E2 text "Ngày" 0 bold fill`,
		`A3 text "Hợp tác xã A" 0`, `B3 number "7" #,##0`, `C3 number "1500000" #,##0`,
		`D3 number "12.5" 0.0"%"`, `E3 number "46187" dd/mm/yyyy`, // the calendar day in its own zone
		`A4 text "Hợp tác xã B" 0`, `C4 number "0" #,##0`, `E4 number "46024" dd/mm/yyyy`,
		`A5 text "Hợp tác xã C" 0`, `B5 text "không rõ" #,##0`, `C5 number "3" #,##0`,
		`D5 number "100" 0.0"%"`, `E5 text "chưa có" dd/mm/yyyy`,
	}
	if got := strings.Join(snap[0].Cells, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("cells:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func names(s []sheetSnapshot) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Name)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// BenchmarkWriteXLSX writes a 10,000-row table.
func BenchmarkWriteXLSX(b *testing.B) {
	long := sampleList(sampleDocument())
	for len(long.Rows) < 10_000 {
		long.Rows = append(long.Rows, long.Rows...)
	}
	long.Rows = long.Rows[:10_000]
	for b.Loop() {
		if err := WriteXLSX(&bytes.Buffer{}, Document{}, long); err != nil {
			b.Fatal(err)
		}
	}
}
