package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// Activities loaded in bulk land with their costs and beneficiaries, and
// once the load finishes every rollup equals the figures recomputed from
// the rows; later writes keep it so.
func TestActivityLoader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)
		db.SetClock(func() time.Time { return now })
		r := rand.New(rand.NewPCG(7, 11))
		w := &indWorld{t: t, db: db, r: r, g: &orgGen{r: r, today: now, prefix: "B"}, tasks: map[string][]int64{}}
		for _, p := range append([]string{""}, orgGenProvinces...) {
			w.tasks[p] = indPlanTasks(t, db, p)
		}
		for range 40 {
			o := w.g.organisation()
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			w.orgs = append(w.orgs, o.ID)
		}
		// One activity the ordinary way first.
		first := w.activity("08")
		if err := db.CreateActivity(ctx, coop.System, first); err != nil {
			t.Fatal(err)
		}

		if _, err := db.NewActivityLoader(ctx, coop.Actor{Role: coop.RoleProvincial, Province: "08"}); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Fatalf("a provincial account loads in bulk: %v", err)
		}
		l, err := db.NewActivityLoader(ctx, coop.System)
		if err != nil {
			t.Fatal(err)
		}
		var links int
		for batch := range 3 {
			acts := make([]coop.Activity, 25)
			for i := range acts {
				acts[i] = *w.activity(pickFrom(w.g, append([]string{""}, orgGenProvinces...)))
				links += len(acts[i].Beneficiaries)
			}
			if err := l.Load(ctx, acts); err != nil {
				t.Fatalf("batch %d: %v", batch, err)
			}
			if acts[0].ID <= first.ID || acts[24].ID != acts[0].ID+24 {
				t.Fatalf("batch %d: ids %d…%d after %d", batch, acts[0].ID, acts[24].ID, first.ID)
			}
			w.acts = append(w.acts, acts[0].ID, acts[24].ID)
		}
		// A batch with a mistake writes nothing.
		bad := []coop.Activity{*w.activity("08"), *w.activity("08")}
		bad[1].ParticipantsFemale = bad[1].ParticipantsTotal + 1
		if err := l.Load(ctx, bad); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("invalid batch: %v", err)
		}
		if n, err := l.Finish(ctx); err != nil || n != 75 {
			t.Fatalf("finish: %d, %v", n, err)
		}
		if a, l := l.Loaded(); a != 75 || l != links {
			t.Fatalf("loaded %d activities and %d links, want 75 and %d", a, l, links)
		}
		page, err := db.Activities(ctx, coop.System, store.ActivityFilter{PerPage: 1})
		if err != nil || page.Total != 76 {
			t.Fatalf("activities listed: %v %+v", err, page)
		}
		got, err := db.Activity(ctx, coop.System, w.acts[0])
		if err != nil || got.Version != 1 || got.CreatedAt.IsZero() {
			t.Fatalf("read back: %v %+v", err, got)
		}
		assertIndicators(t, db, "after the activity load")
		actAssertReach(t, db, "after the activity load")

		// The rollups stay right through ordinary writes afterwards.
		for i := range 60 {
			w.step()
			if i%20 == 19 {
				assertIndicators(t, db, fmt.Sprintf("write %d after the load", i))
				actAssertReach(t, db, fmt.Sprintf("write %d after the load", i))
			}
		}
	})
}
