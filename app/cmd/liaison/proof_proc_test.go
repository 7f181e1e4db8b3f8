package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/clock/clocktest"
)

// The proof tests run Liaison as real processes: the binary is built once
// (on first use) from this package and started with its own port.

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// liaisonBinary builds ./app/cmd/liaison once and returns its path.
func liaisonBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "liaison-proof-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "liaison")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// lockedBuffer collects a process's output for the test to read while the
// process still writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// instance is one running `liaison serve`.
type instance struct {
	t      testing.TB
	cmd    *exec.Cmd
	URL    string // http://127.0.0.1:port
	stdout *lockedBuffer
	stderr *lockedBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, once done
}

var listeningRE = regexp.MustCompile(`listening on (\S+) `)

// startServe starts `liaison serve` with env (LIAISON_* settings) on a free
// port and waits until it listens. It is killed when the test ends.
func startServe(t testing.TB, env []string, args ...string) *instance {
	t.Helper()
	p := launch(t, env, args...)
	if err := p.waitListening(90 * time.Second); err != nil {
		t.Fatal(err)
	}
	return p
}

// launch starts the process without waiting for it to listen.
func launch(t testing.TB, env []string, args ...string) *instance {
	t.Helper()
	bin := liaisonBinary(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(baseEnv(), env...)
	p := &instance{t: t, cmd: cmd, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("instance %s stderr (tail):\n%s", p.URL, tail(p.stderr.String(), 3000))
		}
	})
	return p
}

// baseEnv is the parent's environment without LIAISON_ settings, so that
// only what a test sets reaches the child.
func baseEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LIAISON_") {
			out = append(out, kv)
		}
	}
	// The process runs on this test run's pinned "now", as in-process tests do.
	return append(out, "LIAISON_LOG_LEVEL=warn", "LIAISON_START_AT="+clocktest.Now().Format(time.RFC3339))
}

func (p *instance) waitListening(d time.Duration) error {
	for sw := clock.StartStopwatch(); ; {
		if m := listeningRE.FindStringSubmatch(p.stdout.String()); m != nil {
			p.URL = "http://" + m[1]
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("liaison exited before listening: %v\nstdout:\n%s\nstderr:\n%s", p.err, p.stdout, tail(p.stderr.String(), 3000))
		case <-time.After(50 * time.Millisecond):
		}
		if sw.Elapsed() > d {
			return fmt.Errorf("liaison not listening after %s\nstderr:\n%s", d, tail(p.stderr.String(), 3000))
		}
	}
}

// signal sends sig to the process.
func (p *instance) signal(sig syscall.Signal) {
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
}

// wait waits for the process to exit and returns its exit error.
func (p *instance) wait(d time.Duration) error {
	select {
	case <-p.done:
		return p.err
	case <-time.After(d):
		return fmt.Errorf("still running after %s", d)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// client is a small HTTP client for the proof tests: a bearer token, JSON.
type client struct {
	base  string
	token string
	http  *http.Client
}

func newClient(base string) *client {
	return &client{base: base, http: &http.Client{Timeout: 30 * time.Second}}
}

// do sends a JSON request and returns the status and body.
func (c *client) do(ctx context.Context, method, path string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}

// signIn exchanges a password for a token.
func (c *client) signIn(t testing.TB, username, password string) {
	t.Helper()
	st, body, err := c.do(context.Background(), "POST", "/api/v1/auth/token", map[string]string{"username": username, "password": password})
	if err != nil || st != http.StatusCreated {
		t.Fatalf("sign in as %s at %s: %d %v\n%s", username, c.base, st, err, body)
	}
	var tok struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil || tok.Token == "" {
		t.Fatalf("token answer: %s", body)
	}
	c.token = tok.Token
}

// getJSON fetches path and decodes a 200 answer into v.
func (c *client) getJSON(t testing.TB, path string, v any) {
	t.Helper()
	st, body, err := c.do(context.Background(), "GET", path, nil)
	if err != nil || st != http.StatusOK {
		t.Fatalf("GET %s%s: %d %v\n%s", c.base, path, st, err, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
}

// lines scans s line by line (for reading command output).
func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// proofLong reports whether the long versions were asked for.
func proofLong() bool { return os.Getenv("LIAISON_PROOF_LONG") != "" }
