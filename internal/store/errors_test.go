package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A database that fails is a failure, not a missing organisation: the
// history of an organisation is not "not found" when the database is down.
func TestOrganisationHistoryReportsDatabaseFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, _, err := db.OrganisationHistory(ctx, coop.System, 424242, 1, 10); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Fatalf("missing organisation: %v, want not found", err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		_, _, err := db.OrganisationHistory(ctx, coop.System, 424242, 1, 10)
		if err == nil || coop.ErrorCode(err) == coop.ENOTFOUND {
			t.Fatalf("closed database: %v, want a failure that is not 'not found'", err)
		}
	})
}
