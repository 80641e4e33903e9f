package coop

import (
	"strings"
	"time"
)

// Stages of a founding case: first advice, dossier prepared, registered
// (the new HTX or THT is in the registry), or dropped.
const (
	FoundingAdvised    = "advised"
	FoundingDossier    = "dossier"
	FoundingRegistered = "registered"
	FoundingDropped    = "dropped"
)

// FoundingStages lists the stages in their order.
var FoundingStages = CodeList{
	{FoundingAdvised, "Đã tư vấn"},
	{FoundingDossier, "Đang hoàn thiện hồ sơ"},
	{FoundingRegistered, "Đã đăng ký thành lập"},
	{FoundingDropped, "Dừng"},
}

// FoundingKinds are what a founding group plans to become.
var FoundingKinds = CodeList{
	{KindHTX, "Hợp tác xã"},
	{KindTHT, "Tổ hợp tác"},
}

// FoundingCase follows a group supported to found a new HTX or THT, from
// the first advice to registration (DOMAIN.md §5, target T6).
type FoundingCase struct {
	ID             int64          `json:"id"`
	Province       string         `json:"province"`
	Commune        string         `json:"commune"`
	GroupName      string         `json:"group_name"`
	Kind           string         `json:"kind"`
	ContactName    string         `json:"contact_name"`
	ContactPhone   string         `json:"contact_phone"`
	WomenLed       bool           `json:"women_led"`
	MembersPlanned int64          `json:"members_planned"`
	Status         string         `json:"status"`
	AdvisedOn      string         `json:"advised_on"`
	DossierOn      string         `json:"dossier_on"`
	RegisteredOn   string         `json:"registered_on"`
	DroppedOn      string         `json:"dropped_on"`
	DropReason     string         `json:"drop_reason"`
	OrganisationID int64          `json:"organisation_id,omitempty"`
	OrgName        string         `json:"organisation_name,omitempty"`
	Notes          string         `json:"notes"`
	Steps          []FoundingStep `json:"steps,omitempty"`
	Version        int64          `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// FoundingStep is one move of a case: the stage reached and the day it
// took effect.
type FoundingStep struct {
	Step string `json:"step"`
	On   string `json:"on_date"`
	WorkflowStep
}

// Closed reports whether the case has reached its end (registered or
// dropped): it moves no more and its details are kept as they were.
func (c *FoundingCase) Closed() bool {
	return c.Status == FoundingRegistered || c.Status == FoundingDropped
}

// LastDate returns the date of the case's latest step.
func (c *FoundingCase) LastDate() string {
	d := c.AdvisedOn
	for _, x := range []string{c.DossierOn, c.RegisteredOn, c.DroppedOn} {
		if x > d {
			d = x
		}
	}
	return d
}

// Normalize cleans the case's text fields.
func (c *FoundingCase) Normalize() {
	c.Province = strings.TrimSpace(c.Province)
	c.Commune = Clean(c.Commune)
	c.GroupName = Clean(c.GroupName)
	c.Kind = strings.ToUpper(strings.TrimSpace(c.Kind))
	c.ContactName = Clean(c.ContactName)
	c.ContactPhone = Clean(c.ContactPhone)
	c.AdvisedOn = ParseDateVN(c.AdvisedOn)
	c.Notes = paragraphs(c.Notes)
}

// Validate checks the fields entered for a case; today is YYYY-MM-DD.
func (c *FoundingCase) Validate(today string) error {
	p := Problems{}
	if _, ok := ProvinceByCode(c.Province); !ok {
		p.Add("province", "Chọn tỉnh, thành phố.")
	}
	p.requireText("group_name", c.GroupName, "Nhập tên nhóm sáng lập (hoặc tên dự kiến của tổ chức).", textRule{what: "Tên", min: 3, max: 255})
	if !FoundingKinds.Valid(c.Kind) {
		p.Add("kind", "Chọn loại hình dự kiến: hợp tác xã hoặc tổ hợp tác.")
	}
	p.maxText("commune", c.Commune, "Tên xã, phường", 100)
	p.maxText("contact_name", c.ContactName, "Tên người liên hệ", 120)
	if c.ContactPhone != "" && !validPhone(c.ContactPhone) {
		p.Add("contact_phone", "Số điện thoại không hợp lệ (8–15 chữ số).")
	}
	if c.MembersPlanned < 0 || c.MembersPlanned > 100_000 {
		p.Add("members_planned", "Số thành viên dự kiến phải từ 0 đến 100.000.")
	}
	switch {
	case !p.requireDate("advised_on", c.AdvisedOn, "Nhập ngày tư vấn lần đầu.",
		"Ngày tư vấn phải từ 01/01/2023 đến hôm nay.", "Ngày tư vấn không hợp lệ (định dạng ngày/tháng/năm)."):
	case c.AdvisedOn > today:
		p.Add("advised_on", "Ngày tư vấn không được sau ngày hôm nay.")
	case c.AdvisedOn < "2023-01-01":
		p.Add("advised_on", "Ngày tư vấn phải từ khi có Đề án 01 (01/01/2023).")
	case c.DossierOn != "" && c.AdvisedOn > c.DossierOn:
		p.Add("advised_on", "Ngày tư vấn không được sau ngày lập hồ sơ.")
	}
	p.maxText("notes", c.Notes, "Ghi chú", 5000)
	return p.Err()
}

// FoundingMove is a requested move of a case.
type FoundingMove struct {
	To             string `json:"to"`
	On             string `json:"on"`
	Comment        string `json:"comment"`
	OrganisationID int64  `json:"organisation_id"`
	Reason         string `json:"reason"`
}

// CheckMove validates a move of the case: only forward (advised → dossier
// → registered), any open case may be dropped with a reason, and a date not
// before the previous step nor after today. Linking the organisation on
// registration is checked by the store.
func (c *FoundingCase) CheckMove(m *FoundingMove, today string) error {
	m.On = ParseDateVN(m.On)
	cleanFields(paragraphs, &m.Comment, &m.Reason)
	if err := moveTo(&m.To, FoundingStages, "Bước mới không hợp lệ.", "Chọn bước tiếp theo."); err != nil {
		return err
	}
	next := map[string][]string{
		FoundingAdvised: {FoundingDossier, FoundingDropped},
		FoundingDossier: {FoundingRegistered, FoundingDropped},
	}
	if !contains(next[c.Status], m.To) {
		if c.Closed() {
			return Errorf(EINVALID, "Hồ sơ đã ở bước “%s”, không chuyển tiếp được nữa.", FoundingStages.Label(c.Status))
		}
		return Errorf(EINVALID, "Không thể chuyển hồ sơ từ “%s” sang “%s”: chỉ đi tiếp theo thứ tự tư vấn → hồ sơ → đăng ký.",
			FoundingStages.Label(c.Status), FoundingStages.Label(m.To))
	}
	p := Problems{}
	if m.On == "" {
		m.On = today
	}
	const invalid = "Ngày không hợp lệ (định dạng ngày/tháng/năm)."
	switch {
	case !p.requireDate("on", m.On, invalid, dateBoundsMessage("Ngày"), invalid):
	case m.On > today:
		p.Add("on", "Ngày không được sau ngày hôm nay.")
	case m.On < c.LastDate():
		p.Add("on", "Ngày không được trước bước trước ("+FormatDateVN(c.LastDate())+").")
	}
	if m.To == FoundingDropped && m.Reason == "" {
		p.Add("reason", "Nêu lý do dừng hỗ trợ.")
	}
	if m.To == FoundingRegistered && m.OrganisationID <= 0 {
		p.Add("organisation_id", "Chọn tổ chức trong sổ đăng ký (cùng tỉnh, cùng loại hình) hoặc tạo hồ sơ mới trước.")
	}
	p.maxText("comment", m.Comment, "Ý kiến", 2000)
	p.maxText("reason", m.Reason, "Lý do", 2000)
	return p.Err()
}
