package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
)

// TestDocumentPages_Receipt: the document list and page show a document
// awaiting receipt (待签收, how long it has waited, no deadline), the
// addressee's 签收 button records the day of receipt, after which the page
// shows 收到日期 and 答复期限; the new-document form takes a paper
// delivery's day of receipt.
func TestDocumentPages_Receipt(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Clock.Set(cfBeijing(2026, time.December, 7)) // Monday
	d := e.District()
	doc := e.API(d.ProcSec).CreateDocument(t, cfAt(d, "奎检行建〔2026〕41号", "2026-12-01", ""))
	show := "/documents/" + cfItoa(doc.ID)
	issuer, addressee := e.Browser(d.ProcSec), e.Browser(d.AgencyAMember)

	list := string(issuer.Get("/documents").Body)
	for _, want := range []string{"收到日期", "答复期限", "待签收", "已等待 4 个工作日", "签收后起算", "2026-12-01"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	page := string(issuer.Get(show).Body)
	for _, want := range []string{"待签收", "已等待 4 个工作日", "签收后起算"} {
		if !strings.Contains(page, want) {
			t.Errorf("issuer's page lacks %q", want)
		}
	}
	if strings.Contains(page, show+"/receive") {
		t.Error("the issuer is offered the 签收 button")
	}
	page = string(addressee.Get(show).Body)
	if !strings.Contains(page, `action="`+show+`/receive"`) || !strings.Contains(page, ">签收<") || !strings.Contains(page, `value="2026-12-07"`) {
		t.Fatalf("the addressee has no 签收 button:\n%s", page)
	}

	// A day of receipt in the future is refused on the page, which keeps
	// the value entered.
	r := addressee.PostForm(show+"/receive", url.Values{"received_on": {"2026-12-09"}, "version": {cfItoa(int64(doc.Version))}})
	if r.Status != 422 || !strings.Contains(string(r.Body), "收到日期不能晚于今天") || !strings.Contains(string(r.Body), `value="2026-12-09"`) {
		t.Fatalf("future receipt: %d", r.Status)
	}
	// The issuer's unit cannot sign for it.
	if r := issuer.PostForm(show+"/receive", url.Values{"received_on": {"2026-12-04"}}); r.Status != http.StatusForbidden {
		t.Fatalf("issuer signs: %d", r.Status)
	}
	r = addressee.PostForm(show+"/receive", url.Values{"received_on": {"2026-12-04"}, "version": {cfItoa(int64(doc.Version))}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != show {
		t.Fatalf("receive: %d %s", r.Status, r.Body)
	}
	var got webtest.DocumentJSON
	e.API(d.ProcSec).Get("/api/v1/documents/"+cfItoa(doc.ID)).Decode(t, &got)
	page = string(issuer.Get(show).Body)
	for _, want := range []string{"已签收", "收到日期", "2026-12-04", "答复期限", got.ReplyDueOn, "自收到之日起 2 个月", "/actions/" + cfItoa(got.ActionItems[0].ID)} {
		if !strings.Contains(page, want) {
			t.Errorf("received page lacks %q", want)
		}
	}
	if strings.Contains(page, "待签收") || strings.Contains(string(addressee.Get(show).Body), show+"/receive") {
		t.Error("still offered for receipt")
	}

	// A paper delivery entered with the document.
	form := issuer.Get("/documents/new")
	if !strings.Contains(string(form.Body), "收到日期（纸质送达）") || !strings.Contains(string(form.Body), `name="received_on"`) {
		t.Fatalf("new form lacks the day of receipt")
	}
	r = issuer.PostForm("/documents", url.Values{"type": {"procuratorial_suggestion"}, "number": {"奎检行建〔2026〕42号"},
		"issuing_unit_id": {cfItoa(d.Procuratorate.ID)}, "addressee_unit_id": {cfItoa(d.AgencyA.ID)}, "issued_on": {"2026-12-01"},
		"received_on": {"2026-11-30"}, "reply_due_on": {""}, "case_ids": {""}, "sensitivity": {"ordinary"}})
	if r.Status != 422 || !strings.Contains(string(r.Body), "收到日期不能早于制发日期") {
		t.Fatalf("receipt before issue: %d", r.Status)
	}
	r = issuer.PostForm("/documents", url.Values{"type": {"procuratorial_suggestion"}, "number": {"奎检行建〔2026〕42号"},
		"issuing_unit_id": {cfItoa(d.Procuratorate.ID)}, "addressee_unit_id": {cfItoa(d.AgencyA.ID)}, "issued_on": {"2026-12-01"},
		"received_on": {"2026-12-03"}, "reply_due_on": {""}, "case_ids": {""}, "sensitivity": {"ordinary"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("paper delivery: %d %s", r.Status, r.Body)
	}
	page = string(issuer.Get(r.Header.Get("Location")).Body)
	for _, want := range []string{"已签收", "2026-12-03", "（纸质送达）"} {
		if !strings.Contains(page, want) {
			t.Errorf("paper delivery page lacks %q", want)
		}
	}
	// English pages too.
	en := e.Browser(d.AgencyAMember)
	en.Get("/lang/en")
	if p := string(en.Get("/documents").Body); !strings.Contains(p, "Received on") || !strings.Contains(p, "Reply due") {
		t.Errorf("English list lacks its columns")
	}
}
