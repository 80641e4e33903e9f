package store_test

import (
	"context"
	"reflect"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The targets overview and its figures by province are the figures a
// report compiles as of the day (IndicatorsAsOf), the dashboard's: T5
// counts persons and is not capped, T1 counts consolidation-type support
// whatever task it is filed under.
func TestTargetsFiguresAreTheReportsFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		htx := func(name, province string) int64 {
			o := &coop.Organisation{Kind: coop.KindHTX, Name: name, Sector: "agriculture", Governance: coop.GovernanceFull, Province: province,
				Status: coop.StatusActive, FoundedOn: "2020-01-01",
				Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Bà " + name, Sex: coop.SexFemale, From: "2020-01-01"}}}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		a, b := htx("Hợp tác xã An", "08"), htx("Hợp tác xã Bình", "08")
		c := htx("Hợp tác xã Cúc", "01")
		day := coop.Today()
		// A training with no plan task for two HTX of 08, recording more
		// women managers trained than 08 has, and jobs.
		x := &coop.Activity{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị HTX", Province: "08",
			StartsOn: day, ParticipantsTotal: 40, ParticipantsFemale: 40, TargetGroup: "female_managers",
			ManagersTrainedFemale: 40, JobsWomenHTX: 15, Beneficiaries: []int64{a, b}}
		if err := db.CreateActivity(ctx, coop.System, x); err != nil {
			t.Fatal(err)
		}
		y := &coop.Activity{Type: "trade_promotion", Title: "Hội chợ", Province: "01", StartsOn: day, Beneficiaries: []int64{c}}
		if err := db.CreateActivity(ctx, coop.System, y); err != nil {
			t.Fatal(err)
		}

		for _, actor := range []coop.Actor{tgCentral, tgOfficer08} {
			ov, err := db.Targets(ctx, actor, "")
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.IndicatorsAsOf(ctx, actor, "", day)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range ov.Items {
				if !reflect.DeepEqual(it.Actual, want.Figures[it.Code]) {
					t.Errorf("%s: targets %s = %+v, the dashboard's = %+v", actor.Name, it.Code, it.Actual, want.Figures[it.Code])
				}
			}
			by, err := db.IndicatorsAsOfByProvince(ctx, actor, day)
			if err != nil {
				t.Fatal(err)
			}
			wantProvinces := 34
			if !actor.National() {
				wantProvinces = 1
			}
			if len(by) != wantProvinces {
				t.Errorf("%s: figures of %d provinces, want %d", actor.Name, len(by), wantProvinces)
			}
			for _, p := range []string{"08", "01"} {
				if !actor.National() && p != actor.Province {
					if _, ok := by[p]; ok {
						t.Errorf("%s sees %s's figures", actor.Name, p)
					}
					continue
				}
				one, err := db.IndicatorsAsOf(ctx, actor, p, day)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(by[p], *one) {
					t.Errorf("%s: %s by province = %+v, alone = %+v", actor.Name, p, by[p], *one)
				}
			}
		}
		by, err := db.IndicatorsAsOfByProvince(ctx, tgCentral, day)
		if err != nil {
			t.Fatal(err)
		}
		f := by["08"].Figures
		if f["T1"].Value == nil || *f["T1"].Value != 2 {
			t.Errorf("08's T1 = %+v, want the 2 HTX trained (no plan task)", f["T1"])
		}
		if f["T3"].Value == nil || *f["T3"].Value != 15 {
			t.Errorf("08's T3 = %+v, want 15", f["T3"])
		}
		if by["01"].Figures["T1"].Value == nil || *by["01"].Figures["T1"].Value != 1 {
			t.Errorf("01's T1 = %+v, want 1 (trade promotion)", by["01"].Figures["T1"])
		}
		if _, err := db.IndicatorsAsOfByProvince(ctx, tgCentral, "2026-02-31"); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("a day that does not exist: %v", err)
		}
	})
}
