package store_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/xlsx"
)

// An import that changes organisations writes them in batches, and its
// undo puts them back in batches, leaving every table as writing them one
// at a time through modifyOrganisation does: rows, children, status
// history, showcase key, manager spans, indicator rows, rollups, audit
// events and import records, ids included.
func TestImportUpdatesBatchedAsOneByOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		other := storetest.SQLite(t)
		if db.Dialect() == store.Postgres {
			other = storetest.Postgres(t)
		}
		var dumps [2][]string
		for i, d := range []*store.DB{db, other} {
			store.SetImportUpdatesOneByOne(i == 1)
			dumps[i] = importUpdatesRun(t, d)
		}
		store.SetImportUpdatesOneByOne(false)
		for step := range dumps[0] {
			if dumps[0][step] != dumps[1][step] {
				a, b := strings.Split(dumps[0][step], "\n"), strings.Split(dumps[1][step], "\n")
				for j := range min(len(a), len(b)) {
					if a[j] != b[j] {
						t.Fatalf("step %d: batched and one at a time differ at line %d:\n%s\n%s", step, j, a[j], b[j])
					}
				}
				t.Fatalf("step %d: batched %d lines, one at a time %d", step, len(a), len(b))
			}
		}
	})
}

// importUpdatesRun imports 1,200 organisations, then a file changing them
// in many ways, with new ones among them, and undoes it; it returns the
// database's tables after the change and after the undo.
func importUpdatesRun(t *testing.T, db *store.DB) []string {
	ctx := context.Background()
	db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
	admin := coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
	const n = 1200
	imp, err := db.NewImportWith(ctx, admin, store.ImportOrganisations, "lon.xlsx", importBenchFile(t, n), store.ImportOptions{Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err = db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true}); err != nil {
		t.Fatal(err)
	}
	var shown int64
	db.SQL().QueryRow(`SELECT id FROM organisations WHERE registration_no = '9900000007'`).Scan(&shown)
	if err := db.SaveShowcase(ctx, coop.System, &coop.Showcase{OrganisationID: shown, Story: "Dệt thổ cẩm."}); err != nil {
		t.Fatal(err)
	}
	reachSome(t, db, admin)
	provinces := coop.Provinces()
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, xlsx.XLSX, xlsx.OrganisationColumns(), xlsx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	err = db.EachOrganisation(ctx, admin, store.OrgFilter{}, func(o *coop.Organisation) error {
		i++
		switch i % 7 {
		case 0: // a new director
			for j := range o.Positions {
				o.Positions[j].Holder = "Trần Văn Bình"
				o.Positions[j].Sex = coop.SexMale
			}
		case 1:
			o.Status = coop.StatusDissolved
		case 2:
			o.Snapshots[0].MembersTotal, o.Snapshots[0].MembersFemale = 41, 9
		case 3:
			o.Phone, o.Name = "0912 345 678", o.Name+" mới"
		case 4:
			if p := provinces[i%len(provinces)].Code; p != o.Province {
				o.Province = p
			} else {
				o.Province = provinces[(i+1)%len(provinces)].Code
			}
		case 5:
			o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: "2026-05-31", MembersTotal: 30, MembersFemale: 20, WorkersTotal: 35, WorkersFemale: 30})
		case 6:
			o.Products = []coop.Product{{Name: "Mật ong", Group: "food", Stars: 3}}
		}
		if err := w.Row(xlsx.OrganisationValues(o, db.Today())...); err != nil {
			return err
		}
		if i%400 == 0 { // a new organisation among the changes
			return w.Row(xlsx.OrganisationValues(sampleOrg(fmt.Sprintf("Hợp tác xã mới %d", i), "08"), db.Today())...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	imp, err = db.NewImportWith(ctx, admin, store.ImportOrganisations, "sua.xlsx", buf.Bytes(), store.ImportOptions{Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.ImportSummary{Rows: n + 4, New: 3, Updated: n + 1}); imp.Summary != want {
		t.Fatalf("update preview %+v, want %+v; errors %+v", imp.Summary, want, imp.Errors[:min(3, len(imp.Errors))])
	}
	if _, err = db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true}); err != nil {
		t.Fatal(err)
	}
	assertRollupsChecked(t, db, "after an import of changes")
	out := []string{dumpTables(t, db)}
	if _, err := db.RevertImport(ctx, admin, imp.ID); err != nil {
		t.Fatal(err)
	}
	assertRollupsChecked(t, db, "after its undo")
	return append(out, dumpTables(t, db))
}

// reachSome creates a cooperative group and a training reaching it and some
// of the organisations of province 08: they count in T1 and T2
// (indicator_since).
func reachSome(t *testing.T, db *store.DB, admin coop.Actor) {
	ctx := context.Background()
	group := sampleOrg("Tổ hợp tác Mây tre", "08")
	group.Kind, group.Governance, group.RegistrationNo = coop.KindTHT, "", "5100000001"
	group.Positions = []coop.Position{{Role: coop.RoleGroupLeader, Holder: "Đặng Thị Hoa", Sex: coop.SexFemale}}
	if err := db.CreateOrganisation(ctx, coop.System, group); err != nil {
		t.Fatal(err)
	}
	reached := []int64{group.ID}
	rows, err := db.SQL().Query(`SELECT id FROM organisations WHERE province = '08' AND kind = 'HTX' ORDER BY id LIMIT 30`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		reached = append(reached, id)
	}
	rows.Close()
	if err := db.CreateActivity(ctx, admin, actTraining("08", reached...)); err != nil {
		t.Fatal(err)
	}
}

// dumpTables lists every row of the tables an organisation write touches,
// sorted (the rollups' rows that sum to zero left out).
func dumpTables(t *testing.T, db *store.DB) string {
	t.Helper()
	var out []string
	for _, table := range []string{"organisations", "positions", "workforce_snapshots", "ocop_products", "org_status_changes",
		"manager_spans", "indicator_since", "org_rollup", "registry_series", "registry_asof", "org_trigrams", "showcase_profiles",
		"audit_events", "import_records", "notifications"} {
		q := `SELECT * FROM ` + table
		if strings.HasPrefix(table, "org_rollup") || strings.HasPrefix(table, "registry_") {
			// A row summed to zero means nothing: writes one at a time
			// leave such rows where summed deltas write none.
			q += ` WHERE orgs <> 0 OR wim_default <> 0 OR wim_strict <> 0 OR hfl_tiers <> 0 OR hfl_share50 <> 0 OR members_total <> 0
				OR members_female <> 0 OR workers_total <> 0 OR workers_female <> 0 OR regular_total <> 0 OR regular_female <> 0`
		}
		rows, err := db.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString(table)
			for i, v := range vals {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				if tm, ok := v.(time.Time); ok {
					v = tm.UTC().Format(time.RFC3339Nano)
				}
				fmt.Fprintf(&b, " %s=%v", cols[i], v)
			}
			out = append(out, b.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// The search trigrams an import writes for its new organisations (worked
// out in Go on SQLite, where the trigger is paused) are the trigger's:
// names that fold to other letters than a to z, the longest and the
// shortest.
func TestImportTrigramsOfUnusualNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		long := "HTX " + strings.Repeat("Đồng Tâm ", 27)
		file := importCSV("5100666001;HTX Trà “Ngọc” – 茶 Ø Œuvre;HTX;Nông nghiệp;08;;;;;;;;",
			"5100666002;"+long+";HTX;Nông nghiệp;08;;;;;;;;", "5100666003;Abc;HTX;Nông nghiệp;08;;;;;;;;")
		imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "a.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Summary.New != 3 {
			t.Fatalf("preview %+v %+v", imp.Summary, imp.Errors)
		}
		if _, err := db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, false); err != nil {
			t.Fatal(err)
		}
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM org_trigrams`).Scan(&n)
		if n < 30 {
			t.Fatalf("%d trigrams", n)
		}
		assertRollupsChecked(t, db, "after an import of unusual names")
	})
}

// A file that names one organisation twice, by its number and by its
// name, changes it twice from the same version: the commit refuses the
// second change as a version conflict, names its row and writes nothing
// (on PostgreSQL the changes' statements are sent together, and the check
// of each UPDATE's row count is made on the batch's results).
func TestImportRefusesAnOrganisationChangedTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
		o := sampleOrg("Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		o.RegistrationNo = "5100123456"
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		w, err := xlsx.NewWriter(&buf, xlsx.XLSX, xlsx.OrganisationColumns(), xlsx.Options{})
		if err != nil {
			t.Fatal(err)
		}
		byNumber, byName := cloneOrg(o), cloneOrg(o)
		byNumber.Snapshots[0].MembersTotal = 25
		byName.RegistrationNo, byName.Phone = "", "0912345678"
		for _, c := range []*coop.Organisation{byNumber, byName} {
			if err := w.Row(xlsx.OrganisationValues(c, "2026-01-01")...); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		admin := coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
		imp, err := db.NewImportWith(ctx, admin, store.ImportOrganisations, "hai-lan.xlsx", buf.Bytes(), store.ImportOptions{Wait: true})
		if err != nil {
			t.Fatal(err)
		}
		if imp.Summary.Updated != 2 || imp.Summary.Errors != 0 {
			t.Fatalf("preview %+v %+v", imp.Summary, imp.Errors)
		}
		_, err = db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true})
		if coop.ErrorCode(err) != coop.ECONFLICT || !strings.HasPrefix(coop.ErrorMessage(err), "Dòng 3:") {
			t.Fatalf("commit of a file changing one organisation twice: %v, want a version conflict on row 3", err)
		}
		got, err := db.Organisation(ctx, admin, o.ID)
		if err != nil || got.Version != o.Version || got.Workforce.MembersTotal != 20 || got.Phone != "" {
			t.Fatalf("after the refused commit: %+v, %v", got, err)
		}
		assertRollupsChecked(t, db, "after a refused commit")
	})
}

func cloneOrg(o *coop.Organisation) *coop.Organisation {
	c := *o
	c.Positions = slices.Clone(o.Positions)
	c.Snapshots = slices.Clone(o.Snapshots)
	return &c
}
