package coop

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
)

// Code is one entry of a reference list: a stable code used in the
// database, URLs and the API, and the Vietnamese label users read.
type Code struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// CodeList is an ordered reference list.
type CodeList []Code

// Valid reports whether code is in the list.
func (l CodeList) Valid(code string) bool {
	for _, c := range l {
		if c.Code == code {
			return true
		}
	}
	return false
}

// Label returns the label of code, or code itself when unknown.
func (l CodeList) Label(code string) string {
	for _, c := range l {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// Organisation kinds (Cooperative Law 17/2023/QH15).
const (
	KindHTX   = "HTX"
	KindLHHTX = "LHHTX"
	KindTHT   = "THT"
)

// Kinds lists the kinds of collective economic organisation.
var Kinds = CodeList{
	{KindHTX, "Hợp tác xã"},
	{KindLHHTX, "Liên hiệp hợp tác xã"},
	{KindTHT, "Tổ hợp tác"},
}

// Sectors as VCA's statistics group them.
var Sectors = CodeList{
	{"agriculture", "Nông nghiệp"},
	{"industry_handicraft", "Công nghiệp - tiểu thủ công nghiệp"},
	{"trade_services", "Thương mại - dịch vụ"},
	{"transport", "Vận tải"},
	{"construction", "Xây dựng"},
	{"credit_fund", "Quỹ tín dụng nhân dân"},
	{"environment", "Môi trường"},
	{"other", "Khác"},
}

// Statuses of an organisation.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
	StatusDissolved = "dissolved"
)

// Statuses lists the statuses of an organisation.
var Statuses = CodeList{
	{StatusActive, "Đang hoạt động"},
	{StatusSuspended, "Tạm ngừng hoạt động"},
	{StatusDissolved, "Đã giải thể"},
}

// Governance models of an HTX or LHHTX. A THT has none.
const (
	GovernanceFull       = "full"
	GovernanceSimplified = "simplified"
)

// GovernanceModels lists the governance models.
var GovernanceModels = CodeList{
	{GovernanceFull, "Mô hình đầy đủ (Đại hội thành viên, HĐQT, Giám đốc, Ban kiểm soát)"},
	{GovernanceSimplified, "Mô hình rút gọn (Đại hội thành viên, Giám đốc, Kiểm soát viên)"},
}

// Management roles.
const (
	RoleChair             = "chair"
	RoleBoardMember       = "board_member"
	RoleDirector          = "director"
	RoleDeputyDirector    = "deputy_director"
	RoleSupervisoryHead   = "supervisory_head"
	RoleSupervisoryMember = "supervisory_member"
	RoleController        = "controller"
	RoleChiefAccountant   = "chief_accountant"
	RoleGroupLeader       = "group_leader"
	RoleRepresentative    = "representative"
)

// ManagementRoles lists the management positions recorded.
var ManagementRoles = CodeList{
	{RoleChair, "Chủ tịch Hội đồng quản trị"},
	{RoleBoardMember, "Thành viên Hội đồng quản trị"},
	{RoleDirector, "Giám đốc / Tổng giám đốc"},
	{RoleDeputyDirector, "Phó Giám đốc"},
	{RoleSupervisoryHead, "Trưởng Ban kiểm soát"},
	{RoleSupervisoryMember, "Thành viên Ban kiểm soát"},
	{RoleController, "Kiểm soát viên"},
	{RoleChiefAccountant, "Kế toán trưởng / Kế toán"},
	{RoleGroupLeader, "Tổ trưởng"},
	{RoleRepresentative, "Người đại diện"},
}

// RolesFor returns the roles valid for an organisation of the given kind and
// governance model.
func RolesFor(kind, governance string) []string {
	switch kind {
	case KindTHT:
		return []string{RoleGroupLeader, RoleRepresentative, RoleChiefAccountant}
	case KindHTX, KindLHHTX:
		if governance == GovernanceSimplified {
			return []string{RoleDirector, RoleDeputyDirector, RoleController, RoleChiefAccountant}
		}
		return []string{RoleChair, RoleBoardMember, RoleDirector, RoleDeputyDirector,
			RoleSupervisoryHead, RoleSupervisoryMember, RoleChiefAccountant}
	}
	return nil
}

// Sexes of a person.
const (
	SexFemale = "female"
	SexMale   = "male"
)

// Sexes lists the sexes recorded for a position holder.
var Sexes = CodeList{
	{SexFemale, "Nữ"},
	{SexMale, "Nam"},
}

// OCOPGroups lists the six OCOP product groups (Decision 148/QĐ-TTg/2023).
var OCOPGroups = CodeList{
	{"food", "Thực phẩm"},
	{"drinks", "Đồ uống"},
	{"herbs", "Thảo dược"},
	{"handicraft", "Thủ công mỹ nghệ"},
	{"ornamental", "Sinh vật cảnh"},
	{"tourism", "Dịch vụ du lịch cộng đồng và điểm du lịch"},
}

// Province is one of the 34 provinces and centrally-run cities since
// 1 July 2025.
type Province struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Kind       string   `json:"kind"` // province or city
	FormedFrom []string `json:"formed_from"`
}

// LegacyProvince is one of the 63 provinces before 1 July 2025.
type LegacyProvince struct {
	Code     string `json:"legacy_code"`
	Name     string `json:"legacy_name"`
	Code2025 string `json:"code_2025"`
}

//go:embed data/provinces-2025.csv
var provinces2025CSV string

//go:embed data/provinces-legacy.csv
var provincesLegacyCSV string

var (
	provinces       []Province
	provinceByCode  map[string]Province
	legacyProvinces []LegacyProvince
)

func init() {
	rows := mustCSV(provinces2025CSV)
	provinceByCode = map[string]Province{}
	for _, r := range rows {
		p := Province{Code: r[0], Name: Clean(r[1]), Kind: r[2], FormedFrom: strings.Split(r[3], ";")}
		provinces = append(provinces, p)
		provinceByCode[p.Code] = p
	}
	sort.Slice(provinces, func(i, j int) bool { return provinces[i].Code < provinces[j].Code })
	for _, r := range mustCSV(provincesLegacyCSV) {
		legacyProvinces = append(legacyProvinces, LegacyProvince{Code: r[0], Name: Clean(r[1]), Code2025: r[2]})
	}
}

func mustCSV(s string) [][]string {
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("coop: bad embedded CSV: %v", err))
	}
	return rows[1:]
}

// Provinces returns the 34 provinces ordered by code.
func Provinces() []Province { return append([]Province(nil), provinces...) }

// LegacyProvinces returns the 63 pre-2025 provinces with their 2025 province.
func LegacyProvinces() []LegacyProvince { return append([]LegacyProvince(nil), legacyProvinces...) }

// ProvinceByCode returns the province with the given 2025 code.
func ProvinceByCode(code string) (Province, bool) {
	p, ok := provinceByCode[code]
	return p, ok
}

// ProvinceName returns the name of the province with the given code, or the
// code when unknown.
func ProvinceName(code string) string {
	if p, ok := provinceByCode[code]; ok {
		return p.Name
	}
	return code
}

// Province2025 maps a legacy (pre-2025) province code to its 2025 province.
func Province2025(legacyCode string) (string, bool) {
	for _, l := range legacyProvinces {
		if l.Code == legacyCode {
			return l.Code2025, true
		}
	}
	return "", false
}
