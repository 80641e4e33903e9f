package coop_test

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"

	"htxnu/internal/coop"
)

func TestClean(t *testing.T) {
	tests := map[string]string{
		"":                        "",
		"   ":                     "",
		" Hợp  tác\txã \n":        "Hợp tác xã",
		"Đồng\u00a0Tâm":           "Đồng Tâm",
		norm.NFD.String("Ấp Bắc"): "Ấp Bắc",
	}
	for in, want := range tests {
		got := coop.Clean(in)
		if got != want || !norm.NFC.IsNormalString(got) {
			t.Errorf("Clean(%q) = %q, want %q (NFC)", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hợp tác xã Đồng Tâm", "hop tac xa dong tam"},
		{"HỢP TÁC XÃ ĐỒNG TÂM", "hop tac xa dong tam"},
		{norm.NFD.String("Hợp tác xã Đồng Tâm"), "hop tac xa dong tam"},
		{"  Ấp   Bắc\t", "ap bac"},
		{"ăâđêôơư ĂÂĐÊÔƠƯ", "aadeoou aadeoou"},
		{"Thủy Ngọc Huyền Quỳnh Nguyễn Ỷ", "thuy ngoc huyen quynh nguyen y"},
		{"5100123456", "5100123456"},
		{"HTX-Số 1 (Bắc Ninh)", "htx-so 1 (bac ninh)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := coop.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Composed and decomposed forms of the same text fold alike.
	s := "Thôn Đông Hưng, xã Ỷ La"
	if coop.Fold(s) != coop.Fold(norm.NFD.String(s)) {
		t.Errorf("NFC and NFD fold differently")
	}
}

func TestSortKeyVietnameseOrder(t *testing.T) {
	// Dictionary order: base letters a ă â b c d đ e ê … o ô ơ … u ư, and
	// for each syllable the tones after the plain letter in the order
	// ngang, huyền, hỏi, ngã, sắc, nặng.
	want := []string{
		"a", "à", "ả", "ã", "á", "ạ",
		"ă", "ằ", "ẳ", "ẵ", "ắ", "ặ",
		"â", "ầ", "ẩ", "ẫ", "ấ", "ậ",
		"b", "ba", "bà", "bác", "bạc", "bai", "bắc", "c",
		"d", "dz", "đ", "đa",
		"e", "é", "ê", "ế", "g",
		"o", "ó", "ô", "ồ", "ơ", "ờ", "p",
		"u", "ụ", "ư", "ừ", "v",
		"y", "ỳ", "ý",
	}
	got := slices.Clone(want)
	// Start from a scrambled order.
	slices.Reverse(got)
	got[0], got[len(got)/2] = got[len(got)/2], got[0]
	slices.SortStableFunc(got, func(a, b string) int { return bytes.Compare(coop.SortKey(a), coop.SortKey(b)) })
	if !slices.Equal(got, want) {
		t.Errorf("order:\n got %q\nwant %q", got, want)
	}
	for i := 1; i < len(want); i++ {
		if bytes.Compare(coop.SortKey(want[i-1]), coop.SortKey(want[i])) >= 0 {
			t.Errorf("SortKey(%q) is not before SortKey(%q)", want[i-1], want[i])
		}
	}
	// Case does not matter; composed and decomposed forms sort alike.
	for _, pair := range [][2]string{{"Đồng Tâm", "đồng tâm"}, {"ĂN", "ăn"}, {"Ấp Bắc", norm.NFD.String("Ấp Bắc")}} {
		if !bytes.Equal(coop.SortKey(pair[0]), coop.SortKey(pair[1])) {
			t.Errorf("SortKey(%q) != SortKey(%q)", pair[0], pair[1])
		}
	}
	// The reusable keyer gives the same keys as SortKey.
	k := coop.NewSortKeyer()
	for _, s := range want {
		if !bytes.Equal(k.Key(s), coop.SortKey(s)) {
			t.Errorf("SortKeyer.Key(%q) differs from SortKey", s)
		}
	}
}

func TestFormatInt(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1.000"},
		{33557, "33.557"},
		{1234567, "1.234.567"},
		{100000, "100.000"},
		{-1, "-1"},
		{-999, "-999"},
		{-1000, "-1.000"},
		{-1234567, "-1.234.567"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
		{math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		if got := coop.FormatInt(tt.n); got != tt.want {
			t.Errorf("FormatInt(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	for share, want := range map[float64]string{0: "0,0", 0.5: "50,0", 1080.0 / 1280: "84,4", 1: "100,0", 100.0 / 334: "29,9"} {
		if got := coop.FormatPercent(share); got != want {
			t.Errorf("FormatPercent(%v) = %q, want %q", share, got, want)
		}
	}
}

func TestParseDateVN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"14/06/2026", "2026-06-14"},
		{"1/6/2026", "2026-06-01"},
		{"01/06/2026", "2026-06-01"},
		{"14-06-2026", "2026-06-14"},
		{"14.6.2026", "2026-06-14"},
		{" 14/06/2026 ", "2026-06-14"},
		{"2026-06-14", "2026-06-14"},
		{" 2026-06-14 ", "2026-06-14"},
		{"29/02/2024", "2024-02-29"},
		{"", ""},
		// Not a date: returned as typed (trimmed), for validation to report.
		{"30/02/2025", "30/02/2025"},
		{"06/14/2026", "06/14/2026"},
		{"hôm qua", "hôm qua"},
		{"2026-6-14", "2026-6-14"},
		{"14/06/26", "14/06/26"},
	}
	for _, tt := range tests {
		if got := coop.ParseDateVN(tt.in); got != tt.want {
			t.Errorf("ParseDateVN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDateVN(t *testing.T) {
	for in, want := range map[string]string{"2026-06-14": "14/06/2026", "2024-02-29": "29/02/2024", "": "", "nonsense": "nonsense"} {
		if got := coop.FormatDateVN(in); got != want {
			t.Errorf("FormatDateVN(%q) = %q, want %q", in, got, want)
		}
	}
	// Round trip.
	if got := coop.ParseDateVN(coop.FormatDateVN("2025-12-15")); got != "2025-12-15" {
		t.Errorf("round trip: %q", got)
	}
}
