package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/report"
	"htxnu/internal/store"
)

// The mapping of a report onto the official document (Decree 30/2020/NĐ-CP)
// and onto the workbook of its figures: the one place that decides what
// the PDF, the print view and the XLSX say.

var romans = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}

// placeName is a province's name as a document's place line writes it:
// "Tuyên Quang", "Hà Nội".
func placeName(province string) string {
	if province == "" {
		return "Hà Nội"
	}
	n := coop.ProvinceName(province)
	for _, p := range []string{"Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "} {
		n = strings.TrimPrefix(n, p)
	}
	return n
}

// issuingBody is the body that issues a report: "LIÊN MINH HTX TỈNH TUYÊN
// QUANG", "LIÊN MINH HTX VIỆT NAM".
func issuingBody(province string) string {
	if province == "" {
		return "LIÊN MINH HTX VIỆT NAM"
	}
	return strings.ToUpper("Liên minh HTX " + coop.Whose(province))
}

// documentDate is the date the document carries: the one written in its
// particulars, else the day it was approved (issued) or submitted; none
// while it is a draft, leaving the blanks of Decree 30 to fill by hand.
func documentDate(d *store.ReportDetail) time.Time {
	if t, err := time.ParseInLocation(time.DateOnly, d.Meta.Date, vnZone); err == nil {
		return t
	}
	for _, t := range []*time.Time{d.ApprovedAt, d.SubmittedAt} {
		if t != nil {
			v := t.In(vnZone)
			return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, vnZone)
		}
	}
	return time.Time{}
}

// figureCell is a figure's value in a table: a number for counts and
// amounts, the Vietnamese percent text for rates (a column holds one kind
// of number), the words for a figure without a data source.
func figureCell(unit string, v int64, noData bool) any {
	switch {
	case noData:
		return "Chưa có nguồn số liệu"
	case unit == coop.FigurePercent:
		return coop.FormatFigure(unit, v)
	}
	return v
}

func unitLabel(unit string) string {
	if unit == coop.FigurePercent {
		return "%"
	}
	return coop.FigureUnits.Label(unit)
}

// figureGroups returns the report's figures by group, in the order of
// coop.FigureGroups.
func figureGroups(figs []coop.Figure) []figureGroup {
	v := newReportView(&store.ReportDetail{Report: &coop.Report{}, Figures: figs})
	return v.Groups
}

// reportDocument is the official document of a report.
func reportDocument(d *store.ReportDetail) report.Document {
	doc := report.Document{
		IssuingBody: issuingBody(d.Province),
		Number:      d.Meta.Number,
		Place:       d.Meta.Place,
		Date:        documentDate(d),
		Kind:        "BÁO CÁO",
		Summary:     d.Title,
		Recipients:  d.Meta.Recipients,
		SignerTitle: d.Meta.SignerTitle,
		SignerName:  d.Meta.SignerName,
		Draft:       d.Status != coop.ReportApproved,
	}
	if doc.Number == "" {
		doc.Number = "/BC-LMHTX"
	}
	if doc.Place == "" {
		doc.Place = placeName(d.Province)
	}
	if len(doc.Recipients) == 0 {
		if d.National() {
			doc.Recipients = []string{"Thủ tướng Chính phủ (để báo cáo)", "Các Bộ, ngành liên quan", "Liên minh HTX các tỉnh, thành phố"}
		} else {
			doc.Recipients = []string{"Liên minh HTX Việt Nam (để báo cáo)", "UBND " + coop.Whose(d.Province) + " (để báo cáo)"}
		}
	}
	if doc.SignerTitle == "" {
		doc.SignerTitle = "CHỦ TỊCH"
	}
	if d.Province != "" {
		doc.ParentBody = strings.ToUpper("UBND " + coop.Whose(d.Province))
	}
	who := "Liên minh HTX " + coop.Whose(d.Province)
	if d.National() {
		who = "Liên minh HTX Việt Nam"
	}
	doc.Body = append(doc.Body, report.Block{Paragraph: fmt.Sprintf(
		"Thực hiện Quyết định số 01/QĐ-TTg ngày 03/01/2023 của Thủ tướng Chính phủ phê duyệt Đề án “Hỗ trợ hợp tác xã do phụ nữ tham gia quản lý, tạo việc làm cho lao động nữ đến năm 2030” (Đề án 01), %s báo cáo kết quả thực hiện %s (số liệu từ ngày %s đến ngày %s) như sau:",
		who, strings.TrimPrefix(d.Name, "Báo cáo "), coop.FormatDateVN(d.WindowFrom), coop.FormatDateVN(d.WindowTo))})
	for i, s := range coop.ReportSections {
		doc.Body = append(doc.Body, report.Block{Heading: romans[i] + ". " + strings.ToUpper(s.Label)})
		if text := strings.TrimSpace(d.Narrative[s.Code]); text != "" {
			doc.Body = append(doc.Body, report.Block{Paragraph: text})
		}
		if s.Code != coop.SectionResults {
			continue
		}
		for j, t := range figureTables(d, false) {
			doc.Body = append(doc.Body, report.Block{Heading: fmt.Sprintf("%d. %s", j+1, t.Title)})
			t.Title = ""
			doc.Body = append(doc.Body, report.Block{Table: &t})
		}
		if d.Consolidation != nil {
			t := sourcesTable(d.Consolidation)
			doc.Body = append(doc.Body, report.Block{Heading: fmt.Sprintf("%d. %s", len(figureGroups(d.Figures))+1, t.Title)})
			t.Title = ""
			doc.Body = append(doc.Body, report.Block{Table: &t})
		}
	}
	return doc
}

// figuresNote says where a report's figures come from.
func figuresNote(d *store.ReportDetail) string {
	if d.FiguresSource == "live" {
		return "Số liệu tổng hợp trực tiếp từ dữ liệu đến " + d.CompiledAt.In(vnZone).Format("15:04 ngày 02/01/2006") + ", chưa chốt."
	}
	return fmt.Sprintf("Số liệu đã chốt ở phiên bản %d (%s).", d.FiguresVersion, d.CompiledAt.In(vnZone).Format("15:04 ngày 02/01/2006"))
}

// figureTables lays out the report's figures, one table per group: for
// the document, the stated value and the target; for the workbook
// (full), also the compiled value, the override and its justification and
// how each figure was computed. Rows are numbered as in the document: the
// figures' internal keys are for the program, not for people.
func figureTables(d *store.ReportDetail, full bool) []report.Table {
	var out []report.Table
	for _, g := range figureGroups(d.Figures) {
		t := report.Table{Title: g.Label, Sheet: g.Label}
		if full {
			t.Columns = []report.Column{{Title: "TT", Kind: report.Int, Width: 0.7}, {Title: "Chỉ tiêu", Kind: report.Text, Width: 6},
				{Title: "Đơn vị tính", Kind: report.Text, Width: 1.5}, {Title: "Số tổng hợp", Kind: report.Int, Width: 2},
				{Title: "Số điều chỉnh", Kind: report.Int, Width: 2}, {Title: "Số báo cáo", Kind: report.Int, Width: 2},
				{Title: "Lý do điều chỉnh", Kind: report.Text, Width: 5}, {Title: "Chỉ tiêu giao", Kind: report.Int, Width: 2},
				{Title: "Cách tính", Kind: report.Text, Width: 6}}
		} else {
			t.Columns = []report.Column{{Title: "TT", Kind: report.Int, Width: 0.7}, {Title: "Chỉ tiêu", Kind: report.Text, Width: 6},
				{Title: "Đơn vị tính", Kind: report.Text, Width: 1.6}, {Title: "Kết quả", Kind: report.Int, Width: 2.2},
				{Title: "Chỉ tiêu giao", Kind: report.Int, Width: 2}}
		}
		for i, f := range g.Figures {
			var target any
			if f.Target != nil {
				target = figureCell(f.Unit, *f.Target, false)
			}
			if full {
				var ov any
				if f.Override != nil {
					ov = figureCell(f.Unit, *f.Override, false)
				}
				t.Rows = append(t.Rows, []any{i + 1, f.Label, unitLabel(f.Unit), figureCell(f.Unit, f.Value, f.NoData), ov,
					figureCell(f.Unit, f.Effective(), f.NoData), f.Justification, target, f.Note})
				continue
			}
			label := f.Label
			if f.Override != nil {
				label += " (*)"
				t.Notes = append(t.Notes, fmt.Sprintf("(*) %s: số tổng hợp %s, điều chỉnh thành %s. Lý do: %s", f.Label,
					coop.FormatFigure(f.Unit, f.Value), coop.FormatFigure(f.Unit, *f.Override), f.Justification))
			}
			t.Rows = append(t.Rows, []any{i + 1, label, unitLabel(f.Unit), figureCell(f.Unit, f.Effective(), f.NoData), target})
		}
		if full {
			// Each sheet of the workbook stands alone.
			t.Notes = append(t.Notes, figuresNote(d))
		}
		out = append(out, t)
	}
	if !full && len(out) > 0 {
		// The document says it once, under the last table.
		last := &out[len(out)-1]
		last.Notes = append(last.Notes, figuresNote(d))
	}
	return out
}

// zeroRow reports whether a figure's row says nothing but zeros: no value,
// no compiled value, no target. A figure without a data source is not a
// zero: its row says so.
func zeroRow(f coop.Figure) bool {
	return !f.NoData && f.Value == 0 && f.Effective() == 0 && (f.Target == nil || *f.Target == 0)
}

// withoutZeroRows returns the report with its all-zero figures left out,
// and how many were.
func withoutZeroRows(d *store.ReportDetail) (*store.ReportDetail, int) {
	c := *d
	c.Figures = nil
	for _, f := range d.Figures {
		if !zeroRow(f) {
			c.Figures = append(c.Figures, f)
		}
	}
	return &c, len(d.Figures) - len(c.Figures)
}

// omittedNote says how many all-zero figures a document leaves out.
func omittedNote(n int) string {
	return fmt.Sprintf("Đã lược bỏ %d chỉ tiêu có kết quả bằng 0 (không có chỉ tiêu giao).", n)
}

// omitZero reads the option that leaves out all-zero rows (?omit_zero=1).
func omitZero(r *http.Request) bool {
	switch r.URL.Query().Get("omit_zero") {
	case "1", "true", "on":
		return true
	}
	return false
}

// noteOmitted adds the omitted-rows note under the document's last table.
func noteOmitted(doc *report.Document, n int) {
	for i := len(doc.Body) - 1; i >= 0; i-- {
		if t := doc.Body[i].Table; t != nil {
			t.Notes = append(t.Notes, omittedNote(n))
			return
		}
	}
}

// sourcesTable says, for the national report, where each province's
// figures come from.
func sourcesTable(c *coop.Consolidation) report.Table {
	t := report.Table{Title: "Nguồn số liệu của các tỉnh, thành phố", Sheet: "Nguồn số liệu",
		Columns: []report.Column{{Title: "TT", Kind: report.Int, Width: 0.7}, {Title: "Tỉnh, thành phố", Kind: report.Text, Width: 4},
			{Title: "Trạng thái báo cáo", Kind: report.Text, Width: 3}, {Title: "Nguồn số liệu", Kind: report.Text, Width: 5}}}
	for i, s := range c.Sources {
		st := "Chưa lập báo cáo"
		if s.Status != "" {
			st = coop.ReportStatusLabel(s.Status, false)
		}
		t.Rows = append(t.Rows, []any{i + 1, s.ProvinceName, st, s.Label})
	}
	t.Notes = []string{fmt.Sprintf("%d tỉnh, thành phố có báo cáo đã phê duyệt.", c.Approved)}
	return t
}

// reportFileName names a report's download, ASCII only:
// "bao-cao-6-thang-2026-tuyen-quang-v2.pdf".
func reportFileName(d *store.ReportDetail, ext string) string {
	var kind string
	switch d.Kind {
	case coop.ReportSixMonthly:
		kind = fmt.Sprintf("bao cao 6 thang %d", d.Year)
	case coop.ReportAnnual:
		kind = fmt.Sprintf("bao cao nam %d", d.Year)
	case coop.ReportPhase:
		kind = "bao cao giai doan " + d.Phase
	default:
		kind = coop.ReportKinds.Label(d.Kind) + " " + strings.ReplaceAll(d.WindowTo, "-", "")
	}
	who := "toan quoc"
	if d.Province != "" {
		who = placeName(d.Province)
	}
	return slug(fmt.Sprintf("%s %s v%d", kind, who, d.Version)) + "." + ext
}

// slug folds text to lower-case ASCII words joined by "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range coop.Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// writeReportFile answers the report as a PDF document or an XLSX
// workbook of its figures.
func (s *Server) writeReportFile(w http.ResponseWriter, r *http.Request, id int64, format string) {
	d, err := s.db.Report(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, doc, omitted := printedReport(r, d)
	var tables []report.Table
	switch format {
	case "pdf":
		w.Header().Set("Content-Type", "application/pdf")
	case "xlsx":
		tables = figureTables(d, true)
		if omitted > 0 {
			for i := range tables {
				tables[i].Notes = append(tables[i].Notes, omittedNote(omitted))
			}
		}
		if d.Consolidation != nil {
			tables = append(tables, sourcesTable(d.Consolidation))
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		s.fail(w, r, &coop.Error{Code: coop.EINVALID, Message: "Chọn định dạng tải về: pdf hoặc xlsx.", Fields: map[string]string{"format": "pdf hoặc xlsx"}})
		return
	}
	key, keyed := documentKey(format, doc, tables)
	file, cached := documents.get(key)
	if !keyed || !cached {
		var buf bytes.Buffer
		if format == "pdf" {
			err = report.WritePDF(&buf, doc)
		} else {
			err = report.WriteXLSX(&buf, doc, tables...)
		}
		if err != nil {
			w.Header().Del("Content-Type")
			s.fail(w, r, err)
			return
		}
		file = buf.Bytes()
		if keyed {
			documents.put(key, file)
		}
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(d, format)+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(file)
}

func (s *Server) reportPDF(w http.ResponseWriter, r *http.Request)  { s.reportFile(w, r, "pdf") }
func (s *Server) reportXLSX(w http.ResponseWriter, r *http.Request) { s.reportFile(w, r, "xlsx") }

func (s *Server) reportFile(w http.ResponseWriter, r *http.Request, format string) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	s.writeReportFile(w, r, id, format)
}

// apiReportDownload answers GET /api/v1/reports/{id}/download?format=pdf|xlsx.
func (s *Server) apiReportDownload(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "pdf"
	}
	s.reportFile(w, r, format)
}

// reportPrint is the print view: the document in the browser, laid out
// for A4.
func (s *Server) reportPrint(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Report, func(d *store.ReportDetail) {
		d, doc, _ := printedReport(r, d)
		s.render(w, r, "report_print", map[string]any{"R": d, "Doc": doc})
	})
}

// printedReport is the report and its document as printed: without the
// rows that are all zero when the reader asks (see omitZero), with a note
// that says so; with the number of rows left out.
func printedReport(r *http.Request, d *store.ReportDetail) (*store.ReportDetail, report.Document, int) {
	omitted := 0
	if omitZero(r) {
		d, omitted = withoutZeroRows(d)
	}
	doc := reportDocument(d)
	if omitted > 0 {
		noteOmitted(&doc, omitted)
	}
	return d, doc, omitted
}
