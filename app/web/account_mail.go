package web

import (
	"context"
	"fmt"
	"strings"

	"liaison/app/account"
	"liaison/app/i18n"
	"liaison/app/notify"
	"liaison/app/workday"
)

// EmailChangedNotice is the account hook (account.Hooks.EmailChanged) that
// tells a user's old address that the account's address changed, through
// the outbox in the change's own transaction: mailed if and only if the
// change commits. The notice names the new address only masked, and says
// what to do if the user did not make the change (issue 14, finding 5b).
func EmailChangedNotice(n *notify.Service, tr *i18n.Translator, baseURL string) func(ctx context.Context, a account.Actor, u account.User, old string) error {
	link := strings.TrimRight(baseURL, "/") + "/me/security"
	return func(ctx context.Context, a account.Actor, u account.User, old string) error {
		if old == "" || !notify.ValidEmail(old) {
			return nil
		}
		lang := i18n.Match(u.Locale, "")
		args := map[string]any{"Name": u.DisplayName, "Username": u.Username, "New": maskEmail(u.Email),
			"When": u.UpdatedAt.In(workday.Shanghai()).Format("2006-01-02 15:04"), "URL": link}
		if u.Email == "" {
			args["New"] = tr.T(lang, "sec.mail.email_removed", nil)
		}
		if a.UserID != u.ID {
			args["By"] = tr.T(lang, "sec.mail.email_by_admin", nil)
		}
		_, err := n.Enqueue(ctx, notify.Mail{Kind: "account_email_changed", DedupeKey: fmt.Sprintf("account.email_changed:%d:%d", u.ID, u.Version),
			To: old, ToName: u.DisplayName, FromName: tr.T(lang, "app.name", nil),
			Subject: tr.T(lang, "sec.mail.email_changed_subject", nil), Text: tr.T(lang, "sec.mail.email_changed_text", args)})
		return err
	}
}

// maskEmail shows enough of an address for its owner to recognise it:
// the first character of the local part and the domain.
func maskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" {
		return "***"
	}
	r := []rune(local)
	return string(r[0]) + "***@" + domain
}
