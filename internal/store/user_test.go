package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

const acctPassword = "Rừng thông 2026 xanh"

// acctClock pins the database clock to *now, which the test moves.
func acctClock(db *store.DB, now *time.Time) {
	*now = time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return *now })
}

// acctUser creates an account with acctPassword as the system.
func acctUser(t *testing.T, db *store.DB, email, name, role, province string) *store.User {
	t.Helper()
	u := &store.User{Email: email, Name: name, Role: role, Province: province}
	if err := db.CreateUser(context.Background(), coop.System, u, acctPassword); err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// acctEvents returns the audit events of an action, oldest first.
func acctEvents(t *testing.T, db *store.DB, entity, action string) []store.AuditEvent {
	t.Helper()
	all, _, err := db.AuditEvents(context.Background(), coop.System, store.AuditFilter{Entity: entity, PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.AuditEvent
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Action == action {
			out = append(out, all[i])
		}
	}
	return out
}

// acctNoSecrets fails if any stored text holds a password hash, a password
// or a raw token: audit rows, sessions and API tokens.
func acctNoSecrets(t *testing.T, db *store.DB, secrets ...string) {
	t.Helper()
	secrets = append(secrets, "$argon2id$", "password_hash")
	for _, table := range []string{"audit_events", "sessions", "api_tokens"} {
		rows, err := db.SQL().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			n++
			for i, v := range vals {
				for _, s := range secrets {
					if s != "" && strings.Contains(v.String, s) {
						t.Errorf("%s.%s holds a secret (%.12s…): %.120s", table, cols[i], s, v.String)
					}
				}
			}
		}
		rows.Close()
		if table == "audit_events" && n == 0 {
			t.Errorf("no audit events to check")
		}
	}
}

func TestAgencies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i := 0; i < 2; i++ {
			if err := db.SeedAgencies(ctx); err != nil {
				t.Fatalf("seed %d: %v", i, err)
			}
		}
		list, err := db.Agencies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1+4+34+1+34 {
			t.Fatalf("%d agencies, want 74", len(list))
		}
		if list[0].Kind != store.AgencyVCACentral || list[0].Name != "Liên minh Hợp tác xã Việt Nam" || list[0].Province != "" {
			t.Errorf("first agency %+v", list[0])
		}
		byName := map[string]store.Agency{}
		for _, a := range list {
			byName[a.Name] = a
		}
		for name, province := range map[string]string{
			"Liên minh Hợp tác xã Hà Nội":              "01",
			"Hội Liên hiệp Phụ nữ Hà Nội":              "01",
			"Liên minh Hợp tác xã Tuyên Quang":         "08",
			"Hội Liên hiệp Phụ nữ Hồ Chí Minh":         "79",
			"Ban Chính sách - Phát triển":              "",
			"Trung ương Hội Liên hiệp Phụ nữ Việt Nam": "",
		} {
			if a, ok := byName[name]; !ok || a.Province != province {
				t.Errorf("%s: %+v (present %v), want province %q", name, a, ok, province)
			}
		}
	})
}

func TestUserValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.SeedAgencies(ctx); err != nil {
			t.Fatal(err)
		}
		agencies, _ := db.Agencies(ctx)
		var hanoiAlliance int64
		for _, a := range agencies {
			if a.Kind == store.AgencyProvincialAlliance && a.Province == "01" {
				hanoiAlliance = a.ID
			}
		}
		good := func() store.User {
			return store.User{Email: "can.bo@lmhtx.vn", Name: "Trần Văn An", Role: coop.RoleProvincial, Province: "08"}
		}
		for _, tc := range []struct {
			name     string
			change   func(u *store.User)
			password string
			field    string
		}{
			{"no email", func(u *store.User) { u.Email = " " }, acctPassword, "email"},
			{"bad email", func(u *store.User) { u.Email = "can.bo@lmhtx" }, acctPassword, "email"},
			{"email with space", func(u *store.User) { u.Email = "can bo@lmhtx.vn" }, acctPassword, "email"},
			{"no name", func(u *store.User) { u.Name = "  " }, acctPassword, "name"},
			{"unknown role", func(u *store.User) { u.Role = "boss" }, acctPassword, "role"},
			{"system role", func(u *store.User) { u.Role = coop.RoleSystem }, acctPassword, "role"},
			{"provincial without province", func(u *store.User) { u.Province = "" }, acctPassword, "province"},
			{"lead without province", func(u *store.User) { u.Role, u.Province = coop.RoleProvincialLead, "" }, acctPassword, "province"},
			{"central with province", func(u *store.User) { u.Role = coop.RoleCentral }, acctPassword, "province"},
			{"admin with province", func(u *store.User) { u.Role = coop.RoleAdmin }, acctPassword, "province"},
			{"unknown province", func(u *store.User) { u.Province = "99" }, acctPassword, "province"},
			{"short password", func(u *store.User) {}, "ngan9chu!", "password"},
			{"no password", func(u *store.User) {}, "", "password"},
			{"one repeated character", func(u *store.User) {}, "ééééééééééé", "password"},
			{"agency of another province", func(u *store.User) { u.AgencyID = hanoiAlliance }, acctPassword, "agency_id"},
			{"unknown agency", func(u *store.User) { u.AgencyID = 999999 }, acctPassword, "agency_id"},
		} {
			u := good()
			tc.change(&u)
			err := db.CreateUser(ctx, coop.System, &u, tc.password)
			if coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)[tc.field] == "" {
				t.Errorf("%s: want invalid %s, got %v", tc.name, tc.field, err)
			}
		}
		if _, total, err := db.Users(ctx, coop.System, store.UserFilter{}); err != nil || total != 0 {
			t.Fatalf("invalid users were saved: %d (%v)", total, err)
		}
		// Partners may be national or provincial; a partner in Hà Nội may
		// belong to Hà Nội's alliance.
		u := store.User{Email: "  Doi.Tac@HoiPhuNu.VN ", Name: "Lê  Thị Bình", Role: coop.RolePartner, Province: "01", AgencyID: hanoiAlliance}
		if err := db.CreateUser(ctx, coop.System, &u, acctPassword); err != nil {
			t.Fatalf("valid partner: %v", err)
		}
		if u.Email != "doi.tac@hoiphunu.vn" || u.Name != "Lê Thị Bình" || u.AgencyName != "Liên minh Hợp tác xã Hà Nội" {
			t.Errorf("stored as %+v", u)
		}
	})
}

func TestUserLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		admin := acctUser(t, db, "quan.tri@lmhtx.vn", "Quản Trị Viên", coop.RoleAdmin, "")
		prov := acctUser(t, db, "hang.nt@tuyenquang.lmhtx.vn", "Nguyễn Thị Hằng", coop.RoleProvincial, "08")
		lead := acctUser(t, db, "lead@dienbien.lmhtx.vn", "Lò Văn Đức", coop.RoleProvincialLead, "11")
		if prov.ID == 0 || prov.Version != 1 || !prov.CreatedAt.Equal(now) {
			t.Fatalf("created %+v", prov)
		}
		if a := prov.Actor(); a.UserID != prov.ID || a.Role != coop.RoleProvincial || a.Province != "08" || a.Name != prov.Name {
			t.Errorf("actor %+v", a)
		}

		// Only administrators create accounts.
		for _, actor := range []coop.Actor{prov.Actor(), lead.Actor(), coop.Anonymous, {UserID: 99, Role: coop.RoleCentral}} {
			u := &store.User{Email: "x@lmhtx.vn", Name: "X", Role: coop.RoleViewer}
			if err := db.CreateUser(ctx, actor, u, acctPassword); coop.ErrorCode(err) != coop.EFORBIDDEN {
				t.Errorf("%s creates a user: %v", actor.Role, err)
			}
			if _, _, err := db.Users(ctx, actor, store.UserFilter{}); coop.ErrorCode(err) != coop.EFORBIDDEN {
				t.Errorf("%s lists users: %v", actor.Role, err)
			}
			if _, err := db.UserByEmail(ctx, actor, admin.Email); coop.ErrorCode(err) != coop.EFORBIDDEN {
				t.Errorf("%s looks up by email: %v", actor.Role, err)
			}
		}
		// Duplicate email, in another case.
		dup := &store.User{Email: "Hang.NT@TuyenQuang.lmhtx.vn", Name: "Người khác", Role: coop.RoleViewer}
		err := db.CreateUser(ctx, admin.Actor(), dup, acctPassword)
		if coop.ErrorCode(err) != coop.ECONFLICT || coop.ErrorFields(err)["email"] == "" {
			t.Fatalf("duplicate email: %v", err)
		}

		// Reading: admins any, everyone their own, nobody else's.
		if u, err := db.User(ctx, admin.Actor(), prov.ID); err != nil || u.Email != prov.Email {
			t.Errorf("admin reads: %+v %v", u, err)
		}
		if u, err := db.User(ctx, prov.Actor(), prov.ID); err != nil || u.Province != "08" {
			t.Errorf("own account: %+v %v", u, err)
		}
		if _, err := db.User(ctx, prov.Actor(), lead.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("other's account: %v", err)
		}
		if _, err := db.User(ctx, coop.Anonymous, prov.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("anonymous reads an account: %v", err)
		}
		if u, err := db.UserByEmail(ctx, admin.Actor(), " LEAD@DienBien.lmhtx.vn"); err != nil || u.ID != lead.ID {
			t.Errorf("by email: %+v %v", u, err)
		}
		if _, err := db.UserByEmail(ctx, coop.System, "nobody@lmhtx.vn"); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("unknown email: %v", err)
		}

		// Listing: accent-insensitive search, filters, Vietnamese order.
		for _, tc := range []struct {
			f    store.UserFilter
			want []int64
		}{
			{store.UserFilter{}, []int64{lead.ID, prov.ID, admin.ID}},
			{store.UserFilter{Q: "hang"}, []int64{prov.ID}},
			{store.UserFilter{Q: "HẰNG"}, []int64{prov.ID}},
			{store.UserFilter{Q: "duc"}, []int64{lead.ID}},
			{store.UserFilter{Q: "lmhtx.vn"}, []int64{lead.ID, prov.ID, admin.ID}},
			{store.UserFilter{Role: coop.RoleProvincialLead}, []int64{lead.ID}},
			{store.UserFilter{Province: "08"}, []int64{prov.ID}},
			{store.UserFilter{PerPage: 2, Page: 2}, []int64{admin.ID}},
		} {
			got, total, err := db.Users(ctx, admin.Actor(), tc.f)
			var ids []int64
			for _, u := range got {
				ids = append(ids, u.ID)
			}
			wantTotal := len(tc.want)
			if tc.f.PerPage == 2 {
				wantTotal = 3
			}
			if err != nil || total != wantTotal || len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) {
				t.Errorf("%+v: %v total %d (%v), want %v", tc.f, ids, total, err, tc.want)
			}
		}

		// Update with the version read; a stale version conflicts.
		now = now.Add(time.Hour)
		edit := *prov
		edit.Name, edit.Role = "Nguyễn Thị Hằng Nga", coop.RoleProvincialLead
		edit.Email = "changed@lmhtx.vn" // ignored: the email stays
		if err := db.UpdateUser(ctx, admin.Actor(), &edit); err != nil {
			t.Fatalf("update: %v", err)
		}
		if edit.Version != 2 || edit.Email != prov.Email || edit.Role != coop.RoleProvincialLead || !edit.UpdatedAt.Equal(now) {
			t.Errorf("after update %+v", edit)
		}
		stale := *prov
		stale.Name = "Cũ"
		if err := db.UpdateUser(ctx, admin.Actor(), &stale); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		bad := edit
		bad.Province = ""
		if err := db.UpdateUser(ctx, admin.Actor(), &bad); coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["province"] == "" {
			t.Errorf("provincial lead without province: %v", err)
		}
		forbidden := edit
		forbidden.Name = "Tự sửa"
		if err := db.UpdateUser(ctx, edit.Actor(), &forbidden); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("non-admin updates: %v", err)
		}
		// An administrator cannot lock themselves out.
		self := *admin
		self.Disabled = true
		if err := db.UpdateUser(ctx, admin.Actor(), &self); coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["disabled"] == "" {
			t.Errorf("admin disables self: %v", err)
		}
		self = *admin
		self.Role = coop.RoleViewer
		if err := db.UpdateUser(ctx, admin.Actor(), &self); coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["role"] == "" {
			t.Errorf("admin demotes self: %v", err)
		}
		// Disable and enable.
		edit.Disabled = true
		if err := db.UpdateUser(ctx, admin.Actor(), &edit); err != nil || edit.Version != 3 {
			t.Fatalf("disable: %v (version %d)", err, edit.Version)
		}
		if got, _ := db.User(ctx, admin.Actor(), edit.ID); got == nil || !got.Disabled {
			t.Errorf("disabled not read back: %+v", got)
		}

		creates := acctEvents(t, db, "user", "create")
		if len(creates) != 3 || creates[1].EntityID != prov.ID || creates[1].Province != "08" || creates[1].Before != nil ||
			!strings.Contains(string(creates[1].After), `"email":"hang.nt@tuyenquang.lmhtx.vn"`) {
			t.Errorf("create audit: %+v", creates)
		}
		updates := acctEvents(t, db, "user", "update")
		if len(updates) != 2 || updates[0].ActorID != admin.ID || !strings.Contains(string(updates[0].Before), `"role":"provincial"`) ||
			!strings.Contains(string(updates[0].After), `"role":"provincial_lead"`) {
			t.Errorf("update audit: %+v", updates)
		}
		acctNoSecrets(t, db, acctPassword)
	})
}

func TestPasswordChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "thu.ky@laocai.lmhtx.vn", "Hà Thị Thu", coop.RoleProvincial, "15")
		token, _, err := db.SignIn(ctx, u.Email, acctPassword, "198.51.100.7", "test")
		if err != nil {
			t.Fatal(err)
		}
		const second = "Ruộng bậc thang mùa lúa chín"
		// Wrong current password; a too-short new one.
		err = db.ChangePassword(ctx, u.Actor(), "không phải mật khẩu", second)
		if coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["current_password"] == "" {
			t.Fatalf("wrong current: %v", err)
		}
		err = db.ChangePassword(ctx, u.Actor(), acctPassword, "ngắn")
		if coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["password"] == "" || coop.ErrorFields(err)["current_password"] != "" {
			t.Fatalf("short new password: %v", err)
		}
		if err := db.ChangePassword(ctx, coop.Anonymous, acctPassword, second); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("anonymous changes a password: %v", err)
		}
		if _, err := db.SessionActor(ctx, token); err != nil {
			t.Fatalf("a failed change ended the session: %v", err)
		}
		if err := db.ChangePassword(ctx, u.Actor(), acctPassword, second); err != nil {
			t.Fatalf("change: %v", err)
		}
		if _, err := db.SessionActor(ctx, token); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("session survives a password change: %v", err)
		}
		if _, _, err := db.SignIn(ctx, u.Email, acctPassword, "198.51.100.7", "test"); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("old password still signs in: %v", err)
		}
		token, _, err = db.SignIn(ctx, u.Email, second, "198.51.100.7", "test")
		if err != nil {
			t.Fatalf("new password: %v", err)
		}

		// Reset by an administrator; nobody else may.
		const third = "Mật khẩu do quản trị đặt"
		if err := db.ResetPassword(ctx, u.Actor(), u.ID, third); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Fatalf("self reset: %v", err)
		}
		if err := db.ResetPassword(ctx, coop.Operator, u.ID, "0000000000"); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("weak reset: %v", err)
		}
		if err := db.ResetPassword(ctx, coop.Operator, 999999, third); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("reset of nobody: %v", err)
		}
		if err := db.ResetPassword(ctx, coop.Operator, u.ID, third); err != nil {
			t.Fatalf("reset: %v", err)
		}
		if _, err := db.SessionActor(ctx, token); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("session survives a reset: %v", err)
		}
		if _, _, err := db.SignIn(ctx, u.Email, third, "198.51.100.7", "test"); err != nil {
			t.Fatalf("reset password: %v", err)
		}

		for _, action := range []string{"change_password", "change_password_failed", "reset_password"} {
			ev := acctEvents(t, db, "user", action)
			if len(ev) != 1 || ev[0].EntityID != u.ID || ev[0].Province != "15" {
				t.Errorf("%s audit: %+v", action, ev)
			}
		}
		acctNoSecrets(t, db, acctPassword, second, third)
	})
}
