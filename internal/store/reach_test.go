package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The distinct-reach rollups must always equal the figures recomputed from
// the activity rows. Random creates, updates (moving dates across months,
// changing type, province and beneficiaries) and archives, some of which must
// fail, and a comparison every few steps. Rerun a failure with
// HTXNU_TEST_SEED=<seed>.

var actProvinces = []string{"", "08", "01"}

var actTypes = []string{coop.ActivityTraining, coop.ActivityCapital, "conference", "legal_advice"}

type actWorld struct {
	t    *testing.T
	db   *store.DB
	r    *rand.Rand
	orgs map[string][]int64 // by province
	all  []int64
	ids  []int64
}

func (w *actWorld) activity(province string) *coop.Activity {
	r := w.r
	a := &coop.Activity{
		Type:     actTypes[r.IntN(len(actTypes))],
		Title:    fmt.Sprintf("Hoạt động %d", r.IntN(1000)),
		Province: province,
		// A few months over a year boundary, so windows cut across them.
		StartsOn:          fmt.Sprintf("%04d-%02d-%02d", 2024+r.IntN(2), 11+r.IntN(2), 1+r.IntN(28)),
		ParticipantsTotal: int64(10 + r.IntN(40)),
		JobsWomenHTX:      int64(r.IntN(5)),
		JobsWomenTHT:      int64(r.IntN(3)),
		Beneficiaries:     []int64{}, // none (nil would keep the current ones on update)
	}
	if r.IntN(3) == 0 {
		a.StartsOn = fmt.Sprintf("2025-01-%02d", 1+r.IntN(28))
	}
	a.ParticipantsFemale = int64(r.IntN(int(a.ParticipantsTotal) + 1))
	switch a.Type {
	case coop.ActivityTraining:
		a.TargetGroup = "female_managers"
		a.ManagersTrainedFemale = int64(r.IntN(int(a.ParticipantsFemale) + 1))
	case coop.ActivityCapital:
		a.LoanFund = []string{"central", "provincial"}[r.IntN(2)]
		a.LoanAmount = int64(100+r.IntN(700)) * 1_000_000
		a.LoanTermMonths = int64(12 + r.IntN(48))
		a.LoanStatus = coop.LoanStatuses[r.IntN(len(coop.LoanStatuses))].Code
	}
	for _, s := range []string{"local_budget", "support_fund", "central_budget"} {
		if r.IntN(2) == 0 {
			a.Costs = append(a.Costs, coop.Cost{Source: s, Amount: int64(r.IntN(50)) * 1_000_000})
		}
	}
	pool := w.orgs[province]
	if province == "" {
		pool = w.all
	}
	for n := r.IntN(4); n > 0; n-- {
		a.Beneficiaries = append(a.Beneficiaries, pool[r.IntN(len(pool))]) // duplicates on purpose
	}
	return a
}

func (w *actWorld) step() string {
	ctx := context.Background()
	r := w.r
	if len(w.ids) == 0 || r.IntN(3) == 0 {
		a := w.activity(actProvinces[r.IntN(len(actProvinces))])
		if err := w.db.CreateActivity(ctx, coop.System, a); err != nil {
			w.t.Fatalf("create %+v: %v", a, err)
		}
		w.ids = append(w.ids, a.ID)
		return fmt.Sprintf("create %d", a.ID)
	}
	id := w.ids[r.IntN(len(w.ids))]
	cur, err := w.db.Activity(ctx, coop.System, id)
	if err != nil {
		w.t.Fatal(err)
	}
	switch n := r.IntN(10); {
	case n < 1:
		_, err := w.db.ArchiveActivity(ctx, coop.System, id, cur.Version)
		if cur.Archived != (err != nil) {
			w.t.Fatalf("archive %d (archived %v): %v", id, cur.Archived, err)
		}
		return fmt.Sprintf("archive %d", id)
	case n < 2:
		// A write that must fail and change nothing: a stale version or an
		// organisation of another province.
		next := w.activity(cur.Province)
		next.ID, next.Version = id, cur.Version
		if r.IntN(2) == 0 || cur.Province == "" {
			next.Version--
		} else {
			next.Beneficiaries = append(next.Beneficiaries, w.orgs[otherOf(cur.Province)][0])
		}
		if err := w.db.UpdateActivity(ctx, coop.System, next); err == nil {
			w.t.Fatalf("update %d that must fail succeeded", id)
		}
		return fmt.Sprintf("failed update %d", id)
	default:
		next := w.activity(actProvinces[r.IntN(len(actProvinces))])
		next.ID, next.Version = id, cur.Version
		if r.IntN(3) == 0 {
			next.Beneficiaries = nil // keep the current ones (they must still fit the province)
			next.Province = cur.Province
		}
		err := w.db.UpdateActivity(ctx, coop.System, next)
		if cur.Archived {
			// Archived activities still take edits but stay out of the figures.
			if err != nil {
				w.t.Fatalf("update archived %d: %v", id, err)
			}
		} else if err != nil {
			w.t.Fatalf("update %d: %v", id, err)
		}
		return fmt.Sprintf("update %d", id)
	}
}

func otherOf(p string) string {
	if p == "08" {
		return "01"
	}
	return "08"
}

func actAssertReach(t *testing.T, db *store.DB, at string) {
	t.Helper()
	ctx := context.Background()
	officer := coop.Actor{Role: coop.RoleProvincial, Province: "08"}
	for _, c := range []struct {
		actor coop.Actor
		f     store.ReachFilter
	}{
		{coop.System, store.ReachFilter{}},
		{coop.System, store.ReachFilter{From: "2024-12", To: "2025-01"}},
		{coop.System, store.ReachFilter{From: "2025-01-15"}},
		{coop.System, store.ReachFilter{To: "2024-11"}},
		// Whole years, part years on either side, and both.
		{coop.System, store.ReachFilter{From: "2025-01", To: "2025-12"}},
		{coop.System, store.ReachFilter{From: "2024-02", To: "2025-12"}},
		{coop.System, store.ReachFilter{From: "2024-01", To: "2025-06"}},
		{coop.System, store.ReachFilter{From: "2024-11", To: "2025-02", Type: coop.ActivityTraining}},
		{coop.System, store.ReachFilter{Province: "central"}},
		{coop.System, store.ReachFilter{Province: "01", Type: coop.ActivityCapital}},
		{officer, store.ReachFilter{}},
		// The province's and the centre's activities together, less the
		// organisations both reached.
		{officer, store.ReachFilter{Type: coop.ActivityTraining}},
		{officer, store.ReachFilter{From: "2024-12", To: "2025-01"}},
		{officer, store.ReachFilter{From: "2025-01", Type: "conference"}},
		{officer, store.ReachFilter{Province: "08", From: "2024-12", To: "2024-12"}},
		{officer, store.ReachFilter{Province: "01"}},
	} {
		got, err := db.ReachSummary(ctx, c.actor, c.f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.RecomputeReachSummary(ctx, c.actor, c.f)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Fatalf("after %s, filter %+v as %s:\n rollup     %s\n recomputed %s", at, c.f, c.actor.Role, g, w)
		}
	}
	// The monthly organisation counts equal the org_reach rows.
	var bad int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM reach_rollup r WHERE r.organisations <> (SELECT COUNT(*) FROM org_reach o
		WHERE o.province = r.province AND o.type = r.type AND o.period = r.period)`).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("after %s: %d reach_rollup rows differ from org_reach (%v)", at, bad, err)
	}
	// The yearly sums are the monthly ones added up.
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM activity_year_rollup y WHERE y.activities <> (SELECT COALESCE(SUM(m.activities), 0)
		FROM activity_rollup m WHERE m.province = y.province AND m.type = y.type AND substr(m.period, 1, 4) = y.year)
		OR y.cost <> (SELECT COALESCE(SUM(m.cost), 0) FROM activity_rollup m WHERE m.province = y.province AND m.type = y.type
		AND substr(m.period, 1, 4) = y.year)`).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("after %s: %d activity_year_rollup rows differ from activity_rollup (%v)", at, bad, err)
	}
}

func TestReachEqualsRecomputation(t *testing.T) {
	seed := rollupSeed(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := &actWorld{t: t, db: db, r: rand.New(rand.NewPCG(seed, 7)), orgs: map[string][]int64{}}
		for _, p := range []string{"08", "01"} {
			for i := 0; i < 5; i++ {
				id := actOrg(t, db, fmt.Sprintf("Hợp tác xã Thử %s-%d", p, i), p)
				w.orgs[p] = append(w.orgs[p], id)
				w.all = append(w.all, id)
			}
		}
		steps := 150
		if testing.Short() {
			steps = 40
		}
		for i := 0; i < steps; i++ {
			what := w.step()
			if i%5 == 4 || i == steps-1 {
				actAssertReach(t, db, fmt.Sprintf("step %d (%s)", i, what))
				actAssertTotals(t, db, fmt.Sprintf("step %d (%s)", i, what))
			}
		}
		res, _ := db.ReachSummary(context.Background(), coop.System, store.ReachFilter{})
		t.Logf("%d activities, %d organisations reached, %d loans", res.Total.Activities, res.Total.Organisations, res.Total.Loans)
		if res.Total.Activities == 0 || res.Total.Organisations == 0 {
			t.Fatal("the random writes produced nothing to compare")
		}
	})
}

// An organisation helped three times counts once; a loan counts in loans.
func TestReachCountsOrganisationsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := actOrg(t, db, "Hợp tác xã A", "08")
		b := actOrg(t, db, "Hợp tác xã B", "08")
		c := actOrg(t, db, "Hợp tác xã C", "08")
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		tr := actTraining("08", a, b, c)
		if err := db.CreateActivity(ctx, officer, tr); err != nil {
			t.Fatal(err)
		}
		again := actTraining("08", a)
		again.StartsOn, again.EndsOn = "2025-04-02", ""
		loan := &coop.Activity{Type: coop.ActivityCapital, Title: "Vay vốn", Province: "08", StartsOn: "2025-03-18",
			LoanFund: "provincial", LoanAmount: 500_000_000, LoanTermMonths: 36, LoanStatus: "disbursed", Beneficiaries: []int64{a}}
		for _, x := range []*coop.Activity{again, loan} {
			if err := db.CreateActivity(ctx, officer, x); err != nil {
				t.Fatal(err)
			}
		}
		res, err := db.ReachSummary(ctx, officer, store.ReachFilter{From: "2025-01", To: "2025-12"})
		if err != nil {
			t.Fatal(err)
		}
		tot := res.Total
		if tot.Activities != 3 || tot.Organisations != 3 || tot.Loans != 1 || tot.LoanAmount != 500_000_000 || tot.ManagersTrainedFemale != 80 {
			t.Errorf("total %+v: want 3 activities, 3 organisations (not 5), 1 loan of 500 million, 80 managers trained", tot)
		}
		if len(res.ByType) != 2 || res.ByType[0].Key != coop.ActivityTraining || res.ByType[0].Organisations != 3 || res.ByType[1].Organisations != 1 {
			t.Errorf("by type %+v", res.ByType)
		}
		if len(res.ByProvince) != 1 || res.ByProvince[0].Organisations != 3 || res.ByProvince[0].Label != "Tỉnh Tuyên Quang" {
			t.Errorf("by province %+v", res.ByProvince)
		}
		// A window holding only April sees one organisation.
		res, _ = db.ReachSummary(ctx, officer, store.ReachFilter{From: "2025-04", To: "2025-04"})
		if res.Total.Organisations != 1 || res.Total.Activities != 1 {
			t.Errorf("April: %+v", res.Total)
		}
		// Another province sees nothing of it.
		res, _ = db.ReachSummary(ctx, coop.Actor{Role: coop.RoleProvincial, Province: "01"}, store.ReachFilter{})
		if res.Total.Activities != 0 || res.Total.Organisations != 0 {
			t.Errorf("another province: %+v", res.Total)
		}
	})
}
