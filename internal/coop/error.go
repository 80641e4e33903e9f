// Package coop holds the domain of htxnu: collective economic organisations,
// their managers and workforce, the classification rules of Decision 01,
// reference data, validation and the one error type. It imports only the
// standard library and golang.org/x/text.
package coop

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Error codes. Each maps to exactly one HTTP status in the web package.
const (
	ENOTFOUND  = "not_found"
	EINVALID   = "invalid"
	EFORBIDDEN = "forbidden"
	ECONFLICT  = "conflict"
	EUNAUTH    = "unauthorised"
	// EMALFORMED is a request that cannot be read at all (trailing data
	// after a JSON object, a form that does not parse).
	EMALFORMED = "malformed"
	// ETOOLARGE is a request body over MaxFormBytes.
	ETOOLARGE = "too_large"
	// EMETHOD is a method the address does not answer.
	EMETHOD = "method_not_allowed"
	// EMEDIATYPE is a body of a type the endpoint does not read.
	EMEDIATYPE = "unsupported_media_type"
	EINTERNAL  = "internal"
)

// Error is the one error type of the domain. Message is safe to show to
// users and is in Vietnamese; Fields carries per-field messages for forms,
// API 422 bodies and spreadsheet rows.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(e.Fields)) {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + e.Fields[k])
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, b.String())
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the error for a record that does not exist or that the actor
// may not see: both answer the same, so nothing discloses existence.
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Message: "Không tìm thấy " + what + "."}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic message.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Đã có lỗi hệ thống. Vui lòng thử lại sau."
}

// ErrorFields returns the per-field messages of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects per-field validation messages.
type Problems map[string]string

// Add records msg for field unless the field already has a message.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns nil when there are no problems, else an EINVALID *Error.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.", Fields: map[string]string(p)}
}

// textRule bounds a text field: what names it in the messages; min counts
// its characters (only the visible ones when visible is set), max all;
// short, when set, is the message of a text under min.
type textRule struct {
	what     string
	min, max int
	visible  bool
	short    string
}

// nameRule bounds a person's or a product's name: at least MinNameVisible
// visible characters, at most max characters.
func nameRule(what string, max int) textRule {
	return textRule{what: what, min: MinNameVisible, max: max, visible: true,
		short: fmt.Sprintf("%s quá ngắn (tối thiểu %d ký tự nhìn thấy được).", what, MinNameVisible)}
}

// requireText records the problem of a text that must be given: empty
// (the message empty), shorter than r.min or longer than r.max.
func (p Problems) requireText(field, s, empty string, r textRule) {
	shown := runes(s)
	if r.visible {
		shown = VisibleLen(s)
	}
	switch n := runes(s); {
	case n == 0:
		p.Add(field, empty)
	case shown < r.min && r.short != "":
		p.Add(field, r.short)
	case shown < r.min:
		p.Add(field, fmt.Sprintf("%s quá ngắn (tối thiểu %d ký tự).", r.what, r.min))
	case n > r.max:
		p.Add(field, textTooLong(r.what, r.max))
	}
}

// maxText records that the text s, named what, is longer than max.
func (p Problems) maxText(field, s, what string, max int) {
	if runes(s) > max {
		p.Add(field, textTooLong(what, max))
	}
}

// optionalDate records the problem of a date that may be left empty: out
// of MinDate…MaxDate (the date named what), or not a date (invalid).
func (p Problems) optionalDate(field, s, what, invalid string) {
	if outOfBoundsDate(s) {
		p.Add(field, dateBoundsMessage(what))
	} else if s != "" && !ValidDate(s) {
		p.Add(field, invalid)
	}
}

// requireDate records the problem of a date that must be given: empty,
// out of bounds or not a date, each with its message; it reports whether
// s is a valid date, for the caller's further checks.
func (p Problems) requireDate(field, s, empty, bounds, invalid string) bool {
	switch {
	case s == "":
		p.Add(field, empty)
	case outOfBoundsDate(s):
		p.Add(field, bounds)
	case !ValidDate(s):
		p.Add(field, invalid)
	default:
		return true
	}
	return false
}
