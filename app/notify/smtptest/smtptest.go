// Package smtptest runs a real SMTP server (go-smtp) on 127.0.0.1 for
// tests, keeping every mail it receives, as net/http/httptest does for HTTP.
package smtptest

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/clock"

	"github.com/emersion/go-smtp"
)

// Mail is one mail as the server received it.
type Mail struct {
	From string
	To   []string
	Data []byte
}

// Server is an SMTP server on 127.0.0.1:Port, closed when the test ends.
type Server struct {
	t    testing.TB
	Host string
	Port int

	mu     sync.Mutex
	mails  []Mail
	refuse *smtp.SMTPError
}

// New starts a server for t.
func New(t testing.TB) *Server {
	t.Helper()
	ms := &Server{t: t}
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

// SetRefuse makes RCPT TO answer e (nil: accept again).
func (ms *Server) SetRefuse(e *smtp.SMTPError) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.refuse = e
}

// All returns every mail received so far, in arrival order.
func (ms *Server) All() []Mail {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]Mail(nil), ms.mails...)
}

// To returns the mails addressed (RCPT TO) to addr, in arrival order.
func (ms *Server) To(addr string) []Mail {
	var out []Mail
	for _, m := range ms.All() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// WaitFor waits until n mails arrived and returns them; the test fails
// after within. Deliveries run on job schedules, so tests poll.
func (ms *Server) WaitFor(n int, within time.Duration) []Mail {
	ms.t.Helper()
	return ms.wait(func() []Mail { return ms.All() }, n, within, "")
}

// WaitTo waits until addr has received n mails and returns them.
func (ms *Server) WaitTo(addr string, n int, within time.Duration) []Mail {
	ms.t.Helper()
	return ms.wait(func() []Mail { return ms.To(addr) }, n, within, addr+" ")
}

func (ms *Server) wait(got func() []Mail, n int, within time.Duration, who string) []Mail {
	ms.t.Helper()
	for sw := clock.StartStopwatch(); sw.Elapsed() < within; {
		if m := got(); len(m) >= n {
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
	ms.t.Fatalf("%sreceived %d mails, want %d", who, len(got()), n)
	return nil
}

type session struct {
	ms   *Server
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
	s.ms.mails = append(s.ms.mails, Mail{From: s.from, To: s.to, Data: b})
	s.ms.mu.Unlock()
	return nil
}
