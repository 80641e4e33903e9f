package store

import (
	"context"
	"database/sql"
	"strings"
)

// sqliteMaxVars stays under SQLite's default limit of 32,766 bound
// variables per statement.
const sqliteMaxVars = 32000

type multiInsert struct {
	tx    *Tx
	head  string // INSERT INTO t (cols) VALUES
	tail  string
	cols  int
	max   int // rows per statement
	stmts map[int]*sql.Stmt
	args  []any
	rows  int
}

func newMultiInsert(tx *Tx, table string, cols []string, maxRows int) *multiInsert {
	return newMultiStatement(tx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `, "", len(cols), maxRows)
}

func newMultiStatement(tx *Tx, head, tail string, cols, maxRows int) *multiInsert {
	maxRows = min(maxRows, sqliteMaxVars/cols)
	return &multiInsert{tx: tx, head: head, tail: tail, cols: cols, max: maxRows, stmts: map[int]*sql.Stmt{}, args: make([]any, 0, maxRows*cols)}
}

func (m *multiInsert) add(ctx context.Context, vals ...any) error {
	m.args = append(m.args, vals...)
	m.rows++
	if m.rows == m.max {
		return m.flush(ctx)
	}
	return nil
}

func (m *multiInsert) flush(ctx context.Context) error {
	if m.rows == 0 {
		return nil
	}
	st, ok := m.stmts[m.rows]
	if !ok {
		var b strings.Builder
		b.WriteString(m.head)
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", m.cols), ", ") + ")"
		for i := 0; i < m.rows; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
		}
		b.WriteString(m.tail)
		var err error
		if st, err = m.tx.tx.PrepareContext(ctx, m.tx.db.rebind(b.String())); err != nil {
			return err
		}
		m.stmts[m.rows] = st
	}
	if _, err := st.ExecContext(ctx, m.args...); err != nil {
		return err
	}
	clear(m.args)
	m.args, m.rows = m.args[:0], 0
	return nil
}

func (m *multiInsert) close() {
	for _, st := range m.stmts {
		st.Close()
	}
}
