package scoreboard

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/apperr"
)

// PublishPast publishes (晒绩) the n months before the current one, oldest
// first, as the office would have done each month; a month already
// published is left alone. The demo district uses it so that a leader's
// first look at the dashboard shows a trend rather than an empty chart.
func (s *Service) PublishPast(ctx context.Context, a account.Actor, n int) error {
	m := s.CurrentMonth()
	for range n {
		m = m.Prev()
	}
	for range n {
		if _, err := s.Publish(ctx, a, m); err != nil && apperr.KindOf(err) != apperr.Conflict {
			return fmt.Errorf("scoreboard: publish %s: %w", m, err)
		}
		m = m.Next()
	}
	return nil
}
