package web_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"liaison/app/config"
	"liaison/app/web/webtest"
)

// smtpSink is a real SMTP server (go-smtp) on 127.0.0.1 that keeps every
// mail it receives.
type smtpSink struct {
	t     testing.TB
	port  int
	mu    sync.Mutex
	mails []sunkMail
}

// sunkMail is one received mail, parsed like outboxMail.
type sunkMail struct {
	To  string
	Raw []byte
}

func newSMTPSink(t testing.TB) *smtpSink {
	t.Helper()
	k := &smtpSink{t: t}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{k: k}, nil }))
	s.Domain = "mx.test"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	k.port = ln.Addr().(*net.TCPAddr).Port
	return k
}

// to returns the mails received for addr, in arrival order.
func (k *smtpSink) to(addr string) []sunkMail {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []sunkMail
	for _, m := range k.mails {
		if strings.EqualFold(m.To, addr) {
			out = append(out, m)
		}
	}
	return out
}

// waitFor polls until addr has received n mails (deadline: River elects
// a leader and relays on its own schedule) and returns them.
func (k *smtpSink) waitFor(addr string, n int) []sunkMail {
	k.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if got := k.to(addr); len(got) >= n {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
	k.t.Fatalf("%s received %d mails, want %d", addr, len(k.to(addr)), n)
	return nil
}

type sinkSession struct {
	k  *smtpSink
	to []string
}

func (s *sinkSession) Reset()                               { s.to = nil }
func (s *sinkSession) Logout() error                        { return nil }
func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	for _, to := range s.to {
		s.k.mails = append(s.k.mails, sunkMail{To: to, Raw: b})
	}
	return nil
}

// parse decodes a received mail into its text and calendar parts.
func (m sunkMail) parse(t *testing.T) outboxMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		t.Fatalf("received mail: %v", err)
	}
	out := outboxMail{Recipient: m.To}
	walkMIME(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &out)
	return out
}

// withJobs starts an application that sends mail to sink and runs the job
// engine (River), as a production instance does.
func withJobs(t *testing.T, sink *smtpSink) *webtest.Env {
	t.Helper()
	e := webtest.NewWith(t, func(c *config.Config) {
		c.SMTP = config.SMTP{Host: "127.0.0.1", Port: sink.port, From: "liaison@test.example"}
	})
	if err := e.Deps.Notify.Start(context.Background()); err != nil {
		t.Fatalf("start jobs: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := e.Deps.Notify.Stop(ctx); err != nil {
			t.Errorf("stop jobs: %v", err)
		}
	})
	return e
}
