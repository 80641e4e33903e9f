package coop

import (
	"fmt"
	"strings"
	"time"
)

// Organisation is a collective economic organisation: a cooperative (HTX),
// a union of cooperatives (LHHTX) or a cooperative group (THT).
type Organisation struct {
	ID             int64  `json:"id"`
	Kind           string `json:"kind"`
	Name           string `json:"name"`
	RegistrationNo string `json:"registration_no"`
	Sector         string `json:"sector"`
	Governance     string `json:"governance"`
	Province       string `json:"province"`
	Commune        string `json:"commune"`
	Address        string `json:"address"`
	FoundedOn      string `json:"founded_on"` // YYYY-MM-DD or empty
	Status         string `json:"status"`
	ParentID       int64  `json:"parent_id,omitempty"` // the LHHTX an HTX belongs to
	Phone          string `json:"phone"`
	Version        int64  `json:"version"`
	Archived       bool   `json:"archived"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Derived on every write; ignored on input.
	Flags     Flags     `json:"-"`
	Workforce *Snapshot `json:"-"` // the latest snapshot, if any

	// Children. On update, a nil slice leaves that collection as it is; a
	// non-nil slice (even empty) replaces it.
	Positions []Position `json:"positions"`
	Snapshots []Snapshot `json:"workforce"`
	Products  []Product  `json:"ocop_products"`

	// Changes of status or province with the day each took effect; kept
	// by the store (read-only on input).
	Changes []StatusChange `json:"status_changes,omitempty"`
	// EffectiveOn is, on input, the day a change of status or province
	// made by this save takes effect (default: today).
	EffectiveOn string `json:"effective_on,omitempty"`
}

// Position is a management position held by a person.
type Position struct {
	ID     int64  `json:"id"`
	Role   string `json:"role"`
	Holder string `json:"holder"`
	Sex    string `json:"sex"`
	From   string `json:"from"` // YYYY-MM-DD or empty
	To     string `json:"to"`   // YYYY-MM-DD or empty while held
}

// HeldOn reports whether the position is held on day (YYYY-MM-DD).
func (p Position) HeldOn(day string) bool {
	if p.From != "" && p.From > day {
		return false
	}
	return p.To == "" || p.To >= day
}

// OrgRef names an organisation where another record lists it: the
// cooperatives an obstacle affects, the beneficiaries of an activity.
type OrgRef struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Province string `json:"province"`
}

// Snapshot is the workforce of an organisation as of a date.
type Snapshot struct {
	ID                  int64  `json:"id"`
	AsOf                string `json:"as_of"`
	MembersTotal        int64  `json:"members_total"`
	MembersFemale       int64  `json:"members_female"`
	WorkersTotal        int64  `json:"workers_total"`
	WorkersFemale       int64  `json:"workers_female"`
	RegularTotal        int64  `json:"regular_workers_total"`
	RegularFemale       int64  `json:"regular_workers_female"`
	FemaleMonthlyIncome int64  `json:"female_avg_monthly_income"` // đồng, 0 when unknown
}

// Product is an OCOP-rated product.
type Product struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Group       string `json:"group"`
	Stars       int    `json:"stars"`
	CertifiedOn string `json:"certified_on"`
	ExpiresOn   string `json:"expires_on"`
}

// Flags are the classifications of an organisation under every rule
// version, computed on every write.
type Flags struct {
	WIMDefault bool
	WIMStrict  bool
	HFLTiers   bool
	HFLShare50 bool
}

// Get returns the flag of the given rule id.
func (f Flags) Get(ruleID string) bool {
	switch ruleID {
	case RuleWIMDefault:
		return f.WIMDefault
	case RuleWIMStrict:
		return f.WIMStrict
	case RuleHFLTiers:
		return f.HFLTiers
	case RuleHFLShare50:
		return f.HFLShare50
	}
	return false
}

// Normalize cleans every text field (NFC, trimmed, single spaces).
func (o *Organisation) Normalize() {
	o.Kind = strings.ToUpper(strings.TrimSpace(o.Kind))
	cleanFields(Clean, &o.Name, &o.RegistrationNo, &o.Commune, &o.Address, &o.Phone)
	cleanFields(strings.TrimSpace, &o.Sector, &o.Governance, &o.Province, &o.FoundedOn, &o.Status)
	if o.Kind == KindTHT {
		o.Governance = ""
	}
	for i := range o.Positions {
		p := &o.Positions[i]
		p.Role, p.Holder, p.Sex = strings.TrimSpace(p.Role), Clean(p.Holder), strings.TrimSpace(p.Sex)
		p.From, p.To = strings.TrimSpace(p.From), strings.TrimSpace(p.To)
	}
	for i := range o.Snapshots {
		o.Snapshots[i].AsOf = strings.TrimSpace(o.Snapshots[i].AsOf)
	}
	for i := range o.Products {
		p := &o.Products[i]
		p.Name, p.Group = Clean(p.Name), strings.TrimSpace(p.Group)
		p.CertifiedOn, p.ExpiresOn = strings.TrimSpace(p.CertifiedOn), strings.TrimSpace(p.ExpiresOn)
	}
}

// Validate checks the organisation and its children against the rules of
// the registry and returns an EINVALID *Error with a Vietnamese message for
// every field in error. today is YYYY-MM-DD.
func (o *Organisation) Validate(today string) error {
	p := Problems{}
	o.validateOwn(p, today)
	o.validatePositions(p)
	o.validateSnapshots(p, today)
	o.validateProducts(p)
	return p.Err()
}

// validateOwn checks the organisation's own fields.
func (o *Organisation) validateOwn(p Problems, today string) {
	if !Kinds.Valid(o.Kind) {
		p.Add("kind", "Chọn loại hình tổ chức (HTX, Liên hiệp HTX hoặc Tổ hợp tác).")
	}
	p.requireText("name", o.Name, "Nhập tên tổ chức.", textRule{what: "Tên tổ chức", min: 3, max: 255, visible: true})
	p.maxText("registration_no", o.RegistrationNo, "Mã số HTX", 50)
	if !Sectors.Valid(o.Sector) {
		p.Add("sector", "Chọn lĩnh vực hoạt động.")
	}
	switch o.Kind {
	case KindHTX, KindLHHTX:
		if !GovernanceModels.Valid(o.Governance) {
			p.Add("governance", "Chọn mô hình tổ chức quản lý (đầy đủ hoặc rút gọn).")
		}
	case KindTHT:
		if o.Governance != "" {
			p.Add("governance", "Tổ hợp tác không có mô hình tổ chức quản lý.")
		}
	}
	if _, ok := ProvinceByCode(o.Province); !ok {
		p.Add("province", "Chọn tỉnh, thành phố.")
	}
	p.maxText("commune", o.Commune, "Tên xã, phường", 100)
	p.maxText("address", o.Address, "Địa chỉ", 255)
	if o.FoundedOn != "" {
		if outOfBoundsDate(o.FoundedOn) {
			p.Add("founded_on", "Ngày thành lập phải từ 01/01/1945 đến hôm nay.")
		} else if !ValidDate(o.FoundedOn) {
			p.Add("founded_on", "Ngày thành lập không hợp lệ (định dạng ngày/tháng/năm).")
		} else if o.FoundedOn > today {
			p.Add("founded_on", "Ngày thành lập không được sau ngày hôm nay.")
		} else if o.FoundedOn < "1945-01-01" {
			p.Add("founded_on", "Ngày thành lập không hợp lệ (trước năm 1945).")
		}
	}
	if !Statuses.Valid(o.Status) {
		p.Add("status", "Chọn tình trạng hoạt động.")
	}
	if o.ParentID != 0 && o.Kind != KindHTX {
		p.Add("parent_id", "Chỉ hợp tác xã mới có thể là thành viên của liên hiệp hợp tác xã.")
	}
	if o.ParentID != 0 && o.ParentID == o.ID {
		p.Add("parent_id", "Tổ chức không thể là thành viên của chính mình.")
	}
	if o.Phone != "" && !validPhone(o.Phone) {
		p.Add("phone", "Số điện thoại không hợp lệ (8–15 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch nối).")
	}
}

// validatePositions checks each management position against the roles
// the organisation's kind and governance allow.
func (o *Organisation) validatePositions(p Problems) {
	roles := RolesFor(o.Kind, o.Governance)
	for i, pos := range o.Positions {
		f := fmt.Sprintf("positions[%d].", i)
		if !ManagementRoles.Valid(pos.Role) {
			p.Add(f+"role", "Chọn chức danh.")
		} else if !contains(roles, pos.Role) && Kinds.Valid(o.Kind) {
			p.Add(f+"role", fmt.Sprintf("Chức danh %q không phù hợp với %s.", ManagementRoles.Label(pos.Role), modelLabel(o.Kind, o.Governance)))
		}
		p.requireText(f+"holder", pos.Holder, "Nhập họ và tên người giữ chức danh.", nameRule("Họ và tên", 120))
		if !Sexes.Valid(pos.Sex) {
			p.Add(f+"sex", "Chọn giới tính.")
		}
		p.optionalDate(f+"from", pos.From, "Ngày bắt đầu", "Ngày bắt đầu không hợp lệ.")
		p.optionalDate(f+"to", pos.To, "Ngày kết thúc", "Ngày kết thúc không hợp lệ.")
		if pos.From != "" && pos.To != "" && ValidDate(pos.From) && ValidDate(pos.To) && pos.To < pos.From {
			p.Add(f+"to", "Ngày kết thúc không được trước ngày bắt đầu.")
		}
	}
}

// validateSnapshots checks each workforce snapshot: one per day, none in
// the future, women never more than the total.
func (o *Organisation) validateSnapshots(p Problems, today string) {
	seen := map[string]bool{}
	for i, s := range o.Snapshots {
		f := fmt.Sprintf("workforce[%d].", i)
		switch {
		case outOfBoundsDate(s.AsOf):
			p.Add(f+"as_of", dateBoundsMessage("Ngày số liệu"))
		case !ValidDate(s.AsOf):
			p.Add(f+"as_of", "Nhập ngày số liệu hợp lệ.")
		case s.AsOf > today:
			p.Add(f+"as_of", "Ngày số liệu không được sau ngày hôm nay.")
		case seen[s.AsOf]:
			p.Add(f+"as_of", "Đã có số liệu lao động tại ngày này.")
		}
		seen[s.AsOf] = true
		headcountPair(p, s.MembersTotal, s.MembersFemale, f+"members_total", f+"members_female", "thành viên")
		headcountPair(p, s.WorkersTotal, s.WorkersFemale, f+"workers_total", f+"workers_female", "người lao động")
		headcountPair(p, s.RegularTotal, s.RegularFemale, f+"regular_workers_total", f+"regular_workers_female", "lao động thường xuyên")
		if s.RegularTotal > s.WorkersTotal && s.WorkersTotal >= 0 {
			p.Add(f+"regular_workers_total", "Số lao động thường xuyên không được lớn hơn tổng số người lao động.")
		}
		if s.RegularFemale > s.WorkersFemale && s.WorkersFemale >= 0 {
			p.Add(f+"regular_workers_female", "Số lao động nữ thường xuyên không được lớn hơn tổng số lao động nữ.")
		}
		if s.FemaleMonthlyIncome < 0 {
			p.Add(f+"female_avg_monthly_income", "Thu nhập bình quân không được âm.")
		} else if s.FemaleMonthlyIncome > 1_000_000_000 {
			p.Add(f+"female_avg_monthly_income", "Thu nhập bình quân tháng không hợp lý (quá 1 tỷ đồng).")
		}
	}
}

// validateProducts checks each OCOP product.
func (o *Organisation) validateProducts(p Problems) {
	for i, pr := range o.Products {
		f := fmt.Sprintf("ocop_products[%d].", i)
		p.requireText(f+"name", pr.Name, "Nhập tên sản phẩm.", nameRule("Tên sản phẩm", 200))
		if !OCOPGroups.Valid(pr.Group) {
			p.Add(f+"group", "Chọn nhóm sản phẩm OCOP.")
		}
		if pr.Stars < 3 || pr.Stars > 5 {
			p.Add(f+"stars", "Hạng sao OCOP phải từ 3 đến 5.")
		}
		p.optionalDate(f+"certified_on", pr.CertifiedOn, "Ngày công nhận", "Ngày công nhận không hợp lệ.")
		p.optionalDate(f+"expires_on", pr.ExpiresOn, "Ngày hết hạn", "Ngày hết hạn không hợp lệ.")
		if ValidDate(pr.CertifiedOn) && ValidDate(pr.ExpiresOn) && pr.ExpiresOn <= pr.CertifiedOn {
			p.Add(f+"expires_on", "Ngày hết hạn phải sau ngày công nhận.")
		}
	}
}

func modelLabel(kind, governance string) string {
	switch {
	case kind == KindTHT:
		return "tổ hợp tác"
	case governance == GovernanceSimplified:
		return "mô hình rút gọn"
	default:
		return "mô hình đầy đủ"
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '.', r == '-':
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// ValidDate reports whether s is a real calendar date in YYYY-MM-DD form
// between MinDate and MaxDate.
func ValidDate(s string) bool {
	if len(s) != 10 || s < MinDate || s > MaxDate {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// ParseDateVN accepts YYYY-MM-DD or the Vietnamese DD/MM/YYYY and returns
// YYYY-MM-DD; anything else is returned unchanged so validation can report
// it without losing what the user typed.
func ParseDateVN(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || ValidDate(s) {
		return s
	}
	for _, layout := range []string{"2/1/2006", "02/01/2006", "2-1-2006", "02-01-2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return s
}

// FormatDateVN renders YYYY-MM-DD as DD/MM/YYYY.
func FormatDateVN(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

// Today returns the current date in Vietnam (UTC+7) as YYYY-MM-DD.
func Today() string {
	return time.Now().In(vnZone).Format("2006-01-02")
}

var vnZone = time.FixedZone("ICT", 7*3600)

// LatestSnapshot returns the snapshot with the latest as-of date, or nil.
func (o *Organisation) LatestSnapshot() *Snapshot {
	var best *Snapshot
	for i := range o.Snapshots {
		if best == nil || o.Snapshots[i].AsOf > best.AsOf {
			best = &o.Snapshots[i]
		}
	}
	return best
}

// Derive computes the derived fields (flags, latest workforce) from the
// children, as of today.
func (o *Organisation) Derive(today string) {
	o.Workforce = o.LatestSnapshot()
	o.Flags = Flags{}
	for _, r := range Rules {
		ok := r.Holds(o, today)
		switch r.ID {
		case RuleWIMDefault:
			o.Flags.WIMDefault = ok
		case RuleWIMStrict:
			o.Flags.WIMStrict = ok
		case RuleHFLTiers:
			o.Flags.HFLTiers = ok
		case RuleHFLShare50:
			o.Flags.HFLShare50 = ok
		}
	}
}
