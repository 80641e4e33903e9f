package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// sectorTableAPI is the sector table as the dashboard's API returns it.
type sectorTableAPI struct {
	Sectors struct {
		Title   string `json:"title"`
		Columns []struct {
			Key string `json:"key"`
		} `json:"columns"`
		Rows []struct {
			Key   string    `json:"key"`
			Cells []apiCell `json:"cells"`
		} `json:"rows"`
		Total struct {
			Cells []apiCell `json:"cells"`
		} `json:"total"`
	} `json:"sector_table"`
}

// VCA's standard table: HTX by sector in VCA's order, with women in
// management, LHHTX, THT, members and workers, one row per province for
// the centre and the province's own row for a province; the archived
// cooperative is not counted; every count links to its list (checked for
// every dashboard number in TestDashboardNumbersEqualTheirLists).
func TestDashboardSectorTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dashSeed(t, db)
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@sector.test", coop.RoleCentral, "")
		officer := userToken(t, db, "tuyenquang@sector.test", coop.RoleProvincial, "08")
		read := func(token, query string) sectorTableAPI {
			t.Helper()
			var d sectorTableAPI
			if err := json.Unmarshal([]byte(getAs(t, ts, token, "/api/v1/dashboard"+query, 200)), &d); err != nil {
				t.Fatal(err)
			}
			return d
		}
		d := read(centre, "")
		want := []string{"name", "htx"}
		for _, s := range coop.Sectors {
			want = append(want, "htx_"+s.Code)
		}
		want = append(want, "htx_wim", "lhhtx", "tht", "tht_wim", "members_total", "members_female", "workers_total", "workers_female")
		var got []string
		for _, c := range d.Sectors.Columns {
			got = append(got, c.Key)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("columns %v, want %v", got, want)
		}
		if len(d.Sectors.Rows) != 34 {
			t.Fatalf("%d province rows, want 34", len(d.Sectors.Rows))
		}
		nums := func(cells []apiCell) []int64 {
			var out []int64
			for _, c := range cells[1:] {
				out = append(out, cellN(t, c))
			}
			return out
		}
		// HTX, 8 sectors (agriculture, industry, …), HTX women-managed,
		// LHHTX, THT, THT women-managed, members, female, workers, female.
		rows := map[string][]int64{}
		for _, r := range d.Sectors.Rows {
			rows[r.Key] = nums(r.Cells)
		}
		expect := map[string][]int64{
			"08": {3, 2, 1, 0, 0, 0, 0, 0, 0, 2, 1, 1, 1, 36, 24, 48, 35},
			"01": {2, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 48, 32, 59, 48},
			"":   {5, 3, 2, 0, 0, 0, 0, 0, 0, 3, 1, 1, 1, 84, 56, 107, 83},
		}
		for key, w := range expect {
			g := rows[key]
			if key == "" {
				g = nums(d.Sectors.Total.Cells)
			}
			if !equalInts(g, w) {
				t.Errorf("row %q = %v, want %v", key, g, w)
			}
		}
		// A province's officer gets her own row only.
		own := read(officer, "")
		if len(own.Sectors.Rows) != 1 || own.Sectors.Rows[0].Key != "08" || !equalInts(nums(own.Sectors.Rows[0].Cells), expect["08"]) {
			t.Errorf("Tuyên Quang's sector table: %+v", own.Sectors.Rows)
		}
		if page := getAs(t, ts, officer, "/dashboard", 200); !strings.Contains(page, `id="sectors"`) || strings.Contains(page, "Vạn Phúc") {
			t.Error("the page lacks the sector table or shows another province")
		}
	})
}
