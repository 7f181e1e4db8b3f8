package casefile

import (
	"context"

	"liaison/app/account"
)

// CheckVisible answers an Invalid error with field → case.unknown unless
// every id names a case the actor may see. Other domains (meetings: the
// cases a meeting, an agenda item or a requested action links) call it
// before linking, so that a link can neither reveal a hidden case's
// register entry nor tell a hidden case from one that does not exist.
func (s *Service) CheckVisible(ctx context.Context, a account.Actor, field string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.checkVisible(ctx, a, field, ids)
}

// RespondentUnits returns the respondent organ of each of the given cases
// (unknown ids are left out). Meetings ask it to keep the organ under
// supervision out of the internal consultation on its own case.
func (s *Service) RespondentUnits(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	m, err := s.store.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, c := range m {
		out[id] = c.RespondentUnitID
	}
	return out, nil
}
