// Package wire is the composition root: the one place every service is
// built, in dependency order, each once, from the configuration and the
// database. The binary (app/cmd/liaison) and the tests (webtest) call
// Build, so the tests run the application exactly as it is wired in
// production.
//
// Constructors take their dependencies and return errors. Three links are
// cycles by nature and are closed here, right after construction, and
// nowhere else:
//   - meetings tell the subscription area of changes (Hook), which itself
//     reads meetings to render invitations and feeds;
//   - a case lists the meetings that took it up (MeetingLinks), and
//     meetings link cases;
//   - a changed e-mail address is announced through notify, which itself
//     reads accounts.
package wire

import (
	"log/slog"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/i18n"
	"liaison/app/imip"
	"liaison/app/leadgroup"
	"liaison/app/meeting"
	"liaison/app/notify"
	"liaison/app/report"
	"liaison/app/scoreboard"
	"liaison/app/search"
	"liaison/app/settings"
	"liaison/app/subscribe"
	"liaison/app/todo"
	"liaison/app/web"
)

// Build constructs every service over d.
func Build(cfg config.Config, d *db.DB, log *slog.Logger) (web.Deps, error) {
	tr, err := i18n.New()
	if err != nil {
		return web.Deps{}, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	acc := account.NewService(d)
	st := settings.New(d)
	// Events people must act on or know are announced by the services
	// themselves, inside each change's transaction.
	n := notify.New(cfg, d, acc, tr, log)
	board := scoreboard.NewService(d, acc, tr, n)
	// A record dated in a published month corrects that month in the
	// record's own transaction.
	actions := followup.NewService(d, acc, followup.Hooks{Events: n, Dated: board.Correct})
	cases, err := casefile.NewService(d, acc, actions, n)
	if err != nil {
		return web.Deps{}, err
	}
	meetings, err := meeting.NewService(d, acc, cases, actions, n, st) // st: the approval rules of drafts
	if err != nil {
		return web.Deps{}, err
	}
	sub, err := subscribe.New(cfg, d, meetings, n, acc, st, tr, log)
	if err != nil {
		return web.Deps{}, err
	}
	replies, err := imip.New(imip.Mailbox(cfg.IMAP), d, meetings, acc, n, log) // polls the organizer mailbox when configured
	if err != nil {
		return web.Deps{}, err
	}
	// The cycles (package doc).
	meetings.Hook = sub // invitation jobs are enqueued in the meeting's own transaction
	cases.MeetingLinks = meetings.CaseLinks
	acc.Hooks.EmailChanged = append(acc.Hooks.EmailChanged, web.EmailChangedNotice(n, tr, cfg.BaseURL))
	return web.Deps{
		Config:     cfg,
		DB:         d,
		Log:        log,
		Tr:         tr,
		Settings:   st,
		Accounts:   acc,
		Cases:      cases,
		Actions:    actions,
		Meetings:   meetings,
		Scoreboard: board,
		Notify:     n,
		Subscribe:  sub,
		IMIP:       replies,
		Todo:       &todo.Service{Accounts: acc, Meetings: meetings, Cases: cases, Actions: actions, Now: d.Now},
		Reports:    report.NewService(d, acc),
		LeadGroup:  leadgroup.New(d, acc),
		Search:     search.NewService(d, meetings.VisibleIDs, cases.VisibleCaseIDs, cases.VisibleDocumentIDs, actions.VisibleIDs),
	}, nil
}
