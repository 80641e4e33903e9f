package store_test

import (
	"context"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func sampleOrg(name, province string) *coop.Organisation {
	return &coop.Organisation{
		Kind: coop.KindHTX, Name: name, Sector: "industry_handicraft", Governance: coop.GovernanceFull,
		Province: province, Commune: "Xã Bản Lác", Status: coop.StatusActive, FoundedOn: "2019-03-01",
		Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale, From: "2019-03-01"}},
		Snapshots: []coop.Snapshot{{AsOf: "2024-12-31", MembersTotal: 20, MembersFemale: 15, WorkersTotal: 30, WorkersFemale: 20}},
	}
}

func TestOrganisationLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC) })
		o := sampleOrg("Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		o.RegistrationNo = "5100123456"
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatalf("create: %v", err)
		}
		if o.ID == 0 || o.Version != 1 {
			t.Fatalf("id %d version %d", o.ID, o.Version)
		}
		if o.Flags.WIMDefault {
			t.Fatalf("a male director must not make it women-managed")
		}
		if !o.Flags.HFLTiers {
			t.Fatalf("20 of 30 female workers is high female labour under the tiers rule")
		}
		got, err := db.Organisation(ctx, coop.System, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != o.Name || len(got.Positions) != 1 || len(got.Snapshots) != 1 || got.Workforce == nil || got.Workforce.WorkersFemale != 20 {
			t.Fatalf("read back %+v", got)
		}
		if got.CreatedAt.IsZero() {
			t.Fatalf("created_at not read back")
		}

		// The journey: end the director, add a woman, new snapshot.
		changed, err := db.ChangeOrganisation(ctx, coop.System, o.ID, got.Version, "update", func(x *coop.Organisation) error {
			x.Positions[0].To = "2026-03-15"
			x.Positions = append(x.Positions, coop.Position{Role: coop.RoleDirector, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale, From: "2026-03-16"})
			x.Snapshots = append(x.Snapshots, coop.Snapshot{AsOf: "2026-05-31", WorkersTotal: 32, WorkersFemale: 27})
			return nil
		})
		if err != nil {
			t.Fatalf("change: %v", err)
		}
		if !changed.Flags.WIMDefault || !changed.Flags.WIMStrict || changed.Version != 2 {
			t.Fatalf("after change: flags %+v version %d", changed.Flags, changed.Version)
		}
		if changed.Workforce.WorkersTotal != 32 {
			t.Fatalf("latest workforce %+v", changed.Workforce)
		}
		// Stale version answers conflict and changes nothing.
		stale := *got
		stale.Name = "Tên khác"
		if err := db.UpdateOrganisation(ctx, coop.System, &stale); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Fatalf("stale update: want conflict, got %v", err)
		}
		// Duplicate registration number.
		dup := sampleOrg("Hợp tác xã khác", "08")
		dup.RegistrationNo = "5100123456"
		err = db.CreateOrganisation(ctx, coop.System, dup)
		if coop.ErrorCode(err) != coop.ECONFLICT || coop.ErrorFields(err)["registration_no"] == "" {
			t.Fatalf("duplicate registration: %v", err)
		}
		// Search without accents, Vietnamese order.
		for _, q := range []string{"ban lac", "hop tac xa det", "BẢN LÁC", "5100123"} {
			page, err := db.Organisations(ctx, coop.System, store.OrgFilter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 1 || page.Items[0].ID != o.ID {
				t.Fatalf("search %q: total %d", q, page.Total)
			}
		}
		yes := true
		page, err := db.Organisations(ctx, coop.System, store.OrgFilter{WomenManaged: &yes, Province: "08"})
		if err != nil || page.Total != 1 {
			t.Fatalf("women-managed filter: %v %+v", err, page)
		}
		counts, err := db.Counts(ctx, coop.System, store.CountsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if counts.Total.Organisations != 1 || counts.Total.WomenManaged != 1 || counts.Total.WorkersFemale != 27 {
			t.Fatalf("counts %+v", counts.Total)
		}
		// Archive removes it from the counts.
		if _, err := db.ArchiveOrganisation(ctx, coop.System, o.ID, 2); err != nil {
			t.Fatal(err)
		}
		counts, _ = db.Counts(ctx, coop.System, store.CountsFilter{})
		if counts.Total.Organisations != 0 {
			t.Fatalf("archived still counted: %+v", counts.Total)
		}
		events, total, err := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "organisation", EntityID: o.ID})
		if err != nil || total != 3 || events[0].Action != "archive" {
			t.Fatalf("audit: %v total %d", err, total)
		}
	})
}

func TestVietnameseOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		names := []string{"Hợp tác xã Ân", "Hợp tác xã Đồng Tâm", "Hợp tác xã Dương", "Hợp tác xã Anh", "Hợp tác xã Ấp Bắc", "Hợp tác xã Ê Đê", "Hợp tác xã Em"}
		for _, n := range names {
			if err := db.CreateOrganisation(ctx, coop.System, sampleOrg(n, "01")); err != nil {
				t.Fatal(err)
			}
		}
		page, err := db.Organisations(ctx, coop.System, store.OrgFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range page.Items {
			got = append(got, o.Name)
		}
		want := []string{"Hợp tác xã Anh", "Hợp tác xã Ân", "Hợp tác xã Ấp Bắc", "Hợp tác xã Dương", "Hợp tác xã Đồng Tâm", "Hợp tác xã Em", "Hợp tác xã Ê Đê"}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("order:\n got %q\nwant %q", got, want)
			}
		}
		page, _ = db.Organisations(ctx, coop.System, store.OrgFilter{Q: "dong"})
		if page.Total != 1 || page.Items[0].Name != "Hợp tác xã Đồng Tâm" {
			t.Fatalf("dong finds Đồng: %+v", page.Items)
		}
	})
}

// A save writes what changed in the children: edited rows keep their id,
// removed rows go, an entry copied with its id is a new row, and two
// snapshots may swap dates.
func TestSaveChildrenDiffs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := sampleOrg("Hợp tác xã Chè Tân Cương", "19")
		o.Positions = append(o.Positions, coop.Position{Role: coop.RoleChair, Holder: "Nguyễn Thị Hoa", Sex: coop.SexFemale, From: "2020-01-01"})
		o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: "2025-06-30", MembersTotal: 21, MembersFemale: 16, WorkersTotal: 31, WorkersFemale: 21})
		o.Products = []coop.Product{{Name: "Chè búp", Group: "food", Stars: 3}, {Name: "Chè xanh", Group: "food", Stars: 4}}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		got, err := db.Organisation(ctx, coop.System, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		director, chair, kept := got.Positions[0], got.Positions[1], got.Products[1]
		_, err = db.ChangeOrganisation(ctx, coop.System, o.ID, got.Version, "update", func(x *coop.Organisation) error {
			x.Positions[0].To = "2026-01-31"
			copied := x.Positions[1]
			copied.From = "2026-02-01"
			x.Positions = append(x.Positions, copied)
			x.Snapshots[0].AsOf, x.Snapshots[1].AsOf = x.Snapshots[1].AsOf, x.Snapshots[0].AsOf
			x.Products = x.Products[1:]
			return nil
		})
		if err != nil {
			t.Fatalf("change: %v", err)
		}
		after, err := db.Organisation(ctx, coop.System, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]coop.Position{}
		for _, p := range after.Positions {
			byID[p.ID] = p
		}
		if len(after.Positions) != 3 || byID[director.ID].To != "2026-01-31" || byID[chair.ID] != chair {
			t.Fatalf("positions %+v, want the director ended, the chair as it was and a copy", after.Positions)
		}
		if len(after.Products) != 1 || after.Products[0] != kept {
			t.Fatalf("products %+v, want only %+v", after.Products, kept)
		}
		dates := map[int64]string{}
		for _, s := range after.Snapshots {
			dates[s.ID] = s.AsOf
		}
		if len(after.Snapshots) != 2 || dates[got.Snapshots[0].ID] != got.Snapshots[1].AsOf || dates[got.Snapshots[1].ID] != got.Snapshots[0].AsOf {
			t.Fatalf("snapshots %+v, want the two dates swapped", after.Snapshots)
		}
	})
}
