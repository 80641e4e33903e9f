package xlsx

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
)

func benchFile(b *testing.B, n int) []byte {
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, XLSX, OrganisationColumns(), Options{})
	for i := 0; i < n; i++ {
		o := &coop.Organisation{Kind: coop.KindHTX, Name: fmt.Sprintf("Hợp tác xã số %d", i), RegistrationNo: fmt.Sprintf("99%08d", i),
			Sector: "agriculture", Governance: coop.GovernanceFull, Province: "08", Status: coop.StatusActive, FoundedOn: "2019-03-15",
			Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Nguyễn Thị Hoa", Sex: coop.SexFemale}},
			Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 20, MembersFemale: 12, WorkersTotal: 30, WorkersFemale: 18}}}
		w.Row(OrganisationValues(o, "2026-01-01")...)
	}
	w.Close()
	return buf.Bytes()
}

func BenchmarkReadExcelizeAlone(b *testing.B) {
	file := benchFile(b, 5000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, _ := excelize.OpenReader(bytes.NewReader(file))
		rows, _ := f.Rows(SheetData)
		for rows.Next() {
			rows.Columns()
		}
		f.Close()
	}
}

func BenchmarkReadOrganisations(b *testing.B) {
	file := benchFile(b, 5000)
	cols := OrganisationFields()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Read("a.xlsx", file, cols, func(r Row) error { DecodeOrganisation(r); return nil })
	}
}
