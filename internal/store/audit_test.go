package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// Every kind of write leaves an audit event with who, what, which record,
// its province and the fields before and after.
func TestAuditEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := store.WithRequestID(context.Background(), "req-42")
		admin := &store.User{Email: "admin@audit.test", Name: "Quản trị", Role: coop.RoleAdmin}
		if err := db.CreateUser(ctx, coop.System, admin, "mật-khẩu-quản-trị"); err != nil {
			t.Fatal(err)
		}
		a := admin.Actor()
		o := sampleOrg("Hợp tác xã Kiểm toán", "08")
		if err := db.CreateOrganisation(ctx, a, o); err != nil {
			t.Fatal(err)
		}
		o.Name = "Hợp tác xã Kiểm toán Mới"
		if err := db.UpdateOrganisation(ctx, a, o); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ArchiveOrganisation(ctx, a, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RestoreOrganisation(ctx, a, o.ID, o.Version+1); err != nil {
			t.Fatal(err)
		}
		if err := db.SetActiveRule(ctx, a, coop.RuleWIMStrict); err != nil {
			t.Fatal(err)
		}
		officer := &store.User{Email: "tq@audit.test", Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		if err := db.CreateUser(ctx, a, officer, "mật-khẩu-cán-bộ"); err != nil {
			t.Fatal(err)
		}
		officer.Name = "Cán bộ Tuyên Quang"
		if err := db.UpdateUser(ctx, a, officer); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SignIn(ctx, "tq@audit.test", "sai", "10.0.0.1", "test"); err == nil {
			t.Fatal("wrong password signed in")
		}
		if _, _, err := db.SignIn(ctx, "tq@audit.test", "mật-khẩu-cán-bộ", "10.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}

		events, _, err := db.AuditEvents(ctx, a, store.AuditFilter{PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		byAction := map[string]store.AuditEvent{}
		for _, e := range events {
			key := e.Entity + ":" + e.Action
			if _, seen := byAction[key]; !seen { // newest first: keep the latest
				byAction[key] = e
			}
			for _, raw := range []json.RawMessage{e.Before, e.After} {
				if strings.Contains(string(raw), "$argon2id$") {
					t.Errorf("%s: a password hash is in the audit trail", key)
				}
			}
		}
		field := func(raw json.RawMessage, k string) any {
			var m map[string]any
			json.Unmarshal(raw, &m)
			return m[k]
		}
		for _, c := range []struct {
			key            string
			province       string
			field          string
			before, after  any
			actorID        int64
			needsRequestID bool
		}{
			{"organisation:create", "08", "name", nil, "Hợp tác xã Kiểm toán", admin.ID, true},
			{"organisation:update", "08", "name", "Hợp tác xã Kiểm toán", "Hợp tác xã Kiểm toán Mới", admin.ID, true},
			{"organisation:archive", "08", "archived", false, true, admin.ID, true},
			{"organisation:restore", "08", "archived", true, false, admin.ID, true},
			{"classification_rule:rule_change", "", "rule", coop.RuleWIMDefault, coop.RuleWIMStrict, admin.ID, true},
			{"user:create", "08", "email", nil, "tq@audit.test", admin.ID, true},
			{"user:update", "08", "name", "Cán bộ", "Cán bộ Tuyên Quang", admin.ID, true},
			{"user:sign_in", "08", "", nil, nil, officer.ID, true},
			{"user:sign_in_failed", "", "", nil, nil, 0, true},
		} {
			e, ok := byAction[c.key]
			if !ok {
				t.Errorf("no audit event %s", c.key)
				continue
			}
			if c.key != "user:sign_in_failed" && e.Province != c.province {
				t.Errorf("%s: province %q, want %q", c.key, e.Province, c.province)
			}
			if c.actorID != 0 && e.ActorID != c.actorID {
				t.Errorf("%s: actor %d, want %d", c.key, e.ActorID, c.actorID)
			}
			if c.needsRequestID && e.RequestID != "req-42" {
				t.Errorf("%s: request id %q", c.key, e.RequestID)
			}
			if c.field == "" {
				continue
			}
			if got := field(e.Before, c.field); got != c.before {
				t.Errorf("%s: before.%s = %v, want %v", c.key, c.field, got, c.before)
			}
			if got := field(e.After, c.field); got != c.after {
				t.Errorf("%s: after.%s = %v, want %v", c.key, c.field, got, c.after)
			}
		}
	})
}
