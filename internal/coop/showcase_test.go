package coop_test

import (
	"strings"
	"testing"

	"htxnu/internal/coop"
)

// validShowcase returns a profile that may be published; each case below
// breaks one rule of it.
func validShowcase() *coop.Showcase {
	return &coop.Showcase{
		OrganisationID: 7,
		Story: "Hợp tác xã dệt khăn, túi và váy thổ cẩm từ sợi lanh, nhuộm chàm theo cách của người Mông, " +
			"bán tại chợ phiên và qua các cửa hàng du lịch.",
		Beginnings:   "Năm 2016, mười hai chị em trong bản góp khung dệt.",
		Support:      "Liên minh HTX tỉnh hỗ trợ thành lập; vay Quỹ hỗ trợ phát triển HTX.",
		JobsForWomen: 41, FemaleIncome: 6_100_000, OtherResults: "Hai sản phẩm OCOP.",
		ContactName: "Liên minh Hợp tác xã Tuyên Quang", ContactPhone: "0207 3822 123", ContactEmail: "lienminhhtx@tuyenquang.gov.vn",
	}
}

func TestShowcaseValidate(t *testing.T) {
	if err := validShowcase().ValidateForPublishing(); err != nil {
		t.Fatalf("valid profile: %v", err)
	}
	short := "Hợp tác xã dệt thổ cẩm của chị em trong bản." // < 80 characters
	cases := []struct {
		name    string
		change  func(s *coop.Showcase)
		field   string
		msg     string // part of the field's message
		draftOK bool   // a draft may be saved with it
	}{
		{"no story", func(s *coop.Showcase) { s.Story = "" }, "story", "Viết câu chuyện", false},
		{"short story", func(s *coop.Showcase) { s.Story = short }, "story", "ít nhất 80 ký tự", true},
		{"story too long", func(s *coop.Showcase) { s.Story = strings.Repeat("dệt ", 1300) }, "story", "tối đa 5.000", false},
		{"beginnings too long", func(s *coop.Showcase) { s.Beginnings = strings.Repeat("a", 5001) }, "beginnings", "quá dài", false},
		{"support too long", func(s *coop.Showcase) { s.Support = strings.Repeat("a", 5001) }, "support", "quá dài", false},
		{"results too long", func(s *coop.Showcase) { s.OtherResults = strings.Repeat("a", 2001) }, "other_results", "tối đa 2.000", false},
		{"negative jobs", func(s *coop.Showcase) { s.JobsForWomen = -1 }, "jobs_for_women", "không được âm", false},
		{"absurd jobs", func(s *coop.Showcase) { s.JobsForWomen = 2_000_000 }, "jobs_for_women", "không hợp lý", false},
		{"negative income", func(s *coop.Showcase) { s.FemaleIncome = -5 }, "female_avg_monthly_income", "không được âm", false},
		{"absurd income", func(s *coop.Showcase) { s.FemaleIncome = 2_000_000_000 }, "female_avg_monthly_income", "không hợp lý", false},
		{"bad phone", func(s *coop.Showcase) { s.ContactPhone = "gọi bản" }, "contact_phone", "Số điện thoại liên hệ không hợp lệ", false},
		{"short phone", func(s *coop.Showcase) { s.ContactPhone = "0207 38" }, "contact_phone", "không hợp lệ", false},
		{"bad email", func(s *coop.Showcase) { s.ContactEmail = "lienminh@" }, "contact_email", "Email liên hệ không hợp lệ", false},
		{"email with a name", func(s *coop.Showcase) { s.ContactEmail = "Liên minh <lm@tq.vn>" }, "contact_email", "không hợp lệ", false},
		{"email without a dotted domain", func(s *coop.Showcase) { s.ContactEmail = "lm@localhost" }, "contact_email", "không hợp lệ", false},
		{"no way to get in touch", func(s *coop.Showcase) { s.ContactPhone, s.ContactEmail = "", "" }, "contact_phone", "ít nhất số điện thoại hoặc email", true},
		{"no contact name", func(s *coop.Showcase) { s.ContactName = "" }, "contact_name", "đầu mối liên hệ", true},
		{"contact name too long", func(s *coop.Showcase) { s.ContactName = strings.Repeat("a", 201) }, "contact_name", "quá dài", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := validShowcase()
			c.change(s)
			s.Normalize()
			err := s.ValidateForPublishing()
			if coop.ErrorCode(err) != coop.EINVALID {
				t.Fatalf("publishing: %v, want invalid", err)
			}
			if msg := coop.ErrorFields(err)[c.field]; !strings.Contains(msg, c.msg) {
				t.Fatalf("publishing: message of %s = %q, want it to contain %q (all: %v)", c.field, msg, c.msg, coop.ErrorFields(err))
			}
			draft := s.Validate()
			if c.draftOK && draft != nil {
				t.Fatalf("a draft may be saved with this, got %v", draft)
			}
			if !c.draftOK && coop.ErrorFields(draft)[c.field] == "" {
				t.Fatalf("a draft must not be saved with this, got %v", draft)
			}
		})
	}
}

func TestShowcaseNormalize(t *testing.T) {
	s := &coop.Showcase{Story: "  Dệt   thổ cẩm \r\n\r\n\r\n nhuộm chàm  ", ContactEmail: " LienMinh@TuyenQuang.gov.vn ", ContactName: " Liên  minh "}
	s.Normalize()
	if s.Story != "Dệt thổ cẩm\n\nnhuộm chàm" {
		t.Errorf("story = %q", s.Story)
	}
	if s.ContactEmail != "lienminh@tuyenquang.gov.vn" || s.ContactName != "Liên minh" {
		t.Errorf("contact = %q, %q", s.ContactName, s.ContactEmail)
	}
}

func TestShowcaseBlocker(t *testing.T) {
	base := func() *coop.Organisation {
		o := validHTX()
		o.Derive(today)
		return o
	}
	if got := coop.ShowcaseBlocker(base(), coop.RuleWIMDefault); got != "" {
		t.Fatalf("an active women-managed cooperative is blocked: %s", got)
	}
	cases := []struct {
		name   string
		change func(o *coop.Organisation)
		rule   string
		want   string
	}{
		{"archived", func(o *coop.Organisation) { o.Archived = true }, coop.RuleWIMDefault, "đã được lưu trữ"},
		{"suspended", func(o *coop.Organisation) { o.Status = coop.StatusSuspended }, coop.RuleWIMDefault, "tạm ngừng hoạt động"},
		{"dissolved", func(o *coop.Organisation) { o.Status = coop.StatusDissolved }, coop.RuleWIMDefault, "đã giải thể"},
		{"men only", func(o *coop.Organisation) {
			for i := range o.Positions {
				o.Positions[i].Sex = coop.SexMale
			}
			o.Derive(today)
		}, coop.RuleWIMDefault, "phụ nữ tham gia quản lý"},
		// The chair is a woman, so the strict rule holds too; under it a
		// cooperative whose only woman heads the supervisory board does not.
		{"strict rule", func(o *coop.Organisation) {
			o.Positions[0].Sex = coop.SexMale
			o.Derive(today)
		}, coop.RuleWIMStrict, "Chặt (v1)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := base()
			c.change(o)
			got := coop.ShowcaseBlocker(o, c.rule)
			if !strings.Contains(got, c.want) {
				t.Fatalf("blocker = %q, want it to contain %q", got, c.want)
			}
		})
	}
	// Under the default rule the supervisory head alone is enough.
	o := base()
	o.Positions[0].Sex = coop.SexMale
	o.Derive(today)
	if got := coop.ShowcaseBlocker(o, coop.RuleWIMDefault); got != "" {
		t.Fatalf("default rule with a woman heading the supervisory board: %s", got)
	}
}

func TestManagementShare(t *testing.T) {
	o := validHTX() // chair (woman), director until 2026-03-15 (man), supervisory head (woman)
	if w, n := o.ManagementShare("2026-01-01"); w != 2 || n != 3 {
		t.Fatalf("share on 2026-01-01 = %d/%d, want 2/3", w, n)
	}
	if w, n := o.ManagementShare(today); w != 2 || n != 2 {
		t.Fatalf("share after the director left = %d/%d, want 2/2", w, n)
	}
}

func TestAllianceName(t *testing.T) {
	for code, want := range map[string]string{"08": "Liên minh Hợp tác xã Tuyên Quang", "01": "Liên minh Hợp tác xã Hà Nội"} {
		if got := coop.AllianceName(code); got != want {
			t.Errorf("AllianceName(%s) = %q, want %q", code, got, want)
		}
	}
}
