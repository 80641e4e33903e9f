package web

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// change is one field changed by an audited write, in Vietnamese.
type change struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// entry is an audit event as people read it.
type entry struct {
	store.AuditEvent
	ActionLabel string   `json:"action_label"`
	EntityLabel string   `json:"entity_label"`
	RecordName  string   `json:"record_name,omitempty"`
	Link        string   `json:"link,omitempty"`
	Changes     []change `json:"changes"`
	When        string   `json:"when"`
	// Unreadable says, when part of the recorded values does not decode,
	// that the changes shown are incomplete.
	Unreadable string `json:"unreadable,omitempty"`
}

// auditReader decodes an event's recorded values and keeps the first
// failure, so one damaged value leaves the event listed with a warning
// instead of silently showing it as absent.
type auditReader struct{ err error }

func (d *auditReader) read(raw json.RawMessage, v any) {
	if len(raw) == 0 {
		return
	}
	if err := json.Unmarshal(raw, v); err != nil && d.err == nil {
		d.err = err
	}
}

var actionLabels = map[string]string{
	"create": "Tạo mới", "update": "Cập nhật", "archive": "Lưu trữ", "restore": "Khôi phục",
	"rule_change": "Đổi quy tắc phân loại", "bulk_load": "Nạp dữ liệu hàng loạt",
	"sign_in": "Đăng nhập", "sign_in_failed": "Đăng nhập không thành công", "sign_out_everywhere": "Đăng xuất mọi nơi",
	"reset_password": "Đặt lại mật khẩu", "change_password": "Đổi mật khẩu", "create_token": "Tạo mã truy cập API",
	"revoke": "Thu hồi", "sign_out": "Đăng xuất", "change_password_failed": "Đổi mật khẩu không thành công",
}

var fieldLabels = map[string]string{
	"kind": "Loại hình", "name": "Tên", "registration_no": "Mã số HTX", "sector": "Lĩnh vực", "governance": "Mô hình quản lý",
	"province": "Tỉnh, thành phố", "commune": "Xã, phường", "address": "Địa chỉ", "founded_on": "Ngày thành lập",
	"status": "Tình trạng", "parent_id": "Thuộc liên hiệp HTX", "phone": "Điện thoại", "archived": "Lưu trữ",
	"email": "Email", "role": "Vai trò", "disabled": "Khoá tài khoản", "agency_id": "Cơ quan", "rule": "Quy tắc", "family": "Nhóm phân loại",
	"count": "Số bản ghi", "address_ip": "Địa chỉ", "flags": "Phân loại",
}

var ruleFlagLabels = map[string]string{
	coop.RuleWIMDefault: "Phụ nữ tham gia quản lý (mặc định)", coop.RuleWIMStrict: "Phụ nữ tham gia quản lý (chặt)",
	coop.RuleHFLTiers: "Tỷ lệ lao động nữ cao (NĐ 145)", coop.RuleHFLShare50: "Tỷ lệ lao động nữ cao (≥ 50%)",
}

// describe turns an audit event's before and after into field-by-field
// changes in Vietnamese.
func describe(e store.AuditEvent) entry {
	ent := entityOf(e.Entity)
	out := entry{AuditEvent: e, ActionLabel: actionLabels[e.Action], EntityLabel: ent.Label, When: e.At.In(vnZone).Format("02/01/2006 15:04")}
	if out.ActionLabel == "" {
		out.ActionLabel = moreActionLabels[e.Action]
	}
	if out.ActionLabel == "" {
		out.ActionLabel = "Thay đổi khác"
	}
	if ent.link != nil && e.EntityID != 0 {
		out.Link = ent.link(e.EntityID)
	}
	// A value that does not decode is shown as absent and the event says
	// so; the event itself is still listed.
	rd := &auditReader{}
	var before, after map[string]json.RawMessage
	rd.read(e.Before, &before)
	rd.read(e.After, &after)
	out.RecordName = recordName(before, after)
	// A workflow step records the status it left as "from".
	if from, ok := after["from"]; ok && before == nil {
		before = map[string]json.RawMessage{"status": from}
	}
	// The fields either side has, once each, in order.
	order := slices.Concat(slices.Collect(maps.Keys(before)), slices.Collect(maps.Keys(after)))
	slices.Sort(order)
	order = slices.DeleteFunc(slices.Compact(order), func(k string) bool {
		return hiddenFields[k] || (k == "parent_id" && e.Entity != "organisation")
	})
	for _, k := range order {
		b, a := before[k], after[k]
		if string(b) == string(a) {
			continue
		}
		switch k {
		case "positions":
			out.Changes = append(out.Changes, diffList(rd, k, "Chức danh", b, a, describePosition)...)
		case "workforce":
			out.Changes = append(out.Changes, diffList(rd, k, "Số liệu lao động", b, a, describeSnapshot)...)
		case "ocop_products":
			out.Changes = append(out.Changes, diffList(rd, k, "Sản phẩm OCOP", b, a, describeProduct)...)
		case "flags":
			var fb, fa map[string]bool
			rd.read(b, &fb)
			rd.read(a, &fa)
			for _, r := range coop.Rules {
				if fb[r.ID] != fa[r.ID] {
					out.Changes = append(out.Changes, change{Field: "flags." + r.ID, Label: ruleFlagLabels[r.ID], Before: yesNo(fb[r.ID], b == nil), After: yesNo(fa[r.ID], a == nil)})
				}
			}
		default:
			label := fieldLabel(k)
			if label == "" {
				continue
			}
			bv, av := textChange(readable(e.Entity, k, b), readable(e.Entity, k, a))
			if bv == av {
				continue
			}
			out.Changes = append(out.Changes, change{Field: k, Label: label, Before: bv, After: av})
		}
	}
	if rd.err != nil {
		out.Unreadable = "Một phần giá trị đã ghi của thay đổi này không đọc được nên không hiển thị đầy đủ."
	}
	return out
}

func yesNo(v, missing bool) string {
	switch {
	case missing:
		return ""
	case v:
		return "Có"
	}
	return "Không"
}

func describePosition(rd *auditReader, raw json.RawMessage) (int64, string) {
	var p coop.Position
	rd.read(raw, &p)
	s := fmt.Sprintf("%s – %s (%s)", coop.ManagementRoles.Label(p.Role), p.Holder, coop.Sexes.Label(p.Sex))
	if p.From != "" {
		s += ", từ " + coop.FormatDateVN(p.From)
	}
	if p.To != "" {
		s += ", đến " + coop.FormatDateVN(p.To)
	}
	return p.ID, s
}

func describeSnapshot(rd *auditReader, raw json.RawMessage) (int64, string) {
	var s coop.Snapshot
	rd.read(raw, &s)
	return s.ID, fmt.Sprintf("ngày %s: thành viên %s (nữ %s), lao động %s (nữ %s), thường xuyên %s (nữ %s)",
		coop.FormatDateVN(s.AsOf), coop.FormatInt(s.MembersTotal), coop.FormatInt(s.MembersFemale),
		coop.FormatInt(s.WorkersTotal), coop.FormatInt(s.WorkersFemale), coop.FormatInt(s.RegularTotal), coop.FormatInt(s.RegularFemale))
}

func describeProduct(rd *auditReader, raw json.RawMessage) (int64, string) {
	var p coop.Product
	rd.read(raw, &p)
	return p.ID, fmt.Sprintf("%s – %s, %d sao", p.Name, coop.OCOPGroups.Label(p.Group), p.Stars)
}

// diffList compares two JSON arrays of children by id.
func diffList(rd *auditReader, field, label string, before, after json.RawMessage, desc func(*auditReader, json.RawMessage) (int64, string)) []change {
	var b, a []json.RawMessage
	rd.read(before, &b)
	rd.read(after, &a)
	old := map[int64]string{}
	var oldOrder []int64
	for _, x := range b {
		id, s := desc(rd, x)
		old[id] = s
		oldOrder = append(oldOrder, id)
	}
	var out []change
	seen := map[int64]bool{}
	for _, x := range a {
		id, s := desc(rd, x)
		seen[id] = true
		prev, ok := old[id]
		switch {
		case !ok:
			out = append(out, change{Field: field, Label: label + " (thêm)", After: s})
		case prev != s:
			out = append(out, change{Field: field, Label: label, Before: prev, After: s})
		}
	}
	for _, id := range oldOrder {
		if !seen[id] {
			out = append(out, change{Field: field, Label: label + " (xoá)", Before: old[id]})
		}
	}
	return out
}

var vnZone = time.FixedZone("ICT", 7*3600)

// describeAll describes each event (see describe).
func describeAll(events []store.AuditEvent) []entry {
	entries := make([]entry, 0, len(events))
	for _, e := range events {
		entries = append(entries, describe(e))
	}
	return entries
}

func (s *Server) orgHistory(w http.ResponseWriter, r *http.Request) {
	o, ok := recordAt(s, w, r, s.db.Organisation)
	if !ok {
		return
	}
	page, qerr := queryInt(r.URL.Query(), "page")
	events, total, err := s.db.OrganisationHistory(r.Context(), actor(r), o.ID, page, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	entries := describeAll(events)
	s.renderQueried(w, r, qerr, "org_history", map[string]any{"Org": o, "Entries": entries, "Total": total})
}

func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Entity: q.Get("entity"), Province: q.Get("province"), Text: q.Get("q"),
		From: coop.ParseDateVN(q.Get("from")), To: coop.ParseDateVN(q.Get("to"))}
	n := numbersOf(q)
	f.EntityID, f.ActorID = n.int64("id"), n.int64("actor")
	f.Page, f.PerPage = n.int("page"), n.int("per_page")
	if f.PerPage == 0 {
		f.PerPage = 50
	}
	return f, n.err()
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	f, qerr := auditFilter(r.URL.Query())
	events, total, err := s.db.AuditEvents(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	entries := describeAll(events)
	page, pages := pageOf(f.Page, f.PerPage, total)
	people, err := s.db.AuditPeople(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Entries": entries, "Total": total, "Filter": f, "Query": r.URL.Query(), "Page": page, "Pages": pages,
		"Entities": auditEntities, "People": people}
	if f.EntityID != 0 {
		name := entityOf(f.Entity).Label
		if len(entries) > 0 && entries[0].RecordName != "" {
			name += " " + entries[0].RecordName
		}
		data["Record"] = name
	}
	s.renderQueried(w, r, qerr, "audit", data)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, auditFilter, func(ctx context.Context, a coop.Actor, f store.AuditFilter) (any, error) {
		var events []store.AuditEvent
		var total int
		var err error
		if f.Entity == "organisation" && f.EntityID != 0 {
			// One organisation's history: readable with the organisation, and
			// not found when the organisation is outside the actor's scope.
			events, total, err = s.db.OrganisationHistory(ctx, a, f.EntityID, f.Page, f.PerPage)
		} else {
			events, total, err = s.db.AuditEvents(ctx, a, f)
		}
		if err != nil {
			return nil, err
		}
		return map[string]any{"items": describeAll(events), "total": total}, nil
	})
}
