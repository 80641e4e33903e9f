package store_test

import (
	"context"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A compilation is kept for the generation of the data it was compiled
// at: asked again it is the same, a write shows on the next request, and a
// reader changing its copy changes nobody else's.
func TestCompileReportKeptPerGeneration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-06-20", "09:00") })
		org := reportOrg(t, db, "HTX Dệt may Hòa Bình", "08", coop.KindHTX, true, "2020-01-01")
		count := func(province string) int64 {
			t.Helper()
			c, err := db.CompileReport(ctx, coop.System, province, "2025-12-15", "2026-06-14")
			if err != nil {
				t.Fatal(err)
			}
			v := figureMap(c.Figures)["activities.total.count"].Value
			for i := range c.Figures {
				c.Figures[i].Value = -1 // a reader's copy
			}
			return v
		}
		for _, province := range []string{"", "08"} {
			before := count(province)
			for range 2 {
				if again := count(province); again != before {
					t.Errorf("%q asked again: %d activities, then %d", province, before, again)
				}
			}
			reportActivity(t, db, "market_linkage", "08", "2026-03-02", 10, 5, org)
			if after := count(province); after != before+1 {
				t.Errorf("%q after a write: %d activities, want %d", province, after, before+1)
			}
		}
	})
}
