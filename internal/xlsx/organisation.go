package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"htxnu/internal/coop"
)

// Columns of the organisations sheet, in the order of the template and the
// registry export. Managers come as two columns per role (names, sexes;
// several holders separated by ";"), then the latest workforce figures,
// then the OCOP products (names, groups and stars separated by ";").
const (
	OrgRegNo = iota
	OrgName
	OrgKind
	OrgSector
	OrgGovernance
	OrgProvince
	OrgCommune
	OrgAddress
	OrgFoundedOn
	OrgStatus
	OrgPhone
	orgManagers // first manager column: role i has name at orgManagers+2i, sex at +1
)

var (
	// OrgWorkforceAsOf and the following are the workforce columns.
	OrgWorkforceAsOf = orgManagers + 2*len(coop.ManagementRoles)
	OrgMembersTotal  = OrgWorkforceAsOf + 1
	OrgMembersFemale = OrgWorkforceAsOf + 2
	OrgWorkersTotal  = OrgWorkforceAsOf + 3
	OrgWorkersFemale = OrgWorkforceAsOf + 4
	OrgRegularTotal  = OrgWorkforceAsOf + 5
	OrgRegularFemale = OrgWorkforceAsOf + 6
	OrgFemaleIncome  = OrgWorkforceAsOf + 7
	OrgProducts      = OrgWorkforceAsOf + 8
	OrgProductGroups = OrgWorkforceAsOf + 9
	OrgProductStars  = OrgWorkforceAsOf + 10
	orgColumnCount   = OrgWorkforceAsOf + 11
)

// OrgManagerName and OrgManagerSex return the columns of the i-th role of
// coop.ManagementRoles.
func OrgManagerName(i int) int { return orgManagers + 2*i }
func OrgManagerSex(i int) int  { return orgManagers + 2*i + 1 }

// Governance labels short enough for a drop-down list.
var governanceShort = CodeLabels{{Code: coop.GovernanceFull, Label: "Đầy đủ"}, {Code: coop.GovernanceSimplified, Label: "Rút gọn"}}

// CodeLabels is a code list with the labels a sheet uses.
type CodeLabels = coop.CodeList

func labels(l coop.CodeList) []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = c.Label
	}
	return out
}

func provinceNames() []string {
	var out []string
	for _, p := range coop.Provinces() {
		out = append(out, p.Name)
	}
	return out
}

// ImplausibleCount is the largest member or worker count accepted for one
// organisation.
const ImplausibleCount = 1_000_000

// OrganisationColumns returns the columns of the organisations sheet.
func OrganisationFields() []Field {
	cols := make([]Field, orgColumnCount)
	cols[OrgRegNo] = Field{Key: "registration_no", Header: "Mã số HTX", Aliases: []string{"Mã số hợp tác xã", "Mã số đăng ký", "Mã số"},
		Help: "mã số đăng ký (thường là mã số thuế). Dòng có mã số được đối chiếu với tổ chức đã có mã số này; không có mã số thì đối chiếu theo tên và tỉnh."}
	cols[OrgName] = Field{Key: "name", Header: "Tên tổ chức", Aliases: []string{"Tên HTX", "Tên hợp tác xã"}, Required: true, Width: 40}
	cols[OrgKind] = Field{Key: "kind", Header: "Loại hình", List: labels(coop.Kinds), Help: "Hợp tác xã, Liên hiệp hợp tác xã hoặc Tổ hợp tác (hoặc HTX, LHHTX, THT)."}
	cols[OrgSector] = Field{Key: "sector", Header: "Lĩnh vực", List: labels(coop.Sectors), Help: "chọn trong danh sách."}
	cols[OrgGovernance] = Field{Key: "governance", Header: "Mô hình quản lý", List: labels(governanceShort),
		Help: "Đầy đủ hoặc Rút gọn; để trống cho tổ hợp tác. Để trống với HTX mới thì lấy mô hình đầy đủ."}
	cols[OrgProvince] = Field{Key: "province", Header: "Tỉnh, thành phố", Aliases: []string{"Tỉnh", "Tỉnh/thành phố"}, Required: true, List: provinceNames(),
		Help: "tên hoặc mã tỉnh, thành phố; tên tỉnh cũ trước 1/7/2025 (ví dụ Tỉnh Hà Giang) được chuyển sang tỉnh mới."}
	cols[OrgCommune] = Field{Key: "commune", Header: "Xã, phường", Aliases: []string{"Xã/phường"}}
	cols[OrgAddress] = Field{Key: "address", Header: "Địa chỉ", Width: 30}
	cols[OrgFoundedOn] = Field{Key: "founded_on", Header: "Ngày thành lập", Kind: Date, Help: "ngày/tháng/năm, ví dụ 15/03/2019."}
	cols[OrgStatus] = Field{Key: "status", Header: "Tình trạng", List: labels(coop.Statuses), Help: "để trống với tổ chức mới là Đang hoạt động."}
	cols[OrgPhone] = Field{Key: "phone", Header: "Điện thoại"}
	for i, r := range coop.ManagementRoles {
		cols[OrgManagerName(i)] = Field{Key: "manager_" + r.Code, Header: r.Label + " - Họ và tên", Width: 25,
			Help: "người đang giữ chức danh; nhiều người thì cách nhau bằng dấu chấm phẩy (;). Để trống thì giữ nguyên."}
		cols[OrgManagerSex(i)] = Field{Key: "manager_" + r.Code + "_sex", Header: r.Label + " - Giới tính", List: labels(coop.Sexes),
			Help: "Nữ hoặc Nam, theo thứ tự họ tên (cách nhau bằng dấu ;)."}
	}
	cols[OrgWorkforceAsOf] = Field{Key: "workforce_as_of", Header: "Ngày số liệu lao động", Kind: Date, Help: "ngày của số liệu thành viên và lao động bên phải."}
	cols[OrgMembersTotal] = Field{Kind: Integer, Key: "members_total", Header: "Tổng số thành viên", Help: "số nguyên, ví dụ 1.234."}
	cols[OrgMembersFemale] = Field{Kind: Integer, Key: "members_female", Header: "Thành viên nữ", Aliases: []string{"Số thành viên nữ"}}
	cols[OrgWorkersTotal] = Field{Kind: Integer, Key: "workers_total", Header: "Tổng số người lao động", Aliases: []string{"Tổng số lao động"}}
	cols[OrgWorkersFemale] = Field{Kind: Integer, Key: "workers_female", Header: "Lao động nữ", Aliases: []string{"Số lao động nữ"}}
	cols[OrgRegularTotal] = Field{Kind: Integer, Key: "regular_workers_total", Header: "Lao động thường xuyên"}
	cols[OrgRegularFemale] = Field{Kind: Integer, Key: "regular_workers_female", Header: "Lao động nữ thường xuyên"}
	cols[OrgFemaleIncome] = Field{Kind: Money, Key: "female_avg_monthly_income", Header: "Thu nhập bình quân tháng của lao động nữ (đồng)"}
	cols[OrgProducts] = Field{Key: "ocop_products", Header: "Sản phẩm OCOP", Width: 30, Help: "tên các sản phẩm, cách nhau bằng dấu ;. Để trống thì giữ nguyên."}
	cols[OrgProductGroups] = Field{Key: "ocop_groups", Header: "Nhóm sản phẩm OCOP", List: labels(coop.OCOPGroups)}
	cols[OrgProductStars] = Field{Key: "ocop_stars", Header: "Hạng sao OCOP", Help: "3, 4 hoặc 5 cho mỗi sản phẩm, cách nhau bằng dấu ;."}
	return cols
}

// OrgRow is one row of an organisations sheet, decoded. Org holds the
// fields given (a field whose cell is empty is left as the zero value and
// Given says so); its children are described by Managers, Snapshot and
// Products.
type OrgRow struct {
	Num      int
	Org      coop.Organisation
	Given    []bool                     // by column: the cell is not empty
	Managers map[string][]coop.Position // role → holders, for roles given
	Snapshot *coop.Snapshot             // the workforce given, if any
	Products []coop.Product             // nil unless the products cell is given
	Province coop.ProvinceResolution
	Errors   []CellError
}

func (r *OrgRow) fail(col int, msg string) {
	r.Errors = append(r.Errors, CellError{Row: r.Num, Col: col, Message: msg})
}

var kindExtra = Keys("Liên hiệp HTX", coop.KindLHHTX, "Liên hiệp", coop.KindLHHTX, "Hợp tác xã", coop.KindHTX, "Tổ hợp tác", coop.KindTHT)

var governanceExtra = Keys("Đầy đủ", coop.GovernanceFull, "Rút gọn", coop.GovernanceSimplified)

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' })
	out := parts[:0]
	for _, p := range parts {
		if p = coop.Clean(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// DecodeOrganisation reads one row of an organisations sheet. Problems of
// form (a number or date that cannot be read, an unknown label, a province
// that does not exist) are in Errors with the column they concern; the
// rules of the registry are checked later, against the record it updates.
func DecodeOrganisation(row Row) OrgRow {
	r := OrgRow{Num: row.Num, Given: make([]bool, orgColumnCount)}
	for i := range r.Given {
		r.Given[i] = row.Get(i) != ""
	}
	o := &r.Org
	o.RegistrationNo = row.Get(OrgRegNo)
	o.Name = row.Get(OrgName)
	o.Commune, o.Address, o.Phone = row.Get(OrgCommune), row.Get(OrgAddress), row.Get(OrgPhone)
	code := func(col int, list coop.CodeList, extra map[string]string, what string) string {
		v, ok := ParseCode(list, row.Get(col), extra)
		if !ok {
			r.fail(col, fmt.Sprintf("%s “%s” không có trong danh sách.", what, row.Get(col)))
		}
		return v
	}
	o.Kind = code(OrgKind, coop.Kinds, kindExtra, "Loại hình")
	o.Sector = code(OrgSector, coop.Sectors, nil, "Lĩnh vực")
	o.Governance = code(OrgGovernance, coop.GovernanceModels, governanceExtra, "Mô hình quản lý")
	o.Status = code(OrgStatus, coop.Statuses, nil, "Tình trạng")
	if v := row.Get(OrgProvince); v != "" {
		res, err := coop.ResolveProvince(v)
		if err != nil {
			r.fail(OrgProvince, fmt.Sprintf("Không có tỉnh, thành phố “%s”.", v))
		} else {
			r.Province, o.Province = res, res.Code
		}
	} else {
		r.fail(OrgProvince, "Nhập tỉnh, thành phố.")
	}
	date := func(col int) string {
		d, ok := ParseDate(row.Get(col))
		if !ok {
			r.fail(col, fmt.Sprintf("Ngày “%s” không hợp lệ (nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 15/03/2019).", row.Get(col)))
		}
		return d
	}
	o.FoundedOn = date(OrgFoundedOn)
	r.decodeManagers(row)
	r.decodeWorkforce(row, date)
	r.decodeProducts(row)
	return r
}

// decodeManagers reads the holders of each management role, a name and a
// sex for each.
func (r *OrgRow) decodeManagers(row Row) {
	for i, role := range coop.ManagementRoles {
		names, sexes := splitList(row.Get(OrgManagerName(i))), splitList(row.Get(OrgManagerSex(i)))
		if len(names) == 0 {
			if len(sexes) > 0 {
				r.fail(OrgManagerName(i), "Nhập họ và tên người giữ chức danh.")
			}
			continue
		}
		if len(sexes) != len(names) {
			r.fail(OrgManagerSex(i), fmt.Sprintf("Nhập giới tính (Nữ hoặc Nam) cho từng người: %d họ tên, %d giới tính.", len(names), len(sexes)))
			continue
		}
		if r.Managers == nil {
			r.Managers = map[string][]coop.Position{}
		}
		holders := []coop.Position{}
		for j, n := range names {
			sex, ok := ParseCode(coop.Sexes, sexes[j], nil)
			if !ok {
				r.fail(OrgManagerSex(i), fmt.Sprintf("Giới tính “%s” không hợp lệ: nhập Nữ hoặc Nam.", sexes[j]))
				continue
			}
			holders = append(holders, coop.Position{Role: role.Code, Holder: n, Sex: sex})
		}
		r.Managers[role.Code] = holders
	}
}

// decodeWorkforce reads the workforce counts and their date.
func (r *OrgRow) decodeWorkforce(row Row, date func(col int) string) {
	counts := []int{OrgMembersTotal, OrgMembersFemale, OrgWorkersTotal, OrgWorkersFemale, OrgRegularTotal, OrgRegularFemale, OrgFemaleIncome}
	anyCount := false
	vals := make([]int64, len(counts))
	for k, col := range counts {
		if !r.Given[col] {
			continue
		}
		anyCount = true
		n, msg := parseCount(row.Get(col))
		if msg == "" && col != OrgFemaleIncome && n > ImplausibleCount {
			msg = fmt.Sprintf("Số %s không hợp lý cho một tổ chức (quá %s).", FormatInt(n), FormatInt(ImplausibleCount))
		}
		if msg != "" {
			r.fail(col, msg)
		}
		vals[k] = n
	}
	asOf := date(OrgWorkforceAsOf)
	switch {
	case anyCount && !r.Given[OrgWorkforceAsOf]:
		r.fail(OrgWorkforceAsOf, "Nhập ngày của số liệu thành viên và lao động.")
	case anyCount || asOf != "":
		r.Snapshot = &coop.Snapshot{AsOf: asOf, MembersTotal: vals[0], MembersFemale: vals[1], WorkersTotal: vals[2], WorkersFemale: vals[3],
			RegularTotal: vals[4], RegularFemale: vals[5], FemaleMonthlyIncome: vals[6]}
	}
}

// decodeProducts reads the OCOP products, with a group and stars for each
// when those columns are given.
func (r *OrgRow) decodeProducts(row Row) {
	if names := splitList(row.Get(OrgProducts)); len(names) > 0 {
		groups, stars := splitList(row.Get(OrgProductGroups)), splitList(row.Get(OrgProductStars))
		if len(groups) != 0 && len(groups) != len(names) {
			r.fail(OrgProductGroups, fmt.Sprintf("Nhập nhóm cho từng sản phẩm: %d sản phẩm, %d nhóm.", len(names), len(groups)))
		}
		if len(stars) != 0 && len(stars) != len(names) {
			r.fail(OrgProductStars, fmt.Sprintf("Nhập hạng sao cho từng sản phẩm: %d sản phẩm, %d hạng sao.", len(names), len(stars)))
		}
		r.Products = []coop.Product{}
		for j, n := range names {
			p := coop.Product{Name: n}
			if j < len(groups) && len(groups) == len(names) {
				g, ok := ParseCode(coop.OCOPGroups, groups[j], nil)
				if !ok {
					r.fail(OrgProductGroups, fmt.Sprintf("Nhóm sản phẩm OCOP “%s” không có trong danh sách.", groups[j]))
				}
				p.Group = g
			}
			if j < len(stars) && len(stars) == len(names) {
				s, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(coop.Fold(stars[j]), "sao")), "*"))
				if err != nil {
					r.fail(OrgProductStars, fmt.Sprintf("Hạng sao “%s” không hợp lệ: nhập 3, 4 hoặc 5.", stars[j]))
				}
				p.Stars = s
			}
			r.Products = append(r.Products, p)
		}
	}
}

// OrganisationValues returns an organisation as a row of the organisations
// sheet: what the registry export writes and the template is pre-filled
// with. Managers are the positions held today.
func OrganisationValues(o *coop.Organisation, today string) []any {
	v := make([]any, orgColumnCount)
	v[OrgRegNo], v[OrgName] = o.RegistrationNo, o.Name
	v[OrgKind] = coop.Kinds.Label(o.Kind)
	v[OrgSector] = coop.Sectors.Label(o.Sector)
	if o.Governance != "" {
		v[OrgGovernance] = governanceShort.Label(o.Governance)
	} else {
		v[OrgGovernance] = ""
	}
	v[OrgProvince] = coop.ProvinceName(o.Province)
	v[OrgCommune], v[OrgAddress], v[OrgPhone] = o.Commune, o.Address, o.Phone
	v[OrgFoundedOn] = o.FoundedOn
	v[OrgStatus] = coop.Statuses.Label(o.Status)
	for i, role := range coop.ManagementRoles {
		var names, sexes []string
		for _, p := range o.Positions {
			if p.Role == role.Code && CurrentPosition(p, today) {
				names = append(names, p.Holder)
				sexes = append(sexes, coop.Sexes.Label(p.Sex))
			}
		}
		v[OrgManagerName(i)], v[OrgManagerSex(i)] = strings.Join(names, "; "), strings.Join(sexes, "; ")
	}
	if w := o.LatestSnapshot(); w != nil {
		v[OrgWorkforceAsOf] = w.AsOf
		v[OrgMembersTotal], v[OrgMembersFemale] = w.MembersTotal, w.MembersFemale
		v[OrgWorkersTotal], v[OrgWorkersFemale] = w.WorkersTotal, w.WorkersFemale
		v[OrgRegularTotal], v[OrgRegularFemale] = w.RegularTotal, w.RegularFemale
		v[OrgFemaleIncome] = w.FemaleMonthlyIncome
	} else {
		for _, c := range []int{OrgWorkforceAsOf, OrgMembersTotal, OrgMembersFemale, OrgWorkersTotal, OrgWorkersFemale, OrgRegularTotal, OrgRegularFemale, OrgFemaleIncome} {
			v[c] = nil
		}
	}
	var names, groups, stars []string
	for _, p := range o.Products {
		names = append(names, p.Name)
		groups = append(groups, coop.OCOPGroups.Label(p.Group))
		stars = append(stars, strconv.Itoa(p.Stars))
	}
	v[OrgProducts], v[OrgProductGroups], v[OrgProductStars] = strings.Join(names, "; "), strings.Join(groups, "; "), strings.Join(stars, "; ")
	return v
}

// CurrentPosition reports whether a position is held and not ended: the
// managers a sheet lists.
func CurrentPosition(p coop.Position, today string) bool {
	return p.To == "" && (p.From == "" || p.From <= today)
}

// OrganisationColumns returns the columns of the organisations sheet as
// the registry export writes them.
func OrganisationColumns() []Column { return Columns(OrganisationFields()) }

// Headers returns the headers of cols.
func Headers(cols []Field) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Header
	}
	return out
}
