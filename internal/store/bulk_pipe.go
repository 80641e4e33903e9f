package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A batch of an import's changed organisations sends, on PostgreSQL, each
// organisation's UPDATE and the statements that write its children
// (saveChildren) one round trip at a time: two or more per organisation.
// While a stmtPipe is set on the transaction (Tx.pipe), exec queues its
// statement instead, and the queue is sent as one pgx batch — pipelined,
// one round trip — when the batch of organisations is written or before
// the next query (which may read what the queue writes), so statements
// still run in the order they were given. A statement that fails, or
// whose check fails, stops the rest; the change it was queued for is
// named in the error.
type stmtPipe struct {
	tx     *Tx
	batch  *pgx.Batch
	checks []func(pgconn.CommandTag, error) error
	owners []int
	owner  int // the change the statements queued now belong to
	err    error
	failed int // the owner of the statement that failed
}

// startPipe sets a pipe on the transaction, when it can send one
// (PostgreSQL, on a connection of its own), and returns it; nil otherwise.
func (tx *Tx) startPipe() *stmtPipe {
	if !tx.canCopy() {
		return nil
	}
	tx.pipe = &stmtPipe{tx: tx, batch: &pgx.Batch{}}
	return tx.pipe
}

// queue adds a statement (already rebound); check, when given, turns its
// outcome into the error to report (or nil).
func (p *stmtPipe) queue(q string, args []any, check func(pgconn.CommandTag, error) error) pipedResult {
	p.batch.Queue(q, args...)
	p.checks = append(p.checks, check)
	p.owners = append(p.owners, p.owner)
	return pipedResult{}
}

// send sends what is queued and returns the first failure, kept: once a
// statement failed the transaction is aborted and nothing more is sent.
// A nil pipe sends nothing.
func (p *stmtPipe) send(ctx context.Context) error {
	if p == nil || p.err != nil || p.batch.Len() == 0 {
		if p != nil {
			return p.err
		}
		return nil
	}
	err := p.tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: statements: not a pgx connection (%T)", dc)
		}
		br := c.Conn().SendBatch(ctx, p.batch)
		for i, check := range p.checks {
			tag, err := br.Exec()
			if check != nil {
				err = check(tag, err)
			} else if err != nil {
				err = fmt.Errorf("store: save organisation: %w", err)
			}
			if err != nil {
				p.err, p.failed = err, p.owners[i]
				break
			}
		}
		if err := br.Close(); err != nil && p.err == nil {
			p.err, p.failed = fmt.Errorf("store: save organisation: %w", err), p.owner
		}
		return nil
	})
	if err != nil && p.err == nil {
		p.err, p.failed = err, p.owner
	}
	p.batch, p.checks, p.owners = &pgx.Batch{}, p.checks[:0], p.owners[:0]
	return p.err
}

// pipedResult is the result of a queued statement: not known yet.
type pipedResult struct{}

var errPiped = errors.New("store: the statement is queued")

func (pipedResult) LastInsertId() (int64, error) { return 0, errPiped }
func (pipedResult) RowsAffected() (int64, error) { return 0, errPiped }
