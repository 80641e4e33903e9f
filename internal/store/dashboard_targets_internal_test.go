package store

// Compilations reports how many provinces were compiled one by one, and
// how many times every province at once, since parts was made.
func (k *IndicatorParts) Compilations() (provinces, all int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.compiled.provinces, k.compiled.all
}
