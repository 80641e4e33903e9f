package report

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	n := int64(-42)
	for _, c := range []struct {
		in   any
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1000, "1.000"},
		{1234567, "1.234.567"},
		{int64(1_837_500_000), "1.837.500.000"},
		{int64(-1234), "-1.234"},
		{&n, "-42"},
		{(*int64)(nil), ""},
		{nil, ""},
		{12.5, "12,5"},
		{12.25, "12,3"},
		{100.0, "100,0"},
		{1234.56, "1.234,6"},
		{-0.04, "0,0"},
		{-3.25, "-3,3"},
		{math.NaN(), ""},
		{time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC), "05/02/2026"},
		{"Xã Hàm Yên", "Xã Hàm Yên"},
	} {
		if got := FormatNumber(c.in); got != c.want {
			t.Errorf("FormatNumber(%#v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestColumnKindFormat(t *testing.T) {
	for _, c := range []struct {
		kind ColumnKind
		in   any
		want string
	}{
		{Percent, 12.5, "12,5%"},
		{Percent, 100.0, "100,0%"},
		{Percent, 7, "7,0%"},
		{Percent, nil, ""},
		{Percent, "–", "–"},
		{Money, int64(12_500_000), "12.500.000"},
		{Money, 2.5e6, "2.500.000"},
		{Int, 3, "3"},
		{Date, "2026-06-14", "14/06/2026"},
		{Date, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), "02/01/2026"},
		{Date, "chưa rõ", "chưa rõ"},
		{Text, 1234, "1.234"},
	} {
		if got := c.kind.Format(c.in); got != c.want {
			t.Errorf("%d.Format(%#v) = %q, want %q", c.kind, c.in, got, c.want)
		}
	}
}

func TestPlaceDate(t *testing.T) {
	for _, c := range []struct {
		place string
		date  time.Time
		want  string
	}{
		{"Tuyên Quang", time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC), "Tuyên Quang, ngày 14 tháng 6 năm 2026"},
		// Decree 30: a leading zero for days below 10 and for January and February.
		{"Hà Nội", time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 05 tháng 02 năm 2026"},
		{"Hà Nội", time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 31 tháng 12 năm 2026"},
		{"Hà Nội", time.Time{}, "Hà Nội, ngày … tháng … năm …"},
		{"", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "ngày 01 tháng 3 năm 2026"},
	} {
		if got := placeDate(c.place, c.date); got != c.want {
			t.Errorf("placeDate(%q, %v) = %q, want %q", c.place, c.date, got, c.want)
		}
	}
}

func TestNumberLine(t *testing.T) {
	for in, want := range map[string]string{
		"12/BC-LMHTX":      "Số: 12/BC-LMHTX",
		"Số: 12/BC-LMHTX":  "Số: 12/BC-LMHTX",
		"số 12/BC-LMHTX":   "Số: 12/BC-LMHTX",
		"  /BC-LMHTX  ":    "Số:" + numberBlank + "/BC-LMHTX",
		"Số: /BC-LMHTX":    "Số:" + numberBlank + "/BC-LMHTX",
		"":                 "",
		"SỐ:   7/KH-LMHTX": "Số: 7/KH-LMHTX",
	} {
		if got := numberLine(in); got != want {
			t.Errorf("numberLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRecipientLines(t *testing.T) {
	for _, c := range []struct {
		in, want []string
	}{
		{nil, []string{"- Lưu: VT."}},
		{[]string{"Liên minh HTX Việt Nam (b/c);", "- UBND tỉnh.", "  "},
			[]string{"- Liên minh HTX Việt Nam (b/c);", "- UBND tỉnh;", "- Lưu: VT."}},
		// The caller's archive line is kept and moved last.
		{[]string{"Lưu: VT, KTTT", "Hội LHPN tỉnh"}, []string{"- Hội LHPN tỉnh;", "- Lưu: VT, KTTT."}},
	} {
		if got := recipientLines(c.in); !slices.Equal(got, c.want) {
			t.Errorf("recipientLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHeaderTitle(t *testing.T) {
	for _, c := range []struct {
		col  Column
		want string
	}{
		{Column{Title: "Kinh phí", Kind: Money}, "Kinh phí (đồng)"},
		{Column{Title: "Kinh phí (đồng)", Kind: Money}, "Kinh phí (đồng)"},
		{Column{Title: "Dư nợ (VNĐ)", Kind: Money}, "Dư nợ (VNĐ)"},
		{Column{Title: "Số HTX", Kind: Int}, "Số HTX"},
	} {
		if got := headerTitle(c.col); got != c.want {
			t.Errorf("headerTitle(%+v) = %q, want %q", c.col, got, c.want)
		}
	}
}

func TestSheetNames(t *testing.T) {
	got := sheetNames([]Table{
		{Title: "Bảng 1. Kết quả thực hiện các chỉ tiêu của Đề án 01 theo tỉnh"},
		{Sheet: "Chỉ tiêu"},
		{Sheet: "chỉ tiêu"},
		{Title: "Tỷ lệ [%] HTX: nữ/nam?"},
		{},
		{Sheet: "Thông tin"},
	})
	want := []string{
		"Bảng 1. Kết quả thực hiện các c", // 31 characters
		"Chỉ tiêu",
		"chỉ tiêu (2)", // sheet names are unique regardless of case
		"Tỷ lệ % HTX nữ nam",
		"Bảng 5",
		"Thông tin (2)", // the info sheet keeps its name
	}
	if !slices.Equal(got, want) {
		t.Errorf("sheetNames = %q, want %q", got, want)
	}
}
