package coop

import "testing"

func TestResolveProvince(t *testing.T) {
	cases := []struct {
		in, code string
		legacy   bool
		note     string
	}{
		{"08", "08", false, ""},
		{"8", "08", false, ""},
		{"Tỉnh Tuyên Quang", "08", false, ""},
		{"tuyen quang", "08", false, ""},
		{"74", "79", true, "Tỉnh Bình Dương (74) nay thuộc Thành phố Hồ Chí Minh (79)"},
		{"Tỉnh Bình Dương", "79", true, "Tỉnh Bình Dương (74) nay thuộc Thành phố Hồ Chí Minh (79)"},
		{"binh duong", "79", true, "Tỉnh Bình Dương (74) nay thuộc Thành phố Hồ Chí Minh (79)"},
		{"02", "08", true, "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"},
		{"Tỉnh Hà Giang", "08", true, "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"},
		{"95", "96", true, "Tỉnh Bạc Liêu (95) nay thuộc Tỉnh Cà Mau (96)"},
		{"Tỉnh Bạc Liêu", "96", true, "Tỉnh Bạc Liêu (95) nay thuộc Tỉnh Cà Mau (96)"},
		{"TP. Hồ Chí Minh", "79", false, ""},
		{"TP.Hồ Chí Minh", "79", false, ""},
		{"Thành phố Hồ Chí Minh", "79", false, ""},
		{"Hồ Chí Minh", "79", false, ""},
		{"Thừa Thiên Huế", "46", true, "Tỉnh Thừa Thiên Huế (46) nay thuộc Thành phố Huế (46)"},
		{"Thành phố Huế", "46", false, ""},
		{"15", "15", false, ""},
		{"Tỉnh Lào Cai", "15", false, ""},
		{"Tỉnh Yên Bái", "15", true, "Tỉnh Yên Bái (15) nay thuộc Tỉnh Lào Cai (15)"},
	}
	for _, c := range cases {
		r, err := ResolveProvince(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if r.Code != c.code || r.Legacy != c.legacy || r.Note != c.note || r.Given == "" {
			t.Errorf("%q: got %+v, want code %s legacy %v note %q", c.in, r, c.code, c.legacy, c.note)
		}
	}
	for _, bad := range []string{"", "  ", "00", "Tỉnh Không Có", "99"} {
		if _, err := ResolveProvince(bad); err == nil {
			t.Errorf("%q: resolved, want an error", bad)
		}
	}
	// Every legacy province resolves, by code and by name, to its 2025 province.
	for _, l := range LegacyProvinces() {
		for _, in := range []string{l.Code, l.Name, Fold(l.Name)} {
			r, err := ResolveProvince(in)
			if err != nil || r.Code != l.Code2025 {
				t.Errorf("%q: got %+v, %v; want %s", in, r, err, l.Code2025)
			}
		}
	}
}
