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
	var max int64
	maxLabel, maxValue := 0.0, 0.0
	for _, r := range c.Rows {
		maxLabel = math.Max(maxLabel, textWidth(r.Label))
		for _, v := range r.Values {
			if v > max {
				max = v
			}
			maxValue = math.Max(maxValue, textWidth(Int(v)))
		}
	}
	labelW := math.Min(math.Max(maxLabel+10, labelMin), labelMax)
	valueW := maxValue + 8
	ticks := Ticks(max, 5)
	top := float64(ticks[len(ticks)-1])
	plotX, plotW := labelW, w-labelW-valueW-4
	// Many rows (the 34 provinces) take thinner bars.
	single, grouped, gap := barHeight, groupBar, rowGap
	if len(c.Rows) > 12 {
		single, grouped, gap = 14, 9, 6
	}
	rowH := single + gap
	if k > 1 {
		rowH = float64(k)*grouped + float64(k-1)*groupInner + gap + 2
	}

	var body strings.Builder
	names := make([]string, k)
	for i := range names {
		if i < len(c.Series) {
			names[i] = c.Series[i]
		}
	}
	y0 := 4.0
	if k > 1 {
		items := make([]legendItem, k)
		for i := range items {
			i := i
			items[i] = legendItem{names[i], func(b *strings.Builder, x, y float64) {
				fmt.Fprintf(b, `<rect x="%s" y="%s" width="12" height="12" fill="%s" stroke="%s"/>`, num(x+0.5), num(y+0.5), fill(id, i), colour(i))
			}}
		}
		y0 += legend(&body, items, w, 4)
	}
	plotH := float64(len(c.Rows)) * rowH
	scale := func(v int64) float64 { return float64(v) / top * plotW }

	// Grid and tick labels.
	body.WriteString(`<g class="axis">`)
	for _, t := range ticks {
		x := plotX + scale(t)
		fmt.Fprintf(&body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(y0), num(x), num(y0+plotH), gridColour)
		fmt.Fprintf(&body, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(x), num(y0+plotH+14), mutedColor, Int(t))
	}
	fmt.Fprintf(&body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(plotX), num(y0), num(plotX), num(y0+plotH), mutedColor)
	if c.Unit != "" {
		fmt.Fprintf(&body, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(plotX+plotW/2), num(y0+plotH+30), mutedColor, esc(c.Unit))
	}
	body.WriteString(`</g>`)

	maxChars := int((labelW-10)/charWidth + 0.5)
	for ri, r := range c.Rows {
		y := y0 + float64(ri)*rowH + gap/2
		label := clip(r.Label, maxChars)
		fmt.Fprintf(&body, `<g class="row"><text x="%s" y="%s" text-anchor="end">`, num(labelW-6), num(y+(rowH-gap)/2+4))
		if label != r.Label {
			fmt.Fprintf(&body, `<title>%s</title>`, esc(r.Label))
		}
		body.WriteString(esc(label) + `</text>`)
		for si := 0; si < k; si++ {
			var v int64
			if si < len(r.Values) {
				v = r.Values[si]
			}
			h := single
			by := y
			if k > 1 {
				h = grouped
				by = y + float64(si)*(grouped+groupInner)
			}
			tip := r.Label + ": " + Int(v)
			if names[si] != "" {
				tip = r.Label + " – " + names[si] + ": " + Int(v)
			}
			if c.Unit != "" {
				tip += " (" + strings.ToLower(c.Unit) + ")"
			}
			link := ""
			if si < len(r.Links) {
				link = r.Links[si]
			}
			if link != "" {
				fmt.Fprintf(&body, `<a href="%s">`, esc(link))
			}
			fmt.Fprintf(&body, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"><title>%s</title></rect>`,
				num(plotX), num(by), num(scale(v)), num(h), fill(id, si), colour(si), esc(tip))
			fmt.Fprintf(&body, `<text x="%s" y="%s">%s</text>`, num(plotX+scale(v)+4), num(by+h/2+4), Int(v))
			if link != "" {
				body.WriteString(`</a>`)
			}
		}
		body.WriteString(`</g>`)
	}

	desc := c.Desc
	if desc == "" {
		desc = c.describe(names)
	}
	var b strings.Builder
	bottom := 20.0 // the tick labels
	if c.Unit != "" {
		bottom = 36 // and the axis label
	}
	open(&b, id, w, y0+plotH+bottom, c.Title, desc)
	patterns(&b, id, k)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return b.String()
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
