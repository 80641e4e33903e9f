package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"htxnu/internal/auth"
	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func TestSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "mai.ht@dienbien.lmhtx.vn", "Hoàng Thị Mai", coop.RoleProvincialLead, "11")
		token, got, err := db.SignIn(ctx, " Mai.HT@DienBien.lmhtx.vn ", acctPassword, "203.0.113.9", "Mozilla/5.0 (Android)")
		if err != nil {
			t.Fatalf("sign in: %v", err)
		}
		if !strings.HasPrefix(token, "hs_") || got.ID != u.ID {
			t.Fatalf("token %q user %+v", token, got)
		}
		a, err := db.SessionActor(ctx, token)
		if err != nil || a.UserID != u.ID || a.Role != coop.RoleProvincialLead || a.Province != "11" || a.Name != u.Name {
			t.Fatalf("session actor %+v %v", a, err)
		}
		for _, bad := range []string{"", "hs_", "hs_nonsense", "ht_" + token[3:], token + "x"} {
			if a, err := db.SessionActor(ctx, bad); coop.ErrorCode(err) != coop.EUNAUTH || a.UserID != 0 {
				t.Errorf("token %q: %+v %v", bad, a, err)
			}
		}

		// Wrong password, unknown account and disabled account answer alike.
		_, _, wrong := db.SignIn(ctx, u.Email, "không đúng mật khẩu", "203.0.113.9", "")
		_, _, unknown := db.SignIn(ctx, "ai.do@lmhtx.vn", acctPassword, "203.0.113.9", "")
		other := acctUser(t, db, "tam.nghi@dienbien.lmhtx.vn", "Lò Thị Tâm", coop.RoleProvincial, "11")
		other.Disabled = true
		if err := db.UpdateUser(ctx, coop.System, other); err != nil {
			t.Fatal(err)
		}
		_, _, disabled := db.SignIn(ctx, other.Email, acctPassword, "203.0.113.9", "")
		for name, err := range map[string]error{"wrong password": wrong, "unknown email": unknown, "disabled": disabled} {
			if coop.ErrorCode(err) != coop.EUNAUTH || coop.ErrorMessage(err) != "Email hoặc mật khẩu không đúng." || err.Error() != wrong.Error() {
				t.Errorf("%s: %v", name, err)
			}
		}

		ok := acctEvents(t, db, "user", "sign_in")
		if len(ok) != 1 || ok[0].EntityID != u.ID || ok[0].ActorID != u.ID || ok[0].Province != "11" {
			t.Errorf("sign_in audit: %+v", ok)
		}
		failed := acctEvents(t, db, "user", "sign_in_failed")
		if len(failed) != 3 {
			t.Fatalf("%d sign_in_failed events, want 3", len(failed))
		}
		if failed[0].EntityID != u.ID || failed[0].Province != "11" || !strings.Contains(string(failed[0].After), `"address":"203.0.113.9"`) {
			t.Errorf("wrong-password audit: %+v", failed[0])
		}
		if failed[1].EntityID != 0 || failed[1].ActorID != 0 || !strings.Contains(string(failed[1].After), `"email":"ai.do@lmhtx.vn"`) {
			t.Errorf("unknown-email audit: %+v", failed[1])
		}
		if failed[2].EntityID != other.ID {
			t.Errorf("disabled-account audit: %+v", failed[2])
		}
		acctNoSecrets(t, db, acctPassword, "không đúng mật khẩu", token, strings.TrimPrefix(token, "hs_"))
	})
}

func TestSignInThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "ke.toan@camau.lmhtx.vn", "Phan Văn Kế", coop.RoleProvincial, "96")
		const home, attacker = "192.0.2.10", "203.0.113.66"
		if _, _, err := db.SignIn(ctx, u.Email, acctPassword, home, ""); err != nil {
			t.Fatal(err)
		}
		wrong := "Email hoặc mật khẩu không đúng."
		// From one address, the first three failures come without delay;
		// then each failure doubles the wait before the next attempt.
		for i := 1; i <= 3; i++ {
			if _, _, err := db.SignIn(ctx, u.Email, "sai mật khẩu", attacker, ""); coop.ErrorMessage(err) != wrong {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		for i, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
			if _, _, err := db.SignIn(ctx, u.Email, "sai mật khẩu", attacker, ""); coop.ErrorMessage(err) != wrong {
				t.Fatalf("failure %d: %v", i+4, err)
			}
			// Too early: refused with the wait, the password not even checked.
			_, _, err := db.SignIn(ctx, u.Email, acctPassword, attacker, "")
			if coop.ErrorCode(err) != coop.EUNAUTH || !strings.Contains(coop.ErrorMessage(err), fmt.Sprintf("chờ %d giây", int(wait.Seconds()))) {
				t.Fatalf("attempt before a %v delay: %v", wait, err)
			}
			now = now.Add(wait)
		}
		// The delays never grow past a minute.
		for i := 0; i < 5; i++ {
			now = now.Add(coop.SignInMaxDelay)
			db.SignIn(ctx, u.Email, "sai mật khẩu", attacker, "")
		}
		if d := coop.SignInDelay(100); d != coop.SignInMaxDelay {
			t.Errorf("delay after 100 failures %v", d)
		}
		// However many failures elsewhere, the right password from an address
		// the account has signed in from is never refused.
		if _, _, err := db.SignIn(ctx, u.Email, acctPassword, home, ""); err != nil {
			t.Fatalf("known address after failures elsewhere: %v", err)
		}
		// From a new address, after the account's soft limit, a short wait.
		_, _, err := db.SignIn(ctx, u.Email, acctPassword, "198.51.100.5", "")
		if coop.ErrorCode(err) != coop.EUNAUTH || !strings.Contains(coop.ErrorMessage(err), "chờ") {
			t.Fatalf("new address over the soft limit: %v", err)
		}
		now = now.Add(coop.AccountSoftWait)
		if _, _, err := db.SignIn(ctx, u.Email, acctPassword, "198.51.100.5", ""); err != nil {
			t.Fatalf("new address after the wait: %v", err)
		}
		// After the window, the count starts again.
		now = now.Add(coop.SignInWindow + time.Second)
		for i := 0; i < 3; i++ {
			if _, _, err := db.SignIn(ctx, u.Email, "sai", attacker, ""); coop.ErrorMessage(err) != wrong {
				t.Fatalf("a new window: %v", err)
			}
		}
		if _, _, err := db.SignIn(ctx, u.Email, acctPassword, attacker, ""); err != nil {
			t.Fatalf("right password after three failures in a new window: %v", err)
		}
		if n := len(acctEvents(t, db, "user", "sign_in_failed")); n < 3+3+3+5+1+3 {
			t.Errorf("%d sign_in_failed events: every failure and early attempt is audited", n)
		}
	})
}

// Behind a NAT or a proxy everyone shares an address: anonymous failures
// from it must not keep its users out.
func TestSignInThrottleByAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		const office = "198.51.100.99"
		admin := acctUser(t, db, "quan.tri@vca.org.vn", "Quản Trị Viên", coop.RoleAdmin, "")
		u := acctUser(t, db, "chu.tich@hue.lmhtx.vn", "Tôn Nữ Hoa", coop.RoleProvincialLead, "46")
		if _, _, err := db.SignIn(ctx, admin.Email, acctPassword, office, ""); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= coop.AddressSoftLimit+2; i++ {
			if _, _, err := db.SignIn(ctx, fmt.Sprintf("thu%d@lmhtx.vn", i), "đoán bừa", office, ""); coop.ErrorCode(err) != coop.EUNAUTH {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		// Five wrong passwords on a named account do not lock it either.
		for i := 1; i <= 5; i++ {
			db.SignIn(ctx, admin.Email, "đoán bừa", "203.0.113.1", "")
			now = now.Add(coop.SignInMaxDelay)
		}
		// The administrator, who has signed in from the office, gets in.
		if _, _, err := db.SignIn(ctx, admin.Email, acctPassword, office, ""); err != nil {
			t.Fatalf("administrator from the office: %v", err)
		}
		// A colleague who never signed in from there waits a few seconds.
		_, _, err := db.SignIn(ctx, u.Email, acctPassword, office, "")
		if err != nil && !strings.Contains(coop.ErrorMessage(err), "chờ") {
			t.Fatalf("colleague: %v", err)
		}
		now = now.Add(coop.AddressSoftWait)
		if _, _, err := db.SignIn(ctx, u.Email, acctPassword, office, ""); err != nil {
			t.Fatalf("colleague after a short wait: %v", err)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "xem@lmhtx.vn", "Đỗ Văn Xem", coop.RoleViewer, "")
		lastSeen := func(token string) time.Time {
			t.Helper()
			var at time.Time
			q := `SELECT last_seen_at FROM sessions WHERE token_hash = ?`
			if db.Dialect() == store.Postgres {
				q = strings.Replace(q, "?", "$1", 1)
			}
			db.Settle() // the use is recorded after the request
			if err := db.SQL().QueryRow(q, auth.HashToken(token)).Scan(&at); err != nil {
				t.Fatalf("last_seen_at: %v", err)
			}
			return at.UTC()
		}

		// Idle expiry.
		idle, _, err := db.SignIn(ctx, u.Email, acctPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		start := now
		now = now.Add(30 * time.Second)
		if _, err := db.SessionActor(ctx, idle); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(idle); !got.Equal(start) {
			t.Errorf("last_seen_at touched within a minute: %v", got)
		}
		now = start.Add(8*time.Hour - time.Second)
		if _, err := db.SessionActor(ctx, idle); err != nil {
			t.Fatalf("just under 8 idle hours: %v", err)
		}
		if got := lastSeen(idle); !got.Equal(now) {
			t.Errorf("last_seen_at %v, want %v", got, now)
		}
		now = now.Add(8 * time.Hour)
		if _, err := db.SessionActor(ctx, idle); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("8 idle hours: %v", err)
		}
		now = now.Add(-time.Hour) // an expired session is gone, not revived by the clock
		if _, err := db.SessionActor(ctx, idle); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("expired session answers again: %v", err)
		}

		// Absolute expiry: used every 7 hours, still over after 7 days.
		busy, _, err := db.SignIn(ctx, u.Email, acctPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		start = now
		for now.Add(7 * time.Hour).Before(start.Add(7 * 24 * time.Hour)) {
			now = now.Add(7 * time.Hour)
			if _, err := db.SessionActor(ctx, busy); err != nil {
				t.Fatalf("busy session after %v: %v", now.Sub(start), err)
			}
			db.Settle() // the use is recorded after the request
		}
		now = start.Add(7 * 24 * time.Hour)
		if _, err := db.SessionActor(ctx, busy); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("session after 7 days: %v", err)
		}
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d sessions left (%v)", n, err)
		}
	})
}

func TestDisablingEndsAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "dong.bo@angiang.lmhtx.vn", "Huỳnh Văn Đồng", coop.RoleProvincial, "91")
		session, _, err := db.SignIn(ctx, u.Email, acctPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		secret, _, err := db.CreateAPIToken(ctx, u.Actor(), "Đồng bộ số liệu tỉnh")
		if err != nil {
			t.Fatal(err)
		}
		if a, err := db.TokenActor(ctx, secret); err != nil || a.UserID != u.ID || a.Province != "91" {
			t.Fatalf("token actor %+v %v", a, err)
		}
		u.Disabled = true
		if err := db.UpdateUser(ctx, coop.Operator, u); err != nil {
			t.Fatal(err)
		}
		var sessions int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&sessions); err != nil || sessions != 0 {
			t.Errorf("disabling left %d sessions (%v)", sessions, err)
		}
		if _, err := db.SessionActor(ctx, session); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("session of a disabled account: %v", err)
		}
		if _, err := db.TokenActor(ctx, secret); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("token of a disabled account: %v", err)
		}
		// Enabled again: the token works (it was not revoked), the session
		// stays ended.
		u.Disabled = false
		if err := db.UpdateUser(ctx, coop.Operator, u); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionActor(ctx, session); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("session revived by enabling: %v", err)
		}
		if _, err := db.TokenActor(ctx, secret); err != nil {
			t.Errorf("token after enabling: %v", err)
		}
		// A role change ends sessions and tokens answer with the new role.
		session, _, err = db.SignIn(ctx, u.Email, acctPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		u.Role = coop.RoleProvincialLead
		if err := db.UpdateUser(ctx, coop.Operator, u); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionActor(ctx, session); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("session survives a role change: %v", err)
		}
		if a, err := db.TokenActor(ctx, secret); err != nil || a.Role != coop.RoleProvincialLead {
			t.Errorf("token after a role change: %+v %v", a, err)
		}
	})
}

func TestSignOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "trung.uong@lmhtx.vn", "Vũ Thị Trung", coop.RoleCentral, "")
		var tokens []string
		for i := 0; i < 3; i++ {
			tok, _, err := db.SignIn(ctx, u.Email, acctPassword, "", fmt.Sprintf("device %d", i))
			if err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, tok)
		}
		if err := db.SignOut(ctx, tokens[0]); err != nil {
			t.Fatal(err)
		}
		if err := db.SignOut(ctx, tokens[0]); err != nil {
			t.Fatalf("signing out twice: %v", err)
		}
		if err := db.SignOut(ctx, "hs_unknown"); err != nil {
			t.Fatalf("unknown token: %v", err)
		}
		if _, err := db.SessionActor(ctx, tokens[0]); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("signed-out session: %v", err)
		}
		a, err := db.SessionActor(ctx, tokens[1])
		if err != nil {
			t.Fatalf("other session ended too: %v", err)
		}
		if err := db.SignOutEverywhere(ctx, coop.Anonymous); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("anonymous signs out everywhere: %v", err)
		}
		if err := db.SignOutEverywhere(ctx, a); err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokens[1:] {
			if _, err := db.SessionActor(ctx, tok); coop.ErrorCode(err) != coop.EUNAUTH {
				t.Errorf("session after signing out everywhere: %v", err)
			}
		}
		if ev := acctEvents(t, db, "user", "sign_out"); len(ev) != 1 || ev[0].ActorID != u.ID {
			t.Errorf("sign_out audit: %+v", ev)
		}
		if ev := acctEvents(t, db, "user", "sign_out_everywhere"); len(ev) != 1 || ev[0].ActorID != u.ID ||
			!strings.Contains(string(ev[0].After), `"sessions":2`) {
			t.Errorf("sign_out_everywhere audit: %+v", ev)
		}
	})
}

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "api@vinhlong.lmhtx.vn", "Trương Văn Nam", coop.RoleProvincial, "86")
		other := acctUser(t, db, "khac@vinhlong.lmhtx.vn", "Trương Thị Bắc", coop.RoleProvincial, "86")

		if _, _, err := db.CreateAPIToken(ctx, u.Actor(), "   "); coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["name"] == "" {
			t.Fatalf("no name: %v", err)
		}
		if _, _, err := db.CreateAPIToken(ctx, coop.Anonymous, "x"); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("anonymous: %v", err)
		}
		if _, _, err := db.CreateAPIToken(ctx, coop.System, "x"); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Fatalf("system: %v", err)
		}
		first, t1, err := db.CreateAPIToken(ctx, u.Actor(), "Đồng bộ  số liệu")
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		second, t2, err := db.CreateAPIToken(ctx, u.Actor(), "Báo cáo")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(first, "ht_") || first == second || t1.Name != "Đồng bộ số liệu" || t1.UserID != u.ID || t1.LastUsedAt != nil || t1.RevokedAt != nil {
			t.Fatalf("created %q %+v", first, t1)
		}
		list, err := db.APITokens(ctx, u.Actor())
		if err != nil || len(list) != 2 || list[0].ID != t2.ID || list[1].ID != t1.ID {
			t.Fatalf("list %+v %v", list, err)
		}
		if l, err := db.APITokens(ctx, other.Actor()); err != nil || len(l) != 0 {
			t.Fatalf("other's list %+v %v", l, err)
		}

		// Use sets last_used_at, at most once a minute.
		if a, err := db.TokenActor(ctx, first); err != nil || a.UserID != u.ID || a.Role != coop.RoleProvincial {
			t.Fatalf("token actor %+v %v", a, err)
		}
		used := now
		now = now.Add(30 * time.Second)
		if _, err := db.TokenActor(ctx, first); err != nil {
			t.Fatal(err)
		}
		db.Settle() // the use is recorded after the request
		list, _ = db.APITokens(ctx, u.Actor())
		if list[1].LastUsedAt == nil || !list[1].LastUsedAt.Equal(used) || list[0].LastUsedAt != nil {
			t.Errorf("last used %+v / %+v", list[1].LastUsedAt, list[0].LastUsedAt)
		}
		for _, bad := range []string{"", "ht_", "ht_x", "hs_" + first[3:], first + "x"} {
			if _, err := db.TokenActor(ctx, bad); coop.ErrorCode(err) != coop.EUNAUTH {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		if _, err := db.SessionActor(ctx, first); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("an API token works as a session: %v", err)
		}

		// Revoke: own tokens, or any as an administrator.
		if err := db.RevokeAPIToken(ctx, other.Actor(), t1.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("other revokes: %v", err)
		}
		if err := db.RevokeAPIToken(ctx, u.Actor(), 999999); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("revoke unknown: %v", err)
		}
		if err := db.RevokeAPIToken(ctx, u.Actor(), t1.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeAPIToken(ctx, u.Actor(), t1.ID); err != nil {
			t.Errorf("revoking twice: %v", err)
		}
		if _, err := db.TokenActor(ctx, first); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("revoked token: %v", err)
		}
		if _, err := db.TokenActor(ctx, second); err != nil {
			t.Errorf("the other token stopped working: %v", err)
		}
		if err := db.RevokeAPIToken(ctx, coop.Operator, t2.ID); err != nil {
			t.Errorf("admin revokes: %v", err)
		}
		if _, err := db.TokenActor(ctx, second); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("token revoked by admin: %v", err)
		}
		list, _ = db.APITokens(ctx, u.Actor())
		if len(list) != 2 || list[0].RevokedAt == nil || list[1].RevokedAt == nil {
			t.Errorf("after revoking %+v", list)
		}

		if ev := acctEvents(t, db, "api_token", "create"); len(ev) != 2 || ev[0].EntityID != t1.ID || ev[0].Province != "86" {
			t.Errorf("create audit: %+v", ev)
		}
		if ev := acctEvents(t, db, "api_token", "revoke"); len(ev) != 2 || ev[0].ActorID != u.ID || ev[1].Province != "86" {
			t.Errorf("revoke audit: %+v", ev)
		}
		// Also sign in so the sessions table is checked with a row in it.
		session, _, err := db.SignIn(ctx, u.Email, acctPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		acctNoSecrets(t, db, acctPassword, first, second, first[3:], second[3:], session, session[3:])
	})
}

func TestSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var now time.Time
		acctClock(db, &now)
		u := acctUser(t, db, "don.dep@lmhtx.vn", "Lê Thị Dọn", coop.RoleViewer, "")
		stale, _, err := db.SignIn(ctx, u.Email, acctPassword, "198.51.100.7", "")
		if err != nil {
			t.Fatal(err)
		}
		// A failed sign-in from another address leaves a throttle row.
		if _, _, err := db.SignIn(ctx, "khong.co@lmhtx.vn", "sai mật khẩu", "198.51.100.99", ""); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Fatalf("failed sign-in: %v", err)
		}
		now = now.Add(9 * time.Hour)
		fresh, _, err := db.SignIn(ctx, u.Email, acctPassword, "198.51.100.7", "")
		if err != nil {
			t.Fatal(err)
		}
		sessions, throttles, err := db.Sweep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The sign-in above already pruned the user's own dead session; the
		// sweep takes what no sign-in touches: the stranger's throttle rows.
		if throttles < 1 {
			t.Errorf("sweep removed %d throttle rows, want the two past their window", throttles)
		}
		var left int
		// What remains is the address the account signed in from, kept
		// for coop.KnownAddressKept.
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM signin_throttle WHERE key NOT LIKE 'known:%'`).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left != 0 {
			t.Errorf("%d throttle rows left after the window passed", left)
		}
		if _, err := db.SessionActor(ctx, fresh); err != nil {
			t.Errorf("the sweep ended a live session: %v", err)
		}
		if _, err := db.SessionActor(ctx, stale); coop.ErrorCode(err) != coop.EUNAUTH {
			t.Errorf("stale session still answers: %v", err)
		}
		// A session idle for 8 hours goes with the next sweep.
		now = now.Add(8 * time.Hour)
		if sessions, _, err = db.Sweep(ctx); err != nil || sessions != 1 {
			t.Errorf("sweep after 8 idle hours removed %d sessions (%v), want 1", sessions, err)
		}
	})
}
