package store_test

import (
	"context"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func sampleCase(province, kind string) *coop.FoundingCase {
	return &coop.FoundingCase{
		Province: province, Commune: "Xã Lâm Bình", GroupName: "Nhóm dệt thổ cẩm Nà Tông", Kind: kind,
		ContactName: "Ma Thị Hoa", ContactPhone: "0912 000 111", WomenLed: true, MembersPlanned: 9, AdvisedOn: "2026-03-02",
	}
}

func TestFoundingPipeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
		htx := sampleOrg("Hợp tác xã Dệt thổ cẩm Nà Tông", "08")
		tht := &coop.Organisation{Kind: coop.KindTHT, Name: "Tổ hợp tác Thêu Nà Tông", Sector: "industry_handicraft", Province: "08", Status: coop.StatusActive}
		hanoi := sampleOrg("Hợp tác xã Dệt Vạn Phúc", "01")
		for _, o := range []*coop.Organisation{htx, tht, hanoi} {
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name  string
			actor coop.Actor
			c     *coop.FoundingCase
			code  string
			field string
		}{
			{"another province", officer08, sampleCase("01", "HTX"), coop.EFORBIDDEN, "province"},
			{"union of cooperatives", officer08, sampleCase("08", "LHHTX"), coop.EINVALID, "kind"},
			{"advice in the future", officer08, func() *coop.FoundingCase { c := sampleCase("08", "HTX"); c.AdvisedOn = "2026-07-01"; return c }(), coop.EINVALID, "advised_on"},
			{"centre for a province", centre, sampleCase("08", "HTX"), coop.EFORBIDDEN, ""},
		} {
			err := db.CreateFoundingCase(ctx, tc.actor, tc.c)
			if coop.ErrorCode(err) != tc.code || (tc.field != "" && coop.ErrorFields(err)[tc.field] == "") {
				t.Errorf("%s: got %v, want %s on %s", tc.name, err, tc.code, tc.field)
			}
		}
		c := sampleCase("08", "HTX")
		if err := db.CreateFoundingCase(ctx, officer08, c); err != nil {
			t.Fatal(err)
		}
		elsewhere := sampleCase("01", "HTX")
		if err := db.CreateFoundingCase(ctx, officer01, elsewhere); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FoundingCase(ctx, officer08, elsewhere.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("08 read 01's case: %v", err)
		}
		if _, err := db.MoveFoundingCase(ctx, officer08, elsewhere.ID, 0, coop.FoundingMove{To: "dossier"}); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("08 moved 01's case: %v", err)
		}

		mv := func(m coop.FoundingMove) (*coop.FoundingCase, error) {
			return db.MoveFoundingCase(ctx, officer08, c.ID, 0, m)
		}
		for _, tc := range []struct {
			name  string
			m     coop.FoundingMove
			code  string
			field string
		}{
			{"skip the dossier", coop.FoundingMove{To: "registered", OrganisationID: htx.ID}, coop.EINVALID, ""},
			{"backwards", coop.FoundingMove{To: "advised"}, coop.EINVALID, ""},
			{"drop without reason", coop.FoundingMove{To: "dropped"}, coop.EINVALID, "reason"},
			{"date before advice", coop.FoundingMove{To: "dossier", On: "2026-03-01"}, coop.EINVALID, "on"},
			{"date in the future", coop.FoundingMove{To: "dossier", On: "2026-06-02"}, coop.EINVALID, "on"},
		} {
			_, err := mv(tc.m)
			if coop.ErrorCode(err) != tc.code || (tc.field != "" && coop.ErrorFields(err)[tc.field] == "") {
				t.Errorf("%s: got %v, want %s on %s", tc.name, err, tc.code, tc.field)
			}
		}
		if _, err := db.MoveFoundingCase(ctx, centre, c.ID, 0, coop.FoundingMove{To: "dossier", On: "2026-04-01"}); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("centre moved a province's case: %v", err)
		}
		if _, err := mv(coop.FoundingMove{To: "dossier", On: "2026-04-01", Comment: "Đã soạn điều lệ"}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			org  int64
		}{{"no organisation", 0}, {"another kind", tht.ID}, {"another province", hanoi.ID}, {"missing", 999999}} {
			if _, err := mv(coop.FoundingMove{To: "registered", On: "2026-05-01", OrganisationID: tc.org}); coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["organisation_id"] == "" {
				t.Errorf("register with %s: %v", tc.name, err)
			}
		}
		if _, err := mv(coop.FoundingMove{To: "registered", On: "2026-03-30", OrganisationID: htx.ID}); coop.ErrorFields(err)["on"] == "" {
			t.Errorf("registered before the dossier: %v", err)
		}
		got, err := mv(coop.FoundingMove{To: "registered", On: "2026-05-01", OrganisationID: htx.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != "registered" || got.OrganisationID != htx.ID || got.OrgName != htx.Name || len(got.Steps) != 3 || got.Version != 3 {
			t.Fatalf("registered: %+v", got)
		}
		if _, err := mv(coop.FoundingMove{To: "dropped", Reason: "x"}); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("dropped a registered case: %v", err)
		}
		got.Notes = "Sửa sau khi đăng ký"
		if err := db.UpdateFoundingCase(ctx, officer08, got); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("edited a registered case: %v", err)
		}
		// One organisation founds one case.
		c2 := sampleCase("08", "HTX")
		c2.GroupName = "Nhóm thứ hai"
		if err := db.CreateFoundingCase(ctx, officer08, c2); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveFoundingCase(ctx, officer08, c2.ID, 1, coop.FoundingMove{To: "dossier"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveFoundingCase(ctx, officer08, c2.ID, 2, coop.FoundingMove{To: "registered", OrganisationID: htx.ID}); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("an organisation linked twice: %v", err)
		}
		c3 := sampleCase("08", "THT")
		c3.WomenLed = false
		if err := db.CreateFoundingCase(ctx, officer08, c3); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveFoundingCase(ctx, officer08, c3.ID, 1, coop.FoundingMove{To: "dropped", Reason: "Nhóm không đủ thành viên"}); err != nil {
			t.Fatal(err)
		}
		c2.GroupName = "Nhóm thứ hai đổi tên"
		c2.Version = 2
		if err := db.UpdateFoundingCase(ctx, officer08, c2); err != nil {
			t.Fatal(err)
		}

		counts, err := db.FoundingCounts(ctx, centre, "")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"advised": 1, "dossier": 1, "registered": 1, "dropped": 1, "total": 4, "women_led": 3}
		for k, v := range want {
			if counts[k] != v {
				t.Errorf("national counts %s = %d, want %d (%v)", k, counts[k], v, counts)
			}
		}
		counts, _ = db.FoundingCounts(ctx, officer08, "")
		if counts["total"] != 3 || counts["advised"] != 0 {
			t.Errorf("08's counts %v", counts)
		}
		counts, _ = db.FoundingCounts(ctx, officer08, "01")
		if counts["total"] != 0 {
			t.Errorf("08 counted 01's cases: %v", counts)
		}
		page, err := db.FoundingCases(ctx, officer08, store.FoundingFilter{Q: "nhom thu hai", Kind: "HTX", Year: 2026})
		if err != nil || page.Total != 1 || page.Items[0].ID != c2.ID {
			t.Errorf("search: %+v %v", page, err)
		}
		page, _ = db.FoundingCases(ctx, officer08, store.FoundingFilter{Year: 2025})
		if page.Total != 0 {
			t.Errorf("2025 has %d cases", page.Total)
		}

		events, _, err := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "founding_case", EntityID: c.ID})
		if err != nil || len(events) != 3 {
			t.Fatalf("%d audit events for the case, want 3: %v", len(events), err)
		}
		if events[0].Action != "move" || events[0].Province != "08" || len(events[0].Before) == 0 || len(events[0].After) == 0 {
			t.Errorf("last event %+v", events[0])
		}
	})
}
