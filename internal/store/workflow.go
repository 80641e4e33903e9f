package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// orgName is the name of the organisation a record names, or "" when there
// is no such organisation; a failing database is an error.
func (db *DB) orgName(ctx context.Context, q queryer, id int64) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, db.rebind(`SELECT name FROM organisations WHERE id = ?`), id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: organisation %d's name: %w", id, err)
	}
	return name, nil
}

// recordRead is how to read one record of a kind by id in the reader's
// scope: a record that is missing or in a province the reader may not read
// is not found alike.
type recordRead[T any] struct {
	table, columns string
	resource       coop.Resource // whose read permission applies
	what           string        // the record as users name it, for "not found"
	scan           func(scanner) (*T, error)
	province       func(*T) string
}

func (r recordRead[T]) get(ctx context.Context, db *DB, q queryer, actor coop.Actor, id int64) (*T, error) {
	v, err := r.scan(q.QueryRowContext(ctx, db.rebind(`SELECT `+r.columns+` FROM `+r.table+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: r.resource, Province: r.province(v)})) {
		return nil, coop.NotFound(r.what)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s %d: %w", r.table, id, err)
	}
	return v, nil
}

// workflowTimeline names where a workflow keeps the steps of its records:
// the table, the column naming the record, and the step's own columns (the
// states it moves between) before the common who, comment and when.
type workflowTimeline struct {
	table, key string
	states     []string
}

var (
	foundingTimeline = workflowTimeline{"founding_steps", "case_id", []string{"step", "on_date"}}
	obstacleTimeline = workflowTimeline{"obstacle_steps", "obstacle_id", []string{"from_status", "to_status"}}
)

// readSteps reads a record's timeline, oldest first. fields gives, for a
// new step, where its own columns go and its common part.
func readSteps[S any](ctx context.Context, db *DB, q queryer, w workflowTimeline, id int64, fields func(*S) ([]any, *coop.WorkflowStep)) ([]S, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+strings.Join(w.states, ", ")+`, actor_id, actor_name, comment, created_at
		FROM `+w.table+` WHERE `+w.key+` = ? ORDER BY id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", w.table, err)
	}
	defer rows.Close()
	out := []S{}
	for rows.Next() {
		var s S
		dest, common := fields(&s)
		if err := rows.Scan(append(dest, &common.ActorID, &common.ActorName, &common.Comment, &common.At)...); err != nil {
			return nil, fmt.Errorf("store: %s: %w", w.table, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// step records a move of the record in its timeline: its states (in the
// order of w.states), by the transaction's actor, now, with the comment.
func (tx *Tx) step(ctx context.Context, w workflowTimeline, id int64, states []any, comment string) error {
	cols := append(append([]string{w.key}, w.states...), "actor_id", "actor_name", "comment", "created_at")
	args := append(append([]any{id}, states...), tx.actor.UserID, tx.actor.Name, comment, tx.now)
	_, err := tx.exec(ctx, `INSERT INTO `+w.table+` (`+strings.Join(cols, ", ")+`)
		VALUES (`+strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", w.table, err)
	}
	return nil
}
