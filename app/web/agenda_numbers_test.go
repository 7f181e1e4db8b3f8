package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestAgenda_CaseNumbers: an agenda item names its cases by 案号 as well as
// by id, on add and on edit; a 案号 the caller cannot see, or that no case
// has, is a 422 naming it, and nothing changes.
func TestAgenda_CaseNumbers(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	open := proc.CreateCase(t, cfCase(d, "（2026）奎检行检21号"))
	second := proc.CreateCase(t, cfCase(d, "（2026）奎检行检22号"))
	hiddenBody := cfCase(d, "（2026）奎检行检23号")
	hiddenBody["sensitivity"], hiddenBody["title"], hiddenBody["paper_file_holder"] = "sensitive", "", "机要室"
	hidden := proc.CreateCase(t, hiddenBody)
	office := e.API(d.OfficeSec)
	if r := office.Get(fmt.Sprintf("/api/v1/cases/%d", hidden.ID)); r.Status != http.StatusNotFound {
		t.Fatalf("precondition: the office must not see the sensitive case: %d", r.Status)
	}
	if r := office.Get(fmt.Sprintf("/api/v1/cases/%d", open.ID)); r.Status != http.StatusOK {
		t.Fatalf("precondition: the office sees the ordinary case: %d", r.Status)
	}
	day := webtest.Workday(webtest.DaysFromToday(5))
	m := e.CreateMeeting(office, webtest.MeetingBody("joint_meeting", d.Office.ID, "季度联席会议（案号议程）", webtest.At(day, 9, 0), webtest.At(day, 10, 0)))
	agenda := func() []struct {
		ID      int64   `json:"id"`
		Version int     `json:"version"`
		CaseIDs []int64 `json:"case_ids"`
	} {
		var got struct {
			Agenda []struct {
				ID      int64   `json:"id"`
				Version int     `json:"version"`
				CaseIDs []int64 `json:"case_ids"`
			} `json:"agenda"`
		}
		office.Get(webtest.MeetingPath(m, "")).Decode(t, &got)
		return got.Agenda
	}

	r := office.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "通报工伤认定案件", "duration_minutes": 20,
		"case_numbers": []string{" （2026）奎检行检21号 "}})
	wantStatus(t, r, http.StatusCreated)
	items := agenda()
	if len(items) != 1 || len(items[0].CaseIDs) != 1 || items[0].CaseIDs[0] != open.ID {
		t.Fatalf("added by 案号: %+v", items)
	}

	for _, n := range []string{"（2026）奎检行检23号", "（2026）奎检行检99号"} {
		r := office.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "不应添加", "duration_minutes": 10, "case_numbers": []string{n}})
		ae := wantError(t, r, http.StatusUnprocessableEntity, "meeting.case_number_unknown")
		if !strings.Contains(ae.Message, n) {
			t.Errorf("the message must name %s: %s", n, r.Body)
		}
	}
	it := agenda()[0]
	r = office.Do(http.MethodPatch, fmt.Sprintf("%s/%d", webtest.MeetingPath(m, "/agenda"), it.ID), map[string]any{"title": "通报工伤认定案件",
		"duration_minutes": 20, "case_ids": []int64{open.ID}, "case_numbers": []string{"（2026）奎检行检23号"}, "version": it.Version})
	wantError(t, r, http.StatusUnprocessableEntity, "meeting.case_number_unknown")
	if after := agenda(); len(after) != 1 || after[0].Version != it.Version {
		t.Fatalf("a refused change changed the agenda: %+v", after)
	}
	r = office.Do(http.MethodPatch, fmt.Sprintf("%s/%d", webtest.MeetingPath(m, "/agenda"), it.ID), map[string]any{"title": "通报工伤认定案件",
		"duration_minutes": 20, "case_ids": []int64{open.ID}, "case_numbers": []string{"（2026）奎检行检22号", "（2026）奎检行检21号"}, "version": it.Version})
	wantStatus(t, r, http.StatusOK)
	if after := agenda(); len(after) != 1 || len(after[0].CaseIDs) != 2 {
		t.Errorf("edited by 案号: %+v (want %d and %d)", after, open.ID, second.ID)
	}
}
