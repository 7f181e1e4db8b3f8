package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// Audit coverage (issue 7): every state change is in the audit log with
// who, when, from where, before and after. A scripted flow
// (proof_audit_flow_test.go, proof_audit_meetings_test.go,
// proof_audit_security_test.go) performs every kind of write the product has
// through the JSON API and the HTML forms; after each one the log must have
// grown by an entry with the right actor, IP, request id, action and object,
// and, for an update, before and after states that differ where the write
// changed something. The list of writes is the router's own: a
// state-changing route (POST, PUT, PATCH, DELETE) that the flow does not
// exercise and that acExempt does not name fails the test.
//
//	go test ./app/web -run 'TestProof_AuditCoverage' -count=1 -v

// acExempt are the state-changing routes the coverage flow leaves out, each
// with the reason. Everything else must be exercised.
var acExempt = map[string]string{
	// A read sent as POST (its body is a whole meeting): nothing changes.
	"POST /api/v1/meetings/conflicts": "pure read: conflict check of a draft meeting",
	// Personal reading state of the caller's own in-app notices (the
	// bell), like the language cookie: no record of the district changes.
	// Formal case notifications' read receipts are audited (case.notification_read).
	"POST /api/v1/me/notifications/:id/read": "personal reading state of an in-app notice",
	"POST /notifications/:id/read":           "personal reading state of an in-app notice",
	"POST /notifications/read":               "personal reading state of in-app notices",
	"POST /api/v1/me/notifications/read":     "personal reading state of in-app notices",
	// Starting an enrolment stores a pending secret that grants nothing
	// until confirmed; the confirmation is audited (auth.totp_enrolled).
	// The enrolment page (a GET) starts one on every visit as well.
	"POST /api/v1/me/totp/enrol": "pending second-factor secret, audited on confirmation",
}

// acWant is an audit entry a write must add.
type acWant struct {
	action  string
	objType string
	objID   int64 // 0: any object of objType
	actor   int64 // 0: the caller
	// changed names keys of the before/after states that must differ;
	// create and remove ask for no before, or no after, state.
	changed        []string
	create, remove bool
}

// acUpload is a multipart body: one file and form fields.
type acUpload struct {
	name   string
	data   []byte
	fields map[string]string
}

// acFlow drives the writes and checks each one's audit entry.
type acFlow struct {
	t       *testing.T
	e       *webtest.Env
	d       webtest.District
	covered map[string]int // "METHOD /route" → successful writes checked
	entries int            // audit entries checked
	n       int

	doc, docAction int64 // a document of the flow and its action item
}

// do sends a write to route ("METHOD /path/:param") as user u with client c
// and checks that the audit log grew by every entry in wants. path is route
// with the parameters filled in; the router must resolve it to route.
func (f *acFlow) do(c *webtest.Client, u account.User, route, path string, body any, wants ...acWant) webtest.Response {
	f.t.Helper()
	method, tmpl, _ := strings.Cut(route, " ")
	ec := f.e.Server.Echo().NewContext(nil, nil)
	f.e.Server.Echo().Router().Find(method, strings.SplitN(path, "?", 2)[0], ec)
	if ec.Path() != tmpl {
		f.t.Fatalf("%s %s is routed to %q, not %s", method, path, ec.Path(), tmpl)
	}
	if len(wants) == 0 {
		f.t.Fatalf("%s: a write without an expected audit entry", route)
	}
	mark := count(f.t, f.e, `SELECT COALESCE(MAX(id), 0) FROM audit_log`)
	f.n++
	rid := fmt.Sprintf("audit-coverage-%04d", f.n)
	c.Header.Set("X-Request-ID", rid)
	var r webtest.Response
	if up, ok := body.(acUpload); ok {
		if c.Token == "" {
			c.Header.Set("X-CSRF-Token", c.CSRF)
		}
		r = c.Upload(path, up.name, up.data, up.fields)
		c.Header.Del("X-CSRF-Token")
	} else {
		r = c.Do(method, path, body)
	}
	c.Header.Del("X-Request-ID")
	loc := r.Header.Get("Location")
	// A redirect to the sign-in page is a refusal, except after signing out.
	if r.Status >= 400 || (r.Status >= 300 && strings.HasPrefix(loc, "/login") && route != "POST /logout") {
		f.t.Fatalf("%s %s as %s: %d %s\n%.600s", method, path, u.Username, r.Status, loc, r.Body)
	}
	var got []account.AuditEntry
	if err := account.WithContent(f.e.DB.Conn(f.e.Ctx())).Where("audit_log.id > ?", mark).Order("audit_log.id").Find(&got).Error; err != nil {
		f.t.Fatal(err)
	}
	for _, w := range wants {
		f.check(route, u, rid, got, w)
	}
	f.covered[route]++
	return r
}

func (f *acFlow) check(route string, u account.User, rid string, got []account.AuditEntry, w acWant) {
	f.t.Helper()
	i := slices.IndexFunc(got, func(e account.AuditEntry) bool {
		return e.Action == w.action && e.ObjectType == w.objType && (w.objID == 0 || e.ObjectID == fmt.Sprint(w.objID))
	})
	if i < 0 {
		var have []string
		for _, e := range got {
			have = append(have, fmt.Sprintf("%s %s/%s", e.Action, e.ObjectType, e.ObjectID))
		}
		f.t.Errorf("%s: no audit entry %s on %s/%d; the write added %v", route, w.action, w.objType, w.objID, have)
		return
	}
	e := got[i]
	actor := w.actor
	if actor == 0 {
		actor = u.ID
	}
	if e.ActorID == nil || *e.ActorID != actor {
		f.t.Errorf("%s: %s by actor %v, want %d", route, w.action, e.ActorID, actor)
	}
	if e.IP != "127.0.0.1" {
		f.t.Errorf("%s: %s from IP %q", route, w.action, e.IP)
	}
	if e.RequestID != rid {
		f.t.Errorf("%s: %s with request id %q, want %q", route, w.action, e.RequestID, rid)
	}
	if e.At.IsZero() || e.Seq == nil || e.Hash == "" {
		f.t.Errorf("%s: %s without time or chain link: %+v", route, w.action, e)
	}
	switch {
	case w.create && (e.Before != "" || e.After == ""):
		f.t.Errorf("%s: %s is a creation: before %q, after %q", route, w.action, e.Before, e.After)
	case w.remove && e.Before == "":
		f.t.Errorf("%s: %s is a removal without the state before", route, w.action)
	}
	if len(w.changed) > 0 {
		before, after := acState(f.t, e.Before), acState(f.t, e.After)
		if before == nil || after == nil {
			f.t.Errorf("%s: %s is an update without before and after: %q → %q", route, w.action, e.Before, e.After)
		}
		for _, k := range w.changed {
			if b, a := acJSON(before[k]), acJSON(after[k]); b == a {
				f.t.Errorf("%s: %s: %q is %s before and after", route, w.action, k, b)
			}
		}
	}
	f.entries++
}

func acState(t *testing.T, s string) map[string]any {
	t.Helper()
	if s == "" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("state %q: %v", s, err)
	}
	return m
}

func acJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestProof_AuditCoverage(t *testing.T) {
	prooftest.SkipInShort(t)
	e := webtest.NewWith(t, func(c *config.Config) {
		// A mail server that is configured but never reached (the job
		// engine is not started): failed mail can be retried.
		c.SMTP = config.SMTP{Host: "127.0.0.1", Port: 1, From: "liaison@test.example"}
	})
	f := &acFlow{t: t, e: e, d: e.District(), covered: map[string]int{}}
	f.run()

	var writes, exempt []string
	for _, r := range e.Server.Echo().Routes() {
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			continue
		}
		k := r.Method + " " + r.Path
		if slices.Contains(writes, k) {
			continue
		}
		writes = append(writes, k)
		_, ex := acExempt[k]
		switch {
		case f.covered[k] > 0 && ex:
			t.Errorf("route %s is both exercised and exempt: drop it from acExempt", k)
		case f.covered[k] == 0 && !ex:
			t.Errorf("state-changing route %s is not exercised by the audit coverage flow (add it to the flow in proof_audit_*_test.go, or to acExempt with a reason)", k)
		case ex:
			exempt = append(exempt, k)
		}
	}
	for k := range acExempt {
		if !slices.Contains(writes, k) {
			t.Errorf("acExempt names %s, which is no longer a state-changing route", k)
		}
	}
	for k := range f.covered {
		if !slices.Contains(writes, k) {
			t.Errorf("the flow covers %s, which is no state-changing route", k)
		}
	}
	f.noContentInAudit()
	t.Logf("audit coverage: %d state-changing routes, %d exercised (%d writes, %d audit entries checked), %d exempt",
		len(writes), len(f.covered), f.n, f.entries, len(exempt))
}
