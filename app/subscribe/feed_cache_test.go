package subscribe

import (
	"fmt"
	"testing"

	"liaison/app/clock/clocktest"
)

// TestFeedCache_BytesBounded: bodies never total more than the budget,
// however many feeds are put; the newest body is kept, too large ones are
// not, and a replaced entry's bytes are given back.
func TestFeedCache_BytesBounded(t *testing.T) {
	var c feedCache
	c.init(100, 1000)
	now := clocktest.Now()
	sum := func() int {
		n := 0
		for _, e := range c.m {
			n += len(e.body)
		}
		return n
	}
	for i := range 300 {
		o := feedOwner{TokenHash: fmt.Sprint("feed", i%150)}
		c.put(o, "fp", "etag", now, make([]byte, 60+i%40), 0, now)
		if s := sum(); s != c.bytes || s > 1000 || len(c.m) > 100 {
			t.Fatalf("after %d puts: %d bytes (counted %d), %d entries", i+1, s, c.bytes, len(c.m))
		}
		if e, ok := c.get(o.TokenHash, "fp", 0, now); !ok || e.body == nil {
			t.Fatalf("put %d: newest body not kept", i)
		}
	}
	c.put(feedOwner{TokenHash: "big"}, "fp", "etag", now, make([]byte, 126), 0, now)
	if e, ok := c.get("big", "fp", 0, now); !ok || e.body != nil {
		t.Error("a body over an eighth of the budget was kept")
	}
	if _, ok := c.get("big", "other", 0, now); ok {
		t.Error("served under another fingerprint")
	}
}
