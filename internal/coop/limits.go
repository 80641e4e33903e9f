package coop

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// The limits htxnu puts on outside input, in one place. Each is explained in
// docs/decisions/0008-input-limits.md; change it there and here together.
const (
	// MaxPage is the highest page number a list answers; a larger one is
	// read as the last possible page, so page × size never overflows.
	MaxPage = 1_000_000

	// MaxSearchRunes and MaxSearchWords bound a search text ("q"): every
	// word becomes one LIKE condition, and SQLite refuses very long
	// patterns and very deep expressions.
	MaxSearchRunes = 200
	MaxSearchWords = 12

	// MaxFormBytes bounds a request body (form, JSON or upload); a larger
	// body is refused with 413 before any handler reads it.
	MaxFormBytes = 2 << 20

	// MaxHeadcount bounds members, workers and people counted in one
	// organisation's snapshot or one activity.
	MaxHeadcount = 1_000_000

	// MaxLoanAmount bounds one loan from a cooperative development fund
	// (100 billion đồng); MaxCost one line of an activity's costs (1,000
	// billion đồng).
	MaxLoanAmount = 100_000_000_000
	MaxCost       = 1_000_000_000_000

	// MaxTaskBudget bounds what one task of a plan budgets from one
	// funding source (1,000 billion đồng), as MaxCost bounds a cost line.
	MaxTaskBudget = 1_000_000_000_000

	// MaxFigureCount bounds a count a province types over a report's
	// compiled figure (organisations, people, jobs, loans…): more than
	// the people of Vietnam. MaxFigureAmount bounds an amount of money
	// typed there (100,000 billion đồng).
	MaxFigureCount  = 100_000_000
	MaxFigureAmount = 100_000_000_000_000

	// MinDate and MaxDate bound every date typed in htxnu.
	MinDate = "1900-01-01"
	MaxDate = "2100-12-31"

	// MinNameVisible is the fewest visible characters in a name.
	MinNameVisible = 2
)

// ClampPage returns page within [1, MaxPage].
func ClampPage(page int) int {
	switch {
	case page < 1:
		return 1
	case page > MaxPage:
		return MaxPage
	}
	return page
}

// Sign-in throttling (OWASP ASVS V2.2): growing delays, never a lockout
// that someone else can trigger. See docs/decisions/0008-input-limits.md.
const (
	// SignInWindow: failures count within this window from the first.
	SignInWindow = 15 * time.Minute
	// SignInFreeFailures of one account from one address come without
	// delay; each further failure doubles the wait, up to SignInMaxDelay.
	SignInFreeFailures = 3
	SignInMaxDelay     = time.Minute
	// After AccountSoftLimit failures of one account (from any address),
	// addresses it has never signed in from wait AccountSoftWait between
	// attempts; addresses it has signed in from are not held back.
	AccountSoftLimit = 10
	AccountSoftWait  = 30 * time.Second
	// After AddressSoftLimit failures from one address (on any account),
	// that address waits AddressSoftWait between attempts on accounts
	// that have never signed in from it.
	AddressSoftLimit = 30
	AddressSoftWait  = 10 * time.Second
	// KnownAddressKept is how long an address an account signed in from
	// stays known to it.
	KnownAddressKept = 90 * 24 * time.Hour
)

// SignInDelay is the wait after the failures-th failure of one account
// from one address within the window.
func SignInDelay(failures int) time.Duration {
	n := failures - SignInFreeFailures
	if n <= 0 {
		return 0
	}
	if n > 16 {
		return SignInMaxDelay
	}
	d := time.Second << (n - 1)
	if d > SignInMaxDelay {
		return SignInMaxDelay
	}
	return d
}

// headcountProblem says what is wrong with a count of people, or "".
func headcountProblem(n int64, what string) string {
	switch {
	case n < 0:
		return "Số " + what + " không được âm."
	case n > MaxHeadcount:
		return fmt.Sprintf("Số %s không hợp lý (tối đa %s).", what, FormatInt(MaxHeadcount))
	}
	return ""
}

// dongAmount writes an amount of money as Vietnamese reads a bound:
// "1.000 tỷ đồng" for whole billions, "500.000 đồng" otherwise.
func dongAmount(n int64) string {
	const billion = 1_000_000_000
	if n != 0 && n%billion == 0 {
		return FormatInt(n/billion) + " tỷ đồng"
	}
	return FormatInt(n) + " đồng"
}

// outOfBoundsDate reports whether s is a well-formed date that ValidDate
// refuses only for lying outside MinDate…MaxDate.
func outOfBoundsDate(s string) bool {
	if len(s) != 10 || ValidDate(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// DateBoundsProblem says, for a real date s outside MinDate…MaxDate, that
// what must lie within them; "" for any other s.
func DateBoundsProblem(s, what string) string {
	if outOfBoundsDate(s) {
		return dateBoundsMessage(what)
	}
	return ""
}

// DateProblem says what is wrong with s as the date what (in YYYY-MM-DD
// form, as the API and the query strings take it), naming the value and the
// form expected, or "" when s is a valid date.
func DateProblem(s, what string) string {
	if ValidDate(s) {
		return ""
	}
	if m := DateBoundsProblem(s, what); m != "" {
		return m
	}
	shown := s
	if utf8.RuneCountInString(shown) > 20 {
		shown = string([]rune(shown)[:20]) + "…"
	}
	if shown == "" {
		return fmt.Sprintf("%s còn trống: nhập theo dạng YYYY-MM-DD (ví dụ 2026-06-14).", what)
	}
	return fmt.Sprintf("%s “%s” không phải một ngày có thật: nhập theo dạng YYYY-MM-DD (ví dụ 2026-06-14).", what, shown)
}

// dateBoundsMessage says the bounds of every date, for what.
func dateBoundsMessage(what string) string {
	return fmt.Sprintf("%s phải từ %s đến %s.", what, FormatDateVN(MinDate), FormatDateVN(MaxDate))
}
