package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"
)

// Page geometry of Decree 30/2020/NĐ-CP (Appendix I), in millimetres.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginTop    = 20.0
	marginBottom = 20.0
	marginLeft   = 30.0
	marginRight  = 15.0
	textW        = pageW - marginLeft - marginRight
	bottomY      = pageH - marginBottom

	pt = 25.4 / 72 // one typographic point in millimetres

	bodySize   = 14.0 // body text, headings, title, signer
	headSize   = 13.0 // issuing body, number, table captions
	parentSize = 12.0 // the body above the issuing body
	nationSize = 12.0 // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	mottoSize  = 14.0 // "Độc lập - Tự do - Hạnh phúc"
	dateSize   = 14.0
	noteSize   = 12.0
	recipSize  = 11.0
	pageNoSize = 13.0

	lineSpacing = 1.2    // body line height / font size
	paraSpace   = 6 * pt // space after a paragraph
	indent      = 10.0   // first-line indent of a paragraph
	leftColW    = 72.0   // header: issuing body column
	rightColX   = marginLeft + leftColW
	rightColW   = textW - leftColW
	signGap     = 30.0      // room for the signature and seal
	cellPadX    = 1.5       // table cell padding, left and right
	cellPadY    = 1.0       // table cell padding, top and bottom
	tableMax    = 12.0      // table font size, reduced for a wide table down to tableSmall
	tableSmall  = 10.0      // and further down to tableMin
	tableMin    = 8.0       // when its words do not fit otherwise
	ruleWidth   = 0.3       // rules under the issuing body, motto, summary
	gridWidth   = 0.2       // table borders
	draftGrey   = 210       // grey level of the "DỰ THẢO" mark
	fontFamily  = "serif"   // the family name given to fpdf
	draftText   = "DỰ THẢO" // the draft mark
	nationText  = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	mottoText   = "Độc lập - Tự do - Hạnh phúc"
	recipsLabel = "Nơi nhận:"
)

// WritePDF lays d out as an A4 administrative document in the format of
// Decree 30/2020/NĐ-CP and writes the PDF to w. It needs a serif font with
// the Vietnamese letters (see findFonts): without one it returns a
// coop.Error (EINTERNAL) naming the package to install. The output depends
// only on d and the font files: the creation date is d.Date (the Unix epoch
// when zero), never the clock.
func WritePDF(w io.Writer, d Document) error {
	fonts, err := findFonts()
	if err != nil {
		return err
	}
	r, err := layout(d, fonts)
	if err != nil {
		return err
	}
	return r.pdf.Output(w)
}

// op is one drawing operation, recorded for the layout golden test.
type op struct {
	page  int
	kind  string  // "text", "line", "rect", "mark"
	x, y  float64 // text: top-left of its box; line: start; rect: top-left
	w, h  float64 // text: box; line: end point; rect: size
	style string  // "", "B", "I", "BI"
	size  float64 // points
	align string  // L, C, R, J
	text  string
}

func (o op) String() string {
	switch o.kind {
	case "line":
		return fmt.Sprintf("p%d line %.1f,%.1f %.1f,%.1f", o.page, o.x, o.y, o.w, o.h)
	case "rect":
		return fmt.Sprintf("p%d rect %.1f,%.1f %.1fx%.1f", o.page, o.x, o.y, o.w, o.h)
	}
	style := o.style
	if style == "" {
		style = "R"
	}
	return fmt.Sprintf("p%d %s %.1f,%.1f w%.1f %s%g %s %q", o.page, o.kind, o.x, o.y, o.w, style, o.size, o.align, o.text)
}

// renderer draws a document page by page, top to bottom, breaking pages
// itself (fpdf's automatic break is off) and recording every operation.
type renderer struct {
	pdf   *fpdf.Fpdf
	ops   []op
	page  int
	y     float64 // top of the next thing to draw
	draft bool
}

// layout draws d with fonts and returns the renderer holding the PDF and
// the operations it drew.
func layout(d Document, fonts *fontSet) (*renderer, error) {
	d = cleanDocument(d)
	pdf := fpdf.New("P", "mm", "A4", "")
	for _, s := range styles {
		pdf.AddUTF8FontFromBytes(fontFamily, s, fonts.TTF[s])
	}
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(false, marginBottom)
	pdf.SetCellMargin(0)
	pdf.SetLineWidth(gridWidth)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	created := d.Date
	if created.IsZero() {
		created = time.Unix(0, 0).UTC()
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetLang("vi-VN")
	title := strings.TrimSpace(d.Kind + " " + d.Summary)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(d.IssuingBody, true)
	pdf.SetCreator("htxnu", true)
	pdf.SetProducer("htxnu", true)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("report: load fonts from %s: %w", fonts.Dir, err)
	}

	r := &renderer{pdf: pdf, draft: d.Draft}
	r.newPage()
	r.header(d)
	r.title(d)
	for _, b := range d.Body {
		switch {
		case b.Heading != "":
			r.heading(b.Heading)
		case b.Table != nil:
			r.table(*b.Table)
		case b.Paragraph != "":
			r.paragraph(b.Paragraph)
		}
	}
	r.signature(d)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("report: draw PDF: %w", err)
	}
	return r, nil
}

// newPage starts a page: its number from page 2 on, centred in the top
// margin, and the draft mark under everything else.
func (r *renderer) newPage() {
	r.pdf.AddPage()
	r.page++
	r.y = marginTop
	if r.page > 1 {
		h := pageNoSize * pt * lineSpacing
		r.text(marginLeft, (marginTop-h)/2, textW, h, "", pageNoSize, "C", fmt.Sprint(r.page))
	}
	if r.draft {
		r.draftMark()
	}
}

// ensure starts a new page unless h millimetres fit above the bottom margin;
// it reports whether it did.
func (r *renderer) ensure(h float64) bool {
	if r.y+h <= bottomY+0.01 {
		return false
	}
	r.newPage()
	return true
}

// text draws s in a box w wide and h high at (x, y), aligned L, C, R or J
// (justified: the words spread to fill w).
func (r *renderer) text(x, y, w, h float64, style string, size float64, align, s string) {
	if s == "" {
		return
	}
	if align == "J" && !strings.Contains(s, " ") {
		align = "L"
	}
	r.pdf.SetFont(fontFamily, style, size)
	r.pdf.SetXY(x, y)
	r.pdf.CellFormat(w, h, s, "", 0, align, false, 0, "")
	r.ops = append(r.ops, op{page: r.page, kind: "text", x: x, y: y, w: w, h: h, style: style, size: size, align: align, text: s})
}

func (r *renderer) line(x1, y1, x2, y2, width float64) {
	r.pdf.SetLineWidth(width)
	r.pdf.Line(x1, y1, x2, y2)
	r.ops = append(r.ops, op{page: r.page, kind: "line", x: x1, y: y1, w: x2, h: y2})
}

func (r *renderer) rect(x, y, w, h float64) {
	r.pdf.SetLineWidth(gridWidth)
	r.pdf.Rect(x, y, w, h, "D")
	r.ops = append(r.ops, op{page: r.page, kind: "rect", x: x, y: y, w: w, h: h})
}

// draftMark draws "DỰ THẢO" large, light grey and diagonal across the page.
func (r *renderer) draftMark() {
	const size = 90.0
	p := r.pdf
	p.SetFont(fontFamily, "B", size)
	w := p.GetStringWidth(draftText)
	cx, cy := pageW/2, pageH/2
	p.SetTextColor(draftGrey, draftGrey, draftGrey)
	p.TransformBegin()
	p.TransformRotate(55, cx, cy)
	p.Text(cx-w/2, cy+size*pt*0.35, draftText)
	p.TransformEnd()
	p.SetTextColor(0, 0, 0)
	r.ops = append(r.ops, op{page: r.page, kind: "mark", x: cx - w/2, y: cy, w: w, style: "B", size: size, align: "C", text: draftText})
}

// width is the width of s in the given style and size.
func (r *renderer) width(style string, size float64, s string) float64 {
	r.pdf.SetFont(fontFamily, style, size)
	return r.pdf.GetStringWidth(s)
}

// wrap breaks s into lines no wider than first (the first line) and rest
// (the others), at spaces; a word wider than a line is cut between letters.
// "\n" forces a break.
func (r *renderer) wrap(style string, size float64, s string, first, rest float64) []string {
	var lines []string
	first, rest = max(first, 1), max(rest, 1) // a word is cut, never lost
	r.pdf.SetFont(fontFamily, style, size)
	space := r.pdf.GetStringWidth(" ")
	limit := first
	for _, para := range strings.Split(s, "\n") {
		var cur strings.Builder
		curW := 0.0
		flush := func() {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
			limit = rest
		}
		for _, word := range strings.Fields(para) {
			ww := r.pdf.GetStringWidth(word)
			if cur.Len() > 0 && curW+space+ww <= limit+1e-9 {
				cur.WriteByte(' ')
				cur.WriteString(word)
				curW += space + ww
				continue
			}
			if cur.Len() > 0 {
				flush()
			}
			for ww > limit+1e-9 { // cut a word longer than a line
				n := r.fitRunes(word, limit)
				cur.WriteString(word[:n])
				flush()
				word = word[n:]
				ww = r.pdf.GetStringWidth(word)
			}
			cur.WriteString(word)
			curW = ww
		}
		if cur.Len() > 0 || len(lines) == 0 || para == "" {
			flush()
		}
	}
	return lines
}

// balanced wraps s to at most w like wrap, then narrows the measure as far
// as it can without adding a line, so that centred lines come out even
// ("LIÊN MINH HTX / TỈNH TUYÊN QUANG" rather than a long line and an orphan).
func (r *renderer) balanced(style string, size float64, s string, w float64) []string {
	lines := r.wrap(style, size, s, w, w)
	if len(lines) < 2 {
		return lines
	}
	lo := 0.0 // never so narrow that a word must be cut
	for _, word := range strings.Fields(s) {
		lo = math.Max(lo, r.width(style, size, word))
	}
	hi := w
	for hi-lo > 0.5 {
		mid := (lo + hi) / 2
		if len(r.wrap(style, size, s, mid, mid)) == len(lines) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return r.wrap(style, size, s, hi, hi)
}

// fitRunes returns how many bytes of word fit in w (at least one rune).
func (r *renderer) fitRunes(word string, w float64) int {
	n, acc := 0, 0.0
	for i, c := range word {
		cw := r.pdf.GetStringWidth(string(c))
		if acc+cw > w && i > 0 {
			return i
		}
		acc += cw
		n = i + len(string(c))
	}
	return n
}

// centred draws each of lines centred in the column [x, x+w), one line
// height apart from r.y down, and returns the widest line's width.
func (r *renderer) centred(x, w float64, style string, size float64, lines []string) float64 {
	lh := size * pt * lineSpacing
	widest := 0.0
	for _, l := range lines {
		r.text(x, r.y, w, lh, style, size, "C", l)
		widest = math.Max(widest, r.width(style, size, l))
		r.y += lh
	}
	return widest
}

// header draws the two columns of the heading: the issuing body with its
// number on the left, the national title, motto, place and date on the
// right.
func (r *renderer) header(d Document) {
	top := r.y
	// Left: parent body, issuing body, a short rule.
	if d.ParentBody != "" {
		r.centred(marginLeft, leftColW, "", parentSize, r.balanced("", parentSize, strings.ToUpper(d.ParentBody), leftColW))
	}
	leftBottom := r.y
	if d.IssuingBody != "" {
		lines := r.balanced("B", headSize, strings.ToUpper(d.IssuingBody), leftColW)
		widest := r.centred(marginLeft, leftColW, "B", headSize, lines)
		rw := widest * 0.4
		cx := marginLeft + leftColW/2
		r.line(cx-rw/2, r.y+0.6, cx+rw/2, r.y+0.6, ruleWidth)
		leftBottom = r.y + 0.6
	}

	// Right: national title, motto with a rule as wide as it.
	r.y = top
	r.centred(rightColX, rightColW, "B", nationSize, []string{nationText})
	mw := r.centred(rightColX, rightColW, "B", mottoSize, []string{mottoText})
	cx := rightColX + rightColW/2
	r.line(cx-mw/2, r.y+0.3, cx+mw/2, r.y+0.3, ruleWidth)
	rightBottom := r.y + 0.3

	// Number on the left and place and date on the right share a line.
	r.y = math.Max(leftBottom, rightBottom) + 3
	dateY := r.y
	pd := placeDate(d.Place, d.Date)
	size := dateSize
	for size > 12 && r.width("I", size, pd) > rightColW {
		size--
	}
	r.centred(rightColX, rightColW, "I", size, r.wrap("I", size, pd, rightColW, rightColW))
	dateBottom := r.y
	r.y = dateY
	if n := numberLine(d.Number); n != "" {
		// On the date's line height, so that both sit on one baseline.
		lh := size * pt * lineSpacing
		lines := []string{n} // drawn as is, keeping the blank of an unnumbered draft
		if r.width("", headSize, n) > leftColW {
			lines = r.wrap("", headSize, n, leftColW, leftColW)
		}
		for _, l := range lines {
			r.text(marginLeft, r.y, leftColW, lh, "", headSize, "C", l)
			r.y += lh
		}
	}
	r.y = math.Max(r.y, dateBottom)
}

// title draws the kind of document and its summary, centred, with a short
// rule under the summary.
func (r *renderer) title(d Document) {
	r.y += 8
	if d.Kind != "" {
		r.centred(marginLeft, textW, "B", bodySize, []string{strings.ToUpper(d.Kind)})
	}
	if d.Summary != "" {
		const w = 140.0
		widest := r.centred(marginLeft, textW, "B", bodySize, r.balanced("B", bodySize, d.Summary, w))
		rw := widest / 3
		cx := marginLeft + textW/2
		r.line(cx-rw/2, r.y+1.5, cx+rw/2, r.y+1.5, ruleWidth)
		r.y += 1.5
	}
	r.y += 6
}

// heading draws a section heading, bold, indented like a paragraph; it
// moves to the next page rather than sit alone at the bottom of one.
func (r *renderer) heading(s string) {
	lh := bodySize * pt * lineSpacing
	lines := r.wrap("B", bodySize, s, textW-indent, textW)
	r.ensure(float64(len(lines)+2)*lh + paraSpace)
	r.lines(lines, "B", bodySize, lh)
	r.y += paraSpace
}

// paragraph draws body text: each paragraph justified with a first-line
// indent, its last line left-aligned.
func (r *renderer) paragraph(s string) {
	lh := bodySize * pt * lineSpacing
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		r.lines(r.wrap("", bodySize, p, textW-indent, textW), "", bodySize, lh)
		r.y += paraSpace
	}
}

// lines draws wrapped lines of one paragraph, the first indented, breaking
// pages between lines.
func (r *renderer) lines(lines []string, style string, size, lh float64) {
	for i, l := range lines {
		r.ensure(lh)
		x, w := marginLeft, textW
		if i == 0 {
			x, w = x+indent, w-indent
		}
		align := "J"
		if i == len(lines)-1 {
			align = "L"
		}
		r.text(x, r.y, w, lh, style, size, align, l)
		r.y += lh
	}
}

// signature draws the closing block: recipients on the left, the signer's
// title, room for the signature and seal, and the signer's name on the
// right. The block is never split across pages.
func (r *renderer) signature(d Document) {
	const leftW = textW * 0.45
	const rightX, rightW = marginLeft + leftW, textW - leftW
	recips := recipientLines(d.Recipients)
	var rlines []string
	for _, l := range recips {
		rlines = append(rlines, r.wrap("", recipSize, l, leftW, leftW)...)
	}
	var tlines []string
	for _, l := range strings.Split(d.SignerTitle, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			tlines = append(tlines, r.wrap("B", bodySize, strings.ToUpper(l), rightW, rightW)...)
		}
	}
	var nlines []string
	if d.SignerName != "" {
		nlines = r.wrap("B", bodySize, d.SignerName, rightW, rightW)
	}
	labelH := noteSize * pt * lineSpacing
	recipLH := recipSize * pt * 1.15
	bodyLH := bodySize * pt * lineSpacing
	leftH := labelH + float64(len(rlines))*recipLH
	rightH := 0.0
	if len(tlines)+len(nlines) > 0 {
		rightH = float64(len(tlines)+len(nlines))*bodyLH + signGap
	}

	r.y += 4
	r.ensure(math.Max(leftH, rightH))
	top := r.y
	r.text(marginLeft, r.y, leftW, labelH, "BI", noteSize, "L", recipsLabel)
	r.y += labelH
	for _, l := range rlines {
		r.text(marginLeft, r.y, leftW, recipLH, "", recipSize, "L", l)
		r.y += recipLH
	}
	bottom := r.y
	if rightH > 0 {
		r.y = top
		r.centred(rightX, rightW, "B", bodySize, tlines)
		r.y += signGap
		r.centred(rightX, rightW, "B", bodySize, nlines)
		bottom = math.Max(bottom, r.y)
	}
	r.y = bottom
}

// cleanDocument NFC-normalises every text of d (fpdf does no shaping:
// decomposed marks would be drawn beside their letters) and replaces what
// the embedded font cannot draw.
func cleanDocument(d Document) Document {
	c := pdfText
	d.ParentBody, d.IssuingBody, d.Number, d.Place = c(d.ParentBody), c(d.IssuingBody), c(d.Number), c(d.Place)
	d.Kind, d.Summary, d.SignerTitle, d.SignerName = c(d.Kind), c(d.Summary), c(d.SignerTitle), c(d.SignerName)
	rs := make([]string, len(d.Recipients))
	for i, s := range d.Recipients {
		rs[i] = c(s)
	}
	d.Recipients = rs
	body := make([]Block, len(d.Body))
	for i, b := range d.Body {
		body[i] = Block{Heading: c(b.Heading), Paragraph: c(b.Paragraph), Table: b.Table}
	}
	d.Body = body
	return d
}

// pdfText NFC-normalises s, trims it, turns tabs and other control
// characters except "\n" into spaces and characters outside the Basic
// Multilingual Plane (which fpdf cannot embed) into "?".
func pdfText(s string) string {
	s = norm.NFC.String(s)
	s = strings.Map(func(c rune) rune {
		switch {
		case c == '\n':
			return c
		case c == '\r':
			return -1
		case unicode.IsControl(c) || c == '\u00a0':
			return ' '
		case c > 0xFFFF:
			return '?'
		}
		return c
	}, s)
	return strings.TrimSpace(s)
}
