package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// One sensitivity rule per level, the same for every record type (issue
// 14): an ordinary record takes content; a sensitive or a classified one
// keeps its register entry only, and content is refused with 422
// sensitivity.no_content on the field, changing nothing. Before the rule,
// a classified meeting took a place, a link and guests, and a sensitive
// meeting a description, agenda, minutes, comments and reasons.

// ruleRecord sends one piece of content to a fresh record of level sens
// and returns the answer with the status that means "taken".
type ruleRecord struct {
	what, field string
	ok          int
	// hidden: at classified, the record is not even visible to the
	// sender (404), which refuses as well
	hidden bool
	send   func(t *testing.T, f ruleFixture, sens string) webtest.Response
}

type ruleFixture struct {
	e *webtest.Env
	d webtest.District
}

// meeting is a fresh meeting of level sens convened by the office with the
// justice bureau co-organising and agency A's member invited: its register
// entry only (no place).
func (f ruleFixture) meeting(t *testing.T, sens string) (map[string]any, string) {
	m := smMeeting(t, f.e, f.e.API(f.d.OfficeSec), f.d.Office.ID, sens, []int64{f.d.Justice.ID},
		map[string]any{"location": "", "attendee_user_ids": []int64{f.d.AgencyAMember.ID}})
	return m, webtest.MeetingPath(m, "")
}

// minutes writes minutes to a fresh meeting of level sens once it has
// started (minutes open at the start), then puts the clock back for the
// records that follow.
func (f ruleFixture) minutes(t *testing.T, sens string, body map[string]any) webtest.Response {
	m, p := f.meeting(t, sens)
	start, err := time.Parse(time.RFC3339, m["start"].(string))
	if err != nil {
		t.Fatal(err)
	}
	now := f.e.Clock.Now()
	f.e.Clock.Set(start.Add(time.Hour))
	defer f.e.Clock.Set(now)
	return f.e.API(f.d.OfficeSec).Do("PUT", p+"/minutes", body)
}

func (f ruleFixture) meetingBody(t *testing.T, sens, field, v string) map[string]any {
	start := smAt(t, f.e, 5, 9, 30)
	b := webtest.MeetingBody("consultation", f.d.Office.ID, "会商", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	b["sensitivity"], b["location"], b[field] = sens, "", v
	if sens != "ordinary" {
		b["paper_file_holder"] = "机要室"
	}
	return b
}

func (f ruleFixture) caseBody(sens, tag string) map[string]any {
	b := map[string]any{"number": "（2026）规则" + tag + sens + "号", "kind": "工伤认定", "respondent_unit_id": f.d.AgencyA.ID,
		"origin_unit_id": f.d.Procuratorate.ID, "sensitivity": sens, "accepted_on": "2026-03-02", "paper_file_holder": "检察院档案室"}
	if sens == "ordinary" {
		b["title"] = "工伤认定案"
	}
	return b
}

var ruleRecords = []ruleRecord{
	{"meeting", "description", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		return f.e.API(f.d.OfficeSec).Post("/api/v1/meetings", f.meetingBody(t, sens, "description", "议程说明"))
	}},
	{"meeting", "location", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		return f.e.API(f.d.OfficeSec).Post("/api/v1/meetings", f.meetingBody(t, sens, "location", "三楼会议室"))
	}},
	{"meeting", "online_url", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		return f.e.API(f.d.OfficeSec).Post("/api/v1/meetings", f.meetingBody(t, sens, "online_url", "https://meet.example/r/1"))
	}},
	{"meeting expert", "experts", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		b := f.meetingBody(t, sens, "description", "")
		b["experts"] = []map[string]any{{"mode": "invited", "name": "王教授", "email": "wang@expert.example", "unit_name": "某大学"}}
		return f.e.API(f.d.OfficeSec).Post("/api/v1/meetings", b)
	}},
	{"meeting (edit)", "location", 200, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		m, p := f.meeting(t, sens)
		return f.e.API(f.d.OfficeSec).Do("PATCH", p, map[string]any{"location": "三楼会议室", "version": m["version"]})
	}},
	{"agenda item", "title", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		_, p := f.meeting(t, sens)
		return f.e.API(f.d.OfficeSec).Post(p+"/agenda", map[string]any{"title": "议题", "duration_minutes": 10})
	}},
	{"guest", "name", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		_, p := f.meeting(t, sens)
		return f.e.API(f.d.OfficeSec).Post(p+"/attendees", map[string]any{"name": "李律师", "email": "li@guest.example", "unit_name": "律所", "role": "optional"})
	}},
	{"RSVP", "comment", 200, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		_, p := f.meeting(t, sens)
		return f.e.API(f.d.AgencyAMember).Post(p+"/rsvp", map[string]any{"answer": "accepted", "comment": "准时参加"})
	}},
	{"minutes", "body", 200, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		return f.minutes(t, sens, map[string]any{"body": "会议纪要"})
	}},
	{"decision", "decisions[0].text", 200, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		return f.minutes(t, sens, map[string]any{"decisions": []map[string]any{{"text": "限期整改"}}})
	}},
	{"decision's action item", "decisions[0].action_items[0].title", 200, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		text := ""
		if sens == "ordinary" {
			text = "限期整改"
		}
		return f.minutes(t, sens, map[string]any{"decisions": []map[string]any{{"text": text,
			"action_items": []map[string]any{{"title": "整改到位", "responsible_unit_id": f.d.AgencyA.ID, "due_on": smDay(t, f.e, 15).String()}}}}})
	}},
	{"cancellation", "reason", 200, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		_, p := f.meeting(t, sens)
		return f.e.API(f.d.OfficeSec).Post(p+"/cancel", map[string]any{"reason": "领导另有安排"})
	}},
	{"case", "summary", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		return f.e.API(f.d.ProcSec).Post("/api/v1/cases", cfWith(f.caseBody(sens, "摘要"), "summary", "案情摘要"))
	}},
	{"case notification", "summary", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		k := f.e.API(f.d.ProcSec).CreateCase(t, f.caseBody(sens, "通报"))
		return f.e.API(f.d.ProcSec).Post(webtest.CasePath(k.ID, "/notifications"),
			map[string]any{"from_unit_id": f.d.Procuratorate.ID, "to_unit_id": f.d.Justice.ID, "stage": "accepted", "summary": "通报说明"})
	}},
	{"document", "title", 201, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		return f.e.API(f.d.ProcSec).Post("/api/v1/documents", map[string]any{"type": "procuratorial_suggestion", "number": "检建〔2026〕规则" + sens + "号",
			"issuing_unit_id": f.d.Procuratorate.ID, "addressee_unit_id": f.d.AgencyA.ID, "issued_on": "2026-03-02", "received_on": "2026-03-02",
			"sensitivity": sens, "title": "关于某事的检察建议"})
	}},
	{"action feedback", "body", 201, true, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		it := f.e.Action(followup.NewAction{ResponsibleUnitID: f.d.AgencyA.ID, IssuingUnitID: f.d.Procuratorate.ID,
			DueOn: webtest.DaysFromToday(20), Sensitivity: account.Sensitivity(sens)})
		return f.e.API(f.d.AgencyAMember).Post(fmt.Sprintf("/api/v1/actions/%d/feedback", it.ID), map[string]any{"body": "已整改"})
	}},
	{"escalation", "documents", 200, false, func(t *testing.T, f ruleFixture, sens string) webtest.Response {
		it := f.e.Action(followup.NewAction{ResponsibleUnitID: f.d.AgencyA.ID, IssuingUnitID: f.d.Procuratorate.ID,
			DueOn: webtest.DaysFromToday(-5), Sensitivity: account.Sensitivity(sens)})
		return f.e.API(f.d.ProcSec).Post(fmt.Sprintf("/api/v1/actions/%d/escalate", it.ID), map[string]any{"documents": []string{"督促函"}})
	}},
}

func TestSecSensitivity_OneRulePerLevel(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	f := ruleFixture{e: e, d: e.District()}
	for _, rec := range ruleRecords {
		for _, sens := range []string{"ordinary", "sensitive", "classified"} {
			t.Run(rec.what+" "+rec.field+" "+sens, func(t *testing.T) {
				r := rec.send(t, f, sens)
				if sens == "ordinary" {
					if r.Status != rec.ok {
						t.Fatalf("ordinary %s %s: status %d, want %d\n%.400s", rec.what, rec.field, r.Status, rec.ok, r.Body)
					}
					return
				}
				if rec.hidden && sens == "classified" && r.Status == http.StatusNotFound {
					return
				}
				if r.Status != http.StatusUnprocessableEntity || !cfFieldIs(t, e, r, rec.field, account.NoContentCode) {
					t.Fatalf("%s %s %s: status %d, want 422 with %s on %s\n%.400s", sens, rec.what, rec.field, r.Status, account.NoContentCode, rec.field, r.Body)
				}
			})
		}
	}
}

// TestSecSensitivity_RefusalChangesNothing: a refused piece of content
// leaves no write behind (every write is audited, so the log's length
// tells), and the register entry alone is taken at every level.
func TestSecSensitivity_RefusalChangesNothing(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	f := ruleFixture{e: e, d: e.District()}
	office := e.API(f.d.OfficeSec)
	for _, sens := range []string{"sensitive", "classified"} {
		m, p := f.meeting(t, sens)
		n := count(t, e, `SELECT COUNT(*) FROM audit_log`)
		for _, r := range []webtest.Response{
			office.Do("PATCH", p, map[string]any{"location": "三楼会议室", "title": "改名", "version": m["version"]}),
			office.Post(p+"/agenda", map[string]any{"title": "议题", "duration_minutes": 10}),
			office.Do("PUT", p+"/minutes", map[string]any{"body": "纪要"}),
		} {
			wantStatus(t, r, http.StatusUnprocessableEntity)
		}
		if got := count(t, e, `SELECT COUNT(*) FROM audit_log`); got != n {
			t.Errorf("%s: refused content left %d writes", sens, got-n)
		}
		// the register entry: an untitled agenda item, minutes whose
		// decision asks agency A for an untitled action item
		wantStatus(t, office.Post(p+"/agenda", map[string]any{"duration_minutes": 10}), http.StatusCreated)
		e.Clock.Set(smAt(t, e, 5, 12, 0)) // the meeting (f.meeting) has started
		wantStatus(t, office.Do("PUT", p+"/minutes", map[string]any{"decisions": []map[string]any{{
			"action_items": []map[string]any{{"responsible_unit_id": f.d.AgencyA.ID, "due_on": smDay(t, e, 15).String()}}}}}), http.StatusOK)
	}
	// Raising an ordinary meeting that holds content is refused until the
	// content is gone: the level never outranks what the record holds.
	m, p := f.meeting(t, "ordinary")
	wantStatus(t, office.Post(p+"/agenda", map[string]any{"title": "议题", "duration_minutes": 10}), http.StatusCreated)
	r := office.Do("PATCH", p, map[string]any{"sensitivity": "sensitive", "paper_file_holder": "机要室", "version": smVersion(t, office, m)})
	wantError(t, r, http.StatusUnprocessableEntity, account.NoContentCode)
}
