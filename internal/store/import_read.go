package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"htxnu/internal/xlsx"
)

// readAheadBatch is how many decoded rows the reader hands over at once.
const readAheadBatch = 256

var errReadStopped = errors.New("store: import read stopped")

// readAheadBatches reads and decodes the rows of a file on a goroutine of
// its own and calls each with them, a batch of up to readAheadBatch rows at
// a time, in order, on the caller's: reading the file and what each does
// with its rows (planning, writing) run at once, and what is better done
// for many rows at once (reading the organisations they name) is. An error
// from each stops the reading and is returned; otherwise the reader's.
func readAheadBatches[T any](name string, data []byte, cols []xlsx.Field, decode func(xlsx.Row) T, each func([]T) error) error {
	ch := make(chan []T, 4)
	stop := make(chan struct{})
	var readErr error
	go func() {
		defer close(ch)
		batch := make([]T, 0, readAheadBatch)
		send := func() error {
			select {
			case ch <- batch:
				batch = make([]T, 0, readAheadBatch)
				return nil
			case <-stop:
				return errReadStopped
			}
		}
		_, readErr = xlsx.Read(name, data, cols, func(row xlsx.Row) error {
			if batch = append(batch, decode(row)); len(batch) == readAheadBatch {
				return send()
			}
			return nil
		})
		if readErr == nil && len(batch) > 0 {
			send()
		}
	}()
	for batch := range ch {
		if err := each(batch); err != nil {
			close(stop)
			for range ch {
			}
			return err
		}
	}
	return readErr
}

// idChunk is how many ids a query names in its IN list.
const idChunk = 500

// queryByIDs runs query (with one %s for the IN list) for every idChunk
// ids and calls scan for each row.
func queryByIDs(ctx context.Context, q queryer, db *DB, ids []int64, query string, scan func(*sql.Rows) error) error {
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), idChunk)]
		ids = ids[len(chunk):]
		in, args := idList(chunk)
		rows, err := q.QueryContext(ctx, db.rebind(fmt.Sprintf(query, in)), args...)
		if err := eachRow(rows, err, scan); err != nil {
			return err
		}
	}
	return nil
}

// eachRow calls scan for every row of a query's result (or returns the
// query's error) and closes the rows.
func eachRow(rows *sql.Rows, err error, scan func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
