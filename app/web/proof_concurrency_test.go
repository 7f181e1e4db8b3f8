package web_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"liaison/app/followup"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// racers is how many clients write the same version at once.
const racers = 20

// raceRounds is how many versions each record goes through.
const raceRounds = 3

// race sends write(i) from racers goroutines released at the same moment
// and checks the outcome: exactly one 2xx, every other answer 409
// stale_version, nothing else (no 5xx, no SQLITE_BUSY). It returns the
// winner's index.
func race(t *testing.T, what string, write func(i int) webtest.Response) int {
	t.Helper()
	var (
		wg    sync.WaitGroup
		go_   = make(chan struct{})
		resps = make([]webtest.Response, racers)
	)
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-go_
			resps[i] = write(i)
		}()
	}
	close(go_)
	wg.Wait()
	winner, losers := -1, 0
	for i, r := range resps {
		switch {
		case r.Status >= 200 && r.Status < 300:
			if winner >= 0 {
				t.Errorf("%s: two winners (%d and %d) for one version", what, winner, i)
			}
			winner = i
		case r.Status == http.StatusConflict:
			if code := r.ErrorCode(t); code != "stale_version" {
				t.Errorf("%s: 409 with code %q", what, code)
			}
			losers++
		default:
			t.Errorf("%s: racer %d got %d: %s", what, i, r.Status, r.Body)
		}
	}
	if winner < 0 {
		t.Fatalf("%s: no winner", what)
	}
	if losers != racers-1 {
		t.Errorf("%s: %d losers, want %d", what, losers, racers-1)
	}
	t.Logf("%s: %d racers, 1 winner (#%d), %d × 409 stale_version", what, racers, winner, losers)
	return winner
}

// TestProof_ConcurrentEdits has 20 clients edit one meeting, one set of
// minutes and one action item with the same version, three times over.
func TestProof_ConcurrentEdits(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, agency := e.API(d.OfficeSec), e.API(d.AgencyAMember)

	t.Run("meeting", func(t *testing.T) {
		m := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议", mStart, mEnd))
		path := webtest.MeetingPath(m, "")
		version := int(m["version"].(float64))
		for round := range raceRounds {
			w := race(t, fmt.Sprintf("meeting round %d", round), func(i int) webtest.Response {
				return sec.Do("PATCH", path, map[string]any{"title": fmt.Sprintf("联席会议 %d-%d", round, i), "version": version})
			})
			got := sec.Get(path).JSON(t)
			if want := fmt.Sprintf("联席会议 %d-%d", round, w); got["title"] != want || int(got["version"].(float64)) != version+1 {
				t.Fatalf("after round %d: title %v version %v, want the winner's %q at %d", round, got["title"], got["version"], want, version+1)
			}
			version++
		}
	})

	t.Run("minutes", func(t *testing.T) {
		m := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "纪要会议", mStart, mEnd))
		holdMeetingDay(t, e)
		path := webtest.MeetingPath(m, "/minutes")
		r := sec.Do("PUT", path, map[string]any{"body": "初稿", "decisions": []any{}})
		wantStatus(t, r, 200)
		version := int(r.JSON(t)["version"].(float64))
		for round := range raceRounds {
			body := func(i int) string { return fmt.Sprintf("纪要第%d稿，起草人%d", round, i) }
			w := race(t, fmt.Sprintf("minutes round %d", round), func(i int) webtest.Response {
				return sec.Do("PUT", path, map[string]any{"body": body(i), "version": version,
					"decisions": []map[string]any{{"text": body(i), "action_items": []any{}}}})
			})
			got := sec.Get(webtest.MeetingPath(m, "")).JSON(t)["minutes"].(map[string]any)
			if got["body"] != body(w) || int(got["version"].(float64)) != version+1 {
				t.Fatalf("after round %d: body %v version %v, want the winner's %q at %d", round, got["body"], got["version"], body(w), version+1)
			}
			if n := count(t, e, "SELECT COUNT(*) FROM decisions d JOIN minutes mi ON mi.id = d.minutes_id WHERE mi.meeting_id = ?", m["id"]); n != 1 {
				t.Fatalf("after round %d: %d decisions, want the winner's one", round, n)
			}
			version++
		}
	})

	t.Run("action item", func(t *testing.T) {
		it := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(30)})
		path := fmt.Sprintf("/api/v1/actions/%d/feedback", it.ID)
		version := it.Version
		for round := range raceRounds {
			body := func(i int) string { return fmt.Sprintf("第%d次进展，报告人%d", round, i) }
			w := race(t, fmt.Sprintf("action round %d", round), func(i int) webtest.Response {
				return agency.Post(path, map[string]any{"kind": "progress", "body": body(i), "version": version})
			})
			if n := count(t, e, "SELECT COUNT(*) FROM action_feedback WHERE action_item_id = ?", it.ID); n != int64(round+1) {
				t.Fatalf("after round %d: %d feedback rows, want %d", round, n, round+1)
			}
			var last string
			if err := e.DB.Conn(e.Ctx()).Raw("SELECT body FROM action_feedback WHERE action_item_id = ? ORDER BY id DESC LIMIT 1", it.ID).Scan(&last).Error; err != nil {
				t.Fatal(err)
			}
			if last != body(w) || count(t, e, "SELECT version FROM action_items WHERE id = ?", it.ID) != int64(version+1) {
				t.Fatalf("after round %d: last feedback %q, want the winner's %q at version %d", round, last, body(w), version+1)
			}
			version++
		}
	})
}
