package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/xlsx"
)

func init() {
	// An import of the province, ready to commit, whose file name carries
	// the label: of activities, which every role with the import pages may
	// import.
	matrixFixtures = append(matrixFixtures, matrixFixture{
		Prefixes: []string{"/imports/{id}"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			t.Helper()
			officer := coop.Actor{UserID: 1, Name: "Cán bộ", Role: coop.RoleProvincial, Province: province}
			csv := "Tên hoạt động;Loại hoạt động;Ngày bắt đầu;Tỉnh, thành phố\nHội nghị ma trận nhập;Hội nghị, hội thảo, diễn đàn;10/03/2026;" + province + "\n"
			imp, err := db.NewImport(context.Background(), officer, store.ImportActivities, label+".csv", []byte(csv))
			if err != nil {
				t.Fatal(err)
			}
			return imp.ID
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			if strings.HasPrefix(path, "/api/") {
				return `{}`, "application/json"
			}
			return "", "application/x-www-form-urlencoded"
		},
	})
}

type importDoc struct {
	ID      int64               `json:"id"`
	Kind    string              `json:"kind"`
	Status  string              `json:"status"`
	Summary store.ImportSummary `json:"summary"`
	Errors  []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
	Changes []store.ImportChange `json:"changes"`
	Notes   []string             `json:"notes"`
}

// upload posts a file to /api/v1/imports as the token's user.
func upload(t *testing.T, ts *httptest.Server, token, kind, name string, data []byte) (int, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func apiAs(t *testing.T, ts *httptest.Server, token, method, path, body string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, b)
	}
	return b
}

func TestImportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		officer := userToken(t, db, "mai@tuyenquang.test", "provincial", "08")
		hanoi := userToken(t, db, "lan@hanoi.test", "provincial", "01")
		seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", false)

		// The template comes pre-filled with the province's organisation.
		tpl := apiAs(t, ts, officer, http.MethodGet, "/api/v1/imports/template?kind=organisations", "", http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader(tpl))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue(xlsx.SheetData, "B2"); v != "Hợp tác xã Dệt thổ cẩm Bản Lác" {
			t.Fatalf("template B2 = %q", v)
		}
		// She adds two organisations: one under the old province, one with
		// more women than members.
		f.SetSheetRow(xlsx.SheetData, "A3", &[]any{"5100999001", "HTX Chè Shan tuyết", "Hợp tác xã", "Nông nghiệp", "Đầy đủ", "Tỉnh Hà Giang"})
		f.SetSheetRow(xlsx.SheetData, "A4", &[]any{"5100999002", "HTX Mật ong", "Hợp tác xã", "Nông nghiệp", "Đầy đủ", "Tuyên Quang"})
		f.SetCellValue(xlsx.SheetData, cell(xlsx.OrgWorkforceAsOf, 4), "31/05/2026")
		f.SetCellValue(xlsx.SheetData, cell(xlsx.OrgMembersTotal, 4), 10)
		f.SetCellValue(xlsx.SheetData, cell(xlsx.OrgMembersFemale, 4), 12)
		buf, _ := f.WriteToBuffer()
		f.Close()

		code, body := upload(t, ts, officer, "organisations", "so-dang-ky.xlsx", buf.Bytes())
		if code != http.StatusCreated {
			t.Fatalf("upload: %d %s", code, body)
		}
		var raw map[string]any
		json.Unmarshal(body, &raw)
		for _, k := range []string{"id", "kind", "status", "summary"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("answer lacks %q: %s", k, body)
			}
		}
		var imp importDoc
		json.Unmarshal(body, &imp)
		if imp.Summary != (store.ImportSummary{Rows: 3, New: 1, Unchanged: 1, Errors: 1}) || imp.Kind != "organisations" || imp.Status != "ready" {
			t.Fatalf("summary %+v", imp)
		}
		path := "/api/v1/imports/" + itoa(imp.ID)
		json.Unmarshal(apiAs(t, ts, officer, http.MethodGet, path, "", http.StatusOK), &imp)
		if len(imp.Errors) != 1 || imp.Errors[0].Row != 4 || imp.Errors[0].Column != "Thành viên nữ" || len(imp.Notes) != 1 {
			t.Fatalf("errors %+v notes %v", imp.Errors, imp.Notes)
		}
		apiAs(t, ts, hanoi, http.MethodGet, path, "", http.StatusNotFound)
		apiAs(t, ts, officer, http.MethodPost, path+"/commit", "", http.StatusUnprocessableEntity)
		ef := apiAs(t, ts, officer, http.MethodGet, path+"/errors.xlsx", "", http.StatusOK)
		ex, err := excelize.OpenReader(bytes.NewReader(ef))
		if err != nil {
			t.Fatal(err)
		}
		comments, _ := ex.GetComments(xlsx.SheetData)
		if len(comments) != 1 || comments[0].Cell != cell(xlsx.OrgMembersFemale, 4) {
			t.Errorf("error file comments %+v", comments)
		}
		ex.Close()

		json.Unmarshal(apiAs(t, ts, officer, http.MethodPost, path+"/commit", `{"valid_only":true}`, http.StatusOK), &imp)
		if imp.Status != "committed" {
			t.Fatalf("status %s", imp.Status)
		}
		list := apiAs(t, ts, officer, http.MethodGet, "/api/v1/organisations?q=che+shan", "", http.StatusOK)
		if !strings.Contains(string(list), `"province":"08"`) {
			t.Fatalf("imported organisation not listed: %s", list)
		}

		// Export → import changes nothing.
		for _, format := range []string{"xlsx", "csv"} {
			exp := apiAs(t, ts, officer, http.MethodGet, "/api/v1/organisations/export."+format, "", http.StatusOK)
			code, body = upload(t, ts, officer, "organisations", "export."+format, exp)
			var again importDoc
			json.Unmarshal(body, &again)
			if code != http.StatusCreated || again.Summary != (store.ImportSummary{Rows: 2, Unchanged: 2}) {
				t.Fatalf("%s round trip: %d %s", format, code, body)
			}
		}

		json.Unmarshal(apiAs(t, ts, officer, http.MethodPost, path+"/revert", "", http.StatusOK), &imp)
		if imp.Status != "reverted" {
			t.Fatalf("status after revert %s", imp.Status)
		}
		list = apiAs(t, ts, officer, http.MethodGet, "/api/v1/organisations?q=che+shan", "", http.StatusOK)
		if !strings.Contains(string(list), `"total":0`) {
			t.Fatalf("reverted organisation still listed: %s", list)
		}
	})
}

func TestImportAPIRefusesHostileUploads(t *testing.T) {
	db := storetest.SQLite(t)
	ts := newServer(t, db)
	officer := userToken(t, db, "mai@tuyenquang.test", "provincial", "08")
	for _, tc := range []struct {
		name string
		data []byte
		want int
	}{
		{"big.xlsx", make([]byte, xlsx.MaxFileSize+10), http.StatusRequestEntityTooLarge},
		{"fake.xlsx", []byte("MZ\x90\x00 not a spreadsheet"), http.StatusUnprocessableEntity},
		{"headers.csv", []byte("Tên;Số điện thoại\nA;1\n"), http.StatusUnprocessableEntity},
	} {
		code, body := upload(t, ts, officer, "organisations", tc.name, tc.data)
		if code != tc.want || !strings.Contains(string(body), `"message"`) {
			t.Errorf("%s: %d %s", tc.name, code, body)
		}
	}
	var n int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM imports`).Scan(&n)
	if n != 0 {
		t.Errorf("%d imports stored from refused files", n)
	}
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col+1, row)
	return c
}

// Every kind of bad input the import must refuse, each with a Vietnamese
// message, and nothing written to the registry.
func TestImportHostileFiles(t *testing.T) {
	db := storetest.SQLite(t)
	ts := newServer(t, db)
	officer := userToken(t, db, "mai@tuyenquang.test", "provincial", "08")
	orgs := func() int {
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM organisations`).Scan(&n)
		return n
	}

	// Whole-file problems: refused at upload.
	merged := excelize.NewFile()
	merged.SetSheetRow("Sheet1", "A1", &[]any{"Thông tin tổ chức", "", ""})
	merged.MergeCell("Sheet1", "A1", "C1")
	merged.SetSheetRow("Sheet1", "A2", &[]any{"Tên tổ chức", "Tỉnh, thành phố", "Loại hình"})
	mb, _ := merged.WriteToBuffer()
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, UncompressedSize64: 50 << 30, CompressedSize64: 4})
	w.Write([]byte{3, 0, 0, 0})
	zw.Close()
	for _, tc := range []struct {
		what, name string
		data       []byte
		code       int
		want       string
	}{
		{"a file over 20 MB", "lon.xlsx", make([]byte, xlsx.MaxFileSize+1), http.StatusRequestEntityTooLarge, "20 MB"},
		{"a zip bomb", "bom.xlsx", bomb.Bytes(), http.StatusUnprocessableEntity, "giải nén ra quá lớn"},
		{"a non-spreadsheet renamed .xlsx", "anh.xlsx", []byte("\x89PNG\r\n\x1a\n not a workbook"), http.StatusUnprocessableEntity, "không phải là bảng tính Excel"},
		{"missing required headers", "thieu.csv", []byte("Mã số HTX;Điện thoại\n1;0912\n"), http.StatusUnprocessableEntity, "“Tên tổ chức”, “Tỉnh, thành phố”"},
		{"merged header rows", "gop.xlsx", mb.Bytes(), http.StatusUnprocessableEntity, "ô gộp"},
	} {
		code, body := upload(t, ts, officer, "organisations", tc.name, tc.data)
		if code != tc.code || !strings.Contains(string(body), tc.want) {
			t.Errorf("%s: %d %s", tc.what, code, body)
		}
	}

	// More than 200,000 rows: read by a job, which fails with the reason.
	var many strings.Builder
	many.WriteString("Tên tổ chức;Tỉnh, thành phố\n")
	for i := 0; i <= xlsx.MaxRows; i++ {
		many.WriteString("HTX;08\n")
	}
	code, body := upload(t, ts, officer, "organisations", "nhieu.csv", []byte(many.String()))
	var imp importDoc
	json.Unmarshal(body, &imp)
	if code != http.StatusAccepted {
		t.Fatalf("200,001 rows: %d %s", code, body)
	}
	var state struct {
		Status  string `json:"status"`
		Message string `json:"message"`
	}
	for i := 0; i < 1200 && (state.Status == "" || state.Status == "processing"); i++ {
		time.Sleep(50 * time.Millisecond)
		json.Unmarshal(apiAs(t, ts, officer, http.MethodGet, "/api/v1/imports/"+itoa(imp.ID), "", http.StatusOK), &state)
	}
	if state.Status != "failed" || !strings.Contains(state.Message, "200.000") {
		t.Errorf("200,001 rows: %+v", state)
	}

	// Row problems: shown in the preview with row, column and message.
	rows := "Mã số HTX;Tên tổ chức;Loại hình;Lĩnh vực;Tỉnh, thành phố;Ngày thành lập;Tổng số thành viên;Thành viên nữ;Tổng số người lao động;Ngày số liệu lao động\n" +
		"1;HTX Âm;HTX;Nông nghiệp;08;;-5;;;31/05/2026\n" + // 2: negative
		"2;HTX Quá lớn;HTX;Nông nghiệp;08;;;;5.000.000;31/05/2026\n" + // 3: implausible
		"3;HTX Nữ nhiều;HTX;Nông nghiệp;08;;10;12;;31/05/2026\n" + // 4: women > total
		"4;HTX Ngày sai;HTX;Nông nghiệp;08;31/02/2026;;;;\n" + // 5: 31/02/2026
		"5;HTX Lĩnh vực lạ;HTX;Khai thác mặt trăng;08;;;;;\n" + // 6: unknown sector
		"1;HTX Trùng mã;HTX;Nông nghiệp;08;;;;;\n" + // 7: duplicate registration number
		"6;" + norm.NFD.String("Hợp tác xã Dệt thổ cẩm") + ";HTX;Nông nghiệp;08;;;;;\n" // 8: NFD text, accepted as NFC
	code, body = upload(t, ts, officer, "organisations", "loi.csv", []byte(rows))
	if code != http.StatusCreated {
		t.Fatalf("row problems: %d %s", code, body)
	}
	json.Unmarshal(body, &imp)
	want := map[int]string{2: "Tổng số thành viên", 3: "Tổng số người lao động", 4: "Thành viên nữ", 5: "Ngày thành lập", 6: "Lĩnh vực", 7: "Mã số HTX"}
	for row, col := range want {
		found := false
		for _, e := range imp.Errors {
			found = found || (e.Row == row && e.Column == col && e.Message != "")
		}
		if !found {
			t.Errorf("row %d: no error on %q: %+v", row, col, imp.Errors)
		}
	}
	if imp.Summary.Errors != 6 || imp.Summary.New != 1 {
		t.Errorf("summary %+v", imp.Summary)
	}
	for _, c := range imp.Changes {
		if c.Row == 8 && c.Name != "Hợp tác xã Dệt thổ cẩm" {
			t.Errorf("NFD name previewed as %q", c.Name)
		}
	}
	if n := orgs(); n != 0 {
		t.Fatalf("bad input wrote %d organisations", n)
	}
}
