package web_test

import (
	"fmt"
	"net/url"

	"liaison/app/web/webtest"
)

// receipts: 回执 (issue 20 item 3): a unit's secretary answers for its
// invited person.
func (f *acFlow) receipts() {
	d := f.d
	sec := f.e.API(d.OfficeSec)
	body := webtest.MeetingBody("consultation", d.Office.ID, "会商（代为回执）", acTime(14, 9), acTime(14, 11))
	body["attendee_user_ids"] = []int64{d.ProcMember.ID}
	id := f.id(sec.Post("/api/v1/meetings", body))
	path := fmt.Sprintf("/api/v1/meetings/%d", id)
	var aid int64
	for _, a := range sec.Get(path).JSON(f.t)["attendees"].([]any) {
		if x := a.(map[string]any); x["user_id"] == float64(d.ProcMember.ID) {
			aid = int64(x["id"].(float64))
		}
	}
	f.do(f.e.API(d.ProcSec), d.ProcSec, "POST /api/v1/meetings/:id/attendees/:aid/rsvp", fmt.Sprintf("%s/attendees/%d/rsvp", path, aid),
		map[string]any{"answer": "declined", "comment": "外出办案"},
		acWant{action: "meeting.rsvp", objType: "meeting", objID: id, changed: []string{"answer", "comment", "answered_at"}})
	// the meeting page's 本单位回执: the liaison changes the answer
	f.do(f.e.Browser(d.ProcMember), d.ProcMember, "POST /meetings/:id/attendees/:aid/rsvp", fmt.Sprintf("/meetings/%d/attendees/%d/rsvp", id, aid),
		url.Values{"answer": {"accepted"}},
		acWant{action: "meeting.rsvp", objType: "meeting", objID: id, changed: []string{"answer", "comment", "answered_at"}})
}
