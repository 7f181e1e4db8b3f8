package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"liaison/app/web/webtest"
)

// channelSecrets configures, before any other write, agency A's group robot
// (msgtype text) and JSON webhook, and the procuratorate's robot
// (markdown), all on loopback receivers that check the wire format, with
// markers in the robot's URL (its key) and the webhook's secret: nobody may
// read them back, on any page, API answer, export, mail or log. Every later
// event then reaches these channels, and channelWire scans what they
// received. The channel pages and API are walked with every other GET route.
func (w *canaryWriter) channelSecrets() {
	d := w.d
	admin := w.e.API(d.Admin)
	base := fmt.Sprintf("/api/v1/admin/units/%d/channels", d.AgencyA.ID)
	robot, secret := w.mk("channel-url"), w.mk("channel-secret")
	w.sinks = map[string]*unitSink{
		"robot (text) of 区人社局":     newRobotReceiverOf(w.t, "text"),
		"webhook of 区人社局":          newHookReceiver(w.t, secret, d.AgencyA.ID, w.e.Clock.Now),
		"robot (markdown) of 区检察院": newRobotReceiverOf(w.t, "markdown"),
	}
	w.secret("robot URL (key)", robot, admin.Do(http.MethodPut, base+"/robot",
		map[string]any{"url": w.sinks["robot (text) of 区人社局"].URL + "/cgi-bin/webhook/send?key=" + robot, "enabled": true, "msgtype": "text"}))
	w.secret("webhook secret", secret, admin.Do(http.MethodPut, base+"/webhook",
		map[string]any{"url": w.sinks["webhook of 区人社局"].URL + "/in", "secret": secret, "enabled": true}))
	wantStatus(w.t, admin.Do(http.MethodPut, fmt.Sprintf("/api/v1/admin/units/%d/channels/robot", d.Procuratorate.ID),
		map[string]any{"url": w.sinks["robot (markdown) of 区检察院"].URL + "/send?key=k", "enabled": true}), http.StatusOK)
	// A test message records an outbox row for the robot: it too must not
	// carry the URL.
	if r := admin.Post(base+"/robot/test", nil); r.Status != http.StatusAccepted {
		w.t.Fatalf("channel test message: %d %s", r.Status, r.Body)
	}
}

// channelWire delivers every queued channel message through the real job
// engine (moving the clock on a minute at a time, as each channel sends
// once a minute) and scans each request body the receivers accepted. No
// marker may appear there: a unit channel is outside Liaison, so it carries
// only the neutral line for a sensitive or classified record. Each receiver
// must have been reached, or that channel was not exercised.
func (w *canaryWriter) channelWire(col *canaryCollector) {
	t, e := w.t, w.e
	if err := e.Deps.Notify.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = e.Deps.Notify.Stop(ctx)
	}()
	for waited := time.Duration(0); count(t, e, `SELECT COUNT(*) FROM outbox WHERE channel <> 'mail' AND status IN ('queued', 'sending')`) > 0; waited += 100 * time.Millisecond {
		if waited > 60*time.Second {
			t.Fatal("channel messages still queued after a minute")
		}
		e.Clock.Advance(time.Minute)
		time.Sleep(100 * time.Millisecond)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE channel <> 'mail' AND status <> 'sent'`); n != 0 {
		t.Errorf("%d channel messages not sent", n)
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range w.sinks {
			if !yield(k) {
				return
			}
		}
	}) {
		posts, problems := w.sinks[name].snapshot()
		if len(posts) == 0 || len(problems) > 0 {
			t.Errorf("%s: %d posts, refused %v: the channel was not exercised", name, len(posts), problems)
		}
		kind, _, _ := strings.Cut(name, " ")
		for i, p := range posts {
			wire := p.Content
			for _, m := range p.Messages {
				wire += "\n" + m.ID + " " + m.Kind + " " + m.Title + " " + m.Text + " " + m.Link
			}
			col.scan(fmt.Sprintf("%s %s#%d", kind, name, i), "", []byte(wire))
		}
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
