package web_test

import (
	"fmt"
	"net/http"
	"strings"

	"liaison/app/web/webtest"
)

// channelSecrets configures agency A's group robot and JSON webhook with
// markers in the robot's URL (its key) and the webhook's secret: nobody may
// read them back, on any page, API answer, export, mail or log. The channel
// pages and API are walked with every other GET route.
func (w *canaryWriter) channelSecrets() {
	d := w.d
	admin := w.e.API(d.Admin)
	base := fmt.Sprintf("/api/v1/admin/units/%d/channels", d.AgencyA.ID)
	robot := w.mk("channel-url")
	w.secret("robot URL (key)", robot, admin.Do(http.MethodPut, base+"/robot",
		map[string]any{"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + robot, "enabled": true}))
	secret := w.mk("channel-secret")
	w.secret("webhook secret", secret, admin.Do(http.MethodPut, base+"/webhook",
		map[string]any{"url": "https://bus.example.gov.cn/in", "secret": secret, "enabled": true}))
	// A test message records an outbox row for the robot: it too must not
	// carry the URL.
	if r := admin.Post(base+"/robot/test", nil); r.Status != http.StatusAccepted {
		w.t.Fatalf("channel test message: %d %s", r.Status, r.Body)
	}
}

// secret records a write-only marker the product must have taken (the
// answer says it is set) and may show to nobody.
func (w *canaryWriter) secret(what, marker string, r webtest.Response) {
	w.t.Helper()
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `_set":true`) {
		w.t.Fatalf("%s: status %d %s", what, r.Status, r.Body)
	}
	w.markers = append(w.markers, canary{marker: marker, what: what, accepted: true, secret: true})
}
