package notify_test

import (
	"bytes"
	"io"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// received is one mail as the in-process SMTP server got it.
type received struct {
	From string
	To   []string
	Data []byte
}

// mailServer is a real SMTP server (go-smtp) on 127.0.0.1:0. refuse, when
// set, answers RCPT TO with that SMTP error.
type mailServer struct {
	t    testing.TB
	Host string
	Port int

	mu     sync.Mutex
	mails  []received
	refuse *smtp.SMTPError
}

func newMailServer(t testing.TB) *mailServer {
	t.Helper()
	ms := &mailServer{t: t}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{ms: ms}, nil }))
	s.Domain = "mx.test"
	s.AllowInsecureAuth = true
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	ms.Host, ms.Port = "127.0.0.1", ln.Addr().(*net.TCPAddr).Port
	return ms
}

func (ms *mailServer) setRefuse(e *smtp.SMTPError) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.refuse = e
}

func (ms *mailServer) all() []received {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]received(nil), ms.mails...)
}

// waitFor waits until n mails arrived and returns them.
func (ms *mailServer) waitFor(n int, within time.Duration) []received {
	ms.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if m := ms.all(); len(m) >= n {
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
	ms.t.Fatalf("got %d mails, want %d", len(ms.all()), n)
	return nil
}

type session struct {
	ms   *mailServer
	from string
	to   []string
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ms.mu.Lock()
	r := s.ms.refuse
	s.ms.mu.Unlock()
	if r != nil {
		return r
	}
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ms.mu.Lock()
	s.ms.mails = append(s.ms.mails, received{From: s.from, To: s.to, Data: b})
	s.ms.mu.Unlock()
	return nil
}

// silentServer accepts connections and never says a word: a hung server.
func silentServer(t testing.TB) (string, int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
	})
	return "127.0.0.1", ln.Addr().(*net.TCPAddr).Port
}

func parseMail(t testing.TB, b []byte) *mail.Message {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse mail: %v\n%s", err, b)
	}
	return m
}

func itoa(n int) string { return strconv.Itoa(n) }

// closedPort returns a port nothing listens on.
func closedPort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	return p
}
