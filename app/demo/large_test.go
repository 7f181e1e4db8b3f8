package demo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"liaison/app/clock/clocktest"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/prooftest"
	"liaison/app/subscribe"
	"liaison/app/workday"
)

// TestLoadLarge_HistoryOnly: two districts that differ only in the amount
// of history have the same people and the same current workload (what the
// pages of the "flat from 1k to 20k meetings" check read), and the larger
// one has the extra meetings, action items and cases in its settled past.
func TestLoadLarge_HistoryOnly(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	now := clocktest.Now()
	small := Size{Units: 10, Users: 80, Meetings: 150, Actions: 1000, Cases: 60, FeedEvents: 40,
		CurrentMeetings: 120, CurrentActions: 800, CurrentCases: 50}
	big := small
	big.Meetings, big.Actions, big.Cases = 1500, 10000, 600
	shapes := map[string]map[string]string{}
	for _, s := range []Size{small, big} {
		d := dbtest.New(t)
		res, err := LoadLarge(t.Context(), d, s, now)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows["meetings"] != s.Meetings || res.Rows["action_items"] != s.Actions || res.Rows["cases"] != s.Cases {
			t.Fatalf("size %d: rows %v", s.Meetings, res.Rows)
		}
		if res.Rows["feed_user_meetings"] != s.FeedEvents {
			t.Errorf("size %d: the feed user is invited to %d meetings, want %d", s.Meetings, res.Rows["feed_user_meetings"], s.FeedEvents)
		}
		shapes[fmt.Sprint(s.Meetings)] = shape(t, d, now)
		past := count(t, d, "SELECT COUNT(*) FROM meetings WHERE start_at < ?", now.Add(-subscribe.FeedWindow))
		if want := s.Meetings - s.CurrentMeetings; past != want {
			t.Errorf("size %d: %d meetings before the feed window, want the %d of history", s.Meetings, past, want)
		}
		settled := count(t, d, "SELECT COUNT(*) FROM action_items WHERE status = 'rectified'")
		if settled < s.Actions-s.CurrentActions {
			t.Errorf("size %d: %d settled action items, fewer than the %d of history", s.Meetings, settled, s.Actions-s.CurrentActions)
		}
	}
	a, b := shapes[fmt.Sprint(small.Meetings)], shapes[fmt.Sprint(big.Meetings)]
	for q, v := range a {
		if b[q] != v {
			t.Errorf("%s:\n%d meetings: %s\n%d meetings: %s", q, small.Meetings, v, big.Meetings, b[q])
		}
	}
}

// shape is what the pages of a generated district's current workload
// depend on, keyed by the query that measured it.
func shape(t *testing.T, d *db.DB, now time.Time) map[string]string {
	t.Helper()
	since := now.Add(-subscribe.FeedWindow)
	settled := workday.FromTime(now.Add(-60 * 24 * time.Hour)).String()
	qs := []struct {
		q    string
		args []any
	}{
		{"SELECT COUNT(*) FROM units", nil},
		{"SELECT role || ':' || COUNT(*) FROM users GROUP BY role ORDER BY role", nil},
		{"SELECT COUNT(*) FROM meetings WHERE series_end_at > ?", []any{now}},
		{"SELECT COUNT(*) FROM meetings WHERE end_at >= ?", []any{since}},
		{`SELECT convening_unit_id || ':' || COUNT(*) FROM meetings WHERE series_end_at > ?
			GROUP BY convening_unit_id ORDER BY convening_unit_id`, []any{now}},
		{`SELECT a.unit_id || ':' || COUNT(*) FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
			WHERE m.end_at >= ? GROUP BY a.unit_id ORDER BY a.unit_id`, []any{since}},
		{`SELECT COUNT(*) FROM meeting_attendees a JOIN users u ON u.id = a.user_id JOIN meetings m ON m.id = a.meeting_id
			WHERE u.username = ? AND m.end_at >= ?`, []any{LargeFeedUser, since}},
		{`SELECT responsible_unit_id || ':' || status || ':' || COUNT(*) FROM action_items WHERE status <> 'rectified'
			GROUP BY responsible_unit_id, status ORDER BY responsible_unit_id, status`, nil},
		{"SELECT COUNT(*) FROM action_items WHERE due_on >= ?", []any{settled}},
		{"SELECT stage || ':' || COUNT(*) FROM cases WHERE stage <> 'closed' GROUP BY stage ORDER BY stage", nil},
		{`SELECT COUNT(*) FROM action_item_cases ac JOIN cases c ON c.id = ac.case_id WHERE c.stage <> 'closed'`, nil},
	}
	out := map[string]string{}
	for _, q := range qs {
		var rows []string
		if err := d.Conn(context.Background()).Raw(q.q, q.args...).Scan(&rows).Error; err != nil {
			t.Fatalf("%s: %v", q.q, err)
		}
		if len(rows) == 0 || rows[0] == "0" {
			t.Errorf("%s: nothing to compare", q.q)
		}
		out[q.q] = fmt.Sprint(rows)
	}
	return out
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Conn(context.Background()).Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
