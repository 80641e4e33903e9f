package store

import (
	"crypto/sha256"
	"sync"
	"time"

	"htxnu/internal/coop"
)

// A preview's planned rows are kept in memory, so that committing the
// import right after need not read, decode, match and validate the file a
// second time. The commit takes them only when nothing they were planned
// from has changed: the same file, actor and day, and the same registry
// (registryIndex's fingerprint, read again inside the commit's
// transaction). Otherwise, or when the plan is no longer kept (another
// process, a restart, evicted), the commit plans the file again.

// keptPlanRows bounds the rows kept over every import of the process
// (about 1.2 kB each: 120 MB at most); the oldest plans are dropped first.
var keptPlanRows = 100000

// keptPlanAge is how long a plan is kept waiting for its commit.
const keptPlanAge = 6 * time.Hour

type keptPlan struct {
	file    string // the file's SHA-256
	actor   coop.Actor
	today   string
	print   [sha256.Size]byte
	rows    []plannedOrg // the new and changed rows, in the file's order
	summary ImportSummary
	at      time.Time
}

var planStore struct {
	sync.Mutex
	plans map[importJobKey]*keptPlan
}

// keepPlan keeps the planned rows of an import's preview.
func (db *DB) keepPlan(id int64, p *keptPlan) {
	if p == nil || len(p.rows) > keptPlanRows {
		return
	}
	planStore.Lock()
	defer planStore.Unlock()
	if planStore.plans == nil {
		planStore.plans = map[importJobKey]*keptPlan{}
	}
	p.at = time.Now()
	planStore.plans[importJobKey{db, id}] = p
	total := 0
	for k, q := range planStore.plans {
		if time.Since(q.at) > keptPlanAge {
			delete(planStore.plans, k)
			continue
		}
		total += len(q.rows)
	}
	for total > keptPlanRows {
		var oldest importJobKey
		for k, q := range planStore.plans {
			if o := planStore.plans[oldest]; o == nil || q.at.Before(o.at) {
				oldest = k
			}
		}
		total -= len(planStore.plans[oldest].rows)
		delete(planStore.plans, oldest)
	}
}

// takePlan returns, and forgets, the kept plan of an import when it was
// planned from the same file, actor, day and registry; nil otherwise. A
// plan is taken once: its rows are written (and given ids) by the commit.
func (db *DB) takePlan(imp *Import, actor coop.Actor, today string, print [sha256.Size]byte) *keptPlan {
	planStore.Lock()
	defer planStore.Unlock()
	k := importJobKey{db, imp.ID}
	p := planStore.plans[k]
	delete(planStore.plans, k)
	if p == nil || p.file != imp.FileSHA256 || p.actor != actor || p.today != today || p.print != print || time.Since(p.at) > keptPlanAge {
		return nil
	}
	return p
}
