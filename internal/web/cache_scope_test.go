package web_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A write in one province leaves another province's dashboard served from
// the render cache, and shows at once on its own province's dashboard and
// on the national one; a write of the centre reaches every province.
func TestDashboardOfAProvinceKeptAcrossAnotherProvincesWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dashSeed(t, db)
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@scope.test", coop.RoleCentral, "")
		tuyenQuang := userToken(t, db, "tq@scope.test", coop.RoleProvincial, "08")
		haNoi := userToken(t, db, "hn@scope.test", coop.RoleProvincial, "01")
		total := func(token, query string) int64 {
			t.Helper()
			d := readDash(t, ts, token, query)
			if d.Registry.Total == nil || len(d.Registry.Total.Cells) < 5 {
				t.Fatal("the dashboard has no registry total")
			}
			return cellN(t, d.Registry.Total.Cells[4]) // all organisations
		}
		tq, tqByCentre, hn, all := total(tuyenQuang, ""), total(centre, "?province=08"), total(haNoi, ""), total(centre, "")

		// Tuyên Quang's figures change behind the application's back (no
		// audit event, no new generation): a dashboard computed again
		// would show it, one served from the cache does not.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE org_rollup SET orgs = orgs + 5
			WHERE province = '08' AND kind = 'HTX' AND sector = 'agriculture' AND status = 'active'`); err != nil {
			t.Fatal(err)
		}
		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Mới ở Hà Nội", Sector: "agriculture", Governance: coop.GovernanceFull,
			Province: "01", Status: coop.StatusActive}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		if got := total(haNoi, ""); got != hn+1 {
			t.Errorf("Hà Nội's dashboard after a save in Hà Nội: %d organisations, want %d", got, hn+1)
		}
		if got := total(centre, ""); got != all+1+5 {
			t.Errorf("the national dashboard after a save in Hà Nội: %d organisations, want %d", got, all+1+5)
		}
		if got := total(tuyenQuang, ""); got != tq {
			t.Errorf("Tuyên Quang's dashboard after a save in Hà Nội: %d organisations, want %d (computed again, not served from the cache)", got, tq)
		}
		if got := total(centre, "?province=08"); got != tqByCentre {
			t.Errorf("Tuyên Quang's dashboard read by the centre after a save in Hà Nội: %d organisations, want %d (computed again)", got, tqByCentre)
		}

		// A write of the centre that changes no figure (a new account)
		// leaves every section kept; one that may (a central activity)
		// reaches every province.
		u := &store.User{Email: "moi@scope.test", Name: "Cán bộ trung ương mới", Role: coop.RoleCentral}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-đủ-dài-2"); err != nil {
			t.Fatal(err)
		}
		if got := total(tuyenQuang, ""); got != tq {
			t.Errorf("Tuyên Quang's dashboard after a new account at the centre: %d organisations, want %d (kept)", got, tq)
		}
		act := &coop.Activity{Type: "market_linkage", Title: "Hội chợ của trung ương", StartsOn: "2026-03-02", ParticipantsTotal: 10, ParticipantsFemale: 6}
		if err := db.CreateActivity(ctx, coop.System, act); err != nil {
			t.Fatal(err)
		}
		if got := total(tuyenQuang, ""); got != tq+5 {
			t.Errorf("Tuyên Quang's dashboard after an activity of the centre: %d organisations, want %d", got, tq+5)
		}
	})
}
