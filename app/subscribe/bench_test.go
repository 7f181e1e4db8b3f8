package subscribe_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"liaison/app/calendar/icstest"
	"liaison/app/web/webtest"
)

// seedMeetings inserts n meetings (every fifth a weekly series, every
// seventh classified) with the user invited, straight into the database.
func seedMeetings(tb testing.TB, e *webtest.Env, unitID, userID int64, n int) {
	tb.Helper()
	now := e.DB.Now()
	err := e.DB.WithTx(e.Ctx(), func(ctx context.Context) error {
		g := e.DB.Conn(ctx)
		for i := 0; i < n; i++ {
			start := now.AddDate(0, 0, -6).Truncate(time.Hour).Add(30*time.Minute + time.Duration(i)*26*time.Hour)
			end, rrule, seriesEnd := start.Add(2*time.Hour), "", start.Add(2*time.Hour)
			if i%5 == 0 {
				rrule, seriesEnd = "FREQ=WEEKLY;COUNT=4", start.Add(3*7*24*time.Hour+2*time.Hour)
			}
			sens := "ordinary"
			if i%7 == 0 {
				sens = "classified"
			}
			res := g.Exec(`INSERT INTO meetings (uid, sequence, status, kind, title, description, sensitivity, convening_unit_id, location,
				start_at, end_at, rrule, series_end_at, check_in_code, version, created_at, updated_at)
				VALUES (?, 0, 'scheduled', 'consultation', ?, ?, ?, ?, ?, ?, ?, ?, ?, '000000', 1, ?, ?)`,
				fmt.Sprintf("bench-%04d@liaison", i), fmt.Sprintf("第%d次会商：行政检察与执法监督衔接", i), "议程：一、通报情况；二、研究案件",
				sens, unitID, "区检察院三楼会议室", start, end, rrule, seriesEnd, now, now)
			if res.Error != nil {
				return res.Error
			}
			var id int64
			if err := g.Raw(`SELECT id FROM meetings WHERE uid = ?`, fmt.Sprintf("bench-%04d@liaison", i)).Scan(&id).Error; err != nil {
				return err
			}
			if err := g.Exec(`INSERT INTO meeting_attendees (meeting_id, user_id, unit_id, name, email, role, answer, created_at)
				VALUES (?, ?, ?, 'u', 'u@test.example', 'required', 'pending', ?)`, id, userID, unitID, now).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func feedToken(tb testing.TB, e *webtest.Env, url string) string {
	_, p, _ := strings.Cut(url, "/feeds/")
	return strings.TrimSuffix(p, ".ics")
}

// TestService_FeedQueries: a feed costs the same few queries whatever its
// size (no N+1), and its body is valid.
func TestService_FeedQueries(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	seedMeetings(t, e, d.Procuratorate.ID, d.ProcMember.ID, 60)
	l, err := e.Deps.Subscribe.MyFeed(e.Ctx(), e.Actor(d.ProcMember))
	if err != nil {
		t.Fatal(err)
	}
	tok := feedToken(t, e, l.URL)
	// The installation id and UID cut-over are read once per process:
	// another feed's first request pays for them.
	other, err := e.Deps.Subscribe.MyFeed(e.Ctx(), e.Actor(d.JusticeMember))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Deps.Subscribe.Feed(e.Ctx(), feedToken(t, e, other.URL), ""); err != nil {
		t.Fatal(err)
	}
	qc := e.CountQueries()
	res, err := e.Deps.Subscribe.Feed(e.Ctx(), tok, "")
	if err != nil {
		t.Fatal(err)
	}
	// five to build it, and three to record its new version (when it
	// changed: read, write, read back the winner's date)
	if n := qc.N(); n > 8 {
		t.Errorf("feed of 60 meetings took %d queries", n)
	}
	icstest.Check(t, res.Body, icstest.Feed)
	if c := strings.Count(string(res.Body), "BEGIN:VEVENT"); c != 60 {
		t.Errorf("%d events", c)
	}
	before := qc.N()
	again, err := e.Deps.Subscribe.Feed(e.Ctx(), tok, res.ETag)
	if err != nil || !again.NotModified || again.Body != nil {
		t.Fatalf("re-poll: %+v %v", again.NotModified, err)
	}
	if n := qc.N() - before; n > 2 {
		t.Errorf("304 took %d queries", n)
	}
}

// BenchmarkFeed500Meetings measures the answer for a user with 500
// meetings: a full build (200) and a re-poll with the ETag (304).
func BenchmarkFeed500Meetings(b *testing.B) {
	e := webtest.New(b)
	d := e.District()
	seedMeetings(b, e, d.Procuratorate.ID, d.ProcMember.ID, 500)
	l, err := e.Deps.Subscribe.MyFeed(e.Ctx(), e.Actor(d.ProcMember))
	if err != nil {
		b.Fatal(err)
	}
	tok := feedToken(b, e, l.URL)
	var etag string
	b.Run("200", func(b *testing.B) {
		for b.Loop() {
			res, err := e.Deps.Subscribe.Feed(e.Ctx(), tok, "")
			if err != nil {
				b.Fatal(err)
			}
			etag = res.ETag
			b.SetBytes(int64(len(res.Body)))
		}
	})
	b.Run("304", func(b *testing.B) {
		for b.Loop() {
			res, err := e.Deps.Subscribe.Feed(e.Ctx(), tok, etag)
			if err != nil || !res.NotModified {
				b.Fatal(err, res.NotModified)
			}
		}
	})
}
