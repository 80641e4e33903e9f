package xlsx

import (
	"fmt"

	"htxnu/internal/coop"
)

// Columns of the attendance sheet: one row per person trained. The
// activity is named by its number, or by its title, start date and
// province.
const (
	AttActivityID = iota
	AttActivityTitle
	AttActivityStartsOn
	AttActivityProvince
	AttName
	AttSex
	AttRole
	AttOrgRegNo
	AttOrgName
	attColumnCount
)

// AttendanceFields returns the columns of the attendance sheet.
func AttendanceFields() []Field {
	cols := make([]Field, attColumnCount)
	cols[AttActivityID] = Field{Key: "activity_id", Header: "Số hoạt động", Aliases: []string{"Mã số hoạt động", "ID hoạt động"},
		Help: "số của hoạt động (trên trang hoạt động). Không có số thì hoạt động được tìm theo tên, ngày bắt đầu và tỉnh."}
	cols[AttActivityTitle] = Field{Key: "activity_title", Header: "Tên hoạt động", Width: 35}
	cols[AttActivityStartsOn] = Field{Key: "activity_starts_on", Header: "Ngày bắt đầu", Kind: Date, Help: "ngày bắt đầu của hoạt động."}
	cols[AttActivityProvince] = Field{Key: "activity_province", Header: "Tỉnh, thành phố", Aliases: []string{"Tỉnh"}, List: provinceNames(),
		Help: "tỉnh của hoạt động; để trống với hoạt động cấp trung ương."}
	cols[AttName] = Field{Key: "name", Header: "Họ và tên", Aliases: []string{"Họ tên", "Họ và tên học viên"}, Required: true, Width: 28}
	cols[AttSex] = Field{Key: "sex", Header: "Giới tính", List: labels(coop.Sexes), Help: "Nữ hoặc Nam."}
	cols[AttRole] = Field{Key: "role", Header: "Chức danh", Aliases: []string{"Chức vụ"}, List: labels(coop.ManagementRoles), Width: 28,
		Help: "chức danh quản lý trong tổ chức (chọn trong danh sách) hoặc ghi khác, ví dụ thành viên."}
	cols[AttOrgRegNo] = Field{Key: "organisation_registration_no", Header: "Mã số HTX", Help: "tổ chức của học viên, tìm theo mã số (xem trang “" + SheetLookup + "”)."}
	cols[AttOrgName] = Field{Key: "organisation_name", Header: "Tổ chức", Aliases: []string{"Tên tổ chức", "Đơn vị"}, Width: 35,
		Help: "không có mã số thì tổ chức được tìm theo tên trong tỉnh của hoạt động."}
	return cols
}

// AttendanceRow is one row of an attendance sheet, decoded.
type AttendanceRow struct {
	Num        int
	ActivityID int64
	Title      string
	StartsOn   string
	Province   coop.ProvinceResolution
	Attendee   coop.Attendee
	OrgRegNo   string
	OrgName    string
	Errors     []CellError
}

var roleExtra = Keys("Giám đốc", coop.RoleDirector, "Tổng giám đốc", coop.RoleDirector, "Chủ tịch HĐQT", coop.RoleChair, "Kế toán trưởng", coop.RoleChiefAccountant,
	"Kế toán", coop.RoleChiefAccountant)

// DecodeAttendance reads one row of an attendance sheet. A role that is
// not a management role is kept as written.
func DecodeAttendance(row Row) AttendanceRow {
	c := &Cells{Row: row}
	r := AttendanceRow{Num: row.Num, Title: c.Text(AttActivityTitle), OrgRegNo: c.Text(AttOrgRegNo), OrgName: c.Text(AttOrgName)}
	if c.Given(AttActivityID) {
		id, ok := ParseInt(c.Text(AttActivityID))
		if !ok || id <= 0 {
			c.Fail(AttActivityID, fmt.Sprintf("Số hoạt động “%s” không hợp lệ.", c.Text(AttActivityID)))
		}
		r.ActivityID = id
	}
	r.StartsOn = c.Date(AttActivityStartsOn)
	r.Province = c.Province(AttActivityProvince, false)
	if r.ActivityID == 0 && c.Errors == nil && (r.Title == "" || r.StartsOn == "") {
		c.Fail(AttActivityID, "Nhập số hoạt động, hoặc tên và ngày bắt đầu của hoạt động.")
	}
	r.Attendee.Name = c.Text(AttName)
	r.Attendee.Sex = c.Code(AttSex, coop.Sexes, Keys("F", coop.SexFemale, "M", coop.SexMale), "Giới tính")
	if role, ok := ParseCode(coop.ManagementRoles, c.Text(AttRole), roleExtra); ok && role != "" {
		r.Attendee.Role = role
	} else {
		r.Attendee.Role = c.Text(AttRole)
	}
	r.Errors = c.Errors
	return r
}
