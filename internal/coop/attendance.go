package coop

import (
	"fmt"
	"unicode/utf8"
)

// Attendee is one person who attended an activity (a training): T5 counts
// the women holding management positions found among them.
type Attendee struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Sex            string `json:"sex"`
	Role           string `json:"role"` // a management role (ManagementRoles) or free text, e.g. "thành viên"
	OrganisationID int64  `json:"organisation_id,omitempty"`
}

// Validate checks one attendee; i is its line (from 1) for the messages.
func (a *Attendee) Validate(i int) Problems {
	a.Name, a.Role = Clean(a.Name), Clean(a.Role)
	p := Problems{}
	switch n := utf8.RuneCountInString(a.Name); {
	case n == 0:
		p.Add(fmt.Sprintf("attendees.%d.name", i), fmt.Sprintf("Dòng %d: nhập họ tên người tham dự.", i))
	case n > 255:
		p.Add(fmt.Sprintf("attendees.%d.name", i), fmt.Sprintf("Dòng %d: họ tên quá dài (tối đa 255 ký tự).", i))
	}
	if a.Sex != "" && !Sexes.Valid(a.Sex) {
		p.Add(fmt.Sprintf("attendees.%d.sex", i), fmt.Sprintf("Dòng %d: giới tính không hợp lệ.", i))
	}
	if utf8.RuneCountInString(a.Role) > 100 {
		p.Add(fmt.Sprintf("attendees.%d.role", i), fmt.Sprintf("Dòng %d: chức danh quá dài (tối đa 100 ký tự).", i))
	}
	return p
}

// UnionStaffRecord is what the Women's Union partner or provincial staff
// record for T7 and T8 in a province on a date: Union staff working on
// economic support (total, trained) and Union staff doing communication
// (total, with improved skills).
type UnionStaffRecord struct {
	ID                    int64  `json:"id"`
	Province              string `json:"province"`
	RecordedOn            string `json:"recorded_on"`
	EconomicTotal         int64  `json:"economic_total"`
	EconomicTrained       int64  `json:"economic_trained"`
	CommunicationTotal    int64  `json:"communication_total"`
	CommunicationImproved int64  `json:"communication_improved"`
	Notes                 string `json:"notes"`
	RecordedBy            string `json:"recorded_by"`
	Version               int64  `json:"version"`
}

// Validate checks the record against today (YYYY-MM-DD).
func (r *UnionStaffRecord) Validate(today string) error {
	r.Notes = Clean(r.Notes)
	if d := ParseDateVN(r.RecordedOn); d != "" {
		r.RecordedOn = d
	}
	p := Problems{}
	if _, ok := ProvinceByCode(r.Province); !ok {
		p.Add("province", "Chọn tỉnh, thành phố.")
	}
	const invalid = "Ngày ghi nhận không hợp lệ (định dạng ngày/tháng/năm)."
	if p.requireDate("recorded_on", r.RecordedOn, invalid, dateBoundsMessage("Ngày ghi nhận"), invalid) && r.RecordedOn > today {
		p.Add("recorded_on", "Ngày ghi nhận không được sau ngày hôm nay.")
	}
	for _, c := range []struct {
		field       string
		part, total int64
		label       string
	}{{"economic_trained", r.EconomicTrained, r.EconomicTotal, "Số cán bộ được tập huấn"},
		{"communication_improved", r.CommunicationImproved, r.CommunicationTotal, "Số cán bộ được nâng cao kỹ năng"}} {
		if c.part < 0 || c.total < 0 {
			p.Add(c.field, "Số người không được âm.")
		} else if c.part > c.total {
			p.Add(c.field, c.label+" không được lớn hơn tổng số.")
		}
	}
	p.maxText("notes", r.Notes, "Ghi chú", 2000)
	return p.Err()
}
