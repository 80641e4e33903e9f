package coop

import (
	"strings"
	"unicode"

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
