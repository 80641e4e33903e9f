package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The list's total, read from the rollups for the usual filters, is the
// number of organisations the filter matches, for national and provincial
// readers alike.
func TestListTotalEqualsRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Generate(ctx, db, 400, 3, nil); err != nil {
			t.Fatal(err)
		}
		yes, no := true, false
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "01"}
		for _, c := range []struct {
			actor coop.Actor
			f     store.OrgFilter
			where string
			args  []any
		}{
			{coop.System, store.OrgFilter{}, "1 = 1", nil},
			{coop.System, store.OrgFilter{Province: "01"}, "province = ?", []any{"01"}},
			{coop.System, store.OrgFilter{Kind: coop.KindHTX, Status: coop.StatusActive}, "kind = ? AND status = ?", []any{coop.KindHTX, coop.StatusActive}},
			{coop.System, store.OrgFilter{Sector: "agriculture"}, "sector = ?", []any{"agriculture"}},
			{coop.System, store.OrgFilter{WomenManaged: &yes}, "wim_default = 1", nil},
			{coop.System, store.OrgFilter{WomenManaged: &no, Kind: coop.KindTHT}, "wim_default = 0 AND kind = ?", []any{coop.KindTHT}},
			{coop.System, store.OrgFilter{HighFemaleLabour: &yes}, "hfl_tiers = 1", nil},
			{officer, store.OrgFilter{}, "province = ?", []any{"01"}},
			{officer, store.OrgFilter{Province: "02"}, "1 = 0", nil},
			{officer, store.OrgFilter{Kind: coop.KindHTX}, "province = ? AND kind = ?", []any{"01", coop.KindHTX}},
		} {
			page, err := db.Organisations(ctx, c.actor, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var want int
			q := `SELECT COUNT(*) FROM organisations WHERE archived = 0 AND ` + c.where
			if db.Dialect() == store.Postgres {
				q = rebindTest(q)
			}
			if err := db.SQL().QueryRowContext(ctx, q, c.args...).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if page.Total != want || want == 0 && c.where != "1 = 0" {
				t.Errorf("%s %+v: total %d, want %d", c.actor.Role, c.f, page.Total, want)
			}
		}
	})
}

func rebindTest(q string) string {
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$')
			out = append(out, []byte(itoaTest(n))...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

func itoaTest(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoaTest(n/10) + string(rune('0'+n%10))
}

// A search counts its matches up to store.SearchCountCap and says so past
// it; below it the total is exact.
func TestSearchTotalCapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Generate(ctx, db, store.SearchCountCap+300, 5, nil); err != nil {
			t.Fatal(err)
		}
		count := func(where string) int {
			var n int
			if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE archived = 0 AND `+where).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`search_key LIKE '%hop%'`); n <= store.SearchCountCap {
			t.Fatalf("the generated registry has %d names with 'hop': too few to pass the cap", n)
		}
		page, err := db.Organisations(ctx, coop.System, store.OrgFilter{Q: "hợp"})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != store.SearchCountCap || !page.TotalCapped || len(page.Items) != page.PerPage {
			t.Errorf("common word: total %d capped %v, %d items; want %d capped, a full page", page.Total, page.TotalCapped, len(page.Items), store.SearchCountCap)
		}
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "01"}
		page, err = db.Organisations(ctx, officer, store.OrgFilter{Q: "hop"})
		if err != nil {
			t.Fatal(err)
		}
		if want := count(`province = '01' AND search_key LIKE '%hop%'`); page.Total != want || page.TotalCapped {
			t.Errorf("one province: total %d capped %v, want %d exactly", page.Total, page.TotalCapped, want)
		}
		// A rare word: the first page, not full, is the whole answer.
		id := actOrg(t, db, "Hợp tác xã Độc Nhất Vô Nhị", "08")
		for _, q := range []string{"doc nhat vo nhi", "khong co ten nay"} {
			page, err = db.Organisations(ctx, coop.System, store.OrgFilter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if q == "doc nhat vo nhi" {
				want = 1
			}
			if page.Total != want || len(page.Items) != want || page.TotalCapped || want == 1 && page.Items[0].ID != id {
				t.Errorf("%q: total %d, %d items, want %d", q, page.Total, len(page.Items), want)
			}
		}
	})
}

// The organisation form offers the unions the reader may see, in order.
func TestUnionsScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, u := range []struct{ name, province string }{{"Liên hiệp HTX Ba", "01"}, {"Liên hiệp HTX An", "01"}, {"Liên hiệp HTX Hải", "08"}} {
			o := &coop.Organisation{Kind: coop.KindLHHTX, Name: u.name, Sector: "agriculture", Governance: coop.GovernanceFull,
				Province: u.province, Status: coop.StatusActive}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
		}
		actOrg(t, db, "Hợp tác xã Không phải liên hiệp", "01")
		names := func(a coop.Actor) []string {
			us, err := db.Unions(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range us {
				out = append(out, u.Name)
			}
			return out
		}
		if got := names(coop.System); len(got) != 3 || got[0] != "Liên hiệp HTX An" {
			t.Errorf("national: %q, want the three unions in order", got)
		}
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "01"}
		if got := names(officer); len(got) != 2 || got[0] != "Liên hiệp HTX An" || got[1] != "Liên hiệp HTX Ba" {
			t.Errorf("province 01: %q, want its two unions in order", got)
		}
	})
}

// The activity form names its ticked organisations in one read, among those
// the reader may see.
func TestOrganisationBriefsScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mine := actOrg(t, db, "Hợp tác xã Của Tỉnh", "08")
		other := actOrg(t, db, "Hợp tác xã Tỉnh Khác", "01")
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		got, err := db.OrganisationBriefs(ctx, officer, []int64{mine, other, other + 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[mine].Name != "Hợp tác xã Của Tỉnh" || got[mine].Province != "08" {
			t.Errorf("provincial officer: %+v, want only the province's organisation", got)
		}
		if got, err = db.OrganisationBriefs(ctx, coop.System, []int64{mine, other}); err != nil || len(got) != 2 {
			t.Errorf("national: %+v (%v), want both", got, err)
		}
	})
}
