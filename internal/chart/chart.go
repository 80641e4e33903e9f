// Package chart draws the dashboards' charts as SVG on the server, so they
// need no JavaScript, print as they show and can be tested as text.
//
// Every chart is an <svg role="img"> with a <title> and a <desc>, scales to
// its container through its viewBox (a phone screen included), uses the
// system's sans-serif font, writes numbers the Vietnamese way (1.234; 38,4%),
// labels its axes and its values, gives every bar and point a <title> for
// hover, and tells series apart by the Okabe–Ito colour-blind-safe palette
// together with fill patterns, marker shapes and dash styles, so that no
// series depends on colour alone. Text is escaped; an empty chart says
// "Chưa có số liệu".
package chart

import (
	"fmt"
	"hash/fnv"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"htxnu/internal/coop"
)

// Palette is the Okabe–Ito palette, in the order series take it (yellow and
// black last: yellow is faint on white, black reads as an axis).
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

// Empty is what a chart without data says.
const Empty = "Chưa có số liệu"

// Colours of the chart's furniture.
const (
	inkColour  = "#1d2430"
	mutedColor = "#5b6575"
	gridColour = "#d9dee7"
	fontSize   = 12
	charWidth  = 6.8 // average advance of a character at fontSize, for layout
)

// Ticks returns the values of about n+1 nice ticks (steps of 1, 2 or 5 times
// a power of ten, at least 1) from 0 to the first tick at or above max.
func Ticks(max int64, n int) []int64 {
	if n < 2 {
		n = 2
	}
	if max <= 0 {
		return []int64{0, 1}
	}
	step := NiceStep(float64(max) / float64(n))
	top := (max + step - 1) / step * step
	var out []int64
	for v := int64(0); v <= top; v += step {
		out = append(out, v)
	}
	return out
}

// NiceStep returns the smallest step of 1, 2 or 5 times a power of ten
// (at least 1) that is not below raw.
func NiceStep(raw float64) int64 {
	if raw <= 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step := m * mag; step >= raw-1e-9 {
			return int64(math.Round(step))
		}
	}
	return int64(math.Round(10 * mag))
}

// esc escapes text for SVG (XML) content and attributes.
func esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate: at most one decimal, no trailing zero.
func num(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}

// textWidth estimates the width of s in the chart's font.
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * charWidth }

// clip shortens s to at most max characters, ending with "…".
func clip(s string, max int) string {
	if max < 2 || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

// Int formats a value with the Vietnamese thousands separator.
func Int(n int64) string { return coop.FormatInt(n) }

// chartID returns id made safe for an XML id, or one derived from the
// title, so that two charts on a page never share pattern ids.
func chartID(id, title string) string {
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		return b.String()
	}
	h := fnv.New32a()
	h.Write([]byte(title))
	return fmt.Sprintf("c%08x", h.Sum32())
}

// open writes the <svg> element with its title and description.
func open(b *strings.Builder, id string, w, h float64, title, desc string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-t %s-d" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif" font-size="%d" fill="%s">`,
		id, num(w), num(h), id, id, fontSize, inkColour)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// svg returns the chart: the <svg> element with its title and description,
// the fill patterns of its series (none for fewer than two) and the body.
func svg(id string, w, h float64, title, desc string, series int, body *strings.Builder) string {
	var b strings.Builder
	open(&b, id, w, h, title, desc)
	patterns(&b, id, series)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return b.String()
}

// orDescribe returns desc, or when it is empty the description describe
// writes.
func orDescribe(desc string, describe func() string) string {
	if desc == "" {
		return describe()
	}
	return desc
}

// withUnit adds the unit, in lower case, to a hover title.
func withUnit(tip, unit string) string {
	if unit == "" {
		return tip
	}
	return tip + " (" + strings.ToLower(unit) + ")"
}

// empty renders a chart that has no data.
func empty(id string, w float64, title string) string {
	var b strings.Builder
	open(&b, id, w, 48, title, Empty+".")
	fmt.Fprintf(&b, `<rect x="0.5" y="0.5" width="%s" height="47" fill="#fff" stroke="%s" stroke-dasharray="4 3"/>`, num(w-1), gridColour)
	fmt.Fprintf(&b, `<text x="%s" y="29" text-anchor="middle" fill="%s">%s</text></svg>`, num(w/2), mutedColor, Empty)
	return b.String()
}

// colour returns the palette colour of series i.
func colour(i int) string { return Palette[i%len(Palette)] }

// fill returns the fill of series i: series 0 is solid, the others carry a
// pattern defined by patterns.
func fill(id string, i int) string {
	if i == 0 {
		return colour(0)
	}
	return fmt.Sprintf("url(#%s-p%d)", id, i)
}

// patterns writes the <defs> of the fill patterns of series 1..n-1:
// stripes, dots, cross-hatching and bands in turn.
func patterns(b *strings.Builder, id string, n int) {
	if n < 2 {
		return
	}
	b.WriteString("<defs>")
	for i := 1; i < n; i++ {
		c := colour(i)
		pid := fmt.Sprintf("%s-p%d", id, i)
		switch (i - 1) % 4 {
		case 0: // diagonal stripes
			fmt.Fprintf(b, `<pattern id="%s" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="3.5" height="6" fill="%s"/></pattern>`, pid, c)
		case 1: // dots
			fmt.Fprintf(b, `<pattern id="%s" patternUnits="userSpaceOnUse" width="5" height="5"><rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.7" fill="%s"/></pattern>`, pid, c)
		case 2: // cross-hatching
			fmt.Fprintf(b, `<pattern id="%s" patternUnits="userSpaceOnUse" width="6" height="6"><rect width="6" height="6" fill="#fff"/><path d="M0 3H6M3 0V6" stroke="%s" stroke-width="1.5"/></pattern>`, pid, c)
		default: // horizontal bands
			fmt.Fprintf(b, `<pattern id="%s" patternUnits="userSpaceOnUse" width="6" height="6"><rect width="6" height="6" fill="#fff"/><rect width="6" height="3" fill="%s"/></pattern>`, pid, c)
		}
	}
	b.WriteString("</defs>")
}

// legendItem is one entry of a legend: the swatch is drawn by swatch at
// (x, y) of its top-left corner, 12 by 12.
type legendItem struct {
	name   string
	swatch func(b *strings.Builder, x, y float64)
}

// legend lays the items out in rows within width from y and returns the
// height used.
func legend(b *strings.Builder, items []legendItem, width, y float64) float64 {
	if len(items) < 2 {
		return 0
	}
	x, rows := 0.0, 1
	for _, it := range items {
		w := 18 + textWidth(it.name) + 14
		if x > 0 && x+w > width {
			x, rows = 0, rows+1
		}
		top := y + float64(rows-1)*18
		it.swatch(b, x, top)
		fmt.Fprintf(b, `<text x="%s" y="%s">%s</text>`, num(x+18), num(top+10.5), esc(it.name))
		x += w
	}
	return float64(rows)*18 + 4
}
