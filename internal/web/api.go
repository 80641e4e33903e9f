package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	v, err := s.db.SchemaVersion(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "schema_version": v, "version": s.version, "database": s.db.Dialect()})
}

func (s *Server) apiProvinces(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"items": coop.Provinces(), "legacy": coop.LegacyProvinces()})
}

func (s *Server) apiReference(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"kinds": coop.Kinds, "sectors": coop.Sectors, "statuses": coop.Statuses,
		"governance_models": coop.GovernanceModels, "management_roles": coop.ManagementRoles,
		"sexes": coop.Sexes, "ocop_groups": coop.OCOPGroups, "classification_rules": coop.Rules,
	})
}

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request) {
	active, err := s.db.ActiveRules(r.Context())
	s.reply(w, r, http.StatusOK, map[string]any{"active": active, "rules": coop.Rules}, err)
}

// ruleBody picks the classification rule: {"rule": id}.
type ruleBody struct {
	Rule string `json:"rule"`
}

func (s *Server) apiRulesUpdate(w http.ResponseWriter, r *http.Request) {
	apiSet(s, w, r, func(ctx context.Context, a coop.Actor, in ruleBody) error { return s.db.SetActiveRule(ctx, a, in.Rule) }, s.apiRules)
}

// orgItem is an organisation in a list: its own fields and the
// classifications under the rules that produced them.
type orgItem struct {
	ID                   int64          `json:"id"`
	Kind                 string         `json:"kind"`
	Name                 string         `json:"name"`
	RegistrationNo       string         `json:"registration_no"`
	Sector               string         `json:"sector"`
	Governance           string         `json:"governance"`
	Province             string         `json:"province"`
	ProvinceName         string         `json:"province_name"`
	Commune              string         `json:"commune"`
	Address              string         `json:"address"`
	FoundedOn            string         `json:"founded_on"`
	Status               string         `json:"status"`
	ParentID             int64          `json:"parent_id,omitempty"`
	Phone                string         `json:"phone"`
	Archived             bool           `json:"archived"`
	Version              int64          `json:"version"`
	WomenManaged         bool           `json:"women_managed"`
	WomenManagedRule     string         `json:"women_managed_rule"`
	HighFemaleLabour     bool           `json:"high_female_labour"`
	HighFemaleLabourRule string         `json:"high_female_labour_rule"`
	LatestWorkforce      *coop.Snapshot `json:"latest_workforce"`
	UpdatedAt            string         `json:"updated_at"`
}

func newOrgItem(o *coop.Organisation, wimRule, hflRule string) orgItem {
	return orgItem{
		ID: o.ID, Kind: o.Kind, Name: o.Name, RegistrationNo: o.RegistrationNo, Sector: o.Sector, Governance: o.Governance,
		Province: o.Province, ProvinceName: coop.ProvinceName(o.Province), Commune: o.Commune, Address: o.Address,
		FoundedOn: o.FoundedOn, Status: o.Status, ParentID: o.ParentID, Phone: o.Phone, Archived: o.Archived, Version: o.Version,
		WomenManaged: o.Flags.Get(wimRule), WomenManagedRule: wimRule,
		HighFemaleLabour: o.Flags.Get(hflRule), HighFemaleLabourRule: hflRule,
		LatestWorkforce: o.Workforce, UpdatedAt: o.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"),
	}
}

// orgDoc is one organisation in full, with the reasons of its
// classifications.
type orgDoc struct {
	orgItem
	WomenManagedReason     string          `json:"women_managed_reason"`
	HighFemaleLabourReason string          `json:"high_female_labour_reason"`
	Positions              []coop.Position `json:"positions"`
	Workforce              []coop.Snapshot `json:"workforce"`
	Products               []coop.Product  `json:"ocop_products"`
	// Actions are what the caller may do with the organisation now, as
	// the permission policy answers ("edit", "archive", "restore"…).
	Actions []string `json:"actions"`
}

func (s *Server) orgDocument(r *http.Request, o *coop.Organisation) (orgDoc, error) {
	rules, err := s.db.ActiveRules(r.Context())
	if err != nil {
		return orgDoc{}, err
	}
	wim, hfl := rules[coop.FamilyWomenManaged], rules[coop.FamilyHighFemaleLabour]
	d := orgDoc{orgItem: newOrgItem(o, wim, hfl), Positions: o.Positions, Workforce: o.Snapshots, Products: o.Products,
		Actions: coop.Actions(actor(r), orgRecord(o)).Strings()}
	today := coop.Today()
	wr, _ := coop.RuleByID(wim)
	hr, _ := coop.RuleByID(hfl)
	_, d.WomenManagedReason = wr.Evaluate(o, today)
	_, d.HighFemaleLabourReason = hr.Evaluate(o, today)
	return d, nil
}

func (s *Server) apiOrgList(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, orgFilter, s.orgListDoc)
}

// orgListDoc is a page of the registry as the API answers it.
func (s *Server) orgListDoc(ctx context.Context, a coop.Actor, f store.OrgFilter) (map[string]any, error) {
	page, err := s.db.Organisations(ctx, a, f)
	if err != nil {
		return nil, err
	}
	items := make([]orgItem, 0, len(page.Items))
	for _, o := range page.Items {
		items = append(items, newOrgItem(o, page.WIMRule, page.HFLRule))
	}
	out := map[string]any{
		"items": items, "total": page.Total, "page": page.Page, "per_page": page.PerPage,
		"women_managed_rule": page.WIMRule, "high_female_labour_rule": page.HFLRule,
	}
	if f.Indicator == "T5" {
		out["female_managers"] = page.FemaleManagers
	}
	if page.TotalCapped {
		out["total_capped"] = true // a search counted up to total: more match
	}
	return out, nil
}

func (s *Server) apiOrgGet(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Organisation, func(o *coop.Organisation) { s.writeOrgDocument(w, r, http.StatusOK, o) })
}

// writeOrg answers a write with the organisation as saved, read back so
// that its children carry their ids and order.
func (s *Server) writeOrg(w http.ResponseWriter, r *http.Request, code int, o *coop.Organisation) {
	full, err := s.db.Organisation(r.Context(), actor(r), o.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeOrgDocument(w, r, code, full)
}

// writeOrgDocument answers with an organisation as read.
func (s *Server) writeOrgDocument(w http.ResponseWriter, r *http.Request, code int, full *coop.Organisation) {
	d, err := s.orgDocument(r, full)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, code, d)
}

func (s *Server) apiOrgCreate(w http.ResponseWriter, r *http.Request) {
	apiWrite(s, w, r, false, func(*coop.Organisation, int64) {}, s.db.CreateOrganisation, func(o *coop.Organisation) {
		s.writeOrg(w, r, created(w, "/api/v1/organisations/", o.ID), o)
	})
}

func (s *Server) apiOrgUpdate(w http.ResponseWriter, r *http.Request) {
	apiWrite(s, w, r, true, func(o *coop.Organisation, id int64) { o.ID = id }, s.db.UpdateOrganisation, func(o *coop.Organisation) {
		s.writeOrg(w, r, http.StatusOK, o)
	})
}

func (s *Server) apiOrgArchive(w http.ResponseWriter, r *http.Request) { s.apiArchive(w, r, true) }
func (s *Server) apiOrgRestore(w http.ResponseWriter, r *http.Request) { s.apiArchive(w, r, false) }

func (s *Server) apiArchive(w http.ResponseWriter, r *http.Request, archive bool) {
	change := s.db.RestoreOrganisation
	if archive {
		change = s.db.ArchiveOrganisation
	}
	var in versionBody
	id, err := actionInput(r, decodeJSON, &in)
	var o *coop.Organisation
	if err == nil {
		o, err = change(r.Context(), actor(r), id, in.Version)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeOrg(w, r, http.StatusOK, o)
}

func (s *Server) apiCounts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	res, err := s.db.Counts(r.Context(), actor(r), store.CountsFilter{
		Province: q.Get("province"), Kind: q.Get("kind"), Sector: q.Get("sector"), Status: q.Get("status"),
		GroupBy: q.Get("group_by"), WIMRule: q.Get("women_managed_rule"), HFLRule: q.Get("high_female_labour_rule"),
		AsOf: q.Get("as_of"),
	})
	s.reply(w, r, http.StatusOK, res, err)
}

func itoa(n int64) string { return formatID(n) }

func formatID(n int64) string { return strconv.FormatInt(n, 10) }

// decodeOptionalJSON reads a JSON body into v when there is one: an empty
// body leaves v as it is.
func decodeOptionalJSON(r *http.Request, v any) error {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return decodeJSON(r, v)
}
