package web

import (
	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/meeting"
)

// warningView is a conflict in words, with the clashing meetings named.
type warningView struct {
	Text     string
	Meetings []meeting.Clash
}

// warningViews words the domain's conflict warnings in the user's
// language, naming the person or room (two small lookups).
func (s *Server) warningViews(c echo.Context, ws []meeting.Warning) []warningView {
	ctx := c.Request().Context()
	lang := langOf(c)
	var uids []int64
	for _, w := range ws {
		if w.UserID != nil {
			uids = append(uids, *w.UserID)
		}
	}
	users := map[int64]account.User{}
	if len(uids) > 0 {
		users, _ = s.Accounts.UsersByIDs(ctx, uids)
	}
	out := make([]warningView, 0, len(ws))
	for _, w := range ws {
		var text string
		switch w.Code {
		case meeting.WarnAttendee:
			name := ""
			if w.UserID != nil {
				name = users[*w.UserID].DisplayName
			}
			text = s.Tr.T(lang, "mui.warn.attendee", map[string]any{"Name": name})
		case meeting.WarnRoom:
			name := ""
			if w.RoomID != nil {
				if r, err := s.Meetings.Room(ctx, *w.RoomID); err == nil {
					name = r.Name
				}
			}
			text = s.Tr.T(lang, "mui.warn.room", map[string]any{"Name": name})
		case meeting.WarnHoliday:
			text = s.Tr.T(lang, "mui.warn.holiday", map[string]any{"Date": w.Date, "Holiday": w.Holiday})
		case meeting.WarnWeekend:
			text = s.Tr.T(lang, "mui.warn.weekend", map[string]any{"Date": w.Date})
		default:
			text = s.Tr.T(lang, w.Code, nil)
		}
		out = append(out, warningView{Text: text, Meetings: w.Meetings})
	}
	return out
}
