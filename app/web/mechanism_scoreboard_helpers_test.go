package web_test

import (
	"testing"

	"liaison/app/web/webtest"
)

// sbBasis has the administrator set the item kinds the ranking counts,
// keeping the other settings in force.
func sbBasis(t *testing.T, e *webtest.Env, d webtest.District, kinds ...string) {
	t.Helper()
	admin := e.API(d.Admin)
	var st map[string]any
	admin.Get("/api/v1/scoreboard/settings").Decode(t, &st)
	st["basis"] = kinds
	if r := admin.Do("PUT", "/api/v1/scoreboard/settings", st); r.Status != 200 {
		t.Fatalf("basis: %d %s", r.Status, r.Body)
	}
}
