package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/i18n"
	"liaison/app/web/webtest"
)

type bookingJSON struct {
	Start     string `json:"start"`
	MeetingID int64  `json:"meeting_id"`
	Title     string `json:"title"`
	Busy      bool   `json:"busy"`
}

// TestRooms_AdminPage: administrators add, change (at the version read)
// and remove rooms on their page; the booking rule is set there.
func TestRooms_AdminPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.Admin)
	if r := b.PostForm("/admin/rooms", url.Values{"name": {" "}, "capacity": {"10"}}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a room without a name: %d", r.Status)
	}
	if r := b.PostForm("/admin/rooms", url.Values{"name": {"二楼小会议室"}, "address": {"区检察院二楼"}, "capacity": {"12"}, "exclusive": {"true"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", r.Status, r.Body)
	}
	id := count(t, e, `SELECT id FROM rooms WHERE name = ? AND exclusive = ?`, "二楼小会议室", true)
	if id == 0 {
		t.Fatal("the room was not saved as exclusive")
	}
	page := string(b.Get("/admin/rooms").Body)
	for _, want := range []string{"二楼小会议室", "区检察院二楼", "12 人", "禁止重复预订", fmt.Sprintf(`href="/rooms/%d"`, id)} {
		if !strings.Contains(page, want) {
			t.Errorf("the rooms page lacks %q", want)
		}
	}
	edit := string(b.Get(fmt.Sprintf("/admin/rooms?edit=%d", id)).Body)
	if !strings.Contains(edit, fmt.Sprintf(`action="/admin/rooms/%d/edit"`, id)) || !strings.Contains(edit, `value="二楼小会议室"`) || !strings.Contains(edit, `name="version" value="1"`) {
		t.Errorf("the edit form is not prefilled")
	}
	form := url.Values{"name": {"二楼小会议室"}, "capacity": {"16"}, "exclusive": {"false"}, "active": {"true"}, "version": {"1"}}
	if r := b.PostForm(fmt.Sprintf("/admin/rooms/%d/edit", id), form); r.Status != http.StatusSeeOther {
		t.Fatalf("change: %d", r.Status)
	}
	if r := b.PostForm(fmt.Sprintf("/admin/rooms/%d/edit", id), form); r.Status != http.StatusConflict {
		t.Errorf("a stale form: %d", r.Status)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM rooms WHERE id = ? AND capacity = 16 AND exclusive = ? AND version = 2`, id, false); n != 1 {
		t.Errorf("the room was not changed once")
	}
	if r := e.Browser(d.ProcSec).Get("/admin/rooms"); r.Status != http.StatusNotFound {
		t.Errorf("a secretary opens the rooms page: %d", r.Status)
	}
	if r := b.PostForm(fmt.Sprintf("/admin/rooms/%d/remove", id), url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.Status)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM rooms WHERE id = ?`, id); n != 0 {
		t.Errorf("an unused room was not deleted")
	}
}

// TestRooms_Calendar: a room's calendar lists every booking day by day,
// each occurrence of a series on its own; a meeting the viewer may not
// see is busy time without title or link, and a sensitive one shows no
// title.
func TestRooms_Calendar(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	room := azID(t, azCreated(t, e.API(d.Admin).Post("/api/v1/rooms", map[string]any{"name": "第一会议室", "capacity": 30})))
	open := webtest.MeetingBody("joint_meeting", d.Office.ID, "季度联席会议", mStart, mEnd)
	open["room_id"], open["rrule"] = room, "FREQ=WEEKLY;COUNT=3"
	series := e.CreateMeeting(e.API(d.OfficeSec), open)
	hidden := webtest.MeetingBody("consultation", d.Procuratorate.ID, "内部会商不公开", mAt(1, 14, 0), mAt(1, 15, 0))
	hidden["room_id"], hidden["sensitivity"] = room, "sensitive"
	secret := e.CreateMeeting(e.API(d.ProcSec), hidden)

	viewer := e.API(d.AgencyAMember)
	if r := viewer.Get(fmt.Sprintf("/api/v1/meetings/%v", secret["id"])); r.Status != http.StatusNotFound {
		t.Fatalf("the fixture wants a meeting agency A cannot see: %d", r.Status)
	}
	from, to := mDay.String(), mDay.AddDays(21).String()
	bookings := func(c *webtest.Client) []bookingJSON {
		var got struct{ Items []bookingJSON }
		c.Get(fmt.Sprintf("/api/v1/rooms/%d/bookings?from=%s&to=%s", room, from, to)).Decode(t, &got)
		if len(got.Items) != 4 {
			t.Fatalf("bookings %+v, want 3 occurrences and the consultation", got.Items)
		}
		return got.Items
	}
	for _, b := range bookings(viewer) { // agency A is invited to neither
		if !b.Busy || b.MeetingID != 0 || b.Title != "" {
			t.Errorf("a meeting agency A may not see is named: %+v", b)
		}
	}
	seriesID, secretID := int64(series["id"].(float64)), int64(secret["id"].(float64))
	for _, b := range bookings(e.API(d.ProcSec)) { // invited to the series, convener of the consultation
		switch {
		case b.Busy:
			t.Errorf("the procuratorate sees both meetings: %+v", b)
		case b.MeetingID == secretID && b.Title != "":
			t.Errorf("a sensitive meeting's title in the room calendar: %+v", b)
		case b.MeetingID != secretID && (b.MeetingID != seriesID || b.Title != "季度联席会议"):
			t.Errorf("an occurrence of the series: %+v", b)
		}
	}
	if r := viewer.Get(fmt.Sprintf("/api/v1/rooms/%d/bookings?from=%s&to=%s", room, to, from)); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a window backwards: %d", r.Status)
	}

	path := fmt.Sprintf("/rooms/%d?from=%s", room, mDay.String())
	page := e.Browser(d.ProcSec).Get(path)
	body := string(page.Body)
	if page.Status != http.StatusOK || !strings.Contains(body, "第一会议室日程") || strings.Contains(body, "内部会商不公开") {
		t.Fatalf("the calendar page: %d", page.Status)
	}
	if n := strings.Count(body, fmt.Sprintf(`href="/meetings/%d"`, seriesID)); n != 2 {
		t.Errorf("%d links to the series in two weeks, want 2", n)
	}
	if !strings.Contains(body, fmt.Sprintf(`href="/meetings/%d">已预订`, secretID)) || !strings.Contains(body, "空闲") ||
		!strings.Contains(body, i18n.Day(i18n.ZH, mDay.Year, mDay.Month, mDay.Day, true)) {
		t.Errorf("the calendar page lacks the untitled booking, free days or days written out")
	}
	if other := string(e.Browser(d.AgencyAMember).Get(path).Body); strings.Contains(other, `href="/meetings/`) || strings.Count(other, "已预订") < 3 {
		t.Errorf("agency A's view of the calendar names meetings")
	}
	if r := e.Browser(d.AgencyAMember).Get(fmt.Sprintf("/rooms/%d?from=2026-13-01", room)); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a bad day: %d", r.Status)
	}
	// The meeting page links its room to the calendar.
	if !strings.Contains(string(e.Browser(d.OfficeSec).Get(fmt.Sprintf("/meetings/%v", series["id"])).Body), fmt.Sprintf(`href="/rooms/%d"`, room)) {
		t.Errorf("the meeting page does not link its room's calendar")
	}
}
