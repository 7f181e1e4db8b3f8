package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

func TestCasePages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.ProcSec)

	if r := b.Get("/cases/new"); r.Status != 200 {
		t.Fatalf("new form: %d", r.Status)
	}
	form := url.Values{"number": {"网页1号"}, "title": {"李某信息公开案"}, "kind": {"信息公开"}, "respondent_unit_id": {cfItoa(d.AgencyA.ID)},
		"origin_unit_id": {cfItoa(d.Procuratorate.ID)}, "sensitivity": {"ordinary"}, "accepted_on": {"2026-03-02"}}
	r := b.PostForm("/cases", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/cases/") {
		t.Fatalf("location %q", loc)
	}
	t.Run("422 re-renders with the field message", func(t *testing.T) {
		bad := cloneForm(form)
		bad.Set("sensitivity", "classified")
		r := b.PostForm("/cases", bad)
		if r.Status != 422 || !strings.Contains(string(r.Body), "线下流转") || !strings.Contains(string(r.Body), "网页1号") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		bad = cloneForm(form)
		bad.Set("accepted_on", "someday")
		if r := b.PostForm("/cases", bad); r.Status != 422 {
			t.Fatalf("bad date: %d", r.Status)
		}
		if r := b.PostForm("/cases", form); r.Status != 409 || !strings.Contains(string(r.Body), "案号") {
			t.Fatalf("duplicate: %d", r.Status)
		}
	})

	r = b.Get(loc)
	if r.Status != 200 || !strings.Contains(string(r.Body), "李某信息公开案") || !strings.Contains(string(r.Body), "2026-03-11") {
		t.Fatalf("case page: %d %s", r.Status, r.Body)
	}
	note := url.Values{"from_unit_id": {cfItoa(d.Procuratorate.ID)}, "to_unit_id": {cfItoa(d.Justice.ID)}, "stage": {"accepted"}, "summary": {"请知悉"}}
	if r := b.PostForm(loc+"/notifications", note); r.Status != http.StatusSeeOther {
		t.Fatalf("notify: %d %s", r.Status, r.Body)
	}
	bad := cloneForm(note)
	bad.Set("to_unit_id", cfItoa(d.Procuratorate.ID))
	if r := b.PostForm(loc+"/notifications", bad); r.Status != 422 {
		t.Fatalf("notify self: %d", r.Status)
	}
	// The receiver sees the notification and marks it read.
	jb := e.Browser(d.JusticeMember)
	r = jb.Get(loc)
	if r.Status != 200 || !strings.Contains(string(r.Body), "请知悉") || !strings.Contains(string(r.Body), "/read") {
		t.Fatalf("receiver page: %d %s", r.Status, r.Body)
	}
	var detail struct {
		Notifications []struct{ ID int64 } `json:"notifications"`
		Version       int                  `json:"version"`
	}
	e.API(d.ProcSec).Get("/api/v1"+loc).Decode(t, &detail)
	if r := jb.PostForm(loc+"/notifications/"+cfItoa(detail.Notifications[0].ID)+"/read", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("mark read: %d %s", r.Status, r.Body)
	}
	if r := b.PostForm(loc+"/stage", url.Values{"stage": {"handling"}, "version": {cfItoa(int64(detail.Version))}}); r.Status != http.StatusSeeOther {
		t.Fatalf("stage: %d %s", r.Status, r.Body)
	}
	if r := b.PostForm(loc+"/stage", url.Values{"stage": {"closed"}, "version": {cfItoa(int64(detail.Version))}}); r.Status != http.StatusConflict {
		t.Fatalf("stale stage: %d", r.Status)
	}
	if r := e.Browser(d.AgencyBMember).Get(loc); r.Status != 404 {
		t.Fatalf("stranger: %d", r.Status)
	}
	t.Run("edit", func(t *testing.T) {
		if r := b.Get(loc + "/edit"); r.Status != 200 || !strings.Contains(string(r.Body), "李某信息公开案") {
			t.Fatalf("edit form: %d", r.Status)
		}
		if r := e.Browser(d.AgencyAMember).Get(loc + "/edit"); r.Status != http.StatusNotFound {
			t.Fatalf("respondent edit form (the register is hidden from the organ): %d", r.Status)
		}
		var cur struct{ Version int }
		e.API(d.ProcSec).Get("/api/v1"+loc).Decode(t, &cur)
		edit := url.Values{"number": {"网页1号"}, "title": {"李某信息公开案（更正）"}, "kind": {"信息公开"}, "respondent_unit_id": {cfItoa(d.AgencyA.ID)},
			"accepted_on": {"2026-03-02"}, "version": {cfItoa(int64(cur.Version))}}
		if r := b.PostForm(loc+"/edit", edit); r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		if r := b.PostForm(loc+"/edit", edit); r.Status != http.StatusConflict {
			t.Fatalf("stale update: %d", r.Status)
		}
		edit.Set("version", cfItoa(int64(cur.Version+1)))
		edit.Set("title", "")
		if r := b.PostForm(loc+"/edit", edit); r.Status != 422 {
			t.Fatalf("empty title: %d", r.Status)
		}
	})

	r = b.Get("/cases?q=" + cfQ("网页") + "&stage=handling&late=true&limit=1")
	if r.Status != 200 || !strings.Contains(string(r.Body), "网页1号") {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	if r := b.Get("/cases?stage=accepted"); strings.Contains(string(r.Body), "网页1号") {
		t.Fatal("stage filter ignored")
	}
}

func TestCaseTypesPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.Browser(d.Admin)
	if r := admin.Get("/cases/types"); r.Status != 200 || !strings.Contains(string(r.Body), "工伤认定") {
		t.Fatalf("types page: %d", r.Status)
	}
	if r := admin.PostForm("/cases/types", url.Values{"name": {"行政给付"}, "position": {"20"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	if r := admin.PostForm("/cases/types", url.Values{"name": {"行政给付"}, "position": {"20"}}); r.Status != http.StatusConflict {
		t.Fatalf("duplicate: %d", r.Status)
	}
	settings := url.Values{"notify_n": {"10"}, "notify_unit": {"workdays"}, "result_n": {"2"}, "result_unit": {"months"}}
	for _, typ := range []string{"procuratorial_suggestion", "supervision_opinion", "reconsideration_suggestion", "legal_opinion"} {
		settings.Set("reply_"+typ+"_n", "30")
		settings.Set("reply_"+typ+"_unit", "days")
	}
	if r := admin.PostForm("/cases/settings", settings); r.Status != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	settings.Set("result_n", "0")
	if r := admin.PostForm("/cases/settings", settings); r.Status != 422 {
		t.Fatalf("bad settings: %d", r.Status)
	}
	if r := e.Browser(d.ProcSec).Get("/cases/types"); r.Status != 404 {
		t.Fatalf("non-admin: %d", r.Status)
	}
}

func TestDocumentPages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.ProcSec)
	k := e.API(d.ProcSec).CreateCase(t, cfCase(d, "页1"))

	if r := b.Get("/documents/new?case_id=" + cfItoa(k.ID)); r.Status != 200 {
		t.Fatalf("new: %d", r.Status)
	}
	form := url.Values{"type": {"procuratorial_suggestion"}, "number": {"检建页1"}, "issuing_unit_id": {cfItoa(d.Procuratorate.ID)},
		"addressee_unit_id": {cfItoa(d.AgencyA.ID)}, "cc_unit_ids": {cfItoa(d.Justice.ID)}, "issued_on": {"2026-03-02"},
		"received_on": {"2026-03-02"}, "reply_due_on": {""}, "case_ids": {cfItoa(k.ID)}, "sensitivity": {"ordinary"}}
	r := b.PostForm("/documents", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	bad := cloneForm(form)
	bad.Set("number", "检建页2")
	bad.Set("reply_due_on", "2026-02-01")
	if r := b.PostForm("/documents", bad); r.Status != 422 || !strings.Contains(string(r.Body), "检建页2") {
		t.Fatalf("due before issue: %d", r.Status)
	}
	bad.Set("reply_due_on", "")
	bad.Set("case_ids", "x")
	if r := b.PostForm("/documents", bad); r.Status != 422 {
		t.Fatalf("bad case ids: %d", r.Status)
	}

	r = b.Get(loc)
	if r.Status != 200 || !strings.Contains(string(r.Body), "2026-05-06") || !strings.Contains(string(r.Body), "multipart/form-data") {
		t.Fatalf("show: %d %s", r.Status, r.Body)
	}
	if r := b.Upload(loc+"/files", "scan.pdf", pdfBytes, map[string]string{"_csrf": b.CSRF}); r.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if r := b.Upload(loc+"/files", "scan.pdf", textBytes, map[string]string{"_csrf": b.CSRF}); r.Status != 422 {
		t.Fatalf("upload text: %d", r.Status)
	}
	if r := b.Upload(loc+"/files", "scan.pdf", pdfBytes, nil); r.Status != http.StatusForbidden {
		t.Fatalf("upload without CSRF: %d", r.Status)
	}
	r = e.Browser(d.AgencyAMember).Get(loc)
	if r.Status != 200 || !strings.Contains(string(r.Body), "scan.pdf") {
		t.Fatalf("addressee page: %d", r.Status)
	}
	if r := e.Browser(d.AgencyBMember).Get(loc); r.Status != 404 {
		t.Fatalf("stranger: %d", r.Status)
	}
	if r := b.Get("/documents?type=procuratorial_suggestion"); r.Status != 200 || !strings.Contains(string(r.Body), "检建页1") {
		t.Fatalf("list: %d", r.Status)
	}
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestCasePages_NoRawMessageIDs renders every case and document page in
// both languages and looks for message ids that were not translated.
func TestCasePages_NoRawMessageIDs(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	api := e.API(d.ProcSec)
	k := api.CreateCase(t, cfCase(d, "R1"))
	api.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "clue"})
	doc := api.CreateDocument(t, cfWith(cfDoc(d, "R-doc"), "case_ids", []int64{k.ID}))
	var ids []string
	for _, id := range e.Deps.Tr.IDs("zh-CN") {
		if strings.HasPrefix(id, "case.") || strings.HasPrefix(id, "document.") {
			ids = append(ids, id)
		}
	}
	paths := []string{"/cases", "/cases/new", "/cases/" + cfItoa(k.ID), "/cases/" + cfItoa(k.ID) + "/edit", "/cases/types",
		"/documents", "/documents/new", "/documents/" + cfItoa(doc.ID)}
	for _, lang := range []string{"zh-CN", "en"} {
		b := e.Browser(d.Admin)
		b.Get("/lang/" + lang)
		for _, p := range paths {
			r := b.Get(p)
			if r.Status != 200 {
				t.Fatalf("%s %s: %d", lang, p, r.Status)
			}
			for _, id := range ids {
				if strings.Contains(string(r.Body), id+"<") || strings.Contains(string(r.Body), ">"+id) || strings.Contains(string(r.Body), " "+id+" ") {
					t.Errorf("%s %s: raw message id %s", lang, p, id)
				}
			}
		}
	}
}
