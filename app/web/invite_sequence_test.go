package web_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"liaison/app/calendar/icstest"
	"liaison/app/web/webtest"
)

// seqOf returns the SEQUENCE of the VEVENT in an ICS body (the first one:
// the master of a series), failing when there is none.
func seqOf(t *testing.T, body string) int {
	t.Helper()
	v := icsProp(body, "SEQUENCE")
	if len(v) == 0 {
		t.Fatalf("no SEQUENCE in\n%s", body)
	}
	n, err := strconv.Atoi(v[0])
	if err != nil {
		t.Fatalf("SEQUENCE %q", v[0])
	}
	return n
}

// attendeeID returns the attendee row of user id in meeting m.
func attendeeID(t *testing.T, c *webtest.Client, m map[string]any, userID int64) int64 {
	t.Helper()
	for _, a := range getMeeting(t, c, m).Attendees {
		if a.UserID != nil && *a.UserID == userID {
			return a.ID
		}
	}
	t.Fatalf("user %d is not an attendee", userID)
	return 0
}

// TestInvitations_SequencePerRecipient follows schedule → move → remove an
// attendee → invite them again → cancel. Every mail to one recipient must
// carry a SEQUENCE strictly above their previous one (clients ignore the
// rest), with one UID and the METHOD the step calls for; invite.ics and the
// feeds publish one SEQUENCE that is never below what anyone holds.
func TestInvitations_SequencePerRecipient(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "行政检察会商（序号）", mStart, mEnd))
	uid := m["uid"].(string)
	for _, u := range []int64{d.ProcMember.ID, d.JusticeMember.ID} {
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u, "role": "required"}), http.StatusCreated)
	}
	pm, jm := d.ProcMember.Email, d.JusticeMember.Email
	invitePath := strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1)
	pmURL, _ := myFeed(t, e.API(d.ProcMember))
	jmURL, _ := myFeed(t, e.API(d.JusticeMember))
	pmFeed, jmFeed := feedPath(t, pmURL), feedPath(t, jmURL)

	type step struct{ method string } // a mail a recipient got: its METHOD
	held := map[string]int{pm: -1, jm: -1}
	seen := map[string]int{}
	// expect checks the new mails of each recipient since the last step:
	// their METHOD, UID and strictly growing SEQUENCE; it returns the
	// highest SEQUENCE anyone holds.
	expect := func(name string, want map[string][]step) int {
		t.Helper()
		top := -1
		for _, who := range []string{pm, jm} {
			got := outbox(t, e, who)
			fresh := got[seen[who]:]
			if len(fresh) != len(want[who]) {
				t.Fatalf("%s: %d new mails to %s, want %d", name, len(fresh), who, len(want[who]))
			}
			for i, o := range fresh {
				if len(o.ICS) != 2 || o.ICS[0] != o.ICS[1] {
					t.Fatalf("%s: mail must carry the same calendar inline and attached", name)
				}
				ics := o.ICS[0]
				icstest.Check(t, []byte(ics), icstest.Invite)
				s := seqOf(t, ics)
				if got := icsProp(ics, "METHOD")[0]; got != want[who][i].method || icsProp(ics, "UID")[0] != uid {
					t.Errorf("%s: mail to %s is %s for %v, want %s for %s", name, who, got, icsProp(ics, "UID"), want[who][i].method, uid)
				}
				if s <= held[who] {
					t.Errorf("%s: mail to %s has SEQUENCE %d, not above the %d they hold", name, who, s, held[who])
				}
				if o.Sequence == nil || *o.Sequence != s {
					t.Errorf("%s: outbox sequence %v, calendar %d", name, o.Sequence, s)
				}
				held[who] = s
			}
			seen[who] = len(got)
			top = max(top, held[who])
		}
		return top
	}
	// published checks invite.ics (as the secretary and as pm) and the
	// feeds of those still invited: one SEQUENCE, not below what anyone holds.
	published := func(name string, top int, feeds ...string) int {
		t.Helper()
		inv := sec.Get(invitePath)
		wantStatus(t, inv, http.StatusOK)
		icstest.Check(t, inv.Body, icstest.Invite)
		p := seqOf(t, string(inv.Body))
		if p < top {
			t.Errorf("%s: invite.ics SEQUENCE %d is below the %d a recipient holds", name, p, top)
		}
		if q := seqOf(t, string(e.API(d.ProcMember).Get(invitePath).Body)); q != p {
			t.Errorf("%s: invite.ics SEQUENCE %d for one reader, %d for another", name, q, p)
		}
		if q := sec.Get(webtest.MeetingPath(m, "")).JSON(t)["sequence"]; q != float64(p) {
			t.Errorf("%s: the API says sequence %v, calendars %d", name, q, p)
		}
		for _, f := range feeds {
			body := string(e.Anon().Get(f).Body)
			icstest.Check(t, []byte(body), icstest.Feed)
			if !strings.Contains(body, uid) {
				t.Fatalf("%s: meeting missing from feed %s", name, f)
			}
			if q := seqOf(t, body); q != p {
				t.Errorf("%s: feed SEQUENCE %d, invite.ics %d", name, q, p)
			}
		}
		return p
	}
	last := -1
	grows := func(name string, p int) {
		t.Helper()
		if p < last {
			t.Errorf("%s: published SEQUENCE went back from %d to %d", name, last, p)
		}
		last = p
	}
	req, cancel := step{"REQUEST"}, step{"CANCEL"}

	reconcile(t, e)
	top := expect("scheduled", map[string][]step{pm: {req}, jm: {req}})
	grows("scheduled", published("scheduled", top, pmFeed, jmFeed))

	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"location": "检察院二楼", "version": getMeeting(t, sec, m).Version}), http.StatusOK)
	reconcile(t, e)
	top = expect("moved", map[string][]step{pm: {req}, jm: {req}})
	grows("moved", published("moved", top, pmFeed, jmFeed))

	wantStatus(t, sec.Do("DELETE", webtest.MeetingPath(m, "/attendees/")+itoa(attendeeID(t, sec, m, d.JusticeMember.ID)), nil), http.StatusNoContent)
	poller := e.Anon() // a calendar client polls pm's feed before the mail goes out
	r := poller.Get(pmFeed)
	wantStatus(t, r, http.StatusOK)
	poller.Header.Set("If-None-Match", r.Header.Get("ETag"))
	wantStatus(t, poller.Get(pmFeed), http.StatusNotModified)
	reconcile(t, e)
	// The raised SEQUENCE is a change of pm's feed too: no stale 304.
	r = poller.Get(pmFeed)
	wantStatus(t, r, http.StatusOK)
	polled := seqOf(t, string(r.Body))
	top = expect("removed", map[string][]step{jm: {cancel}}) // nobody else is mailed
	grows("removed", published("removed", top, pmFeed))
	if polled != last {
		t.Errorf("re-polled feed SEQUENCE %d, want %d", polled, last)
	}
	if strings.Contains(string(e.Anon().Get(jmFeed).Body), uid) {
		t.Error("removed attendee's feed still has the meeting")
	}

	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.JusticeMember.ID, "role": "required"}), http.StatusCreated)
	reconcile(t, e)
	top = expect("invited again", map[string][]step{jm: {req}})
	grows("invited again", published("invited again", top, pmFeed, jmFeed))
	if n := reconcile(t, e); n != 0 {
		t.Errorf("a second run sent %d mails", n)
	}

	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
	reconcile(t, e)
	top = expect("cancelled", map[string][]step{pm: {cancel}, jm: {cancel}})
	p := published("cancelled", top)
	grows("cancelled", p)
	if p != top {
		t.Errorf("invite.ics of the cancelled meeting has SEQUENCE %d, the CANCEL mails %d", p, top)
	}
	// The secretary is not an attendee: their download is a PUBLISH that
	// says the meeting is off, not an invitation addressed to someone else.
	if b := string(sec.Get(invitePath).Body); !slices.Equal(icsProp(b, "METHOD"), []string{"PUBLISH"}) || !slices.Equal(icsProp(b, "STATUS"), []string{"CANCELLED"}) {
		t.Errorf("invite.ics of a cancelled meeting for a non-attendee:\n%s", b)
	}
	for _, f := range []string{pmFeed, jmFeed} {
		if strings.Contains(string(e.Anon().Get(f).Body), uid) {
			t.Error("cancelled meeting still in a feed")
		}
	}
	if n := reconcile(t, e); n != 0 {
		t.Errorf("a run after the cancellation sent %d mails", n)
	}
}
