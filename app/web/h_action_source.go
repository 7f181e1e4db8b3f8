package web

import (
	"context"
	"strconv"

	"liaison/app/account"
	"liaison/app/followup"
)

// actionSource names what created an action item the way the office names
// it: the document by its 文号, the decision by its meeting's title; ids
// appear only in the link. A source the caller may not see is named by its
// kind alone.
func (s *Server) actionSource(ctx context.Context, a account.Actor, it followup.ActionItem) (name, href string) {
	switch it.SourceKind {
	case followup.FromDocument:
		if doc, err := s.Cases.GetDocument(ctx, a, it.SourceID); err == nil {
			return doc.Number, "/documents/" + strconv.FormatInt(doc.ID, 10)
		}
	case followup.FromDecision:
		mid, err := s.Meetings.MeetingOfDecision(ctx, it.SourceID)
		if err == nil && mid != 0 {
			if m, err := s.Meetings.Get(ctx, a, mid); err == nil {
				return m.Title, meetingURL(m.ID, "#minutes")
			}
		}
	}
	return "", ""
}
