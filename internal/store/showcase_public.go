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

// The public reads of the showcase. They take no actor: anyone may read
// them, and they return only published profiles of organisations that
// still qualify (see publicWhere), with figures in place of names.

// PublicFilter selects models on the public showcase.
type PublicFilter struct {
	Q        string // accent-insensitive words: "det tho cam" finds "Dệt thổ cẩm"
	Province string
	Sector   string
	Recent   bool // the latest published first, instead of by name
	Page     int
	PerPage  int // at most 48
}

// PublicProduct is an OCOP product as the public sees it.
type PublicProduct struct {
	Name  string `json:"name"`
	Group string `json:"group"`
	Stars int    `json:"stars"`
}

// PublicModel is a model organisation as the public sees it: what the
// organisation agreed to publish and figures from the registry, never the
// names of the people who manage it nor anything else personal.
type PublicModel struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Sector       string `json:"sector"`
	Province     string `json:"province"`
	ProvinceName string `json:"province_name"`
	Commune      string `json:"commune,omitempty"`
	FoundedYear  int    `json:"founded_year,omitempty"`

	Story      string `json:"story"`
	Beginnings string `json:"beginnings,omitempty"`
	Support    string `json:"support,omitempty"`

	Products []PublicProduct `json:"ocop_products"`

	JobsForWomen int64  `json:"jobs_for_women"`
	FemaleIncome int64  `json:"female_avg_monthly_income,omitempty"`
	OtherResults string `json:"other_results,omitempty"`

	// Women in management and in the workforce, as figures: management
	// positions held today (and how many by women), the latest members
	// and workers by sex.
	ManagersWomen int    `json:"management_positions_women"`
	Managers      int    `json:"management_positions"`
	MembersFemale int64  `json:"members_female"`
	MembersTotal  int64  `json:"members_total"`
	WorkersFemale int64  `json:"workers_female"`
	WorkersTotal  int64  `json:"workers_total"`
	WorkforceAsOf string `json:"workforce_as_of,omitempty"`

	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone,omitempty"`
	ContactEmail string `json:"contact_email,omitempty"`

	PublishedAt time.Time `json:"published_at"`
}

// PublicPage is one page of the public showcase.
type PublicPage struct {
	Items []*PublicModel `json:"items"`
	Paging
}

const publicColumns = `o.id, o.name, o.kind, o.sector, o.province, o.commune, o.founded_on,
	o.members_total, o.members_female, o.workers_total, o.workers_female, o.workforce_as_of,
	s.story, s.beginnings, s.support, s.jobs_for_women, s.female_income, s.other_results,
	s.contact_name, s.contact_phone, s.contact_email, s.published_at`

// publicWhere is what makes a profile public: published, and its
// organisation not archived, active and with women in management under
// the active rule.
func publicWhere(rules map[string]string) (string, error) {
	wimCol, ok := ruleColumn(rules[coop.FamilyWomenManaged])
	if !ok {
		return "", fmt.Errorf("store: no column for rule %s", rules[coop.FamilyWomenManaged])
	}
	return `s.published = 1 AND o.archived = 0 AND o.status = '` + coop.StatusActive + `' AND o.` + wimCol + ` = 1`, nil
}

// publicCondition is publicWhere under the active rules.
func (db *DB) publicCondition(ctx context.Context) (string, error) {
	rules, err := db.ActiveRules(ctx)
	if err != nil {
		return "", err
	}
	return publicWhere(rules)
}

// PublicModels lists the models on the public showcase in Vietnamese order
// of their names (or the latest published first), with the total matching
// the filter. It takes no actor:
// anyone may read it.
func (db *DB) PublicModels(ctx context.Context, f PublicFilter) (*PublicPage, error) {
	pub, err := db.publicCondition(ctx)
	if err != nil {
		return nil, err
	}
	where, args := []string{pub}, []any{}
	if f.Province != "" {
		where, args = append(where, "o.province = ?"), append(args, f.Province)
	}
	if f.Sector != "" {
		where, args = append(where, "o.sector = ?"), append(args, f.Sector)
	}
	for _, w := range coop.SearchWords(f.Q) {
		where, args = append(where, `s.search_key LIKE ? ESCAPE '\'`), append(args, likePattern(w))
	}
	cond := strings.Join(where, " AND ")
	from := ` FROM ` + profilesJoin + ` AND `
	page, per := pageBounds(f.Page, f.PerPage)
	if f.PerPage <= 0 {
		per = 12
	}
	per = min(per, 48)
	out := &PublicPage{Items: []*PublicModel{}, Paging: Paging{Page: page, PerPage: per}}
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*)`+from+cond), args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("store: count public models: %w", err)
	}
	if out.Total == 0 {
		return out, nil
	}
	order := ` ORDER BY o.sort_key, o.id`
	if f.Recent {
		order = ` ORDER BY s.published_at DESC, o.id DESC`
	}
	page = lastPage(page, per, out.Total)
	out.Page = page
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+publicColumns+from+cond+order+` LIMIT ? OFFSET ?`),
		append(args, per, (page-1)*per)...)
	if err != nil {
		return nil, fmt.Errorf("store: public models: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanPublicModel(rows)
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, db.publicDetails(ctx, out.Items)
}

// PublicModel returns one model of the public showcase; anything else —
// a draft, an unpublished profile, an archived organisation, one that no
// longer qualifies — is not found.
func (db *DB) PublicModel(ctx context.Context, id int64) (*PublicModel, error) {
	pub, err := db.publicCondition(ctx)
	if err != nil {
		return nil, err
	}
	m, err := scanPublicModel(db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT `+publicColumns+
		` FROM `+profilesJoin+` AND o.id = ? AND `+pub), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, coop.NotFound("mô hình")
	}
	if err != nil {
		return nil, fmt.Errorf("store: public model %d: %w", id, err)
	}
	return m, db.publicDetails(ctx, []*PublicModel{m})
}

func scanPublicModel(sc scanner) (*PublicModel, error) {
	var m PublicModel
	var founded string
	var at sql.NullTime
	err := sc.Scan(&m.ID, &m.Name, &m.Kind, &m.Sector, &m.Province, &m.Commune, &founded,
		&m.MembersTotal, &m.MembersFemale, &m.WorkersTotal, &m.WorkersFemale, &m.WorkforceAsOf,
		&m.Story, &m.Beginnings, &m.Support, &m.JobsForWomen, &m.FemaleIncome, &m.OtherResults,
		&m.ContactName, &m.ContactPhone, &m.ContactEmail, &at)
	if err != nil {
		return nil, err
	}
	if len(founded) >= 4 {
		fmt.Sscanf(founded[:4], "%d", &m.FoundedYear)
	}
	if at.Valid {
		m.PublishedAt = at.Time
	}
	m.ProvinceName = coop.ProvinceName(m.Province)
	m.Products = []PublicProduct{}
	return &m, nil
}

// publicDetails adds the OCOP products and the share of women among the
// management positions held today, in one query each for the whole page.
// Only counts leave the positions table, never a name.
func (db *DB) publicDetails(ctx context.Context, models []*PublicModel) error {
	if len(models) == 0 {
		return nil
	}
	byID := make(map[int64]*PublicModel, len(models))
	marks := make([]string, len(models))
	ids := make([]any, len(models))
	for i, m := range models {
		byID[m.ID] = m
		marks[i], ids[i] = "?", m.ID
	}
	in := strings.Join(marks, ", ")
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT organisation_id, name, product_group, stars FROM ocop_products
		WHERE organisation_id IN (`+in+`) ORDER BY organisation_id, stars DESC, id`), ids...)
	if err != nil {
		return fmt.Errorf("store: public products: %w", err)
	}
	for rows.Next() {
		var id int64
		var p PublicProduct
		if err := rows.Scan(&id, &p.Name, &p.Group, &p.Stars); err != nil {
			rows.Close()
			return err
		}
		byID[id].Products = append(byID[id].Products, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	today := db.today()
	rows, err = db.read(ctx).QueryContext(ctx, db.rebind(`SELECT organisation_id, COUNT(*), COALESCE(SUM(CASE WHEN sex = ? THEN 1 ELSE 0 END), 0)
		FROM positions WHERE organisation_id IN (`+in+`) AND (from_date = '' OR from_date <= ?) AND (to_date = '' OR to_date >= ?)
		GROUP BY organisation_id`), append(append([]any{coop.SexFemale}, ids...), today, today)...)
	if err != nil {
		return fmt.Errorf("store: public management share: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var total, women int
		if err := rows.Scan(&id, &total, &women); err != nil {
			return err
		}
		byID[id].Managers, byID[id].ManagersWomen = total, women
	}
	return rows.Err()
}

// Headlines are the national figures on the public home page, read from the
// live rollups.
type Headlines struct {
	// Organisations with women in management under the active rule
	// (org_rollup), and the provinces where there is at least one.
	WomenManaged int64  `json:"women_managed_organisations"`
	WIMRule      string `json:"women_managed_rule"`
	Provinces    int64  `json:"provinces_covered"`
	// Jobs created for women by recorded support activities: T3 (in HTX)
	// plus T4 (in THT), from activity_rollup.
	JobsForWomen int64 `json:"jobs_for_women"`
	// Models on the public showcase now.
	Models int64 `json:"published_models"`
}

// PublicHeadlines returns the national headline figures. It takes no actor:
// they are public.
func (db *DB) PublicHeadlines(ctx context.Context) (*Headlines, error) {
	rules, err := db.ActiveRules(ctx)
	if err != nil {
		return nil, err
	}
	h := &Headlines{WIMRule: rules[coop.FamilyWomenManaged]}
	wimCol, _ := ruleColumn(h.WIMRule)
	if err := db.read(ctx).QueryRowContext(ctx, `SELECT COALESCE(SUM(`+wimCol+`), 0),
		COUNT(DISTINCT CASE WHEN `+wimCol+` > 0 THEN province END) FROM org_rollup`).Scan(&h.WomenManaged, &h.Provinces); err != nil {
		return nil, fmt.Errorf("store: headlines: %w", err)
	}
	if err := db.read(ctx).QueryRowContext(ctx, `SELECT COALESCE(SUM(jobs_women_htx + jobs_women_tht), 0) FROM activity_rollup`).
		Scan(&h.JobsForWomen); err != nil {
		return nil, fmt.Errorf("store: headlines jobs: %w", err)
	}
	pub, err := publicWhere(rules)
	if err != nil {
		return nil, err
	}
	if err := db.read(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM `+profilesJoin+` AND `+pub).
		Scan(&h.Models); err != nil {
		return nil, fmt.Errorf("store: headlines models: %w", err)
	}
	return h, nil
}
