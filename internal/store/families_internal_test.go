package store

import (
	"encoding/json"
	"testing"

	"htxnu/internal/coop"
)

// An organisation's save is of no family of figures when its phone
// number, address or version alone changed, in either shape its audit
// view is written (a map on a single save, orgAudit in an import).
func TestAuditFamilyOfAnOrganisationsSave(t *testing.T) {
	o := &coop.Organisation{Kind: coop.KindHTX, Name: `Hợp tác xã "Phone": Bản Lác`, Province: "08", Status: coop.StatusActive,
		Phone: "0912", Address: `Bản "Lác", xã \ Mai`, Version: 3,
		Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Lò Thị Phone", Sex: coop.SexFemale}}}
	views := map[string]func(o *coop.Organisation) any{
		"map":      func(o *coop.Organisation) any { return auditView(o) },
		"orgAudit": func(o *coop.Organisation) any { return orgAuditOf(o) },
	}
	for shape, view := range views {
		enc := func(o *coop.Organisation) string {
			b, err := json.Marshal(view(o))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		for _, c := range []struct {
			what   string
			change func(o *coop.Organisation)
			want   string
		}{
			{"the phone, the address and the version", func(o *coop.Organisation) { o.Phone, o.Address, o.Version = `09"99`, "Xã mới", 4 }, FamilyNone},
			{"nothing but the version", func(o *coop.Organisation) { o.Version = 4 }, FamilyNone},
			{"the name", func(o *coop.Organisation) { o.Name = "Hợp tác xã Bản Lác" }, FamilyRegistry},
			{"a manager's sex", func(o *coop.Organisation) {
				o.Positions = []coop.Position{{Role: coop.RoleDirector, Holder: "Lò Thị Phone", Sex: coop.SexMale}}
			}, FamilyRegistry},
			{"the status", func(o *coop.Organisation) { o.Status = coop.StatusDissolved }, FamilyRegistry},
			{"the archive flag", func(o *coop.Organisation) { o.Archived = true }, FamilyRegistry},
		} {
			next := *o
			c.change(&next)
			if got := auditFamily("organisation", enc(o), enc(&next)); got != c.want {
				t.Errorf("%s view, %s changed: family %q, want %q", shape, c.what, got, c.want)
			}
		}
		if got := auditFamily("organisation", "", enc(o)); got != FamilyRegistry {
			t.Errorf("%s view, an organisation created: family %q, want %q", shape, got, FamilyRegistry)
		}
	}
	for entity, want := range map[string]string{"activity": FamilyActivity, "report": FamilyReport, "obstacle": FamilyObstacle,
		"user": FamilyNone, "target_allocation": FamilyAll, "classification_rule": FamilyAll, "plan": FamilyAll} {
		if got := auditFamily(entity, "", "{}"); got != want {
			t.Errorf("an event of %s: family %q, want %q", entity, got, want)
		}
	}
}
