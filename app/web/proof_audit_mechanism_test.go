package web_test

import (
	"fmt"
	"net/url"

	"liaison/app/account"
)

// mechanism: the justice bureau's 提请 for a supervision opinion and
// 区政府's approval (which issues the opinion) and refusal.
func (f *acFlow) mechanism() {
	d := f.d
	js := f.e.API(d.JusticeSec)
	gov := f.e.User("audit.gov.leader", d.Government, account.RoleLeader)
	gc := f.e.API(gov)
	body := func(n string) map[string]any {
		return map[string]any{"number": n, "title": "审计提请", "requesting_unit_id": d.Justice.ID, "addressee_unit_id": d.AgencyA.ID,
			"grounds": []string{"crime_not_transferred"}}
	}
	r := f.do(js, d.JusticeSec, "POST /api/v1/opinion-requests", "/api/v1/opinion-requests", body("审计监意1"),
		acWant{action: "opinion_request.create", objType: "opinion_request", create: true})
	id := f.id(r)
	f.do(gc, gov, "POST /api/v1/opinion-requests/:id/approve", fmt.Sprintf("/api/v1/opinion-requests/%d/approve", id), map[string]any{},
		acWant{action: "document.create", objType: "document", create: true},
		acWant{action: "opinion_request.approve", objType: "opinion_request", objID: id, changed: []string{"status", "document_id"}})
	r = f.do(js, d.JusticeSec, "POST /api/v1/opinion-requests", "/api/v1/opinion-requests", body("审计监意2"),
		acWant{action: "opinion_request.create", objType: "opinion_request", create: true})
	id = f.id(r)
	f.do(gc, gov, "POST /api/v1/opinion-requests/:id/refuse", fmt.Sprintf("/api/v1/opinion-requests/%d/refuse", id), map[string]any{"reason": "依据不足"},
		acWant{action: "opinion_request.refuse", objType: "opinion_request", objID: id, changed: []string{"status", "refusal_reason"}})

	// The same on the page.
	jb, gb := f.e.Browser(d.JusticeSec), f.e.Browser(gov)
	form := func(n string) url.Values {
		return url.Values{"number": {n}, "addressee_unit_id": {n64(d.AgencyA.ID)}, "grounds": {"discretion_abused"}}
	}
	f.do(jb, d.JusticeSec, "POST /opinion-requests", "/opinion-requests", form("审计页监意1"),
		acWant{action: "opinion_request.create", objType: "opinion_request", create: true})
	id = count(f.t, f.e, `SELECT id FROM opinion_requests WHERE number = ?`, "审计页监意1")
	f.do(gb, gov, "POST /opinion-requests/:id/approve", fmt.Sprintf("/opinion-requests/%d/approve", id), url.Values{},
		acWant{action: "document.create", objType: "document", create: true},
		acWant{action: "opinion_request.approve", objType: "opinion_request", objID: id, changed: []string{"status", "document_id"}})
	f.do(jb, d.JusticeSec, "POST /opinion-requests", "/opinion-requests", form("审计页监意2"),
		acWant{action: "opinion_request.create", objType: "opinion_request", create: true})
	id = count(f.t, f.e, `SELECT id FROM opinion_requests WHERE number = ?`, "审计页监意2")
	f.do(gb, gov, "POST /opinion-requests/:id/refuse", fmt.Sprintf("/opinion-requests/%d/refuse", id), url.Values{"reason": {"证据不足"}},
		acWant{action: "opinion_request.refuse", objType: "opinion_request", objID: id, changed: []string{"status", "refusal_reason"}})
}
