package web

import (
	"context"
	"net/url"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// After Warm, the first reader of the national dashboard and the first
// officer of a province are served the figures Warm computed, as long as
// nothing was written since; a write makes them computed afresh.
func TestWarmKeepsTheFirstDashboards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, err := New(db, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Warm(ctx); err != nil {
			t.Fatal(err)
		}
		today := coop.Today()
		kept := func(a coop.Actor) *dashboard {
			s.cache.figures.mu.Lock()
			defer s.cache.figures.mu.Unlock()
			it := s.cache.figures.items[a.Role+"|"+a.Province+"|"+today+"|"]
			if it == nil || it.gen == "" {
				return nil
			}
			return it.val
		}
		readers := []coop.Actor{{Name: "Cán bộ TW", Role: coop.RoleCentral}, {Name: "Cán bộ Tuyên Quang", Role: coop.RoleProvincial, Province: "08"}}
		for _, a := range readers {
			warm := kept(a)
			if warm == nil {
				t.Fatalf("no dashboard kept for %s %q after Warm", a.Role, a.Province)
			}
			d, err := s.dashboard(ctx, a, url.Values{}, today)
			if err != nil {
				t.Fatal(err)
			}
			if d != warm {
				t.Errorf("the first %s dashboard of %q was computed again after Warm", a.Role, a.Province)
			}
		}
		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Sau khởi động", Sector: "agriculture", Governance: coop.GovernanceFull,
			Province: "08", Status: coop.StatusActive}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		for _, a := range readers {
			warm := kept(a)
			d, err := s.dashboard(ctx, a, url.Values{}, today)
			if err != nil {
				t.Fatal(err)
			}
			if d == warm {
				t.Errorf("the %s dashboard of %q after a write is the one Warm computed", a.Role, a.Province)
			}
		}
	})
}
