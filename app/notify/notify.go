// Package notify delivers what Liaison tells people: email (iCalendar
// invitations and reminders) through a transactional outbox, in-app
// notifications, and periodic background work, on the River job engine.
//
// Why an outbox. A mail must go out if and only if the change that causes it
// commits. Callers run inside db.WithTx with a GORM transaction in ctx; River
// can insert in a caller's transaction only with its own driver's tx type
// (pgx.Tx for riverpgxv5, *sql.Tx for riversqlite), and GORM's PostgreSQL
// transaction is a database/sql one. So Enqueue writes one outbox row in the
// caller's transaction with plain SQL, on both databases, and that row is the
// source of truth. River then delivers it: a periodic "relay" job (run once
// across instances by River's elected leader) turns due rows into one
// "deliver" job each, which River spreads over every instance's workers.
//
// Exactly-once, as far as SMTP allows. River runs a job at least once, so a
// worker first claims the row (UPDATE ... SET status='sending' WHERE id=? AND
// status IN ('queued','failed') AND next_attempt_at <= now: one winner),
// checks the sent-log, sends, and marks the row sent together with its
// sent-log row in one transaction. A worker killed between the SMTP server's
// "250 OK" and that commit leaves a 'sending' row; it is retried only after
// Options.StaleAfter, which is far longer than any send may take (every SMTP
// conversation has a hard deadline of Options.SMTPTimeout). In that rare case
// the recipient's server gets the mail twice, with the same Message-ID
// (derived from the dedupe key), which mail servers and clients use to drop
// the copy. Nothing else can send a mail twice.
//
// Unit channels (channel.go) ride the same outbox: a row per message and
// configured channel (a unit's 企业微信/政务微信 group robot or signed JSON
// webhook), written by SendToUnits in the caller's transaction. Their
// worker first wins the channel's window (one message per channel per
// minute, across instances), then claims every due row of that channel and
// posts them as one message; the sent-log and StaleAfter work as for mail,
// and a message's id (its dedupe key) lets a receiver drop the rare copy.
package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/i18n"
)

// Options tune the worker; zero values take the defaults.
type Options struct {
	PollInterval time.Duration                   // how often due mail is handed to workers (2s)
	StaleAfter   time.Duration                   // a 'sending' row older than this was abandoned (10m)
	SMTPTimeout  time.Duration                   // hard deadline of one SMTP conversation (2m)
	MaxAttempts  int                             // automatic attempts before giving up (8)
	Workers      int                             // concurrent deliveries per instance (4)
	Backoff      func(attempt int) time.Duration // wait after the attempt-th failure (30s doubling, at most 2h)
	Now          func() time.Time

	ChannelWindow  time.Duration // one batched message per channel per window (1m)
	ChannelTimeout time.Duration // hard deadline of one webhook POST (15s)
}

func (o *Options) defaults() {
	if o.PollInterval <= 0 {
		o.PollInterval = 2 * time.Second
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = 10 * time.Minute
	}
	if o.SMTPTimeout <= 0 {
		o.SMTPTimeout = 2 * time.Minute
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.ChannelWindow <= 0 {
		o.ChannelWindow = time.Minute
	}
	if o.ChannelTimeout <= 0 {
		o.ChannelTimeout = 15 * time.Second
	}
	if o.Backoff == nil {
		o.Backoff = func(n int) time.Duration {
			d := 30 * time.Second << min(max(n-1, 0), 8)
			return min(d, 2*time.Hour)
		}
	}
}

// Service records mail and notifications and runs the background worker.
type Service struct {
	db     *db.DB
	st     store
	acc    *account.Service
	smtp   config.SMTP
	from   string // envelope and header From address
	host   string // Message-ID domain, from Config.BaseURL
	log    *slog.Logger
	opts   Options
	base   string // Config.BaseURL without a trailing slash, for links in mail and channels
	worker string // this instance's claim id
	// Tr renders event messages in each person's language; set by the
	// wiring (without it, message ids stand in).
	Tr *i18n.Translator
	// ReadRetention is how long a read notification is kept.
	ReadRetention time.Duration
	web           *http.Client

	sealOnce sync.Once // the channel sealer, derived from the signing key on first use
	sealer   channelSealer
	sealErr  error

	mu       sync.Mutex
	periodic map[string]periodicJob
	tasks    map[string]func(context.Context, int64) error
	eng      *engine
}

// New returns the service; the worker starts with Start.
func New(cfg config.Config, d *db.DB, acc *account.Service, tr *i18n.Translator, log *slog.Logger) *Service {
	return NewWith(cfg, d, acc, tr, log, Options{})
}

// NewWith is New with tuned Options (tests use short intervals).
func NewWith(cfg config.Config, d *db.DB, acc *account.Service, tr *i18n.Translator, log *slog.Logger, o Options) *Service {
	o.defaults()
	if o.Now == nil {
		o.Now = d.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	host := "localhost"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	from := cfg.SMTP.From
	if a, err := mail.ParseAddress(from); err == nil {
		from = a.Address
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	hn, _ := os.Hostname()
	return &Service{Tr: tr, db: d, st: store{d}, acc: acc, smtp: cfg.SMTP, from: from, host: host, log: log, opts: o,
		base: strings.TrimRight(cfg.BaseURL, "/"), ReadRetention: cfg.NotificationRetention, web: newWebClient(o.ChannelTimeout),
		worker: hn + "-" + hex.EncodeToString(b), periodic: map[string]periodicJob{},
		tasks: map[string]func(context.Context, int64) error{}}
}

// SMTPConfigured reports whether mail is sent or only recorded.
func (s *Service) SMTPConfigured() bool { return s.smtp.Host != "" }

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

// Enqueue records m in the outbox inside the transaction carried by ctx (or
// on its own when there is none), so the mail exists if and only if the
// caller's change commits. The same DedupeKey is recorded once: a second
// call returns false and changes nothing. With no SMTP server configured the
// row is stored as not_sent and shown to admins. Bad input (an address that
// is not an email, a calendar whose ORGANIZER is not the sender) is a 422.
func (s *Service) Enqueue(ctx context.Context, m Mail) (bool, error) {
	if err := m.Validate(s.from); err != nil {
		return false, err
	}
	now := s.now()
	o := &Outbox{Kind: m.Kind, Channel: ChannelMail, DedupeKey: m.DedupeKey, Recipient: m.To, Subject: m.Subject, Status: Queued, Link: m.Link,
		MessageID: messageID(m.DedupeKey, s.host), CreatedAt: now, NextAttemptAt: &now}
	if m.MeetingID > 0 {
		id, seq := m.MeetingID, m.Sequence
		o.MeetingID, o.Sequence = &id, &seq
	}
	if !s.SMTPConfigured() {
		o.Status, o.NextAttemptAt = NotSent, nil
		o.LastError = "SMTP is not configured (LIAISON_SMTP_HOST)"
	}
	env := envelope{From: mail.Address{Name: m.FromName, Address: s.from}, Host: s.host, Date: now, MessageID: o.MessageID}
	o.Message = buildMessage(m, calendarMethod(m.ICS), env)
	return s.st.insertOutbox(ctx, o)
}
