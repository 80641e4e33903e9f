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

// lineLayout is where a line chart's parts go.
type lineLayout struct {
	w, y0, plotX, plotW, top float64
	ticks                    []int64
	n                        int // periods
}

// y is the height of v.
func (l lineLayout) y(v int64) float64 { return l.y0 + linePlotH - float64(v)/l.top*linePlotH }

// x is the place of period i.
func (l lineLayout) x(i int) float64 {
	if l.n == 1 {
		return l.plotX + l.plotW/2
	}
	return l.plotX + 8 + float64(i)*(l.plotW-16)/float64(l.n-1)
}

func (c Lines) render() string {
	id := chartID(c.ID, c.Title)
	w := c.Width
	if w == 0 {
		w = lineWidth
	}
	if len(c.Periods) == 0 || len(c.Series) == 0 {
		return empty(id, w, c.Title)
	}
	var most int64
	for _, s := range c.Series {
		for _, v := range s.Values {
			most = max(most, v)
		}
	}
	l := lineLayout{w: w, n: len(c.Periods), ticks: Ticks(most, 5)}
	l.top = float64(l.ticks[len(l.ticks)-1])
	for _, t := range l.ticks {
		l.plotX = math.Max(l.plotX, textWidth(Int(t)))
	}
	l.plotX += 8
	l.plotW = w - l.plotX - lineRight

	var body strings.Builder
	items := make([]legendItem, len(c.Series))
	for i, s := range c.Series {
		items[i] = legendItem{s.Name, func(b *strings.Builder, x, y float64) {
			fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"%s/>`, num(x), num(y+6), num(x+14), num(y+6), colour(i), dashAttr(i))
			marker(b, i, x+7, y+6, "")
		}}
	}
	l.y0 = 8 + legend(&body, items, w, 4)
	if c.Unit != "" {
		fmt.Fprintf(&body, `<text x="0" y="%s" fill="%s">%s</text>`, num(l.y0+10), mutedColor, esc(c.Unit))
		l.y0 += 20
	}
	c.axis(&body, l)
	for si, s := range c.Series {
		c.line(&body, l, si, s)
	}
	return svg(id, w, l.y0+linePlotH+lineBottom, c.Title, orDescribe(c.Desc, c.describe), 0, &body)
}

// axis draws the grid, the tick labels and the period labels, thinned out
// so that they do not overlap.
func (c Lines) axis(body *strings.Builder, l lineLayout) {
	body.WriteString(`<g class="axis">`)
	for _, t := range l.ticks {
		y := l.y(t)
		fmt.Fprintf(body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.plotX), num(y), num(l.plotX+l.plotW), num(y), gridColour)
		fmt.Fprintf(body, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, num(l.plotX-6), num(y+4), mutedColor, Int(t))
	}
	bottom := l.y0 + linePlotH
	fmt.Fprintf(body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.plotX), num(bottom), num(l.plotX+l.plotW), num(bottom), mutedColor)
	widest := 0.0
	for _, p := range c.Periods {
		widest = math.Max(widest, textWidth(p))
	}
	every := 1
	if fit := int((l.plotW - 16) / (widest + 8)); fit > 0 && l.n > fit {
		every = (l.n + fit - 1) / fit
	}
	for i, p := range c.Periods {
		if i%every != 0 {
			continue
		}
		anchor, half := "middle", textWidth(p)/2
		switch {
		case l.x(i)+half > l.w:
			anchor = "end" // keep the last label inside the chart
		case l.x(i)-half < 0:
			anchor = "start"
		}
		fmt.Fprintf(body, `<text x="%s" y="%s" text-anchor="%s" fill="%s">%s</text>`, num(l.x(i)), num(bottom+16), anchor, mutedColor, esc(p))
	}
	body.WriteString(`</g>`)
}

// line draws series si: its line, a marker with a hover title at each
// point and the last value.
func (c Lines) line(body *strings.Builder, l lineLayout, si int, s LineSeries) {
	fmt.Fprintf(body, `<g class="series" data-series="%d">`, si)
	var pts []string
	for i := range c.Periods {
		if i < len(s.Values) {
			pts = append(pts, num(l.x(i))+","+num(l.y(s.Values[i])))
		}
	}
	if len(pts) > 1 {
		fmt.Fprintf(body, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`, strings.Join(pts, " "), colour(si), dashAttr(si))
	}
	for i, p := range c.Periods {
		if i >= len(s.Values) {
			break
		}
		marker(body, si, l.x(i), l.y(s.Values[i]), withUnit(s.Name+", "+p+": "+Int(s.Values[i]), c.Unit))
	}
	if last := len(s.Values) - 1; last >= 0 && last < l.n {
		anchor, dx := "end", -6.0
		if last == 0 {
			anchor, dx = "start", 6
		}
		// Above the point, or below it when that would leave the chart.
		ly := l.y(s.Values[last]) - 7 - float64(si)*13
		if ly < 12 {
			ly = l.y(s.Values[last]) + 17 + float64(si)*13
		}
		fmt.Fprintf(body, `<text x="%s" y="%s" text-anchor="%s" font-weight="600" fill="%s">%s</text>`,
			num(l.x(last)+dx), num(ly), anchor, inkColour, Int(s.Values[last]))
	}
	body.WriteString(`</g>`)
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
