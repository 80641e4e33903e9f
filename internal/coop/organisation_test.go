package coop_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"htxnu/internal/coop"
)

const today = "2026-06-14"

// validHTX returns a full-model cooperative that passes validation; each
// case below breaks exactly one rule of it.
func validHTX() *coop.Organisation {
	return &coop.Organisation{
		ID:             7,
		Kind:           coop.KindHTX,
		Name:           "Hợp tác xã Dệt thổ cẩm Bản Lác",
		RegistrationNo: "5100123456",
		Sector:         "industry_handicraft",
		Governance:     coop.GovernanceFull,
		Province:       "08",
		Commune:        "Xã Bản Lác",
		Address:        "Thôn Bản Lác",
		FoundedOn:      "2019-03-01",
		Status:         coop.StatusActive,
		Phone:          "0912 345 678",
		Positions: []coop.Position{
			{Role: coop.RoleChair, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale, From: "2019-03-01"},
			{Role: coop.RoleDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale, From: "2019-03-01", To: "2026-03-15"},
			{Role: coop.RoleSupervisoryHead, Holder: "Vi Thị Hoa", Sex: coop.SexFemale},
		},
		Snapshots: []coop.Snapshot{
			{AsOf: "2024-12-31", MembersTotal: 20, MembersFemale: 15, WorkersTotal: 30, WorkersFemale: 28,
				RegularTotal: 25, RegularFemale: 20, FemaleMonthlyIncome: 5_500_000},
			{AsOf: "2025-12-31", MembersTotal: 22, MembersFemale: 16, WorkersTotal: 32, WorkersFemale: 27},
		},
		Products: []coop.Product{
			{Name: "Khăn thổ cẩm", Group: "handicraft", Stars: 4, CertifiedOn: "2024-05-01", ExpiresOn: "2027-05-01"},
		},
	}
}

func TestValidateAcceptsValidOrganisations(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(o *coop.Organisation)
	}{
		{"full HTX", func(o *coop.Organisation) {}},
		{"simplified HTX", func(o *coop.Organisation) {
			o.Governance = coop.GovernanceSimplified
			o.Positions = []coop.Position{
				{Role: coop.RoleDirector, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale},
				{Role: coop.RoleDeputyDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale},
				{Role: coop.RoleController, Holder: "Vi Thị Hoa", Sex: coop.SexFemale},
				{Role: coop.RoleChiefAccountant, Holder: "Lương Thị Lan", Sex: coop.SexFemale},
			}
		}},
		{"union of cooperatives", func(o *coop.Organisation) { o.Kind = coop.KindLHHTX }},
		{"cooperative group", func(o *coop.Organisation) {
			o.Kind, o.Governance = coop.KindTHT, ""
			o.Positions = []coop.Position{
				{Role: coop.RoleGroupLeader, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale},
				{Role: coop.RoleRepresentative, Holder: "Lò Văn Sáng", Sex: coop.SexMale},
				{Role: coop.RoleChiefAccountant, Holder: "Vi Thị Hoa", Sex: coop.SexFemale},
			}
		}},
		{"HTX member of a union", func(o *coop.Organisation) { o.ParentID = 3 }},
		{"only required fields", func(o *coop.Organisation) {
			o.RegistrationNo, o.Commune, o.Address, o.FoundedOn, o.Phone = "", "", "", "", ""
			o.Positions, o.Snapshots, o.Products = nil, nil, nil
		}},
		{"founded today", func(o *coop.Organisation) { o.FoundedOn = today }},
		{"founded 1945-01-01", func(o *coop.Organisation) { o.FoundedOn = "1945-01-01" }},
		{"snapshot as of today", func(o *coop.Organisation) { o.Snapshots[1].AsOf = today }},
		{"leap day", func(o *coop.Organisation) { o.FoundedOn = "2024-02-29" }},
		{"female equals total", func(o *coop.Organisation) {
			o.Snapshots[0] = coop.Snapshot{AsOf: "2024-12-31", MembersTotal: 5, MembersFemale: 5, WorkersTotal: 9, WorkersFemale: 9, RegularTotal: 9, RegularFemale: 9}
		}},
		{"all zero workforce", func(o *coop.Organisation) { o.Snapshots = []coop.Snapshot{{AsOf: "2024-12-31"}} }},
		{"3 stars", func(o *coop.Organisation) { o.Products[0].Stars = 3 }},
		{"5 stars", func(o *coop.Organisation) { o.Products[0].Stars = 5 }},
		{"product without dates", func(o *coop.Organisation) { o.Products[0].CertifiedOn, o.Products[0].ExpiresOn = "", "" }},
		{"position ending the day it starts", func(o *coop.Organisation) { o.Positions[1].To = o.Positions[1].From }},
		{"phone with +, dots and dashes", func(o *coop.Organisation) { o.Phone = "+84 912.345-678" }},
		{"phone of 8 digits", func(o *coop.Organisation) { o.Phone = "3825 1234" }},
		{"phone of 15 digits", func(o *coop.Organisation) { o.Phone = "+841234567890123" }},
		{"name of 3 letters", func(o *coop.Organisation) { o.Name = "Hoà" }},
		{"name of 255 letters, more bytes", func(o *coop.Organisation) { o.Name = strings.Repeat("ệ", 255) }},
		{"income of 1 billion", func(o *coop.Organisation) { o.Snapshots[0].FemaleMonthlyIncome = 1_000_000_000 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validHTX()
			tt.mutate(o)
			if err := o.Validate(today); err != nil {
				t.Fatalf("want valid, got %v", err)
			}
		})
	}
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(o *coop.Organisation)
		want   map[string]string // every field in error, with its message
	}{
		// Workforce.
		{"female members above total", func(o *coop.Organisation) { o.Snapshots[0].MembersFemale = 21 },
			map[string]string{"workforce[0].members_female": "Số thành viên nữ không được lớn hơn tổng số thành viên."}},
		{"female workers above total", func(o *coop.Organisation) { o.Snapshots[1].WorkersFemale = 33 },
			map[string]string{"workforce[1].workers_female": "Số người lao động nữ không được lớn hơn tổng số người lao động."}},
		{"female regular workers above total", func(o *coop.Organisation) { o.Snapshots[0].RegularFemale = 26 },
			map[string]string{"workforce[0].regular_workers_female": "Số lao động thường xuyên nữ không được lớn hơn tổng số lao động thường xuyên."}},
		{"negative members", func(o *coop.Organisation) { o.Snapshots[0].MembersTotal = -1 },
			map[string]string{"workforce[0].members_total": "Số thành viên không được âm."}},
		{"negative female members", func(o *coop.Organisation) { o.Snapshots[0].MembersFemale = -1 },
			map[string]string{"workforce[0].members_female": "Số thành viên nữ không được âm."}},
		{"negative workers", func(o *coop.Organisation) { o.Snapshots[1].WorkersTotal = -5; o.Snapshots[1].WorkersFemale = 0 },
			map[string]string{"workforce[1].workers_total": "Số người lao động không được âm."}},
		{"negative female workers", func(o *coop.Organisation) { o.Snapshots[1].WorkersFemale = -1 },
			map[string]string{"workforce[1].workers_female": "Số người lao động nữ không được âm."}},
		{"negative regular workers", func(o *coop.Organisation) { o.Snapshots[0].RegularTotal = -1 },
			map[string]string{"workforce[0].regular_workers_total": "Số lao động thường xuyên không được âm."}},
		{"negative female regular workers", func(o *coop.Organisation) { o.Snapshots[0].RegularFemale = -1 },
			map[string]string{"workforce[0].regular_workers_female": "Số lao động thường xuyên nữ không được âm."}},
		{"negative income", func(o *coop.Organisation) { o.Snapshots[0].FemaleMonthlyIncome = -1 },
			map[string]string{"workforce[0].female_avg_monthly_income": "Thu nhập bình quân không được âm."}},
		{"implausible income", func(o *coop.Organisation) { o.Snapshots[0].FemaleMonthlyIncome = 1_000_000_001 },
			map[string]string{"workforce[0].female_avg_monthly_income": "Thu nhập bình quân tháng không hợp lý (quá 1 tỷ đồng)."}},
		{"regular workers above workers", func(o *coop.Organisation) { o.Snapshots[0].RegularTotal = 31 },
			map[string]string{"workforce[0].regular_workers_total": "Số lao động thường xuyên không được lớn hơn tổng số người lao động."}},
		{"female regular workers above female workers", func(o *coop.Organisation) { o.Snapshots[0].WorkersFemale = 19 },
			map[string]string{"workforce[0].regular_workers_female": "Số lao động nữ thường xuyên không được lớn hơn tổng số lao động nữ."}},
		{"duplicate as-of date", func(o *coop.Organisation) { o.Snapshots[1].AsOf = o.Snapshots[0].AsOf },
			map[string]string{"workforce[1].as_of": "Đã có số liệu lao động tại ngày này."}},
		{"as-of date missing", func(o *coop.Organisation) { o.Snapshots[0].AsOf = "" },
			map[string]string{"workforce[0].as_of": "Nhập ngày số liệu hợp lệ."}},
		{"as-of date impossible", func(o *coop.Organisation) { o.Snapshots[0].AsOf = "2025-02-30" },
			map[string]string{"workforce[0].as_of": "Nhập ngày số liệu hợp lệ."}},
		{"as-of date in the future", func(o *coop.Organisation) { o.Snapshots[1].AsOf = "2026-06-15" },
			map[string]string{"workforce[1].as_of": "Ngày số liệu không được sau ngày hôm nay."}},

		// Positions.
		{"board chair in a simplified HTX", func(o *coop.Organisation) { o.Governance = coop.GovernanceSimplified; o.Positions = o.Positions[:1] },
			map[string]string{"positions[0].role": `Chức danh "Chủ tịch Hội đồng quản trị" không phù hợp với mô hình rút gọn.`}},
		{"supervisory head in a simplified union", func(o *coop.Organisation) {
			o.Kind, o.Governance = coop.KindLHHTX, coop.GovernanceSimplified
			o.Positions = []coop.Position{{Role: coop.RoleDirector, Holder: "A Sáng", Sex: coop.SexMale}, o.Positions[2]}
		}, map[string]string{"positions[1].role": `Chức danh "Trưởng Ban kiểm soát" không phù hợp với mô hình rút gọn.`}},
		{"controller in a full HTX", func(o *coop.Organisation) { o.Positions[2].Role = coop.RoleController },
			map[string]string{"positions[2].role": `Chức danh "Kiểm soát viên" không phù hợp với mô hình đầy đủ.`}},
		{"director in a THT", func(o *coop.Organisation) {
			o.Kind, o.Governance = coop.KindTHT, ""
			o.Positions = []coop.Position{{Role: coop.RoleDirector, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale}}
		}, map[string]string{"positions[0].role": `Chức danh "Giám đốc / Tổng giám đốc" không phù hợp với tổ hợp tác.`}},
		{"group leader in an HTX", func(o *coop.Organisation) { o.Positions[1].Role = coop.RoleGroupLeader },
			map[string]string{"positions[1].role": `Chức danh "Tổ trưởng" không phù hợp với mô hình đầy đủ.`}},
		{"unknown role", func(o *coop.Organisation) { o.Positions[0].Role = "president" },
			map[string]string{"positions[0].role": "Chọn chức danh."}},
		{"holder missing", func(o *coop.Organisation) { o.Positions[0].Holder = "" },
			map[string]string{"positions[0].holder": "Nhập họ và tên người giữ chức danh."}},
		{"holder too long", func(o *coop.Organisation) { o.Positions[0].Holder = strings.Repeat("ị", 121) },
			map[string]string{"positions[0].holder": "Họ và tên quá dài (tối đa 120 ký tự)."}},
		{"sex missing", func(o *coop.Organisation) { o.Positions[2].Sex = "" },
			map[string]string{"positions[2].sex": "Chọn giới tính."}},
		{"end before start", func(o *coop.Organisation) { o.Positions[1].To = "2019-02-28" },
			map[string]string{"positions[1].to": "Ngày kết thúc không được trước ngày bắt đầu."}},
		{"impossible start", func(o *coop.Organisation) { o.Positions[0].From = "2025-02-30" },
			map[string]string{"positions[0].from": "Ngày bắt đầu không hợp lệ."}},
		{"end in Vietnamese form", func(o *coop.Organisation) { o.Positions[1].To = "15/03/2026" },
			map[string]string{"positions[1].to": "Ngày kết thúc không hợp lệ."}},

		// Governance.
		{"governance given for a THT", func(o *coop.Organisation) {
			o.Kind = coop.KindTHT
			o.Positions = []coop.Position{{Role: coop.RoleGroupLeader, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale}}
		}, map[string]string{"governance": "Tổ hợp tác không có mô hình tổ chức quản lý."}},
		{"no governance for an HTX", func(o *coop.Organisation) { o.Governance = "" },
			map[string]string{"governance": "Chọn mô hình tổ chức quản lý (đầy đủ hoặc rút gọn)."}},
		{"unknown governance for a union", func(o *coop.Organisation) { o.Kind, o.Governance = coop.KindLHHTX, "mixed" },
			map[string]string{"governance": "Chọn mô hình tổ chức quản lý (đầy đủ hoặc rút gọn)."}},

		// Dates.
		{"impossible founding date", func(o *coop.Organisation) { o.FoundedOn = "2025-02-30" },
			map[string]string{"founded_on": "Ngày thành lập không hợp lệ (định dạng ngày/tháng/năm)."}},
		{"founding date not leap", func(o *coop.Organisation) { o.FoundedOn = "2025-02-29" },
			map[string]string{"founded_on": "Ngày thành lập không hợp lệ (định dạng ngày/tháng/năm)."}},
		{"founding date in Vietnamese form", func(o *coop.Organisation) { o.FoundedOn = "01/03/2019" },
			map[string]string{"founded_on": "Ngày thành lập không hợp lệ (định dạng ngày/tháng/năm)."}},
		{"founding date tomorrow", func(o *coop.Organisation) { o.FoundedOn = "2026-06-15" },
			map[string]string{"founded_on": "Ngày thành lập không được sau ngày hôm nay."}},
		{"founding date before 1945", func(o *coop.Organisation) { o.FoundedOn = "1944-12-31" },
			map[string]string{"founded_on": "Ngày thành lập không hợp lệ (trước năm 1945)."}},

		// OCOP products.
		{"2 stars", func(o *coop.Organisation) { o.Products[0].Stars = 2 },
			map[string]string{"ocop_products[0].stars": "Hạng sao OCOP phải từ 3 đến 5."}},
		{"6 stars", func(o *coop.Organisation) { o.Products[0].Stars = 6 },
			map[string]string{"ocop_products[0].stars": "Hạng sao OCOP phải từ 3 đến 5."}},
		{"expiry before certification", func(o *coop.Organisation) { o.Products[0].ExpiresOn = "2024-04-30" },
			map[string]string{"ocop_products[0].expires_on": "Ngày hết hạn phải sau ngày công nhận."}},
		{"expiry on the certification day", func(o *coop.Organisation) { o.Products[0].ExpiresOn = o.Products[0].CertifiedOn },
			map[string]string{"ocop_products[0].expires_on": "Ngày hết hạn phải sau ngày công nhận."}},
		{"impossible certification date", func(o *coop.Organisation) { o.Products[0].CertifiedOn = "2024-13-01" },
			map[string]string{"ocop_products[0].certified_on": "Ngày công nhận không hợp lệ."}},
		{"impossible expiry date", func(o *coop.Organisation) { o.Products[0].ExpiresOn = "2027-04-31" },
			map[string]string{"ocop_products[0].expires_on": "Ngày hết hạn không hợp lệ."}},
		{"unknown OCOP group", func(o *coop.Organisation) { o.Products[0].Group = "seafood" },
			map[string]string{"ocop_products[0].group": "Chọn nhóm sản phẩm OCOP."}},
		{"product name missing", func(o *coop.Organisation) { o.Products[0].Name = "" },
			map[string]string{"ocop_products[0].name": "Nhập tên sản phẩm."}},

		// Phone.
		{"phone with letters", func(o *coop.Organisation) { o.Phone = "0912abc678" },
			map[string]string{"phone": "Số điện thoại không hợp lệ (8–15 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch nối)."}},
		{"phone of 7 digits", func(o *coop.Organisation) { o.Phone = "382 5123" },
			map[string]string{"phone": "Số điện thoại không hợp lệ (8–15 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch nối)."}},
		{"phone of 16 digits", func(o *coop.Organisation) { o.Phone = "+8412345678901234" },
			map[string]string{"phone": "Số điện thoại không hợp lệ (8–15 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch nối)."}},
		{"phone with + inside", func(o *coop.Organisation) { o.Phone = "84+912345678" },
			map[string]string{"phone": "Số điện thoại không hợp lệ (8–15 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch nối)."}},
		{"phone with brackets", func(o *coop.Organisation) { o.Phone = "(024) 3825 1234" },
			map[string]string{"phone": "Số điện thoại không hợp lệ (8–15 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch nối)."}},

		// Name and other text.
		{"name missing", func(o *coop.Organisation) { o.Name = "" },
			map[string]string{"name": "Nhập tên tổ chức."}},
		{"name of 2 letters", func(o *coop.Organisation) { o.Name = "Ân" },
			map[string]string{"name": "Tên tổ chức quá ngắn (tối thiểu 3 ký tự)."}},
		{"name of 256 letters", func(o *coop.Organisation) { o.Name = strings.Repeat("a", 256) },
			map[string]string{"name": "Tên tổ chức quá dài (tối đa 255 ký tự)."}},
		{"registration number too long", func(o *coop.Organisation) { o.RegistrationNo = strings.Repeat("1", 51) },
			map[string]string{"registration_no": "Mã số HTX quá dài (tối đa 50 ký tự)."}},
		{"commune too long", func(o *coop.Organisation) { o.Commune = strings.Repeat("x", 101) },
			map[string]string{"commune": "Tên xã, phường quá dài (tối đa 100 ký tự)."}},
		{"address too long", func(o *coop.Organisation) { o.Address = strings.Repeat("x", 256) },
			map[string]string{"address": "Địa chỉ quá dài (tối đa 255 ký tự)."}},

		// Reference codes.
		{"unknown province", func(o *coop.Organisation) { o.Province = "99" },
			map[string]string{"province": "Chọn tỉnh, thành phố."}},
		{"pre-2025 province code", func(o *coop.Organisation) { o.Province = "02" },
			map[string]string{"province": "Chọn tỉnh, thành phố."}},
		{"missing province", func(o *coop.Organisation) { o.Province = "" },
			map[string]string{"province": "Chọn tỉnh, thành phố."}},
		{"unknown kind", func(o *coop.Organisation) { o.Kind = "HTXX" },
			map[string]string{"kind": "Chọn loại hình tổ chức (HTX, Liên hiệp HTX hoặc Tổ hợp tác)."}},
		{"unknown sector", func(o *coop.Organisation) { o.Sector = "fishing" },
			map[string]string{"sector": "Chọn lĩnh vực hoạt động."}},
		{"unknown status", func(o *coop.Organisation) { o.Status = "closed" },
			map[string]string{"status": "Chọn tình trạng hoạt động."}},

		// Parent union.
		{"parent on a union", func(o *coop.Organisation) { o.Kind, o.ParentID = coop.KindLHHTX, 3 },
			map[string]string{"parent_id": "Chỉ hợp tác xã mới có thể là thành viên của liên hiệp hợp tác xã."}},
		{"parent on a THT", func(o *coop.Organisation) {
			o.Kind, o.Governance, o.ParentID = coop.KindTHT, "", 3
			o.Positions = nil
		}, map[string]string{"parent_id": "Chỉ hợp tác xã mới có thể là thành viên của liên hiệp hợp tác xã."}},
		{"parent is itself", func(o *coop.Organisation) { o.ParentID = o.ID },
			map[string]string{"parent_id": "Tổ chức không thể là thành viên của chính mình."}},

		// Several problems at once: every one is reported.
		{"several fields", func(o *coop.Organisation) {
			o.Name, o.Province, o.Positions[0].Sex, o.Snapshots[0].MembersFemale = "", "99", "x", 99
		}, map[string]string{
			"name":                        "Nhập tên tổ chức.",
			"province":                    "Chọn tỉnh, thành phố.",
			"positions[0].sex":            "Chọn giới tính.",
			"workforce[0].members_female": "Số thành viên nữ không được lớn hơn tổng số thành viên.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validHTX()
			tt.mutate(o)
			err := o.Validate(today)
			if coop.ErrorCode(err) != coop.EINVALID {
				t.Fatalf("want %s, got %v", coop.EINVALID, err)
			}
			if coop.ErrorMessage(err) == "" {
				t.Errorf("no message for the form")
			}
			got := coop.ErrorFields(err)
			if !maps.Equal(got, tt.want) {
				t.Errorf("fields:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	const composed = "Hợp tác xã Đồng Tâm"
	if !norm.NFC.IsNormalString(composed) {
		t.Fatal("test literal is not NFC")
	}
	decomposed := norm.NFD.String(composed)
	if decomposed == composed {
		t.Fatal("test input is not decomposed")
	}
	o := &coop.Organisation{
		Kind:           " tht ",
		Name:           "  " + strings.ReplaceAll(decomposed, " ", " \t\u00a0 ") + "\n",
		RegistrationNo: " 5100 123456 ",
		Governance:     coop.GovernanceFull,
		Province:       " 08 ",
		Sector:         " agriculture ",
		Status:         " active ",
		Commune:        norm.NFD.String("Xã  Bản   Lác"),
		Address:        "  Thôn   1 ",
		FoundedOn:      " 2019-03-01 ",
		Phone:          " 0912  345 678 ",
		Positions:      []coop.Position{{Role: " group_leader ", Holder: norm.NFD.String(" Hoàng  Thị Mai "), Sex: " female ", From: " 2020-01-01 ", To: " "}},
		Snapshots:      []coop.Snapshot{{AsOf: " 2025-12-31 "}},
		Products:       []coop.Product{{Name: norm.NFD.String(" Chè  Shan tuyết "), Group: " drinks ", Stars: 4, CertifiedOn: " 2024-01-01 ", ExpiresOn: " 2027-01-01 "}},
	}
	o.Normalize()
	want := coop.Organisation{
		Kind: coop.KindTHT, Name: composed, RegistrationNo: "5100 123456", Governance: "", Province: "08",
		Sector: "agriculture", Status: "active", Commune: "Xã Bản Lác", Address: "Thôn 1", FoundedOn: "2019-03-01",
		Phone: "0912 345 678",
	}
	got := *o
	got.Positions, got.Snapshots, got.Products = nil, nil, nil
	if got.Kind != want.Kind || got.Name != want.Name || got.RegistrationNo != want.RegistrationNo || got.Governance != want.Governance ||
		got.Province != want.Province || got.Sector != want.Sector || got.Status != want.Status || got.Commune != want.Commune ||
		got.Address != want.Address || got.FoundedOn != want.FoundedOn || got.Phone != want.Phone {
		t.Errorf("normalised:\n got %+v\nwant %+v", got, want)
	}
	if p := o.Positions[0]; p != (coop.Position{Role: "group_leader", Holder: "Hoàng Thị Mai", Sex: "female", From: "2020-01-01"}) {
		t.Errorf("position %+v", p)
	}
	if o.Snapshots[0].AsOf != "2025-12-31" {
		t.Errorf("as of %q", o.Snapshots[0].AsOf)
	}
	if p := o.Products[0]; p.Name != "Chè Shan tuyết" || p.Group != "drinks" || p.CertifiedOn != "2024-01-01" || p.ExpiresOn != "2027-01-01" {
		t.Errorf("product %+v", p)
	}
	for _, s := range []string{o.Name, o.Commune, o.Positions[0].Holder, o.Products[0].Name} {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%q is not NFC", s)
		}
	}
	// Normalised, the once-decomposed input is valid.
	if err := o.Validate(today); err != nil {
		t.Errorf("normalised organisation: %v", err)
	}
}

func TestValidDate(t *testing.T) {
	for s, want := range map[string]bool{
		"2026-06-14": true, "2024-02-29": true, "2025-02-29": false, "2025-02-30": false, "2025-13-01": false,
		"2025-00-10": false, "2025-1-10": false, "14/06/2026": false, "": false, "2026-06-14T00:00:00Z": false,
	} {
		if got := coop.ValidDate(s); got != want {
			t.Errorf("ValidDate(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestRolesForMatchesManagementRoles(t *testing.T) {
	for _, kind := range []string{coop.KindHTX, coop.KindLHHTX, coop.KindTHT} {
		for _, gov := range []string{coop.GovernanceFull, coop.GovernanceSimplified} {
			roles := coop.RolesFor(kind, gov)
			if len(roles) == 0 {
				t.Errorf("%s/%s: no roles", kind, gov)
			}
			for _, r := range roles {
				if !coop.ManagementRoles.Valid(r) {
					t.Errorf("%s/%s: %q is not a management role", kind, gov, r)
				}
			}
		}
	}
	if slices.Contains(coop.RolesFor(coop.KindHTX, coop.GovernanceSimplified), coop.RoleChair) {
		t.Error("a simplified HTX has no board")
	}
	if coop.RolesFor("XYZ", "") != nil {
		t.Error("an unknown kind has no roles")
	}
}
