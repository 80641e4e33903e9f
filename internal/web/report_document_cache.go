package web

import (
	"container/list"
	"crypto/sha256"
	"encoding/json"
	"sync"

	"htxnu/internal/report"
)

// A report's PDF and workbook depend only on what they show (report.WritePDF
// and WriteXLSX never read the clock), so each written file is kept under
// the digest of its contents: a report read again unchanged — an approved
// version's frozen figures above all — is answered without laying it out
// again (20–70 ms of fonts and compression for four pages). A change to
// anything shown makes another digest; the oldest files leave first.
type documentCache struct {
	mu       sync.Mutex
	order    *list.List // of *documentEntry, most recently used first
	byKey    map[[sha256.Size]byte]*list.Element
	bytes    int
	maxBytes int
}

type documentEntry struct {
	key  [sha256.Size]byte
	file []byte
}

// documents is shared by every server of the process: entries are keyed by
// contents, so no reader can get another's file.
var documents = newDocumentCache(32 << 20)

func newDocumentCache(maxBytes int) *documentCache {
	return &documentCache{order: list.New(), byKey: map[[sha256.Size]byte]*list.Element{}, maxBytes: maxBytes}
}

// documentKey is the digest of the format and everything the file shows;
// ok is false when the contents cannot be encoded (then nothing is cached).
func documentKey(format string, doc report.Document, tables []report.Table) ([sha256.Size]byte, bool) {
	b, err := json.Marshal(struct {
		Format string
		Doc    report.Document
		Tables []report.Table
	}{format, doc, tables})
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	return sha256.Sum256(b), true
}

func (c *documentCache) get(key [sha256.Size]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*documentEntry).file, true
}

func (c *documentCache) put(key [sha256.Size]byte, file []byte) {
	if len(file) > c.maxBytes/2 {
		return // a very long document is not worth holding
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok {
		return
	}
	c.byKey[key] = c.order.PushFront(&documentEntry{key: key, file: file})
	c.bytes += len(file)
	for c.bytes > c.maxBytes {
		last := c.order.Back()
		e := last.Value.(*documentEntry)
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.bytes -= len(e.file)
	}
}
