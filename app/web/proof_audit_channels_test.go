package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// channels: an admin configures a unit's robot and webhook by API and page
// and sends test messages; the entries name the channel, never its URL or
// secret.
func (f *acFlow) channels() {
	d := f.d
	admin, b := f.e.API(d.Admin), f.e.Browser(d.Admin)
	unit := d.AgencyAMember.UnitID
	base := fmt.Sprintf("/api/v1/admin/units/%d/channels", unit)
	page := fmt.Sprintf("/admin/units/%d/channels", unit)
	f.do(admin, d.Admin, "PUT /api/v1/admin/units/:id/channels/:kind", base+"/robot",
		map[string]any{"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=audit-robot-key", "enabled": true},
		acWant{action: "unit_channel.save", objType: "unit", objID: unit, create: true})
	f.do(admin, d.Admin, "PUT /api/v1/admin/units/:id/channels/:kind", base+"/robot", map[string]any{"enabled": false, "version": 1},
		acWant{action: "unit_channel.save", objType: "unit", objID: unit, changed: []string{"enabled"}})
	f.do(b, d.Admin, "POST /admin/units/:id/channels/:kind", page+"/webhook",
		url.Values{"url": {"https://bus.example.gov.cn/in"}, "secret": {"audit-webhook-secret-0123"}, "enabled": {"on"}, "version": {"0"}},
		acWant{action: "unit_channel.save", objType: "unit", objID: unit, create: true})
	f.do(admin, d.Admin, "POST /api/v1/admin/units/:id/channels/:kind/test", base+"/webhook/test", nil,
		acWant{action: "unit_channel.test", objType: "unit", objID: unit})
	f.do(b, d.Admin, "POST /admin/units/:id/channels/:kind/test", page+"/robot/test", url.Values{},
		acWant{action: "unit_channel.test", objType: "unit", objID: unit})
	f.do(admin, d.Admin, "DELETE /api/v1/admin/units/:id/channels/:kind", base+"/robot?version=2", nil,
		acWant{action: "unit_channel.delete", objType: "unit", objID: unit})
	f.do(b, d.Admin, "POST /admin/units/:id/channels/:kind/delete", page+"/webhook/delete", url.Values{"version": {"1"}},
		acWant{action: "unit_channel.delete", objType: "unit", objID: unit})
	var leaks int64
	err := f.e.DB.Conn(f.e.Ctx()).Raw(`SELECT COUNT(*) FROM audit_log WHERE detail || state_before || state_after LIKE ? OR detail || state_before || state_after LIKE ?`,
		"%audit-robot-key%", "%audit-webhook-secret%").Scan(&leaks).Error
	if err != nil || leaks != 0 {
		f.t.Errorf("%d audit entries quote a channel URL or secret (%v)", leaks, err)
	}
	if r := admin.Get(base); r.Status != http.StatusOK || strings.Contains(string(r.Body), "audit-") || strings.Contains(string(r.Body), `"configured":true`) {
		f.t.Errorf("channels API: %d %s", r.Status, r.Body)
	}
}
