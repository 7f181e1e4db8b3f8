package web_test

import (
	"testing"

	"liaison/app/web/webtest"
)

// TestMeetingAPI_CheckInGuessing: the six-digit self check-in code cannot
// be brute-forced: after ten wrong codes even the right one is refused
// (429) for that attendee, while another attendee is unaffected.
func TestMeetingAPI_CheckInGuessing(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	m := e.CreateMeeting(proc, webtest.MeetingBody("consultation", d.Procuratorate.ID, "签到码防猜测", mAt(0, 9, 0), mAt(0, 10, 0)))
	for _, u := range []int64{d.AgencyAMember.ID, d.AgencyBMember.ID} {
		wantStatus(t, proc.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u, "role": "required"}), 201)
	}
	code := getMeeting(t, proc, m).CheckInCode
	holdMeetingDay(t, e)
	guesser := e.API(d.AgencyAMember)
	for range 10 {
		wantError(t, guesser.Post(webtest.MeetingPath(m, "/check-in"), map[string]any{"code": "000000x"}), 422, "meeting.check_in_code_wrong")
	}
	wantError(t, guesser.Post(webtest.MeetingPath(m, "/check-in"), map[string]any{"code": code}), 429, "meeting.check_in_throttled")
	found := false
	for _, a := range getMeeting(t, proc, m).Attendees {
		if a.UserID != nil && *a.UserID == d.AgencyAMember.ID {
			found = true
			if a.CheckedInAt != nil {
				t.Errorf("the throttled attendee was checked in")
			}
		}
	}
	if !found {
		t.Fatal("attendee missing")
	}
	r := e.API(d.AgencyBMember).Post(webtest.MeetingPath(m, "/check-in"), map[string]any{"code": code})
	wantStatus(t, r, 200)
}
