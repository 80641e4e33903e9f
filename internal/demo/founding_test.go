package demo_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// smallRegistry gives Tuyên Quang Bản Lác and two women-managed
// cooperatives, and Hà Nội one.
func smallRegistry(t *testing.T, db *store.DB) {
	t.Helper()
	for i, x := range []struct{ name, province string }{
		{demo.BanLac, "08"}, {"Hợp tác xã Chè Shan tuyết Na Hang", "08"}, {"Hợp tác xã Mây tre Lâm Bình", "08"}, {"Hợp tác xã Lụa Vạn Phúc", "01"},
	} {
		o := &coop.Organisation{Kind: coop.KindHTX, Name: x.name, Sector: "agriculture", Governance: coop.GovernanceFull,
			Province: x.province, Status: coop.StatusActive}
		if i > 0 {
			o.Positions = []coop.Position{{Role: coop.RoleDirector, Holder: "Nguyễn Thị Hoa", Sex: coop.SexFemale}}
		}
		if err := db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDemoFounding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallRegistry(t, db)
		for i := 0; i < 2; i++ {
			if err := demo.Founding(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range coop.Provinces() {
			c, err := db.FoundingCounts(ctx, coop.System, p.Code)
			if err != nil {
				t.Fatal(err)
			}
			if c["advised"] == 0 || c["dossier"] == 0 || c["dropped"] == 0 || c["total"] > 6 {
				t.Errorf("%s: %v", p.Code, c)
			}
		}
		// Registered cases link the province's women-managed cooperatives.
		for province, want := range map[string]int{"08": 2, "01": 1, "25": 0} {
			page, err := db.FoundingCases(ctx, coop.System, store.FoundingFilter{Province: province, Status: coop.FoundingRegistered})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != want {
				t.Errorf("%s: %d registered, want %d", province, page.Total, want)
			}
			for _, c := range page.Items {
				o, err := db.Organisation(ctx, coop.System, c.OrganisationID)
				if err != nil || o.Province != province || !o.Flags.WIMDefault {
					t.Errorf("%s: case %q links %+v (%v)", province, c.GroupName, o, err)
				}
			}
		}
	})
}

func TestDemoObstacles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallRegistry(t, db)
		for i := 0; i < 2; i++ {
			if err := demo.Obstacles(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range coop.Provinces() {
			page, err := db.Obstacles(ctx, coop.System, store.ObstacleFilter{Province: p.Code})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range coop.ObstacleStatuses {
				if page.ByStatus[s.Code] == 0 {
					t.Errorf("%s has no obstacle %s: %v", p.Code, s.Code, page.ByStatus)
				}
			}
		}
		page, err := db.Obstacles(ctx, coop.System, store.ObstacleFilter{Province: "08", Q: "bao hiem xa hoi", Status: coop.ObstacleEscalated})
		if err != nil || page.Total != 1 {
			t.Fatalf("journey 4 obstacle: %+v %v", page, err)
		}
		o, err := db.Obstacle(ctx, coop.System, page.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Title != demo.Journey4Title || len(o.Organisations) != 3 || o.Organisations[0].Name != demo.BanLac && o.Organisations[1].Name != demo.BanLac && o.Organisations[2].Name != demo.BanLac {
			t.Errorf("journey 4 obstacle: %q with %+v", o.Title, o.Organisations)
		}
	})
}
