package imip

import (
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
)

// maxMessage bounds a message we read; replies are small, and a huge mail
// in the organizer's inbox is not one.
const maxMessage = 2 << 20

// commandTimeout bounds every IMAP command, so a stuck server cannot hold
// the job past River's own timeout.
const commandTimeout = 30 * time.Second

// mailbox is one IMAP session on the organizer mailbox.
type mailbox struct {
	c           *client.Client
	folder      string
	uidValidity uint32
}

// mailMessage is one message of the folder.
type mailMessage struct {
	UID       uint32
	MessageID string
	Raw       []byte // nil until fetched
}

// dial connects, signs in and selects the inbox folder.
func dial(cfg Mailbox) (*mailbox, error) {
	host, _, _ := net.SplitHostPort(cfg.Addr)
	d := &net.Dialer{Timeout: commandTimeout}
	var (
		c   *client.Client
		err error
	)
	switch cfg.TLS {
	case "tls":
		c, err = client.DialWithDialerTLS(d, cfg.Addr, &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12})
	default:
		c, err = client.DialWithDialer(d, cfg.Addr)
		if err == nil && cfg.TLS == "starttls" {
			err = c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12})
		}
	}
	if err != nil {
		if c != nil {
			_ = c.Logout()
		}
		return nil, fmt.Errorf("imap: connect %s: %w", cfg.Addr, err)
	}
	c.Timeout = commandTimeout
	c.ErrorLog = log.New(io.Discard, "", 0) // failures come back as errors
	if err := c.Login(cfg.Username, cfg.Password); err != nil {
		_ = c.Logout()
		return nil, fmt.Errorf("imap: sign in as %s: %w", cfg.Username, err)
	}
	st, err := c.Select(cfg.Inbox, false)
	if err != nil {
		_ = c.Logout()
		return nil, fmt.Errorf("imap: open folder %s: %w", cfg.Inbox, err)
	}
	return &mailbox{c: c, folder: cfg.Inbox, uidValidity: st.UidValidity}, nil
}

func (m *mailbox) close() { _ = m.c.Logout() }

// list returns every message of the folder with its Message-ID, oldest
// first; processed replies leave the folder, so it stays small.
func (m *mailbox) list() ([]mailMessage, error) {
	uids, err := m.c.UidSearch(imap.NewSearchCriteria())
	if err != nil || len(uids) == 0 {
		return nil, err
	}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	ch := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() { done <- m.c.UidFetch(set, []imap.FetchItem{imap.FetchUid, imap.FetchEnvelope}, ch) }()
	var out []mailMessage
	for msg := range ch {
		mm := mailMessage{UID: msg.Uid}
		if msg.Envelope != nil {
			mm.MessageID = strings.Trim(strings.TrimSpace(msg.Envelope.MessageId), "<>")
		}
		out = append(out, mm)
	}
	return out, <-done
}

// fetch reads the whole messages (BODY.PEEK[], so nothing is marked read:
// a message Liaison leaves in place still looks new to a person).
func (m *mailbox) fetch(uids []uint32) (map[uint32][]byte, error) {
	out := map[uint32][]byte{}
	if len(uids) == 0 {
		return out, nil
	}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	section := &imap.BodySectionName{Peek: true}
	ch := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() { done <- m.c.UidFetch(set, []imap.FetchItem{imap.FetchUid, section.FetchItem()}, ch) }()
	for msg := range ch {
		if body := msg.GetBody(section); body != nil {
			b, err := io.ReadAll(io.LimitReader(body, maxMessage))
			if err == nil {
				out[msg.Uid] = b
			}
		}
	}
	return out, <-done
}

// move moves messages to the processed folder, creating it the first time.
// Without the MOVE extension the client copies, flags \Deleted and
// expunges.
func (m *mailbox) move(uids []uint32, dest string) error {
	if len(uids) == 0 {
		return nil
	}
	if err := m.ensure(dest); err != nil {
		return err
	}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	if err := m.c.UidMove(set, dest); err != nil {
		return fmt.Errorf("imap: move to %s: %w", dest, err)
	}
	return nil
}

func (m *mailbox) ensure(folder string) error {
	if ok, err := m.exists(folder); ok || err != nil {
		return err
	}
	if err := m.c.Create(folder); err != nil {
		// Another instance may have created it a moment ago.
		if ok, _ := m.exists(folder); ok {
			return nil
		}
		return fmt.Errorf("imap: create %s: %w", folder, err)
	}
	return nil
}

func (m *mailbox) exists(folder string) (bool, error) {
	ch := make(chan *imap.MailboxInfo, 4)
	done := make(chan error, 1)
	go func() { done <- m.c.List("", folder, ch) }()
	found := false
	for range ch {
		found = true
	}
	if err := <-done; err != nil {
		return false, fmt.Errorf("imap: list %s: %w", folder, err)
	}
	return found, nil
}
