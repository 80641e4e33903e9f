package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"htxnu/internal/store"
)

// The render cache keeps the pages that cost the most to compute — the
// dashboards and the national report — for as long as the data they show
// have not changed. A page is kept with the generation of the figures it
// was computed at (store.PageGeneration: the newest audit event of a write
// that may change a figure, recorded inside the write's transaction, and
// the day; a national page's of every province, one province's dashboard's
// of that province and the centre only; the pages' notices come from
// reports' and obstacles' events); so the figures are always live: a
// saved record is visible on the very next request, which reads the new
// generation and computes the page afresh. A write that changes no figure
// (store.FamilyNone: a phone number, an account) leaves the pages kept. A
// cached page is answered with an ETag (304 when the browser has it) and
// gzip-compressed when the browser accepts it.
//
// The dashboards' figures are kept apart from the pages (renderCache.figures):
// they vary with the reader's role and province and the address, not with
// the reader, so one computation serves every reader of a scope and each
// reader's page is only rendered. Each of their sections is kept at the
// generation of the families it reads (renderCache.sections).

// cachedPage is one rendered answer.
type cachedPage struct {
	header http.Header
	body   []byte
	gz     []byte // nil when not worth compressing
	etag   string
}

// renderCache holds the rendered pages and the dashboards' figures.
type renderCache struct {
	pages   shared[*cachedPage]
	figures shared[*dashboard]
	// sections are the dashboards' sections, each kept at the generation
	// of the families of figures it reads (Server.section).
	sections shared[*dashboard]
	// targets are the parts of the national T1–T8, each kept at the
	// generation of its province (store.DashboardTargets).
	targets store.IndicatorParts
}

// shared keeps, for each key, the newest value computed and the generation
// it was computed at, and computes a key once at a time: on reporting day
// every write makes a new generation, and a hundred readers would
// otherwise compute the same page at once, each from a generation a few
// milliseconds apart, and together fall behind the writes.
//
// A reader is served a value computed from data at least as new as its
// request: the kept value when it is of the generation the reader read; or
// the value of a computation that read the same generation, or that
// started after the reader arrived (so after every write the reader could
// have seen). Otherwise the reader waits for the computation under way and
// then joins, or starts, the next one: at most one computation of a key
// runs at a time, and none serves a reader figures older than its request.
type shared[T any] struct {
	mu    sync.Mutex
	items map[string]*sharedItem[T]
}

// sharedMax bounds the keys kept.
const sharedMax = 4096

type sharedItem[T any] struct {
	gen  string // the generation of val; "" when none is kept
	val  T
	runs uint64        // computations started
	run  *sharedRun[T] // the computation under way, or nil
}

// sharedRun is a computation under way.
type sharedRun[T any] struct {
	seq  uint64 // its number among the key's computations
	gen  string // the generation it read when it started
	done chan struct{}
	val  T
	ok   bool  // val may be served to the readers waiting for it
	keep bool  // and kept for the readers after them
	err  error // why not, for the reader who ran it
}

// got is how get answered.
type got struct {
	ok  bool  // the value may be served; else the reader computes for itself
	err error // the computation the reader ran failed
}

// get returns the value of key for a reader who read generation gen. A
// value is computed by compute after reading the generation again with
// generation (so it is at least as new as the computation); compute says
// whether the value may be kept for later readers (keep), and an error
// when it may not be served at all. got.ok is false when the reader must
// compute for itself: the computation it waited for failed, or generation
// did.
func (c *shared[T]) get(ctx context.Context, key string, gen string,
	generation func(context.Context) (string, error), compute func(context.Context) (T, bool, error)) (v T, res got) {
	c.mu.Lock()
	if c.items == nil || len(c.items) >= sharedMax {
		c.items = map[string]*sharedItem[T]{}
	}
	it := c.items[key]
	if it == nil {
		it = &sharedItem[T]{}
		c.items[key] = it
	}
	arrived := it.runs
	for {
		if it.gen != "" && it.gen == gen {
			v = it.val
			c.mu.Unlock()
			return v, got{ok: true}
		}
		r := it.run
		if r == nil {
			break
		}
		c.mu.Unlock()
		select {
		case <-r.done:
		case <-ctx.Done():
			return v, got{err: ctx.Err()}
		}
		if r.seq > arrived || r.gen == gen {
			return r.val, got{ok: r.ok}
		}
		c.mu.Lock()
	}
	r := c.start(it)
	c.mu.Unlock()
	c.land(key, it, r, ctx, generation, compute)
	return r.val, got{ok: r.ok, err: r.err}
}

// start makes the next computation of the item the one under way; c.mu is
// held.
func (c *shared[T]) start(it *sharedItem[T]) *sharedRun[T] {
	it.runs++
	r := &sharedRun[T]{seq: it.runs, done: make(chan struct{})}
	it.run = r
	return r
}

// land runs the computation r and keeps its value.
func (c *shared[T]) land(key string, it *sharedItem[T], r *sharedRun[T], ctx context.Context,
	generation func(context.Context) (string, error), compute func(context.Context) (T, bool, error)) {
	defer func() {
		c.mu.Lock()
		if r.keep && c.items[key] == it {
			it.gen, it.val = r.gen, r.val
		}
		it.run = nil
		c.mu.Unlock()
		close(r.done)
	}()
	// Its reads take the store's shared lane: a hundred readers may be
	// waiting for it, and it must not queue behind single requests.
	ctx = store.SharedLane(ctx)
	if r.gen, r.err = generation(ctx); r.err != nil {
		return
	}
	r.val, r.keep, r.err = compute(ctx)
	r.ok = r.err == nil
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

// cached serves h, a national page, through the render cache at the
// generation of all the data.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return s.cachedAt(false, h)
}

// cachedScope serves h, a dashboard, through the render cache: a
// provincial reader's page at the generation of its province (its figures
// and its notices move with its province's and the centre's writes only),
// a national reader's at the generation of all the data (its notices come
// from every province). The figures behind the page are kept by the scope
// they show (Server.dashboard), so a national reader's page after another
// province's write is rendered again from them.
func (s *Server) cachedScope(h http.HandlerFunc) http.HandlerFunc {
	return s.cachedAt(true, h)
}

func (s *Server) cachedAt(scoped bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(provinceNoteCookie); err == nil && c.Value != "" {
			// The page after a save shows, once, the note on an old
			// province the save left: it is rendered for this request
			// alone, neither read from the cache nor kept in it.
			h(w, r)
			return
		}
		a := actor(r)
		province := ""
		if scoped {
			province = a.Province
		}
		// A write that changes nothing these pages show (a phone number,
		// an account: store.FamilyNone) leaves them kept. The bell on a
		// page is the reader's own: notices come and are read without a
		// write of any family (the reminders job, marking them read), so
		// the count of the reader's unread notices is part of it.
		generation := func(ctx context.Context) (string, error) { return s.db.ReaderPageGeneration(ctx, province, a) }
		gen, err := generation(r.Context())
		if err != nil {
			h(w, r)
			return
		}
		key := fmt.Sprintf("%d|%s|%s|%s|%s", a.UserID, a.Role, a.Province, a.Name, r.URL.RequestURI())
		var own *capture // this request's answer, when it may not be kept
		p, res := s.cache.pages.get(r.Context(), key, gen, generation, func(ctx context.Context) (*cachedPage, bool, error) {
			rec := &capture{header: http.Header{}}
			h(rec, r.WithContext(ctx))
			if rec.status != http.StatusOK {
				own = rec
				return nil, false, errNotKept
			}
			return newCachedPage(rec), true, nil
		})
		switch {
		case own != nil:
			for k, v := range own.header {
				w.Header()[k] = v
			}
			w.WriteHeader(own.status)
			w.Write(own.body.Bytes())
			return
		case !res.ok && r.Context().Err() != nil:
			return
		case !res.ok:
			h(w, r)
			return
		}
		s.serveCached(w, r, p)
	}
}

// errNotKept is a page's answer other than 200: sent to its reader alone.
var errNotKept = errors.New("web: answer not kept")

// newCachedPage keeps a handler's answer, with its ETag and, when worth
// it, gzip-compressed.
func newCachedPage(rec *capture) *cachedPage {
	sum := sha256.Sum256(rec.body.Bytes())
	p := &cachedPage{header: rec.header, body: bytes.Clone(rec.body.Bytes()), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if len(p.body) > 1024 {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		zw.Write(p.body)
		zw.Close()
		p.gz = gz.Bytes()
	}
	return p
}

// serveCached answers with a kept page.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, p *cachedPage) {
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

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
