package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/calendar/icstest"
	"liaison/app/web/webtest"
)

func reconcile(t *testing.T, e *webtest.Env) int {
	t.Helper()
	n, err := e.Deps.Subscribe.Reconcile(e.Ctx())
	if err != nil {
		t.Fatalf("reconcile: %v", err)
	}
	return n
}

// TestInvitations follows one meeting from scheduling through a move, an
// attendee's removal and the cancellation, and checks that UID and SEQUENCE
// agree in invite.ics, the feed and every mail.
func TestInvitations(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "行政检察会商", mStart, mEnd))
	uid := m["uid"].(string)
	add := func(userID int64) {
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": userID, "role": "required"}), http.StatusCreated)
	}
	add(d.ProcMember.ID)
	add(d.JusticeMember.ID)
	member := e.API(d.ProcMember)
	invitePath := strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1)
	furl, _ := myFeed(t, member)
	fpath := feedPath(t, furl)
	pm, jm := d.ProcMember.Email, d.JusticeMember.Email

	check := func(seq string, mails int, method string) outboxMail {
		t.Helper()
		got := outbox(t, e, pm)
		if len(got) != mails {
			t.Fatalf("%d mails to %s, want %d: %+v", len(got), pm, mails, got)
		}
		last := got[len(got)-1]
		if len(last.ICS) != 2 || last.ICS[0] != last.ICS[1] {
			t.Fatalf("mail must carry the calendar inline and as invite.ics, identical: %d parts", len(last.ICS))
		}
		icstest.Check(t, []byte(last.ICS[0]), icstest.Invite)
		if icsProp(last.ICS[0], "UID")[0] != uid || icsProp(last.ICS[0], "SEQUENCE")[0] != seq || icsProp(last.ICS[0], "METHOD")[0] != method {
			t.Errorf("mail ics: uid %v seq %v method %v, want %s %s %s", icsProp(last.ICS[0], "UID"), icsProp(last.ICS[0], "SEQUENCE"), icsProp(last.ICS[0], "METHOD"), uid, seq, method)
		}
		inv := member.Get(invitePath)
		wantStatus(t, inv, http.StatusOK)
		icstest.Check(t, inv.Body, icstest.Invite)
		if icsProp(string(inv.Body), "UID")[0] != uid || icsProp(string(inv.Body), "SEQUENCE")[0] != seq {
			t.Errorf("invite.ics seq %v want %s", icsProp(string(inv.Body), "SEQUENCE"), seq)
		}
		return last
	}

	t.Run("scheduled: REQUEST with sequence 0 and RSVP links", func(t *testing.T) {
		if n := reconcile(t, e); n != 2 {
			t.Errorf("reconcile sent %d, want 2", n)
		}
		if n := reconcile(t, e); n != 0 {
			t.Errorf("second reconcile sent %d", n)
		}
		wantStatus(t, e.API(d.ProcSec).Post("/api/v1/admin/invitations/reconcile", nil), http.StatusNotFound)
		r := e.API(d.Admin).Post("/api/v1/admin/invitations/reconcile", nil)
		wantStatus(t, r, http.StatusOK)
		if q := r.JSON(t)["queued"]; q != 0.0 {
			t.Errorf("on-demand run queued %v", q)
		}
		last := check("0", 1, "REQUEST")
		if !strings.Contains(last.Subject, "行政检察会商") || len(rsvpLinkRE.FindAllString(last.Text, -1)) != 2 {
			t.Errorf("subject %q text %q", last.Subject, last.Text)
		}
		feed := e.Anon().Get(fpath)
		if icsProp(string(feed.Body), "UID")[0] != uid || icsProp(string(feed.Body), "SEQUENCE")[0] != "0" {
			t.Errorf("feed: %s", feed.Body)
		}
	})

	t.Run("moved: REQUEST with sequence 1", func(t *testing.T) {
		wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"location": "检察院二楼", "version": getMeeting(t, sec, m).Version}), http.StatusOK)
		reconcile(t, e)
		last := check("1", 2, "REQUEST")
		if !strings.Contains(last.Subject, "变更") {
			t.Errorf("update subject %q", last.Subject)
		}
		feed := string(e.Anon().Get(fpath).Body)
		if icsProp(feed, "SEQUENCE")[0] != "1" || icsProp(feed, "UID")[0] != uid {
			t.Errorf("feed sequence %v", icsProp(feed, "SEQUENCE"))
		}
	})

	t.Run("removed attendee gets a CANCEL newer than their invitation", func(t *testing.T) {
		det := getMeeting(t, sec, m)
		var aid int64
		for _, a := range det.Attendees {
			if a.UserID != nil && *a.UserID == d.JusticeMember.ID {
				aid = a.ID
			}
		}
		wantStatus(t, sec.Do("DELETE", webtest.MeetingPath(m, "/attendees/")+itoa(aid), nil), http.StatusNoContent)
		reconcile(t, e)
		got := outbox(t, e, jm)
		if len(got) != 3 {
			t.Fatalf("%d mails to the removed attendee: %+v", len(got), got)
		}
		c := got[2]
		icstest.Check(t, []byte(c.ICS[0]), icstest.Invite)
		if icsProp(c.ICS[0], "METHOD")[0] != "CANCEL" || icsProp(c.ICS[0], "UID")[0] != uid {
			t.Errorf("removal mail:\n%s", c.ICS[0])
		}
		if att := icsProp(c.ICS[0], "ATTENDEE"); len(att) != 1 || !strings.Contains(att[0], jm) {
			t.Errorf("removal CANCEL attendees %v", att)
		}
		// Outlook ignores a CANCEL whose SEQUENCE is not above the
		// REQUEST it holds (1): the removal raises the published SEQUENCE.
		if s := icsProp(c.ICS[0], "SEQUENCE")[0]; s != "2" || *c.Sequence != 2 {
			t.Errorf("removal CANCEL sequence %s (outbox %d), want 2", s, *c.Sequence)
		}
		if s := icsProp(string(member.Get(invitePath).Body), "SEQUENCE")[0]; s != "2" {
			t.Errorf("invite.ics sequence %s after the removal, want 2 (never below what anyone holds)", s)
		}
		if s := icsProp(string(e.Anon().Get(fpath).Body), "SEQUENCE")[0]; s != "2" {
			t.Errorf("feed sequence %s after the removal, want 2", s)
		}
		if len(outbox(t, e, pm)) != 2 {
			t.Error("the remaining attendee got mail for someone else's removal")
		}
	})

	t.Run("cancelled: CANCEL with the next sequence (3), gone from the feed", func(t *testing.T) {
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
		reconcile(t, e)
		last := check("3", 3, "CANCEL")
		if icsProp(last.ICS[0], "STATUS")[0] != "CANCELLED" {
			t.Error("cancel without STATUS:CANCELLED")
		}
		if len(outbox(t, e, jm)) != 3 {
			t.Error("the removed attendee got the cancellation")
		}
		if strings.Contains(string(e.Anon().Get(fpath).Body), uid) {
			t.Error("cancelled meeting still in feed")
		}
		var seqs []int
		for _, o := range outbox(t, e, pm) {
			seqs = append(seqs, *o.Sequence)
		}
		if len(seqs) != 3 || seqs[0] != 0 || seqs[1] != 1 || seqs[2] != 3 {
			t.Errorf("outbox sequences %v", seqs)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestInvitations_SensitiveMailIsNeutral(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	for _, sens := range []string{"sensitive", "classified"} {
		body := webtest.MeetingBody("consultation", d.Office.ID, "内部专题"+sens, mStart, mEnd)
		body["sensitivity"], body["location"] = sens, "" // a place is content
		m := e.CreateMeeting(sec, body)
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcSec.ID, "role": "required"}), http.StatusCreated)
	}
	reconcile(t, e)
	got := outbox(t, e, d.ProcSec.Email)
	if len(got) != 2 {
		t.Fatalf("%d mails", len(got))
	}
	for _, o := range got {
		if strings.Contains(o.Subject+o.Text, "内部专题") || strings.Contains(o.Subject+o.Text, "机要室") {
			t.Errorf("sensitive content in mail: %q %q", o.Subject, o.Text)
		}
		// The calendar part shows no more than the body: no title, place,
		// link, description or attendee names.
		icstest.Check(t, []byte(o.ICS[0]), icstest.Neutral)
		if strings.Contains(o.ICS[0], "内部专题") || strings.Contains(o.ICS[0], "CN=") && !strings.Contains(o.ICS[0], "ORGANIZER;CN=") {
			t.Errorf("calendar part says more than the neutral body:\n%s", o.ICS[0])
		}
	}
}

// TestInvitations_Race reconciles from two instances at once: every
// invitation is recorded once.
func TestInvitations_Race(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	for i := 0; i < 3; i++ {
		m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商", mStart, mEnd))
		for _, u := range []int64{d.ProcMember.ID, d.JusticeMember.ID, d.AgencyAMember.ID} {
			wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u, "role": "required"}), http.StatusCreated)
		}
	}
	other := e.Sibling()
	var wg sync.WaitGroup
	for _, env := range []*webtest.Env{e, other, e, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := env.Deps.Subscribe.Reconcile(env.Ctx()); err != nil {
				t.Errorf("reconcile: %v", err)
			}
		}()
	}
	wg.Wait()
	for _, u := range []string{d.ProcMember.Email, d.JusticeMember.Email, d.AgencyAMember.Email} {
		if n := len(outbox(t, e, u)); n != 3 {
			t.Errorf("%s: %d mails, want 3", u, n)
		}
	}
}

func TestRSVPLinks(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商研判", mStart, mEnd))
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	reconcile(t, e)
	mails := outbox(t, e, d.ProcMember.Email)
	if len(mails) != 1 {
		t.Fatalf("%d mails", len(mails))
	}
	links := rsvpLinkRE.FindAllString(mails[0].Text, -1)
	if len(links) != 2 {
		t.Fatalf("links %v in %q", links, mails[0].Text)
	}
	accept, decline := links[0], links[1]
	answer := func() string {
		for _, a := range getMeeting(t, sec, m).Attendees {
			if a.UserID != nil && *a.UserID == d.ProcMember.ID {
				return a.Answer
			}
		}
		return ""
	}

	t.Run("tampered is 404", func(t *testing.T) {
		b := e.NewBrowser()
		bad := accept[:len(accept)-2] + "xx"
		wantStatus(t, b.Get(bad), http.StatusNotFound)
		parts := strings.SplitN(strings.TrimPrefix(accept, "/rsvp/"), ".", 2)
		wantStatus(t, b.Get("/rsvp/99999."+parts[1]), http.StatusNotFound)
		wantStatus(t, b.Get(strings.Replace(accept, ".a.", ".d.", 1)), http.StatusNotFound)
		if answer() != "pending" {
			t.Error("tampered link changed the answer")
		}
	})

	t.Run("accept works once without signing in", func(t *testing.T) {
		b := e.NewBrowser()
		r := b.Get(accept)
		wantStatus(t, r, http.StatusOK)
		if answer() != "pending" {
			t.Fatal("GET changed the answer")
		}
		r = b.PostForm(accept, url.Values{})
		wantStatus(t, r, http.StatusOK)
		if answer() != "accepted" {
			t.Fatalf("answer %q after accepting", answer())
		}
		r = b.PostForm(accept, url.Values{})
		wantStatus(t, r, http.StatusGone)
		if !strings.Contains(string(r.Body), "已经使用过") {
			t.Errorf("reuse page: %s", r.Body)
		}
		r = e.NewBrowser().Get(decline)
		wantStatus(t, r, http.StatusGone)
		wantStatus(t, b.PostForm(decline, url.Values{}), http.StatusGone)
		if answer() != "accepted" {
			t.Error("a used mail's decline link changed the answer")
		}
	})

	t.Run("expired link", func(t *testing.T) {
		acc, _, err := e.Deps.Subscribe.RSVPTokens(e.Ctx(), int64(m["id"].(float64)), d.ProcMember.ID, e.Clock.Now().Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		b := e.NewBrowser()
		r := b.Get("/rsvp/" + acc)
		wantStatus(t, r, http.StatusGone)
		if !strings.Contains(string(r.Body), "已过期") {
			t.Errorf("expired page: %s", r.Body)
		}
		_, dec, _ := e.Deps.Subscribe.RSVPTokens(e.Ctx(), int64(m["id"].(float64)), d.ProcMember.ID, e.Clock.Now().Add(-time.Minute))
		wantStatus(t, e.NewBrowser().PostForm("/rsvp/"+dec, url.Values{}), http.StatusGone)
		if answer() != "accepted" {
			t.Error("expired link changed the answer")
		}
	})
}
