package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/clock/clocktest"
	"liaison/app/demo"
	"liaison/app/prooftest"
)

const pgBin = "/usr/lib/postgresql/15/bin"

// privatePG is a PostgreSQL cluster of the test's own, which it may stop
// and start at will (never the machine's shared server).
type privatePG struct {
	t    *testing.T
	dir  string
	port int
}

// newPrivatePG initialises and starts a cluster in a temp dir on a free
// port. Without initdb it skips, except under CI=true where it fails.
func newPrivatePG(t *testing.T) *privatePG {
	t.Helper()
	if _, err := os.Stat(filepath.Join(pgBin, "initdb")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("initdb not found in %s: CI must run the restart test", pgBin)
		}
		t.Skipf("initdb not found in %s", pgBin)
	}
	dir, err := os.MkdirTemp("", "liaison-pg-")
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 { // PostgreSQL refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root and no postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	p := &privatePG{t: t, dir: dir, port: port}
	t.Cleanup(func() {
		_ = p.ctl("stop", "-m", "immediate")
		_ = os.RemoveAll(dir)
	})
	if out, err := p.run(filepath.Join(pgBin, "initdb"), "-D", filepath.Join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	if err := p.start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs a PostgreSQL program as the postgres user when we are root.
func (p *privatePG) run(bin string, args ...string) ([]byte, error) {
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = p.dir
	return cmd.CombinedOutput()
}

func (p *privatePG) ctl(args ...string) error {
	a := append([]string{"-D", filepath.Join(p.dir, "data"), "-w", "-t", "30"}, args...)
	out, err := p.run(filepath.Join(pgBin, "pg_ctl"), a...)
	if err != nil {
		return fmt.Errorf("pg_ctl %v: %v\n%s", args, err, out)
	}
	return nil
}

func (p *privatePG) start() error {
	return p.ctl("-l", filepath.Join(p.dir, "log"), "-o",
		fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", p.port, p.dir), "start")
}

func (p *privatePG) stop() error { return p.ctl("stop", "-m", "fast") }

// URL is the cluster's postgres database.
func (p *privatePG) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

// outcome tallies the load's answers in one phase.
type outcome struct{ ok, err5xx, err500, other, transport atomic.Int64 }

func (o *outcome) String() string {
	return fmt.Sprintf("%d ok, %d 5xx, %d other, %d transport errors", o.ok.Load(), o.err5xx.Load(), o.other.Load(), o.transport.Load())
}

// TestProof_PostgresRestart runs Liaison on a private PostgreSQL under a
// steady read/write load, stops the database (fast shutdown: every
// connection is cut) and starts it again: /readyz says 503 meanwhile, and
// Liaison answers again within five seconds of the database's return,
// without being restarted itself.
func TestProof_PostgresRestart(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	pg := newPrivatePG(t)
	li := startServe(t, []string{"LIAISON_DATABASE_URL=" + pg.URL()}, "--demo")
	api := newClient(li.URL)
	api.signIn(t, "wang.fang", demo.Password)
	var me struct {
		UnitID int64 `json:"unit_id"`
	}
	api.getJSON(t, "/api/v1/me", &me)

	cycles, outage := 1, time.Second
	if proofLong() {
		cycles, outage = 3, 10*time.Second
	}
	var phase atomic.Pointer[outcome]
	phase.Store(&outcome{})
	straddled := &outcome{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClient(li.URL)
			c.token, c.http.Timeout = api.token, 10*time.Second
			for i := 0; ctx.Err() == nil; i++ {
				o := phase.Load()
				var st int
				var err error
				if w%3 == 0 { // writers: a draft meeting each time
					st, _, err = c.do(ctx, "POST", "/api/v1/meetings", map[string]any{"kind": "consultation", "title": fmt.Sprintf("负载会商 %d-%d", w, i),
						"start": clocktest.Date(14, 9, 0).Format(time.RFC3339), "end": clocktest.Date(14, 10, 0).Format(time.RFC3339), "location": "三楼", "sensitivity": "ordinary",
						"convening_unit_id": me.UnitID, "description": ""})
				} else {
					st, _, err = c.do(ctx, "GET", "/api/v1/meetings?limit=20", nil)
				}
				if phase.Load() != o {
					o = straddled // began in one phase, ended in the next
				}
				switch {
				case ctx.Err() != nil:
				case err != nil:
					o.transport.Add(1)
				case st >= 500:
					o.err5xx.Add(1)
					if st != http.StatusServiceUnavailable {
						o.err500.Add(1)
					}
				case st < 300:
					o.ok.Add(1)
				default:
					o.other.Add(1)
				}
			}
		}()
	}
	stopLoad := func() { cancel(); wg.Wait() }
	defer stopLoad()

	ready := func() int {
		c := newClient(li.URL)
		c.http.Timeout = 3 * time.Second
		st, _, err := c.do(context.Background(), "GET", "/readyz", nil)
		if err != nil {
			return 0
		}
		return st
	}
	waitFor(t, 5*time.Second, "load before the restart", func() bool { return phase.Load().ok.Load() > 20 })
	before := phase.Load()
	var worst time.Duration
	for cycle := range cycles {
		during := &outcome{}
		phase.Store(during)
		if err := pg.stop(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 5*time.Second, "/readyz to report the database gone", func() bool { return ready() == http.StatusServiceUnavailable })
		notReady := 0
		for sw := clock.StartStopwatch(); sw.Elapsed() < outage; time.Sleep(100 * time.Millisecond) {
			if st := ready(); st != http.StatusServiceUnavailable {
				t.Errorf("/readyz answered %d while the database was down", st)
			} else {
				notReady++
			}
		}
		after := &outcome{}
		if err := pg.start(); err != nil {
			t.Fatal(err)
		}
		back := clock.StartStopwatch()
		phase.Store(after)
		// Recovered: ready, and a real read and write succeed.
		var recovered time.Duration
		for {
			if ready() == http.StatusOK {
				st, _, err := api.do(context.Background(), "GET", "/api/v1/meetings?limit=5", nil)
				if err == nil && st == http.StatusOK {
					recovered = back.Elapsed()
					break
				}
			}
			if back.Elapsed() > 15*time.Second {
				t.Fatalf("cycle %d: not recovered 15s after the database returned", cycle)
			}
			time.Sleep(20 * time.Millisecond)
		}
		worst = max(worst, recovered)
		if recovered > 5*time.Second {
			t.Errorf("cycle %d: recovered after %s, want at most 5s", cycle, recovered)
		}
		// After recovery every request succeeds.
		settled := &outcome{}
		phase.Store(settled)
		waitFor(t, 10*time.Second, "load after the restart", func() bool { return settled.ok.Load() > 20 })
		if settled.err5xx.Load()+settled.transport.Load()+settled.other.Load() > 0 {
			t.Errorf("cycle %d: after recovery %s", cycle, settled)
		}
		// While the database is away, a failed request says "unavailable,
		// retry" (503), never "internal error" (500).
		if n := during.err500.Load() + after.err500.Load(); n > 0 {
			t.Errorf("cycle %d: %d answers were 5xx other than 503 during the outage", cycle, n)
		}
		t.Logf("cycle %d: outage %s (/readyz 503 on %d polls); during: %s; database back → Liaison ready and answering in %s; first moments after: %s; settled: %s",
			cycle, outage, notReady, during, recovered.Round(time.Millisecond), after, settled)
	}
	if before.err5xx.Load()+before.transport.Load() > 0 {
		t.Errorf("before the restart: %s", before)
	}
	select {
	case <-li.done:
		t.Fatalf("Liaison exited: %v", li.err)
	default:
	}
	t.Logf("worst recovery %s over %d cycle(s); before: %s; requests spanning a phase change: %s", worst.Round(time.Millisecond), cycles, before, straddled)
}
