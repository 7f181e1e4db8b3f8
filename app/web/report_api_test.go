package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestReport_Activities: hub secretaries record activities (audited,
// version-checked); bad input is a localised 422 that changes nothing;
// agencies may neither read nor write them.
func TestReport_Activities(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice := e.API(d.ProcSec), e.API(d.JusticeSec)
	day := webtest.DaysFromToday(-3).String()
	body := map[string]any{"occurred_on": day, "kind": "training", "unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID},
		"title": "行政执法监督业务联合培训", "summary": "区检察院、区司法局业务骨干 30 人参加。"}
	r := proc.Post("/api/v1/report-activities", body)
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var x struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	r.Decode(t, &x)
	for name, bad := range map[string]map[string]any{
		"no title":     cfWith(body, "title", " "),
		"bad kind":     cfWith(body, "kind", "party"),
		"unknown unit": cfWith(body, "unit_ids", []int64{999999}),
		"no units":     cfWith(body, "unit_ids", []int64{}),
	} {
		if r := proc.Post("/api/v1/report-activities", bad); r.Status != 422 {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	if r := e.API(d.AgencyAMember).Post("/api/v1/report-activities", body); r.Status != http.StatusForbidden {
		t.Errorf("agency writes: %d", r.Status)
	}
	if r := e.API(d.AgencyAMember).Get("/api/v1/report-activities"); r.Status != http.StatusForbidden {
		t.Errorf("agency reads: %d", r.Status)
	}
	path := fmt.Sprintf("/api/v1/report-activities/%d", x.ID)
	upd := cfWith(cfWith(body, "kind", "joint_study"), "version", x.Version)
	if r := justice.Do(http.MethodPatch, path, upd); r.Status != 200 {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	if r := proc.Do(http.MethodPatch, path, upd); r.Status != http.StatusConflict {
		t.Errorf("stale update: %d", r.Status)
	}
	if r := proc.Do(http.MethodDelete, path+"?version=1", nil); r.Status != http.StatusConflict {
		t.Errorf("stale delete: %d", r.Status)
	}
	var list struct {
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	}
	e.API(d.Leader).Get("/api/v1/report-activities?period="+day[:7]).Decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].Kind != "joint_study" {
		t.Fatalf("leader's list %+v", list.Items)
	}
	if r := proc.Get("/api/v1/report-activities?period=2026-13"); r.Status != 422 {
		t.Errorf("bad period: %d", r.Status)
	}
	if r := proc.Do(http.MethodDelete, path+"?version=2", nil); r.Status != http.StatusNoContent {
		t.Errorf("delete: %d %s", r.Status, r.Body)
	}
	var audit struct {
		Items []struct {
			Action string `json:"action"`
		} `json:"items"`
	}
	e.API(d.Admin).Get("/api/v1/audit?object_type=report_activity&limit=50").Decode(t, &audit)
	var acts []string
	for _, a := range audit.Items {
		acts = append(acts, a.Action)
	}
	if got := strings.Join(acts, ","); !strings.Contains(got, "report.activity.create") || !strings.Contains(got, "report.activity.update") || !strings.Contains(got, "report.activity.delete") {
		t.Errorf("audit: %s", got)
	}
}

// TestReport_Figures: the report counts, for its period, the cases
// notified by type and stage, the documents by type (copied to the justice
// bureau too) and their items' results, the meetings held, the items and
// escalations, and the activities; its pages, print layout and xlsx
// answer the hubs, 区政府's and the office's people and leaders, never an
// agency.
func TestReport_Figures(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	for i, kind := range []string{"工伤认定", "工伤认定", "信息公开"} {
		k := proc.CreateCase(t, cfWith(cfCase(d, fmt.Sprintf("奎检通报%d号", i)), "kind", kind))
		if r := proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID,
			"stage": "accepted"}); r.Status != 201 {
			t.Fatalf("notify: %d %s", r.Status, r.Body)
		}
	}
	doc := cfDoc(d, "奎检行建〔2026〕通1号")
	doc["issued_on"] = webtest.Today().String()
	proc.CreateDocument(t, doc)
	month := webtest.Today().String()[:7]
	if r := proc.Post("/api/v1/report-activities", map[string]any{"occurred_on": webtest.Today().String(), "kind": "consultation",
		"unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID}, "title": "行政复议法律适用咨询"}); r.Status != 201 {
		t.Fatalf("activity: %d %s", r.Status, r.Body)
	}
	var rep struct {
		CasesTotal  int `json:"cases_total"`
		CasesByType []struct {
			Key string `json:"key"`
			N   int    `json:"n"`
		} `json:"cases_by_type"`
		Documents []struct {
			Key string `json:"key"`
			Sub string `json:"sub"`
			N   int    `json:"n"`
		} `json:"documents"`
		Activities []any `json:"activities"`
	}
	r := proc.Get("/api/v1/reports/" + month)
	r.Decode(t, &rep)
	if rep.CasesTotal != 3 || len(rep.CasesByType) != 2 || rep.CasesByType[0].Key != "工伤认定" || rep.CasesByType[0].N != 2 {
		t.Errorf("cases %d %+v", rep.CasesTotal, rep.CasesByType)
	}
	issued, copied := 0, 0
	for _, c := range rep.Documents {
		if c.Key == "procuratorial_suggestion" && c.Sub == "issued" {
			issued = c.N
		}
		if c.Key == "procuratorial_suggestion" && c.Sub == "copied_justice" {
			copied = c.N
		}
	}
	if issued != 1 || copied != 1 || len(rep.Activities) != 1 {
		t.Errorf("documents %+v, activities %d", rep.Documents, len(rep.Activities))
	}
	quarter := map[string]string{"01": "Q1", "02": "Q1", "03": "Q1", "04": "Q2", "05": "Q2", "06": "Q2", "07": "Q3", "08": "Q3", "09": "Q3", "10": "Q4", "11": "Q4", "12": "Q4"}[month[5:7]]
	qKey := month[:4] + "-" + quarter
	var q struct {
		CasesTotal int `json:"cases_total"`
	}
	proc.Get("/api/v1/reports/"+qKey).Decode(t, &q)
	if q.CasesTotal != 3 {
		t.Errorf("quarter cases %d", q.CasesTotal)
	}
	for _, bad := range []string{"2026-13", "2026-Q5", "26-01", "x"} {
		if r := proc.Get("/api/v1/reports/" + bad); r.Status != 422 {
			t.Errorf("period %s: %d", bad, r.Status)
		}
	}
	b := e.Browser(d.OfficeSec)
	for _, p := range []string{"/reports", "/reports/" + month, "/reports/" + qKey, "/reports/" + qKey + "/print"} {
		r := b.Get(p)
		if r.Status != 200 || !strings.Contains(string(r.Body), "工作通报") {
			t.Errorf("%s: %d", p, r.Status)
		}
	}
	if page := string(b.Get("/reports/" + month).Body); !strings.Contains(page, "行政复议法律适用咨询") || !strings.Contains(page, "工伤认定") {
		t.Error("the report page lacks its figures or activities")
	}
	x := b.Get("/reports/" + qKey + "/export.xlsx")
	if x.Status != 200 || len(x.Body) < 100 || string(x.Body[:2]) != "PK" {
		t.Errorf("xlsx: %d %d bytes", x.Status, len(x.Body))
	}
	for _, u := range []string{"leader", "agency"} {
		c := e.API(d.Leader)
		want := 200
		if u == "agency" {
			c, want = e.API(d.AgencyAMember), http.StatusForbidden
		}
		if r := c.Get("/api/v1/reports/" + month); r.Status != want {
			t.Errorf("%s: %d, want %d", u, r.Status, want)
		}
	}
	if r := e.Browser(d.AgencyAMember).Get("/reports/" + qKey + "/export.xlsx"); r.Status != http.StatusForbidden {
		t.Errorf("agency export: %d", r.Status)
	}
	if r := b.Get("/reports/2026-13"); r.Status != 404 {
		t.Errorf("bad period page: %d", r.Status)
	}
}

// TestReport_ActivityEditOnPage: the reports page changes an activity
// through a prefilled form, at the version it read; a stale form is a 409
// that changes nothing.
func TestReport_ActivityEditOnPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	day := webtest.DaysFromToday(0).String()
	r := e.API(d.ProcSec).Post("/api/v1/report-activities", map[string]any{"occurred_on": day, "kind": "training",
		"unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID}, "title": "联合培训（初稿）"})
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := int64(r.JSON(t)["id"].(float64))
	b := e.Browser(d.JusticeSec)
	page := string(b.Get(fmt.Sprintf("/reports?edit=%d", id)).Body)
	for _, want := range []string{fmt.Sprintf(`action="/reports/activities/%d"`, id), `value="联合培训（初稿）"`, `name="version" value="1"`,
		fmt.Sprintf(`value="%d" checked`, d.Justice.ID), "修改活动"} {
		if !strings.Contains(page, want) {
			t.Errorf("the edit form lacks %s", want)
		}
	}
	form := url.Values{"occurred_on": {day}, "kind": {"joint_study"}, "unit_ids": {fmt.Sprint(d.Procuratorate.ID), fmt.Sprint(d.Justice.ID)},
		"title": {"行政执法监督联合学习"}, "version": {"1"}}
	if r := b.PostForm(fmt.Sprintf("/reports/activities/%d", id), form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.Status, r.Body)
	}
	form.Set("title", "过时的修改")
	if r := b.PostForm(fmt.Sprintf("/reports/activities/%d", id), form); r.Status != http.StatusConflict {
		t.Errorf("a stale form: %d", r.Status)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM report_activities WHERE id = ? AND title = ? AND kind = 'joint_study' AND version = 2`, id, "行政执法监督联合学习"); n != 1 {
		t.Errorf("the activity was not changed once as saved")
	}
	if r := e.Browser(d.AgencyAMember).Get(fmt.Sprintf("/reports?edit=%d", id)); r.Status != http.StatusForbidden {
		t.Errorf("an agency opens the edit form: %d", r.Status)
	}
}
