package main

import (
	"testing"
	"time"
)

// TestFresh: a cached district is reused only when this generator wrote it
// within maxAge; the old generator's marker (a bare time) and another
// version are stale.
func TestFresh(t *testing.T) {
	now := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)
	for s, want := range map[string]bool{
		stamp(now.Add(-time.Hour)):                                  true,
		stamp(now.Add(-maxAge - time.Minute)):                       false,
		stamp(now.Add(time.Hour)):                                   false,
		now.Add(-time.Hour).Format(time.RFC3339):                    false,
		"liaison demo --scale large v1 " + now.Format(time.RFC3339): false,
		"": false,
	} {
		if got := fresh(s, now); got != want {
			t.Errorf("fresh(%q) = %v, want %v", s, got, want)
		}
	}
}
