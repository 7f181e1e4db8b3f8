package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
)

// e2eWorld is the end-to-end harness of the inbox tests: a district whose
// units have channels pointing at loopback receivers that check the wire
// format, the real job engine delivering, and step(), which makes one
// event and checks who was told, by which channel, and what arrived.
type e2eWorld struct {
	t      *testing.T
	e      *webtest.Env
	x      *inbox
	base   string
	sinks  map[string]*unitSink // "robot:<unit>" / "webhook:<unit>"
	kinds  map[int64]string     // unit → "markdown" or "text" for its robot
	posted map[string]int       // sink → posts checked so far
	mark   int64                // last outbox id seen
	// sensitive are the links of sensitive or classified records: their
	// posts must carry the neutral line only.
	sensitive map[string]bool
}

// e2eMsg is one channel outbox row expected: channel, unit, kind, record.
type e2eMsg struct {
	Channel string
	Unit    int64
	Kind    string
	Link    string
}

func newE2EWorld(t *testing.T, e *webtest.Env, x *inbox) *e2eWorld {
	return &e2eWorld{t: t, e: e, x: x, base: strings.TrimRight(e.Deps.Config.BaseURL, "/"),
		sinks: map[string]*unitSink{}, kinds: map[int64]string{}, posted: map[string]int{}, sensitive: map[string]bool{}}
}

// robot configures unit's group robot with msgtype (markdown or text)
// through the admin API, pointing at a loopback robot that checks it.
func (w *e2eWorld) robot(admin *webtest.Client, unit int64, msgtype string) {
	w.t.Helper()
	s := newRobotReceiverOf(w.t, msgtype)
	wantStatus(w.t, admin.Do(http.MethodPut, fmt.Sprintf("/api/v1/admin/units/%d/channels/robot", unit),
		map[string]any{"url": s.URL + "/cgi-bin/webhook/send?key=e2e", "enabled": true, "msgtype": msgtype}), http.StatusOK)
	w.sinks[fmt.Sprintf("robot:%d", unit)], w.kinds[unit] = s, msgtype
}

// webhook configures unit's signed JSON webhook through the admin API.
func (w *e2eWorld) webhook(admin *webtest.Client, unit int64) {
	w.t.Helper()
	secret := fmt.Sprintf("e2e-webhook-secret-%d-0123456789", unit)
	s := newHookReceiver(w.t, secret, unit, w.e.Clock.Now)
	wantStatus(w.t, admin.Do(http.MethodPut, fmt.Sprintf("/api/v1/admin/units/%d/channels/webhook", unit),
		map[string]any{"url": s.URL + "/in", "secret": secret, "enabled": true}), http.StatusOK)
	w.sinks[fmt.Sprintf("webhook:%d", unit)] = s
}

// start runs the real job engine until the test ends.
func (w *e2eWorld) start() {
	w.t.Helper()
	if err := w.e.Deps.Notify.Start(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = w.e.Deps.Notify.Stop(ctx)
	})
	// What set-up queued goes out first and is not a step's.
	w.waitSent()
	for k, s := range w.sinks {
		posts, _ := s.snapshot()
		w.posted[k] = len(posts)
	}
	w.skip()
}

// waitSent waits until every channel message has been handled.
func (w *e2eWorld) waitSent() {
	w.t.Helper()
	for waited := time.Duration(0); ; waited += 50 * time.Millisecond {
		n := count(w.t, w.e, `SELECT COUNT(*) FROM outbox WHERE channel <> 'mail' AND status IN ('queued', 'sending')`)
		if n == 0 {
			return
		}
		if waited > 30*time.Second {
			w.t.Fatalf("%d channel messages not sent", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// skip forgets what is in the outbox and inboxes so far (set-up events).
func (w *e2eWorld) skip() {
	w.t.Helper()
	w.x.take()
	w.mark = count(w.t, w.e, `SELECT COALESCE(MAX(id), 0) FROM outbox`)
}

// step runs do, then checks: exactly want (kind → usernames) got an in-app
// notice, exactly mail (kind → usernames) got mail, exactly msgs were
// queued for unit channels, and each channel with messages got one post
// carrying each message's title (the neutral line for a sensitive record)
// and link. It returns the notices and posts for further checks.
func (w *e2eWorld) step(name string, do func(), want, mail map[string][]string, msgs func() []e2eMsg) ([]noteRow, []channelPost) {
	t := w.t
	t.Helper()
	// A channel sends once a minute; moving past the window gives each
	// step its own post.
	w.e.Clock.Advance(61 * time.Second)
	do()
	rows := w.x.expect(name, want, mail)

	var got []struct {
		ID      int64
		Channel string
		UnitID  int64
		Kind    string
		Link    string
	}
	if err := w.e.DB.Conn(w.e.Ctx()).Raw(`SELECT id, channel, unit_id, kind, link FROM outbox WHERE id > ? AND channel <> 'mail' ORDER BY id`, w.mark).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	var have []e2eMsg
	for _, g := range got {
		have = append(have, e2eMsg{g.Channel, g.UnitID, g.Kind, g.Link})
	}
	w.mark = count(t, w.e, `SELECT COALESCE(MAX(id), 0) FROM outbox`)
	var wantMsgs []e2eMsg
	if msgs != nil {
		wantMsgs = msgs()
	}
	cmp := func(a, b e2eMsg) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) }
	slices.SortFunc(have, cmp)
	slices.SortFunc(wantMsgs, cmp)
	if !slices.Equal(have, wantMsgs) {
		t.Errorf("%s: channel messages\n got %v\nwant %v", name, have, wantMsgs)
	}

	// The title a channel shows is the one the unit's people read in their
	// inbox (everyone here reads Chinese), by kind and record.
	titleOf := map[string]string{}
	for _, r := range rows {
		titleOf[r.Kind+" "+r.Link] = r.Title
		if w.sensitive[r.Link] {
			titleOf[r.Kind+" "+r.Link] = neutralLine
		}
	}
	bySink := map[string][]e2eMsg{}
	for _, m := range wantMsgs {
		k := fmt.Sprintf("%s:%d", m.Channel, m.Unit)
		bySink[k] = append(bySink[k], m)
	}
	var posts []channelPost
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range bySink {
			if !yield(k) {
				return
			}
		}
	}) {
		ms, s := bySink[k], w.sinks[k]
		if s == nil {
			t.Fatalf("%s: a message for %s, which has no receiver", name, k)
		}
		w.posted[k]++
		p := s.waitPosts(t, k, w.posted[k])[w.posted[k]-1]
		posts = append(posts, p)
		if strings.HasPrefix(k, "robot:") {
			w.checkRobot(name, k, p, ms, titleOf)
			continue
		}
		ok := len(p.Messages) == len(ms)
		for _, m := range ms {
			ok = ok && slices.ContainsFunc(p.Messages, func(h hookItem) bool {
				return h.Kind == m.Kind && h.Link == w.base+m.Link && h.Title == titleOf[m.Kind+" "+m.Link] && h.Sensitive == w.sensitive[m.Link]
			})
		}
		if !ok {
			t.Errorf("%s: %s got %+v, want %v with the titles %v", name, k, p.Messages, ms, titleOf)
		}
	}
	return rows, posts
}

var robotTextLink = regexp.MustCompile(`查看详情：(\S+)`)

// checkRobot checks one robot post: the head line of a batch, each title
// in the markup of its msgtype, each link once.
func (w *e2eWorld) checkRobot(name, sink string, p channelPost, ms []e2eMsg, titleOf map[string]string) {
	w.t.Helper()
	var unit int64
	_, _ = fmt.Sscanf(sink, "robot:%d", &unit)
	text := w.kinds[unit] == "text"
	re, head, open, closing := robotLink, "", "**", "**"
	if text {
		re, open, closing = robotTextLink, "【", "】"
	}
	if len(ms) > 1 {
		head = fmt.Sprintf("**Liaison：%d 条新消息**\n\n", len(ms))
		if text {
			head = fmt.Sprintf("Liaison：%d 条新消息\n\n", len(ms))
		}
	}
	var links []string
	for _, l := range re.FindAllStringSubmatch(p.Content, -1) {
		links = append(links, l[1])
	}
	ok := len(links) == len(ms) && strings.HasPrefix(p.Content, head)
	for _, m := range ms {
		ok = ok && slices.Contains(links, w.base+m.Link) && strings.Contains(p.Content, open+titleOf[m.Kind+" "+m.Link]+closing)
	}
	if !ok {
		w.t.Errorf("%s: %s got %q, want %v with the titles %v", name, sink, p.Content, ms, titleOf)
	}
}

// drain waits until every channel message went out, then checks that no
// receiver got more posts than the steps checked.
func (w *e2eWorld) drain() {
	w.t.Helper()
	w.waitSent()
	if n := count(w.t, w.e, `SELECT COUNT(*) FROM outbox WHERE channel <> 'mail' AND status <> 'sent'`); n != 0 {
		w.t.Errorf("%d channel messages failed", n)
	}
	for k, s := range w.sinks {
		if posts, problems := s.snapshot(); len(posts) != w.posted[k] || len(problems) > 0 {
			w.t.Errorf("%s got %d posts, want %d; refused: %v", k, len(posts), w.posted[k], problems)
		}
	}
}

// newRobotReceiverOf is a loopback 企业微信/政务微信 group robot expecting
// msgtype: markdown (content at most 4096 bytes) or text (at most 2048, the
// robot's limit for text), with nothing else in the body; it refuses any
// other shape, and answers like the robot (HTTP 200, errcode 0).
func newRobotReceiverOf(t *testing.T, msgtype string) *unitSink {
	limit := map[string]int{"markdown": 4096, "text": 2048}[msgtype]
	s := &unitSink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]json.RawMessage
		var typ string
		var part struct {
			Content string `json:"content"`
		}
		err := json.Unmarshal(b, &m)
		if err == nil {
			err = json.Unmarshal(m["msgtype"], &typ)
		}
		if err == nil {
			err = json.Unmarshal(m[msgtype], &part)
		}
		switch {
		case r.Method != http.MethodPost || err != nil || typ != msgtype || part.Content == "" || len(m) != 2:
			s.refuse(rw, fmt.Sprintf("robot: not a %s message: %s %s (%v)", msgtype, r.Method, b, err))
			return
		case len(part.Content) > limit:
			s.refuse(rw, fmt.Sprintf("robot: %s content of %d bytes", msgtype, len(part.Content)))
			return
		}
		s.mu.Lock()
		s.posts = append(s.posts, channelPost{Content: part.Content})
		s.mu.Unlock()
		_, _ = io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
	}))
	t.Cleanup(s.Close)
	return s
}
