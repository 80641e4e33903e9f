package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// bulkSample is a cooperative with a male director and a workforce of
// high female labour.
func bulkSample(name, province string) *coop.Organisation {
	return &coop.Organisation{
		Kind: coop.KindHTX, Name: name, Sector: "industry_handicraft", Governance: coop.GovernanceFull,
		Province: province, Commune: "Xã Thượng Lâm", Status: coop.StatusActive, FoundedOn: "2019-03-01",
		Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale, From: "2019-03-01"}},
		Snapshots: []coop.Snapshot{{AsOf: "2024-12-31", MembersTotal: 20, MembersFemale: 15, WorkersTotal: 30, WorkersFemale: 20}},
	}
}

func bulkOrgs(n int, province string) []coop.Organisation {
	out := make([]coop.Organisation, n)
	for i := range out {
		o := bulkSample(fmt.Sprintf("Hợp tác xã Nông nghiệp Đồng Tâm %d", i), province)
		o.RegistrationNo = fmt.Sprintf("%s9%07d", province, i)
		if i%3 == 0 {
			o.Positions = append(o.Positions, coop.Position{Role: coop.RoleChiefAccountant, Holder: "Nguyễn Thị Hoa", Sex: coop.SexFemale, From: "2020-01-01"})
		}
		if i%4 == 0 {
			o.Products = []coop.Product{{Name: "Gạo Đồng Tâm", Group: "food", Stars: 3, CertifiedOn: "2024-01-01", ExpiresOn: "2027-01-01"}}
		}
		if i%5 == 0 {
			o.Status = coop.StatusSuspended
		}
		out[i] = *o
	}
	return out
}

// bulkCheckRollups compares the rollups with the counts recomputed from the rows.
func bulkCheckRollups(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, by := range []string{"province", "kind", "sector", "status"} {
		for _, rule := range []string{coop.RuleWIMDefault, coop.RuleWIMStrict} {
			f := store.CountsFilter{GroupBy: by, WIMRule: rule}
			got, err := db.Counts(ctx, coop.System, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.RecomputeCounts(ctx, coop.System, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("rollups by %s (%s) differ from the rows:\n got %+v\nwant %+v", by, rule, got, want)
			}
		}
	}
	// The indicators, the series and the support counters too.
	assertIndicators(t, db, "after the bulk load")
}

func TestBulkLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// One organisation the ordinary way first.
		first := bulkSample("Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		if err := db.CreateOrganisation(ctx, coop.System, first); err != nil {
			t.Fatal(err)
		}
		l, err := db.NewBulkLoader(ctx, coop.System)
		if err != nil {
			t.Fatal(err)
		}
		if l.Existing() != 1 || l.NextID() <= first.ID {
			t.Fatalf("existing %d, next id %d after %d", l.Existing(), l.NextID(), first.ID)
		}
		union := bulkSample("Liên hiệp hợp tác xã Nông nghiệp Tuyên Quang", "08")
		union.Kind, union.Sector = coop.KindLHHTX, "agriculture"
		unionID := l.NextID()
		batch := append([]coop.Organisation{*union}, bulkOrgs(120, "08")...)
		for i := 1; i <= 3; i++ {
			batch[i].ParentID = unionID
		}
		if err := l.Load(ctx, batch); err != nil {
			t.Fatalf("load: %v", err)
		}
		if batch[0].ID != unionID || batch[120].ID != unionID+120 {
			t.Fatalf("ids %d…%d, want %d…", batch[0].ID, batch[120].ID, unionID)
		}
		// A second batch: members of the union loaded in the first.
		more := bulkOrgs(50, "01")
		for i := range more {
			more[i].RegistrationNo = fmt.Sprintf("018%07d", i)
		}
		more[7].ParentID = unionID
		if err := l.Load(ctx, more); err != nil {
			t.Fatalf("second load: %v", err)
		}
		n, err := l.Finish(ctx)
		if err != nil || n != 171 {
			t.Fatalf("finish: %d, %v", n, err)
		}

		got, err := db.Organisation(ctx, coop.System, batch[6].ID) // bulkOrgs[5]
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != batch[6].Name || len(got.Positions) != len(batch[6].Positions) || len(got.Snapshots) != 1 || len(got.Products) != 0 ||
			got.Workforce == nil || got.Workforce.WorkersFemale != 20 || got.Version != 1 || got.CreatedAt.IsZero() {
			t.Fatalf("read back %+v", got)
		}
		if !got.Flags.HFLTiers || got.Flags.WIMDefault {
			t.Fatalf("flags %+v", got.Flags)
		}
		if x, _ := db.Organisation(ctx, coop.System, batch[1].ID); !x.Flags.WIMDefault || len(x.Products) != 1 || x.ParentID != unionID {
			t.Fatalf("women-managed with a product: %+v", x)
		}
		members, err := db.Organisations(ctx, coop.System, store.OrgFilter{ParentID: unionID})
		if err != nil || members.Total != 4 {
			t.Fatalf("members of the union: %v %+v", err, members)
		}
		for _, q := range []string{"dong tam 117", "ĐỒNG TÂM 117", "0890000117"} {
			page, err := db.Organisations(ctx, coop.System, store.OrgFilter{Q: q})
			if err != nil || page.Total != 1 || page.Items[0].ID != batch[118].ID {
				t.Fatalf("search %q: %v %+v", q, err, page)
			}
		}
		bulkCheckRollups(t, db)

		// Later inserts never collide with the loaded ids.
		after := bulkSample("Hợp tác xã Mây tre đan Phú Vinh", "01")
		if err := db.CreateOrganisation(ctx, coop.System, after); err != nil {
			t.Fatalf("create after bulk load: %v", err)
		}
		if after.ID <= more[len(more)-1].ID {
			t.Fatalf("new id %d not after the loaded ids (last %d)", after.ID, more[len(more)-1].ID)
		}
		events, total, err := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "organisation"})
		if err != nil {
			t.Fatal(err)
		}
		var bulk []store.AuditEvent
		for _, e := range events {
			if e.Action == "bulk_load" {
				bulk = append(bulk, e)
			}
		}
		if total != 3 || len(bulk) != 1 {
			t.Fatalf("audit: %d events, %d bulk loads", total, len(bulk))
		}
		var summary struct{ Count int }
		if err := json.Unmarshal(bulk[0].After, &summary); err != nil || summary.Count != 171 {
			t.Fatalf("audit summary %s: %v", bulk[0].After, err)
		}
	})
}

func TestBulkLoadRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		plain := bulkSample("Hợp tác xã Nông nghiệp Tân Phú", "01")
		plain.RegistrationNo = "0100000001"
		if err := db.CreateOrganisation(ctx, coop.System, plain); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			page, err := db.Organisations(ctx, coop.System, store.OrgFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return page.Total
		}
		cases := []struct {
			name string
			edit func(batch []coop.Organisation, next int64)
			code string
		}{
			{"invalid organisation", func(b []coop.Organisation, _ int64) { b[3].Sector = "fishing" }, coop.EINVALID},
			{"parent not a union", func(b []coop.Organisation, _ int64) { b[2].ParentID = plain.ID }, coop.EINVALID},
			{"parent missing", func(b []coop.Organisation, _ int64) { b[2].ParentID = 99999 }, coop.EINVALID},
			{"parent loaded later", func(b []coop.Organisation, next int64) {
				b[5].Kind, b[5].Sector = coop.KindLHHTX, "agriculture"
				b[2].ParentID = next + 5
			}, coop.EINVALID},
			{"parent in the batch not a union", func(b []coop.Organisation, next int64) { b[2].ParentID = next }, coop.EINVALID},
			{"registration number taken", func(b []coop.Organisation, _ int64) { b[4].RegistrationNo = "0100000001" }, coop.ECONFLICT},
			{"registration number twice", func(b []coop.Organisation, _ int64) { b[4].RegistrationNo = b[5].RegistrationNo }, coop.ECONFLICT},
		}
		for _, c := range cases {
			l, err := db.NewBulkLoader(ctx, coop.System)
			if err != nil {
				t.Fatal(err)
			}
			batch := bulkOrgs(10, "01")
			c.edit(batch, l.NextID())
			if err := l.Load(ctx, batch); coop.ErrorCode(err) != c.code {
				t.Fatalf("%s: want %s, got %v", c.name, c.code, err)
			}
			if n, err := l.Finish(ctx); n != 0 || err != nil {
				t.Fatalf("%s: finish %d %v", c.name, n, err)
			}
			if n := count(); n != 1 {
				t.Fatalf("%s: %d organisations after a refused batch", c.name, n)
			}
		}
		// A union earlier in the same batch is a fine parent.
		l, err := db.NewBulkLoader(ctx, coop.System)
		if err != nil {
			t.Fatal(err)
		}
		batch := bulkOrgs(10, "01")
		batch[1].Kind, batch[1].Sector = coop.KindLHHTX, "agriculture"
		batch[6].ParentID = l.NextID() + 1
		if err := l.Load(ctx, batch); err != nil {
			t.Fatalf("union in the same batch: %v", err)
		}
		if _, err := l.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		bulkCheckRollups(t, db)

		for _, a := range []coop.Actor{
			{UserID: 5, Name: "Cán bộ tỉnh", Role: coop.RoleProvincialLead, Province: "08"},
			{UserID: 6, Name: "Cán bộ trung ương", Role: coop.RoleCentral},
			{UserID: 7, Name: "Quản trị tỉnh", Role: coop.RoleAdmin, Province: "08"},
		} {
			if _, err := db.NewBulkLoader(ctx, a); coop.ErrorCode(err) != coop.EFORBIDDEN {
				t.Fatalf("%s: want forbidden, got %v", a.Name, err)
			}
		}
		if _, err := db.NewBulkLoader(ctx, coop.Operator); err != nil {
			t.Fatalf("operator: %v", err)
		}

		// Someone adds an organisation in the middle of a load: the next
		// batch refuses rather than hand out the promised ids twice.
		l, err = db.NewBulkLoader(ctx, coop.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateOrganisation(ctx, coop.System, bulkSample("Hợp tác xã Chen ngang", "01")); err != nil {
			t.Fatal(err)
		}
		if err := l.Load(ctx, bulkOrgs(3, "01")); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Fatalf("concurrent insert: want conflict, got %v", err)
		}
		if n, err := l.Finish(ctx); n != 0 || err != nil {
			t.Fatalf("finish after nothing loaded: %d %v", n, err)
		}
	})
}
