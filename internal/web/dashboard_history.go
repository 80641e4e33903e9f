package web

import (
	"context"

	"htxnu/internal/chart"
	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// dashHistory fills the registry over time: organisations, women in
// management and high female labour at the end of each half-year (or year,
// for long windows), from the monthly rollup kept with every write. The
// figures are the registry as it stood then, so they are not links: the
// records behind today's figures are in the table by province.
func (s *Server) dashHistory(ctx context.Context, a coop.Actor, d *dashboard) error {
	f := d.Filter
	step := "half"
	if f.From != "" && f.To != "" && months(f.From, f.To) > 72 {
		step = "year"
	}
	points, err := s.db.RegistrySeries(ctx, a, store.SeriesFilter{Province: d.Province, Kind: f.Kind, Sector: f.Sector,
		WIMRule: f.WIMRule, HFLRule: f.HFLRule, From: f.From, To: f.To, Step: step})
	if err != nil {
		return err
	}
	t := dashTable{ID: "registry-history", Title: "Tổ chức kinh tế tập thể qua các kỳ – " + d.ProvinceName,
		Note: "Số liệu của sổ đăng ký tại cuối mỗi kỳ (tổ chức chưa lưu trữ, theo quy tắc phân loại đang chọn); " +
			"tổ chức có từ trước khi vào sổ được tính từ tháng thành lập. Danh sách tổ chức hiện nay: xem bảng theo địa bàn.",
		Columns: []dashColumn{{Key: "period", Label: "Kỳ"}, {Key: "organisations", Label: "Tổng số tổ chức", Numeric: true},
			{Key: "women_managed", Label: "Có phụ nữ tham gia quản lý", Numeric: true},
			{Key: "high_female_labour", Label: "Sử dụng nhiều lao động nữ", Numeric: true},
			{Key: "members_female", Label: "Thành viên nữ", Numeric: true},
			{Key: "workers_female", Label: "Lao động nữ", Numeric: true}}}
	line := chart.Lines{ID: "registry-history-chart", Title: t.Title, Unit: "Số tổ chức",
		Series: []chart.LineSeries{{Name: "Tổng số tổ chức"}, {Name: "Có phụ nữ tham gia quản lý"}, {Name: "Sử dụng nhiều lao động nữ"}}}
	for _, p := range points {
		label := periodLabel(p.Period)
		t.Rows = append(t.Rows, dashRow{Key: p.Period, Cells: []dashCell{textCell(label),
			historyCell(p.Orgs), historyCell(p.WomenManaged), historyCell(p.HighFemaleLabour),
			historyCell(p.MembersFemale), historyCell(p.WorkersFemale)}})
		line.Periods = append(line.Periods, label)
		line.Series[0].Values = append(line.Series[0].Values, p.Orgs)
		line.Series[1].Values = append(line.Series[1].Values, p.WomenManaged)
		line.Series[2].Values = append(line.Series[2].Values, p.HighFemaleLabour)
	}
	d.History = t
	d.HistoryChart = line.SVG()
	return nil
}

// historyCell is a figure of the past: a number without a link.
func historyCell(n int64) dashCell {
	return dashCell{Text: coop.FormatInt(n), sort: float64(n), num: &n}
}
