package web

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// The render cache computes a key once at a time, and never serves a
// reader a value computed before its request from an older generation: a
// reader arriving while a computation of an older generation runs waits
// for the next one; a reader of the same generation joins it.
func TestSharedComputesOnceAtATimeAndNeverOlderThanTheRequest(t *testing.T) {
	var c shared[int64]
	ctx := context.Background()
	var gen atomic.Value
	gen.Store("g1")
	generation := func(context.Context) (string, error) { return gen.Load().(string), nil }
	var running, most, computed atomic.Int64
	started, release := make(chan struct{}, 4), make(chan struct{})
	compute := func(context.Context) (int64, bool, error) {
		if n := running.Add(1); n > most.Load() {
			most.Store(n)
		}
		started <- struct{}{}
		<-release
		running.Add(-1)
		return computed.Add(1), true, nil
	}
	ask := func(g string) <-chan int64 {
		out := make(chan int64, 1)
		go func() {
			v, res := c.get(ctx, "dashboard", g, generation, compute)
			if !res.ok || res.err != nil {
				t.Errorf("reader of %s: %+v", g, res)
			}
			out <- v
		}()
		return out
	}
	first := ask("g1")
	<-started
	same := ask("g1")
	gen.Store("g2") // a write lands while the first computation runs
	later := ask("g2")
	time.Sleep(50 * time.Millisecond) // both wait for the computation under way
	release <- struct{}{}
	if v := <-first; v != 1 {
		t.Errorf("the first reader got computation %d, want 1", v)
	}
	if v := <-same; v != 1 {
		t.Errorf("a reader of the same generation got computation %d, want 1 (joined)", v)
	}
	<-started
	release <- struct{}{}
	if v := <-later; v != 2 {
		t.Errorf("a reader after a write got computation %d, want 2 (one that started after its request)", v)
	}
	if most.Load() != 1 {
		t.Errorf("%d computations of one key ran at once, want 1", most.Load())
	}
	if v, res := c.get(ctx, "dashboard", "g2", generation, compute); v != 2 || !res.ok || computed.Load() != 2 {
		t.Errorf("a reader of the kept generation got %d (%+v) after %d computations, want 2 from the cache", v, res, computed.Load())
	}
}
