package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/clock/clocktest"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/demo"
	"liaison/app/prooftest"
)

// shutdownEnv points an instance at a fresh database of the kind the tests
// run on and at the SMTP sink.
func shutdownEnv(t *testing.T, smtpPort int) ([]string, db.Options) {
	t.Helper()
	dbtest.RequirePostgresInCI(t)
	env := []string{"LIAISON_SMTP_HOST=127.0.0.1", "LIAISON_SMTP_PORT=" + strconv.Itoa(smtpPort), "LIAISON_SMTP_FROM=liaison@kuiwen.example.gov.cn"}
	if dbtest.Dialect() == db.Postgres {
		_, o := dbtest.NewUnmigrated(t)
		return append(env, "LIAISON_DATABASE_URL="+o.URL), o
	}
	dir := t.TempDir()
	return append(env, "LIAISON_DATA_DIR="+dir), db.Options{SQLitePath: filepath.Join(dir, "liaison.db")}
}

// titlesStored reports which of the titles a meeting was stored under.
func titlesStored(t *testing.T, o db.Options, titles []string) []string {
	t.Helper()
	if len(titles) == 0 {
		return nil
	}
	d, err := db.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var out []string
	if err := d.Conn(context.Background()).Raw("SELECT title FROM meetings WHERE title IN ?", titles).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

// TestProof_GracefulShutdown sends SIGTERM while a load runs and while one
// slow request is still uploading its body: every request begun before the
// signal gets a whole answer, connections after it are refused, the process
// exits cleanly, and the invitations of a meeting made just before the
// signal are all sent, once, by the restarted instance if not before.
func TestProof_GracefulShutdown(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	mail := newSink(t, "")
	env, dbo := shutdownEnv(t, mail.Port)
	t0 := clock.StartStopwatch()
	li := startServe(t, env, "--demo")
	api := newClient(li.URL)
	api.signIn(t, "wang.fang", demo.Password)
	var me struct {
		UnitID int64 `json:"unit_id"`
	}
	api.getJSON(t, "/api/v1/me", &me)
	meeting := func(title string, experts ...string) map[string]any {
		var ex []map[string]any
		for i, e := range experts {
			ex = append(ex, map[string]any{"name": fmt.Sprintf("专家%d", i), "email": e, "unit_name": "某大学法学院", "mode": "invited"})
		}
		return map[string]any{"kind": "consultation", "title": title, "start": clocktest.Date(15, 9, 0).Format(time.RFC3339), "end": clocktest.Date(15, 10, 0).Format(time.RFC3339),
			"location": "三楼", "sensitivity": "ordinary", "convening_unit_id": me.UnitID, "description": "", "experts": ex, "invite_standing_members": false}
	}

	// A steady load of reads and writes.
	var (
		signalled atomic.Int64 // ns from t0 to SIGTERM, 0 before
		mu        sync.Mutex
		complete  int // requests begun before the signal with a whole answer
		refused   int // requests begun after the signal and refused
		dropped   []string
		unread    []string // writes begun before the signal whose connection was closed unanswered
		unreadGet int      // reads likewise (nothing to check: they change nothing)
		lateOK    int      // begun after the signal, still answered (already-open connection)
		closed    int      // begun after the signal on a kept-alive connection the server closed
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClient(li.URL)
			c.token = api.token
			for i := 0; ctx.Err() == nil; i++ {
				began := int64(t0.Elapsed()) // ns since t0, as signalled
				var st int
				var err error
				title := fmt.Sprintf("负载 %d-%d", w, i)
				if w%2 == 0 {
					st, _, err = c.do(ctx, "POST", "/api/v1/meetings", meeting(title))
				} else {
					st, _, err = c.do(ctx, "GET", "/api/v1/meetings?limit=50", nil)
				}
				sig := signalled.Load()
				mu.Lock()
				switch {
				case err != nil && strings.Contains(err.Error(), "connection refused"):
					refused++ // never reached the server
				case sig != 0 && began < sig && err != nil && unanswered(err):
					// The server closed a kept-alive connection it had not
					// read a request from yet; checked below that such a
					// write did not happen.
					if w%2 == 0 {
						unread = append(unread, title)
					} else {
						unreadGet++
					}
				case sig == 0 || began < sig:
					if err != nil || st >= 500 {
						dropped = append(dropped, fmt.Sprintf("%d %v", st, err))
					} else {
						complete++
					}
				case err == nil && st < 500:
					lateOK++
				case err != nil:
					closed++
				default:
					dropped = append(dropped, fmt.Sprintf("after the signal: %d %v", st, err))
				}
				stop := sig != 0 && err != nil
				mu.Unlock()
				if stop {
					return
				}
			}
		}()
	}
	waitFor(t, 10*time.Second, "load", func() bool { mu.Lock(); defer mu.Unlock(); return complete > 30 })

	// A slow client: its request is under way at the signal and its body
	// arrives a second later. It asks "Expect: 100-continue", so that the
	// server's "100 Continue" (sent when the handler starts reading the
	// body) proves the request reached the handler before the signal: a
	// client's transport may otherwise still hold the headers in its buffer
	// at the signal, and the server rightly closes a connection it has
	// received nothing on.
	pr, pw := io.Pipe()
	slow := make(chan error, 1)
	inHandler := make(chan struct{})
	go func() {
		trace := &httptrace.ClientTrace{Got100Continue: func() { close(inHandler) }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "POST", li.URL+"/api/v1/meetings", pr)
		req.Header.Set("Authorization", "Bearer "+api.token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Expect", "100-continue")
		c := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
		res, err := c.Do(req)
		if err == nil {
			body, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			if rerr != nil || res.StatusCode != http.StatusCreated {
				err = fmt.Errorf("slow request: %d %v %s", res.StatusCode, rerr, body)
			}
		}
		slow <- err
	}()
	go func() { _, _ = pw.Write([]byte(`{"kind":"consultation",`)) }()
	select {
	case <-inHandler:
	case err := <-slow:
		t.Fatalf("slow request ended before the signal: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("slow request: no 100 Continue in 10 s")
	}

	// The meeting whose invitations are queued just before the signal.
	experts := []string{"x@univ.example", "y@univ.example"}
	st, body, err := api.do(context.Background(), "POST", "/api/v1/meetings", meeting("停机前的会商", experts...))
	if err != nil || st != http.StatusCreated {
		t.Fatalf("create meeting: %d %v %s", st, err, body)
	}

	signalled.Store(int64(t0.Elapsed()))
	li.signal(syscall.SIGTERM)
	t.Logf("%s: SIGTERM", t0.Elapsed().Round(time.Millisecond))
	go func() {
		time.Sleep(time.Second) // the slow client's pace, not a wait for an outcome
		_, _ = pw.Write(fmt.Appendf(nil, `"title":"慢请求","start":%q,"end":%q,"location":"三楼","sensitivity":"ordinary","convening_unit_id":%d,"description":""}`,
			clocktest.Date(16, 9, 0).Format(time.RFC3339), clocktest.Date(16, 10, 0).Format(time.RFC3339), me.UnitID))
		_ = pw.Close()
	}()
	if err := <-slow; err != nil {
		t.Errorf("a request in flight at the signal: %v", err)
	}
	if err := li.wait(40 * time.Second); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, tail(li.stderr.String(), 2000))
	}
	cancel()
	wg.Wait()
	t.Logf("%s: exited after SIGTERM", t0.Elapsed().Round(time.Millisecond))
	if got := titlesStored(t, dbo, unread); len(got) > 0 {
		t.Errorf("writes whose connection closed unanswered were stored (an answer was lost): %v", got)
	}
	// New connections are refused now.
	if _, _, err := newClient(li.URL).do(context.Background(), "GET", "/healthz", nil); err == nil || !errors.Is(err, syscall.ECONNREFUSED) && !strings.Contains(err.Error(), "refused") {
		t.Errorf("after exit: %v, want connection refused", err)
	}
	mu.Lock()
	t.Logf("shutdown under load: %d requests begun before SIGTERM answered whole, %d dropped, %d writes and %d reads not yet read by the server when it closed their idle connection (none stored); after it %d refused, %d answered and %d closed on kept-alive connections; slow upload completed",
		complete, len(dropped), len(unread), unreadGet, refused, lateOK, closed)
	if len(dropped) > 0 {
		t.Errorf("dropped requests: %v", dropped)
	}
	mu.Unlock()
	before := mail.total()

	// Restart: whatever was queued and not sent goes out now, once.
	again := startServe(t, env)
	t.Logf("%s: restarted", t0.Elapsed().Round(time.Millisecond))
	waitFor(t, 45*time.Second, "the invitations queued before shutdown", func() bool {
		return mail.count(experts[0]) >= 1 && mail.count(experts[1]) >= 1
	})
	observe(2*time.Second, func() bool { return mail.count(experts[0]) > 1 || mail.count(experts[1]) > 1 })
	for _, e := range experts {
		if n := mail.count(e); n != 1 {
			t.Errorf("%s received %d invitations across the restart, want 1", e, n)
		}
	}
	t.Logf("%s: invitations all sent", t0.Elapsed().Round(time.Millisecond))
	t.Logf("invitations sent before the shutdown: %d of %d; the rest after the restart at %s", before, len(experts), again.URL)
}

// unanswered reports the errors of a request on a kept-alive connection the
// server closed without reading it (Go's Shutdown closes idle connections;
// a request written into one at that instant was never read).
func unanswered(err error) bool {
	s := err.Error()
	return strings.Contains(s, "connection reset") || strings.Contains(s, "EOF") || strings.Contains(s, "server closed idle connection")
}
