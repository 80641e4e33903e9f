package store_test

import (
	"maps"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// report_reach_halves, kept by the activity writes, gives the reach of
// Decree 09's six-monthly and annual windows as the links count it, and
// equals its rebuild from the links, after activities that move between
// halves and report years, change type, province or beneficiaries, are
// archived and restored; an archived organisation leaves the count.
func TestReachHalvesKeptOnWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		orgs := reachOrgs(t, w, "Tổ hợp tác nửa năm ", "08", "08", "08", "01", "01")
		act := reachActivity(t, w)
		windows := [][2]string{{"2024-12-15", "2025-06-14"}, {"2024-12-15", "2025-12-14"}, {"2025-12-15", "2026-06-14"},
			{"2025-12-15", "2026-12-14"}, {"2026-12-15", "2027-06-14"}}
		same := func(step string) {
			t.Helper()
			sameWindowReach(t, w, step, windows)
			diffs, err := db.CheckRollups(w.ctx, coop.System, false)
			if err != nil || len(diffs) != 0 {
				t.Errorf("%s: check: %v %+v", step, err, diffs)
			}
		}
		a := act("08", "market_linkage", "2025-12-14", orgs[0], orgs[1]) // the last day of report year 2025
		act("08", "market_linkage", "2025-12-15", orgs[0])               // the first of 2026
		act("08", "market_linkage", "2026-06-14", orgs[1], orgs[2])      // the last of its first half
		b := act("08", "communication_event", "2026-06-15", orgs[2])     // the first of its second half
		act("", "conference", "2026-03-01", orgs[0], orgs[3])            // the centre's
		c := act("01", "market_linkage", "2026-12-14", orgs[3], orgs[4])
		same("created")
		kept, _, err := db.WindowReachBoth(w.ctx, "08", "2025-12-15", "2026-12-14")
		if err != nil {
			t.Fatal(err)
		}
		if got := kept["08"]["activities.total.organisations"]; got != 3 {
			t.Errorf("the annual reach of 08 = %d, want 3 (each organisation once)", got)
		}

		// Moved to another half and year, another type and province, other
		// beneficiaries; archived and restored.
		move := func(x *coop.Activity, change func(*coop.Activity)) { t.Helper(); changeActivity(t, w, x.ID, change) }
		move(a, func(x *coop.Activity) { x.StartsOn = "2026-01-10" })
		same("moved into the next report year")
		move(b, func(x *coop.Activity) { x.StartsOn, x.Type = "2026-02-01", "market_linkage" })
		same("moved into the first half, another type")
		move(c, func(x *coop.Activity) { x.Province = "" })
		same("another province")
		move(c, func(x *coop.Activity) { x.Beneficiaries = []int64{orgs[2], orgs[4]} })
		same("other beneficiaries")
		archiveActivity(t, w, a.ID)
		same("an activity archived")
		archiveOrganisation(t, w, orgs[2])
		same("an organisation archived")
	})
}

// reachOrgs adds a cooperative group in each province given.
func reachOrgs(t *testing.T, w *ruleWorld, prefix string, provinces ...string) []int64 {
	t.Helper()
	var orgs []int64
	for i, p := range provinces {
		o := &coop.Organisation{Kind: coop.KindTHT, Name: prefix + string(rune('A'+i)), Sector: "agriculture", Province: p,
			Status: coop.StatusActive, FoundedOn: "2020-01-01"}
		if err := w.db.CreateOrganisation(w.ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, o.ID)
	}
	return orgs
}

// reachActivity returns a function adding an activity of a type, province
// and day reaching the organisations.
func reachActivity(t *testing.T, w *ruleWorld) func(province, typ, on string, reached ...int64) *coop.Activity {
	return func(province, typ, on string, reached ...int64) *coop.Activity {
		t.Helper()
		a := &coop.Activity{Type: typ, Title: "Hoạt động " + typ + " " + on, Province: province, StartsOn: on, Beneficiaries: reached}
		if typ == coop.ActivityTraining {
			a.TargetGroup = "female_managers"
		}
		if err := w.db.CreateActivity(w.ctx, coop.System, a); err != nil {
			t.Fatalf("activity %s %s: %v", typ, on, err)
		}
		return a
	}
}

// sameWindowReach compares the reach of each window as the compilation
// reads it with its count from the links, for the country, 08 and 01.
func sameWindowReach(t *testing.T, w *ruleWorld, step string, windows [][2]string) {
	t.Helper()
	for _, only := range []string{"", "08", "01"} {
		for _, win := range windows {
			kept, recomputed, err := w.db.WindowReachBoth(w.ctx, only, win[0], win[1])
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(kept, recomputed, maps.Equal) {
				t.Errorf("%s: reach of %q over %s–%s: read %v, counted %v", step, only, win[0], win[1], kept, recomputed)
			}
		}
	}
}

// changeActivity saves the activity as f changes it.
func changeActivity(t *testing.T, w *ruleWorld, id int64, f func(*coop.Activity)) {
	t.Helper()
	cur, err := w.db.Activity(w.ctx, coop.System, id)
	if err != nil {
		t.Fatal(err)
	}
	next := cur.Activity
	f(&next)
	if err := w.db.UpdateActivity(w.ctx, coop.System, &next); err != nil {
		t.Fatal(err)
	}
}

// archiveActivity archives the activity.
func archiveActivity(t *testing.T, w *ruleWorld, id int64) {
	t.Helper()
	cur, err := w.db.Activity(w.ctx, coop.System, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ArchiveActivity(w.ctx, coop.System, id, cur.Version); err != nil {
		t.Fatal(err)
	}
}

// archiveOrganisation archives the organisation.
func archiveOrganisation(t *testing.T, w *ruleWorld, id int64) {
	t.Helper()
	cur, err := w.db.Organisation(w.ctx, coop.System, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ArchiveOrganisation(w.ctx, coop.System, id, cur.Version); err != nil {
		t.Fatal(err)
	}
}
