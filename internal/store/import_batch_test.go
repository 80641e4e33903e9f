package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A large import writes its new organisations in batches: the rollups
// still equal their recomputation, every organisation has its audit event
// and import record, a changed organisation in the middle of the file is
// written in order, and a form adds the next organisation after them.
func TestImportOfTwoThousandRowsChecksClean(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
		const n = 2000
		provinces := coop.Provinces()
		existing := sampleOrg("Hợp tác xã Dệt thổ cẩm", provinces[1000%len(provinces)].Code)
		existing.RegistrationNo = "9900001000" // row 1000 of the file
		if err := db.CreateOrganisation(ctx, coop.System, existing); err != nil {
			t.Fatal(err)
		}
		admin := coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
		imp, err := db.NewImportWith(ctx, admin, store.ImportOrganisations, "lon.xlsx", importBenchFile(t, n), store.ImportOptions{Wait: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.ImportSummary{Rows: n, New: n - 1, Updated: 1}); imp.Summary != want {
			t.Fatalf("preview %+v, want %+v; errors %+v", imp.Summary, want, imp.Errors[:min(3, len(imp.Errors))])
		}
		gen, err := db.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if imp, err = db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true}); err != nil {
			t.Fatal(err)
		}
		if imp.Status != store.ImportCommitted || countOrgs(t, db) != n {
			t.Fatalf("after commit: %s, %d organisations", imp.Status, countOrgs(t, db))
		}
		if g, _ := db.Generation(ctx); g == gen {
			t.Errorf("the generation did not move with the import")
		}
		assertRollupsChecked(t, db, "after a 2,000-row import")
		assertRollupsRecomputed(t, db, "after a 2,000-row import")
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM audit_events WHERE entity = 'organisation' AND action = 'create' AND import_id = ?`: n - 1,
			`SELECT COUNT(*) FROM audit_events WHERE entity = 'organisation' AND action = 'import' AND import_id = ?`: 1,
			`SELECT COUNT(*) FROM import_records WHERE import_id = ?`:                                                 n,
			`SELECT COUNT(*) FROM audit_events WHERE import_id = ? AND after_json LIKE '%"province_given":%'`:         legacyRows(n),
		} {
			var got int
			if err := db.SQL().QueryRow(rebind(db, q), imp.ID).Scan(&got); err != nil || got != want {
				t.Errorf("%s: %d (%v), want %d", q, got, err, want)
			}
		}

		// An organisation written in a batch reads back whole, and its audit
		// event shows it as stored, children's ids included.
		var id int64
		if err := db.SQL().QueryRow(`SELECT id FROM organisations WHERE registration_no = '9900001999'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		o, err := db.Organisation(ctx, admin, id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Version != 1 || len(o.Positions) != 1 || o.Positions[0].ID == 0 || o.Workforce == nil || o.Workforce.WorkersTotal != 30 || !o.Flags.WIMDefault {
			t.Fatalf("imported organisation %+v", o)
		}
		var after string
		db.SQL().QueryRow(rebind(db, `SELECT after_json FROM audit_events WHERE entity = 'organisation' AND entity_id = ?`), id).Scan(&after)
		if !strings.Contains(after, fmt.Sprintf(`"id":%d`, o.Positions[0].ID)) || !strings.Contains(after, `"name":"Hợp tác xã Nông nghiệp số 1999"`) {
			t.Errorf("audit event of an imported organisation: %s", after)
		}
		got, err := db.Organisation(ctx, admin, existing.ID)
		if err != nil || got.Name != "Hợp tác xã Nông nghiệp số 1000" || got.Version != 2 {
			t.Fatalf("updated organisation: %+v, %v", got, err)
		}

		// A form creates the next organisation after the imported ones, and
		// its search trigrams are kept again (the import pauses their
		// trigger on SQLite).
		next := sampleOrg("Hợp tác xã sau lần nhập", "08")
		if err := db.CreateOrganisation(ctx, coop.System, next); err != nil {
			t.Fatalf("create after the import: %v", err)
		}
		assertRollupsChecked(t, db, "after an organisation created after the import")
		assertTrigramTriggers(t, db, "after the import")

		// The undo removes the imported organisations' search trigrams with
		// them, and the triggers are still there and on.
		if _, err := db.RevertImport(ctx, admin, imp.ID); err != nil {
			t.Fatalf("undo: %v", err)
		}
		if c := countOrgs(t, db); c != 2 {
			t.Fatalf("after the undo: %d organisations, want 2", c)
		}
		assertRollupsChecked(t, db, "after the undo")
		assertTrigramTriggers(t, db, "after the undo")
	})
}

// assertTrigramTriggers fails unless the three triggers that keep
// org_trigrams are there and enabled.
func assertTrigramTriggers(t *testing.T, db *store.DB, at string) {
	t.Helper()
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'org_trigrams_%'`
	if db.Dialect() == store.Postgres {
		q = `SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'organisations'::regclass AND tgname LIKE 'org_trigrams_%' AND tgenabled = 'O'`
	}
	var n int
	if err := db.SQL().QueryRow(q).Scan(&n); err != nil || n != 3 {
		t.Fatalf("%s: %d trigram triggers on (%v), want 3", at, n, err)
	}
}

// legacyRows counts the rows of importBenchFile(n) that give a province by
// a pre-2025 name that is no longer a province's name.
func legacyRows(n int) int {
	current := map[string]bool{}
	for _, p := range coop.Provinces() {
		current[p.Name] = true
	}
	legacy, count := coop.LegacyProvinces(), 0
	for i := 0; i < n; i += 3 {
		if !current[legacy[i%len(legacy)].Name] {
			count++
		}
	}
	return count
}
