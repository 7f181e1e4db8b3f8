package web_test

import (
	"net/http"
	"strings"
	"testing"

	"liaison/app/calendar/icstest"
	"liaison/app/web/webtest"
)

// TestFeedSeries: a weekly series with one occurrence moved and one
// cancelled appears in the feed, invite.ics and the mail with EXDATE and
// RECURRENCE-ID, all valid.
func TestFeedSeries(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	body := webtest.MeetingBody("consultation", d.Office.ID, "每周会商", mStart, mEnd)
	body["rrule"] = "FREQ=WEEKLY;COUNT=4"
	m := e.CreateMeeting(sec, body)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/occurrences/cancel"), map[string]any{"original_start": mAt(7, 9, 30)}), http.StatusOK)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/occurrences/move"), map[string]any{"original_start": mAt(14, 9, 30),
		"start": mAt(15, 14, 0), "end": mAt(15, 16, 0)}), http.StatusOK)
	reconcile(t, e)

	url, _ := myFeed(t, e.API(d.ProcMember))
	feed := e.Anon().Get(feedPath(t, url))
	wantStatus(t, feed, http.StatusOK)
	icstest.Check(t, feed.Body, icstest.Feed)
	inv := e.API(d.ProcMember).Get(strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1))
	wantStatus(t, inv, http.StatusOK)
	icstest.Check(t, inv.Body, icstest.Invite)
	mails := outbox(t, e, d.ProcMember.Email)
	if len(mails) != 1 {
		t.Fatalf("%d mails", len(mails))
	}
	icstest.Check(t, []byte(mails[0].ICS[0]), icstest.Invite)
	for name, b := range map[string]string{"feed": string(feed.Body), "invite": string(inv.Body), "mail": mails[0].ICS[0]} {
		if got := icsProp(b, "EXDATE"); len(got) != 1 || got[0] != icsDate(mDay.AddDays(7))+"T093000" {
			t.Errorf("%s EXDATE %v", name, got)
		}
		if got := icsProp(b, "RECURRENCE-ID"); len(got) != 1 || got[0] != icsDate(mDay.AddDays(14))+"T093000" {
			t.Errorf("%s RECURRENCE-ID %v", name, got)
		}
		if got := icsProp(b, "SEQUENCE"); len(got) != 2 || got[0] != "2" {
			t.Errorf("%s SEQUENCE %v", name, got)
		}
	}
}
