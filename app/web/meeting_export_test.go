package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/xuri/excelize/v2"

	"liaison/app/web/webtest"
)

func TestMeetingAttendanceExport(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.ProcSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Procuratorate.ID, "签到表导出", mStart, mEnd))
	for _, u := range []int64{d.JusticeMember.ID, d.AgencyAMember.ID} {
		if r := sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u, "role": "required"}); r.Status != http.StatusCreated {
			t.Fatalf("attendee: %d %s", r.Status, r.Body)
		}
	}
	if r := e.API(d.JusticeMember).Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted"}); r.Status != http.StatusOK {
		t.Fatalf("rsvp: %d %s", r.Status, r.Body)
	}
	path := fmt.Sprintf("/meetings/%v/attendance.xlsx", m["id"])

	r := e.Browser(d.ProcSec).Get(path)
	if r.Status != http.StatusOK {
		t.Fatalf("export: %d %s", r.Status, r.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 || rows[0][0] != "序号" || rows[0][1] != "姓名" {
		t.Fatalf("rows %q", rows)
	}
	found := false
	for _, row := range rows[1:] {
		if len(row) > 4 && row[1] == "justice.member" {
			found = row[2] == "区司法局" && row[3] == "参会" && row[4] == "参加" // as the meeting page says (issue 17: the sheet said 接受)
		}
	}
	if !found {
		t.Fatalf("justice.member's row missing or wrong: %q", rows)
	}
	if r := e.Browser(d.ProcSec).Get(fmt.Sprintf("/meetings/%v/attendance.csv", m["id"])); r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("\xef\xbb\xbf")) {
		t.Fatalf("csv: %d %q", r.Status, r.Body[:min(len(r.Body), 20)])
	}
	// Someone the meeting does not concern gets 404, as on the page.
	if r := e.Browser(d.AgencyBMember).Get(path); r.Status != http.StatusNotFound {
		t.Fatalf("other unit: %d", r.Status)
	}
}
