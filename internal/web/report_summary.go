package web

import (
	"fmt"
	"slices"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// reportSummary is what the top of a report's page says: where the report
// stands, who must act next, why it was returned and which comments still
// wait for an answer.
type reportSummary struct {
	Next      string // who must act next, and how; "" when nobody must
	YouCan    bool   // the reader can take the next step
	CannotAct string // a plain sentence when the reader cannot
	Returned  string // the reason given with the last return
	Reopened  string // the reason given with the last reopening
	Open      []openComment
}

// openComment is a comment of the centre not answered yet, with the
// anchor of the page where it stands.
type openComment struct {
	ID     int64
	About  string
	Anchor string
	Body   string
}

// nextStep names who acts next on a report in its status, and the actions
// that take that step.
func nextStep(d *store.ReportDetail) (who string, actions []coop.Action) {
	if d.National() {
		switch d.Status {
		case coop.ReportDraft, coop.ReportReturned:
			return "Cán bộ Liên minh HTX Việt Nam hoàn thiện và ban hành báo cáo toàn quốc.", []coop.Action{coop.ActApprove}
		}
		return "", nil
	}
	switch d.Status {
	case coop.ReportDraft:
		return "Lãnh đạo Liên minh HTX tỉnh gửi báo cáo (cán bộ tỉnh có thể soạn nội dung trước).", []coop.Action{coop.ActSubmit}
	case coop.ReportReturned:
		return "Liên minh HTX tỉnh trả lời góp ý, chỉnh sửa; lãnh đạo Liên minh HTX tỉnh gửi lại báo cáo.", []coop.Action{coop.ActResubmit, coop.ActReply}
	case coop.ReportSubmitted:
		return "Liên minh HTX Việt Nam xem xét: góp ý, trả lại để chỉnh sửa hoặc phê duyệt.", []coop.Action{coop.ActApprove, coop.ActReturn, coop.ActComment}
	}
	return "", nil
}

func newReportSummary(d *store.ReportDetail) reportSummary {
	var s reportSummary
	next, actions := nextStep(d)
	s.Next = next
	for _, a := range actions {
		if slices.Contains(d.Actions, a) {
			s.YouCan = true
		}
	}
	if next != "" && !s.YouCan {
		if slices.Contains(d.Actions, coop.ActEdit) {
			s.CannotAct = "Bạn có thể soạn và lưu nội dung, nhưng vai trò của bạn không gửi được báo cáo: hãy báo lãnh đạo Liên minh HTX tỉnh khi nội dung đã xong."
		} else {
			s.CannotAct = "Vai trò của bạn không thực hiện được bước này; bạn chỉ xem được báo cáo."
		}
	}
	answered := map[int64]bool{}
	for _, c := range d.Comments {
		if c.ParentID != 0 {
			answered[c.ParentID] = true
		}
	}
	for _, c := range d.Comments {
		switch {
		case c.Kind == coop.CommentReturn:
			s.Returned = c.Body // the last one wins: comments come in order
		case c.Kind == coop.CommentReopen:
			s.Reopened = c.Body
		}
	}
	if d.Status != coop.ReportReturned {
		s.Returned = ""
	}
	if !d.Report.Editable() {
		s.Reopened = ""
	}
	if d.Status == coop.ReportApproved || d.National() {
		return s
	}
	for _, c := range d.Comments {
		if c.ParentID != 0 || answered[c.ID] || c.Kind != coop.CommentNote || strings.TrimSpace(c.Body) == "" {
			continue
		}
		oc := openComment{ID: c.ID, Anchor: fmt.Sprintf("comment-%d", c.ID), Body: clipText(c.Body, 140)}
		switch c.AnchorKind {
		case coop.AnchorFigure, coop.AnchorSection:
			oc.About = c.AnchorLabel
		default:
			oc.About = "Toàn báo cáo"
		}
		s.Open = append(s.Open, oc)
	}
	return s
}

// clipText shortens a text to n characters, at a word, with an ellipsis.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
