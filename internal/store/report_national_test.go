package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// submitReport opens the province's six-monthly 2026 report at open,
// writes it and has its lead submit it at sent.
func submitReport(t *testing.T, db *store.DB, lead coop.Actor, open, sent time.Time) *coop.Report {
	t.Helper()
	ctx := context.Background()
	r := sixMonthly(lead.Province)
	if err := db.AsOf(open).CreateReport(ctx, lead, r); err != nil {
		t.Fatal(err)
	}
	up, err := db.AsOf(open).UpdateReport(ctx, lead, r.ID, r.RowVersion, store.ReportEdit{Narrative: fullNarrative()})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := db.AsOf(sent).SubmitReport(ctx, lead, r.ID, up.RowVersion)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func consolidated(t *testing.T, c *coop.Consolidation, key string) coop.ConsolidatedFigure {
	t.Helper()
	for _, f := range c.Figures {
		if f.Key == key {
			return f
		}
	}
	t.Fatalf("no figure %s", key)
	return coop.ConsolidatedFigure{}
}

// TestNationalReport: the national table takes approved versions where
// there are some and live figures elsewhere, marked as such; issuing the
// national report freezes it.
func TestNationalReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-06-25", "08:00") })
		tq := reportOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", coop.KindHTX, true, "2019-05-01")
		hn := reportOrg(t, db, "Hợp tác xã Lụa Vạn Phúc", "01", coop.KindHTX, true, "2018-01-01")
		tqAct := reportActivity(t, db, "trade_promotion", "08", "2026-03-20", 30, 25, tq)
		tqAct.JobsWomenHTX = 40
		if err := db.UpdateActivity(ctx, coop.System, tqAct); err != nil {
			t.Fatal(err)
		}
		hnAct := reportActivity(t, db, "trade_promotion", "01", "2026-04-20", 20, 15, hn)
		hnAct.JobsWomenHTX = 10
		if err := db.UpdateActivity(ctx, coop.System, hnAct); err != nil {
			t.Fatal(err)
		}
		central := &coop.Activity{Type: "conference", Title: "Diễn đàn HTX do phụ nữ quản lý với OCOP", StartsOn: "2026-05-15",
			ParticipantsTotal: 200, ParticipantsFemale: 150, JobsWomenHTX: 3}
		if err := db.CreateActivity(ctx, coop.System, central); err != nil {
			t.Fatal(err)
		}

		// Tuyên Quang's report is approved with a corrected jobs figure;
		// Hà Nội's is only submitted.
		tqr := submitReport(t, db, repLead, vnTime("2026-06-15", "08:00"), vnTime("2026-06-16", "10:00"))
		if _, err := db.ReturnReport(ctx, repCentre, tqr.ID, 0, "Đề nghị rà soát số việc làm"); err != nil {
			t.Fatal(err)
		}
		d := getReport(t, db, repLead, tqr.ID)
		if _, err := db.UpdateReport(ctx, repLead, tqr.ID, d.RowVersion, store.ReportEdit{
			Overrides: map[string]coop.Override{"jobs.htx": {Value: 35, Justification: "Năm việc làm là lao động thời vụ, không ổn định"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ResubmitReport(ctx, repLead, tqr.ID, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveReport(ctx, repCentre, tqr.ID, 0); err != nil {
			t.Fatal(err)
		}
		submitReport(t, db, repHanoiLead, vnTime("2026-06-15", "08:00"), vnTime("2026-06-20", "10:00"))

		// The data move after the approval: Tuyên Quang's figures stay as
		// approved, Hà Nội's are live.
		tqAct.JobsWomenHTX, hnAct.JobsWomenHTX = 100, 12
		for _, a := range []*coop.Activity{tqAct, hnAct} {
			if err := db.UpdateActivity(ctx, coop.System, a); err != nil {
				t.Fatal(err)
			}
		}
		period := coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}
		nat, err := db.NationalReport(ctx, repCentre, period)
		if err != nil {
			t.Fatal(err)
		}
		if nat.Source != "live" || nat.Report != nil || nat.WindowTo != "2026-06-14" || nat.Deadline != "2026-06-26" || len(nat.Consolidation.Sources) != 34 {
			t.Fatalf("table: %s %v %s due %s, %d sources", nat.Source, nat.Report, nat.WindowTo, nat.Deadline, len(nat.Consolidation.Sources))
		}
		src := map[string]coop.ConsolidationSource{}
		for _, s := range nat.Consolidation.Sources {
			src[s.Province] = s
		}
		if s := src["08"]; !s.Approved || s.Version != 2 || s.Label != "Đã phê duyệt (phiên bản 2)" {
			t.Errorf("Tuyên Quang's source %+v", s)
		}
		if s := src["01"]; s.Approved || s.Status != coop.ReportSubmitted || !strings.Contains(s.Label, "chưa được phê duyệt") {
			t.Errorf("Hà Nội's source %+v", s)
		}
		if s := src["04"]; s.Approved || s.ReportID != 0 || s.Label != "Số liệu trực tiếp, chưa có báo cáo" {
			t.Errorf("Cao Bằng's source %+v", s)
		}
		jobs := consolidated(t, nat.Consolidation, "jobs.htx")
		if jobs.ByProvince["08"] != 35 || jobs.ByProvince["01"] != 12 || jobs.Central != 3 || jobs.Value != 50 || nat.Consolidation.Approved != 1 {
			t.Errorf("jobs by province %v, central %d, national %d", jobs.ByProvince, jobs.Central, jobs.Value)
		}
		if p := consolidated(t, nat.Consolidation, "activities.total.participants_total"); p.Value != 250 || p.Central != 200 {
			t.Errorf("participants %+v", p)
		}

		// A provincial account sees its own column only.
		own, err := db.NationalReport(ctx, repOfficer, period)
		if err != nil {
			t.Fatal(err)
		}
		ownJobs := consolidated(t, own.Consolidation, "jobs.htx")
		if own.Scope != "08" || len(own.Consolidation.Sources) != 1 || len(ownJobs.ByProvince) != 1 || ownJobs.Value != 35 || ownJobs.Central != 0 {
			t.Errorf("provincial view: scope %q, %d sources, jobs %+v", own.Scope, len(own.Consolidation.Sources), ownJobs)
		}

		// The centre opens, writes and issues the national report.
		nr := &coop.Report{Period: period}
		wantCode(t, "a province opening the national report", db.CreateReport(ctx, repLead, nr), coop.EFORBIDDEN)
		if err := db.CreateReport(ctx, repCentre, nr); err != nil {
			t.Fatal(err)
		}
		if nr.Deadline != "2026-06-26" || nr.Province != "" {
			t.Fatalf("national report %+v", nr)
		}
		_, err = db.Report(ctx, repOfficer, nr.ID)
		wantCode(t, "a province reading the national report", err, coop.ENOTFOUND)
		_, err = db.SubmitReport(ctx, repAdmin, nr.ID, 0)
		wantCode(t, "submitting the national report", err, coop.EINVALID)
		_, err = db.UpdateReport(ctx, repCentre, nr.ID, nr.RowVersion, store.ReportEdit{
			Overrides: map[string]coop.Override{"jobs.htx": {Value: 1, Justification: "Điều chỉnh số liệu toàn quốc"}}})
		wantCode(t, "overriding national figures", err, coop.EINVALID)
		up, err := db.UpdateReport(ctx, repCentre, nr.ID, nr.RowVersion, store.ReportEdit{Narrative: fullNarrative()})
		if err != nil {
			t.Fatal(err)
		}
		d = getReport(t, db, repCentre, nr.ID)
		if d.FiguresSource != "live" || d.Consolidation == nil || figureMap(d.Figures)["jobs.htx"].Value != 50 || !hasAll(d.Actions, "edit", coop.ActionApprove) {
			t.Fatalf("national draft: %s %v", d.FiguresSource, d.Actions)
		}
		issued, err := db.ApproveReport(ctx, repCentre, nr.ID, up.RowVersion)
		if err != nil || issued.Status != coop.ReportApproved || issued.Version != 1 {
			t.Fatalf("issued: %v %+v", err, issued)
		}
		hnAct.JobsWomenHTX = 20
		if err := db.UpdateActivity(ctx, coop.System, hnAct); err != nil {
			t.Fatal(err)
		}
		frozen, err := db.NationalReport(ctx, repCentre, period)
		if err != nil {
			t.Fatal(err)
		}
		if frozen.Source != "frozen" || frozen.Report == nil || frozen.Report.StatusLabel != "Đã ban hành" ||
			consolidated(t, frozen.Consolidation, "jobs.htx").ByProvince["01"] != 12 {
			t.Errorf("issued table: %s %+v", frozen.Source, frozen.Report)
		}
		// Reopened by an administrator, issued again as version 2.
		if _, err := db.ReopenReport(ctx, repAdmin, nr.ID, 0, "Bổ sung báo cáo đã phê duyệt của Hà Nội"); err != nil {
			t.Fatal(err)
		}
		again, err := db.ApproveReport(ctx, repCentre, nr.ID, 0)
		if err != nil || again.Version != 2 {
			t.Fatalf("reissued: %v %+v", err, again)
		}
		v2, err := db.ReportVersion(ctx, repCentre, nr.ID, 2)
		if err != nil || v2.Consolidation == nil || consolidated(t, v2.Consolidation, "jobs.htx").ByProvince["01"] != 20 {
			t.Fatalf("version 2: %v", err)
		}
	})
}

// TestReportingRates: expected, submitted, on time and approved, from the
// deadlines; and the calendar.
func TestReportingRates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-11-20", "08:00") })
		// Tuyên Quang on time (due 17/06) and approved; Hà Nội on the
		// deadline day at 23:30, Vietnam time, still on time; Cao Bằng late.
		tq := submitReport(t, db, repLead, vnTime("2026-06-15", "08:00"), vnTime("2026-06-16", "10:00"))
		if _, err := db.ApproveReport(ctx, repCentre, tq.ID, 0); err != nil {
			t.Fatal(err)
		}
		submitReport(t, db, repHanoiLead, vnTime("2026-06-15", "08:00"), vnTime("2026-06-17", "23:30"))
		cbLead := coop.Actor{UserID: 41, Name: "Lãnh đạo Cao Bằng", Role: coop.RoleProvincialLead, Province: "04"}
		submitReport(t, db, cbLead, vnTime("2026-06-15", "08:00"), vnTime("2026-06-22", "09:00"))
		// Điện Biên opened a draft and never sent it.
		if err := db.AsOf(vnTime("2026-06-16", "08:00")).CreateReport(ctx, coop.Actor{Role: coop.RoleProvincial, Province: "11"}, sixMonthly("11")); err != nil {
			t.Fatal(err)
		}

		rates, err := db.ReportingRates(ctx, repCentre, store.RatesFilter{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		if len(rates.Periods) != 2 {
			t.Fatalf("%d periods", len(rates.Periods))
		}
		six, annual := rates.Periods[0], rates.Periods[1]
		if six.Kind != coop.ReportSixMonthly || !six.Due || six.Deadline != "2026-06-17" || six.Expected != 34 || six.Submitted != 3 ||
			six.OnTime != 2 || six.Late != 1 || six.Approved != 1 || six.Missing != 31 || six.SubmittedRate != 882 {
			t.Errorf("six-monthly: %+v", six.RateCounts)
		}
		if annual.Due || annual.Deadline != "2026-12-17" || annual.Expected != 34 || annual.Missing != 0 {
			t.Errorf("annual: due %v %s %+v", annual.Due, annual.Deadline, annual.RateCounts)
		}
		if rates.Total.Expected != 34 || rates.Total.OnTime != 2 || len(rates.ByProvince) != 34 {
			t.Errorf("total %+v over %d provinces", rates.Total, len(rates.ByProvince))
		}
		by := map[string]store.CalendarEntry{}
		for _, e := range six.Provinces {
			by[e.Province] = e
		}
		if e := by["04"]; e.OnTime == nil || *e.OnTime || e.DaysLate == nil || *e.DaysLate != 5 {
			t.Errorf("Cao Bằng %+v", e)
		}
		if e := by["01"]; e.OnTime == nil || !*e.OnTime {
			t.Errorf("Hà Nội %+v", e)
		}
		if e := by["11"]; e.Status != coop.ReportDraft || e.DaysLate == nil || *e.DaysLate != 156 {
			t.Errorf("Điện Biên %+v", e)
		}
		if e := by["12"]; e.Status != store.ReportNotStarted || e.ReportID != 0 {
			t.Errorf("Lai Châu %+v", e)
		}

		// A province sees its own line.
		own, err := db.ReportingRates(ctx, repOfficer, store.RatesFilter{Year: 2026})
		if err != nil || len(own.ByProvince) != 1 || own.Total.Expected != 1 || own.Total.OnTime != 1 || len(own.Periods[0].Provinces) != 1 {
			t.Fatalf("Tuyên Quang's rates: %v %+v", err, own)
		}
		_, err = db.ReportingRates(ctx, repOfficer, store.RatesFilter{Year: 2026, Province: "01"})
		wantCode(t, "another province's rates", err, coop.ENOTFOUND)
		_, err = db.ReportingRates(ctx, repCentre, store.RatesFilter{Year: 2026, Kind: coop.ReportThematic})
		wantCode(t, "rates of thematic reports", err, coop.EINVALID)
		y25, err := db.ReportingRates(ctx, repCentre, store.RatesFilter{Year: 2025})
		if err != nil || len(y25.Periods) != 3 || y25.Periods[2].Phase != "2023-2025" || y25.Total.Expected != 102 || y25.Total.Missing != 102 {
			t.Fatalf("2025: %v %+v", err, y25.Total)
		}

		// The calendar of Tuyên Quang and of the centre.
		cal, err := db.ReportCalendar(ctx, repOfficer, 2026)
		if err != nil || len(cal) != 2 {
			t.Fatalf("calendar %v %+v", err, cal)
		}
		if cal[0].Status != coop.ReportApproved || cal[0].ReportID != tq.ID || cal[1].Status != store.ReportNotStarted ||
			cal[1].DaysLeft == nil || *cal[1].DaysLeft != 27 {
			t.Errorf("Tuyên Quang's calendar %+v", cal)
		}
		all, err := db.ReportCalendar(ctx, repCentre, 2026)
		if err != nil || len(all) != 70 {
			t.Fatalf("national calendar: %v, %d entries", err, len(all))
		}
		last := all[len(all)-1]
		if last.Province != "" || last.Kind != coop.ReportAnnual || last.Deadline != "2026-12-28" {
			t.Errorf("national annual report %+v", last)
		}
	})
}
