package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// The public showcase. Profiles are written and published by the
// organisation's province (coop.PermShowcaseManage in scope) and read in the
// registry's scope. The public reads take no actor: they return only
// published profiles of organisations that still qualify (not archived,
// active, women in management under the active rule), and never a position
// holder's name.

// profilesJoin joins the profiles to their organisations, reading the
// profiles first: they are few beside the organisations, and without the
// CROSS JOIN (which fixes the order in SQLite, and is a plain join to
// PostgreSQL) SQLite walks every organisation (50 ms at 20,000).
const profilesJoin = `showcase_profiles s CROSS JOIN organisations o WHERE o.id = s.organisation_id`

const showcaseColumns = `s.organisation_id, s.published, s.published_at, s.published_by, s.story, s.beginnings, s.support,
	s.jobs_for_women, s.female_income, s.other_results, s.contact_name, s.contact_phone, s.contact_email,
	s.version, s.created_at, s.updated_at`

func scanShowcase(sc scanner) (*coop.Showcase, error) {
	var s coop.Showcase
	var at sql.NullTime
	err := sc.Scan(&s.OrganisationID, &s.Published, &at, &s.PublishedBy, &s.Story, &s.Beginnings, &s.Support,
		&s.JobsForWomen, &s.FemaleIncome, &s.OtherResults, &s.ContactName, &s.ContactPhone, &s.ContactEmail,
		&s.Version, &s.CreatedAt, &s.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if at.Valid {
		t := at.Time
		s.PublishedAt = &t
	}
	return &s, nil
}

// showcaseRow reads the organisation's profile; ok is false when none was
// saved yet.
func (db *DB) showcaseRow(ctx context.Context, q queryer, orgID int64) (s *coop.Showcase, ok bool, err error) {
	s, err = scanShowcase(q.QueryRowContext(ctx, db.rebind(`SELECT `+showcaseColumns+` FROM showcase_profiles s WHERE s.organisation_id = ?`), orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: showcase %d: %w", orgID, err)
	}
	return s, true, nil
}

// ShowcaseState is an organisation's profile as its province manages it:
// the profile (a new one, with defaults, when none was saved), whether the
// public sees it now and, if it may not be published, why.
type ShowcaseState struct {
	coop.Showcase
	Saved            bool   `json:"saved"`             // the profile has been saved at least once
	Public           bool   `json:"public"`            // shown on the public showcase now
	Blocker          string `json:"blocker,omitempty"` // why the organisation may not be shown, if so
	WIMRule          string `json:"women_managed_rule"`
	OrganisationName string `json:"organisation_name"`
	Province         string `json:"province"`

	Org *coop.Organisation `json:"-"`
}

// Showcase returns the organisation's showcase profile for the management
// view, to anyone who may see the organisation. An organisation without a
// profile gets a new one: the provincial alliance as contact point, the
// women workers and their income from the latest workforce figures.
func (db *DB) Showcase(ctx context.Context, actor coop.Actor, orgID int64) (*ShowcaseState, error) {
	o, err := db.getOrganisation(ctx, db.read(ctx), actor, orgID)
	if err != nil {
		return nil, err
	}
	rules, err := db.ActiveRules(ctx)
	if err != nil {
		return nil, err
	}
	s, ok, err := db.showcaseRow(ctx, db.read(ctx), orgID)
	if err != nil {
		return nil, err
	}
	if !ok {
		s = &coop.Showcase{OrganisationID: o.ID, ContactName: coop.AllianceName(o.Province)}
		if w := o.LatestSnapshot(); w != nil {
			s.JobsForWomen, s.FemaleIncome = w.WorkersFemale, w.FemaleMonthlyIncome
		}
	}
	wim := rules[coop.FamilyWomenManaged]
	st := &ShowcaseState{Showcase: *s, Saved: ok, WIMRule: wim, Blocker: coop.ShowcaseBlocker(o, wim),
		OrganisationName: o.Name, Province: o.Province, Org: o}
	st.Public = st.Published && st.Blocker == ""
	return st, nil
}

// SaveShowcase creates (s.Version 0) or updates (s.Version the version
// read) the organisation's profile, audited as entity "showcase". The
// contact point defaults to the provincial alliance. A published profile
// stays published and must keep meeting what publishing needs; the change
// is public at once.
func (db *DB) SaveShowcase(ctx context.Context, actor coop.Actor, s *coop.Showcase) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		o, err := tx.showcaseOrg(ctx, s.OrganisationID)
		if err != nil {
			return err
		}
		if o.Archived {
			return coop.Errorf(coop.EINVALID, "Tổ chức đã được lưu trữ nên không thể sửa hồ sơ giới thiệu.")
		}
		cur, ok, err := db.showcaseRow(ctx, tx.tx, o.ID)
		if err != nil {
			return err
		}
		switch {
		case !ok && s.Version != 0:
			return coop.Errorf(coop.ECONFLICT, "Hồ sơ giới thiệu không còn như lúc bạn mở. Vui lòng tải lại trang.")
		case ok && s.Version != cur.Version:
			return versionMoved(s.Version, cur.Version)
		}
		s.Normalize()
		if s.ContactName == "" {
			s.ContactName = coop.AllianceName(o.Province)
		}
		if ok {
			s.Published, s.PublishedAt, s.PublishedBy, s.CreatedAt = cur.Published, cur.PublishedAt, cur.PublishedBy, cur.CreatedAt
		} else {
			s.Published, s.PublishedAt, s.PublishedBy, s.CreatedAt = false, nil, "", tx.now
		}
		check := s.Validate
		if s.Published {
			check = s.ValidateForPublishing
		}
		if err := check(); err != nil {
			return err
		}
		s.UpdatedAt = tx.now
		key := showcaseSearchKey(o, s)
		if !ok {
			s.Version = 1
			if _, err := tx.exec(ctx, `INSERT INTO showcase_profiles (organisation_id, published, published_by, story, beginnings, support,
				jobs_for_women, female_income, other_results, contact_name, contact_phone, contact_email, search_key, version, created_at, updated_at)
				VALUES (?, 0, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
				o.ID, s.Story, s.Beginnings, s.Support, s.JobsForWomen, s.FemaleIncome, s.OtherResults,
				s.ContactName, s.ContactPhone, s.ContactEmail, key, tx.now, tx.now); err != nil {
				if isUnique(err) {
					return coop.Errorf(coop.ECONFLICT, "Người khác vừa tạo hồ sơ giới thiệu của tổ chức này. Vui lòng tải lại trang.")
				}
				return fmt.Errorf("store: insert showcase: %w", err)
			}
			return tx.audit(ctx, "create", "showcase", o.ID, o.Province, nil, showcaseAudit(s))
		}
		if err := tx.updateVersioned(ctx, "update showcase", s.Version, cur.Version,
			`UPDATE showcase_profiles SET story = ?, beginnings = ?, support = ?, jobs_for_women = ?, female_income = ?,
			other_results = ?, contact_name = ?, contact_phone = ?, contact_email = ?, search_key = ?, version = version + 1, updated_at = ?
			WHERE organisation_id = ? AND version = ?`,
			s.Story, s.Beginnings, s.Support, s.JobsForWomen, s.FemaleIncome, s.OtherResults, s.ContactName, s.ContactPhone, s.ContactEmail,
			key, tx.now, o.ID, cur.Version); err != nil {
			return err
		}
		s.Version = cur.Version + 1
		return tx.audit(ctx, "update", "showcase", o.ID, o.Province, showcaseAudit(cur), showcaseAudit(s))
	})
}

// PublishShowcase puts the organisation's profile on the public showcase.
// It refuses, saying why, unless the organisation is active, not archived
// and has women in management under the active rule, and the profile has
// a story of at least coop.StoryMinPublish characters and a way to get in
// touch. version, when not 0, must be the version the caller read: what is
// published is what she reviewed.
func (db *DB) PublishShowcase(ctx context.Context, actor coop.Actor, orgID, version int64) (*coop.Showcase, error) {
	return db.changePublication(ctx, actor, orgID, true, func(tx *Tx, o *coop.Organisation, cur *coop.Showcase, ok bool) error {
		if !ok {
			return &coop.Error{Code: coop.EINVALID, Message: "Chưa có hồ sơ giới thiệu: hãy viết câu chuyện của mô hình trước khi công khai.",
				Fields: map[string]string{"story": "Viết câu chuyện của mô hình (tổ chức làm gì) trước khi công khai."}}
		}
		if version != 0 && version != cur.Version {
			return versionMoved(version, cur.Version)
		}
		if cur.Published {
			return coop.Errorf(coop.ECONFLICT, "Mô hình này đã được công khai.")
		}
		rules, err := db.ActiveRules(ctx)
		if err != nil {
			return err
		}
		if why := coop.ShowcaseBlocker(o, rules[coop.FamilyWomenManaged]); why != "" {
			return coop.Errorf(coop.EINVALID, "%s", why)
		}
		if err := cur.ValidateForPublishing(); err != nil {
			e := err.(*coop.Error)
			e.Message = "Hồ sơ giới thiệu chưa đủ để công khai: vui lòng bổ sung các mục được đánh dấu."
			return e
		}
		return nil
	})
}

// UnpublishShowcase takes the organisation's profile off the public
// showcase at once. It checks no version: hiding is always safe, and must
// not wait for anyone's edit.
func (db *DB) UnpublishShowcase(ctx context.Context, actor coop.Actor, orgID int64) (*coop.Showcase, error) {
	return db.changePublication(ctx, actor, orgID, false, func(_ *Tx, _ *coop.Organisation, cur *coop.Showcase, ok bool) error {
		if !ok || !cur.Published {
			return coop.Errorf(coop.ECONFLICT, "Mô hình này đang không được công khai.")
		}
		return nil
	})
}

// changePublication puts the organisation's profile on the public showcase
// (publish) or takes it off, with the audit event, in one transaction,
// unless check (given the organisation and the profile, ok false when it
// has none) refuses.
func (db *DB) changePublication(ctx context.Context, actor coop.Actor, orgID int64, publish bool,
	check func(tx *Tx, o *coop.Organisation, cur *coop.Showcase, ok bool) error) (*coop.Showcase, error) {
	var out *coop.Showcase
	err := db.write(ctx, actor, func(tx *Tx) error {
		o, err := tx.showcaseOrg(ctx, orgID)
		if err != nil {
			return err
		}
		cur, ok, err := db.showcaseRow(ctx, tx.tx, orgID)
		if err != nil {
			return err
		}
		if err := check(tx, o, cur, ok); err != nil {
			return err
		}
		next, action := *cur, "unpublish"
		next.Published, next.PublishedAt, next.PublishedBy = false, nil, ""
		if publish {
			now := tx.now
			next.Published, next.PublishedAt, next.PublishedBy, action = true, &now, tx.actor.Name, "publish"
		}
		next.Version, next.UpdatedAt = cur.Version+1, tx.now
		if err := tx.setPublished(ctx, &next, cur.Version); err != nil {
			return err
		}
		out = &next
		return tx.audit(ctx, action, "showcase", orgID, o.Province, showcaseAudit(cur), showcaseAudit(&next))
	})
	return out, err
}

// showcaseOrg reads the organisation of a profile being changed: not found
// outside the actor's scope, forbidden without the showcase permission.
func (tx *Tx) showcaseOrg(ctx context.Context, orgID int64) (*coop.Organisation, error) {
	o, err := tx.db.getOrganisation(ctx, tx.tx, tx.actor, orgID)
	if err != nil {
		return nil, err
	}
	if !coop.Allows(tx.actor, coop.ActEdit, coop.Record{Kind: coop.ResShowcase, Province: o.Province}) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Chỉ Liên minh HTX tỉnh, thành phố giới thiệu được mô hình của tỉnh mình.")
	}
	return o, nil
}

func (tx *Tx) setPublished(ctx context.Context, s *coop.Showcase, version int64) error {
	var at any
	if s.PublishedAt != nil {
		at = *s.PublishedAt
	}
	res, err := tx.exec(ctx, `UPDATE showcase_profiles SET published = ?, published_at = ?, published_by = ?, version = version + 1, updated_at = ?
		WHERE organisation_id = ? AND version = ?`, b2i(s.Published), at, s.PublishedBy, tx.now, s.OrganisationID, version)
	if err != nil {
		return fmt.Errorf("store: publish showcase: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return versionMoved(version, version+1)
	}
	return nil
}

// refreshShowcaseKey refolds the search text of the organisation's profile,
// if it has one, after the organisation changed (name, products, sector,
// province, commune).
func (tx *Tx) refreshShowcaseKey(ctx context.Context, o *coop.Organisation) error {
	s, ok, err := tx.db.showcaseRow(ctx, tx.tx, o.ID)
	if err != nil || !ok {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE showcase_profiles SET search_key = ? WHERE organisation_id = ?`, showcaseSearchKey(o, s), o.ID); err != nil {
		return fmt.Errorf("store: showcase search key: %w", err)
	}
	return nil
}

// showcaseSearchKey folds what a visitor may search a model by: its name,
// story, OCOP products, sector, province and commune.
func showcaseSearchKey(o *coop.Organisation, s *coop.Showcase) string {
	parts := []string{o.Name, s.Story, s.Beginnings, s.Support, coop.Sectors.Label(o.Sector), coop.ProvinceName(o.Province), o.Commune}
	for _, p := range o.Products {
		parts = append(parts, p.Name)
	}
	return coop.Fold(strings.Join(parts, " "))
}

// showcaseAudit is the profile as the audit trail records it: empty fields
// are left out, so that a new profile lists only what was written.
func showcaseAudit(s *coop.Showcase) map[string]any {
	m := map[string]any{"published": s.Published, "version": s.Version}
	for k, v := range map[string]string{
		"published_by": s.PublishedBy, "story": s.Story, "beginnings": s.Beginnings, "support": s.Support,
		"other_results": s.OtherResults, "contact_name": s.ContactName, "contact_phone": s.ContactPhone, "contact_email": s.ContactEmail,
	} {
		if v != "" {
			m[k] = v
		}
	}
	for k, v := range map[string]int64{"jobs_for_women": s.JobsForWomen, "female_avg_monthly_income": s.FemaleIncome} {
		if v != 0 {
			m[k] = v
		}
	}
	return m
}

// ShowcaseHistory lists the audit events of the organisation's profile
// (saves, publishing, unpublishing), for anyone who may see the
// organisation.
func (db *DB) ShowcaseHistory(ctx context.Context, actor coop.Actor, orgID int64, page, perPage int) ([]AuditEvent, int, error) {
	var province string
	err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT province FROM organisations WHERE id = ?`), orgID).Scan(&province)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: province})) {
		return nil, 0, coop.NotFound("tổ chức")
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: organisation %d: %w", orgID, err)
	}
	return db.auditEvents(ctx, coop.System, AuditFilter{Entity: "showcase", EntityID: orgID, Page: page, PerPage: perPage})
}

// ShowcaseFilter selects profiles for the management list.
type ShowcaseFilter struct {
	Q        string // accent-insensitive words of the name, story, products…
	Province string
	State    string // "published", "draft" or "" for both
	Page     int
	PerPage  int
}

// ShowcaseItem is a profile in the management list.
type ShowcaseItem struct {
	OrganisationID int64      `json:"organisation_id"`
	Name           string     `json:"name"`
	Kind           string     `json:"kind"`
	Province       string     `json:"province"`
	Published      bool       `json:"published"`
	PublishedAt    *time.Time `json:"published_at,omitempty"`
	PublishedBy    string     `json:"published_by,omitempty"`
	Public         bool       `json:"public"`
	Blocker        string     `json:"blocker,omitempty"`
	Version        int64      `json:"version"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// ShowcasePage is one page of the management list, with how many profiles
// of the filter are published and drafts.
type ShowcasePage struct {
	Items []ShowcaseItem `json:"items"`
	Paging
	Published int `json:"published"`
	Drafts    int `json:"drafts"`
}

// ShowcaseProfiles lists the profiles in the actor's scope, published or
// not, in Vietnamese order of the organisations' names.
func (db *DB) ShowcaseProfiles(ctx context.Context, actor coop.Actor, f ShowcaseFilter) (*ShowcasePage, error) {
	rules, err := db.ActiveRules(ctx)
	if err != nil {
		return nil, err
	}
	wimCol, _ := ruleColumn(rules[coop.FamilyWomenManaged])
	var w conds
	switch {
	case !coop.Can(actor, coop.PermRegistryRead):
		w.add("1 = 0")
	case !actor.National():
		w.add("o.province = ?", actor.Province)
	}
	w.eq("o.province", f.Province)
	for _, word := range coop.SearchWords(f.Q) {
		w.add(`s.search_key LIKE ? ESCAPE '\'`, likePattern(word))
	}
	from := ` FROM ` + profilesJoin + ` AND `
	cond, args := w.where(), w.args
	page, per := pageBounds(f.Page, f.PerPage)
	out := &ShowcasePage{Items: []ShowcaseItem{}, Paging: Paging{Page: page, PerPage: per}}
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COALESCE(SUM(s.published), 0), COUNT(*)`+from+cond), args...).
		Scan(&out.Published, &out.Drafts); err != nil {
		return nil, fmt.Errorf("store: count showcase profiles: %w", err)
	}
	out.Drafts -= out.Published
	switch f.State {
	case "published":
		cond += " AND s.published = 1"
		out.Total = out.Published
	case "draft":
		cond += " AND s.published = 0"
		out.Total = out.Drafts
	default:
		out.Total = out.Published + out.Drafts
	}
	if out.Total == 0 {
		return out, nil
	}
	page = lastPage(page, per, out.Total)
	out.Page = page
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT s.organisation_id, o.name, o.kind, o.province, o.status, o.archived, o.`+wimCol+`,
		s.published, s.published_at, s.published_by, s.version, s.updated_at`+from+cond+
		` ORDER BY o.sort_key, o.id LIMIT ? OFFSET ?`), append(args, per, (page-1)*per)...)
	if err != nil {
		return nil, fmt.Errorf("store: list showcase profiles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it ShowcaseItem
		var o coop.Organisation
		var wim bool
		var at sql.NullTime
		if err := rows.Scan(&it.OrganisationID, &it.Name, &it.Kind, &it.Province, &o.Status, &o.Archived, &wim,
			&it.Published, &at, &it.PublishedBy, &it.Version, &it.UpdatedAt); err != nil {
			return nil, err
		}
		if at.Valid {
			t := at.Time
			it.PublishedAt = &t
		}
		o.Flags = flagsFor(rules[coop.FamilyWomenManaged], wim)
		it.Blocker = coop.ShowcaseBlocker(&o, rules[coop.FamilyWomenManaged])
		it.Public = it.Published && it.Blocker == ""
		out.Items = append(out.Items, it)
	}
	return out, rows.Err()
}

// flagsFor returns flags with only the given women-in-management rule set.
func flagsFor(wimRule string, on bool) coop.Flags {
	var f coop.Flags
	switch wimRule {
	case coop.RuleWIMStrict:
		f.WIMStrict = on
	default:
		f.WIMDefault = on
	}
	return f
}
