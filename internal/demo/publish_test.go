package demo_test

import (
	"context"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func TestPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Demo(ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := demo.Publish(ctx, db); err != nil {
			t.Fatalf("publish: %v", err)
		}

		// Journey 7: "det tho cam" finds the three women-run weaving
		// cooperatives, each with its story, OCOP products, results and the
		// contact of its provincial alliance.
		weavers, err := db.PublicModels(ctx, store.PublicFilter{Q: "det tho cam"})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range weavers.Items {
			names = append(names, m.Name)
			if len(m.Story) < coop.StoryMinPublish || m.Beginnings == "" || m.Support == "" || len(m.Products) == 0 ||
				m.JobsForWomen == 0 || m.ContactName != coop.AllianceName(m.Province) || m.ContactPhone == "" || m.ContactEmail == "" {
				t.Errorf("weaving model %s is incomplete: %+v", m.Name, m)
			}
			if !strings.Contains(m.ContactEmail, "@demo.htxnu.vn") {
				t.Errorf("%s: contact email %q is not a demonstration address", m.Name, m.ContactEmail)
			}
		}
		want := "Hợp tác xã Dệt thổ cẩm Chiềng Châu, Hợp tác xã Dệt thổ cẩm Mường Lò, Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp"
		if got := strings.Join(names, ", "); got != want {
			t.Fatalf("det tho cam: %s\nwant %s", got, want)
		}

		// Other models, in other sectors and provinces.
		all, err := db.PublicModels(ctx, store.PublicFilter{PerPage: 48})
		if err != nil {
			t.Fatal(err)
		}
		provinces, sectors := map[string]bool{}, map[string]bool{}
		for _, m := range all.Items {
			provinces[m.Province], sectors[m.Sector] = true, true
			if len(m.Story) < coop.StoryMinPublish || strings.Contains(m.Story, "{") {
				t.Errorf("model %s: story %q", m.Name, m.Story)
			}
		}
		if all.Total < 6 || len(provinces) != all.Total || len(sectors) < 3 {
			t.Fatalf("%d models in %d provinces and %d sectors", all.Total, len(provinces), len(sectors))
		}

		// Drafts stay inside: Bản Lác (not yet managed by women) and a
		// complete draft in Tuyên Quang that its officers can publish.
		tq, err := db.ShowcaseProfiles(ctx, coop.System, store.ShowcaseFilter{Province: "08", State: "draft"})
		if err != nil {
			t.Fatal(err)
		}
		var banLac, ready bool
		for _, it := range tq.Items {
			banLac = banLac || (it.Name == demo.BanLac && it.Blocker != "")
			ready = ready || (it.Name != demo.BanLac && it.Blocker == "")
		}
		if !banLac || !ready {
			t.Fatalf("Tuyên Quang's drafts: %+v", tq.Items)
		}
		drafts, _ := db.ShowcaseProfiles(ctx, coop.System, store.ShowcaseFilter{State: "draft"})
		if drafts.Total < 3 {
			t.Fatalf("%d drafts", drafts.Total)
		}
		h, err := db.PublicHeadlines(ctx)
		if err != nil || h.Models != int64(all.Total) || h.WomenManaged == 0 || h.Provinces < 30 {
			t.Fatalf("headlines: %v %+v", err, h)
		}

		// Idempotent: a second run changes nothing.
		events, before, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "showcase", PerPage: 1})
		if err := demo.Publish(ctx, db); err != nil {
			t.Fatal(err)
		}
		_, after, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "showcase", PerPage: 1})
		if after != before || len(events) == 0 {
			t.Fatalf("second run: %d audit events, before %d", after, before)
		}
	})
}
