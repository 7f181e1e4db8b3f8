package account

import (
	"context"

	"liaison/app/page"
)

// ActiveUnitIDsOfKinds returns the active units of the given kinds, in the
// order of kinds: whom an escalation step or a document's default copy
// reaches. A district has a handful of units of each kind.
func (s *Service) ActiveUnitIDsOfKinds(ctx context.Context, kinds ...UnitKind) ([]int64, error) {
	var ids []int64
	for _, k := range kinds {
		p, err := s.store.ListUnits(ctx, UnitFilter{Kind: k, ActiveOnly: true, Page: page.Request{Limit: page.MaxLimit}})
		if err != nil {
			return nil, err
		}
		for _, u := range p.Items {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}
