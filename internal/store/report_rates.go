package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"htxnu/internal/coop"
)

// Reporting rates and the calendar. Every province owes, each year, a
// six-monthly and an annual report, and a phase review in the year a phase
// ends (coop.ExpectedPeriods). A report is on time when it was first
// submitted on or before its deadline, in Vietnam time; a report not yet
// opened is expected by the deadline its kind's template gives today.

// ReportNotStarted is the calendar status of an expected report nobody has
// opened yet.
const ReportNotStarted = "not_started"

// RatesFilter selects the periods and provinces of the reporting rates.
type RatesFilter struct {
	Year     int    // default: the current year
	Kind     string // one kind of periodic report, or all
	Province string // national readers: one province, or all
}

// RateCounts are the counts of expected reports and their rates, in basis
// points of the expected reports (8500 is 85 %).
type RateCounts struct {
	Expected      int   `json:"expected"`
	Submitted     int   `json:"submitted"`
	OnTime        int   `json:"on_time"`
	Late          int   `json:"late"` // submitted after the deadline
	Approved      int   `json:"approved"`
	Missing       int   `json:"missing"` // deadline passed, never submitted
	SubmittedRate int64 `json:"submitted_rate_bp"`
	OnTimeRate    int64 `json:"on_time_rate_bp"`
	ApprovedRate  int64 `json:"approved_rate_bp"`
}

func (c *RateCounts) count(e CalendarEntry) {
	c.Expected++
	if e.FirstSubmittedAt != nil {
		c.Submitted++
		if e.OnTime != nil && *e.OnTime {
			c.OnTime++
		} else {
			c.Late++
		}
	} else if e.DaysLate != nil {
		c.Missing++
	}
	if e.Status == coop.ReportApproved {
		c.Approved++
	}
}

func (c *RateCounts) rates() {
	n := int64(c.Expected)
	c.SubmittedRate, c.OnTimeRate, c.ApprovedRate = coop.BasisPoints(int64(c.Submitted), n), coop.BasisPoints(int64(c.OnTime), n), coop.BasisPoints(int64(c.Approved), n)
}

func (c *RateCounts) plus(o RateCounts) {
	dst, src := c.counts(), o.counts()
	addCounters(dst[:], src[:], 1)
}

// counts lists the counts the rates are computed from.
func (c *RateCounts) counts() [6]*int {
	return [6]*int{&c.Expected, &c.Submitted, &c.OnTime, &c.Late, &c.Approved, &c.Missing}
}

// PeriodRates are the rates of one period, with each province's report.
type PeriodRates struct {
	coop.Period
	Name     string `json:"name"`
	Deadline string `json:"deadline"` // as the template gives it today
	Due      bool   `json:"due"`      // the deadline has passed
	RateCounts
	Provinces []CalendarEntry `json:"provinces"`
}

// ProvinceRates are a province's rates over the year's due periods.
type ProvinceRates struct {
	Province     string `json:"province"`
	ProvinceName string `json:"province_name"`
	RateCounts
}

// ReportingRates are the rates of a year: by period, by province, and in
// total over the periods already due.
type ReportingRates struct {
	Year       int             `json:"year"`
	Today      string          `json:"today"`
	Periods    []PeriodRates   `json:"periods"`
	ByProvince []ProvinceRates `json:"by_province"`
	Total      RateCounts      `json:"total"` // periods whose deadline has passed
}

// ReportingRates computes, for a year, how many of the expected provincial
// reports were submitted, on time and approved. Provincial accounts see
// their own province only.
func (db *DB) ReportingRates(ctx context.Context, actor coop.Actor, f RatesFilter) (*ReportingRates, error) {
	if f.Kind != "" && f.Kind != coop.ReportSixMonthly && f.Kind != coop.ReportAnnual && f.Kind != coop.ReportPhase {
		return nil, &coop.Error{Code: coop.EINVALID, Message: "Tỷ lệ báo cáo tính cho báo cáo định kỳ (6 tháng, năm, sơ kết/tổng kết giai đoạn).",
			Fields: map[string]string{"kind": "Chọn một loại báo cáo định kỳ."}}
	}
	entries, year, today, err := db.expectedReports(ctx, actor, f.Year, f.Province, false)
	if err != nil {
		return nil, err
	}
	out := &ReportingRates{Year: year, Today: today, Periods: []PeriodRates{}, ByProvince: []ProvinceRates{}}
	byProvince := map[string]*ProvinceRates{}
	var order []string
	tpls, err := db.reportTemplates(ctx, db.read(ctx))
	if err != nil {
		return nil, err
	}
	for _, p := range coop.ExpectedPeriods(year) {
		if f.Kind != "" && p.Kind != f.Kind {
			continue
		}
		pr := PeriodRates{Period: p, Name: p.Name(""), Provinces: []CalendarEntry{}}
		for _, t := range tpls {
			if t.Kind == p.Kind {
				_, to := p.Window(t.Convention)
				pr.Deadline = coop.Deadline(to, t.ProvinceDays)
			}
		}
		pr.Due = pr.Deadline < today
		for _, e := range entries {
			if e.Kind != p.Kind || e.Key("") != p.Key("") {
				continue
			}
			pr.Provinces = append(pr.Provinces, e)
			pr.count(e)
			if e.Deadline < today {
				t := byProvince[e.Province]
				if t == nil {
					t = &ProvinceRates{Province: e.Province, ProvinceName: e.ProvinceName}
					byProvince[e.Province] = t
					order = append(order, e.Province)
				}
				t.count(e)
			}
		}
		pr.rates()
		out.Periods = append(out.Periods, pr)
	}
	sort.Strings(order)
	for _, p := range order {
		t := byProvince[p]
		t.rates()
		out.ByProvince = append(out.ByProvince, *t)
		out.Total.plus(t.RateCounts)
	}
	out.Total.rates()
	return out, nil
}

// CalendarEntry is one report expected (or opened) in a year: its
// deadline, where it stands and how many days are left or late.
type CalendarEntry struct {
	Province     string `json:"province"` // "" for VCA's national report
	ProvinceName string `json:"province_name"`
	coop.Period
	Name             string     `json:"name"`
	ReportID         int64      `json:"report_id,omitempty"`
	Title            string     `json:"title,omitempty"`
	Status           string     `json:"status"` // not_started, draft, submitted, returned, approved
	StatusLabel      string     `json:"status_label"`
	Convention       string     `json:"convention"`
	WindowFrom       string     `json:"window_from"`
	WindowTo         string     `json:"window_to"`
	Deadline         string     `json:"deadline"`
	FirstSubmittedAt *time.Time `json:"first_submitted_at,omitempty"`
	OnTime           *bool      `json:"on_time,omitempty"`
	DaysLeft         *int       `json:"days_left,omitempty"` // not submitted, deadline today or ahead
	DaysLate         *int       `json:"days_late,omitempty"` // submitted late, or not submitted past the deadline
}

// ReportCalendar lists, for a year, every report expected of the provinces
// the actor sees (and, for national accounts, VCA's national reports),
// with thematic and ad hoc reports opened that year, by deadline.
func (db *DB) ReportCalendar(ctx context.Context, actor coop.Actor, year int) ([]CalendarEntry, error) {
	entries, _, _, err := db.expectedReports(ctx, actor, year, "", true)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.Deadline != b.Deadline {
			return a.Deadline < b.Deadline
		}
		if (a.Province == "") != (b.Province == "") {
			return b.Province == ""
		}
		return a.Province < b.Province
	})
	return entries, nil
}

// expectedReports joins the reports expected in a year with those opened.
// withOthers adds the national reports (for national actors) and the
// thematic and ad hoc reports of the year.
func (db *DB) expectedReports(ctx context.Context, actor coop.Actor, year int, province string, withOthers bool) ([]CalendarEntry, int, string, error) {
	if !coop.Can(actor, coop.PermReportRead) {
		return nil, 0, "", coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem báo cáo.")
	}
	today := db.today()
	if year == 0 {
		year, _ = strconv.Atoi(today[:4])
	}
	if year < coop.FirstReportYear || year > coop.LastReportYear {
		return nil, 0, "", &coop.Error{Code: coop.EINVALID, Message: fmt.Sprintf("Chọn năm từ %d đến %d.", coop.FirstReportYear, coop.LastReportYear),
			Fields: map[string]string{"year": fmt.Sprintf("Năm từ %d đến %d.", coop.FirstReportYear, coop.LastReportYear)}}
	}
	if !actor.National() {
		if province != "" && province != actor.Province {
			return nil, 0, "", coop.NotFound("tỉnh, thành phố")
		}
		province = actor.Province
	}
	var provinces []string
	for _, p := range coop.Provinces() {
		if province == "" || p.Code == province {
			provinces = append(provinces, p.Code)
		}
	}
	if len(provinces) == 0 {
		return nil, 0, "", coop.NotFound("tỉnh, thành phố")
	}
	if withOthers && actor.National() && province == "" {
		provinces = append(provinces, "")
	}
	where, args := "year = ?", []any{year}
	if province != "" {
		where += " AND province = ?"
		args = append(args, province)
	} else if !withOthers {
		where += " AND province <> ''"
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+reportColumns+` FROM reports WHERE `+where+` ORDER BY id`), args...)
	if err != nil {
		return nil, 0, "", fmt.Errorf("store: calendar: %w", err)
	}
	opened := map[string]*coop.Report{}
	var others []*coop.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			rows.Close()
			return nil, 0, "", err
		}
		if r.Period.Periodic() {
			opened[r.Province+"|"+r.Kind+"|"+r.PeriodKey] = r
		} else if r.Province != "" || actor.National() {
			others = append(others, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, "", err
	}
	tpls, err := db.reportTemplates(ctx, db.read(ctx))
	if err != nil {
		return nil, 0, "", err
	}
	tplOf := map[string]coop.ReportTemplate{}
	for _, t := range tpls {
		tplOf[t.Kind] = t
	}
	var out []CalendarEntry
	for _, p := range coop.ExpectedPeriods(year) {
		for _, prov := range provinces {
			if r, ok := opened[prov+"|"+p.Kind+"|"+p.Key("")]; ok {
				out = append(out, calendarEntry(r, today))
				continue
			}
			t := tplOf[p.Kind]
			level := coop.LevelProvince
			if prov == "" {
				level = coop.LevelNational
			}
			e := CalendarEntry{Province: prov, ProvinceName: provinceLabelOf(prov), Period: p, Name: p.Name(""), Status: ReportNotStarted,
				StatusLabel: "Chưa lập", Convention: t.Convention}
			e.WindowFrom, e.WindowTo = p.Window(t.Convention)
			e.Deadline = coop.Deadline(e.WindowTo, t.Days(level))
			e.timeliness(today)
			out = append(out, e)
		}
	}
	if withOthers {
		for _, r := range others {
			out = append(out, calendarEntry(r, today))
		}
	}
	return out, year, today, nil
}

func calendarEntry(r *coop.Report, today string) CalendarEntry {
	e := CalendarEntry{Province: r.Province, ProvinceName: provinceLabelOf(r.Province), Period: r.Period, Name: r.Name(), ReportID: r.ID,
		Title: r.Title, Status: r.Status, StatusLabel: coop.ReportStatusLabel(r.Status, r.National()), Convention: r.Convention,
		WindowFrom: r.WindowFrom, WindowTo: r.WindowTo, Deadline: r.Deadline, FirstSubmittedAt: r.FirstSubmittedAt}
	e.timeliness(today)
	return e
}

// timeliness sets the days left or late and whether the report came on
// time.
func (e *CalendarEntry) timeliness(today string) {
	if e.FirstSubmittedAt != nil {
		on := coop.OnTime(e.FirstSubmittedAt, e.Deadline)
		e.OnTime = &on
		if !on {
			n := coop.DaysBetween(e.Deadline, e.FirstSubmittedAt.In(vnZone).Format("2006-01-02"))
			e.DaysLate = &n
		}
		return
	}
	if today <= e.Deadline {
		n := coop.DaysBetween(today, e.Deadline)
		e.DaysLeft = &n
		return
	}
	n := coop.DaysBetween(e.Deadline, today)
	e.DaysLate = &n
}
