package store

import (
	"context"
	"fmt"

	"htxnu/internal/coop"
)

// orgIndex finds the organisations a file names (a beneficiary, a
// trainee's organisation): by registration number, else by name in a
// province, accents and case aside. Only organisations the actor may read
// are found.
type orgIndex struct {
	actor  coop.Actor
	byReg  map[string]existingOrg
	byName map[string][]int64
	names  map[int64]string
}

func (db *DB) loadOrgIndex(ctx context.Context, q queryer, actor coop.Actor) (*orgIndex, error) {
	x := &orgIndex{actor: actor, byReg: map[string]existingOrg{}, byName: map[string][]int64{}, names: map[int64]string{}}
	rows, err := q.QueryContext(ctx, `SELECT id, registration_no, name, province, archived FROM organisations`)
	if err != nil {
		return nil, fmt.Errorf("store: organisations index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e existingOrg
		var reg, name string
		if err := rows.Scan(&e.id, &reg, &name, &e.province, &e.archived); err != nil {
			return nil, err
		}
		if !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: e.province}) {
			continue
		}
		x.names[e.id] = name
		if reg != "" {
			x.byReg[reg] = e
		}
		if !e.archived {
			x.byName[nameKey(name, e.province)] = append(x.byName[nameKey(name, e.province)], e.id)
		}
	}
	return x, rows.Err()
}

// match returns the organisation named by its registration number reg, or
// by its name in province; msg says why none was found (empty when neither
// reg nor name is given, with id 0).
func (x *orgIndex) match(reg, name, province string) (id int64, orgProvince, msg string) {
	reg = coop.Clean(reg)
	switch {
	case reg != "":
		e, ok := x.byReg[reg]
		if !ok {
			return 0, "", fmt.Sprintf("Không có tổ chức mã số %s trong sổ đăng ký.", reg)
		}
		return e.id, e.province, ""
	case name == "":
		return 0, "", ""
	case province == "":
		return 0, "", fmt.Sprintf("Không tìm được tổ chức “%s” theo tên khi không có tỉnh: hãy điền Mã số HTX.", name)
	}
	switch ids := x.byName[nameKey(name, province)]; len(ids) {
	case 0:
		return 0, "", fmt.Sprintf("Không có tổ chức “%s” trong sổ đăng ký của %s: hãy kiểm tra tên hoặc điền Mã số HTX.", name, coop.ProvinceName(province))
	case 1:
		return ids[0], province, ""
	default:
		return 0, "", fmt.Sprintf("Có %d tổ chức cùng tên “%s” trong %s: hãy điền Mã số HTX để chọn đúng tổ chức.", len(ids), name, coop.ProvinceName(province))
	}
}
