package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"htxnu/internal/coop"
)

var readFields = []Field{
	{Key: "reg", Header: "Mã số HTX"},
	{Key: "name", Header: "Tên tổ chức", Required: true},
	{Key: "province", Header: "Tỉnh, thành phố", Required: true},
	{Key: "members", Header: "Tổng số thành viên"},
	{Key: "founded", Header: "Ngày thành lập"},
}

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "1234567": 1234567, "1.234.567": 1234567, "1 234": 1234, "12": 12,
		"-5": -5, "1,234": 1234, "12.0": 12, "1.2E5": 120000, "1.234": 1234} {
		got, ok := ParseInt(in)
		if !ok || got != want {
			t.Errorf("ParseInt(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"abc", "1,5", "12.5", "1.23.4", "mười"} {
		if _, ok := ParseInt(in); ok {
			t.Errorf("ParseInt(%q) accepted", in)
		}
	}
	for in, want := range map[string]float64{"1.234,5": 1234.5, "1234,5": 1234.5, "1234.5": 1234.5, "1.234.567": 1234567} {
		got, ok := ParseDecimal(in)
		if !ok || got != want {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{"": "", "15/03/2019": "2019-03-15", "5/3/2019": "2019-03-05", "2019-03-15": "2019-03-15",
		"43539": "2019-03-15", "43539.5": "2019-03-15", "15-03-2019": "2019-03-15", "29/02/2024": "2024-02-29"} {
		got, ok := ParseDate(in)
		if !ok || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"31/02/2026", "29/02/2025", "2026-02-31", "hôm qua", "13/13/2020"} {
		if got, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %q, accepted", in, got)
		}
	}
}

func TestParseCode(t *testing.T) {
	for in, want := range map[string]string{"Nữ": coop.SexFemale, "nu": coop.SexFemale, "NAM": coop.SexMale, "female": coop.SexFemale} {
		if got, ok := ParseCode(coop.Sexes, in, nil); !ok || got != want {
			t.Errorf("ParseCode(sexes, %q) = %q, %v", in, got, ok)
		}
	}
	if got, ok := ParseCode(coop.Sectors, "Nông  nghiệp", nil); !ok || got != "agriculture" {
		t.Errorf("sector by label: %q %v", got, ok)
	}
	if _, ok := ParseCode(coop.Sectors, "Thủy sản vũ trụ", nil); ok {
		t.Error("unknown sector accepted")
	}
}

func readAll(t *testing.T, name string, data []byte) (*Header, []Row, error) {
	t.Helper()
	var rows []Row
	h, err := Read(name, data, readFields, func(r Row) error { rows = append(rows, r); return nil })
	return h, rows, err
}

func TestReadCSV(t *testing.T) {
	nfd := norm.NFD.String("Hợp tác xã")
	for _, tc := range []struct{ name, data string }{
		{"bom-semicolon", "\xEF\xBB\xBFTEN TO CHUC;tinh thanh pho;Tổng  số thành viên;Ngày thành lập\n" + nfd + " A;Tuyên Quang;\"1.234\";15/03/2019\n\n"},
		{"comma", "Tên tổ chức,Tỉnh - thành phố,Tổng số thành viên,Ngày thành lập\n  " + nfd + " A  ,Tuyên Quang,1234,2019-03-15\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, rows, err := readAll(t, "a.csv", []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if h.Has(0) || !h.Has(1) || len(rows) != 1 {
				t.Fatalf("header %+v rows %v", h, rows)
			}
			r := rows[0]
			if r.Num != 2 || r.Get(1) != "Hợp tác xã A" || r.Get(2) != "Tuyên Quang" {
				t.Fatalf("row %+v", r)
			}
			if n, _ := ParseInt(r.Get(3)); n != 1234 {
				t.Errorf("members %q", r.Get(3))
			}
			if d, _ := ParseDate(r.Get(4)); d != "2019-03-15" {
				t.Errorf("date %q", r.Get(4))
			}
		})
	}
}

func TestReadXLSXFormulaAndSerialDate(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Tên tổ chức", "Tỉnh, thành phố", "Tổng số thành viên", "Ngày thành lập"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"HTX Một", "08", 10, 43539})
	f.SetCellFormula("Sheet1", "C2", "=5*2")
	f.SetCellValue("Sheet1", "C2", 10) // the cached value Excel would store
	f.SetCellFormula("Sheet1", "C2", "=5*2")
	buf, _ := f.WriteToBuffer()
	_, rows, err := readAll(t, "a.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Get(1) != "HTX Một" {
		t.Fatalf("rows %+v", rows)
	}
	if d, ok := ParseDate(rows[0].Get(4)); !ok || d != "2019-03-15" {
		t.Errorf("serial date read as %q", rows[0].Get(4))
	}
}

func TestReadRefusesHostileFiles(t *testing.T) {
	merged := excelize.NewFile()
	merged.SetSheetRow("Sheet1", "A1", &[]any{"Thông tin tổ chức", "", ""})
	merged.MergeCell("Sheet1", "A1", "C1")
	merged.SetSheetRow("Sheet1", "A2", &[]any{"Tên tổ chức", "Tỉnh, thành phố", "Tổng số thành viên"})
	mb, _ := merged.WriteToBuffer()

	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, UncompressedSize64: 10 << 30, CompressedSize64: 4, CRC32: 0})
	w.Write([]byte{3, 0, 0, 0})
	zw.Close()

	var many strings.Builder
	many.WriteString("Tên tổ chức;Tỉnh, thành phố\n")
	for i := 0; i <= MaxRows; i++ {
		fmt.Fprintf(&many, "HTX %d;08\n", i)
	}

	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"too large", "a.xlsx", make([]byte, MaxFileSize+1), "20 MB"},
		{"renamed", "a.xlsx", []byte("%PDF-1.4 this is not a workbook"), "không phải là bảng tính Excel"},
		{"xls", "a.xlsx", []byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3}, ".xls"},
		{"zip bomb", "a.xlsx", bomb.Bytes(), "giải nén ra quá lớn"},
		{"missing headers", "a.csv", []byte("Tên tổ chức;Số điện thoại\nHTX A;0912\n"), "“Tỉnh, thành phố”"},
		{"merged header", "a.xlsx", mb.Bytes(), "ô gộp"},
		{"too many rows", "a.csv", []byte(many.String()), "200.000"},
		{"not utf-8", "a.csv", []byte("T\xean t\xf4 ch\xfac;T\xecnh\n"), "UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readAll(t, tc.file, tc.data)
			if coop.ErrorCode(err) != coop.EINVALID || !strings.Contains(coop.ErrorMessage(err), tc.want) {
				t.Fatalf("err = %v; want a message with %q", err, tc.want)
			}
		})
	}
}

func TestTemplateAndErrorFile(t *testing.T) {
	cols := append([]Field(nil), readFields...)
	cols[2].List = []string{"Tuyên Quang", "Hà Nội"}
	cols[4].Kind = Date
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, Template{Fields: cols, Rows: [][]any{{"001", "HTX Một", "Tuyên Quang", int64(12), "2019-03-15"}},
		Instructions: []string{"Điền mỗi tổ chức một dòng."}}); err != nil {
		t.Fatal(err)
	}
	_, rows, err := readAll(t, "mau.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Get(0) != "001" || rows[0].Get(1) != "HTX Một" {
		t.Fatalf("template rows %+v", rows)
	}
	if d, _ := ParseDate(rows[0].Get(4)); d != "2019-03-15" {
		t.Errorf("date %q", rows[0].Get(4))
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	dvs, _ := f.GetDataValidations(SheetData)
	if len(dvs) != 1 || dvs[0].Type != "list" {
		t.Errorf("data validations %+v", dvs)
	}
	if ins, _ := f.GetCellValue(SheetInstructions, "A1"); ins == "" {
		t.Error("no instructions sheet")
	}
	f.Close()

	out, err := ErrorFile("mau.xlsx", buf.Bytes(), cols, []CellError{{Row: 2, Col: 3, Column: "Tổng số thành viên", Message: "Số thành viên không được âm."}})
	if err != nil {
		t.Fatal(err)
	}
	ef, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	if v, _ := ef.GetCellValue(SheetData, "F1"); v != ErrorHeader {
		t.Errorf("F1 = %q", v)
	}
	if v, _ := ef.GetCellValue(SheetData, "F2"); !strings.Contains(v, "không được âm") {
		t.Errorf("F2 = %q", v)
	}
	cm, _ := ef.GetComments(SheetData)
	if len(cm) != 1 || cm[0].Cell != "D2" {
		t.Errorf("comments %+v", cm)
	}
}

func TestTableWriterRoundTrips(t *testing.T) {
	for _, format := range []Format{XLSX, CSV} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, format, Columns(readFields), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Row("", "=HYPERLINK(\"x\")", "08", int64(1234), "2019-03-15"); err != nil {
			t.Fatal(err)
		}
		w.Row("", "@SUM(A1)", "-1", int64(0), "")
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		_, rows, err := readAll(t, "out."+string(format), buf.Bytes())
		if err != nil {
			t.Fatal(format, err)
		}
		if len(rows) != 2 || rows[0].Get(1) != "=HYPERLINK(\"x\")" || rows[1].Get(2) != "-1" {
			t.Fatalf("%s rows %+v", format, rows)
		}
		if n, _ := ParseInt(rows[0].Get(3)); n != 1234 {
			t.Errorf("%s number %q", format, rows[0].Get(3))
		}
		if d, _ := ParseDate(rows[0].Get(4)); d != "2019-03-15" {
			t.Errorf("%s date %q", format, rows[0].Get(4))
		}
	}
}

func TestCleanCellFastPath(t *testing.T) {
	for _, s := range []string{"", "HTX Một", " HTX", "HTX ", "a  b", "a\tb", norm.NFD.String("Hợp tác xã"), "Hợp tác xã\u00a0Một", "'=1+2", "'abc", "x\ny", "Nông nghiệp"} {
		if got, want := cleanCell(s), Restore(coop.Clean(s)); got != want {
			t.Errorf("cleanCell(%q) = %q, want %q", s, got, want)
		}
	}
}
