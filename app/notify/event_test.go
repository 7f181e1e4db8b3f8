package notify_test

import (
	"testing"

	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

// TestAnnounce_RefusesBadEventsAndTellsOnce: an event without a known
// kind, a key, a title or a local link is a programming error (nothing is
// recorded); a good one is recorded once, however often it is announced.
func TestAnnounce_RefusesBadEventsAndTellsOnce(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	s := newService(t, d, "", 0, fast())
	ctx := t.Context()
	good := notify.Event{Kind: "action.assigned", Record: notify.Record{Type: "action", ID: 7}, Title: "notify.ev.action.assigned",
		Link: "/actions/7", DedupeKey: "test|7"}
	bad := map[string]func(*notify.Event){
		"unknown kind": func(e *notify.Event) { e.Kind = "action.eaten" },
		"no key":       func(e *notify.Event) { e.DedupeKey = "" },
		"no title":     func(e *notify.Event) { e.Title = "" },
		"elsewhere":    func(e *notify.Event) { e.Link = "//evil.example/x" },
		"not a path":   func(e *notify.Event) { e.Link = "https://evil.example/" },
	}
	for name, edit := range bad {
		ev := good
		edit(&ev)
		if fresh, err := s.AnnounceFresh(ctx, ev); err == nil || fresh {
			t.Errorf("%s: announced (%v, %v)", name, fresh, err)
		}
	}
	for i, want := range []bool{true, false, false} {
		fresh, err := s.AnnounceFresh(ctx, good)
		if err != nil || fresh != want {
			t.Errorf("announcement %d: fresh %v (%v), want %v", i+1, fresh, err, want)
		}
	}
	done, err := s.Announced(ctx, []string{"test|7", "test|8"})
	if err != nil || !done["test|7"] || done["test|8"] {
		t.Errorf("announced: %v (%v)", done, err)
	}
}
