package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

func TestMeetingAPI_AttendeesRSVPCheckIn(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "专家会商", mStart, mEnd)
	body["experts"] = []map[string]any{
		{"user_id": d.JusticeMember.ID, "mode": "invited"},
		{"name": "王教授", "email": "wang@univ.example", "unit_name": "某大学法学院", "mode": "invited"},
	}
	m := e.CreateMeeting(proc, body)
	path := webtest.MeetingPath(m, "/attendees")

	r := proc.Post(path, map[string]any{"user_id": d.AgencyAMember.ID, "role": "required"})
	wantStatus(t, r, 201)
	agencyAtt := r.JSON(t)
	wantError(t, proc.Post(path, map[string]any{"user_id": d.AgencyAMember.ID, "role": "optional"}), 409, "meeting.attendee_twice")
	wantError(t, proc.Post(path, map[string]any{"user_id": d.AgencyBMember.ID, "role": "boss"}), 422, "meeting.role_invalid")
	wantStatus(t, proc.Post(path, map[string]any{"name": "李律师", "email": "li@law.example", "unit_name": "某律师事务所", "role": "expert"}), 201)
	wantError(t, proc.Post(path, map[string]any{"name": "", "email": "x@law.example", "role": "optional"}), 422, "required")
	wantError(t, e.API(d.AgencyAMember).Post(path, map[string]any{"user_id": d.AgencyBMember.ID, "role": "optional"}), 403, "forbidden")

	det := getMeeting(t, proc, m)
	if len(det.Attendees) != 4 || len(det.NotAnswered) != 4 {
		t.Fatalf("attendees %+v not answered %v", det.Attendees, det.NotAnswered)
	}

	t.Run("rsvp", func(t *testing.T) {
		rsvp := webtest.MeetingPath(m, "/rsvp")
		wantError(t, e.API(d.AgencyBMember).Post(rsvp, map[string]any{"answer": "accepted"}), 404, "not_found")
		wantError(t, e.API(d.Leader).Post(rsvp, map[string]any{"answer": "accepted"}), 403, "meeting.not_invited")
		agencyA := e.API(d.AgencyAMember)
		wantError(t, agencyA.Post(rsvp, map[string]any{"answer": "maybe"}), 422, "meeting.answer_invalid")
		r := agencyA.Post(rsvp, map[string]any{"answer": "accepted", "comment": "按时参加"})
		wantStatus(t, r, 200)
		if a := r.JSON(t); a["answer"] != "accepted" || a["id"] != agencyAtt["id"] {
			t.Errorf("rsvp answer %v", a)
		}
		jm := e.API(d.JusticeMember)
		wantError(t, jm.Post(rsvp, map[string]any{"answer": "delegated"}), 422, "required")
		wantError(t, jm.Post(rsvp, map[string]any{"answer": "delegated", "delegate_user_id": d.ProcMember.ID}), 422, "meeting.delegate_not_colleague")
		r = jm.Post(rsvp, map[string]any{"answer": "delegated", "delegate_user_id": d.JusticeSec.ID, "comment": "另有公务"})
		wantStatus(t, r, 200)
		det := getMeeting(t, proc, m)
		var delegate *attendeeJSON
		for i, a := range det.Attendees {
			if a.UserID != nil && *a.UserID == d.JusticeSec.ID {
				delegate = &det.Attendees[i]
			}
		}
		if delegate == nil || delegate.Role != "expert" || delegate.Answer != "pending" {
			t.Errorf("delegate not invited in the delegator's place: %+v", det.Attendees)
		}
		if len(det.NotAnswered) != 3 {
			t.Errorf("not answered %v", det.NotAnswered)
		}
	})
	t.Run("check-in", func(t *testing.T) {
		holdMeetingDay(t, e)
		det := getMeeting(t, proc, m)
		if len(det.CheckInCode) != 6 {
			t.Fatalf("check-in code %q", det.CheckInCode)
		}
		agencyA := e.API(d.AgencyAMember)
		wantError(t, agencyA.Post(webtest.MeetingPath(m, "/check-in"), map[string]any{"code": "000000x"}), 422, "meeting.check_in_code_wrong")
		r := agencyA.Post(webtest.MeetingPath(m, "/check-in"), map[string]any{"code": det.CheckInCode})
		wantStatus(t, r, 200)
		if r.JSON(t)["checked_in_at"] == nil {
			t.Errorf("self check-in not recorded")
		}
		guest := det.Attendees[len(det.Attendees)-1]
		r = proc.Post(webtest.MeetingPath(m, fmt.Sprintf("/attendees/%d/check-in", guest.ID)), nil)
		wantStatus(t, r, 200)
		wantError(t, agencyA.Post(webtest.MeetingPath(m, fmt.Sprintf("/attendees/%d/check-in", guest.ID)), nil), 403, "forbidden")
		wantError(t, e.API(d.Leader).Post(webtest.MeetingPath(m, "/check-in"), map[string]any{"code": det.CheckInCode}), 403, "meeting.not_invited")
	})
	t.Run("remove", func(t *testing.T) {
		wantStatus(t, proc.Do("DELETE", webtest.MeetingPath(m, fmt.Sprintf("/attendees/%v", agencyAtt["id"])), nil), 204)
		wantError(t, e.API(d.AgencyAMember).Get(webtest.MeetingPath(m, "")), 404, "not_found")
		wantError(t, proc.Do("DELETE", webtest.MeetingPath(m, fmt.Sprintf("/attendees/%v", agencyAtt["id"])), nil), 404, "not_found")
	})
}

func TestMeetingAPI_Agenda(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议", mStart, mEnd))
	add := func(title string, min int) map[string]any {
		t.Helper()
		r := sec.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": title, "duration_minutes": min, "presenter_user_id": d.ProcSec.ID})
		wantStatus(t, r, 201)
		return r.JSON(t)
	}
	a, b := add("通报案件办理情况", 60), add("研究典型案例", 45)
	if a["position"] != 1.0 || b["position"] != 2.0 {
		t.Errorf("positions %v %v", a["position"], b["position"])
	}
	if getMeeting(t, sec, m).AgendaOverrun {
		t.Errorf("105 minutes overrun a 120-minute meeting")
	}
	c := add("其他事项", 30)
	if !getMeeting(t, sec, m).AgendaOverrun {
		t.Errorf("135 minutes do not overrun a 120-minute meeting")
	}
	wantError(t, sec.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "x", "duration_minutes": 0}), 422, "meeting.duration_invalid")
	wantError(t, sec.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "x", "duration_minutes": 10, "case_ids": []int64{424242}}), 422, "case.unknown")

	item := func(x map[string]any, suffix string) string {
		return webtest.MeetingPath(m, fmt.Sprintf("/agenda/%v%s", x["id"], suffix))
	}
	r := sec.Do("PATCH", item(b, ""), map[string]any{"title": "研究典型案例（两件）", "duration_minutes": 40, "version": 1})
	wantStatus(t, r, 200)
	wantError(t, sec.Do("PATCH", item(b, ""), map[string]any{"title": "晚到", "duration_minutes": 40, "version": 1}), 409, "stale_version")

	wantStatus(t, sec.Do("PUT", webtest.MeetingPath(m, "/agenda/order"), map[string]any{"item_ids": []any{c["id"], a["id"], b["id"]}}), 200)
	wantError(t, sec.Do("PUT", webtest.MeetingPath(m, "/agenda/order"), map[string]any{"item_ids": []any{c["id"], a["id"]}}), 422, "meeting.order_incomplete")
	wantStatus(t, sec.Post(item(a, "/move"), map[string]any{"position": 3}), 200)
	order := func() string {
		var s []string
		for _, it := range getMeeting(t, sec, m).Agenda {
			s = append(s, fmt.Sprintf("%d:%s", it.Position, it.Title))
		}
		return strings.Join(s, ",")
	}
	if got := order(); got != "1:其他事项,2:研究典型案例（两件）,3:通报案件办理情况" {
		t.Errorf("order %s", got)
	}
	wantStatus(t, sec.Do("DELETE", item(c, ""), nil), 204)
	if got := order(); got != "1:研究典型案例（两件）,2:通报案件办理情况" {
		t.Errorf("after delete %s", got)
	}
	wantError(t, e.API(d.ProcMember).Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "x", "duration_minutes": 5}), 403, "forbidden")
}

func TestMeetingAPI_Minutes(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, proc, justice := e.API(d.OfficeSec), e.API(d.ProcSec), e.API(d.JusticeSec)
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议", mStart, mEnd)
	body["co_unit_ids"] = []int64{d.Procuratorate.ID, d.Justice.ID}
	m := e.CreateMeeting(sec, body)
	holdMeetingDay(t, e)
	minutes := map[string]any{
		"body": "会议听取了案件双向通报情况。",
		"decisions": []map[string]any{
			{"text": "区人社局两个月内完成工伤认定案件整改", "action_items": []map[string]any{
				{"title": "完成整改并书面反馈", "responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(60)},
				{"title": "跟踪整改情况", "responsible_unit_id": d.Justice.ID, "due_on": dueIn(67)},
			}},
			{"text": "下季度召开专题会商", "action_items": []map[string]any{}},
		},
	}
	wantError(t, e.API(d.AgencyAMember).Do("PUT", webtest.MeetingPath(m, "/minutes"), minutes), 404, "not_found")
	wantError(t, sec.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 422, "meeting.minutes_missing")
	bad := map[string]any{"body": "x", "decisions": []map[string]any{{"text": "y", "action_items": []map[string]any{{"title": "z", "responsible_unit_id": 99999, "due_on": dueIn(60)}}}}}
	wantError(t, sec.Do("PUT", webtest.MeetingPath(m, "/minutes"), bad), 422, "unit.unknown")
	r := sec.Do("PUT", webtest.MeetingPath(m, "/minutes"), minutes)
	wantStatus(t, r, 200)

	wantError(t, sec.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 422, "meeting.signoff_missing")
	wantStatus(t, proc.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), 200)
	wantError(t, proc.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), 409, "meeting.signed_already")
	wantError(t, sec.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 422, "meeting.signoff_missing")
	if n := count(t, e, "SELECT COUNT(*) FROM action_items"); n != 0 {
		t.Fatalf("%d action items before confirmation", n)
	}
	wantStatus(t, justice.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), 200)
	wantError(t, proc.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 403, "meeting.confirm_convener_only")

	// Atomic: when creating the second action item fails, nothing of the
	// confirmation stays (no item, minutes still a draft, no sign-off).
	long := strings.Repeat("长", 301)
	if err := e.DB.Conn(e.Ctx()).Exec("UPDATE decision_actions SET title = ? WHERE title = ?", long, "跟踪整改情况").Error; err != nil {
		t.Fatal(err)
	}
	wantError(t, sec.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 422, "")
	if n := count(t, e, "SELECT COUNT(*) FROM action_items"); n != 0 {
		t.Fatalf("%d action items after a failed confirmation", n)
	}
	if n := count(t, e, "SELECT COUNT(*) FROM minutes WHERE status = 'draft'"); n != 1 {
		t.Fatalf("minutes not a draft after a failed confirmation")
	}
	if n := count(t, e, "SELECT COUNT(*) FROM minutes_signoffs"); n != 2 {
		t.Fatalf("%d sign-offs after a failed confirmation, want 2", n)
	}
	if err := e.DB.Conn(e.Ctx()).Exec("UPDATE decision_actions SET title = ? WHERE title = ?", "跟踪整改情况", long).Error; err != nil {
		t.Fatal(err)
	}

	r = sec.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil)
	wantStatus(t, r, 200)
	var conf struct {
		Status  string `json:"status"`
		Actions []struct {
			ID                int64 `json:"id"`
			ResponsibleUnitID int64 `json:"responsible_unit_id"`
		} `json:"action_items_created"`
	}
	r.Decode(t, &conf)
	if conf.Status != "confirmed" || len(conf.Actions) != 2 {
		t.Fatalf("confirm: %s", r.Body)
	}
	if n := count(t, e, "SELECT COUNT(*) FROM action_items WHERE source_kind = 'decision' AND issuing_unit_id = ?", d.Office.ID); n != 2 {
		t.Errorf("%d action items after confirmation, want 2", n)
	}
	wantStatus(t, e.API(d.AgencyAMember).Get(fmt.Sprintf("/api/v1/actions/%d", conf.Actions[0].ID)), 200)

	wantError(t, sec.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 409, "meeting.minutes_confirmed")
	wantError(t, sec.Do("PUT", webtest.MeetingPath(m, "/minutes"), minutes), 409, "meeting.minutes_locked")
	if n := count(t, e, "SELECT COUNT(*) FROM action_items"); n != 2 {
		t.Errorf("%d action items after a second confirm", n)
	}
	wantError(t, sec.Post(webtest.MeetingPath(m, "/minutes/revisions"), map[string]any{"body": "更正后的纪要"}), 422, "required")
	r = sec.Post(webtest.MeetingPath(m, "/minutes/revisions"), map[string]any{"body": "会议听取了案件双向通报情况（更正）。", "reason": "更正错别字"})
	wantStatus(t, r, 201)
	det := getMeeting(t, sec, m)
	if det.Minutes == nil || det.Minutes.Status != "confirmed" || !strings.Contains(det.Minutes.Body, "更正") || len(det.Minutes.Decisions) != 2 {
		t.Errorf("minutes after revision: %+v", det.Minutes)
	}
}

func TestMeetingAPI_Recurrence(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "每周例会", mStart, mEnd)
	body["rrule"] = "FREQ=WEEKLY;COUNT=4"
	m := e.CreateMeeting(sec, body)
	events := func() []string {
		t.Helper()
		r := sec.Get(eventsPath(mDate(-2), mDate(29)))
		wantStatus(t, r, 200)
		var b struct {
			Events []struct {
				Start string `json:"start"`
			} `json:"events"`
		}
		r.Decode(t, &b)
		var s []string
		for _, ev := range b.Events {
			s = append(s, ev.Start[5:16])
		}
		return s
	}
	// "MM-DDThh:mm" of an occurrence days after mDay
	occ := func(days, hour, minute int) string { return mAt(days, hour, minute)[5:16] }
	if got, want := strings.Join(events(), ","), strings.Join([]string{occ(0, 9, 30), occ(7, 9, 30), occ(14, 9, 30), occ(21, 9, 30)}, ","); got != want {
		t.Fatalf("events %s, want %s", got, want)
	}
	r := sec.Post(webtest.MeetingPath(m, "/occurrences/cancel"), map[string]any{"original_start": mAt(7, 9, 30)})
	wantStatus(t, r, 200)
	r = sec.Post(webtest.MeetingPath(m, "/occurrences/move"), map[string]any{"original_start": mAt(14, 9, 30), "start": mAt(15, 14, 0), "end": mAt(15, 16, 0)})
	wantStatus(t, r, 200)
	if got, want := strings.Join(events(), ","), strings.Join([]string{occ(0, 9, 30), occ(15, 14, 0), occ(21, 9, 30)}, ","); got != want {
		t.Errorf("events after cancel and move %s, want %s", got, want)
	}
	wantError(t, sec.Post(webtest.MeetingPath(m, "/occurrences/cancel"), map[string]any{"original_start": mAt(8, 9, 30)}), 422, "meeting.occurrence_unknown")
	wantError(t, sec.Post(webtest.MeetingPath(m, "/occurrences/move"), map[string]any{"original_start": mAt(21, 9, 30), "start": mAt(21, 14, 0), "end": mAt(21, 13, 0)}), 422, "meeting.end_before_start")
	det := getMeeting(t, sec, m)
	if det.Sequence != 2 || det.Version != 3 {
		t.Errorf("after two occurrence changes: sequence %d version %d", det.Sequence, det.Version)
	}
	single := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "单次", mAt(1, 9, 30), mAt(1, 10, 30)))
	wantError(t, sec.Post(webtest.MeetingPath(single, "/occurrences/cancel"), map[string]any{"original_start": mAt(1, 9, 30)}), 422, "meeting.not_a_series")
	wantError(t, sec.Get(eventsPath(mDate(0), mDate(101))), 422, "meeting.window_invalid") // more than 100 days
}

func TestMeetingAPI_Conflicts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, sec, proc := e.API(d.Admin), e.API(d.OfficeSec), e.API(d.ProcSec)
	r := admin.Post("/api/v1/rooms", map[string]any{"name": "一号会议室", "address": "区委大楼三楼", "capacity": 30})
	wantStatus(t, r, 201)
	room := r.JSON(t)["id"]
	wantError(t, sec.Post("/api/v1/rooms", map[string]any{"name": "二号会议室"}), 403, "forbidden")
	wantError(t, admin.Post("/api/v1/rooms", map[string]any{"name": "一号会议室"}), 409, "meeting.room_taken")

	ab := webtest.MeetingBody("joint_meeting", d.Office.ID, "占用会议室的会议", mStart, mEnd)
	ab["room_id"], ab["chair_user_id"] = room, d.JusticeSec.ID
	a := e.CreateMeeting(sec, ab)
	if ws, _ := a["warnings"].([]any); len(ws) != 0 {
		t.Errorf("first meeting warned: %v", ws)
	}
	bb := webtest.MeetingBody("consultation", d.Procuratorate.ID, "冲突的会商", mAt(0, 10, 0), mAt(0, 12, 0))
	bb["room_id"], bb["chair_user_id"] = room, d.JusticeSec.ID
	b := e.CreateMeeting(proc, bb)
	s := fmt.Sprint(b["warnings"])
	if !strings.Contains(s, "meeting.conflict_room") || !strings.Contains(s, "meeting.conflict_attendee") || !strings.Contains(s, "占用会议室的会议") {
		t.Errorf("warnings %s", s)
	}
	// fixed days of the 2026 notice: a holiday, a weekend, a make-up working day
	r = sec.Post("/api/v1/meetings/conflicts", map[string]any{"start": "2026-10-01T09:00:00+08:00", "end": "2026-10-01T10:00:00+08:00"})
	wantStatus(t, r, 200)
	if s := string(r.Body); !strings.Contains(s, "meeting.on_holiday") || !strings.Contains(s, "国庆节") {
		t.Errorf("holiday: %s", s)
	}
	r = sec.Post("/api/v1/meetings/conflicts", map[string]any{"start": "2026-12-05T09:00:00+08:00", "end": "2026-12-05T10:00:00+08:00"})
	if !strings.Contains(string(r.Body), "meeting.on_weekend") {
		t.Errorf("weekend: %s", r.Body)
	}
	r = sec.Post("/api/v1/meetings/conflicts", map[string]any{"start": "2026-09-20T09:00:00+08:00", "end": "2026-09-20T10:00:00+08:00"})
	if s := string(r.Body); strings.Contains(s, "meeting.on_weekend") || strings.Contains(s, "holiday") {
		t.Errorf("make-up working day warned: %s", s)
	}
	r = sec.Post("/api/v1/meetings/conflicts", map[string]any{"start": mAt(0, 11, 0), "end": mAt(0, 11, 30), "room_id": room, "user_ids": []int64{d.AgencyAMember.ID}})
	if s := string(r.Body); !strings.Contains(s, "meeting.conflict_room") || strings.Contains(s, "conflict_attendee") {
		t.Errorf("check: %s", s)
	}
	wantStatus(t, admin.Do("DELETE", fmt.Sprintf("/api/v1/rooms/%v", room), nil), 204)
	wantError(t, sec.Post("/api/v1/meetings", ab), 422, "meeting.room_unknown")
}

func TestMeetingAPI_ListFilters(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, proc := e.API(d.OfficeSec), e.API(d.ProcSec)
	e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议一", mAt(0, 9, 0), mAt(0, 10, 0)))
	e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议二", mAt(1, 9, 0), mAt(1, 10, 0)))
	e.CreateMeeting(proc, webtest.MeetingBody("consultation", d.Procuratorate.ID, "会商一", mAt(2, 9, 0), mAt(2, 10, 0)))
	lastYear := webtest.DaysFromToday(-365)
	e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "去年的会议", webtest.At(lastYear, 9, 0), webtest.At(lastYear, 10, 0)))
	titles := func(c *webtest.Client, q string) string {
		t.Helper()
		var all []string
		cursor := ""
		for range 10 {
			u := "/api/v1/meetings?limit=1&" + q
			if cursor != "" {
				u += "&cursor=" + cursor
			}
			r := c.Get(u)
			wantStatus(t, r, 200)
			var p struct {
				Items      []struct{ Title string } `json:"items"`
				NextCursor string                   `json:"next_cursor"`
			}
			r.Decode(t, &p)
			for _, it := range p.Items {
				all = append(all, it.Title)
			}
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		return strings.Join(all, ",")
	}
	for _, c := range []struct{ q, want string }{
		{"", "去年的会议,联席会议一,联席会议二,会商一"},
		{"kind=consultation", "会商一"},
		{"unit_id=" + fmt.Sprint(d.Procuratorate.ID), "会商一"},
		{"q=联席", "联席会议一,联席会议二"},
		{"from=" + url.QueryEscape(mAt(1, 0, 0)) + "&to=" + url.QueryEscape(mAt(2, 0, 0)), "联席会议二"},
		{"when=past", "去年的会议"},
		{"when=upcoming", "联席会议一,联席会议二,会商一"},
		{"mine=true", "去年的会议,联席会议一,联席会议二"},
	} {
		if got := titles(sec, c.q); got != c.want {
			t.Errorf("?%s: %s, want %s", c.q, got, c.want)
		}
	}
	// a joint meeting invites the standing members, so their units see it
	if got := titles(e.API(d.JusticeMember), ""); got != "去年的会议,联席会议一,联席会议二" {
		t.Errorf("justice member lists %s", got)
	}
	if got := titles(e.API(d.AgencyBMember), ""); got != "" {
		t.Errorf("agency member lists %s", got)
	}
	wantError(t, sec.Get("/api/v1/meetings?kind=party"), 422, "meeting.kind_invalid")
	wantError(t, sec.Get("/api/v1/meetings?from=yesterday"), 422, "time_invalid")
	wantError(t, sec.Get("/api/v1/meetings?cursor=@@"), 422, "")
}

// TestMeetingAPI_QueriesPerPage checks that a meeting's page costs the same
// number of statements however much it holds (no N+1): a meeting with one
// of everything and one with several attendees, agenda items, decisions,
// action items and linked cases.
func TestMeetingAPI_QueriesPerPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, proc := e.API(d.OfficeSec), e.API(d.ProcSec)
	var cases []int64
	for i := range 4 {
		cases = append(cases, proc.CreateCase(t, cfCase(d, fmt.Sprint("Q", i))).ID)
	}
	sb := webtest.MeetingBody("joint_meeting", d.Office.ID, "小会", mStart, mEnd)
	sb["case_ids"], sb["invite_standing_members"] = []int64{cases[0]}, false
	small := e.CreateMeeting(sec, sb)
	bb := webtest.MeetingBody("joint_meeting", d.Office.ID, "大会", mAt(1, 9, 0), mAt(1, 12, 0))
	bb["co_unit_ids"] = []int64{d.Procuratorate.ID, d.Justice.ID}
	bb["chair_user_id"] = d.Leader.ID
	bb["case_ids"] = cases[:2]
	big := e.CreateMeeting(sec, bb)
	for _, u := range []int64{d.AgencyAMember.ID, d.AgencyBMember.ID, d.ProcMember.ID, d.JusticeMember.ID} {
		wantStatus(t, sec.Post(webtest.MeetingPath(big, "/attendees"), map[string]any{"user_id": u, "role": "optional"}), 201)
	}
	wantStatus(t, sec.Post(webtest.MeetingPath(big, "/attendees"), map[string]any{"name": "王律师", "email": "wang@law.example", "role": "optional"}), 201)
	for i := range 5 {
		wantStatus(t, sec.Post(webtest.MeetingPath(big, "/agenda"), map[string]any{"title": fmt.Sprint("议题", i), "duration_minutes": 20,
			"presenter_user_id": []int64{d.ProcSec.ID, d.JusticeSec.ID}[i%2], "case_ids": cases[i%3 : i%3+2]}), 201)
	}
	decisions := []map[string]any{}
	for i := range 3 {
		decisions = append(decisions, map[string]any{"text": fmt.Sprint("决定", i), "action_items": []map[string]any{
			{"title": "整改", "responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(60), "case_ids": cases[2:]},
			{"title": "反馈", "responsible_unit_id": d.AgencyB.ID, "due_on": dueIn(60), "case_ids": cases[1:3]}}})
	}
	holdDay(t, e, mDate(1))
	wantStatus(t, sec.Do("PUT", webtest.MeetingPath(big, "/minutes"), map[string]any{"body": "纪要", "decisions": decisions}), 200)
	wantStatus(t, proc.Post(webtest.MeetingPath(big, "/minutes/sign-off"), nil), 200)
	wantStatus(t, sec.Do("PUT", webtest.MeetingPath(small, "/minutes"), map[string]any{"body": "纪要", "decisions": []map[string]any{
		{"text": "决定", "action_items": []map[string]any{{"title": "整改", "responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(60)}}}}}), 200)
	wantStatus(t, sec.Post(webtest.MeetingPath(small, "/agenda"), map[string]any{"title": "议题", "duration_minutes": 20, "presenter_user_id": d.ProcSec.ID}), 201)

	qc := e.CountQueries()
	cost := func(m map[string]any) int64 {
		before := qc.N()
		wantStatus(t, sec.Get(webtest.MeetingPath(m, "")), http.StatusOK)
		return qc.N() - before
	}
	cost(small) // warm the token lookup
	s, b := cost(small), cost(big)
	t.Logf("GET /api/v1/meetings/{id}: %d statements (small), %d (big)", s, b)
	// 4 for the bearer token, 8 for the meeting (meeting and room; units
	// and case links; attendees; agenda; minutes with decisions and
	// actions; sign-offs; revisions; names), 2 for the cases' visibility,
	// 1 for the invitation bump that makes sequence the published SEQUENCE
	// (a series adds one for its overrides)
	const budget = 15
	if s != b || b > budget {
		t.Errorf("small meeting %d statements, big %d; want the same, at most %d", s, b, budget)
	}
	var det struct {
		Cases       []struct{ ID int64 } `json:"cases"`
		LinkedCases []struct{ ID int64 } `json:"linked_cases"`
		Agenda      []struct {
			CaseIDs []int64 `json:"case_ids"`
		} `json:"agenda"`
		Minutes struct {
			Decisions []struct {
				ActionItems []struct {
					CaseIDs []int64 `json:"case_ids"`
				} `json:"action_items"`
			} `json:"decisions"`
			Pending []int64 `json:"pending_sign_off_unit_ids"`
		} `json:"minutes"`
		People map[string]string `json:"user_names"`
	}
	sec.Get(webtest.MeetingPath(big, "")).Decode(t, &det)
	if len(det.Cases) != 2 || len(det.LinkedCases) != 2 || len(det.Agenda) != 5 || len(det.Agenda[4].CaseIDs) != 2 ||
		len(det.Minutes.Decisions) != 3 || fmt.Sprint(det.Minutes.Decisions[2].ActionItems[1].CaseIDs) != fmt.Sprint(cases[1:3]) ||
		fmt.Sprint(det.Minutes.Pending) != fmt.Sprint([]int64{d.Justice.ID}) || len(det.People) != 3 {
		t.Errorf("big meeting's page lost something: %+v", det)
	}
	list := func(q string) int64 {
		before := qc.N()
		wantStatus(t, sec.Get("/api/v1/meetings?"+q), http.StatusOK)
		return qc.N() - before
	}
	if l1, l2 := list("limit=1"), list("limit=50"); l1 != l2 {
		t.Errorf("list: %d statements for 1 row, %d for all", l1, l2)
	} else {
		t.Logf("GET /api/v1/meetings: %d statements", l1)
	}
}
