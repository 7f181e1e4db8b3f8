package web_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/clock/clocktest"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

func wantErr(t *testing.T, r webtest.Response, status int, code string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if got := r.ErrorCode(t); code != "" && got != code {
		t.Fatalf("code %q, want %q: %s", got, code, r.Body)
	}
}

func TestActionAPI_FeedbackAndVerify(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	it := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(20)})
	sens := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(20), Sensitivity: account.Sensitive})
	agencyA, agencyB, proc, procMember := e.API(d.AgencyAMember), e.API(d.AgencyBMember), e.API(d.ProcSec), e.API(d.ProcMember)
	fb := fmt.Sprintf("/api/v1/actions/%d/feedback", it.ID)
	verify := fmt.Sprintf("/api/v1/actions/%d/verify", it.ID)

	t.Run("feedback on someone else's item", func(t *testing.T) {
		wantErr(t, agencyB.Post(fb, map[string]any{"body": "x"}), 404, "not_found")
		wantErr(t, proc.Post(fb, map[string]any{"body": "x"}), 403, "action.not_responsible")
		wantErr(t, e.API(d.Leader).Post(fb, map[string]any{"body": "x"}), 403, "action.not_responsible")
	})
	t.Run("bad feedback", func(t *testing.T) {
		wantErr(t, agencyA.Post(fb, map[string]any{"body": "  "}), 422, "invalid")
		wantErr(t, agencyA.Post(fb, map[string]any{"body": "x", "kind": "final"}), 422, "invalid")
		wantErr(t, agencyA.Post(fb, map[string]any{"body": "x", "extra": 1}), 400, "malformed.unknown_field")
		wantErr(t, agencyA.Post(fb, map[string]any{"body": 5}), 422, "malformed.type")
		wantErr(t, agencyA.Post(fb, map[string]any{"body": "x", "version": 99}), 409, "stale_version")
		wantErr(t, agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", sens.ID), map[string]any{"body": "内容"}), 422, "sensitivity.no_content")
		if r := agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", sens.ID), map[string]any{"body": ""}); r.Status != 201 {
			t.Fatalf("sensitive feedback without content: %d %s", r.Status, r.Body)
		}
	})
	t.Run("verifying an unanswered item", func(t *testing.T) {
		wantErr(t, proc.Post(verify, map[string]any{"accepted": true}), 422, "action.not_answered")
	})
	var after struct {
		actionJSON
		Action actionJSON `json:"action"`
	}
	r := agencyA.Post(fb, map[string]any{"body": "已按建议整改，附整改报告。"})
	if r.Status != 201 {
		t.Fatalf("feedback: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &after)
	if after.Action.Status != "answered" {
		t.Fatalf("after feedback: %+v", after.Action)
	}
	t.Run("feedback twice", func(t *testing.T) {
		wantErr(t, agencyA.Post(fb, map[string]any{"body": "again"}), 422, "action.not_open")
	})
	t.Run("verifying one's own item", func(t *testing.T) {
		wantErr(t, agencyA.Post(verify, map[string]any{"accepted": true}), 403, "action.own_item")
		wantErr(t, procMember.Post(verify, map[string]any{"accepted": true}), 403, "action.not_issuer")
		wantErr(t, agencyB.Post(verify, map[string]any{"accepted": true}), 404, "not_found")
	})
	t.Run("bad verification", func(t *testing.T) {
		wantErr(t, proc.Post(verify, map[string]any{"comment": "x"}), 422, "invalid")
		wantErr(t, proc.Post(verify, map[string]any{"accepted": false}), 422, "invalid")
		wantErr(t, proc.Post(verify, map[string]any{"accepted": false, "comment": "x", "due_on": webtest.DaysFromToday(-1).String()}), 422, "invalid") // yesterday
		wantErr(t, proc.Post(verify, map[string]any{"accepted": false, "comment": "x", "due_on": "2026-13-01"}), 422, "")
		wantErr(t, proc.Post(verify, map[string]any{"accepted": true, "due_on": webtest.DaysFromToday(3).String()}), 422, "invalid")
	})
	var v actionJSON
	newDue := webtest.DaysFromToday(30).String()
	r = proc.Post(verify, map[string]any{"accepted": false, "comment": "整改不到位", "due_on": newDue})
	if r.Status != 200 {
		t.Fatalf("return: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &v)
	if v.Status != "returned" || v.DueOn != newDue {
		t.Fatalf("returned: %+v", v)
	}
	if r := agencyA.Post(fb, map[string]any{"body": "已补充整改。"}); r.Status != 201 {
		t.Fatalf("second answer: %d %s", r.Status, r.Body)
	}
	revisit := webtest.DaysFromToday(60).String()
	r = proc.Post(verify, map[string]any{"accepted": true, "comment": "同意销号", "revisit_on": revisit})
	if r.Status != 200 {
		t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &v)
	if v.Status != "rectified" {
		t.Fatalf("accepted: %+v", v)
	}
	var detail struct {
		actionJSON
		Feedback      []map[string]any `json:"feedback"`
		Verifications []map[string]any `json:"verifications"`
		Escalations   []map[string]any `json:"escalations"`
		RevisitOn     string           `json:"revisit_on"`
	}
	agencyA.Get(fmt.Sprintf("/api/v1/actions/%d", it.ID)).Decode(t, &detail)
	if len(detail.Feedback) != 2 || len(detail.Verifications) != 2 || detail.Verifications[1]["accepted"] != true || detail.RevisitOn != revisit {
		t.Fatalf("detail: %+v", detail)
	}
	// the closed item's page shows the revisit date under its own name, not
	// the form's "（销号时，可选）" label (issue 17)
	page := string(e.Browser(d.ProcSec).Get(fmt.Sprintf("/actions/%d", it.ID)).Body)
	if !strings.Contains(page, "<dt>回头看日期</dt>") || strings.Contains(page, "销号时，可选") {
		t.Errorf("closed item's revisit date mislabelled:\n%s", page)
	}
	t.Run("revisit reopens for a check", func(t *testing.T) {
		svc := e.Deps.Actions
		if ids, err := svc.Revisit(e.Ctx()); err != nil || len(ids) != 0 {
			t.Fatalf("revisited before the day: %v %v", ids, err)
		}
		e.Clock.Set(clocktest.Date(61, 10, 0)) // a day past the revisit date
		ids, err := svc.Revisit(e.Ctx())
		if err != nil || !slices.Equal(ids, []int64{it.ID}) {
			t.Fatalf("revisit: %v %v", ids, err)
		}
		if ids, _ := svc.Revisit(e.Ctx()); len(ids) != 0 {
			t.Fatalf("revisited twice: %v", ids)
		}
		var got actionJSON
		proc.Get(fmt.Sprintf("/api/v1/actions/%d", it.ID)).Decode(t, &got)
		if got.Status != "answered" {
			t.Fatalf("after revisit: %+v", got)
		}
	})
}

func TestActionAPI_Escalation(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	partyMember := e.User("party.member", d.Party, account.RoleMember)
	govMember := e.User("gov.member", d.Government, account.RoleMember)
	late := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-5)})
	fresh := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5)})
	proc, agency, justice, party := e.API(d.ProcSec), e.API(d.AgencyAMember), e.API(d.JusticeMember), e.API(partyMember)
	esc := fmt.Sprintf("/api/v1/actions/%d/escalate", late.ID)
	get := fmt.Sprintf("/api/v1/actions/%d", late.ID)

	t.Run("neither overdue nor returned", func(t *testing.T) {
		wantErr(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", fresh.ID), map[string]any{"comment": "x"}), 422, "action.not_escalatable")
	})
	t.Run("answered late is not escalatable", func(t *testing.T) {
		x := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-5)})
		agency.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", x.ID), map[string]any{"body": "迟到的反馈"})
		wantErr(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", x.ID), map[string]any{}), 422, "action.not_escalatable")
	})
	t.Run("the responsible unit cannot escalate", func(t *testing.T) {
		wantErr(t, agency.Post(esc, map[string]any{"comment": "x"}), 403, "action.own_item")
	})
	if r := justice.Get(get); r.Status != 404 {
		t.Fatalf("justice sees before escalation: %d", r.Status)
	}
	var step struct {
		Step             int        `json:"step"`
		RecipientUnitIDs []int64    `json:"recipient_unit_ids"`
		Documents        []string   `json:"documents"`
		Action           actionJSON `json:"action"`
	}
	r := proc.Post(esc, map[string]any{"comment": "逾期未回复", "documents": []string{"检建〔2026〕3号", " "}})
	if r.Status != 200 {
		t.Fatalf("step 1: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &step)
	if step.Step != 1 || !slices.Equal(step.RecipientUnitIDs, []int64{d.Justice.ID}) || !slices.Equal(step.Documents, []string{"检建〔2026〕3号"}) || step.Action.EscalationStep != 1 {
		t.Fatalf("step 1: %+v", step)
	}
	if r := justice.Get(get); r.Status != 200 {
		t.Fatalf("justice after step 1: %d", r.Status)
	}
	if got := listIDs(t, justice, ""); !slices.Equal(got, []int64{late.ID}) {
		t.Fatalf("justice list: %v", got)
	}
	if r := party.Get(get); r.Status != 404 {
		t.Fatalf("party sees before step 2: %d", r.Status)
	}
	handling := fmt.Sprintf("/api/v1/actions/%d/escalations/1/handling", late.ID)
	t.Run("handling by others", func(t *testing.T) {
		wantErr(t, proc.Post(handling, map[string]any{"handling": "x"}), 403, "action.not_recipient")
		wantErr(t, e.API(d.AgencyBMember).Post(handling, map[string]any{"handling": "x"}), 404, "not_found")
		wantErr(t, justice.Post(fmt.Sprintf("/api/v1/actions/%d/escalations/2/handling", late.ID), map[string]any{"handling": "x"}), 404, "not_found")
		wantErr(t, justice.Post(handling, map[string]any{"handling": ""}), 422, "invalid")
	})
	r = justice.Post(handling, map[string]any{"handling": "依据《山东省行政执法监督条例》立案监督", "result": "已督促整改"})
	if r.Status != 200 || r.JSON(t)["handled_at"] == nil {
		t.Fatalf("handling: %d %s", r.Status, r.Body)
	}
	r = proc.Post(esc, map[string]any{"comment": "仍未整改"})
	if r.Status != 200 {
		t.Fatalf("step 2: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &step)
	want := []int64{d.Government.ID, d.Party.ID, d.Discipline.ID}
	got := slices.Clone(step.RecipientUnitIDs)
	slices.Sort(got)
	slices.Sort(want)
	if step.Step != 2 || !slices.Equal(got, want) {
		t.Fatalf("step 2: %+v", step)
	}
	for _, u := range []account.User{partyMember, govMember, d.JusticeMember} {
		if r := e.API(u).Get(get); r.Status != 200 {
			t.Errorf("%s after step 2: %d", u.Username, r.Status)
		}
	}
	wantErr(t, proc.Post(esc, map[string]any{"comment": "再次"}), 422, "action.escalation_exhausted")
	var detail struct {
		Escalations []struct {
			Step     int    `json:"step"`
			Handling string `json:"handling"`
			Result   string `json:"result"`
			UserID   int64  `json:"user_id"`
		} `json:"escalations"`
	}
	agency.Get(get).Decode(t, &detail)
	if len(detail.Escalations) != 2 || detail.Escalations[0].Result != "已督促整改" || detail.Escalations[1].UserID != d.ProcSec.ID {
		t.Fatalf("escalations: %+v", detail.Escalations)
	}
	t.Run("returned items escalate", func(t *testing.T) {
		x := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5)})
		agency.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", x.ID), map[string]any{"body": "敷衍"})
		proc.Post(fmt.Sprintf("/api/v1/actions/%d/verify", x.ID), map[string]any{"accepted": false, "comment": "整改不到位"})
		if r := proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", x.ID), map[string]any{"comment": "整改不到位"}); r.Status != 200 {
			t.Fatalf("escalate returned: %d %s", r.Status, r.Body)
		}
	})
}
