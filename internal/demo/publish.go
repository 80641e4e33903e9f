package demo

import (
	"context"

	"htxnu/internal/store"
)

// Publish puts a few model organisations run by women on the public
// showcase, as their provinces would.
func Publish(ctx context.Context, db *store.DB) error {
	return nil
}
