package meeting

import (
	"context"
	"time"

	"liaison/app/account"
	"liaison/app/page"
)

// CaseLink is a meeting as a case's page lists it: what it was, when, and
// where it stands. The title is the register entry of a sensitive or
// classified meeting (its neutral title), so it may be shown to whoever may
// see the meeting.
type CaseLink struct {
	ID     int64     `json:"id"`
	Title  string    `json:"title"`
	Kind   Kind      `json:"kind"`
	Status Status    `json:"status"`
	Start  time.Time `json:"start"`
}

// caseLinkLimit bounds the meetings a case lists; a case is studied at a
// handful of meetings, and the meeting list filters by case for more.
const caseLinkLimit = 50

// CaseLinks lists the meetings the actor may see that study case caseID, put
// it on their agenda or ask for action on it in their minutes, oldest
// first. The case page and the case JSON list them beside the register's
// own links (casefile.CaseDetail).
func (s *Service) CaseLinks(ctx context.Context, a account.Actor, caseID int64) ([]CaseLink, error) {
	p, err := s.List(ctx, a, Filter{CaseID: caseID, Page: page.Request{Limit: caseLinkLimit}})
	if err != nil {
		return nil, err
	}
	out := make([]CaseLink, 0, len(p.Items))
	for _, m := range p.Items {
		out = append(out, CaseLink{ID: m.ID, Title: m.Title, Kind: m.Kind, Status: m.Status, Start: m.Start})
	}
	return out, nil
}
