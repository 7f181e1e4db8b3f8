package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"liaison/app/clock"
)

// process is a server the tool started: its address, pid and log.
type process struct {
	Base      string
	ColdStart time.Duration // exec to the first 200 from /readyz
	cmd       *exec.Cmd
	log       *os.File     // the child's stdout and stderr, written by it directly
	peakRSS   atomic.Int64 // bytes, sampled while watching
	pathRSS   atomic.Int64 // the same since the current path began (measure resets it)
	stopWatch func()
}

// freeAddr picks a free loopback port.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs bin with args and env on a free loopback port and waits until
// it answers /readyz.
func start(ctx context.Context, bin string, args, env []string, addrFlag string) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	// The log goes to a file the child writes itself: through a pipe, this
	// process would copy every access-log line (20,000 a second on feed
	// re-polls) on the CPUs it shares with the server it measures.
	lf, err := os.CreateTemp("", "liaison-load-*.log")
	if err != nil {
		return nil, err
	}
	p := &process{Base: "http://" + addr, log: lf}
	cmd := exec.Command(bin, append(args, addrFlag, addr)...)
	// Load clients sign in from addresses of their own (clientAddr), sent
	// in X-Forwarded-For; env may say otherwise.
	cmd.Env = append(append(os.Environ(), "LIAISON_TRUSTED_PROXIES=127.0.0.1/32,::1/128"), env...)
	cmd.Stdout, cmd.Stderr = lf, lf
	t0 := clock.StartStopwatch()
	if err := cmd.Start(); err != nil {
		p.removeLog()
		return nil, err
	}
	p.cmd = cmd
	c := &http.Client{Timeout: time.Second}
	for wait := clock.StartStopwatch(); wait.Elapsed() < 30*time.Second; {
		if resp, err := c.Get(p.Base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.ColdStart = t0.Elapsed()
				return p, nil
			}
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	tail := p.logTail(2000)
	_ = p.Stop()
	return nil, fmt.Errorf("%s did not become ready: %s", bin, tail)
}

// Stop ends the process (interrupt, then kill after 10 s) and removes its log.
func (p *process) Stop() error {
	if p.stopWatch != nil {
		p.stopWatch()
	}
	defer p.removeLog()
	if p.cmd == nil || p.cmd.Process == nil {
		return nil
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		return <-done
	}
}

// watchRSS samples the process's resident memory until stopped.
func (p *process) watchRSS() {
	ctx, cancel := context.WithCancel(context.Background())
	p.stopWatch = cancel
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			n, err := rss(p.cmd.Process.Pid)
			if err == nil && n > p.pathRSS.Load() {
				p.pathRSS.Store(n)
			}
			if err == nil && n > p.peakRSS.Load() {
				p.peakRSS.Store(n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// rss reads VmRSS from /proc.
func rss(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmRSS")
}

// loopback refuses any target that is not this machine: the tool sends
// thousands of requests a second and must never be aimed elsewhere.
func loopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "" && u.Scheme == "postgres" || host == "" && u.Scheme == "postgresql" {
		if h := u.Query().Get("host"); h != "" && !strings.HasPrefix(h, "/") {
			host = h
		} else {
			return nil // a Unix socket
		}
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing %q: only loopback targets (127.0.0.0/8, ::1, localhost)", raw)
	}
	return nil
}

func (p *process) removeLog() {
	_ = p.log.Close()
	_ = os.Remove(p.log.Name())
}

// logTail returns the last n bytes of the child's log.
func (p *process) logTail(n int64) string {
	fi, err := p.log.Stat()
	if err != nil {
		return ""
	}
	off := max(fi.Size()-n, 0)
	b := make([]byte, fi.Size()-off)
	k, _ := p.log.ReadAt(b, off)
	return string(b[:k])
}

// logCount counts the lines of the child's log so far that contain any of subs.
func (p *process) logCount(subs ...string) int {
	f, err := os.Open(p.log.Name())
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		for _, s := range subs {
			if bytes.Contains(sc.Bytes(), []byte(s)) {
				n++
				break
			}
		}
	}
	return n
}
