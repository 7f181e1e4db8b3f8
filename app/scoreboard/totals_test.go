package scoreboard

import (
	"reflect"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/demo"
	"liaison/app/workday"
)

// TestTotals_MatchRecords: the month page's figures, counted in SQL, are
// the counts of the record ids compute keeps for snapshots and drill-down,
// for every unit, over two years of a generated district (items received,
// due, answered on time and late, overdue, rectified, returned, escalated;
// meetings attended; items entered months after they were received), the
// running month included.
func TestTotals_MatchRecords(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	now := d.Now()
	size := demo.Scaled(300)
	size.Units, size.Users, size.FeedEvents = 12, 120, 30
	if _, err := demo.LoadLarge(ctx, d, size, now); err != nil {
		t.Fatal(err)
	}
	s := NewService(d, account.NewService(d), nil, nil)
	s.Now = func() time.Time { return now }
	late := answerAtEdges(t, d, s.CurrentMonth().Prev())
	// Some items were entered long after they were received: they count
	// by received_on, in SQL as in the records.
	early := s.CurrentMonth().Prev().Prev().Prev().First().AddDays(3)
	if err := d.Conn(ctx).Exec(`UPDATE action_items SET received_on = ? WHERE id IN (SELECT id FROM action_items WHERE due_on >= ? ORDER BY id LIMIT 7)`,
		early, s.CurrentMonth().Prev().First()).Error; err != nil {
		t.Fatal(err)
	}
	f := DefaultSettings().Formula
	m, seen := s.CurrentMonth(), 0
	for range 24 {
		want, err := s.live(ctx, m, f, DefaultBasis())
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.liveTotals(ctx, m, f, DefaultBasis())
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			late -= want[i].AnsweredLate * boolInt(m == s.CurrentMonth().Prev())
			seen += want[i].Received + want[i].Overdue + want[i].AnsweredLate + want[i].AttendanceRequired
			want[i].Records = nil
			if !reflect.DeepEqual(want[i], got[i]) {
				t.Errorf("%s: from records %+v\nin SQL       %+v", m, want[i], got[i])
			}
		}
		m = m.Prev()
	}
	if late > 0 {
		t.Errorf("the late answer made at the edge of the due day is not counted late")
	}
	if seen == 0 {
		t.Fatal("the generated district has no figures to compare")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// answerAtEdges answers items due in month m at the edges of their due day
// in Shanghai (the generator answers early): an answer dated the next day
// is late, whatever the hour it is entered at (00:30 the next day in
// Shanghai is 16:30 UTC on the due day); one entered at 23:30 on the day and
// one at 00:00 are on time, and one is rectified. Lateness goes by the
// answer's stated date (answered_on), set here as the day of entry in
// Shanghai. It returns the number of late answers made.
func answerAtEdges(t *testing.T, d *db.DB, m Month) int {
	t.Helper()
	var items []struct {
		ID    int64
		DueOn string
	}
	// Items of the ranking's basis (basis.go): the others do not count late.
	if err := d.Conn(t.Context()).Raw("SELECT id, due_on FROM action_items WHERE due_on >= ? AND due_on <= ? AND "+kindSQL("action_items")+" IN ? ORDER BY id LIMIT 4",
		m.First().String(), m.Last().String(), sqlBasis(DefaultBasis())).Scan(&items).Error; err != nil || len(items) < 4 {
		t.Fatalf("items due in %s: %v %v", m, items, err)
	}
	sh := workday.Shanghai()
	at := func(due string, days, h, min int) time.Time {
		day, err := time.ParseInLocation("2006-01-02", due, sh)
		if err != nil {
			t.Fatal(err)
		}
		return day.AddDate(0, 0, days).Add(time.Duration(h)*time.Hour + time.Duration(min)*time.Minute).UTC()
	}
	set := []struct {
		status   string
		answered time.Time
	}{
		{"answered", at(items[0].DueOn, 1, 0, 30)},
		{"answered", at(items[1].DueOn, 0, 23, 30)},
		{"answered", at(items[2].DueOn, 0, 0, 0)},
		{"rectified", at(items[3].DueOn, 3, 9, 0)},
	}
	for i, x := range set {
		if err := d.Conn(t.Context()).Exec("UPDATE action_items SET status = ?, answered_at = ?, answered_on = ?, verified_at = ? WHERE id = ?",
			x.status, x.answered, workday.FromTime(x.answered), x.answered.Add(time.Hour), items[i].ID).Error; err != nil {
			t.Fatal(err)
		}
	}
	return 1
}
