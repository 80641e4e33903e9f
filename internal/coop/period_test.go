package coop

import (
	"testing"
)

func TestPeriodWindows(t *testing.T) {
	for _, c := range []struct {
		p          Period
		convention string
		from, to   string
		key, label string
	}{
		{Period{Kind: ReportSixMonthly, Year: 2026}, ConventionDecree09, "2025-12-15", "2026-06-14", "2026-H1", "6 tháng đầu năm 2026"},
		{Period{Kind: ReportSixMonthly, Year: 2026}, ConventionCalendar, "2026-01-01", "2026-06-30", "2026-H1", "6 tháng đầu năm 2026"},
		{Period{Kind: ReportAnnual, Year: 2025}, ConventionDecree09, "2024-12-15", "2025-12-14", "2025", "năm 2025"},
		{Period{Kind: ReportAnnual, Year: 2025}, ConventionCalendar, "2025-01-01", "2025-12-31", "2025", "năm 2025"},
		{Period{Kind: ReportPhase, Phase: "2023-2025"}, ConventionDecree09, "2022-12-15", "2025-12-14", "2023-2025", "giai đoạn 2023–2025"},
		{Period{Kind: ReportPhase, Phase: "2026-2030"}, ConventionCalendar, "2026-01-01", "2030-12-31", "2026-2030", "giai đoạn 2026–2030"},
		{Period{Kind: ReportThematic, From: "01/03/2026", To: "2026-05-31"}, ConventionDecree09, "2026-03-01", "2026-05-31",
			"2026-03-01..2026-05-31/ocop phu nu", "từ 01/03/2026 đến 31/05/2026"},
	} {
		p := c.p
		p.Normalize()
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", c.p, err)
			continue
		}
		from, to := p.Window(c.convention)
		if from != c.from || to != c.to {
			t.Errorf("%+v under %s: window %s–%s, want %s–%s", c.p, c.convention, from, to, c.from, c.to)
		}
		if k := p.Key("OCOP phụ nữ"); k != c.key {
			t.Errorf("%+v: key %q, want %q", c.p, k, c.key)
		}
		if l := p.Label(); l != c.label {
			t.Errorf("%+v: label %q, want %q", c.p, l, c.label)
		}
	}
	// Normalisation: the six-monthly report is of the first half, a phase
	// review's year is its last year, a thematic one the year it ends.
	p := Period{Kind: ReportPhase, Phase: "2023-2025", Year: 2099}
	p.Normalize()
	if p.Year != 2025 {
		t.Errorf("phase year %d", p.Year)
	}
	p = Period{Kind: ReportAdHoc, From: "2026-11-01", To: "2027-01-15"}
	p.Normalize()
	if p.Year != 2027 {
		t.Errorf("ad hoc year %d", p.Year)
	}
	if n := (Period{Kind: ReportPhase, Phase: "2026-2030"}).Name(""); n != "Báo cáo tổng kết giai đoạn 2026–2030" {
		t.Errorf("name %q", n)
	}
}

func TestPeriodValidation(t *testing.T) {
	for _, c := range []struct {
		p     Period
		field string
	}{
		{Period{Kind: "weekly", Year: 2026}, "kind"},
		{Period{Kind: ReportAnnual, Year: 2022}, "year"},
		{Period{Kind: ReportAnnual, Year: 2031}, "year"},
		{Period{Kind: ReportSixMonthly, Year: 2026, Half: 2}, "half"},
		{Period{Kind: ReportPhase, Phase: "2020-2022"}, "phase"},
		{Period{Kind: ReportThematic, To: "2026-05-31"}, "from"},
		{Period{Kind: ReportThematic, From: "2026-05-31", To: "2026-03-01"}, "to"},
		{Period{Kind: ReportAdHoc, From: "2026-02-30", To: "2026-03-01"}, "from"},
		{Period{Kind: ReportAdHoc, From: "2022-01-01", To: "2026-03-01"}, "from"},
	} {
		p := c.p
		p.Normalize()
		err := p.Validate()
		if ErrorCode(err) != EINVALID || ErrorFields(err)[c.field] == "" {
			t.Errorf("%+v: %v, want a message on %s", c.p, err, c.field)
		}
	}
}

func TestDeadlines(t *testing.T) {
	for _, c := range []struct {
		name string
		to   string
		n    int
		want string
	}{
		{"six-monthly window ends on a Sunday", "2026-06-14", 3, "2026-06-17"},
		{"annual, national level", "2026-12-14", 10, "2026-12-28"},
		{"calendar year: New Year's Day is skipped", "2026-12-31", 3, "2027-01-06"},
		{"Friday before National Day 2025 (1/9 and 2/9 off)", "2025-08-29", 1, "2025-09-03"},
		{"before 30/4 and 1/5 (Thursday and Friday)", "2026-04-29", 1, "2026-05-04"},
		{"before 30/4 and 1/5, three days", "2026-04-29", 3, "2026-05-06"},
		{"1/5 on a Saturday gives Monday off", "2027-04-29", 1, "2027-05-04"},
		{"National Day on a Monday: 3/9 is the second day", "2024-08-30", 1, "2024-09-04"},
		{"National Day on a Saturday: 1/9 off and Monday in compensation", "2023-08-31", 1, "2023-09-05"},
		{"National Day on a Wednesday: 1/9 is the second day", "2026-08-31", 1, "2026-09-03"},
		{"never on the day the window closes", "2026-06-12", 0, "2026-06-15"},
		{"not a date", "14/06/2026", 3, ""},
	} {
		if got := Deadline(c.to, c.n); got != c.want {
			t.Errorf("%s: Deadline(%s, %d) = %s, want %s", c.name, c.to, c.n, got, c.want)
		}
		if c.want != "" && c.want <= c.to {
			t.Errorf("%s: deadline %s not after the window %s", c.name, c.want, c.to)
		}
	}
	for day, want := range map[string]bool{
		"2026-06-15": true, "2026-06-13": false, "2026-01-01": false, "2026-04-30": false, "2026-05-01": false,
		"2026-09-02": false, "2026-09-01": false, "2026-09-03": true, "2025-09-01": false, "2024-09-03": false, "bad": false,
	} {
		if got := WorkingDay(day); got != want {
			t.Errorf("WorkingDay(%s) = %v, want %v", day, got, want)
		}
	}
}

func TestExpectedPeriods(t *testing.T) {
	if n := len(ExpectedPeriods(2026)); n != 2 {
		t.Errorf("2026: %d periods", n)
	}
	ps := ExpectedPeriods(2025)
	if len(ps) != 3 || ps[2].Kind != ReportPhase || ps[2].Phase != "2023-2025" {
		t.Errorf("2025: %+v", ps)
	}
	if MilestoneFor("2025-12-14") != 2025 || MilestoneFor("2026-06-14") != 2030 {
		t.Error("milestones")
	}
	if DaysBetween("2026-06-17", "2026-06-20") != 3 || DaysBetween("2026-06-20", "2026-06-17") != -3 {
		t.Error("days between")
	}
}

func TestReportTemplateValidate(t *testing.T) {
	ok := ReportTemplate{Kind: ReportAnnual, Convention: ConventionDecree09, ProvinceDays: 3, NationalDays: 10}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := ReportTemplate{Kind: ReportAnnual, Convention: "lunar", ProvinceDays: 0, NationalDays: 100}
	f := ErrorFields(bad.Validate())
	for _, k := range []string{"convention", "province_days", "national_days"} {
		if f[k] == "" {
			t.Errorf("no message on %s: %v", k, f)
		}
	}
	early := ReportTemplate{Kind: ReportAnnual, Convention: ConventionCalendar, ProvinceDays: 10, NationalDays: 5}
	if ErrorFields(early.Validate())["national_days"] == "" {
		t.Error("a national deadline before the provinces' passed")
	}
}
