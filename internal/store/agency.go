package store

import (
	"bytes"
	"context"
	"sort"
	"strings"

	"htxnu/internal/coop"
)

// Agency kinds: who holds accounts.
const (
	AgencyVCACentral            = "vca_central"
	AgencyVCADepartment         = "vca_department"
	AgencyProvincialAlliance    = "provincial_alliance"
	AgencyWomensUnionCentral    = "womens_union_central"
	AgencyWomensUnionProvincial = "womens_union_provincial"
	AgencyPartner               = "partner"
)

// AgencyKinds lists the agency kinds in display order, with their
// Vietnamese names.
var AgencyKinds = coop.CodeList{
	{Code: AgencyVCACentral, Label: "Liên minh HTX Việt Nam"},
	{Code: AgencyVCADepartment, Label: "Ban, đơn vị của Liên minh HTX Việt Nam"},
	{Code: AgencyProvincialAlliance, Label: "Liên minh HTX tỉnh, thành phố"},
	{Code: AgencyWomensUnionCentral, Label: "Trung ương Hội LHPN Việt Nam"},
	{Code: AgencyWomensUnionProvincial, Label: "Hội LHPN tỉnh, thành phố"},
	{Code: AgencyPartner, Label: "Cơ quan phối hợp khác"},
}

// Agency is an organisation whose staff hold accounts: the Alliance, its
// departments, the provincial alliances, the Women's Union and partners.
type Agency struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Province string `json:"province"` // empty for national agencies
}

// Agencies returns every agency: the Alliance and its departments first,
// then provincial alliances by province code, then the Women's Union and
// partners.
func (db *DB) Agencies(ctx context.Context) ([]Agency, error) {
	out, err := queryAll(ctx, db, "agencies", `SELECT id, name, kind, province FROM agencies`, nil, func(s scanner) (a Agency, err error) {
		err = s.Scan(&a.ID, &a.Name, &a.Kind, &a.Province)
		return
	})
	if err != nil {
		return nil, err
	}
	rank := func(kind string) int {
		for i, k := range AgencyKinds {
			if k.Code == kind {
				return i
			}
		}
		return len(AgencyKinds)
	}
	keys := coop.NewSortKeyer()
	sortKey := make(map[int64][]byte, len(out))
	for _, a := range out {
		sortKey[a.ID] = keys.Key(a.Name)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := rank(a.Kind), rank(b.Kind); ra != rb {
			return ra < rb
		}
		if a.Province != b.Province {
			return a.Province < b.Province
		}
		if c := bytes.Compare(sortKey[a.ID], sortKey[b.ID]); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	})
	return out, nil
}

// SeedAgencies loads the standard agencies: the Alliance, its departments,
// the 34 provincial alliances, the Women's Union centre and its 34
// provincial unions. It is idempotent and keeps agencies added by hand.
func (db *DB) SeedAgencies(ctx context.Context) error {
	var rows [][]any
	for _, a := range standardAgencies() {
		rows = append(rows, []any{a.Name, a.Kind, a.Province})
	}
	return db.seed(ctx, []seedRows{{"agencies", `INSERT INTO agencies (name, kind, province) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, province = excluded.province`, rows}})
}

func standardAgencies() []Agency {
	out := []Agency{{Name: "Liên minh Hợp tác xã Việt Nam", Kind: AgencyVCACentral}}
	for _, d := range []string{"Ban Tổ chức - Kiểm tra", "Ban Chính sách - Phát triển", "Ban Tuyên truyền", "Ban Hợp tác quốc tế"} {
		out = append(out, Agency{Name: d, Kind: AgencyVCADepartment})
	}
	provinces := coop.Provinces()
	for _, p := range provinces {
		out = append(out, Agency{Name: "Liên minh Hợp tác xã " + shortProvinceName(p.Name), Kind: AgencyProvincialAlliance, Province: p.Code})
	}
	out = append(out, Agency{Name: "Trung ương Hội Liên hiệp Phụ nữ Việt Nam", Kind: AgencyWomensUnionCentral})
	for _, p := range provinces {
		out = append(out, Agency{Name: "Hội Liên hiệp Phụ nữ " + shortProvinceName(p.Name), Kind: AgencyWomensUnionProvincial, Province: p.Code})
	}
	return out
}

// shortProvinceName drops "Tỉnh " or "Thành phố " from a province's name.
func shortProvinceName(name string) string {
	for _, prefix := range []string{"Tỉnh ", "Thành phố "} {
		if s, ok := strings.CutPrefix(name, prefix); ok {
			return s
		}
	}
	return name
}
