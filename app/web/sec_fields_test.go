package web_test

import (
	"net/http"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestErrors_FieldsAsTheAPISpellsThem is issue 14's finding 5c: a wrong
// type in a body whose Go struct embeds another (the meeting create and
// edit bodies embed the domain's input) answered 422 naming
// "Input.convening_unit_id", a Go path, in fields and in the message. The
// API names fields as its documents do; pages show the localised label.
func TestErrors_FieldsAsTheAPISpellsThem(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)

	check := func(what string, r webtest.Response, field string) {
		t.Helper()
		ae := wantError(t, r, http.StatusUnprocessableEntity, "malformed.type")
		if _, ok := ae.Fields[field]; !ok || len(ae.Fields) != 1 {
			t.Errorf("%s: fields %v, want only %q", what, ae.Fields, field)
		}
		if !strings.Contains(ae.Message, field) || strings.Contains(ae.Message, "Input.") || strings.Contains(ae.Message, "Patch.") {
			t.Errorf("%s: message %q does not name %q as the API does", what, ae.Message, field)
		}
		for f := range ae.Fields {
			if strings.ContainsAny(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				t.Errorf("%s: field %q is a Go path", what, f)
			}
		}
	}
	check("create, embedded input", sec.Post("/api/v1/meetings", map[string]any{"kind": "joint_meeting", "title": "联席会议", "convening_unit_id": "区委依法治区办"}),
		"convening_unit_id")
	check("create, embedded list", sec.Post("/api/v1/meetings", map[string]any{"kind": "joint_meeting", "title": "联席会议", "attendee_user_ids": []any{"x"}}),
		"attendee_user_ids")
	m := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议", mStart, mEnd))
	check("edit, embedded patch", sec.Do(http.MethodPatch, webtest.MeetingPath(m, ""), map[string]any{"title": 5, "version": m["version"]}), "title")
	check("plain body", sec.Post("/api/v1/units", map[string]any{"name": 5, "kind": "agency"}), "name")
	check("English", english(sec).Post("/api/v1/meetings", map[string]any{"kind": "joint_meeting", "convening_unit_id": true}), "convening_unit_id")

	// A page names the field by its label, in the page's language.
	b := e.Browser(d.OfficeSec)
	r := b.Get("/calendar/events?start=not-a-time&end=not-a-time")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	body := string(r.Body)
	if label := e.Deps.Tr.T("zh-CN", "field.start", nil); label == "field.start" || !strings.Contains(body, label) {
		t.Errorf("the error page does not show the label %q:\n%s", label, body)
	}
	if strings.Contains(body, "<code>start</code>") {
		t.Errorf("the error page shows the API name:\n%s", body)
	}
	r = english(b).Get("/calendar/events?start=x&end=y")
	if label := e.Deps.Tr.T("en", "field.start", nil); !strings.Contains(string(r.Body), label) {
		t.Errorf("the English error page does not show %q", label)
	}
}
