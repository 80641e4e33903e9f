package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/report"
	"htxnu/internal/store"
)

// The dashboard's reporting section and the dashboard as a workbook.

// dashReporting fills the reporting section: for the six-monthly and
// annual reports of the current and previous year, how many provinces
// owe one, sent it, sent it on time, and how many reports wait for review
// or are approved. The counts of reports link to the reports list.
func (s *Server) dashReporting(ctx context.Context, a coop.Actor, d *dashboard, today string) error {
	if !coop.Can(a, coop.PermReportRead) {
		return nil
	}
	listProvince := d.Province
	if listProvince == "" {
		listProvince = store.ProvinceAllProvinces // the rates count the provinces' reports only
	}
	t := dashTable{ID: "reporting", Title: "Báo cáo định kỳ – " + d.ProvinceName,
		Note: "Phải gửi, đã gửi và đúng hạn tính theo lịch báo cáo (đúng hạn: gửi lần đầu không muộn hơn hạn gửi); " +
			"các bộ lọc loại hình, lĩnh vực và thời gian không áp dụng cho phần này.",
		Columns: []dashColumn{{Key: "period", Label: "Kỳ báo cáo"}, {Key: "deadline", Label: "Hạn gửi"},
			{Key: "expected", Label: "Phải gửi", Numeric: true}, {Key: "submitted", Label: "Đã gửi", Numeric: true},
			{Key: "on_time", Label: "Đúng hạn", Numeric: true}, {Key: "on_time_rate", Label: "Tỷ lệ đúng hạn", Numeric: true},
			{Key: "waiting", Label: "Chờ xem xét", Numeric: true}, {Key: "approved", Label: "Đã phê duyệt", Numeric: true}}}
	year, _ := strconv.Atoi(today[:4])
	year = min(max(year, coop.FirstReportYear), coop.LastReportYear)
	for y := year; y >= year-1 && y >= coop.FirstReportYear; y-- {
		rates, err := s.db.ReportingRates(ctx, a, store.RatesFilter{Year: y, Province: d.Province})
		if err != nil {
			return err
		}
		// The annual report first: the newest period on top.
		for i := len(rates.Periods) - 1; i >= 0; i-- {
			p := rates.Periods[i]
			if p.Kind != coop.ReportSixMonthly && p.Kind != coop.ReportAnnual {
				continue
			}
			page, err := s.db.Reports(ctx, a, store.ReportFilter{Province: listProvince, Kind: p.Kind, Year: p.Year, PerPage: 1})
			if err != nil {
				return err
			}
			list := func(status string) string {
				return link("/reports", "province", listProvince, "kind", p.Kind, "year", strconv.Itoa(p.Year), "status", status)
			}
			deadline := coop.FormatDateVN(p.Deadline)
			if !p.Due {
				deadline += " (chưa đến hạn)"
			}
			t.Rows = append(t.Rows, dashRow{Key: p.Kind + "-" + p.Key(""), Cells: []dashCell{
				textCell(p.Name), textCell(deadline),
				plainCount(int64(p.Expected)), plainCount(int64(p.Submitted)), plainCount(int64(p.OnTime)),
				shareCell(int64(p.OnTime), int64(p.Expected)),
				countCell(int64(page.ByStatus[coop.ReportSubmitted]), list(coop.ReportSubmitted)),
				countCell(int64(page.ByStatus[coop.ReportApproved]), list(coop.ReportApproved)),
			}})
		}
	}
	if len(t.Rows) > 0 {
		d.Reporting = &t
	}
	return nil
}

// plainCount is a count that no list holds (an expected report may not
// have been opened): shown, but not a link.
func plainCount(n int64) dashCell {
	return dashCell{Text: coop.FormatInt(n), sort: float64(n), num: &n}
}

func (s *Server) dashboardXLSX(w http.ResponseWriter, r *http.Request) {
	d, err := s.dashboard(r.Context(), actor(r), r.URL.Query(), coop.Today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	meta := report.Document{Kind: "BẢNG ĐIỀU KHIỂN", IssuingBody: "LIÊN MINH HTX VIỆT NAM",
		Summary: "Kết quả thực hiện Đề án 01 – " + d.ProvinceName + ", " + d.Window + "; số liệu đến ngày " + coop.FormatDateVN(d.AsOf)}
	var tables []report.Table
	for i, t := range d.Tables() {
		var notes []string
		if i == 0 {
			notes = d.Notes // what the filters mean, once
		}
		tables = append(tables, t.sheet(notes))
	}
	var buf strings.Builder
	if err := report.WriteXLSX(&buf, meta, tables...); err != nil {
		s.fail(w, r, err)
		return
	}
	name := "bang-dieu-khien-toan-quoc-" + d.AsOf + ".xlsx"
	if d.Province != "" {
		name = "bang-dieu-khien-tinh-" + d.Province + "-" + d.AsOf + ".xlsx"
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write([]byte(buf.String()))
}

// sheet is the table as a sheet of a workbook: counts as numbers, shares
// as percents, the rest as text; notes under it.
func (t dashTable) sheet(notes []string) report.Table {
	out := report.Table{Title: t.Title}
	kinds := make([]report.ColumnKind, len(t.Columns))
	rows := append([]dashRow{}, t.Rows...)
	if t.Total != nil {
		rows = append(rows, *t.Total)
	}
	for _, r := range rows {
		for i, c := range r.Cells {
			if i >= len(kinds) {
				break
			}
			switch {
			case c.N != nil || c.num != nil:
				kinds[i] = report.Int
			case c.pct != nil && kinds[i] == report.Text:
				kinds[i] = report.Percent
			}
		}
	}
	for i, c := range t.Columns {
		out.Columns = append(out.Columns, report.Column{Title: c.Label, Kind: kinds[i]})
	}
	value := func(c dashCell) any {
		switch {
		case c.N != nil:
			return *c.N
		case c.num != nil:
			return *c.num
		case c.pct != nil:
			return *c.pct * 100
		}
		return c.Text
	}
	for _, r := range t.Rows {
		row := make([]any, len(r.Cells))
		for i, c := range r.Cells {
			row[i] = value(c)
		}
		out.Rows = append(out.Rows, row)
	}
	if t.Total != nil {
		for _, c := range t.Total.Cells {
			out.Total = append(out.Total, value(c))
		}
	}
	if t.Note != "" {
		out.Notes = append(out.Notes, t.Note)
	}
	out.Notes = append(out.Notes, notes...)
	return out
}
