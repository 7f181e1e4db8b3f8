package main

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"liaison/app/config"
	"liaison/app/demo"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// smallDistrict is a generated district small enough for every CI run.
var smallDistrict = demo.Size{Units: 10, Users: 80, Meetings: 200, Actions: 600, Cases: 60, FeedEvents: 30}

// TestLoad_ShortForm proves the tool works against the real server on the
// test database (SQLite, or PostgreSQL with LIAISON_TEST_DATABASE_URL):
// every path answers without error at 1 and 10 in flight, the 304
// re-poll is a 304, and a short mixed read/write load has no 5xx and no
// SQLITE_BUSY. It does not gate on speed (CI machines are noisy).
func TestLoad_ShortForm(t *testing.T) {
	prooftest.SkipInShort(t)
	// As the server the tool starts does, believe X-Forwarded-For from
	// loopback, so that each worker signs in from its own address
	// (clientAddr). From one address, ten workers signing six people in
	// share each person's five attempts, charged before the password is
	// checked (and kept by a request cut off at the end of a timed run):
	// CI once saw a 429 there, which measured the throttle, not the paths.
	e := webtest.NewWith(t, func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	ctx := context.Background()
	if _, err := demo.LoadLarge(ctx, e.DB, smallDistrict, e.DB.Now()); err != nil {
		t.Fatal(err)
	}
	c := newClient()
	f, err := discover(ctx, c, e.URL, 6, smallDistrict)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range f.Users {
		if len(s.Meetings) == 0 {
			t.Errorf("%s sees no meetings", s.Username)
		}
	}
	calls := liaisonCalls(f)
	for _, path := range pathNames {
		for _, level := range []int{1, 10} {
			r := run(ctx, c, calls[path], level, limits{Duration: 300 * time.Millisecond, MaxReq: 200})
			if r.N == 0 || r.Errors > 0 || r.Status5x > 0 {
				t.Errorf("%s @%d: %d requests, %d errors, %d 5xx (first: %s)", path, level, r.N, r.Errors, r.Status5x, r.FirstErr)
			}
		}
	}
	m := runMixed(ctx, c, f, 10, time.Second)
	if m.N == 0 || m.Writes == 0 || m.Errors > 0 || m.Status5x > 0 || m.Busy > 0 {
		t.Errorf("mixed: %d requests, %d writes, %d errors, %d 5xx, %d busy (first: %s)", m.N, m.Writes, m.Errors, m.Status5x, m.Busy, m.FirstErr)
	}
}

// TestLoopback: the tool refuses any target that is not this machine.
func TestLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:80",
		"postgres://postgres@127.0.0.1:5432/x", "postgres:///x?host=/var/run/postgresql"} {
		if err := loopback(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1:8080", "http://example.com", "postgres://db.internal:5432/x", "http://0.0.0.0:80"} {
		if err := loopback(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	if _, err := parseFlags([]string{"--target", "http://192.168.1.5:8080"}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("--target to another machine: %v", err)
	}
}

// TestPercentiles checks the latency arithmetic the table reports.
func TestPercentiles(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	if p := pct(lat, 0.5); p != 50*time.Millisecond {
		t.Errorf("p50 %s", p)
	}
	if p := pct(lat, 0.99); p != 99*time.Millisecond {
		t.Errorf("p99 %s", p)
	}
	r := result{N: 100, Elapsed: 2 * time.Second, lat: lat}
	if got := r.merge(r); got.N != 200 || got.RPS() != 50 || got.P99 != 99*time.Millisecond {
		t.Errorf("merge: %+v", got)
	}
}
