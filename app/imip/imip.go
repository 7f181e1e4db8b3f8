// Package imip reads the organizer mailbox over IMAP and applies the
// answers mail clients send to Liaison's invitations (iMIP REPLY, RFC 6047
// over iTIP, RFC 5546): accepted, declined, tentative, or delegated to a
// colleague. Each answer goes through meeting.Service.RSVP as the attendee,
// exactly as if they had answered on the RSVP page, so it is checked and
// audited the same way. A message is claimed in imip_messages before it is
// applied, so any number of instances apply it once; an applied message is
// moved to the processed folder, anything else stays in the inbox and is
// listed for administrators with the reason.
package imip

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"liaison/app/account"
	"liaison/app/db"
	"liaison/app/meeting"
	"liaison/app/notify"
	"liaison/app/workday"
)

// batch is how many new messages one pass reads; the next pass takes the
// rest, so a flooded inbox cannot hold the job for long.
const batch = 50

var shanghai = workday.Shanghai()

// Mailbox is where replies are read: the LIAISON_IMAP_* settings, handed
// over by the wiring (the fields are config.IMAP's, in its order, so the
// wiring converts one into the other).
type Mailbox struct {
	Addr      string
	Username  string
	Password  string
	TLS       string // tls (implicit, 993), starttls, or none (loopback only)
	Inbox     string // the folder replies arrive in
	Processed string // where applied replies are moved
	Poll      time.Duration
}

// Configured reports whether replies are read from a mailbox.
func (m Mailbox) Configured() bool { return m.Addr != "" }

// Service reads replies. A nil *Service (no mailbox configured) does
// nothing and reports Configured false.
type Service struct {
	cfg      Mailbox
	db       *db.DB
	store    *store
	meetings *meeting.Service
	accounts *account.Service
	log      *slog.Logger
}

// New returns the service and, when a mailbox is configured, registers the
// poll as a River periodic job with notify (once across instances). With
// no mailbox it returns nil.
func New(cfg Mailbox, d *db.DB, meetings *meeting.Service, acc *account.Service, n *notify.Service, log *slog.Logger) (*Service, error) {
	if !cfg.Configured() {
		return nil, nil
	}
	s := NewService(cfg, d, meetings, acc, log)
	if n != nil {
		if err := n.RegisterPeriodic("imip.poll", cfg.Poll, func(ctx context.Context) error {
			_, err := s.Poll(ctx)
			return err
		}); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// NewService returns a service that polls only when asked (tests run two
// of them on one database to prove a message is applied once).
func NewService(cfg Mailbox, d *db.DB, meetings *meeting.Service, acc *account.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{cfg: cfg, db: d, store: &store{db: d}, meetings: meetings, accounts: acc, log: log}
}

// Configured reports whether replies are read from a mailbox.
func (s *Service) Configured() bool { return s != nil }

// Stats counts what one pass did.
type Stats struct {
	Seen, Applied, Refused, Unmatched, Moved int
}

// Poll reads the inbox once: new messages are claimed and applied or
// recorded; applied ones (including those applied earlier whose move
// failed, or that another instance applied) are moved to the processed
// folder.
func (s *Service) Poll(ctx context.Context) (Stats, error) {
	var st Stats
	if s == nil {
		return st, nil
	}
	mb, err := dial(s.cfg)
	if err != nil {
		return st, err
	}
	defer mb.close()
	msgs, err := mb.list()
	if err != nil {
		return st, fmt.Errorf("imap: list %s: %w", s.cfg.Inbox, err)
	}
	st.Seen = len(msgs)
	keys := make([]string, len(msgs))
	for i, m := range msgs {
		keys[i] = s.claimKey(mb, m)
	}
	known, err := s.store.Outcomes(ctx, keys)
	if err != nil {
		return st, err
	}
	var toMove, fresh []uint32
	for i, m := range msgs {
		switch o, ok := known[keys[i]]; {
		case ok && o == Applied:
			toMove = append(toMove, m.UID)
		case !ok && len(fresh) < batch:
			fresh = append(fresh, m.UID)
		}
	}
	raws, err := mb.fetch(fresh)
	if err != nil {
		return st, fmt.Errorf("imap: fetch: %w", err)
	}
	for i, m := range msgs {
		raw, ok := raws[m.UID]
		if !ok {
			continue
		}
		outcome, err := s.handle(ctx, mb, keys[i], m.UID, raw)
		if err != nil {
			return st, err
		}
		switch outcome {
		case Applied:
			st.Applied++
			toMove = append(toMove, m.UID)
		case Refused:
			st.Refused++
		case Unmatched:
			st.Unmatched++
		}
	}
	if err := mb.move(toMove, s.cfg.Processed); err != nil {
		// Applied already; the next pass finds them applied and moves them.
		s.log.Warn("imip: moving applied replies failed", "err", err, "count", len(toMove))
		return st, nil
	}
	st.Moved = len(toMove)
	return st, nil
}

// claimKey names a message across instances and passes: its Message-ID,
// or without one where it sits.
func (s *Service) claimKey(mb *mailbox, m mailMessage) string {
	if m.MessageID != "" {
		return "mid:" + m.MessageID
	}
	return fmt.Sprintf("uid:%s:%d:%d", mb.folder, mb.uidValidity, m.UID)
}

// Recent returns what administrators are shown: the newest refused and
// unmatched messages, and the newest applied ones.
func (s *Service) Recent(ctx context.Context, limit int) (pending, applied []Listed, err error) {
	if s == nil {
		return nil, nil, nil
	}
	if pending, err = s.store.List(ctx, []string{Refused, Unmatched}, limit); err != nil {
		return nil, nil, err
	}
	applied, err = s.store.List(ctx, []string{Applied}, limit)
	return pending, applied, err
}

func (s *Service) now() time.Time { return s.db.Now() }
