package web

import (
	"encoding/json"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

func TestDescribeChanges(t *testing.T) {
	before := map[string]any{"name": "HTX Cũ", "status": "active", "founded_on": "2019-03-01", "version": 1,
		"positions": []coop.Position{{ID: 1, Role: coop.RoleDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale}},
		"flags":     map[string]bool{coop.RuleWIMDefault: false}}
	after := map[string]any{"name": "HTX Mới", "status": "suspended", "founded_on": "2019-03-01", "version": 2,
		"positions": []coop.Position{{ID: 1, Role: coop.RoleDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale, To: "2026-03-15"},
			{ID: 2, Role: coop.RoleDirector, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale}},
		"flags": map[string]bool{coop.RuleWIMDefault: true}}
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	e := describe(store.AuditEvent{Action: "update", Before: b, After: a})
	if e.ActionLabel != "Cập nhật" {
		t.Errorf("action label %q", e.ActionLabel)
	}
	got := map[string]change{}
	for _, c := range e.Changes {
		got[c.Label] = c
	}
	want := map[string][2]string{
		"Tên":              {"HTX Cũ", "HTX Mới"},
		"Tình trạng":       {"Đang hoạt động", "Tạm ngừng hoạt động"},
		"Chức danh":        {"Giám đốc / Tổng giám đốc – Lò Văn Sáng (Nam)", "Giám đốc / Tổng giám đốc – Lò Văn Sáng (Nam), đến 15/03/2026"},
		"Chức danh (thêm)": {"", "Giám đốc / Tổng giám đốc – Hoàng Thị Mai (Nữ)"},
		"Phụ nữ tham gia quản lý (mặc định)": {"Không", "Có"},
	}
	for label, w := range want {
		c, ok := got[label]
		if !ok || c.Before != w[0] || c.After != w[1] {
			t.Errorf("%s: got %+v, want %q → %q", label, c, w[0], w[1])
		}
	}
	if len(e.Changes) != len(want) {
		t.Errorf("unchanged fields (founded_on, version) must not be listed: %+v", e.Changes)
	}
	for _, c := range e.Changes {
		if strings.Contains(c.Label, "version") {
			t.Errorf("version listed as a change")
		}
	}
}

// A damaged recorded value still lists the event, with what can be read,
// and says that the changes shown are incomplete.
func TestDescribeUnreadableValue(t *testing.T) {
	e := describe(store.AuditEvent{Action: "update", Entity: "organisation",
		Before: json.RawMessage(`{"name":"HTX Cũ","positions":[{"id":"một"}]}`), After: json.RawMessage(`{"name":"HTX Mới","positions":[]}`)})
	if e.Unreadable == "" {
		t.Error("a damaged position is not flagged")
	}
	if len(e.Changes) == 0 || e.Changes[0].Label != "Tên" || e.Changes[0].After != "HTX Mới" {
		t.Errorf("the readable change is lost: %+v", e.Changes)
	}
	if e := describe(store.AuditEvent{Action: "update", Before: json.RawMessage(`{"name":"A"}`), After: json.RawMessage(`{"name":"B"}`)}); e.Unreadable != "" {
		t.Errorf("a sound event is flagged: %q", e.Unreadable)
	}
}
