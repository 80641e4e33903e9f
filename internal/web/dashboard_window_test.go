package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A report period on the dashboard is the report's window (Decree
// 09/2019: 15/12/2025–14/06/2026 for the first half of 2026): an activity
// of 20/12/2025 counts and one of 20/06/2026 does not, unlike the calendar
// half-year; the activities, loans and registry figures equal the report's
// compiled over the same window; the options say their dates.
func TestDashboardReportWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dashSeed(t, db)
		for day, people := range map[string]int64{"2025-12-20": 10, "2026-06-20": 30} {
			act := &coop.Activity{Type: "conference", Title: "Hội nghị ngày " + day, Province: "08", StartsOn: day,
				ParticipantsTotal: people, ParticipantsFemale: people - 1}
			if err := db.CreateActivity(ctx, coop.System, act); err != nil {
				t.Fatal(err)
			}
		}
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@window.test", coop.RoleCentral, "")
		type table struct {
			Rows []struct {
				Key   string    `json:"key"`
				Cells []apiCell `json:"cells"`
			} `json:"rows"`
			Total struct {
				Cells []apiCell `json:"cells"`
			} `json:"total"`
		}
		var d struct {
			Filters struct {
				WindowFrom string `json:"window_from"`
				WindowTo   string `json:"window_to"`
			} `json:"filters"`
			Window                   string `json:"window"`
			Activities, Loans, Kinds table
		}
		read := func(query string) {
			t.Helper()
			if err := json.Unmarshal([]byte(getAs(t, ts, centre, "/api/v1/dashboard"+query, 200)), &d); err != nil {
				t.Fatal(err)
			}
		}
		read("?province=08&period=report-2026-H1")
		if d.Filters.WindowFrom != "2025-12-15" || d.Filters.WindowTo != "2026-06-14" || !strings.Contains(d.Window, "15/12/2025–14/06/2026") {
			t.Fatalf("window %s–%s, %q", d.Filters.WindowFrom, d.Filters.WindowTo, d.Window)
		}
		comp, err := db.CompileReport(ctx, coop.System, "08", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		fig := map[string]int64{}
		for _, f := range comp.Figures {
			fig[f.Key] = f.Value
		}
		got := []int64{cellN(t, d.Activities.Total.Cells[1]), cellN(t, d.Activities.Total.Cells[2]), cellN(t, d.Activities.Total.Cells[3]),
			cellN(t, d.Activities.Total.Cells[4]), cellN(t, d.Loans.Rows[0].Cells[1]), cellN(t, d.Loans.Rows[0].Cells[2])}
		want := []int64{fig["activities.total.count"], fig["activities.total.participants_total"], fig["activities.total.participants_female"],
			fig["activities.total.organisations"], fig["loans.count"], fig["loans.amount"]}
		if !equalInts(got, want) {
			t.Errorf("dashboard activities and loans %v, the report's %v", got, want)
		}
		for _, r := range d.Kinds.Rows {
			if n := cellN(t, r.Cells[1]); n != fig["registry."+r.Key+".orgs"] {
				t.Errorf("%s: dashboard %d, the report %d", r.Key, n, fig["registry."+r.Key+".orgs"])
			}
		}
		// The conference participants: 20/12/2025's in the report window,
		// 20/06/2026's in the calendar half-year.
		conference := func() int64 {
			for _, r := range d.Activities.Rows {
				if r.Key == "conference" {
					return cellN(t, r.Cells[2])
				}
			}
			return 0
		}
		if n := conference(); n != 10 || n != fig["activities.conference.participants_total"] {
			t.Errorf("conference participants in the report window: %d, want 10 as the report (%d)", n, fig["activities.conference.participants_total"])
		}
		read("?province=08&period=2026-H1")
		if n := conference(); n != 30 {
			t.Errorf("conference participants in the calendar half-year: %d, want 30", n)
		}

		page := getAs(t, ts, centre, "/dashboard?period=report-2026-H1", 200)
		for _, want := range []string{"Kỳ báo cáo 6 tháng đầu năm 2026 (theo Nghị định 09/2019: 15/12/2025–14/06/2026)",
			"6 tháng đầu năm dương lịch 2026 (01/01–30/06)", "Kỳ báo cáo theo Nghị định 09/2019 (từ 15/12/2025 đến 14/06/2026)",
			`href="/activities?from=2025-12-15&amp;to=2026-06-14`} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(page, `name="as_of" value="2026-06-14"`) {
			t.Error("the window's last day is put in the registry day field as if chosen")
		}
	})
}
