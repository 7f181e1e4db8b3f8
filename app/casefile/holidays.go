package casefile

import (
	"context"

	"liaison/app/account"
	"liaison/app/workday"
)

// PutHolidayYear enters or replaces one year's holiday schedule (admins)
// and, in the same transaction, recounts the provisional deadlines it
// settles; it returns how many changed.
func (s *Service) PutHolidayYear(ctx context.Context, a account.Actor, y workday.Year) (int, error) {
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Actions.Holidays.Put(ctx, a, y); err != nil {
			return err
		}
		var err error
		n, err = s.RecountProvisional(ctx, a)
		return err
	})
	return n, err
}
