package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// The meeting findings of the outside penetration test (issue 14): a
// co-organiser taking a meeting over, case links revealing cases the
// linker may not see, and minutes confirmed after cancellation or with
// unbounded action items. Every date is a working day counted from the
// pinned now on the holiday calendar.

// smDay returns the n-th working day after the pinned today (n ≥ 1).
func smDay(t *testing.T, e *webtest.Env, n int) workday.Date {
	t.Helper()
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	d, err := cal.AddWorkdays(workday.FromTime(e.Clock.Now()), n)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// smAt is hour:minute Beijing time on the n-th working day from today.
func smAt(t *testing.T, e *webtest.Env, n, hour, minute int) time.Time {
	t.Helper()
	d := smDay(t, e, n)
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, workday.Shanghai())
}

// smMeeting creates a meeting of kind convened by unit as c, on the third
// working day from today, 9:30–11:30, with co-organisers and sensitivity.
func smMeeting(t *testing.T, e *webtest.Env, c *webtest.Client, unit int64, sens string, co []int64, extra map[string]any) map[string]any {
	t.Helper()
	start := smAt(t, e, 3, 9, 30)
	body := webtest.MeetingBody("consultation", unit, "联合会商", start.Format(time.RFC3339), start.Add(2*time.Hour).Format(time.RFC3339))
	body["sensitivity"], body["co_unit_ids"] = sens, co
	if sens != "ordinary" {
		body["paper_file_holder"] = "机要室"
	}
	for k, v := range extra {
		body[k] = v
	}
	return e.CreateMeeting(c, body)
}

// smMinutes is a draft with one decision asking unit for one action item
// due on the fifteenth working day from today (decisions only on meetings
// that may hold content).
func smMinutes(t *testing.T, e *webtest.Env, unit int64) map[string]any {
	return map[string]any{"body": "会议纪要", "decisions": []map[string]any{{"text": "限期整改",
		"action_items": []map[string]any{{"title": "整改到位", "responsible_unit_id": unit, "due_on": smDay(t, e, 15).String()}}}}}
}

// smRegisterMinutes is smMinutes as a sensitive or classified meeting
// keeps it: no body, a decision without text asking unit for one untitled
// action item (its register entry).
func smRegisterMinutes(t *testing.T, e *webtest.Env, unit int64) map[string]any {
	return map[string]any{"decisions": []map[string]any{{
		"action_items": []map[string]any{{"responsible_unit_id": unit, "due_on": smDay(t, e, 15).String()}}}}}
}

// smVersion is the meeting's current version as c sees it.
func smVersion(t *testing.T, c *webtest.Client, m map[string]any) int {
	t.Helper()
	r := c.Get(webtest.MeetingPath(m, ""))
	wantStatus(t, r, http.StatusOK)
	var v struct {
		Version int `json:"version"`
	}
	r.Decode(t, &v)
	return v.Version
}

// smSnapshot is everything a refused request must leave as it was: the
// meeting as its convener reads it, the audit log, the action items, the
// minutes, sign-offs and every link of meetings to units and cases.
func smSnapshot(t *testing.T, e *webtest.Env, c *webtest.Client, m map[string]any) string {
	t.Helper()
	r := c.Get(webtest.MeetingPath(m, ""))
	wantStatus(t, r, http.StatusOK)
	var b strings.Builder
	b.Write(r.Body)
	for _, q := range []string{"audit_log", "action_items", "minutes", "minutes_signoffs", "minutes_revisions", "decisions",
		"decision_actions", "decision_action_cases", "meeting_units", "meeting_cases", "agenda_items", "agenda_item_cases", "meetings"} {
		fmt.Fprintf(&b, "|%s=%d", q, count(t, e, "SELECT COUNT(*) FROM "+q))
	}
	return b.String()
}

// smRefused sends bad, which must answer status and code, and checks that
// nothing changed.
func smRefused(t *testing.T, e *webtest.Env, c *webtest.Client, m map[string]any, status int, code string, bad func() webtest.Response) apiError {
	t.Helper()
	before := smSnapshot(t, e, c, m)
	ae := wantError(t, bad(), status, code)
	if after := smSnapshot(t, e, c, m); after != before {
		t.Errorf("a refused request (%d %s) changed something:\nbefore %s\nafter  %s", status, code, before, after)
	}
	return ae
}

// smContains fails unless the page contains want.
func smContains(t *testing.T, r webtest.Response, want string) {
	t.Helper()
	if !bytes.Contains(r.Body, []byte(want)) {
		t.Fatalf("status %d: page lacks %q\n%.2000s", r.Status, want, r.Body)
	}
}

// smMeetingView is what these tests read of a meeting.
type smMeetingView struct {
	Version         int     `json:"version"`
	Sensitivity     string  `json:"sensitivity"`
	ConveningUnitID int64   `json:"convening_unit_id"`
	CoUnitIDs       []int64 `json:"co_unit_ids"`
	Minutes         *struct {
		Status  string  `json:"status"`
		Pending []int64 `json:"pending_sign_off_unit_ids"`
	} `json:"minutes"`
}

func smGet(t *testing.T, c *webtest.Client, m map[string]any) smMeetingView {
	t.Helper()
	return meetingAs[smMeetingView](t, c, m)
}

// Finding 1 (high): chen.hao of the justice bureau, a co-organiser, sent
// {"convening_unit_id": his unit, "co_unit_ids": []} and took the meeting
// over; on a classified meeting he could make it ordinary.
func TestSecMeeting_CoOrganiserCannotTakeOver(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office, justice, proc := e.API(d.OfficeSec), e.API(d.JusticeSec), e.API(d.ProcSec)
	// a leader of the leading group outside the owning units (the district's
	// own leader sits in the convening office)
	outsideLeader := e.User("party.leader", d.Party, account.RoleLeader)
	m := smMeeting(t, e, office, d.Office.ID, "sensitive", []int64{d.Procuratorate.ID, d.Justice.ID}, nil)
	smHold(t, e)
	wantStatus(t, office.Do("PUT", webtest.MeetingPath(m, "/minutes"), smRegisterMinutes(t, e, d.AgencyA.ID)), http.StatusOK)
	path := webtest.MeetingPath(m, "")
	v := smVersion(t, office, m)

	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"take over", map[string]any{"convening_unit_id": d.Justice.ID, "co_unit_ids": []int64{}}},
		{"become convener, keep the others", map[string]any{"convening_unit_id": d.Justice.ID, "co_unit_ids": []int64{d.Office.ID, d.Procuratorate.ID}}},
		{"drop the other co-organiser", map[string]any{"co_unit_ids": []int64{d.Justice.ID}}},
		{"drop every co-organiser", map[string]any{"co_unit_ids": []int64{}}},
		{"add a co-organiser", map[string]any{"co_unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID, d.AgencyB.ID}}},
		{"lower the sensitivity", map[string]any{"sensitivity": "ordinary", "reason": "已脱密"}},
		{"raise the sensitivity", map[string]any{"sensitivity": "classified"}},
	} {
		tc.body["version"] = v
		for who, c := range map[string]*webtest.Client{"justice bureau": justice, "procuratorate": proc} {
			t.Run(tc.name+" as the "+who, func(t *testing.T) {
				smRefused(t, e, office, m, http.StatusForbidden, "meeting.convener_only", func() webtest.Response { return c.Do("PATCH", path, tc.body) })
			})
		}
	}
	got := smGet(t, office, m)
	if got.ConveningUnitID != d.Office.ID || len(got.CoUnitIDs) != 2 || got.Sensitivity != "sensitive" || got.Version != v {
		t.Fatalf("the meeting changed hands: %+v", got)
	}
	// A co-organiser still edits the rest of the meeting; sending the
	// units and sensitivity unchanged (as the edit form does) is no change.
	r := justice.Do("PATCH", path, map[string]any{"version": v, "title": "联合会商（司法局修改）", "convening_unit_id": d.Office.ID,
		"co_unit_ids": []int64{d.Justice.ID, d.Procuratorate.ID}, "sensitivity": "sensitive"})
	wantStatus(t, r, http.StatusOK)
	// Only the convener confirms, and only after every co-organiser signed.
	smRefused(t, e, office, m, http.StatusForbidden, "meeting.confirm_convener_only", func() webtest.Response { return justice.Post(path+"/minutes/confirm", nil) })
	smRefused(t, e, office, m, http.StatusUnprocessableEntity, "meeting.signoff_missing", func() webtest.Response { return office.Post(path+"/minutes/confirm", nil) })
	wantStatus(t, justice.Post(path+"/minutes/sign-off", nil), http.StatusOK)
	wantStatus(t, proc.Post(path+"/minutes/sign-off", nil), http.StatusOK)
	wantStatus(t, office.Post(path+"/minutes/confirm", nil), http.StatusOK)
	if n := count(t, e, `SELECT COUNT(*) FROM action_items WHERE issuing_unit_id = ?`, d.Office.ID); n != 1 {
		t.Errorf("%d action items issued in the convener's name, want 1", n)
	}

	t.Run("classified", func(t *testing.T) {
		m := smMeeting(t, e, office, d.Office.ID, "classified", []int64{d.Procuratorate.ID, d.Justice.ID}, nil)
		v := smVersion(t, office, m)
		for _, body := range []map[string]any{
			{"version": v, "sensitivity": "ordinary"}, // the penetration test's request
			{"version": v, "sensitivity": "ordinary", "reason": "已脱密"},
		} {
			smRefused(t, e, office, m, http.StatusForbidden, "meeting.convener_only", func() webtest.Response {
				return justice.Do("PATCH", webtest.MeetingPath(m, ""), body)
			})
		}
		wantError(t, e.API(outsideLeader).Get(webtest.MeetingPath(m, "")), http.StatusNotFound, "not_found")
	})
}

// Lowering the sensitivity is the convener's, with a reason the audit log
// keeps; raising it needs no reason.
func TestSecMeeting_LowerSensitivityNeedsReason(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office := e.API(d.OfficeSec)
	leader := e.API(e.User("party.leader", d.Party, account.RoleLeader)) // outside the owning units
	m := smMeeting(t, e, office, d.Office.ID, "classified", []int64{d.Justice.ID}, nil)
	path := webtest.MeetingPath(m, "")
	v := smVersion(t, office, m)
	for _, body := range []map[string]any{
		{"sensitivity": "sensitive"},
		{"sensitivity": "ordinary", "reason": "   "},
	} {
		body["version"] = v
		ae := smRefused(t, e, office, m, http.StatusUnprocessableEntity, "meeting.sensitivity_reason_required", func() webtest.Response { return office.Do("PATCH", path, body) })
		if ae.Fields["reason"] == "" {
			t.Errorf("the error names no reason field: %+v", ae)
		}
	}
	smRefused(t, e, office, m, http.StatusUnprocessableEntity, "too_long", func() webtest.Response {
		return office.Do("PATCH", path, map[string]any{"version": v, "sensitivity": "sensitive", "reason": strings.Repeat("理", 501)})
	})
	wantError(t, leader.Get(path), http.StatusNotFound, "not_found")

	const reason = "经领导小组批准降为敏感（批文2026-17号）"
	wantStatus(t, office.Do("PATCH", path, map[string]any{"version": v, "sensitivity": "sensitive", "reason": reason}), http.StatusOK)
	wantStatus(t, leader.Get(path), http.StatusOK) // leaders see sensitive meetings
	var detail string
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT detail FROM audit_entries WHERE action = 'meeting.update' AND object_id = ? ORDER BY id DESC LIMIT 1`,
		fmt.Sprint(m["id"])).Scan(&detail).Error; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{reason, `"sensitivity_from":"classified"`, `"sensitivity_to":"sensitive"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("audit detail %s lacks %s", detail, want)
		}
	}
	// raising needs no reason, and the log keeps none given with it (no
	// text of a classified meeting goes to the log)
	wantStatus(t, office.Do("PATCH", path, map[string]any{"version": v + 1, "sensitivity": "classified", "reason": "升密说明"}), http.StatusOK)
	if n := count(t, e, `SELECT COUNT(*) FROM audit_entries WHERE detail LIKE ?`, "%升密说明%"); n != 0 {
		t.Errorf("%d audit entries keep text given with raising the sensitivity", n)
	}
}

// The rule for sign-offs: confirming needs the sign-off of every current
// co-organiser, and once a meeting has minutes no unit leaves its owners
// (convener and co-organisers), so no change of units can skip a unit
// that was a co-organiser when the draft was written. Units may still be
// added; a unit added to a draft must sign it too.
func TestSecMeeting_SignOffsSurviveUnitChanges(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office, justice, proc, admin := e.API(d.OfficeSec), e.API(d.JusticeSec), e.API(d.ProcSec), e.API(d.Admin)
	gov := e.API(e.User("gov.sec", d.Government, account.RoleSecretary))
	m := smMeeting(t, e, office, d.Office.ID, "ordinary", []int64{d.Procuratorate.ID, d.Justice.ID}, nil)
	smHold(t, e)
	path := webtest.MeetingPath(m, "")
	// before any minutes the convener arranges the units freely
	wantStatus(t, office.Do("PATCH", path, map[string]any{"version": smVersion(t, office, m), "co_unit_ids": []int64{d.Procuratorate.ID}}), http.StatusOK)
	wantStatus(t, office.Do("PATCH", path, map[string]any{"version": smVersion(t, office, m), "co_unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID}}), http.StatusOK)

	wantStatus(t, office.Do("PUT", path+"/minutes", smMinutes(t, e, d.AgencyA.ID)), http.StatusOK)
	wantStatus(t, proc.Post(path+"/minutes/sign-off", nil), http.StatusOK)
	v := smVersion(t, office, m)
	// the justice bureau has not signed: removing it would let the
	// convener confirm without it
	smRefused(t, e, office, m, http.StatusConflict, "meeting.owner_locked", func() webtest.Response {
		return office.Do("PATCH", path, map[string]any{"version": v, "co_unit_ids": []int64{d.Procuratorate.ID}})
	})
	smRefused(t, e, office, m, http.StatusConflict, "meeting.owner_locked", func() webtest.Response {
		return admin.Do("PATCH", path, map[string]any{"version": v, "convening_unit_id": d.Procuratorate.ID, "co_unit_ids": []int64{d.Justice.ID}})
	})
	smRefused(t, e, office, m, http.StatusUnprocessableEntity, "meeting.signoff_missing", func() webtest.Response { return office.Post(path+"/minutes/confirm", nil) })

	// a unit added to the draft must sign it too
	wantStatus(t, office.Do("PATCH", path, map[string]any{"version": v, "co_unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID, d.Government.ID}}), http.StatusOK)
	wantStatus(t, justice.Post(path+"/minutes/sign-off", nil), http.StatusOK)
	got := smGet(t, office, m)
	if got.Minutes == nil || len(got.Minutes.Pending) != 1 || got.Minutes.Pending[0] != d.Government.ID {
		t.Fatalf("pending sign-offs %+v, want the government alone", got.Minutes)
	}
	smRefused(t, e, office, m, http.StatusUnprocessableEntity, "meeting.signoff_missing", func() webtest.Response { return office.Post(path+"/minutes/confirm", nil) })
	wantStatus(t, gov.Post(path+"/minutes/sign-off", nil), http.StatusOK)
	wantStatus(t, office.Post(path+"/minutes/confirm", nil), http.StatusOK)
	// and once confirmed, the owners who signed still cannot be dropped
	smRefused(t, e, office, m, http.StatusConflict, "meeting.owner_locked", func() webtest.Response {
		return office.Do("PATCH", path, map[string]any{"version": smVersion(t, office, m), "co_unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID}})
	})

	t.Run("an administrator hands a draft over only with every owner kept", func(t *testing.T) {
		m := smMeeting(t, e, office, d.Office.ID, "ordinary", []int64{d.Justice.ID}, nil)
		smHold(t, e)
		path := webtest.MeetingPath(m, "")
		wantStatus(t, office.Do("PUT", path+"/minutes", smMinutes(t, e, d.AgencyA.ID)), http.StatusOK)
		v := smVersion(t, office, m)
		smRefused(t, e, office, m, http.StatusConflict, "meeting.owner_locked", func() webtest.Response {
			return admin.Do("PATCH", path, map[string]any{"version": v, "convening_unit_id": d.Procuratorate.ID})
		})
		wantStatus(t, admin.Do("PATCH", path, map[string]any{"version": v, "convening_unit_id": d.Procuratorate.ID,
			"co_unit_ids": []int64{d.Office.ID, d.Justice.ID}}), http.StatusOK)
		got := smGet(t, proc, m)
		if got.ConveningUnitID != d.Procuratorate.ID || got.Minutes == nil || len(got.Minutes.Pending) != 2 {
			t.Fatalf("after the hand-over: %+v (want the former convener and the justice bureau still to sign)", got)
		}
		wantError(t, office.Post(path+"/minutes/confirm", nil), http.StatusForbidden, "meeting.confirm_convener_only")
	})
}

// Finding 2 (low): linking a case the linker may not see answered 201 and
// showed its register entry; an unknown id answered case.unknown, so ids
// could be probed. Every path that links cases now answers the same 422
// case.unknown for both.
func TestSecMeeting_CaseLinksNeedVisibility(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office, justice, proc := e.API(d.OfficeSec), e.API(d.JusticeSec), e.API(d.ProcSec)
	const number = "（2026）检密隐字第6号"
	hidden := proc.CreateCase(t, map[string]any{"number": number, "kind": "工伤认定", "respondent_unit_id": d.AgencyA.ID,
		"origin_unit_id": d.Procuratorate.ID, "sensitivity": "classified", "accepted_on": smDay(t, e, 1).AddDays(-60).String(), "paper_file_holder": "检察院档案室"}).ID
	wantError(t, justice.Get(webtest.CasePath(hidden, "")), http.StatusNotFound, "not_found")
	var unknown int64 = hidden + 100000

	m := smMeeting(t, e, office, d.Office.ID, "sensitive", []int64{d.Procuratorate.ID, d.Justice.ID}, nil)
	smHold(t, e)
	path := webtest.MeetingPath(m, "")
	it := justice.Post(path+"/agenda", map[string]any{"duration_minutes": 10}) // untitled: a sensitive meeting's agenda is its register
	wantStatus(t, it, http.StatusCreated)
	item := fmt.Sprintf("%s/agenda/%d", path, azID(t, it))
	v := smVersion(t, office, m)
	due := smDay(t, e, 15).String()
	start := smAt(t, e, 4, 14, 0)

	for _, tc := range []struct {
		name string
		send func(id int64) webtest.Response
	}{
		{"agenda add", func(id int64) webtest.Response {
			return justice.Post(path+"/agenda", map[string]any{"duration_minutes": 10, "case_ids": []int64{id}})
		}},
		{"agenda edit", func(id int64) webtest.Response {
			return justice.Do("PATCH", item, map[string]any{"duration_minutes": 10, "case_ids": []int64{id}, "version": 1})
		}},
		{"meeting update", func(id int64) webtest.Response {
			return justice.Do("PATCH", path, map[string]any{"version": v, "case_ids": []int64{id}})
		}},
		{"minutes action", func(id int64) webtest.Response {
			return justice.Do("PUT", path+"/minutes", map[string]any{"decisions": []map[string]any{{
				"action_items": []map[string]any{{"responsible_unit_id": d.AgencyA.ID, "due_on": due, "case_ids": []int64{id}}}}}})
		}},
		{"meeting create", func(id int64) webtest.Response {
			b := webtest.MeetingBody("consultation", d.Justice.ID, "司法局会商", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
			b["case_ids"] = []int64{id}
			return justice.Post("/api/v1/meetings", b)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hid, none webtest.Response
			smRefused(t, e, office, m, http.StatusUnprocessableEntity, "case.unknown", func() webtest.Response { hid = tc.send(hidden); return hid })
			smRefused(t, e, office, m, http.StatusUnprocessableEntity, "case.unknown", func() webtest.Response { none = tc.send(unknown); return none })
			if !bytes.Equal(hid.Body, none.Body) {
				t.Errorf("a hidden case and no case answer differently:\n%s\n%s", hid.Body, none.Body)
			}
		})
	}
	for _, u := range []account.User{d.JusticeSec, d.OfficeSec, d.Leader, d.ProcSec} {
		if r := e.API(u).Get(path); bytes.Contains(r.Body, []byte(number)) {
			t.Errorf("the meeting shows the hidden case's number to %s", u.Username)
		}
	}
	// Whoever may see the case links it; a co-organiser then edits that
	// item without being asked about the link again.
	r := proc.Post(path+"/agenda", map[string]any{"duration_minutes": 10, "case_ids": []int64{hidden}})
	wantStatus(t, r, http.StatusCreated)
	wantStatus(t, justice.Do("PATCH", fmt.Sprintf("%s/agenda/%d", path, azID(t, r)),
		map[string]any{"duration_minutes": 15, "case_ids": []int64{hidden}, "version": 1}), http.StatusOK)
}

// Finding 3 (low): minutes of a cancelled meeting were confirmed (and
// created action items) or revised.
func TestSecMeeting_NoMinutesAfterCancel(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office, proc := e.API(d.OfficeSec), e.API(d.ProcSec)

	m := smMeeting(t, e, office, d.Office.ID, "ordinary", []int64{d.Procuratorate.ID}, nil)
	smHold(t, e)
	path := webtest.MeetingPath(m, "")
	wantStatus(t, office.Do("PUT", path+"/minutes", smMinutes(t, e, d.AgencyA.ID)), http.StatusOK)
	wantStatus(t, proc.Post(path+"/minutes/sign-off", nil), http.StatusOK)
	wantStatus(t, office.Post(path+"/cancel", map[string]any{"reason": "改期"}), http.StatusOK)
	smRefused(t, e, office, m, http.StatusConflict, "meeting.cancelled", func() webtest.Response { return office.Post(path+"/minutes/confirm", nil) })
	smRefused(t, e, office, m, http.StatusConflict, "meeting.cancelled", func() webtest.Response { return proc.Post(path+"/minutes/sign-off", nil) })
	if n := count(t, e, `SELECT COUNT(*) FROM action_items`); n != 0 {
		t.Errorf("%d action items from a cancelled meeting", n)
	}

	m2 := smMeeting(t, e, office, d.Office.ID, "ordinary", nil, nil)
	smHold(t, e)
	path2 := webtest.MeetingPath(m2, "")
	wantStatus(t, office.Do("PUT", path2+"/minutes", smMinutes(t, e, d.AgencyA.ID)), http.StatusOK)
	wantStatus(t, office.Post(path2+"/minutes/confirm", nil), http.StatusOK)
	wantStatus(t, office.Post(path2+"/cancel", map[string]any{}), http.StatusOK)
	smRefused(t, e, office, m2, http.StatusConflict, "meeting.cancelled", func() webtest.Response {
		return office.Post(path2+"/minutes/revisions", map[string]any{"body": "更正后的纪要", "reason": "笔误"})
	})
}

// Finding 3 (low): one confirm created 6,000 action items. Minutes take at
// most 50 decisions, a decision at most 20 action items.
func TestSecMeeting_MinutesCaps(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office := e.API(d.OfficeSec)
	m := smMeeting(t, e, office, d.Office.ID, "ordinary", nil, nil)
	smHold(t, e)
	path := webtest.MeetingPath(m, "")
	due := smDay(t, e, 15).String()
	action := map[string]any{"title": "整改", "responsible_unit_id": d.AgencyA.ID, "due_on": due}
	minutes := func(decisions, actions int) map[string]any {
		ds := make([]map[string]any, decisions)
		for i := range ds {
			ds[i] = map[string]any{"text": fmt.Sprintf("议定事项%d", i+1), "action_items": []map[string]any{}}
		}
		as := make([]map[string]any, actions)
		for i := range as {
			as[i] = action
		}
		ds[0]["action_items"] = as
		return map[string]any{"body": "纪要", "decisions": ds}
	}
	en := english(office)
	ae := smRefused(t, e, office, m, http.StatusUnprocessableEntity, "meeting.decisions_too_many", func() webtest.Response { return en.Do("PUT", path+"/minutes", minutes(51, 1)) })
	if !strings.Contains(ae.Fields["decisions"], "50") {
		t.Errorf("the message does not name the limit: %+v", ae)
	}
	ae = smRefused(t, e, office, m, http.StatusUnprocessableEntity, "meeting.actions_too_many", func() webtest.Response { return en.Do("PUT", path+"/minutes", minutes(1, 21)) })
	if !strings.Contains(ae.Fields["decisions[0].action_items"], "20") {
		t.Errorf("the message does not name the field and limit: %+v", ae)
	}
	wantStatus(t, office.Do("PUT", path+"/minutes", minutes(50, 20)), http.StatusOK)
	r := office.Post(path+"/minutes/confirm", nil)
	wantStatus(t, r, http.StatusOK)
	if n := count(t, e, `SELECT COUNT(*) FROM action_items`); n != 20 {
		t.Errorf("%d action items, want 20", n)
	}
}

// The edit form follows the same rules: a co-organiser saves the form with
// the units and sensitivity as they are, but cannot change them; the
// convener lowers the sensitivity with the form's reason field.
func TestSecMeeting_EditForm(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office := e.API(d.OfficeSec)
	m := smMeeting(t, e, office, d.Office.ID, "sensitive", []int64{d.Justice.ID}, nil)
	id := fmt.Sprint(m["id"])
	start := smAt(t, e, 3, 9, 30)
	form := func(version int, edit map[string][]string) url.Values {
		v := url.Values{"kind": {"consultation"}, "title": {"联合会商"}, "convening_unit_id": {fmt.Sprint(d.Office.ID)},
			"co_unit_ids": {fmt.Sprint(d.Justice.ID)}, "start": {start.Format("2006-01-02T15:04")},
			"end": {start.Add(2 * time.Hour).Format("2006-01-02T15:04")}, "location": {""}, "sensitivity": {"sensitive"},
			"paper_file_holder": {"机要室"}, "freq": {"none"}, "force": {"1"}, "version": {fmt.Sprint(version)}}
		for k, x := range edit {
			v[k] = x
		}
		return v
	}
	officeB, justiceB := e.Browser(d.OfficeSec), e.Browser(d.JusticeSec)
	smContains(t, officeB.Get("/meetings/"+id+"/edit"), `name="reason"`)
	v := smVersion(t, office, m)
	before := smSnapshot(t, e, office, m)
	wantStatus(t, justiceB.PostForm("/meetings/"+id, form(v, map[string][]string{"co_unit_ids": nil})), http.StatusForbidden)
	wantStatus(t, justiceB.PostForm("/meetings/"+id, form(v, map[string][]string{"sensitivity": {"ordinary"}, "reason": {"已脱密"}})), http.StatusForbidden)
	r := officeB.PostForm("/meetings/"+id, form(v, map[string][]string{"sensitivity": {"ordinary"}}))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	smContains(t, r, "降低密级须填写理由")
	if after := smSnapshot(t, e, office, m); after != before {
		t.Errorf("refused form posts changed the meeting:\nbefore %s\nafter  %s", before, after)
	}
	wantStatus(t, justiceB.PostForm("/meetings/"+id, form(v, map[string][]string{"title": {"联合会商（司法局）"}})), http.StatusSeeOther)
	wantStatus(t, officeB.PostForm("/meetings/"+id, form(v+1, map[string][]string{"sensitivity": {"ordinary"}, "reason": {"经批准解除敏感"}})), http.StatusSeeOther)
	if got := smGet(t, office, m); got.Sensitivity != "ordinary" {
		t.Errorf("sensitivity %s after the convener lowered it with a reason", got.Sensitivity)
	}
}
