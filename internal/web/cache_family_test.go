package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

// compiledAt is the time a national report was compiled at, which only
// says when.
var compiledAt = regexp.MustCompile(`"compiled_at":"[^"]*"`)

// The dashboards keep each section until a write of a family it reads
// (store.FamilyGens). After every kind of write, the dashboards a
// long-running server answers — national, national filtered, provincial,
// the national report and a province's report in draft — are the very ones a server started afresh
// computes: no section is kept
// past a write that changes it. And a cooperative's phone number saved
// leaves every section kept.
func TestDashboardSectionsKeptOnlyUntilAWriteOfTheirs(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string, db *store.DB) {
		ctx := context.Background()
		orgs := dashSeed(t, db)
		kept := newServer(t, db)
		centre := userToken(t, db, "centre@family.test", coop.RoleCentral, "")
		officer := userToken(t, db, "officer@family.test", coop.RoleProvincial, "08")
		views := []struct{ token, path string }{
			{centre, "/api/v1/dashboard"}, {centre, "/api/v1/dashboard?province=08"}, {centre, "/api/v1/dashboard?period=2026"},
			{centre, "/api/v1/dashboard?kind=HTX"}, {officer, "/api/v1/dashboard"}, {officer, "/api/v1/dashboard?sector=agriculture"},
			{centre, "/api/v1/reports/national"}, {centre, "/api/v1/reports/national?kind=annual&year=2026"},
			{officer, "/api/v1/reports/national?kind=annual&year=2026"}, {centre, "/api/v1/targets"},
			// The pages as rendered: their tables are kept with their
			// sections (dashboard_table_html.go).
			{centre, "/dashboard"}, {centre, "/dashboard?province=08&sort=wim&dir=desc"}, {officer, "/dashboard"},
		}
		check := func(after string) {
			t.Helper()
			// A server started afresh, on the database opened afresh: none
			// of the store's kept figures either.
			again, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			srv, err := web.New(again, web.Options{})
			if err != nil {
				t.Fatal(err)
			}
			fresh := httptest.NewServer(srv.Handler())
			defer fresh.Close()
			for _, v := range views {
				got := compiledAt.ReplaceAllString(getAs(t, kept, v.token, v.path, 200), "")
				want := compiledAt.ReplaceAllString(getAs(t, fresh, v.token, v.path, 200), "")
				if got != want {
					t.Errorf("after %s, %s differs from a fresh server's:\nkept:  %.400s\nfresh: %.400s", after, v.path, got, want)
				}
			}
		}
		check("the seed")

		banLac := orgs["Hợp tác xã Dệt thổ cẩm Bản Lác"]
		save := func(what string, change func(o *coop.Organisation)) {
			t.Helper()
			o, err := db.Organisation(ctx, coop.System, banLac.ID)
			if err != nil {
				t.Fatal(err)
			}
			change(o)
			if err := db.UpdateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			check(what)
		}

		// A phone number changes no figure: the kept sections stay, and
		// they are right.
		gens := func() store.FamilyGens {
			g, err := db.FamilyGenerations(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			return g
		}
		before := gens()
		save("a phone number saved", func(o *coop.Organisation) { o.Phone = "0912345678"; o.Address = "Bản Lác, Mai Châu" })
		if after := gens(); after.Of(store.FamilyRegistry, store.FamilyActivity, store.FamilyReport, store.FamilyObstacle) !=
			before.Of(store.FamilyRegistry, store.FamilyActivity, store.FamilyReport, store.FamilyObstacle) {
			t.Error("saving a phone number and an address moved a family of figures")
		}
		save("the workforce saved", func(o *coop.Organisation) {
			o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: "2026-06-30", MembersTotal: 25, MembersFemale: 20, WorkersTotal: 40, WorkersFemale: 33})
		})
		save("the director replaced", func(o *coop.Organisation) {
			o.Positions = []coop.Position{{Role: coop.RoleDirector, Holder: "Người giữ chức danh mới", Sex: coop.SexMale, From: "2026-02-01"}}
		})
		save("the name changed", func(o *coop.Organisation) { o.Name = "Hợp tác xã Thổ cẩm Bản Lác" })

		act := &coop.Activity{Type: "training", Title: "Tập huấn quản trị", Province: "08", StartsOn: "2026-04-10",
			ParticipantsTotal: 12, ParticipantsFemale: 9, TargetGroup: "female_managers", ManagersTrainedFemale: 2, Beneficiaries: []int64{banLac.ID}}
		if err := db.CreateActivity(ctx, coop.System, act); err != nil {
			t.Fatal(err)
		}
		check("an activity of the province")
		central := &coop.Activity{Type: "market_linkage", Title: "Hội chợ của trung ương", StartsOn: "2026-05-02",
			ParticipantsTotal: 30, ParticipantsFemale: 20, Beneficiaries: []int64{orgs["Hợp tác xã Rau sạch Đông Anh"].ID}}
		if err := db.CreateActivity(ctx, coop.System, central); err != nil {
			t.Fatal(err)
		}
		check("an activity of the centre")

		r := &coop.Report{Province: "08", Period: coop.Period{Kind: coop.ReportAnnual, Year: 2026}}
		if err := db.CreateReport(ctx, coop.System, r); err != nil {
			t.Fatal(err)
		}
		views = append(views, struct{ token, path string }{officer, fmt.Sprintf("/api/v1/reports/%d", r.ID)})
		check("a report opened")
		n := coop.Narrative{}
		for _, s := range coop.ReportSections {
			n[s.Code] = "Phần " + s.Label
		}
		if _, err := db.UpdateReport(ctx, coop.System, r.ID, r.RowVersion, store.ReportEdit{Narrative: n}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SubmitReport(ctx, coop.System, r.ID, 0); err != nil {
			t.Fatal(err)
		}
		check("a report submitted")
		if _, err := db.ReturnReport(ctx, coop.System, r.ID, 0, "Đề nghị rà soát"); err != nil {
			t.Fatal(err)
		}
		check("a report returned")
		save("the workforce saved again", func(o *coop.Organisation) {
			o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: "2026-09-30", MembersTotal: 26, MembersFemale: 21, WorkersTotal: 41, WorkersFemale: 35})
		})
		if _, err := db.ResubmitReport(ctx, coop.System, r.ID, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveReport(ctx, coop.System, r.ID, 0); err != nil {
			t.Fatal(err)
		}
		check("a report approved")

		ob := &coop.Obstacle{Province: "08", Category: "credit", Title: "Không vay được vốn", Description: "Thiếu tài sản bảo đảm."}
		if err := db.CreateObstacle(ctx, coop.System, ob); err != nil {
			t.Fatal(err)
		}
		check("an obstacle logged")
		if _, err := db.MoveObstacle(ctx, coop.System, ob.ID, 0, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "Xin hướng dẫn"}); err != nil {
			t.Fatal(err)
		}
		check("an obstacle escalated")

		o, err := db.Organisation(ctx, coop.System, orgs["Hợp tác xã Chè Shan tuyết"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ArchiveOrganisation(ctx, coop.System, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		check("an organisation archived")
		for i := range 3 {
			n := &coop.Organisation{Kind: coop.KindTHT, Name: fmt.Sprintf("Tổ hợp tác mới %d", i), Sector: "agriculture", Province: "01",
				Status: coop.StatusActive, Positions: []coop.Position{{Role: coop.RoleGroupLeader, Holder: "Tổ trưởng", Sex: coop.SexFemale, From: "2026-01-01"}}}
			if err := db.CreateOrganisation(ctx, coop.System, n); err != nil {
				t.Fatal(err)
			}
		}
		check("organisations registered in another province")
	})
}
