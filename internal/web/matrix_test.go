package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

// The permission matrix: every route of routes.go × every role × a record
// of the actor's own province, of another province and (for national
// actors) anywhere. It is generated from the routing table, so a new route
// cannot escape it. It fails on any leak: another province's record must
// answer 404 to a provincial account and never change; a role without the
// permission gets 403; no one signed out gets past 401 or the sign-in page.

const ownProvince, otherProvince = "08", "01"

const secretName = "Hợp tác xã Bí mật Thủ đô"

// matrixFixture lets a module's routes join the matrix. Its record routes
// (paths containing one of Prefixes, e.g. "/activities/{id}") are asked
// about a fresh record of the actor's province and of another province;
// its Creates ("POST /activities") are asked to create one in each.
type matrixFixture struct {
	Prefixes []string
	Creates  []string
	// Seed makes a fresh record in the province and returns the id that
	// goes into {id}; label must appear in the record's visible text (the
	// other province's records carry secretName, so a leak is caught).
	Seed func(t *testing.T, db *store.DB, province, label string) int64
	// Body returns the request body (and its content type) for a write.
	Body func(method, path string, id int64, province string) (string, string)
}

// matrixFixtures are appended by each module's test file, in init.
var matrixFixtures []matrixFixture

// matrixPageChecks look at every answer the matrix gets (e.g. the HTML
// structure of every page); they are appended in init.
var matrixPageChecks []func(t *testing.T, name string, res *http.Response, body []byte)

func fixtureFor(method, path string) (f *matrixFixture, record, create bool) {
	for i := range matrixFixtures {
		for _, p := range matrixFixtures[i].Prefixes {
			if strings.Contains(path, p) {
				return &matrixFixtures[i], true, false
			}
		}
		for _, c := range matrixFixtures[i].Creates {
			if c == method+" "+path {
				return &matrixFixtures[i], false, true
			}
		}
	}
	return nil, false, false
}

type matrixActor struct {
	name     string
	role     string
	province string
	token    string
}

func TestPermissionMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv, err := web.New(db, web.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()

		other := seedMatrixOrg(t, db, secretName, otherProvince)
		otherVersion := other.Version

		actors := []matrixActor{{name: "anonymous", role: coop.RoleAnonymous}}
		for _, r := range coop.Roles {
			if !coop.ProvinceOnly(r.Code) {
				actors = append(actors, matrixActor{name: r.Code + "/national", role: r.Code})
			}
			if !coop.NationalOnly(r.Code) {
				actors = append(actors, matrixActor{name: r.Code + "/" + ownProvince, role: r.Code, province: ownProvince})
			}
		}
		for i := range actors {
			if actors[i].role != coop.RoleAnonymous {
				actors[i].token = userToken(t, db, strings.ReplaceAll(actors[i].name, "/", ".")+"@matrix.test", actors[i].role, actors[i].province)
			}
		}

		client := ts.Client()
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		routes := srv.Routes()
		if len(routes) < 30 {
			t.Fatalf("only %d routes: the table did not load", len(routes))
		}
		for _, rt := range routes {
			method, path, _ := strings.Cut(rt.Pattern, " ")
			if path == "/static/" {
				path = "/static/app.css"
			}
			path = strings.ReplaceAll(path, "{$}", "")
			path = strings.ReplaceAll(path, "{code}", "T1") // indicator codes are not province records
			for ai, a := range actors {
				for _, target := range []string{ownProvince, otherProvince} {
					name := fmt.Sprintf("%s %s as %s on %s", method, path, a.name, target)
					// The audit API answers an organisation's history to anyone who
					// may read the organisation, so it is asked about one.
					orgRoute := strings.Contains(path, "/organisations/{id}") || path == "/api/v1/audit"
					createRoute := method == "POST" && (path == "/organisations" || path == "/api/v1/organisations")
					fx, fxRecord, fxCreate := fixtureFor(method, path)
					orgRoute = orgRoute || fxRecord
					createRoute = createRoute || fxCreate
					if !orgRoute && !createRoute && target == otherProvince {
						continue // one request is enough for routes without a record
					}
					var u string
					var body io.Reader
					var ctype string
					if fx != nil {
						label := "Bản ghi ma trận " + strconv.Itoa(len(name))
						if target == otherProvince {
							label = secretName
						}
						var id int64
						if fxRecord {
							id = fx.Seed(t, db, target, label)
						}
						u = strings.ReplaceAll(path, "{id}", strconv.FormatInt(id, 10))
						if method != "GET" {
							b, ct := fx.Body(method, path, id, target)
							body, ctype = strings.NewReader(b), ct
						}
					} else {
						// A fresh organisation for each request on the own side, so
						// earlier requests (archive, delete) do not change the answer.
						o := other
						if target == ownProvince {
							o = seedMatrixOrg(t, db, "Hợp tác xã Ma trận "+strconv.Itoa(len(name)), ownProvince)
						}
						u, body, ctype = fillRequest(t, db, a, method, path, o, target)
					}
					req, _ := http.NewRequest(method, ts.URL+u, body)
					if ctype != "" {
						req.Header.Set("Content-Type", ctype)
					}
					if a.token != "" {
						req.Header.Set("Authorization", "Bearer "+a.token)
					}
					res, err := client.Do(req)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					b, _ := io.ReadAll(res.Body)
					res.Body.Close()
					for _, check := range matrixPageChecks {
						check(t, name, res, b)
					}
					code, loc := res.StatusCode, res.Header.Get("Location")
					// "Sign out everywhere" (and a password reset) revoke the
					// account's API tokens: give it a new one for what follows.
					if a.token != "" {
						if _, err := db.TokenActor(ctx, a.token); coop.ErrorCode(err) == coop.EUNAUTH {
							u, err := db.UserByEmail(ctx, coop.System, strings.ReplaceAll(a.name, "/", ".")+"@matrix.test")
							if err != nil {
								t.Fatal(err)
							}
							tok, _, err := db.CreateAPIToken(ctx, u.Actor(), "test")
							if err != nil {
								t.Fatal(err)
							}
							actors[ai].token, a.token = tok, tok
						}
					}
					actor := coop.Actor{Role: a.role, Province: a.province}

					switch {
					case rt.Perm == coop.PermPublic:
						if code >= 500 {
							t.Errorf("%s: public route answered %d", name, code)
						}
					case a.role == coop.RoleAnonymous:
						if code != 401 && !(code == 303 && strings.HasPrefix(loc, "/login")) {
							t.Errorf("%s: signed out got %d (want 401 or the sign-in page)", name, code)
						}
					case !coop.Can(actor, rt.Perm):
						if code != 403 {
							t.Errorf("%s: role without %s got %d, want 403", name, rt.Perm, code)
						}
					case target == otherProvince && a.province != "" && orgRoute:
						if code != 404 {
							t.Errorf("%s: another province's record answered %d, want 404", name, code)
						}
					case target == otherProvince && a.province != "" && createRoute:
						if code != 403 {
							t.Errorf("%s: creating in another province answered %d, want 403", name, code)
						}
					case a.role == coop.RoleCentral && method != "GET" && (fxRecord || fxCreate) && code == 403:
						// Central staff write central records only
						// (coop.CanWriteRecord); every fixture record is a province's.
					default:
						if code >= 500 || code == 401 || code == 403 || code == 404 {
							t.Errorf("%s: allowed request answered %d: %.300s", name, code, b)
						}
					}
					if a.province != "" && strings.Contains(string(b), secretName) {
						t.Errorf("%s: a provincial account saw another province's organisation", name)
					}
				}
			}
		}
		// Nothing done by the provincial accounts changed the other
		// province's record.
		after, err := db.Organisation(ctx, coop.System, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		events, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "organisation", EntityID: other.ID})
		for _, e := range events {
			if e.ActorID != 0 {
				if u, err := db.User(ctx, coop.System, e.ActorID); err == nil && u.Province != "" {
					t.Errorf("a provincial account (%s) changed another province's organisation: %s", u.Email, e.Action)
				}
			}
		}
		_ = after
		_ = otherVersion
	})
}

func seedMatrixOrg(t *testing.T, db *store.DB, name, province string) *coop.Organisation {
	t.Helper()
	o := &coop.Organisation{
		Kind: coop.KindHTX, Name: name, Sector: "agriculture", Governance: coop.GovernanceFull, Province: province, Status: coop.StatusActive,
		Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Nguyễn Thị An", Sex: coop.SexFemale}},
		Snapshots: []coop.Snapshot{{AsOf: "2025-06-30", WorkersTotal: 10, WorkersFemale: 6}},
		Products:  []coop.Product{{Name: "Chè Shan tuyết", Group: "drinks", Stars: 4}},
	}
	if err := db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
		t.Fatal(err)
	}
	return o
}

// fillRequest puts real ids into a route's path and a plausible body.
func fillRequest(t *testing.T, db *store.DB, a matrixActor, method, path string, o *coop.Organisation, target string) (string, io.Reader, string) {
	t.Helper()
	ctx := context.Background()
	full, err := db.Organisation(ctx, coop.System, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(o.ID, 10)
	switch {
	case strings.HasPrefix(path, "/admin/users/{id}"):
		u := &store.User{Email: fmt.Sprintf("target%d@matrix.test", o.ID), Name: "Người được sửa", Role: coop.RoleViewer}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-đủ-dài"); err != nil {
			t.Fatal(err)
		}
		id = strconv.FormatInt(u.ID, 10)
	case strings.HasPrefix(path, "/account/tokens/{id}") && a.role != coop.RoleAnonymous:
		u, err := db.UserByEmail(ctx, coop.System, strings.ReplaceAll(a.name, "/", ".")+"@matrix.test")
		if err != nil {
			t.Fatal(err)
		}
		_, tok, err := db.CreateAPIToken(ctx, u.Actor(), "để thu hồi")
		if err != nil {
			t.Fatal(err)
		}
		id = strconv.FormatInt(tok.ID, 10)
	}
	p := strings.ReplaceAll(path, "{id}", id)
	p = strings.ReplaceAll(p, "{pid}", strconv.FormatInt(childID(full, p), 10))
	p = strings.ReplaceAll(p, "{sid}", strconv.FormatInt(full.Snapshots[0].ID, 10))
	version := strconv.FormatInt(full.Version, 10)
	if method == "GET" {
		if p == "/api/v1/audit" {
			return p + "?entity=organisation&id=" + strconv.FormatInt(o.ID, 10), nil, ""
		}
		if p == "/organisations" || p == "/api/v1/organisations" || p == "/api/v1/counts" || p == "/audit" {
			p += "?province=" + otherProvince // asking for another province shows nothing of it
		}
		return p, nil, ""
	}
	if strings.HasPrefix(p, "/api/") {
		body := `{"version":` + version + `}`
		switch {
		case p == "/api/v1/organisations":
			body = `{"kind":"HTX","name":"Hợp tác xã Mới","sector":"agriculture","governance":"full","province":"` + target + `","status":"active"}`
		case strings.HasPrefix(p, "/api/v1/organisations/") && method == "PUT":
			body = `{"version":` + version + `,"kind":"HTX","name":"Đổi tên","sector":"agriculture","governance":"full","province":"` + full.Province + `","status":"active"}`
		case p == "/api/v1/rules":
			body = `{"rule":"wim-default-v1"}`
		}
		return p, strings.NewReader(body), "application/json"
	}
	form := url.Values{"version": {version}}
	switch {
	case p == "/organisations":
		form = url.Values{"kind": {"HTX"}, "name": {"Hợp tác xã Mới"}, "sector": {"agriculture"}, "governance": {"full"}, "province": {target}, "status": {"active"}}
	case strings.HasSuffix(p, "/end"):
		form.Set("to", "2026-01-01")
	case strings.HasSuffix(p, "/positions"):
		form = url.Values{"version": {version}, "role": {"chair"}, "holder": {"Trần Văn Bình"}, "sex": {"male"}}
	case strings.HasSuffix(p, "/workforce"):
		form = url.Values{"version": {version}, "as_of": {"2025-12-31"}, "workers_total": {"10"}, "workers_female": {"5"}}
	case strings.HasSuffix(p, "/products"):
		form = url.Values{"version": {version}, "product_name": {"Mật ong"}, "group": {"food"}, "stars": {"3"}}
	case strings.HasPrefix(p, "/organisations/") && strings.Count(p, "/") == 2:
		form = url.Values{"version": {version}, "kind": {"HTX"}, "name": {"Đổi tên"}, "sector": {"agriculture"}, "governance": {"full"}, "province": {full.Province}, "status": {"active"}}
	case p == "/settings/rules":
		form = url.Values{"women_managed": {"wim-default-v1"}}
	case p == "/login":
		form = url.Values{"email": {"khong-co@matrix.test"}, "password": {"sai"}}
	case p == "/account/password":
		form = url.Values{"current_password": {"sai"}, "new_password": {"x"}, "confirm_password": {"x"}}
	case p == "/account/tokens":
		form = url.Values{"name": {"kịch bản"}}
	case p == "/admin/users":
		form = url.Values{"email": {fmt.Sprintf("new%d@matrix.test", o.ID)}, "name": {"Mới"}, "role": {"viewer"}}
	case strings.HasPrefix(p, "/admin/users/") && !strings.HasSuffix(p, "/password"):
		form = url.Values{"version": {"1"}, "name": {"Đổi tên"}, "role": {"viewer"}}
	}
	return p, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
}

func childID(o *coop.Organisation, path string) int64 {
	switch {
	case strings.Contains(path, "/products/"):
		return o.Products[0].ID
	default:
		return o.Positions[0].ID
	}
}
