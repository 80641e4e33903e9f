package coop

import (
	"fmt"
	"strings"
)

// Rule families.
const (
	FamilyWomenManaged     = "women_managed"
	FamilyHighFemaleLabour = "high_female_labour"
)

// Rule ids. A rule id never changes meaning: a changed definition is a new
// id (a new version), so every figure can say which definition produced it.
const (
	RuleWIMDefault = "wim-default-v1"
	RuleWIMStrict  = "wim-strict-v1"
	RuleHFLTiers   = "hfl-tiers-v1"
	RuleHFLShare50 = "hfl-share50-v1"
)

// Rule is one versioned definition of a classification.
type Rule struct {
	ID          string `json:"id"`
	Family      string `json:"family"`
	Version     int    `json:"version"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Default     bool   `json:"default"`
}

// Rules lists every classification rule version.
var Rules = []Rule{
	{RuleWIMDefault, FamilyWomenManaged, 1, "Mặc định (v1)",
		"Có phụ nữ giữ ít nhất một chức danh: Chủ tịch HĐQT, thành viên HĐQT, Giám đốc, Phó Giám đốc, Trưởng hoặc thành viên Ban kiểm soát, Kiểm soát viên, Kế toán trưởng; với tổ hợp tác: Tổ trưởng hoặc người đại diện.", true},
	{RuleWIMStrict, FamilyWomenManaged, 1, "Chặt (v1)",
		"Phụ nữ là Chủ tịch HĐQT hoặc Giám đốc; với tổ hợp tác: Tổ trưởng hoặc người đại diện.", false},
	{RuleHFLTiers, FamilyHighFemaleLabour, 1, "Mặc định theo Nghị định 145/2020 (v1)",
		"Từ 10 đến dưới 100 lao động nữ và chiếm từ 50% trở lên; từ 100 đến dưới 1.000 lao động nữ và chiếm từ 30% trở lên; hoặc từ 1.000 lao động nữ trở lên.", true},
	{RuleHFLShare50, FamilyHighFemaleLabour, 1, "Tỷ lệ từ 50% (v1)",
		"Lao động nữ chiếm từ 50% tổng số người lao động trở lên.", false},
}

// RuleByID returns the rule with the given id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// DefaultRule returns the default rule of a family.
func DefaultRule(family string) Rule {
	for _, r := range Rules {
		if r.Family == family && r.Default {
			return r
		}
	}
	panic("coop: no default rule for " + family)
}

var (
	wimDefaultRoles = []string{RoleChair, RoleBoardMember, RoleDirector, RoleDeputyDirector,
		RoleSupervisoryHead, RoleSupervisoryMember, RoleController, RoleChiefAccountant}
	wimStrictRoles = []string{RoleChair, RoleDirector}
	thtLeadRoles   = []string{RoleGroupLeader, RoleRepresentative}
)

// Holds reports whether the organisation meets the rule as of today
// (YYYY-MM-DD): Evaluate's result without its reason, which Derive needs
// for every organisation written.
func (r Rule) Holds(o *Organisation, today string) bool {
	switch r.Family {
	case FamilyWomenManaged:
		roles := r.managerRoles(o)
		for _, p := range o.Positions {
			if p.Sex == SexFemale && p.HeldOn(today) && contains(roles, p.Role) {
				return true
			}
		}
	case FamilyHighFemaleLabour:
		if s := o.LatestSnapshot(); s != nil && s.WorkersTotal > 0 {
			return r.highFemaleLabour(s.WorkersFemale, s.WorkersTotal)
		}
	}
	return false
}

// Evaluate applies the rule to the organisation as of today (YYYY-MM-DD) and
// returns the result with the reason in Vietnamese.
func (r Rule) Evaluate(o *Organisation, today string) (bool, string) {
	switch r.Family {
	case FamilyWomenManaged:
		roles := r.managerRoles(o)
		var held []string
		for _, p := range o.Positions {
			if p.Sex == SexFemale && p.HeldOn(today) && contains(roles, p.Role) {
				held = append(held, fmt.Sprintf("bà %s – %s", p.Holder, ManagementRoles.Label(p.Role)))
			}
		}
		if len(held) > 0 {
			return true, "Phụ nữ tham gia quản lý: " + strings.Join(held, "; ") + "."
		}
		return false, "Chưa có phụ nữ giữ chức danh quản lý theo quy tắc này."
	case FamilyHighFemaleLabour:
		s := o.LatestSnapshot()
		if s == nil || s.WorkersTotal <= 0 {
			return false, "Chưa có số liệu lao động."
		}
		w, t := s.WorkersFemale, s.WorkersTotal
		share := float64(w) / float64(t)
		desc := fmt.Sprintf("%s/%s lao động là nữ (%s%%, số liệu ngày %s)",
			FormatInt(w), FormatInt(t), FormatPercent(share), FormatDateVN(s.AsOf))
		if r.highFemaleLabour(w, t) {
			return true, "Tỷ lệ lao động nữ cao: " + desc + "."
		}
		return false, "Chưa đạt ngưỡng: " + desc + "."
	}
	return false, ""
}

// managerRoles are the roles a woman must hold for a rule of the
// women-managed family.
func (r Rule) managerRoles(o *Organisation) []string {
	switch {
	case o.Kind == KindTHT:
		return thtLeadRoles
	case r.ID == RuleWIMStrict:
		return wimStrictRoles
	}
	return wimDefaultRoles
}

// highFemaleLabour applies a rule of the high-female-labour family to w
// women of t workers (t > 0).
func (r Rule) highFemaleLabour(w, t int64) bool {
	if r.ID == RuleHFLShare50 {
		return 2*w >= t
	}
	return (w >= 10 && w < 100 && 2*w >= t) ||
		(w >= 100 && w < 1000 && 10*w >= 3*t) ||
		w >= 1000
}

// FormatInt renders n with the Vietnamese thousands separator: 1.234.567.
func FormatInt(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u // in unsigned arithmetic, so math.MinInt64 works too
	}
	s := fmt.Sprint(u)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatPercent renders a share (0..1) with one decimal and a comma: 84,4.
func FormatPercent(share float64) string {
	return strings.Replace(fmt.Sprintf("%.1f", share*100), ".", ",", 1)
}

// WomenManagedRoles returns the management roles that a woman must hold
// for an organisation of the kind to count as women-managed under the
// rule.
func WomenManagedRoles(ruleID, kind string) []string {
	switch {
	case kind == KindTHT:
		return append([]string(nil), thtLeadRoles...)
	case ruleID == RuleWIMStrict:
		return append([]string(nil), wimStrictRoles...)
	}
	return append([]string(nil), wimDefaultRoles...)
}
