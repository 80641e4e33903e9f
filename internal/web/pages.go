package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	"int":        func(n int64) string { return coop.FormatInt(n) },
	"intn":       func(n int) string { return coop.FormatInt(int64(n)) },
	"date":       coop.FormatDateVN,
	"province":   coop.ProvinceName,
	"kind":       coop.Kinds.Label,
	"sector":     coop.Sectors.Label,
	"status":     coop.Statuses.Label,
	"role":       coop.ManagementRoles.Label,
	"sex":        coop.Sexes.Label,
	"ocopGroup":  coop.OCOPGroups.Label,
	"governance": coop.GovernanceModels.Label,
	"provinces":  coop.Provinces,
	"kinds":      func() coop.CodeList { return coop.Kinds },
	"sectors":    func() coop.CodeList { return coop.Sectors },
	"statuses":   func() coop.CodeList { return coop.Statuses },
	"sexes":      func() coop.CodeList { return coop.Sexes },
	"ocopGroups": func() coop.CodeList { return coop.OCOPGroups },
	"govModels":  func() coop.CodeList { return coop.GovernanceModels },
	"roles":      func() coop.CodeList { return coop.ManagementRoles },
	"rulesOf": func(family string) []coop.Rule {
		var out []coop.Rule
		for _, r := range coop.Rules {
			if r.Family == family {
				out = append(out, r)
			}
		}
		return out
	},
	"rule":  func(id string) coop.Rule { r, _ := coop.RuleByID(id); return r },
	"stars": func(n int) string { return strings.Repeat("★", n) },
	"percent": func(part, total int64) string {
		if total <= 0 {
			return "–"
		}
		return coop.FormatPercent(float64(part)/float64(total)) + "%"
	},
	"money": func(n int64) string { return coop.FormatInt(n) + " đ" },
	"field": func(errs map[string]string, key string) string { return errs[key] },
	"pageURL": func(q url.Values, page int) string {
		c := url.Values{}
		for k, v := range q {
			c[k] = v
		}
		c.Set("page", strconv.Itoa(page))
		return "?" + c.Encode()
	},
	"add": func(a, b int) int { return a + b },
	"seq": func(from, to int) []int {
		var out []int
		for i := from; i <= to; i++ {
			out = append(out, i)
		}
		return out
	},
	"pageWindow": func(page, pages int) []int {
		lo, hi := page-2, page+2
		if lo < 1 {
			lo = 1
		}
		if hi > pages {
			hi = pages
		}
		var out []int
		for i := lo; i <= hi; i++ {
			out = append(out, i)
		}
		return out
	},
	"i64":      func(n int) int64 { return int64(n) },
	"roleName": coop.Roles.Label,
	"roleList": func() coop.CodeList { return coop.Roles },
	"when": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.In(vnZone).Format("02/01/2006 15:04")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.In(vnZone).Format("02/01/2006 15:04")
		}
		return ""
	},
	// may answers what the actor may do regardless of any one record
	// (menus, "add" buttons), as fields checked when the page renders;
	// per-record actions come in each page's data as a coop.ActionSet.
	"may":     coop.CapabilitiesOf,
	"helpFor": helpTopicFor,
}

func parsePages() (*pages, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, n); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// render executes the named page into a buffer first, so a template error
// never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data map[string]any) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.log.Error("no such template", "name", name)
		http.Error(w, "Đã có lỗi hệ thống.", http.StatusInternalServerError)
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	data["Actor"] = actor(r)
	data["Path"] = r.URL.Path
	if a := actor(r); a.UserID != 0 {
		// The bell: a failed count hides the number, never the page.
		if n, err := s.db.UnreadNotices(r.Context(), a); err == nil {
			data["Unread"] = n
		}
	}
	if _, ok := data["Flash"]; !ok {
		data["Flash"] = flashMessage(r.URL.Query().Get("done"))
	}
	if _, ok := data["ProvinceNote"]; !ok {
		data["ProvinceNote"] = pageProvinceNote(w, r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "Đã có lỗi hệ thống.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func flashMessage(code string) string {
	switch code {
	case "created":
		return "Đã thêm tổ chức vào sổ đăng ký."
	case "saved":
		return "Đã lưu thay đổi."
	case "archived":
		return "Đã lưu trữ tổ chức. Tổ chức không còn được tính trong các số liệu."
	case "restored":
		return "Đã khôi phục tổ chức."
	case "rules":
		return "Đã đổi quy tắc phân loại. Mọi số liệu được tính lại theo quy tắc mới."
	case "signed_out":
		return "Bạn đã đăng xuất."
	case "signed_out_all":
		return "Đã đăng xuất khỏi mọi thiết bị."
	case "password":
		return "Đã đổi mật khẩu. Vui lòng đăng nhập lại bằng mật khẩu mới."
	case "token_revoked":
		return "Đã thu hồi mã truy cập."
	}
	return ""
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.FileServerFS(staticFS).ServeHTTP(w, r)
}

// pageOf clamps a requested page to the pages there are: page 999 of 3
// shows page 3, page 0 or less shows page 1.
func pageOf(page, perPage, total int) (int, int) {
	switch {
	case perPage <= 0:
		perPage = 50
	case perPage > 200: // as the store caps it
		perPage = 200
	}
	pages := (total + perPage - 1) / perPage
	switch {
	case page > pages && pages > 0:
		page = pages
	case page < 1:
		page = 1
	}
	return page, pages
}
