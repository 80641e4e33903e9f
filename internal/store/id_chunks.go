package store

// eachIDChunk calls fn with the "?, …" placeholders and the arguments of
// successive chunks of ids (idChunk at most), in order, so that a write
// reaching many organisations reads or changes their rows in a few
// statements instead of one statement each.
func eachIDChunk(ids []int64, fn func(in string, args []any) error) error {
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), idChunk)]
		ids = ids[len(chunk):]
		in, args := idList(chunk)
		if err := fn(in, args); err != nil {
			return err
		}
	}
	return nil
}
