package coop

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for the decoders of outside text in the domain. CI runs
// each for a few seconds (scripts/test.sh); `go test` runs the seeds.

func FuzzSearchWords(f *testing.F) {
	for _, s := range []string{"", "hop tac xa det", "Hợp tác xã Đồng Tâm", "a\x00b", "\xff\xfe", strings.Repeat("ab ", 300), "%_\\", "\u202eabc", "ĐĐĐ  đ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		words := SearchWords(q)
		if len(words) > MaxSearchWords {
			t.Fatalf("%d words", len(words))
		}
		for _, w := range words {
			if w == "" || !utf8.ValidString(w) || strings.ContainsAny(w, " \x00") || utf8.RuneCountInString(w) > MaxSearchRunes {
				t.Fatalf("word %q", w)
			}
		}
		if SearchProblem(q) == "" && TextProblem(q) != "" {
			t.Fatalf("%q passes the search check with a text problem", q)
		}
		_ = Fold(q)
		_ = VisibleLen(q)
	})
}

func FuzzParseDateVN(f *testing.F) {
	for _, s := range []string{"2025-01-31", "31/01/2025", "1/2/2025", "0001-01-01", "9999-12-31", "31/02/2020", "", " 2.1.2006 ", "2025-13-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := ParseDateVN(s)
		if ValidDate(out) && (out < MinDate || out > MaxDate) {
			t.Fatalf("%q → %q outside the bounds", s, out)
		}
		if ValidDate(out) && FormatDateVN(out) == out {
			t.Fatalf("%q → %q does not format", s, out)
		}
	})
}

func FuzzPeriod(f *testing.F) {
	f.Add("six_monthly", 2025, 1, "", "", "")
	f.Add("annual", 2026, 0, "", "", "")
	f.Add("phase", 0, 0, "2023-2025", "", "")
	f.Add("thematic", 0, 0, "", "01/03/2025", "2025-06-30")
	f.Add("ad_hoc", -1, 99, "x", "9999-12-31", "0001-01-01")
	f.Fuzz(func(t *testing.T, kind string, year, half int, phase, from, to string) {
		p := Period{Kind: kind, Year: year, Half: half, Phase: phase, From: from, To: to}
		p.Normalize()
		if p.Validate() != nil {
			return
		}
		lo, hi := p.Window("")
		if lo > hi {
			t.Fatalf("%+v: window %s…%s", p, lo, hi)
		}
		_ = p.Label()
		_ = p.Key("x")
	})
}

func FuzzPasswordProblem(f *testing.F) {
	f.Add("Rừng thông 2026 xanh", "a@b.vn", "Nguyễn Thị Lan")
	f.Add("", "", "")
	f.Add("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "@", "\u200b")
	f.Fuzz(func(t *testing.T, pw, email, name string) {
		_ = PasswordProblem(pw, email, name)
	})
}
