package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

const scStory = "Chị em trong bản dệt khăn, túi và váy thổ cẩm từ sợi lanh nhuộm chàm, bán ở chợ phiên, cho khách du lịch và qua mạng."

var (
	scOfficer08 = coop.Actor{UserID: 8, Name: "Ma Thị Hương", Role: coop.RoleProvincial, Province: "08"}
	scLead08    = coop.Actor{UserID: 9, Name: "Hoàng Văn Minh", Role: coop.RoleProvincialLead, Province: "08"}
	scOfficer01 = coop.Actor{UserID: 1, Name: "Nguyễn Thị Lan", Role: coop.RoleProvincial, Province: "01"}
	scAdmin     = coop.Actor{UserID: 2, Name: "Quản trị", Role: coop.RoleAdmin}
)

// scOrg adds an active cooperative whose director is a woman (or a man),
// with OCOP products.
func scOrg(t *testing.T, db *store.DB, name, province, sector string, womanDirector bool, products ...coop.Product) *coop.Organisation {
	t.Helper()
	sex := coop.SexMale
	if womanDirector {
		sex = coop.SexFemale
	}
	o := &coop.Organisation{Kind: coop.KindHTX, Name: name, Sector: sector, Governance: coop.GovernanceFull, Province: province,
		Commune: "Xã Thượng Lâm", FoundedOn: "2016-05-12", Status: coop.StatusActive,
		Positions: []coop.Position{
			{Role: coop.RoleDirector, Holder: "Lò Thị Xuân", Sex: sex, From: "2020-01-01"},
			{Role: coop.RoleChair, Holder: "Hà Văn Long", Sex: coop.SexMale, From: "2020-01-01"},
			{Role: coop.RoleChiefAccountant, Holder: "Cầm Thị Nhung", Sex: sex, From: "2016-05-12", To: "2019-12-31"},
		},
		Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 34, MembersFemale: 30, WorkersTotal: 52, WorkersFemale: 47, FemaleMonthlyIncome: 6_100_000}},
		Products:  products,
	}
	if err := db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return o
}

// scPublish saves a complete profile of the organisation and publishes it.
func scPublish(t *testing.T, db *store.DB, actor coop.Actor, orgID int64, story string) {
	t.Helper()
	ctx := context.Background()
	s := &coop.Showcase{OrganisationID: orgID, Story: story, JobsForWomen: 47, FemaleIncome: 6_100_000, ContactPhone: "0207 3822 123"}
	if err := db.SaveShowcase(ctx, actor, s); err != nil {
		t.Fatalf("save profile of %d: %v", orgID, err)
	}
	if _, err := db.PublishShowcase(ctx, actor, orgID, s.Version); err != nil {
		t.Fatalf("publish %d: %v", orgID, err)
	}
}

func publicNames(t *testing.T, db *store.DB, f store.PublicFilter) []string {
	t.Helper()
	page, err := db.PublicModels(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, m := range page.Items {
		names = append(names, m.Name)
	}
	if len(names) > page.Total {
		t.Fatalf("%d items but a total of %d", len(names), page.Total)
	}
	return names
}

func TestShowcaseSavePublishUnpublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Mường Lò", "08", "industry_handicraft", true,
			coop.Product{Name: "Khăn piêu Mường Lò", Group: "handicraft", Stars: 4})

		// A new profile starts with the provincial alliance as contact and the
		// registry's figures.
		st, err := db.Showcase(ctx, scOfficer08, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Saved || st.Version != 0 || st.ContactName != "Liên minh Hợp tác xã Tuyên Quang" || st.JobsForWomen != 47 ||
			st.FemaleIncome != 6_100_000 || st.Public || st.Blocker != "" {
			t.Fatalf("new profile: %+v", st)
		}

		// A draft with a short story saves but cannot be published.
		draft := &coop.Showcase{OrganisationID: o.ID, Story: "Dệt thổ cẩm.", ContactName: "  "}
		if err := db.SaveShowcase(ctx, scOfficer08, draft); err != nil {
			t.Fatalf("save draft: %v", err)
		}
		if draft.Version != 1 || draft.ContactName != "Liên minh Hợp tác xã Tuyên Quang" {
			t.Fatalf("draft saved as %+v", draft)
		}
		_, err = db.PublishShowcase(ctx, scOfficer08, o.ID, 1)
		if f := coop.ErrorFields(err); coop.ErrorCode(err) != coop.EINVALID || !strings.Contains(f["story"], "ít nhất 80 ký tự") ||
			!strings.Contains(f["contact_phone"], "điện thoại hoặc email") {
			t.Fatalf("publishing a short story: %v", err)
		}
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 0 {
			t.Fatalf("a draft is public: %v", names)
		}
		if _, err := db.PublicModel(ctx, o.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("draft's public page: %v", err)
		}

		// Complete it; a stale version is refused.
		full := &coop.Showcase{OrganisationID: o.ID, Version: 1, Story: scStory, Beginnings: "Năm 2016, mười hai chị em góp khung dệt.",
			Support: "Liên minh HTX tỉnh hỗ trợ thủ tục thành lập.", JobsForWomen: 47, FemaleIncome: 6_100_000,
			ContactName: "Liên minh Hợp tác xã Tuyên Quang", ContactPhone: "0207 3822 123", ContactEmail: "lienminhhtx@tuyenquang.gov.vn"}
		if err := db.SaveShowcase(ctx, scOfficer08, full); err != nil || full.Version != 2 {
			t.Fatalf("complete the profile: %v (version %d)", err, full.Version)
		}
		stale := *full
		stale.Version = 1
		if err := db.SaveShowcase(ctx, scOfficer08, &stale); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Fatalf("stale save: %v", err)
		}
		if _, err := db.PublishShowcase(ctx, scOfficer08, o.ID, 1); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Fatalf("publishing what was not reviewed: %v", err)
		}

		pub, err := db.PublishShowcase(ctx, scLead08, o.ID, 2)
		if err != nil || !pub.Published || pub.PublishedAt == nil || pub.PublishedBy != scLead08.Name || pub.Version != 3 {
			t.Fatalf("publish: %v %+v", err, pub)
		}
		if _, err := db.PublishShowcase(ctx, scLead08, o.ID, 0); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Fatalf("publishing twice: %v", err)
		}
		m, err := db.PublicModel(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Name != o.Name || m.ProvinceName != "Tỉnh Tuyên Quang" || m.Commune != "Xã Thượng Lâm" || m.FoundedYear != 2016 ||
			m.Story != scStory || len(m.Products) != 1 || m.Products[0].Stars != 4 || m.JobsForWomen != 47 ||
			m.ContactEmail != "lienminhhtx@tuyenquang.gov.vn" || m.WorkersFemale != 47 || m.WorkersTotal != 52 {
			t.Fatalf("public model: %+v", m)
		}
		// The director (a woman) and the chair hold positions today; the
		// former chief accountant does not.
		if m.ManagersWomen != 1 || m.Managers != 2 {
			t.Fatalf("management share %d/%d, want 1/2", m.ManagersWomen, m.Managers)
		}
		b, _ := json.Marshal(m)
		for _, holder := range []string{"Lò Thị Xuân", "Hà Văn Long", "Cầm Thị Nhung", "holder"} {
			if strings.Contains(string(b), holder) {
				t.Fatalf("the public model carries %q: %s", holder, b)
			}
		}

		// Editing a published profile keeps it published, live, and to the
		// publishing standard.
		edit := *full
		edit.Version = 3
		edit.OtherResults = "Hai sản phẩm OCOP 4 sao."
		if err := db.SaveShowcase(ctx, scOfficer08, &edit); err != nil {
			t.Fatalf("edit a published profile: %v", err)
		}
		if m, _ := db.PublicModel(ctx, o.ID); m == nil || m.OtherResults != "Hai sản phẩm OCOP 4 sao." {
			t.Fatalf("the edit is not public: %+v", m)
		}
		bad := edit
		bad.Story = "Quá ngắn."
		if err := db.SaveShowcase(ctx, scOfficer08, &bad); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("a published profile saved with a short story: %v", err)
		}

		// Unpublishing hides it at once.
		un, err := db.UnpublishShowcase(ctx, scOfficer08, o.ID)
		if err != nil || un.Published || un.PublishedAt != nil {
			t.Fatalf("unpublish: %v %+v", err, un)
		}
		if _, err := db.PublicModel(ctx, o.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("unpublished model: %v", err)
		}
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 0 {
			t.Fatalf("unpublished model listed: %v", names)
		}
		if _, err := db.UnpublishShowcase(ctx, scOfficer08, o.ID); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Fatalf("unpublishing twice: %v", err)
		}

		// Every step is in the audit trail, as entity "showcase".
		events, total, err := db.ShowcaseHistory(ctx, scOfficer08, o.ID, 1, 50)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(events) - 1; i >= 0; i-- {
			e := events[i]
			if e.Entity != "showcase" || e.EntityID != o.ID || e.Province != "08" {
				t.Fatalf("audit event %+v", e)
			}
			actions = append(actions, e.Action+" by "+e.ActorName)
		}
		want := "create by Ma Thị Hương, update by Ma Thị Hương, publish by Hoàng Văn Minh, update by Ma Thị Hương, unpublish by Ma Thị Hương"
		if total != 5 || strings.Join(actions, ", ") != want {
			t.Fatalf("audit trail (%d): %s\nwant %s", total, strings.Join(actions, ", "), want)
		}
		publish, unpublish := events[2], events[0]
		if !strings.Contains(string(publish.Before), `"published":false`) || !strings.Contains(string(publish.After), `"published":true`) ||
			!strings.Contains(string(unpublish.Before), `"published":true`) || !strings.Contains(string(unpublish.After), `"published":false`) {
			t.Fatalf("publish/unpublish events do not record the change: %s → %s; %s → %s", publish.Before, publish.After, unpublish.Before, unpublish.After)
		}
	})
}

func TestShowcaseOnlyQualifyingModelsArePublic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Chiềng Châu", "08", "industry_handicraft", true)
		men := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", "industry_handicraft", false)

		// Publishing a cooperative without women in management is refused.
		s := &coop.Showcase{OrganisationID: men.ID, Story: scStory, ContactPhone: "0207 3822 123"}
		if err := db.SaveShowcase(ctx, scOfficer08, s); err != nil {
			t.Fatal(err)
		}
		_, err := db.PublishShowcase(ctx, scOfficer08, men.ID, s.Version)
		if coop.ErrorCode(err) != coop.EINVALID || !strings.Contains(coop.ErrorMessage(err), "phụ nữ tham gia quản lý") {
			t.Fatalf("publishing a men-managed cooperative: %v", err)
		}
		st, _ := db.Showcase(ctx, scOfficer08, men.ID)
		if st.Blocker == "" || st.Public {
			t.Fatalf("management view of a men-managed cooperative: %+v", st)
		}

		scPublish(t, db, scOfficer08, o.ID, scStory)
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 1 {
			t.Fatalf("public: %v", names)
		}

		// Archiving the organisation hides it; restoring shows it again.
		cur, _ := db.Organisation(ctx, coop.System, o.ID)
		arch, err := db.ArchiveOrganisation(ctx, scOfficer08, o.ID, cur.Version)
		if err != nil {
			t.Fatal(err)
		}
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 0 {
			t.Fatalf("an archived organisation is public: %v", names)
		}
		if _, err := db.PublicModel(ctx, o.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("archived model page: %v", err)
		}
		if h, _ := db.PublicHeadlines(ctx); h.Models != 0 {
			t.Fatalf("headlines count an archived model: %+v", h)
		}
		if err := db.SaveShowcase(ctx, scOfficer08, &coop.Showcase{OrganisationID: o.ID, Version: 2, Story: scStory, ContactPhone: "0207 3822 123"}); coop.ErrorCode(err) != coop.EINVALID {
			t.Fatalf("editing the profile of an archived organisation: %v", err)
		}
		if _, err := db.RestoreOrganisation(ctx, scOfficer08, o.ID, arch.Version); err != nil {
			t.Fatal(err)
		}
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 1 {
			t.Fatalf("restored organisation: %v", names)
		}

		// A suspended organisation leaves the showcase while suspended.
		cur, _ = db.Organisation(ctx, coop.System, o.ID)
		if _, err := db.ChangeOrganisation(ctx, scOfficer08, o.ID, cur.Version, "update", func(x *coop.Organisation) error {
			x.Status = coop.StatusSuspended
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 0 {
			t.Fatalf("a suspended organisation is public: %v", names)
		}
		st, _ = db.Showcase(ctx, scOfficer08, o.ID)
		if !st.Published || st.Public || !strings.Contains(st.Blocker, "tạm ngừng") {
			t.Fatalf("management view of a suspended model: %+v", st)
		}
		cur, _ = db.Organisation(ctx, coop.System, o.ID)
		if _, err := db.ChangeOrganisation(ctx, scOfficer08, o.ID, cur.Version, "update", func(x *coop.Organisation) error {
			x.Status = coop.StatusActive
			return nil
		}); err != nil {
			t.Fatal(err)
		}

		// Under the strict rule a woman director is still enough; a model
		// whose only woman is the chief accountant is not.
		acc := scOrg(t, db, "Hợp tác xã Mây tre đan Phú Vinh", "08", "industry_handicraft", false)
		cur, _ = db.Organisation(ctx, coop.System, acc.ID)
		if _, err := db.ChangeOrganisation(ctx, coop.System, acc.ID, cur.Version, "update", func(x *coop.Organisation) error {
			x.Positions = append(x.Positions, coop.Position{Role: coop.RoleChiefAccountant, Holder: "Đinh Thị Gấm", Sex: coop.SexFemale, From: "2024-01-01"})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		scPublish(t, db, scOfficer08, acc.ID, scStory)
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 2 {
			t.Fatalf("default rule: %v", names)
		}
		if err := db.SetActiveRule(ctx, scAdmin, coop.RuleWIMStrict); err != nil {
			t.Fatal(err)
		}
		if names := publicNames(t, db, store.PublicFilter{}); len(names) != 1 || names[0] != o.Name {
			t.Fatalf("strict rule: %v", names)
		}
	})
}

func TestShowcaseSearchAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hc := "industry_handicraft"
		lao := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Mường Lò", "15", hc, true, coop.Product{Name: "Khăn piêu Mường Lò", Group: "handicraft", Stars: 4})
		chieng := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Chiềng Châu", "25", hc, true)
		my := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp", "56", hc, true)
		tea := scOrg(t, db, "Hợp tác xã Chè Shan tuyết Bản Phố", "08", "agriculture", true, coop.Product{Name: "Chè Shan tuyết", Group: "drinks", Stars: 3})
		draft := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Nà Hang", "08", hc, true)
		lead := func(p string) coop.Actor {
			return coop.Actor{Name: "Lãnh đạo " + p, Role: coop.RoleProvincialLead, Province: p}
		}
		for _, o := range []*coop.Organisation{lao, chieng, my} {
			scPublish(t, db, lead(o.Province), o.ID, scStory)
		}
		scPublish(t, db, scOfficer08, tea.ID, "Các hộ người Dao hái chè Shan tuyết cổ thụ, chế biến chè xanh và hồng trà theo tiêu chuẩn OCOP để bán khắp nơi.")
		if err := db.SaveShowcase(ctx, scOfficer08, &coop.Showcase{OrganisationID: draft.ID, Story: scStory}); err != nil {
			t.Fatal(err)
		}

		// Without accents, with accents, in any case: the three published
		// weaving cooperatives, in Vietnamese order (Chiềng, Mường, Mỹ).
		want := "Hợp tác xã Dệt thổ cẩm Chiềng Châu, Hợp tác xã Dệt thổ cẩm Mường Lò, Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp"
		for _, q := range []string{"det tho cam", "Dệt Thổ Cẩm", "DET THO CAM"} {
			if got := strings.Join(publicNames(t, db, store.PublicFilter{Q: q}), ", "); got != want {
				t.Fatalf("search %q: %s\nwant %s", q, got, want)
			}
		}
		// Products, province, sector and story words are searched too.
		for q, want := range map[string]string{
			"khan pieu":             lao.Name,
			"che shan tuyet":        tea.Name,
			"tuyen quang":           tea.Name,
			"nong nghiep":           tea.Name,
			"hong tra":              tea.Name,
			"khanh hoa det":         my.Name,
			"thuong lam che":        tea.Name,
			"det tho cam khong co":  "",
			"na hang":               "", // a draft
			"100%_":                 "",
			"chieng chau tho cam %": "",
		} {
			if got := strings.Join(publicNames(t, db, store.PublicFilter{Q: q}), ", "); got != want {
				t.Errorf("search %q: %q, want %q", q, got, want)
			}
		}
		if got := publicNames(t, db, store.PublicFilter{Province: "25"}); len(got) != 1 || got[0] != chieng.Name {
			t.Fatalf("province filter: %v", got)
		}
		if got := publicNames(t, db, store.PublicFilter{Sector: "agriculture"}); len(got) != 1 || got[0] != tea.Name {
			t.Fatalf("sector filter: %v", got)
		}
		if got := publicNames(t, db, store.PublicFilter{Sector: hc, Province: "08"}); len(got) != 0 {
			t.Fatalf("filters combined: %v", got)
		}

		// Pages: two per page (Chè, Chiềng | Mường, Mỹ), the total over all
		// of them, each card with its own products.
		p2, err := db.PublicModels(ctx, store.PublicFilter{Page: 2, PerPage: 2})
		if err != nil || p2.Total != 4 || len(p2.Items) != 2 || p2.Pages() != 2 || p2.Items[0].Name != lao.Name || p2.Items[1].Name != my.Name {
			t.Fatalf("page 2: %v %+v", err, p2)
		}
		if len(p2.Items[0].Products) != 1 || p2.Items[0].Products[0].Name != "Khăn piêu Mường Lò" || len(p2.Items[1].Products) != 0 {
			t.Fatalf("products on the page: %+v %+v", p2.Items[0].Products, p2.Items[1].Products)
		}

		// The latest published first, for the home page.
		recent, err := db.PublicModels(ctx, store.PublicFilter{Recent: true, PerPage: 2})
		if err != nil || recent.Total != 4 || recent.Items[0].Name != tea.Name || recent.Items[1].Name != my.Name {
			t.Fatalf("recent: %v %+v", err, recent)
		}

		// Renaming the organisation or adding a product refolds the search.
		cur, _ := db.Organisation(ctx, coop.System, chieng.ID)
		if _, err := db.ChangeOrganisation(ctx, coop.System, chieng.ID, cur.Version, "update", func(o *coop.Organisation) error {
			o.Name = "Hợp tác xã Dệt thổ cẩm Bản Văn"
			o.Products = append(o.Products, coop.Product{Name: "Váy Thái Mai Châu", Group: "handicraft", Stars: 3})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"ban van", "vay thai mai chau"} {
			if got := publicNames(t, db, store.PublicFilter{Q: q}); len(got) != 1 || got[0] != "Hợp tác xã Dệt thổ cẩm Bản Văn" {
				t.Errorf("search %q after the change: %v", q, got)
			}
		}
		if got := publicNames(t, db, store.PublicFilter{Q: "chieng chau"}); len(got) != 0 {
			t.Errorf("the old name still found: %v", got)
		}

		// The management list: the province's profiles, published or not.
		page, err := db.ShowcaseProfiles(ctx, scOfficer08, store.ShowcaseFilter{})
		if err != nil || page.Total != 2 || page.Published != 1 || page.Drafts != 1 {
			t.Fatalf("Tuyên Quang's profiles: %v %+v", err, page)
		}
		drafts, _ := db.ShowcaseProfiles(ctx, scOfficer08, store.ShowcaseFilter{State: "draft"})
		if drafts.Total != 1 || drafts.Items[0].OrganisationID != draft.ID || drafts.Items[0].Published {
			t.Fatalf("drafts: %+v", drafts)
		}
		all, _ := db.ShowcaseProfiles(ctx, scAdmin, store.ShowcaseFilter{State: "published", Q: "det tho cam"})
		if all.Total != 3 || !all.Items[0].Public {
			t.Fatalf("national list of published weavers: %+v", all)
		}
		other, _ := db.ShowcaseProfiles(ctx, scOfficer08, store.ShowcaseFilter{Province: "15"})
		if other.Total != 0 {
			t.Fatalf("another province's profiles listed to Tuyên Quang: %+v", other)
		}
	})
}

func TestShowcaseScopeAndPermission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Mường Lò", "08", "industry_handicraft", true)
		scPublish(t, db, scOfficer08, o.ID, scStory)
		full := &coop.Showcase{OrganisationID: o.ID, Version: 2, Story: scStory, ContactPhone: "0207 3822 123"}

		// Another province's officer: not found, whatever she tries.
		if _, err := db.Showcase(ctx, scOfficer01, o.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("read from another province: %v", err)
		}
		if err := db.SaveShowcase(ctx, scOfficer01, full); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("save from another province: %v", err)
		}
		if _, err := db.UnpublishShowcase(ctx, scOfficer01, o.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("unpublish from another province: %v", err)
		}
		if _, err := db.PublishShowcase(ctx, scOfficer01, o.ID, 0); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("publish from another province: %v", err)
		}
		if _, _, err := db.ShowcaseHistory(ctx, scOfficer01, o.ID, 1, 10); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("history from another province: %v", err)
		}
		// Roles without the showcase permission may read, not change.
		for _, a := range []coop.Actor{
			{Name: "Hội LHPN", Role: coop.RolePartner, Province: "08"},
			{Name: "Xem", Role: coop.RoleViewer},
			{Name: "Trung ương", Role: coop.RoleCentral},
		} {
			if _, err := db.Showcase(ctx, a, o.ID); err != nil {
				t.Errorf("%s reads the profile: %v", a.Role, err)
			}
			if err := db.SaveShowcase(ctx, a, full); coop.ErrorCode(err) != coop.EFORBIDDEN {
				t.Errorf("%s saves: %v", a.Role, err)
			}
			if _, err := db.UnpublishShowcase(ctx, a, o.ID); coop.ErrorCode(err) != coop.EFORBIDDEN {
				t.Errorf("%s unpublishes: %v", a.Role, err)
			}
		}
		// Nothing changed: still published, at version 2.
		st, err := db.Showcase(ctx, scAdmin, o.ID)
		if err != nil || !st.Public || st.Version != 2 {
			t.Fatalf("after the refused attempts: %v %+v", err, st)
		}
		// A national administrator may manage any province's profile.
		if _, err := db.UnpublishShowcase(ctx, scAdmin, o.ID); err != nil {
			t.Fatalf("admin unpublishes: %v", err)
		}
	})
}

func TestPublicHeadlinesFromRollups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := scOrg(t, db, "Hợp tác xã Dệt thổ cẩm Mường Lò", "08", "industry_handicraft", true)
		scOrg(t, db, "Hợp tác xã Chè Shan tuyết Bản Phố", "08", "agriculture", true)
		scOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01", "agriculture", false)
		scOrg(t, db, "Hợp tác xã Dệt lụa Vạn Phúc", "01", "industry_handicraft", true)
		scPublish(t, db, scOfficer08, a.ID, scStory)
		officer := coop.Actor{UserID: 7, Name: "Cán bộ tỉnh", Role: coop.RoleProvincial, Province: "08"}
		for _, jobs := range [][2]int64{{12, 30}, {5, 0}} {
			act := &coop.Activity{Type: "founding_support", Title: "Hỗ trợ thành lập tổ hợp tác dệt", Province: "08",
				StartsOn: "2025-05-10", Organiser: "Liên minh HTX tỉnh", JobsWomenHTX: jobs[0], JobsWomenTHT: jobs[1]}
			if err := db.CreateActivity(ctx, officer, act); err != nil {
				t.Fatalf("activity: %v", err)
			}
		}
		h, err := db.PublicHeadlines(ctx)
		if err != nil {
			t.Fatal(err)
		}
		counts, err := db.Counts(ctx, coop.System, store.CountsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		reach, err := db.ReachSummary(ctx, coop.System, store.ReachFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if h.WomenManaged != 3 || h.WomenManaged != counts.Total.WomenManaged || h.WIMRule != counts.WIMRule {
			t.Errorf("women-managed organisations %d (rule %s), rollup counts %d", h.WomenManaged, h.WIMRule, counts.Total.WomenManaged)
		}
		if h.JobsForWomen != 47 || h.JobsForWomen != reach.Total.JobsWomenHTX+reach.Total.JobsWomenTHT {
			t.Errorf("jobs for women %d, activity rollup %d + %d", h.JobsForWomen, reach.Total.JobsWomenHTX, reach.Total.JobsWomenTHT)
		}
		if h.Provinces != 2 || h.Models != 1 {
			t.Errorf("provinces %d, models %d; want 2 and 1", h.Provinces, h.Models)
		}
	})
}
