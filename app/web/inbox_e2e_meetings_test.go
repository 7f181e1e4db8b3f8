package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/notify"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// TestInboxE2E_MeetingNoticesAndScoreboardRevision: invitations, changes,
// a delegation and a cancellation go to the people concerned only, with
// their 待办; the invitation, change and cancellation also reach the unit
// of each invited person by its own channels, one message per unit per
// event (agency A's two people in the cancellation: one post); the
// delegation stays personal; a sensitive meeting is announced by its
// register entry only, on the robot too; a scoreboard correction reaches
// every agency's people and robots (markdown and text).
func TestInboxE2E_MeetingNoticesAndScoreboardRevision(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	agencySec := e.User("agency.a.sec", d.AgencyA, account.RoleSecretary)
	x := newInbox(t, e, d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, d.AgencyBMember, agencySec)
	w := newE2EWorld(t, e, x)
	admin, proc, agencyA, agencyASec, office := e.API(d.Admin), e.API(d.ProcSec), e.API(d.AgencyAMember), e.API(agencySec), e.API(d.OfficeSec)
	w.robot(admin, d.AgencyA.ID, "markdown")
	w.robot(admin, d.AgencyB.ID, "text")
	w.webhook(admin, d.Procuratorate.ID)
	// agency.a.sec asks for mail of every kind.
	var all []map[string]any
	for _, k := range notify.Kinds {
		all = append(all, map[string]any{"kind": k.Name, "in_app": true, "email": true})
	}
	wantStatus(t, agencyASec.Do(http.MethodPut, "/api/v1/me/notification_prefs", map[string]any{"prefs": all}), http.StatusOK)
	w.start()
	secMail := func(kind string) map[string][]string { return map[string][]string{kind: {"agency.a.sec"}} }

	var m map[string]any
	meetingLink := func() string { return strings.TrimPrefix(webtest.MeetingPath(m, ""), "/api/v1") }
	start := webtest.Time(webtest.Workday(webtest.DaysFromToday(7)), 9, 0)
	todoHas := func(c *webtest.Client, who, kind, link string, want bool) {
		t.Helper()
		if _, urls := todoCount(t, c, kind); containsSub(urls, link) != want {
			t.Errorf("%s's 待办 %s has %s: %v, want %v", who, kind, link, !want, want)
		}
	}
	// The invited people's units: agency A's markdown robot and the
	// procuratorate's signed webhook (agency B invited nobody).
	unitMsgs := func(kind string) func() []e2eMsg {
		return func() []e2eMsg {
			return []e2eMsg{{"robot", d.AgencyA.ID, kind, meetingLink()}, {"webhook", d.Procuratorate.ID, kind, meetingLink()}}
		}
	}
	w.step("invited", func() {
		body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "联席会商通知E2E", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
		body["co_unit_ids"] = []int64{d.AgencyA.ID}
		body["attendee_user_ids"] = []int64{d.ProcMember.ID, d.AgencyAMember.ID}
		m = e.CreateMeeting(proc, body)
	}, map[string][]string{"meeting.invited": {"proc.member", "agency.a"}}, nil, unitMsgs("meeting.invited"))
	todoHas(agencyA, "agency.a", "invitations", meetingLink(), true)

	w.step("changed", func() {
		wantStatus(t, proc.Do(http.MethodPatch, webtest.MeetingPath(m, ""), map[string]any{"title": "联席会商通知E2E（改期）", "version": 1}), http.StatusOK)
	}, map[string][]string{"meeting.changed": {"proc.member", "agency.a"}}, nil, unitMsgs("meeting.changed"))

	w.step("delegated to me", func() {
		wantStatus(t, agencyA.Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "delegated", "delegate_user_id": agencySec.ID}), http.StatusOK)
	}, map[string][]string{"meeting.delegated": {"agency.a.sec"}}, secMail("meeting.delegated"), nil)
	todoHas(agencyASec, "agency.a.sec", "invitations", meetingLink(), true)
	todoHas(agencyA, "agency.a", "invitations", meetingLink(), false)

	w.step("cancelled", func() {
		wantStatus(t, proc.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": "改为书面会商"}), http.StatusOK)
	}, map[string][]string{"meeting.cancelled": {"proc.member", "agency.a", "agency.a.sec"}}, secMail("meeting.cancelled"), unitMsgs("meeting.cancelled"))
	todoHas(agencyASec, "agency.a.sec", "invitations", meetingLink(), false)

	// A sensitive meeting: its notices name the register entry only.
	const canary = "会商敏感标记K9"
	var rows []noteRow
	var posts []channelPost
	robotA := func(kind string) func() []e2eMsg {
		return func() []e2eMsg { return []e2eMsg{{"robot", d.AgencyA.ID, kind, meetingLink()}} }
	}
	rows, posts = w.step("sensitive meeting invited", func() {
		body := webtest.MeetingBody("consultation", d.Procuratorate.ID, canary, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
		body["sensitivity"] = "sensitive"
		body["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
		m = e.CreateMeeting(proc, body)
		w.sensitive[meetingLink()] = true
	}, map[string][]string{"meeting.invited": {"agency.a"}}, nil, robotA("meeting.invited"))
	more, morePosts := w.step("sensitive meeting changed", func() {
		wantStatus(t, proc.Do(http.MethodPatch, webtest.MeetingPath(m, ""), map[string]any{"title": canary + "（改期）", "version": 1}), http.StatusOK)
	}, map[string][]string{"meeting.changed": {"agency.a"}}, nil, robotA("meeting.changed"))
	rows, posts = append(rows, more...), append(posts, morePosts...)
	more, morePosts = w.step("sensitive meeting cancelled", func() {
		wantStatus(t, proc.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
	}, map[string][]string{"meeting.cancelled": {"agency.a"}}, nil, robotA("meeting.cancelled"))
	rows, posts = append(rows, more...), append(posts, morePosts...)
	for _, r := range rows {
		if strings.Contains(r.Title+r.Body, canary) || !strings.Contains(r.Title, "敏感") {
			t.Errorf("sensitive meeting notice %q / %q", r.Title, r.Body)
		}
	}
	// The robot's post is the neutral line and the link: no title, no time.
	when := start.In(workday.Shanghai()).Format("15:04")
	if len(posts) != 3 {
		t.Errorf("%d robot posts for the sensitive meeting, want 3", len(posts))
	}
	for _, p := range posts {
		if strings.Contains(p.Content, canary) || strings.Contains(p.Content, when) || !strings.Contains(p.Content, neutralLine) {
			t.Errorf("sensitive meeting robot post %q", p.Content)
		}
	}

	month := webtest.Month(-1)
	// The publication (set-up) goes out at once, not held by agency A's
	// robot window the last step used.
	e.Clock.Advance(61 * time.Second)
	wantStatus(t, office.Post("/api/v1/scoreboard/"+month+"/publish", nil), http.StatusCreated)
	w.skip()
	w.waitSent()
	for k, s := range w.sinks {
		posts, _ := s.snapshot()
		w.posted[k] = len(posts)
	}
	sbLink := "/scoreboard?month=" + month
	w.step("scoreboard revised", func() {
		wantStatus(t, office.Post("/api/v1/scoreboard/"+month+"/revise", map[string]any{"reason": "更正区人社局得分"}), http.StatusCreated)
	}, map[string][]string{"scoreboard.revised": {"agency.a", "agency.a.sec", "agency.b"}}, secMail("scoreboard.revised"), func() []e2eMsg {
		return []e2eMsg{{"robot", d.AgencyA.ID, "scoreboard.revised", sbLink}, {"robot", d.AgencyB.ID, "scoreboard.revised", sbLink}}
	})
	w.drain()
}

// TestInboxE2E_MeetingRemindersByOwnLeads: meeting reminders go to each
// attendee at their own lead times (reminder settings), by the channels
// each chose (proc.member turned mail off), exactly once although two
// instances run the reminder job together each time the clock moves; no
// unit channel hears of a personal reminder.
func TestInboxE2E_MeetingRemindersByOwnLeads(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	other := e.Sibling()
	x := newInbox(t, e, d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, d.AgencyBMember)
	w := newE2EWorld(t, e, x)
	admin, office := e.API(d.Admin), e.API(d.OfficeSec)
	w.robot(admin, d.AgencyA.ID, "text")
	w.webhook(admin, d.Procuratorate.ID)

	start := e.Clock.Now().Add(48 * time.Hour).Truncate(time.Minute).In(workday.Shanghai())
	body := webtest.MeetingBody("consultation", d.Office.ID, "提醒会商E2E", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	body["attendee_user_ids"] = []int64{d.ProcMember.ID, d.AgencyAMember.ID, d.JusticeMember.ID}
	rm := e.CreateMeeting(office, body)
	for _, u := range []account.User{d.ProcMember, d.AgencyAMember, d.JusticeMember} { // answered: no 回执 reminders (meeting_receipts_test.go)
		wantStatus(t, e.API(u).Post(webtest.MeetingPath(rm, "/rsvp"), map[string]any{"answer": "accepted"}), http.StatusOK)
	}
	wantStatus(t, e.API(d.ProcMember).Do(http.MethodPatch, "/api/v1/me/reminders", map[string]any{"meeting_leads_minutes": []int{2880}}), http.StatusOK)
	wantStatus(t, e.API(d.ProcMember).Do(http.MethodPut, "/api/v1/me/notification_prefs", map[string]any{"prefs": []map[string]any{
		{"kind": "meeting.reminder", "in_app": true, "email": false}}}), http.StatusOK)
	wantStatus(t, e.API(d.JusticeMember).Do(http.MethodPatch, "/api/v1/me/reminders", map[string]any{"meeting_leads_minutes": []int{30}}), http.StatusOK)
	w.start()

	both := func() { remindNow(t, e, other) }
	only := func(who string, mail bool) (map[string][]string, map[string][]string) {
		var m map[string][]string
		if mail {
			m = map[string][]string{"meeting.reminder": {who}}
		}
		return map[string][]string{"meeting.reminder": {who}}, m
	}
	in, mail := only("proc.member", false)
	w.step("two days ahead: proc.member's lead", both, in, mail, nil)
	w.step("again", both, map[string][]string{}, nil, nil)
	in, mail = only("agency.a", true)
	w.step("a day ahead: the default lead", func() { e.Clock.Advance(24 * time.Hour); both() }, in, mail, nil)
	w.step("an hour ahead", func() { e.Clock.Advance(23 * time.Hour); both() }, in, mail, nil)
	in, mail = only("justice.member", true)
	w.step("half an hour ahead", func() { e.Clock.Advance(30*time.Minute - 61*time.Second); both() }, in, mail, nil)
	w.step("after", func() { both() }, map[string][]string{}, nil, nil)
	if n := count(t, e, `SELECT COUNT(*) FROM reminder_log`); n != 4 {
		t.Errorf("%d meeting reminders logged, want 4", n)
	}
	w.drain()
}
