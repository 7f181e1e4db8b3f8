package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// remindNow runs the registered reminder job ("subscribe.remind", what
// River runs every minute) once on each of two instances at the same time,
// so that each reminder must still be given exactly once.
func remindNow(t *testing.T, envs ...*webtest.Env) {
	t.Helper()
	var wg sync.WaitGroup
	for _, env := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := env.Deps.Notify.RunPeriodicNow(env.Ctx(), "subscribe.remind"); err != nil {
				t.Errorf("reminder job: %v", err)
			}
		}()
	}
	wg.Wait()
}

// moveTo advances the test clock to 10:00 Beijing time on day.
func moveTo(t *testing.T, e *webtest.Env, day workday.Date) {
	t.Helper()
	d := webtest.Time(day, 10, 0).Sub(e.Clock.Now())
	if d < 0 {
		t.Fatalf("moving the clock back to %s", day)
	}
	e.Clock.Advance(d)
}

// TestInboxE2E_DeadlineRemindersAndRevisit drives the reminder kinds
// through the real jobs with the clock moved: an item is due in three
// working days; one working day before, on the day and the working day
// after, the reminder job (run by two instances at once) tells the
// responsible unit's secretary and liaison in-app and by mail, and its
// group robot (markdown for 区人社局, text for 区市场监管局), each once; a
// sensitive item's notices and posts are content-free. Then a 回头看 date
// comes and the follow-up jobs reopen the item: both sides are told, the
// procuratorate's webhook too, and its 待办 lists the item to verify again.
func TestInboxE2E_DeadlineRemindersAndRevisit(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	other := e.Sibling()
	agencySec := e.User("agency.a.sec", d.AgencyA, account.RoleSecretary)
	x := newInbox(t, e, d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, d.AgencyBMember, agencySec)
	w := newE2EWorld(t, e, x)
	admin, proc, agencyA, agencyB := e.API(d.Admin), e.API(d.ProcSec), e.API(d.AgencyAMember), e.API(d.AgencyBMember)
	w.robot(admin, d.AgencyA.ID, "markdown")
	w.robot(admin, d.AgencyB.ID, "text")
	w.webhook(admin, d.Procuratorate.ID)

	today := workday.FromTime(e.Clock.Now())
	due, err := e.Deps.Actions.Holidays.AddWorkdays(e.Ctx(), today, 3)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := e.Deps.Actions.Holidays.AddWorkdays(e.Ctx(), today, 2)
	after, _ := e.Deps.Actions.Holidays.AddWorkdays(e.Ctx(), today, 4)
	const canary = "提醒敏感标记Q7"
	itA := e.Action(followup.NewAction{Title: "社保稽核整改", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: due})
	itS := e.Action(followup.NewAction{Title: canary, ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: due, Sensitivity: account.Sensitive})
	itB := e.Action(followup.NewAction{Title: "市场监管整改", ResponsibleUnitID: d.AgencyB.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: due})
	link := func(it followup.ActionItem) string { return fmt.Sprintf("/actions/%d", it.ID) }
	w.sensitive[link(itS)] = true

	// 回头看: answered and accepted with a revisit date after the reminders.
	itR := e.Action(followup.NewAction{Title: "回头看整改", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: today.AddDays(30)})
	wantStatus(t, agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", itR.ID), map[string]any{"body": "已整改"}), http.StatusCreated)
	revisitOn := after.AddDays(2)
	wantStatus(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/verify", itR.ID), map[string]any{"accepted": true, "revisit_on": revisitOn.String()}), http.StatusOK)
	// proc.member asks for mail of the 回头看 too (not mailed by default).
	wantStatus(t, e.API(d.ProcMember).Do(http.MethodPut, "/api/v1/me/notification_prefs", map[string]any{"prefs": []map[string]any{
		{"kind": "action.revisited", "in_app": true, "email": true}}}), http.StatusOK)
	w.start()

	w.step("nothing due yet", func() { remindNow(t, e, other) }, map[string][]string{}, nil, nil)

	agencyPeople := []string{"agency.a", "agency.a", "agency.a.sec", "agency.a.sec", "agency.b"}
	reminder := func(kind string, day workday.Date) {
		t.Helper()
		rows, posts := w.step(kind, func() { moveTo(t, e, day); remindNow(t, e, other) },
			map[string][]string{kind: agencyPeople}, map[string][]string{kind: agencyPeople},
			func() []e2eMsg {
				return []e2eMsg{{"robot", d.AgencyA.ID, kind, link(itA)}, {"robot", d.AgencyA.ID, kind, link(itS)}, {"robot", d.AgencyB.ID, kind, link(itB)}}
			})
		for _, r := range rows {
			if strings.Contains(r.Title+r.Body, canary) {
				t.Errorf("%s: a notice names the sensitive item: %q %q", kind, r.Title, r.Body)
			}
		}
		for _, p := range posts {
			if strings.Contains(p.Content, canary) {
				t.Errorf("%s: a robot post names the sensitive item: %q", kind, p.Content)
			}
		}
		mails := count(t, e, `SELECT COUNT(*) FROM outbox WHERE kind = ? AND (subject LIKE ? OR message LIKE ?)`, "event."+kind, "%"+canary+"%", "%"+canary+"%")
		if mails != 0 {
			t.Errorf("%s: %d mails name the sensitive item", kind, mails)
		}
		for _, c := range []struct {
			who string
			cl  *webtest.Client
			it  followup.ActionItem
		}{{"agency.a", agencyA, itA}, {"agency.a", agencyA, itS}, {"agency.b", agencyB, itB}} {
			if _, urls := todoCount(t, c.cl, "actions"); !containsSub(urls, link(c.it)) {
				t.Errorf("%s: %s's 待办 lacks %s: %v", kind, c.who, link(c.it), urls)
			}
		}
	}
	reminder("action.due_soon", before)
	w.step("the same day again", func() { remindNow(t, e, other) }, map[string][]string{}, nil, nil)
	reminder("action.due_today", due)
	reminder("action.overdue", after)
	w.step("overdue, a run later", func() { e.Clock.Advance(time.Hour); remindNow(t, e, other) }, map[string][]string{}, nil, nil)

	// The follow-up jobs run as the server runs them; the revisit date comes.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Deps.Actions.RunJobs(ctx, 20*time.Millisecond, slog.New(slog.DiscardHandler)); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	people := []string{"proc.sec", "proc.member", "agency.a", "agency.a.sec"}
	w.step("revisit due", func() {
		moveTo(t, e, revisitOn)
		for waited := time.Duration(0); count(t, e, `SELECT COUNT(*) FROM notifications WHERE kind = 'action.revisited'`) < int64(len(people)); waited += 20 * time.Millisecond {
			if waited > 20*time.Second {
				t.Fatal("the follow-up jobs never announced the revisit")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}, map[string][]string{"action.revisited": people}, map[string][]string{"action.revisited": {"proc.member"}}, func() []e2eMsg {
		return []e2eMsg{{"robot", d.AgencyA.ID, "action.revisited", link(itR)}, {"webhook", d.Procuratorate.ID, "action.revisited", link(itR)}}
	})
	if _, urls := todoCount(t, proc, "verify"); !containsSub(urls, link(itR)) {
		t.Errorf("proc.sec's 待办 lacks the revisited item: %v", urls)
	}
	w.drain()
}

func containsSub(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
