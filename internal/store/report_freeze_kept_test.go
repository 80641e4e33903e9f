package store_test

import (
	"context"
	"reflect"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A province's report is frozen from its kept compilation only when the
// compilation is of the data the submission sees: read, then changed, then
// submitted, the frozen figures are the compilation of the data as
// submitted — the one a server on the database opened afresh computes —
// not the figures read before the change.
func TestFrozenFiguresAreTheDataAsSubmitted(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string, db *store.DB) {
		ctx := context.Background()
		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Thêu Bản Lác", Sector: "industry_handicraft", Governance: coop.GovernanceFull,
			Province: "08", Status: coop.StatusActive,
			Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Lò Thị Hoa", Sex: coop.SexFemale, From: "2020-01-01"}},
			Snapshots: []coop.Snapshot{{AsOf: "2026-01-31", MembersTotal: 10, MembersFemale: 6, WorkersTotal: 12, WorkersFemale: 7}}}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		r := &coop.Report{Province: "08", Period: coop.Period{Kind: coop.ReportAnnual, Year: 2026}}
		if err := db.CreateReport(ctx, coop.System, r); err != nil {
			t.Fatal(err)
		}
		n := coop.Narrative{}
		for _, s := range coop.ReportSections {
			n[s.Code] = "Phần " + s.Label
		}
		if _, err := db.UpdateReport(ctx, coop.System, r.ID, r.RowVersion, store.ReportEdit{Narrative: n}); err != nil {
			t.Fatal(err)
		}
		read, err := db.Report(ctx, coop.System, r.ID) // its compilation kept
		if err != nil {
			t.Fatal(err)
		}

		// The organisation grows, and a second organisation is registered.
		cur, err := db.Organisation(ctx, coop.System, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Snapshots = append(cur.Snapshots, coop.Snapshot{AsOf: "2026-06-30", MembersTotal: 30, MembersFemale: 25, WorkersTotal: 40, WorkersFemale: 33})
		if err := db.UpdateOrganisation(ctx, coop.System, cur); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateOrganisation(ctx, coop.System, &coop.Organisation{Kind: coop.KindTHT, Name: "Tổ hợp tác Dệt Na Hang", Sector: "industry_handicraft",
			Province: "08", Status: coop.StatusActive,
			Positions: []coop.Position{{Role: coop.RoleGroupLeader, Holder: "Ma Thị Lan", Sex: coop.SexFemale, From: "2026-02-01"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SubmitReport(ctx, coop.System, r.ID, 0); err != nil {
			t.Fatal(err)
		}
		frozen, err := db.Report(ctx, coop.System, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if frozen.FiguresSource != "frozen" {
			t.Fatalf("the submitted report's figures are %q, want frozen", frozen.FiguresSource)
		}

		again, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		want, err := again.CompileReport(ctx, coop.System, "08", frozen.WindowFrom, frozen.WindowTo)
		if err != nil {
			t.Fatal(err)
		}
		values := func(figs []coop.Figure) map[string][3]int64 {
			m := map[string][3]int64{}
			for _, f := range figs {
				m[f.Key] = [3]int64{f.Value, f.Num, f.Den}
			}
			return m
		}
		got, fresh, before := values(frozen.Figures), values(want.Figures), values(read.Figures)
		if len(got) != len(fresh) {
			t.Fatalf("%d figures frozen, %d compiled afresh", len(got), len(fresh))
		}
		changed := 0
		for k, v := range fresh {
			if got[k] != v {
				t.Errorf("figure %s frozen as %v, compiled afresh %v", k, got[k], v)
			}
			if before[k] != v {
				changed++
			}
		}
		if changed == 0 {
			t.Fatal("no figure changed between the read and the submission: the test proves nothing")
		}

		// The frozen version is kept decoded once read: what one reader
		// does with its copy is not what the next one reads.
		first, err := db.ReportVersion(ctx, coop.System, r.ID, frozen.Version)
		if err != nil {
			t.Fatal(err)
		}
		for i := range first.Figures {
			first.Figures[i].Value = -1
		}
		first.Narrative[coop.ReportSections[0].Code] = "đã sửa"
		first.Meta.Recipients = append(first.Meta.Recipients[:0], "đã sửa")
		second, err := db.ReportVersion(ctx, coop.System, r.ID, frozen.Version)
		if err != nil {
			t.Fatal(err)
		}
		afresh, err := again.ReportVersion(ctx, coop.System, r.ID, frozen.Version)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(second, afresh) {
			t.Fatalf("version read again:\n%+v\nread on the database opened afresh:\n%+v", second, afresh)
		}
	})
}
