package web

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// VCA's standard table of collective economic organisations: for each
// province, the cooperatives (HTX) in total and by sector in VCA's order,
// those with women in management, the unions (LHHTX), the cooperative
// groups (THT), and the members and workers the registry holds. It is read
// from the registry's rollups (one grouped query per column), as of the
// dashboard's day.

// sectorCounts are the counts of one kind, or of HTX in one sector, by
// province.
type sectorCounts struct {
	byProvince map[string]store.Counts
	total      store.Counts
}

// dashSectors fills the sector table: one row per province (the whole
// country) or the province's row, with the totals.
func (s *Server) dashSectors(ctx context.Context, a coop.Actor, d *dashboard) error {
	f := d.Filter
	read := func(kind, sector string) (sectorCounts, error) {
		res, err := s.db.Counts(ctx, a, store.CountsFilter{Province: d.Province, Kind: kind, Sector: sector, Status: f.countsStatus(),
			AsOf: f.AsOf, GroupBy: "province", WIMRule: f.WIMRule})
		if err != nil {
			return sectorCounts{}, err
		}
		c := sectorCounts{byProvince: map[string]store.Counts{}, total: res.Total}
		for _, r := range res.Rows {
			c.byProvince[r.Key] = r
		}
		return c, nil
	}
	kinds := map[string]sectorCounts{}
	for _, k := range coop.Kinds {
		c, err := read(k.Code, "")
		if err != nil {
			return err
		}
		kinds[k.Code] = c
	}
	sectors := map[string]sectorCounts{}
	for _, sc := range coop.Sectors {
		c, err := read(coop.KindHTX, sc.Code)
		if err != nil {
			return err
		}
		sectors[sc.Code] = c
	}
	wim := ruleName(f.WIMRule)
	if f.WIMRule == "" {
		rules, err := s.db.ActiveRules(ctx)
		if err != nil {
			return err
		}
		wim = ruleName(rules[coop.FamilyWomenManaged])
	}
	t := sectorTableShape(d.ProvinceName)
	orgs := func(province string, kv ...string) string {
		if f.AsOf != "" {
			return "" // the registry list shows organisations as they are now
		}
		return link("/organisations", append([]string{"province", province, "status", f.countsStatus()}, kv...)...)
	}
	row := func(key, label string, pick func(sectorCounts) store.Counts) dashRow {
		htx, lh, tht := pick(kinds[coop.KindHTX]), pick(kinds[coop.KindLHHTX]), pick(kinds[coop.KindTHT])
		cells := []dashCell{textCell(label), countCell(htx.Organisations, orgs(key, "kind", coop.KindHTX))}
		for _, sc := range coop.Sectors {
			cells = append(cells, countCell(pick(sectors[sc.Code]).Organisations, orgs(key, "kind", coop.KindHTX, "sector", sc.Code)))
		}
		members, membersF := htx.MembersTotal+lh.MembersTotal+tht.MembersTotal, htx.MembersFemale+lh.MembersFemale+tht.MembersFemale
		workers, workersF := htx.WorkersTotal+lh.WorkersTotal+tht.WorkersTotal, htx.WorkersFemale+lh.WorkersFemale+tht.WorkersFemale
		cells = append(cells,
			countCell(htx.WomenManaged, orgs(key, "kind", coop.KindHTX, "women_managed", "1", "women_managed_rule", f.WIMRule)),
			countCell(lh.Organisations, orgs(key, "kind", coop.KindLHHTX)),
			countCell(tht.Organisations, orgs(key, "kind", coop.KindTHT)),
			countCell(tht.WomenManaged, orgs(key, "kind", coop.KindTHT, "women_managed", "1", "women_managed_rule", f.WIMRule)),
			sumCell(members, orgs(key), "members_total"), sumCell(membersF, orgs(key), "members_female"),
			sumCell(workers, orgs(key), "workers_total"), sumCell(workersF, orgs(key), "workers_female"))
		return dashRow{Key: key, Cells: cells}
	}
	provinces := coop.Provinces()
	for _, p := range provinces {
		if d.Province != "" && p.Code != d.Province {
			continue
		}
		code := p.Code
		t.Rows = append(t.Rows, row(code, p.Name, func(c sectorCounts) store.Counts { return c.byProvince[code] }))
	}
	total := row(d.Province, "Tổng cộng", func(c sectorCounts) store.Counts { return c.total })
	t.Total = &total
	day := "hiện nay"
	if f.AsOf != "" {
		day = "vào ngày " + coop.FormatDateVN(f.AsOf)
	}
	t.Note = fmt.Sprintf("Tổ chức %s %s theo sổ đăng ký (không kể tổ chức đã lưu trữ); HTX chia theo lĩnh vực theo thứ tự thống kê của Liên minh HTX Việt Nam. "+
		"Phụ nữ tham gia quản lý theo quy tắc %s. Thành viên và lao động theo số liệu lực lượng lao động mới nhất của từng tổ chức (HTX, liên hiệp HTX và tổ hợp tác). "+
		"Bảng không theo bộ lọc loại hình, lĩnh vực.", statusWords(f.countsStatus()), day, wim)
	d.Sectors = t
	return nil
}

// sectorTableShape is the sector table's title and columns.
func sectorTableShape(scope string) dashTable {
	t := dashTable{ID: "sectors", Title: "Tổ chức kinh tế tập thể theo lĩnh vực – " + scope,
		Columns: []dashColumn{{Key: "name", Label: "Tỉnh, thành phố"}, {Key: "htx", Label: "HTX: tổng số", Numeric: true}}}
	for _, sc := range coop.Sectors {
		t.Columns = append(t.Columns, dashColumn{Key: "htx_" + sc.Code, Label: "HTX " + sc.Label, Numeric: true})
	}
	t.Columns = append(t.Columns, numericColumns(
		"htx_wim", "HTX có phụ nữ tham gia quản lý", "lhhtx", "Liên hiệp HTX", "tht", "Tổ hợp tác",
		"tht_wim", "Tổ hợp tác có phụ nữ tham gia quản lý", "members_total", "Thành viên", "members_female", "Trong đó nữ",
		"workers_total", "Người lao động", "workers_female", "Trong đó nữ")...)
	return t
}

// statusWords says which organisations a status filter counts.
func statusWords(status string) string {
	switch status {
	case "":
		return "mọi tình trạng (đang hoạt động, tạm ngừng, đã giải thể)"
	case coop.StatusSuspended, coop.StatusDissolved:
		return strings.ToLower(coop.Statuses.Label(status))
	}
	return "đang hoạt động"
}
