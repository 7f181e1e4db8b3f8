package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"liaison/app/db"
	"liaison/app/meeting"
	"liaison/app/web/webtest"
)

// reconcileJobs counts River's "reconcile the invitations of meeting id"
// jobs, in any state, as seen by ctx (inside a transaction: its own view).
func reconcileJobs(t *testing.T, ctx context.Context, e *webtest.Env, id int64) int {
	t.Helper()
	q := `SELECT json(args) FROM river_job WHERE kind = 'notify.task'`
	if e.DB.Dialect == db.Postgres {
		q = `SELECT args::text FROM river_job WHERE kind = 'notify.task'`
	}
	var rows []string
	if err := e.DB.Conn(ctx).Raw(q).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		var a struct {
			Name string `json:"name"`
			ID   int64  `json:"id"`
		}
		if err := json.Unmarshal([]byte(r), &a); err != nil {
			t.Fatalf("job args %q: %v", r, err)
		}
		if a.Name == "subscribe.reconcile_meeting" && a.ID == id {
			n++
		}
	}
	return n
}

// TestInvitations_JobInMeetingTransaction: every meeting change enqueues
// its invitation job in its own transaction (the job row exists when the
// API call returns, and a change rolled back leaves none), and the jobs
// alone — no sweep, no manual run — deliver schedule → move → remove →
// invite again → cancel to a real SMTP server, each recipient's SEQUENCE
// strictly growing.
func TestInvitations_JobInMeetingTransaction(t *testing.T) {
	t.Parallel()
	sink := newSMTPSink(t)
	e := withJobs(t, sink)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商：即时邀请", mStart, mEnd))
	id, uid := int64(m["id"].(float64)), m["uid"].(string)
	ctx := e.Ctx()
	if n := reconcileJobs(t, ctx, e, id); n != 1 {
		t.Fatalf("scheduling enqueued %d jobs, want 1", n)
	}
	for i, u := range []int64{d.ProcMember.ID, d.JusticeMember.ID} {
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u, "role": "required"}), http.StatusCreated)
		if n := reconcileJobs(t, ctx, e, id); n != 2+i {
			t.Fatalf("adding an attendee: %d jobs right after the call, want %d", n, 2+i)
		}
	}
	pm, jm := d.ProcMember.Email, d.JusticeMember.Email
	held := map[string]int{pm: -1, jm: -1}
	// got waits for the n-th mail to who and checks it.
	got := func(step, who string, n int, method string) {
		t.Helper()
		mails := sink.waitFor(who, n)
		if len(mails) != n {
			t.Fatalf("%s: %d mails to %s, want %d", step, len(mails), who, n)
		}
		o := mails[n-1].parse(t)
		if len(o.ICS) == 0 {
			t.Fatalf("%s: mail without calendar", step)
		}
		ics := o.ICS[0]
		s := seqOf(t, ics)
		if icsProp(ics, "METHOD")[0] != method || icsProp(ics, "UID")[0] != uid || s <= held[who] {
			t.Errorf("%s: %s got %v %v SEQUENCE %d (held %d), want %s %s and a higher SEQUENCE",
				step, who, icsProp(ics, "METHOD"), icsProp(ics, "UID"), s, held[who], method, uid)
		}
		held[who] = s
	}
	got("scheduled", pm, 1, "REQUEST")
	got("scheduled", jm, 1, "REQUEST")

	t.Run("a change rolled back enqueues nothing", func(t *testing.T) {
		before := reconcileJobs(t, ctx, e, id)
		v := getMeeting(t, sec, m).Version
		r := sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"location": "旧版本", "version": v - 1})
		wantStatus(t, r, http.StatusConflict)
		if n := reconcileJobs(t, ctx, e, id); n != before {
			t.Errorf("a refused change left %d jobs, want %d", n, before)
		}
		rollback := errors.New("rolled back on purpose")
		loc := "会议室甲"
		err := e.DB.WithTx(ctx, func(ctx context.Context) error {
			if _, err := e.Deps.Meetings.Update(ctx, e.Actor(d.OfficeSec), id, meeting.Patch{Version: v, Location: &loc}); err != nil {
				return err
			}
			if n := reconcileJobs(t, ctx, e, id); n != before+1 {
				t.Errorf("inside the change's transaction: %d jobs, want %d", n, before+1)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("update in a transaction: %v", err)
		}
		if n := reconcileJobs(t, ctx, e, id); n != before {
			t.Errorf("after the rollback: %d jobs, want %d", n, before)
		}
		if getMeeting(t, sec, m).Version != v {
			t.Error("the rolled-back change is visible")
		}
	})

	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"location": "检察院二楼", "version": getMeeting(t, sec, m).Version}), http.StatusOK)
	got("moved", pm, 2, "REQUEST")
	got("moved", jm, 2, "REQUEST")

	wantStatus(t, sec.Do("DELETE", webtest.MeetingPath(m, "/attendees/")+itoa(attendeeID(t, sec, m, d.JusticeMember.ID)), nil), http.StatusNoContent)
	got("removed", jm, 3, "CANCEL")

	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.JusticeMember.ID, "role": "required"}), http.StatusCreated)
	got("invited again", jm, 4, "REQUEST")

	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
	got("cancelled", jm, 5, "CANCEL")
	got("cancelled", pm, 3, "CANCEL")
	if held[pm] != held[jm] {
		t.Errorf("the cancellation carries SEQUENCE %d to one and %d to another", held[pm], held[jm])
	}
	if n := len(sink.to(pm)); n != 3 {
		t.Errorf("%s got %d mails, want 3 (none for someone else's removal)", pm, n)
	}
}
