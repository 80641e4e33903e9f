package web_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The sources of T5, T7 and T8 and the choice of the T3/T4 rule through
// the API, as an import script or the Union partner would use them.
func TestTargetSourcesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		org := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		a := &coop.Activity{Type: coop.ActivityTraining, Title: "Lớp quản trị HTX", Province: "08", StartsOn: "2026-03-03",
			TargetGroup: "female_managers", ParticipantsTotal: 2, ParticipantsFemale: 2, Beneficiaries: []int64{org.ID}}
		if err := db.CreateActivity(context.Background(), coop.System, a); err != nil {
			t.Fatal(err)
		}
		id := itoa(a.ID)
		for _, c := range []call{
			{name: "attendance", method: "POST", path: "/api/v1/activities/" + id + "/attendance", wantStatus: 201,
				body: `{"attendees":[{"name":"Người Quản Lý","sex":"female","role":"director","organisation_id":` + itoa(org.ID) + `},{"name":"Lò Thị Sen","sex":"female"}]}`,
				want: []string{`"name":"Lò Thị Sen"`}},
			{name: "attendance invalid", method: "POST", path: "/api/v1/activities/" + id + "/attendance", wantStatus: 422,
				body: `{"attendees":[{"name":"","sex":"x"}]}`, want: []string{`"attendees.1.name"`, `"attendees.1.sex"`}},
			{name: "attendance list", method: "GET", path: "/api/v1/activities/" + id + "/attendance", wantStatus: 200, want: []string{"Người Quản Lý", "Lò Thị Sen"}},
			{name: "union staff", method: "POST", path: "/api/v1/union-staff", wantStatus: 201,
				body: `{"province":"08","recorded_on":"01/03/2026","economic_total":20,"economic_trained":15,"communication_total":10,"communication_improved":9}`,
				want: []string{`"recorded_on":"2026-03-01"`}},
			{name: "union staff invalid", method: "POST", path: "/api/v1/union-staff", wantStatus: 422,
				body: `{"province":"08","recorded_on":"2026-03-01","economic_total":2,"economic_trained":15}`, want: []string{`"economic_trained"`}},
			{name: "union staff list", method: "GET", path: "/api/v1/union-staff?province=08", wantStatus: 200, want: []string{`"economic_trained":15`}},
			{name: "target rules", method: "GET", path: "/api/v1/target-rules", wantStatus: 200, want: []string{`"jobs_rule":"jobs-activities-v2"`, "t5-persons-v2", `"method":"Tử số`}},
			{name: "pick the jobs rule", method: "PUT", path: "/api/v1/target-rules", body: `{"jobs_rule":"jobs-workforce-v2"}`, wantStatus: 200,
				want: []string{`"jobs_rule":"jobs-workforce-v2"`}},
			{name: "an unknown jobs rule", method: "PUT", path: "/api/v1/target-rules", body: `{"jobs_rule":"t1-consolidated-v2"}`, wantStatus: 422},
		} {
			t.Run(c.name, func(t *testing.T) { do(t, ts, c) })
		}
		// The trained manager is now in T5 of the province's report.
		comp, err := db.CompileReport(context.Background(), coop.System, "08", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range comp.Figures {
			if f.Key == "indicators.T5" && (f.Num != 1 || f.Den != 1) {
				t.Errorf("T5 %d/%d, want 1/1", f.Num, f.Den)
			}
			if f.Key == "indicators.T7" && f.Value != 7500 {
				t.Errorf("T7 %d, want 7500", f.Value)
			}
		}
	})
}
