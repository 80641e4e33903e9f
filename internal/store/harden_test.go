package store_test

import (
	"context"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The remedies for a stolen account end its API tokens as well as its
// sessions: whoever took the password may have made a token with it.
func TestRemediesRevokeAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		admin := acctUser(t, db, "quantri@vca.org.vn", "Quản trị Trung ương", coop.RoleAdmin, "")
		for _, c := range []struct {
			name   string
			remedy func(u *store.User) error
		}{
			{"change password", func(u *store.User) error {
				return db.ChangePassword(ctx, u.Actor(), acctPassword, "một-mật-khẩu-mới-dài")
			}},
			{"sign out everywhere", func(u *store.User) error { return db.SignOutEverywhere(ctx, u.Actor()) }},
			{"administrator's reset", func(u *store.User) error {
				return db.ResetPassword(ctx, admin.Actor(), u.ID, "mat-khau-dat-lai-7Qx")
			}},
		} {
			u := acctUser(t, db, "bi.mat."+string(rune('a'+len(c.name)))+"@vinhlong.lmhtx.vn", "Trương Thị Nam", coop.RoleProvincial, "86")
			token, _, err := db.CreateAPIToken(ctx, u.Actor(), "kẻ gian tạo")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.TokenActor(ctx, token); err != nil {
				t.Fatalf("%s: token before: %v", c.name, err)
			}
			if err := c.remedy(u); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if _, err := db.TokenActor(ctx, token); coop.ErrorCode(err) != coop.EUNAUTH {
				t.Errorf("%s: the token still answers (%v)", c.name, err)
			}
			list, err := db.APITokens(ctx, u.Actor())
			if err != nil || len(list) != 1 || list[0].RevokedAt == nil {
				t.Errorf("%s: tokens %+v %v", c.name, list, err)
			}
		}
	})
}

func TestWeakPasswordsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin := acctUser(t, db, "quantri@vca.org.vn", "Quản trị Trung ương", coop.RoleAdmin, "")
		u := &store.User{Email: "tran.thi.mai@hue.lmhtx.vn", Name: "Trần Thị Mai", Role: coop.RoleProvincial, Province: "46"}
		for _, pw := range []string{u.Email, "tran.thi.mai2026", "Trần Thị Mai 1990", "1234567890", "matkhau123"} {
			if err := db.CreateUser(ctx, admin.Actor(), u, pw); coop.ErrorFields(err)["password"] == "" {
				t.Errorf("create with %q: %v", pw, err)
			}
		}
		if err := db.CreateUser(ctx, admin.Actor(), u, "Sông Hương chiều thu"); err != nil {
			t.Fatal(err)
		}
		if err := db.ResetPassword(ctx, admin.Actor(), u.ID, u.Email+"!"); coop.ErrorFields(err)["password"] == "" {
			t.Errorf("reset to the email: %v", err)
		}
		if err := db.ChangePassword(ctx, u.Actor(), "Sông Hương chiều thu", "TranThiMai@123"); coop.ErrorFields(err)["password"] == "" {
			t.Errorf("change to the name: %v", err)
		}
		for _, name := range []string{"\u200b\u200b\u200b", "\ufeff\ufeff\ufeff", "\u200bA\u200b"} {
			v := &store.User{Email: "vo.hinh@hue.lmhtx.vn", Name: name, Role: coop.RoleProvincial, Province: "46"}
			if err := db.CreateUser(ctx, admin.Actor(), v, "Sông Hương chiều thu"); coop.ErrorFields(err)["name"] == "" {
				t.Errorf("invisible name %q: %v", name, err)
			}
		}
	})
}
