package web

import (
	"github.com/labstack/echo/v4"

	"liaison/app/followup"
	"liaison/app/meeting"
)

// meetingActionRow is one 督办事项 a meeting's confirmed minutes created,
// with where it stands now (the meeting page's 督办事项 section).
type meetingActionRow struct {
	meeting.ActionRef
	Status followup.Status
}

// minutesActions lists the action items confirmed minutes created, in one
// query over the minutes' decisions, with their current status.
func (s *Server) minutesActions(c echo.Context, mi *meeting.Minutes) ([]meetingActionRow, error) {
	if mi == nil || mi.Status != meeting.MinutesConfirmed || len(mi.Decisions) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(mi.Decisions))
	for i, d := range mi.Decisions {
		ids[i] = d.ID
	}
	items, err := s.Actions.BySource(c.Request().Context(), followup.FromDecision, ids)
	if err != nil {
		return nil, err
	}
	out := make([]meetingActionRow, len(items))
	for i, it := range items {
		out[i] = meetingActionRow{ActionRef: meeting.ActionRef{ID: it.ID, DecisionID: it.SourceID, Title: it.Title, ResponsibleUnitID: it.ResponsibleUnitID, DueOn: it.DueOn},
			Status: it.Status}
	}
	return out, nil
}
