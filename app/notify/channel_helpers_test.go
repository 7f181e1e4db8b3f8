package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/db"
	"liaison/app/notify"
)

// hookRequest is one POST a receiver got.
type hookRequest struct {
	Header http.Header
	Body   []byte
}

// receiver is a real HTTP server on loopback playing the group robot or a
// district's message bus. answer decides each response (nil: HTTP 200 with
// errcode 0); hold, when set, blocks every request until closed.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []hookRequest
	answer func(n int) (int, string)
}

func newReceiver(t testing.TB) *receiver {
	t.Helper()
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, hookRequest{Header: req.Header.Clone(), Body: b})
		n, answer := len(r.got), r.answer
		r.mu.Unlock()
		code, body := http.StatusOK, `{"errcode":0,"errmsg":"ok"}`
		if answer != nil {
			code, body = answer(n)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) setAnswer(f func(n int) (int, string)) {
	r.mu.Lock()
	r.answer = f
	r.mu.Unlock()
}

func (r *receiver) all() []hookRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hookRequest(nil), r.got...)
}

// waitFor waits until the receiver got n requests.
func (r *receiver) waitFor(t testing.TB, n int) []hookRequest {
	t.Helper()
	for sw := clock.StartStopwatch(); sw.Elapsed() < 20*time.Second; time.Sleep(50 * time.Millisecond) {
		if got := r.all(); len(got) >= n {
			return got
		}
	}
	t.Fatalf("receiver got %d requests, want %d", len(r.all()), n)
	return nil
}

// robotMessage is the 企业微信 group robot's request body.
type robotMessage struct {
	MsgType  string `json:"msgtype"`
	Markdown *struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

func decodeRobot(t testing.TB, b []byte) robotMessage {
	t.Helper()
	var m robotMessage
	if err := json.Unmarshal(b, &m); err != nil || m.MsgType != "markdown" || m.Markdown == nil {
		t.Fatalf("not a robot markdown message (%v): %s", err, b)
	}
	return m
}

// webhookBody is the JSON webhook's request body.
type webhookBody struct {
	UnitID   int64 `json:"unit_id"`
	Messages []struct {
		ID        string `json:"id"`
		Kind      string `json:"kind"`
		Title     string `json:"title"`
		Text      string `json:"text"`
		Link      string `json:"link"`
		Sensitive bool   `json:"sensitive"`
	} `json:"messages"`
}

// newUnit creates a unit and returns its id.
func newUnit(t testing.TB, d *db.DB, name string) int64 {
	t.Helper()
	u, err := account.NewService(d).CreateUnit(context.Background(), account.System, account.UnitInput{Name: name, Kind: account.KindAgency})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// configure sets a unit's channel to url (and secret for a webhook).
func configure(t testing.TB, s *notify.Service, unit int64, kind notify.Channel, url, secret string) notify.ChannelView {
	t.Helper()
	v, err := s.SaveChannel(context.Background(), account.System, unit, kind, notify.ChannelInput{URL: url, Secret: secret, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// send calls SendToUnits in a transaction, as a caller's change would.
func send(t testing.TB, d *db.DB, s *notify.Service, units []int64, m notify.UnitMessage) {
	t.Helper()
	if err := d.WithTx(context.Background(), func(ctx context.Context) error { return s.SendToUnits(ctx, units, m) }); err != nil {
		t.Fatal(err)
	}
}

func msg(key, title, text string) notify.UnitMessage {
	return notify.UnitMessage{Kind: "action.overdue", DedupeKey: key, Title: title, Text: text, Link: "/actions/5"}
}

// channelKey is the outbox dedupe key of a unit channel message.
func channelKey(kind notify.Channel, unit int64, key string) string {
	return fmt.Sprintf("%s:%d:%s", kind, unit, key)
}

// channelOpts are fast() with a short channel window.
func channelOpts(window time.Duration) notify.Options {
	o := fast()
	o.ChannelWindow = window
	o.ChannelTimeout = 2 * time.Second
	return o
}
