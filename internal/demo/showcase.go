package demo

import (
	"htxnu/internal/coop"
)

// BanLac is the name of the demonstration's weaving cooperative in Tuyên
// Quang, managed by men until its director changes (the first journey).
const BanLac = "Hợp tác xã Dệt thổ cẩm Bản Lác"

// showcase are the named organisations the demonstration starts with: the
// cooperative of the first journey, three weaving cooperatives run by women
// with OCOP products (the public showcase) and a union.
var showcase = []func(g *Generator) coop.Organisation{
	func(g *Generator) coop.Organisation {
		return coop.Organisation{
			Kind: coop.KindHTX, Name: BanLac, Sector: "industry_handicraft", Governance: coop.GovernanceFull,
			Province: "08", Commune: "Xã Thượng Lâm", Address: "Bản Lác, Xã Thượng Lâm, Tỉnh Tuyên Quang",
			FoundedOn: "2019-03-01", Status: coop.StatusActive, Phone: "0207 3862 145",
			Positions: []coop.Position{
				{Role: coop.RoleChair, Holder: "Ma Văn Thắng", Sex: coop.SexMale, From: "2024-03-20"},
				{Role: coop.RoleBoardMember, Holder: "Lò Văn Sáng", Sex: coop.SexMale, From: "2024-03-20"},
				{Role: coop.RoleBoardMember, Holder: "Hoàng Văn Tuấn", Sex: coop.SexMale, From: "2024-03-20"},
				{Role: coop.RoleDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale, From: "2019-03-01"},
				{Role: coop.RoleSupervisoryHead, Holder: "Nông Văn Hải", Sex: coop.SexMale, From: "2024-03-20"},
				{Role: coop.RoleChiefAccountant, Holder: "Hà Đức Minh", Sex: coop.SexMale, From: "2023-01-02"},
				{Role: coop.RoleChiefAccountant, Holder: "Hà Thị Lan", Sex: coop.SexFemale, From: "2019-03-01", To: "2022-12-31"},
				{Role: coop.RoleChair, Holder: "Ma Văn Khánh", Sex: coop.SexMale, From: "2019-03-01", To: "2024-03-19"},
			},
			Snapshots: []coop.Snapshot{
				{AsOf: "2024-12-31", MembersTotal: 22, MembersFemale: 16, WorkersTotal: 28, WorkersFemale: 19, RegularTotal: 20, RegularFemale: 15, FemaleMonthlyIncome: 4_800_000},
				{AsOf: "2025-12-31", MembersTotal: 25, MembersFemale: 18, WorkersTotal: 30, WorkersFemale: 20, RegularTotal: 22, RegularFemale: 16, FemaleMonthlyIncome: 5_200_000},
			},
			Products: []coop.Product{
				{Name: "Khăn thổ cẩm Bản Lác", Group: "handicraft", Stars: 3, CertifiedOn: "2024-08-15", ExpiresOn: "2027-08-15"},
			},
		}
	},
	func(g *Generator) coop.Organisation {
		return weavers("Hợp tác xã Dệt thổ cẩm Mường Lò", "15", "Xã Nghĩa Lộ", "Bản Cò Cọi, Xã Nghĩa Lộ, Tỉnh Lào Cai", "2016-05-12", "0216 3870 512",
			[]string{"Lò Thị Xuân", "Lò Thị Hoa", "Hà Thị Duyên", "Lường Văn Thành", "Cầm Thị Nhung"},
			coop.Product{Name: "Khăn piêu Mường Lò", Group: "handicraft", Stars: 4, CertifiedOn: "2023-11-20", ExpiresOn: "2026-11-20"},
			coop.Product{Name: "Túi thổ cẩm Mường Lò", Group: "handicraft", Stars: 3, CertifiedOn: "2025-04-10", ExpiresOn: "2028-04-10"})
	},
	func(g *Generator) coop.Organisation {
		return weavers("Hợp tác xã Dệt thổ cẩm Chiềng Châu", "25", "Xã Mai Châu", "Bản Văn, Xã Mai Châu, Tỉnh Phú Thọ", "2014-09-03", "0218 3867 203",
			[]string{"Hà Thị Vân", "Hà Thị Vân Anh", "Lò Thị Sen", "Hà Văn Long", "Vì Thị Hằng"},
			coop.Product{Name: "Thổ cẩm Chiềng Châu", Group: "handicraft", Stars: 4, CertifiedOn: "2024-06-01", ExpiresOn: "2027-06-01"})
	},
	func(g *Generator) coop.Organisation {
		return weavers("Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp", "56", "Xã Phước Dân", "Thôn Mỹ Nghiệp, Xã Phước Dân, Tỉnh Khánh Hòa", "2010-02-15", "0259 3864 415",
			[]string{"Đàng Thị Hoa", "Phú Thị Mai", "Thập Thị Ngọc", "Quảng Văn Sơn", "Đàng Thị Liên"},
			coop.Product{Name: "Thổ cẩm Chăm Mỹ Nghiệp", Group: "handicraft", Stars: 4, CertifiedOn: "2024-01-18", ExpiresOn: "2027-01-18"},
			coop.Product{Name: "Du lịch làng dệt Mỹ Nghiệp", Group: "tourism", Stars: 3, CertifiedOn: "2025-07-05", ExpiresOn: "2028-07-05"})
	},
	func(g *Generator) coop.Organisation {
		return coop.Organisation{
			Kind: coop.KindLHHTX, Name: "Liên hiệp hợp tác xã Nông nghiệp Tuyên Quang", Sector: "agriculture", Governance: coop.GovernanceFull,
			Province: "08", Commune: "Phường Minh Xuân", Address: "Số 12 đường Tân Trào, Phường Minh Xuân, Tỉnh Tuyên Quang",
			FoundedOn: "2018-10-25", Status: coop.StatusActive, Phone: "0207 3822 688",
			Positions: []coop.Position{
				{Role: coop.RoleChair, Holder: "Nguyễn Văn Hùng", Sex: coop.SexMale, From: "2023-10-10"},
				{Role: coop.RoleBoardMember, Holder: "Trần Thị Thu Hằng", Sex: coop.SexFemale, From: "2023-10-10"},
				{Role: coop.RoleBoardMember, Holder: "Lê Đức Toàn", Sex: coop.SexMale, From: "2023-10-10"},
				{Role: coop.RoleDirector, Holder: "Phạm Quang Trung", Sex: coop.SexMale, From: "2023-10-10"},
				{Role: coop.RoleSupervisoryHead, Holder: "Hoàng Thị Yến", Sex: coop.SexFemale, From: "2023-10-10"},
				{Role: coop.RoleChiefAccountant, Holder: "Vũ Thị Ngọc", Sex: coop.SexFemale, From: "2018-10-25"},
			},
			Snapshots: []coop.Snapshot{
				{AsOf: "2025-12-31", MembersTotal: 9, MembersFemale: 3, WorkersTotal: 14, WorkersFemale: 7, RegularTotal: 10, RegularFemale: 5, FemaleMonthlyIncome: 6_500_000},
			},
		}
	},
}

// weavers is a weaving cooperative run by women: the first two people are
// its chair and director.
func weavers(name, province, commune, address, founded, phone string, people []string, products ...coop.Product) coop.Organisation {
	term := "2023-04-15"
	return coop.Organisation{
		Kind: coop.KindHTX, Name: name, Sector: "industry_handicraft", Governance: coop.GovernanceFull,
		Province: province, Commune: commune, Address: address, FoundedOn: founded, Status: coop.StatusActive, Phone: phone,
		Positions: []coop.Position{
			{Role: coop.RoleChair, Holder: people[0], Sex: coop.SexFemale, From: term},
			{Role: coop.RoleDirector, Holder: people[1], Sex: coop.SexFemale, From: term},
			{Role: coop.RoleBoardMember, Holder: people[2], Sex: coop.SexFemale, From: term},
			{Role: coop.RoleSupervisoryHead, Holder: people[3], Sex: coop.SexMale, From: term},
			{Role: coop.RoleChiefAccountant, Holder: people[4], Sex: coop.SexFemale, From: founded},
		},
		Snapshots: []coop.Snapshot{
			{AsOf: "2024-12-31", MembersTotal: 31, MembersFemale: 27, WorkersTotal: 46, WorkersFemale: 41, RegularTotal: 30, RegularFemale: 28, FemaleMonthlyIncome: 5_600_000},
			{AsOf: "2025-12-31", MembersTotal: 34, MembersFemale: 30, WorkersTotal: 52, WorkersFemale: 47, RegularTotal: 35, RegularFemale: 33, FemaleMonthlyIncome: 6_100_000},
		},
		Products: products,
	}
}
