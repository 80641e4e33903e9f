package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// asofFixture builds a small registry whose state changes on both sides
// of 14/06/2026 (the end of the 2026-H1 report window): founded on 14/06
// and 15/06, dissolved with effect from 10/06 (recorded in December),
// suspended from 20/06, moved province on 01/06, a woman chair who left
// on 14/06, and workforce snapshots dated either side.
func asofFixture(t *testing.T, db *store.DB) map[string]*coop.Organisation {
	t.Helper()
	ctx := context.Background()
	db.SetClock(func() time.Time { return time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC) })
	out := map[string]*coop.Organisation{}
	mk := func(name, kind, province, founded string, pos []coop.Position, snaps []coop.Snapshot) {
		o := &coop.Organisation{Kind: kind, Name: name, Sector: "agriculture", Province: province, Status: coop.StatusActive,
			FoundedOn: founded, Positions: pos, Snapshots: snaps}
		if kind != coop.KindTHT {
			o.Governance = coop.GovernanceFull
		}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = o
	}
	chair := []coop.Position{{Role: coop.RoleChair, Holder: "Nguyễn Thị Hoa", Sex: coop.SexFemale, From: "2024-01-01", To: "2026-06-14"}}
	mk("HTX Lúa Xuân", coop.KindHTX, "08", "2020-05-05", chair, []coop.Snapshot{
		{AsOf: "2025-12-31", MembersTotal: 10, MembersFemale: 6, WorkersTotal: 20, WorkersFemale: 12}})
	mk("HTX Dâu Tằm", coop.KindHTX, "08", "2021-01-01", nil, nil)
	mk("HTX Chè Xanh", coop.KindHTX, "08", "2022-02-02", nil, nil)
	mk("Tổ hợp tác Mây Tre", coop.KindTHT, "08", "2023-03-03", nil, nil)
	mk("HTX Cam Vinh", coop.KindHTX, "08", "2019-09-09", nil, []coop.Snapshot{
		{AsOf: "2026-01-01", MembersTotal: 7, MembersFemale: 3, WorkersTotal: 9, WorkersFemale: 4}})
	// Later saves: founded 14/06 and 15/06, the changes with their dates.
	db.SetClock(func() time.Time { return time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC) })
	mk("HTX Mười Bốn", coop.KindHTX, "08", "2026-06-14", nil, nil)
	mk("HTX Mười Lăm", coop.KindHTX, "08", "2026-06-15", nil, nil)
	change := func(name string, fn func(o *coop.Organisation)) {
		o := out[name]
		got, err := db.ChangeOrganisation(ctx, coop.System, o.ID, o.Version, "update", func(o *coop.Organisation) error { fn(o); return nil })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = got
	}
	change("HTX Dâu Tằm", func(o *coop.Organisation) { o.Status, o.EffectiveOn = coop.StatusDissolved, "2026-06-10" })
	change("HTX Chè Xanh", func(o *coop.Organisation) { o.Status, o.EffectiveOn = coop.StatusSuspended, "2026-06-20" })
	change("Tổ hợp tác Mây Tre", func(o *coop.Organisation) { o.Province, o.EffectiveOn = "01", "2026-06-01" })
	change("HTX Cam Vinh", func(o *coop.Organisation) {
		o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: "2026-06-15", MembersTotal: 70, MembersFemale: 30, WorkersTotal: 90, WorkersFemale: 40})
	})
	return out
}

func TestCountsAsOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgs := asofFixture(t, db)
		active := func(day, province string) store.Counts {
			t.Helper()
			r, err := db.CountsAsOf(ctx, coop.System, store.AsOfFilter{Day: day, Province: province, Status: coop.StatusActive, WIMRule: coop.RuleWIMDefault})
			if err != nil {
				t.Fatal(err)
			}
			return r.Total
		}
		for _, c := range []struct {
			day, province             string
			orgs, wim, workers, women int64
		}{
			{"2019-12-31", "", 1, 0, 0, 0},     // Cam Vinh
			{"2026-05-31", "08", 5, 1, 29, 16}, // all five before any change
			{"2026-06-01", "08", 4, 1, 29, 16}, // the THT moved to 01
			{"2026-06-01", "01", 1, 0, 0, 0},
			{"2026-06-10", "08", 3, 1, 29, 16},  // Dâu Tằm dissolved from 10/06
			{"2026-06-14", "08", 4, 1, 29, 16},  // Mười Bốn founded, the chair still in office
			{"2026-06-15", "08", 5, 0, 110, 52}, // Mười Lăm founded, chair gone, new snapshot
			{"2026-06-20", "08", 4, 0, 110, 52}, // Chè Xanh suspended
			{"2026-12-02", "", 5, 0, 110, 52},
		} {
			got := active(c.day, c.province)
			if got.Organisations != c.orgs || got.WomenManaged != c.wim || got.WorkersTotal != c.workers || got.WorkersFemale != c.women {
				t.Errorf("%s %q: orgs %d wim %d workers %d/%d, want %d %d %d/%d", c.day, c.province, got.Organisations, got.WomenManaged,
					got.WorkersTotal, got.WorkersFemale, c.orgs, c.wim, c.workers, c.women)
			}
		}
		// Every grouping on every day around the boundaries equals the
		// recomputation from the rows.
		for _, day := range []string{"2019-09-08", "2019-09-09", "2025-12-31", "2026-01-01", "2026-05-31", "2026-06-01", "2026-06-09",
			"2026-06-10", "2026-06-14", "2026-06-15", "2026-06-19", "2026-06-20", "2026-12-02", "2027-01-01"} {
			for _, f := range []store.AsOfFilter{{}, {GroupBy: "kind"}, {GroupBy: "status"}, {GroupBy: "sector"}, {Province: "08", GroupBy: "kind"},
				{Kind: coop.KindHTX, GroupBy: "sector"}, {Province: "08", Sector: "agriculture", GroupBy: "status"}, {Status: coop.StatusActive}} {
				f.Day = day
				got, err := db.CountsAsOf(ctx, coop.System, f)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.RecomputeCountsAsOf(ctx, coop.System, f)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%+v:\n got %+v\nwant %+v", f, got, want)
				}
			}
		}
		// As of today the figures are those of the rollup of the current
		// state (once the organisation whose chair left is saved again:
		// the rollup keeps the classification of the last save).
		o := orgs["HTX Lúa Xuân"]
		if _, err := db.ChangeOrganisation(ctx, coop.System, o.ID, o.Version, "update", func(*coop.Organisation) error { return nil }); err != nil {
			t.Fatal(err)
		}
		now, err := db.Counts(ctx, coop.System, store.CountsFilter{GroupBy: "status"})
		if err != nil {
			t.Fatal(err)
		}
		today, err := db.CountsAsOf(ctx, coop.System, store.AsOfFilter{Day: "2026-12-02", GroupBy: "status"})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(now.Rows, today.Rows) {
			t.Errorf("as of today %+v, rollup now %+v", today.Rows, now.Rows)
		}
		// A provincial actor sees its own province only.
		r, err := db.CountsAsOf(ctx, coop.Actor{Role: coop.RoleProvincial, Province: "01"}, store.AsOfFilter{Day: "2026-05-31"})
		if err != nil || r.Total.Organisations != 0 {
			t.Errorf("province 01 before the move: %+v, %v", r, err)
		}
		// The change of status keeps its effective day, and a day before
		// the last change or after today is refused.
		o = orgs["HTX Chè Xanh"]
		if len(o.Changes) != 1 || o.Changes[0].EffectiveOn != "2026-06-20" || o.Changes[0].FromStatus != coop.StatusActive {
			t.Errorf("changes: %+v", o.Changes)
		}
		for _, on := range []string{"2026-06-19", "2026-12-03", "2021-01-01", "31/02/2026", "0001-01-01"} {
			_, err := db.ChangeOrganisation(ctx, coop.System, o.ID, o.Version, "update", func(o *coop.Organisation) error {
				o.Status, o.EffectiveOn = coop.StatusActive, on
				return nil
			})
			if coop.ErrorCode(err) != coop.EINVALID {
				t.Errorf("effective on %s: %v", on, err)
			}
			if m := coop.ErrorFields(err)["effective_on"]; on == "0001-01-01" && m != "Ngày có hiệu lực phải từ 01/01/1900 đến 31/12/2100." {
				t.Errorf("effective on year 1: %q", m)
			}
		}
		// Archiving takes the whole life away; rebuilding gives the same
		// table.
		o = orgs["HTX Cam Vinh"]
		if _, err := db.ArchiveOrganisation(ctx, coop.System, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		before, _ := db.CountsAsOf(ctx, coop.System, store.AsOfFilter{Day: "2026-06-30", GroupBy: "kind"})
		if err := db.RebuildRollups(ctx); err != nil {
			t.Fatal(err)
		}
		after, _ := db.CountsAsOf(ctx, coop.System, store.AsOfFilter{Day: "2026-06-30", GroupBy: "kind"})
		want, _ := db.RecomputeCountsAsOf(ctx, coop.System, store.AsOfFilter{Day: "2026-06-30", GroupBy: "kind"})
		if !reflect.DeepEqual(before, want) || !reflect.DeepEqual(after, want) {
			t.Errorf("after archive %+v, after rebuild %+v, want %+v", before, after, want)
		}
	})
}
