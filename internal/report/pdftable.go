package report

import (
	"math"
	"slices"
	"strings"
)

// tableLayout is a table measured for the page: its font size, column
// widths and the text of every cell.
type tableLayout struct {
	size      float64
	widths    []float64
	aligns    []string
	header    []string
	rows      [][]string
	total     []string
	totalSpan int // leading columns the "Tổng cộng" label spans; 0 when the caller labelled the total
}

// pcell is one cell of a row as drawn: its width, alignment and lines.
type pcell struct {
	w     float64
	size  float64
	align string
	lines []string
}

// table draws t: its caption, a bordered grid whose header row repeats at
// the top of every page it runs onto, then its notes. The columns always
// span the text width exactly, so a table never overflows the page.
func (r *renderer) table(t Table) {
	if len(t.Columns) == 0 {
		return
	}
	tl := r.measureTable(t)
	lh := tl.size * pt * 1.15
	header := r.cells(tl, tl.header, "B", 0)
	for i := range header {
		header[i].align = "C"
	}
	headerH := rowHeight(header, lh)

	var notes []string
	nlh := noteSize * pt * 1.15
	for _, n := range t.Notes {
		if n = pdfText(n); n != "" {
			notes = append(notes, r.wrap("I", noteSize, n, textW, textW)...)
		}
	}
	notesH := 0.0
	if len(notes) > 0 {
		notesH = 1.5 + float64(len(notes))*nlh
	}

	var rows [][]pcell
	for _, row := range tl.rows {
		rows = append(rows, r.cells(tl, row, "", 0))
	}
	if tl.total != nil {
		rows = append(rows, r.cells(tl, tl.total, "B", tl.totalSpan))
	}

	// The caption stays with the header and the first row.
	var caption []string
	if title := pdfText(t.Title); title != "" {
		caption = r.balanced("B", headSize, title, textW)
	}
	captionLH := headSize * pt * lineSpacing
	first := headerH
	if len(rows) > 0 {
		first += rowHeight(rows[0], lh)
	}
	r.y += 2
	r.ensure(float64(len(caption))*captionLH + 1 + first)
	if len(caption) > 0 {
		r.centred(marginLeft, textW, "B", headSize, caption)
		r.y += 1
	}

	page := bottomY - marginTop
	drawHeader := func() { r.row(header, "B", lh, page, 0, nil) }
	drawHeader()
	for i, row := range rows {
		style, keep := "", 0.0
		if tl.total != nil && i == len(rows)-1 {
			style = "B"
		}
		if i == len(rows)-1 && notesH < page/4 {
			keep = notesH // the last row takes the notes along
		}
		r.row(row, style, lh, page-headerH, keep, drawHeader)
	}

	if len(notes) > 0 {
		r.y += 1.5
		for _, l := range notes {
			r.ensure(nlh)
			r.text(marginLeft, r.y, textW, nlh, "I", noteSize, "L", l)
			r.y += nlh
		}
	}
	r.y += paraSpace
}

// row draws one row of cells. A row that does not fit in what is left of
// the page (with keep millimetres more for what must follow it) moves to
// the next page, after the header (drawHeader; nil for the header itself).
// A row taller than a fresh page (fresh: the height a page offers below its
// header) is split between lines instead.
func (r *renderer) row(cells []pcell, style string, lh, fresh, keep float64, drawHeader func()) {
	next := func() {
		r.newPage()
		if drawHeader != nil {
			drawHeader()
		}
	}
	onFreshPage := false
	for {
		h := rowHeight(cells, lh)
		if r.y+h+keep <= bottomY+0.01 || onFreshPage && r.y+h <= bottomY+0.01 {
			r.drawRow(cells, style, lh, h)
			return
		}
		n := int((bottomY - r.y - 2*cellPadY) / lh)
		if !onFreshPage && (h <= fresh || n < 1) {
			next()
			onFreshPage = true
			continue
		}
		// Too tall for any page: draw the lines that fit here (at least
		// one, so that a pathological table still ends), the rest after.
		head, tail := splitLines(cells, max(n, 1))
		r.drawRow(head, style, lh, rowHeight(head, lh))
		cells = tail
		next()
		onFreshPage = true
	}
}

// drawRow draws the cells of one row h high, their text centred vertically.
func (r *renderer) drawRow(cells []pcell, style string, lh, h float64) {
	x := marginLeft
	for _, c := range cells {
		r.rect(x, r.y, c.w, h)
		y := r.y + (h-float64(len(c.lines))*lh)/2
		for _, l := range c.lines {
			r.text(x+cellPadX, y, c.w-2*cellPadX, lh, style, c.size, c.align, l)
			y += lh
		}
		x += c.w
	}
	r.y += h
}

func rowHeight(cells []pcell, lh float64) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	return float64(n)*lh + 2*cellPadY
}

// splitLines cuts every cell after its first n lines.
func splitLines(cells []pcell, n int) (head, tail []pcell) {
	head, tail = make([]pcell, len(cells)), make([]pcell, len(cells))
	for i, c := range cells {
		k := min(n, len(c.lines))
		head[i], tail[i] = c, c
		head[i].lines, tail[i].lines = c.lines[:k], c.lines[k:]
	}
	return head, tail
}

// cells wraps the texts of a row to their columns' widths; when span > 0
// the first span columns merge into one cell holding texts[0], centred.
func (r *renderer) cells(tl tableLayout, texts []string, style string, span int) []pcell {
	wrap := func(s string, w float64) []string {
		if s == "" {
			return nil
		}
		return r.wrap(style, tl.size, s, w-2*cellPadX, w-2*cellPadX)
	}
	var out []pcell
	i := 0
	if span > 0 {
		w := sum(tl.widths[:span])
		out = append(out, pcell{w: w, size: tl.size, align: "C", lines: wrap(texts[0], w)})
		i = span
	}
	for ; i < len(tl.widths); i++ {
		out = append(out, pcell{w: tl.widths[i], size: tl.size, align: tl.aligns[i], lines: wrap(texts[i], tl.widths[i])})
	}
	return out
}

// measureTable formats every cell and chooses the font size and column
// widths. Columns share the text width in proportion to their Width, or
// without one to their content, each at least as wide as its longest word. The font
// shrinks for a wide table (down to tableSmall) and until the longest words
// of all columns fit side by side (down to tableMin); past that, words are
// cut.
func (r *renderer) measureTable(t Table) tableLayout {
	tl := formatTable(t)
	size := tableMax
	nat, low := r.measureColumns(tl, size)
	// Smaller type for a table much wider than the page (down to
	// tableSmall), and as small as needed for its words to fit at all.
	for size > tableMin && (sum(low) > textW || size > tableSmall && sum(nat) > 1.3*textW) {
		size--
		nat, low = r.measureColumns(tl, size)
	}
	tl.size = size
	if sum(low) > textW {
		tl.widths = spread(low, textW) // words will be cut
		return tl
	}
	tl.widths = fitWidths(low, columnShares(t.Columns, nat))
	return tl
}

// formatTable formats the header, the rows and the total of t, and aligns
// numbers right and dates centred.
func formatTable(t Table) tableLayout {
	n := len(t.Columns)
	tl := tableLayout{aligns: make([]string, n), header: make([]string, n)}
	for i, c := range t.Columns {
		tl.header[i] = pdfText(headerTitle(c))
		switch c.Kind {
		case Int, Money, Percent:
			tl.aligns[i] = "R"
		case Date:
			tl.aligns[i] = "C"
		default:
			tl.aligns[i] = "L"
		}
	}
	format := func(row []any) []string {
		out := make([]string, n)
		for i, c := range t.Columns {
			out[i] = pdfText(c.Kind.Format(cell(row, i)))
		}
		return out
	}
	for _, row := range t.Rows {
		tl.rows = append(tl.rows, format(row))
	}
	if t.Total != nil {
		tl.total = format(t.Total)
		tl.totalSpan = totalSpan(tl.total)
		if tl.totalSpan > 0 {
			tl.total[0] = TotalLabel
		}
	}
	return tl
}

// measureColumns returns the natural and minimum (longest word) widths of
// the columns at a size. The natural width is what nine rows in ten need
// on one line, so that one long name does not starve the other columns;
// headers wrap, so only their words count, and the total label spans
// columns or wraps.
func (r *renderer) measureColumns(tl tableLayout, size float64) (nat, low []float64) {
	n := len(tl.header)
	nat, low = make([]float64, n), make([]float64, n)
	for i := range n {
		words := func(style, s string) {
			for _, w := range strings.Fields(s) {
				low[i] = math.Max(low[i], r.width(style, size, w))
			}
		}
		lineW := func(style, s string) float64 {
			m := 0.0
			for _, para := range strings.Split(s, "\n") {
				m = math.Max(m, r.width(style, size, para))
			}
			return m
		}
		words("B", tl.header[i])
		ws := make([]float64, 0, len(tl.rows))
		for _, row := range tl.rows {
			words("", row[i])
			ws = append(ws, lineW("", row[i]))
		}
		if tl.total != nil && (i > 0 || tl.totalSpan == 0) {
			words("B", tl.total[i])
			nat[i] = lineW("B", tl.total[i])
		}
		nat[i] = math.Max(nat[i], percentile(ws, 0.9))
		low[i] = math.Min(low[i]+2*cellPadX+0.5, textW/2)
		nat[i] = math.Min(math.Max(nat[i]+2*cellPadX+0.5, low[i]), textW)
	}
	return nat, low
}

// columnShares is the share each column asks for: its relative Width, or
// for a column without one its natural width, on the scale of the others.
func columnShares(cols []Column, nat []float64) []float64 {
	want := slices.Clone(nat)
	fixed, fixedNat := 0.0, 0.0
	for i, c := range cols {
		if c.Width > 0 {
			fixed += c.Width
			fixedNat += nat[i]
		}
	}
	if fixed > 0 {
		for i, c := range cols {
			if c.Width > 0 {
				want[i] = c.Width
			} else {
				want[i] = nat[i] * fixed / fixedNat
			}
		}
	}
	return want
}

// fitWidths shares the text width in proportion to what the columns want,
// never below a column's longest word: it finds the scale at which they
// fill the width.
func fitWidths(low, want []float64) []float64 {
	fit := func(scale float64) []float64 {
		out := make([]float64, len(low))
		for i := range out {
			out[i] = math.Max(low[i], want[i]*scale)
		}
		return out
	}
	lo, hi := 0.0, textW/math.Max(sum(want), 1e-9)
	for range 60 {
		if mid := (lo + hi) / 2; sum(fit(mid)) > textW {
			hi = mid
		} else {
			lo = mid
		}
	}
	return spread(fit(lo), textW)
}

// totalSpan is how many leading cells of a formatted total row are empty
// (the label "Tổng cộng" spans them), 0 when the first cell has a label.
func totalSpan(total []string) int {
	n := 0
	for n < len(total) && total[n] == "" {
		n++
	}
	if n == len(total) {
		return 1
	}
	return n
}

// percentile returns the p-th quantile (0–1) of xs, 0 for none.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[int(math.Ceil(p*float64(len(s))))-1]
}

// spread scales weights to add up to total (equal shares when they are all 0).
func spread(weights []float64, total float64) []float64 {
	out := make([]float64, len(weights))
	s := sum(weights)
	for i, w := range weights {
		if s > 0 {
			out[i] = total * w / s
		} else {
			out[i] = total / float64(len(weights))
		}
	}
	return out
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}
