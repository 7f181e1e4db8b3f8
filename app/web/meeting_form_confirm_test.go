package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/i18n"
	"liaison/app/web/webtest"
)

// TestMeetingForm_SeriesExceptionsConfirm: on the edit page, a rule change
// that would orphan a moved occurrence is answered 409 with that
// occurrence listed (in the office's date format) and a button that
// resends the form with exceptions=drop; only that second post saves.
func TestMeetingForm_SeriesExceptionsConfirm(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	body := webtest.MeetingBody("consultation", d.Office.ID, "每周会商（页面确认）", mStart, mEnd)
	body["rrule"] = "FREQ=WEEKLY;COUNT=4"
	m := e.CreateMeeting(sec, body)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/occurrences/move"), map[string]any{"original_start": mAt(14, 9, 30),
		"start": mAt(14, 14, 0), "end": mAt(14, 16, 0)}), http.StatusOK)
	id := fmt.Sprint(m["id"])
	before := getMeeting(t, sec, m).Version
	form := url.Values{"kind": {"consultation"}, "title": {"每周会商（页面确认）"}, "convening_unit_id": {fmt.Sprint(d.Office.ID)},
		"start": {mDate(0) + "T09:30"}, "end": {mDate(0) + "T11:30"}, "location": {webtest.DefaultLocation},
		"sensitivity": {"ordinary"}, "freq": {"weekly"}, "count": {"2"}, "force": {"1"}, "version": {fmt.Sprint(before)}}
	b := e.Browser(d.OfficeSec)

	r := b.PostForm("/meetings/"+id, form)
	page := string(r.Body)
	orig, err := time.Parse(time.RFC3339, mAt(14, 9, 30))
	if err != nil {
		t.Fatal(err)
	}
	when := i18n.DateTime("zh-CN", orig.In(time.FixedZone("CST", 8*3600)))
	if r.Status != http.StatusConflict || !strings.Contains(page, `id="series-exceptions"`) || !strings.Contains(page, when) ||
		!strings.Contains(page, "已改期") || !strings.Contains(page, `name="exceptions" value="drop"`) {
		t.Fatalf("409 page must list %s as moved and offer the confirmation: %d %.3000s", when, r.Status, page)
	}
	if getMeeting(t, sec, m).Version != before {
		t.Fatal("the refused change was saved")
	}
	form.Set("exceptions", "drop")
	wantStatus(t, b.PostForm("/meetings/"+id, form), http.StatusSeeOther)
	var got struct {
		Version int    `json:"version"`
		RRule   string `json:"rrule"`
	}
	sec.Get(webtest.MeetingPath(m, "")).Decode(t, &got)
	if got.Version != before+1 || !strings.Contains(got.RRule, "COUNT=2") {
		t.Errorf("confirmed change: version %d rrule %q", got.Version, got.RRule)
	}
}

// TestLeadGroup_FormStickyAndLater: the "邀请领导小组" box stays ticked when
// the form comes back with an error, and the meeting page invites the
// leading group to a meeting that exists.
func TestLeadGroup_FormStickyAndLater(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	if r := e.API(d.Admin).Post("/api/v1/leading-group", map[string]any{"user_id": d.JusticeSec.ID, "position": "member"}); r.Status != http.StatusCreated {
		t.Fatalf("add: %d", r.Status)
	}
	b := e.Browser(d.OfficeSec)
	day := webtest.Workday(webtest.DaysFromToday(8))
	r := b.PostForm("/meetings", url.Values{"kind": {"joint_meeting"}, "title": {""}, "start": {day.String() + "T09:00"}, "end": {day.String() + "T10:00"},
		"location": {"三楼会议室"}, "sensitivity": {"ordinary"}, "convening_unit_id": {fmt.Sprint(d.Office.ID)}, "invite_leading_group": {"1"}, "force": {"1"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `name="invite_leading_group" value="1" checked`) {
		t.Errorf("redisplayed form: %d, the box must stay ticked", r.Status)
	}

	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "专题会（后邀领导小组）", webtest.At(day, 14, 0), webtest.At(day, 15, 0))
	body["invite_standing_members"] = false
	m := e.CreateMeeting(e.API(d.OfficeSec), body)
	id := fmt.Sprint(m["id"])
	wantStatus(t, e.API(d.JusticeSec).Get(webtest.MeetingPath(m, "")), http.StatusNotFound)
	if page := string(b.Get("/meetings/" + id).Body); !strings.Contains(page, `name="invite_leading_group"`) {
		t.Fatal("the meeting page offers no leading-group invitation")
	}
	wantStatus(t, b.PostForm("/meetings/"+id+"/attendees", url.Values{"invite_leading_group": {"1"}}), http.StatusSeeOther)
	wantStatus(t, e.API(d.JusticeSec).Get(webtest.MeetingPath(m, "")), http.StatusOK)
	// Again: everyone is invited already, nothing to add, still fine.
	wantStatus(t, b.PostForm("/meetings/"+id+"/attendees", url.Values{"invite_leading_group": {"1"}}), http.StatusSeeOther)
}
