package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// Every figure opens the records behind it: the registry list filtered by
// indicator or by reach, and the activity list filtered by jobs or loans,
// add up to the figure, on the page (with a removable chip) and in the API.
func TestDrillDowns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := newServer(t, db)
		a := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		b := seedOrg(t, db, "Hợp tác xã Nông nghiệp Đồng Tâm", "08", false)
		seedOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01", true)
		plan := &coop.Plan{Province: "08", Phase: "2023-2025", Title: "Kế hoạch thực hiện Đề án 01 tỉnh Tuyên Quang"}
		if err := db.CreatePlan(ctx, coop.System, plan); err != nil {
			t.Fatal(err)
		}
		task := &coop.Task{PlanID: plan.ID, Group: "consolidation", Title: "Đào tạo, bồi dưỡng cán bộ quản lý HTX", Status: "in_progress"}
		if err := db.CreateTask(ctx, coop.System, task); err != nil {
			t.Fatal(err)
		}
		training := &coop.Activity{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị HTX", Province: "08", StartsOn: "2025-03-10",
			TaskID: task.ID, ParticipantsTotal: 40, ParticipantsFemale: 40, TargetGroup: "female_managers", ManagersTrainedFemale: 1,
			JobsWomenHTX: 5, Beneficiaries: []int64{a.ID, b.ID}}
		loan := &coop.Activity{Type: coop.ActivityCapital, Title: "Cho vay vốn Quỹ hỗ trợ phát triển HTX tỉnh", Province: "08", StartsOn: "2025-04-02",
			LoanFund: "provincial", LoanAmount: 500_000_000, LoanTermMonths: 36, LoanStatus: "disbursed", JobsWomenHTX: 3, Beneficiaries: []int64{a.ID}}
		for _, act := range []*coop.Activity{training, loan} {
			if err := db.CreateActivity(ctx, coop.System, act); err != nil {
				t.Fatal(err)
			}
		}
		fig, err := db.IndicatorsAsOf(ctx, coop.System, "08", db.Today())
		if err != nil {
			t.Fatal(err)
		}
		// T3 counts Bản Lác's jobs once in the half-year (5, not 5 + 3); the
		// activity list below sums what each activity recorded.
		if *fig.Figures["T1"].Value != 1 || *fig.Figures["T3"].Value != 5 || fig.Figures["T5"].Den != 1 {
			t.Fatalf("figures of 08: T1 %v T3 %v T5 %d", *fig.Figures["T1"].Value, *fig.Figures["T3"].Value, fig.Figures["T5"].Den)
		}

		for _, c := range []call{
			// T1: the women-managed cooperative consolidated, not the other one.
			{method: "GET", path: "/api/v1/organisations?indicator=t1&province=08", wantStatus: 200,
				want: []string{`"total":1`, "Bản Lác"}, notWant: []string{"Đồng Tâm"}},
			{method: "GET", path: "/api/v1/organisations?indicator=T5&province=08", wantStatus: 200,
				want: []string{`"total":1`, `"female_managers":1`, "Bản Lác"}},
			{method: "GET", path: "/api/v1/organisations?reached_type=training&reached_from=2025-01&reached_to=2025-03&province=08", wantStatus: 200,
				want: []string{`"total":2`, "Bản Lác", "Đồng Tâm"}},
			{method: "GET", path: "/api/v1/organisations?reached_type=capital&province=08", wantStatus: 200,
				want: []string{`"total":1`, "Bản Lác"}},
			{method: "GET", path: "/api/v1/organisations?reached_from=2025-04", wantStatus: 200, want: []string{`"total":1`}},
			{method: "GET", path: "/api/v1/organisations?indicator=T9", wantStatus: 422, want: []string{"Chỉ tiêu không hợp lệ"}},
			{method: "GET", path: "/api/v1/organisations?indicator=T3", wantStatus: 422, want: []string{"danh sách hoạt động"}},
			{method: "GET", path: "/api/v1/organisations?reached_from=tháng+ba", wantStatus: 422, want: []string{"reached_from"}},
			// T3 and loans: the activities and their sums over the whole selection.
			{method: "GET", path: "/api/v1/activities?jobs=HTX&province=08&per_page=1", wantStatus: 200,
				want: []string{`"total":2`, `"jobs_women_htx":8`}},
			{method: "GET", path: "/api/v1/activities?loans=1&province=08", wantStatus: 200,
				want: []string{`"total":1`, `"loans":1`, `"loan_amount":500000000`}},
			{method: "GET", path: "/api/v1/activities?jobs=tht", wantStatus: 200, want: []string{`"total":0`}},
			{method: "GET", path: "/api/v1/activities?jobs=LHHTX", wantStatus: 422},
			// The pages show what is filtered, keep it in the search form and
			// offer to remove it.
			{method: "GET", path: "/organisations?indicator=T1&q=ban+lac", wantStatus: 200,
				want: []string{"Đang lọc: T1 – HTX có phụ nữ tham gia quản lý", `href="/organisations?q=ban&#43;lac"`,
					`<input type="hidden" name="indicator" value="T1">`, "Bản Lác"}, notWant: []string{"Đồng Tâm"}},
			{method: "GET", path: "/organisations?indicator=T5", wantStatus: 200, want: []string{"Đang lọc: T5", "(2 chức danh)"}},
			{method: "GET", path: "/organisations?reached_type=training&reached_from=2025-01", wantStatus: 200,
				want: []string{"Đang lọc: Được hỗ trợ: Đào tạo, bồi dưỡng, từ tháng 01/2025", "Đồng Tâm"}},
			{method: "GET", path: "/organisations", wantStatus: 200, notWant: []string{"Đang lọc"}},
			{method: "GET", path: "/activities?jobs=HTX", wantStatus: 200,
				want: []string{"Đang lọc: T3 – hoạt động có việc làm cho lao động nữ trong HTX: 8 việc làm", `<input type="hidden" name="jobs" value="HTX">`}},
			{method: "GET", path: "/activities?loans=1", wantStatus: 200,
				want: []string{"Khoản vay được duyệt: 1 khoản, 500.000.000 đồng", "Cho vay vốn"}, notWant: []string{"Lớp bồi dưỡng quản trị HTX</a>"}},
		} {
			do(t, ts, c)
		}

		// Another province's officer sees none of it.
		hanoi := userToken(t, db, "hanoi@htxnu.test", coop.RoleProvincial, "01")
		doAs(t, ts, hanoi, call{method: "GET", path: "/api/v1/organisations?indicator=T1", wantStatus: 200, want: []string{`"total":0`}})
		doAs(t, ts, hanoi, call{method: "GET", path: "/api/v1/organisations?reached_type=training&province=08", wantStatus: 200,
			want: []string{`"total":0`}})

		// Archiving the training takes the other cooperative out of T1's and
		// the reach's selection at once, and T3 down to the loan's jobs.
		if _, err := db.ArchiveActivity(ctx, coop.System, training.ID, training.Version); err != nil {
			t.Fatal(err)
		}
		do(t, ts, call{method: "GET", path: "/api/v1/organisations?indicator=T1", wantStatus: 200, want: []string{`"total":0`}})
		do(t, ts, call{method: "GET", path: "/api/v1/activities?jobs=HTX", wantStatus: 200, want: []string{fmt.Sprintf(`"jobs_women_htx":%d`, 3)}})
	})
}

// On a phone, an officer opens the registry from a figure: the drill-down
// filters show as chips that fit the screen, a search keeps them, and the ×
// of one takes it away and leaves the other.
func TestDrillDownChipsInTheBrowser(t *testing.T) {
	a := newBrowserApp(t, 2*time.Minute)
	ctx := context.Background()
	db := a.DB
	org := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
	other := seedOrg(t, db, "Hợp tác xã Nông nghiệp Đồng Tâm", "08", true)
	plan := &coop.Plan{Province: "08", Phase: "2023-2025", Title: "Kế hoạch thực hiện Đề án 01 tỉnh Tuyên Quang"}
	if err := db.CreatePlan(ctx, coop.System, plan); err != nil {
		t.Fatal(err)
	}
	task := &coop.Task{PlanID: plan.ID, Group: "consolidation", Title: "Đào tạo, bồi dưỡng cán bộ quản lý HTX", Status: "in_progress"}
	if err := db.CreateTask(ctx, coop.System, task); err != nil {
		t.Fatal(err)
	}
	for _, act := range []*coop.Activity{
		{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị HTX", Province: "08", StartsOn: "2025-03-10", TaskID: task.ID,
			ParticipantsTotal: 40, ParticipantsFemale: 40, TargetGroup: "female_managers", Beneficiaries: []int64{org.ID}},
		{Type: "conference", Title: "Hội nghị mô hình HTX do phụ nữ quản lý", Province: "08", StartsOn: "2025-05-10",
			ParticipantsTotal: 80, ParticipantsFemale: 60, Beneficiaries: []int64{org.ID, other.ID}},
	} {
		if err := db.CreateActivity(ctx, coop.System, act); err != nil {
			t.Fatal(err)
		}
	}
	a.signInAs(coop.RoleProvincial, "08")
	a.open("/organisations?indicator=T1&reached_type=training&reached_from=2025-01")
	a.screenshot("drill-down-chips")
	if n := a.count(".chip"); n != 2 {
		t.Fatalf("%d chips, want 2", n)
	}
	if got := a.text("#total strong"); got != "1" {
		t.Fatalf("total %q, want 1", got)
	}
	overflow, err := chromedp.Run(a.Ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || overflow {
		t.Fatalf("the page is wider than the phone (%v)", err)
	}
	// A search within the selection keeps it.
	if got := a.submit("search", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "ban lac\n")); got != 200 {
		t.Fatalf("search: status %d", got)
	}
	if loc := a.location(); !strings.Contains(loc, "indicator=T1") || !strings.Contains(loc, "reached_type=training") || a.count(".chip") != 2 {
		t.Fatalf("the search dropped the drill-down: %s", loc)
	}
	// The × of the reach chip leaves T1 only: both cooperatives are
	// women-managed, and only one is consolidated.
	if got := a.submit("remove the reach chip", chromedp.Click(chromedp.CSS(`.chip:nth-child(2) .chip-clear`))); got != 200 {
		t.Fatalf("remove: status %d", got)
	}
	if loc := a.location(); strings.Contains(loc, "reached_type") || !strings.Contains(loc, "indicator=T1") {
		t.Fatalf("after removing the reach chip: %s", loc)
	}
	if a.count(".chip") != 1 || !strings.Contains(a.text(".chip"), "T1 –") {
		t.Fatalf("chips after removing one: %q", a.text("main"))
	}
}
