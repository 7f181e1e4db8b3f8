package web_test

import "net/url"

// inbox: a person's channel preferences, by API and by the settings page.
func (f *acFlow) inbox() {
	d, api, b := f.d, f.e.API(f.d.ProcMember), f.e.Browser(f.d.ProcMember)
	f.do(api, d.ProcMember, "PUT /api/v1/me/notification_prefs", "/api/v1/me/notification_prefs",
		map[string]any{"prefs": []map[string]any{{"kind": "case.read", "in_app": false, "email": true}}},
		acWant{action: "notify.prefs", objType: "user", objID: d.ProcMember.ID, changed: []string{"case.read"}})
	f.do(b, d.ProcMember, "POST /notifications/settings", "/notifications/settings",
		url.Values{"in_app.case.read": {"1"}, "email.case.read": {"1"}},
		acWant{action: "notify.prefs", objType: "user", objID: d.ProcMember.ID, changed: []string{"case.read"}})
}
