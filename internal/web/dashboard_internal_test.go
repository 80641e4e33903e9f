package web

import (
	"context"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store/storetest"
)

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03": "2026-03", "2026-03-15": "2026-03", "03/2026": "2026-03", "3/2026": "2026-03", " 2026-11 ": "2026-11",
		"2026-13": "", "tháng 3": "", "": "", "0001-01": "",
	} {
		if got := parseMonth(in); got != want {
			t.Errorf("parseMonth(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNamedPeriods(t *testing.T) {
	for in, want := range map[string][2]string{
		"phase-2023-2025": {"2023-01", "2025-12"}, "phase-2026-2030": {"2026-01", "2030-12"},
		"2025": {"2025-01", "2025-12"}, "2025-H1": {"2025-01", "2025-06"}, "2025-H2": {"2025-07", "2025-12"},
		"report-2026-H1": {"2025-12", "2026-06"}, "report-2026": {"2025-12", "2026-12"},
	} {
		from, to, ok := namedPeriod(in)
		if !ok || from != want[0] || to != want[1] {
			t.Errorf("namedPeriod(%q) = %s–%s %v, want %s–%s", in, from, to, ok, want[0], want[1])
		}
	}
	for _, bad := range []string{"2025-H3", "25", "phase-2031", "năm 2025", "1800", "report-2026-H2", "report-2031", "report-26"} {
		if _, _, ok := namedPeriod(bad); ok {
			t.Errorf("namedPeriod(%q) accepted", bad)
		}
	}
	// Every period offered can be read back.
	opts := periodOptions("2026-11-25")
	if len(opts) != 2+4*5 || opts[2].Code != "report-2026" || opts[4].Code != "2026" || opts[len(opts)-1].Code != "2023-H2" {
		t.Errorf("period options: %v", opts)
	}
	// Each says its dates and its convention.
	if opts[3].Label != "Kỳ báo cáo 6 tháng đầu năm 2026 (theo Nghị định 09/2019: 15/12/2025–14/06/2026)" ||
		opts[2].Label != "Kỳ báo cáo năm 2026 (theo Nghị định 09/2019: 15/12/2025–14/12/2026)" || opts[4].Label != "Năm dương lịch 2026 (01/01–31/12)" {
		t.Errorf("period labels: %q, %q, %q", opts[2].Label, opts[3].Label, opts[4].Label)
	}
	if from, to, ok := reportWindow("report-2026-H1"); !ok || from != "2025-12-15" || to != "2026-06-14" {
		t.Errorf("the six-monthly report window of 2026: %s–%s %v", from, to, ok)
	}
	for _, o := range opts {
		if _, _, ok := namedPeriod(o.Code); !ok {
			t.Errorf("offered period %q cannot be read", o.Code)
		}
	}
}

func TestLinkReplacesAndDrops(t *testing.T) {
	if got := link("/organisations", "province", "08", "kind", "", "sector", "agriculture", "province", "01"); got != "/organisations?province=01&sector=agriculture" {
		t.Errorf("link = %s", got)
	}
	if got := link("/obstacles", "province", ""); got != "/obstacles" {
		t.Errorf("link without parameters = %s", got)
	}
	f := dashFilter{Province: "08", Period: "2025", From: "2025-01", To: "2025-12", Sort: "wim", Dir: "desc"}
	if got := f.query("sort", "", "dir", ""); got != "/dashboard?period=2025&province=08" {
		t.Errorf("a named period stands for its months, and overrides drop keys: %s", got)
	}
}

func TestSortRows(t *testing.T) {
	table := func() dashTable {
		return dashTable{Columns: []dashColumn{{Key: "name"}, {Key: "n", Numeric: true}, {Key: "share", Numeric: true}}, Rows: []dashRow{
			{Key: "a", Cells: []dashCell{textCell("Đắk Lắk"), countCell(5, ""), shareCell(1, 5)}},
			{Key: "b", Cells: []dashCell{textCell("Cà Mau"), countCell(9, ""), shareCell(0, 0)}},
			{Key: "c", Cells: []dashCell{textCell("Dĩ An"), countCell(5, ""), shareCell(4, 5)}},
			{Key: "d", Cells: []dashCell{textCell("An Giang"), countCell(0, ""), shareCell(0, 9)}},
		}}
	}
	keys := func(t dashTable) string {
		var s []string
		for _, r := range t.Rows {
			s = append(s, r.Key)
		}
		return strings.Join(s, "")
	}
	href := func(key, dir string) string { return key + ":" + dir }
	for _, c := range []struct{ key, dir, order, gotKey, gotDir string }{
		{"name", "", "dbca", "name", "asc"}, // a ă â b c d đ: An, Cà, Dĩ, Đắk
		{"name", "desc", "acbd", "name", "desc"},
		{"n", "", "bcad", "n", "desc"}, // ties by name: Dĩ An before Đắk Lắk
		{"n", "asc", "dcab", "n", "asc"},
		{"share", "desc", "cadb", "share", "desc"}, // "–" (no organisations) last
		{"nothing", "asc", "abcd", "", ""},         // unknown: the order given
	} {
		tb := table()
		k, d := tb.sortRows(c.key, c.dir, href)
		if got := keys(tb); got != c.order || k != c.gotKey || d != c.gotDir {
			t.Errorf("sort %s %s: %s (%s %s), want %s (%s %s)", c.key, c.dir, got, k, d, c.order, c.gotKey, c.gotDir)
		}
	}
	tb := table()
	tb.sortRows("n", "desc", href)
	if tb.Columns[1].Sorted != "desc" || tb.Columns[1].SortHref != "n:asc" || tb.Columns[0].SortHref != "name:asc" || tb.Columns[2].SortHref != "share:desc" {
		t.Errorf("headers: %+v", tb.Columns)
	}
}

// Every table of the dashboard is complete data: a title, columns, and as
// many cells in each row as columns, counts with their links.
func TestDashboardTablesAreData(t *testing.T) {
	db := storetest.SQLite(t)
	s, err := New(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.dashboard(context.Background(), coop.Actor{Role: coop.RoleCentral}, nil, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	tables := d.Tables()
	if len(tables) != 10 {
		t.Fatalf("%d tables", len(tables))
	}
	// The reporting section: the annual and six-monthly reports of this
	// year and the last, newest first.
	var keys []string
	for _, r := range tables[len(tables)-1].Rows {
		keys = append(keys, r.Key)
	}
	if tables[len(tables)-1].ID != "reporting" || strings.Join(keys, " ") != "annual-2026 six_monthly-2026-H1 annual-2025 six_monthly-2025-H1" {
		t.Errorf("reporting table %q, rows %v", tables[len(tables)-1].ID, keys)
	}
	for _, tb := range tables {
		if tb.ID == "" || tb.Title == "" || len(tb.Columns) < 2 {
			t.Errorf("table %q %q: %d columns", tb.ID, tb.Title, len(tb.Columns))
		}
		rows := tb.Rows
		if tb.Total != nil {
			rows = append(rows, *tb.Total)
		}
		for _, r := range rows {
			if len(r.Cells) != len(tb.Columns) {
				t.Errorf("%s row %q: %d cells for %d columns", tb.ID, r.Key, len(r.Cells), len(tb.Columns))
			}
			for _, c := range r.Cells {
				if c.N != nil && c.Href == "" && tb.ID != "targets" {
					t.Errorf("%s row %q: the count %s links nowhere", tb.ID, r.Key, c.Text)
				}
			}
		}
	}
	// An empty database: zeros everywhere, and charts that say so.
	if !strings.Contains(string(d.ActivityChart), "Chưa có số liệu") || !strings.Contains(string(d.RegistryChart), "Chưa có số liệu") {
		t.Error("an empty registry and no activities draw charts that say there is no data")
	}
}
