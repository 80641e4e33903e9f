package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The rollups are moved by deltas: a write sums what it changes in each
// row of a rollup table under the row's key, then adds the non-zero sums
// to the table (addRows) in the primary key's order, so that concurrent
// writers lock rows in the same order and cannot deadlock. One generic
// type serves every family: org_rollup, registry_series, registry_asof,
// manager_spans, activity_rollup and its year rollup, org_reach,
// reach_rollup and reach_distinct.

// deltaKey is the key of a rollup row: it knows its key columns' values,
// in the order of the table's addSpec, and the primary key's order.
type deltaKey[K any] interface {
	comparable
	cols() []any
	compare(K) int
}

// deltaVec is what a rollup row sums: it knows how to add another times a
// sign, and its value columns' values in the order of the table's addSpec.
// Its zero value is "no change".
type deltaVec[V any] interface {
	comparable
	plus(o V, sign int64) V
	vals() []any
}

// deltas are changes of one rollup table by row. The zero value is ready
// to use; pass it by pointer.
type deltas[K deltaKey[K], V deltaVec[V]] struct {
	m map[K]V
}

// add adds v times sign (1 or -1) to the row k.
func (d *deltas[K, V]) add(k K, v V, sign int64) {
	if d.m == nil {
		d.m = map[K]V{}
	}
	d.m[k] = d.m[k].plus(v, sign)
}

// keys returns the keys whose change is not zero, in the primary key's
// order.
func (d *deltas[K, V]) keys() []K {
	var zero V
	keys := make([]K, 0, len(d.m))
	for k, v := range d.m {
		if v != zero {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b K) int { return a.compare(b) })
	return keys
}

// rows returns the non-zero changes as rows for addRows (key columns, then
// value columns), in the primary key's order.
func (d *deltas[K, V]) rows() [][]any {
	keys := d.keys()
	out := make([][]any, len(keys))
	for i, k := range keys {
		out[i] = append(k.cols(), d.m[k].vals()...)
	}
	return out
}

// addCounters adds sign times each src counter to its dst counter; the
// vectors list their fields in column order (see rollupVec.fields).
func addCounters[N int | int64](dst, src []*N, sign N) {
	for i, p := range dst {
		*p += sign * *src[i]
	}
}

// counterVals returns the counters as row values.
func counterVals(fs []*int64) []any {
	out := make([]any, len(fs))
	for i, p := range fs {
		out[i] = *p
	}
	return out
}

// tally is a change of a rollup row that holds one number.
type tally int64

func (c tally) plus(o tally, sign int64) tally { return c + tally(sign)*o }
func (c tally) vals() []any                    { return []any{int64(c)} }

// addSpec describes a rollup table moved by deltas: an INSERT … ON CONFLICT
// (keys) DO UPDATE that adds each value column to the row.
type addSpec struct {
	table string
	keys  []string
	vals  []string
}

func (s addSpec) statement(rows int) string {
	cols := append(append([]string{}, s.keys...), s.vals...)
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + s.table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(" ON CONFLICT (" + strings.Join(s.keys, ", ") + ") DO UPDATE SET ")
	for i, v := range s.vals {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = %s.%s + excluded.%s", v, s.table, v, v)
	}
	return b.String()
}

// each calls fn with multi-row statements adding rows (key values, then
// deltas), in order, within the bound-variable limit of both databases.
func (s addSpec) each(rows [][]any, fn func(q string, args []any) error) error {
	per := max(1, sqliteMaxVars/(len(s.keys)+len(s.vals)))
	for start := 0; start < len(rows); start += per {
		end := min(len(rows), start+per)
		args := make([]any, 0, (end-start)*(len(s.keys)+len(s.vals)))
		for _, r := range rows[start:end] {
			args = append(args, r...)
		}
		if err := fn(s.statement(end-start), args); err != nil {
			return fmt.Errorf("store: %s: %w", s.table, err)
		}
	}
	return nil
}

// addRows moves the rows of a rollup table in the transaction.
func (tx *Tx) addRows(ctx context.Context, s addSpec, rows [][]any) error {
	return s.each(rows, func(q string, args []any) error {
		_, err := tx.exec(ctx, q, args...)
		return err
	})
}

// prefix returns the first n bytes of s (a year or month of a date), or s
// when shorter.
func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}
