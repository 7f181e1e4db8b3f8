package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestPickers_Searchable: pickers of people, units and cases are searchable
// selects (issue 17: attendees were a Ctrl-click list, cases were linked by
// typing internal ids). People come grouped by unit with their pinyin
// initials; the document form picks cases from a list that the browser
// searches through the case list API, and several chosen cases link.
func TestPickers_Searchable(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.ProcSec)

	form := string(b.Get("/meetings/new").Body)
	for _, want := range []string{
		`<select id="m-att" data-picker name="attendee_user_ids" multiple`,
		`<select id="m-chair" data-picker name="chair_user_id"`,
		fmt.Sprintf(`<optgroup label="%s" data-py="qsfj">`, d.Justice.Name),
		fmt.Sprintf(`<option value="%d" data-py="justicemember">justice.member</option>`, d.JusticeMember.ID),
		`<select id="m-co" data-picker name="co_unit_ids" multiple`,
	} {
		if !strings.Contains(form, want) {
			t.Errorf("meeting form lacks %s", want)
		}
	}

	// the pickers are Tom Select, vendored and served by us (CSP 'self')
	for _, asset := range []string{"/static/vendor/tom-select-2.6.2/tom-select.complete.min.js", "/static/vendor/tom-select-2.6.2/tom-select.min.css"} {
		if !strings.Contains(form, `"`+asset+`"`) {
			t.Errorf("the page does not load %s", asset)
		}
		if r := b.Get(asset); r.Status != http.StatusOK || len(r.Body) < 5000 {
			t.Errorf("%s: %d, %d bytes", asset, r.Status, len(r.Body))
		}
	}

	k1 := e.API(d.ProcSec).CreateCase(t, cfCase(d, "选1"))
	k2 := e.API(d.ProcSec).CreateCase(t, cfCase(d, "选2"))
	if !strings.Contains(string(b.Get("/meetings/new").Body), `<select id="m-cases" data-picker data-picker-src="/api/v1/cases" name="case_ids" multiple`) {
		t.Error("meeting form: the case picker does not search")
	}
	page := string(b.Get("/documents/new?case_id=" + cfItoa(k1.ID)).Body)
	for _, want := range []string{
		`<select id="d-cases" data-picker data-picker-src="/api/v1/cases" name="case_ids" multiple`,
		// the title's initials (张某工伤认定案), and the chosen case selected
		fmt.Sprintf(`<option value="%d" data-py="zmgsrda" selected>%s 张某工伤认定案`, k1.ID, k1.Number),
		`<select id="d-cc" data-picker name="cc_unit_ids" multiple`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("document form lacks %s", want)
		}
	}
	if strings.Contains(page, `inputmode="numeric"`) || strings.Contains(page, "用逗号分隔") {
		t.Error("the document form still asks for typed case ids")
	}

	// the picker's search: the case list API, with the session cookie
	r := b.Get("/api/v1/cases?limit=20&q=" + url.QueryEscape(k2.Number))
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d`, k2.ID)) || strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d,`, k1.ID)) {
		t.Fatalf("case search: %d %s", r.Status, r.Body)
	}

	// two chosen cases, sent as the picker sends them (one value each)
	v := url.Values{"type": {"procuratorial_suggestion"}, "number": {"检建选1"}, "issuing_unit_id": {cfItoa(d.Procuratorate.ID)},
		"addressee_unit_id": {cfItoa(d.AgencyA.ID)}, "cc_unit_ids": {cfItoa(d.Justice.ID), cfItoa(d.Office.ID)}, "issued_on": {W1},
		"case_ids": {cfItoa(k1.ID), cfItoa(k2.ID)}, "sensitivity": {"ordinary"}}
	r = b.PostForm("/documents", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	show := string(b.Get(r.Header.Get("Location")).Body)
	for _, n := range []string{k1.Number, k2.Number} {
		if !strings.Contains(show, n) {
			t.Errorf("document does not name linked case %s", n)
		}
	}
}
