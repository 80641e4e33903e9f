package demo

import (
	"context"

	"htxnu/internal/store"
)

// Reports loads periodic reports in every state for the last periods.
func Reports(ctx context.Context, db *store.DB) error {
	return nil
}
