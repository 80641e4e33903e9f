package store

import (
	"errors"

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
