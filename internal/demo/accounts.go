package demo

import (
	"context"
	"fmt"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// AccountPassword is the password of every demo account. The demo is for
// training days and trying the system; never use --demo with real data.
const AccountPassword = "htxnu-demo-2026"

// Account is a demo account and its password.
type Account struct {
	Email    string
	Name     string
	Role     string
	Province string
	Password string
}

// demoAccounts: one per role, and provincial officers of two provinces.
var demoAccounts = []struct {
	email, name, role, province, agency string
}{
	{"admin@demo.htxnu.vn", "Quản trị hệ thống", coop.RoleAdmin, "", "Liên minh Hợp tác xã Việt Nam"},
	{"trunguong@demo.htxnu.vn", "Trần Thị Thu (Ban Chính sách)", coop.RoleCentral, "", "Ban Chính sách - Phát triển"},
	{"lanhdao.tuyenquang@demo.htxnu.vn", "Hoàng Văn Minh", coop.RoleProvincialLead, "08", ""},
	{"tuyenquang@demo.htxnu.vn", "Ma Thị Hương", coop.RoleProvincial, "08", ""},
	{"hanoi@demo.htxnu.vn", "Nguyễn Thị Lan", coop.RoleProvincial, "01", ""},
	{"hoiphunu.tuyenquang@demo.htxnu.vn", "Lương Thị Hoa (Hội LHPN tỉnh)", coop.RolePartner, "08", ""},
	{"xem@demo.htxnu.vn", "Phạm Văn Đức", coop.RoleViewer, "", ""},
}

// Accounts creates the demo accounts that do not exist yet and returns
// every demo account with its password.
func Accounts(ctx context.Context, db *store.DB) ([]Account, error) {
	agencies, err := db.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	agencyFor := func(name, province string, womens bool) int64 {
		for _, a := range agencies {
			if name != "" && a.Name == name {
				return a.ID
			}
			if name == "" && province != "" && a.Province == province {
				isWU := a.Kind == store.AgencyWomensUnionProvincial
				if isWU == womens {
					return a.ID
				}
			}
		}
		return 0
	}
	var out []Account
	for _, d := range demoAccounts {
		if _, err := db.UserByEmail(ctx, coop.System, d.email); err != nil {
			if coop.ErrorCode(err) != coop.ENOTFOUND {
				return nil, err
			}
			u := &store.User{Email: d.email, Name: d.name, Role: d.role, Province: d.province,
				AgencyID: agencyFor(d.agency, d.province, d.role == coop.RolePartner)}
			if err := db.CreateUser(ctx, coop.System, u, AccountPassword); err != nil {
				return nil, fmt.Errorf("demo account %s: %w", d.email, err)
			}
		}
		out = append(out, Account{Email: d.email, Name: d.name, Role: d.role, Province: d.province, Password: AccountPassword})
	}
	return out, nil
}
