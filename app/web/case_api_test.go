package web_test

import (
	"net/http"
	"testing"

	"liaison/app/web/webtest"
)

// ordinaryCase is a valid body for POST /api/v1/cases. It was accepted on
// Monday 2 March 2026, a fixed day of a year whose holidays are known: its
// deadlines are calendar arithmetic that does not depend on the day the
// test runs (a date near today could fall beyond the known schedule), and
// they are long past on any day it runs, so the case is late.
func cfCase(d webtest.District, number string) map[string]any {
	return map[string]any{"number": number, "title": "张某工伤认定案", "kind": "工伤认定",
		"respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID, "sensitivity": "ordinary", "accepted_on": "2026-03-02"}
}

func TestCaseAPI_Create(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)

	k := proc.CreateCase(t, cfCase(d, "（2026）行检1号"))
	if k.Stage != "accepted" || k.Version != 1 || k.Kind != "工伤认定" {
		t.Fatalf("case %+v", k)
	}
	// 7 working days after Monday 2 March 2026; 3 months later is 2 June.
	if k.NotifyDueOn == nil || *k.NotifyDueOn != "2026-03-11" || k.ResultDueOn == nil || *k.ResultDueOn != "2026-06-02" {
		t.Fatalf("due dates %v %v", k.NotifyDueOn, k.ResultDueOn)
	}
	if !k.NotifyLate || !k.ResultLate {
		t.Fatalf("a case accepted in March and never notified is late: %+v", k)
	}

	cases := []struct {
		name   string
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"number twice", cfCase(d, "（2026）行检1号"), http.StatusConflict, "case.number_taken", "number"},
		{"unknown kind", cfWith(cfCase(d, "x1"), "kind", "火星案件"), http.StatusUnprocessableEntity, "invalid", "kind"},
		{"unknown respondent", cfWith(cfCase(d, "x2"), "respondent_unit_id", 999999), http.StatusUnprocessableEntity, "invalid", "respondent_unit_id"},
		{"title on classified", cfWith(cfWith(cfCase(d, "x3"), "sensitivity", "classified"), "paper_file_holder", "王某"), http.StatusUnprocessableEntity, "invalid", "title"},
		{"summary on sensitive", map[string]any{"number": "x4", "kind": "信息公开", "respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID,
			"sensitivity": "sensitive", "paper_file_holder": "王某", "summary": "内容"}, http.StatusUnprocessableEntity, "invalid", "summary"},
		{"classified without holder", map[string]any{"number": "x5", "kind": "信息公开", "respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID,
			"sensitivity": "classified"}, http.StatusUnprocessableEntity, "invalid", "paper_file_holder"},
		{"other unit", cfWith(cfCase(d, "x6"), "origin_unit_id", d.Justice.ID), http.StatusForbidden, "forbidden", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := proc.Post("/api/v1/cases", tc.body)
			if r.Status != tc.status || r.ErrorCode(t) != tc.code {
				t.Fatalf("status %d\n%s", r.Status, r.Body)
			}
			if tc.field != "" {
				if f := cfFields(t, r); f[tc.field] == "" {
					t.Fatalf("no error on %s: %s", tc.field, r.Body)
				}
			}
		})
	}
	t.Run("content on classified names the rule", func(t *testing.T) {
		r := proc.Post("/api/v1/cases", cfWith(cfWith(cfCase(d, "x7"), "sensitivity", "classified"), "paper_file_holder", "王某"))
		if !cfFieldIs(t, e, r, "title", "sensitivity.no_content") {
			t.Fatalf("%s", r.Body)
		}
	})
	t.Run("malformed JSON", func(t *testing.T) {
		if r := proc.Post("/api/v1/cases", `{"number": `); r.Status != http.StatusBadRequest {
			t.Fatalf("status %d", r.Status)
		}
		if r := proc.Post("/api/v1/cases", `{"numbr": "x"}`); r.Status != http.StatusBadRequest {
			t.Fatalf("unknown field: status %d", r.Status)
		}
	})
	t.Run("members do not register cases", func(t *testing.T) {
		if r := e.API(d.ProcMember).Post("/api/v1/cases", cfCase(d, "x8")); r.Status != http.StatusForbidden {
			t.Fatalf("status %d", r.Status)
		}
	})
	t.Run("classified register entry", func(t *testing.T) {
		k := proc.CreateCase(t, map[string]any{"number": "密1", "kind": "行政处罚", "respondent_unit_id": d.AgencyA.ID,
			"origin_unit_id": d.Procuratorate.ID, "sensitivity": "classified", "paper_file_holder": "档案室王某"})
		if k.Title != "" || k.Sensitivity != "classified" || k.AcceptedOn == nil {
			t.Fatalf("%+v", k)
		}
	})
}

func TestCaseAPI_Visibility(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "V1"))
	secret := proc.CreateCase(t, map[string]any{"number": "V2", "kind": "行政处罚", "respondent_unit_id": d.AgencyA.ID,
		"origin_unit_id": d.Procuratorate.ID, "sensitivity": "classified", "paper_file_holder": "王某"})
	sens := proc.CreateCase(t, map[string]any{"number": "V3", "kind": "行政处罚", "respondent_unit_id": d.AgencyB.ID,
		"origin_unit_id": d.Procuratorate.ID, "sensitivity": "sensitive", "paper_file_holder": "王某"})

	get := func(c *webtest.Client, id int64) int { return c.Get(webtest.CasePath(id, "")).Status }
	justice, agencyA, agencyB, leader := e.API(d.JusticeMember), e.API(d.AgencyAMember), e.API(d.AgencyBMember), e.API(d.Leader)
	checks := []struct {
		name string
		c    *webtest.Client
		id   int64
		want int
	}{
		{"owner member", e.API(d.ProcMember), k.ID, 200},
		// The register is the two hubs' record of their supervision of
		// the organ: the organ does not see it (issue 16, the boundary).
		{"respondent", agencyA, k.ID, 404},
		{"other agency", agencyB, k.ID, 404},
		{"justice before notification", justice, k.ID, 404},
		{"leader ordinary", leader, k.ID, 200},
		{"leader sensitive", leader, sens.ID, 200},
		{"leader classified", leader, secret.ID, 404},
		{"respondent classified", agencyA, secret.ID, 404},
		{"owner classified", proc, secret.ID, 200},
		{"bad id", proc, 0, 404},
	}
	for _, tc := range checks {
		if got := get(tc.c, tc.id); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	if r := proc.Get("/api/v1/cases/abc"); r.Status != 404 {
		t.Errorf("non-numeric id: %d", r.Status)
	}
	if ids := cfIDs(t, leader, "/api/v1/cases"); cfHas(ids, secret.ID) || !cfHas(ids, k.ID) || !cfHas(ids, sens.ID) {
		t.Errorf("leader list %v", ids)
	}
	if ids := cfIDs(t, agencyB, "/api/v1/cases"); cfHas(ids, k.ID) || cfHas(ids, secret.ID) {
		t.Errorf("agency B list %v", ids)
	}

	// A notification makes the receiver a participant.
	r := proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "accepted", "summary": "已受理"})
	if r.Status != http.StatusCreated {
		t.Fatalf("notify: %d %s", r.Status, r.Body)
	}
	if got := get(justice, k.ID); got != 200 {
		t.Errorf("justice after notification: %d", got)
	}
	if ids := cfIDs(t, justice, "/api/v1/cases"); !cfHas(ids, k.ID) {
		t.Errorf("justice list %v", ids)
	}
}

func TestCaseAPI_Notifications(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice := e.API(d.ProcSec), e.API(d.JusticeSec)
	k := proc.CreateCase(t, cfCase(d, "N1"))
	path := webtest.CasePath(k.ID, "/notifications")
	note := map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "accepted", "summary": "已受理，请知悉"}

	bad := []struct {
		name   string
		c      *webtest.Client
		body   map[string]any
		status int
		field  string
	}{
		{"to self", proc, cfWith(note, "to_unit_id", d.Procuratorate.ID), 422, "to_unit_id"},
		{"bad stage", proc, cfWith(note, "stage", "done"), 422, "stage"},
		{"unknown receiver", proc, cfWith(note, "to_unit_id", 999999), 422, "to_unit_id"},
		{"sending for another unit", proc, cfWith(note, "from_unit_id", d.AgencyA.ID), 403, ""},
		{"not visible", justice, cfWith(note, "from_unit_id", d.Justice.ID), 404, ""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.Post(path, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status %d %s", r.Status, r.Body)
			}
			if tc.field != "" && cfFields(t, r)[tc.field] == "" {
				t.Fatalf("no error on %s: %s", tc.field, r.Body)
			}
		})
	}
	r := proc.Post(path, note)
	if r.Status != http.StatusCreated {
		t.Fatalf("notify: %d %s", r.Status, r.Body)
	}
	var n struct {
		ID     int64   `json:"id"`
		Stage  string  `json:"stage"`
		ReadAt *string `json:"read_at"`
	}
	r.Decode(t, &n)
	if n.Stage != "accepted" || n.ReadAt != nil {
		t.Fatalf("%s", r.Body)
	}
	readPath := webtest.CasePath(k.ID, "/notifications/"+cfItoa(n.ID)+"/read")
	if r := proc.Post(readPath, nil); r.Status != http.StatusForbidden {
		t.Fatalf("sender marks read: %d", r.Status)
	}
	if r := justice.Post(readPath, nil); r.Status != 200 || !cfJSONHas(t, r, "read_at") {
		t.Fatalf("receiver marks read: %d %s", r.Status, r.Body)
	}
	if r := justice.Post(webtest.CasePath(k.ID, "/notifications/999999/read"), nil); r.Status != 404 {
		t.Fatalf("unknown notification: %d", r.Status)
	}
	// The justice bureau answers with the result; the case page shows both.
	if r := justice.Post(path, map[string]any{"from_unit_id": d.Justice.ID, "to_unit_id": d.Procuratorate.ID, "stage": "clue", "summary": "移送线索"}); r.Status != 201 {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	var got webtest.CaseJSON
	r = proc.Get(webtest.CasePath(k.ID, ""))
	r.Decode(t, &got)
	if got.NotifiedOn == nil || got.NotifyLate || got.ResultOn != nil || !got.ResultLate {
		t.Fatalf("timers after notifying: %s", r.Body)
	}
	if notes := r.JSON(t)["notifications"].([]any); len(notes) != 2 {
		t.Fatalf("timeline %v", notes)
	}
	if r := proc.Get(path); r.Status != 200 || len(r.JSON(t)["items"].([]any)) != 2 {
		t.Fatalf("timeline list: %d %s", r.Status, r.Body)
	}
	// Reporting the result closes the result timer.
	if r := proc.Post(path, cfWith(note, "stage", "closed")); r.Status != 201 {
		t.Fatalf("closed: %d", r.Status)
	}
	r = proc.Get(webtest.CasePath(k.ID, ""))
	r.Decode(t, &got)
	if got.ResultOn == nil || got.ResultLate {
		t.Fatalf("result timer: %s", r.Body)
	}

	t.Run("no content on sensitive cases", func(t *testing.T) {
		s := proc.CreateCase(t, map[string]any{"number": "N2", "kind": "行政处罚", "respondent_unit_id": d.AgencyA.ID,
			"origin_unit_id": d.Procuratorate.ID, "sensitivity": "sensitive", "paper_file_holder": "王某"})
		r := proc.Post(webtest.CasePath(s.ID, "/notifications"), note)
		if r.Status != 422 || !cfFieldIs(t, e, r, "summary", "sensitivity.no_content") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := proc.Post(webtest.CasePath(s.ID, "/notifications"), cfWith(note, "summary", "")); r.Status != 201 {
			t.Fatalf("register-only notification: %d %s", r.Status, r.Body)
		}
	})
}

func TestCaseAPI_UpdateAndStage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "U1"))
	path := webtest.CasePath(k.ID, "")

	r := proc.Do(http.MethodPatch, path, map[string]any{"title": "新名称", "version": k.Version})
	if r.Status != 200 {
		t.Fatalf("patch: %d %s", r.Status, r.Body)
	}
	var got webtest.CaseJSON
	r.Decode(t, &got)
	if got.Title != "新名称" || got.Version != k.Version+1 {
		t.Fatalf("%+v", got)
	}
	if r := proc.Do(http.MethodPatch, path, map[string]any{"title": "过期", "version": k.Version}); r.Status != http.StatusConflict {
		t.Fatalf("stale: %d", r.Status)
	}
	if r := proc.Do(http.MethodPatch, path, map[string]any{"title": "x"}); r.Status != 422 {
		t.Fatalf("no version: %d", r.Status)
	}
	if r := e.API(d.AgencyAMember).Do(http.MethodPatch, path, map[string]any{"title": "x", "version": got.Version}); r.Status != http.StatusNotFound {
		t.Fatalf("respondent edits (the register is not the organ's to see, issue 16): %d", r.Status)
	}
	if r := e.API(d.AgencyBMember).Do(http.MethodPatch, path, map[string]any{"title": "x", "version": got.Version}); r.Status != http.StatusNotFound {
		t.Fatalf("stranger edits: %d", r.Status)
	}
	if r := proc.Post(webtest.CasePath(k.ID, "/stage"), map[string]any{"stage": "finished", "version": got.Version}); r.Status != 422 {
		t.Fatalf("bad stage: %d", r.Status)
	}
	for _, st := range []string{"handling", "closed"} {
		r := proc.Post(webtest.CasePath(k.ID, "/stage"), map[string]any{"stage": st, "version": got.Version})
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", st, r.Status, r.Body)
		}
		r.Decode(t, &got)
		if got.Stage != st {
			t.Fatalf("stage %s", got.Stage)
		}
	}
	if !cfJSONHas(t, proc.Get(path), "closed_on") {
		t.Fatal("closed_on not set")
	}
	if ids := cfIDs(t, proc, "/api/v1/cases?stage=closed"); !cfHas(ids, k.ID) {
		t.Fatalf("stage filter %v", ids)
	}
	if ids := cfIDs(t, proc, "/api/v1/cases?stage=accepted"); cfHas(ids, k.ID) {
		t.Fatalf("stage filter %v", ids)
	}
	if r := proc.Get("/api/v1/cases?stage=finished"); r.Status != 422 {
		t.Fatalf("bad filter: %d", r.Status)
	}
	t.Run("classified content refused on edit", func(t *testing.T) {
		s := proc.CreateCase(t, map[string]any{"number": "U2", "kind": "行政处罚", "respondent_unit_id": d.AgencyA.ID,
			"origin_unit_id": d.Procuratorate.ID, "sensitivity": "classified", "paper_file_holder": "王某"})
		r := proc.Do(http.MethodPatch, webtest.CasePath(s.ID, ""), map[string]any{"summary": "案情", "version": s.Version})
		if r.Status != 422 || !cfFieldIs(t, e, r, "summary", "sensitivity.no_content") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

func TestCaseAPI_ListFilters(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	old := proc.CreateCase(t, cfCase(d, "L-old"))
	fresh := proc.CreateCase(t, cfWith(cfWith(cfWith(cfCase(d, "L-new"), "accepted_on", nil), "kind", "信息公开"), "respondent_unit_id", d.AgencyB.ID))
	if fresh.NotifyLate || fresh.ResultLate {
		t.Fatalf("a case accepted today is not late: %+v", fresh)
	}
	filters := []struct {
		q          string
		has, hasNt []int64
	}{
		{"late=true", []int64{old.ID}, []int64{fresh.ID}},
		{"due=true", []int64{old.ID, fresh.ID}, nil},
		{"kind=" + cfQ("信息公开"), []int64{fresh.ID}, []int64{old.ID}},
		{"unit_id=" + cfItoa(d.AgencyB.ID), []int64{fresh.ID}, []int64{old.ID}},
		{"q=old", []int64{old.ID}, []int64{fresh.ID}},
		{"q=" + cfQ("张某"), []int64{old.ID, fresh.ID}, nil},
		{"sensitivity=classified", nil, []int64{old.ID, fresh.ID}},
	}
	for _, f := range filters {
		ids := cfIDs(t, proc, "/api/v1/cases?"+f.q)
		for _, id := range f.has {
			if !cfHas(ids, id) {
				t.Errorf("%s: missing %d in %v", f.q, id, ids)
			}
		}
		for _, id := range f.hasNt {
			if cfHas(ids, id) {
				t.Errorf("%s: unexpected %d in %v", f.q, id, ids)
			}
		}
	}
	// Keyset pagination walks every case once.
	for i := 0; i < 5; i++ {
		proc.CreateCase(t, cfCase(d, "P"+cfItoa(int64(i))))
	}
	seen := map[int64]bool{}
	next := "/api/v1/cases?limit=2"
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		var p struct {
			Items      []webtest.CaseJSON `json:"items"`
			NextCursor string             `json:"next_cursor"`
		}
		proc.Get(next).Decode(t, &p)
		for _, k := range p.Items {
			if seen[k.ID] {
				t.Fatalf("case %d twice", k.ID)
			}
			seen[k.ID] = true
		}
		next = ""
		if p.NextCursor != "" {
			next = "/api/v1/cases?limit=2&cursor=" + p.NextCursor
		}
	}
	if len(seen) != 7 {
		t.Fatalf("saw %d cases", len(seen))
	}
	if r := proc.Get("/api/v1/cases?limit=500"); r.Status != 422 {
		t.Fatalf("limit: %d", r.Status)
	}
}
