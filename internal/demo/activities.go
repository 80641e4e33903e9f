package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// actSample is a kind of support activity a province records, with the
// words of the plan task it belongs to.
type actSample struct {
	typ, title, organiser, partners string
	taskWords                       string // a word of the matching plan task's title
	perProvince                     int    // how many over 2023–2026
	reach                           [2]int // beneficiary organisations, min and max
	people                          [2]int // participants, min and max
	femaleShare                     float64
	costs                           map[string]int64 // đồng, scaled ±40 %
}

var actSamples = []actSample{
	{coop.ActivityTraining, "Lớp bồi dưỡng kiến thức quản trị, điều hành HTX cho cán bộ quản lý nữ", "Liên minh HTX tỉnh", "Hội LHPN tỉnh",
		"Đào tạo", 3, [2]int{6, 18}, [2]int{30, 45}, 1, map[string]int64{"local_budget": 60_000_000, "support_fund": 20_000_000}},
	{coop.ActivityTraining, "Tập huấn kỹ năng số, bán hàng trực tuyến cho thành viên, lao động nữ HTX", "Trung tâm Tư vấn, hỗ trợ HTX", "Sở Công Thương",
		"Đào tạo", 1, [2]int{4, 10}, [2]int{40, 80}, 0.8, map[string]int64{"local_budget": 40_000_000}},
	{"conference", "Hội nghị giới thiệu mô hình HTX do phụ nữ quản lý hoạt động hiệu quả", "Liên minh HTX tỉnh", "Hội LHPN tỉnh",
		"Hội nghị", 1, [2]int{3, 8}, [2]int{80, 150}, 0.7, map[string]int64{"local_budget": 50_000_000, "central_budget": 20_000_000}},
	{"conference", "Diễn đàn vai trò của HTX do phụ nữ quản lý trong Chương trình OCOP", "Liên minh HTX tỉnh", "Sở Nông nghiệp và Môi trường",
		"Diễn đàn", 1, [2]int{5, 12}, [2]int{100, 200}, 0.65, map[string]int64{"local_budget": 70_000_000, "mobilised": 30_000_000}},
	{"press", "Chuyên mục “Phụ nữ với kinh tế tập thể” trên báo, đài địa phương", "Liên minh HTX tỉnh", "Báo và Đài Phát thanh - Truyền hình tỉnh",
		"Tuyên truyền", 2, [2]int{0, 2}, [2]int{0, 0}, 0, map[string]int64{"local_budget": 15_000_000}},
	{"legal_advice", "Tư vấn pháp lý, hướng dẫn thủ tục thành lập HTX cho nhóm phụ nữ", "Liên minh HTX tỉnh", "UBND cấp xã",
		"Tư vấn pháp lý", 2, [2]int{2, 5}, [2]int{15, 35}, 0.85, map[string]int64{"local_budget": 10_000_000}},
	{"trade_promotion", "Gian hàng sản phẩm HTX do phụ nữ quản lý tại Hội chợ OCOP", "Liên minh HTX tỉnh", "Sở Công Thương",
		"Xúc tiến", 1, [2]int{4, 10}, [2]int{20, 40}, 0.75, map[string]int64{"local_budget": 45_000_000, "mobilised": 25_000_000}},
	{coop.ActivityCapital, "Cho vay vốn Quỹ hỗ trợ phát triển HTX", "Quỹ hỗ trợ phát triển HTX", "",
		"vay vốn", 3, [2]int{1, 1}, [2]int{0, 0}, 0, nil},
}

var actLoanPurposes = []string{
	"Mua máy móc, thiết bị chế biến", "Đầu tư nhà xưởng, kho bảo quản", "Mở rộng vùng nguyên liệu",
	"Mua khung dệt và nguyên liệu sợi", "Xây dựng cửa hàng giới thiệu sản phẩm OCOP", "Đầu tư hệ thống tưới tiết kiệm",
}

// actTaskGroup is the plan task group an activity type belongs to.
func actTaskGroup(typ string) string {
	switch typ {
	case "communication_event", "press", "conference":
		return "communication"
	case "legal_advice", "founding_support":
		return "legal_founding"
	}
	return "consolidation"
}

// Activities loads, for every province and the centre, a believable set of
// support activities over 2023–2026 — trainings for women managers, forums,
// press columns, legal advice, trade fairs and loans from the Support Fund —
// reaching organisations of the province and linked to the plan task of the
// matching group when plans exist. It goes through the store, so rollups and
// audit are as for any write. It is idempotent: nothing is added once any
// activity exists.
func Activities(ctx context.Context, db *store.DB) error {
	actor := coop.System
	for _, archived := range []bool{false, true} {
		p, err := db.Activities(ctx, actor, store.ActivityFilter{Archived: archived, PerPage: 1})
		if err != nil {
			return err
		}
		if p.Total > 0 {
			return nil
		}
	}
	end := time.Now().In(time.FixedZone("ICT", 7*3600))
	if limit := time.Date(2026, 10, 31, 0, 0, 0, 0, end.Location()); end.After(limit) {
		end = limit
	}
	start := time.Date(2023, 3, 1, 0, 0, 0, 0, end.Location())
	for i, prov := range coop.Provinces() {
		r := rand.New(rand.NewPCG(DemoSeed, uint64(i+1)))
		orgs, tasks, err := actReach(ctx, db, prov.Code, prov.Code)
		if err != nil {
			return err
		}
		for _, s := range actSamples {
			for n := 0; n < s.perProvince; n++ {
				a := actMake(r, s, prov, start, end, orgs, tasks)
				if err := db.CreateActivity(ctx, actor, a); err != nil {
					return fmt.Errorf("demo: activity %q of %s: %w", a.Title, prov.Name, err)
				}
			}
		}
	}
	// The centre's own forums and press, reaching cooperatives anywhere.
	r := rand.New(rand.NewPCG(DemoSeed, 0))
	orgs, tasks, err := actReach(ctx, db, "", store.ProvinceCentral)
	if err != nil {
		return err
	}
	for _, s := range actSamples {
		if s.typ == "conference" || s.typ == "press" {
			s.organiser, s.title = "Liên minh HTX Việt Nam", strings.Replace(s.title, "báo, đài địa phương", "báo Việt Nam Hợp tác xã", 1)
			a := actMake(r, s, coop.Province{}, start, end, orgs, tasks)
			if err := db.CreateActivity(ctx, actor, a); err != nil {
				return fmt.Errorf("demo: central activity %q: %w", a.Title, err)
			}
		}
	}
	return nil
}

// actReach reads the organisations of the province (all when "") that
// activities may reach, and the tasks of the plan they may serve.
func actReach(ctx context.Context, db *store.DB, province, planProvince string) ([]*coop.Organisation, []store.PlanTask, error) {
	orgs, err := db.Organisations(ctx, coop.System, store.OrgFilter{Province: province, PerPage: 200})
	if err != nil {
		return nil, nil, err
	}
	tasks, _, err := db.PlanTasks(ctx, coop.System, store.TaskFilter{Province: planProvince, PerPage: 200})
	return orgs.Items, tasks, err
}

func actMake(r *rand.Rand, s actSample, prov coop.Province, start, end time.Time, orgs []*coop.Organisation, tasks []store.PlanTask) *coop.Activity {
	days := int(end.Sub(start).Hours() / 24)
	if days < 1 {
		days = 1
	}
	day := start.AddDate(0, 0, r.IntN(days))
	a := &coop.Activity{
		Type: s.typ, Title: s.title, Province: prov.Code, StartsOn: day.Format("2006-01-02"),
		Organiser: s.organiser, Partners: s.partners, Costs: []coop.Cost{}, Beneficiaries: []int64{},
	}
	if prov.Code != "" {
		a.Title += " " + strings.TrimPrefix(strings.TrimPrefix(prov.Name, "Tỉnh "), "Thành phố ")
		if a.Organiser == "Liên minh HTX tỉnh" {
			a.Organiser = "Liên minh HTX " + strings.ToLower(prov.Name[:1]) + prov.Name[1:]
		}
	}
	if s.typ == coop.ActivityTraining || s.typ == "conference" {
		a.EndsOn = day.AddDate(0, 0, 1).Format("2006-01-02")
	}
	if s.people[1] > 0 {
		a.ParticipantsTotal = int64(s.people[0] + r.IntN(s.people[1]-s.people[0]+1))
		a.ParticipantsFemale = int64(float64(a.ParticipantsTotal) * s.femaleShare)
	}
	for src, amt := range s.costs {
		a.Costs = append(a.Costs, coop.Cost{Source: src, Amount: amt * int64(60+r.IntN(81)) / 100 / 1_000_000 * 1_000_000})
	}
	switch s.typ {
	case coop.ActivityTraining:
		if s.femaleShare == 1 {
			a.TargetGroup, a.ManagersTrainedFemale = "female_managers", a.ParticipantsFemale
		} else {
			a.TargetGroup = "members_workers"
		}
	case coop.ActivityCapital:
		a.LoanFund = "provincial"
		if r.IntN(3) == 0 {
			a.LoanFund, a.Title = "central", a.Title+" trung ương"
		} else {
			a.Title += " tỉnh"
		}
		a.LoanAmount = int64(100+r.IntN(15)*50) * 1_000_000 // 100–800 million
		a.LoanTermMonths = int64(24 + 12*r.IntN(4))
		a.LoanPurpose = actLoanPurposes[r.IntN(len(actLoanPurposes))]
		a.LoanStatus = []string{"disbursed", "disbursed", "approved", "repaid"}[r.IntN(4)]
		a.JobsWomenHTX = int64(2 + r.IntN(10))
	case "trade_promotion":
		a.JobsWomenHTX, a.JobsWomenTHT = int64(r.IntN(8)), int64(r.IntN(12))
	}
	if n := s.reach[0] + r.IntN(s.reach[1]-s.reach[0]+1); n > 0 && len(orgs) > 0 {
		for _, k := range r.Perm(len(orgs)) {
			if len(a.Beneficiaries) == n {
				break
			}
			o := orgs[k]
			if s.typ == coop.ActivityCapital && o.Kind == coop.KindTHT {
				continue // the Fund lends to legal entities
			}
			a.Beneficiaries = append(a.Beneficiaries, o.ID)
		}
		if s.typ == coop.ActivityCapital && len(a.Beneficiaries) > 0 {
			if o := actOrgName(orgs, a.Beneficiaries[0]); o != "" {
				a.Title += " cho " + o
			}
		}
	}
	phase := "2023-2025"
	if a.StartsOn >= "2026-01-01" {
		phase = "2026-2030"
	}
	var fallback int64
	for _, t := range tasks {
		if t.Phase != phase || t.Group != actTaskGroup(s.typ) {
			continue
		}
		if strings.Contains(strings.ToLower(t.Title), strings.ToLower(s.taskWords)) {
			a.TaskID = t.ID
			break
		}
		if fallback == 0 {
			fallback = t.ID
		}
	}
	if a.TaskID == 0 {
		a.TaskID = fallback
	}
	return a
}

func actOrgName(orgs []*coop.Organisation, id int64) string {
	for _, o := range orgs {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}
