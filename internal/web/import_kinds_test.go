package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/xlsx"
)

// Each role is offered the kinds it may import, and the templates of
// those only.
func TestImportKindsOffered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		officer := userToken(t, db, "mai@tuyenquang.test", "provincial", "08")
		central := userToken(t, db, "tran.vca@vca.test", "central", "")
		seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", false)

		page := getAs(t, ts, officer, "/imports", http.StatusOK)
		for _, k := range []string{"organisations", "activities", "attendance"} {
			if !strings.Contains(page, `value="`+k+`"`) || !strings.Contains(page, `id="template-`+k+`"`) {
				t.Errorf("the provincial officer is not offered %s", k)
			}
		}
		if strings.Contains(page, `value="allocations"`) {
			t.Error("the provincial officer is offered allocations")
		}
		apiAs(t, ts, officer, http.MethodGet, "/api/v1/imports/template?kind=allocations", "", http.StatusForbidden)
		page = getAs(t, ts, central, "/imports", http.StatusOK)
		if !strings.Contains(page, `value="allocations"`) || strings.Contains(page, `value="organisations"`) {
			t.Error("central staff are offered allocations, not the registry")
		}

		// The activities template lists the province's organisations on a
		// sheet of their own.
		tpl := apiAs(t, ts, officer, http.MethodGet, "/api/v1/imports/template?kind=activities", "", http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader(tpl))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue(xlsx.SheetLookup, "B2"); v != "Hợp tác xã Dệt thổ cẩm Bản Lác" {
			t.Fatalf("lookup B2 = %q", v)
		}
		if v, _ := f.GetCellValue(xlsx.SheetData, "B1"); v != "Tên hoạt động *" {
			t.Fatalf("activities header B1 = %q", v)
		}
		f.Close()

		// Its preview page speaks of activities and links the one it updates.
		done := &coop.Activity{Type: "conference", Title: "Hội nghị tổng kết", Province: "08", StartsOn: "2026-03-10", ParticipantsTotal: 20}
		if err := db.CreateActivity(context.Background(), coop.Actor{UserID: 1, Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}, done); err != nil {
			t.Fatal(err)
		}
		csv := "Mã hoạt động;Tên hoạt động;Ngày bắt đầu;Tỉnh, thành phố;Số người tham dự\nA2;Hội nghị tổng kết;10/03/2026;Tuyên Quang;30\n"
		code, body := upload(t, ts, officer, "activities", "hoat-dong.csv", []byte(csv))
		var imp importDoc
		if code != http.StatusCreated || json.Unmarshal(body, &imp) != nil || imp.Summary.Updated != 1 {
			t.Fatalf("upload: %d %s", code, body)
		}
		show := getAs(t, ts, officer, fmt.Sprintf("/imports/%d", imp.ID), http.StatusOK)
		if !strings.Contains(show, fmt.Sprintf(`href="/activities/%d"`, done.ID)) || !strings.Contains(show, "Xác nhận ghi 1 hoạt động") ||
			!strings.Contains(show, "Số người tham dự") {
			t.Fatalf("preview page: %.2000s", show)
		}
	})
}

// Central staff fill in the allocations template and import it through
// the API; the provinces see no allocations import of theirs.
func TestImportAllocationsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		central := userToken(t, db, "tran.vca@vca.test", "central", "")
		officer := userToken(t, db, "mai@tuyenquang.test", "provincial", "08")
		tpl := apiAs(t, ts, central, http.MethodGet, "/api/v1/imports/template?kind=allocations", "", http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader(tpl))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(xlsx.SheetData)
		if len(rows) != 1+8*2*34 {
			t.Fatalf("%d rows in the template", len(rows))
		}
		// Every province gets 10 of T1 by 2030.
		for i, r := range rows[1:] {
			if r[xlsx.AllocIndicator] == "T1" && r[xlsx.AllocMilestone] == "2030" {
				f.SetCellValue(xlsx.SheetData, cell(xlsx.AllocValue, i+2), 10)
			}
		}
		buf, _ := f.WriteToBuffer()
		f.Close()
		code, body := upload(t, ts, central, "allocations", "chi-tieu.xlsx", buf.Bytes())
		if code != http.StatusCreated {
			t.Fatalf("upload: %d %s", code, body)
		}
		var imp importDoc
		if err := json.Unmarshal(body, &imp); err != nil {
			t.Fatal(err)
		}
		// The rows left empty are errors: only T1 2030 is written.
		if imp.Summary.New != 34 || imp.Summary.Errors != 8*2*34-34 {
			t.Fatalf("summary %+v", imp.Summary)
		}
		apiAs(t, ts, central, http.MethodPost, fmt.Sprintf("/api/v1/imports/%d/commit", imp.ID), `{"valid_only": true}`, http.StatusOK)
		sum := apiAs(t, ts, central, http.MethodGet, "/api/v1/targets/T1/allocations?milestone=2030", "", http.StatusOK)
		if !strings.Contains(string(sum), `"value":10`) {
			t.Fatalf("allocations %.300s", sum)
		}
		list := apiAs(t, ts, officer, http.MethodGet, "/api/v1/imports", "", http.StatusOK)
		if strings.Contains(string(list), "chi-tieu.xlsx") {
			t.Fatal("a province lists the central allocations import")
		}
		apiAs(t, ts, officer, http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", imp.ID), "", http.StatusNotFound)
	})
}

// The activity list and its beneficiaries list, downloaded, import back
// as activities without changing anything.
func TestImportActivitiesRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		officer := userToken(t, db, "mai@tuyenquang.test", "provincial", "08")
		lan := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		tea := seedOrg(t, db, "HTX Chè Shan tuyết", "08", false)
		who := coop.Actor{UserID: 1, Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		for _, a := range []*coop.Activity{
			{Type: coop.ActivityTraining, Title: "Tập huấn quản lý", Province: "08", StartsOn: "2026-04-15", EndsOn: "2026-04-16", Organiser: "Liên minh HTX tỉnh",
				ParticipantsTotal: 40, ParticipantsFemale: 35, TargetGroup: "female_managers", ManagersTrainedFemale: 12, Beneficiaries: []int64{lan.ID, tea.ID},
				Costs: []coop.Cost{{Source: "local_budget", Amount: 12_000_000}}},
			{Type: coop.ActivityCapital, Title: "Vay vốn Quỹ tỉnh", Province: "08", StartsOn: "2026-05-02", LoanFund: "provincial", LoanAmount: 500_000_000,
				LoanTermMonths: 36, LoanStatus: "disbursed", JobsWomenHTX: 6, Beneficiaries: []int64{tea.ID}},
		} {
			if err := db.CreateActivity(context.Background(), who, a); err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range []string{"/activities/export.csv", "/activities/beneficiaries/export.csv", "/activities/export.xlsx"} {
			file := getAs(t, ts, officer, path, http.StatusOK)
			code, body := upload(t, ts, officer, "activities", path[strings.LastIndex(path, "/")+1:], []byte(file))
			if code != http.StatusCreated {
				t.Fatalf("%s: upload %d %s", path, code, body)
			}
			var imp importDoc
			if err := json.Unmarshal(body, &imp); err != nil {
				t.Fatal(err)
			}
			if imp.Summary.New != 0 || imp.Summary.Updated != 0 || imp.Summary.Errors != 0 || imp.Summary.Unchanged != 2 {
				t.Fatalf("%s imported back: %+v changes %+v errors %+v", path, imp.Summary, imp.Changes, imp.Errors)
			}
		}
	})
}
