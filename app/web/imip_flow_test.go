package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/imip"
	"liaison/app/imip/imiptest"
	"liaison/app/web/webtest"
)

// TestIMIP_RoundTrip: invitations go out by mail; the attendees answer from
// Outlook, Gmail, Apple Calendar and Thunderbird (accept, decline,
// tentative, delegate); the replies land in a real IMAP server in the test
// process; two instances of the application on one database poll it at
// once. Each answer changes exactly once (one audit entry each, as the
// RSVP page writes), applied replies move to the processed folder, and a
// forged reply (another sender) and a stale one (an older SEQUENCE) change
// nothing and stay in the inbox, listed for administrators.
func TestIMIP_RoundTrip(t *testing.T) {
	t.Parallel()
	srv := imiptest.Start(t)
	e := webtest.NewWith(t, func(c *config.Config) { c.IMAP = config.IMAP(srv.Config()) })
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "行政检察会商", mStart, mEnd))
	people := []account.User{d.ProcMember, d.JusticeMember, d.AgencyAMember, d.AgencyBMember}
	for _, u := range people {
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u.ID, "role": "required"}), http.StatusCreated)
	}
	reconcile(t, e)
	// The place changes: everyone gets SEQUENCE 1, so an answer to the
	// first invitation is stale.
	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"location": "检察院二楼", "version": getMeeting(t, sec, m).Version}), http.StatusOK)
	reconcile(t, e)
	mails := outbox(t, e, d.ProcMember.Email)
	ics := mails[len(mails)-1].ICS[0]
	uid, seq := icsProp(ics, "UID")[0], icsProp(ics, "SEQUENCE")[0]
	if seq != "1" || !strings.Contains(ics, "RSVP=TRUE") {
		t.Fatalf("with a mailbox configured the invitation asks for answers by mail: seq %s\n%s", seq, ics)
	}
	organizer := icsAddress(icsProp(ics, "ORGANIZER")[0])
	n, _ := strconv.Atoi(seq)
	reply := func(client string, u account.User, partstat string, v imiptest.Values) {
		v.UID, v.PartStat, v.Organizer, v.Title = uid, partstat, organizer, "行政检察会商"
		if v.Attendee == "" {
			v.Attendee = u.Email
		}
		if v.Name == "" {
			v.Name = u.DisplayName
		}
		if v.MessageID == "" {
			v.MessageID = client + "." + u.Username + "@mail.example"
		}
		srv.Deliver(imiptest.Reply(t, client, v))
	}
	reply("outlook", d.ProcMember, "ACCEPTED", imiptest.Values{Sequence: n})
	reply("gmail", d.AgencyAMember, "DECLINED", imiptest.Values{Sequence: n})
	reply("apple", d.AgencyBMember, "TENTATIVE", imiptest.Values{Sequence: n})
	reply("thunderbird", d.JusticeMember, "DELEGATED", imiptest.Values{Sequence: n, DelegateTo: d.JusticeSec.Email})
	// Forged: someone else declines for the member who accepted.
	reply("outlook", d.ProcMember, "DECLINED", imiptest.Values{Sequence: n, From: "mallory@evil.example", MessageID: "forged@evil.example"})
	// Stale: an answer to the first invitation, sent before the change.
	reply("gmail", d.ProcMember, "DECLINED", imiptest.Values{Sequence: n - 1, MessageID: "stale@mail.example"})

	other := e.Sibling()
	instances := []*imip.Service{e.Deps.IMIP, other.Deps.IMIP}
	if instances[0] == nil || instances[1] == nil {
		t.Fatal("with LIAISON_IMAP_ADDR set, each instance reads the mailbox")
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total imip.Stats
	)
	for _, s := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := s.Poll(e.Ctx())
			if err != nil {
				t.Errorf("poll: %v", err)
			}
			mu.Lock()
			total.Applied += st.Applied
			total.Refused += st.Refused
			total.Unmatched += st.Unmatched
			mu.Unlock()
		}()
	}
	wg.Wait()
	// The memory backend's inbox starts with one ordinary mail: unmatched.
	if total.Applied != 4 || total.Refused != 2 || total.Unmatched != 1 {
		var rows []struct{ Sender, Attendee, Partstat, Outcome, Reason string }
		_ = e.DB.Conn(e.Ctx()).Raw(`SELECT sender, attendee, partstat, outcome, reason FROM imip_messages ORDER BY id`).Scan(&rows).Error
		t.Fatalf("two instances polling at once: %+v, want 4 applied, 2 refused, 1 unmatched in all; recorded %+v", total, rows)
	}

	want := map[int64]string{d.ProcMember.ID: "accepted", d.AgencyAMember.ID: "declined", d.AgencyBMember.ID: "tentative",
		d.JusticeMember.ID: "delegated", d.JusticeSec.ID: "pending"}
	got := map[int64]string{}
	for _, a := range getMeeting(t, sec, m).Attendees {
		if a.UserID != nil {
			got[*a.UserID] = a.Answer
		}
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("user %d answered %q, want %q (all: %v)", id, got[id], w, got)
		}
	}
	mid := strconv.FormatInt(int64(m["id"].(float64)), 10)
	var audits []struct{ ActorName, RequestID string }
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT actor_name, request_id FROM audit_log WHERE action = 'meeting.rsvp' AND object_id = ? ORDER BY id`, mid).Scan(&audits).Error; err != nil {
		t.Fatal(err)
	}
	if len(audits) != 4 {
		t.Fatalf("%d meeting.rsvp audit entries, want exactly 4: %+v", len(audits), audits)
	}
	for _, a := range audits {
		if !strings.HasPrefix(a.RequestID, "imip:") {
			t.Errorf("audit entry %+v does not say the answer came by mail", a)
		}
	}
	if in, done := srv.Count("INBOX"), srv.Count("Liaison-Processed"); in != 3 || done != 4 {
		t.Errorf("inbox %d, processed %d; want the 3 not applied left in place and the 4 applied moved", in, done)
	}

	// Polling again applies nothing twice.
	for _, s := range instances {
		st, err := s.Poll(e.Ctx())
		if err != nil || st.Applied+st.Refused+st.Unmatched != 0 {
			t.Errorf("second poll: %+v %v", st, err)
		}
	}

	// Administrators see what was not applied, and why.
	page := e.Browser(d.Admin).Get("/admin/imip")
	wantStatus(t, page, http.StatusOK)
	body := string(page.Body)
	for _, s := range []string{"mallory@evil.example", "发件人不是该参会人", "答复的是旧版本邀请", "不是会议答复"} {
		if !strings.Contains(body, s) {
			t.Errorf("admin page lacks %q", s)
		}
	}
	wantStatus(t, e.Browser(d.OfficeSec).Get("/admin/imip"), http.StatusNotFound)
}

// TestIMIP_NoMailboxNoRSVP: without LIAISON_IMAP_ADDR nobody reads answers
// sent by mail, so invitations ask for none and say how to answer instead.
func TestIMIP_NoMailboxNoRSVP(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "行政检察会商", mStart, mEnd))
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	reconcile(t, e)
	mails := outbox(t, e, d.ProcMember.Email)
	if len(mails) != 1 {
		t.Fatalf("%d mails", len(mails))
	}
	ics, text := strings.ReplaceAll(mails[0].ICS[0], "\r\n ", ""), mails[0].Text
	if strings.Contains(ics, "RSVP=TRUE") || !strings.Contains(ics, "RSVP=FALSE") {
		t.Errorf("no mailbox: the invitation must say RSVP=FALSE\n%s", ics)
	}
	const note = "在日历中直接点“接受”不会被平台记录"
	if !strings.Contains(text, note) {
		t.Errorf("mail body lacks the note on how to answer:\n%s", text)
	}
	desc := strings.Join(icsProp(strings.ReplaceAll(ics, "\r\n ", ""), "DESCRIPTION"), "")
	if !strings.Contains(desc, note) {
		t.Errorf("DESCRIPTION lacks the note: %q", desc)
	}
	inv := e.API(d.ProcMember).Get(strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1))
	wantStatus(t, inv, http.StatusOK)
	if strings.Contains(string(inv.Body), "RSVP=TRUE") {
		t.Errorf("invite.ics asks for an answer by mail that nobody reads")
	}
	page := e.Browser(d.Admin).Get("/admin/imip")
	wantStatus(t, page, http.StatusOK)
	if !strings.Contains(string(page.Body), "LIAISON_IMAP_ADDR") {
		t.Errorf("admin page should say how to configure the mailbox")
	}
}

// icsAddress is the address of a CAL-ADDRESS value.
func icsAddress(v string) string {
	return strings.TrimPrefix(strings.ToLower(v), "mailto:")
}

// TestIMIP_NotApplied: replies that match nothing or may not be applied
// are recorded with their reason, left in the inbox, and change no answer:
// an unknown UID, an address not invited, an answer for one occurrence of
// a series, an unsupported PARTSTAT, a delegation to someone outside the
// unit, and any answer to a cancelled meeting (refused by the meeting
// service, as on the RSVP page).
func TestIMIP_NotApplied(t *testing.T) {
	t.Parallel()
	srv := imiptest.Start(t)
	e := webtest.NewWith(t, func(c *config.Config) { c.IMAP = config.IMAP(srv.Config()) })
	d := e.District()
	sec := e.API(d.OfficeSec)
	series := webtest.MeetingBody("consultation", d.Office.ID, "季度联席会议", mStart, mEnd)
	series["rrule"] = "FREQ=WEEKLY;COUNT=4"
	m := e.CreateMeeting(sec, series)
	c := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "已取消的会商", mStart, mEnd))
	for _, mm := range []map[string]any{m, c} {
		wantStatus(t, sec.Post(webtest.MeetingPath(mm, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	}
	wantStatus(t, sec.Post(webtest.MeetingPath(c, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
	uid, cuid := m["uid"].(string), c["uid"].(string)
	pm := d.ProcMember.Email
	send := func(client, id, uid, attendee, partstat string, v imiptest.Values) {
		v.UID, v.Attendee, v.PartStat, v.MessageID, v.Organizer, v.Name, v.Title = uid, attendee, partstat, id, "liaison@localhost", "x", "t"
		srv.Deliver(imiptest.Reply(t, client, v))
	}
	send("gmail", "unknown@x", "no-such-meeting@liaison", pm, "ACCEPTED", imiptest.Values{})
	send("apple", "stranger@x", uid, "stranger@other.example", "ACCEPTED", imiptest.Values{})
	send("outlook", "occurrence@x", uid, pm, "DECLINED", imiptest.Values{RecurrenceID: "20261217T093000"})
	send("thunderbird", "needs-action@x", uid, pm, "NEEDS-ACTION", imiptest.Values{})
	send("thunderbird", "delegate@x", uid, pm, "DELEGATED", imiptest.Values{DelegateTo: d.JusticeSec.Email})
	// Up to date with the cancellation, so it is the meeting service that refuses it.
	send("gmail", "cancelled@x", cuid, pm, "ACCEPTED", imiptest.Values{Sequence: getMeeting(t, sec, c).Sequence})

	// The receiving server marked the From domain as failing DMARC.
	forged := imiptest.Reply(t, "gmail", imiptest.Values{UID: uid, Attendee: pm, PartStat: "ACCEPTED", MessageID: "dmarc@x",
		Organizer: "liaison@localhost", Name: "x", Title: "t"})
	srv.Deliver(append([]byte("Authentication-Results: mx.liaison.test; spf=fail smtp.mailfrom=test.example; dmarc=fail (p=REJECT) header.from=test.example\r\n"), forged...))

	st, err := e.Deps.IMIP.Poll(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	if st.Applied != 0 {
		t.Errorf("applied %d", st.Applied)
	}
	var rows []struct{ ClaimKey, Outcome, Reason string }
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT claim_key, outcome, reason FROM imip_messages ORDER BY id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.ClaimKey] = r.Outcome + " " + r.Reason
	}
	for key, want := range map[string]string{
		"mid:unknown@x":      "unmatched imip.reason.unknown_meeting",
		"mid:stranger@x":     "refused imip.reason.not_invited",
		"mid:occurrence@x":   "unmatched imip.reason.occurrence",
		"mid:needs-action@x": "refused imip.reason.partstat",
		"mid:delegate@x":     "refused imip.reason.delegate_unknown",
		"mid:cancelled@x":    "refused meeting.cancelled",
		"mid:dmarc@x":        "refused imip.reason.dmarc_fail",
	} {
		if got[key] != want {
			t.Errorf("%s: %q, want %q", key, got[key], want)
		}
	}
	if n := srv.Count("INBOX"); n != 8 {
		t.Errorf("inbox holds %d, want all 8 left in place", n)
	}
	for _, mm := range []map[string]any{m, c} {
		for _, a := range getMeeting(t, sec, mm).Attendees {
			if a.Answer != "pending" {
				t.Errorf("%s: %s answered %s", mm["title"], a.Name, a.Answer)
			}
		}
	}
}
