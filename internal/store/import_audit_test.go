package store

import (
	"encoding/json"
	"testing"

	"htxnu/internal/coop"
)

// The audit event of an imported organisation reads as the one a form
// writes: orgAudit encodes as auditView does, byte for byte.
func TestOrgAuditEncodesAsAuditView(t *testing.T) {
	o := &coop.Organisation{ID: 7, Kind: coop.KindHTX, Name: `HTX "Bản Lác" <Mai Châu> & Co`, RegistrationNo: "5100123456", Sector: "agriculture",
		Governance: coop.GovernanceFull, Province: "08", Commune: "Xã Bản Lác", Address: "Thôn 1", FoundedOn: "2019-03-01", Status: coop.StatusActive,
		ParentID: 3, Phone: "0912 345 678", Version: 4, Archived: true, Flags: coop.Flags{WIMDefault: true, HFLShare50: true},
		Positions: []coop.Position{{ID: 1, Role: coop.RoleDirector, Holder: "Hoàng Thị Lan", Sex: coop.SexFemale, From: "2019-03-01"}},
		Snapshots: []coop.Snapshot{{ID: 2, AsOf: "2025-12-31", MembersTotal: 20, MembersFemale: 12}},
		Products:  []coop.Product{{ID: 5, Name: "Chè Shan tuyết", Group: "food", Stars: 4}}}
	for _, o := range []*coop.Organisation{o, {Name: "Trống"}} {
		want, err := json.Marshal(auditView(o))
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(orgAuditOf(o))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("orgAudit\n%s\nauditView\n%s", got, want)
		}
	}
}
