package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/page"
	"liaison/app/web/webtest"
)

// In a district with more users than a page (page.MaxLimit), the meeting
// page still offers everyone: an editor can invite the last user made, and
// an invitee can delegate to a colleague whose id comes after the first page.
func TestMeetingPage_PickersReachEveryone(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	crowd := e.Unit("区综合行政执法局", account.KindAgency)
	for i := range page.MaxLimit + 10 {
		e.User(fmt.Sprintf("crowd%03d", i), crowd, account.RoleMember)
	}
	forest := e.Unit("区林业局", account.KindAgency)
	invitee := e.User("forest.liaison", forest, account.RoleMember)
	colleague := e.User("forest.deputy", forest, account.RoleMember)

	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议：林业执法", mStart, mEnd))
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": invitee.ID, "role": "required"}), http.StatusCreated)
	path := fmt.Sprintf("/meetings/%v", m["id"])

	option := func(u account.User) string { return fmt.Sprintf(`<option value="%d"`, u.ID) }
	editor := string(e.Browser(d.OfficeSec).Get(path).Body)
	if !strings.Contains(editor, option(colleague)) {
		t.Errorf("the editor's attendee picker lacks user %d (after %d others)", colleague.ID, page.MaxLimit+10)
	}
	mine := e.Browser(invitee).Get(path)
	wantStatus(t, mine, http.StatusOK)
	if !strings.Contains(string(mine.Body), option(colleague)) {
		t.Errorf("the invitee cannot delegate to a colleague (user %d)", colleague.ID)
	}
	if strings.Contains(string(mine.Body), option(e.User("crowd000", crowd, account.RoleMember))) {
		t.Error("the invitee's delegate picker offers another unit's people")
	}
}
