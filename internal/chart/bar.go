package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Bars is a horizontal bar chart: one row per item (a province, a sector,
// an activity type), read left to right, with room for long Vietnamese
// names. With several series the bars of a row are grouped, each series
// with its own colour and fill pattern, and a legend.
type Bars struct {
	ID     string   // unique on the page; derived from the title if empty
	Title  string   // what the chart shows (the <title>)
	Desc   string   // a sentence for screen readers; generated if empty
	Unit   string   // the value axis label, e.g. "Số tổ chức"
	Series []string // the series' names; may be empty for one series
	Rows   []BarRow
	Width  float64 // of the viewBox; 480 if zero
}

// BarRow is one row of a bar chart.
type BarRow struct {
	Label  string
	Values []int64  // one per series
	Links  []string // optional: where each bar leads
}

// Bar chart layout.
const (
	barWidth   = 480.0
	barHeight  = 16.0 // one series
	groupBar   = 12.0 // each bar of a group
	groupInner = 2.0
	rowGap     = 8.0
	labelMin   = 60.0
	labelMax   = 190.0
)

// SVG renders the chart.
func (c Bars) SVG() template.HTML { return template.HTML(c.render()) }

func (c Bars) series() int {
	n := len(c.Series)
	for _, r := range c.Rows {
		if len(r.Values) > n {
			n = len(r.Values)
		}
	}
	return n
}

// barLayout is where a bar chart's parts go.
type barLayout struct {
	w, labelW, plotX, plotW, top float64
	ticks                        []int64
	single, grouped, gap, rowH   float64
	k                            int // series
}

func (c Bars) layout(w float64, k int) barLayout {
	var most int64
	maxLabel, maxValue := 0.0, 0.0
	for _, r := range c.Rows {
		maxLabel = math.Max(maxLabel, textWidth(r.Label))
		for _, v := range r.Values {
			most = max(most, v)
			maxValue = math.Max(maxValue, textWidth(Int(v)))
		}
	}
	l := barLayout{w: w, k: k, ticks: Ticks(most, 5)}
	l.labelW = math.Min(math.Max(maxLabel+10, labelMin), labelMax)
	l.top = float64(l.ticks[len(l.ticks)-1])
	l.plotX, l.plotW = l.labelW, w-l.labelW-(maxValue+8)-4
	// Many rows (the 34 provinces) take thinner bars.
	l.single, l.grouped, l.gap = barHeight, groupBar, rowGap
	if len(c.Rows) > 12 {
		l.single, l.grouped, l.gap = 14, 9, 6
	}
	l.rowH = l.single + l.gap
	if k > 1 {
		l.rowH = float64(k)*l.grouped + float64(k-1)*groupInner + l.gap + 2
	}
	return l
}

// scale is the length of the bar of v.
func (l barLayout) scale(v int64) float64 { return float64(v) / l.top * l.plotW }

func (c Bars) render() string {
	id := chartID(c.ID, c.Title)
	w := c.Width
	if w == 0 {
		w = barWidth
	}
	k := c.series()
	if len(c.Rows) == 0 || k == 0 {
		return empty(id, w, c.Title)
	}
	l := c.layout(w, k)
	var body strings.Builder
	names := make([]string, k)
	copy(names, c.Series)
	y0 := 4.0
	if k > 1 {
		items := make([]legendItem, k)
		for i := range items {
			items[i] = legendItem{names[i], func(b *strings.Builder, x, y float64) {
				fmt.Fprintf(b, `<rect x="%s" y="%s" width="12" height="12" fill="%s" stroke="%s"/>`, num(x+0.5), num(y+0.5), fill(id, i), colour(i))
			}}
		}
		y0 += legend(&body, items, w, 4)
	}
	plotH := float64(len(c.Rows)) * l.rowH
	c.axis(&body, l, y0, plotH)
	maxChars := int((l.labelW-10)/charWidth + 0.5)
	for ri, r := range c.Rows {
		c.row(&body, l, r, names, id, y0+float64(ri)*l.rowH+l.gap/2, maxChars)
	}
	bottom := 20.0 // the tick labels
	if c.Unit != "" {
		bottom = 36 // and the axis label
	}
	return svg(id, w, y0+plotH+bottom, c.Title, orDescribe(c.Desc, func() string { return c.describe(names) }), k, &body)
}

// axis draws the grid, the tick labels and the unit.
func (c Bars) axis(body *strings.Builder, l barLayout, y0, plotH float64) {
	body.WriteString(`<g class="axis">`)
	for _, t := range l.ticks {
		x := l.plotX + l.scale(t)
		fmt.Fprintf(body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(y0), num(x), num(y0+plotH), gridColour)
		fmt.Fprintf(body, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(x), num(y0+plotH+14), mutedColor, Int(t))
	}
	fmt.Fprintf(body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.plotX), num(y0), num(l.plotX), num(y0+plotH), mutedColor)
	if c.Unit != "" {
		fmt.Fprintf(body, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(l.plotX+l.plotW/2), num(y0+plotH+30), mutedColor, esc(c.Unit))
	}
	body.WriteString(`</g>`)
}

// row draws a row's label and its bars from y.
func (c Bars) row(body *strings.Builder, l barLayout, r BarRow, names []string, id string, y float64, maxChars int) {
	label := clip(r.Label, maxChars)
	fmt.Fprintf(body, `<g class="row"><text x="%s" y="%s" text-anchor="end">`, num(l.labelW-6), num(y+(l.rowH-l.gap)/2+4))
	if label != r.Label {
		fmt.Fprintf(body, `<title>%s</title>`, esc(r.Label))
	}
	body.WriteString(esc(label) + `</text>`)
	for si := 0; si < l.k; si++ {
		var v int64
		if si < len(r.Values) {
			v = r.Values[si]
		}
		h, by := l.single, y
		if l.k > 1 {
			h, by = l.grouped, y+float64(si)*(l.grouped+groupInner)
		}
		tip := r.Label + ": " + Int(v)
		if names[si] != "" {
			tip = r.Label + " – " + names[si] + ": " + Int(v)
		}
		link := ""
		if si < len(r.Links) {
			link = r.Links[si]
		}
		if link != "" {
			fmt.Fprintf(body, `<a href="%s">`, esc(link))
		}
		fmt.Fprintf(body, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"><title>%s</title></rect>`,
			num(l.plotX), num(by), num(l.scale(v)), num(h), fill(id, si), colour(si), esc(withUnit(tip, c.Unit)))
		fmt.Fprintf(body, `<text x="%s" y="%s">%s</text>`, num(l.plotX+l.scale(v)+4), num(by+h/2+4), Int(v))
		if link != "" {
			body.WriteString(`</a>`)
		}
	}
	body.WriteString(`</g>`)
}

// describe says in words what the chart shows: how many rows, and the
// largest value of each series.
func (c Bars) describe(names []string) string {
	var parts []string
	for si, name := range names {
		best, at := int64(-1), ""
		for _, r := range c.Rows {
			if si < len(r.Values) && r.Values[si] > best {
				best, at = r.Values[si], r.Label
			}
		}
		s := fmt.Sprintf("cao nhất %s (%s)", at, Int(best))
		if name != "" {
			s = name + ": " + s
		}
		parts = append(parts, s)
	}
	return fmt.Sprintf("Biểu đồ cột ngang, %d mục. %s.", len(c.Rows), strings.Join(parts, "; "))
}
