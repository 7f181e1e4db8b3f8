// Package wire is the composition root: the one place every service is
// built, in dependency order, each once, from the configuration and the
// database. The binary (app/cmd/liaison) and the tests (webtest) call
// Build, so the tests run the application exactly as it is wired in
// production.
//
// Constructors take their dependencies and return errors, and nothing is
// set on a service after it is built. Three links look like cycles and are
// broken by building in order:
//   - meetings tell the subscription area of changes that invitations
//     follow, and that area reads meetings. The hook needs only the job
//     queue (subscribe.InvitationHook(notify)), so it is made before the
//     meetings service and handed to its constructor; the subscription
//     service is built after it.
//   - a case page lists the meetings that took the case up, and meetings
//     link cases. The register knows nothing of meetings: the web handlers
//     of the case page and JSON ask meetings (CaseLinks) and compose.
//   - a user's change is followed in areas built on accounts (feeds end on
//     deactivation, the old address is told of a new one). Those follow-ups
//     live in account.Users, the user editor, made last from the account
//     service and the hooks; the account service itself has none.
package wire

import (
	"context"
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
	// st: the approval rules of drafts; the hook enqueues invitation jobs in
	// the meeting's own transaction.
	meetings, err := meeting.NewService(d, acc, cases, actions, n, st, subscribe.InvitationHook(n))
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
	// What follows a user's change in other areas (package doc).
	users := account.NewUsers(acc, account.Hooks{
		Deactivated:  []func(ctx context.Context, a account.Actor, before, after account.User) error{sub.UserDeactivated},
		EmailChanged: []func(ctx context.Context, a account.Actor, u account.User, old string) error{web.EmailChangedNotice(n, tr, cfg.BaseURL)},
	})
	return web.Deps{
		Config:     cfg,
		DB:         d,
		Log:        log,
		Tr:         tr,
		Settings:   st,
		Accounts:   acc,
		Users:      users,
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
