package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// mDay is the day the tests' meetings are held: the first working day at
// least three days after the pinned now, so that a meeting is still to come
// (invitations go out, it lists as upcoming) and warns of no holiday or
// weekend. mStart and mEnd are a two-hour meeting that morning.
var (
	mDay   = webtest.Workday(webtest.DaysFromToday(3))
	mStart = mAt(0, 9, 30)
	mEnd   = mAt(0, 11, 30)
)

// mAt returns the day days after mDay at hour:minute Beijing time, in
// RFC 3339 as the API answers it.
func mAt(days, hour, minute int) string { return webtest.At(mDay.AddDays(days), hour, minute) }

// mDate returns the day days after mDay as "YYYY-MM-DD".
func mDate(days int) string { return mDay.AddDays(days).String() }

// eventsPath is the calendar API's path for the window [from, to).
func eventsPath(from, to string) string {
	return "/api/v1/meetings/events?from=" + url.QueryEscape(from) + "&to=" + url.QueryEscape(to)
}

// icsDate is d as iCalendar writes it ("20261210").
func icsDate(d workday.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// dueIn returns the date n days after the pinned today as "YYYY-MM-DD": a
// deadline still to come.
func dueIn(n int) string { return webtest.DaysFromToday(n).String() }

type attendeeJSON struct {
	ID          int64   `json:"id"`
	UserID      *int64  `json:"user_id"`
	Name        string  `json:"name"`
	Role        string  `json:"role"`
	Answer      string  `json:"answer"`
	CheckedInAt *string `json:"checked_in_at"`
}

type meetingDetail struct {
	ID            int64          `json:"id"`
	UID           string         `json:"uid"`
	Title         string         `json:"title"`
	Sequence      int            `json:"sequence"`
	Status        string         `json:"status"`
	Version       int            `json:"version"`
	Start         string         `json:"start"`
	Attendees     []attendeeJSON `json:"attendees"`
	NotAnswered   []int64        `json:"not_answered"`
	CheckInCode   string         `json:"check_in_code"`
	CanEdit       bool           `json:"can_edit"`
	AgendaOverrun bool           `json:"agenda_overrun"`
	Agenda        []struct {
		ID       int64  `json:"id"`
		Title    string `json:"title"`
		Position int    `json:"position"`
		Version  int    `json:"version"`
	} `json:"agenda"`
	Minutes *struct {
		Status    string `json:"status"`
		Body      string `json:"body"`
		Version   int    `json:"version"`
		Decisions []struct {
			Text string `json:"text"`
		} `json:"decisions"`
	} `json:"minutes"`
}

func getMeeting(t *testing.T, c *webtest.Client, m map[string]any) meetingDetail {
	t.Helper()
	return meetingAs[meetingDetail](t, c, m)
}

// meetingAs reads meeting m as c sees it into the view T a test needs.
func meetingAs[T any](t *testing.T, c *webtest.Client, m map[string]any) T {
	t.Helper()
	r := c.Get(webtest.MeetingPath(m, ""))
	wantStatus(t, r, http.StatusOK)
	var v T
	r.Decode(t, &v)
	return v
}

func TestMeetingAPI_Create(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "第一季度联席会议", mStart, mEnd)
	body["description"] = "研究行政检察与行政执法监督衔接工作"
	r := sec.Post("/api/v1/meetings", body)
	wantStatus(t, r, http.StatusCreated)
	m := r.JSON(t)
	if uid, _ := m["uid"].(string); !strings.HasSuffix(uid, "@liaison") || len(uid) < 30 || strings.Contains(uid, "office") {
		t.Errorf("uid %q", m["uid"])
	}
	if m["sequence"] != 0.0 || m["status"] != "scheduled" || m["version"] != 1.0 || m["id"] == nil {
		t.Errorf("created %v", m)
	}
	if m["start"] != mStart || m["end"] != mEnd {
		t.Errorf("times %v %v", m["start"], m["end"])
	}
	det := getMeeting(t, sec, m)
	invited := map[int64]bool{}
	for _, a := range det.Attendees {
		if a.UserID != nil {
			invited[*a.UserID] = true
		}
	}
	for _, u := range []int64{d.OfficeSec.ID, d.Leader.ID, d.ProcSec.ID, d.JusticeSec.ID} {
		if !invited[u] {
			t.Errorf("standing member %d not invited by default: %+v", u, det.Attendees)
		}
	}
	if invited[d.AgencyAMember.ID] || invited[d.ProcMember.ID] {
		t.Errorf("non-standing members invited")
	}
	if len(det.NotAnswered) != len(det.Attendees) {
		t.Errorf("not answered %v of %d", det.NotAnswered, len(det.Attendees))
	}

	t.Run("bad input changes nothing", func(t *testing.T) {
		bad := []struct {
			name   string
			change map[string]any
			status int
			code   string
		}{
			{"end before start", map[string]any{"end": mAt(0, 8, 0)}, 422, "meeting.end_before_start"},
			{"longer than a day", map[string]any{"end": mAt(1, 11, 30)}, 422, "meeting.too_long"},
			{"time without offset", map[string]any{"start": mDate(0) + " 09:30"}, 422, "time_invalid"},
			{"no room", map[string]any{"room_id": 9999}, 422, "meeting.room_unknown"},
			{"unknown kind", map[string]any{"kind": "party"}, 422, "meeting.kind_invalid"},
			{"never-ending rrule", map[string]any{"rrule": "FREQ=WEEKLY"}, 422, "meeting.rrule_unbounded"},
			{"malformed rrule", map[string]any{"rrule": "FREQ=SOMETIMES;COUNT=3"}, 422, "meeting.rrule_invalid"},
			{"too many occurrences", map[string]any{"rrule": "FREQ=DAILY;COUNT=201"}, 422, "meeting.rrule_too_many"},
			{"content on classified", map[string]any{"sensitivity": "classified", "description": "案情", "location": ""}, 422, "sensitivity.no_content"},
			{"unknown unit", map[string]any{"co_unit_ids": []int64{99999}}, 422, "unit.unknown"},
			{"unit twice", map[string]any{"co_unit_ids": []int64{d.Office.ID}}, 422, "meeting.unit_twice"},
			{"unknown field", map[string]any{"colour": "red"}, 400, "malformed.unknown_field"},
			{"not my unit", map[string]any{"convening_unit_id": d.Procuratorate.ID}, 403, "forbidden"},
		}
		for _, b := range bad {
			body := webtest.MeetingBody("joint_meeting", d.Office.ID, "坏输入", mStart, mEnd)
			for k, v := range b.change {
				body[k] = v
			}
			wantError(t, sec.Post("/api/v1/meetings", body), b.status, b.code)
		}
		if n := count(t, e, "SELECT COUNT(*) FROM meetings"); n != 1 {
			t.Errorf("%d meetings after bad input, want 1", n)
		}
		member := e.API(d.ProcMember)
		wantError(t, member.Post("/api/v1/meetings", webtest.MeetingBody("consultation", d.Procuratorate.ID, "会商", mStart, mEnd)), 403, "forbidden")
	})
}

func TestMeetingAPI_Authorization(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice := e.API(d.ProcSec), e.API(d.JusticeSec)
	agencyA, agencyB, leader := e.API(d.AgencyAMember), e.API(d.AgencyBMember), e.API(d.Leader)
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "疑难案件会商", mStart, mEnd)
	body["co_unit_ids"] = []int64{d.Justice.ID}
	m := e.CreateMeeting(proc, body)

	t.Run("convening and co-organising secretaries edit", func(t *testing.T) {
		r := proc.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"title": "疑难案件会商（一）", "version": 1})
		wantStatus(t, r, 200)
		r = justice.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"title": "疑难案件会商（二）", "version": 2})
		wantStatus(t, r, 200)
	})
	t.Run("other unit sees 404, leader sees", func(t *testing.T) {
		wantError(t, agencyA.Get(webtest.MeetingPath(m, "")), 404, "not_found")
		wantError(t, agencyA.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"title": "x", "version": 3}), 404, "not_found")
		det := getMeeting(t, leader, m)
		if det.CanEdit || det.CheckInCode != "" {
			t.Errorf("leader can_edit %v code %q", det.CanEdit, det.CheckInCode)
		}
		wantError(t, leader.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"title": "x", "version": 3}), 403, "forbidden")
	})
	t.Run("invitee sees but does not edit", func(t *testing.T) {
		wantStatus(t, proc.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.AgencyAMember.ID, "role": "required"}), 201)
		det := getMeeting(t, agencyA, m)
		if det.CanEdit || det.CheckInCode != "" {
			t.Errorf("invitee can edit")
		}
		wantError(t, agencyA.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"title": "x", "version": 3}), 403, "forbidden")
		wantError(t, agencyB.Get(webtest.MeetingPath(m, "")), 404, "not_found")
	})
	t.Run("classified: busy time for non-participants", func(t *testing.T) {
		cb := webtest.MeetingBody("consultation", d.Procuratorate.ID, "涉密会商", mAt(1, 9, 0), mAt(1, 10, 0))
		cb["sensitivity"] = "classified"
		cb["paper_file_holder"] = "检察院办公室"
		c := e.CreateMeeting(proc, cb)
		wantError(t, leader.Get(webtest.MeetingPath(c, "")), 404, "not_found")
		wantError(t, agencyA.Get(webtest.MeetingPath(c, "")), 404, "not_found")
		getMeeting(t, proc, c)
		r := leader.Get(eventsPath(mAt(1, 0, 0), mAt(2, 0, 0)))
		wantStatus(t, r, 200)
		if s := string(r.Body); strings.Contains(s, "涉密会商") || !strings.Contains(s, `"busy":true`) {
			t.Errorf("leader's calendar: %s", s)
		}
		r = proc.Get(eventsPath(mAt(1, 0, 0), mAt(2, 0, 0)))
		if !strings.Contains(string(r.Body), "涉密会商") {
			t.Errorf("convener's calendar: %s", r.Body)
		}
		wantError(t, proc.Post(webtest.MeetingPath(c, "/agenda"), map[string]any{"title": "案情分析", "duration_minutes": 30}), 422, "sensitivity.no_content")
		wantError(t, proc.Do("PUT", webtest.MeetingPath(c, "/minutes"), map[string]any{"body": "纪要正文", "decisions": []any{}}), 422, "sensitivity.no_content")
		wantError(t, proc.Do("PATCH", webtest.MeetingPath(c, ""), map[string]any{"description": "内容", "version": 1}), 422, "sensitivity.no_content")
	})
	t.Run("sensitive: invited units and leaders only", func(t *testing.T) {
		sb := webtest.MeetingBody("consultation", d.Procuratorate.ID, "敏感会商", mAt(4, 9, 0), mAt(4, 10, 0))
		sb["sensitivity"] = "sensitive"
		s := e.CreateMeeting(proc, sb)
		getMeeting(t, leader, s)
		wantError(t, e.API(d.OfficeSec).Get(webtest.MeetingPath(s, "")), 404, "not_found")
		r := agencyB.Get(eventsPath(mAt(4, 0, 0), mAt(5, 0, 0)))
		if strings.Contains(string(r.Body), "start") {
			t.Errorf("sensitive meeting shows in an outsider's calendar: %s", r.Body)
		}
	})
	t.Run("lists show only what the caller may see", func(t *testing.T) {
		ids := func(c *webtest.Client) string {
			r := c.Get("/api/v1/meetings")
			wantStatus(t, r, 200)
			var p struct {
				Items []struct{ Title string } `json:"items"`
			}
			r.Decode(t, &p)
			var s []string
			for _, it := range p.Items {
				s = append(s, it.Title)
			}
			return strings.Join(s, ",")
		}
		if got := ids(agencyB); got != "" {
			t.Errorf("outsider lists %q", got)
		}
		if got := ids(agencyA); got != "疑难案件会商（二）" {
			t.Errorf("invitee lists %q", got)
		}
		if got := ids(leader); got != "疑难案件会商（二）,敏感会商" {
			t.Errorf("leader lists %q", got)
		}
		if got := ids(proc); got != "疑难案件会商（二）,涉密会商,敏感会商" {
			t.Errorf("convener lists %q", got)
		}
	})
}

func TestMeetingAPI_VersionAndSequence(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议", mStart, mEnd))
	p := webtest.MeetingPath(m, "")
	patch := func(body map[string]any, status int) map[string]any {
		t.Helper()
		r := sec.Do("PATCH", p, body)
		wantStatus(t, r, status)
		return r.JSON(t)
	}
	got := patch(map[string]any{"title": "联席会议（改）", "version": 1}, 200)
	if got["version"] != 2.0 || got["sequence"] != 0.0 {
		t.Errorf("title change: version %v sequence %v", got["version"], got["sequence"])
	}
	wantError(t, sec.Do("PATCH", p, map[string]any{"title": "晚到的修改", "version": 1}), 409, "stale_version")
	if det := getMeeting(t, sec, m); det.Title != "联席会议（改）" || det.Version != 2 {
		t.Errorf("stale write changed the meeting: %+v", det)
	}
	got = patch(map[string]any{"start": mAt(0, 14, 0), "end": mAt(0, 16, 0), "version": 2}, 200)
	if got["sequence"] != 1.0 || got["start"] != mAt(0, 14, 0) {
		t.Errorf("time change: %v", got)
	}
	got = patch(map[string]any{"location": "检察院二楼", "version": 3}, 200)
	if got["sequence"] != 2.0 {
		t.Errorf("place change: sequence %v", got["sequence"])
	}
	wantError(t, sec.Do("PATCH", p, map[string]any{"end": mAt(0, 13, 0), "version": 4}), 422, "meeting.end_before_start")
	r := sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": "主要领导另有公务"})
	wantStatus(t, r, 200)
	if c := r.JSON(t); c["status"] != "cancelled" || c["sequence"] != 3.0 {
		t.Errorf("cancel: %v", c)
	}
	wantError(t, sec.Do("PATCH", p, map[string]any{"title": "x", "version": 5}), 409, "meeting.cancelled")
	wantError(t, sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": ""}), 409, "meeting.cancelled")

	r = sec.Get(webtest.MeetingPath(m, "/history"))
	wantStatus(t, r, 200)
	for _, a := range []string{"meeting.create", "meeting.update", "meeting.cancel"} {
		if !strings.Contains(string(r.Body), fmt.Sprintf("%q", a)) {
			t.Errorf("history lacks %s: %s", a, r.Body)
		}
	}
	if strings.Contains(string(r.Body), "主要领导") {
		t.Errorf("history carries content: %s", r.Body)
	}
	wantError(t, e.API(d.AgencyAMember).Get(webtest.MeetingPath(m, "/history")), 404, "not_found")
}

// unchanged runs bad, a request that must fail with status and code, and
// checks that the meeting's page, the audit log and the action items are
// exactly as before.
func unchanged(t *testing.T, e *webtest.Env, c *webtest.Client, m map[string]any, status int, code string, bad func() webtest.Response) {
	t.Helper()
	snap := func() string {
		t.Helper()
		r := c.Get(webtest.MeetingPath(m, ""))
		wantStatus(t, r, http.StatusOK)
		return fmt.Sprintf("%s|audit=%d|actions=%d|meetings=%d", r.Body, count(t, e, "SELECT COUNT(*) FROM audit_log"),
			count(t, e, "SELECT COUNT(*) FROM action_items"), count(t, e, "SELECT COUNT(*) FROM meetings"))
	}
	before := snap()
	wantError(t, bad(), status, code)
	if after := snap(); after != before {
		t.Errorf("a failed request (%d %s) changed the meeting:\nbefore %s\nafter  %s", status, code, before, after)
	}
}

func TestMeetingAPI_BadInputChangesNothing(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice, leader := e.API(d.ProcSec), e.API(d.JusticeSec), e.API(d.Leader)
	agencyA, agencyB := e.API(d.AgencyAMember), e.API(d.AgencyBMember)
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "疑难案件会商", mStart, mEnd)
	body["co_unit_ids"] = []int64{d.Justice.ID}
	body["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
	m := e.CreateMeeting(proc, body)
	p := webtest.MeetingPath(m, "")
	wantStatus(t, proc.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "案情通报", "duration_minutes": 30}), 201)
	bad := func(status int, code string, f func() webtest.Response) {
		t.Helper()
		unchanged(t, e, proc, m, status, code, f)
	}
	patch := func(b any) func() webtest.Response { return func() webtest.Response { return proc.Do("PATCH", p, b) } }

	t.Run("meeting fields", func(t *testing.T) {
		bad(422, "meeting.end_before_start", patch(map[string]any{"end": mAt(0, 9, 0), "version": 1}))
		bad(422, "meeting.too_long", patch(map[string]any{"end": mAt(1, 9, 31), "version": 1}))
		bad(422, "meeting.room_unknown", patch(map[string]any{"room_id": 987654, "version": 1}))
		bad(422, "meeting.rrule_unbounded", patch(map[string]any{"rrule": "FREQ=MONTHLY", "version": 1}))
		bad(422, "meeting.rrule_invalid", patch(map[string]any{"rrule": "FREQ=MONTHLY;COUNT=x", "version": 1}))
		bad(422, "meeting.rrule_invalid", patch(map[string]any{"rrule": "FREQ=WEEKLY;COUNT=2;UNTIL=20270101T000000Z", "version": 1}))
		bad(409, "stale_version", patch(map[string]any{"title": "晚到的修改", "version": 7}))
		bad(400, "malformed.json", patch(`{"title": "缺右括号", "version": 1`))
		bad(400, "malformed.unknown_field", patch(map[string]any{"colour": "red", "version": 1}))
		bad(422, "malformed.type", patch(map[string]any{"title": 5, "version": 1}))
		bad(422, "time_invalid", patch(map[string]any{"start": "明天上午", "version": 1}))
		bad(422, "sensitivity.no_content", patch(map[string]any{"sensitivity": "classified", "version": 1}))
		bad(409, "stale_version", func() webtest.Response {
			return proc.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": "改期", "version": 9})
		})
	})
	t.Run("attendees and answers", func(t *testing.T) {
		bad(409, "meeting.attendee_twice", func() webtest.Response {
			return proc.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.AgencyAMember.ID, "role": "optional"})
		})
		bad(422, "meeting.expert_mode_invalid", func() webtest.Response {
			return proc.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"name": "赵专家", "role": "expert", "expert_mode": "lent"})
		})
		bad(422, "required", func() webtest.Response {
			return proc.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"name": "赵专家", "role": "expert", "expert_mode": "invited"})
		})
		// not invited: a leader sees the meeting (403), an outsider does not (404)
		bad(403, "meeting.not_invited", func() webtest.Response {
			return leader.Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted"})
		})
		bad(404, "not_found", func() webtest.Response {
			return agencyB.Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted"})
		})
		bad(422, "malformed.type", func() webtest.Response {
			return agencyA.Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": true})
		})
	})
	t.Run("creating changes nothing either", func(t *testing.T) {
		for _, c := range []struct {
			change map[string]any
			code   string
		}{
			{map[string]any{"attendee_user_ids": []int64{d.AgencyBMember.ID, d.AgencyBMember.ID}}, "meeting.attendee_twice"},
			{map[string]any{"experts": []map[string]any{{"user_id": d.AgencyAMember.ID, "mode": "sent"}}}, "meeting.attendee_twice"},
			{map[string]any{"experts": []map[string]any{{"name": "王教授", "mode": "invited"}}}, "required"},
			{map[string]any{"start": 20261203}, "malformed.type"},
		} {
			b := webtest.MeetingBody("consultation", d.Procuratorate.ID, "又一次会商", mStart, mEnd)
			b["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
			for k, v := range c.change {
				b[k] = v
			}
			bad(422, c.code, func() webtest.Response { return proc.Post("/api/v1/meetings", b) })
		}
		bad(400, "malformed.json", func() webtest.Response { return proc.Post("/api/v1/meetings", `{"kind":`) })
	})
	t.Run("locked minutes", func(t *testing.T) {
		holdMeetingDay(t, e)
		minutes := map[string]any{"body": "会商意见：建议依法纠正。", "decisions": []map[string]any{{"text": "区人社局限期整改",
			"action_items": []map[string]any{{"title": "整改并反馈", "responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(60)}}}}}
		wantStatus(t, proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), minutes), 200)
		bad(409, "stale_version", func() webtest.Response {
			return proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{"body": "改", "decisions": []any{}, "version": 5})
		})
		bad(422, "malformed.type", func() webtest.Response {
			return proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{"body": "改", "decisions": "none"})
		})
		wantStatus(t, justice.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), 200)
		wantStatus(t, proc.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 200)
		if n := count(t, e, "SELECT COUNT(*) FROM action_items"); n != 1 {
			t.Fatalf("%d action items after confirmation", n)
		}
		bad(409, "meeting.minutes_confirmed", func() webtest.Response { return proc.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil) })
		bad(409, "meeting.minutes_locked", func() webtest.Response {
			return proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{"body": "偷偷修改", "decisions": []any{}})
		})
		bad(409, "meeting.minutes_confirmed", func() webtest.Response { return justice.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil) })
		bad(422, "required", func() webtest.Response {
			return proc.Post(webtest.MeetingPath(m, "/minutes/revisions"), map[string]any{"body": "更正"})
		})
	})
}

func TestMeetingAPI_ClassifiedRefusesContent(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, jm := e.API(d.ProcSec), e.API(d.JusticeMember)
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "涉密会商", mStart, mEnd)
	body["sensitivity"], body["paper_file_holder"] = "classified", "检察院机要室"
	body["attendee_user_ids"] = []int64{d.JusticeMember.ID}
	m := e.CreateMeeting(proc, body)
	bad := func(f func() webtest.Response) {
		t.Helper()
		unchanged(t, e, proc, m, 422, "sensitivity.no_content", f)
	}
	bad(func() webtest.Response {
		return proc.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"description": "案情摘要", "version": 1})
	})
	bad(func() webtest.Response {
		return proc.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "案情分析", "duration_minutes": 30})
	})
	bad(func() webtest.Response {
		return proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{"body": "纪要正文", "decisions": []any{}})
	})
	bad(func() webtest.Response {
		return proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{"body": "", "decisions": []map[string]any{{"text": "决定"}}})
	})
	bad(func() webtest.Response {
		return jm.Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted", "comment": "涉及案情"})
	})
	bad(func() webtest.Response {
		return proc.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": "案情变化"})
	})
	// the register entry itself may be kept: an agenda slot without text
	wantStatus(t, proc.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "", "duration_minutes": 30}), 201)
	var n int
	if err := e.DB.Conn(e.Ctx()).Raw("SELECT COUNT(*) FROM meetings WHERE description <> '' OR findings <> '' OR report <> ''").Scan(&n).Error; err != nil || n != 0 {
		t.Errorf("content stored on a classified meeting: %d %v", n, err)
	}
}

func TestMeetingAPI_OccurrenceBadInput(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "月度例会", mStart, mEnd)
	body["rrule"] = "FREQ=MONTHLY;COUNT=3"
	m := e.CreateMeeting(sec, body)
	move := func(b map[string]any) func() webtest.Response {
		return func() webtest.Response { return sec.Post(webtest.MeetingPath(m, "/occurrences/move"), b) }
	}
	// the second occurrence, a month on (or later: a 31st skips short months)
	r := sec.Get(eventsPath(mDate(0), mDate(99)))
	wantStatus(t, r, http.StatusOK)
	var ev struct {
		Events []struct {
			Start string `json:"start"`
		} `json:"events"`
	}
	r.Decode(t, &ev)
	if len(ev.Events) < 2 {
		t.Fatalf("%d occurrences of a monthly series in 99 days: %s", len(ev.Events), r.Body)
	}
	orig := ev.Events[1].Start
	o, err := time.Parse(time.RFC3339, orig)
	if err != nil {
		t.Fatal(err)
	}
	next := workday.FromTime(o).AddDays(1) // the day after it
	unchanged(t, e, sec, m, 422, "meeting.end_before_start", move(map[string]any{"original_start": orig, "start": webtest.At(next, 10, 0), "end": webtest.At(next, 9, 0)}))
	unchanged(t, e, sec, m, 422, "meeting.too_long", move(map[string]any{"original_start": orig, "start": webtest.At(next, 10, 0), "end": webtest.At(next.AddDays(1), 11, 0)}))
	unchanged(t, e, sec, m, 422, "meeting.occurrence_unknown", move(map[string]any{"original_start": webtest.At(next, 9, 30), "start": webtest.At(next, 10, 0), "end": webtest.At(next, 11, 0)}))
	unchanged(t, e, sec, m, 409, "stale_version", move(map[string]any{"original_start": orig, "start": webtest.At(next, 10, 0), "end": webtest.At(next, 11, 0), "version": 4}))
	unchanged(t, e, sec, m, 400, "malformed.unknown_field", move(map[string]any{"original_start": orig, "when": "later"}))
	unchanged(t, e, sec, m, 422, "time_invalid", move(map[string]any{"original_start": "一月三日", "start": webtest.At(next, 10, 0), "end": webtest.At(next, 11, 0)}))
}
