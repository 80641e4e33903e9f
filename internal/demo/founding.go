package demo

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// foundingGroups are believable founding groups; the commune is taken from
// the province's organisations when there are some.
var foundingGroups = []struct {
	name, kind string
	womenLed   bool
	members    int64
}{
	{"Nhóm phụ nữ trồng rau an toàn", coop.KindTHT, true, 7},
	{"Nhóm dệt thổ cẩm của hội viên phụ nữ", coop.KindHTX, true, 12},
	{"Nhóm chăn nuôi gà đồi", coop.KindTHT, false, 5},
	{"Nhóm chế biến nông sản do phụ nữ làm chủ", coop.KindHTX, true, 9},
	{"Nhóm làm du lịch cộng đồng", coop.KindHTX, true, 15},
	{"Nhóm đan lát mây tre", coop.KindTHT, true, 6},
}

// Founding gives every province founding cases at every stage: groups
// advised, a dossier under way, a group that stopped, and registrations
// linked to the province's women-managed cooperatives (as many as it has,
// up to two). It is idempotent: a province that has cases is left as it is.
func Founding(ctx context.Context, db *store.DB) error {
	a := coop.System
	for i, p := range coop.Provinces() {
		have, err := db.FoundingCounts(ctx, a, p.Code)
		if err != nil {
			return err
		}
		if have["total"] > 0 {
			continue
		}
		yes := true
		orgs, err := db.Organisations(ctx, a, store.OrgFilter{Province: p.Code, Kind: coop.KindHTX, WomenManaged: &yes, PerPage: 2})
		if err != nil {
			return err
		}
		stages := []string{coop.FoundingAdvised, coop.FoundingAdvised, coop.FoundingDossier, coop.FoundingDropped}
		for range orgs.Items {
			stages = append(stages, coop.FoundingRegistered)
		}
		reg := 0
		for j, stage := range stages {
			g := foundingGroups[(i+j)%len(foundingGroups)]
			c := &coop.FoundingCase{
				Province: p.Code, GroupName: g.name + " " + shortPlace(p.Name), Kind: g.kind, WomenLed: g.womenLed,
				MembersPlanned: g.members, ContactName: "Chị " + []string{"Hoàng Thị Thu", "Nguyễn Thị Hạnh", "Lò Thị Mai", "Trần Thị Lý"}[j%4],
				AdvisedOn: fmt.Sprintf("2025-%02d-%02d", 1+(i+j)%9, 2+j), Notes: "Được tư vấn tại hội nghị tuyên truyền Đề án 01.",
			}
			var org *coop.Organisation
			if stage == coop.FoundingRegistered {
				org = orgs.Items[reg]
				reg++
				c.Kind, c.WomenLed, c.GroupName, c.Commune = coop.KindHTX, true, "Nhóm sáng lập "+org.Name, org.Commune
			}
			if err := db.CreateFoundingCase(ctx, a, c); err != nil {
				return fmt.Errorf("demo: founding case %q: %w", c.GroupName, err)
			}
			var moves []coop.FoundingMove
			switch stage {
			case coop.FoundingDossier:
				moves = []coop.FoundingMove{{To: "dossier", On: shift(c.AdvisedOn, 1), Comment: "Đã hướng dẫn xây dựng điều lệ, phương án sản xuất."}}
			case coop.FoundingRegistered:
				moves = []coop.FoundingMove{{To: "dossier", On: shift(c.AdvisedOn, 1)},
					{To: "registered", On: shift(c.AdvisedOn, 3), OrganisationID: org.ID, Comment: "Đã được cấp giấy chứng nhận đăng ký."}}
			case coop.FoundingDropped:
				moves = []coop.FoundingMove{{To: "dropped", On: shift(c.AdvisedOn, 2), Reason: "Nhóm chưa đủ thành viên, tạm dừng để vận động thêm."}}
			}
			for _, m := range moves {
				if _, err := db.MoveFoundingCase(ctx, a, c.ID, 0, m); err != nil {
					return fmt.Errorf("demo: move %q to %s: %w", c.GroupName, m.To, err)
				}
			}
		}
	}
	return nil
}

// shift moves a YYYY-MM-DD date of 2025 months later (staying in the
// demo's past).
func shift(day string, months int) string {
	var y, m, d int
	fmt.Sscanf(day, "%d-%d-%d", &y, &m, &d)
	m += months
	for m > 12 {
		m -= 12
		y++
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// shortPlace drops "Tỉnh" or "Thành phố" from a province's name.
func shortPlace(name string) string {
	for _, p := range []string{"Tỉnh ", "Thành phố "} {
		name = strings.TrimPrefix(name, p)
	}
	return name
}
