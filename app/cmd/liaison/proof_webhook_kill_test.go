package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/demo"
	"liaison/app/notify"
	"liaison/app/prooftest"
)

// hookSink is a unit's JSON webhook receiver. Its first request is held
// after the body is read and never acknowledged (the sending worker is
// mid-send); it counts the messages it accepted (answered 200) by id, after
// checking each signature.
type hookSink struct {
	*httptest.Server
	secret   string
	mu       sync.Mutex
	accepted map[string]int
	bad      int
	stalled  chan string
	release  chan struct{}
	once     sync.Once
	first    sync.Once
}

func newHookSink(t *testing.T, secret string) *hookSink {
	t.Helper()
	s := &hookSink{secret: secret, accepted: map[string]int{}, stalled: make(chan string, 1), release: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		stall := false
		s.first.Do(func() { stall = true })
		if stall {
			s.stalled <- r.RemoteAddr
			<-s.release
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		ts, _ := strconv.ParseInt(r.Header.Get("X-Liaison-Timestamp"), 10, 64)
		var p struct {
			Messages []struct {
				ID string `json:"id"`
			} `json:"messages"`
		}
		_ = json.Unmarshal(body, &p)
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.Header.Get("X-Liaison-Signature") != notify.Sign(s.secret, ts, body) {
			s.bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		for _, m := range p.Messages {
			s.accepted[m.ID]++
		}
	}))
	t.Cleanup(func() { s.drop(); s.Close() })
	return s
}

func (s *hookSink) drop() { s.once.Do(func() { close(s.release) }) }

func (s *hookSink) counts() (map[string]int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.accepted {
		out[k] = v
	}
	return out, s.bad
}

// TestProof_WebhookKilledMidSend: two Liaison processes on one PostgreSQL
// schema; an admin configures a unit's JSON webhook and sends a test
// message; the instance whose worker is mid-POST is killed. The survivor
// leaves the dead worker's fresh claim alone, then, once the claim is stale,
// delivers the message, signed, exactly once.
func TestProof_WebhookKilledMidSend(t *testing.T) {
	prooftest.SkipInShort(t)
	if dbtest.Dialect() != db.Postgres {
		dbtest.RequirePostgresInCI(t)
		t.Skip("several instances share a PostgreSQL database: set " + dbtest.EnvURL)
	}
	t.Parallel()
	_, o := dbtest.NewUnmigrated(t)
	const secret = "proof-webhook-secret-0123456789"
	hook := newHookSink(t, secret)
	env := []string{"LIAISON_DATABASE_URL=" + o.URL, "LIAISON_BASE_URL=http://liaison.test"}
	ins := []*instance{launch(t, env), launch(t, env)}
	for i, p := range ins {
		if err := p.waitListening(90 * time.Second); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
	if _, err := runCmd(t, "kuiwen-proof-passphrase\n", "user", "create", "--username", "chadmin", "--display-name", "管理员",
		"--unit", demo.Units[0].Name, "--role", "admin", "--password-stdin", "--database-url", o.URL); err != nil {
		t.Fatal(err)
	}
	tok, err := runCmd(t, "", "token", "create", "--username", "chadmin", "--database-url", o.URL)
	if err != nil {
		t.Fatal(err)
	}
	api := newClient(ins[0].URL)
	api.token = strings.TrimSpace(tok)
	ctx := context.Background()
	st, body, err := api.do(ctx, "GET", "/api/v1/me", nil)
	var me struct {
		UnitID int64 `json:"unit_id"`
	}
	if err != nil || st != http.StatusOK || json.Unmarshal(body, &me) != nil {
		t.Fatalf("me: %d %v %s", st, err, body)
	}
	base := fmt.Sprintf("/api/v1/admin/units/%d/channels/webhook", me.UnitID)
	if st, body, err := api.do(ctx, "PUT", base, map[string]any{"url": hook.URL + "/bus", "secret": secret, "enabled": true}); err != nil || st != http.StatusOK {
		t.Fatalf("configure: %d %v %s", st, err, body)
	}
	st, body, err = api.do(ctx, "POST", base+"/test", nil)
	var row struct {
		ID        int64  `json:"id"`
		DedupeKey string `json:"dedupe_key"`
	}
	if err != nil || st != http.StatusAccepted || json.Unmarshal(body, &row) != nil {
		t.Fatalf("test message: %d %v %s", st, err, body)
	}
	var remote string
	select {
	case remote = <-hook.stalled:
	case <-time.After(45 * time.Second):
		t.Fatal("the test message was never posted")
	}
	victim := ownerOf(t, ins, remote)
	_ = victim.cmd.Process.Kill()
	<-victim.done
	hook.drop()
	t.Logf("killed the instance at %s mid-POST", victim.URL)

	pool, err := sql.Open("pgx", o.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	status := func() (s string) {
		_ = pool.QueryRow(`SELECT status FROM outbox WHERE id = $1`, row.ID).Scan(&s)
		return
	}
	delivered := func() int { c, _ := hook.counts(); return c[row.DedupeKey] }
	observe(3*time.Second, func() bool { return delivered() > 0 })
	if s := status(); s != "sending" || delivered() != 0 {
		t.Fatalf("a fresh claim of a dead worker was taken over at once: status %s, %d deliveries", s, delivered())
	}
	// StaleAfter (10 min) later the claim is stale: move it back instead of
	// waiting, and the survivor delivers the message once.
	if _, err := pool.Exec(`UPDATE outbox SET claimed_at = claimed_at - interval '11 minutes' WHERE id = $1`, row.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 45*time.Second, "the abandoned message to be sent by the survivor", func() bool { return status() == "sent" })
	observe(2*time.Second, func() bool { return delivered() > 1 })
	if c, bad := hook.counts(); c[row.DedupeKey] != 1 || bad != 0 || len(c) != 1 {
		t.Errorf("deliveries %v, %d badly signed; want the test message once", c, bad)
	}
}
