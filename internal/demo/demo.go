// Package demo makes believable Vietnamese collective economic
// organisations — cooperatives, unions and cooperative groups with their
// managers, workforce and OCOP products — for demonstrations, training
// days and load tests, and loads them through the store's bulk loader.
// Everything is deterministic for a given seed.
package demo

import (
	"context"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// Sizes and seeds.
const (
	// DemoSize is how many organisations the demonstration holds.
	DemoSize = 3000
	// DemoSeed makes every demonstration the same.
	DemoSeed = 20230103
	// BatchSize is how many organisations are loaded per transaction.
	BatchSize = 5000
)

// Demo loads the demonstration data when the database holds no
// organisation, and returns how many it loaded (0 when there were some).
func Demo(ctx context.Context, db *store.DB) (int, error) {
	l, err := db.NewBulkLoader(ctx, coop.System)
	if err != nil {
		return 0, err
	}
	if l.Existing() > 0 {
		return 0, nil
	}
	g := NewGenerator(DemoSeed, Options{Today: l.Today(), FirstID: l.NextID(), Mix: DemoMix, Showcase: true, UniqueNames: true})
	return load(ctx, l, DemoSize, g, nil)
}

// Generate adds n organisations in the national mix of kinds, made from
// seed, reporting progress after each batch. It streams: only a couple of
// batches are ever in memory.
func Generate(ctx context.Context, db *store.DB, n int, seed uint64, progress func(done, total int)) error {
	l, err := db.NewBulkLoader(ctx, coop.System)
	if err != nil {
		return err
	}
	g := NewGenerator(seed, Options{Today: l.Today(), FirstID: l.NextID(), Mix: NationalMix})
	_, err = load(ctx, l, n, g, progress)
	return err
}

// load makes and prepares batches on one goroutine while the loader writes
// the previous one on another, so both cores work.
func load(ctx context.Context, l *store.BulkLoader, n int, g *Generator, progress func(done, total int)) (int, error) {
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *store.BulkBatch, 1)
	var prepErr error
	go func() {
		defer close(batches)
		for made := 0; made < n; {
			b, err := l.Prepare(g.Batch(min(BatchSize, n-made)))
			if err != nil {
				prepErr = err
				return
			}
			made += b.Len()
			select {
			case batches <- b:
			case <-gctx.Done():
				return
			}
		}
	}()
	var loadErr error
	for b := range batches {
		if loadErr = l.Write(ctx, b); loadErr != nil {
			cancel()
			for range batches {
			}
			break
		}
		if progress != nil {
			progress(l.Loaded(), n)
		}
	}
	if loadErr == nil {
		loadErr = prepErr // read after the channel closed
	}
	// Record what was loaded even when the load stopped half-way.
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer fcancel()
	count, err := l.Finish(fctx)
	if loadErr != nil {
		return count, loadErr
	}
	return count, err
}
