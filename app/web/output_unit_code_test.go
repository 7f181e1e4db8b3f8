package web_test

import (
	"fmt"
	"net/url"
	"testing"

	"liaison/app/web/webtest"
)

// TestUnitOfficeCode: an admin sets a unit's issuing-office code by API
// and on the unit's page; a code that would garble a 字号 is a localised
// 422 that changes nothing.
func TestUnitOfficeCode(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)
	path := fmt.Sprintf("/api/v1/units/%d", d.Justice.ID)
	var u struct {
		Version    int
		OfficeCode string `json:"office_code"`
	}
	admin.Get(path).Decode(t, &u)
	r := admin.Do("PATCH", path, map[string]any{"office_code": "奎司〔2026〕", "version": u.Version})
	wantError(t, r, 422, "invalid")
	mustContain(t, r, `"office_code":"发文机关代字最多12个字`)
	wantStatus(t, admin.Do("PATCH", path, map[string]any{"office_code": " 奎司 ", "version": u.Version}), 200)
	admin.Get(path).Decode(t, &u)
	if u.OfficeCode != "奎司" {
		t.Fatalf("office code %q", u.OfficeCode)
	}
	page := fmt.Sprintf("/admin/units/%d", d.Justice.ID)
	b := e.Browser(d.Admin)
	mustContain(t, b.Get(page), `name="office_code" value="奎司"`, "发文机关代字")
	form := url.Values{"name": {d.Justice.Name}, "short_name": {d.Justice.ShortName}, "kind": {string(d.Justice.Kind)}, "active": {"on"},
		"office_code": {"奎司法"}, "version": {fmt.Sprint(u.Version)}}
	if r := b.PostForm(page, form); r.Status != 303 {
		t.Fatalf("save on the page: %d\n%s", r.Status, r.Body)
	}
	admin.Get(path).Decode(t, &u)
	if u.OfficeCode != "奎司法" {
		t.Fatalf("office code after the page %q", u.OfficeCode)
	}
}
