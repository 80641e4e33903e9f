package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// TestEachMatchesTheList: the downloads read the activities and the audit
// trail batch after batch; they must return exactly the rows the lists
// return, in the same order, for the same filters and actor.
func TestEachMatchesTheList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tq := actOrg(t, db, "Hợp tác xã Chè Shan tuyết Bản Phố", "08")
		hn := actOrg(t, db, "Hợp tác xã Dệt lụa Vạn Phúc", "01")
		officer := coop.Actor{UserID: 7, Name: "Cán bộ Tuyên Quang", Role: coop.RoleProvincial, Province: "08"}
		hanoi := coop.Actor{UserID: 8, Name: "Cán bộ Hà Nội", Role: coop.RoleProvincial, Province: "01"}
		central := coop.Actor{UserID: 9, Name: "Cán bộ TW", Role: coop.RoleCentral}
		admin := coop.Actor{UserID: 10, Name: "Quản trị", Role: coop.RoleAdmin}
		// Seventeen activities over five days (several on one day, so the
		// order by id within a day counts), in two provinces and the centre.
		for i := range 17 {
			a := actTraining("08", tq)
			actor := officer
			switch i % 3 {
			case 1:
				a.Province, a.Beneficiaries, actor = "01", []int64{hn}, hanoi
			case 2:
				a.Province, a.Beneficiaries, actor = "", []int64{tq, hn}, central
				a.Type, a.TargetGroup, a.ManagersTrainedFemale = "conference", "", 0
			}
			a.Title = fmt.Sprintf("Hoạt động số %d", i)
			a.StartsOn, a.EndsOn = fmt.Sprintf("2025-03-%02d", 10+i%5), ""
			if err := db.CreateActivity(ctx, actor, a); err != nil {
				t.Fatal(err)
			}
		}
		list := func(actor coop.Actor, f store.ActivityFilter) []int64 {
			var ids []int64
			f.PerPage = 4
			for f.Page = 1; ; f.Page++ {
				p, err := db.Activities(ctx, actor, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range p.Items {
					ids = append(ids, a.ID)
				}
				if f.Page*p.PerPage >= p.Total {
					return ids
				}
			}
		}
		each := func(actor coop.Actor, f store.ActivityFilter) []int64 {
			var ids []int64
			if err := db.EachActivity(ctx, actor, f, 3, func(items []*store.Activity) error {
				for _, a := range items {
					ids = append(ids, a.ID)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return ids
		}
		for _, c := range []struct {
			name  string
			actor coop.Actor
			f     store.ActivityFilter
		}{
			{"all, centre", central, store.ActivityFilter{}},
			{"all, officer", officer, store.ActivityFilter{}},
			{"province", admin, store.ActivityFilter{Province: "01"}},
			{"central only", admin, store.ActivityFilter{Province: "central"}},
			{"type", officer, store.ActivityFilter{Type: "training"}},
			{"dates", central, store.ActivityFilter{From: "2025-03-11", To: "2025-03-13"}},
			{"words", central, store.ActivityFilter{Q: "hoat dong so 1"}},
			{"organisation", central, store.ActivityFilter{OrganisationID: hn}},
			{"women managers", central, store.ActivityFilter{Type: "training", Province: "08", From: "2025-03-12"}},
		} {
			want, got := list(c.actor, c.f), each(c.actor, c.f)
			if len(want) == 0 && c.name != "women managers" {
				t.Errorf("%s: the list is empty, the test proves nothing", c.name)
			}
			if !slices.Equal(want, got) {
				t.Errorf("%s: EachActivity = %v, the list = %v", c.name, got, want)
			}
		}
		if err := db.EachActivity(ctx, central, store.ActivityFilter{HasJobsWomen: "x"}, 3, nil); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("bad jobs filter: %v", err)
		}

		// The audit trail: the same events in the same order.
		listAudit := func(actor coop.Actor, f store.AuditFilter) []int64 {
			var ids []int64
			f.PerPage = 5
			for f.Page = 1; ; f.Page++ {
				evs, total, err := db.AuditEvents(ctx, actor, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range evs {
					ids = append(ids, e.ID)
				}
				if f.Page*5 >= total {
					return ids
				}
			}
		}
		eachAudit := func(actor coop.Actor, f store.AuditFilter) []int64 {
			var ids []int64
			if err := db.EachAuditEvent(ctx, actor, f, 4, func(evs []store.AuditEvent) error {
				for _, e := range evs {
					ids = append(ids, e.ID)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return ids
		}
		lead := coop.Actor{UserID: 11, Name: "Lãnh đạo Tuyên Quang", Role: coop.RoleProvincialLead, Province: "08"}
		for _, c := range []struct {
			name  string
			actor coop.Actor
			f     store.AuditFilter
		}{
			{"all", admin, store.AuditFilter{}},
			{"entity", admin, store.AuditFilter{Entity: "activity"}},
			{"province", admin, store.AuditFilter{Province: "01"}},
			{"actor", admin, store.AuditFilter{ActorID: 8}},
			{"scoped", lead, store.AuditFilter{}},
		} {
			if !coop.Can(c.actor, coop.PermAuditRead) {
				continue
			}
			want, got := listAudit(c.actor, c.f), eachAudit(c.actor, c.f)
			if len(want) == 0 {
				t.Errorf("%s: the audit list is empty", c.name)
			}
			if !slices.Equal(want, got) {
				t.Errorf("%s: EachAuditEvent = %v, the list = %v", c.name, got, want)
			}
		}
		if err := db.EachAuditEvent(ctx, coop.Actor{Role: coop.RoleViewer, Province: "08"}, store.AuditFilter{}, 4, nil); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("a viewer reads the audit trail: %v", err)
		}
	})
}
