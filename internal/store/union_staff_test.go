package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The Women's Union partner records Tuyên Quang's Union staff figures,
// lists them by page, edits one on the version she read; an edit on a
// stale copy, a second record of the same day, another province's record
// and figures that do not add up are refused with Vietnamese messages;
// every change is audited.
func TestUnionStaffPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-07-01", "09:00") })
		partner := coop.Actor{UserID: 802, Role: coop.RolePartner, Province: "08", Name: "Hội LHPN tỉnh"}
		officer := coop.Actor{UserID: 82, Role: coop.RoleProvincial, Province: "08", Name: "Ma Thị Hương"}
		hanoi := coop.Actor{UserID: 11, Role: coop.RoleProvincial, Province: "01", Name: "Cán bộ Hà Nội"}
		centre := coop.Actor{UserID: 2, Role: coop.RoleCentral, Name: "Trần Thị Thu"}

		days := []string{"2026-01-15", "2026-02-15", "2026-03-15"}
		var first coop.UnionStaffRecord
		for i, d := range days {
			r := coop.UnionStaffRecord{Province: "08", RecordedOn: d, EconomicTotal: 20, EconomicTrained: int64(10 + i), CommunicationTotal: 10, CommunicationImproved: 8}
			if err := db.CreateUnionStaff(ctx, partner, &r); err != nil {
				t.Fatalf("%s: %v", d, err)
			}
			if i == 0 {
				first = r
			}
		}
		if err := db.CreateUnionStaff(ctx, hanoi, &coop.UnionStaffRecord{Province: "01", RecordedOn: "2026-03-01", EconomicTotal: 5}); err != nil {
			t.Fatal(err)
		}

		dup := coop.UnionStaffRecord{Province: "08", RecordedOn: "15/02/2026", EconomicTotal: 1}
		if err := db.CreateUnionStaff(ctx, officer, &dup); coop.ErrorCode(err) != coop.ECONFLICT || !strings.Contains(coop.ErrorFields(err)["recorded_on"], "15/02/2026") {
			t.Errorf("a second record of the same day: %v %v", err, coop.ErrorFields(err))
		}
		if err := db.CreateUnionStaff(ctx, hanoi, &coop.UnionStaffRecord{Province: "08", RecordedOn: "2026-04-01"}); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("Hà Nội records for Tuyên Quang: %v", err)
		}
		bad := coop.UnionStaffRecord{Province: "08", RecordedOn: "2026-04-01", EconomicTotal: 5, EconomicTrained: 6, CommunicationTotal: 3, CommunicationImproved: 4}
		err := db.CreateUnionStaff(ctx, partner, &bad)
		if f := coop.ErrorFields(err); coop.ErrorCode(err) != coop.EINVALID || f["economic_trained"] == "" || f["communication_improved"] == "" {
			t.Errorf("more trained than total: %v %v", err, f)
		}

		// The list: newest first, by page; Hà Nội sees only its own, and
		// asking for Tuyên Quang is not found; the centre sees all.
		p, err := db.UnionStaffList(ctx, partner, store.UnionStaffFilter{PerPage: 2})
		if err != nil || p.Total != 3 || p.Pages() != 2 || len(p.Items) != 2 || p.Items[0].RecordedOn != "2026-03-15" {
			t.Fatalf("page 1: %+v (%v)", p, err)
		}
		if p, _ = db.UnionStaffList(ctx, partner, store.UnionStaffFilter{PerPage: 2, Page: 2}); len(p.Items) != 1 || p.Items[0].RecordedOn != "2026-01-15" {
			t.Errorf("page 2: %+v", p.Items)
		}
		if _, err := db.UnionStaffList(ctx, hanoi, store.UnionStaffFilter{Province: "08"}); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("Hà Nội asks for Tuyên Quang's list: %v", err)
		}
		if p, _ = db.UnionStaffList(ctx, centre, store.UnionStaffFilter{}); p.Total != 4 {
			t.Errorf("the centre lists %d records, want 4", p.Total)
		}
		if p, _ = db.UnionStaffList(ctx, centre, store.UnionStaffFilter{Province: "01"}); p.Total != 1 {
			t.Errorf("the centre lists %d records of Hà Nội, want 1", p.Total)
		}
		if _, err := db.UnionStaff(ctx, hanoi, first.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("Hà Nội reads Tuyên Quang's record: %v", err)
		}

		// Editing: on the version read; a stale copy is refused.
		edit := coop.UnionStaffRecord{EconomicTotal: 20, EconomicTrained: 18, CommunicationTotal: 10, CommunicationImproved: 9, Notes: "Sau lớp tập huấn tháng 1"}
		if err := db.UpdateUnionStaff(ctx, officer, first.ID, first.Version, &edit); err != nil {
			t.Fatal(err)
		}
		stale := edit
		stale.EconomicTrained = 5
		if err := db.UpdateUnionStaff(ctx, partner, first.ID, first.Version, &stale); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("an edit on a stale copy: %v", err)
		}
		if err := db.UpdateUnionStaff(ctx, hanoi, first.ID, edit.Version, &stale); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("Hà Nội edits Tuyên Quang's record: %v", err)
		}
		got, err := db.UnionStaff(ctx, centre, first.ID)
		if err != nil || got.EconomicTrained != 18 || got.Version != 2 || got.RecordedOn != "2026-01-15" || got.RecordedBy != "Ma Thị Hương" {
			t.Errorf("after the edit: %+v (%v)", got, err)
		}
		ev, _, err := db.AuditEvents(ctx, centre, store.AuditFilter{Entity: "union_staff", EntityID: first.ID})
		if err != nil || len(ev) != 2 || ev[0].Action != "update" || !strings.Contains(string(ev[0].Before), `"economic_trained":10`) ||
			!strings.Contains(string(ev[0].After), `"economic_trained":18`) {
			t.Errorf("audit of the record: %+v (%v)", ev, err)
		}
	})
}
