package coop

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Showcase is the public profile of a model organisation run by women, so
// that others can copy what worked (communication task of Decision 01): its
// story, results and a contact point. The province writes it and publishes
// it; until then it is a draft seen only inside the system. It holds only
// what the organisation agreed to publish: never the names of the people
// who manage it. Photos are out of scope for now.
type Showcase struct {
	OrganisationID int64 `json:"organisation_id"`

	Published   bool       `json:"published"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`

	// The story, in three parts: what they do (required; at least
	// StoryMinPublish characters to publish), how they started and what
	// helped them (support received, partners, loans…).
	Story      string `json:"story"`
	Beginnings string `json:"beginnings"`
	Support    string `json:"support"`

	// Results.
	JobsForWomen int64     `json:"jobs_for_women"`            // jobs the organisation gives women
	FemaleIncome int64     `json:"female_avg_monthly_income"` // đồng a month, 0 when not stated
	OtherResults string    `json:"other_results"`
	ContactName  string    `json:"contact_name"` // by default the provincial alliance
	ContactPhone string    `json:"contact_phone"`
	ContactEmail string    `json:"contact_email"`
	Version      int64     `json:"version"` // 0 for a profile not saved yet
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// StoryMinPublish is how long the story must be, in characters, before the
// profile may be published: enough for a reader to understand the model.
const StoryMinPublish = 80

// Limits of the showcase fields, in characters.
const (
	showcaseTextMax    = 5000
	showcaseResultsMax = 2000
	showcaseContactMax = 200
)

// Normalize cleans the profile's text fields (NFC, spaces; paragraphs kept
// in the long texts).
func (s *Showcase) Normalize() {
	cleanFields(paragraphs, &s.Story, &s.Beginnings, &s.Support, &s.OtherResults)
	cleanFields(Clean, &s.ContactName, &s.ContactPhone)
	s.ContactEmail = strings.ToLower(Clean(s.ContactEmail))
}

// Validate checks the profile as a draft may be saved: the story is
// written, lengths, formats and figures are sound. A published profile must
// also pass ValidateForPublishing.
func (s *Showcase) Validate() error {
	return s.problems(false).Err()
}

// ValidateForPublishing checks what a profile needs to be shown to the
// public: a story of at least StoryMinPublish characters and a way to get
// in touch, besides everything Validate checks.
func (s *Showcase) ValidateForPublishing() error {
	return s.problems(true).Err()
}

func (s *Showcase) problems(publishing bool) Problems {
	p := Problems{}
	switch n := utf8.RuneCountInString(s.Story); {
	case n == 0 && publishing:
		p.Add("story", "Viết câu chuyện của mô hình (tổ chức làm gì) trước khi công khai.")
	case n == 0:
		p.Add("story", "Viết câu chuyện của mô hình: tổ chức làm gì, sản phẩm, dịch vụ.")
	case n < StoryMinPublish && publishing:
		p.Add("story", fmt.Sprintf("Câu chuyện cần ít nhất %d ký tự để người đọc hiểu được mô hình (hiện có %d).", StoryMinPublish, n))
	case n > showcaseTextMax:
		p.Add("story", "Câu chuyện quá dài (tối đa 5.000 ký tự).")
	}
	p.maxText("beginnings", s.Beginnings, "Phần “bắt đầu như thế nào”", showcaseTextMax)
	p.maxText("support", s.Support, "Phần “điều gì đã giúp”", showcaseTextMax)
	p.maxText("other_results", s.OtherResults, "Kết quả khác", showcaseResultsMax)
	switch {
	case s.JobsForWomen < 0:
		p.Add("jobs_for_women", "Số việc làm cho lao động nữ không được âm.")
	case s.JobsForWomen > 1_000_000:
		p.Add("jobs_for_women", "Số việc làm cho lao động nữ không hợp lý (quá 1.000.000).")
	}
	switch {
	case s.FemaleIncome < 0:
		p.Add("female_avg_monthly_income", "Thu nhập bình quân không được âm.")
	case s.FemaleIncome > 1_000_000_000:
		p.Add("female_avg_monthly_income", "Thu nhập bình quân tháng không hợp lý (quá 1 tỷ đồng).")
	}
	switch n := utf8.RuneCountInString(s.ContactName); {
	case n == 0 && publishing:
		p.Add("contact_name", "Nhập đầu mối liên hệ (mặc định là Liên minh HTX tỉnh).")
	case n > showcaseContactMax:
		p.Add("contact_name", "Tên đầu mối liên hệ quá dài (tối đa 200 ký tự).")
	}
	if s.ContactPhone != "" && !validPhone(s.ContactPhone) {
		p.Add("contact_phone", "Số điện thoại liên hệ không hợp lệ (8–15 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch nối).")
	}
	if s.ContactEmail != "" && !validEmail(s.ContactEmail) {
		p.Add("contact_email", "Email liên hệ không hợp lệ (ví dụ: lienminhhtx@tuyenquang.gov.vn).")
	}
	if publishing && s.ContactPhone == "" && s.ContactEmail == "" {
		p.Add("contact_phone", "Nhập ít nhất số điện thoại hoặc email liên hệ để người đọc liên lạc được.")
	}
	return p
}

// validEmail accepts a bare address (no display name) with a dotted domain.
func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	_, domain, ok := strings.Cut(s, "@")
	return ok && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// ShowcaseBlocker says why the organisation may not be on the public
// showcase under the active women-in-management rule, or "" when it may: a
// model must be an active, non-archived organisation with women in
// management. Public reads apply the same conditions, so a model that stops
// meeting them leaves the showcase at once.
func ShowcaseBlocker(o *Organisation, wimRule string) string {
	switch {
	case o.Archived:
		return "Tổ chức đã được lưu trữ nên không thể giới thiệu công khai."
	case o.Status != StatusActive:
		return fmt.Sprintf("Chỉ giới thiệu công khai tổ chức đang hoạt động (tình trạng hiện tại: %s).", strings.ToLower(Statuses.Label(o.Status)))
	case !o.Flags.Get(wimRule):
		r, _ := RuleByID(wimRule)
		return fmt.Sprintf("Chỉ giới thiệu công khai tổ chức có phụ nữ tham gia quản lý theo quy tắc đang áp dụng (%s): hãy cập nhật chức danh quản lý trước.", r.Name)
	}
	return ""
}

// ManagementShare counts the management positions held on day (YYYY-MM-DD)
// and how many of them women hold: the figure the public sees in place of
// names.
func (o *Organisation) ManagementShare(day string) (women, total int) {
	for _, p := range o.Positions {
		if !p.HeldOn(day) {
			continue
		}
		total++
		if p.Sex == SexFemale {
			women++
		}
	}
	return women, total
}

// AllianceName is the name of the province's cooperative alliance, the
// default contact point of a model: "Liên minh Hợp tác xã Tuyên Quang".
func AllianceName(province string) string {
	name := ProvinceName(province)
	for _, prefix := range []string{"Tỉnh ", "Thành phố "} {
		if s, ok := strings.CutPrefix(name, prefix); ok {
			name = s
			break
		}
	}
	return "Liên minh Hợp tác xã " + name
}
