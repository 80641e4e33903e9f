package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func init() {
	// Plans and tasks join the permission matrix. Writes carry a task with
	// no title: the record's scope answers first (404 in another province),
	// then the fields (422), so every role that may write gets through.
	invalidTask := func(method, path string, id int64, province string) (string, string) {
		if strings.HasPrefix(path, "/api/v1/plans/") && !strings.Contains(path, "/tasks") {
			return `{"version":1,"title":""}`, "application/json"
		}
		if strings.HasPrefix(path, "/api/") {
			return `{"version":1,"task_group":"consolidation","title":""}`, "application/json"
		}
		return url.Values{"version": {"1"}, "task_group": {"consolidation"}, "title": {""}}.Encode(), "application/x-www-form-urlencoded"
	}
	matrixFixtures = append(matrixFixtures, matrixFixture{
		Prefixes: []string{"/plans/{id}"},
		// Creates carry an unknown phase: the province is checked first (403
		// in another province), then the fields (422).
		Creates: []string{"POST /plans", "POST /api/v1/plans"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedPlan(t, db, province, "2026-2030", label)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			if path == "/plans" || path == "/api/v1/plans" {
				if strings.HasPrefix(path, "/api/") {
					return `{"province":"` + province + `","phase":"2031-2035"}`, "application/json"
				}
				return url.Values{"province": {province}, "phase": {"2031-2035"}}.Encode(), "application/x-www-form-urlencoded"
			}
			return invalidTask(method, path, id, province)
		},
	}, matrixFixture{
		Prefixes: []string{"/tasks/{id}"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			plan := seedPlan(t, db, province, "2023-2025", "Kế hoạch "+province)
			tk := &coop.Task{PlanID: plan, Group: "consolidation", Title: label, Budget: map[string]int64{"local_budget": 1000}}
			if err := db.CreateTask(context.Background(), coop.System, tk); err != nil {
				t.Fatal(err)
			}
			return tk.ID
		},
		Body: invalidTask,
	})
}

// seedPlan returns the plan of the province and phase, made if missing, with
// the title given.
func seedPlan(t *testing.T, db *store.DB, province, phase, title string) int64 {
	t.Helper()
	ctx := context.Background()
	p, err := db.PlanFor(ctx, coop.System, province, phase)
	if err == nil {
		if _, err := db.SQL().ExecContext(ctx, rebindPG(db, `UPDATE plans SET title = ? WHERE id = ?`), title, p.ID); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	np := &coop.Plan{Province: province, Phase: phase, Title: title}
	if err := db.CreatePlan(ctx, coop.System, np); err != nil {
		t.Fatal(err)
	}
	return np.ID
}

func rebindPG(db *store.DB, q string) string {
	if db.Dialect() != store.Postgres {
		return q
	}
	n := 0
	var b strings.Builder
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + itoa(int64(n)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestPlanAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		body := do(t, ts, call{method: "POST", path: "/api/v1/plans", body: `{"province":"08","phase":"2026-2030"}`, wantStatus: 201,
			want: []string{`"province":"08"`, `"title":"Kế hoạch thực hiện Đề án 01 giai đoạn 2026–2030 của Liên minh HTX Tỉnh Tuyên Quang"`, `"version":1`}})
		id := between(body, `"id":`, `,`)
		do(t, ts, call{method: "POST", path: "/api/v1/plans", body: `{"province":"08","phase":"2026-2030"}`, wantStatus: 409})
		do(t, ts, call{method: "POST", path: "/api/v1/plans", body: `{"province":"99","phase":"2020"}`, wantStatus: 422,
			want: []string{`"province"`, `"phase":"Chọn giai đoạn 2023–2025 hoặc 2026–2030."`}})

		task := do(t, ts, call{method: "POST", path: "/api/v1/plans/" + id + "/tasks", wantStatus: 201,
			body: `{"task_group":"consolidation","title":"Đào tạo, bồi dưỡng nữ cán bộ quản lý HTX","responsible_unit":"Liên minh HTX tỉnh",
				"starts_on":"2026-03-01","ends_on":"2026-10-31","indicators":["T5","T1"],"budget":{"local_budget":120000000,"support_fund":30000000}}`,
			want: []string{`"province":"08"`, `"phase":"2026-2030"`, `"indicators":["T5","T1"]`, `"version":1`}})
		tid := between(task, `"id":`, `,`)
		do(t, ts, call{method: "POST", path: "/api/v1/plans/" + id + "/tasks", wantStatus: 422,
			body: `{"task_group":"x","title":"","starts_on":"2026-05-01","ends_on":"2026-01-01","indicators":["T9"],"budget":{"credit":-5}}`,
			want: []string{`"task_group"`, `"title":"Nhập tên nhiệm vụ."`, `"ends_on":"Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."`, `"indicators"`, `"budget.credit":"Kinh phí không được âm."`}})
		do(t, ts, call{method: "GET", path: "/api/v1/plans/" + id, wantStatus: 200,
			want: []string{`"total":1`, `"budget_total":150000000`, `"progress":{"activities":0`}})
		do(t, ts, call{method: "GET", path: "/api/v1/plans?phase=2026-2030&province=08", wantStatus: 200, want: []string{`"total":1`, `"tasks":1`}})
		do(t, ts, call{method: "GET", path: "/api/v1/tasks?q=dao+tao&province=08", wantStatus: 200, want: []string{`"total":1`}})
		do(t, ts, call{method: "GET", path: "/api/v1/tasks/" + tid, wantStatus: 200, want: []string{`"budget_total":150000000`}})
		do(t, ts, call{method: "PUT", path: "/api/v1/tasks/" + tid, wantStatus: 200,
			body: `{"version":1,"task_group":"consolidation","title":"Đào tạo nữ cán bộ quản lý HTX","status":"in_progress","budget":{"local_budget":100}}`,
			want: []string{`"version":2`, `"status":"in_progress"`, `"budget":{"local_budget":100}`}})
		do(t, ts, call{method: "PUT", path: "/api/v1/tasks/" + tid, wantStatus: 409,
			body: `{"version":1,"task_group":"consolidation","title":"Đào tạo lại","status":"done"}`})
		do(t, ts, call{method: "PUT", path: "/api/v1/tasks/" + tid, wantStatus: 422, body: `{"task_group":"consolidation","title":"Không phiên bản"}`, want: []string{`"version"`}})
		do(t, ts, call{method: "GET", path: "/api/v1/tasks/999999", wantStatus: 404})

		// The plan's title and status change with its version; a stale
		// version or an empty title is refused.
		do(t, ts, call{method: "PUT", path: "/api/v1/plans/" + id, wantStatus: 200,
			body: `{"version":1,"title":"Kế hoạch Đề án 01 của tỉnh Tuyên Quang 2026–2030","status":"approved"}`,
			want: []string{`"version":2`, `"status":"approved"`, `"title":"Kế hoạch Đề án 01 của tỉnh Tuyên Quang 2026–2030"`}})
		do(t, ts, call{method: "PUT", path: "/api/v1/plans/" + id, wantStatus: 409, body: `{"version":1,"title":"Cũ","status":"draft"}`})
		do(t, ts, call{method: "PUT", path: "/api/v1/plans/" + id, wantStatus: 422, body: `{"title":"Không phiên bản"}`, want: []string{`"version"`}})
		form := url.Values{"version": {"2"}, "title": {"KH"}, "status": {"draft"}}.Encode()
		do(t, ts, call{method: "POST", path: "/plans/" + id, body: form, ctype: "application/x-www-form-urlencoded", wantStatus: 422,
			want: []string{`id="plan-edit" open`, "Tên kế hoạch từ 5 đến 300 ký tự.", `value="KH"`}})
		form = url.Values{"version": {"2"}, "title": {"Kế hoạch đã sửa"}, "status": {"draft"}}.Encode()
		// The client follows the redirect to the plan page.
		do(t, ts, call{method: "POST", path: "/plans/" + id, body: form, ctype: "application/x-www-form-urlencoded", wantStatus: 200,
			want: []string{"<h1>Kế hoạch đã sửa</h1>", "Đã lưu tên và trạng thái của kế hoạch.", "Dự thảo"}})

		// A provincial officer of 01 sees neither 08's plan nor its task.
		tok := userToken(t, db, "hn@htxnu.test", coop.RoleProvincial, "01")
		tgDo(t, ts, tok, call{method: "GET", path: "/api/v1/plans/" + id, wantStatus: 404})
		tgDo(t, ts, tok, call{method: "GET", path: "/api/v1/tasks/" + tid, wantStatus: 404})
		tgDo(t, ts, tok, call{method: "GET", path: "/api/v1/plans", wantStatus: 200, want: []string{`"total":0`}})
		// The centre reads 08's plan but cannot add to it.
		ctok := userToken(t, db, "tw@htxnu.test", coop.RoleCentral, "")
		tgDo(t, ts, ctok, call{method: "GET", path: "/api/v1/plans/" + id, wantStatus: 200})
		tgDo(t, ts, ctok, call{method: "POST", path: "/api/v1/plans/" + id + "/tasks", wantStatus: 403,
			body: `{"task_group":"communication","title":"Tuyên truyền trên báo tỉnh"}`})

		// Pages.
		for _, c := range []call{
			{method: "GET", path: "/plans", wantStatus: 200, want: []string{"Kế hoạch thực hiện", "Lập kế hoạch 2023-2025"}},
			{method: "GET", path: "/plans/" + id, wantStatus: 200, want: []string{"Củng cố, nâng cao chất lượng hoạt động", "Đào tạo nữ cán bộ quản lý HTX", "Chưa có nhiệm vụ nào trong nhóm này"}},
			{method: "GET", path: "/plans/" + id + "/tasks/new", wantStatus: 200, want: []string{"Thêm nhiệm vụ", "Quỹ hỗ trợ phát triển HTX"}},
			{method: "GET", path: "/tasks/" + tid + "/edit", wantStatus: 200, want: []string{`value="Đào tạo nữ cán bộ quản lý HTX"`}},
		} {
			do(t, ts, c)
		}
	})
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		return s
	}
	return strings.TrimSpace(s[:j])
}

// A task budget of 10^15 đồng (a typo of three zeros too many) is refused
// with 422 on the budget line, naming the bound.
func TestPlanBudgetBoundAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		body := do(t, ts, call{method: "POST", path: "/api/v1/plans", body: `{"province":"08","phase":"2026-2030"}`, wantStatus: 201})
		id := between(body, `"id":`, `,`)
		do(t, ts, call{method: "POST", path: "/api/v1/plans/" + id + "/tasks", wantStatus: 422,
			body: `{"task_group":"consolidation","title":"Đào tạo cán bộ quản lý HTX","starts_on":"2026-03-01","ends_on":"2026-10-31",
				"budget":{"local_budget":1000000000000000}}`,
			want: []string{`"budget.local_budget":"Kinh phí không vượt quá 1.000 tỷ đồng."`}})
		do(t, ts, call{method: "POST", path: "/api/v1/plans/" + id + "/tasks", wantStatus: 201,
			body: `{"task_group":"consolidation","title":"Đào tạo cán bộ quản lý HTX","starts_on":"2026-03-01","ends_on":"2026-10-31",
				"budget":{"local_budget":1000000000000}}`,
			want: []string{`"budget":{"local_budget":1000000000000}`}})
	})
}
