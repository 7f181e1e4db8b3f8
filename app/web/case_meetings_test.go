package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestCaseMeetings: a case lists the meetings that took it up — studied by
// the meeting or put on its agenda — in its JSON and on its page, named by
// title; a person who may see the case but not the meeting does not get it.
// (The case's meetings were always empty: the hook was never connected.)
func TestCaseMeetings(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "（2026）奎检行检12号"))
	day := webtest.Workday(webtest.DaysFromToday(4))

	studied := webtest.MeetingBody("consultation", d.Procuratorate.ID, "工伤认定案件会商", webtest.At(day, 9, 0), webtest.At(day, 10, 0))
	studied["case_ids"] = []int64{k.ID}
	m1 := e.CreateMeeting(proc, studied)
	plain := webtest.MeetingBody("joint_meeting", d.Procuratorate.ID, "季度联席会议", webtest.At(day, 14, 0), webtest.At(day, 15, 0))
	m2 := e.CreateMeeting(proc, plain)
	if r := proc.Post(webtest.MeetingPath(m2, "/agenda"), map[string]any{"title": "通报工伤认定案件", "duration_minutes": 20, "case_ids": []int64{k.ID}}); r.Status != 201 {
		t.Fatalf("agenda: %d %s", r.Status, r.Body)
	}
	other := webtest.MeetingBody("joint_meeting", d.Procuratorate.ID, "无关会议", webtest.At(day, 16, 0), webtest.At(day, 17, 0))
	e.CreateMeeting(proc, other)

	var got struct {
		Meetings []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"meetings"`
	}
	r := proc.Get(fmt.Sprintf("/api/v1/cases/%d", k.ID))
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var titles []string
	for _, m := range got.Meetings {
		titles = append(titles, m.Title)
	}
	if strings.Join(titles, "|") != "工伤认定案件会商|季度联席会议" {
		t.Fatalf("case meetings %v, want the studied one and the one with it on its agenda, by start", titles)
	}
	if got.Meetings[0].ID != int64(m1["id"].(float64)) {
		t.Errorf("first meeting id %d", got.Meetings[0].ID)
	}
	page := string(e.Browser(d.ProcSec).Get(fmt.Sprintf("/cases/%d", k.ID)).Body)
	if !strings.Contains(page, "相关会议") || !strings.Contains(page, "工伤认定案件会商") || !strings.Contains(page, "季度联席会议") || strings.Contains(page, "无关会议") {
		t.Error("the case page does not list the meetings that took the case up")
	}
	// The agency under supervision may see its case but was not invited.
	r = e.API(d.AgencyAMember).Get(fmt.Sprintf("/api/v1/cases/%d", k.ID))
	if r.Status == 200 {
		got.Meetings = nil
		if err := json.Unmarshal(r.Body, &got); err != nil || len(got.Meetings) != 0 {
			t.Errorf("an uninvited unit sees the case's meetings: %s", r.Body)
		}
	}
}
