package store_test

import (
	"context"
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
