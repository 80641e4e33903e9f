package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The registry over time: an organisation counts from its founding month
// (or the month it was entered, when the date is unknown), a change from
// the month it was saved.
func TestRegistrySeries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC) })
		mk := func(kind, founded string) *coop.Organisation {
			o := &coop.Organisation{Kind: kind, Name: "Tổ chức " + kind + " " + founded, Sector: "agriculture", Province: "08",
				Status: coop.StatusActive, FoundedOn: founded,
				Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 10, MembersFemale: 6, WorkersTotal: 20, WorkersFemale: 12}}}
			if kind != coop.KindTHT {
				o.Governance = coop.GovernanceFull
			}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		old := mk(coop.KindHTX, "2023-03-01")
		mk(coop.KindTHT, "2024-08-15")
		mk(coop.KindHTX, "")
		if _, err := db.ArchiveOrganisation(ctx, coop.System, old.ID, old.Version); err != nil {
			t.Fatal(err)
		}
		orgs := func(pts []store.SeriesPoint) string {
			s := ""
			for _, p := range pts {
				s += fmt.Sprintf("%s:%d ", p.Period, p.Orgs)
			}
			return s
		}
		for _, c := range []struct {
			actor coop.Actor
			f     store.SeriesFilter
			want  string
		}{
			{coop.System, store.SeriesFilter{To: "2026-06"}, "2023-H1:1 2023-H2:1 2024-H1:1 2024-H2:2 2025-H1:2 2025-H2:2 2026-H1:2 "},
			{coop.System, store.SeriesFilter{From: "2024-05", Step: "year"}, "2024:2 2025:2 2026:2 "},
			{coop.System, store.SeriesFilter{From: "2024-01", To: "2025-12", Kind: coop.KindTHT}, "2024-H1:0 2024-H2:1 2025-H1:1 2025-H2:1 "},
			{coop.System, store.SeriesFilter{From: "2023-01", To: "2023-12", Province: "08", Sector: "agriculture"}, "2023-H1:1 2023-H2:1 "},
			{coop.Actor{Role: coop.RoleProvincial, Province: "01"}, store.SeriesFilter{From: "2025-01", Step: "year"}, "2025:0 2026:0 "},
		} {
			pts, err := db.RegistrySeries(ctx, c.actor, c.f)
			if err != nil {
				t.Fatalf("%+v: %v", c.f, err)
			}
			if got := orgs(pts); got != c.want {
				t.Errorf("%+v as %s: %s, want %s", c.f, c.actor.Role, got, c.want)
			}
		}
		pts, _ := db.RegistrySeries(ctx, coop.System, store.SeriesFilter{From: "2025-07", To: "2025-12"})
		if len(pts) != 1 || pts[0].End != "2025-12-31" || pts[0].WorkersFemale != 24 || pts[0].MembersTotal != 20 {
			t.Errorf("2025-H2: %+v", pts)
		}
		for _, f := range []store.SeriesFilter{{Step: "month"}, {From: "2026-02", To: "2025-01"}, {From: "tháng ba"}} {
			if _, err := db.RegistrySeries(ctx, coop.System, f); coop.ErrorCode(err) != coop.EINVALID {
				t.Errorf("%+v: want invalid, got %v", f, err)
			}
		}
		if _, err := db.RegistrySeries(ctx, coop.Actor{Role: coop.RoleProvincial, Province: "01"}, store.SeriesFilter{Province: "08"}); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("another province's series: %v", err)
		}
	})
}
