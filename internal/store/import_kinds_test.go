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

var centralOfficer = coop.Actor{UserID: 9, Name: "Cán bộ Trung ương", Role: coop.RoleCentral}

func csvFile(header string, rows ...string) []byte {
	return []byte("\xEF\xBB\xBF" + header + "\n" + strings.Join(rows, "\n") + "\n")
}

func importAuditCount(t *testing.T, db *store.DB, id int64) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(rebind(db, `SELECT COUNT(*) FROM audit_events WHERE import_id = ?`), id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func allocationValue(t *testing.T, db *store.DB, code string, milestone int, province string) *int64 {
	t.Helper()
	list, err := db.Allocations(context.Background(), centralOfficer, code, milestone)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Province == province {
			return a.Value
		}
	}
	t.Fatalf("no row for %s", province)
	return nil
}

func TestImportAllocations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.SeedIndicators(ctx); err != nil {
			t.Fatal(err)
		}
		ninety := int64(90)
		if err := db.SetAllocations(ctx, centralOfficer, "T1", 2030, map[string]*int64{"01": &ninety}); err != nil {
			t.Fatal(err)
		}
		file := csvFile("Mã chỉ tiêu;Mốc;Tỉnh, thành phố;Chỉ tiêu giao",
			"T1;2030;Tuyên Quang;40",     // 2: new
			"t1;2030;Tỉnh Hà Giang;25",   // 3: an old province: adds to Tuyên Quang
			"T1;2030;Hà Nội;\"1.000\"",   // 4: update 90 → 1000
			"T1;2030;Đà Nẵng;nhiều",      // 5: not a number
			"T9;2030;Huế;5",              // 6: no such indicator
			"T5;2030;Hà Nội;150",         // 7: a rate over 100 %
			"T1;2030;Thành phố Hà Nội;3", // 8: Hà Nội again
			"T1;2031;Cao Bằng;3",         // 9: not a milestone
		)
		if _, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportAllocations, "chi-tieu.csv", file); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Fatalf("a provincial officer imports allocations: %v", err)
		}
		imp, err := db.NewImport(ctx, centralOfficer, store.ImportAllocations, "chi-tieu.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		want := store.ImportSummary{Rows: 8, New: 1, Updated: 1, Errors: 5}
		if imp.Summary != want {
			t.Fatalf("summary %+v, want %+v; errors %+v", imp.Summary, want, imp.Errors)
		}
		for row, col := range map[int]string{5: "Chỉ tiêu giao", 6: "Mã chỉ tiêu", 7: "Chỉ tiêu giao", 8: "Tỉnh, thành phố", 9: "Mốc"} {
			if !hasError(imp.Errors, row, col) {
				t.Errorf("no error on row %d column %q: %+v", row, col, imp.Errors)
			}
		}
		if len(imp.Notes) != 1 || !strings.Contains(imp.Notes[0], "Hà Giang") {
			t.Errorf("notes %q", imp.Notes)
		}
		for _, ch := range imp.Changes {
			if ch.Action == "new" && !hasField(ch.Fields, "Chỉ tiêu giao", "", "65") {
				t.Errorf("new allocation %+v: want 40 + 25", ch)
			}
			if ch.Action == "update" && !hasField(ch.Fields, "Chỉ tiêu giao", "90", "1.000") {
				t.Errorf("updated allocation %+v", ch)
			}
		}
		if v := allocationValue(t, db, "T1", 2030, "08"); v != nil {
			t.Fatalf("the preview wrote %d", *v)
		}
		if _, err := db.CommitImport(ctx, centralOfficer, imp.ID, false); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("commit with errors: %v", err)
		}
		if imp, err = db.CommitImport(ctx, centralOfficer, imp.ID, true); err != nil || imp.Status != store.ImportCommitted {
			t.Fatalf("commit: %v", err)
		}
		if v := allocationValue(t, db, "T1", 2030, "08"); v == nil || *v != 65 {
			t.Fatalf("Tuyên Quang %v, want 65", v)
		}
		if v := allocationValue(t, db, "T1", 2030, "01"); v == nil || *v != 1000 {
			t.Fatalf("Hà Nội %v, want 1000", v)
		}
		if n := importAuditCount(t, db, imp.ID); n != 2 {
			t.Fatalf("%d audit events carry the import", n)
		}
		var given string
		if err := db.SQL().QueryRow(rebind(db, `SELECT after_json FROM audit_events WHERE import_id = ? AND province = '08'`), imp.ID).Scan(&given); err != nil || !strings.Contains(given, "Hà Giang") {
			t.Fatalf("audit of the merged province %q: %v", given, err)
		}

		// Revert restores exactly: the new share gone, the old value back.
		if imp, err = db.RevertImport(ctx, centralOfficer, imp.ID); err != nil || imp.Status != store.ImportReverted {
			t.Fatalf("revert: %v", err)
		}
		if v := allocationValue(t, db, "T1", 2030, "08"); v != nil {
			t.Fatalf("Tuyên Quang still %d", *v)
		}
		if v := allocationValue(t, db, "T1", 2030, "01"); v == nil || *v != 90 {
			t.Fatalf("Hà Nội %v after revert, want 90", v)
		}
	})
}

func TestImportAllocationsRevertRefusedAfterChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.SeedIndicators(ctx); err != nil {
			t.Fatal(err)
		}
		imp, err := db.NewImport(ctx, centralOfficer, store.ImportAllocations, "a.csv", csvFile("Mã chỉ tiêu;Mốc;Tỉnh;Chỉ tiêu giao", "T2;2030;Cao Bằng;12"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CommitImport(ctx, centralOfficer, imp.ID, false); err != nil {
			t.Fatal(err)
		}
		v := int64(13)
		if err := db.SetAllocations(ctx, centralOfficer, "T2", 2030, map[string]*int64{"04": &v}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RevertImport(ctx, centralOfficer, imp.ID); coop.ErrorCode(err) != coop.ECONFLICT || !strings.Contains(coop.ErrorMessage(err), "Cao Bằng") {
			t.Fatalf("revert after a change: %v", err)
		}
		if got := allocationValue(t, db, "T2", 2030, "04"); got == nil || *got != 13 {
			t.Fatalf("value %v", got)
		}
	})
}

const activityHeader = "Mã hoạt động;Tên hoạt động;Loại hoạt động;Ngày bắt đầu;Tỉnh, thành phố;Số người tham dự;Số người tham dự nữ;Đối tượng đào tạo;Mã số HTX thụ hưởng;Tổ chức thụ hưởng;Kinh phí - Ngân sách địa phương (đồng)"

func TestImportActivities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC) })
		withReg := sampleOrg("Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		withReg.RegistrationNo = "5100123456"
		if err := db.CreateOrganisation(ctx, coop.System, withReg); err != nil {
			t.Fatal(err)
		}
		tea := actOrg(t, db, "HTX Chè Shan tuyết", "08")
		actOrg(t, db, "HTX Trùng Tên", "08")
		actOrg(t, db, "HTX Trùng Tên", "08")
		existing := &coop.Activity{Type: "conference", Title: "Hội nghị tổng kết", Province: "08", StartsOn: "2026-03-10", ParticipantsTotal: 20}
		if err := db.CreateActivity(ctx, tuyenQuangOfficer, existing); err != nil {
			t.Fatal(err)
		}
		file := csvFile(activityHeader,
			// 2, 3: one training under the old province name, two beneficiaries.
			"A1;Tập huấn quản lý HTX cho cán bộ nữ;Đào tạo, bồi dưỡng;15/04/2026;Tỉnh Hà Giang;40;35;Cán bộ quản lý nữ của HTX;5100123456;;\"12.000.000\"",
			"A1;;;;;;;;;htx chè shan tuyết;",
			// 4: updates the activity recorded.
			"A2;Hội nghị tổng kết;Hội nghị, hội thảo, diễn đàn;10/03/2026;Tuyên Quang;30;;;;;",
			// 5: two organisations of that name.
			"A3;Hội chợ nông sản;Xúc tiến thương mại, hội chợ;20/05/2026;Tuyên Quang;;;;;HTX Trùng Tên;",
			// 6: another province.
			"A4;Tọa đàm;Hội nghị, hội thảo, diễn đàn;20/05/2026;Hà Nội;;;;;;",
			// 7: more women than participants.
			"A5;Hội thảo;Hội nghị, hội thảo, diễn đàn;01/06/2026;Tuyên Quang;10;12;;;;",
			// 8, 9: the second row of an activity contradicts the first.
			"A6;Hội thảo số;Khoa học, công nghệ, chuyển đổi số;02/06/2026;Tuyên Quang;10;;;;;",
			"A6;Hội thảo khác;;;;;;;;;",
		)
		imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportActivities, "hoat-dong.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		want := store.ImportSummary{Rows: 8, New: 1, Updated: 1, Errors: 5}
		if imp.Summary != want {
			t.Fatalf("summary %+v, want %+v; errors %+v", imp.Summary, want, imp.Errors)
		}
		for row, col := range map[int]string{5: "Tổ chức thụ hưởng", 6: "Tỉnh, thành phố", 7: "Số người tham dự nữ", 9: "Tên hoạt động"} {
			if !hasError(imp.Errors, row, col) {
				t.Errorf("no error on row %d column %q: %+v", row, col, imp.Errors)
			}
		}
		if len(imp.Notes) != 1 || !strings.Contains(imp.Notes[0], "Hà Giang") {
			t.Errorf("notes %q", imp.Notes)
		}
		if _, err := db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, false); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("commit with errors: %v", err)
		}
		if imp, err = db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, true); err != nil {
			t.Fatal(err)
		}
		page, err := db.Activities(ctx, tuyenQuangOfficer, store.ActivityFilter{Q: "Tập huấn quản lý"})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("new activity: %v %+v", err, page)
		}
		a, err := db.Activity(ctx, tuyenQuangOfficer, page.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Province != "08" || a.TargetGroup != "female_managers" || len(a.Beneficiaries) != 2 || a.TotalCost() != 12_000_000 {
			t.Fatalf("new activity %+v", a.Activity)
		}
		if got, _ := db.Activity(ctx, tuyenQuangOfficer, existing.ID); got.ParticipantsTotal != 30 {
			t.Fatalf("updated activity %+v", got.Activity)
		}
		assertRollupsChecked(t, db, "after the activities import")
		// The undo reads them in batches, as each is read alone.
		if err := db.ActivitiesReadAsOne(ctx, tuyenQuangOfficer, []int64{a.ID, existing.ID}); err != nil {
			t.Fatal(err)
		}

		// The same file again changes nothing.
		again, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportActivities, "hoat-dong.csv", file)
		if err != nil || again.Summary.New != 0 || again.Summary.Updated != 0 || again.Summary.Unchanged != 2 {
			t.Fatalf("second import %+v %v; changes %+v", again.Summary, err, again.Changes)
		}

		if _, err := db.RevertImport(ctx, tuyenQuangOfficer, imp.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Activity(ctx, tuyenQuangOfficer, a.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("created activity after revert: %v", err)
		}
		got, _ := db.Activity(ctx, tuyenQuangOfficer, existing.ID)
		if got.ParticipantsTotal != 20 || got.Title != "Hội nghị tổng kết" {
			t.Fatalf("restored activity %+v", got.Activity)
		}
		if sups, err := db.OrganisationSupports(ctx, tuyenQuangOfficer, tea); err != nil || len(sups) != 0 {
			t.Fatalf("beneficiary still supported: %v %+v", err, sups)
		}
		assertRollupsChecked(t, db, "after the activities import is reverted")
	})
}

const attendanceHeader = "Số hoạt động;Tên hoạt động;Ngày bắt đầu;Tỉnh, thành phố;Họ và tên;Giới tính;Chức danh;Mã số HTX;Tổ chức"

func TestImportAttendance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC) })
		org := sampleOrg("Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		org.RegistrationNo = "5100123456"
		if err := db.CreateOrganisation(ctx, coop.System, org); err != nil {
			t.Fatal(err)
		}
		training := &coop.Activity{Type: coop.ActivityTraining, Title: "Tập huấn quản lý", Province: "08", StartsOn: "2026-04-15",
			ParticipantsTotal: 40, ParticipantsFemale: 35, TargetGroup: "female_managers"}
		if err := db.CreateActivity(ctx, tuyenQuangOfficer, training); err != nil {
			t.Fatal(err)
		}
		hanoi := &coop.Activity{Type: coop.ActivityTraining, Title: "Tập huấn Hà Nội", Province: "01", StartsOn: "2026-04-15", TargetGroup: "other"}
		if err := db.CreateActivity(ctx, coop.Actor{UserID: 3, Name: "HN", Role: coop.RoleProvincial, Province: "01"}, hanoi); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(training.ID)
		file := csvFile(attendanceHeader,
			id+";;;;Hoàng Thị Lan;Nữ;Giám đốc;5100123456;",                                   // 2: by number
			";tập huấn quản lý;15/04/2026;Tỉnh Hà Giang;Vàng Thị Dính;Nữ;thành viên;;",       // 3: by title, date, old province
			";Tập huấn quản lý;15/04/2026;Tuyên Quang;Hoàng Thị Lan;Nữ;Giám đốc;5100123456;", // 4: row 2 again
			fmt.Sprint(hanoi.ID)+";;;;Nguyễn Thị Hoa;Nữ;;;",                                  // 5: another province's activity: not found
			"99999;;;;Lê Thị An;Nữ;;;",                                                       // 6: no such activity
			id+";;;;;Nữ;;;",                                                                  // 7: no name
			id+";;;;Lò Thị Mến;Nữ;;5100999999;",                                              // 8: unknown organisation
		)
		imp, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportAttendance, "hoc-vien.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		want := store.ImportSummary{Rows: 7, New: 2, Errors: 5}
		if imp.Summary != want {
			t.Fatalf("summary %+v, want %+v; errors %+v", imp.Summary, want, imp.Errors)
		}
		for row, col := range map[int]string{4: "Họ và tên", 5: "Số hoạt động", 6: "Số hoạt động", 7: "Họ và tên", 8: "Mã số HTX"} {
			if !hasError(imp.Errors, row, col) {
				t.Errorf("no error on row %d column %q: %+v", row, col, imp.Errors)
			}
		}
		if imp, err = db.CommitImport(ctx, tuyenQuangOfficer, imp.ID, true); err != nil {
			t.Fatal(err)
		}
		people, err := db.Attendance(ctx, tuyenQuangOfficer, training.ID)
		if err != nil || len(people) != 2 {
			t.Fatalf("attendance %v %+v", err, people)
		}
		if people[0].Role != coop.RoleDirector || people[0].OrganisationID != org.ID || people[1].Role != "thành viên" {
			t.Fatalf("attendees %+v", people)
		}
		if n := importAuditCount(t, db, imp.ID); n != 1 {
			t.Fatalf("%d audit events carry the import", n)
		}
		again, err := db.NewImport(ctx, tuyenQuangOfficer, store.ImportAttendance, "hoc-vien.csv", file)
		if err != nil || again.Summary.New != 0 || again.Summary.Unchanged != 2 {
			t.Fatalf("second import %+v %v", again.Summary, err)
		}
		if _, err := db.RevertImport(ctx, tuyenQuangOfficer, imp.ID); err != nil {
			t.Fatal(err)
		}
		if people, _ := db.Attendance(ctx, tuyenQuangOfficer, training.ID); len(people) != 0 {
			t.Fatalf("attendance after revert %+v", people)
		}
	})
}

// A large file of another kind is read and written as a job too, and the
// person who started it is told.
func TestImportKindRunsAsAJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		defer func(b, r int) { store.BackgroundBytes, store.BackgroundRows = b, r }(store.BackgroundBytes, store.BackgroundRows)
		store.BackgroundBytes, store.BackgroundRows = 1, 1
		ctx := context.Background()
		officer := noticeUser(t, db, "mai@tuyenquang.test", coop.RoleProvincial, "08")
		training := &coop.Activity{Type: coop.ActivityTraining, Title: "Tập huấn quản lý", Province: "08", StartsOn: "2026-04-15", TargetGroup: "other"}
		if err := db.CreateActivity(ctx, officer, training); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(training.ID)
		file := csvFile(attendanceHeader, id+";;;;Hoàng Thị Lan;Nữ;Giám đốc;;", id+";;;;Vàng Thị Dính;Nữ;;;")
		imp, err := db.NewImport(ctx, officer, store.ImportAttendance, "hoc-vien.csv", file)
		if err != nil || imp.Status != store.ImportProcessing {
			t.Fatalf("a large file is read as a job: %v %+v", err, imp)
		}
		imp = waitImport(t, db, officer, imp.ID)
		if imp.Status != store.ImportReady || imp.Summary != (store.ImportSummary{Rows: 2, New: 2}) {
			t.Fatalf("after the job: %s %+v %+v", imp.Status, imp.Summary, imp.Errors)
		}
		if imp, err = db.CommitImport(ctx, officer, imp.ID, false); err != nil || imp.Status != store.ImportCommitting {
			t.Fatalf("a large import is written as a job: %v", err)
		}
		if imp = waitImport(t, db, officer, imp.ID); imp.Status != store.ImportCommitted {
			t.Fatalf("after the commit job: %s %s", imp.Status, imp.Message)
		}
		if people, _ := db.Attendance(ctx, officer, training.ID); len(people) != 2 {
			t.Fatalf("attendance %+v", people)
		}
		list, _, _, err := db.Notices(ctx, officer, 1, 20)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, n := range list {
			if n.EntityID == imp.ID && strings.Contains(n.Title, "hoc-vien.csv") {
				found++
			}
		}
		if found != 2 {
			t.Fatalf("%d notices of the import (preview ready, written): %+v", found, list)
		}
	})
}
