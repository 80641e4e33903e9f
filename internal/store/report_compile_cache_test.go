package store

// ForgetCompilations drops the compilations and consolidations kept for
// the current generation, so that a benchmark times the cold cost.
func (db *DB) ForgetCompilations() {
	db.cons.mu.Lock()
	defer db.cons.mu.Unlock()
	db.cons.gen = ""
	db.cons.byID, db.cons.compiled = nil, nil
}
