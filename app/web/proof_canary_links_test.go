package web_test

import (
	"net/http"
	"time"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// hiddenCaseLinks adds case links as a channel to the canary suite (issue
// 14): a classified case that only the procuratorate may see, its number a
// marker, and a sensitive meeting of the procuratorate that the justice
// bureau co-organises and agency A attends. The justice bureau tries to
// link the case on every path that links cases — an agenda item added and
// edited, the meeting changed, a requested action of the minutes, a
// meeting of its own — and each must be refused as if the case did not
// exist. The meeting joins the walked records, so its pages, API answers,
// exports, feeds and mails are searched for the number with the rest: it
// may appear only where the case's own viewers read it.
func (w *canaryWriter) hiddenCaseLinks() {
	t, e, d := w.t, w.e, w.d
	proc, justice := e.API(d.ProcSec), e.API(d.JusticeSec)
	number := w.mk("hidden-case-number")
	k := proc.CreateCase(t, map[string]any{"number": number, "kind": "工伤认定", "respondent_unit_id": d.AgencyA.ID,
		"origin_unit_id": d.Procuratorate.ID, "sensitivity": "classified", "accepted_on": webtest.DaysFromToday(-60).String(),
		"paper_file_holder": "检察院档案室"})
	w.cases = append(w.cases, k.ID)
	w.markers = append(w.markers, canary{marker: number, what: "hidden classified case's number", accepted: true, register: true,
		viewer: func(u account.User) bool { return u.UnitID == d.Procuratorate.ID }})

	start := smAt(t, e, 2, 15, 0)
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "案件研判会商", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	body["sensitivity"], body["paper_file_holder"] = "sensitive", "检察院办公室"
	body["co_unit_ids"], body["attendee_user_ids"] = []int64{d.Justice.ID}, []int64{d.AgencyAMember.ID}
	m := e.CreateMeeting(proc, body)
	w.meetings = append(w.meetings, azID(t, m))
	path := webtest.MeetingPath(m, "")
	// untitled: a sensitive meeting's agenda keeps its register entry only
	item := azID(t, azCreated(t, justice.Post(path+"/agenda", map[string]any{"duration_minutes": 10})))
	var version struct {
		Version int `json:"version"`
	}
	justice.Get(path).Decode(t, &version)
	other := smAt(t, e, 3, 15, 0)
	own := webtest.MeetingBody("consultation", d.Justice.ID, "司法局会商", other.Format(time.RFC3339), other.Add(time.Hour).Format(time.RFC3339))
	own["case_ids"] = []int64{k.ID}
	for what, r := range map[string]webtest.Response{
		"agenda item added": justice.Post(path+"/agenda", map[string]any{"duration_minutes": 10, "case_ids": []int64{k.ID}}),
		"agenda item edited": justice.Do(http.MethodPatch, path+"/agenda/"+itoa(item),
			map[string]any{"duration_minutes": 10, "case_ids": []int64{k.ID}, "version": 1}),
		"meeting changed": justice.Do(http.MethodPatch, path, map[string]any{"version": version.Version, "case_ids": []int64{k.ID}}),
		"minutes' requested action": justice.Do(http.MethodPut, path+"/minutes", map[string]any{"decisions": []map[string]any{{
			"action_items": []map[string]any{{"responsible_unit_id": d.AgencyA.ID, "due_on": smDay(t, e, 15).String(), "case_ids": []int64{k.ID}}}}}}),
		"meeting of its own": justice.Post("/api/v1/meetings", own),
	} {
		if r.Status != http.StatusUnprocessableEntity || r.ErrorCode(t) != "case.unknown" {
			t.Errorf("a link to a case the linker may not see (%s): status %d, want 422 case.unknown\n%.300s", what, r.Status, r.Body)
		}
	}
}
