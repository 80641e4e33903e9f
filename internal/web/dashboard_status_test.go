package web_test

import (
	"context"
	"encoding/json"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// "Đang hoạt động" means active, the same on the dashboard, in the counts
// API and in the report: after one HTX is suspended and one dissolved, all
// three say the same, and the dashboard shows the suspended and the
// dissolved apart.
func TestActiveMeansTheSameEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgs := dashSeed(t, db)
		for name, st := range map[string]string{"Hợp tác xã Mây tre Lạc Hồng": coop.StatusSuspended, "Hợp tác xã Chè Shan tuyết": coop.StatusDissolved} {
			o := orgs[name]
			if _, err := db.ChangeOrganisation(ctx, coop.System, o.ID, o.Version, "update", func(o *coop.Organisation) error {
				o.Status = st
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@dash.test", coop.RoleCentral, "")

		d := readDash(t, ts, centre, "?province=08")
		var kinds = map[string][]apiCell{}
		for _, r := range d.Kinds.Rows {
			kinds[r.Key] = r.Cells
		}
		htx := kinds[coop.KindHTX]
		if len(htx) != 5 || cellN(t, htx[1]) != 1 || cellN(t, htx[3]) != 1 || cellN(t, htx[4]) != 1 {
			t.Fatalf("HTX of 08 (active, women-managed, suspended, dissolved): %+v", htx)
		}
		all := readDash(t, ts, centre, "?province=08&status=all")
		if n := cellN(t, all.Registry.Total.Cells[4]); n != 5 {
			t.Errorf("every status: %d organisations, want 5", n)
		}

		// Before any of them was recorded, the registry was empty; figures
		// as of another day link to no list.
		past := readDash(t, ts, centre, "?province=08&as_of=31/12/2019")
		if n := cellN(t, past.Registry.Total.Cells[4]); n != 0 || past.Registry.Total.Cells[4].Href != "" {
			t.Errorf("as of 31/12/2019: %d organisations, link %q", n, past.Registry.Total.Cells[4].Href)
		}

		var counts store.CountsResult
		if err := json.Unmarshal([]byte(getAs(t, ts, centre, "/api/v1/counts?province=08&status=active&group_by=kind", 200)), &counts); err != nil {
			t.Fatal(err)
		}
		comp, err := db.CompileReport(ctx, coop.System, "08", "2025-12-15", coop.Today())
		if err != nil {
			t.Fatal(err)
		}
		var reportHTX int64
		for _, f := range comp.Figures {
			if f.Key == "registry.HTX.orgs" {
				reportHTX = f.Value
			}
		}
		var countsHTX int64
		for _, r := range counts.Rows {
			if r.Key == coop.KindHTX {
				countsHTX = r.Organisations
			}
		}
		if dashHTX := cellN(t, d.Registry.Total.Cells[1]); dashHTX != 1 || countsHTX != 1 || reportHTX != 1 {
			t.Errorf("active HTX: dashboard %d, counts %d, report %d; want 1 everywhere", dashHTX, countsHTX, reportHTX)
		}
	})
}
