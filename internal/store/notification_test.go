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

func noticeUser(t *testing.T, db *store.DB, email, role, province string) coop.Actor {
	t.Helper()
	u := &store.User{Email: email, Name: "Người " + role, Role: role, Province: province}
	if err := db.CreateUser(context.Background(), coop.System, u, "mật-khẩu-thông-báo"); err != nil {
		t.Fatal(err)
	}
	return u.Actor()
}

// TestObstacleNotices: escalating an obstacle tells the centre, answering
// it tells the province; nobody is told of their own act, other provinces
// hear nothing, and a notice is read only by its owner.
func TestObstacleNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		officer := noticeUser(t, db, "canbo@tq.test", coop.RoleProvincial, "08")
		lead := noticeUser(t, db, "lanhdao@tq.test", coop.RoleProvincialLead, "08")
		hanoi := noticeUser(t, db, "canbo@hn.test", coop.RoleProvincial, "01")
		centre := noticeUser(t, db, "trunguong@vca.test", coop.RoleCentral, "")

		ob := sampleObstacle("08")
		if err := db.CreateObstacle(ctx, officer, ob); err != nil {
			t.Fatal(err)
		}
		unread := func(a coop.Actor) int {
			t.Helper()
			n, err := db.UnreadNotices(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, a := range []coop.Actor{officer, lead, hanoi, centre} {
			if n := unread(a); n != 0 {
				t.Fatalf("%s has %d notices after a new obstacle", a.Role, n)
			}
		}
		if _, err := db.MoveObstacle(ctx, officer, ob.ID, 0, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "Cần trung ương hướng dẫn"}); err != nil {
			t.Fatal(err)
		}
		if unread(centre) != 1 || unread(officer) != 0 || unread(lead) != 0 || unread(hanoi) != 0 {
			t.Fatalf("after escalation: centre %d, officer %d, lead %d, Hà Nội %d", unread(centre), unread(officer), unread(lead), unread(hanoi))
		}
		items, total, n, err := db.Notices(ctx, centre, 1, 10)
		if err != nil || total != 1 || n != 1 || items[0].Link == "" || items[0].Kind != store.NoticeObstacleEscalate {
			t.Fatalf("centre's notices: %+v %d %d %v", items, total, n, err)
		}
		if _, err := db.MoveObstacle(ctx, centre, ob.ID, 0, coop.ObstacleMove{To: coop.ObstacleAnswered, Answer: "Áp dụng hướng dẫn của Bộ Nội vụ."}); err != nil {
			t.Fatal(err)
		}
		if unread(officer) != 1 || unread(lead) != 1 || unread(hanoi) != 0 || unread(centre) != 1 {
			t.Fatalf("after the answer: officer %d, lead %d, Hà Nội %d, centre %d", unread(officer), unread(lead), unread(hanoi), unread(centre))
		}
		// Only its owner reads a notice.
		if err := db.MarkNoticesRead(ctx, hanoi, items[0].ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("another person read a notice: %v", err)
		}
		if err := db.MarkNoticesRead(ctx, centre, items[0].ID); err != nil || unread(centre) != 0 {
			t.Fatalf("read: %v, %d unread", err, unread(centre))
		}
		// Every notice waits for the mailer once.
		mail, err := db.PendingMail(ctx, 10)
		if err != nil || len(mail) != 3 {
			t.Fatalf("pending mail: %d %v", len(mail), err)
		}
		for _, m := range mail {
			if err := db.MarkMailed(ctx, m.NoticeID); err != nil {
				t.Fatal(err)
			}
		}
		if mail, _ := db.PendingMail(ctx, 10); len(mail) != 0 {
			t.Fatalf("%d notices mailed twice", len(mail))
		}
	})
}

// TestNoticeRollsBackWithItsEvent: a refused move writes no notice.
func TestNoticeRollsBackWithItsEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		officer := noticeUser(t, db, "canbo@tq.test", coop.RoleProvincial, "08")
		centre := noticeUser(t, db, "trunguong@vca.test", coop.RoleCentral, "")
		ob := sampleObstacle("08")
		if err := db.CreateObstacle(ctx, officer, ob); err != nil {
			t.Fatal(err)
		}
		// A stale version: the move is refused, and with it the notice.
		if _, err := db.MoveObstacle(ctx, officer, ob.ID, 7, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "x"}); err == nil {
			t.Fatal("a stale move was accepted")
		}
		if n, _ := db.UnreadNotices(ctx, centre); n != 0 {
			t.Fatalf("a refused move left %d notices", n)
		}
	})
}

// TestRemindOverdueObstacle: an obstacle past its due date reminds the
// province's staff once, however often the reminders run.
func TestRemindOverdueObstacle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		db.SetClock(func() time.Time { return now })
		officer := noticeUser(t, db, "canbo@tq.test", coop.RoleProvincial, "08")
		hanoi := noticeUser(t, db, "canbo@hn.test", coop.RoleProvincial, "01")
		ob := sampleObstacle("08")
		if err := db.CreateObstacle(ctx, officer, ob); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveObstacle(ctx, officer, ob.ID, 0, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "Xin hướng dẫn", DueOn: "2026-05-11"}); err != nil {
			t.Fatal(err)
		}
		// (The annual reports of 2025 nobody opened are reminded too: only
		// the obstacle's reminders are counted here.)
		overdue := func(a coop.Actor) []store.Notice {
			t.Helper()
			items, _, _, err := db.Notices(ctx, a, 1, 50)
			if err != nil {
				t.Fatal(err)
			}
			var out []store.Notice
			for _, n := range items {
				if n.Kind == store.NoticeObstacleOverdue {
					out = append(out, n)
				}
			}
			return out
		}
		if _, err := db.Remind(ctx); err != nil || len(overdue(officer)) != 0 {
			t.Fatalf("before the due date: %d reminders, %v", len(overdue(officer)), err)
		}
		now = time.Date(2026, 5, 20, 3, 0, 0, 0, time.UTC)
		if _, err := db.Remind(ctx); err != nil || len(overdue(officer)) != 1 {
			t.Fatalf("overdue: %d reminders, %v", len(overdue(officer)), err)
		}
		if n, err := db.Remind(ctx); err != nil || n != 0 || len(overdue(officer)) != 1 {
			t.Fatalf("the reminder went twice: %d, %v", n, err)
		}
		if n := overdue(hanoi); len(n) != 0 {
			t.Errorf("another province was reminded %d times", len(n))
		}
	})
}

// TestImportNotices: committing an import tells the person who started it,
// in the commit's transaction, so a commit that fails and rolls back
// tells nobody; a file read as a job tells its author the preview is ready.
func TestImportNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		officer := noticeUser(t, db, "canbo@tq.test", coop.RoleProvincial, "08")
		lead := noticeUser(t, db, "lanhdao@tq.test", coop.RoleProvincialLead, "08")
		notices := func(a coop.Actor) []store.Notice {
			t.Helper()
			items, _, _, err := db.Notices(ctx, a, 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			return items
		}

		// A commit that fails at its last row writes nothing and tells nobody.
		file := importCSV("5100666001;HTX Một;HTX;Nông nghiệp;08;;;;;;;;", "5100666002;HTX Hai;HTX;Nông nghiệp;08;;;;;;;;")
		imp, err := db.NewImport(ctx, officer, store.ImportOrganisations, "dot-1.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		if n := notices(officer); len(n) != 0 {
			t.Fatalf("a preview read while its author waited left notices: %+v", n)
		}
		taken := sampleOrg("HTX Hai Hà Nội", "01")
		taken.RegistrationNo = "5100666002"
		if err := db.CreateOrganisation(ctx, coop.System, taken); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CommitImport(ctx, officer, imp.ID, false); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("a row that became an error was committed: %v", err)
		}
		if countOrgs(t, db) != 1 {
			t.Fatalf("a failed commit wrote organisations: %d", countOrgs(t, db))
		}
		if n := notices(officer); len(n) != 0 {
			t.Fatalf("a failed commit left notices: %+v", n)
		}

		// A commit that succeeds tells its author, and only its author.
		file = importCSV("5100666003;HTX Ba;HTX;Nông nghiệp;08;;;;;;;;")
		imp, err = db.NewImport(ctx, officer, store.ImportOrganisations, "dot-2.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		if imp, err = db.CommitImport(ctx, officer, imp.ID, false); err != nil || imp.Status != store.ImportCommitted {
			t.Fatalf("commit: %v", err)
		}
		got := notices(officer)
		if len(got) != 1 || got[0].Kind != store.NoticeImportFinished || got[0].EntityID != imp.ID ||
			got[0].Link != fmt.Sprintf("/imports/%d", imp.ID) || !strings.Contains(got[0].Title, "dot-2.csv") || !strings.Contains(got[0].Body, "Thêm mới 1") {
			t.Fatalf("author's notices after the commit: %+v", got)
		}
		if n := notices(lead); len(n) != 0 {
			t.Fatalf("someone other than the author was told: %+v", n)
		}

		// A file read as a job tells its author when the preview is ready.
		defer func(b, r int) { store.BackgroundBytes, store.BackgroundRows = b, r }(store.BackgroundBytes, store.BackgroundRows)
		store.BackgroundBytes, store.BackgroundRows = 1, 1
		imp, err = db.NewImport(ctx, officer, store.ImportOrganisations, "dot-3.csv", importCSV("5100666004;HTX Bốn;HTX;Nông nghiệp;08;;;;;;;;", "5100666005;HTX Năm;HTX;Nông nghiệp;08;;;;;;;;"))
		if err != nil {
			t.Fatal(err)
		}
		if imp = waitImport(t, db, officer, imp.ID); imp.Status != store.ImportReady {
			t.Fatalf("job: %s", imp.Status)
		}
		got = notices(officer)
		if len(got) != 2 || got[0].Kind != store.NoticeImportFinished || got[0].EntityID != imp.ID || !strings.Contains(got[0].Title, "xem trước") {
			t.Fatalf("author's notices after the job: %+v", got)
		}

		// A commit job that fails tells its author nothing was written.
		taken = sampleOrg("HTX Năm Hà Nội", "01")
		taken.RegistrationNo = "5100666005"
		if err := db.CreateOrganisation(ctx, coop.System, taken); err != nil {
			t.Fatal(err)
		}
		if imp, err = db.CommitImport(ctx, officer, imp.ID, false); err != nil || imp.Status != store.ImportCommitting {
			t.Fatalf("commit job: %v", err)
		}
		if imp = waitImport(t, db, officer, imp.ID); imp.Status != store.ImportReady || imp.Message == "" {
			t.Fatalf("after the failed commit job: %s %q", imp.Status, imp.Message)
		}
		if countOrgs(t, db) != 3 {
			t.Fatalf("a failed commit job wrote organisations: %d", countOrgs(t, db))
		}
		got = notices(officer)
		if len(got) != 3 || got[0].EntityID != imp.ID || !strings.Contains(got[0].Title, "Chưa ghi được") || got[0].Body != imp.Message {
			t.Fatalf("author's notices after the failed job: %+v", got)
		}
	})
}

// TestRemindReportNeverOpened: a six-monthly or annual report that no one
// in the province has opened is reminded to the province's staff when it
// is due within three working days, and again once it is overdue, each
// once per person; the link opens the form that makes it. A province that
// opened its report is reminded of its draft instead.
func TestRemindReportNeverOpened(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		officer := noticeUser(t, db, "canbo@tq.test", coop.RoleProvincial, "08")
		lead := noticeUser(t, db, "lanhdao@tq.test", coop.RoleProvincialLead, "08")
		hanoi := noticeUser(t, db, "canbo@hn.test", coop.RoleProvincial, "01")
		centre := noticeUser(t, db, "trunguong@vca.test", coop.RoleCentral, "")

		// The calendar says when Tuyên Quang's first-half report of 2026 is due.
		cal, err := db.ReportCalendar(ctx, officer, 2026)
		if err != nil {
			t.Fatal(err)
		}
		due := ""
		for _, e := range cal {
			if e.Province == "08" && e.Kind == coop.ReportSixMonthly && e.Year == 2026 {
				due = e.Deadline
			}
		}
		if due == "" {
			t.Fatalf("no six-monthly report of 2026 in the calendar: %+v", cal)
		}
		at := func(day string) { db.SetClock(func() time.Time { return vnTime(day, "08:00") }) }
		day := func(d string, n int) string {
			x, _ := time.Parse("2006-01-02", d)
			return x.AddDate(0, 0, n).Format("2006-01-02")
		}
		of := func(a coop.Actor, kind, link string) []store.Notice {
			t.Helper()
			items, _, _, err := db.Notices(ctx, a, 1, 50)
			if err != nil {
				t.Fatal(err)
			}
			var out []store.Notice
			for _, n := range items {
				if n.Kind == kind && (link == "" || n.Link == link) {
					out = append(out, n)
				}
			}
			return out
		}
		newHalf := "/reports/new?kind=six_monthly&year=2026"

		// Hà Nội opened its report; Tuyên Quang did not.
		at(day(due, -20))
		r := sixMonthly("01")
		if err := db.CreateReport(ctx, hanoi, r); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		if n := of(officer, store.NoticeReportDue, newHalf); len(n) != 0 {
			t.Fatalf("reminded three weeks ahead: %+v", n)
		}
		// Last year's annual report, never opened, is overdue.
		if n := of(officer, store.NoticeReportOverdue, "/reports/new?kind=annual&year=2025"); len(n) != 1 || !strings.Contains(n[0].Title, "chưa được lập") {
			t.Fatalf("the overdue annual report of 2025 was not reminded: %+v", n)
		}

		at(due)
		if _, err := db.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		for _, a := range []coop.Actor{officer, lead} {
			n := of(a, store.NoticeReportDue, newHalf)
			if len(n) != 1 || !strings.Contains(n[0].Title, "Báo cáo 6 tháng đầu năm 2026") || !strings.Contains(n[0].Title, coop.FormatDateVN(due)) {
				t.Fatalf("%s: due reminder %+v", a.Role, n)
			}
		}
		if n := of(hanoi, store.NoticeReportDue, ""); len(n) != 1 || n[0].Link != fmt.Sprintf("/reports/%d", r.ID) {
			t.Fatalf("Hà Nội, whose report is a draft: %+v", n)
		}
		if n := of(hanoi, store.NoticeReportDue, newHalf); len(n) != 0 {
			t.Fatalf("Hà Nội was asked to open a report it has: %+v", n)
		}
		if n, _ := db.UnreadNotices(ctx, centre); n != 0 {
			t.Fatalf("the centre was reminded of provincial reports: %d", n)
		}
		// Once per person, however often reminders run.
		if n, err := db.Remind(ctx); err != nil || n != 0 {
			t.Fatalf("reminders went twice: %d, %v", n, err)
		}

		at(day(due, 7))
		if _, err := db.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		if n := of(officer, store.NoticeReportOverdue, newHalf); len(n) != 1 || !strings.Contains(n[0].Title, "quá hạn") {
			t.Fatalf("overdue reminder: %+v", n)
		}
		if n, err := db.Remind(ctx); err != nil || n != 0 {
			t.Fatalf("the overdue reminder went twice: %d, %v", n, err)
		}
	})
}
