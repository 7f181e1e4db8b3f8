package demo

import (
	"context"

	"liaison/app/account"
)

// PublishedMonths is how many past months the demo district has published.
const PublishedMonths = 6

// Publisher is the demo user who publishes the monthly scoreboard: the
// rule-of-law office's secretary, as the leading group's office does.
const Publisher = "wang.fang"

// pastPublisher is the scoreboard service's PublishPast, named here so that
// demo does not import scoreboard (whose tests load the demo district).
type pastPublisher interface {
	PublishPast(ctx context.Context, a account.Actor, n int) error
}

// PublishPastMonths publishes (晒绩) the n months before the current one as
// the demo's publisher, so the dashboard and the year's scoreboard show a
// trend from the first look. Running it again changes nothing.
func PublishPastMonths(ctx context.Context, acc *account.Service, sb pastPublisher, n int) error {
	u, err := acc.UserByUsername(ctx, Publisher)
	if err != nil {
		return err
	}
	unit, err := acc.Unit(ctx, u.UnitID)
	if err != nil {
		return err
	}
	return sb.PublishPast(ctx, account.ActorFor(u, unit.Kind), n)
}
