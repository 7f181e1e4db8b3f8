package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// templateJSON is a template as the API answers it.
type templateJSON struct {
	ID              int64    `json:"id"`
	Name            string   `json:"name"`
	Kind            string   `json:"kind"`
	UnitID          int64    `json:"unit_id"`
	DurationMinutes int      `json:"duration_minutes"`
	Status          string   `json:"status"`
	Version         int      `json:"version"`
	MinutesSections []string `json:"minutes_sections"`
	CoUnitIDs       []int64  `json:"co_unit_ids"`
	Items           []struct {
		Title           string `json:"title"`
		DurationMinutes int    `json:"duration_minutes"`
		PresenterRole   string `json:"presenter_role"`
	} `json:"items"`
}

// quarterlyTemplate is a valid template body for a joint meeting.
func quarterlyTemplate(d webtest.District) map[string]any {
	return map[string]any{"name": "季度联席会议", "kind": "joint_meeting", "duration_minutes": 120, "location": "区委三楼会议室",
		"co_unit_ids":      []int64{d.Procuratorate.ID, d.Justice.ID},
		"minutes_sections": []string{"会议基本情况", "会议议定事项", "工作要求"},
		"items": []map[string]any{
			{"title": "通报本季度行政检察与行政执法监督衔接情况", "duration_minutes": 20, "presenter_role": "区司法局分管领导"},
			{"title": "研究重点案件线索移送", "duration_minutes": 40, "presenter_role": "区检察院分管领导"},
			{"title": "部署下季度工作", "duration_minutes": 15, "presenter_role": "区委依法治区办主任"},
		}}
}

func createTemplate(t *testing.T, c *webtest.Client, body map[string]any) templateJSON {
	t.Helper()
	r := c.Post("/api/v1/meeting-templates", body)
	wantStatus(t, r, http.StatusCreated)
	var tpl templateJSON
	r.Decode(t, &tpl)
	return tpl
}

// TestMeetingTemplates_CRUD: a secretary keeps her unit's templates; bad
// input is a 422 that changes nothing, a stale version a 409, another
// unit's secretary and a member are refused (403), and every change is
// audited.
func TestMeetingTemplates_CRUD(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	tpl := createTemplate(t, sec, quarterlyTemplate(d))
	if tpl.UnitID != d.Office.ID || tpl.Status != "active" || tpl.Version != 1 || len(tpl.Items) != 3 ||
		tpl.Items[1].PresenterRole != "区检察院分管领导" || len(tpl.MinutesSections) != 3 || len(tpl.CoUnitIDs) != 2 {
		t.Fatalf("created %+v", tpl)
	}
	path := fmt.Sprintf("/api/v1/meeting-templates/%d", tpl.ID)

	bad := []map[string]any{
		{"name": " ", "kind": "joint_meeting"},
		{"name": "无效类型", "kind": "party"},
		{"name": "时长", "kind": "joint_meeting", "items": []map[string]any{{"title": "议题", "duration_minutes": 0}}},
		{"name": "无标题", "kind": "joint_meeting", "items": []map[string]any{{"title": "", "duration_minutes": 10}}},
		{"name": "单位", "kind": "joint_meeting", "co_unit_ids": []int64{999999}},
		{"name": "默认时长", "kind": "joint_meeting", "duration_minutes": 2000},
	}
	for _, b := range bad {
		r := sec.Post("/api/v1/meeting-templates", b)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if msg := r.JSON(t)["error"]; msg == nil {
			t.Errorf("%v: no error body: %s", b, r.Body)
		}
	}
	if n := count(t, e, `SELECT COUNT(*) FROM meeting_templates`); n != 1 {
		t.Errorf("bad input saved templates: %d", n)
	}
	r := sec.Do(http.MethodPatch, path, map[string]any{"version": 1, "items": []map[string]any{{"title": "", "duration_minutes": 10}}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if n := count(t, e, `SELECT COUNT(*) FROM meeting_template_items WHERE template_id = ?`, tpl.ID); n != 3 {
		t.Errorf("a refused change touched the items: %d", n)
	}

	r = sec.Do(http.MethodPatch, path, map[string]any{"version": 1, "name": "季度联席会议（扩大）", "items": []map[string]any{{"title": "听取各成员单位汇报", "duration_minutes": 30}}})
	wantStatus(t, r, http.StatusOK)
	var got templateJSON
	r.Decode(t, &got)
	if got.Version != 2 || got.Name != "季度联席会议（扩大）" || len(got.Items) != 1 || len(got.MinutesSections) != 3 {
		t.Errorf("patched %+v", got)
	}
	wantStatus(t, sec.Do(http.MethodPatch, path, map[string]any{"version": 1, "name": "旧版本"}), http.StatusConflict)

	wantStatus(t, e.API(d.ProcSec).Do(http.MethodPatch, path, map[string]any{"version": 2, "name": "他人修改"}), http.StatusForbidden)
	wantStatus(t, e.API(d.ProcMember).Post("/api/v1/meeting-templates", quarterlyTemplate(d)), http.StatusForbidden)
	wantStatus(t, e.API(d.ProcMember).Get("/api/v1/meeting-templates"), http.StatusForbidden)
	body := quarterlyTemplate(d)
	body["unit_id"] = d.Office.ID
	wantStatus(t, e.API(d.ProcSec).Post("/api/v1/meeting-templates", body), http.StatusForbidden)
	// another unit's secretary may use it, and an admin may keep it
	wantStatus(t, e.API(d.ProcSec).Get(path), http.StatusOK)
	r = e.API(d.Admin).Do(http.MethodPatch, path, map[string]any{"version": 2, "status": "retired"})
	wantStatus(t, r, http.StatusOK)
	wantStatus(t, sec.Do(http.MethodPatch, path, map[string]any{"version": 3, "status": "gone"}), http.StatusUnprocessableEntity)

	var list struct {
		Items []templateJSON `json:"items"`
	}
	sec.Get("/api/v1/meeting-templates?status=active").Decode(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("a retired template is listed as active: %+v", list.Items)
	}
	for _, a := range []string{"meeting_template.create", "meeting_template.update", "meeting_template.retire"} {
		if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_type = 'meeting_template'`, a); n != 1 {
			t.Errorf("audit %s: %d entries", a, n)
		}
	}
}

// TestMeetingTemplates_FillAndCopy: a template fills a new meeting's
// agenda (and the meeting records it, so it joins the series); copying the
// last meeting of the series fills agenda and attendees; the minutes of a
// meeting from the template start with its sections; a sensitive meeting
// copies attendees only.
func TestMeetingTemplates_FillAndCopy(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	tpl := createTemplate(t, sec, quarterlyTemplate(d))

	body := map[string]any{"kind": "joint_meeting", "convening_unit_id": d.Office.ID, "start": mStart, "template_id": tpl.ID,
		"attendee_user_ids": []int64{d.AgencyAMember.ID}}
	first := e.CreateMeeting(sec, body)
	if first["title"] != "季度联席会议" || first["template_id"] != float64(tpl.ID) || first["location"] != "区委三楼会议室" {
		t.Errorf("from the template: title %v template %v location %v", first["title"], first["template_id"], first["location"])
	}
	if first["end"] != mAt(0, 11, 30) {
		t.Errorf("end %v, want the template's two hours after %s", first["end"], mStart)
	}
	var det struct {
		Agenda []struct {
			Title           string `json:"title"`
			DurationMinutes int    `json:"duration_minutes"`
			PresenterRole   string `json:"presenter_role"`
		} `json:"agenda"`
		Attendees []struct {
			UserID *int64 `json:"user_id"`
		} `json:"attendees"`
		CoUnitIDs      []int64 `json:"co_unit_ids"`
		MinutesOutline string  `json:"minutes_outline"`
	}
	sec.Get(webtest.MeetingPath(first, "")).Decode(t, &det)
	if len(det.Agenda) != len(tpl.Items) {
		t.Fatalf("agenda %+v, want the template's %d items", det.Agenda, len(tpl.Items))
	}
	for i, it := range tpl.Items {
		if g := det.Agenda[i]; g.Title != it.Title || g.DurationMinutes != it.DurationMinutes || g.PresenterRole != it.PresenterRole {
			t.Errorf("item %d: %+v, want %+v", i, g, it)
		}
	}
	if len(det.CoUnitIDs) != 2 {
		t.Errorf("co units %v, want the template's", det.CoUnitIDs)
	}
	if want := "一、会议基本情况\n\n二、会议议定事项\n\n三、工作要求\n\n"; det.MinutesOutline != want {
		t.Errorf("minutes outline %q, want %q", det.MinutesOutline, want)
	}

	t.Run("an agenda given wins", func(t *testing.T) {
		b := map[string]any{"kind": "joint_meeting", "convening_unit_id": d.Office.ID, "start": mAt(1, 9, 0), "end": mAt(1, 10, 0),
			"title": "临时联席会议", "template_id": tpl.ID, "agenda": []map[string]any{{"title": "专题研究", "duration_minutes": 30}}}
		m := e.CreateMeeting(sec, b)
		if n := count(t, e, `SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?`, int64(m["id"].(float64))); n != 1 {
			t.Errorf("agenda items %d, want the one given", n)
		}
		b["template_id"], b["kind"] = tpl.ID, "consultation"
		wantStatus(t, sec.Post("/api/v1/meetings", b), http.StatusUnprocessableEntity)
		delete(b, "template_id")
		b["agenda"] = []map[string]any{{"title": "", "duration_minutes": 30}}
		r := sec.Post("/api/v1/meetings", b)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.Body), "agenda.title") {
			t.Errorf("the agenda's error names no field: %s", r.Body)
		}
	})

	t.Run("copy from the last meeting", func(t *testing.T) {
		b := map[string]any{"convening_unit_id": d.Office.ID, "start": mAt(7, 9, 0), "copy_from": first["id"]}
		m := e.CreateMeeting(sec, b)
		if m["template_id"] != float64(tpl.ID) || m["title"] != "季度联席会议" {
			t.Errorf("the copy: template %v title %v", m["template_id"], m["title"])
		}
		mid := int64(m["id"].(float64))
		if n := count(t, e, `SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?`, mid); n != 3 {
			t.Errorf("copied agenda items %d, want 3", n)
		}
		if n := count(t, e, `SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = ? AND user_id = ?`, mid, d.AgencyAMember.ID); n != 1 {
			t.Errorf("the attendee of the last meeting was not copied")
		}
		// the page offers the latest meeting of the series
		page := e.Browser(d.OfficeSec).Get(fmt.Sprintf("/meetings/new?template=%d", tpl.ID))
		wantStatus(t, page, http.StatusOK)
		if !strings.Contains(string(page.Body), fmt.Sprintf(`href="/meetings/new?copy=%d"`, mid)) || !strings.Contains(string(page.Body), "复制上次会议：季度联席会议") {
			t.Errorf("the form does not offer to copy the last meeting %d", mid)
		}
		copied := e.Browser(d.OfficeSec).Get(fmt.Sprintf("/meetings/new?copy=%d", mid))
		wantStatus(t, copied, http.StatusOK)
		if !strings.Contains(string(copied.Body), `value="研究重点案件线索移送"`) {
			t.Errorf("the copied form lacks the agenda")
		}
		if !regexp.MustCompile(fmt.Sprintf(`<option value="%d" data-py="[^"]*" selected>`, d.AgencyAMember.ID)).Match(copied.Body) {
			t.Errorf("the copied form does not pick the attendee")
		}
		// someone who may not see the meeting copies nothing
		r := e.API(d.JusticeSec).Post("/api/v1/meetings", map[string]any{"convening_unit_id": d.Justice.ID, "start": mAt(7, 14, 0), "end": mAt(7, 15, 0),
			"kind": "consultation", "title": "复制他人会议", "copy_from": first["id"]})
		if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusCreated {
			t.Fatalf("copy of another's meeting: %d", r.Status)
		}
	})

	t.Run("a sensitive meeting copies attendees only", func(t *testing.T) {
		b := webtest.MeetingBody("joint_meeting", d.Office.ID, "敏感联席会议", mAt(2, 9, 0), mAt(2, 10, 0))
		b["sensitivity"], b["attendee_user_ids"] = "sensitive", []int64{d.AgencyBMember.ID}
		src := e.CreateMeeting(sec, b)
		m := e.CreateMeeting(sec, map[string]any{"convening_unit_id": d.Office.ID, "start": mAt(9, 9, 0), "copy_from": src["id"]})
		mid := int64(m["id"].(float64))
		if n := count(t, e, `SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?`, mid); n != 0 {
			t.Errorf("agenda copied from a sensitive meeting: %d", n)
		}
		if n := count(t, e, `SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = ? AND user_id = ?`, mid, d.AgencyBMember.ID); n != 1 {
			t.Errorf("attendees not copied from a sensitive meeting")
		}
		if m["location"] != "" {
			t.Errorf("the place of a sensitive meeting was copied: %v", m["location"])
		}
	})
}

// TestMeetingTemplates_Pages: the template list and form (rows added and
// removed without script), the new meeting form filled from a template,
// saved with its agenda, and the minutes editor starting with the
// template's sections.
func TestMeetingTemplates_Pages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.OfficeSec)
	form := url.Values{"name": {"季度联席会议"}, "kind": {"joint_meeting"}, "duration_minutes": {"90"}, "item_rows": {"2"},
		"item0_title": {"通报衔接情况"}, "item0_minutes": {"20"}, "item0_role": {"区司法局分管领导"},
		"item1_title": {"研究案件线索"}, "item1_minutes": {"30"}, "minutes_sections": {"会议基本情况\r\n会议议定事项"}}
	add := cloneForm(form)
	add.Set("add_item", "1")
	r := b.PostForm("/meetings/templates", add)
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.Body), `name="item2_title"`) || !strings.Contains(string(r.Body), `name="item3_title"`) {
		t.Errorf("adding a row shows no new rows")
	}
	bad := cloneForm(form)
	bad.Set("item1_minutes", "0")
	wantStatus(t, b.PostForm("/meetings/templates", bad), http.StatusUnprocessableEntity)
	r = b.PostForm("/meetings/templates", form)
	wantStatus(t, r, http.StatusSeeOther)
	id := count(t, e, `SELECT id FROM meeting_templates WHERE name = ?`, "季度联席会议")
	list := b.Get("/meetings/templates")
	wantStatus(t, list, http.StatusOK)
	if !strings.Contains(string(list.Body), fmt.Sprintf(`href="/meetings/templates/%d"`, id)) {
		t.Errorf("the list does not link the template by name")
	}
	edit := cloneForm(form)
	edit.Set("version", "1")
	edit.Set("item1_remove", "1")
	edit.Set("status", "active")
	wantStatus(t, b.PostForm(fmt.Sprintf("/meetings/templates/%d", id), edit), http.StatusSeeOther)
	if n := count(t, e, `SELECT COUNT(*) FROM meeting_template_items WHERE template_id = ?`, id); n != 1 {
		t.Errorf("a removed row is kept: %d items", n)
	}
	wantStatus(t, b.PostForm(fmt.Sprintf("/meetings/templates/%d", id), edit), http.StatusConflict)
	wantStatus(t, e.Browser(d.ProcMember).Get("/meetings/templates"), http.StatusForbidden)

	page := b.Get(fmt.Sprintf("/meetings/new?template=%d", id))
	wantStatus(t, page, http.StatusOK)
	body := string(page.Body)
	for _, want := range []string{`<select id="m-template" name="template">`, `value="通报衔接情况"`, `value="区司法局分管领导"`,
		fmt.Sprintf(`name="template_id" value="%d"`, id), `name="default_minutes" value="90"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the new meeting form lacks %q", want)
		}
	}
	// saved with its agenda; a past meeting, so its minutes editor opens
	start := webtest.Time(webtest.DaysFromToday(-1), 9, 0).Format("2006-01-02T15:04")
	mf := url.Values{"kind": {"joint_meeting"}, "title": {"第四季度联席会议"}, "start": {start}, "sensitivity": {"ordinary"},
		"convening_unit_id": {itoa(d.Office.ID)}, "template_id": {itoa(id)}, "default_minutes": {"90"}, "freq": {"none"}, "force": {"1"},
		"agenda_rows": {"2"}, "agenda0_title": {"通报衔接情况"}, "agenda0_minutes": {"20"}, "agenda0_role": {"区司法局分管领导"}, "agenda1_title": {""}}
	r = b.PostForm("/meetings", mf)
	wantStatus(t, r, http.StatusSeeOther)
	mid := count(t, e, `SELECT id FROM meetings WHERE title = ?`, "第四季度联席会议")
	if n := count(t, e, `SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ? AND presenter_role = ?`, mid, "区司法局分管领导"); n != 1 {
		t.Errorf("the form's agenda was not saved")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM meetings WHERE id = ? AND template_id = ?`, mid, id); n != 1 {
		t.Errorf("the meeting does not name its template")
	}
	show := b.Get(fmt.Sprintf("/meetings/%d", mid))
	wantStatus(t, show, http.StatusOK)
	if !strings.Contains(string(show.Body), "一、会议基本情况\n\n二、会议议定事项") {
		t.Errorf("the minutes editor does not start with the template's sections")
	}
}
