package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// The render cache keeps the pages that cost the most to compute — the
// dashboards and the national report — for as long as the data they show
// have not changed. Its key holds the data's generation (store.Generation:
// it moves with every write, inside the write's transaction, and with the
// day), the reader and the address; so the figures are always live: a
// saved record is visible on the very next request, which reads the new
// generation and computes the page afresh. A cached page is answered with
// an ETag (304 when the browser has it) and gzip-compressed when the
// browser accepts it.

// cachedPage is one rendered answer.
type cachedPage struct {
	header http.Header
	body   []byte
	gz     []byte // nil when not worth compressing
	etag   string
}

// renderCache holds the pages of one generation.
type renderCache struct {
	mu       sync.Mutex
	gen      string
	pages    map[string]*cachedPage
	inflight map[string]*flight // pages being computed, by generation and key
}

// flight is a page being computed: the readers who ask for it meanwhile
// wait for it rather than compute it again (on reporting day every write
// makes a new generation, and a hundred readers would otherwise compute the
// same dashboard at once).
type flight struct {
	done chan struct{}
	page *cachedPage // nil when the answer was not cacheable
}

// join returns the flight computing the page and whether the caller leads
// it (and must land it).
func (c *renderCache) join(gen, key string) (*flight, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight == nil {
		c.inflight = map[string]*flight{}
	}
	if f, ok := c.inflight[gen+"|"+key]; ok {
		return f, false
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[gen+"|"+key] = f
	return f, true
}

func (c *renderCache) land(gen, key string, f *flight, p *cachedPage) {
	c.mu.Lock()
	delete(c.inflight, gen+"|"+key)
	c.mu.Unlock()
	f.page = p
	close(f.done)
}

// renderCacheMax bounds the pages kept for one generation.
const renderCacheMax = 4096

func (c *renderCache) get(gen, key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil
	}
	return c.pages[key]
}

func (c *renderCache) put(gen, key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || len(c.pages) >= renderCacheMax {
		c.gen, c.pages = gen, map[string]*cachedPage{}
	}
	c.pages[key] = p
}

// capture records what a handler writes.
type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *capture) Header() http.Header { return c.header }
func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}
func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

// cached serves h through the render cache.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(provinceNoteCookie); err == nil && c.Value != "" {
			// The page after a save shows, once, the note on an old
			// province the save left: it is rendered for this request
			// alone, neither read from the cache nor kept in it.
			h(w, r)
			return
		}
		gen, err := s.db.Generation(r.Context())
		if err != nil {
			h(w, r)
			return
		}
		a := actor(r)
		key := fmt.Sprintf("%d|%s|%s|%s|%s", a.UserID, a.Role, a.Province, a.Name, r.URL.RequestURI())
		p := s.cache.get(gen, key)
		if p == nil {
			if f, lead := s.cache.join(gen, key); !lead {
				select {
				case <-f.done:
					p = f.page
				case <-r.Context().Done():
					return
				}
			} else {
				defer func() { s.cache.land(gen, key, f, p) }()
			}
		}
		if p == nil {
			rec := &capture{header: http.Header{}}
			h(rec, r)
			if rec.status != http.StatusOK {
				for k, v := range rec.header {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.status)
				w.Write(rec.body.Bytes())
				return
			}
			sum := sha256.Sum256(rec.body.Bytes())
			p = &cachedPage{header: rec.header, body: bytes.Clone(rec.body.Bytes()), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
			if len(p.body) > 1024 {
				var gz bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
				zw.Write(p.body)
				zw.Close()
				p.gz = gz.Bytes()
			}
			s.cache.put(gen, key, p)
		}
		hd := w.Header()
		for k, v := range p.header {
			hd[k] = v
		}
		hd.Set("ETag", p.etag)
		// Signed-in pages are never stored by a browser or proxy (they hold
		// unpublished figures): no-store, as everywhere else. The ETag still
		// answers an API client that revalidates.
		hd.Set("Cache-Control", "private, no-store")
		hd.Add("Vary", "Accept-Encoding")
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, p.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body := p.body
		if p.gz != nil && acceptsGzip(r) {
			hd.Set("Content-Encoding", "gzip")
			body = p.gz
		}
		hd.Set("Content-Length", fmt.Sprint(len(body)))
		w.Write(body)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
