package xlsx

// A streaming reader of a worksheet's rows: the sheet's XML is scanned for
// its <row>, <c>, <v> and <t> elements and nothing else, far faster than a
// general XML decoder. Cells read as excelize reads them with RawCellValue:
// shared and inline strings as their text, everything else as stored.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

var errSheetXML = errors.New("xlsx: malformed sheet XML")

// xmlScanner splits an XML stream into character data and tags.
type xmlScanner struct {
	br  *bufio.Reader
	buf []byte // the current tag, without its angle brackets
}

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{br: bufio.NewReaderSize(io.LimitReader(r, MaxUncompressed), 256<<10)}
}

// next reads up to the next tag: text is handed to onText (the character
// data before the tag, still escaped), and the tag is left in s.buf.
func (s *xmlScanner) next(onText func([]byte)) error {
	for {
		chunk, err := s.br.ReadSlice('<')
		if len(chunk) > 0 && onText != nil {
			if err == nil {
				onText(chunk[:len(chunk)-1])
			} else {
				onText(chunk)
			}
		}
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			return err
		}
	}
	s.buf = s.buf[:0]
	quote := byte(0)
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return errSheetXML
		}
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case bytes.HasPrefix(s.buf, []byte("!--")):
			if c == '>' && len(s.buf) >= 5 && bytes.HasSuffix(s.buf, []byte("--")) {
				return nil // a comment: quotes in it mean nothing
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			if bytes.HasPrefix(s.buf, []byte("![CDATA[")) {
				return errSheetXML // not written by spreadsheet programs
			}
			return nil
		}
		s.buf = append(s.buf, c)
	}
}

// tag returns the local name of the current tag and whether it closes
// ("/row") or is empty ("<c r="A1"/>").
func (s *xmlScanner) tag() (name []byte, end, empty bool) {
	b := s.buf
	if len(b) > 0 && b[0] == '/' {
		end, b = true, b[1:]
	}
	if len(b) > 0 && b[len(b)-1] == '/' {
		empty, b = true, b[:len(b)-1]
	}
	i := bytes.IndexAny(b, " \t\r\n")
	if i < 0 {
		i = len(b)
	}
	name = b[:i]
	if j := bytes.IndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	return name, end, empty
}

// attr returns the value of the current tag's attribute with the given
// local name, unescaped.
func (s *xmlScanner) attr(name string) string {
	b := s.buf
	for {
		i := bytes.Index(b, []byte(name+"="))
		if i < 0 {
			return ""
		}
		if i > 0 && (b[i-1] == ' ' || b[i-1] == ':' || b[i-1] == '\t' || b[i-1] == '\n' || b[i-1] == '\r') && i+len(name)+1 < len(b) {
			q := b[i+len(name)+1]
			v := b[i+len(name)+2:]
			if j := bytes.IndexByte(v, q); j >= 0 {
				return unescapeXML(v[:j])
			}
			return ""
		}
		b = b[i+len(name)+1:]
	}
}

// unescapeXML resolves the predefined and numeric character references.
func unescapeXML(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i:]
		j := bytes.IndexByte(b, ';')
		if j < 0 {
			out.Write(b)
			break
		}
		ent := string(b[1:j])
		switch ent {
		case "amp":
			out.WriteByte('&')
		case "lt":
			out.WriteByte('<')
		case "gt":
			out.WriteByte('>')
		case "quot":
			out.WriteByte('"')
		case "apos":
			out.WriteByte('\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = errSheetXML
			}
			if err != nil {
				out.Write(b[:j+1])
			} else {
				out.WriteRune(rune(n))
			}
		}
		b = b[j+1:]
	}
	return out.String()
}

// unescapeOOXML resolves the _xHHHH_ escapes spreadsheet programs write in
// string items for control characters, as excelize does.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) || s[i+6] != '_' {
			if i < 0 {
				out.WriteString(s)
				return out.String()
			}
			out.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
		if err != nil || !utf8.ValidRune(rune(n)) {
			out.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		out.WriteString(s[:i])
		out.WriteRune(rune(n))
		s = s[i+7:]
	}
}

// stringItem gathers the text of a string item (<si> or <is>): its <t>,
// or the <t> of each of its runs, never those of phonetic runs (<rPh>).
type stringItem struct {
	in, inT, inPh bool
	text          []byte
}

func (it *stringItem) start() { it.in, it.inT, it.inPh, it.text = true, false, false, it.text[:0] }

// tag follows the tags within the item.
func (it *stringItem) tag(name []byte, end, empty bool) {
	switch string(name) {
	case "t":
		it.inT = !end && !empty && !it.inPh
	case "rPh":
		it.inPh = !end && !empty
	}
}

func (it *stringItem) onText(b []byte) {
	if it.inT {
		it.text = append(it.text, b...)
	}
}

func (it *stringItem) value() string { it.in = false; return unescapeOOXML(unescapeXML(it.text)) }

// readSharedStrings reads the workbook's shared strings table, if any.
func readSharedStrings(zr *zip.Reader) ([]string, error) {
	part := "xl/sharedStrings.xml"
	if rels := readPart(zr, "xl/_rels/workbook.xml.rels", 4<<20); rels != nil {
		var r struct {
			Rels []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if xml.Unmarshal(rels, &r) == nil {
			for _, x := range r.Rels {
				if strings.HasSuffix(x.Type, "/sharedStrings") {
					part = partPath(x.Target)
				}
			}
		}
	}
	zf := findPart(zr, part)
	if zf == nil {
		return nil, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, errSheetXML
	}
	defer rc.Close()
	s := newXMLScanner(rc)
	var out []string
	var it stringItem
	text := func(b []byte) {
		if it.in {
			it.onText(b)
		}
	}
	for {
		err := s.next(text)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, errSheetXML
		}
		name, end, empty := s.tag()
		switch {
		case string(name) == "si" && !end && !empty:
			it.start()
		case string(name) == "si" && empty:
			out = append(out, "")
		case string(name) == "si":
			if it.in {
				out = append(out, it.value())
			}
		case it.in:
			it.tag(name, end, empty)
		}
	}
}

// scanRows calls fn with each row of the sheet's XML that has a cell with
// a value: its number (1-based) and its cells by column (0-based), the
// trailing empty ones left out. cells is reused from row to row.
func scanRows(r io.Reader, shared []string, fn func(num int, cells []string) error) error {
	s := newXMLScanner(r)
	var (
		cells      []string
		num, col   int
		typ        string
		inRow, inV bool
		v          []byte
		it         stringItem
	)
	text := func(b []byte) {
		switch {
		case inV:
			v = append(v, b...)
		case it.in:
			it.onText(b)
		}
	}
	for {
		err := s.next(text)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return errSheetXML
		}
		name, end, empty := s.tag()
		switch string(name) {
		case "row":
			switch {
			case !end:
				num++
				if n, err := strconv.Atoi(s.attr("r")); err == nil && n > 0 {
					num = n
				}
				cells, col, inRow = cells[:0], 0, !empty
			case inRow:
				inRow = false
				for len(cells) > 0 && cells[len(cells)-1] == "" {
					cells = cells[:len(cells)-1]
				}
				if len(cells) > 0 {
					if err := fn(num, cells); err != nil {
						return err
					}
				}
			}
		case "c":
			if end {
				setCell(&cells, col, scannedValue(typ, v, &it, shared))
				continue
			}
			col++
			if ref := s.attr("r"); ref != "" {
				c, ok := refColumn(ref)
				if !ok {
					return errSheetXML
				}
				col = c
			}
			typ, v, it.in, it.text = s.attr("t"), v[:0], false, it.text[:0]
		case "v":
			inV = !end && !empty
		case "is":
			if !end && !empty {
				it.start()
			} else if end {
				it.in = false
			}
		default:
			if it.in {
				it.tag(name, end, empty)
			}
		}
	}
}

// scannedValue is the text of a scanned cell of the given type.
func scannedValue(typ string, v []byte, it *stringItem, shared []string) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
		if err != nil || i < 0 || i >= len(shared) {
			return ""
		}
		return shared[i]
	case "inlineStr":
		return unescapeOOXML(unescapeXML(it.text))
	}
	return unescapeXML(v)
}

func setCell(cells *[]string, col int, val string) {
	if val == "" || col < 1 || col > 16384 {
		return
	}
	for len(*cells) < col {
		*cells = append(*cells, "")
	}
	(*cells)[col-1] = val
}

// refColumn returns the 1-based column of a cell reference ("AB12").
func refColumn(ref string) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	if i == 0 || col > 16384 {
		return 0, false
	}
	return col, true
}

func findPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func readPart(zr *zip.Reader, name string, limit int64) []byte {
	f := findPart(zr, name)
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, limit))
	return b
}

// partPath is the path in the package of a target relative to xl/.
func partPath(target string) string {
	t := strings.TrimPrefix(target, "/")
	if !strings.HasPrefix(t, "xl/") {
		t = "xl/" + t
	}
	return t
}
