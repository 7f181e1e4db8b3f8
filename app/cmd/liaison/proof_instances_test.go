package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"liaison/app/clock"
	"liaison/app/clock/clocktest"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/demo"
	"liaison/app/prooftest"
)

// sink is an SMTP server that counts the mails it accepted per recipient.
// A recipient named in stallFor has its first message held after the body
// is read and never acknowledged: the sender's worker is mid-send.
type sink struct {
	Port     int
	mu       sync.Mutex
	accepted map[string]int
	stallFor string
	stalled  chan string   // the stalled connection's remote address
	release  chan struct{} // closed to drop the stalled message
	once     sync.Once
}

// drop lets the stalled session end without accepting its message.
func (s *sink) drop() { s.once.Do(func() { close(s.release) }) }

func newSink(t *testing.T, stallFor string) *sink {
	t.Helper()
	s := &sink{accepted: map[string]int{}, stallFor: stallFor, stalled: make(chan string, 1), release: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &sinkSession{s: s, remote: c.Conn().RemoteAddr().String()}, nil
	}))
	srv.Domain = "mx.test"
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { s.drop(); _ = srv.Close() })
	s.Port = ln.Addr().(*net.TCPAddr).Port
	return s
}

func (s *sink) count(rcpt string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted[rcpt]
}

func (s *sink) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, v := range s.accepted {
		n += v
	}
	return n
}

type sinkSession struct {
	s      *sink
	remote string
	to     []string
}

func (x *sinkSession) Reset()                                    { x.to = nil }
func (x *sinkSession) Logout() error                             { return nil }
func (x *sinkSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error { x.to = append(x.to, to); return nil }
func (x *sinkSession) Data(r io.Reader) error {
	if _, err := io.ReadAll(r); err != nil {
		return err
	}
	x.s.mu.Lock()
	stall := len(x.to) == 1 && x.to[0] == x.s.stallFor
	if stall {
		x.s.stallFor = "" // only the first attempt
	}
	x.s.mu.Unlock()
	if stall {
		x.s.stalled <- x.remote
		<-x.s.release
		return &smtp.SMTPError{Code: 451, Message: "dropped"}
	}
	x.s.mu.Lock()
	for _, to := range x.to {
		x.s.accepted[to]++
	}
	x.s.mu.Unlock()
	return nil
}

// TestProof_ThreeInstances starts three Liaison processes on one empty
// PostgreSQL schema at the same moment (their migrations race under the
// advisory lock), then shows that a session made on one is good on the
// others, that a meeting's invitations go out once across the three, and
// that killing the instance whose worker is mid-send duplicates nothing.
func TestProof_ThreeInstances(t *testing.T) {
	prooftest.SkipInShort(t)
	if dbtest.Dialect() != db.Postgres {
		dbtest.RequirePostgresInCI(t)
		t.Skip("several instances share a PostgreSQL database: set " + dbtest.EnvURL)
	}
	t.Parallel()
	_, o := dbtest.NewUnmigrated(t)
	mail := newSink(t, "stall@univ.example")
	env := []string{"LIAISON_DATABASE_URL=" + o.URL, "LIAISON_BASE_URL=http://liaison.test",
		"LIAISON_SMTP_HOST=127.0.0.1", "LIAISON_SMTP_PORT=" + strconv.Itoa(mail.Port), "LIAISON_SMTP_FROM=liaison@kuiwen.example.gov.cn"}

	// 1. Three starts at once on an empty schema.
	var ins []*instance
	for range 3 {
		ins = append(ins, launch(t, env))
	}
	for i, p := range ins {
		if err := p.waitListening(90 * time.Second); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
	checkMigratedOnce(t, o.URL)
	admins := 0
	for _, p := range ins {
		if strings.Contains(p.stdout.String(), "created administrator") {
			admins++
		}
	}
	if admins != 1 {
		t.Errorf("%d instances created the first administrator, want exactly 1", admins)
	}

	// 2. A secretary (made with the command line) signs in on A; the
	// browser session works on B and C.
	if _, err := runCmd(t, "kuiwen-proof-passphrase\n", "user", "create", "--username", "sec", "--display-name", "秘书",
		"--unit", demo.Units[0].Name, "--role", "secretary", "--email", "sec@kuiwen.example.gov.cn", "--password-stdin", "--database-url", o.URL); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := browser.PostForm(ins[0].URL+"/login", url.Values{"username": {"sec"}, "password": {"kuiwen-proof-passphrase"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on A: %v %v", res, err)
	}
	res.Body.Close()
	for i, p := range ins[1:] {
		res, err := browser.Get(p.URL + "/api/v1/me")
		if err != nil {
			t.Fatal(err)
		}
		var me struct {
			Username string `json:"username"`
		}
		_ = json.NewDecoder(res.Body).Decode(&me)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || me.Username != "sec" {
			t.Errorf("session from A on instance %c: %d %q", 'B'+i, res.StatusCode, me.Username)
		}
	}

	// 3. A meeting with three invited experts, made on B: one invitation
	// each, whichever instance's worker sends it.
	api := newClient(ins[1].URL)
	api.signIn(t, "sec", "kuiwen-proof-passphrase")
	var unitID int64
	st, body, err := api.do(context.Background(), "GET", "/api/v1/me", nil)
	if err != nil || st != 200 {
		t.Fatalf("me: %d %v", st, err)
	}
	var me struct {
		UnitID int64 `json:"unit_id"`
	}
	_ = json.Unmarshal(body, &me)
	unitID = me.UnitID
	experts := []string{"a@univ.example", "b@univ.example", "c@univ.example"}
	var ex []map[string]any
	for i, e := range experts {
		ex = append(ex, map[string]any{"name": fmt.Sprintf("专家%d", i), "email": e, "unit_name": "某大学法学院", "mode": "invited"})
	}
	start := clocktest.Now().Add(72 * time.Hour).Truncate(time.Hour)
	st, body, err = api.do(context.Background(), "POST", "/api/v1/meetings", map[string]any{
		"kind": "consultation", "title": "专家会商", "start": start.Format(time.RFC3339), "end": start.Add(2 * time.Hour).Format(time.RFC3339),
		"location": "三楼会议室", "sensitivity": "ordinary", "convening_unit_id": unitID, "description": "", "experts": ex,
		"invite_standing_members": false})
	if err != nil || st != http.StatusCreated {
		t.Fatalf("create meeting: %d %v\n%s", st, err, body)
	}
	var m struct {
		ID int64 `json:"id"`
	}
	_ = json.Unmarshal(body, &m)
	waitFor(t, 45*time.Second, "one invitation per expert", func() bool {
		for _, e := range experts {
			if mail.count(e) < 1 {
				return false
			}
		}
		return true
	})
	// Watch a little longer: a second instance sending again would show here.
	observe(3*time.Second, func() bool { return mail.total() > len(experts) })
	for _, e := range experts {
		if n := mail.count(e); n != 1 {
			t.Errorf("%s received %d invitations, want 1", e, n)
		}
	}

	// 4. One more expert; the sink holds the mail after its body: the
	// sending worker is killed there.
	st, body, err = api.do(context.Background(), "POST", fmt.Sprintf("/api/v1/meetings/%d/attendees", m.ID),
		map[string]any{"name": "慢专家", "email": "stall@univ.example", "unit_name": "某大学法学院", "role": "expert"})
	if err != nil || st != http.StatusCreated {
		t.Fatalf("add attendee: %d %v\n%s", st, err, body)
	}
	var remote string
	select {
	case remote = <-mail.stalled:
	case <-time.After(45 * time.Second):
		t.Fatal("the invitation to the new expert was never sent")
	}
	victim := ownerOf(t, ins, remote)
	_ = victim.cmd.Process.Kill()
	<-victim.done
	mail.drop()
	t.Logf("killed the instance at %s mid-send", victim.URL)

	pool, err := sql.Open("pgx", o.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	status := func() (s, by string) {
		_ = pool.QueryRow(`SELECT status, coalesce(claimed_by, '') FROM outbox WHERE recipient = $1`, "stall@univ.example").Scan(&s, &by)
		return
	}
	// The dead worker's claim is fresh: the survivors leave it alone.
	observe(3*time.Second, func() bool { return mail.count("stall@univ.example") > 0 })
	if s, _ := status(); s != "sending" || mail.count("stall@univ.example") != 0 {
		t.Fatalf("a fresh claim of a dead worker was taken over at once: status %s, %d mails", s, mail.count("stall@univ.example"))
	}
	// Ten minutes later (StaleAfter) the claim is stale: move it back in
	// time instead of waiting, and a survivor sends the mail exactly once.
	if _, err := pool.Exec(`UPDATE outbox SET claimed_at = claimed_at - interval '11 minutes' WHERE recipient = $1`, "stall@univ.example"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 45*time.Second, "the abandoned mail to be sent by a survivor", func() bool {
		s, _ := status()
		return s == "sent"
	})
	observe(2*time.Second, func() bool { return mail.count("stall@univ.example") > 1 })
	if n := mail.count("stall@univ.example"); n != 1 {
		t.Errorf("the mail interrupted by the kill arrived %d times, want 1", n)
	}
	for _, e := range experts {
		if n := mail.count(e); n != 1 {
			t.Errorf("%s received %d invitations after the kill, want 1", e, n)
		}
	}
}

// checkMigratedOnce: every migration recorded exactly once.
func checkMigratedOnce(t *testing.T, dsn string) {
	t.Helper()
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	files, _ := filepath.Glob("../../../migrations/postgres/*.sql")
	var applied, distinct int
	if err := pool.QueryRow(`SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&applied, &distinct); err != nil {
		t.Fatal(err)
	}
	if applied != len(files) || distinct != len(files) {
		t.Errorf("goose_db_version: %d rows, %d distinct, want %d migrations once each", applied, distinct, len(files))
	}
}

// ownerOf finds the instance whose process owns the TCP connection with
// local address remote (as the SMTP sink saw it), through /proc.
func ownerOf(t *testing.T, ins []*instance, remote string) *instance {
	t.Helper()
	_, port, _ := net.SplitHostPort(remote)
	p, _ := strconv.Atoi(port)
	inode := ""
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, l := range lines(string(data))[1:] {
			fs := strings.Fields(l)
			if len(fs) < 10 {
				continue
			}
			if i := strings.LastIndex(fs[1], ":"); i >= 0 {
				if lp, _ := strconv.ParseInt(fs[1][i+1:], 16, 32); int(lp) == p {
					inode = fs[9]
				}
			}
		}
	}
	if inode == "" {
		t.Fatalf("no socket for %s in /proc/net/tcp", remote)
	}
	want := "socket:[" + inode + "]"
	for _, in := range ins {
		dir := fmt.Sprintf("/proc/%d/fd", in.cmd.Process.Pid)
		fds, _ := os.ReadDir(dir)
		for _, fd := range fds {
			if l, _ := os.Readlink(filepath.Join(dir, fd.Name())); l == want {
				return in
			}
		}
	}
	t.Fatalf("no instance owns the connection from %s", remote)
	return nil
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for sw := clock.StartStopwatch(); !cond(); {
		if sw.Elapsed() > d {
			t.Fatalf("waited %s for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// observe watches for bad (a duplicate arriving) during d; it returns early
// when bad happens, so the caller's check fails at once.
func observe(d time.Duration, bad func() bool) {
	for sw := clock.StartStopwatch(); sw.Elapsed() < d && !bad(); {
		time.Sleep(50 * time.Millisecond)
	}
}
