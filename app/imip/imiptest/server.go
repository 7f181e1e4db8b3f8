// Package imiptest runs a real IMAP server in the test process: go-imap
// v1's own server over its in-memory backend, on a loopback port, so the
// reply reader is tested over the wire as it runs against a mail server.
package imiptest

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/backend"
	"github.com/emersion/go-imap/backend/memory"
	"github.com/emersion/go-imap/client"
	"github.com/emersion/go-imap/server"

	"liaison/app/imip"
)

// The in-memory backend's one account.
const (
	Username = "username"
	Password = "password"
)

// Server is a running IMAP server.
type Server struct {
	Addr string
	t    testing.TB
}

// Start runs a server until the test ends. The memory backend's INBOX
// starts with one ordinary mail (not a reply).
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(&locked{be: memory.New()})
	srv.AllowInsecureAuth = true // loopback only
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &Server{Addr: ln.Addr().String(), t: t}
}

// Config is the LIAISON_IMAP_* settings that reach this server.
func (s *Server) Config() imip.Mailbox {
	return imip.Mailbox{Addr: s.Addr, Username: Username, Password: Password, TLS: "none",
		Inbox: "INBOX", Processed: "Liaison-Processed", Poll: time.Minute}
}

func (s *Server) dial() *client.Client {
	s.t.Helper()
	c, err := client.Dial(s.Addr)
	if err != nil {
		s.t.Fatal(err)
	}
	if err := c.Login(Username, Password); err != nil {
		s.t.Fatal(err)
	}
	return c
}

// Deliver appends a raw message to the inbox, as the mail server does when
// a reply arrives.
func (s *Server) Deliver(raw []byte) {
	s.t.Helper()
	c := s.dial()
	defer func() { _ = c.Logout() }()
	if err := c.Append("INBOX", nil, time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC), literal(raw)); err != nil {
		s.t.Fatal(err)
	}
}

// Count returns how many messages a folder holds (0 when it does not exist).
func (s *Server) Count(folder string) int {
	s.t.Helper()
	c := s.dial()
	defer func() { _ = c.Logout() }()
	st, err := c.Select(folder, true)
	if err != nil {
		return 0
	}
	return int(st.Messages)
}

type bytesLiteral struct {
	b   []byte
	pos int
}

func literal(b []byte) imap.Literal { return &bytesLiteral{b: b} }

func (l *bytesLiteral) Len() int { return len(l.b) }
func (l *bytesLiteral) Read(p []byte) (int, error) {
	if l.pos >= len(l.b) {
		return 0, io.EOF
	}
	n := copy(p, l.b[l.pos:])
	l.pos += n
	return n, nil
}

// locked serialises every call into the memory backend, which keeps its
// mailboxes in plain maps and slices; two Liaison instances polling at
// once would otherwise race on them. It also gives the backend MOVE
// (which the server announces), done as one step under the lock.
type locked struct {
	mu sync.Mutex
	be backend.Backend
}

func (l *locked) Login(ci *imap.ConnInfo, user, pass string) (backend.User, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	u, err := l.be.Login(ci, user, pass)
	if err != nil {
		return nil, err
	}
	return &lockedUser{u: u, mu: &l.mu}, nil
}

type lockedUser struct {
	u  backend.User
	mu *sync.Mutex
}

func (u *lockedUser) Username() string { return u.u.Username() }
func (u *lockedUser) ListMailboxes(sub bool) ([]backend.Mailbox, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	list, err := u.u.ListMailboxes(sub)
	out := make([]backend.Mailbox, len(list))
	for i, m := range list {
		out[i] = &lockedMailbox{m: m, u: u}
	}
	return out, err
}
func (u *lockedUser) GetMailbox(name string) (backend.Mailbox, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	m, err := u.u.GetMailbox(name)
	if err != nil {
		return nil, err
	}
	return &lockedMailbox{m: m, u: u}, nil
}
func (u *lockedUser) CreateMailbox(name string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.u.CreateMailbox(name)
}
func (u *lockedUser) DeleteMailbox(name string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.u.DeleteMailbox(name)
}
func (u *lockedUser) RenameMailbox(a, b string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.u.RenameMailbox(a, b)
}
func (u *lockedUser) Logout() error { return nil }

type lockedMailbox struct {
	m backend.Mailbox
	u *lockedUser
}

func (m *lockedMailbox) lock() func() { m.u.mu.Lock(); return m.u.mu.Unlock }

func (m *lockedMailbox) Name() string { return m.m.Name() }
func (m *lockedMailbox) Info() (*imap.MailboxInfo, error) {
	defer m.lock()()
	return m.m.Info()
}
func (m *lockedMailbox) Status(items []imap.StatusItem) (*imap.MailboxStatus, error) {
	defer m.lock()()
	return m.m.Status(items)
}
func (m *lockedMailbox) SetSubscribed(s bool) error {
	defer m.lock()()
	return m.m.SetSubscribed(s)
}
func (m *lockedMailbox) Check() error { return nil }
func (m *lockedMailbox) ListMessages(uid bool, set *imap.SeqSet, items []imap.FetchItem, ch chan<- *imap.Message) error {
	// The server drains ch while we hold the lock; it never calls back in.
	defer m.lock()()
	return m.m.ListMessages(uid, set, items, ch)
}
func (m *lockedMailbox) SearchMessages(uid bool, c *imap.SearchCriteria) ([]uint32, error) {
	defer m.lock()()
	return m.m.SearchMessages(uid, c)
}
func (m *lockedMailbox) CreateMessage(flags []string, date time.Time, body imap.Literal) error {
	defer m.lock()()
	return m.m.CreateMessage(flags, date, body)
}
func (m *lockedMailbox) UpdateMessagesFlags(uid bool, set *imap.SeqSet, op imap.FlagsOp, flags []string) error {
	defer m.lock()()
	return m.m.UpdateMessagesFlags(uid, set, op, flags)
}
func (m *lockedMailbox) CopyMessages(uid bool, set *imap.SeqSet, dest string) error {
	defer m.lock()()
	return m.m.CopyMessages(uid, set, dest)
}
func (m *lockedMailbox) Expunge() error {
	defer m.lock()()
	return m.m.Expunge()
}

// MoveMessages copies, flags \Deleted and expunges in one locked step.
func (m *lockedMailbox) MoveMessages(uid bool, set *imap.SeqSet, dest string) error {
	defer m.lock()()
	if err := m.m.CopyMessages(uid, set, dest); err != nil {
		return err
	}
	if err := m.m.UpdateMessagesFlags(uid, set, imap.AddFlags, []string{imap.DeletedFlag}); err != nil {
		return err
	}
	return m.m.Expunge()
}
