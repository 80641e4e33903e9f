package demo_test

import (
	"context"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// sameCounts checks that the rollups equal the counts recomputed from the
// organisation rows, for every grouping and rule.
func sameCounts(t *testing.T, db *store.DB) *store.CountsResult {
	t.Helper()
	ctx := context.Background()
	var byProvince *store.CountsResult
	for _, by := range []string{"province", "kind", "sector", "status"} {
		for _, rules := range [][2]string{{coop.RuleWIMDefault, coop.RuleHFLTiers}, {coop.RuleWIMStrict, coop.RuleHFLShare50}} {
			f := store.CountsFilter{GroupBy: by, WIMRule: rules[0], HFLRule: rules[1]}
			got, err := db.Counts(ctx, coop.System, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.RecomputeCounts(ctx, coop.System, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("rollups by %s %v differ from the rows:\n got %+v\nwant %+v", by, rules, got.Total, want.Total)
			}
			if by == "province" && rules[0] == coop.RuleWIMDefault {
				byProvince = got
			}
		}
	}
	return byProvince
}

func TestGenerate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var calls []int
		if err := demo.Generate(ctx, db, 2000, 1, func(done, total int) {
			if total != 2000 {
				t.Errorf("total %d", total)
			}
			calls = append(calls, done)
		}); err != nil {
			t.Fatalf("generate: %v", err)
		}
		if len(calls) == 0 || calls[len(calls)-1] != 2000 {
			t.Fatalf("progress %v", calls)
		}
		counts := sameCounts(t, db)
		if counts.Total.Organisations != 2000 || len(counts.Rows) != 34 {
			t.Fatalf("%d organisations in %d provinces", counts.Total.Organisations, len(counts.Rows))
		}
		byKind, err := db.Counts(ctx, coop.System, store.CountsFilter{GroupBy: "kind"})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int64{}
		for _, r := range byKind.Rows {
			kinds[r.Key] = r.Organisations
		}
		if kinds[coop.KindTHT] < 1100 || kinds[coop.KindHTX] < 550 {
			t.Fatalf("kinds %v: want the national mix", kinds)
		}

		// A second run adds to the first (more batches than one), ids and
		// registration numbers stay unique.
		if err := demo.Generate(ctx, db, demo.BatchSize+10, 2, nil); err != nil {
			t.Fatalf("second generate: %v", err)
		}
		counts = sameCounts(t, db)
		if counts.Total.Organisations != int64(2000+demo.BatchSize+10) {
			t.Fatalf("after the second run: %d", counts.Total.Organisations)
		}
		last, err := db.Organisations(ctx, coop.System, store.OrgFilter{PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		o := &coop.Organisation{Kind: coop.KindTHT, Name: "Tổ hợp tác Trồng rau an toàn Đồng Tâm", Sector: "agriculture",
			Province: "01", Status: coop.StatusActive}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatalf("create after generate: %v", err)
		}
		if o.ID != int64(last.Total)+1 {
			t.Fatalf("new organisation got id %d, want %d (after the generated ones)", o.ID, last.Total+1)
		}
		plain, err := db.Organisations(ctx, coop.System, store.OrgFilter{Q: "tho cam"})
		if err != nil || plain.Total == 0 {
			t.Fatalf("accent-less search: %v %+v", err, plain)
		}
		accented, err := db.Organisations(ctx, coop.System, store.OrgFilter{Q: "Thổ Cẩm"})
		if err != nil || accented.Total != plain.Total {
			t.Fatalf("accented search found %d, accent-less %d", accented.Total, plain.Total)
		}
		for _, it := range plain.Items {
			if f := coop.Fold(it.Name); !strings.Contains(f, "tho") || !strings.Contains(f, "cam") {
				t.Fatalf("search found %q", it.Name)
			}
		}
		events, _, err := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "organisation"})
		if err != nil {
			t.Fatal(err)
		}
		loads := 0
		for _, e := range events {
			if e.Action == "bulk_load" {
				loads++
			}
		}
		if loads != 2 {
			t.Fatalf("%d bulk_load audit events, want 2", loads)
		}
	})
}

func TestDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := demo.Demo(ctx, db)
		if err != nil || n != demo.DemoSize {
			t.Fatalf("demo: %d, %v", n, err)
		}
		counts := sameCounts(t, db)
		if len(counts.Rows) != 34 {
			t.Fatalf("%d provinces", len(counts.Rows))
		}
		share := float64(counts.Total.WomenManaged) / float64(counts.Total.Organisations)
		if share < 0.10 || share > 0.20 {
			t.Fatalf("women-managed share %.3f under the default rule", share)
		}
		strict, err := db.Counts(ctx, coop.System, store.CountsFilter{WIMRule: coop.RuleWIMStrict})
		if err != nil || strict.Total.WomenManaged >= counts.Total.WomenManaged {
			t.Fatalf("strict rule: %v %+v", err, strict.Total)
		}

		// The first journey: find Bản Lác without accents, change its
		// director to a woman.
		page, err := db.Organisations(ctx, coop.System, store.OrgFilter{Q: "ban lac"})
		if err != nil || page.Total != 1 || page.Items[0].Name != demo.BanLac {
			t.Fatalf("search ban lac: %v %+v", err, page)
		}
		bl, err := db.Organisation(ctx, coop.System, page.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if bl.Province != "08" || bl.Kind != coop.KindHTX || bl.Sector != "industry_handicraft" || bl.Governance != coop.GovernanceFull ||
			bl.Flags.WIMDefault || bl.Workforce == nil || bl.RegistrationNo == "" {
			t.Fatalf("Bản Lác: %+v", bl)
		}
		today := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
		changed, err := db.ChangeOrganisation(ctx, coop.System, bl.ID, bl.Version, "update", func(o *coop.Organisation) error {
			for i := range o.Positions {
				if o.Positions[i].Role == coop.RoleDirector && o.Positions[i].To == "" {
					o.Positions[i].To = today
				}
			}
			o.Positions = append(o.Positions, coop.Position{Role: coop.RoleDirector, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale, From: today})
			return nil
		})
		if err != nil || !changed.Flags.WIMDefault || !changed.Flags.WIMStrict {
			t.Fatalf("new director: %v %+v", err, changed.Flags)
		}
		sameCounts(t, db)

		// The showcase: women-run weaving cooperatives with OCOP products.
		yes := true
		weavers, err := db.Organisations(ctx, coop.System, store.OrgFilter{Q: "det tho cam", Kind: coop.KindHTX, WomenManaged: &yes, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		withOCOP := 0
		for _, it := range weavers.Items {
			o, err := db.Organisation(ctx, coop.System, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(o.Products) > 0 {
				withOCOP++
			}
		}
		if withOCOP < 3 {
			t.Fatalf("%d women-run weaving cooperatives with OCOP products", withOCOP)
		}

		// Unions with members.
		unions, err := db.Organisations(ctx, coop.System, store.OrgFilter{Kind: coop.KindLHHTX, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		withMembers := 0
		for _, u := range unions.Items {
			m, err := db.Organisations(ctx, coop.System, store.OrgFilter{ParentID: u.ID})
			if err != nil {
				t.Fatal(err)
			}
			if m.Total > 0 {
				withMembers++
			}
		}
		if withMembers < 3 {
			t.Fatalf("%d of %d unions have members", withMembers, unions.Total)
		}

		// Demo on a database that has organisations does nothing.
		if n, err := demo.Demo(ctx, db); n != 0 || err != nil {
			t.Fatalf("second demo: %d %v", n, err)
		}
		all, _ := db.Organisations(ctx, coop.System, store.OrgFilter{})
		if all.Total != demo.DemoSize {
			t.Fatalf("%d organisations after the second demo", all.Total)
		}
	})
}

func TestDemoSkipsNonEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Nông nghiệp Tân Phú", Sector: "agriculture",
			Governance: coop.GovernanceSimplified, Province: "01", Status: coop.StatusActive}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ArchiveOrganisation(ctx, coop.System, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		if n, err := demo.Demo(ctx, db); n != 0 || err != nil {
			t.Fatalf("demo over an archived organisation: %d %v", n, err)
		}
	})
}

// TestGenerateScale measures a large load. It runs only when HTXNU_GEN_N
// names a count, e.g.
//
//	HTXNU_GEN_N=1000000 go test ./internal/demo -run TestGenerateScale -v -timeout 1h
//
// with HTXNU_TEST_PG set to measure PostgreSQL too. It reports; it asserts
// nothing about time.
func TestGenerateScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("HTXNU_GEN_N"))
	if n <= 0 {
		t.Skip("HTXNU_GEN_N not set")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Now()
		next := n / 10
		err := demo.Generate(ctx, db, n, 1, func(done, total int) {
			if done >= next {
				t.Logf("%d/%d after %s", done, total, time.Since(start).Round(time.Millisecond))
				next += total / 10
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		t.Logf("generated and loaded %d organisations in %s (%.0f per second)", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
		start = time.Now()
		c, err := db.Counts(ctx, coop.System, store.CountsFilter{})
		if err != nil || c.Total.Organisations != int64(n) {
			t.Fatalf("counts %v %+v", err, c)
		}
		t.Logf("counts from the rollups in %s", time.Since(start).Round(time.Microsecond))
		start = time.Now()
		if _, err := db.RecomputeCounts(ctx, coop.System, store.CountsFilter{}); err != nil {
			t.Fatal(err)
		}
		t.Logf("counts recomputed from the rows in %s", time.Since(start).Round(time.Millisecond))
		var pos, snaps, prods int64
		for table, dst := range map[string]*int64{"positions": &pos, "workforce_snapshots": &snaps, "ocop_products": &prods} {
			if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("rows: %d positions, %d workforce snapshots, %d OCOP products", pos, snaps, prods)
	})
}
