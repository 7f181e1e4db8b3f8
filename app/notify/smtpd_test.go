package notify_test

import (
	"bytes"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"

	"liaison/app/notify/smtptest"
)

// mailServer names the shared test SMTP server here.
type mailServer = smtptest.Server

func newMailServer(t testing.TB) *mailServer { return smtptest.New(t) }

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
