package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/workday"
)

// fuzzBody is a request body shaped like the API's inputs: text, numbers,
// optional fields, dates, lists and a map.
type fuzzBody struct {
	Title   string            `json:"title"`
	Count   int               `json:"count"`
	Unit    *int64            `json:"unit_id"`
	Active  *bool             `json:"active"`
	Due     workday.Date      `json:"due_on"`
	At      time.Time         `json:"at"`
	IDs     []int64           `json:"ids"`
	Labels  map[string]string `json:"labels"`
	Version int               `json:"version"`
}

// hasNULString reports a NUL anywhere in a decoded value's text.
func hasNULString(v any) bool { return strings.ContainsRune(fmt.Sprintf("%+v", v), 0) }

// FuzzBindJSON posts any body to bindJSON: it never panics, every refusal
// is a Malformed or Invalid apperr (a 400 or 422, never a 500), and no NUL
// gets through into a value (PostgreSQL refuses it in text).
func FuzzBindJSON(f *testing.F) {
	for _, s := range []string{`{"title":"会议","count":3,"unit_id":7,"active":true,"due_on":"2026-05-01","at":"2026-05-01T09:30:00+08:00","ids":[1,2],"labels":{"a":"b"},"version":1}`,
		`{}`, `{"title":"a\u0000b"}`, `{"title":"a\\u0000b"}`, `{"labels":{"\u0000":"x"}}`, `{"count":"3"}`, `{"nope":1}`, `{} {}`, `{"ids":[1,"x"]}`,
		`{"due_on":"2026-02-30"}`, `{"count":1e400}`, `[`, `null`, `{"title":"\ud800"}`, `{"TITLE":"case"}`, ``} {
		f.Add([]byte(s))
	}
	e := echo.New()
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		c := e.NewContext(req, httptest.NewRecorder())
		var v fuzzBody
		err := bindJSON(c, &v)
		if err != nil {
			if k := apperr.KindOf(err); k != apperr.Malformed && k != apperr.Invalid {
				t.Fatalf("bindJSON(%q) = %v (kind %v)", body, err, k)
			}
			return
		}
		if hasNULString(v) {
			t.Fatalf("bindJSON(%q) let a NUL through: %+v", body, v)
		}
		var m map[string]any // the same check for free-form bodies
		req = httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader(body))
		if err := bindJSON(e.NewContext(req, httptest.NewRecorder()), &m); err == nil && hasNULString(m) {
			t.Fatalf("bindJSON(%q) let a NUL through into a map", body)
		}
	})
}

// FuzzFormDecode posts any form body to the helpers that read the HTML
// forms: ids are positive, times are in Asia/Shanghai or zero, and a
// recurrence the form can show (weekly, monthly, quarterly) is saved back
// as a rule with the same occurrences as the one it was read from.
func FuzzFormDecode(f *testing.F) {
	for _, s := range []string{"id=5&version=3&unit_ids=1,2,x&unit_ids=-4&start=2026-05-01T09:30",
		"start=2026-05-01+09:30&rrule=FREQ%3DWEEKLY%3BCOUNT%3D4", "rrule=FREQ%3DMONTHLY%3BINTERVAL%3D3%3BUNTIL%3D20261231",
		"rrule=FREQ%3DWEEKLY%3BUNTIL%3D20260630T000000Z", "rrule=FREQ%3DMONTHLY%3BCOUNT%3D%2B3", "id=%zz&version=99999999999999999999",
		"unit_ids=9223372036854775807,9223372036854775808", "start=2026-02-30T09:30"} {
		f.Add(s)
	}
	e := echo.New()
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		c := e.NewContext(req, httptest.NewRecorder())
		_, _ = formID(c, "id"), formVersion(c)
		for _, id := range formIDs(c, "unit_ids") {
			if id <= 0 {
				t.Fatalf("formIDs(%q) gave %d", body, id)
			}
		}
		start := parseLocal(c.FormValue("start"))
		if !start.IsZero() && start.Location() != shanghai {
			t.Fatalf("parseLocal(%q) in %v", c.FormValue("start"), start.Location())
		}
		if start.IsZero() {
			start = time.Date(2026, 3, 2, 9, 30, 0, 0, shanghai)
		}
		rule := c.FormValue("rrule")
		if calendar.ValidateRRule(rule, start) != nil {
			return
		}
		r := parseRecurrence(rule)
		if r.Freq == "custom" || r.Freq == "none" {
			return
		}
		horizon := start.AddDate(11, 0, 0)
		want, err1 := calendar.Occurrences(rule, start, start, horizon)
		got, err2 := calendar.Occurrences(r.rrule(), start, start, horizon)
		if err1 != nil || err2 != nil || len(got) != len(want) {
			t.Fatalf("rule %q shown as %+v saves as %q: %d occurrences (%v), was %d (%v)", rule, r, r.rrule(), len(got), err2, len(want), err1)
		}
		for i := range got {
			if !got[i].Equal(want[i]) {
				t.Fatalf("rule %q saves as %q: occurrence %d moves from %v to %v", rule, r.rrule(), i, want[i], got[i])
			}
		}
	})
}
