package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The time series of support activities must agree, period by period, with
// the reach summary over the same months (which the reach tests check
// against the raw rows), count an organisation once per period however
// often it was reached, and keep to the actor's scope.
func TestActivitySeries(t *testing.T) {
	seed := rollupSeed(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := &actWorld{t: t, db: db, r: rand.New(rand.NewPCG(seed, 11)), orgs: map[string][]int64{}}
		for _, p := range []string{"08", "01"} {
			for i := 0; i < 4; i++ {
				id := actOrg(t, db, fmt.Sprintf("Hợp tác xã Chuỗi %s-%d", p, i), p)
				w.orgs[p] = append(w.orgs[p], id)
				w.all = append(w.all, id)
			}
		}
		for i := 0; i < 60; i++ {
			w.step()
		}
		officer := coop.Actor{Role: coop.RoleProvincial, Province: "08"}
		for _, c := range []struct {
			actor  coop.Actor
			f      store.ReachFilter
			bucket string
		}{
			{coop.System, store.ReachFilter{}, store.BucketMonth},
			{coop.System, store.ReachFilter{}, store.BucketQuarter},
			{coop.System, store.ReachFilter{}, store.BucketYear},
			{coop.System, store.ReachFilter{From: "2024-10", To: "2025-03"}, store.BucketMonth},
			{coop.System, store.ReachFilter{Province: "01", Type: coop.ActivityTraining}, store.BucketQuarter},
			{officer, store.ReachFilter{Province: "08"}, store.BucketMonth},
			{officer, store.ReachFilter{}, store.BucketQuarter},
			{officer, store.ReachFilter{Province: "01"}, store.BucketMonth},
		} {
			name := fmt.Sprintf("%s %+v by %s", c.actor.Role, c.f, c.bucket)
			got, err := db.ActivitySeries(ctx, c.actor, c.f, c.bucket)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			total, err := db.ReachSummary(ctx, c.actor, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var acts, female int64
			for i, r := range got {
				if i > 0 && r.From <= got[i-1].To {
					t.Errorf("%s: periods out of order or overlapping: %+v after %+v", name, r, got[i-1])
				}
				f := c.f
				f.From, f.To = r.From, r.To
				want, err := db.ReachSummary(ctx, c.actor, f)
				if err != nil {
					t.Fatal(err)
				}
				if r.Activities != want.Total.Activities || r.ParticipantsFemale != want.Total.ParticipantsFemale ||
					r.ParticipantsTotal != want.Total.ParticipantsTotal || r.Organisations != want.Total.Organisations {
					t.Errorf("%s: period %s = %+v, the reach summary of %s–%s says %+v", name, r.Period, r, r.From, r.To, want.Total)
				}
				acts += r.Activities
				female += r.ParticipantsFemale
			}
			if acts != total.Total.Activities || female != total.Total.ParticipantsFemale {
				t.Errorf("%s: the periods add up to %d activities, %d women; the window has %d, %d", name, acts, female,
					total.Total.Activities, total.Total.ParticipantsFemale)
			}
			if c.actor == coop.System && c.f == (store.ReachFilter{}) && (len(got) < 2 || acts == 0) {
				t.Errorf("%s: the random activities left no series: %+v", name, got)
			}
			if c.actor.Province != "" && c.f.Province == "01" && len(got) != 0 {
				t.Errorf("%s: a provincial account saw another province's activities: %+v", name, got)
			}
		}

		// A window wider than the data lists its empty periods too.
		got, err := db.ActivitySeries(ctx, coop.System, store.ReachFilter{From: "2020-01", To: "2020-12"}, store.BucketQuarter)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 || got[0].Period != "2020-Q1" || got[0].From != "2020-01" || got[3].To != "2020-12" || got[2].Activities != 0 {
			t.Errorf("empty year by quarter: %+v", got)
		}
		if _, err := db.ActivitySeries(ctx, coop.System, store.ReachFilter{}, "week"); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("an unknown bucket answered %v, want invalid", err)
		}
	})
}

// An organisation reached in two months of one quarter counts once in the
// quarter and once in each month.
func TestActivitySeriesCountsAnOrganisationOncePerPeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org := actOrg(t, db, "Hợp tác xã Hai lần", "08")
		for _, day := range []string{"2026-01-10", "2026-02-20"} {
			a := actTraining("08", org)
			a.StartsOn, a.EndsOn = day, day
			if err := db.CreateActivity(ctx, coop.System, a); err != nil {
				t.Fatal(err)
			}
		}
		months, err := db.ActivitySeries(ctx, coop.System, store.ReachFilter{}, store.BucketMonth)
		if err != nil {
			t.Fatal(err)
		}
		if len(months) != 2 || months[0].Organisations != 1 || months[1].Organisations != 1 || months[1].ParticipantsFemale != 40 {
			t.Errorf("by month: %+v", months)
		}
		quarters, err := db.ActivitySeries(ctx, coop.System, store.ReachFilter{}, store.BucketQuarter)
		if err != nil {
			t.Fatal(err)
		}
		if len(quarters) != 1 || quarters[0].Period != "2026-Q1" || quarters[0].Activities != 2 || quarters[0].Organisations != 1 {
			t.Errorf("by quarter: %+v", quarters)
		}
		none, err := db.ActivitySeries(ctx, coop.Actor{Role: coop.RoleViewer, Province: "01"}, store.ReachFilter{}, store.BucketMonth)
		if err != nil || len(none) != 0 {
			t.Errorf("another province's viewer: %+v, %v", none, err)
		}
	})
}
