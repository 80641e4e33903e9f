package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/xlsx"
)

var tuyenQuangOfficer = coop.Actor{UserID: 7, Name: "Hoàng Thị Mai", Role: coop.RoleProvincial, Province: "08"}

const importHeader = "Mã số HTX;Tên tổ chức;Loại hình;Lĩnh vực;Tỉnh, thành phố;Ngày thành lập;Giám đốc / Tổng giám đốc - Họ và tên;Giám đốc / Tổng giám đốc - Giới tính;Ngày số liệu lao động;Tổng số thành viên;Thành viên nữ;Tổng số người lao động;Lao động nữ\n"

func importCSV(rows ...string) []byte {
	return []byte("\xEF\xBB\xBF" + importHeader + strings.Join(rows, "\n") + "\n")
}

func TestImportOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
		existing := sampleOrg("Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		existing.RegistrationNo = "5100123456"
		if err := db.CreateOrganisation(ctx, coop.System, existing); err != nil {
			t.Fatal(err)
		}
		nfdName := norm.NFD.String("Hợp tác xã Chè Shan tuyết Hà Giang")
		file := importCSV(
			// 2: update the existing one: a woman director, this year's workforce.
			"5100123456;Hợp tác xã Dệt thổ cẩm Bản Lác;HTX;Công nghiệp - tiểu thủ công nghiệp;Tuyên Quang;01/03/2019;Hoàng Thị Lan;Nữ;31/05/2026;32;27;\"1.234\";900",
			// 3: new, under the old province, NFD text.
			"5100999001;"+nfdName+";Hợp tác xã;Nông nghiệp;Tỉnh Hà Giang;15/03/2019;Vàng Thị Dính;Nữ;2026-05-31;10;8;12;9",
			// 4: women greater than the total.
			"5100999002;HTX Mật ong Bắc Mê;HTX;Nông nghiệp;Hà Giang;;;;31/05/2026;10;12;;",
			// 5: another province.
			"5100999003;HTX Rau sạch Thanh Trì;HTX;Nông nghiệp;Hà Nội;;;;;;;;",
			// 6: duplicate registration number within the file.
			"5100999001;HTX Trùng mã;HTX;Nông nghiệp;08;;;;;;;;",
			// 7: a date that does not exist and an unknown sector.
			"5100999004;HTX Ngày sai;HTX;Thủy sản vũ trụ;08;31/02/2026;;;;;;;",
			// 8: a negative and an implausible count.
			"5100999005;HTX Số âm;THT;Nông nghiệp;08;;;;31/05/2026;-3;;5000000;",
		)
		imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "dang-ky.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		want := store.ImportSummary{Rows: 7, New: 1, Updated: 1, Unchanged: 0, Errors: 5}
		if imp.Summary != want || imp.Status != store.ImportReady {
			t.Fatalf("summary %+v status %s; want %+v; errors %+v", imp.Summary, imp.Status, want, imp.Errors)
		}
		wantErrs := map[int]string{4: "Thành viên nữ", 5: "Tỉnh, thành phố", 6: "Mã số HTX", 7: "Ngày thành lập", 8: "Tổng số thành viên"}
		for row, col := range wantErrs {
			found := false
			for _, e := range imp.Errors {
				if e.Row == row && e.Column == col && e.Message != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("no error on row %d column %q: %+v", row, col, imp.Errors)
			}
		}
		if !hasError(imp.Errors, 7, "Lĩnh vực") || !hasError(imp.Errors, 8, "Tổng số người lao động") {
			t.Errorf("unknown sector or implausible count not reported: %+v", imp.Errors)
		}
		if len(imp.Notes) != 1 || !strings.Contains(imp.Notes[0], "Hà Giang") || !strings.Contains(imp.Notes[0], "Tuyên Quang") {
			t.Errorf("notes %q", imp.Notes)
		}
		var upd *store.ImportChange
		for i := range imp.Changes {
			if imp.Changes[i].Action == "update" {
				upd = &imp.Changes[i]
			}
		}
		if upd == nil || !hasField(upd.Fields, "Giám đốc / Tổng giám đốc - Họ và tên", "Lò Văn Sáng", "Hoàng Thị Lan") ||
			!hasField(upd.Fields, "Tổng số người lao động", "30", "1.234") {
			t.Fatalf("update change %+v", upd)
		}
		// Nothing is written by the preview.
		if c := countOrgs(t, db); c != 1 {
			t.Fatalf("preview wrote: %d organisations", c)
		}

		// The error file marks the bad cells.
		ef, _, err := db.ImportErrorFile(ctx, tuyenQuangOfficer, imp.ID)
		if err != nil || !bytes.HasPrefix(ef, []byte("PK")) {
			t.Fatalf("error file: %v", err)
		}

		if _, err := db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, false); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("commit with errors: %v", err)
		}
		imp, err = db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Status != store.ImportCommitted {
			t.Fatalf("status %s", imp.Status)
		}
		if c := countOrgs(t, db); c != 2 {
			t.Fatalf("%d organisations after commit", c)
		}
		got, err := db.Organisation(ctx, tuyenQuangOfficer, existing.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Flags.WIMDefault || got.Workforce == nil || got.Workforce.WorkersTotal != 1234 {
			t.Fatalf("updated organisation %+v flags %+v", got.Workforce, got.Flags)
		}
		var audited int
		if err := db.SQL().QueryRow(rebind(db, `SELECT COUNT(*) FROM audit_events WHERE import_id = ?`), imp.ID).Scan(&audited); err != nil || audited != 2 {
			t.Fatalf("audit events with the import id: %d, %v", audited, err)
		}
		var name string
		db.SQL().QueryRow(`SELECT name FROM organisations WHERE registration_no = '5100999001'`).Scan(&name)
		if name != "Hợp tác xã Chè Shan tuyết Hà Giang" || !norm.NFC.IsNormalString(name) {
			t.Errorf("name stored as %q", name)
		}
		var after string
		db.SQL().QueryRow(`SELECT a.after_json FROM audit_events a JOIN organisations o ON o.id = a.entity_id AND a.entity = 'organisation'
			WHERE o.registration_no = '5100999001'`).Scan(&after)
		if !strings.Contains(after, `"province_given":"Tỉnh Hà Giang"`) {
			t.Errorf("the audit does not keep the province as given: %s", after)
		}
		assertRollupsRecomputed(t, db, "after import")
		assertRollupsChecked(t, db, "after import")

		// Importing the same file again changes nothing.
		again, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "dang-ky.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		if again.Summary.New != 0 || again.Summary.Updated != 0 || again.Summary.Unchanged != 2 {
			t.Fatalf("second import %+v changes %+v", again.Summary, again.Changes)
		}

		// Undo puts everything back.
		imp, err = db.RevertImport(ctx, tuyenQuangOfficer, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Status != store.ImportReverted || countOrgs(t, db) != 1 {
			t.Fatalf("after undo: %s, %d organisations", imp.Status, countOrgs(t, db))
		}
		got, _ = db.Organisation(ctx, tuyenQuangOfficer, existing.ID)
		if got.Flags.WIMDefault || got.Workforce.WorkersTotal != 30 {
			t.Fatalf("not restored: %+v", got.Workforce)
		}
		assertRollupsRecomputed(t, db, "after undo")
		assertRollupsChecked(t, db, "after undo")
		if _, err := db.RevertImport(ctx, tuyenQuangOfficer, imp.ID); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Fatalf("second undo: %v", err)
		}
	})
}

func TestImportUndoRefusedAfterAChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		file := importCSV("5100777001;HTX Một;HTX;Nông nghiệp;08;;;;;;;;", "5100777002;HTX Hai;HTX;Nông nghiệp;08;;;;;;;;")
		imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "a.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		if imp, err = db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, false); err != nil {
			t.Fatal(err)
		}
		var id int64
		db.SQL().QueryRow(`SELECT id FROM organisations WHERE registration_no = '5100777002'`).Scan(&id)
		o, _ := db.Organisation(ctx, tuyenQuangOfficer, id)
		if _, err := db.ChangeOrganisation(ctx, tuyenQuangOfficer, id, o.Version, "update", func(o *coop.Organisation) error {
			o.Phone = "0912 345 678"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		_, err = db.RevertImport(ctx, tuyenQuangOfficer, imp.ID)
		if coop.ErrorCode(err) != coop.ECONFLICT || !strings.Contains(coop.ErrorMessage(err), "HTX Hai") {
			t.Fatalf("undo after a change: %v", err)
		}
		if countOrgs(t, db) != 2 {
			t.Fatal("a refused undo removed organisations")
		}
		// Another province's officer does not see the import.
		other := coop.Actor{UserID: 9, Name: "Cán bộ Hà Nội", Role: coop.RoleProvincial, Province: "01"}
		if _, err := db.Import(ctx, other, imp.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("other province: %v", err)
		}
	})
}

func TestImportRefusesUnreadableFiles(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	for _, f := range []struct{ name, data string }{
		{"a.xlsx", "not a workbook"},
		{"a.csv", "Tên;Tỉnh\nx;y\n"},
	} {
		if _, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, f.name, []byte(f.data)); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("%s: %v", f.name, err)
		}
	}
	var n int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM imports`).Scan(&n)
	if n != 0 {
		t.Errorf("%d imports stored for unreadable files", n)
	}
}

func TestImportRoundTripOfTheRegistryExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, name := range []string{"Hợp tác xã Dệt thổ cẩm Bản Lác", "=HTX Công thức", "Tổ hợp tác Mây tre"} {
			o := sampleOrg(name, "08")
			if i == 2 {
				o.Kind, o.Governance = coop.KindTHT, ""
				o.Positions = []coop.Position{{Role: coop.RoleGroupLeader, Holder: "Đặng Thị Hoa", Sex: coop.SexFemale}}
			}
			if i == 0 {
				o.RegistrationNo = "5100123456"
				o.Products = []coop.Product{{Name: "Khăn thổ cẩm", Group: "handicraft", Stars: 4}}
			}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
		}
		for _, format := range []string{"xlsx", "csv"} {
			var buf bytes.Buffer
			w, err := xlsx.NewWriter(&buf, xlsx.Format(format), xlsx.OrganisationColumns(), xlsx.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.EachOrganisation(ctx, tuyenQuangOfficer, store.OrgFilter{}, func(o *coop.Organisation) error {
				return w.Row(xlsx.OrganisationValues(o, db.Today())...)
			}); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "so-dang-ky."+format, buf.Bytes())
			if err != nil {
				t.Fatal(format, err)
			}
			if imp.Summary != (store.ImportSummary{Rows: 3, Unchanged: 3}) {
				t.Fatalf("%s: export then import: %+v, changes %+v errors %+v", format, imp.Summary, imp.Changes, imp.Errors)
			}
		}
	})
}

func hasError(errs []xlsx.CellError, row int, col string) bool {
	for _, e := range errs {
		if e.Row == row && e.Column == col {
			return true
		}
	}
	return false
}

func hasField(fs []store.FieldChange, field, before, after string) bool {
	for _, f := range fs {
		if f.Field == field && f.Before == before && f.After == after {
			return true
		}
	}
	return false
}

func countOrgs(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM organisations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func rebind(db *store.DB, q string) string {
	if db.Dialect() == store.Postgres {
		return strings.Replace(q, "?", "$1", 1)
	}
	return q
}

// waitImport polls an import until it leaves the running states.
func waitImport(t *testing.T, db *store.DB, actor coop.Actor, id int64) *store.Import {
	t.Helper()
	for i := 0; i < 600; i++ {
		imp, err := db.Import(context.Background(), actor, id)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Status != store.ImportProcessing && imp.Status != store.ImportCommitting {
			return imp
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("import %d still running", id)
	return nil
}

func TestImportRunsAsAJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		defer func(b, r int) { store.BackgroundBytes, store.BackgroundRows = b, r }(store.BackgroundBytes, store.BackgroundRows)
		store.BackgroundBytes, store.BackgroundRows = 1, 1
		ctx := context.Background()
		file := importCSV("5100888001;HTX Một;HTX;Nông nghiệp;08;;;;;;;;", "5100888002;HTX Hai;HTX;Nông nghiệp;08;;;;;;;;")
		imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "a.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Status != store.ImportProcessing {
			t.Fatalf("a large file is read as a job: status %s", imp.Status)
		}
		imp = waitImport(t, db, tuyenQuangOfficer, imp.ID)
		if imp.Status != store.ImportReady || imp.Summary != (store.ImportSummary{Rows: 2, New: 2}) {
			t.Fatalf("after the job: %s %+v", imp.Status, imp.Summary)
		}
		imp, err = db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Status != store.ImportCommitting {
			t.Fatalf("a large import is written as a job: status %s", imp.Status)
		}
		imp = waitImport(t, db, tuyenQuangOfficer, imp.ID)
		if imp.Status != store.ImportCommitted || countOrgs(t, db) != 2 {
			t.Fatalf("after the commit job: %s, %d organisations", imp.Status, countOrgs(t, db))
		}

		// A file refused by its job leaves the import failed, with the
		// reason, and nothing written.
		var many strings.Builder
		many.WriteString(importHeader)
		for i := 0; i <= xlsx.MaxRows; i++ {
			many.WriteString("x;HTX số;HTX;Nông nghiệp;08;;;;;;;;\n")
		}
		imp, err = db.NewImport(ctx, tuyenQuangOfficer, store.ImportOrganisations, "nhieu.csv", []byte(many.String()))
		if err != nil {
			t.Fatal(err)
		}
		imp = waitImport(t, db, tuyenQuangOfficer, imp.ID)
		if imp.Status != store.ImportFailed || !strings.Contains(imp.Message, "200.000") || countOrgs(t, db) != 2 {
			t.Fatalf("too many rows: %s %q", imp.Status, imp.Message)
		}
	})
}

// assertRollupsChecked fails unless every rollup (counts, series,
// indicators, manager events) equals its recomputation.
func assertRollupsChecked(t *testing.T, db *store.DB, at string) {
	t.Helper()
	diffs, err := db.CheckRollups(context.Background(), coop.System, false)
	if err != nil {
		t.Fatalf("%s: check rollups: %v", at, err)
	}
	if len(diffs) > 0 {
		t.Fatalf("%s: rollups differ from their recomputation: %+v", at, diffs)
	}
}
