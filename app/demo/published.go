package demo

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/scoreboard"
)

// PublishedMonths is how many past months the demo district has published.
const PublishedMonths = 6

// Publisher is the demo user who publishes the monthly scoreboard: the
// rule-of-law office's secretary, as the leading group's office does.
const Publisher = "wang.fang"

// PublishPastMonths publishes (晒绩) the n months before the current one,
// oldest first, as the office would have done each month, so a leader's
// first look at the dashboard and the year's scoreboard shows a trend
// rather than an empty chart. A month already published is left alone.
func PublishPastMonths(ctx context.Context, acc *account.Service, sb *scoreboard.Service, n int) error {
	u, err := acc.Store.UserByUsername(ctx, Publisher)
	if err != nil {
		return err
	}
	unit, err := acc.Store.Unit(ctx, u.UnitID)
	if err != nil {
		return err
	}
	a := account.ActorFor(u, unit.Kind)
	m := sb.CurrentMonth()
	for range n {
		m = m.Prev()
	}
	for range n {
		if _, err := sb.Publish(ctx, a, m); err != nil && apperr.KindOf(err) != apperr.Conflict {
			return fmt.Errorf("demo: publish %s: %w", m, err)
		}
		m = m.Next()
	}
	return nil
}
