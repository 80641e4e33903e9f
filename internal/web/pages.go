package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type pages struct {
	byName map[string]*template.Template
}

func parsePages() (*pages, error) {
	funcs, err := templateFuncs()
	if err != nil {
		return nil, err
	}
	// dashTableHTML is "dash-table" rendered, kept with the table
	// (dashboard_table_html.go).
	tables := &tableMemo{}
	funcs["dashTableHTML"] = tables.html
	if tables.t, err = template.New("tables").Funcs(funcs).ParseFS(templateFS, "templates/partials/dashboard.html"); err != nil {
		return nil, fmt.Errorf("web: parse the dashboard's tables: %w", err)
	}
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

// flash is the message of the request's done code: a page's own
// (messages), or one every page says.
func flash(messages map[string]string, r *http.Request) string {
	done := r.URL.Query().Get("done")
	if m := messages[done]; m != "" {
		return m
	}
	return flashMessage(done)
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
