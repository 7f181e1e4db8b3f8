package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/notify"
	"liaison/app/web/webtest"
)

// TestInbox_MeetingsMinutesEscalationScoreboard covers the other event
// kinds the same way: delegation, 会签, confirmed minutes with their items,
// escalation and its handling, a scoreboard correction and a revisit.
func TestInbox_MeetingsMinutesEscalationScoreboard(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	agencySec := e.User("agency.a.sec", d.AgencyA, account.RoleSecretary)
	x := newInbox(t, e, d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, d.AgencyBMember, agencySec)
	proc, agencyA, justice, office := e.API(d.ProcSec), e.API(d.AgencyAMember), e.API(d.JusticeSec), e.API(d.OfficeSec)

	start := webtest.Time(webtest.Workday(webtest.DaysFromToday(7)), 9, 0)
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "会签会商", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	body["co_unit_ids"] = []int64{d.Justice.ID}
	body["attendee_user_ids"] = []int64{d.ProcMember.ID, d.AgencyAMember.ID}
	m := e.CreateMeeting(proc, body)
	x.expect("invited", map[string][]string{"meeting.invited": {"proc.member", "agency.a"}}, nil)

	wantStatus(t, agencyA.Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "delegated", "delegate_user_id": agencySec.ID}), http.StatusOK)
	x.expect("delegated", map[string][]string{"meeting.delegated": {"agency.a.sec"}}, nil)

	series := webtest.MeetingBody("consultation", d.Office.ID, "每周会商", mStart, mEnd)
	series["rrule"], series["attendee_user_ids"] = "FREQ=WEEKLY;COUNT=4", []int64{d.JusticeMember.ID}
	sm := e.CreateMeeting(office, series)
	x.take()
	wantStatus(t, office.Post(webtest.MeetingPath(sm, "/occurrences/cancel"), map[string]any{"original_start": mAt(7, 9, 30)}), http.StatusOK)
	x.expect("one occurrence cancelled", map[string][]string{"meeting.cancelled": {"justice.member"}}, nil)
	wantStatus(t, office.Post(webtest.MeetingPath(sm, "/occurrences/move"), map[string]any{"original_start": mAt(14, 9, 30),
		"start": mAt(15, 14, 0), "end": mAt(15, 16, 0)}), http.StatusOK)
	x.expect("one occurrence moved", map[string][]string{"meeting.changed": {"justice.member"}}, nil)

	minutes := map[string]any{"body": "会商意见", "decisions": []map[string]any{{"text": "限期整改",
		"action_items": []map[string]any{{"title": "整改并反馈", "responsible_unit_id": d.AgencyB.ID, "due_on": webtest.DaysFromToday(30).String()}}}}}
	was := e.Clock.Now()
	e.Clock.Set(start.Add(2 * time.Hour)) // minutes are written once the meeting is held
	wantStatus(t, proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), minutes), http.StatusOK)
	x.expect("minutes to sign", map[string][]string{"minutes.signoff": {"justice.sec", "justice.member"}}, nil)
	wantStatus(t, proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), minutes), http.StatusOK)
	x.expect("minutes edited: told once", map[string][]string{}, nil)
	wantStatus(t, justice.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), http.StatusOK)
	x.expect("signed off", map[string][]string{}, nil)
	wantStatus(t, proc.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), http.StatusOK)
	e.Clock.Set(was)
	x.expect("minutes confirmed", map[string][]string{
		"minutes.confirmed": {"proc.member", "agency.a", "agency.a.sec", "justice.sec", "justice.member"},
		"action.assigned":   {"agency.b"},
	}, map[string][]string{"action.assigned": {"agency.b"}})

	it := e.Action(followup.NewAction{Title: "升级事项", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(20)})
	x.take()
	wantStatus(t, agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", it.ID), map[string]any{"body": "已答复"}), http.StatusCreated)
	wantStatus(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/verify", it.ID), map[string]any{"accepted": false, "comment": "未整改"}), http.StatusOK)
	x.take()
	wantStatus(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", it.ID), map[string]any{"comment": "退回后仍未整改"}), http.StatusOK)
	x.expect("escalated", map[string][]string{"escalation.opened": {"agency.a", "agency.a.sec", "justice.sec", "justice.member"}},
		map[string][]string{"escalation.opened": {"agency.a", "agency.a.sec", "justice.sec", "justice.member"}})
	wantStatus(t, justice.Post(fmt.Sprintf("/api/v1/actions/%d/escalations/1/handling", it.ID), map[string]any{"handling": "立案监督"}), http.StatusOK)
	x.expect("handling recorded", map[string][]string{"escalation.handled": {"proc.sec", "proc.member"}}, nil)

	month := webtest.Month(-1)
	wantStatus(t, office.Post("/api/v1/scoreboard/"+month+"/publish", nil), http.StatusCreated)
	x.take()
	wantStatus(t, office.Post("/api/v1/scoreboard/"+month+"/revise", map[string]any{"reason": "更正"}), http.StatusCreated)
	x.expect("scoreboard revised", map[string][]string{"scoreboard.revised": {"agency.a", "agency.a.sec", "agency.b"}}, nil)

	// 回头看: accepted with a revisit date, which then comes.
	rv := e.Action(followup.NewAction{Title: "回头看事项", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(20)})
	wantStatus(t, agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", rv.ID), map[string]any{"body": "已整改"}), http.StatusCreated)
	wantStatus(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/verify", rv.ID), map[string]any{"accepted": true, "revisit_on": webtest.DaysFromToday(2).String()}), http.StatusOK)
	x.take()
	e.Clock.Advance(3 * 24 * time.Hour)
	for range 2 { // a second run finds nothing new
		if _, err := e.Deps.Actions.Revisit(e.Ctx()); err != nil {
			t.Fatal(err)
		}
	}
	x.expect("revisit due", map[string][]string{"action.revisited": {"proc.sec", "proc.member", "agency.a", "agency.a.sec"}}, nil)
}

// TestInbox_OncePrefsReadAndRetention: an event is announced once however
// often it is told; preferences refuse unknown kinds and keep in-app on for
// what must be acted on; the bell counts, mark-all-read clears it (API and
// page, without JavaScript); old read notices are pruned, unread ones kept.
func TestInbox_OncePrefsReadAndRetention(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	x := newInbox(t, e, d.ProcSec, d.ProcMember)
	// proc.member reads Liaison in English: so do their notices.
	wantStatus(t, e.API(d.Admin).Do("PATCH", fmt.Sprintf("/api/v1/users/%d", d.ProcMember.ID), map[string]any{"locale": "en", "version": d.ProcMember.Version}), http.StatusOK)
	ev := notify.Event{Kind: "case.notified", Record: notify.Record{Type: "case", ID: 1}, Units: []int64{d.Procuratorate.ID},
		Title: "notify.ev.case.notified", Args: map[string]any{"Number": "检1"}, Link: "/cases/1", DedupeKey: "test|once"}
	for range 3 {
		err := e.DB.WithTx(e.Ctx(), func(ctx context.Context) error { return e.Deps.Notify.Announce(ctx, ev) })
		if err != nil {
			t.Fatal(err)
		}
	}
	rows := x.expect("told three times", map[string][]string{"case.notified": {"proc.sec", "proc.member"}},
		map[string][]string{"case.notified": {"proc.sec", "proc.member"}})
	for _, r := range rows {
		if en := r.UserID == d.ProcMember.ID; en != strings.HasPrefix(r.Title, "Case notification received") {
			t.Errorf("user %d (English: %v) got %q", r.UserID, en, r.Title)
		}
	}

	member := e.API(d.ProcMember)
	wantErr(t, member.Do("PUT", "/api/v1/me/notification_prefs", map[string]any{"prefs": []map[string]any{{"kind": "no.such"}}}), 422, "invalid")
	wantStatus(t, member.Do("PUT", "/api/v1/me/notification_prefs", map[string]any{"prefs": []map[string]any{
		{"kind": "case.notified", "in_app": false, "email": false}, {"kind": "case.read", "in_app": false, "email": true}}}), http.StatusOK)
	var got struct{ Prefs []notify.Pref }
	member.Get("/api/v1/me/notification_prefs").Decode(t, &got)
	for _, p := range got.Prefs {
		switch p.Kind {
		case "case.notified":
			if !p.InApp || p.Email || !p.ActOn {
				t.Errorf("act-on kind after turning in-app off: %+v", p)
			}
		case "case.read":
			if p.InApp || !p.Email {
				t.Errorf("case.read: %+v", p)
			}
		}
	}

	var n struct{ Count int64 }
	member.Get("/api/v1/me/notifications/unread_count").Decode(t, &n)
	if n.Count != 1 {
		t.Fatalf("unread %d", n.Count)
	}
	b := e.Browser(d.ProcMember)
	page := b.Get("/notifications")
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), `class="badge"`) || !strings.Contains(string(page.Body), "/notifications/settings") {
		t.Errorf("inbox page without the badge or the settings link: %d", page.Status)
	}
	if r := b.Get("/notifications/settings"); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `name="email.case.read"`) {
		t.Errorf("settings page: %d", r.Status)
	}
	wantStatus(t, b.PostForm("/notifications/settings", url.Values{"email.case.read": {"1"}}), http.StatusSeeOther)
	wantStatus(t, member.Post("/api/v1/me/notifications/read", nil), http.StatusNoContent)
	member.Get("/api/v1/me/notifications/unread_count").Decode(t, &n)
	if n.Count != 0 {
		t.Errorf("unread after mark all: %d", n.Count)
	}
	if r := b.Get("/notifications"); strings.Contains(string(r.Body), `class="badge"`) {
		t.Error("badge after everything was read")
	}

	// proc.sec's notice stays unread; proc.member's read one goes after
	// the retention period.
	e.Clock.Advance(notify.DefaultReadRetention + 24*time.Hour)
	if _, err := e.Deps.Notify.PruneRead(e.Ctx()); err != nil {
		t.Fatal(err)
	}
	if c := count(t, e, `SELECT COUNT(*) FROM notifications WHERE user_id = ?`, d.ProcMember.ID); c != 0 {
		t.Errorf("read notice kept past retention: %d", c)
	}
	if c := count(t, e, `SELECT COUNT(*) FROM notifications WHERE user_id = ?`, d.ProcSec.ID); c != 1 {
		t.Errorf("unread notice pruned: %d left", c)
	}
}
