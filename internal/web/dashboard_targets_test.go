package web_test

import (
	"context"
	"encoding/json"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// TestDashboardTargetsEqualTheReport: the dashboard's T1–T8 for a report's
// period are the figures the report compiles for the same province and
// window, nationally and for a province, for a closed window and up to
// today.
func TestDashboardTargetsEqualTheReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgs := dashSeed(t, db)
		// A cooperative group supported in 2025 (T2), and union staff
		// recorded by a province (T7, T8).
		naHang := orgs["Tổ hợp tác Thêu Na Hang"]
		if err := db.CreateActivity(ctx, coop.System, &coop.Activity{Type: "market_linkage", Title: "Kết nối tiêu thụ sản phẩm thêu",
			Province: "08", StartsOn: "2025-09-15", ParticipantsTotal: 5, ParticipantsFemale: 5, Beneficiaries: []int64{naHang.ID}}); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordUnionStaff(ctx, coop.System, &coop.UnionStaffRecord{Province: "08", RecordedOn: "2025-06-30",
			EconomicTotal: 40, EconomicTrained: 10, CommunicationTotal: 20, CommunicationImproved: 5}); err != nil {
			t.Fatal(err)
		}
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@targets.test", coop.RoleCentral, "")
		officer := userToken(t, db, "tuyenquang@targets.test", coop.RoleProvincial, "08")
		today := coop.Today()
		for _, c := range []struct {
			token, province, query, from, to string
		}{
			{centre, "", "?period=2025", "2025-01-01", "2025-12-31"},
			{centre, "", "?period=2026-H1", "2026-01-01", "2026-06-30"},
			{centre, "", "", coop.CountingStart, today},
			{centre, "08", "?province=08&period=2025", "2025-01-01", "2025-12-31"},
			{officer, "08", "?period=2026-H1", "2026-01-01", "2026-06-30"},
			{officer, "08", "", coop.CountingStart, today},
			{centre, "01", "?province=01&period=2025-H2", "2025-07-01", "2025-12-31"},
		} {
			var d struct {
				Targets []struct {
					Code   string   `json:"code"`
					Actual *float64 `json:"actual"`
					Num    int64    `json:"numerator"`
					Den    int64    `json:"denominator"`
				} `json:"targets"`
			}
			if err := json.Unmarshal([]byte(getAs(t, ts, c.token, "/api/v1/dashboard"+c.query, 200)), &d); err != nil {
				t.Fatal(err)
			}
			rep, err := db.CompileReport(ctx, coop.System, c.province, c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]coop.Figure{}
			for _, f := range rep.Figures {
				if f.Group == "indicators" {
					want[f.Key[len("indicators."):]] = f
				}
			}
			if len(d.Targets) != 8 || len(want) != 8 {
				t.Fatalf("%s: %d cards, %d report figures", c.query, len(d.Targets), len(want))
			}
			nonzero := 0
			for _, x := range d.Targets {
				f := want[x.Code]
				switch {
				case f.NoData:
					if x.Actual != nil {
						t.Errorf("%s %q: %s = %v on the dashboard, no data in the report", c.province, c.query, x.Code, *x.Actual)
					}
				case x.Actual == nil:
					t.Errorf("%s %q: %s has no figure on the dashboard, %d in the report", c.province, c.query, x.Code, f.Value)
				case f.Unit == coop.FigurePercent:
					if x.Num != f.Num || x.Den != f.Den {
						t.Errorf("%s %q: %s = %d/%d on the dashboard, %d/%d in the report", c.province, c.query, x.Code, x.Num, x.Den, f.Num, f.Den)
					}
					nonzero++
				default:
					if int64(*x.Actual) != f.Value {
						t.Errorf("%s %q: %s = %v on the dashboard, %d in the report", c.province, c.query, x.Code, *x.Actual, f.Value)
					}
					if f.Value != 0 {
						nonzero++
					}
				}
			}
			if c.province != "01" && nonzero == 0 {
				t.Errorf("%s %q: every figure is zero, the comparison shows nothing", c.province, c.query)
			}
		}
	})
}
