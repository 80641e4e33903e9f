package store

import (
	"cmp"
	"slices"
)

// The rollups are moved by deltas: a write sums what it changes in each
// row of a rollup table under the row's key, then adds the non-zero sums
// to the table (addRows) in the primary key's order, so that concurrent
// writers lock rows in the same order and cannot deadlock. One generic
// type serves every family: org_rollup, registry_series, registry_asof,
// indicator_rollup, manager_events, activity_rollup and its year rollup,
// org_reach, reach_rollup and reach_distinct.

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

// tally is a change of a rollup row that holds one number.
type tally int64

func (c tally) plus(o tally, sign int64) tally { return c + tally(sign)*o }
func (c tally) vals() []any                    { return []any{int64(c)} }

// provinceKey is the key of a rollup row by province (indicator_rollup).
type provinceKey string

func (k provinceKey) cols() []any               { return []any{string(k)} }
func (k provinceKey) compare(o provinceKey) int { return cmp.Compare(k, o) }
