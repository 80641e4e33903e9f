package coop

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Clean NFC-normalises s, trims it and collapses runs of white space.
// Every text that enters the system passes through it.
func Clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Fold returns the search form of s: lower case, tone and vowel marks
// removed, đ turned into d, white space collapsed. "Hợp tác xã Đồng" folds to
// "hop tac xa dong". SQLite's lower() and LIKE fold ASCII only, so search
// runs on a column folded here, identically on both databases.
func Fold(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	space := true
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), " ")
}

// SortKey returns a binary key that orders strings in Vietnamese dictionary
// order (a ă â b c d đ e ê …, tones after letters) when compared byte by byte,
// as both SQLite (BLOB) and PostgreSQL (bytea) do.
func SortKey(s string) []byte {
	c := collate.New(language.Vietnamese, collate.IgnoreCase)
	var buf collate.Buffer
	k := c.KeyFromString(&buf, s)
	out := make([]byte, len(k))
	copy(out, k)
	return out
}

// SortKeyer makes sort keys without allocating a collator per call; it is
// not safe for concurrent use.
type SortKeyer struct {
	c   *collate.Collator
	buf collate.Buffer
}

// NewSortKeyer returns a SortKeyer for Vietnamese.
func NewSortKeyer() *SortKeyer {
	return &SortKeyer{c: collate.New(language.Vietnamese, collate.IgnoreCase)}
}

// Key is SortKey with a reused collator.
func (k *SortKeyer) Key(s string) []byte {
	key := k.c.KeyFromString(&k.buf, s)
	out := make([]byte, len(key))
	copy(out, key)
	k.buf.Reset()
	return out
}

// TextProblem returns what makes s unacceptable as text typed by a person,
// or "" when nothing does: invalid UTF-8, NUL and the other control
// characters (tab, line feed and carriage return excepted: single-line
// fields turn them into spaces through Clean), and the bidirectional
// embeddings, overrides and isolates that make text read differently from
// how it is stored. Every query, form and JSON value passes through it at
// the boundary.
func TextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "Nội dung có byte không phải UTF-8 hợp lệ."
	}
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return "Nội dung có ký tự điều khiển (mã dưới U+0020 hoặc U+007F–U+009F) không được phép."
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return "Nội dung có ký tự đảo chiều văn bản (U+202A–U+202E, U+2066–U+2069) không được phép."
		case r == 0xfffe || r == 0xffff:
			return "Nội dung có ký tự không hợp lệ."
		}
	}
	return ""
}

// SearchProblem returns what makes q unacceptable as a search text, or ""
// when nothing does.
func SearchProblem(q string) string {
	if m := TextProblem(q); m != "" {
		return m
	}
	if utf8.RuneCountInString(q) > MaxSearchRunes {
		return fmt.Sprintf("Nội dung tìm kiếm dài tối đa %d ký tự.", MaxSearchRunes)
	}
	if len(strings.Fields(q)) > MaxSearchWords {
		return fmt.Sprintf("Nội dung tìm kiếm có tối đa %d từ.", MaxSearchWords)
	}
	return ""
}

// SearchWords returns the folded words of a search text, each of which must
// appear in a match. Past the bounds of SearchProblem it keeps the first
// MaxSearchWords words of at most MaxSearchRunes characters, so no input
// can build a query the database refuses.
func SearchWords(q string) []string {
	words := strings.Fields(Fold(strings.ToValidUTF8(q, "")))
	out := words[:0]
	for _, w := range words {
		if strings.ContainsRune(w, 0) {
			w = strings.ReplaceAll(w, "\x00", "")
			if w == "" {
				continue
			}
		}
		if utf8.RuneCountInString(w) > MaxSearchRunes {
			w = string([]rune(w)[:MaxSearchRunes])
		}
		out = append(out, w)
		if len(out) == MaxSearchWords {
			break
		}
	}
	return out
}

// VisibleLen counts the characters of s that show: letters, marks, digits,
// punctuation and symbols; not spaces, and not the zero-width and format
// characters (U+200B, U+FEFF…) that print nothing.
func VisibleLen(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Mn, r) {
			n++
		}
	}
	return n
}

// cleanFields puts each field through clean.
func cleanFields(clean func(string) string, fields ...*string) {
	for _, f := range fields {
		*f = clean(*f)
	}
}
