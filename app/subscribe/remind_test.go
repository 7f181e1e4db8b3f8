package subscribe_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"liaison/app/followup"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

func count(t *testing.T, e *webtest.Env, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.DB.Conn(e.Ctx()).Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestService_RemindOnce runs the reminder job from two instances at once,
// several times: every reminder is given exactly once, by mail and in-app.
func TestService_RemindOnce(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	sh := workday.Shanghai()
	start := e.Clock.Now().Add(2 * time.Hour).Truncate(time.Minute).In(sh)
	body := webtest.MeetingBody("consultation", d.Office.ID, "会商提醒测试", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	m := e.CreateMeeting(sec, body)
	for _, u := range []int64{d.ProcMember.ID, d.JusticeMember.ID} {
		if r := sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u, "role": "required"}); r.Status != http.StatusCreated {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
	}
	// justice.member wants only a 30-minute reminder: not due yet.
	if r := e.API(d.JusticeMember).Do("PATCH", "/api/v1/me/reminders", map[string]any{"meeting_leads_minutes": []int{30}}); r.Status != http.StatusOK {
		t.Fatalf("prefs: %d %s", r.Status, r.Body)
	}
	// proc.sec reads overdue reminders in the app only.
	if r := e.API(d.ProcSec).Do("PUT", "/api/v1/me/notification_prefs", map[string]any{"prefs": []map[string]any{{"kind": "action.overdue", "email": false}}}); r.Status != http.StatusOK {
		t.Fatalf("notification prefs: %d %s", r.Status, r.Body)
	}
	today := workday.FromTime(e.Clock.Now())
	next, err := e.Deps.Subscribe.Holidays.AddWorkdays(e.Ctx(), today, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.Action(followup.NewAction{Title: "明日到期事项", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: next})
	late := e.Action(followup.NewAction{Title: "逾期事项", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: today.AddDays(20)})
	if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE action_items SET due_on = ? WHERE id = ?`, today.AddDays(-3).String(), late.ID).Error; err != nil {
		t.Fatal(err)
	}
	owner := d.ProcMember.ID
	e.Action(followup.NewAction{Title: "承办人的事项", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: next, OwnerUserID: &owner})
	e.Action(followup.NewAction{Title: "今日到期事项", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: today})
	e.Action(followup.NewAction{Title: "远期事项", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: today.AddDays(20)})

	other := e.Sibling()
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		env := e
		if i%2 == 1 {
			env = other
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := env.Deps.Subscribe.Remind(env.Ctx()); err != nil {
				t.Errorf("remind: %v", err)
			}
		}()
	}
	wg.Wait()

	// Reminders reach the unit that owes: its secretary and its liaison
	// (proc.member), each once, on the day too; the owner is one of them.
	const reminders = `kind IN ('meeting.reminder', 'action.due_soon', 'action.due_today', 'action.overdue')`
	if n := count(t, e, `SELECT COUNT(*) FROM reminder_log`); n != 1 {
		t.Errorf("%d meeting reminders logged, want 1", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notify_events WHERE dedupe_key LIKE 'remind|%'`); n != 5 {
		t.Errorf("%d reminders given, want 5 (meeting; due soon, due today, overdue, owned item)", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE kind IN ('event.meeting.reminder', 'event.action.due_soon', 'event.action.due_today', 'event.action.overdue')`); n != 8 {
		t.Errorf("%d reminder mails, want 8 (by default reminders are mailed too, but not proc.sec's overdue one)", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND `+reminders, d.ProcMember.ID); n != 5 {
		t.Errorf("proc.member has %d reminders, want 5 (meeting, four items)", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND `+reminders, d.ProcSec.ID); n != 4 {
		t.Errorf("proc.sec has %d reminders, want 4", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND `+reminders, d.JusticeMember.ID); n != 0 {
		t.Errorf("justice.member reminded before the chosen time: %d", n)
	}
	if n, err := e.Deps.Subscribe.Remind(e.Ctx()); err != nil || n != 0 {
		t.Errorf("another run gave %d reminders (%v)", n, err)
	}
}

func TestService_Prefs(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	c := e.API(d.ProcMember)
	r := c.Get("/api/v1/me/reminders")
	var p struct {
		Leads   []int `json:"meeting_leads_minutes"`
		Version int   `json:"version"`
	}
	r.Decode(t, &p)
	if len(p.Leads) != 2 || p.Leads[0] != 1440 || p.Leads[1] != 60 || p.Version != 0 {
		t.Errorf("defaults %+v", p)
	}
	if r := c.Do("PATCH", "/api/v1/me/reminders", map[string]any{"meeting_leads_minutes": []int{1}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("lead of 1 minute: %d", r.Status)
	}
	if r := c.Do("PATCH", "/api/v1/me/reminders", map[string]any{"meeting_leads_minutes": []int{60, 120}, "version": 0}); r.Status != http.StatusOK {
		t.Fatalf("save: %d %s", r.Status, r.Body)
	}
	if r := c.Do("PATCH", "/api/v1/me/reminders", map[string]any{"meeting_leads_minutes": []int{30}, "version": 0}); r.Status != http.StatusConflict {
		t.Errorf("stale version: %d", r.Status)
	}
	c.Get("/api/v1/me/reminders").Decode(t, &p)
	if len(p.Leads) != 2 || p.Leads[0] != 120 || p.Version != 1 {
		t.Errorf("saved %+v", p)
	}
}
