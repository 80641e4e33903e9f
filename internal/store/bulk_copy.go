package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL an import writes its new rows with COPY, inside its own
// transaction: the transaction is begun on a connection kept with it
// (Tx.conn, writeImport), and COPY is sent on the pgx connection under
// it, which is in that transaction. A multi-row INSERT of 200 rows costs
// the server a parse, a plan and a round trip; COPY streams the rows in
// the binary format in one command.

// rowWriter writes rows of one table, in batches: a multi-row INSERT
// (multiInsert) or COPY (copyInsert).
type rowWriter interface {
	add(ctx context.Context, vals ...any) error
	flush(ctx context.Context) error
	close()
}

// canCopy reports whether the transaction can write with COPY.
func (tx *Tx) canCopy() bool { return tx.conn != nil && tx.db.dialect == Postgres }

// copyFrom writes rows into table's columns with COPY, in the transaction.
func (tx *Tx) copyFrom(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.copySource(ctx, table, cols, len(rows), pgx.CopyFromRows(rows))
}

// copyFunc writes n rows into table's columns with COPY, in the
// transaction, each row given by next (which may reuse its slice).
func (tx *Tx) copyFunc(ctx context.Context, table string, cols []string, n int, next func() ([]any, error)) error {
	i := 0
	return tx.copySource(ctx, table, cols, n, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		return next()
	}))
}

// copySource is copyFrom and copyFunc's COPY, of n rows.
func (tx *Tx) copySource(ctx context.Context, table string, cols []string, n int, src pgx.CopyFromSource) error {
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: copy into %s: not a pgx connection (%T)", table, dc)
		}
		got, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		if err == nil && got != int64(n) {
			err = fmt.Errorf("store: copy into %s: %d rows of %d", table, got, n)
		}
		return err
	})
}

// newRowWriter returns a writer of table's columns: COPY when the
// transaction can, else multi-row INSERTs of up to maxRows rows.
func newRowWriter(tx *Tx, table string, cols []string, maxRows int) rowWriter {
	if tx.canCopy() {
		return &copyInsert{tx: tx, table: table, cols: cols, max: copyMaxRows}
	}
	return newMultiInsert(tx, table, cols, maxRows)
}

// copyMaxRows is how many rows a copyInsert holds before it copies them.
const copyMaxRows = 5000

// copyInsert gathers rows and writes them with one COPY when flushed (or
// when it holds copyMaxRows).
type copyInsert struct {
	tx    *Tx
	table string
	cols  []string
	max   int
	rows  [][]any
}

func (c *copyInsert) add(ctx context.Context, vals ...any) error {
	c.rows = append(c.rows, vals)
	if len(c.rows) >= c.max {
		return c.flush(ctx)
	}
	return nil
}

func (c *copyInsert) flush(ctx context.Context) error {
	if len(c.rows) == 0 {
		return nil
	}
	err := c.tx.copyFrom(ctx, c.table, c.cols, c.rows)
	clear(c.rows)
	c.rows = c.rows[:0]
	return err
}

func (c *copyInsert) close() {}
