package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

func init() {
	actionLabels["publish"] = "Công khai mô hình"
	actionLabels["unpublish"] = "Ngừng công khai mô hình"
	for k, v := range map[string]string{
		"published": "Công khai", "published_by": "Người công khai", "story": "Câu chuyện", "beginnings": "Bắt đầu như thế nào",
		"support": "Điều gì đã giúp", "jobs_for_women": "Việc làm cho lao động nữ", "female_avg_monthly_income": "Thu nhập BQ lao động nữ/tháng",
		"other_results": "Kết quả khác", "contact_name": "Đầu mối liên hệ", "contact_phone": "Điện thoại liên hệ", "contact_email": "Email liên hệ",
	} {
		fieldLabels[k] = v
	}
}

// publicCache is how long browsers and shared caches may keep a public
// page fetched by a visitor without credentials. Unpublishing takes effect
// on the server at once; a copy a visitor's cache kept may live this long.
const publicCache = "public, max-age=60"

// setPublicCache marks a public answer cacheable for visitors. The body is
// the same for everyone, but the staff who publish and unpublish models
// must see the change at once: a request with a session cookie or a token
// is answered "no-cache", and caches key the answer by those headers.
func setPublicCache(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Vary", "Cookie, Authorization")
	if _, err := r.Cookie(sessionCookie); err == nil || r.Header.Get("Authorization") != "" {
		h.Set("Cache-Control", "private, no-cache")
		return
	}
	h.Set("Cache-Control", publicCache)
}

// excerpt returns the first paragraph of s cut to about n characters at a
// word boundary, for the cards of the list.
func excerpt(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:–-") + "…"
}

// millions renders đồng as millions with one decimal, as people say an
// income: 6.100.000 is "6,1".
func millions(n int64) string {
	s := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	return strings.Replace(strings.TrimSuffix(s, ".0"), ".", ",", 1)
}

// telURL is the tel: link of a phone number (digits and a leading + only,
// which is why it may be marked safe).
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}

// asAnonymous returns the request as a signed-out visitor makes it: a
// public page is the same for everyone, so that any cache may keep it and
// nothing of a session reaches it.
func asAnonymous(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), actorKey, coop.Anonymous))
}

// renderPublic renders a public page as anyone sees it, cacheable.
func (s *Server) renderPublic(w http.ResponseWriter, r *http.Request, name string, data map[string]any) {
	data["Flash"] = ""
	setPublicCache(w, r)
	s.render(w, asAnonymous(r), name, data)
}

// failPublic answers an error on a public route, without anything of the
// session and without letting caches keep it.
func (s *Server) failPublic(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Cache-Control", "no-store")
	if isAPI(r) || status(err) == http.StatusInternalServerError {
		s.fail(w, asAnonymous(r), err)
		return
	}
	w.WriteHeader(status(err))
	s.render(w, asAnonymous(r), "error", map[string]any{"Status": status(err), "Message": coop.ErrorMessage(err), "Public": true, "Flash": ""})
}

// publicFilter reads the showcase filters from a query string (page and
// API share them); unknown provinces and sectors are ignored, a malformed
// number is an error.
func publicFilter(q url.Values) (store.PublicFilter, error) {
	f := store.PublicFilter{Q: strings.TrimSpace(q.Get("q")), Province: q.Get("province"), Sector: q.Get("sector")}
	if _, ok := coop.ProvinceByCode(f.Province); !ok {
		f.Province = ""
	}
	if !coop.Sectors.Valid(f.Sector) {
		f.Sector = ""
	}
	n := numbersOf(q)
	f.Page, f.PerPage = n.int("page"), n.int("per_page")
	return f, n.err()
}

// publicModels reads the showcase list the query string asks for.
func (s *Server) publicModels(r *http.Request) (store.PublicFilter, *store.PublicPage, error) {
	f, err := publicFilter(r.URL.Query())
	if err != nil {
		return f, nil, err
	}
	page, err := s.db.PublicModels(r.Context(), f)
	return f, page, err
}

// showcaseList is the public showcase; a malformed number in its address
// is the error page (a public page is cached, the refusal is not).
func (s *Server) showcaseList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, page, err := s.publicModels(r)
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	data := map[string]any{"Page": page, "Query": q, "Filter": f, "Filtered": f.Q != "" || f.Province != "" || f.Sector != ""}
	if page.Total == 0 && (f.Province != "" || f.Sector != "") && f.Q != "" {
		// Say whether the words alone would have found something.
		if wider, err := s.db.PublicModels(r.Context(), store.PublicFilter{Q: f.Q, PerPage: 1}); err == nil {
			data["Wider"] = wider.Total
		}
	}
	s.renderPublic(w, r, "showcase_list", data)
}

// publicModel reads the published model the path names.
func (s *Server) publicModel(r *http.Request) (*store.PublicModel, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.db.PublicModel(r.Context(), id)
}

func (s *Server) showcaseModel(w http.ResponseWriter, r *http.Request) {
	m, err := s.publicModel(r)
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	s.renderPublic(w, r, "showcase_model", map[string]any{"Model": m})
}

// publicHome is the home page of a signed-out visitor: the national
// figures, a search into the showcase and a few models.
func (s *Server) publicHome(w http.ResponseWriter, r *http.Request) {
	h, err := s.db.PublicHeadlines(r.Context())
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	models, err := s.db.PublicModels(r.Context(), store.PublicFilter{Recent: true, PerPage: 3})
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	rule, _ := coop.RuleByID(h.WIMRule)
	s.renderPublic(w, r, "public_home", map[string]any{"Headlines": h, "Rule": rule, "Models": models})
}

func (s *Server) apiShowcaseList(w http.ResponseWriter, r *http.Request) {
	_, page, err := s.publicModels(r)
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	setPublicCache(w, r)
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiShowcaseModel(w http.ResponseWriter, r *http.Request) {
	m, err := s.publicModel(r)
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	setPublicCache(w, r)
	writeJSON(w, http.StatusOK, m)
}

// Management.

var showcaseFlash = map[string]string{
	"saved":       "Đã lưu hồ sơ giới thiệu.",
	"published":   "Đã công khai mô hình trên trang giới thiệu mô hình điển hình.",
	"unpublished": "Đã ngừng công khai: mô hình không còn hiện với người xem bên ngoài.",
}

func (s *Server) showcaseManage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.ShowcaseFilter{Q: q.Get("q"), Province: q.Get("province"), State: q.Get("state"), PerPage: 25}
	var qerr error
	f.Page, qerr = queryInt(q, "page")
	page, err := s.db.ShowcaseProfiles(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderQueried(w, r, qerr, "showcase_manage", map[string]any{"Page": page, "Query": q, "Filter": f})
}

func (s *Server) showcaseEdit(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Showcase, func(st *store.ShowcaseState) {
		s.renderShowcaseForm(w, r, http.StatusOK, st, nil, showcaseFlash[r.URL.Query().Get("done")])
	})
}

// renderShowcaseForm shows the profile form; on an error, with what the
// user typed (form, when not nil, replaces the saved profile's fields) and
// the messages.
func (s *Server) renderShowcaseForm(w http.ResponseWriter, r *http.Request, code int, st *store.ShowcaseState, err error, flash string) {
	data := map[string]any{"Showcase": st, "Org": st.Org, "Errors": coop.ErrorFields(err), "Flash": flash, "OnShowcaseForm": true,
		"CanShowcase": coop.Allows(actor(r), coop.ActEdit, coop.Record{Kind: coop.ResShowcase, Province: st.Province}), "MinStory": coop.StoryMinPublish}
	if err != nil {
		data["Error"] = coop.ErrorMessage(err)
	}
	if events, _, herr := s.db.ShowcaseHistory(r.Context(), actor(r), st.OrganisationID, 1, 20); herr == nil {
		data["Entries"] = describeAll(events)
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, "showcase_form", data)
}

// showcaseFromForm reads the profile's fields from a posted form. A figure
// that is not a number becomes -1, so validation names the field; a
// version that is not a number is a field error returned apart.
func showcaseFromForm(r *http.Request, orgID int64) (*coop.Showcase, coop.Problems) {
	num := func(k string) int64 { return typedCount(r.PostFormValue(k), 0) }
	sc := &coop.Showcase{
		OrganisationID: orgID,
		Story:          r.PostFormValue("story"),
		Beginnings:     r.PostFormValue("beginnings"),
		Support:        r.PostFormValue("support"),
		JobsForWomen:   num("jobs_for_women"),
		FemaleIncome:   num("female_avg_monthly_income"),
		OtherResults:   r.PostFormValue("other_results"),
		ContactName:    r.PostFormValue("contact_name"),
		ContactPhone:   r.PostFormValue("contact_phone"),
		ContactEmail:   r.PostFormValue("contact_email"),
	}
	p := coop.Problems{}
	sc.Version = wholeNumber(p, "version", r.PostFormValue("version"))
	return sc, p
}

func (s *Server) showcaseSave(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	in, p := showcaseFromForm(r, id)
	err := formErr(p)
	if err == nil {
		err = s.db.SaveShowcase(r.Context(), actor(r), in)
	}
	if err != nil {
		s.showcaseFormError(w, r, id, in, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/organisations/%d/showcase?done=saved", id), http.StatusSeeOther)
}

// showcaseFormError shows the form again with the messages and, when the
// user typed a profile, what she typed; other errors go to the error page.
func (s *Server) showcaseFormError(w http.ResponseWriter, r *http.Request, id int64, typed *coop.Showcase, err error) {
	st, ok := refusedAt(s, w, r, s.db.Showcase, id, err)
	if !ok {
		return
	}
	if typed != nil {
		saved := st.Showcase
		st.Showcase = *typed
		st.Published, st.PublishedAt, st.PublishedBy = saved.Published, saved.PublishedAt, saved.PublishedBy
	}
	s.renderShowcaseForm(w, r, status(err), st, err, "")
}

func (s *Server) showcasePublish(w http.ResponseWriter, r *http.Request) {
	s.showcaseAct(w, r, "published", func(id int64) error {
		version, err := formNumber(r, "version")
		if err == nil {
			_, err = s.db.PublishShowcase(r.Context(), actor(r), id, version)
		}
		return err
	})
}

func (s *Server) showcaseUnpublish(w http.ResponseWriter, r *http.Request) {
	s.showcaseAct(w, r, "unpublished", func(id int64) error {
		_, err := s.db.UnpublishShowcase(r.Context(), actor(r), id)
		return err
	})
}

// showcaseAct takes an action (do) on the profile of the organisation the
// path names and comes back to its form; refused, the form shows again
// with the message.
func (s *Server) showcaseAct(w http.ResponseWriter, r *http.Request, done string, do func(id int64) error) {
	s.actAt(w, r, func(id int64) (string, error) {
		return fmt.Sprintf("/organisations/%d/showcase?done=%s", id, done), do(id)
	}, func(w http.ResponseWriter, r *http.Request, id int64, err error) {
		s.showcaseFormError(w, r, id, nil, err)
	})
}

// API.

// apiShowcase takes an action (do, when not nil) on the profile of the
// organisation id and answers the profile.
func (s *Server) apiShowcase(w http.ResponseWriter, r *http.Request, id int64, do func(id int64) error) {
	var err error
	if do != nil {
		err = do(id)
	}
	var st *store.ShowcaseState
	if err == nil {
		st, err = s.db.Showcase(r.Context(), actor(r), id)
	}
	s.reply(w, r, http.StatusOK, st, err)
}

// apiShowcaseAt is apiShowcase on the organisation the path names.
func (s *Server) apiShowcaseAt(w http.ResponseWriter, r *http.Request, do func(id int64) error) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	s.apiShowcase(w, r, id, do)
}

func (s *Server) apiShowcaseGet(w http.ResponseWriter, r *http.Request) {
	s.apiShowcaseAt(w, r, nil)
}

func (s *Server) apiShowcaseSave(w http.ResponseWriter, r *http.Request) {
	apiWrite(s, w, r, true, func(in *coop.Showcase, id int64) { in.OrganisationID = id }, s.db.SaveShowcase, func(in *coop.Showcase) {
		s.apiShowcase(w, r, in.OrganisationID, nil)
	})
}

func (s *Server) apiShowcasePublish(w http.ResponseWriter, r *http.Request) {
	s.apiShowcaseAt(w, r, func(id int64) error {
		var in versionBody
		if err := decodeOptionalJSON(r, &in); err != nil {
			return err
		}
		_, err := s.db.PublishShowcase(r.Context(), actor(r), id, in.Version)
		return err
	})
}

func (s *Server) apiShowcaseUnpublish(w http.ResponseWriter, r *http.Request) {
	s.apiShowcaseAt(w, r, func(id int64) error {
		_, err := s.db.UnpublishShowcase(r.Context(), actor(r), id)
		return err
	})
}
