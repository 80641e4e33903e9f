package web

import (
	"testing"

	"htxnu/internal/report"
)

// A file is found again under the same contents and format only, and the
// oldest files leave when the cache is full.
func TestDocumentCache(t *testing.T) {
	c := newDocumentCache(50)
	doc := report.Document{Kind: "BÁO CÁO", Summary: "Kết quả 6 tháng đầu năm 2026"}
	pdf, _ := documentKey("pdf", doc, nil)
	xlsx, _ := documentKey("xlsx", doc, nil)
	doc.Summary += " (sửa)"
	edited, _ := documentKey("pdf", doc, nil)
	if pdf == xlsx || pdf == edited {
		t.Fatal("different files share a key")
	}
	c.put(pdf, []byte("01234567890123456789"))
	c.put(xlsx, []byte("abcdefghijabcdefghij"))
	if f, ok := c.get(pdf); !ok || string(f) != "01234567890123456789" {
		t.Fatalf("pdf: %q %v", f, ok)
	}
	if _, ok := c.get(edited); ok {
		t.Fatal("an edited document was answered from the cache")
	}
	// pdf was used last: xlsx leaves first.
	c.put(edited, []byte("EDITED-EDITED-EDITED"))
	if _, ok := c.get(xlsx); ok {
		t.Error("the least recently used file stayed past the limit")
	}
	if _, ok := c.get(pdf); !ok {
		t.Error("the recently used file left")
	}
	if c.bytes > 50 {
		t.Errorf("holding %d bytes, limit 50", c.bytes)
	}
}
