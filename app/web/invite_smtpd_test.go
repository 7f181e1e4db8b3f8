package web_test

import (
	"bytes"
	"context"
	"net/mail"
	"testing"
	"time"

	"liaison/app/notify/smtptest"

	"liaison/app/config"
	"liaison/app/web/webtest"
)

// smtpSink is the shared test SMTP server, seen as mails per recipient.
type smtpSink struct{ *smtptest.Server }

// sunkMail is one received mail for one recipient, parsed like outboxMail.
type sunkMail struct {
	To  string
	Raw []byte
}

func newSMTPSink(t testing.TB) *smtpSink { return &smtpSink{smtptest.New(t)} }

// to returns the mails received for addr, in arrival order.
func (k *smtpSink) to(addr string) []sunkMail { return sunk(addr, k.To(addr)) }

// waitFor waits until addr has received n mails (River elects a leader
// and relays on its own schedule) and returns them.
func (k *smtpSink) waitFor(addr string, n int) []sunkMail {
	return sunk(addr, k.WaitTo(addr, n, 60*time.Second))
}

func sunk(addr string, ms []smtptest.Mail) []sunkMail {
	out := make([]sunkMail, len(ms))
	for i, m := range ms {
		out[i] = sunkMail{To: addr, Raw: m.Data}
	}
	return out
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
		c.SMTP = config.SMTP{Host: "127.0.0.1", Port: sink.Port, From: "liaison@test.example"}
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
