package web

import (
	"context"
	"time"

	"htxnu/internal/chart"
	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// dashActivities fills the support activities section: by type over the
// window, loans, and the series over time.
func (s *Server) dashActivities(ctx context.Context, a coop.Actor, d *dashboard, today string) error {
	f := d.Filter
	sum, err := s.reachOf(ctx, a, d)
	if err != nil {
		return err
	}
	acts := func(from, to string, kv ...string) string {
		lo, hi := f.windowDays(from, to)
		return link("/activities", append([]string{"province", d.Province, "from", lo, "to", hi}, kv...)...)
	}
	reached := func(from, to string, kv ...string) string {
		if f.WindowFrom != "" && from == f.From && to == f.To {
			return "" // the registry list filters by whole months, not a report window's days
		}
		if from == "" {
			from = schemeStart // no activity is recorded before the Scheme
		}
		return link("/organisations", append([]string{"province", d.Province, "reached_from", from, "reached_to", to}, kv...)...)
	}
	window := d.Window
	t := dashTable{ID: "activities", Title: "Hoạt động hỗ trợ theo loại – " + d.ProvinceName + " (" + window + ")",
		Note: "Chỉ liệt kê loại hoạt động có số liệu. Tổ chức được hỗ trợ: mỗi tổ chức tính một lần dù nhận nhiều hoạt động; ở dòng tổng cộng, một lần trên mọi loại hoạt động.",
		Columns: []dashColumn{{Key: "type", Label: "Loại hoạt động"}, {Key: "activities", Label: "Số hoạt động", Numeric: true},
			{Key: "participants_total", Label: "Người tham gia", Numeric: true}, {Key: "participants_female", Label: "Trong đó nữ", Numeric: true},
			{Key: "organisations", Label: "Tổ chức được hỗ trợ", Numeric: true}}}
	if d.Province == "" {
		t.Note += " Toàn quốc gồm cả hoạt động cấp trung ương."
	}
	row := func(key, label string, r store.ReachRow) dashRow {
		kv := []string{}
		if key != "" {
			kv = []string{"type", key}
		}
		rkv := []string{}
		if key != "" {
			rkv = []string{"reached_type", key}
		}
		return dashRow{Key: key, Cells: []dashCell{textCell(label),
			countCell(r.Activities, acts(f.From, f.To, kv...)),
			sumCell(r.ParticipantsTotal, acts(f.From, f.To, kv...), "participants_total"),
			sumCell(r.ParticipantsFemale, acts(f.From, f.To, kv...), "participants_female"),
			countCell(r.Organisations, reached(f.From, f.To, rkv...)),
		}}
	}
	byType := map[string]store.ReachRow{}
	for _, r := range sum.ByType {
		byType[r.Key] = r
	}
	bars := []chart.BarRow{}
	for _, ty := range coop.ActivityTypes {
		r, ok := byType[ty.Code]
		if !ok {
			continue // types with nothing in the window are left out
		}
		t.Rows = append(t.Rows, row(ty.Code, ty.Label, r))
		bars = append(bars, chart.BarRow{Label: ty.Label, Values: []int64{r.Activities}, Links: []string{acts(f.From, f.To, "type", ty.Code)}})
	}
	total := row("", "Tổng cộng", sum.Total)
	t.Total = &total
	d.Activities = t
	if sum.Total.Activities == 0 {
		bars = nil
	}
	d.ActivityChart = chart.Bars{ID: "activity-chart", Title: t.Title, Unit: "Số hoạt động", Rows: bars}.SVG()

	d.Loans = dashTable{ID: "loans", Title: "Hỗ trợ vốn từ Quỹ hỗ trợ phát triển HTX – " + d.ProvinceName + " (" + window + ")",
		Note: "Khoản vay, bảo lãnh đã được duyệt, đã giải ngân hoặc đã trả xong; không tính hồ sơ đang chờ hoặc bị từ chối.",
		Columns: []dashColumn{{Key: "what", Label: "Nội dung"}, {Key: "loans", Label: "Số khoản vay", Numeric: true},
			{Key: "amount", Label: "Số tiền (đồng)", Numeric: true}},
		Rows: []dashRow{{Key: coop.ActivityCapital, Cells: []dashCell{textCell("Vay, bảo lãnh"),
			countCell(sum.Total.Loans, acts(f.From, f.To, "type", coop.ActivityCapital, "loans", "1")),
			sumCell(sum.Total.LoanAmount, acts(f.From, f.To, "type", coop.ActivityCapital), "loan_amount")}}}}

	return s.dashSeries(ctx, a, d, today, acts, reached)
}

// dashSeries fills the section over time: activities and organisations
// reached by month, quarter or year, as the window's length suits.
func (s *Server) dashSeries(ctx context.Context, a coop.Actor, d *dashboard, today string,
	acts, reached func(from, to string, kv ...string) string) error {
	f := d.Filter
	from, to, now := f.From, f.To, today[:7]
	clipped := to > now
	if clipped {
		to = now // a window reaching into the future draws up to this month
		if from > to {
			from = to
		}
	}
	bucket := store.BucketQuarter
	if from != "" {
		end := to
		if end == "" {
			end = now
		}
		switch n := months(from, end); {
		case n <= 24:
			bucket = store.BucketMonth
		case n > 96:
			bucket = store.BucketYear
		}
	}
	rows, err := s.db.ActivitySeries(ctx, a, store.ReachFilter{Province: d.Province, From: from, To: to}, bucket)
	if err != nil {
		return err
	}
	d.Bucket = bucket
	unit := map[string]string{store.BucketMonth: "tháng", store.BucketQuarter: "quý", store.BucketYear: "năm"}[bucket]
	t := dashTable{ID: "series", Title: "Hoạt động hỗ trợ theo " + unit + " – " + d.ProvinceName,
		Note: "Tổ chức được hỗ trợ: mỗi tổ chức tính một lần trong mỗi kỳ.",
		Columns: []dashColumn{{Key: "period", Label: "Kỳ"}, {Key: "activities", Label: "Số hoạt động", Numeric: true},
			{Key: "participants_female", Label: "Người tham gia là nữ", Numeric: true},
			{Key: "organisations", Label: "Tổ chức được hỗ trợ", Numeric: true}}}
	line := chart.Lines{ID: "series-chart", Title: t.Title, Unit: "Số lượng",
		Series: []chart.LineSeries{{Name: "Số hoạt động"}, {Name: "Tổ chức được hỗ trợ"}}}
	for _, r := range rows {
		label := periodLabel(r.Period)
		t.Rows = append(t.Rows, dashRow{Key: r.Period, Cells: []dashCell{textCell(label),
			countCell(r.Activities, acts(r.From, r.To)),
			sumCell(r.ParticipantsFemale, acts(r.From, r.To), "participants_female"),
			countCell(r.Organisations, reached(r.From, r.To)),
		}})
		line.Periods = append(line.Periods, label)
		line.Series[0].Values = append(line.Series[0].Values, r.Activities)
		line.Series[1].Values = append(line.Series[1].Values, r.Organisations)
	}
	if clipped {
		t.Note += " Biểu đồ dừng ở tháng hiện tại."
	}
	d.Series = t
	d.SeriesChart = line.SVG()
	return nil
}

// dashObstacles fills the obstacles section: how many are in each state
// now, how many are overdue, and all of them.
func (s *Server) dashObstacles(ctx context.Context, a coop.Actor, d *dashboard) error {
	page, err := s.db.Obstacles(ctx, a, store.ObstacleFilter{Province: d.Province, PerPage: 1})
	if err != nil {
		return err
	}
	p := d.Province
	t := dashTable{ID: "obstacles", Title: "Khó khăn, vướng mắc – " + d.ProvinceName,
		Note:    "Hiện trạng của nhật ký vướng mắc; quá hạn: chưa trả lời khi đã qua hạn trả lời.",
		Columns: []dashColumn{{Key: "status", Label: "Trạng thái"}, {Key: "count", Label: "Số vướng mắc", Numeric: true}}}
	for _, st := range coop.ObstacleStatuses {
		t.Rows = append(t.Rows, dashRow{Key: st.Code, Cells: []dashCell{textCell(st.Label),
			countCell(int64(page.ByStatus[st.Code]), link("/obstacles", "province", p, "status", st.Code))}})
	}
	t.Rows = append(t.Rows, dashRow{Key: "overdue", Cells: []dashCell{textCell("Quá hạn trả lời"),
		countCell(int64(page.Overdue), link("/obstacles", "province", p, "overdue", "1"))}})
	total := dashRow{Key: "", Cells: []dashCell{textCell("Tổng cộng"), countCell(int64(page.Total), link("/obstacles", "province", p))}}
	t.Total = &total
	d.Obstacles = t
	return nil
}

// schemeStart is the first month activities may be recorded in.
const schemeStart = "2023-01"

// firstDay and lastDay turn a month (YYYY-MM) into the dates the activity
// list filters by; "" stays open.
func firstDay(month string) string {
	if month == "" {
		return ""
	}
	return month + "-01"
}

func lastDay(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 1, -1).Format("2006-01-02")
}

// months counts the months from a to b (YYYY-MM), both included.
func months(a, b string) int {
	x, err1 := time.Parse("2006-01", a)
	y, err2 := time.Parse("2006-01", b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return (y.Year()-x.Year())*12 + int(y.Month()) - int(x.Month()) + 1
}

// periodLabel writes a period key the Vietnamese way: 01/2026, Q1/2026,
// 2026.
func periodLabel(k string) string {
	if len(k) == 7 {
		return k[5:] + "/" + k[:4]
	}
	return k
}
