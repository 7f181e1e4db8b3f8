package subscribe

import (
	"bytes"
	"compress/gzip"
	"sync"
	"time"
)

// FeedFresh is how long a checked feed answers a matching re-poll from
// memory (see Feed): the bound on how late this instance sees a change
// made through another one.
const FeedFresh = 2 * time.Second

// FeedCacheBytes bounds the feed bodies kept in memory (all feeds
// together). A 500-event feed is a few hundred KB, so this keeps the
// bodies of the busiest few dozen feeds; the others still keep their ETag
// and are rebuilt when asked without one.
const FeedCacheBytes = 16 << 20

// feedCache remembers, per feed (token hash), the fingerprint key, ETag and
// body of the last feed built, and when and at which db.Commits they were
// last checked against the database. Bounded in entries and in body bytes,
// since any entry can be rebuilt.
//
// A body is served only under the key it was built for, and the caller
// computes that key from the database on every request that wants a body,
// so a body is never staler than the fingerprint says (content-addressed:
// correct with several instances, unlike the FeedFresh shortcut, which
// only ever answers 304).
type feedCache struct {
	mu       sync.RWMutex
	max      int // entries
	maxBytes int // sum of len(body)
	bytes    int
	m        map[string]feedEntry
}

type feedEntry struct {
	owner    feedOwner // as last resolved: the scope of the next fingerprint
	fp, etag string
	changed  time.Time // when the feed changed to etag (feed_versions)
	body     []byte    // nil when not kept (over budget); never modified
	gen      uint64    // db.Commits before the check
	at       time.Time // time of the check (monotonic)
}

func (c *feedCache) init(max, maxBytes int) {
	c.max, c.maxBytes, c.m = max, maxBytes, map[string]feedEntry{}
}

// fresh returns the ETag of feed if it was checked less than FeedFresh
// before now and no transaction finished in this process since.
func (c *feedCache) fresh(feed string, gen uint64, now time.Time) (feedEntry, bool) {
	c.mu.RLock()
	e, ok := c.m[feed]
	c.mu.RUnlock()
	if !ok || e.gen != gen || now.Sub(e.at) >= FeedFresh || now.Before(e.at) {
		return feedEntry{}, false
	}
	return e, true
}

// get returns the entry of feed (its body nil if not kept) if its
// fingerprint key is still fp, and marks it checked at (gen, now).
func (c *feedCache) get(feed, fp string, gen uint64, now time.Time) (feedEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[feed]
	if !ok || e.fp != fp {
		return feedEntry{}, false
	}
	e.gen, e.at = gen, now
	c.m[feed] = e
	return e, true
}

// owner returns the owner feed had when last resolved.
func (c *feedCache) owner(feed string) (feedOwner, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.m[feed]
	return e.owner, ok
}

// put records a feed just built. The body is kept if it fits in an eighth
// of the budget; to make room, other feeds' bodies are dropped (their
// entries stay), in no particular order: a dropped body costs one rebuild.
func (c *feedCache) put(o feedOwner, fp, etag string, changed time.Time, body []byte, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[o.TokenHash]; ok {
		c.bytes -= len(old.body)
	} else if len(c.m) >= c.max {
		for k, e := range c.m { // drop an arbitrary entry
			c.bytes -= len(e.body)
			delete(c.m, k)
			break
		}
	}
	if len(body) > c.maxBytes/8 {
		body = nil
	}
	for k, e := range c.m {
		if c.bytes+len(body) <= c.maxBytes {
			break
		}
		if e.body != nil && k != o.TokenHash {
			c.bytes -= len(e.body)
			e.body = nil
			c.m[k] = e
		}
	}
	c.bytes += len(body)
	c.m[o.TokenHash] = feedEntry{owner: o, fp: fp, etag: etag, changed: changed, body: body, gen: gen, at: now}
}

// gzipCache keeps the compressed variant of recent feed bodies by ETag, so
// a feed polled by many compressing clients is compressed once.
type gzipCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

// gzipCacheEntries bounds gzipCache; an evicted body is compressed again.
const gzipCacheEntries = 256

// Gzip returns body (whose ETag is etag) gzip-compressed.
func (s *Service) Gzip(etag string, body []byte) []byte {
	c := &s.gz
	c.mu.Lock()
	out, ok := c.m[etag]
	c.mu.Unlock()
	if ok {
		return out
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	_, _ = w.Write(body)
	_ = w.Close()
	out = b.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= gzipCacheEntries {
		c.m = make(map[string][]byte, gzipCacheEntries)
	}
	c.m[etag] = out
	return out
}
