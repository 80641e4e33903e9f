package store

// SetImportUpdatesOneByOne makes imports and their undo write each changed
// organisation through modifyOrganisation (on) or in batches (off, as they
// run): the oracle of the batched writes.
func SetImportUpdatesOneByOne(on bool) { orgUpdatesOneByOne = on }
