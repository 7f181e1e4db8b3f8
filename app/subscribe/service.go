// Package subscribe connects meetings to people's calendars: secret
// subscription feeds (per user and per unit), invite.ics, email invitations
// sent by a reconciler, single-use accept/decline links, and reminders.
//
// It reads meetings, attendees, occurrence overrides and action items through
// its own read-only queries (store_read.go): feeds are polled hard, and one
// or two indexed queries per feed keep them cheap. Changes go through the
// owning services (meeting.Service.RSVP) and mail through notify.
package subscribe

import (
	"context"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/i18n"
	"liaison/app/meeting"
	"liaison/app/notify"
	"liaison/app/settings"
)

// Intervals of the background jobs (River periodic jobs via notify).
const (
	ReconcileEvery = 30 * time.Second
	RemindEvery    = time.Minute
)

// Service is the calendar integration.
type Service struct {
	DB       *db.DB
	store    *store
	Meetings *meeting.Service
	Notify   *notify.Service
	Accounts *account.Service
	Settings *settings.Service
	Tr       *i18n.Translator
	Holidays *followup.Holidays // built-in notices and the years admins entered
	Log      *slog.Logger
	Now      func() time.Time

	baseURL string
	from    string // ORGANIZER of invitations: notify's From address
	lang    string // language of mail and feed names
	replies bool   // the organizer mailbox is read (LIAISON_IMAP_*): invitations may ask for answers by mail

	keyMu sync.Mutex
	key   []byte
	uids  uidRule // uid.go; under keyMu

	cache feedCache
	gz    gzipCache
}

// New returns the service and registers its periodic jobs (the invitation
// reconciler and reminders) with notify's job engine.
func New(cfg config.Config, d *db.DB, meetings *meeting.Service, n *notify.Service, acc *account.Service,
	st *settings.Service, tr *i18n.Translator, log *slog.Logger) (*Service, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	from := cfg.SMTP.From
	if a, err := mail.ParseAddress(from); err == nil {
		from = a.Address
	}
	s := &Service{DB: d, store: newStore(d), Meetings: meetings, Notify: n, Accounts: acc, Settings: st, Tr: tr,
		Holidays: meetings.Actions.Holidays, Log: log, Now: d.Now,
		baseURL: strings.TrimRight(cfg.BaseURL, "/"), from: from, lang: "zh-CN", replies: cfg.IMAP.Configured()}
	s.cache.init(4096, FeedCacheBytes)
	if n != nil {
		if err := n.RegisterPeriodic("subscribe.reconcile", ReconcileEvery, s.runReconcile); err != nil {
			return nil, err
		}
		if err := n.RegisterPeriodic("subscribe.remind", RemindEvery, s.runRemind); err != nil {
			return nil, err
		}
		if err := n.RegisterTask(taskReconcileMeeting, s.runReconcileMeeting); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// signingKey is the instance-wide HMAC key (settings), loaded once.
func (s *Service) signingKey(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.key == nil {
		k, err := s.Settings.SigningKey(ctx)
		if err != nil {
			return nil, err
		}
		s.key = k
	}
	return s.key, nil
}

func (s *Service) runReconcile(ctx context.Context) error {
	_, err := s.Reconcile(ctx)
	return err
}

// taskReconcileMeeting is the job a meeting change enqueues
// (InvitationHook); New registers its handler.
const taskReconcileMeeting = "subscribe.reconcile_meeting"

// InvitationHook is the meetings service's change hook (meeting.ChangeHook):
// it enqueues "reconcile the invitations of this meeting" through n in the
// change's own transaction (ctx), so the job commits with the change and
// mail follows within seconds rather than at the next sweep. It needs only
// the job queue, not the subscription service, so it is made before the
// meetings service that the subscription service itself reads, and the two
// are built in order with nothing set afterwards. Without a job engine
// (n nil) there is no hook, and the sweep (Reconcile) picks changes up.
func InvitationHook(n *notify.Service) meeting.ChangeHook {
	if n == nil {
		return nil
	}
	return invitationHook{n}
}

type invitationHook struct{ n *notify.Service }

func (h invitationHook) MeetingChanged(ctx context.Context, meetingID int64) error {
	_, err := h.n.EnqueueTask(ctx, taskReconcileMeeting, meetingID)
	return err
}

func (s *Service) runReconcileMeeting(ctx context.Context, id int64) error {
	_, err := s.ReconcileMeetings(ctx, []int64{id})
	return err
}

func (s *Service) runRemind(ctx context.Context) error {
	_, err := s.Remind(ctx)
	return err
}

// t translates a message id in the service's language.
func (s *Service) t(id string, args ...any) string {
	var m map[string]any
	if len(args) > 1 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i].(string)] = args[i+1]
		}
	}
	return s.Tr.T(s.lang, id, m)
}

// link makes an absolute address of a path inside Liaison.
func (s *Service) link(path string) string { return s.baseURL + path }

// Bump returns a meeting's SEQUENCE bump (0 when none was ever needed):
// what the meeting's JSON adds to its sequence, as the invitations did.
func (s *Service) Bump(ctx context.Context, meetingID int64) (int, error) {
	return s.store.Bump(ctx, meetingID)
}
