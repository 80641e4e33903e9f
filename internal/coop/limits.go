package coop

// The limits htxnu puts on outside input, in one place. Each is explained in
// docs/decisions/0007-input-limits.md; change it there and here together.
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

	// MaxAmount bounds a sum of money in đồng (a loan, a cost, a budget
	// line): 10,000 billion đồng.
	MaxAmount = 10_000_000_000_000

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
