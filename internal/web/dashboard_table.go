package web

import (
	"bytes"
	"net/url"
	"sort"

	"htxnu/internal/coop"
)

// dashTable is one table of the dashboard as data: the page renders it,
// the API returns it, and a spreadsheet can be written from it without
// knowing anything of the page.
type dashTable struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Note    string       `json:"note,omitempty"`
	Columns []dashColumn `json:"columns"`
	Rows    []dashRow    `json:"rows"`
	Total   *dashRow     `json:"total,omitempty"`
}

// dashColumn is a column of a table. SortHref and Sorted are set on the
// sortable table only.
type dashColumn struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Numeric  bool   `json:"numeric"`
	SortHref string `json:"-"`
	Sorted   string `json:"-"` // "asc", "desc" or ""
}

// numericColumns are columns of numbers, given as key, label, key, label…
func numericColumns(keyLabels ...string) []dashColumn {
	cols := make([]dashColumn, 0, len(keyLabels)/2)
	for i := 0; i+1 < len(keyLabels); i += 2 {
		cols = append(cols, dashColumn{Key: keyLabels[i], Label: keyLabels[i+1], Numeric: true})
	}
	return cols
}

// dashRow is a row: its key (a province code, a sector, a type…) and one
// cell per column.
type dashRow struct {
	Key   string     `json:"key"`
	Cells []dashCell `json:"cells"`
}

// dashCell is what a table shows in a cell. A count (N set) is a link to
// the list of the records behind it, whose total — or, when Sum names a
// field, the sum of that field — equals N.
type dashCell struct {
	Text string  `json:"text"`
	N    *int64  `json:"n,omitempty"`
	Href string  `json:"href,omitempty"`
	Sum  string  `json:"sum,omitempty"`
	sort float64 // what the column sorts by, for a share
	num  *int64  // a count shown without a link (for a spreadsheet)
	pct  *float64
}

// Value returns the raw count of the cell (0 for text).
func (c dashCell) Value() int64 {
	if c.N == nil {
		return 0
	}
	return *c.N
}

// textCell is a cell of words.
func textCell(s string) dashCell { return dashCell{Text: s} }

// countCell is a count with the link to its records.
func countCell(n int64, href string) dashCell {
	return dashCell{Text: coop.FormatInt(n), N: &n, Href: href, sort: float64(n)}
}

// sumCell is a sum of a field of the records the link lists.
func sumCell(n int64, href, field string) dashCell {
	c := countCell(n, href)
	c.Sum = field
	return c
}

// shareCell is part ÷ whole as a percent, derived from two counts shown
// beside it (so it is not itself a link).
func shareCell(part, whole int64) dashCell {
	if whole <= 0 {
		return dashCell{Text: "–", sort: -1}
	}
	s := float64(part) / float64(whole)
	return dashCell{Text: coop.FormatPercent(s) + "%", sort: s, pct: &s}
}

// link builds a URL of path with the parameters, given as key, value
// pairs, in a stable order; a later pair replaces an earlier one of the
// same key, and an empty value leaves the key out.
func link(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		} else {
			q.Del(kv[i])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// sortRows orders the table's rows by the column (the first column by
// Vietnamese dictionary order, the others by value, ties by the first
// column) and marks the columns with their sort links, built by href.
// It returns the column and direction applied.
func (t *dashTable) sortRows(key, dir string, href func(key, dir string) string) (string, string) {
	col := -1
	for i, c := range t.Columns {
		if c.Key == key {
			col = i
		}
	}
	if col < 0 {
		col, key, dir = 0, "", ""
	}
	if dir != "asc" && dir != "desc" {
		dir = "asc"
		if col > 0 {
			dir = "desc"
		}
	}
	keys := coop.NewSortKeyer()
	names := make(map[string][]byte, len(t.Rows))
	for _, r := range t.Rows {
		names[r.Key] = keys.Key(r.Cells[0].Text)
	}
	if key == "" {
		dir = ""
	} else {
		sort.SliceStable(t.Rows, func(i, j int) bool {
			a, b := t.Rows[i], t.Rows[j]
			if col > 0 && a.Cells[col].sort != b.Cells[col].sort {
				if dir == "asc" {
					return a.Cells[col].sort < b.Cells[col].sort
				}
				return a.Cells[col].sort > b.Cells[col].sort
			}
			c := bytes.Compare(names[a.Key], names[b.Key])
			if col == 0 && dir == "desc" {
				return c > 0
			}
			return c < 0
		})
	}
	for i := range t.Columns {
		c := &t.Columns[i]
		next := "desc"
		if i == 0 {
			next = "asc"
		}
		c.Sorted = ""
		if key != "" && i == col {
			c.Sorted = dir
			if dir == "asc" {
				next = "desc"
			} else {
				next = "asc"
			}
		}
		c.SortHref = href(c.Key, next)
	}
	return key, dir
}
