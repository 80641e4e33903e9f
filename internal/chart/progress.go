package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// ProgressBar shows how far a figure is towards its target (the bar) and
// how far it should be by now (the marker), both labelled in words.
type ProgressBar struct {
	ID          string
	Title       string
	Desc        string
	Value       float64 // share of the target reached; drawn up to 1
	Marker      float64 // share expected by now; negative for none
	ValueLabel  string  // e.g. "Đạt 53,3% chỉ tiêu"
	MarkerLabel string  // e.g. "Thời gian: 18%"
	Colour      string  // of the bar; the palette's first if empty
	Width       float64 // of the viewBox; 300 if zero
}

// SVG renders the bar.
func (p ProgressBar) SVG() template.HTML { return template.HTML(p.render()) }

func (p ProgressBar) render() string {
	id := chartID(p.ID, p.Title)
	w := p.Width
	if w == 0 {
		w = 300
	}
	c := p.Colour
	if c == "" {
		c = Palette[0]
	}
	desc := p.Desc
	if desc == "" {
		desc = strings.TrimSuffix(strings.Join([]string{p.ValueLabel, p.MarkerLabel}, ". "), ". ") + "."
	}
	h := 34.0
	if p.Marker >= 0 && p.MarkerLabel != "" {
		h = 48
	}
	var b strings.Builder
	open(&b, id, w, h, p.Title, desc)
	fmt.Fprintf(&b, `<text x="0" y="12" font-weight="600">%s</text>`, esc(p.ValueLabel))
	fmt.Fprintf(&b, `<rect x="0.5" y="18.5" width="%s" height="12" rx="2" fill="#eef1f5" stroke="%s"/>`, num(w-1), gridColour)
	if v := math.Min(math.Max(p.Value, 0), 1); v > 0 {
		fmt.Fprintf(&b, `<rect x="0.5" y="18.5" width="%s" height="12" rx="2" fill="%s"><title>%s</title></rect>`, num(v*(w-1)), c, esc(p.ValueLabel))
	}
	if p.Marker >= 0 {
		m := math.Min(p.Marker, 1)
		x := 0.5 + m*(w-1)
		fmt.Fprintf(&b, `<g class="marker"><title>%s</title><line x1="%s" y1="15" x2="%s" y2="34" stroke="%s" stroke-width="2"/>`, esc(p.MarkerLabel), num(x), num(x), inkColour)
		if p.MarkerLabel != "" {
			anchor := "middle"
			switch half := textWidth(p.MarkerLabel) / 2; {
			case x < half:
				anchor = "start"
			case x > w-half:
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text x="%s" y="45" text-anchor="%s" fill="%s">%s</text>`, num(x), anchor, mutedColor, esc(p.MarkerLabel))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
