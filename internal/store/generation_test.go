package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A province's generation moves with the writes of the province and of
// the centre, never with another province's; the national generation
// moves with every write; a record moved between provinces moves both.
func TestScopeGeneration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		gens := func() [3]string {
			t.Helper()
			var out [3]string
			for i, p := range []string{"", "01", "08"} {
				g, err := db.ScopeGeneration(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				out[i] = g
			}
			return out
		}
		check := func(what string, before, after [3]string, national, a, b bool) {
			t.Helper()
			for i, want := range []bool{national, a, b} {
				if moved := before[i] != after[i]; moved != want {
					t.Errorf("%s: generation of %q moved %v, want %v", what, []string{"", "01", "08"}[i], moved, want)
				}
			}
		}
		g0 := gens()
		if g0 != gens() {
			t.Fatal("generations move with nothing written")
		}
		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Thế hệ", Sector: "agriculture", Governance: coop.GovernanceFull,
			Province: "01", Status: coop.StatusActive}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		g1 := gens()
		check("an organisation created in 01", g0, g1, true, true, false)

		u := &store.User{Email: "trung-uong@htxnu.test", Name: "Cán bộ trung ương", Role: coop.RoleCentral}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-đủ-dài-1"); err != nil {
			t.Fatal(err)
		}
		g2 := gens()
		check("a write of the centre", g1, g2, true, true, true)

		o.Province = "08"
		if err := db.UpdateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		check("an organisation moved from 01 to 08", g2, gens(), true, true, true)
	})
}

// On PostgreSQL an id is drawn before its transaction commits: a write in
// a province that commits after a later one still moves the province's
// generation when it lands.
func TestScopeGenerationSeesALateCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			t.Skip("SQLite writes one transaction at a time")
		}
		ctx := context.Background()
		drawn, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() { held <- db.HoldAuditEvent(ctx, "01", drawn, release) }()
		<-drawn
		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Ghi sau", Sector: "agriculture", Governance: coop.GovernanceFull,
			Province: "01", Status: coop.StatusActive}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		before, err := db.ScopeGeneration(ctx, "01")
		if err != nil {
			t.Fatal(err)
		}
		close(release)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		after, err := db.ScopeGeneration(ctx, "01")
		if err != nil {
			t.Fatal(err)
		}
		if after == before {
			t.Fatalf("the generation of 01 is still %s after an earlier id committed late", before)
		}
	})
}
