package demo

import (
	"context"
	"fmt"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// obstacleSamples are believable obstacles, one for each state of the flow.
var obstacleSamples = []struct {
	status, category, policy, title, recommendation, answer string
	women                                                   int64
}{
	{coop.ObstacleReceived, "credit", "Nghị định 45/2021/NĐ-CP về Quỹ hỗ trợ phát triển HTX",
		"HTX do phụ nữ quản lý khó vay vốn Quỹ hỗ trợ phát triển HTX vì thiếu tài sản bảo đảm",
		"Đề nghị cho vay theo phương án sản xuất, bảo lãnh của Hội LHPN.", "", 35},
	{coop.ObstacleHandling, "land", "Luật Đất đai 2024",
		"Tổ hợp tác không thuê được đất công ích của xã để làm nhà xưởng",
		"Đề nghị UBND xã ưu tiên cho thuê đất công ích với tổ hợp tác do phụ nữ làm chủ.", "", 12},
	{coop.ObstacleEscalated, "training", "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
		"Nữ cán bộ quản lý HTX không được tham gia lớp đào tạo của chương trình mục tiêu quốc gia",
		"Đề nghị trung ương hướng dẫn lồng ghép đào tạo cán bộ HTX vào chương trình.", "", 20},
	{coop.ObstacleAnswered, "market", "Quyết định 148/QĐ-TTg về Chương trình OCOP",
		"Sản phẩm OCOP của HTX chưa được hỗ trợ tham gia hội chợ ngoài tỉnh",
		"Đề nghị hỗ trợ chi phí gian hàng tại hội chợ.", "Kinh phí xúc tiến thương mại được bố trí trong kế hoạch của Sở Công Thương; Liên minh HTX tỉnh lập danh sách gửi Sở.", 18},
	{coop.ObstacleClosed, "tax", "Luật Hợp tác xã 2023, Điều 21",
		"HTX chưa được hướng dẫn ưu đãi thuế thu nhập doanh nghiệp",
		"Đề nghị cơ quan thuế hướng dẫn.", "Cơ quan thuế tỉnh đã tổ chức tập huấn và hướng dẫn bằng văn bản.", 0},
}

// Journey4Title is the demonstration's obstacle of journey 4, escalated by
// Tuyên Quang and awaiting the centre's answer.
const Journey4Title = "Ba HTX không được hỗ trợ đóng bảo hiểm xã hội cho lao động nữ vì xã không công nhận hợp đồng"

// Obstacles gives every province obstacles in every state, linked to some
// of its cooperatives, and Tuyên Quang the obstacle of journey 4: three
// cooperatives whose female workers cannot get social-insurance support
// because the commune does not recognise their contracts, escalated to the
// centre. It is idempotent: a province that has obstacles is left as it is.
func Obstacles(ctx context.Context, db *store.DB) error {
	a := coop.System
	for _, p := range coop.Provinces() {
		raised, _, _, _, err := db.ObstacleCounts(ctx, a, p.Code, "", "")
		if err != nil {
			return err
		}
		if raised > 0 {
			continue
		}
		orgs, err := db.Organisations(ctx, a, store.OrgFilter{Province: p.Code, Kind: coop.KindHTX, PerPage: 6})
		if err != nil {
			return err
		}
		for j, s := range obstacleSamples {
			o := &coop.Obstacle{Province: p.Code, Category: s.category, Policy: s.policy, Title: s.title,
				Recommendation: s.recommendation, FemaleWorkersAffected: s.women,
				Description: "Liên minh HTX tỉnh ghi nhận qua đợt khảo sát các HTX, tổ hợp tác có phụ nữ tham gia quản lý."}
			if j < len(orgs.Items) {
				o.OrganisationIDs = []int64{orgs.Items[j].ID}
				o.RaisedByOrgID = orgs.Items[j].ID
			}
			if err := addObstacle(ctx, db, o, s.status, s.answer); err != nil {
				return err
			}
		}
		if p.Code == "08" {
			j4 := &coop.Obstacle{Province: "08", Category: "social_insurance", Policy: "Luật Bảo hiểm xã hội 2024; Nghị quyết hỗ trợ đóng BHXH của tỉnh",
				Title:                 Journey4Title,
				Description:           "UBND xã không xác nhận hợp đồng lao động giữa HTX và lao động nữ, nên lao động nữ không được hỗ trợ đóng bảo hiểm xã hội tự nguyện.",
				Recommendation:        "Đề nghị Liên minh HTX Việt Nam kiến nghị Bộ Nội vụ hướng dẫn việc xác nhận hợp đồng lao động của HTX.",
				FemaleWorkersAffected: 46}
			ban, err := db.Organisations(ctx, a, store.OrgFilter{Province: "08", Q: "ban lac", PerPage: 1})
			if err != nil {
				return err
			}
			for _, x := range append(ban.Items, orgs.Items...) {
				if len(j4.OrganisationIDs) < 3 && !containsID(j4.OrganisationIDs, x.ID) {
					j4.OrganisationIDs = append(j4.OrganisationIDs, x.ID)
				}
			}
			if err := addObstacle(ctx, db, j4, coop.ObstacleEscalated, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// addObstacle logs the obstacle and moves it to status along the flow.
func addObstacle(ctx context.Context, db *store.DB, o *coop.Obstacle, status, answer string) error {
	a := coop.System
	if err := db.CreateObstacle(ctx, a, o); err != nil {
		return fmt.Errorf("demo: obstacle %q: %w", o.Title, err)
	}
	var moves []coop.ObstacleMove
	switch status {
	case coop.ObstacleHandling:
		moves = []coop.ObstacleMove{{To: "handling", Comment: "Đã làm việc với các sở, ngành liên quan."}}
	case coop.ObstacleEscalated:
		moves = []coop.ObstacleMove{{To: "handling", Comment: "Đã làm việc với UBND xã."},
			{To: "escalated", Comment: "Vượt thẩm quyền giải quyết của tỉnh, đề nghị trung ương hướng dẫn."}}
	case coop.ObstacleAnswered:
		moves = []coop.ObstacleMove{{To: "handling"}, {To: "answered", Answer: answer}}
	case coop.ObstacleClosed:
		moves = []coop.ObstacleMove{{To: "handling"}, {To: "answered", Answer: answer}, {To: "closed", Comment: "HTX đã được hướng dẫn."}}
	}
	for _, m := range moves {
		if _, err := db.MoveObstacle(ctx, a, o.ID, 0, m); err != nil {
			return fmt.Errorf("demo: move obstacle %q to %s: %w", o.Title, m.To, err)
		}
	}
	return nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
