package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Lines is a line chart of one or more series over periods (months,
// quarters, years). Each series has its colour, its dash style and its
// marker shape; every point has a <title>, the last point of each series
// its value.
type Lines struct {
	ID      string
	Title   string
	Desc    string
	Unit    string   // the value axis label
	Periods []string // the labels of the x axis, in order
	Series  []LineSeries
	Width   float64 // of the viewBox; 480 if zero
}

// LineSeries is one line: a value per period.
type LineSeries struct {
	Name   string
	Values []int64
}

// Line chart layout.
const (
	lineWidth  = 480.0
	linePlotH  = 180.0
	lineRight  = 14.0
	lineBottom = 22.0
)

var dashes = []string{"", "7 4", "2 3", "9 3 2 3"}

// SVG renders the chart.
func (c Lines) SVG() template.HTML { return template.HTML(c.render()) }

func (c Lines) render() string {
	id := chartID(c.ID, c.Title)
	w := c.Width
	if w == 0 {
		w = lineWidth
	}
	if len(c.Periods) == 0 || len(c.Series) == 0 {
		return empty(id, w, c.Title)
	}
	var max int64
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v > max {
				max = v
			}
		}
	}
	ticks := Ticks(max, 5)
	top := float64(ticks[len(ticks)-1])
	left := 0.0
	for _, t := range ticks {
		left = math.Max(left, textWidth(Int(t)))
	}
	left += 8

	var body strings.Builder
	items := make([]legendItem, len(c.Series))
	for i, s := range c.Series {
		i := i
		items[i] = legendItem{s.Name, func(b *strings.Builder, x, y float64) {
			fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"%s/>`, num(x), num(y+6), num(x+14), num(y+6), colour(i), dashAttr(i))
			marker(b, i, x+7, y+6, "")
		}}
	}
	y0 := 8 + legend(&body, items, w, 4)
	if c.Unit != "" {
		fmt.Fprintf(&body, `<text x="0" y="%s" fill="%s">%s</text>`, num(y0+10), mutedColor, esc(c.Unit))
		y0 += 20
	}
	plotX, plotW := left, w-left-lineRight
	scaleY := func(v int64) float64 { return y0 + linePlotH - float64(v)/top*linePlotH }
	n := len(c.Periods)
	x := func(i int) float64 {
		if n == 1 {
			return plotX + plotW/2
		}
		return plotX + 8 + float64(i)*(plotW-16)/float64(n-1)
	}

	body.WriteString(`<g class="axis">`)
	for _, t := range ticks {
		y := scaleY(t)
		fmt.Fprintf(&body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(plotX), num(y), num(plotX+plotW), num(y), gridColour)
		fmt.Fprintf(&body, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, num(plotX-6), num(y+4), mutedColor, Int(t))
	}
	fmt.Fprintf(&body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(plotX), num(y0+linePlotH), num(plotX+plotW), num(y0+linePlotH), mutedColor)
	// Period labels, thinned out so that they do not overlap.
	widest := 0.0
	for _, p := range c.Periods {
		widest = math.Max(widest, textWidth(p))
	}
	every := 1
	if fit := int((plotW - 16) / (widest + 8)); fit > 0 && n > fit {
		every = (n + fit - 1) / fit
	}
	for i, p := range c.Periods {
		if i%every != 0 {
			continue
		}
		anchor, half := "middle", textWidth(p)/2
		switch {
		case x(i)+half > w:
			anchor = "end" // keep the last label inside the chart
		case x(i)-half < 0:
			anchor = "start"
		}
		fmt.Fprintf(&body, `<text x="%s" y="%s" text-anchor="%s" fill="%s">%s</text>`, num(x(i)), num(y0+linePlotH+16), anchor, mutedColor, esc(p))
	}
	body.WriteString(`</g>`)

	for si, s := range c.Series {
		fmt.Fprintf(&body, `<g class="series" data-series="%d">`, si)
		var pts []string
		for i := range c.Periods {
			if i < len(s.Values) {
				pts = append(pts, num(x(i))+","+num(scaleY(s.Values[i])))
			}
		}
		if len(pts) > 1 {
			fmt.Fprintf(&body, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`, strings.Join(pts, " "), colour(si), dashAttr(si))
		}
		for i, p := range c.Periods {
			if i >= len(s.Values) {
				break
			}
			tip := s.Name + ", " + p + ": " + Int(s.Values[i])
			if c.Unit != "" {
				tip += " (" + strings.ToLower(c.Unit) + ")"
			}
			marker(&body, si, x(i), scaleY(s.Values[i]), tip)
		}
		if last := len(s.Values) - 1; last >= 0 && last < n {
			anchor, dx := "end", -6.0
			if last == 0 {
				anchor, dx = "start", 6
			}
			// Above the point, or below it when that would leave the chart.
			ly := scaleY(s.Values[last]) - 7 - float64(si)*13
			if ly < 12 {
				ly = scaleY(s.Values[last]) + 17 + float64(si)*13
			}
			fmt.Fprintf(&body, `<text x="%s" y="%s" text-anchor="%s" font-weight="600" fill="%s">%s</text>`,
				num(x(last)+dx), num(ly), anchor, inkColour, Int(s.Values[last]))
		}
		body.WriteString(`</g>`)
	}

	desc := c.Desc
	if desc == "" {
		desc = c.describe()
	}
	var b strings.Builder
	open(&b, id, w, y0+linePlotH+lineBottom, c.Title, desc)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return b.String()
}

func dashAttr(i int) string {
	if d := dashes[i%len(dashes)]; d != "" {
		return ` stroke-dasharray="` + d + `"`
	}
	return ""
}

// marker draws series i's point shape at (x, y): circle, square, triangle,
// diamond in turn, with a hover title when tip is set.
func marker(b *strings.Builder, i int, x, y float64, tip string) {
	c := colour(i)
	t := ""
	if tip != "" {
		t = "<title>" + esc(tip) + "</title>"
	}
	switch i % 4 {
	case 0:
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="4" fill="%s" stroke="#fff">%s</circle>`, num(x), num(y), c, t)
	case 1:
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="8" height="8" fill="%s" stroke="#fff">%s</rect>`, num(x-4), num(y-4), c, t)
	case 2:
		fmt.Fprintf(b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="#fff">%s</path>`, num(x), num(y-5), num(x+5), num(y+4), num(x-5), num(y+4), c, t)
	default:
		fmt.Fprintf(b, `<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="#fff">%s</path>`, num(x), num(y-5), num(x+5), num(y), num(x), num(y+5), num(x-5), num(y), c, t)
	}
}

// describe says in words what the chart shows: the periods covered and
// each series' total and last value.
func (c Lines) describe() string {
	var parts []string
	for _, s := range c.Series {
		var sum int64
		for _, v := range s.Values {
			sum += v
		}
		last := int64(0)
		if len(s.Values) > 0 {
			last = s.Values[len(s.Values)-1]
		}
		parts = append(parts, fmt.Sprintf("%s: tổng %s, kỳ cuối %s", s.Name, Int(sum), Int(last)))
	}
	return fmt.Sprintf("Biểu đồ đường, %d kỳ từ %s đến %s. %s.", len(c.Periods), c.Periods[0], c.Periods[len(c.Periods)-1], strings.Join(parts, "; "))
}
