package web_test

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"liaison/app/calendar/icstest"
	"liaison/app/web/webtest"
)

// expandICS reads a series as a client does, with go-ical's parser and
// rrule-go (not Liaison's own expansion): the rule's starts, less EXDATEs,
// with each RECURRENCE-ID replaced by its override's start (a cancelled
// override removes it), as "YYYYMMDDTHHMM" in Asia/Shanghai.
func expandICS(t *testing.T, body []byte) []string {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	var starts []time.Time
	moved := map[int64]*time.Time{}
	for _, ev := range cal.Events() {
		start, err := ev.DateTimeStart(sh)
		if err != nil {
			t.Fatal(err)
		}
		if rid := ev.Props.Get("RECURRENCE-ID"); rid != nil {
			at, err := rid.DateTime(sh)
			if err != nil {
				t.Fatal(err)
			}
			s := start
			if p := ev.Props.Get("STATUS"); p != nil && p.Value == "CANCELLED" {
				moved[at.Unix()] = nil
			} else {
				moved[at.Unix()] = &s
			}
			continue
		}
		opt, err := rrule.StrToROptionInLocation(ev.Props.Get("RRULE").Value, sh)
		if err != nil {
			t.Fatal(err)
		}
		opt.Dtstart = start
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatal(err)
		}
		ex := map[int64]bool{}
		for _, p := range ev.Props.Values("EXDATE") {
			at, err := p.DateTime(sh)
			if err != nil {
				t.Fatal(err)
			}
			ex[at.Unix()] = true
		}
		for _, s := range r.All() {
			if !ex[s.Unix()] {
				starts = append(starts, s)
			}
		}
	}
	var out []string
	for _, s := range starts {
		if m, ok := moved[s.Unix()]; ok {
			if m == nil {
				continue
			}
			s = *m
		}
		out = append(out, s.In(sh).Format("20060102T1504"))
	}
	slices.Sort(out)
	return out
}

// TestOccurrenceMessages: cancelling one occurrence sends a CANCEL with its
// RECURRENCE-ID, moving one a REQUEST for it alone, and at every step the
// mail, invite.ics and the feed agree on the occurrences, as go-ical with
// rrule-go, ical.js and libical each expand them (icstest.Readers).
func TestOccurrenceMessages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	body := webtest.MeetingBody("consultation", d.Office.ID, "每周会商（单次）", mStart, mEnd)
	body["rrule"] = "FREQ=WEEKLY;COUNT=4"
	m := e.CreateMeeting(sec, body)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	reconcile(t, e)
	pm := e.API(d.ProcMember)
	invPath := strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1)
	url, _ := myFeed(t, pm)
	fp := feedPath(t, url)
	week := func(n, h int) string {
		return icsDate(mDay.AddDays(7*n)) + "T" + map[int]string{9: "0930", 14: "1400"}[h]
	}

	readers := icstest.Readers(t)
	agree := func(step string, want []string) {
		t.Helper()
		inv, feed := pm.Get(invPath).Body, e.Anon().Get(fp).Body
		icstest.Check(t, inv, icstest.Invite)
		icstest.Check(t, feed, icstest.Feed)
		for name, b := range map[string][]byte{"invite.ics": inv, "feed": feed} {
			if got := expandICS(t, b); !slices.Equal(got, want) {
				t.Errorf("%s: %s expands to %v, want %v", step, name, got, want)
			}
			for _, rd := range readers {
				if got := rd.Read(t, b).Occurrences; !slices.Equal(got, want) {
					t.Errorf("%s: %s expands in %s to %v, want %v", step, name, rd.Name, got, want)
				}
			}
		}
	}
	// oneOccurrence: each independent reader takes msg as a message about
	// the one occurrence that started at rid, now at start with status.
	oneOccurrence := func(msg, method, rid, start, status string) {
		t.Helper()
		for _, rd := range readers {
			p := rd.Read(t, []byte(msg))
			if p.Method != method || len(p.Events) != 1 || p.Events[0].RID != rid || p.Events[0].Start != start ||
				p.Events[0].Status != status || len(p.Occurrences) != 0 {
				t.Errorf("%s reads the %s message as %+v, want one occurrence %s at %s, %s", rd.Name, method, p, rid, start, status)
			}
		}
	}
	agree("invited", []string{week(0, 9), week(1, 9), week(2, 9), week(3, 9)})

	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/occurrences/cancel"), map[string]any{"original_start": mAt(7, 9, 30)}), http.StatusOK)
	reconcile(t, e)
	mails := outbox(t, e, d.ProcMember.Email)
	if len(mails) != 2 {
		t.Fatalf("%d mails after cancelling one occurrence, want 2", len(mails))
	}
	c := mails[1].ICS[0]
	icstest.Check(t, []byte(c), icstest.Invite)
	if !slices.Equal(icsProp(c, "METHOD"), []string{"CANCEL"}) || !slices.Equal(icsProp(c, "RECURRENCE-ID"), []string{week(1, 9) + "00"}) ||
		len(icsProp(c, "RRULE")) != 0 || !slices.Equal(icsProp(c, "STATUS"), []string{"CANCELLED"}) || mails[1].Kind != "cancel" {
		t.Errorf("cancelling one occurrence sent:\n%s", c)
	}
	oneOccurrence(c, "CANCEL", week(1, 9), week(1, 9), "CANCELLED")
	agree("one cancelled", []string{week(0, 9), week(2, 9), week(3, 9)})

	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/occurrences/move"), map[string]any{"original_start": mAt(14, 9, 30),
		"start": mAt(14, 14, 0), "end": mAt(14, 16, 0)}), http.StatusOK)
	reconcile(t, e)
	mails = outbox(t, e, d.ProcMember.Email)
	if len(mails) != 3 {
		t.Fatalf("%d mails after moving one occurrence, want 3", len(mails))
	}
	r := mails[2].ICS[0]
	icstest.Check(t, []byte(r), icstest.Invite)
	if !slices.Equal(icsProp(r, "METHOD"), []string{"REQUEST"}) || !slices.Equal(icsProp(r, "RECURRENCE-ID"), []string{week(2, 9) + "00"}) ||
		len(icsProp(r, "RRULE")) != 0 || !slices.Equal(icsProp(r, "DTSTART"), []string{"19700101T000000", week(2, 14) + "00"}) { // VTIMEZONE's, then the event's
		t.Errorf("moving one occurrence sent:\n%s", r)
	}
	if seqOf(t, r) <= seqOf(t, c) {
		t.Errorf("SEQUENCE did not grow: %d then %d", seqOf(t, c), seqOf(t, r))
	}
	oneOccurrence(r, "REQUEST", week(2, 9), week(2, 14), "CONFIRMED")
	agree("one moved", []string{week(0, 9), week(2, 14), week(3, 9)})
	if n := reconcile(t, e); n != 0 {
		t.Errorf("a second run sent %d mails", n)
	}
}

// TestSeriesChangeKeepsExceptions: moving a whole series keeps its
// exceptions (a cancelled occurrence stays cancelled, a moved one moves as
// far again), asserted on the expansion of invite.ics and the feed; a rule
// change that would orphan one is refused with 409 listing it, and applied
// only when the secretary confirms with exceptions "drop".
func TestSeriesChangeKeepsExceptions(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	body := webtest.MeetingBody("consultation", d.Office.ID, "每周会商（整体调整）", mStart, mEnd)
	body["rrule"] = "FREQ=WEEKLY;COUNT=4"
	m := e.CreateMeeting(sec, body)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/occurrences/cancel"), map[string]any{"original_start": mAt(7, 9, 30)}), http.StatusOK)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/occurrences/move"), map[string]any{"original_start": mAt(14, 9, 30),
		"start": mAt(14, 14, 0), "end": mAt(14, 16, 0)}), http.StatusOK)
	pm := e.API(d.ProcMember)
	invPath := strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1)
	url, _ := myFeed(t, pm)
	fp := feedPath(t, url)
	at := func(week, hhmm int) string {
		return icsDate(mDay.AddDays(7*week)) + "T" + strconv.Itoa(hhmm + 10000)[1:]
	}
	readers := icstest.Readers(t)
	agree := func(step string, want []string) {
		t.Helper()
		reconcile(t, e)
		mails := outbox(t, e, d.ProcMember.Email)
		for name, b := range map[string][]byte{"invite.ics": pm.Get(invPath).Body, "feed": e.Anon().Get(fp).Body, "mail": []byte(mails[len(mails)-1].ICS[0])} {
			kind := icstest.Invite
			if name == "feed" {
				kind = icstest.Feed
			}
			icstest.Check(t, b, kind)
			if got := expandICS(t, b); !slices.Equal(got, want) {
				t.Errorf("%s: %s expands to %v, want %v", step, name, got, want)
			}
			for _, rd := range readers {
				if got := rd.Read(t, b).Occurrences; !slices.Equal(got, want) {
					t.Errorf("%s: %s expands in %s to %v, want %v", step, name, rd.Name, got, want)
				}
			}
		}
	}
	agree("before", []string{at(0, 930), at(2, 1400), at(3, 930)})

	patch := func(fields map[string]any) webtest.Response {
		fields["version"] = getMeeting(t, sec, m).Version
		return sec.Do("PATCH", webtest.MeetingPath(m, ""), fields)
	}
	wantStatus(t, patch(map[string]any{"start": mAt(0, 10, 30), "end": mAt(0, 12, 30)}), http.StatusOK)
	agree("series an hour later", []string{at(0, 1030), at(2, 1500), at(3, 1030)})

	wantStatus(t, patch(map[string]any{"start": mAt(1, 10, 30), "end": mAt(1, 12, 30)}), http.StatusOK)
	next := func(week, hhmm int) string {
		return icsDate(mDay.AddDays(7*week+1)) + "T" + strconv.Itoa(hhmm + 10000)[1:]
	}
	agree("series a day later", []string{next(0, 1030), next(2, 1500), next(3, 1030)})

	// Two occurrences only: the moved third one would lose its occurrence.
	before := getMeeting(t, sec, m).Version
	r := patch(map[string]any{"rrule": "FREQ=WEEKLY;COUNT=2"})
	wantError(t, r, http.StatusConflict, "meeting.series_exceptions")
	if !strings.Contains(string(r.Body), "已改期") || getMeeting(t, sec, m).Version != before {
		t.Errorf("409 must list the exception and change nothing: %s", r.Body)
	}
	wantError(t, patch(map[string]any{"rrule": "FREQ=WEEKLY;COUNT=2", "exceptions": "maybe"}), http.StatusUnprocessableEntity, "")
	wantStatus(t, patch(map[string]any{"rrule": "FREQ=WEEKLY;COUNT=2", "exceptions": "drop"}), http.StatusOK)
	agree("confirmed: the moved one dropped, the cancelled one kept", []string{next(0, 1030)})
}
