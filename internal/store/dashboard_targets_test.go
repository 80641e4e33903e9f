package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The dashboard's national T1–T8 consolidated from parts kept by scope are
// the figures of one compilation of every province, after every write of
// a random sequence: organisations created, changed, moved to another
// province and archived; provincial and central activities created,
// changed and archived; union staff figures; the rule switched. A
// province's write compiles that province alone; the centre's compiles
// every province again.
func TestDashboardTargetsFromPartsAreTheNationalFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed := uint64(20261203)
		rng := rand.New(rand.NewPCG(seed, 1))
		day := coop.Today()
		provinces := []string{"01", "08", "22"}
		orgs := map[string][]int64{}
		var acts []int64
		var parts store.IndicatorParts

		check := func(step string) {
			t.Helper()
			got, err := db.DashboardTargets(ctx, tgCentral, "", day, &parts)
			if err != nil {
				t.Fatal(step, err)
			}
			want, err := db.TargetsAsOf(ctx, tgCentral, "", day)
			if err != nil {
				t.Fatal(step, err)
			}
			if len(got.Items) != len(want.Items) || got.Rule != want.Rule {
				t.Fatalf("%s: %d items under %s, want %d under %s", step, len(got.Items), got.Rule, len(want.Items), want.Rule)
			}
			for i := range want.Items {
				if !reflect.DeepEqual(got.Items[i].Actual, want.Items[i].Actual) {
					t.Errorf("%s: %s from parts = %s, compiled at once = %s", step, want.Items[i].Code, actualText(got.Items[i].Actual), actualText(want.Items[i].Actual))
				}
			}
		}
		newOrg := func(province string) {
			sex := coop.SexFemale
			if rng.IntN(3) == 0 {
				sex = coop.SexMale
			}
			kind, role := coop.KindHTX, coop.RoleDirector
			if rng.IntN(4) == 0 {
				kind, role = coop.KindTHT, coop.RoleGroupLeader
			}
			o := &coop.Organisation{Kind: kind, Name: fmt.Sprintf("Hợp tác xã %s số %d", province, len(orgs[province])+1), Sector: "agriculture",
				Governance: coop.GovernanceFull, Province: province, Status: coop.StatusActive, FoundedOn: "2020-01-01",
				Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", WorkersTotal: int64(10 + rng.IntN(20)), WorkersFemale: int64(rng.IntN(10))}},
				Positions: []coop.Position{{Role: role, Holder: "Bà Giám đốc " + province, Sex: sex, From: "2020-01-01"}}}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			orgs[province] = append(orgs[province], o.ID)
		}
		for _, p := range provinces {
			for range 3 {
				newOrg(p)
			}
		}
		check("start")
		pick := func(p string) int64 { return orgs[p][rng.IntN(len(orgs[p]))] }
		newActivity := func(province string) {
			var ben []int64
			if province == "" {
				for _, p := range provinces {
					if rng.IntN(2) == 0 {
						ben = append(ben, pick(p))
					}
				}
				if len(ben) == 0 {
					ben = []int64{pick("08")}
				}
			} else {
				ben = []int64{pick(province)}
				if other := pick(province); other != ben[0] {
					ben = append(ben, other)
				}
			}
			ty := coop.ActivityTraining
			if rng.IntN(3) == 0 {
				ty = "trade_promotion"
			}
			a := &coop.Activity{Type: ty, Title: "Hoạt động hỗ trợ " + province, Province: province, StartsOn: day,
				ParticipantsTotal: 20, ParticipantsFemale: 12, ManagersTrainedFemale: int64(rng.IntN(4)),
				JobsWomenHTX: int64(rng.IntN(5)), JobsWomenTHT: int64(rng.IntN(3)), Beneficiaries: ben}
			if ty == coop.ActivityTraining {
				a.TargetGroup = "female_managers"
			} else {
				a.ManagersTrainedFemale = 0
			}
			if err := db.CreateActivity(ctx, coop.System, a); err != nil {
				t.Fatal(err)
			}
			acts = append(acts, a.ID)
		}
		// checkProvinces compares each province's cards from the parts with
		// the province's own compilation.
		checkProvinces := func(step int, what string) {
			t.Helper()
			for _, p := range provinces {
				officer := coop.Actor{UserID: 9, Name: "Cán bộ " + p, Role: coop.RoleProvincial, Province: p}
				got, err := db.DashboardTargets(ctx, officer, "", day, &parts)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.TargetsAsOf(ctx, officer, "", day)
				if err != nil {
					t.Fatal(err)
				}
				for i := range want.Items {
					if !reflect.DeepEqual(got.Items[i].Actual, want.Items[i].Actual) || !reflect.DeepEqual(got.Items[i].Own, want.Items[i].Own) {
						t.Errorf("step %d (%s): %s of %s from parts = %s, compiled alone = %s", step, what, want.Items[i].Code, p,
							actualText(got.Items[i].Actual), actualText(want.Items[i].Actual))
					}
				}
			}
		}
		var before [2]int
		before[0], before[1] = parts.Compilations()
		for step := range 40 {
			p := provinces[rng.IntN(len(provinces))]
			what := ""
			centre := false
			switch n := rng.IntN(20); {
			case n < 4:
				what = "a new organisation in " + p
				newOrg(p)
			case n < 8:
				what = "an organisation changed in " + p
				o, err := db.Organisation(ctx, coop.System, pick(p))
				if err != nil {
					t.Fatal(err)
				}
				if o.Archived {
					continue
				}
				o.Positions[0].Sex = map[string]string{coop.SexFemale: coop.SexMale, coop.SexMale: coop.SexFemale}[o.Positions[0].Sex]
				if len(o.Snapshots) > 0 {
					o.Snapshots[0].WorkersFemale = int64(rng.IntN(10))
				}
				if err := db.UpdateOrganisation(ctx, coop.System, o); err != nil {
					t.Fatal(err)
				}
			case n < 10:
				to := provinces[rng.IntN(len(provinces))]
				what = "an organisation moved from " + p + " to " + to
				id := pick(p)
				o, err := db.Organisation(ctx, coop.System, id)
				if err != nil {
					t.Fatal(err)
				}
				if o.Archived || to == p {
					continue
				}
				o.Province = to
				if err := db.UpdateOrganisation(ctx, coop.System, o); err != nil {
					t.Fatal(err)
				}
				for i, x := range orgs[p] {
					if x == id {
						orgs[p] = append(orgs[p][:i:i], orgs[p][i+1:]...)
						break
					}
				}
				orgs[to] = append(orgs[to], id)
				if len(orgs[p]) == 0 {
					newOrg(p)
				}
			case n < 11:
				what = "an organisation archived in " + p
				o, err := db.Organisation(ctx, coop.System, pick(p))
				if err != nil {
					t.Fatal(err)
				}
				if o.Archived {
					continue
				}
				if _, err := db.ArchiveOrganisation(ctx, coop.System, o.ID, o.Version); err != nil {
					t.Fatal(err)
				}
			case n < 14:
				what = "an activity of " + p
				newActivity(p)
			case n < 16:
				what, centre = "a central activity", true
				newActivity("")
			case n < 17:
				if len(acts) == 0 {
					continue
				}
				a, err := db.Activity(ctx, coop.System, acts[rng.IntN(len(acts))])
				if err != nil {
					t.Fatal(err)
				}
				if a.Archived {
					continue
				}
				what, centre = "an activity archived in "+a.Province, a.Province == ""
				if _, err := db.ArchiveActivity(ctx, coop.System, a.ID, a.Version); err != nil {
					t.Fatal(err)
				}
			case n < 19:
				what = "union staff of " + p
				r := &coop.UnionStaffRecord{Province: p, RecordedOn: day, EconomicTotal: 10, EconomicTrained: int64(rng.IntN(10)),
					CommunicationTotal: 8, CommunicationImproved: int64(rng.IntN(8))}
				if err := db.RecordUnionStaff(ctx, coop.System, r); err != nil {
					t.Fatal(err)
				}
			default:
				what, centre = "the rule switched", true
				rules, err := db.ActiveRules(ctx)
				if err != nil {
					t.Fatal(err)
				}
				next := coop.RuleWIMStrict
				if rules[coop.FamilyWomenManaged] == next {
					next = coop.RuleWIMDefault
				}
				if err := db.SetActiveRule(ctx, coop.System, next); err != nil {
					t.Fatal(err)
				}
			}
			// Every other step the provinces' cards are read first: the
			// national figures then take the parts they kept.
			if step%2 == 1 {
				checkProvinces(step, what)
			}
			check(fmt.Sprintf("step %d (%s, seed %d)", step, what, seed))
			if step%2 == 0 {
				checkProvinces(step, what)
			}
			one, all := parts.Compilations()
			switch {
			case centre && all != before[1]+1:
				t.Errorf("step %d (%s): every province compiled %d times, want once", step, what, all-before[1])
			case !centre && (all != before[1] || one-before[0] < 1 || one-before[0] > 2):
				t.Errorf("step %d (%s): %d provinces compiled one by one and %d times all, want the one or two written", step, what,
					one-before[0], all-before[1])
			}
			before = [2]int{one, all}
		}
		// The sequence moved the figures compared.
		ov, err := db.TargetsAsOf(ctx, tgCentral, "", day)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range ov.Items {
			if (it.Code <= "T4" && (it.Actual.Value == nil || *it.Actual.Value == 0)) || (it.Code == "T5" && it.Actual.Den == 0) {
				t.Errorf("%s is %s after the writes: the test compares nothing", it.Code, actualText(it.Actual))
			}
		}
	})
}

// actualText is an indicator's figure in short, for a test's message.
func actualText(a store.Actual) string {
	v := "none"
	if a.Value != nil {
		v = fmt.Sprint(*a.Value)
	}
	return fmt.Sprintf("%s (%d/%d, available %v, %s)", v, a.Num, a.Den, a.Available, a.Rule)
}
