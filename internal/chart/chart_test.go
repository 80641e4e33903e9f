package chart

import (
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata")

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		max  int64
		want []int64
	}{
		{0, []int64{0, 1}},
		{-5, []int64{0, 1}},
		{1, []int64{0, 1}},
		{3, []int64{0, 1, 2, 3}},
		{4, []int64{0, 1, 2, 3, 4}},
		{7, []int64{0, 2, 4, 6, 8}},
		{87, []int64{0, 20, 40, 60, 80, 100}},
		{100, []int64{0, 20, 40, 60, 80, 100}},
		{240, []int64{0, 50, 100, 150, 200, 250}},
		{230, []int64{0, 50, 100, 150, 200, 250}},
		{1500, []int64{0, 500, 1000, 1500}},
		{1501, []int64{0, 500, 1000, 1500, 2000}},
		{38_000_000_000, []int64{0, 10_000_000_000, 20_000_000_000, 30_000_000_000, 40_000_000_000}},
	} {
		if got := Ticks(c.max, 5); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Ticks(%d) = %v, want %v", c.max, got, c.want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for raw, want := range map[float64]int64{0.3: 1, 1: 1, 1.2: 2, 2: 2, 2.1: 5, 5: 5, 7: 10, 10: 10, 11: 20, 25: 50, 340: 500, 5000: 5000} {
		if got := NiceStep(raw); got != want {
			t.Errorf("NiceStep(%v) = %d, want %d", raw, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	if got := clip("Thành phố Hồ Chí Minh", 10); got != "Thành phố…" {
		t.Errorf("clip = %q", got)
	}
	if got := clip("Hà Nội", 10); got != "Hà Nội" {
		t.Errorf("clip = %q", got)
	}
}

func TestChartID(t *testing.T) {
	if got := chartID(`a"b<c>-1`, ""); got != "abc-1" {
		t.Errorf("chartID kept unsafe characters: %q", got)
	}
	a, b := chartID("", "Tổ chức theo tỉnh"), chartID("", "Hoạt động theo loại")
	if a == b || !strings.HasPrefix(a, "c") {
		t.Errorf("derived ids %q and %q", a, b)
	}
}

// provinces are rows with long Vietnamese names, one to escape.
var provinces = []BarRow{
	{Label: "Thành phố Hồ Chí Minh", Values: []int64{1234, 456}, Links: []string{"/organisations?province=79", "/organisations?province=79&women_managed=1"}},
	{Label: "Tuyên Quang", Values: []int64{87, 61}},
	{Label: "Hà Nội", Values: []int64{0, 0}},
	{Label: `Tổ "Mây & Tre" <thử>`, Values: []int64{12, 3}},
}

func charts() map[string]string {
	one := make([]BarRow, len(provinces))
	for i, r := range provinces {
		one[i] = BarRow{Label: r.Label, Values: r.Values[:1]}
	}
	months := []string{"01/2026", "02/2026", "03/2026", "04/2026", "05/2026", "06/2026", "07/2026", "08/2026", "09/2026", "10/2026", "11/2026", "12/2026"}
	return map[string]string{
		"bars_one": Bars{ID: "one", Title: "Tổ chức theo tỉnh", Unit: "Số tổ chức", Rows: one}.render(),
		"bars_grouped": Bars{ID: "grouped", Title: "Tổ chức và tổ chức có phụ nữ tham gia quản lý", Unit: "Số tổ chức",
			Series: []string{"Tổ chức", "Có phụ nữ tham gia quản lý"}, Rows: provinces}.render(),
		"bars_empty": Bars{ID: "none", Title: "Tổ chức theo tỉnh"}.render(),
		"lines": Lines{ID: "time", Title: "Hoạt động theo tháng", Unit: "Số lượng", Periods: months, Series: []LineSeries{
			{Name: "Hoạt động", Values: []int64{3, 5, 2, 8, 13, 7, 9, 12, 4, 6, 10, 11}},
			{Name: "Tổ chức được hỗ trợ", Values: []int64{10, 12, 4, 20, 31, 18, 22, 30, 9, 15, 25, 28}},
		}}.render(),
		"lines_one_period": Lines{ID: "single", Title: "Hoạt động", Periods: []string{"Q1/2026"}, Series: []LineSeries{{Name: "Hoạt động", Values: []int64{4}}}}.render(),
		"lines_empty":      Lines{ID: "nolines", Title: "Hoạt động theo tháng"}.render(),
		"lines_quarters": Lines{ID: "quarters", Title: "Hoạt động theo quý", Periods: []string{"Q4/2025", "Q1/2026", "Q2/2026", "Q3/2026", "Q4/2026"},
			Series: []LineSeries{{Name: "Hoạt động", Values: []int64{0, 0, 2, 1, 1}}, {Name: "Tổ chức được hỗ trợ", Values: []int64{0, 0, 6, 1, 1}}}}.render(),
		"progress": ProgressBar{ID: "t1", Title: "T1: tiến độ", Value: 0.533, Marker: 0.18,
			ValueLabel: "Đạt 53,3% chỉ tiêu 2030", MarkerLabel: "Thời gian đã qua: 18%", Colour: "#009E73"}.render(),
		"progress_over":      ProgressBar{ID: "t3", Title: "T3", Value: 1.4, Marker: 1, ValueLabel: "Đạt 140%", MarkerLabel: "Thời gian: 100%"}.render(),
		"progress_no_marker": ProgressBar{ID: "t5", Title: "T5", Value: 0, Marker: -1, ValueLabel: "Đạt 0%"}.render(),
	}
}

func TestGolden(t *testing.T) {
	for name, got := range charts() {
		path := filepath.Join("testdata", name+".svg")
		if *update {
			if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./internal/chart -update)", name, err)
		}
		if got+"\n" != string(want) {
			t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", name, path, got)
		}
	}
}

// element is the parsed tree of an SVG, enough to check its structure.
type element struct {
	Name     string
	Attr     map[string]string
	Text     string
	Children []*element
}

func parse(t *testing.T, s string) *element {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	var stack []*element
	var root *element
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			e := &element{Name: tk.Name.Local, Attr: map[string]string{}}
			for _, a := range tk.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tk)
			}
		}
	}
	return root
}

func (e *element) walk(fn func(*element)) {
	fn(e)
	for _, c := range e.Children {
		c.walk(fn)
	}
}

func (e *element) child(name string) *element {
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (e *element) texts() []string {
	var out []string
	e.walk(func(x *element) {
		if x.Name == "text" {
			out = append(out, strings.TrimSpace(x.Text))
		}
	})
	return out
}

func TestAccessibleAndSafe(t *testing.T) {
	for name, s := range charts() {
		root := parse(t, s)
		if root.Name != "svg" || root.Attr["role"] != "img" || root.Attr["viewBox"] == "" {
			t.Errorf("%s: root %s role=%q viewBox=%q", name, root.Name, root.Attr["role"], root.Attr["viewBox"])
		}
		if _, ok := root.Attr["width"]; ok {
			t.Errorf("%s: a fixed width stops the chart from fitting a phone", name)
		}
		title, desc := root.child("title"), root.child("desc")
		if title == nil || desc == nil || strings.TrimSpace(title.Text) == "" || strings.TrimSpace(desc.Text) == "" {
			t.Errorf("%s: needs a <title> and a <desc>", name)
		}
		for _, bad := range []string{"<script", "style=", "@import", "url(http", "font-face"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}

func TestBarsLabelEveryBar(t *testing.T) {
	root := parse(t, charts()["bars_grouped"])
	var bars, withTitle int
	root.walk(func(e *element) {
		if e.Name == "rect" && strings.HasPrefix(e.Attr["fill"], "url(#grouped-p") || e.Name == "rect" && e.Attr["fill"] == Palette[0] {
			if e.Attr["width"] == "12" { // a legend swatch
				return
			}
			bars++
			if c := e.child("title"); c != nil && c.Text != "" {
				withTitle++
			}
		}
	})
	if bars != 8 || withTitle != 8 {
		t.Errorf("%d bars, %d with a title; want 8 and 8", bars, withTitle)
	}
	texts := strings.Join(root.texts(), "|")
	for _, want := range []string{
		"1.234",                      // Vietnamese thousands separator
		`Tổ "Mây & Tre" <thử>`,       // escaped, and read back intact
		"Số tổ chức",                 // the axis label
		"Có phụ nữ tham gia quản lý", // the legend
		"Thành phố Hồ Chí Minh",      // a long name fits
		"0|0",                        // zero values are labelled too
	} {
		if !strings.Contains(texts, want) {
			t.Errorf("texts lack %q: %s", want, texts)
		}
	}
	s := charts()["bars_grouped"]
	if !strings.Contains(s, `<pattern id="grouped-p1"`) || !strings.Contains(s, `fill="url(#grouped-p1)"`) {
		t.Error("the second series must carry a pattern, not colour alone")
	}
	if !strings.Contains(s, `<a href="/organisations?province=79&amp;women_managed=1">`) {
		t.Error("a bar's link is missing or unescaped")
	}
}

func TestLongLabelsAreClippedWithTheFullNameInATitle(t *testing.T) {
	long := "Hợp tác xã Nông nghiệp và Dịch vụ Tổng hợp Thôn Bản Phố Xã Mai Châu"
	root := parse(t, Bars{ID: "long", Title: "Dài", Rows: []BarRow{{Label: long, Values: []int64{5}}}}.render())
	var found bool
	root.walk(func(e *element) {
		if e.Name == "text" && strings.HasSuffix(strings.TrimSpace(e.Text), "…") {
			if c := e.child("title"); c != nil && c.Text == long {
				found = true
			}
		}
	})
	if !found {
		t.Error("a long label must be clipped with an ellipsis and keep the full name in its <title>")
	}
}

func TestLinesMarkEveryPoint(t *testing.T) {
	root := parse(t, charts()["lines"])
	points := 0
	root.walk(func(e *element) {
		if (e.Name == "circle" || e.Name == "rect" || e.Name == "path") && e.child("title") != nil {
			points++
		}
	})
	if points != 24 {
		t.Errorf("%d points with a title, want 24", points)
	}
	s := charts()["lines"]
	if !strings.Contains(s, "<title>Tổ chức được hỗ trợ, 05/2026: 31 (số lượng)</title>") {
		t.Error("a point's title names the series, the period and the value")
	}
	if !strings.Contains(s, `stroke-dasharray="7 4"`) {
		t.Error("the second series needs its own dash style")
	}
	texts := strings.Join(parse(t, s).texts(), "|")
	for _, want := range []string{"01/2026", "11", "28", "Số lượng"} {
		if !strings.Contains(texts, want) {
			t.Errorf("texts lack %q: %s", want, texts)
		}
	}
}

func TestLineLabelsStayInside(t *testing.T) {
	s := charts()["lines_quarters"]
	if !strings.Contains(s, `text-anchor="end" fill="#5b6575">Q4/2026</text>`) {
		t.Error("the last period's label must end at its point, inside the chart")
	}
}

func TestEmptyChartsSaySo(t *testing.T) {
	for _, name := range []string{"bars_empty", "lines_empty"} {
		texts := parse(t, charts()[name]).texts()
		if len(texts) != 1 || texts[0] != Empty {
			t.Errorf("%s: texts %v, want only %q", name, texts, Empty)
		}
	}
	if got := parse(t, Lines{Title: "x", Periods: []string{"2026"}}.render()).texts(); len(got) != 1 || got[0] != Empty {
		t.Errorf("periods without series: %v", got)
	}
}

func TestProgressBar(t *testing.T) {
	root := parse(t, charts()["progress_over"])
	var fillW, trackW string
	root.walk(func(e *element) {
		if e.Name == "rect" && e.Attr["fill"] == "#eef1f5" {
			trackW = e.Attr["width"]
		} else if e.Name == "rect" {
			fillW = e.Attr["width"]
		}
	})
	if fillW != trackW || fillW != "299" {
		t.Errorf("over 100%%: bar %q, track %q; the bar stops at the track's end", fillW, trackW)
	}
	texts := strings.Join(root.texts(), "|")
	if !strings.Contains(texts, "Đạt 140%") {
		t.Errorf("the label keeps the real share: %s", texts)
	}
	s := charts()["progress_no_marker"]
	if strings.Contains(s, `class="marker"`) {
		t.Error("no marker was asked for")
	}
	if n := strings.Count(s, "<rect"); n != 1 {
		t.Errorf("a zero bar draws only the track, got %d rects", n)
	}
	m := parse(t, charts()["progress"])
	var x string
	m.walk(func(e *element) {
		if e.Name == "line" {
			x = e.Attr["x1"]
		}
	})
	if x != "54.3" { // 0.5 + 0.18 × 299
		t.Errorf("marker at x=%s, want 54.3", x)
	}
}
