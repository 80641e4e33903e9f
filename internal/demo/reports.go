package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// The demonstration's reports, as they would stand in late November 2026:
// the 2025 annual reports (most approved, on time or late, one returned and
// corrected, a few never sent), the phase 2023–2025 reviews of some
// provinces, the 2026 six-monthly reports in every state — Tuyên Quang's
// returned with the centre's comment on its jobs figure, so journey 5 can
// be played (with the activities behind that figure, the same jobs
// recorded twice) — and VCA's national reports. Each step is taken through the
// store at the date it happened (store.DB.AsOf), so deadlines, timeliness,
// versions, comments and the audit trail are as real ones.

// Journey5Comment is the centre's comment on Tuyên Quang's 2026
// six-monthly jobs figure.
const Journey5Comment = "Số việc làm tạo ra có vẻ bị tính trùng"

// demoReviewer is the central officer who reviews the demo's reports (the
// demo central account's name).
var demoReviewer = coop.Actor{Name: "Trần Thị Thu (Ban Chính sách)", Role: coop.RoleCentral}

// demoLeads are the leaders of the provincial alliances who sign reports.
var demoLeads = []string{"Nguyễn Văn Hùng", "Lê Thị Thanh Hà", "Hoàng Văn Minh", "Phạm Thị Hồng", "Trần Quốc Toản", "Vũ Thị Mai Anh",
	"Đặng Văn Lâm", "Bùi Thị Ngọc", "Lò Văn Pánh", "Đinh Thị Hoa", "Ngô Minh Tuấn", "Hà Thị Liên"}

// demoOfficers are the provincial officers who draft them.
var demoOfficers = []string{"Nguyễn Thị Lan", "Trần Thị Hằng", "Ma Thị Hương", "Lê Thị Thúy", "Phan Thị Yến", "Đỗ Thị Nga"}

// reportPlan is what happens to one report: when it is opened and sent
// (days after its deadline; negative is early), whether the centre returns
// it (and with which comment), and how it ends.
type reportPlan struct {
	sent      int  // days after the deadline the lead submits it; 999: never
	returned  bool // the centre returns it once
	resubmit  bool // …and the province answers and sends it again
	approve   bool
	draftOnly bool // opened, partly written, never sent
	comment   demoComment
}

type demoComment struct {
	anchor, key, body string
}

var demoComments = []demoComment{
	{coop.AnchorFigure, "training.managers_trained_female", "Số cán bộ quản lý nữ được đào tạo cao hơn số nữ quản lý HTX trong sổ đăng ký, đề nghị rà soát lại danh sách học viên."},
	{coop.AnchorSection, coop.SectionDifficulties, "Đề nghị nêu cụ thể những chính sách HTX chưa tiếp cận được và số HTX, lao động nữ bị ảnh hưởng."},
	{coop.AnchorFigure, "loans.amount", "Số tiền vay chênh lệch với báo cáo của Quỹ hỗ trợ phát triển HTX tỉnh, đề nghị đối chiếu."},
	{coop.AnchorSection, coop.SectionResults, "Đề nghị bổ sung kết quả hỗ trợ thành lập mới HTX do phụ nữ làm chủ trong kỳ."},
}

// Reports loads the demonstration's reports. It is idempotent: nothing is
// added once any report exists.
func Reports(ctx context.Context, db *store.DB) error {
	if done, err := anyReport(ctx, db); done || err != nil {
		return err
	}
	if err := journey5Activities(ctx, db); err != nil {
		return err
	}
	// The registry and the activities were just loaded in bulk: give the
	// planner its statistics before compiling a hundred reports.
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	provinces := coop.Provinces()
	annual := coop.Period{Kind: coop.ReportAnnual, Year: 2025}
	phase := coop.Period{Kind: coop.ReportPhase, Phase: "2023-2025"}
	six := coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}
	for i, p := range provinces {
		// The 2025 annual reports.
		if err := demoReport(ctx, db, i, p, annual, annualPlan(i)); err != nil {
			return err
		}
		// The phase 2023–2025 review: a third approved, some still waiting.
		var err error
		switch {
		case i%3 == 0:
			err = demoReport(ctx, db, i, p, phase, reportPlan{sent: i % 4, approve: true})
		case i%3 == 1 && i < 17:
			err = demoReport(ctx, db, i, p, phase, reportPlan{sent: 5 + i%7})
		}
		if err != nil {
			return err
		}
		// The 2026 six-monthly reports in every state.
		plan := sixMonthlyPlan(i)
		if p.Code == "08" {
			plan = reportPlan{sent: -1, returned: true, comment: demoComment{coop.AnchorFigure, "jobs.htx", Journey5Comment}}
		}
		if err := demoReport(ctx, db, i, p, six, plan); err != nil {
			return err
		}
	}
	return demoNational(ctx, db, annual, six)
}

// anyReport reports whether any report exists: the reports are loaded
// once.
func anyReport(ctx context.Context, db *store.DB) (bool, error) {
	have, err := db.Reports(ctx, coop.System, store.ReportFilter{PerPage: 1})
	return err == nil && have.Total > 0, err
}

// annualPlan is the fate of the i-th province's 2025 annual report: most
// approved, some late, one corrected, three never sent.
func annualPlan(i int) reportPlan {
	switch i % 10 {
	case 6, 7:
		return reportPlan{sent: 3 + i%9, approve: true}
	case 8:
		return reportPlan{sent: 0, returned: true, resubmit: true, approve: true, comment: demoComments[3]}
	case 9:
		return reportPlan{sent: 999}
	}
	return reportPlan{sent: -(i % 3), approve: true}
}

// sixMonthlyPlan is the fate of the i-th province's 2026 six-monthly
// report, in every state in turn.
func sixMonthlyPlan(i int) reportPlan {
	return []reportPlan{
		{sent: -1, approve: true},
		{sent: 4 + i%5, approve: true},
		{sent: 0},
		{sent: -2, approve: true},
		{sent: 0, returned: true, comment: demoComments[i%3]},
		{sent: 999, draftOnly: true},
		{sent: 999},
		{sent: 1, returned: true, resubmit: true, approve: true, comment: demoComments[(i+1)%3]},
		{sent: 120 + i},
	}[i%9]
}

// at is a moment in Vietnam time, days after the date.
func at(date string, days, hour int) time.Time {
	t, err := time.ParseInLocation("2006-01-02", date, time.FixedZone("ICT", 7*3600))
	if err != nil {
		panic(err)
	}
	return t.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour)
}

// demoReport opens, writes and moves one province's report along its plan.
func demoReport(ctx context.Context, db *store.DB, i int, p coop.Province, period coop.Period, plan reportPlan) error {
	if plan.sent == 999 && !plan.draftOnly {
		return nil // never opened
	}
	place := shortPlace(p.Name)
	officer := coop.Actor{Name: demoOfficers[i%len(demoOfficers)], Role: coop.RoleProvincial, Province: p.Code}
	lead := coop.Actor{Name: demoLeads[i%len(demoLeads)], Role: coop.RoleProvincialLead, Province: p.Code}
	if p.Code == "08" {
		officer.Name, lead.Name = "Ma Thị Hương", "Hoàng Văn Minh"
	}
	_, to := period.Window(coop.ConventionDecree09)
	r := &coop.Report{Province: p.Code, Period: period}
	if err := db.AsOf(at(to, -4, 9)).CreateReport(ctx, officer, r); err != nil {
		return fmt.Errorf("demo: open %s of %s: %w", period.Name(""), p.Name, err)
	}
	c, err := db.CompileReport(ctx, coop.System, p.Code, r.WindowFrom, r.WindowTo)
	if err != nil {
		return err
	}
	narrative := demoNarrative(period, p, figureValues(c.Figures))
	if plan.draftOnly {
		narrative = coop.Narrative{coop.SectionResults: narrative[coop.SectionResults]}
	}
	meta := coop.ReportMeta{Number: fmt.Sprintf("%d/BC-LMHTX", 40+i*3+len(period.Key(""))), Place: place,
		SignerName: lead.Name, SignerTitle: "CHỦ TỊCH",
		Recipients: []string{"Liên minh HTX Việt Nam (để báo cáo)", "UBND " + coop.Whose(p.Code) + " (để báo cáo)", "Hội LHPN " + coop.Whose(p.Code), "Lưu: VT, KT."}}
	up, err := db.AsOf(at(to, -2, 15)).UpdateReport(ctx, officer, r.ID, r.RowVersion, store.ReportEdit{Narrative: narrative, Meta: &meta})
	if err != nil {
		return fmt.Errorf("demo: write %s of %s: %w", period.Name(""), p.Name, err)
	}
	if plan.draftOnly {
		return nil
	}
	day := at(r.Deadline, plan.sent, 10)
	if _, err := db.AsOf(day).SubmitReport(ctx, lead, r.ID, up.RowVersion); err != nil {
		return fmt.Errorf("demo: submit %s of %s: %w", period.Name(""), p.Name, err)
	}
	if plan.returned {
		day = day.AddDate(0, 0, 4)
		cm := &coop.ReportComment{AnchorKind: plan.comment.anchor, AnchorKey: plan.comment.key, Body: plan.comment.body}
		if err := db.AsOf(day).CommentReport(ctx, demoReviewer, r.ID, cm); err != nil {
			return fmt.Errorf("demo: comment on %s of %s: %w", period.Name(""), p.Name, err)
		}
		ret, err := db.AsOf(day.Add(30*time.Minute)).ReturnReport(ctx, demoReviewer, r.ID, 0, "")
		if err != nil {
			return err
		}
		if plan.resubmit {
			day = day.AddDate(0, 0, 3)
			if _, err := db.AsOf(day).ReplyReport(ctx, officer, r.ID, cm.ID, demoReply(plan.comment)); err != nil {
				return err
			}
			narrative[coop.SectionResults] += "\nBổ sung theo góp ý của Liên minh HTX Việt Nam: đã rà soát, đối chiếu số liệu với các sở, ngành và Hội LHPN " + coop.Whose(p.Code) + "."
			if _, err := db.AsOf(day).UpdateReport(ctx, officer, r.ID, ret.RowVersion, store.ReportEdit{Narrative: narrative}); err != nil {
				return err
			}
			if _, err := db.AsOf(day.Add(2*time.Hour)).ResubmitReport(ctx, lead, r.ID, 0); err != nil {
				return err
			}
		}
	}
	if plan.approve {
		if _, err := db.AsOf(day.AddDate(0, 0, 5)).ApproveReport(ctx, demoReviewer, r.ID, 0); err != nil {
			return fmt.Errorf("demo: approve %s of %s: %w", period.Name(""), p.Name, err)
		}
	}
	return nil
}

func demoReply(c demoComment) string {
	switch c.key {
	case "training.managers_trained_female":
		return "Tỉnh đã rà soát: một số học viên tham dự hai lớp, đã điều chỉnh danh sách."
	case "loans.amount":
		return "Đã đối chiếu với Quỹ hỗ trợ phát triển HTX tỉnh, số liệu khớp sau khi cập nhật khoản giải ngân cuối kỳ."
	}
	return "Tỉnh đã bổ sung nội dung theo góp ý."
}

// figureValues returns the effective value of each figure by key.
func figureValues(figs []coop.Figure) map[string]int64 {
	out := map[string]int64{}
	for _, f := range figs {
		out[f.Key] = f.Effective()
	}
	return out
}

// demoNarrative writes a province's report from its figures, mentioning
// only what happened.
func demoNarrative(period coop.Period, p coop.Province, v map[string]int64) coop.Narrative {
	n := coop.FormatInt
	whose, unit := coop.Whose(p.Code), "tỉnh"
	if p.Kind == "city" {
		unit = "thành phố"
	}
	when := "Trong " + period.Label()
	if period.Kind == coop.ReportPhase {
		when = "Trong " + period.Label() + ", giai đoạn đầu thực hiện Đề án 01"
	}
	var lines []string
	if v["activities.total.count"] > 0 {
		lines = append(lines, fmt.Sprintf("%s, Liên minh HTX %s phối hợp với Hội LHPN cùng cấp triển khai %s hoạt động hỗ trợ, thu hút %s lượt người tham dự, trong đó %s lượt là nữ; %s HTX, tổ hợp tác được hỗ trợ.",
			when, whose, n(v["activities.total.count"]), n(v["activities.total.participants_total"]), n(v["activities.total.participants_female"]),
			n(v["activities.total.organisations"])))
	} else {
		lines = append(lines, fmt.Sprintf("%s, Liên minh HTX %s tập trung rà soát, cập nhật thông tin HTX, tổ hợp tác do phụ nữ tham gia quản lý vào hệ thống; các hoạt động hỗ trợ theo kế hoạch được bố trí vào kỳ tới.", when, whose))
	}
	if v["training.courses"] > 0 {
		lines = append(lines, fmt.Sprintf("Tổ chức %s lớp đào tạo, bồi dưỡng cho %s học viên; %s lượt cán bộ quản lý nữ của HTX được bồi dưỡng kiến thức quản trị, điều hành.",
			n(v["training.courses"]), n(v["training.participants_total"]), n(v["training.managers_trained_female"])))
	}
	if v["loans.count"] > 0 {
		lines = append(lines, fmt.Sprintf("Quỹ hỗ trợ phát triển HTX cho vay %s khoản với tổng số tiền %s đồng đối với HTX do phụ nữ tham gia quản lý.",
			n(v["loans.count"]), n(v["loans.amount"])))
	}
	if v["jobs.htx"]+v["jobs.tht"] > 0 {
		lines = append(lines, fmt.Sprintf("Các hoạt động hỗ trợ đã tạo thêm %s việc làm cho lao động nữ trong HTX và %s việc làm trong tổ hợp tác.", n(v["jobs.htx"]), n(v["jobs.tht"])))
	}
	registry := fmt.Sprintf("Toàn %s hiện có %s HTX đang hoạt động, trong đó %s HTX có phụ nữ tham gia quản lý", unit, n(v["registry.HTX.orgs"]), n(v["registry.HTX.women_managed"]))
	if v["founding.advised"] > 0 {
		registry += fmt.Sprintf("; %s nhóm được tư vấn thành lập mới trong kỳ", n(v["founding.advised"]))
	}
	lines = append(lines, registry+".")
	return coop.Narrative{
		coop.SectionResults: strings.Join(lines, "\n"),
		coop.SectionDifficulties: "Nhiều HTX do phụ nữ quản lý có quy mô nhỏ, thiếu tài sản bảo đảm nên khó tiếp cận vốn vay của Quỹ hỗ trợ phát triển HTX và các tổ chức tín dụng.\n" +
			"Việc xác nhận hợp đồng lao động của HTX để lao động nữ được hỗ trợ đóng bảo hiểm xã hội ở một số xã còn chậm.\n" +
			"Kinh phí địa phương bố trí cho Đề án còn hạn chế so với nhu cầu; cán bộ theo dõi kinh tế tập thể ở cấp xã còn kiêm nhiệm.",
		coop.SectionRecommendations: "Đề nghị Liên minh HTX Việt Nam tiếp tục bố trí nguồn vốn Quỹ hỗ trợ phát triển HTX trung ương cho HTX do phụ nữ quản lý và hướng dẫn lồng ghép nội dung Đề án vào các chương trình mục tiêu quốc gia.\n" +
			"Đề nghị UBND " + whose + " bổ sung kinh phí để tổ chức các lớp bồi dưỡng cán bộ quản lý nữ và xúc tiến thương mại cho sản phẩm OCOP của HTX.",
		coop.SectionNextTasks: "Tiếp tục tuyên truyền, vận động phụ nữ tham gia thành lập HTX, tổ hợp tác; tư vấn thành lập mới HTX do phụ nữ làm chủ.\n" +
			"Tổ chức lớp bồi dưỡng kỹ năng quản trị, chuyển đổi số cho cán bộ quản lý nữ; hỗ trợ HTX tham gia hội chợ, kết nối tiêu thụ sản phẩm OCOP.\n" +
			"Phối hợp với Hội LHPN " + whose + " rà soát, cập nhật số liệu HTX do phụ nữ tham gia quản lý vào hệ thống.",
	}
}

// journey5Activities records what Tuyên Quang did in the first half of
// 2026: a training, the OCOP fair and the sales agreements that followed
// it — whose jobs were recorded a second time, the double count the centre
// spots in journey 5.
func journey5Activities(ctx context.Context, db *store.DB) error {
	orgs, err := db.Organisations(ctx, coop.System, store.OrgFilter{Province: "08", Kind: coop.KindHTX, PerPage: 12})
	if err != nil || orgs.Total == 0 {
		return err
	}
	ids := func(n int) []int64 {
		var out []int64
		for _, o := range orgs.Items {
			if len(out) < n {
				out = append(out, o.ID)
			}
		}
		return out
	}
	for _, a := range []*coop.Activity{
		{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị, điều hành HTX cho cán bộ quản lý nữ tỉnh Tuyên Quang năm 2026",
			StartsOn: "2026-03-17", EndsOn: "2026-03-18", Organiser: "Liên minh HTX tỉnh Tuyên Quang", Partners: "Hội LHPN tỉnh Tuyên Quang",
			ParticipantsTotal: 38, ParticipantsFemale: 38, TargetGroup: "female_managers", ManagersTrainedFemale: 38, Beneficiaries: ids(12),
			Costs: []coop.Cost{{Source: "local_budget", Amount: 55_000_000}, {Source: "support_fund", Amount: 15_000_000}}},
		{Type: "trade_promotion", Title: "Gian hàng HTX do phụ nữ quản lý tại Hội chợ OCOP tỉnh Tuyên Quang 2026",
			StartsOn: "2026-04-11", EndsOn: "2026-04-14", Organiser: "Liên minh HTX tỉnh Tuyên Quang", Partners: "Sở Công Thương",
			ParticipantsTotal: 30, ParticipantsFemale: 24, JobsWomenHTX: 25, JobsWomenTHT: 10, Beneficiaries: ids(6),
			Costs: []coop.Cost{{Source: "local_budget", Amount: 48_000_000}, {Source: "mobilised", Amount: 20_000_000}}},
		{Type: "market_linkage", Title: "Kết nối tiêu thụ thổ cẩm, chè Shan tuyết với doanh nghiệp sau Hội chợ OCOP",
			StartsOn: "2026-05-20", Organiser: "Liên minh HTX tỉnh Tuyên Quang", Partners: "Doanh nghiệp bao tiêu sản phẩm",
			ParticipantsTotal: 16, ParticipantsFemale: 12, JobsWomenHTX: 25, Beneficiaries: ids(4),
			Notes: "Việc làm cho lao động nữ từ các hợp đồng tiêu thụ ký tại hội chợ.",
			Costs: []coop.Cost{{Source: "local_budget", Amount: 12_000_000}}},
	} {
		a.Province = "08"
		if err := db.AsOf(at(a.StartsOn, 2, 9)).CreateActivity(ctx, coop.System, a); err != nil {
			return fmt.Errorf("demo: activity %q: %w", a.Title, err)
		}
	}
	return nil
}

// demoNational opens VCA's national reports: the 2025 annual report issued
// in January 2026, and the 2026 six-monthly report in draft.
func demoNational(ctx context.Context, db *store.DB, annual, six coop.Period) error {
	meta := coop.ReportMeta{Number: "15/BC-LMHTX", Place: "Hà Nội", SignerName: "Nguyễn Ngọc Bảo", SignerTitle: "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
		Recipients: []string{"Thủ tướng Chính phủ (để báo cáo)", "Trung ương Hội LHPN Việt Nam", "Các Liên minh HTX tỉnh, thành phố", "Lưu: VT, Ban CS-PT."}}
	nat := &coop.Report{Period: annual}
	if err := db.AsOf(at("2025-12-22", 0, 9)).CreateReport(ctx, demoReviewer, nat); err != nil {
		return fmt.Errorf("demo: national report: %w", err)
	}
	text := coop.Narrative{
		coop.SectionResults: "Năm 2025, năm cuối giai đoạn 1 của Đề án 01, Liên minh HTX Việt Nam và Liên minh HTX 34 tỉnh, thành phố đã phối hợp với Hội LHPN các cấp triển khai đồng bộ ba nhiệm vụ được giao: tuyên truyền, vận động; tư vấn pháp lý, hỗ trợ thành lập mới; củng cố, nâng cao chất lượng hoạt động của HTX do phụ nữ tham gia quản lý.\n" +
			"Số liệu tổng hợp từ báo cáo đã phê duyệt của các tỉnh và số liệu trực tiếp của các tỉnh chưa có báo cáo được nêu tại bảng tổng hợp kèm theo.",
		coop.SectionDifficulties:    "Một số tỉnh gửi báo cáo chậm so với thời hạn; nguồn lực cho Đề án ở nhiều địa phương còn hạn chế; HTX do phụ nữ quản lý còn khó khăn trong tiếp cận vốn và thị trường.",
		coop.SectionRecommendations: "Đề nghị Chính phủ tiếp tục bố trí vốn cho Quỹ hỗ trợ phát triển HTX; đề nghị các bộ, ngành hướng dẫn lồng ghép nội dung Đề án vào các chương trình mục tiêu quốc gia giai đoạn 2026–2030.",
		coop.SectionNextTasks:       "Xây dựng kế hoạch thực hiện giai đoạn 2026–2030; giao chỉ tiêu cho các tỉnh; tổ chức sơ kết giai đoạn 2023–2025 của Đề án.",
	}
	up, err := db.AsOf(at("2026-01-12", 0, 14)).UpdateReport(ctx, demoReviewer, nat.ID, nat.RowVersion, store.ReportEdit{Narrative: text, Meta: &meta})
	if err != nil {
		return err
	}
	if _, err := db.AsOf(at("2026-01-20", 0, 10)).ApproveReport(ctx, demoReviewer, up.ID, up.RowVersion); err != nil {
		return fmt.Errorf("demo: issue the national report: %w", err)
	}
	draft := &coop.Report{Period: six}
	if err := db.AsOf(at("2026-07-01", 0, 9)).CreateReport(ctx, demoReviewer, draft); err != nil {
		return err
	}
	_, err = db.AsOf(at("2026-07-06", 0, 16)).UpdateReport(ctx, demoReviewer, draft.ID, draft.RowVersion, store.ReportEdit{
		Narrative: coop.Narrative{coop.SectionResults: "Sáu tháng đầu năm 2026, năm đầu giai đoạn 2 của Đề án 01, Liên minh HTX các tỉnh, thành phố đã triển khai kế hoạch giai đoạn 2026–2030, tập trung tư vấn thành lập mới và củng cố HTX do phụ nữ tham gia quản lý."},
		Meta:      &coop.ReportMeta{Number: "", Place: "Hà Nội", Recipients: []string{"Thủ tướng Chính phủ (để báo cáo)", "Lưu: VT, Ban CS-PT."}}})
	return err
}
