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

// A commit writes what the file does to the registry as it is at commit
// time: an organisation changed after the preview keeps its change and
// takes the file's, and a name registered after the preview is matched
// rather than added twice.
func TestImportCommitFollowsChangesMadeAfterThePreview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
		existing := sampleOrg("HTX Dệt Bản Lác", "08")
		existing.RegistrationNo = "5100123456"
		if err := db.CreateOrganisation(ctx, coop.System, existing); err != nil {
			t.Fatal(err)
		}
		file := importCSV(
			"5100123456;HTX Dệt Bản Lác;HTX;Nông nghiệp;08;;Hoàng Thị Lan;Nữ;;;;;",
			";HTX Chè Hồng;HTX;Nông nghiệp;08;;;;;;;;",
		)
		imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "a.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Summary.New != 1 || imp.Summary.Updated != 1 {
			t.Fatalf("preview %+v %+v", imp.Summary, imp.Errors)
		}
		if _, err := db.ChangeOrganisation(ctx, tuyenQuangOfficer, existing.ID, existing.Version, "update", func(o *coop.Organisation) error {
			o.Phone = "0912 345 678"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateOrganisation(ctx, tuyenQuangOfficer, sampleOrg("HTX Chè Hồng", "08")); err != nil {
			t.Fatal(err)
		}
		if imp, err = db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, false); err != nil {
			t.Fatal(err)
		}
		if imp.Summary.New != 0 || imp.Summary.Updated != 2 {
			t.Errorf("commit %+v: want the new row matched to the organisation registered since", imp.Summary)
		}
		o, err := db.Organisation(ctx, tuyenQuangOfficer, existing.ID)
		if err != nil {
			t.Fatal(err)
		}
		director := ""
		for _, p := range o.Positions {
			if p.Role == coop.RoleDirector && p.To == "" {
				director = p.Holder
			}
		}
		if o.Phone != "0912 345 678" || director != "Hoàng Thị Lan" || o.Sector != "agriculture" {
			t.Errorf("phone %q director %q sector %q: want the change made after the preview and the file's", o.Phone, director, o.Sector)
		}
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM organisations WHERE name = 'HTX Chè Hồng'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d organisations named HTX Chè Hồng (%v)", n, err)
		}
	})
}

// Undo of a large import removes what it created a batch at a time: the
// rollups come back to their recomputation; an organisation used since by
// an activity stops the undo, named, with nothing removed.
func TestImportUndoOfManyOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
		admin := coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
		const n = 1200 // more than one batch
		imp, err := db.NewImportWith(ctx, admin, store.ImportOrganisations, "lon.xlsx", importBenchFile(t, n), store.ImportOptions{Wait: true})
		if err != nil {
			t.Fatal(err)
		}
		if imp, err = db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true}); err != nil {
			t.Fatal(err)
		}
		if imp, err = db.RevertImport(ctx, admin, imp.ID); err != nil {
			t.Fatal(err)
		}
		if imp.Status != store.ImportReverted || countOrgs(t, db) != 0 {
			t.Fatalf("after undo: %s, %d organisations", imp.Status, countOrgs(t, db))
		}
		var events int
		db.SQL().QueryRow(rebind(db, `SELECT COUNT(*) FROM audit_events WHERE entity = 'organisation' AND action = 'delete' AND import_id = ?`), imp.ID).Scan(&events)
		if events != n {
			t.Errorf("%d delete events, want %d", events, n)
		}
		assertRollupsRecomputed(t, db, "after undo")
		assertRollupsChecked(t, db, "after undo")

		file := importCSV("5100777001;HTX Một;HTX;Nông nghiệp;08;;;;;;;;", "5100777002;HTX Hai;HTX;Nông nghiệp;08;;;;;;;;")
		if imp, err = db.NewImport(ctx, admin, store.ImportOrganisations, "a.csv", file); err != nil {
			t.Fatal(err)
		}
		if imp, err = db.CommitImport(ctx, admin, imp.ID, false); err != nil {
			t.Fatal(err)
		}
		var used int64
		if err := db.SQL().QueryRow(`SELECT id FROM organisations WHERE registration_no = '5100777002'`).Scan(&used); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateActivity(ctx, admin, actTraining("08", used)); err != nil {
			t.Fatal(err)
		}
		_, err = db.RevertImport(ctx, admin, imp.ID)
		if coop.ErrorCode(err) != coop.ECONFLICT || !strings.Contains(coop.ErrorMessage(err), "HTX Hai") {
			t.Fatalf("undo with an organisation in use: %v", err)
		}
		if countOrgs(t, db) != 2 {
			t.Fatalf("a refused undo left %d organisations", countOrgs(t, db))
		}
	})
}

// The preview of an attendance list tells how far it has got, as the
// organisations' preview does: the page of a large file shows it.
func TestImportAttendancePreviewTellsItsProgress(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	officer := noticeUser(t, db, "mai@tuyenquang.test", coop.RoleProvincial, "08")
	training := &coop.Activity{Type: coop.ActivityTraining, Title: "Tập huấn quản lý", Province: "08", StartsOn: "2026-04-15", TargetGroup: "other"}
	if err := db.CreateActivity(ctx, officer, training); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for i := range 250 {
		rows = append(rows, fmt.Sprintf("%d;;;;Học viên số %d;Nữ;;;", training.ID, i))
	}
	var seen []store.ImportProgress
	imp, err := db.NewImportWith(ctx, officer, store.ImportAttendance, "hoc-vien.csv", csvFile(attendanceHeader, rows...),
		store.ImportOptions{Wait: true, Progress: func(p store.ImportProgress) { seen = append(seen, p) }})
	if err != nil || imp.Summary.New != 250 {
		t.Fatalf("preview: %v %+v", err, imp)
	}
	if len(seen) < 2 || seen[1].Phase != "preview" || seen[1].Done != 100 || seen[1].Total != 250 {
		t.Errorf("progress %+v, want the preview's rows counted against the file's", seen)
	}
}
