package store_test

import (
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The organisations a window reached, read from its whole months'
// reach_distinct rows and its other days' links, equal their count from
// the window's links: windows with and without whole months, organisations
// reached both on a partial day and in a whole month (by the same type and
// by another), archived organisations and activities, the centre's
// activities, for the country and for each province.
func TestWindowReachEqualsRecomputation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		orgs := reachOrgs(t, w, "Tổ hợp tác ", "08", "08", "08", "08", "01", "01")
		act := reachActivity(t, w)
		act("08", "market_linkage", "2025-12-10", orgs[0])          // before the six-monthly window
		act("08", "market_linkage", "2025-12-20", orgs[0], orgs[1]) // its first, partial month
		act("08", "market_linkage", "2026-01-15", orgs[0])          // a whole month: orgs[0] counts once
		act("08", "communication_event", "2026-03-10", orgs[1])     // another type in a whole month
		act("08", "communication_event", "2026-06-10", orgs[1], orgs[2])
		act("08", "market_linkage", "2026-06-14", orgs[2], orgs[3]) // its last day
		act("08", "market_linkage", "2026-06-15", orgs[3])          // after it
		act("01", "market_linkage", "2026-02-01", orgs[4], orgs[5])
		act("01", coop.ActivityTraining, "2026-06-01", orgs[4])
		act("", "conference", "2026-04-30", orgs[0], orgs[4]) // the centre's
		act("", "conference", "2025-12-31", orgs[5])
		gone := act("08", "ocop_support", "2026-05-05", orgs[3])
		if _, err := db.ArchiveActivity(w.ctx, coop.System, gone.ID, gone.Version); err != nil {
			t.Fatal(err)
		}
		windows := [][2]string{{"2025-12-15", "2026-06-14"}, {"2026-01-01", "2026-06-30"}, {"2025-12-01", "2026-06-14"},
			{"2025-12-15", "2026-05-31"}, {"2026-03-05", "2026-03-20"}, {"2026-05-20", "2026-06-14"}, {"2025-12-20", "2025-12-20"},
			{"2023-01-01", "2026-12-31"}, {"2026-02-01", "2026-02-28"}, {"2025-12-15", "2026-12-14"}, {"2024-12-15", "2025-06-14"}}
		same := func(step string) {
			t.Helper()
			sameWindowReach(t, w, step, windows)
		}
		same("activities")
		kept, _, err := db.WindowReachBoth(w.ctx, "08", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		if got := kept["08"]["activities.total.organisations"]; got != 4 {
			t.Errorf("Tuyên Quang's six-monthly reach = %d, want 4 (each organisation once)", got)
		}
		if got := kept["08"]["activities.market_linkage.organisations"]; got != 4 {
			t.Errorf("Tuyên Quang's market linkage reach = %d, want 4", got)
		}

		// An organisation reached in a whole month and on a partial day is
		// archived: it leaves both.
		archiveOrganisation(t, w, orgs[0])
		same("an organisation archived")
		kept, _, err = db.WindowReachBoth(w.ctx, "08", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		if got := kept["08"]["activities.total.organisations"]; got != 3 {
			t.Errorf("Tuyên Quang's six-monthly reach with one archived = %d, want 3", got)
		}
	})
}
