package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// closedWindowFigures are the figures of a report that do not depend on
// the day it is compiled: all but where founding cases and obstacles stand
// "now" (their notes say so).
func closedWindowFigures(figs []coop.Figure) map[string]coop.Figure {
	out := map[string]coop.Figure{}
	for _, f := range figs {
		if strings.HasPrefix(f.Key, "founding.stage.") || f.Key == "obstacles.open" || f.Key == "obstacles.overdue" {
			continue
		}
		out[f.Key] = f
	}
	return out
}

// TestClosedWindowReadsTheSameWhenever compiles Tuyên Quang's 2026-H1
// report (window 15/12/2025–14/06/2026) on the window's last day and again
// in December, after records dated on the other side of each boundary
// were entered: an HTX founded 14/06 and one 15/06, activities on 14/06
// and 15/06, founding cases registered 14/06 and 15/06, a chair whose term
// ended on 14/06, a suspension from 20/06, a move of province from 01/07,
// a workforce snapshot and a Union staff record of 15/06. The two
// compilations are equal; a change dated inside the window (a
// dissolution from 10/06 learnt of in December) moves the figures.
func TestClosedWindowReadsTheSameWhenever(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const from, to = "2025-12-15", "2026-06-14"
		db.SetClock(func() time.Time { return vnTime("2026-06-14", "16:00") })
		mk := func(name, kind, founded string, pos ...coop.Position) *coop.Organisation {
			t.Helper()
			o := &coop.Organisation{Kind: kind, Name: name, Sector: "agriculture", Province: "08", Status: coop.StatusActive,
				FoundedOn: founded, Positions: pos, Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", WorkersTotal: 20, WorkersFemale: 10}}}
			if kind != coop.KindTHT {
				o.Governance = coop.GovernanceFull
			}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return o
		}
		woman := func(role, name, from string) coop.Position {
			return coop.Position{Role: role, Holder: name, Sex: coop.SexFemale, From: from}
		}
		register := func(o *coop.Organisation, advised, on string) {
			t.Helper()
			fc := &coop.FoundingCase{Province: "08", GroupName: "Nhóm " + o.Name, Kind: o.Kind, WomenLed: true, AdvisedOn: advised}
			if err := db.CreateFoundingCase(ctx, coop.System, fc); err != nil {
				t.Fatal(err)
			}
			fc2, err := db.MoveFoundingCase(ctx, coop.System, fc.ID, fc.Version, coop.FoundingMove{To: coop.FoundingDossier, On: advised})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.MoveFoundingCase(ctx, coop.System, fc.ID, fc2.Version, coop.FoundingMove{To: coop.FoundingRegistered, On: on, OrganisationID: o.ID}); err != nil {
				t.Fatal(err)
			}
		}
		activity := func(typ, day string, htxJobs, thtJobs int64, orgs ...int64) *coop.Activity {
			t.Helper()
			a := &coop.Activity{Type: typ, Title: "Hoạt động " + typ + " ngày " + day, Province: "08", StartsOn: day,
				ParticipantsTotal: 20, ParticipantsFemale: 15, Beneficiaries: orgs, JobsWomenHTX: htxJobs, JobsWomenTHT: thtJobs}
			if typ == coop.ActivityTraining {
				a.TargetGroup, a.ManagersTrainedFemale = "female_managers", 1
			}
			if err := db.CreateActivity(ctx, coop.System, a); err != nil {
				t.Fatalf("activity %s %s: %v", typ, day, err)
			}
			return a
		}
		attend := func(a *coop.Activity, name string, org int64) {
			t.Helper()
			if _, err := db.AddAttendance(ctx, coop.System, a.ID, []coop.Attendee{{Name: name, Sex: coop.SexFemale, Role: coop.RoleChair, OrganisationID: org}}); err != nil {
				t.Fatal(err)
			}
		}
		staff := func(on string, et, etr, ct, ci int64) {
			t.Helper()
			if err := db.RecordUnionStaff(ctx, coop.System, &coop.UnionStaffRecord{Province: "08", RecordedOn: on,
				EconomicTotal: et, EconomicTrained: etr, CommunicationTotal: ct, CommunicationImproved: ci}); err != nil {
				t.Fatal(err)
			}
		}

		// On the window's last day.
		lua := mk("HTX Lúa Xuân", coop.KindHTX, "2020-05-05", woman(coop.RoleChair, "Nguyễn Thị Hoa", "2024-01-01"))
		che := mk("HTX Chè Xanh", coop.KindHTX, "2021-01-01", coop.Position{Role: coop.RoleDirector, Holder: "Trần Văn Nam", Sex: coop.SexMale})
		may := mk("Tổ hợp tác Mây Tre", coop.KindTHT, "2023-03-03", woman(coop.RoleGroupLeader, "Lò Thị Sen", ""))
		muoiBon := mk("HTX Mười Bốn", coop.KindHTX, "2026-06-14", woman(coop.RoleDirector, "Hà Thị Lan", ""))
		mk("Tổ hợp tác Không Hỗ Trợ", coop.KindTHT, "2024-04-04")
		register(muoiBon, "2026-05-02", "2026-06-14")
		train := activity(coop.ActivityTraining, "2026-06-14", 5, 0, lua.ID)
		attend(train, "nguyen thi hoa", lua.ID)
		activity("market_linkage", "2026-06-14", 0, 4, may.ID)
		staff("2026-06-14", 10, 4, 8, 6)
		onLastDay, err := db.CompileReport(ctx, coop.System, "08", from, to)
		if err != nil {
			t.Fatal(err)
		}
		f := figureMap(onLastDay.Figures)
		for key, want := range map[string]int64{
			"registry.HTX.orgs": 3, "registry.HTX.women_managed": 2, "registry.THT.orgs": 2, "registry.HTX.founded": 1,
			"registry.workers_female": 50, "indicators.T1": 1, "indicators.T2": 1, "indicators.T3": 5, "indicators.T4": 4,
			"indicators.T5": 5000, "indicators.T6": 1, "indicators.T7": 4000, "indicators.T8": 7500,
		} {
			if f[key].Value != want {
				t.Errorf("on 14/06, %s = %d, want %d (%s)", key, f[key].Value, want, f[key].Note)
			}
		}
		if t5 := f["indicators.T5"]; t5.Num != 1 || t5.Den != 2 || !strings.Contains(t5.Note, coop.RuleT5Persons) {
			t.Errorf("T5 on 14/06: %+v", t5)
		}

		// In December, records dated after the window.
		db.SetClock(func() time.Time { return vnTime("2026-12-02", "09:00") })
		muoiLam := mk("HTX Mười Lăm", coop.KindHTX, "2026-06-15", woman(coop.RoleDirector, "Vi Thị Mai", ""))
		register(muoiLam, "2026-06-15", "2026-06-15")
		late := activity(coop.ActivityTraining, "2026-06-15", 7, 0, lua.ID, che.ID)
		attend(late, "Hà Thị Lan", muoiBon.ID)
		activity("trade_promotion", "2026-06-15", 0, 9, may.ID)
		staff("2026-06-15", 10, 10, 8, 8)
		change := func(o *coop.Organisation, fn func(o *coop.Organisation)) *coop.Organisation {
			t.Helper()
			got, err := db.ChangeOrganisation(ctx, coop.System, o.ID, o.Version, "update", func(o *coop.Organisation) error { fn(o); return nil })
			if err != nil {
				t.Fatalf("%s: %v", o.Name, err)
			}
			return got
		}
		lua = change(lua, func(o *coop.Organisation) {
			o.Positions[0].To = "2026-06-14"
			o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: "2026-06-15", WorkersTotal: 90, WorkersFemale: 80})
		})
		che = change(che, func(o *coop.Organisation) { o.Status, o.EffectiveOn = coop.StatusSuspended, "2026-06-20" })
		change(may, func(o *coop.Organisation) { o.Province, o.EffectiveOn = "01", "2026-07-01" })

		inDecember, err := db.CompileReport(ctx, coop.System, "08", from, to)
		if err != nil {
			t.Fatal(err)
		}
		a, b := closedWindowFigures(onLastDay.Figures), closedWindowFigures(inDecember.Figures)
		for k, fa := range a {
			if fb := b[k]; !reflect.DeepEqual(fa, fb) {
				t.Errorf("%s compiled on 14/06: %d (%s)\n          in December: %d (%s)", k, fa.Value, fa.Note, fb.Value, fb.Note)
			}
		}
		// The same window over the whole country reads the same too.
		nat, err := db.CompileReport(ctx, coop.System, "", from, to)
		if err != nil {
			t.Fatal(err)
		}
		if n := figureMap(nat.Figures); n["registry.HTX.orgs"].Value != 3 || n["indicators.T6"].Value != 1 || n["indicators.T3"].Value != 5 {
			t.Errorf("national: HTX %d, T6 %d, T3 %d", n["registry.HTX.orgs"].Value, n["indicators.T6"].Value, n["indicators.T3"].Value)
		}

		// A change dated inside the window moves its figures.
		change(che, func(o *coop.Organisation) { o.Status, o.EffectiveOn = coop.StatusDissolved, "2026-06-20" })
		dissolved := change(muoiBon, func(o *coop.Organisation) { o.Status, o.EffectiveOn = coop.StatusDissolved, "2026-06-14" })
		_ = dissolved
		moved, err := db.CompileReport(ctx, coop.System, "08", from, to)
		if err != nil {
			t.Fatal(err)
		}
		if v := figureMap(moved.Figures)["registry.HTX.orgs"].Value; v != 2 {
			t.Errorf("after a dissolution from 14/06, HTX active on 14/06 = %d, want 2", v)
		}
	})
}

// A change of data dated inside a closed window after the report was
// submitted does not move the submitted version; the live draft, once the
// report is returned, names the figures that moved since that version.
func TestDraftShowsFiguresChangedSinceVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-06-15", "08:00") })
		a := reportOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", coop.KindHTX, true, "2019-05-01")
		reportOrg(t, db, "Hợp tác xã Chè Na Hang", "08", coop.KindHTX, false, "2021-03-01")
		r := sixMonthly("08")
		if err := db.CreateReport(ctx, repOfficer, r); err != nil {
			t.Fatal(err)
		}
		up, err := db.UpdateReport(ctx, repOfficer, r.ID, r.RowVersion, store.ReportEdit{Narrative: fullNarrative()})
		if err != nil {
			t.Fatal(err)
		}
		sub, err := db.SubmitReport(ctx, repLead, r.ID, up.RowVersion)
		if err != nil {
			t.Fatal(err)
		}
		// In July, Bản Lác is found to have been dissolved from 10/06.
		db.SetClock(func() time.Time { return vnTime("2026-07-02", "08:00") })
		o, err := db.Organisation(ctx, coop.System, a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ChangeOrganisation(ctx, coop.System, a, o.Version, "update", func(o *coop.Organisation) error {
			o.Status, o.EffectiveOn = coop.StatusDissolved, "2026-06-10"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		reportOrg(t, db, "Hợp tác xã Mây tre Phú Vinh", "01", coop.KindHTX, true, "2020-01-01") // another province's
		d := getReport(t, db, repCentre, r.ID)
		if d.FiguresSource != "frozen" || figureMap(d.Figures)["registry.HTX.orgs"].Value != 2 || d.ChangedSince != nil {
			t.Fatalf("submitted version moved: %s, %d", d.FiguresSource, figureMap(d.Figures)["registry.HTX.orgs"].Value)
		}
		if _, err := db.ReturnReport(ctx, repCentre, r.ID, sub.RowVersion, "Đề nghị rà soát số HTX đang hoạt động."); err != nil {
			t.Fatal(err)
		}
		d = getReport(t, db, repOfficer, r.ID)
		if d.ChangedSince == nil || d.ChangedSince.Version != 1 {
			t.Fatalf("changed since: %+v", d.ChangedSince)
		}
		moved := map[string][2]int64{}
		for _, c := range d.ChangedSince.Figures {
			moved[c.Key] = [2]int64{*c.OldCompiled, *c.NewCompiled}
		}
		if moved["registry.HTX.orgs"] != [2]int64{2, 1} || moved["registry.HTX.women_managed"] != [2]int64{1, 0} {
			t.Errorf("moved since version 1: %v", moved)
		}
		// The records behind the move are named, and only the province's.
		if recs := d.ChangedSince.Records; len(recs) != 1 || recs[0].Entity != "organisation" || recs[0].ID != a ||
			recs[0].Name != "Hợp tác xã Dệt thổ cẩm Bản Lác" || recs[0].Action != "update" {
			t.Errorf("records moved since version 1: %+v", recs)
		}
	})
}
