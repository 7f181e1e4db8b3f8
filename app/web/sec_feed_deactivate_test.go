package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// feedAddress returns the path of a feed address answered by the API.
func feedAddress(t *testing.T, c *webtest.Client, api string) string {
	t.Helper()
	r := c.Get(api)
	wantStatus(t, r, http.StatusOK)
	var l struct{ URL string }
	r.Decode(t, &l)
	i := strings.Index(l.URL, "/feeds/")
	if i < 0 {
		t.Fatalf("%s answered %s", api, r.Body)
	}
	return l.URL[i:]
}

// setActive (de)activates u through the API as an admin.
func setActive(t *testing.T, e *webtest.Env, admin *webtest.Client, u account.User, active bool) {
	t.Helper()
	v := count(t, e, `SELECT version FROM users WHERE id = ?`, u.ID)
	wantStatus(t, admin.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"active": active, "version": v}), http.StatusOK)
}

// TestFeeds_EndWithDeactivation is issue 14's finding 5a: a deactivated
// user's feed addresses answered 404 only while the account stayed
// inactive, and the address of a unit feed they had seen kept working. Now
// deactivation rotates both (new salts: the tokens are HMACs of them), so
// reactivation does not bring an old address back, and the unit's other
// secretaries get the unit's new address.
func TestFeeds_EndWithDeactivation(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, colleague := d.ProcSec, e.User("proc.sec2", d.Procuratorate, account.RoleSecretary)
	other := d.JusticeSec
	api, admin := e.API(sec), e.API(d.Admin)
	mine, unit := feedAddress(t, api, "/api/v1/me/feed"), feedAddress(t, api, "/api/v1/me/unit_feed")
	otherUnit := feedAddress(t, e.API(other), "/api/v1/me/unit_feed")
	anon := e.Anon()
	for _, p := range []string{mine, unit, otherUnit} {
		wantStatus(t, anon.Get(p), http.StatusOK)
	}

	setActive(t, e, admin, sec, false)
	wantStatus(t, anon.Get(mine), http.StatusNotFound)
	wantStatus(t, anon.Get(unit), http.StatusNotFound)
	wantStatus(t, anon.Get(otherUnit), http.StatusOK) // other units' feeds are untouched
	newUnit := feedAddress(t, e.API(colleague), "/api/v1/me/unit_feed")
	if newUnit == unit {
		t.Fatal("the unit feed kept the address the deactivated secretary knew")
	}
	wantStatus(t, anon.Get(newUnit), http.StatusOK)

	setActive(t, e, admin, sec, true)
	wantStatus(t, anon.Get(mine), http.StatusNotFound)
	wantStatus(t, anon.Get(unit), http.StatusNotFound)
	again := feedAddress(t, e.API(sec), "/api/v1/me/feed")
	if again == mine {
		t.Fatal("reactivation brought the old feed address back")
	}
	wantStatus(t, anon.Get(again), http.StatusOK)
	// The rotations are audited as the admin's.
	if n := count(t, e, `SELECT COUNT(*) FROM audit_entries WHERE action = 'feed.rotate' AND actor_id = ? AND detail LIKE '%user_deactivated%'`, d.Admin.ID); n != 2 {
		t.Errorf("%d feed rotations audited for the deactivation, want 2 (personal and unit)", n)
	}
}
