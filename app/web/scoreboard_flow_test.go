package web_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"liaison/app/meeting"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// sbMeeting holds a joint meeting on 2026-08-12 where both agencies are
// required; only agency A checks in.
func sbMeeting(t *testing.T, e *webtest.Env, d webtest.District) int64 {
	t.Helper()
	no := false
	start := time.Date(2026, time.August, 12, 9, 0, 0, 0, workday.Shanghai())
	m, err := e.Deps.Meetings.Create(e.Ctx(), e.Actor(d.OfficeSec), meeting.Input{Kind: meeting.JointMeeting, Title: "第三季度联席会议",
		Start: start, End: start.Add(2 * time.Hour), ConveningUnitID: d.Office.ID, InviteStandingMembers: &no,
		AttendeeUserIDs: []int64{d.AgencyAMember.ID, d.AgencyBMember.ID}})
	if err != nil {
		t.Fatalf("meeting: %v", err)
	}
	det, err := e.Deps.Meetings.Get(e.Ctx(), e.Actor(d.OfficeSec), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(det.Attendees, func(a meeting.Attendee) bool { return a.UserID != nil && *a.UserID == d.AgencyAMember.ID })
	if i < 0 {
		t.Fatalf("agency A not among attendees %+v", det.Attendees)
	}
	// Check-in opens 30 minutes before the start: agency A checks in on
	// the day, and the story's clock goes back to where it was.
	now := e.Clock.Now()
	e.Clock.Set(start.Add(-10 * time.Minute))
	if _, err := e.Deps.Meetings.CheckIn(e.Ctx(), e.Actor(d.OfficeSec), m.ID, det.Attendees[i].ID); err != nil {
		t.Fatalf("check in: %v", err)
	}
	e.Clock.Set(now)
	return m.ID
}

// TestScoreboard_ThreeMonths builds August to October 2026 through the
// domain code and checks every figure, score, publication, revision, the
// year-end assessment and the spreadsheet. The story has its own dates: it
// moves the application's clock from day to day (sbAt), so it tells the
// same on whatever day it runs.
func TestScoreboard_ThreeMonths(t *testing.T) {
	t.Parallel()
	e, d := sbEnv(t)
	A, B := d.AgencyA, d.AgencyB
	leader, admin := e.API(d.Leader), e.API(d.Admin)
	// This story ranks meeting decisions with the suggestions, as an
	// administrator may choose (the source's basis is suggestions and
	// supervision opinions only: mechanism_scoreboard_test.go).
	sbBasis(t, e, d, "procuratorial_suggestion", "supervision_opinion", "decision")

	// August.
	sbAt(e, 2026, time.August, 3)
	a1 := sbDoc(t, e, d, 1, A, "2026-08-20") // answered early, rectified in August
	a2 := sbDoc(t, e, d, 2, A, "2026-08-25") // answered late (2 Sept), rectified in September
	sbAt(e, 2026, time.August, 5)
	b1 := sbDoc(t, e, d, 3, B, "2026-08-28") // never answered; escalated twice
	sbAt(e, 2026, time.August, 6)
	b2 := sbDecision(t, e, d, "规范行政处罚裁量", B, "2026-08-31") // answered on time, returned, never again
	sbAt(e, 2026, time.August, 10)
	sbAnswer(t, e, d.AgencyAMember, a1)
	mid := sbMeeting(t, e, d)
	sbAt(e, 2026, time.August, 15)
	sbVerify(t, e, d, a1, true)
	sbAt(e, 2026, time.August, 20)
	sbAnswer(t, e, d.AgencyBMember, b2)
	sbAt(e, 2026, time.August, 25)
	sbVerify(t, e, d, b2, false)

	// 1 September: publish August.
	sbAt(e, 2026, time.September, 1)
	r := admin.Post("/api/v1/scoreboard/2026-08/publish", nil)
	if r.Status != 201 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	aug := sbGet(t, leader, "/api/v1/scoreboard?month=2026-08")
	wantA := [11]int{2, 2, 1, 0, 1, 0, 1, 1, 0, 1, 1}
	wantB := [11]int{2, 2, 0, 0, 0, 1, 2, 2, 0, 1, 0}
	if got := aug.row(t, A.ID); got.figures() != wantA || got.Score != 93 || got.Rank != 1 || got.UnitName != "区人社局" {
		t.Errorf("August A = %+v, want %v score 93 rank 1", got, wantA)
	}
	if got := aug.row(t, B.ID); got.figures() != wantB || got.Score != 82 || got.Rank != 2 {
		t.Errorf("August B = %+v, want %v score 82 rank 2", got, wantB)
	}
	if !aug.Published || aug.Revision != 1 || len(aug.Rows) != 2 {
		t.Errorf("August published=%v revision=%d rows=%d", aug.Published, aug.Revision, len(aug.Rows))
	}
	if r := admin.Post("/api/v1/scoreboard/2026-08/publish", nil); r.Status != 409 || r.ErrorCode(t) != "scoreboard.already_published" {
		t.Errorf("publish twice: %d %s", r.Status, r.Body)
	}

	// September: A answers its August item late; the published month does not move.
	sbAt(e, 2026, time.September, 2)
	sbAnswer(t, e, d.AgencyAMember, a2)
	sbAt(e, 2026, time.September, 3)
	sbEscalate(t, e, d, b1)
	sbAt(e, 2026, time.September, 5)
	sbVerify(t, e, d, a2, true)
	sbAt(e, 2026, time.September, 7)
	a3 := sbDoc(t, e, d, 4, A, "2026-09-25")
	sbAt(e, 2026, time.September, 10)
	sbDecision(t, e, d, "完善执法公示", B, "2026-10-15") // b3: never answered
	if got := sbGet(t, leader, "/api/v1/scoreboard?month=2026-08").row(t, A.ID); got.figures() != wantA || got.Score != 93 {
		t.Errorf("published August changed after a record changed: %+v", got)
	}
	// A correction: revision 2 recomputes from the records now; both stay visible.
	r = admin.Post("/api/v1/scoreboard/2026-08/revise", map[string]string{"reason": "区人社局补交了8月到期事项的书面答复"})
	if r.Status != 201 {
		t.Fatalf("revise: %d %s", r.Status, r.Body)
	}
	aug2 := sbGet(t, leader, "/api/v1/scoreboard?month=2026-08")
	if got := aug2.row(t, A.ID); got.figures() != [11]int{2, 2, 1, 1, 1, 0, 1, 0, 0, 1, 1} || got.Score != 94 {
		t.Errorf("August revision 2 A = %+v, want score 94", got)
	}
	if aug2.Revision != 2 || len(aug2.Revisions) != 2 || aug2.Revisions[1].Reason == "" || aug2.Revisions[0].Reason != "" {
		t.Errorf("revisions = %+v (revision %d)", aug2.Revisions, aug2.Revision)
	}
	if got := sbGet(t, leader, "/api/v1/scoreboard?month=2026-08&revision=1").row(t, A.ID); got.Score != 93 {
		t.Errorf("revision 1 still readable: A score %v, want 93", got.Score)
	}
	sbAt(e, 2026, time.September, 20)
	sbAnswer(t, e, d.AgencyAMember, a3)

	// October.
	sbAt(e, 2026, time.October, 1)
	if r := admin.Post("/api/v1/scoreboard/2026-09/publish", nil); r.Status != 201 {
		t.Fatalf("publish September: %d %s", r.Status, r.Body)
	}
	sbAt(e, 2026, time.October, 8)
	sbVerify(t, e, d, a3, true)
	sbAt(e, 2026, time.October, 9)
	a4 := sbDoc(t, e, d, 5, A, "2026-10-20")
	sbAt(e, 2026, time.October, 12)
	sbEscalate(t, e, d, b1)
	sbAt(e, 2026, time.October, 22)
	sbAnswer(t, e, d.AgencyAMember, a4)

	// 10 November: September as published, October live, then published.
	sbAt(e, 2026, time.November, 10)
	sep := sbGet(t, leader, "/api/v1/scoreboard?month=2026-09")
	if got := sep.row(t, A.ID); got.figures() != [11]int{1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0} || got.Score != 100 {
		t.Errorf("September A = %+v, want score 100 (capped)", got)
	}
	if got := sep.row(t, B.ID); got.figures() != [11]int{1, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0} || got.Score != 90 {
		t.Errorf("September B = %+v, want score 90", got)
	}
	oct := sbGet(t, leader, "/api/v1/scoreboard?month=2026-10")
	if oct.Published || oct.Revision != 0 {
		t.Errorf("October should be live: %+v", oct)
	}
	if got := oct.row(t, A.ID); got.figures() != [11]int{1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0} || got.Score != 99 {
		t.Errorf("October A = %+v, want score 99", got)
	}
	if got := oct.row(t, B.ID); got.figures() != [11]int{0, 1, 0, 0, 0, 0, 3, 1, 1, 0, 0} || got.Score != 82 {
		t.Errorf("October B = %+v, want score 82", got)
	}
	if r := admin.Post("/api/v1/scoreboard/2026-10/publish", nil); r.Status != 201 {
		t.Fatalf("publish October: %d %s", r.Status, r.Body)
	}

	t.Run("records behind a number", func(t *testing.T) {
		var rec struct {
			Count int `json:"count"`
			Items []struct {
				ID    int64  `json:"id"`
				Title string `json:"title"`
			} `json:"items"`
			Hidden int `json:"hidden"`
		}
		leader.Get("/api/v1/scoreboard/2026-10/records?unit_id="+sbID(B.ID)+"&figure=overdue").Decode(t, &rec)
		if rec.Count != 3 || len(rec.Items) != 3 || rec.Items[0].ID != b1 || rec.Items[1].ID != b2 {
			t.Errorf("October B overdue records = %+v", rec)
		}
		// Agency A may not see agency B's items: the numbers stay, the records hide.
		e.API(d.AgencyAMember).Get("/api/v1/scoreboard/2026-10/records?unit_id="+sbID(B.ID)+"&figure=overdue").Decode(t, &rec)
		if rec.Count != 3 || len(rec.Items) != 0 || rec.Hidden != 3 {
			t.Errorf("agency A sees B's records: %+v", rec)
		}
		leader.Get("/api/v1/scoreboard/2026-08/records?unit_id="+sbID(A.ID)+"&figure=attendance_present").Decode(t, &rec)
		if rec.Count != 1 || len(rec.Items) != 1 || rec.Items[0].ID != mid {
			t.Errorf("attendance records = %+v", rec)
		}
		if r := leader.Get("/api/v1/scoreboard/2026-10/records?unit_id=" + sbID(A.ID) + "&figure=nonsense"); r.Status != 422 {
			t.Errorf("bad figure: %d", r.Status)
		}
		page := e.Browser(d.Leader).Get("/scoreboard?month=2026-08")
		link := "/scoreboard/2026-08/records?unit_id=" + sbID(A.ID) + "&amp;figure=overdue"
		if page.Status != 200 || !strings.Contains(string(page.Body), link) || !strings.Contains(string(page.Body), "data-chart=\"bar\"") {
			t.Errorf("page %d lacks link %s or chart", page.Status, link)
		}
	})

	t.Run("year end", func(t *testing.T) {
		// Thresholds change after publication; scores do not.
		r := admin.Do("PUT", "/api/v1/scoreboard/settings", map[string]any{"formula": map[string]any{"base": 100, "per_overdue": 5,
			"per_unanswered": 3, "per_late": 2, "per_returned": 1, "per_absence": 1, "per_rectified": 1, "floor": 0, "cap": 100},
			"annual_proportion": 20, "commend_at": 95, "deduct_below": 85, "version": 1})
		if r.Status != 200 {
			t.Fatalf("settings: %d %s", r.Status, r.Body)
		}
		var y struct {
			PublishedMonths []string `json:"published_months"`
			Rows            []struct {
				UnitID    int64      `json:"unit_id"`
				Scores    []*float64 `json:"scores"`
				Published int        `json:"published_months"`
				Average   float64    `json:"average"`
				Weighted  float64    `json:"weighted"`
				Commended bool       `json:"commended"`
				Deducted  bool       `json:"deducted"`
			} `json:"rows"`
			Commend []struct{ UnitID int64 } `json:"commend"`
			Deduct  []struct {
				UnitID int64 `json:"unit_id"`
			} `json:"deduct"`
		}
		leader.Get("/api/v1/scoreboard/year/2026").Decode(t, &y)
		if !slices.Equal(y.PublishedMonths, []string{"2026-08", "2026-09", "2026-10"}) || len(y.Rows) != 2 {
			t.Fatalf("year = %+v", y)
		}
		ra, rb := y.Rows[0], y.Rows[1]
		if ra.UnitID != A.ID || ra.Published != 3 || ra.Average != 97.67 || ra.Weighted != 19.53 || !ra.Commended || ra.Deducted {
			t.Errorf("year A = %+v", ra)
		}
		if *ra.Scores[7] != 94 || *ra.Scores[8] != 100 || *ra.Scores[9] != 99 || ra.Scores[0] != nil {
			t.Errorf("year A scores = %v", ra.Scores)
		}
		if rb.UnitID != B.ID || rb.Average != 84.67 || rb.Weighted != 16.93 || rb.Commended || !rb.Deducted {
			t.Errorf("year B = %+v", rb)
		}
		if len(y.Commend) != 1 || len(y.Deduct) != 1 || y.Deduct[0].UnitID != B.ID {
			t.Errorf("lists: commend %+v deduct %+v", y.Commend, y.Deduct)
		}
		if p := e.Browser(d.Leader).Get("/scoreboard/year/2026"); p.Status != 200 || !strings.Contains(string(p.Body), "97.67") {
			t.Errorf("year page: %d", p.Status)
		}
	})

	t.Run("spreadsheet", func(t *testing.T) {
		r := leader.Get("/scoreboard/2026-08.xlsx")
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		name, rows, f := xlsxRows(t, r.Body)
		want := [][]string{
			{"排名", "单位", "收到", "到期", "按期答复", "逾期答复", "整改销号", "被退回", "月末逾期", "未答复", "升级督办", "应参会", "实到会", "得分"},
			{"1", "区人社局", "2", "2", "1", "1", "1", "0", "1", "0", "0", "1", "1", "94"},
			{"2", "区市场监管局", "2", "2", "0", "0", "0", "1", "2", "2", "0", "1", "0", "82"},
		}
		if name != "2026-08" || len(rows) != len(want) {
			t.Fatalf("sheet %q rows %v", name, rows)
		}
		for i := range want {
			if !slices.Equal(rows[i], want[i]) {
				t.Errorf("row %d = %v, want %v", i, rows[i], want[i])
			}
		}
		panes, err := f.GetPanes(name)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("header not frozen: %+v %v", panes, err)
		}
		if w, _ := f.GetColWidth(name, "B"); w < 20 {
			t.Errorf("unit column width %v", w)
		}
		old := leader.Get("/scoreboard/2026-08.xlsx?revision=1")
		_, rows, _ = xlsxRows(t, old.Body)
		if rows[1][13] != "93" {
			t.Errorf("revision 1 sheet: %v", rows[1])
		}
		c := leader.Get("/scoreboard/2026-10.csv")
		if c.Status != 200 || !strings.HasPrefix(string(c.Body), "\uFEFF排名,单位,") || !strings.Contains(string(c.Body), "区人社局") {
			t.Errorf("csv: %d %q", c.Status, c.Body)
		}
	})

	t.Run("dashboard", func(t *testing.T) {
		var dash struct {
			Units []struct {
				UnitID  int64 `json:"unit_id"`
				Open    int   `json:"open"`
				Overdue int   `json:"overdue"`
			} `json:"units"`
			Escalations []struct {
				ID   int64 `json:"id"`
				Step int   `json:"step"`
			} `json:"escalations"`
			Documents []struct {
				ID int64 `json:"id"`
			} `json:"documents"`
		}
		e.API(d.ProcSec).Get("/api/v1/dashboard").Decode(t, &dash)
		if len(dash.Escalations) != 1 || dash.Escalations[0].ID != b1 || dash.Escalations[0].Step != 2 {
			t.Errorf("escalations = %+v", dash.Escalations)
		}
		if len(dash.Documents) != 1 {
			t.Errorf("documents awaiting reply = %+v", dash.Documents)
		}
		if len(dash.Units) == 0 || dash.Units[0].UnitID != B.ID || dash.Units[0].Open != 3 || dash.Units[0].Overdue != 3 {
			t.Errorf("units = %+v", dash.Units)
		}
		if p := e.Browser(d.Leader).Get("/dashboard"); p.Status != 200 {
			t.Errorf("dashboard page: %d", p.Status)
		}
	})
}
