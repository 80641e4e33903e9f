package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// taskTemplate is a believable task of an implementation plan.
type taskTemplate struct {
	group, title, unit, partners string
	indicators                   []string
	budget                       map[string]int64 // đồng, for a province of average size
}

var taskTemplates = []taskTemplate{
	{"communication", "Tuyên truyền về vai trò của phụ nữ trong kinh tế tập thể trên báo, đài địa phương", "Ban Tuyên truyền", "Hội LHPN, Báo và Đài Phát thanh - Truyền hình",
		[]string{"T1", "T2"}, map[string]int64{"local_budget": 80_000_000}},
	{"communication", "Hội nghị giới thiệu mô hình HTX do phụ nữ quản lý hoạt động hiệu quả", "Văn phòng Liên minh HTX", "Hội LHPN",
		[]string{"T1", "T6"}, map[string]int64{"local_budget": 60_000_000, "central_budget": 40_000_000}},
	{"communication", "Tôn vinh phụ nữ tiêu biểu trong hợp tác xã", "Ban Tổ chức", "Hội LHPN",
		[]string{"T1"}, map[string]int64{"local_budget": 30_000_000, "mobilised": 20_000_000}},
	{"communication", "Vận động hội viên, phụ nữ chủ hộ tham gia thành lập tổ hợp tác", "Ban Phát triển HTX", "Hội LHPN cấp xã",
		[]string{"T2", "T4"}, map[string]int64{"local_budget": 40_000_000}},
	{"legal_founding", "Tư vấn pháp lý, hướng dẫn thủ tục thành lập HTX cho nhóm phụ nữ", "Ban Chính sách - Pháp luật", "Sở Tài chính, UBND cấp xã",
		[]string{"T6"}, map[string]int64{"local_budget": 50_000_000}},
	{"legal_founding", "Hỗ trợ thành lập mới HTX, tổ hợp tác do phụ nữ làm chủ", "Ban Phát triển HTX", "Hội LHPN, UBND cấp xã",
		[]string{"T6", "T2"}, map[string]int64{"local_budget": 120_000_000, "ntp": 80_000_000}},
	{"legal_founding", "Diễn đàn vai trò của HTX do phụ nữ quản lý trong Chương trình OCOP", "Văn phòng Liên minh HTX", "Sở Nông nghiệp và Môi trường",
		[]string{"T1", "T6"}, map[string]int64{"local_budget": 70_000_000, "mobilised": 30_000_000}},
	{"consolidation", "Đào tạo, bồi dưỡng nữ cán bộ quản lý HTX về quản trị, điều hành", "Trung tâm Tư vấn, hỗ trợ HTX", "Hội LHPN",
		[]string{"T5", "T1"}, map[string]int64{"local_budget": 150_000_000, "central_budget": 50_000_000}},
	{"consolidation", "Xúc tiến thương mại, hội chợ cho sản phẩm của HTX do phụ nữ quản lý", "Ban Kinh tế - Thị trường", "Sở Công Thương",
		[]string{"T1", "T3"}, map[string]int64{"local_budget": 100_000_000, "mobilised": 60_000_000}},
	{"consolidation", "Hỗ trợ vay vốn Quỹ hỗ trợ phát triển HTX cho HTX do phụ nữ quản lý", "Quỹ hỗ trợ phát triển HTX", "Ngân hàng Chính sách xã hội",
		[]string{"T1", "T3"}, map[string]int64{"support_fund": 2_000_000_000, "credit": 1_000_000_000}},
	{"consolidation", "Ứng dụng khoa học, công nghệ và chuyển đổi số trong HTX", "Ban Kinh tế - Thị trường", "Sở Khoa học và Công nghệ",
		[]string{"T1", "T3", "T4"}, map[string]int64{"local_budget": 90_000_000, "ntp": 110_000_000}},
	{"consolidation", "Củng cố tổ hợp tác, tạo việc làm ổn định cho lao động nữ", "Ban Phát triển HTX", "Hội LHPN",
		[]string{"T2", "T4"}, map[string]int64{"local_budget": 60_000_000, "other": 20_000_000}},
}

// demoTargets2030 are the 2030 targets allocated across the provinces.
var demoTargets2030 = map[string]int64{"T1": 1500, "T2": 10000, "T3": 30000, "T4": 100000, "T6": 750}

// Plans loads a national plan and a plan for every province for both
// phases (6–12 tasks each, budgets by source) and allocates the 2030
// targets across the 34 provinces in proportion to each province's
// organisations, summing exactly to the national values. It is idempotent:
// plans that exist and allocations already made are left as they are.
func Plans(ctx context.Context, db *store.DB) error {
	actor := coop.System
	owners := []string{""}
	for _, p := range coop.Provinces() {
		owners = append(owners, p.Code)
	}
	for i, owner := range owners {
		for j, ph := range coop.Phases {
			if _, err := db.PlanFor(ctx, actor, owner, ph.Code); err == nil {
				continue
			} else if coop.ErrorCode(err) != coop.ENOTFOUND {
				return err
			}
			plan := &coop.Plan{Province: owner, Phase: ph.Code, Status: coop.PlanApproved}
			if ph.Code == "2026-2030" {
				plan.Status = coop.PlanDraft
			}
			if err := db.CreatePlan(ctx, actor, plan); err != nil {
				return fmt.Errorf("demo: plan %q %s: %w", owner, ph.Code, err)
			}
			for _, t := range demoTasks(i, j, owner, ph.Code) {
				t.PlanID = plan.ID
				if err := db.CreateTask(ctx, actor, t); err != nil {
					return fmt.Errorf("demo: task %q: %w", t.Title, err)
				}
			}
		}
	}
	return allocateDemoTargets(ctx, db)
}

// demoTasks picks 6–12 tasks for the plan, at least one per group, with
// dates inside the phase and budgets scaled per owner.
func demoTasks(owner, phase int, province, phaseCode string) []*coop.Task {
	n := 6 + (owner*5+phase*3)%7 // 6…12
	start, end := 2023, 2025
	if phaseCode == "2026-2030" {
		start, end = 2026, 2030
	}
	scale := int64(80 + (owner*37)%60) // percent of the template budget
	if province == "" {
		scale = 400 // the VCA's national plan
	}
	status := "done"
	if phaseCode == "2026-2030" {
		status = "planned"
	}
	var out []*coop.Task
	for k := 0; k < n; k++ {
		tpl := taskTemplates[(k*5+owner)%len(taskTemplates)]
		if k < 3 { // one of each group first
			tpl = taskTemplates[[]int{0, 4, 7}[k]+(owner+phase)%3]
		}
		year := start + k%(end-start+1)
		t := &coop.Task{
			Group: tpl.group, Title: tpl.title, ResponsibleUnit: tpl.unit, Partners: tpl.partners,
			StartsOn: fmt.Sprintf("%d-%02d-01", year, 2+k%6), EndsOn: fmt.Sprintf("%d-12-15", year),
			Status: status, Indicators: tpl.indicators, Budget: map[string]int64{},
		}
		if k%4 == 3 && status == "planned" {
			t.Status = "in_progress"
		}
		for src, v := range tpl.budget {
			t.Budget[src] = v * scale / 100 / 1_000_000 * 1_000_000
		}
		if dup(out, t.Title) {
			t.Title = fmt.Sprintf("%s (đợt %d)", t.Title, year)
		}
		out = append(out, t)
	}
	return out
}

func dup(ts []*coop.Task, title string) bool {
	for _, t := range ts {
		if t.Title == title {
			return true
		}
	}
	return false
}

// allocateDemoTargets shares each 2030 target among the provinces in
// proportion to their organisations (equally when the registry is empty),
// by largest remainder so the shares add up to the national value.
func allocateDemoTargets(ctx context.Context, db *store.DB) error {
	actor := coop.System
	counts, err := db.Counts(ctx, actor, store.CountsFilter{GroupBy: "province"})
	if err != nil {
		return err
	}
	weight := map[string]int64{}
	var total int64
	for _, c := range counts.Rows {
		weight[c.Key] = c.Organisations
		total += c.Organisations
	}
	provs := coop.Provinces()
	if total == 0 {
		for _, p := range provs {
			weight[p.Code] = 1
		}
		total = int64(len(provs))
	}
	codes := slices.Sorted(maps.Keys(demoTargets2030))
	for _, code := range codes {
		sum, err := db.AllocationSummary(ctx, actor, code, 2030)
		if err != nil {
			return err
		}
		if sum.Provinces > 0 {
			continue
		}
		national := demoTargets2030[code]
		if sum.National != nil {
			national = *sum.National
		}
		if err := db.SetAllocations(ctx, actor, code, 2030, shares(national, provs, weight, total)); err != nil {
			return fmt.Errorf("demo: allocate %s: %w", code, err)
		}
	}
	return nil
}

// shares splits n by weight with the largest-remainder method.
func shares(n int64, provs []coop.Province, weight map[string]int64, total int64) map[string]*int64 {
	type rem struct {
		code string
		r    int64
	}
	out := map[string]*int64{}
	var given int64
	rems := make([]rem, 0, len(provs))
	for _, p := range provs {
		v := n * weight[p.Code] / total
		r := n * weight[p.Code] % total
		out[p.Code] = &v
		given += v
		rems = append(rems, rem{p.Code, r})
	}
	sort.SliceStable(rems, func(i, j int) bool {
		if rems[i].r != rems[j].r {
			return rems[i].r > rems[j].r
		}
		return rems[i].code < rems[j].code
	})
	for i := 0; given < n; i++ {
		*out[rems[i%len(rems)].code]++
		given++
	}
	return out
}
