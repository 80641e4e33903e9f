package web

import (
	"bytes"
	"html/template"
	"sync"
	"unsafe"
)

// A dashboard page is rendered again whenever one of its sections moves —
// on reporting day, with every report's move — but most of its tables
// are the very values kept with their sections (Server.section): each
// table's HTML is kept beside it, so the page renders again only the
// tables computed since. A table is known by its rows and columns (the
// same arrays: a section's tables are never changed once computed) and
// its titles; the kept HTML holds those arrays, so their addresses are
// not reused while it is kept.

// tableMemoMax bounds the tables kept.
const tableMemoMax = 2048

type tableKey struct {
	rows            *dashRow
	n               int
	cols            *dashColumn
	total           *dashRow
	id, title, note string
}

type tableHTML struct {
	rows []dashRow
	cols []dashColumn
	html template.HTML
}

// tableMemo renders "dash-table" of templates/partials/dashboard.html
// (parsed into t) and keeps what it rendered. Each server has its own.
type tableMemo struct {
	t *template.Template

	mu sync.Mutex
	m  map[tableKey]tableHTML
}

// html is the table rendered by "dash-table".
func (tm *tableMemo) html(t dashTable) (template.HTML, error) {
	if len(t.Rows) == 0 || len(t.Columns) == 0 {
		return tm.render(t)
	}
	k := tableKey{unsafe.SliceData(t.Rows), len(t.Rows), unsafe.SliceData(t.Columns), t.Total, t.ID, t.Title, t.Note}
	tm.mu.Lock()
	v, ok := tm.m[k]
	tm.mu.Unlock()
	if ok {
		return v.html, nil
	}
	h, err := tm.render(t)
	if err != nil {
		return "", err
	}
	tm.mu.Lock()
	if tm.m == nil || len(tm.m) >= tableMemoMax {
		tm.m = map[tableKey]tableHTML{}
	}
	tm.m[k] = tableHTML{t.Rows, t.Columns, h}
	tm.mu.Unlock()
	return h, nil
}

func (tm *tableMemo) render(t dashTable) (template.HTML, error) {
	var buf bytes.Buffer
	if err := tm.t.ExecuteTemplate(&buf, "dash-table", t); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}
