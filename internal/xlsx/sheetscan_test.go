package xlsx

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
)

// excelizeRows reads a sheet's rows with excelize, as the scanner must:
// raw values, rows with no value left out.
func excelizeRows(t *testing.T, data []byte, sheet string) map[int][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][]string{}
	for num := 1; rows.Next(); num++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > 0 {
			out[num] = cells
		}
	}
	return out
}

func scannedRows(t *testing.T, data []byte) (string, map[int][]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sheet, part, ok := activeSheet(zr)
	if !ok {
		t.Fatal("no active sheet")
	}
	shared, err := readSharedStrings(zr)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := findPart(zr, part).Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	out := map[int][]string{}
	err = scanRows(rc, shared, func(num int, cells []string) error {
		out[num] = append([]string(nil), cells...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sheet, out
}

// The scanner reads what excelize reads, from workbooks written in the ways
// spreadsheets are: shared strings, inline strings, rich text, formulas
// with cached values, booleans, gaps between rows and cells, escaped text.
func TestScanRowsReadsAsExcelize(t *testing.T) {
	shared := excelize.NewFile()
	shared.SetSheetRow("Sheet1", "A1", &[]any{"Tên tổ chức", "Tỉnh, thành phố", "Số", "Có"})
	shared.SetSheetRow("Sheet1", "A2", &[]any{"HTX A & B <Một> \"Hai\" 'Ba'", "08", 10.5, true})
	shared.SetSheetRow("Sheet1", "B5", &[]any{"sau ô trống", nil, -3})
	shared.SetCellValue("Sheet1", "AB7", "cột xa")
	shared.SetCellFormula("Sheet1", "C2", "=5*2")
	shared.SetCellRichText("Sheet1", "A8", []excelize.RichTextRun{{Text: "Hợp tác xã "}, {Text: "in đậm", Font: &excelize.Font{Bold: true}}})
	shared.SetCellValue("Sheet1", "A9", "dòng\r\nhai\tcó tab")
	shared.SetCellValue("Sheet1", "A10", "")
	shared.NewSheet("Khác")
	shared.SetCellValue("Khác", "A1", "không đọc")
	sb, _ := shared.WriteToBuffer()

	stream := excelize.NewFile()
	sw, _ := stream.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"Tên tổ chức", "Ngày", "Số"})
	sw.SetRow("A2", []any{"HTX Một", 43539, 12})
	sw.SetRow("A4", []any{excelize.Cell{Value: "ô có công thức", Formula: "A2"}, "x<y", 1.25})
	sw.Flush()
	stb, _ := stream.WriteToBuffer()

	var own bytes.Buffer
	w, _ := NewWriter(&own, XLSX, OrganisationColumns(), Options{})
	o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Chè “Shan tuyết”", RegistrationNo: "0123", Sector: "agriculture",
		Province: "08", Status: coop.StatusActive, FoundedOn: "2019-03-15",
		Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 20, MembersFemale: 12}}}
	w.Row(OrganisationValues(o, "2026-01-01")...)
	w.Row(OrganisationValues(o, "2026-01-01")...)
	w.Close()

	for name, data := range map[string][]byte{"shared strings": sb.Bytes(), "stream writer": stb.Bytes(), "template writer": own.Bytes()} {
		t.Run(name, func(t *testing.T) {
			sheet, got := scannedRows(t, data)
			want := excelizeRows(t, data, sheet)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("sheet %v\nscanned  %v\nexcelize %v", sheet, got, want)
			}
			if len(got) < 2 {
				t.Fatalf("rows %v", got)
			}
		})
	}
}

// XML as other programs write it: prefixed elements, comments, rows and
// cells without references, inline rich text with phonetic runs, escapes.
func TestScanRowsOddXML(t *testing.T) {
	sheetXML := `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- don't "read" <this> -->
<x:sheetData><x:row><x:c t="inlineStr"><x:is><x:r><x:t>Hợp tác </x:t></x:r><x:r><x:t xml:space="preserve">xã&#x20;A&amp;B</x:t></x:r><x:rPh><x:t>phiên âm</x:t></x:rPh></x:is></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c/><x:c t="b"><x:v>1</x:v></x:c></x:row>
<x:row r="4"><x:c r="C4" t="str"><x:f>A1</x:f><x:v>kết quả_x000D_</x:v></x:c><x:c t="s"><x:v>0</x:v></x:c></x:row><x:row r="5"/></x:sheetData></x:worksheet>`
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>một_x000A_hai</t></si><si><r><t>ba</t></r><r><rPr><b/></rPr><t> bốn</t></r></si><si/></sst>`
	got := map[int][]string{}
	shared := []string{}
	{
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		f, _ := zw.Create("xl/sharedStrings.xml")
		f.Write([]byte(sst))
		zw.Close()
		zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		var err error
		if shared, err = readSharedStrings(zr); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"một\nhai", "ba bốn", ""}; !reflect.DeepEqual(shared, want) {
		t.Fatalf("shared strings %q, want %q", shared, want)
	}
	err := scanRows(strings.NewReader(sheetXML), shared, func(num int, cells []string) error {
		got[num] = append([]string(nil), cells...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]string{1: {"Hợp tác xã A&B", "ba bốn", "", "1"}, 4: {"", "", "kết quả_x000D_", "một\nhai"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	if err := scanRows(strings.NewReader(`<sheetData><row><c r="A1"><v>1</v></c><c r="A1`), nil, func(int, []string) error { return nil }); err == nil {
		t.Fatal("a cut sheet reads without error")
	}
}
