package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"liaison/app/web/webtest"
)

// TestMeetingForms_KeepCasesBeyondThePickersFirstPage: the case pickers
// offer the latest cases and search the rest, so a form opened for edit
// must still offer the cases the record names when they are older than
// that first page; otherwise saving without JavaScript drops the link.
// Both the meeting form and an agenda item's edit form are checked.
func TestMeetingForms_KeepCasesBeyondThePickersFirstPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	old := proc.CreateCase(t, cfCase(d, "（2026）奎检行检301号"))
	for i := range 55 { // more than the picker's first page (50)
		proc.CreateCase(t, cfCase(d, fmt.Sprintf("（2026）奎检行检%d号", 400+i)))
	}
	office := e.API(d.OfficeSec)
	day := webtest.Workday(webtest.DaysFromToday(5))
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "季度联席会议（旧案）", webtest.At(day, 9, 0), webtest.At(day, 10, 0))
	body["case_ids"] = []int64{old.ID}
	m := e.CreateMeeting(office, body)
	r := office.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "通报旧案", "duration_minutes": 20, "case_ids": []int64{old.ID}})
	wantStatus(t, r, http.StatusCreated)
	var det struct {
		ID     int64 `json:"id"`
		Agenda []struct {
			ID int64 `json:"id"`
		} `json:"agenda"`
	}
	office.Get(webtest.MeetingPath(m, "")).Decode(t, &det)
	if len(det.Agenda) != 1 {
		t.Fatalf("agenda: %+v", det.Agenda)
	}

	chosen := regexp.MustCompile(fmt.Sprintf(`<option value="%d"[^>]* selected>（2026）奎检行检301号`, old.ID))
	sec := e.Browser(d.OfficeSec)
	edit := sec.Get(fmt.Sprintf("/meetings/%d/edit", det.ID))
	wantStatus(t, edit, http.StatusOK)
	if !chosen.Match(edit.Body) {
		t.Errorf("the meeting's edit form does not offer its older case as chosen")
	}
	show := sec.Get(fmt.Sprintf("/meetings/%d", det.ID))
	wantStatus(t, show, http.StatusOK)
	sel := regexp.MustCompile(fmt.Sprintf(`(?s)<select id="a%d-cases".*?</select>`, det.Agenda[0].ID)).FindString(string(show.Body))
	if sel == "" || !chosen.MatchString(sel) {
		t.Errorf("the agenda item's edit form does not offer its older case as chosen:\n%s", sel)
	}
}
