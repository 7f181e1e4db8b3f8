package demo_test

import (
	"testing"

	"liaison/app/demo"
)

// TestPublishPastMonths: the demo district has published its past months,
// so the dashboard's trend is not empty at first sight; loading twice
// publishes nothing twice.
func TestPublishPastMonths(t *testing.T) {
	t.Parallel()
	_, deps := activityDistrict(t)
	ctx := t.Context()
	for range 2 {
		if err := demo.PublishPastMonths(ctx, deps.Accounts, deps.Scoreboard, demo.PublishedMonths); err != nil {
			t.Fatal(err)
		}
	}
	m := deps.Scoreboard.CurrentMonth()
	for i := range demo.PublishedMonths {
		m = m.Prev()
		b, err := deps.Scoreboard.Board(ctx, m, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Published || b.Revision != 1 || len(b.Rows) == 0 {
			t.Errorf("%s (%d months back): published %v, revision %d, %d rows", m, i+1, b.Published, b.Revision, len(b.Rows))
		}
	}
	last := deps.Scoreboard.DefaultMonth()
	y, err := deps.Scoreboard.Year(ctx, last.Year)
	if err != nil {
		t.Fatal(err)
	}
	if len(y.PublishedMonths) == 0 {
		t.Errorf("year %d has no published month", last.Year)
	}
}
